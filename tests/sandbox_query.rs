//! Query Packages: scope, filters, sort, cursor and offset paging.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod sandbox_support;

use sandbox_support::*;
use serde_json::{json, Value};
use std::collections::HashSet;
use wix_resellers::sandbox::seed::*;

fn ids(answer: &Answer) -> Vec<String> {
    answer.json["packages"]
        .as_array()
        .unwrap_or(&vec![])
        .iter()
        .map(id_of)
        .collect()
}

/// Creates `count` floating Light packages with external IDs `ext-<n>`.
fn fill(client: &mut Client, count: usize) -> Vec<String> {
    (0..count)
        .map(|n| {
            let answer = client.create(json!({ "products": [plan(LIGHT_PLAN_ID, None)], "externalId": format!("ext-{n}") }));
            assert_eq!(answer.status, 200);
            id_of(answer.package())
        })
        .collect()
}

#[test]
fn empty_query_returns_newest_first_with_cursor_metadata() {
    let mut client = Client::new();
    let created = fill(&mut client, 3);
    let answer = client.query(json!({}));
    assert_eq!(answer.status, 200);
    assert_eq!(
        ids(&answer),
        created.iter().rev().cloned().collect::<Vec<_>>()
    );
    assert_eq!(
        answer.json["metadata"],
        json!({ "count": 3, "cursors": {}, "hasNext": false })
    );
}

#[test]
fn query_requires_the_query_object() {
    let mut client = Client::new();
    let answer = client.call("POST", "/resellers/v1/packages/query", Some(json!({})));
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "query");
}

#[test]
fn sub_account_header_sees_the_parents_packages() {
    let mut client = Client::new();
    fill(&mut client, 2);
    client.acting_for(SUB_ACCOUNT_ID);
    client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    assert_eq!(ids(&client.query(json!({}))).len(), 3);
    client.acting_for(RESELLER_ACCOUNT_ID);
    assert_eq!(ids(&client.query(json!({}))).len(), 3);
}

#[test]
fn account_id_filter_narrows_to_a_sub_account() {
    let mut client = Client::new();
    fill(&mut client, 2);
    client.acting_for(SUB_ACCOUNT_ID);
    let sub = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    client.acting_for(RESELLER_ACCOUNT_ID);
    let answer = client.query(json!({ "filter": { "accountId": { "$eq": SUB_ACCOUNT_ID } } }));
    assert_eq!(ids(&answer), vec![id_of(&sub)]);
}

#[test]
fn another_reseller_sees_none_of_them() {
    let mut client = Client::new();
    fill(&mut client, 2);
    client.key = Some(OTHER_RESELLER_API_KEY.into());
    client.acting_for(OTHER_RESELLER_ACCOUNT_ID);
    assert!(ids(&client.query(json!({}))).is_empty());
}

#[test]
fn plain_value_means_eq() {
    let mut client = Client::new();
    let created = fill(&mut client, 3);
    let answer = client.query(json!({ "filter": { "externalId": "ext-1" } }));
    assert_eq!(ids(&answer), vec![created[1].clone()]);
}

#[test]
fn ne_and_in_filter_scalar_fields() {
    let mut client = Client::new();
    let created = fill(&mut client, 3);
    let ne = client.query(json!({ "filter": { "externalId": { "$ne": "ext-1" } } }));
    assert_eq!(ids(&ne), vec![created[2].clone(), created[0].clone()]);
    let within = client.query(json!({ "filter": { "id": { "$in": [created[0], created[2]] } } }));
    assert_eq!(ids(&within), vec![created[2].clone(), created[0].clone()]);
    let outside = client
        .query(json!({ "filter": { "$not": { "id": { "$in": [created[0], created[2]] } } } }));
    assert_eq!(ids(&outside), vec![created[1].clone()]);
}

