//! Create Package V2 and v1: the success body and every create error.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod sandbox_support;

use sandbox_support::*;
use serde_json::{json, Value};
use wix_resellers::sandbox::seed::*;

#[test]
fn create_v2_returns_the_documented_package_shape() {
    let mut client = Client::new();
    let answer = client.create(json!({
        "products": [plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))],
        "externalId": "order-42",
    }));
    assert_eq!(answer.status, 200);
    assert_eq!(answer.raw.header("content-type"), Some("application/json"));
    let package = answer.package();
    assert!(wix_resellers::model::is_guid(
        package["id"].as_str().unwrap()
    ));
    assert_eq!(package["accountId"], RESELLER_ACCOUNT_ID);
    assert_eq!(package["parentAccountId"], RESELLER_ACCOUNT_ID);
    assert_eq!(package["externalId"], "order-42");
    assert_eq!(package["createdDate"], "2023-11-14T22:13:20.001Z");
    assert_eq!(package["updatedDate"], package["createdDate"]);
    let instance = answer.instance();
    assert!(wix_resellers::model::is_guid(
        instance["instanceId"].as_str().unwrap()
    ));
    assert_ne!(instance["instanceId"], package["id"]);
    assert_eq!(instance["siteId"], RESELLER_SITE_ID);
    assert_eq!(instance["catalogProductId"], LIGHT_PLAN_ID);
    assert_eq!(instance["status"], "PENDING");
    assert_eq!(instance["countryCode"], "BR");
    assert_eq!(
        instance["billingInfo"],
        json!({ "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } })
    );
    for absent in [
        "failure",
        "expirationDate",
        "discountCode",
        "referenceProductInstanceId",
    ] {
        assert!(instance.get(absent).is_none(), "{absent} should be absent");
    }
    assert!(answer.json.get("idempotencyKey").is_none());
}

#[test]
fn create_echoes_the_idempotency_key() {
    let mut client = Client::new();
    let answer =
        client.create(json!({ "products": [plan(LIGHT_PLAN_ID, None)], "idempotencyKey": "k-1" }));
    assert_eq!(answer.json["idempotencyKey"], "k-1");
}

#[test]
fn floating_instance_has_no_site_id() {
    let mut client = Client::new();
    let package = client.create_ok(json!([plan(CORE_PLAN_ID, None)]));
    assert!(package["productInstances"][0].get("siteId").is_none());
}

#[test]
fn sub_account_package_names_the_reseller_as_parent() {
    let mut client = Client::new();
    client.acting_for(SUB_ACCOUNT_ID);
    let package = client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(SUB_ACCOUNT_SITE_ID))]));
    assert_eq!(package["accountId"], SUB_ACCOUNT_ID);
    assert_eq!(package["parentAccountId"], RESELLER_ACCOUNT_ID);
}

#[test]
fn single_cycle_product_needs_no_billing_info() {
    let mut client = Client::new();
    let package = client.create_ok(json!([single(BUSINESS_EMAIL_ID, None)]));
    assert_eq!(
        package["productInstances"][0]["billingInfo"],
        json!({ "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 1 } })
    );
}

#[test]
fn discount_code_and_country_are_kept() {
    let mut client = Client::new();
    let mut product = plan(LIGHT_PLAN_ID, None);
    product["discountCode"] = json!("BLACKFRIDAY");
    let package = client.create_ok(json!([product]));
    assert_eq!(
        package["productInstances"][0]["discountCode"],
        "BLACKFRIDAY"
    );
}

#[test]
fn domain_expires_one_year_after_creation() {
    let mut client = Client::new();
    client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))]));
    let domain = client.create_ok(json!([single(DOMAIN_ID, Some(RESELLER_SITE_ID))]));
    let instance = &domain["productInstances"][0];
    assert_eq!(instance["billingInfo"], json!({ "type": "ONE_TIME" }));
    assert_eq!(instance["expirationDate"], "2024-11-14T22:13:20.002Z");
}

