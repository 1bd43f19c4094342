//! Routing: 404/405, full URLs, path hardening, and a property test that
//! throws arbitrary requests at `handle`.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod sandbox_support;

use proptest::prelude::*;
use sandbox_support::*;
use serde_json::{json, Value};
use wix_resellers::http::HttpRequest;
use wix_resellers::sandbox::seed::*;
use wix_resellers::sandbox::Sandbox;

#[test]
fn unknown_path_is_not_found() {
    let mut client = Client::new();
    client
        .call("GET", "/resellers/v1/nothing", None)
        .assert_error("NOT_FOUND");
    client.call("GET", "/", None).assert_error("NOT_FOUND");
    client.call("GET", "", None).assert_error("NOT_FOUND");
}

#[test]
fn known_path_with_the_wrong_method_is_method_not_allowed() {
    let mut client = Client::new();
    client
        .call("GET", "/resellers/v1/packages/query", None)
        .assert_error("METHOD_NOT_ALLOWED");
    client
        .call("PUT", "/resellers/v2/packages", None)
        .assert_error("METHOD_NOT_ALLOWED");
    client
        .call(
            "POST",
            "/resellers/v1/packages/828b98fb-7114-4b3c-90fd-8d0db76aa72b",
            None,
        )
        .assert_error("METHOD_NOT_ALLOWED");
    client
        .call("GET", "/_sandbox/reset", None)
        .assert_error("METHOD_NOT_ALLOWED");
}

#[test]
fn full_urls_and_query_strings_route_by_path() {
    let mut client = Client::new();
    let answer = client.call(
        "POST",
        "https://www.wixapis.com/resellers/v1/packages/query?x=1#frag",
        Some(json!({ "query": {} })),
    );
    assert_eq!(answer.status, 200);
    let control = client.control("GET", "http://127.0.0.1:8787/_sandbox/clock", None);
    assert_eq!(control.status, 200);
}

#[test]
fn lowercase_method_is_accepted() {
    let mut client = Client::new();
    assert_eq!(
        client
            .call(
                "post",
                "/resellers/v1/packages/query",
                Some(json!({ "query": {} }))
            )
            .status,
        200
    );
}

#[test]
fn literal_segments_win_over_parameters() {
    let mut client = Client::new();
    client
        .call("GET", "/resellers/v1/packages/product-instances", None)
        .assert_error("NOT_FOUND");
    client
        .call("GET", "/resellers/v1/packages/update", None)
        .assert_error("NOT_FOUND");
    let package = client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))]));
    let instance = first_instance_id(&package);
    let answer = client.call(
        "PATCH",
        &format!("/resellers/v1/packages/product-instances/{instance}/unassign"),
        None,
    );
    assert_eq!(answer.status, 200);
    assert!(answer.instance().get("siteId").is_none());
}

#[test]
fn encoded_slash_in_an_id_stays_in_its_segment() {
    let mut client = Client::new();
    let answer = client.call("GET", "/resellers/v1/packages/..%2Fquery", None);
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "id");
    let answer = client.call("GET", "/resellers/v1/packages/%2e%2e", None);
    assert_eq!(answer.status, 400);
}

#[test]
fn dot_segments_never_reach_another_route() {
    let mut client = Client::new();
    for path in [
        "/resellers/v1/packages/../packages/query",
        "/resellers/v1/packages/./query",
        "/resellers/v2/packages/..",
        "/resellers//v1/packages/query",
        "/resellers/v1/packages/query/",
        "/_sandbox/../resellers/v1/packages/query",
    ] {
        client
            .call("POST", path, Some(json!({ "query": {} })))
            .assert_error("NOT_FOUND");
    }
}

