//! Get Package, Cancel Package and Update Package External Id.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod sandbox_support;

use sandbox_support::*;
use serde_json::json;
use wix_resellers::sandbox::seed::*;

#[test]
fn get_returns_the_package_under_package() {
    let mut client = Client::new();
    let created = client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))]));
    let answer = client.get(&id_of(&created));
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json.as_object().unwrap().keys().collect::<Vec<_>>(),
        vec!["package"]
    );
    assert_eq!(answer.package()["id"], created["id"]);
}

#[test]
fn get_accepts_an_uppercase_id() {
    let mut client = Client::new();
    let created = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    assert_eq!(client.get(&id_of(&created).to_uppercase()).status, 200);
}

#[test]
fn get_unknown_package_is_package_not_found() {
    let mut client = Client::new();
    let answer = client.get("828b98fb-7114-4b3c-90fd-8d0db76aa72b");
    answer.assert_error("PACKAGE_NOT_FOUND");
}

#[test]
fn get_with_a_non_guid_id_is_a_validation_error() {
    let mut client = Client::new();
    let answer = client.get("not-a-guid");
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "id");
}

#[test]
fn cancel_package_cancels_every_instance_at_once() {
    let mut client = Client::new();
    let created = client.create_ok(json!([
        plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID)),
        single(BUSINESS_EMAIL_ID, None)
    ]));
    let answer = client.call(
        "DELETE",
        &format!("/resellers/v1/packages/{}", id_of(&created)),
        None,
    );
    assert_eq!(answer.status, 200);
    for instance in answer.package()["productInstances"].as_array().unwrap() {
        assert_eq!(instance["status"], "CANCELED");
    }
    assert_ne!(answer.package()["updatedDate"], created["updatedDate"]);
}

#[test]
fn cancel_package_cancels_failed_instances_too() {
    let mut client = Client::new();
    let created = client.create_ok(json!([
        single(AD_CREDITS_ID, None),
        single(BUSINESS_EMAIL_ID, None)
    ]));
    let read = client.get(&id_of(&created));
    assert_eq!(read.instance()["status"], "FAILED", "delivered: failed");
    let answer = client.call(
        "DELETE",
        &format!("/resellers/v1/packages/{}", id_of(&created)),
        None,
    );
    let instances = answer.package()["productInstances"].as_array().unwrap();
    assert_eq!(instances[0]["status"], "CANCELED");
    assert!(
        instances[0].get("failure").is_none(),
        "failure only with FAILED"
    );
    assert_ne!(instances[0]["updatedDate"], read.instance()["updatedDate"]);
    assert_eq!(instances[1]["status"], "CANCELED");
}

#[test]
fn cancel_twice_is_a_no_op() {
    let mut client = Client::new();
    let created = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let path = format!("/resellers/v1/packages/{}", id_of(&created));
    let first = client.call("DELETE", &path, None);
    let second = client.call("DELETE", &path, None);
    assert_eq!(second.status, 200);
    assert_eq!(first.json, second.json);
}

#[test]
fn cancel_package_echoes_the_idempotency_key() {
    let mut client = Client::new();
    let created = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let answer = client.call(
        "DELETE",
        &format!("/resellers/v1/packages/{}", id_of(&created)),
        Some(json!({ "idempotencyKey": "cancel-1" })),
    );
    assert_eq!(answer.json["idempotencyKey"], "cancel-1");
}

#[test]
fn cancel_package_with_a_non_object_body_is_a_validation_error() {
    let mut client = Client::new();
    let created = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let answer = client.call(
        "DELETE",
        &format!("/resellers/v1/packages/{}", id_of(&created)),
        Some(json!("x")),
    );
    assert_eq!(answer.status, 400);
}

#[test]
fn update_external_id_answers_updated_package() {
    let mut client = Client::new();
    let created = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let answer = client.call(
        "PATCH",
        &format!("/resellers/v1/packages/update/{}/sub-77", id_of(&created)),
        None,
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json["updatedPackage"]["externalId"], "sub-77");
    assert!(answer.json.get("package").is_none());
    assert_eq!(
        client.get(&id_of(&created)).package()["externalId"],
        "sub-77"
    );
}

#[test]
fn update_external_id_is_percent_decoded() {
    let mut client = Client::new();
    let created = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let answer = client.call(
        "PATCH",
        &format!(
            "/resellers/v1/packages/update/{}/order%2F7%20b",
            id_of(&created)
        ),
        None,
    );
    assert_eq!(answer.json["updatedPackage"]["externalId"], "order/7 b");
}

#[test]
fn update_external_id_over_100_characters_is_rejected() {
    let mut client = Client::new();
    let created = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let answer = client.call(
        "PATCH",
        &format!(
            "/resellers/v1/packages/update/{}/{}",
            id_of(&created),
            "x".repeat(101)
        ),
        None,
    );
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "externalId");
}

#[test]
fn update_external_id_with_a_control_character_is_rejected() {
    let mut client = Client::new();
    let created = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let answer = client.call(
        "PATCH",
        &format!("/resellers/v1/packages/update/{}/a%00b", id_of(&created)),
        None,
    );
    assert_eq!(answer.status, 400);
}

#[test]
fn update_external_id_of_another_accounts_package_is_package_not_found() {
    let mut client = Client::new();
    let created = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    client.acting_for(SUB_ACCOUNT_ID);
    client
        .call(
            "PATCH",
            &format!("/resellers/v1/packages/update/{}/x", id_of(&created)),
            None,
        )
        .assert_error("PACKAGE_NOT_FOUND");
}