#[test]
fn v1_create_does_not_require_country_code() {
    let mut client = Client::new();
    let answer = client.call(
        "POST",
        "/resellers/v1/packages",
        Some(json!({ "products": [{ "catalogProductId": BUSINESS_EMAIL_ID }] })),
    );
    assert_eq!(answer.status, 200, "{}", answer.json);
    assert!(answer.instance().get("countryCode").is_none());
}

#[test]
fn v2_create_requires_country_code() {
    let mut client = Client::new();
    let answer = client.create(json!({ "products": [{ "catalogProductId": BUSINESS_EMAIL_ID }] }));
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "products[0].countryCode");
}

#[test]
fn malformed_json_is_a_validation_error() {
    let mut client = Client::new();
    let headers = vec![
        ("Authorization".to_string(), RESELLER_API_KEY.to_string()),
        (
            "wix-account-id".to_string(),
            RESELLER_ACCOUNT_ID.to_string(),
        ),
    ];
    let answer = client.send_raw(
        "POST",
        "/resellers/v2/packages",
        headers,
        b"{\"products\": [".to_vec(),
    );
    assert_eq!(answer.status, 400);
    assert!(answer.json["details"]["validationError"]["fieldViolations"].is_array());
}

#[test]
fn wrong_types_are_a_validation_error_not_a_crash() {
    let mut client = Client::new();
    for body in [
        json!({ "products": [{ "catalogProductId": 7, "countryCode": "BR" }] }),
        json!({ "products": [{ "catalogProductId": LIGHT_PLAN_ID, "countryCode": "BR", "billingInfo": "monthly" }] }),
        json!({ "products": "all of them" }),
        json!([1, 2, 3]),
        json!({ "products": [] }),
    ] {
        let answer = client.create(body.clone());
        assert_eq!(answer.status, 400, "{body} -> {}", answer.json);
        assert!(
            answer.json["details"]["validationError"]["fieldViolations"][0]["field"].is_string()
        );
    }
}

#[test]
fn missing_products_is_a_required_field_violation() {
    let mut client = Client::new();
    let answer = client.create(json!({ "externalId": "x" }));
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "products");
}

#[test]
fn overlong_external_id_is_rejected() {
    let mut client = Client::new();
    let answer = client
        .create(json!({ "products": [plan(LIGHT_PLAN_ID, None)], "externalId": "x".repeat(101) }));
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "externalId");
}

#[test]
fn unknown_product_is_product_not_found() {
    let mut client = Client::new();
    let answer = client
        .create(json!({ "products": [single("00000000-0000-4000-8000-000000000000", None)] }));
    answer.assert_error("PRODUCT_NOT_FOUND");
    assert_eq!(answer.message(), "Product id not found in catalog.");
}

#[test]
fn missing_catalog_product_id_is_product_not_found() {
    let mut client = Client::new();
    let answer = client.create(json!({ "products": [{ "countryCode": "BR" }] }));
    answer.assert_error("PRODUCT_NOT_FOUND");
}

#[test]
fn unknown_site_is_site_not_found() {
    let mut client = Client::new();
    let site = "517e0000-0000-4000-8000-00000000dead";
    let answer = client.create(json!({ "products": [plan(LIGHT_PLAN_ID, Some(site))] }));
    answer.assert_error("SITE_NOT_FOUND");
    assert_eq!(
        answer.json["details"]["applicationError"]["data"]["siteId"],
        site
    );
}

#[test]
fn site_of_another_account_is_site_not_found_naming_the_owner() {
    let mut client = Client::new();
    let answer =
        client.create(json!({ "products": [plan(LIGHT_PLAN_ID, Some(SUB_ACCOUNT_SITE_ID))] }));
    answer.assert_error("SITE_NOT_FOUND");
    assert_eq!(
        answer.message(),
        format!("Site {SUB_ACCOUNT_SITE_ID} is not owned by {RESELLER_ACCOUNT_ID}, but by {SUB_ACCOUNT_ID}.")
    );
}

