//! Delivery lifecycle over sandbox time, and idempotency replay and expiry.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod sandbox_support;

use sandbox_support::*;
use serde_json::json;
use wix_resellers::sandbox::seed::*;

#[test]
fn instant_delivery_shows_pending_then_enabled_on_the_next_read() {
    let mut client = Client::new();
    let created = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    assert_eq!(created["productInstances"][0]["status"], "PENDING");
    let read = client.get(&id_of(&created));
    assert_eq!(read.instance()["status"], "ENABLED");
    assert_ne!(
        read.instance()["updatedDate"],
        created["productInstances"][0]["updatedDate"]
    );
    assert_eq!(
        read.package()["updatedDate"],
        read.instance()["updatedDate"]
    );
}

#[test]
fn slow_delivery_stays_pending_until_its_time() {
    let mut client = Client::new();
    let created = client.create_ok(json!([single(SITE_BOOSTER_ID, None)]));
    client.advance(59_000);
    assert_eq!(client.get(&id_of(&created)).instance()["status"], "PENDING");
    client.advance(1_000);
    let read = client.get(&id_of(&created));
    assert_eq!(read.instance()["status"], "ENABLED");
}

#[test]
fn failing_product_ends_failed_with_a_failure_reason() {
    let mut client = Client::new();
    let created = client.create_ok(json!([single(AD_CREDITS_ID, None)]));
    let read = client.get(&id_of(&created));
    assert_eq!(read.instance()["status"], "FAILED");
    assert_eq!(read.instance()["failure"]["code"], "EXTERNAL_FAILURE");
    assert!(read.instance()["failure"]["message"].is_string());
}

#[test]
fn transfer_product_ends_awaiting_action() {
    let mut client = Client::new();
    let created = client.create_ok(json!([single(DOMAIN_TRANSFER_ID, None)]));
    let read = client.get(&id_of(&created));
    assert_eq!(read.instance()["status"], "AWAITING_ACTION");
    assert!(read.instance().get("failure").is_none());
}

#[test]
fn canceled_before_delivery_stays_canceled() {
    let mut client = Client::new();
    let created = client.create_ok(json!([single(SITE_BOOSTER_ID, None)]));
    client.call(
        "DELETE",
        &format!("/resellers/v1/packages/{}", id_of(&created)),
        None,
    );
    client.advance(120_000);
    assert_eq!(
        client.get(&id_of(&created)).instance()["status"],
        "CANCELED"
    );
}

#[test]
fn a_failed_instance_no_longer_counts_against_the_limit() {
    let mut client = Client::new();
    let mut failing_mailbox = client.control("GET", "/_sandbox/catalog", None).json["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["catalogProductId"] == BUSINESS_EMAIL_ID)
        .unwrap()
        .clone();
    failing_mailbox["deliveryOutcome"] = json!("FAILED");
    assert_eq!(
        client
            .control("POST", "/_sandbox/catalog", Some(failing_mailbox))
            .status,
        200
    );
    client.create_ok(json!([single(BUSINESS_EMAIL_ID, None)]));
    client.create_ok(json!([single(BUSINESS_EMAIL_ID, None)]));
}

fn create_with_key(client: &mut Client, key: &str) -> Answer {
    client.create(json!({ "products": [plan(LIGHT_PLAN_ID, None)], "idempotencyKey": key }))
}

fn package_count(client: &mut Client) -> usize {
    client.query(json!({})).json["packages"]
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn retried_create_with_the_same_key_replays_without_a_second_package() {
    let mut client = Client::new();
    let first = create_with_key(&mut client, "order-1");
    let second = create_with_key(&mut client, "order-1");
    assert_eq!(second.status, 200);
    assert_eq!(first.raw.body, second.raw.body);
    assert_ne!(
        first.raw.header("x-wix-request-id"),
        second.raw.header("x-wix-request-id")
    );
    assert_eq!(package_count(&mut client), 1);
}

#[test]
fn a_different_key_creates_another_package() {
    let mut client = Client::new();
    create_with_key(&mut client, "order-1");
    create_with_key(&mut client, "order-2");
    assert_eq!(package_count(&mut client), 2);
}

#[test]
fn the_key_is_scoped_to_the_account() {
    let mut client = Client::new();
    create_with_key(&mut client, "order-1");
    client.acting_for(SUB_ACCOUNT_ID);
    create_with_key(&mut client, "order-1");
    assert_eq!(package_count(&mut client), 2);
}

#[test]
fn an_error_answer_is_replayed_too() {
    let mut client = Client::new();
    client.create_ok(json!([single(BUSINESS_EMAIL_ID, None)]));
    let body = json!({ "products": [single(BUSINESS_EMAIL_ID, None)], "idempotencyKey": "mail-2" });
    client
        .create(body.clone())
        .assert_error("PRODUCT_LIMIT_EXCEEDED");
    let first = client.query(json!({})).json["packages"][0].clone();
    client.call(
        "DELETE",
        &format!("/resellers/v1/packages/{}", id_of(&first)),
        None,
    );
    client.create(body).assert_error("PRODUCT_LIMIT_EXCEEDED");
}

#[test]
fn records_expire_after_24_hours_of_sandbox_time() {
    let mut client = Client::new();
    create_with_key(&mut client, "order-1");
    client.advance(24 * 60 * 60 * 1000 - 10);
    create_with_key(&mut client, "order-1");
    assert_eq!(package_count(&mut client), 1);
    client.advance(20);
    create_with_key(&mut client, "order-1");
    assert_eq!(package_count(&mut client), 2);
}

#[test]
fn replayed_cancel_answers_the_first_result() {
    let mut client = Client::new();
    let created = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let path = format!("/resellers/v1/packages/{}", id_of(&created));
    let first = client.call("DELETE", &path, Some(json!({ "idempotencyKey": "c-1" })));
    let again = client.call("DELETE", &path, Some(json!({ "idempotencyKey": "c-1" })));
    assert_eq!(first.raw.body, again.raw.body);
}
