//! The one request pipeline against a scripted transport: headers, retries,
//! idempotency keys, reconciliation of unknown creates, errors.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod client_support;

use client_support::*;
use serde_json::{json, Value};
use wix_resellers::client::{CallOptions, ErrorKind};
use wix_resellers::model::is_guid;
use wix_resellers::transport::TransportError;

fn ok_package() -> Step {
    respond(200, json!({ "package": package(PACKAGE, None) }))
}

#[test]
fn requests_carry_the_key_the_account_and_the_full_url() {
    let client = client(vec![ok_package()]);
    let got = block_on(client.get_package(PACKAGE)).expect("ok");
    assert_eq!(got.id.as_str(), PACKAGE);
    let request = client.transport().request(0);
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.path,
        format!("https://www.wixapis.com/resellers/v1/packages/{PACKAGE}")
    );
    assert_eq!(request.header("Authorization"), Some(KEY));
    assert_eq!(request.header("wix-account-id"), Some(ACCOUNT));
    assert!(request.body.is_empty() && request.header("content-type").is_none());
}

#[test]
fn the_base_url_is_honoured() {
    let client = client_with(
        vec![ok_package()],
        json!({ "baseUrl": "http://127.0.0.1:8787/" }),
    );
    block_on(client.cancel_package(PACKAGE, &CallOptions::default())).expect("ok");
    let request = client.transport().request(0);
    assert_eq!(
        request.path,
        format!("http://127.0.0.1:8787/resellers/v1/packages/{PACKAGE}")
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
}

#[test]
fn query_sends_the_query_object_wrapped() {
    let client = client(vec![respond(
        200,
        json!({ "packages": [package(PACKAGE, None)], "metadata": { "count": 1 } }),
    )]);
    let page =
        block_on(client.query_packages(&json!({ "filter": { "accountId": { "$eq": ACCOUNT } } })))
            .expect("ok");
    assert_eq!(page.packages.len(), 1);
    let request = client.transport().request(0);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        (
            "POST",
            "https://www.wixapis.com/resellers/v1/packages/query"
        )
    );
    assert_eq!(
        client.transport().body(0),
        json!({ "query": { "filter": { "accountId": { "$eq": ACCOUNT } } } })
    );
}

#[test]
fn update_external_id_decodes_updated_package() {
    let client = client(vec![respond(
        200,
        json!({ "updatedPackage": package(PACKAGE, Some("new id")) }),
    )]);
    let answer = block_on(
        client.update_package_external_id(&json!({ "packageId": PACKAGE, "externalId": "new id" })),
    )
    .expect("ok");
    assert_eq!(
        answer.updated_package.external_id.as_deref(),
        Some("new id")
    );
    assert!(client
        .transport()
        .request(0)
        .path
        .ends_with("/update/828b98fb-7114-4b3c-90fd-8d0db76aa72b/new%20id"));
}

#[test]
fn transient_failures_are_retried_until_success() {
    let client = client(vec![
        respond(503, json!({ "message": "", "details": {} })),
        Err(TransportError::network("ECONNRESET")),
        respond(500, json!({})),
        ok_package(),
    ]);
    let answer = block_on(client.get_package(PACKAGE));
    assert!(
        answer.is_err(),
        "max_retries 2 allows 3 attempts, the 4th step must not be reached"
    );
    let client = client_with(
        vec![
            respond(503, json!({})),
            Err(TransportError::network("ECONNRESET")),
            respond(502, json!({})),
            ok_package(),
        ],
        json!({ "maxRetries": 3 }),
    );
    block_on(client.get_package(PACKAGE)).expect("succeeds on the 4th attempt");
    assert_eq!(client.transport().sends(), 4);
    assert_eq!(client.transport().sleeps.borrow().len(), 3);
}