/// The reference's "Supported Filters" table is followed exactly: an
/// operator of the general query language it does not list for the field
/// is a 400 naming the operator.
#[test]
fn operators_the_table_does_not_list_for_the_field_are_refused() {
    let mut client = Client::new();
    fill(&mut client, 1);
    for (field, operator, operand) in [
        ("id", "$nin", json!(["x"])),
        ("externalId", "$startsWith", json!("ext")),
        ("externalId", "$contains", json!("ext")),
        ("createdDate", "$exists", json!(true)),
        ("productInstances.siteId", "$eq", json!(RESELLER_SITE_ID)),
        ("productInstances.status", "$exists", json!(true)),
    ] {
        let answer = client.query(json!({ "filter": { field: { operator: operand } } }));
        assert_eq!(answer.status, 400, "{field} {operator}: {}", answer.json);
        assert_eq!(
            answer.violation_field(),
            format!("query.filter.{field}.{operator}")
        );
        let violation = &answer.json["details"]["validationError"]["fieldViolations"][0];
        assert_eq!(violation["ruleName"], "UNSUPPORTED_FILTER_OPERATOR");
    }
    let bare = client.query(json!({ "filter": { "productInstances.siteId": RESELLER_SITE_ID } }));
    assert_eq!(bare.status, 400, "{}", bare.json);
    assert_eq!(
        bare.violation_field(),
        "query.filter.productInstances.siteId"
    );
}

/// Like the members of a create or an adjust, an unknown member of `query`
/// is ignored (Wix's server drops unknown fields), not a 400.
#[test]
fn unknown_query_members_are_ignored() {
    let mut client = Client::new();
    let created = fill(&mut client, 2);
    let answer = client.query(json!({ "filters": { "externalId": "ext-0" }, "newWixField": 1 }));
    assert_eq!(answer.status, 200, "{}", answer.json);
    assert_eq!(
        ids(&answer),
        created.iter().rev().cloned().collect::<Vec<_>>()
    );
}

#[test]
fn exists_filters_on_presence() {
    let mut client = Client::new();
    let with_external = fill(&mut client, 1);
    let without = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let present = client.query(json!({ "filter": { "externalId": { "$exists": true } } }));
    assert_eq!(ids(&present), with_external);
    let absent = client.query(json!({ "filter": { "externalId": { "$exists": false } } }));
    assert_eq!(ids(&absent), vec![id_of(&without)]);
}

#[test]
fn dates_compare_as_instants() {
    let mut client = Client::new();
    let created = fill(&mut client, 3);
    let middle = client.get(&created[1]).package()["createdDate"]
        .as_str()
        .unwrap()
        .to_string();
    let gt = client.query(json!({ "filter": { "createdDate": { "$gt": middle } } }));
    assert_eq!(ids(&gt), vec![created[2].clone()]);
    let gte = client.query(json!({ "filter": { "createdDate": { "$gte": middle } } }));
    assert_eq!(ids(&gte).len(), 2);
    let lt = client.query(json!({ "filter": { "createdDate": { "$lt": { "$date": middle } } } }));
    assert_eq!(ids(&lt), vec![created[0].clone()]);
    let lte = client
        .query(json!({ "filter": { "updatedDate": { "$lte": "2100-01-01T00:00:00+02:00" } } }));
    assert_eq!(ids(&lte).len(), 3);
}

#[test]
fn instance_status_has_some_matches_any_instance() {
    let mut client = Client::new();
    let enabled = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let canceled = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    client.call(
        "DELETE",
        &format!("/resellers/v1/packages/{}", id_of(&canceled)),
        None,
    );
    let answer = client
        .query(json!({ "filter": { "productInstances.status": { "$hasSome": ["CANCELED"] } } }));
    assert_eq!(ids(&answer), vec![id_of(&canceled)]);
    let reference_example = client.query(json!({
        "filter": { "productInstances.status": { "$hasAll": ["Enabled"] } }, "fields": ["id"], "fieldsets": ["id"]
    }));
    assert_eq!(ids(&reference_example), vec![id_of(&enabled)]);
}

