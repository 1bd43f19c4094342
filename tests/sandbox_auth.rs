//! Authentication and account scoping: 401, 400 on the account header, 403,
//! 404 ACCOUNT_NOT_FOUND, and cross-account isolation.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod sandbox_support;

use sandbox_support::*;
use serde_json::json;
use wix_resellers::sandbox::seed::*;

const UNKNOWN_ACCOUNT: &str = "0bad0bad-0000-4000-8000-000000000000";

#[test]
fn missing_api_key_is_unauthenticated() {
    let mut client = Client::new();
    client.key = None;
    let answer = client.query(json!({}));
    answer.assert_error("UNAUTHENTICATED");
    assert!(answer.raw.header("x-wix-request-id").is_some());
}

#[test]
fn unknown_api_key_is_unauthenticated() {
    let mut client = Client::new();
    client.key = Some("not-a-key".into());
    client.query(json!({})).assert_error("UNAUTHENTICATED");
}

#[test]
fn bearer_prefix_is_not_the_documented_form() {
    let mut client = Client::new();
    client.key = Some(format!("Bearer {RESELLER_API_KEY}"));
    client.query(json!({})).assert_error("UNAUTHENTICATED");
}

#[test]
fn missing_account_header_is_a_validation_error() {
    let mut client = Client::new();
    client.account = None;
    let answer = client.query(json!({}));
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "wix-account-id");
}

#[test]
fn non_guid_account_header_is_a_validation_error() {
    let mut client = Client::new();
    client.acting_for("../admin");
    let answer = client.get("828b98fb-7114-4b3c-90fd-8d0db76aa72b");
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "wix-account-id");
}

#[test]
fn account_of_another_reseller_is_permission_denied() {
    let mut client = Client::new();
    client.acting_for(OTHER_RESELLER_ACCOUNT_ID);
    client.query(json!({})).assert_error("PERMISSION_DENIED");
    client
        .create(json!({ "products": [plan(LIGHT_PLAN_ID, None)] }))
        .assert_error("PERMISSION_DENIED");
}

#[test]
fn sub_account_cannot_be_reached_with_the_other_resellers_key() {
    let mut client = Client::new();
    client.key = Some(OTHER_RESELLER_API_KEY.into());
    client.acting_for(SUB_ACCOUNT_ID);
    client.query(json!({})).assert_error("PERMISSION_DENIED");
}

#[test]
fn unknown_account_on_create_is_account_not_found() {
    let mut client = Client::new();
    client.acting_for(UNKNOWN_ACCOUNT);
    let answer = client.create(json!({ "products": [plan(LIGHT_PLAN_ID, None)] }));
    answer.assert_error("ACCOUNT_NOT_FOUND");
    assert_eq!(
        answer.message(),
        format!("Account with id {UNKNOWN_ACCOUNT} was not found.")
    );
}

#[test]
fn unknown_account_on_adjust_and_unassign_is_account_not_found() {
    let mut client = Client::new();
    client.acting_for(UNKNOWN_ACCOUNT);
    let instance = "11111111-1111-4111-8111-111111111111";
    client
        .call(
            "PATCH",
            &format!("/resellers/v1/packages/product-instances/{instance}"),
            Some(json!({ "catalogProductId": CORE_PLAN_ID })),
        )
        .assert_error("ACCOUNT_NOT_FOUND");
    client
        .call(
            "PATCH",
            &format!("/resellers/v1/packages/product-instances/{instance}/unassign"),
            None,
        )
        .assert_error("ACCOUNT_NOT_FOUND");
}

#[test]
fn unknown_account_elsewhere_is_permission_denied() {
    let mut client = Client::new();
    client.acting_for(UNKNOWN_ACCOUNT);
    client.query(json!({})).assert_error("PERMISSION_DENIED");
    client
        .get("828b98fb-7114-4b3c-90fd-8d0db76aa72b")
        .assert_error("PERMISSION_DENIED");
}

#[test]
fn reseller_key_reaches_its_sub_account() {
    let mut client = Client::new();
    client.acting_for(SUB_ACCOUNT_ID);
    assert_eq!(client.query(json!({})).status, 200);
}

#[test]
fn another_accounts_package_is_package_not_found() {
    let mut client = Client::new();
    let package = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let id = id_of(&package);
    client.key = Some(OTHER_RESELLER_API_KEY.into());
    client.acting_for(OTHER_RESELLER_ACCOUNT_ID);
    client.get(&id).assert_error("PACKAGE_NOT_FOUND");
    client
        .call("DELETE", &format!("/resellers/v1/packages/{id}"), None)
        .assert_error("PACKAGE_NOT_FOUND");
}

#[test]
fn parent_header_does_not_reach_a_sub_accounts_package() {
    let mut client = Client::new();
    client.acting_for(SUB_ACCOUNT_ID);
    let package = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    client.acting_for(RESELLER_ACCOUNT_ID);
    client
        .get(&id_of(&package))
        .assert_error("PACKAGE_NOT_FOUND");
}

#[test]
fn another_accounts_instance_is_product_instance_not_found() {
    let mut client = Client::new();
    let package = client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))]));
    let instance = first_instance_id(&package);
    client.acting_for(SUB_ACCOUNT_ID);
    let base = format!("/resellers/v1/packages/product-instances/{instance}");
    for (method, path, body) in [
        ("DELETE", base.clone(), None),
        (
            "PATCH",
            base.clone(),
            Some(json!({ "catalogProductId": CORE_PLAN_ID })),
        ),
        ("PATCH", format!("{base}/unassign"), None),
        ("PATCH", format!("{base}/{SUB_ACCOUNT_SITE_ID}"), None),
    ] {
        let answer = client.call(method, &path, body);
        answer.assert_error("PRODUCT_INSTANCE_NOT_FOUND");
        assert_eq!(
            answer.message(),
            format!("Product instance with id {instance} was not found.")
        );
    }
}
