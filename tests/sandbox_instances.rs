//! Product-instance endpoints: cancel, adjust, assign, unassign.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod sandbox_support;

use sandbox_support::*;
use serde_json::{json, Value};
use wix_resellers::sandbox::seed::*;

fn instance_path(instance: &str) -> String {
    format!("/resellers/v1/packages/product-instances/{instance}")
}

/// A package with one Light monthly plan on `site`, and its instance ID.
fn light_on(client: &mut Client, site: Option<&str>) -> (Value, String) {
    let package = client.create_ok(json!([plan(LIGHT_PLAN_ID, site)]));
    let instance = first_instance_id(&package);
    (package, instance)
}

fn adjust(client: &mut Client, instance: &str, body: Value) -> Answer {
    client.call("PATCH", &instance_path(instance), Some(body))
}

fn set_status(client: &mut Client, instance: &str, status: &str) {
    let answer = client.control(
        "POST",
        &format!("/_sandbox/instances/{instance}/status"),
        Some(json!({ "status": status })),
    );
    assert_eq!(answer.status, 200, "{}", answer.json);
}

#[test]
fn cancel_instance_cancels_only_that_instance() {
    let mut client = Client::new();
    let package = client.create_ok(json!([
        plan(LIGHT_PLAN_ID, None),
        single(BUSINESS_EMAIL_ID, None)
    ]));
    let answer = client.call("DELETE", &instance_path(&first_instance_id(&package)), None);
    assert_eq!(answer.status, 200);
    let instances = answer.package()["productInstances"].as_array().unwrap();
    assert_eq!(instances[0]["status"], "CANCELED");
    assert_eq!(instances[1]["status"], "ENABLED");
}

#[test]
fn cancel_instance_cancels_a_failed_instance() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    set_status(&mut client, &instance, "FAILED");
    let answer = client.call("DELETE", &instance_path(&instance), None);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.instance()["status"], "CANCELED");
    assert!(answer.instance().get("failure").is_none());
}

#[test]
fn cancel_instance_twice_is_a_no_op() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    let first = client.call("DELETE", &instance_path(&instance), None);
    let second = client.call("DELETE", &instance_path(&instance), None);
    assert_eq!(second.status, 200);
    assert_eq!(first.json, second.json);
}

#[test]
fn cancel_unknown_instance_is_product_instance_not_found() {
    let mut client = Client::new();
    client
        .call(
            "DELETE",
            &instance_path("11111111-1111-4111-8111-111111111111"),
            None,
        )
        .assert_error("PRODUCT_INSTANCE_NOT_FOUND");
}

#[test]
fn adjust_upgrades_the_product_keeping_id_site_and_status() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, Some(RESELLER_SITE_ID));
    let answer = adjust(
        &mut client,
        &instance,
        json!({ "catalogProductId": BUSINESS_PLAN_ID, "discountCode": "UP10" }),
    );
    assert_eq!(answer.status, 200, "{}", answer.json);
    let adjusted = answer.instance();
    assert_eq!(adjusted["instanceId"], instance.as_str());
    assert_eq!(adjusted["siteId"], RESELLER_SITE_ID);
    assert_eq!(adjusted["status"], "ENABLED");
    assert_eq!(adjusted["catalogProductId"], BUSINESS_PLAN_ID);
    assert_eq!(adjusted["discountCode"], "UP10");
    assert_eq!(adjusted["billingInfo"]["cycleDuration"]["unit"], "MONTH");
}

#[test]
fn adjust_changes_the_billing_cycle() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    let answer = adjust(
        &mut client,
        &instance,
        json!({ "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 1 } } }),
    );
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.instance()["billingInfo"]["cycleDuration"]["unit"],
        "YEAR"
    );
    assert_eq!(answer.instance()["catalogProductId"], LIGHT_PLAN_ID);
}

#[test]
fn adjust_ignores_a_discount_code_without_a_product() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    let answer = adjust(
        &mut client,
        &instance,
        json!({ "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 1 } }, "discountCode": "LATE" }),
    );
    assert_eq!(answer.status, 200);
    assert!(answer.instance().get("discountCode").is_none());
}

#[test]
fn adjust_without_product_or_billing_is_missing_product_details() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    let answer = adjust(&mut client, &instance, json!({}));
    answer.assert_error("MISSING_PRODUCT_DETAILS");
    assert_eq!(answer.message(), "You haven't provided `catalogProductId`.");
}