#[test]
fn has_all_needs_every_listed_value_among_the_instances() {
    let mut client = Client::new();
    let both = client.create_ok(json!([
        plan(LIGHT_PLAN_ID, None),
        single(BUSINESS_EMAIL_ID, None)
    ]));
    client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let answer = client.query(json!({
        "filter": { "productInstances.catalogProductId": { "$hasAll": [LIGHT_PLAN_ID, BUSINESS_EMAIL_ID] } }
    }));
    assert_eq!(ids(&answer), vec![id_of(&both)]);
}

#[test]
fn has_some_on_an_instance_path_matches_any_instance() {
    let mut client = Client::new();
    let on_site = client.create_ok(json!([
        plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID)),
        single(BUSINESS_EMAIL_ID, None)
    ]));
    client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let answer = client.query(
        json!({ "filter": { "productInstances.siteId": { "$hasSome": [RESELLER_SITE_ID] } } }),
    );
    assert_eq!(ids(&answer), vec![id_of(&on_site)]);
    let by_unit = client.query(json!({ "filter": { "productInstances.billingInfo.cycleDuration.unit": { "$hasSome": ["year"] } } }));
    assert_eq!(ids(&by_unit), vec![id_of(&on_site)]);
}

#[test]
fn failure_code_filter_finds_failed_deliveries() {
    let mut client = Client::new();
    let failed = client.create_ok(json!([single(AD_CREDITS_ID, None)]));
    client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let answer = client.query(json!({ "filter": { "productInstances.failure.code": { "$hasSome": ["EXTERNAL_FAILURE"] } } }));
    assert_eq!(ids(&answer), vec![id_of(&failed)]);
    let object = client.query(json!({ "filter": { "productInstances.failure": { "$hasSome": [{ "code": "EXTERNAL_FAILURE" }] } } }));
    assert_eq!(ids(&object), vec![id_of(&failed)]);
}

#[test]
fn logical_operators_combine_filters() {
    let mut client = Client::new();
    let created = fill(&mut client, 3);
    let or = client.query(
        json!({ "filter": { "$or": [{ "externalId": "ext-0" }, { "externalId": "ext-2" }] } }),
    );
    assert_eq!(ids(&or), vec![created[2].clone(), created[0].clone()]);
    let and = client.query(json!({ "filter": { "$and": [{ "externalId": { "$exists": true } }, { "id": created[1] }] } }));
    assert_eq!(ids(&and), vec![created[1].clone()]);
    let not = client.query(json!({ "filter": { "$not": { "externalId": "ext-0" } } }));
    assert_eq!(ids(&not), vec![created[2].clone(), created[1].clone()]);
}

#[test]
fn unknown_filter_field_is_a_validation_error() {
    let mut client = Client::new();
    let answer = client.query(json!({ "filter": { "discountCode": "X" } }));
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "query.filter.discountCode");
}

#[test]
fn unknown_operator_is_a_validation_error() {
    let mut client = Client::new();
    assert_eq!(
        client
            .query(json!({ "filter": { "id": { "$regex": ".*" } } }))
            .status,
        400
    );
    assert_eq!(
        client.query(json!({ "filter": { "$xor": [] } })).status,
        400
    );
    assert_eq!(
        client
            .query(json!({ "filter": { "id": { "$hasSome": ["x"] } } }))
            .status,
        400
    );
    assert_eq!(
        client
            .query(json!({ "filter": { "createdDate": { "$gt": "yesterday" } } }))
            .status,
        400
    );
}

#[test]
fn sort_ascending_by_created_date() {
    let mut client = Client::new();
    let created = fill(&mut client, 3);
    let answer = client.query(json!({ "sort": [{ "fieldName": "createdDate", "order": "ASC" }] }));
    assert_eq!(ids(&answer), created);
}

#[test]
fn sort_by_updated_date_follows_changes() {
    let mut client = Client::new();
    let created = fill(&mut client, 3);
    client.query(json!({}));
    client.call(
        "PATCH",
        &format!("/resellers/v1/packages/update/{}/touched", created[0]),
        None,
    );
    let answer = client.query(json!({ "sort": [{ "fieldName": "updatedDate", "order": "DESC" }] }));
    assert_eq!(ids(&answer)[0], created[0]);
}

