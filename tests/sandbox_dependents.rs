//! Dependent services: an instance whose product needs a product type on its
//! site (`requiresProductType`: a domain needs a Premium plan) is
//! disconnected — made floating, its status kept, its package stamped — as
//! soon as the site no longer holds that type live.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod sandbox_support;

use sandbox_support::*;
use serde_json::{json, Value};
use wix_resellers::sandbox::seed::*;

fn instance_path(instance: &str) -> String {
    format!("/resellers/v1/packages/product-instances/{instance}")
}

/// A Light plan on the reseller's site and a domain on top of it, both
/// delivered: (plan package, domain package).
fn plan_and_domain(client: &mut Client) -> (Value, Value) {
    let plan_package = client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))]));
    let domain_package = client.create_ok(json!([single(DOMAIN_ID, Some(RESELLER_SITE_ID))]));
    let domain = client.get(&id_of(&domain_package));
    assert_eq!(domain.instance()["status"], "ENABLED");
    (plan_package, domain.package().clone())
}

/// Asserts the domain package is disconnected: floating, still `ENABLED`,
/// package and instance stamped after `before`.
fn assert_disconnected(client: &mut Client, before: &Value) {
    let after = client.get(&id_of(before));
    let domain = after.instance();
    assert!(domain.get("siteId").is_none(), "floating: {domain}");
    assert_eq!(domain["status"], "ENABLED", "the status is kept");
    assert!(
        after.package()["updatedDate"].as_str() > before["updatedDate"].as_str(),
        "the package's updatedDate moves"
    );
    assert!(domain["updatedDate"].as_str() > before["productInstances"][0]["updatedDate"].as_str());
}

fn assert_connected(client: &mut Client, before: &Value) {
    let after = client.get(&id_of(before));
    assert_eq!(after.instance()["siteId"], json!(RESELLER_SITE_ID));
    assert_eq!(after.package()["updatedDate"], before["updatedDate"]);
}

#[test]
fn cancelling_the_plan_package_disconnects_the_domain() {
    let mut client = Client::new();
    let (plan_package, domain) = plan_and_domain(&mut client);
    let answer = client.call(
        "DELETE",
        &format!("/resellers/v1/packages/{}", id_of(&plan_package)),
        None,
    );
    assert_eq!(answer.status, 200);
    assert_disconnected(&mut client, &domain);
}

#[test]
fn cancelling_the_plan_instance_disconnects_the_domain() {
    let mut client = Client::new();
    let (plan_package, domain) = plan_and_domain(&mut client);
    let answer = client.call(
        "DELETE",
        &instance_path(&first_instance_id(&plan_package)),
        None,
    );
    assert_eq!(answer.status, 200);
    assert_disconnected(&mut client, &domain);
}

#[test]
fn unassigning_the_plan_disconnects_the_domain() {
    let mut client = Client::new();
    let (plan_package, domain) = plan_and_domain(&mut client);
    let path = format!(
        "{}/unassign",
        instance_path(&first_instance_id(&plan_package))
    );
    assert_eq!(client.call("PATCH", &path, None).status, 200);
    assert_disconnected(&mut client, &domain);
}

#[test]
fn moving_the_plan_to_another_site_disconnects_the_domain() {
    let mut client = Client::new();
    let (plan_package, domain) = plan_and_domain(&mut client);
    let path = format!(
        "{}/{RESELLER_SECOND_SITE_ID}",
        instance_path(&first_instance_id(&plan_package))
    );
    assert_eq!(client.call("PATCH", &path, None).status, 200);
    assert_disconnected(&mut client, &domain);
}

#[test]
fn downgrading_to_a_plan_that_no_longer_covers_the_domain_disconnects_it() {
    let mut client = Client::new();
    let starter = "ca7a1090-0000-4000-8000-000000000100";
    client.add_product(product_json(
        starter,
        "STARTER_PLAN",
        "Premium Plans",
        json!({}),
    ));
    let (plan_package, domain) = plan_and_domain(&mut client);
    let plan_instance = first_instance_id(&plan_package);

    // Core is a PREMIUM_PLAN too: the domain stays.
    let core = client.call(
        "PATCH",
        &instance_path(&plan_instance),
        Some(json!({ "catalogProductId": CORE_PLAN_ID })),
    );
    assert_eq!(core.status, 200, "{}", core.json);
    assert_connected(&mut client, &domain);

    let down = client.call(
        "PATCH",
        &instance_path(&plan_instance),
        Some(json!({ "catalogProductId": starter })),
    );
    assert_eq!(down.status, 200, "{}", down.json);
    assert_disconnected(&mut client, &domain);
}

