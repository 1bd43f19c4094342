//! The `/_sandbox/` control API and every fault mode.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod sandbox_support;

use sandbox_support::*;
use serde_json::{json, Value};
use wix_resellers::sandbox::seed::*;
use wix_resellers::sandbox::Sandbox;

const NEW_ACCOUNT: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const NEW_SITE: &str = "aaaaaaaa-0000-4000-8000-00000000a001";

fn fault(client: &mut Client, body: Value) {
    let answer = client.control("POST", "/_sandbox/faults", Some(body));
    assert_eq!(answer.status, 200, "{}", answer.json);
}

fn count(client: &mut Client) -> usize {
    client.query(json!({})).json["packages"]
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn control_answers_carry_json_and_a_request_id() {
    let mut client = Client::new();
    let answer = client.control("GET", "/_sandbox/clock", None);
    assert_eq!(answer.raw.header("content-type"), Some("application/json"));
    assert!(answer.raw.header("x-wix-request-id").is_some());
}

#[test]
fn catalog_lists_every_seed_product_with_its_rules() {
    let mut client = Client::new();
    let answer = client.control("GET", "/_sandbox/catalog", None);
    let products = answer.json["products"].as_array().unwrap();
    assert_eq!(products.len(), 9);
    let light = &products[0];
    assert_eq!(light["catalogProductId"], LIGHT_PLAN_ID);
    assert_eq!(light["name"], "Light");
    assert_eq!(light["serviceType"], "Premium Plans");
    assert_eq!(light["productType"], "PREMIUM_PLAN");
    assert_eq!(light["cycles"].as_array().unwrap().len(), 2);
    assert_eq!(light["referenceEligible"], true);
    assert_eq!(light["requiresProductType"], Value::Null);
    assert_eq!(light["limit"], Value::Null);
    assert_eq!(light["deliveryMs"], 0);
    assert_eq!(light["deliveryOutcome"], "ENABLED");
    assert_eq!(light["autoRenews"], true);
    assert_eq!(light["resellable"], true);
    assert_eq!(light["hasSettings"], true);
    let domain = products
        .iter()
        .find(|p| p["catalogProductId"] == DOMAIN_ID)
        .unwrap();
    assert_eq!(domain["requiresProductType"], "PREMIUM_PLAN");
    assert_eq!(domain["adjustable"], false);
    assert_eq!(domain["autoRenews"], false);
}

#[test]
fn catalog_post_adds_a_product_that_create_then_accepts() {
    let mut client = Client::new();
    let id = "ca7a1090-0000-4000-8000-000000000501";
    let answer = client.control(
        "POST",
        "/_sandbox/catalog",
        Some(json!({ "catalogProductId": id, "name": "Logo Maker", "productType": "LOGO", "serviceType": "Design",
                     "cycles": [{ "type": "ONE_TIME" }], "limit": 2, "deliveryMs": 5 })),
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json["limit"], 2);
    assert_eq!(answer.json["adjustable"], true);
    client.create_ok(json!([single(id, None)]));
}

#[test]
fn catalog_post_replaces_a_product() {
    let mut client = Client::new();
    let mut email = client.control("GET", "/_sandbox/catalog", None).json["products"][6].clone();
    assert_eq!(email["catalogProductId"], BUSINESS_EMAIL_ID);
    email["limit"] = json!(2);
    client.control("POST", "/_sandbox/catalog", Some(email));
    client.create_ok(json!([
        single(BUSINESS_EMAIL_ID, None),
        single(BUSINESS_EMAIL_ID, None)
    ]));
    assert_eq!(
        client.control("GET", "/_sandbox/catalog", None).json["products"]
            .as_array()
            .unwrap()
            .len(),
        9
    );
}

#[test]
fn catalog_post_rejects_bad_products() {
    let mut client = Client::new();
    for body in [
        json!({}),
        json!({ "catalogProductId": "x", "name": "n", "productType": "T", "serviceType": "S", "cycles": [{ "type": "ONE_TIME" }] }),
        json!({ "catalogProductId": LIGHT_PLAN_ID, "name": "n", "productType": "T", "serviceType": "S", "cycles": [] }),
        json!({ "catalogProductId": LIGHT_PLAN_ID, "name": "n", "productType": "T", "serviceType": "S",
                "cycles": [{ "type": "RECURRING" }] }),
        json!({ "catalogProductId": LIGHT_PLAN_ID, "name": "n", "productType": "T", "serviceType": "S",
                "cycles": [{ "type": "ONE_TIME" }], "deliveryOutcome": "CANCELED" }),
        json!("product"),
    ] {
        let answer = client.control("POST", "/_sandbox/catalog", Some(body.clone()));
        assert_eq!(answer.status, 400, "{body}");
        assert!(answer.json["details"]["validationError"]["fieldViolations"].is_array());
    }
}

#[test]
fn accounts_lists_the_seed_accounts_and_sites() {
    let mut client = Client::new();
    let answer = client.control("GET", "/_sandbox/accounts", None);
    assert_eq!(
        answer.json["accounts"][0],
        json!({ "id": RESELLER_ACCOUNT_ID, "apiKey": RESELLER_API_KEY })
    );
    assert_eq!(
        answer.json["accounts"][1],
        json!({ "id": SUB_ACCOUNT_ID, "parentAccountId": RESELLER_ACCOUNT_ID })
    );
    assert_eq!(answer.json["sites"].as_array().unwrap().len(), 5);
    assert_eq!(
        answer.json["sites"][2],
        json!({ "id": SUB_ACCOUNT_SITE_ID, "accountId": SUB_ACCOUNT_ID })
    );
}

#[test]
fn a_new_reseller_account_with_a_key_and_site_can_create() {
    let mut client = Client::new();
    let answer = client.control(
        "POST",
        "/_sandbox/accounts",
        Some(json!({ "id": NEW_ACCOUNT, "apiKey": "new-key" })),
    );
    assert_eq!(
        answer.json,
        json!({ "id": NEW_ACCOUNT, "apiKey": "new-key" })
    );
    let site = client.control(
        "POST",
        "/_sandbox/sites",
        Some(json!({ "id": NEW_SITE, "accountId": NEW_ACCOUNT })),
    );
    assert_eq!(site.status, 200);
    client.key = Some("new-key".into());
    client.acting_for(NEW_ACCOUNT);
    client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(NEW_SITE))]));
}