#[test]
fn unsortable_field_is_a_validation_error() {
    let mut client = Client::new();
    let answer = client.query(json!({ "sort": [{ "fieldName": "externalId" }] }));
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "query.sort[0].fieldName");
}

#[test]
fn cursor_limit_over_100_is_rejected() {
    let mut client = Client::new();
    assert_eq!(
        client
            .query(json!({ "cursorPaging": { "limit": 101 } }))
            .status,
        400
    );
}

/// One rule for the bounds, the offline one: 0 is below them (`MIN`), on
/// a first page and with a cursor alike, and 1 is a page.
#[test]
fn cursor_limit_is_1_to_100_by_one_rule() {
    let mut client = Client::new();
    fill(&mut client, 2);
    let next = client.query(json!({ "cursorPaging": { "limit": 1 } })).json["metadata"]["cursors"]
        ["next"]
        .clone();
    assert!(next.is_string());
    for query in [
        json!({ "cursorPaging": { "limit": 0 } }),
        json!({ "cursorPaging": { "limit": 0, "cursor": next } }),
    ] {
        let answer = client.query(query);
        assert_eq!(answer.status, 400, "{}", answer.json);
        assert_eq!(answer.violation_field(), "query.cursorPaging.limit");
        let violation = &answer.json["details"]["validationError"]["fieldViolations"][0];
        assert_eq!(violation["violatedRule"], "MIN", "{violation}");
    }
}

#[test]
fn offset_limit_over_1000_is_rejected() {
    let mut client = Client::new();
    assert_eq!(
        client.query(json!({ "paging": { "limit": 1001 } })).status,
        400
    );
}

/// Pages through everything with cursors, running `between` after each page.
fn page_all(
    client: &mut Client,
    first: Value,
    mut between: impl FnMut(&mut Client),
) -> Vec<String> {
    let mut seen = Vec::new();
    let mut answer = client.query(first);
    loop {
        assert_eq!(answer.status, 200, "{}", answer.json);
        seen.extend(ids(&answer));
        let next = answer.json["metadata"]["cursors"]["next"]
            .as_str()
            .map(str::to_string);
        assert_eq!(answer.json["metadata"]["hasNext"], next.is_some());
        let Some(next) = next else { break };
        between(client);
        answer = client.query(json!({ "cursorPaging": { "cursor": next, "limit": 100 } }));
    }
    seen
}

#[test]
fn cursor_paging_over_260_packages_never_repeats_or_skips() {
    let mut client = Client::new();
    let created = fill(&mut client, 260);
    let seen = page_all(
        &mut client,
        json!({ "cursorPaging": { "limit": 100 } }),
        |_| {},
    );
    let expected: Vec<String> = created.iter().rev().cloned().collect();
    assert_eq!(seen, expected);
}

#[test]
fn cursor_paging_is_stable_while_packages_are_created_between_pages() {
    let mut client = Client::new();
    let created = fill(&mut client, 260);
    let seen = page_all(
        &mut client,
        json!({ "cursorPaging": { "limit": 100 } }),
        |client| {
            fill(client, 5);
        },
    );
    assert_eq!(seen, created.iter().rev().cloned().collect::<Vec<_>>());
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 260);
}

#[test]
fn cursor_paging_ascending_with_a_filter_sees_new_packages_at_the_end() {
    let mut client = Client::new();
    fill(&mut client, 120);
    let first = json!({
        "filter": { "externalId": { "$exists": true } },
        "sort": [{ "fieldName": "createdDate", "order": "ASC" }],
        "cursorPaging": { "limit": 50 }
    });
    let mut added = false;
    let seen = page_all(&mut client, first, |client| {
        if !added {
            added = true;
            fill(client, 1);
        }
    });
    assert_eq!(seen.len(), 121);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 121);
}

