//! Field projection on Query Packages (`fields`, `fieldsets`): the union of
//! both, `id` always, paths into `productInstances` per instance, whole
//! packages when neither is given or `FULL` is.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod sandbox_support;

use sandbox_support::*;
use serde_json::{json, Value};
use wix_resellers::sandbox::seed::*;

fn packages(answer: &Answer) -> Vec<Value> {
    assert_eq!(answer.status, 200, "{}", answer.json);
    answer.json["packages"].as_array().unwrap().clone()
}

fn keys(value: &Value) -> Vec<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

/// Three packages: two instances each, external IDs `ext-0..2`.
fn fill(client: &mut Client) {
    for n in 0..3 {
        let answer = client.create(json!({
            "externalId": format!("ext-{n}"),
            "products": [plan(LIGHT_PLAN_ID, None), single(BUSINESS_EMAIL_ID, None)],
        }));
        assert_eq!(answer.status, 200, "{}", answer.json);
        client.call(
            "DELETE",
            &format!("/resellers/v1/packages/{}", id_of(answer.package())),
            None,
        );
    }
}

#[test]
fn fields_return_only_those_fields_and_the_id() {
    let mut client = Client::new();
    fill(&mut client);
    let answer =
        client.query(json!({ "fields": ["externalId", "productInstances.status", "nope"] }));
    let found = packages(&answer);
    assert_eq!(found.len(), 3);
    for package in &found {
        assert_eq!(
            keys(package),
            ["externalId", "id", "productInstances"],
            "{package}"
        );
        assert_eq!(
            package["productInstances"],
            json!([{ "status": "CANCELED" }, { "status": "CANCELED" }])
        );
    }
    assert_eq!(found[0]["externalId"], "ext-2", "the order is the query's");
    assert!(
        answer.json["metadata"]["cursors"].is_object(),
        "metadata is whole"
    );
}

#[test]
fn nested_paths_keep_the_objects_around_them() {
    let mut client = Client::new();
    fill(&mut client);
    let found = packages(&client.query(json!({
        "fields": ["productInstances.billingInfo.cycleDuration.unit", "productInstances.failure"]
    })));
    assert_eq!(
        found[0]["productInstances"],
        json!([
            { "billingInfo": { "cycleDuration": { "unit": "MONTH" } } },
            { "billingInfo": { "cycleDuration": { "unit": "YEAR" } } },
        ]),
        "an instance without `failure` has nothing of it"
    );
}

#[test]
fn whole_packages_without_fields_with_full_or_with_empty_lists() {
    let mut client = Client::new();
    fill(&mut client);
    let whole = packages(&client.query(json!({})));
    for query in [
        json!({ "fields": [], "fieldsets": [] }),
        json!({ "fieldsets": ["FULL"] }),
        json!({ "fields": ["id"], "fieldsets": ["FULL"] }),
    ] {
        assert_eq!(packages(&client.query(query.clone())), whole, "{query}");
    }
}

#[test]
fn unknown_names_select_nothing_but_the_id() {
    let mut client = Client::new();
    fill(&mut client);
    for query in [
        json!({ "fields": ["nothing", "productInstances.nothing", "ID"] }),
        json!({ "fieldsets": ["BASIC"] }),
        json!({ "fields": ["id"], "fieldsets": ["id"] }),
    ] {
        for package in packages(&client.query(query.clone())) {
            assert_eq!(keys(&package), ["id"], "{query}");
        }
    }
}

#[test]
fn every_cursor_page_keeps_the_first_pages_projection() {
    let mut client = Client::new();
    fill(&mut client);
    let first = client.query(json!({ "fields": ["createdDate"], "cursorPaging": { "limit": 2 } }));
    assert!(packages(&first)
        .iter()
        .all(|p| keys(p) == ["createdDate", "id"]));
    let next = first.json["metadata"]["cursors"]["next"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = client.query(json!({ "cursorPaging": { "limit": 2, "cursor": next } }));
    let found = packages(&second);
    assert_eq!(found.len(), 1);
    assert_eq!(
        keys(&found[0]),
        ["createdDate", "id"],
        "the cursor carries the projection"
    );
    // Asked again with the cursor, a projection replaces the cursor's.
    let prev = second.json["metadata"]["cursors"]["prev"]
        .as_str()
        .unwrap()
        .to_owned();
    let back = client.query(json!({ "fieldsets": ["FULL"], "cursorPaging": { "cursor": prev } }));
    assert!(packages(&back)
        .iter()
        .all(|p| p.get("productInstances").is_some()));
}

#[test]
fn offset_pages_are_projected_too() {
    let mut client = Client::new();
    fill(&mut client);
    let answer =
        client.query(json!({ "fields": ["accountId"], "paging": { "limit": 2, "offset": 1 } }));
    let found = packages(&answer);
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|p| keys(p) == ["accountId", "id"]));
    assert_eq!(answer.json["metadata"]["total"], 3);
}