#[test]
fn retries_stop_at_max_retries_with_the_attempts_counted() {
    let client = client(vec![
        respond(503, json!({})),
        respond(503, json!({})),
        respond(504, json!({})),
        ok_package(),
    ]);
    let error = block_on(client.get_package(PACKAGE)).expect_err("gives up");
    assert_eq!(
        (
            error.kind,
            error.code.as_str(),
            error.status,
            error.attempts
        ),
        (ErrorKind::Api, "DEADLINE_EXCEEDED", Some(504), 3)
    );
    assert!(error.retryable);
    assert!(
        error.message.contains("gave up after 3 attempts"),
        "{}",
        error.message
    );
    assert_eq!(client.transport().sends(), 3);
    // Full jitter with random 0.5: 0.5 * 250, 0.5 * 500.
    assert_eq!(*client.transport().sleeps.borrow(), [125, 250]);
}

#[test]
fn a_call_may_lower_max_retries() {
    let client = client(vec![respond(503, json!({})), ok_package()]);
    let options = CallOptions {
        max_retries: Some(0),
        ..CallOptions::default()
    };
    let error = block_on(client.cancel_package(PACKAGE, &options)).expect_err("no retry");
    assert_eq!((error.attempts, client.transport().sends()), (1, 1));
}

#[test]
fn per_call_overrides_are_clamped() {
    let script = (0..20).map(|_| respond(503, json!({}))).collect();
    let client = client(script);
    let options = CallOptions {
        max_retries: Some(u32::MAX),
        ..CallOptions::default()
    };
    let error = block_on(client.cancel_package(PACKAGE, &options)).expect_err("gives up");
    assert_eq!(error.attempts, 11, "at most 10 retries");
    // A zero deadline becomes 1 ms, which the first attempt spends.
    let options = CallOptions {
        deadline_ms: Some(0),
        ..CallOptions::default()
    };
    let error = block_on(client.cancel_package(PACKAGE, &options)).expect_err("gives up");
    assert_eq!(error.attempts, 1);
}

#[test]
fn client_errors_are_never_retried() {
    for status in [400, 401, 403, 404, 409, 428, 422] {
        let client = client(vec![
            respond(status, error_body("SOME_CODE", "no")),
            ok_package(),
        ]);
        let error =
            block_on(client.cancel_package(PACKAGE, &CallOptions::default())).expect_err("fails");
        assert_eq!(client.transport().sends(), 1, "{status}");
        assert_eq!(
            (error.kind, error.attempts, error.retryable),
            (ErrorKind::Api, 1, false)
        );
        assert_eq!(error.status, Some(status));
    }
}

#[test]
fn rate_limits_wait_for_retry_after() {
    let client = client(vec![
        respond_with(429, b"{}", &[("retry-after", "2")]),
        ok_package(),
    ]);
    block_on(client.get_package(PACKAGE)).expect("ok after waiting");
    assert_eq!(*client.transport().sleeps.borrow(), [2000]);
}

#[test]
fn a_retry_after_beyond_the_deadline_fails_at_once_and_says_when_to_retry() {
    let client = client_with(
        vec![
            respond_with(429, b"{}", &[("Retry-After", "3600")]),
            ok_package(),
        ],
        json!({ "timeoutMs": 1000, "maxRetries": 1 }),
    );
    let error = block_on(client.get_package(PACKAGE)).expect_err("no hour-long wait");
    assert!(error.retryable);
    assert_eq!(error.retry_after_ms, Some(3_600_000));
    assert!(client.transport().sleeps.borrow().is_empty());
    assert_eq!(client.transport().sends(), 1);
    // Within the deadline the wait is the server's.
    let client = client_with(
        vec![
            respond_with(429, b"{}", &[("Retry-After", "3")]),
            ok_package(),
        ],
        json!({ "deadlineMs": 10000, "maxRetries": 1 }),
    );
    block_on(client.get_package(PACKAGE)).expect("ok");
    assert_eq!(*client.transport().sleeps.borrow(), [3000]);
}

