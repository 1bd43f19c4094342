//! The whole client pipeline against the real sandbox engine, in-process:
//! every endpoint, the documented error paths, sub-accounts, paging over more
//! than 250 packages, and injected faults that must never buy a second
//! package.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod client_support;
mod error_codes;

use client_support::block_on;
use error_codes::status_of;
use serde::Serialize;
use serde_json::{json, Value};
use wix_resellers::client::{CallOptions, Client, ClientConfig, ErrorKind, IterateOptions};
use wix_resellers::http::HttpRequest;
use wix_resellers::sandbox::in_process::InProcessTransport;
use wix_resellers::sandbox::{seed, Sandbox};

const START_MS: i64 = 1_764_000_000_000;

fn client() -> Client<InProcessTransport> {
    client_for(seed::RESELLER_API_KEY, seed::RESELLER_ACCOUNT_ID)
}

fn client_for(key: &str, account: &str) -> Client<InProcessTransport> {
    let config = ClientConfig::from_json(&json!({
        "apiKey": key,
        "accountId": account,
        "baseUrl": "http://127.0.0.1:8787",
    }))
    .expect("valid config");
    Client::new(
        config,
        InProcessTransport::new(Sandbox::new(true), START_MS),
    )
}

fn value<T: Serialize>(answer: T) -> Value {
    serde_json::to_value(answer).expect("serialisable")
}