#[test]
fn a_new_sub_account_is_reached_by_its_parents_key() {
    let mut client = Client::new();
    client.control(
        "POST",
        "/_sandbox/accounts",
        Some(json!({ "id": NEW_ACCOUNT, "parentAccountId": SUB_ACCOUNT_ID })),
    );
    client.acting_for(NEW_ACCOUNT);
    let package = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    assert_eq!(package["parentAccountId"], RESELLER_ACCOUNT_ID);
}

#[test]
fn accounts_post_rejects_bad_input() {
    let mut client = Client::new();
    for body in [
        json!({ "id": "nope" }),
        json!({ "id": NEW_ACCOUNT, "parentAccountId": "0bad0bad-0000-4000-8000-000000000000" }),
        json!({ "id": NEW_ACCOUNT, "apiKey": RESELLER_API_KEY }),
        json!({ "id": RESELLER_ACCOUNT_ID, "parentAccountId": SUB_ACCOUNT_ID }),
        json!({ "id": NEW_ACCOUNT, "apiKey": 5 }),
    ] {
        assert_eq!(
            client
                .control("POST", "/_sandbox/accounts", Some(body.clone()))
                .status,
            400,
            "{body}"
        );
    }
}

#[test]
fn sites_post_rejects_an_unknown_owner() {
    let mut client = Client::new();
    let answer = client.control(
        "POST",
        "/_sandbox/sites",
        Some(json!({ "id": NEW_SITE, "accountId": NEW_ACCOUNT })),
    );
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "accountId");
}

#[test]
fn instance_status_can_be_forced_with_a_failure() {
    let mut client = Client::new();
    let package = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let path = format!("/_sandbox/instances/{}/status", first_instance_id(&package));
    let answer = client.control(
        "POST",
        &path,
        Some(json!({ "status": "FAILED", "failure": { "code": "DELIVERY_TIMEOUT", "message": "late" } })),
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.instance()["status"], "FAILED");
    assert_eq!(
        answer.instance()["failure"],
        json!({ "code": "DELIVERY_TIMEOUT", "message": "late" })
    );
    let enabled = client.control(
        "POST",
        &path,
        Some(json!({ "status": "ENABLED", "failure": { "code": "UNKNOWN" } })),
    );
    assert!(enabled.instance().get("failure").is_none());
}