#[test]
fn cursor_paging_by_updated_date_never_repeats() {
    let mut client = Client::new();
    fill(&mut client, 130);
    let seen = page_all(
        &mut client,
        json!({ "sort": [{ "fieldName": "updatedDate", "order": "DESC" }], "cursorPaging": { "limit": 40 } }),
        |_| {},
    );
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 130);
}

#[test]
fn prev_cursor_returns_the_previous_page() {
    let mut client = Client::new();
    fill(&mut client, 25);
    let first = client.query(json!({ "cursorPaging": { "limit": 10 } }));
    let next = first.json["metadata"]["cursors"]["next"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(first.json["metadata"]["cursors"].get("prev").is_none());
    let second = client.query(json!({ "cursorPaging": { "cursor": next } }));
    let prev = second.json["metadata"]["cursors"]["prev"]
        .as_str()
        .unwrap()
        .to_string();
    let back = client.query(json!({ "cursorPaging": { "cursor": prev, "limit": 10 } }));
    assert_eq!(ids(&back), ids(&first));
}

#[test]
fn cursor_with_a_filter_is_invalid_cursor() {
    let mut client = Client::new();
    fill(&mut client, 3);
    let next = client.query(json!({ "cursorPaging": { "limit": 1 } })).json["metadata"]["cursors"]
        ["next"]
        .clone();
    let answer = client
        .query(json!({ "filter": { "externalId": "ext-0" }, "cursorPaging": { "cursor": next } }));
    answer.assert_error("INVALID_CURSOR");
    let answer = client.query(
        json!({ "sort": [{ "fieldName": "createdDate" }], "cursorPaging": { "cursor": next } }),
    );
    answer.assert_error("INVALID_CURSOR");
}

#[test]
fn tampered_cursor_is_invalid_cursor() {
    let mut client = Client::new();
    fill(&mut client, 3);
    let next = client.query(json!({ "cursorPaging": { "limit": 1 } })).json["metadata"]["cursors"]
        ["next"]
        .as_str()
        .unwrap()
        .to_string();
    let mut tampered = next.into_bytes();
    tampered[5] = if tampered[5] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    client
        .query(json!({ "cursorPaging": { "cursor": tampered } }))
        .assert_error("INVALID_CURSOR");
    client
        .query(json!({ "cursorPaging": { "cursor": "garbage!" } }))
        .assert_error("INVALID_CURSOR");
}

#[test]
fn cursor_of_another_reseller_is_invalid_cursor() {
    let mut client = Client::new();
    fill(&mut client, 3);
    let next = client.query(json!({ "cursorPaging": { "limit": 1 } })).json["metadata"]["cursors"]
        ["next"]
        .clone();
    client.key = Some(OTHER_RESELLER_API_KEY.into());
    client.acting_for(OTHER_RESELLER_ACCOUNT_ID);
    client
        .query(json!({ "cursorPaging": { "cursor": next } }))
        .assert_error("INVALID_CURSOR");
}

#[test]
fn offset_paging_reports_offset_and_total() {
    let mut client = Client::new();
    let created = fill(&mut client, 12);
    let answer = client.query(json!({ "paging": { "limit": 5, "offset": 10 } }));
    assert_eq!(
        answer.json["metadata"],
        json!({ "count": 2, "offset": 10, "total": 12 })
    );
    assert_eq!(ids(&answer), vec![created[1].clone(), created[0].clone()]);
}

#[test]
fn offset_total_counts_only_matches() {
    let mut client = Client::new();
    fill(&mut client, 12);
    let answer = client.query(
        json!({ "filter": { "externalId": { "$in": ["ext-1", "ext-2", "ext-3"] } }, "paging": {} }),
    );
    assert_eq!(answer.json["metadata"]["total"], 3);
}

#[test]
fn paging_and_cursor_paging_together_are_rejected() {
    let mut client = Client::new();
    assert_eq!(
        client
            .query(json!({ "paging": {}, "cursorPaging": {} }))
            .status,
        400
    );
}