#[test]
fn nul_and_control_characters_are_rejected() {
    let mut client = Client::new();
    client
        .call("GET", "/resellers/v1/packages/\0", None)
        .assert_error("NOT_FOUND");
    client
        .call("GET", "/resellers/v1/packages/a\nb", None)
        .assert_error("NOT_FOUND");
    let encoded = client.call("GET", "/resellers/v1/packages/%00", None);
    assert_eq!(encoded.status, 400);
    let broken = client.call("GET", "/resellers/v1/packages/%zz", None);
    assert_eq!(broken.status, 400);
}

#[test]
fn an_encoded_unassign_is_a_site_id_not_the_literal() {
    let mut client = Client::new();
    let package = client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))]));
    let instance = first_instance_id(&package);
    let answer = client.call(
        "PATCH",
        &format!("/resellers/v1/packages/product-instances/{instance}/%75nassign"),
        None,
    );
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "siteId");
}

#[test]
fn overlong_path_is_not_found() {
    let mut client = Client::new();
    let path = format!("/resellers/v1/packages/{}", "a".repeat(5000));
    client.call("GET", &path, None).assert_error("NOT_FOUND");
}

#[test]
fn non_guid_instance_and_site_params_are_validation_errors() {
    let mut client = Client::new();
    let answer = client.call(
        "PATCH",
        "/resellers/v1/packages/product-instances/abc/def",
        None,
    );
    assert_eq!(answer.status, 400);
    let fields: Vec<&str> = answer.json["details"]["validationError"]["fieldViolations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["instanceId", "siteId"]);
}

#[test]
fn oversized_body_is_payload_too_large() {
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
        vec![b' '; 6 * 1024 * 1024],
    );
    answer.assert_error("PAYLOAD_TOO_LARGE");
}

#[test]
fn every_error_has_the_wix_shape() {
    let mut client = Client::new();
    for answer in [
        client.call("GET", "/nope", None),
        client.create(json!({ "products": [single(LIGHT_PLAN_ID, None)] })),
        client.create(json!({ "products": 5 })),
    ] {
        assert!(answer.json["message"].is_string());
        let details = answer.json["details"].as_object().unwrap();
        assert!(
            details.contains_key("applicationError") || details.contains_key("validationError")
        );
        if let Some(app) = details.get("applicationError") {
            assert!(
                app["code"].is_string()
                    && app["description"].is_string()
                    && app["data"].is_object()
            );
        }
    }
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("GET".to_string()),
        Just("POST".to_string()),
        Just("PATCH".to_string()),
        Just("DELETE".to_string()),
        Just("PUT".to_string()),
        "[A-Za-z]{0,8}",
        ".{0,6}",
    ]
}

fn path() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        Just("resellers".to_string()),
        Just("v1".to_string()),
        Just("v2".to_string()),
        Just("packages".to_string()),
        Just("query".to_string()),
        Just("update".to_string()),
        Just("product-instances".to_string()),
        Just("unassign".to_string()),
        Just("_sandbox".to_string()),
        Just("faults".to_string()),
        Just("instances".to_string()),
        Just("status".to_string()),
        Just("..".to_string()),
        Just("%2F".to_string()),
        Just("%00".to_string()),
        Just("%".to_string()),
        Just(LIGHT_PLAN_ID.to_string()),
        Just(RESELLER_SITE_ID.to_string()),
        "[a-z0-9%-]{0,12}",
        ".{0,8}",
    ];
    prop_oneof![
        prop::collection::vec(segment, 0..8).prop_map(|s| format!("/{}", s.join("/"))),
        ".{0,40}",
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let key = prop_oneof![
        Just(RESELLER_API_KEY.to_string()),
        Just(OTHER_RESELLER_API_KEY.to_string()),
        ".{0,10}"
    ];
    let account = prop_oneof![
        Just(RESELLER_ACCOUNT_ID.to_string()),
        Just(SUB_ACCOUNT_ID.to_string()),
        Just(OTHER_RESELLER_ACCOUNT_ID.to_string()),
        "[0-9a-f-]{0,40}",
    ];
    (
        prop::option::of(key),
        prop::option::of(account),
        prop::collection::vec((".{0,8}", ".{0,8}"), 0..3),
    )
        .prop_map(|(key, account, extra)| {
            let mut headers = extra;
            if let Some(key) = key {
                headers.push(("Authorization".into(), key));
            }
            if let Some(account) = account {
                headers.push(("wix-account-id".into(), account));
            }
            headers
        })
}