#[test]
fn a_mutating_call_sends_one_idempotency_key_on_every_attempt() {
    let client = client(vec![
        respond(503, json!({})),
        Err(TransportError::timeout()),
        ok_package(),
    ]);
    block_on(client.cancel_product_instance(INSTANCE, &CallOptions::default())).expect("ok");
    let mock = client.transport();
    let keys: Vec<Value> = (0..3)
        .map(|i| mock.body(i)["idempotencyKey"].clone())
        .collect();
    assert!(keys.iter().all(|key| key == &keys[0]), "{keys:?}");
    assert!(
        is_guid(keys[0].as_str().expect("a string")),
        "a generated v4 GUID"
    );
}

#[test]
fn a_given_idempotency_key_is_used() {
    let client = client(vec![ok_package(), ok_package()]);
    let options = CallOptions {
        idempotency_key: Some("order-17-cancel".into()),
        ..CallOptions::default()
    };
    block_on(client.unassign_product_instance_from_site(INSTANCE, &options)).expect("ok");
    assert_eq!(
        client.transport().body(0),
        json!({ "idempotencyKey": "order-17-cancel" })
    );
    let mut request = create_request(None);
    request["idempotencyKey"] = json!("order-17");
    block_on(client.create_package_v2(&request, &CallOptions::default())).expect("ok");
    assert_eq!(
        client.transport().body(1)["idempotencyKey"],
        json!("order-17")
    );
}

#[test]
fn two_different_keys_are_refused_before_sending() {
    let client = client(vec![ok_package()]);
    let mut request = create_request(None);
    request["idempotencyKey"] = json!("a");
    let options = CallOptions {
        idempotency_key: Some("b".into()),
        ..CallOptions::default()
    };
    let error = block_on(client.create_package_v2(&request, &options)).expect_err("refused");
    assert_eq!(
        (error.kind, error.code.as_str(), error.attempts),
        (ErrorKind::Validation, "INVALID_REQUEST", 0)
    );
    let long = CallOptions {
        idempotency_key: Some("k".repeat(101)),
        ..CallOptions::default()
    };
    assert!(block_on(client.cancel_package(PACKAGE, &long)).is_err());
    assert_eq!(client.transport().sends(), 0);
}

#[test]
fn reads_carry_no_idempotency_key() {
    let client = client(vec![respond(200, json!({ "packages": [] }))]);
    block_on(client.query_packages(&Value::Null)).expect("ok");
    assert_eq!(client.transport().body(0), json!({ "query": {} }));
}

/// `package` as created a second after the mock's clock starts: only a
/// package made since the call began may be adopted (the fixture's 2021
/// date is an older package with the same externalId).
fn made_during_the_call(mut package: Value) -> Value {
    package["createdDate"] = json!("2023-11-14T22:13:21.000Z");
    package
}

#[test]
fn an_unknown_create_is_reconciled_by_external_id_before_retrying() {
    let existing = made_during_the_call(package(PACKAGE, Some("order-42")));
    let client = client(vec![
        Err(TransportError::timeout()),
        respond(
            200,
            json!({ "packages": [existing], "metadata": { "count": 1 } }),
        ),
        ok_package(),
    ]);
    let answer = block_on(
        client.create_package_v2(&create_request(Some("order-42")), &CallOptions::default()),
    )
    .expect("reconciled");
    assert_eq!(answer.package.id.as_str(), PACKAGE);
    let mock = client.transport();
    assert_eq!(mock.sends(), 2, "no second create");
    assert_eq!(
        mock.request(1).path,
        "https://www.wixapis.com/resellers/v1/packages/query"
    );
    assert_eq!(
        mock.body(1),
        json!({ "query": { "filter": { "externalId": { "$eq": "order-42" } } } })
    );
    assert_eq!(
        answer.idempotency_key.clone().map(Value::from),
        Some(mock.body(0)["idempotencyKey"].clone())
    );
}

#[test]
fn a_5xx_or_garbled_answer_to_a_create_is_reconciled_too() {
    for first in [
        respond(500, json!({})),
        respond_with(200, b"{\"package\": {\"id\"", &[]),
    ] {
        let client = client(vec![
            first,
            respond(
                200,
                json!({ "packages": [made_during_the_call(package(PACKAGE, Some("order-42")))] }),
            ),
        ]);
        let answer = block_on(
            client.create_package_v2(&create_request(Some("order-42")), &CallOptions::default()),
        );
        assert_eq!(answer.expect("reconciled").package.id.as_str(), PACKAGE);
        assert_eq!(client.transport().sends(), 2);
    }
}