#[test]
fn a_failed_or_forced_prerequisite_disconnects_too() {
    let mut client = Client::new();
    let doomed = "ca7a1090-0000-4000-8000-000000000107";
    client.add_product(product_json(
        doomed,
        "PREMIUM_PLAN",
        "Premium Plans",
        json!({ "deliveryMs": 60_000, "deliveryOutcome": "FAILED" }),
    ));
    client.create_ok(json!([plan(doomed, Some(RESELLER_SITE_ID))]));
    let pending_plan_domain = client.create_ok(json!([single(DOMAIN_ID, Some(RESELLER_SITE_ID))]));
    let domain = client.get(&id_of(&pending_plan_domain)).package().clone();
    client.advance(60_000);
    assert_disconnected(&mut client, &domain);

    let (plan_package, domain) = plan_and_domain(&mut client);
    let forced = client.control(
        "POST",
        &format!(
            "/_sandbox/instances/{}/status",
            first_instance_id(&plan_package)
        ),
        Some(json!({ "status": "CANCELED" })),
    );
    assert_eq!(forced.status, 200);
    assert_disconnected(&mut client, &domain);
}

#[test]
fn dependents_of_dependents_are_disconnected_too() {
    let mut client = Client::new();
    let dns = "ca7a1090-0000-4000-8000-000000000203";
    client.add_product(product_json(
        dns,
        "DNS_ADDON",
        "Domains",
        json!({ "requiresProductType": "DOMAIN" }),
    ));
    let (plan_package, domain) = plan_and_domain(&mut client);
    let addon = client.create_ok(json!([plan(dns, Some(RESELLER_SITE_ID))]));
    client.call(
        "DELETE",
        &format!("/resellers/v1/packages/{}", id_of(&plan_package)),
        None,
    );
    assert_disconnected(&mut client, &domain);
    let addon = client.get(&id_of(&addon));
    assert!(addon.instance().get("siteId").is_none());
}

#[test]
fn a_dependent_in_the_cancelled_package_is_cancelled_not_moved() {
    let mut client = Client::new();
    let package = client.create_ok(json!([
        plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID)),
        single(DOMAIN_ID, None)
    ]));
    let domain_instance = package["productInstances"][1]["instanceId"]
        .as_str()
        .unwrap()
        .to_owned();
    let assigned = client.call(
        "PATCH",
        &format!("{}/{RESELLER_SITE_ID}", instance_path(&domain_instance)),
        None,
    );
    assert_eq!(assigned.status, 200, "{}", assigned.json);
    let answer = client.call(
        "DELETE",
        &format!("/resellers/v1/packages/{}", id_of(&package)),
        None,
    );
    let domain = &answer.package()["productInstances"][1];
    assert_eq!(domain["status"], "CANCELED");
    assert_eq!(domain["siteId"], json!(RESELLER_SITE_ID));
}

#[test]
fn cancelled_dependents_and_other_sites_are_left_alone() {
    let mut client = Client::new();
    let (plan_package, domain) = plan_and_domain(&mut client);
    let cancelled = client.call("DELETE", &instance_path(&first_instance_id(&domain)), None);
    let domain = cancelled.package().clone();
    client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(RESELLER_SECOND_SITE_ID))]));
    let other = client.create_ok(json!([single(DOMAIN_ID, Some(RESELLER_SECOND_SITE_ID))]));
    let other = client.get(&id_of(&other)).package().clone();
    client.call(
        "DELETE",
        &format!("/resellers/v1/packages/{}", id_of(&plan_package)),
        None,
    );
    let after = client.get(&id_of(&domain));
    assert_eq!(after.instance()["status"], "CANCELED");
    assert_eq!(
        after.instance()["siteId"],
        json!(RESELLER_SITE_ID),
        "a cancelled domain is history"
    );
    assert_eq!(after.package()["updatedDate"], domain["updatedDate"]);
    let other_after = client.get(&id_of(&other));
    assert_eq!(
        other_after.instance()["siteId"],
        json!(RESELLER_SECOND_SITE_ID)
    );
}

#[test]
fn a_disconnected_domain_keeps_a_status_other_than_enabled() {
    let mut client = Client::new();
    let (plan_package, domain) = plan_and_domain(&mut client);
    let forced = client.control(
        "POST",
        &format!("/_sandbox/instances/{}/status", first_instance_id(&domain)),
        Some(json!({ "status": "AWAITING_ACTION" })),
    );
    assert_eq!(forced.status, 200);
    client.call(
        "DELETE",
        &instance_path(&first_instance_id(&plan_package)),
        None,
    );
    let after = client.get(&id_of(&domain));
    assert_eq!(after.instance()["status"], "AWAITING_ACTION");
    assert!(after.instance().get("siteId").is_none());
}