/// Valid-looking bodies, then mutated: truncated, a byte flipped, or a value swapped.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let base = prop_oneof![
        Just(
            json!({ "products": [plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))], "externalId": "e", "idempotencyKey": "k" })
        ),
        Just(json!({ "products": [single(DOMAIN_ID, None), single(BUSINESS_EMAIL_ID, None)] })),
        Just(
            json!({ "query": { "filter": { "productInstances.status": { "$hasSome": ["ENABLED"] } }, "cursorPaging": { "limit": 3 } } })
        ),
        Just(
            json!({ "query": { "filter": { "$or": [{ "id": { "$in": [1, null] } }, { "$not": {} }] }, "sort": [{ "fieldName": "x" }] } })
        ),
        Just(json!({ "query": { "paging": { "limit": 2, "offset": 1 } } })),
        Just(json!({ "catalogProductId": CORE_PLAN_ID, "billingInfo": { "type": "RECURRING" } })),
        Just(json!({ "idempotencyKey": "x" })),
        Just(json!({ "times": 1, "status": 503, "mode": "html" })),
        Just(json!({ "status": "FAILED" })),
        Just(json!({ "advanceMs": 1000 })),
        Just(json!({ "id": RESELLER_SITE_ID, "accountId": RESELLER_ACCOUNT_ID })),
    ];
    let replacement = prop_oneof![
        Just(Value::Null),
        Just(json!(-1)),
        Just(json!("")),
        Just(json!([])),
        Just(json!({})),
        Just(json!(1e300)),
        Just(json!("x".repeat(200))),
    ];
    (base, replacement, 0usize..64, any::<u8>(), 0u8..4).prop_map(
        |(base, replacement, at, byte, how)| {
            let text = serde_json::to_vec(&base).unwrap();
            match how {
                0 => text,
                1 => text[..at.min(text.len())].to_vec(),
                2 => {
                    let mut text = text;
                    let len = text.len();
                    text[at % len] = byte;
                    text
                }
                _ => {
                    let mut value = base;
                    if let Some(object) = value.as_object_mut() {
                        if let Some(key) = object.keys().nth(at % object.len().max(1)).cloned() {
                            object.insert(key, replacement);
                        }
                    }
                    serde_json::to_vec(&value).unwrap()
                }
            }
        },
    )
}

proptest! {
    // 256 cases by default; `make fuzz` raises PROPTEST_CASES for the long run.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn handle_always_answers_a_status_json_and_a_request_id(
        requests in prop::collection::vec((method(), path(), headers(), body()), 1..4),
        faulty in any::<bool>(),
    ) {
        let mut sandbox = Sandbox::new(true);
        let mut now = START_MS;
        if faulty {
            let arm = HttpRequest {
                method: "POST".into(),
                path: "/_sandbox/faults".into(),
                headers: vec![],
                body: br#"{"times":1,"mode":"truncated"}"#.to_vec(),
            };
            sandbox.handle(&arm, now);
        }
        for (method, path, headers, body) in requests {
            now += 7;
            let response = sandbox.handle(&HttpRequest { method, path, headers, body }, now);
            prop_assert!((100..=599).contains(&response.status));
            prop_assert!(response.header("x-wix-request-id").is_some_and(|id| id.len() == 36));
            let content_type = response.header("content-type").unwrap_or("");
            let spoiled = content_type.starts_with("text/html") || faulty;
            if !spoiled {
                prop_assert!(
                    serde_json::from_slice::<Value>(&response.body).is_ok(),
                    "status {} body {:?}", response.status, String::from_utf8_lossy(&response.body)
                );
            }
        }
    }
}