#[test]
fn when_reconciliation_finds_nothing_the_create_is_retried_with_the_same_key() {
    let client = client(vec![
        Err(TransportError::network("socket hang up")),
        respond(
            200,
            json!({ "packages": [package(&id(9), Some("someone-else"))] }),
        ),
        ok_package(),
    ]);
    block_on(client.create_package_v2(&create_request(Some("order-42")), &CallOptions::default()))
        .expect("ok");
    let mock = client.transport();
    assert_eq!(mock.sends(), 3);
    assert_eq!(
        mock.request(2).path,
        "https://www.wixapis.com/resellers/v2/packages"
    );
    assert_eq!(
        mock.body(0)["idempotencyKey"],
        mock.body(2)["idempotencyKey"]
    );
}

#[test]
fn a_create_without_external_id_relies_on_the_idempotency_key() {
    let client = client(vec![Err(TransportError::timeout()), ok_package()]);
    block_on(client.create_package_v2(&create_request(None), &CallOptions::default())).expect("ok");
    let mock = client.transport();
    assert_eq!(mock.sends(), 2);
    assert!(mock.request(1).path.ends_with("/resellers/v2/packages"));
    assert_eq!(
        mock.body(0)["idempotencyKey"],
        mock.body(1)["idempotencyKey"]
    );
}

#[test]
fn a_rate_limited_create_is_not_reconciled() {
    let client = client(vec![respond(429, json!({})), ok_package()]);
    block_on(client.create_package_v2(&create_request(Some("order-42")), &CallOptions::default()))
        .expect("ok");
    assert!(client
        .transport()
        .request(1)
        .path
        .ends_with("/resellers/v2/packages"));
}

#[test]
fn a_timed_out_mutation_says_which_key_to_retry_with() {
    let client = client_with(
        vec![Err(TransportError::timeout())],
        json!({ "maxRetries": 0 }),
    );
    let error =
        block_on(client.cancel_package(PACKAGE, &CallOptions::default())).expect_err("timeout");
    assert_eq!(
        (error.kind, error.code.as_str(), error.attempts),
        (ErrorKind::Timeout, "TIMEOUT", 1)
    );
    let key = error.idempotency_key.clone().expect("the key");
    assert!(error.message.contains(&key), "{}", error.message);
}