fn control(client: &Client<InProcessTransport>, path: &str, body: Value) -> Value {
    let response = client.transport().handle(&HttpRequest {
        method: "POST".into(),
        path: path.into(),
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_string().into_bytes(),
    });
    assert_eq!(
        response.status,
        200,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    serde_json::from_slice(&response.body).expect("JSON")
}

fn plan(site: &str) -> Value {
    json!({
        "catalogProductId": seed::BUSINESS_PLAN_ID,
        "siteId": site,
        "countryCode": "BR",
        "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 1 } },
    })
}

fn floating_plan() -> Value {
    json!({
        "catalogProductId": seed::LIGHT_PLAN_ID,
        "countryCode": "DE",
        "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } },
    })
}

fn create(client: &Client<InProcessTransport>, request: Value) -> Value {
    value(block_on(client.create_package_v2(&request, &CallOptions::default())).expect("created"))
}

fn count_packages(client: &Client<InProcessTransport>, filter: Value) -> usize {
    let answer = value(
        block_on(client.query_packages(&json!({ "filter": filter, "paging": { "limit": 1000 } })))
            .expect("queried"),
    );
    answer["metadata"]["total"].as_u64().expect("total") as usize
}

#[test]
fn create_then_get_shows_the_delivered_plan() {
    let client = client();
    let created = create(
        &client,
        json!({ "externalId": "order-1", "products": [plan(seed::RESELLER_SITE_ID)] }),
    );
    let package = &created["package"];
    assert_eq!(package["productInstances"][0]["status"], "PENDING");
    assert_eq!(package["externalId"], "order-1");
    assert!(
        created["idempotencyKey"].is_string(),
        "a generated key is echoed"
    );
    let id = package["id"].as_str().expect("id");
    let fetched = value(block_on(client.get_package(id)).expect("fetched"));
    assert_eq!(fetched["id"], package["id"]);
    assert_eq!(fetched["productInstances"][0]["status"], "ENABLED");
}

#[test]
fn the_deprecated_v1_create_needs_no_country_code() {
    let client = client();
    let request = json!({ "products": [{ "catalogProductId": seed::BUSINESS_EMAIL_ID }] });
    let created =
        value(block_on(client.create_package(&request, &CallOptions::default())).expect("created"));
    assert_eq!(
        created["package"]["productInstances"][0]["catalogProductId"],
        seed::BUSINESS_EMAIL_ID
    );
}

#[test]
fn an_invalid_request_is_refused_before_sending() {
    let client = client();
    let request =
        json!({ "products": [{ "catalogProductId": seed::LIGHT_PLAN_ID, "countryCode": "UK" }] });
    let error =
        block_on(client.create_package_v2(&request, &CallOptions::default())).expect_err("refused");
    assert_eq!(error.kind, ErrorKind::Validation);
    assert_eq!(error.attempts, 0);
    assert_eq!(error.field_violations[0].field, "products[0].countryCode");
    assert_eq!(count_packages(&client, json!({})), 0);
}

#[test]
fn business_errors_carry_the_wix_code_status_and_request_id() {
    let client = client();
    let unknown_product = json!({ "products": [{ "catalogProductId": "00000000-0000-4000-8000-0000000000ff", "countryCode": "BR" }] });
    let error = block_on(client.create_package_v2(&unknown_product, &CallOptions::default()))
        .expect_err("404");
    assert_eq!(
        (error.kind, error.code.as_str(), error.status),
        (
            ErrorKind::Api,
            "PRODUCT_NOT_FOUND",
            Some(status_of("PRODUCT_NOT_FOUND"))
        )
    );
    assert!(error.request_id.is_some());
    assert_eq!(error.attempts, 1, "a 404 is never retried");

    let no_cycle =
        json!({ "products": [{ "catalogProductId": seed::CORE_PLAN_ID, "countryCode": "BR" }] });
    let error =
        block_on(client.create_package_v2(&no_cycle, &CallOptions::default())).expect_err("428");
    assert_eq!(
        (error.code.as_str(), error.status),
        (
            "MISSING_BILLING_CYCLE",
            Some(status_of("MISSING_BILLING_CYCLE"))
        )
    );

    let missing =
        block_on(client.get_package("00000000-0000-4000-8000-000000000000")).expect_err("404");
    assert_eq!(missing.code, "PACKAGE_NOT_FOUND");
}

#[test]
fn a_wrong_key_is_unauthenticated_and_sent_once() {
    let client = client_for("not-a-key-of-this-sandbox", seed::RESELLER_ACCOUNT_ID);
    let error =
        block_on(client.get_package("00000000-0000-4000-8000-000000000000")).expect_err("401");
    assert_eq!(
        (error.code.as_str(), error.status, error.attempts),
        ("UNAUTHENTICATED", Some(401), 1)
    );
    assert!(!format!("{error:?}{error}").contains("not-a-key-of-this-sandbox"));
}

#[test]
fn the_diy_flow_runs_in_the_customer_sub_account() {
    let reseller = client();
    let customer = reseller
        .with_account(seed::SUB_ACCOUNT_ID)
        .expect("valid account");
    let created = create(
        &customer,
        json!({ "products": [plan(seed::SUB_ACCOUNT_SITE_ID)] }),
    );
    let plan_instance = created["package"]["productInstances"][0]["instanceId"]
        .as_str()
        .expect("instance")
        .to_owned();
    assert_eq!(created["package"]["accountId"], seed::SUB_ACCOUNT_ID);

    // A domain needs the plan on the site and may use it as its free reference.
    let domain = create(
        &customer,
        json!({ "products": [{
        "catalogProductId": seed::DOMAIN_ID, "siteId": seed::SUB_ACCOUNT_SITE_ID, "countryCode": "BR",
        "referenceProductInstanceId": plan_instance }] }),
    );
    assert!(domain["package"]["productInstances"][0]["expirationDate"].is_string());

    // Upgrade, then move the plan to the customer's second site.
    let adjusted = value(
        block_on(customer.adjust_product_instance_specifications(
            &plan_instance,
            &json!({ "catalogProductId": seed::BUSINESS_ELITE_PLAN_ID }),
        ))
        .expect("adjusted"),
    );
    assert_eq!(
        adjusted["package"]["productInstances"][0]["catalogProductId"],
        seed::BUSINESS_ELITE_PLAN_ID
    );
    let moved = value(
        block_on(customer.assign_product_instance_to_site(
            &json!({ "instanceId": plan_instance, "siteId": seed::SUB_ACCOUNT_SECOND_SITE_ID }),
            &CallOptions::default(),
        ))
        .expect("assigned"),
    );
    assert_eq!(
        moved["package"]["productInstances"][0]["siteId"],
        seed::SUB_ACCOUNT_SECOND_SITE_ID
    );

    // The reseller's query sees the sub-account's packages; a filter narrows them.
    assert_eq!(count_packages(&reseller, json!({})), 2);
    assert_eq!(
        count_packages(
            &reseller,
            json!({ "accountId": { "$eq": seed::SUB_ACCOUNT_ID } })
        ),
        2
    );
    assert_eq!(
        count_packages(
            &reseller,
            json!({ "accountId": { "$eq": seed::RESELLER_ACCOUNT_ID } })
        ),
        0
    );

    // The parent account may not touch the sub-account's instance directly.
    let error = block_on(reseller.cancel_product_instance(&plan_instance, &CallOptions::default()))
        .expect_err("428");
    assert_eq!(
        (error.code.as_str(), error.status),
        (
            "PRODUCT_INSTANCE_NOT_FOUND",
            Some(status_of("PRODUCT_INSTANCE_NOT_FOUND"))
        )
    );
}

#[test]
fn the_difm_flow_floats_assigns_unassigns_and_cancels() {
    let client = client();
    let created = create(
        &client,
        json!({ "externalId": "difm-1", "products": [floating_plan()] }),
    );
    let package_id = created["package"]["id"].as_str().expect("id").to_owned();
    let instance = created["package"]["productInstances"][0]["instanceId"]
        .as_str()
        .expect("instance")
        .to_owned();
    assert!(created["package"]["productInstances"][0]
        .get("siteId")
        .is_none());

    let error =
        block_on(client.unassign_product_instance_from_site(&instance, &CallOptions::default()))
            .expect_err("floating");
    assert_eq!(
        (error.code.as_str(), error.status),
        ("MISSING_SITE_ID", Some(status_of("MISSING_SITE_ID")))
    );

    let assigned = value(
        block_on(client.assign_product_instance_to_site(
            &json!({ "instanceId": instance, "siteId": seed::RESELLER_SITE_ID }),
            &CallOptions::default(),
        ))
        .expect("assigned"),
    );
    assert_eq!(
        assigned["package"]["productInstances"][0]["siteId"],
        seed::RESELLER_SITE_ID
    );
    let unassigned = value(
        block_on(client.unassign_product_instance_from_site(&instance, &CallOptions::default()))
            .expect("unassigned"),
    );
    assert!(unassigned["package"]["productInstances"][0]
        .get("siteId")
        .is_none());

    let renamed = value(
        block_on(client.update_package_external_id(
            &json!({ "packageId": package_id, "externalId": "difm-1/renewed" }),
        ))
        .expect("updated"),
    );
    assert_eq!(renamed["updatedPackage"]["externalId"], "difm-1/renewed");

    let canceled = value(
        block_on(client.cancel_package(&package_id, &CallOptions::default())).expect("canceled"),
    );
    assert_eq!(
        canceled["package"]["productInstances"][0]["status"],
        "CANCELED"
    );
    let again = value(
        block_on(client.cancel_package(&package_id, &CallOptions::default()))
            .expect("canceled twice"),
    );
    assert_eq!(
        again["package"]["productInstances"],
        canceled["package"]["productInstances"]
    );
}

#[test]
fn iterating_follows_cursors_over_more_than_250_packages_without_repeats() {
    let client = client();
    for order in 0..260 {
        create(
            &client,
            json!({ "externalId": format!("order-{order}"), "products": [floating_plan()] }),
        );
    }
    let mut pager = client.iterate_packages(
        &json!({ "cursorPaging": { "limit": 40 } }),
        IterateOptions::default(),
    );
    let mut seen = std::collections::HashSet::new();
    while let Some(package) = block_on(pager.next()).expect("page") {
        let package = value(package);
        assert!(
            seen.insert(package["id"].as_str().expect("id").to_owned()),
            "repeated {}",
            package["id"]
        );
    }
    assert_eq!(seen.len(), 260);

    let mut capped = client.iterate_packages(
        &json!({}),
        IterateOptions {
            max_items: Some(120),
            ..IterateOptions::default()
        },
    );
    let mut taken = 0;
    while block_on(capped.next()).expect("page").is_some() {
        taken += 1;
    }
    assert_eq!(taken, 120);
}

#[test]
fn a_projected_walk_yields_only_the_fields_asked_for_on_every_page() {
    let client = client();
    for order in 0..5 {
        create(
            &client,
            json!({ "externalId": format!("order-{order}"), "products": [floating_plan()] }),
        );
    }
    // Pages of 2: the later pages are asked for by cursor alone, and the
    // sandbox keeps the projection in the cursor.
    let mut pager = client.iterate_packages(
        &json!({ "fields": ["externalId", "productInstances.status"], "cursorPaging": { "limit": 2 } }),
        IterateOptions::default(),
    );
    let mut external_ids = Vec::new();
    while let Some(text) = block_on(pager.next_json()).expect("projected page") {
        let package: Value = serde_json::from_str(&text).expect("JSON");
        let keys: Vec<&str> = package
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["externalId", "id", "productInstances"], "{text}");
        let instances = package["productInstances"].as_array().expect("list");
        assert_eq!(instances.len(), 1, "{text}");
        assert!(instances[0]["status"].is_string(), "{text}");
        assert_eq!(instances[0].as_object().map(|fields| fields.len()), Some(1));
        external_ids.push(package["externalId"].as_str().expect("text").to_owned());
    }
    assert_eq!(
        external_ids,
        ["order-4", "order-3", "order-2", "order-1", "order-0"]
    );
    // The FULL fieldset is whole packages, which the typed pager decodes.
    let mut whole =
        client.iterate_packages(&json!({ "fieldsets": ["FULL"] }), IterateOptions::default());
    let first = block_on(whole.next()).expect("page").expect("a package");
    assert_eq!(first.product_instances.len(), 1);
}