#[test]
fn multi_cycle_product_without_billing_info_is_missing_billing_cycle() {
    let mut client = Client::new();
    let answer = client.create(json!({ "products": [single(LIGHT_PLAN_ID, None)] }));
    answer.assert_error("MISSING_BILLING_CYCLE");
    assert_eq!(
        answer.message(),
        format!("Product {LIGHT_PLAN_ID} must receive a cycle upon creating.")
    );
}

#[test]
fn cycle_type_not_offered_is_invalid_billing_cycle() {
    let mut client = Client::new();
    let mut product = plan(LIGHT_PLAN_ID, None);
    product["billingInfo"] = json!({ "type": "ONE_TIME" });
    let answer = client.create(json!({ "products": [product] }));
    answer.assert_error("INVALID_BILLING_CYCLE");
    assert_eq!(
        answer.message(),
        format!(
            "Product {LIGHT_PLAN_ID} is allowed for those cycles: [RECURRING/MONTH/1, RECURRING/YEAR/1] and the request had this contract details: ONE_TIME."
        )
    );
}

#[test]
fn cycle_duration_not_offered_is_incompatible_billing_cycle() {
    let mut client = Client::new();
    let mut product = plan(LIGHT_PLAN_ID, None);
    product["billingInfo"]["cycleDuration"] = json!({ "unit": "WEEK", "count": 2 });
    let answer = client.create(json!({ "products": [product] }));
    answer.assert_error("INCOMPATIBLE_BILLING_CYCLE");
    assert_eq!(
        answer.message(),
        format!("Product {LIGHT_PLAN_ID} cannot be used with cycle: RECURRING/WEEK/2, it is not one of [RECURRING/MONTH/1, RECURRING/YEAR/1].")
    );
}

#[test]
fn same_product_twice_on_one_site_is_multiple_product_assignments() {
    let mut client = Client::new();
    let answer = client.create(json!({
        "products": [plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID)), plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))]
    }));
    answer.assert_error("MULTIPLE_PRODUCT_ASSIGNMENTS");
}

#[test]
fn two_products_of_one_type_on_one_site_is_multiple_product_assignments() {
    let mut client = Client::new();
    let answer = client.create(json!({
        "products": [plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID)), plan(CORE_PLAN_ID, Some(RESELLER_SITE_ID))]
    }));
    answer.assert_error("MULTIPLE_PRODUCT_ASSIGNMENTS");
    assert_eq!(
        answer.message(),
        format!("Trying to assign products: {LIGHT_PLAN_ID}, {CORE_PLAN_ID} that cannot be assigned simultaneously to the same site {RESELLER_SITE_ID}.")
    );
}

#[test]
fn same_type_on_two_sites_in_one_request_is_fine() {
    let mut client = Client::new();
    client.create_ok(json!([
        plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID)),
        plan(LIGHT_PLAN_ID, Some(RESELLER_SECOND_SITE_ID))
    ]));
}

#[test]
fn site_with_a_live_plan_is_product_type_already_assigned() {
    let mut client = Client::new();
    client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))]));
    let answer =
        client.create(json!({ "products": [plan(BUSINESS_PLAN_ID, Some(RESELLER_SITE_ID))] }));
    answer.assert_error("PRODUCT_TYPE_ALREADY_ASSIGNED");
    assert_eq!(
        answer.message(),
        format!("Product type: PREMIUM_PLAN is allowed only as one instance per site and site {RESELLER_SITE_ID} already has one product of that type.")
    );
}

#[test]
fn a_canceled_plan_frees_the_site() {
    let mut client = Client::new();
    let first = client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))]));
    client.call(
        "DELETE",
        &format!("/resellers/v1/packages/{}", id_of(&first)),
        None,
    );
    client.create_ok(json!([plan(BUSINESS_PLAN_ID, Some(RESELLER_SITE_ID))]));
}