#[test]
fn adjust_recurring_without_duration_is_missing_product_details() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    let answer = adjust(
        &mut client,
        &instance,
        json!({ "billingInfo": { "type": "RECURRING" } }),
    );
    answer.assert_error("MISSING_PRODUCT_DETAILS");
    assert_eq!(
        answer.message(),
        "You haven't provided `cycleDuration`. The field is required for`RECURRING` billing types."
    );
}

#[test]
fn adjust_to_a_multi_cycle_product_without_the_current_cycle_is_missing_billing_cycle() {
    let mut client = Client::new();
    let yearly_only = "ca7a1090-0000-4000-8000-000000000199";
    client.add_product(product_json(
        yearly_only,
        "PREMIUM_PLAN",
        "Premium Plans",
        json!({ "cycles": [
            { "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 1 } },
            { "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 2 } },
        ] }),
    ));
    let (_, instance) = light_on(&mut client, None);
    let answer = adjust(
        &mut client,
        &instance,
        json!({ "catalogProductId": yearly_only }),
    );
    answer.assert_error("MISSING_BILLING_CYCLE");
    assert_eq!(
        answer.message(),
        format!("Product {yearly_only} must receive a cycle upon creating.")
    );
    assert_eq!(
        answer.json["details"]["applicationError"]["data"]["cycles"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

#[test]
fn adjust_to_a_single_cycle_product_without_the_current_cycle_needs_billing_info() {
    let mut client = Client::new();
    let yearly = "ca7a1090-0000-4000-8000-000000000198";
    client.add_product(product_json(
        yearly,
        "PREMIUM_PLAN",
        "Premium Plans",
        json!({ "cycles": [{ "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 2 } }] }),
    ));
    let (_, instance) = light_on(&mut client, None);
    let answer = adjust(
        &mut client,
        &instance,
        json!({ "catalogProductId": yearly }),
    );
    answer.assert_error("MISSING_PRODUCT_DETAILS");
    assert_eq!(answer.message(), "You haven't provided `billingInfo`.");
}

#[test]
fn adjust_into_a_product_not_enabled_for_reselling_is_invalid_products() {
    let mut client = Client::new();
    let unsold = "ca7a1090-0000-4000-8000-000000000197";
    client.add_product(product_json(
        unsold,
        "PREMIUM_PLAN",
        "Premium Plans",
        json!({ "resellable": false }),
    ));
    let (_, instance) = light_on(&mut client, None);
    let answer = adjust(
        &mut client,
        &instance,
        json!({ "catalogProductId": unsold }),
    );
    answer.assert_error("INVALID_PRODUCTS");
    assert_eq!(answer.message(), format!("Invalid products: {unsold}."));
}

#[test]
fn adjust_into_a_product_without_settings_is_product_settings_not_found() {
    let mut client = Client::new();
    let unconfigured = "ca7a1090-0000-4000-8000-000000000196";
    client.add_product(product_json(
        unconfigured,
        "PREMIUM_PLAN",
        "Premium Plans",
        json!({ "hasSettings": false }),
    ));
    let (_, instance) = light_on(&mut client, None);
    adjust(
        &mut client,
        &instance,
        json!({ "catalogProductId": unconfigured }),
    )
    .assert_error("PRODUCT_SETTINGS_NOT_FOUND");
    // A cycle change keeps the product: its settings are needed too.
    client.add_product(product_json(
        LIGHT_PLAN_ID,
        "PREMIUM_PLAN",
        "Premium Plans",
        json!({ "hasSettings": false }),
    ));
    adjust(
        &mut client,
        &instance,
        json!({ "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } } }),
    )
    .assert_error("PRODUCT_SETTINGS_NOT_FOUND");
}

#[test]
fn adjust_an_instance_on_a_site_the_account_no_longer_owns_is_site_not_found() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, Some(RESELLER_SITE_ID));
    let moved = client.control(
        "POST",
        "/_sandbox/sites",
        Some(json!({ "id": RESELLER_SITE_ID, "accountId": OTHER_RESELLER_ACCOUNT_ID })),
    );
    assert_eq!(moved.status, 200);
    let answer = adjust(
        &mut client,
        &instance,
        json!({ "catalogProductId": CORE_PLAN_ID }),
    );
    answer.assert_error("SITE_NOT_FOUND");
    assert_eq!(
        answer.message(),
        format!("Site {RESELLER_SITE_ID} is not owned by {RESELLER_ACCOUNT_ID}, but by {OTHER_RESELLER_ACCOUNT_ID}.")
    );
}

#[test]
fn adjust_into_the_product_already_on_the_site_is_multiple_product_assignments() {
    let mut client = Client::new();
    let addon = "ca7a1090-0000-4000-8000-000000000105";
    client.add_product(product_json(
        addon,
        "STORE_ADDON",
        "Premium Plans",
        json!({}),
    ));
    light_on(&mut client, Some(RESELLER_SITE_ID));
    let store = client.create_ok(json!([plan(addon, Some(RESELLER_SITE_ID))]));
    let answer = adjust(
        &mut client,
        &first_instance_id(&store),
        json!({ "catalogProductId": LIGHT_PLAN_ID }),
    );
    answer.assert_error("MULTIPLE_PRODUCT_ASSIGNMENTS");
    assert_eq!(
        answer.json["details"]["applicationError"]["data"],
        json!({ "productIds": [LIGHT_PLAN_ID, LIGHT_PLAN_ID], "siteId": RESELLER_SITE_ID })
    );
}

#[test]
fn adjust_canceled_instance_is_incompatible_status() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    client.call("DELETE", &instance_path(&instance), None);
    let answer = adjust(
        &mut client,
        &instance,
        json!({ "catalogProductId": CORE_PLAN_ID }),
    );
    answer.assert_error("INCOMPATIBLE_PRODUCT_INSTANCE_STATUS");
    assert_eq!(
        answer.message(),
        format!("Product instance with id {instance} is with incompatible status CANCELED.")
    );
}

#[test]
fn adjust_failed_instance_is_incompatible_status() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    set_status(&mut client, &instance, "FAILED");
    adjust(
        &mut client,
        &instance,
        json!({ "catalogProductId": CORE_PLAN_ID }),
    )
    .assert_error("INCOMPATIBLE_PRODUCT_INSTANCE_STATUS");
}

#[test]
fn adjust_awaiting_action_instance_uses_the_second_message() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    set_status(&mut client, &instance, "AWAITING_ACTION");
    let answer = adjust(
        &mut client,
        &instance,
        json!({ "catalogProductId": CORE_PLAN_ID }),
    );
    answer.assert_error("INCOMPATIBLE_PRODUCT_INSTANCE_STATUS");
    assert_eq!(
        answer.message(),
        "Product instance has status AWAITING_ACTION and can't be modified."
    );
}

#[test]
fn adjust_a_non_adjustable_product_is_operation_not_supported() {
    let mut client = Client::new();
    let domain = client.create_ok(json!([single(DOMAIN_ID, None)]));
    let answer = adjust(
        &mut client,
        &first_instance_id(&domain),
        json!({ "catalogProductId": DOMAIN_ID }),
    );
    answer.assert_error("OPERATION_NOT_SUPPORTED_FOR_PRODUCT");
    assert_eq!(
        answer.message(),
        format!("This action isn't supported for product {DOMAIN_ID}.")
    );
}

#[test]
fn adjust_to_an_unknown_product_is_product_not_found() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    adjust(
        &mut client,
        &instance,
        json!({ "catalogProductId": "00000000-0000-4000-8000-000000000000" }),
    )
    .assert_error("PRODUCT_NOT_FOUND");
}

#[test]
fn adjust_to_another_service_type_is_incompatible_product() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    let answer = adjust(
        &mut client,
        &instance,
        json!({ "catalogProductId": BUSINESS_EMAIL_ID }),
    );
    answer.assert_error("INCOMPATIBLE_PRODUCT");
    assert_eq!(
        answer.message(),
        format!("Cannot change asset from product of type Premium Plans with id {LIGHT_PLAN_ID} to product with id: {BUSINESS_EMAIL_ID}.")
    );
}

#[test]
fn adjust_to_an_unoffered_cycle_type_is_invalid_billing_cycle() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    adjust(
        &mut client,
        &instance,
        json!({ "billingInfo": { "type": "ONE_TIME" } }),
    )
    .assert_error("INVALID_BILLING_CYCLE");
}

#[test]
fn adjust_to_an_unoffered_duration_is_incompatible_billing_cycle() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    adjust(
        &mut client,
        &instance,
        json!({ "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "DAY", "count": 3 } } }),
    )
    .assert_error("INCOMPATIBLE_BILLING_CYCLE");
}

/// Adds a second mailbox product of the Email service type, limit 1.
fn add_mailbox_plus(client: &mut Client) -> String {
    let id = "ca7a1090-0000-4000-8000-000000000302";
    let answer = client.control(
        "POST",
        "/_sandbox/catalog",
        Some(json!({
            "catalogProductId": id, "name": "Business Email Plus", "productType": "MAILBOX",
            "serviceType": "Email", "cycles": [{ "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 1 } }],
            "adjustable": true, "referenceEligible": false, "requiresProductType": null, "limit": 1,
            "deliveryMs": 0, "deliveryOutcome": "ENABLED", "autoRenews": true
        })),
    );
    assert_eq!(answer.status, 200, "{}", answer.json);
    id.to_string()
}

#[test]
fn adjust_into_a_product_at_its_limit_is_product_limit_exceeded() {
    let mut client = Client::new();
    let plus = add_mailbox_plus(&mut client);
    client.create_ok(json!([single(&plus, None)]));
    let mailbox = client.create_ok(json!([single(BUSINESS_EMAIL_ID, None)]));
    let answer = adjust(
        &mut client,
        &first_instance_id(&mailbox),
        json!({ "catalogProductId": plus }),
    );
    answer.assert_error("PRODUCT_LIMIT_EXCEEDED");
}

#[test]
fn adjust_into_a_type_already_on_the_site_is_product_type_already_assigned() {
    let mut client = Client::new();
    client.control(
        "POST",
        "/_sandbox/catalog",
        Some(json!({
            "catalogProductId": "ca7a1090-0000-4000-8000-000000000105", "name": "Store Add-on",
            "productType": "STORE_ADDON", "serviceType": "Premium Plans",
            "cycles": [{ "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } }]
        })),
    );
    let (_, _plan_instance) = light_on(&mut client, Some(RESELLER_SITE_ID));
    let addon = client.create_ok(json!([plan(
        "ca7a1090-0000-4000-8000-000000000105",
        Some(RESELLER_SITE_ID)
    )]));
    let answer = adjust(
        &mut client,
        &first_instance_id(&addon),
        json!({ "catalogProductId": CORE_PLAN_ID }),
    );
    answer.assert_error("PRODUCT_TYPE_ALREADY_ASSIGNED");
}

#[test]
fn adjust_into_a_product_whose_prerequisite_is_missing_is_not_supported_on_site() {
    let mut client = Client::new();
    client.control(
        "POST",
        "/_sandbox/catalog",
        Some(json!({
            "catalogProductId": "ca7a1090-0000-4000-8000-000000000106", "name": "Plan Extension",
            "productType": "PLAN_EXTENSION", "serviceType": "Premium Plans", "requiresProductType": "STORE",
            "cycles": [{ "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } }]
        })),
    );
    let (_, instance) = light_on(&mut client, Some(RESELLER_SITE_ID));
    adjust(
        &mut client,
        &instance,
        json!({ "catalogProductId": "ca7a1090-0000-4000-8000-000000000106" }),
    )
    .assert_error("PRODUCT_NOT_SUPPORTED_ON_SITE");
}

#[test]
fn adjust_with_a_wrongly_typed_body_is_a_validation_error() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    let answer = adjust(&mut client, &instance, json!({ "catalogProductId": ["x"] }));
    assert_eq!(answer.status, 400);
}

#[test]
fn assign_moves_a_floating_instance_to_a_site() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    let answer = client.call(
        "PATCH",
        &format!("{}/{RESELLER_SITE_ID}", instance_path(&instance)),
        None,
    );
    assert_eq!(answer.status, 200, "{}", answer.json);
    assert_eq!(answer.instance()["siteId"], RESELLER_SITE_ID);
    assert_eq!(answer.package()["parentAccountId"], RESELLER_ACCOUNT_ID);
}

#[test]
fn assign_moves_between_sites_in_one_call() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, Some(RESELLER_SITE_ID));
    let answer = client.call(
        "PATCH",
        &format!("{}/{RESELLER_SECOND_SITE_ID}", instance_path(&instance)),
        None,
    );
    assert_eq!(answer.instance()["siteId"], RESELLER_SECOND_SITE_ID);
    client.create_ok(json!([plan(CORE_PLAN_ID, Some(RESELLER_SITE_ID))]));
}

#[test]
fn assign_to_the_current_site_is_a_no_op() {
    let mut client = Client::new();
    let (package, instance) = light_on(&mut client, Some(RESELLER_SITE_ID));
    let answer = client.call(
        "PATCH",
        &format!("{}/{RESELLER_SITE_ID}", instance_path(&instance)),
        None,
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.instance()["siteId"], RESELLER_SITE_ID);
    assert_eq!(
        answer.instance()["updatedDate"],
        client.get(&id_of(&package)).instance()["updatedDate"]
    );
}

#[test]
fn assign_to_a_site_of_another_account_is_site_not_found() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    client
        .call(
            "PATCH",
            &format!("{}/{SUB_ACCOUNT_SITE_ID}", instance_path(&instance)),
            None,
        )
        .assert_error("SITE_NOT_FOUND");
    client
        .call(
            "PATCH",
            &format!(
                "{}/517e0000-0000-4000-8000-00000000dead",
                instance_path(&instance)
            ),
            None,
        )
        .assert_error("SITE_NOT_FOUND");
}

#[test]
fn assign_a_canceled_instance_is_incompatible_status() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    client.call("DELETE", &instance_path(&instance), None);
    client
        .call(
            "PATCH",
            &format!("{}/{RESELLER_SITE_ID}", instance_path(&instance)),
            None,
        )
        .assert_error("INCOMPATIBLE_PRODUCT_INSTANCE_STATUS");
}

#[test]
fn assign_onto_a_site_holding_the_type_is_product_type_already_assigned() {
    let mut client = Client::new();
    light_on(&mut client, Some(RESELLER_SITE_ID));
    let (_, floating) = light_on(&mut client, None);
    client
        .call(
            "PATCH",
            &format!("{}/{RESELLER_SITE_ID}", instance_path(&floating)),
            None,
        )
        .assert_error("PRODUCT_TYPE_ALREADY_ASSIGNED");
}

#[test]
fn assign_a_domain_to_a_site_without_a_plan_is_not_supported() {
    let mut client = Client::new();
    let domain = client.create_ok(json!([single(DOMAIN_ID, None)]));
    let path = format!(
        "{}/{RESELLER_SITE_ID}",
        instance_path(&first_instance_id(&domain))
    );
    client
        .call("PATCH", &path, None)
        .assert_error("PRODUCT_NOT_SUPPORTED_ON_SITE");
    light_on(&mut client, Some(RESELLER_SITE_ID));
    assert_eq!(client.call("PATCH", &path, None).status, 200);
}

#[test]
fn assign_unknown_instance_is_product_instance_not_found() {
    let mut client = Client::new();
    client
        .call(
            "PATCH",
            &format!(
                "{}/{RESELLER_SITE_ID}",
                instance_path("11111111-1111-4111-8111-111111111111")
            ),
            None,
        )
        .assert_error("PRODUCT_INSTANCE_NOT_FOUND");
}

#[test]
fn unassign_makes_the_instance_floating() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, Some(RESELLER_SITE_ID));
    let answer = client.call(
        "PATCH",
        &format!("{}/unassign", instance_path(&instance)),
        Some(json!({ "idempotencyKey": "u1" })),
    );
    assert_eq!(answer.status, 200);
    assert!(answer.instance().get("siteId").is_none());
    assert_eq!(answer.json["idempotencyKey"], "u1");
    client.create_ok(json!([plan(CORE_PLAN_ID, Some(RESELLER_SITE_ID))]));
}

#[test]
fn unassign_a_floating_instance_is_missing_site_id() {
    let mut client = Client::new();
    let (_, instance) = light_on(&mut client, None);
    let answer = client.call(
        "PATCH",
        &format!("{}/unassign", instance_path(&instance)),
        None,
    );
    answer.assert_error("MISSING_SITE_ID");
    assert_eq!(
        answer.message(),
        format!("You must provide a siteId to unassign product instance {instance} from a site.")
    );
}

#[test]
fn unassign_unknown_instance_is_product_instance_not_found() {
    let mut client = Client::new();
    client
        .call(
            "PATCH",
            &format!(
                "{}/unassign",
                instance_path("11111111-1111-4111-8111-111111111111")
            ),
            None,
        )
        .assert_error("PRODUCT_INSTANCE_NOT_FOUND");
}

/// A `cycleDuration` without `unit` is a 400 on the field's full path, as
/// the offline rules report it, whether or not a product comes with it.
#[test]
fn adjust_with_a_cycle_duration_without_unit_names_the_full_path() {
    let mut client = Client::new();
    let package = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let instance = first_instance_id(&package);
    for body in [
        json!({ "billingInfo": { "type": "RECURRING", "cycleDuration": { "count": 1 } } }),
        json!({ "catalogProductId": LIGHT_PLAN_ID,
                "billingInfo": { "type": "RECURRING", "cycleDuration": {} } }),
    ] {
        let answer = adjust(&mut client, &instance, body.clone());
        assert_eq!(answer.status, 400, "{body}: {}", answer.json);
        assert_eq!(
            answer.violation_field(),
            "billingInfo.cycleDuration.unit",
            "{}",
            answer.json
        );
        let violation = &answer.json["details"]["validationError"]["fieldViolations"][0];
        assert_eq!(violation["violatedRule"], "REQUIRED_FIELD");
    }
}