#[test]
fn instance_status_rejects_bad_input() {
    let mut client = Client::new();
    let package = client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    let path = format!("/_sandbox/instances/{}/status", first_instance_id(&package));
    assert_eq!(
        client
            .control("POST", &path, Some(json!({ "status": "ACTIVE" })))
            .status,
        400
    );
    assert_eq!(
        client
            .control(
                "POST",
                "/_sandbox/instances/x/status",
                Some(json!({ "status": "ENABLED" }))
            )
            .status,
        400
    );
    let unknown = "/_sandbox/instances/11111111-1111-4111-8111-111111111111/status";
    assert_eq!(
        client
            .control("POST", unknown, Some(json!({ "status": "ENABLED" })))
            .status,
        404
    );
}

#[test]
fn clock_reports_and_advances_sandbox_time() {
    let mut client = Client::new();
    let before = client.control("GET", "/_sandbox/clock", None).json["nowMs"]
        .as_i64()
        .unwrap();
    let after = client.control(
        "POST",
        "/_sandbox/clock",
        Some(json!({ "advanceMs": 3_600_000 })),
    );
    assert_eq!(after.json["offsetMs"], 3_600_000);
    assert!(after.json["nowMs"].as_i64().unwrap() >= before + 3_600_000);
    assert!(after.json["now"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        client
            .control("POST", "/_sandbox/clock", Some(json!({ "advanceMs": -5 })))
            .status,
        400
    );
}

#[test]
fn reset_returns_to_the_seed() {
    let mut client = Client::new();
    client.create_ok(json!([plan(LIGHT_PLAN_ID, None)]));
    client.control(
        "POST",
        "/_sandbox/accounts",
        Some(json!({ "id": NEW_ACCOUNT })),
    );
    fault(&mut client, json!({ "times": 5, "status": 503 }));
    client.advance(1000);
    assert_eq!(client.control("POST", "/_sandbox/reset", None).status, 200);
    assert_eq!(count(&mut client), 0);
    assert_eq!(
        client.control("GET", "/_sandbox/accounts", None).json["accounts"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        client.control("GET", "/_sandbox/clock", None).json["offsetMs"],
        0
    );
    assert_eq!(
        client.control("GET", "/_sandbox/faults", None).json["faults"],
        json!([])
    );
}

#[test]
fn an_empty_sandbox_knows_no_keys_until_reset() {
    let mut client = Client::new();
    client.sandbox = Sandbox::new(false);
    client.query(json!({})).assert_error("UNAUTHENTICATED");
    assert_eq!(
        client.control("GET", "/_sandbox/catalog", None).json["products"],
        json!([])
    );
    client.control("POST", "/_sandbox/reset", None);
    assert_eq!(client.query(json!({})).status, 200);
}

#[test]
fn status_fault_answers_without_processing() {
    let mut client = Client::new();
    fault(
        &mut client,
        json!({ "method": "POST", "pathPrefix": "/resellers/v2/packages", "times": 1, "status": 503, "retryAfter": 2 }),
    );
    let answer = client.create(json!({ "products": [plan(LIGHT_PLAN_ID, None)] }));
    assert_eq!(answer.status, 503);
    assert_eq!(answer.raw.body, br#"{"message":"","details":{}}"#.to_vec());
    assert_eq!(answer.raw.header("retry-after"), Some("2"));
    assert!(answer.raw.header("x-wix-request-id").is_some());
    assert_eq!(count(&mut client), 0);
    assert_eq!(
        client
            .create(json!({ "products": [plan(LIGHT_PLAN_ID, None)] }))
            .status,
        200
    );
}

#[test]
fn fault_is_consumed_times_times_by_matching_requests_only() {
    let mut client = Client::new();
    fault(
        &mut client,
        json!({ "method": "GET", "times": 2, "status": 429 }),
    );
    assert_eq!(client.query(json!({})).status, 200);
    assert_eq!(
        client.control("GET", "/_sandbox/faults", None).json["faults"][0]["times"],
        2
    );
    assert_eq!(
        client.get("828b98fb-7114-4b3c-90fd-8d0db76aa72b").status,
        429
    );
    assert_eq!(
        client.get("828b98fb-7114-4b3c-90fd-8d0db76aa72b").status,
        429
    );
    assert_eq!(
        client.get("828b98fb-7114-4b3c-90fd-8d0db76aa72b").status,
        404
    );
}

#[test]
fn control_requests_are_never_faulted() {
    let mut client = Client::new();
    fault(&mut client, json!({ "times": 1, "status": 500 }));
    assert_eq!(client.control("GET", "/_sandbox/catalog", None).status, 200);
    assert_eq!(client.query(json!({})).status, 500);
}

#[test]
fn html_fault_answers_a_proxy_page_without_processing() {
    let mut client = Client::new();
    fault(&mut client, json!({ "times": 1, "mode": "html" }));
    let answer = client.create(json!({ "products": [plan(LIGHT_PLAN_ID, None)] }));
    assert_eq!(answer.status, 502);
    assert!(answer
        .raw
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(String::from_utf8_lossy(&answer.raw.body).contains("<html>"));
    assert_eq!(count(&mut client), 0);
}

#[test]
fn reset_fault_processes_then_drops_the_connection() {
    let mut client = Client::new();
    fault(&mut client, json!({ "times": 1, "mode": "reset" }));
    let answer =
        client.create(json!({ "products": [plan(LIGHT_PLAN_ID, None)], "idempotencyKey": "k" }));
    assert!(answer.raw.reset);
    assert_eq!(count(&mut client), 1);
    let retry =
        client.create(json!({ "products": [plan(LIGHT_PLAN_ID, None)], "idempotencyKey": "k" }));
    assert_eq!(retry.status, 200);
    assert_eq!(count(&mut client), 1);
}

#[test]
fn malformed_fault_processes_then_answers_non_json() {
    let mut client = Client::new();
    fault(&mut client, json!({ "times": 1, "mode": "malformed" }));
    let answer = client.create(json!({ "products": [plan(LIGHT_PLAN_ID, None)] }));
    assert_eq!(answer.status, 200);
    assert!(serde_json::from_slice::<Value>(&answer.raw.body).is_err());
    assert_eq!(count(&mut client), 1);
}

#[test]
fn truncated_fault_processes_then_cuts_the_body_in_half() {
    let mut client = Client::new();
    fault(&mut client, json!({ "times": 1, "mode": "truncated" }));
    let answer = client.create(json!({ "products": [plan(LIGHT_PLAN_ID, None)] }));
    assert_eq!(answer.status, 200);
    assert!(serde_json::from_slice::<Value>(&answer.raw.body).is_err());
    assert_eq!(count(&mut client), 1);
    let whole = client.query(json!({}));
    let full_len = serde_json::to_vec(&json!({ "package": whole.json["packages"][0] }))
        .unwrap()
        .len();
    assert!(answer.raw.body.len() <= full_len / 2 + 1);
}

#[test]
fn delay_fault_delays_a_normal_answer() {
    let mut client = Client::new();
    fault(&mut client, json!({ "times": 1, "delayMs": 1500 }));
    let answer = client.query(json!({}));
    assert_eq!(answer.status, 200);
    assert_eq!(answer.raw.delay_ms, 1500);
    assert_eq!(client.query(json!({})).raw.delay_ms, 0);
}

#[test]
fn delay_combines_with_a_status() {
    let mut client = Client::new();
    fault(
        &mut client,
        json!({ "times": 1, "delayMs": 10, "status": 504 }),
    );
    let answer = client.query(json!({}));
    assert_eq!((answer.status, answer.raw.delay_ms), (504, 10));
}

#[test]
fn faults_post_rejects_bad_input() {
    let mut client = Client::new();
    for body in [
        json!({ "times": 0 }),
        json!({ "times": 1, "status": 999 }),
        json!({ "times": 1, "mode": "explode" }),
        json!({ "times": 1, "delayMs": -1 }),
        json!({ "times": 1, "retryAfter": [] }),
    ] {
        assert_eq!(
            client
                .control("POST", "/_sandbox/faults", Some(body.clone()))
                .status,
            400,
            "{body}"
        );
    }
}

#[test]
fn faults_post_refuses_a_retry_after_no_header_can_carry() {
    let mut client = Client::new();
    // Non-Latin-1, Latin-1 but not ASCII, CR/LF (header splitting), NUL, DEL.
    for value in [
        "5 €",
        "\u{100}",
        "\u{e9}",
        "1\r\nx-injected: yes",
        "2\n",
        "a\u{0}b",
        "\u{7f}",
    ] {
        let answer = client.control(
            "POST",
            "/_sandbox/faults",
            Some(json!({ "times": 1, "status": 503, "retryAfter": value })),
        );
        assert_eq!(answer.status, 400, "{value:?} was armed: {}", answer.json);
        let violations = &answer.json["details"]["validationError"]["fieldViolations"];
        assert_eq!(violations[0]["field"], "retryAfter", "{}", answer.json);
        assert_eq!(violations[0]["violatedRule"], "FORMAT");
    }
    assert_eq!(
        client.control("GET", "/_sandbox/faults", None).json["faults"],
        json!([]),
        "nothing was armed"
    );
    for value in ["0", "120", "Wed, 21 Oct 2015 07:28:00 GMT"] {
        let body = json!({ "times": 1, "status": 503, "retryAfter": value });
        assert_eq!(
            client
                .control("POST", "/_sandbox/faults", Some(body))
                .status,
            200,
            "{value}"
        );
    }
}

#[test]
fn faults_post_refuses_a_status_no_front_can_deliver() {
    let mut client = Client::new();
    // 1xx are interim answers: over HTTP a 100 drops the socket and 101-103
    // leave fetch waiting for a final answer; `new Response` refuses them.
    for status in [0, 1, 99, 100, 101, 102, 103, 199, 600, 999] {
        let answer = client.control(
            "POST",
            "/_sandbox/faults",
            Some(json!({ "times": 1, "status": status })),
        );
        assert_eq!(answer.status, 400, "{status} was armed: {}", answer.json);
        assert!(answer.raw.header("x-wix-request-id").is_some());
        let violations = &answer.json["details"]["validationError"]["fieldViolations"];
        assert_eq!(violations[0]["field"], "status", "{}", answer.json);
        let rule = if status < 200 { "MIN" } else { "MAX" };
        assert_eq!(violations[0]["violatedRule"], rule, "{}", answer.json);
    }
    for status in [json!(200.5), json!(-1), json!("503")] {
        let answer = client.control(
            "POST",
            "/_sandbox/faults",
            Some(json!({ "times": 1, "status": status })),
        );
        assert_eq!(answer.status, 400, "{status} was armed: {}", answer.json);
        let violations = &answer.json["details"]["validationError"]["fieldViolations"];
        assert_eq!(violations[0]["field"], "status", "{}", answer.json);
        assert_eq!(violations[0]["violatedRule"], "TYPE", "{}", answer.json);
    }
    assert_eq!(
        client.control("GET", "/_sandbox/faults", None).json["faults"],
        json!([]),
        "nothing was armed"
    );
    for status in [200, 204, 304, 429, 503, 599] {
        let body = json!({ "times": 1, "status": status });
        assert_eq!(
            client
                .control("POST", "/_sandbox/faults", Some(body))
                .status,
            200,
            "{status}"
        );
    }
}

#[test]
fn payload_too_large_is_the_engines_own_413() {
    let mut sandbox = Sandbox::new(true);
    let answer = sandbox.payload_too_large();
    assert_eq!(answer.status, 413);
    assert!(answer.header("x-wix-request-id").is_some());
    let body: Value = serde_json::from_slice(&answer.body).expect("JSON");
    assert_eq!(
        body["details"]["applicationError"]["code"],
        "PAYLOAD_TOO_LARGE"
    );
    assert_eq!(
        body["details"]["applicationError"]["data"]["limit"],
        json!(wix_resellers::sandbox::MAX_BODY_BYTES)
    );
}

#[test]
fn a_sandbox_after_loss_starts_over_with_ids_of_its_own() {
    let mut first = Client::new();
    let created = first.create(json!({ "products": [plan(LIGHT_PLAN_ID, None)] }));
    assert_eq!(created.status, 200);
    let mut replaced = Client {
        sandbox: Sandbox::after_loss(true, 1),
        ..Client::new()
    };
    assert_eq!(
        count(&mut replaced),
        0,
        "the state was lost; the seed is back"
    );
    let again = replaced.create(json!({ "products": [plan(LIGHT_PLAN_ID, None)] }));
    assert_eq!(again.status, 200);
    assert_ne!(
        again.json["package"]["id"], created.json["package"]["id"],
        "an ID handed out before the loss is not handed out again"
    );
}

#[test]
fn faults_delete_disarms_everything() {
    let mut client = Client::new();
    fault(&mut client, json!({ "times": 3, "status": 503 }));
    assert_eq!(
        client.control("DELETE", "/_sandbox/faults", None).json["faults"],
        json!([])
    );
    assert_eq!(client.query(json!({})).status, 200);
}