#[test]
fn the_last_request_id_is_kept_on_errors() {
    let client = client(vec![
        respond_with(503, b"", &[("x-wix-request-id", "first")]),
        respond_with(404, br#"{"message":"gone","details":{"applicationError":{"code":"PACKAGE_NOT_FOUND","description":"Package not found."}}}"#, &[("X-Wix-Request-Id", "second")]),
    ]);
    let error = block_on(client.get_package(PACKAGE)).expect_err("404");
    assert_eq!(error.request_id.as_deref(), Some("second"));
    assert_eq!(error.code, "PACKAGE_NOT_FOUND");
    assert!(
        error
            .message
            .starts_with("PACKAGE_NOT_FOUND (404): Package not found"),
        "{}",
        error.message
    );
    assert!(
        error.message.ends_with("[request second]"),
        "{}",
        error.message
    );
}

#[test]
fn garbled_success_bodies_are_response_errors() {
    for body in [
        &b""[..],
        b"<html>oops</html>",
        b"{\"package\":",
        b"{\"package\": 7}",
    ] {
        let client = client_with(
            vec![respond_with(200, body, &[])],
            json!({ "maxRetries": 0 }),
        );
        let error = block_on(client.get_package(PACKAGE)).expect_err("garbled");
        assert_eq!(
            (error.kind, error.code.as_str(), error.status),
            (ErrorKind::Response, "MALFORMED_RESPONSE", Some(200))
        );
    }
}

#[test]
fn redirects_are_not_followed() {
    let client = client(vec![respond_with(
        302,
        b"",
        &[("location", "https://evil.example/steal")],
    )]);
    let error = block_on(client.get_package(PACKAGE)).expect_err("redirect");
    assert_eq!(
        (error.kind, error.code.as_str(), client.transport().sends()),
        (ErrorKind::Response, "UNEXPECTED_REDIRECT", 1)
    );
}

#[test]
fn invalid_input_sends_nothing() {
    let client = client(vec![ok_package()]);
    let garbage = [
        json!(null),
        json!(1),
        json!("x"),
        json!([]),
        json!({ "products": {} }),
    ];
    for input in &garbage {
        let error = block_on(client.create_package_v2(input, &CallOptions::default()))
            .expect_err("refused");
        assert_eq!(
            (error.kind, error.code.as_str(), error.attempts),
            (ErrorKind::Validation, "INVALID_REQUEST", 0)
        );
        assert!(
            error
                .message
                .starts_with("createPackageV2 rejected before sending: "),
            "{}",
            error.message
        );
        assert!(
            block_on(client.assign_product_instance_to_site(input, &CallOptions::default()))
                .is_err()
        );
        assert!(block_on(client.update_package_external_id(input)).is_err());
        if !input.is_object() {
            assert!(
                block_on(client.adjust_product_instance_specifications(INSTANCE, input)).is_err()
            );
        }
    }
    for id in ["../query", "", "x y", &"a".repeat(10_000)] {
        assert!(block_on(client.get_package(id)).is_err());
        assert!(block_on(client.cancel_product_instance(id, &CallOptions::default())).is_err());
    }
    assert_eq!(client.transport().sends(), 0);
}

#[test]
fn the_key_never_reaches_an_error() {
    let echo = json!({ "message": format!("Authorization {KEY} rejected"), "details": { "applicationError": {
        "code": "UNAUTHENTICATED", "description": format!("unknown key {KEY}"), "data": { "key": KEY } } } });
    let client = client(vec![respond_with(
        401,
        echo.to_string().as_bytes(),
        &[("x-wix-request-id", KEY)],
    )]);
    let error = block_on(client.get_package(PACKAGE)).expect_err("401");
    let everything = format!(
        "{error} {error:?} {}",
        serde_json::to_string(&error).expect("json")
    );
    assert!(!everything.contains(KEY), "{everything}");
    assert!(!format!("{:?}", client.config()).contains(KEY));
}

#[test]
fn with_account_shares_the_transport_and_changes_the_header() {
    let client = client(vec![ok_package(), ok_package()]);
    let sub = client
        .with_account("00000000-0000-4000-8000-00000000000a")
        .expect("valid");
    block_on(sub.get_package(PACKAGE)).expect("ok");
    block_on(client.get_package(PACKAGE)).expect("ok");
    let mock = client.transport();
    assert_eq!(
        mock.request(0).header("wix-account-id"),
        Some("00000000-0000-4000-8000-00000000000a")
    );
    assert_eq!(mock.request(1).header("wix-account-id"), Some(ACCOUNT));
    assert!(client.with_account("nope").is_err());
}

#[test]
fn call_options_from_js_are_checked() {
    assert_eq!(
        CallOptions::from_json("cancelPackage", &Value::Null),
        Ok(CallOptions::default())
    );
    let options = CallOptions::from_json(
        "cancelPackage",
        &json!({ "idempotencyKey": "k", "timeoutMs": 5 }),
    )
    .expect("valid");
    assert_eq!(
        (options.idempotency_key.as_deref(), options.timeout_ms),
        (Some("k"), Some(5))
    );
    for bad in [
        json!(1),
        json!("k"),
        json!({ "idempotencyKey": 5 }),
        json!({ "retries": 1 }),
        json!({ "maxRetries": 99 }),
        json!({ "timeoutMs": 0 }),
    ] {
        let error = CallOptions::from_json("cancelPackage", &bad).expect_err("refused");
        assert_eq!(
            (error.kind, error.code.as_str()),
            (ErrorKind::Validation, "INVALID_REQUEST")
        );
    }
}