#[test]
fn domain_without_a_plan_on_the_site_is_not_supported() {
    let mut client = Client::new();
    let answer = client.create(json!({ "products": [single(DOMAIN_ID, Some(RESELLER_SITE_ID))] }));
    answer.assert_error("PRODUCT_NOT_SUPPORTED_ON_SITE");
    assert_eq!(
        answer.message(),
        format!("Site {RESELLER_SITE_ID} is not compatible with product {DOMAIN_ID}.")
    );
}

#[test]
fn prerequisite_in_the_same_request_does_not_count() {
    let mut client = Client::new();
    let answer = client.create(json!({
        "products": [plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID)), single(DOMAIN_ID, Some(RESELLER_SITE_ID))]
    }));
    answer.assert_error("PRODUCT_NOT_SUPPORTED_ON_SITE");
}

#[test]
fn floating_domain_may_be_created_without_a_plan() {
    let mut client = Client::new();
    client.create_ok(json!([single(DOMAIN_ID, None)]));
}

#[test]
fn second_mailbox_in_the_account_is_product_limit_exceeded() {
    let mut client = Client::new();
    client.create_ok(json!([single(BUSINESS_EMAIL_ID, None)]));
    let answer = client.create(json!({ "products": [single(BUSINESS_EMAIL_ID, None)] }));
    answer.assert_error("PRODUCT_LIMIT_EXCEEDED");
    assert_eq!(
        answer.message(),
        format!(
            "Limit for product {BUSINESS_EMAIL_ID} exceeded, number of current subscriptions 1."
        )
    );
    assert_eq!(
        answer.json["details"]["applicationError"]["data"]["numberOfCurrentSubscriptions"],
        1
    );
}

#[test]
fn two_mailboxes_in_one_request_exceed_the_limit() {
    let mut client = Client::new();
    let answer = client.create(json!({
        "products": [single(BUSINESS_EMAIL_ID, None), single(BUSINESS_EMAIL_ID, None)]
    }));
    answer.assert_error("PRODUCT_LIMIT_EXCEEDED");
}

#[test]
fn the_limit_is_per_account() {
    let mut client = Client::new();
    client.create_ok(json!([single(BUSINESS_EMAIL_ID, None)]));
    client.acting_for(SUB_ACCOUNT_ID);
    client.create_ok(json!([single(BUSINESS_EMAIL_ID, None)]));
}

fn reference_product(reference: &str) -> Value {
    let mut product = single(DOMAIN_ID, None);
    product["referenceProductInstanceId"] = json!(reference);
    product
}

#[test]
fn reference_instance_grants_a_product_once() {
    let mut client = Client::new();
    let plan_package = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let reference = first_instance_id(&plan_package);
    let domain = client.create_ok(json!([reference_product(&reference)]));
    assert_eq!(
        domain["productInstances"][0]["referenceProductInstanceId"],
        reference.as_str()
    );
    let again = client.create(json!({ "products": [reference_product(&reference)] }));
    again.assert_error("INVALID_REFERENCE_PRODUCT_INSTANCE_ID");
    assert_eq!(
        again.message(),
        "Reference product instance ID is invalid or has already been used."
    );
}

#[test]
fn unknown_reference_is_invalid() {
    let mut client = Client::new();
    let answer = client
        .create(json!({ "products": [reference_product("00000000-0000-4000-8000-000000000001")] }));
    answer.assert_error("INVALID_REFERENCE_PRODUCT_INSTANCE_ID");
}

#[test]
fn reference_of_a_non_eligible_product_is_invalid() {
    let mut client = Client::new();
    let mailbox = client.create_ok(json!([single(BUSINESS_EMAIL_ID, None)]));
    let answer =
        client.create(json!({ "products": [reference_product(&first_instance_id(&mailbox))] }));
    answer.assert_error("INVALID_REFERENCE_PRODUCT_INSTANCE_ID");
}