#[test]
fn server_errors_are_retried_with_the_same_idempotency_key() {
    let client = client();
    control(
        &client,
        "/_sandbox/faults",
        json!({ "method": "POST", "pathPrefix": "/resellers/v2/packages", "times": 2, "status": 503 }),
    );
    let created = create(&client, json!({ "products": [floating_plan()] }));
    assert!(created["package"]["id"].is_string());
    assert_eq!(count_packages(&client, json!({})), 1);
}

#[test]
fn a_reset_after_the_create_was_processed_is_reconciled_by_external_id() {
    let client = client();
    control(
        &client,
        "/_sandbox/faults",
        json!({ "pathPrefix": "/resellers/v2/packages", "times": 1, "mode": "reset" }),
    );
    let created = create(
        &client,
        json!({ "externalId": "order-77", "products": [floating_plan()] }),
    );
    assert_eq!(created["package"]["externalId"], "order-77");
    assert_eq!(
        count_packages(&client, json!({ "externalId": { "$eq": "order-77" } })),
        1
    );
}

#[test]
fn a_truncated_answer_without_external_id_is_saved_by_the_idempotency_key() {
    let client = client();
    control(
        &client,
        "/_sandbox/faults",
        json!({ "pathPrefix": "/resellers/v2/packages", "times": 1, "mode": "truncated" }),
    );
    let created = create(&client, json!({ "products": [floating_plan()] }));
    assert!(created["package"]["id"].is_string());
    assert_eq!(count_packages(&client, json!({})), 1);
}