#[test]
fn canceled_reference_is_invalid() {
    let mut client = Client::new();
    let plan_package = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    client.call(
        "DELETE",
        &format!("/resellers/v1/packages/{}", id_of(&plan_package)),
        None,
    );
    let answer = client
        .create(json!({ "products": [reference_product(&first_instance_id(&plan_package))] }));
    answer.assert_error("INVALID_REFERENCE_PRODUCT_INSTANCE_ID");
}

#[test]
fn reference_of_another_reseller_is_invalid() {
    let mut client = Client::new();
    let plan_package = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    client.key = Some(OTHER_RESELLER_API_KEY.into());
    client.acting_for(OTHER_RESELLER_ACCOUNT_ID);
    let answer = client
        .create(json!({ "products": [reference_product(&first_instance_id(&plan_package))] }));
    answer.assert_error("INVALID_REFERENCE_PRODUCT_INSTANCE_ID");
}

const UNSOLD: &str = "ca7a1090-0000-4000-8000-000000000901";
const UNSOLD_TOO: &str = "ca7a1090-0000-4000-8000-000000000902";
const UNCONFIGURED: &str = "ca7a1090-0000-4000-8000-000000000903";

#[test]
fn products_not_enabled_for_reselling_are_invalid_products_all_at_once() {
    let mut client = Client::new();
    client.add_product(product_json(
        UNSOLD,
        "LEGACY",
        "Legacy",
        json!({ "resellable": false }),
    ));
    client.add_product(product_json(
        UNSOLD_TOO,
        "LEGACY_2",
        "Legacy",
        json!({ "resellable": false }),
    ));
    let answer = client.create(json!({ "products": [
        plan(UNSOLD, None),
        plan(LIGHT_PLAN_ID, None),
        plan(UNSOLD_TOO, Some(RESELLER_SITE_ID)),
        plan(UNSOLD, None),
    ] }));
    answer.assert_error("INVALID_PRODUCTS");
    assert_eq!(
        answer.message(),
        format!("Invalid products: {UNSOLD}, {UNSOLD_TOO}.")
    );
    assert_eq!(
        answer.json["details"]["applicationError"]["data"],
        json!({ "productIds": [UNSOLD, UNSOLD_TOO] })
    );
    assert_eq!(client.query(json!({})).json["packages"], json!([]));
}

#[test]
fn a_product_without_settings_is_product_settings_not_found() {
    let mut client = Client::new();
    client.add_product(product_json(
        UNCONFIGURED,
        "NEW",
        "New",
        json!({ "hasSettings": false }),
    ));
    let answer =
        client.create(json!({ "products": [plan(LIGHT_PLAN_ID, None), plan(UNCONFIGURED, None)] }));
    answer.assert_error("PRODUCT_SETTINGS_NOT_FOUND");
    assert_eq!(
        answer.message(),
        format!("Product doesn't have any settings {UNCONFIGURED}.")
    );
    assert_eq!(
        answer.json["details"]["applicationError"]["data"],
        json!({ "productId": UNCONFIGURED })
    );
    client.add_product(product_json(
        UNCONFIGURED,
        "NEW",
        "New",
        json!({ "hasSettings": true }),
    ));
    assert_eq!(
        client
            .create(json!({ "products": [plan(UNCONFIGURED, None)] }))
            .status,
        200
    );
}

#[test]
fn a_failed_create_creates_nothing() {
    let mut client = Client::new();
    let answer = client.create(json!({
        "products": [plan(LIGHT_PLAN_ID, None), single("00000000-0000-4000-8000-000000000000", None)]
    }));
    answer.assert_error("PRODUCT_NOT_FOUND");
    let listed = client.query(json!({}));
    assert_eq!(listed.json["packages"], json!([]));
}

#[test]
fn a_failed_create_does_not_spend_the_reference() {
    let mut client = Client::new();
    let plan_package = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let reference = first_instance_id(&plan_package);
    let failed = client.create(json!({ "products": [reference_product(&reference), single("00000000-0000-4000-8000-000000000000", None)] }));
    failed.assert_error("PRODUCT_NOT_FOUND");
    client.create_ok(json!([reference_product(&reference)]));
}