#[test]
fn a_hanging_server_times_out_within_the_deadline() {
    let client = client();
    control(
        &client,
        "/_sandbox/faults",
        json!({ "method": "GET", "times": 10, "delayMs": 60_000 }),
    );
    let error =
        block_on(client.get_package("00000000-0000-4000-8000-000000000000")).expect_err("timeout");
    assert_eq!(error.kind, ErrorKind::Timeout);
    // 30 s attempts under the default 60 s deadline: the second attempt is
    // cut to what is left, and then the deadline (not maxRetries) ends it.
    assert_eq!(
        error.attempts, 2,
        "the first attempt and one shortened retry"
    );
    assert!(
        error.message.contains("deadlineMs (60000) is spent"),
        "{}",
        error.message
    );
}

#[test]
fn two_hundred_orders_under_random_faults_buy_exactly_one_package_each() {
    let client = client();
    let modes = [
        json!({ "status": 503 }),
        json!({ "mode": "reset" }),
        json!({ "mode": "truncated" }),
        json!({ "status": 429, "retryAfter": 1 }),
        json!({ "mode": "malformed" }),
        json!({ "status": 500 }),
    ];
    let mut outcomes = Vec::new();
    for order in 0..200usize {
        if order % 3 != 2 {
            let mut fault = modes[order % modes.len()].clone();
            fault["times"] = json!(1 + order % 2);
            fault["pathPrefix"] = json!("/resellers/v2/packages");
            control(&client, "/_sandbox/faults", fault);
        }
        let request =
            json!({ "externalId": format!("order-{order}"), "products": [floating_plan()] });
        outcomes
            .push(block_on(client.create_package_v2(&request, &CallOptions::default())).is_ok());
    }
    assert!(
        outcomes.iter().all(|ok| *ok),
        "every order eventually succeeds"
    );
    for order in 0..200 {
        assert_eq!(
            count_packages(
                &client,
                json!({ "externalId": { "$eq": format!("order-{order}") } })
            ),
            1,
            "order-{order}"
        );
    }
    assert_eq!(count_packages(&client, json!({})), 200);
}
