//! Config validation, error decoding and key redaction.

use super::*;
use crate::transport::TransportError;
use serde_json::json;

const ACCOUNT: &str = "5e3bd3d5-7a1b-4c43-8e3b-2d51b0c5a7e1";
const KEY: &str = "IST.eyJraWQiOiJQb3pIX2FDMiIsImFsZyI6IlJTMjU2In0.secret";

fn options(extra: Value) -> Value {
    let mut base = json!({ "apiKey": KEY, "accountId": ACCOUNT });
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
    base
}

fn config_error(extra: Value) -> ResellersError {
    ClientConfig::from_json(&options(extra)).expect_err("refused")
}

#[test]
fn defaults_apply() {
    let config = ClientConfig::from_json(&options(json!({}))).expect("valid");
    assert_eq!(config.base_url.as_str(), "https://www.wixapis.com");
    assert_eq!((config.timeout_ms, config.max_retries), (30_000, 2));
    assert_eq!(config.account_id.as_str(), ACCOUNT);
}

#[test]
fn https_base_urls_are_accepted_and_normalised() {
    for (given, kept) in [
        ("https://www.wixapis.com/", "https://www.wixapis.com"),
        (
            "HTTPS://Proxy.Example.com:8443/Wix/",
            "https://proxy.example.com:8443/Wix",
        ),
        ("https://[2001:db8::1]:443", "https://[2001:db8::1]:443"),
    ] {
        let config = ClientConfig::from_json(&options(json!({ "baseUrl": given }))).expect(given);
        assert_eq!(config.base_url.as_str(), kept);
    }
}

#[test]
fn http_is_only_for_loopback_hosts() {
    for local in [
        "http://127.0.0.1:8787",
        "http://127.1.2.3",
        "http://localhost:3000/",
        "http://[::1]:8787",
    ] {
        assert!(BaseUrl::parse(local).is_ok(), "{local}");
    }
    for remote in [
        "http://www.wixapis.com",
        "http://128.0.0.1",
        "http://127.0.0.1.evil.com",
        "http://127.0.0.1@evil.com",
        "http://localhost.evil.com",
        "http://[::2]",
        "http://127.0.0.256",
    ] {
        let error = BaseUrl::parse(remote).expect_err(remote);
        assert_eq!(
            (error.kind, error.code.as_str()),
            (ErrorKind::Validation, "INVALID_CONFIG")
        );
    }
    let error = BaseUrl::parse("http://example.com").expect_err("remote http");
    assert!(error.message.contains("loopback"), "{}", error.message);
}

#[test]
fn malformed_base_urls_say_why() {
    for (bad, why) in [
        ("www.wixapis.com", "https://"),
        ("ftp://x", "https://"),
        ("https://", "host"),
        ("https://a b.com", "spaces"),
        ("https://x.com?a=1", "query"),
        ("https://x.com/#f", "fragment"),
        ("https://user:pw@x.com", "credentials"),
        ("https://x.com:0", "port"),
        ("https://x.com:99999", "port"),
        ("https://x.com/a/../b", ".."),
        ("https://x.com\r\nX: y", "control"),
    ] {
        let error = BaseUrl::parse(bad).expect_err(bad);
        assert!(error.message.contains(why), "{bad}: {}", error.message);
    }
}

#[test]
fn header_values_with_cr_or_lf_are_refused() {
    for key in ["abc\r\nX-Evil: 1", "abc\n", "a\0b"] {
        let error = ClientConfig::new(key, ACCOUNT).expect_err("refused");
        assert_eq!(error.code, "INVALID_CONFIG");
        assert!(!error.message.contains(key));
    }
    assert!(ClientConfig::new(KEY, "not-a-guid\r\n").is_err());
}

#[test]
fn every_bad_option_is_an_invalid_config_error() {
    for extra in [
        json!({ "timeoutMs": 0 }),
        json!({ "timeoutMs": -5 }),
        json!({ "timeoutMs": 1.5 }),
        json!({ "timeoutMs": "30s" }),
        json!({ "timeoutMs": 3_000_000_000u64 }),
        json!({ "maxRetries": 11 }),
        json!({ "maxRetries": -1 }),
        json!({ "baseUrl": 7 }),
        json!({ "timeout": 5 }),
        json!({ "accountId": "acc" }),
        json!({ "accountId": 5 }),
        json!({ "apiKey": "" }),
        json!({ "apiKey": null }),
        json!({ "apiKey": ["x"] }),
    ] {
        let error = config_error(extra.clone());
        assert_eq!(
            (error.kind, error.code.as_str()),
            (ErrorKind::Validation, "INVALID_CONFIG"),
            "{extra}"
        );
        assert!(!error.message.contains(KEY));
    }
    for garbage in [json!(null), json!("key"), json!([]), json!(3)] {
        assert_eq!(
            ClientConfig::from_json(&garbage).expect_err("garbage").code,
            "INVALID_CONFIG"
        );
    }
}

#[test]
fn the_key_never_prints() {
    let config = ClientConfig::new(KEY, ACCOUNT).expect("valid");
    let shown = format!("{config:?} {} {:?}", config.api_key, config.api_key);
    assert!(!shown.contains(KEY) && !shown.contains("secret"), "{shown}");
    assert!(shown.contains("[redacted]"));
    assert_eq!(config.api_key.expose(), KEY);
}

#[test]
fn the_json_view_is_the_options_less_the_key() {
    let given = json!({ "baseUrl": "http://127.0.0.1:8787/", "timeoutMs": 5000, "maxRetries": 0, "deadlineMs": 9000 });
    let config = ClientConfig::from_json(&options(given)).expect("valid");
    let text = config.to_json_text();
    let view: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        view,
        json!({ "accountId": ACCOUNT, "baseUrl": "http://127.0.0.1:8787", "timeoutMs": 5000, "maxRetries": 0, "deadlineMs": 9000 })
    );
    // Field for field, the options it was made from (a key added gives a client back).
    let mut again = view.clone();
    if let Some(fields) = again.as_object_mut() {
        fields.insert("apiKey".into(), json!(KEY));
    }
    let rebuilt = ClientConfig::from_json(&again).expect("the view is valid options");
    assert_eq!(rebuilt.to_json_text(), text);
    assert!(!text.contains("secret") && !text.contains("IST."), "{text}");
}

#[test]
fn with_account_keeps_the_settings() {
    let config = ClientConfig::from_json(&options(json!({ "timeoutMs": 5 }))).expect("valid");
    let other = config
        .with_account("00000000-0000-4000-8000-000000000001")
        .expect("valid");
    assert_eq!(other.timeout_ms, 5);
    assert_eq!(other.api_key, config.api_key);
    assert!(config.with_account("../x").is_err());
}

#[test]
fn an_application_error_keeps_its_code_description_and_data() {
    let body = json!({
        "message": "Product id not found in catalog.",
        "details": { "applicationError": {
            "code": "PRODUCT_NOT_FOUND",
            "description": "Product id not found in catalog.",
            "data": { "productId": "x" } } }
    });
    let error = ResellersError::from_status(404, body.to_string().as_bytes(), MAX_RESPONSE_BYTES)
        .finish(1, Some("3f2a".into()), None);
    assert_eq!(
        (error.kind, error.code.as_str(), error.status),
        (ErrorKind::Api, "PRODUCT_NOT_FOUND", Some(404))
    );
    assert_eq!(
        error.message,
        "PRODUCT_NOT_FOUND (404): Product id not found in catalog. [request 3f2a]"
    );
    assert_eq!(error.details, body.get("details").cloned());
    assert!(!error.retryable);
}

#[test]
fn a_validation_error_lists_its_field_violations() {
    let body = json!({ "message": "bad", "details": { "validationError": { "fieldViolations": [
        { "field": "products[0].countryCode", "description": "must be a country", "violatedRule": "FORMAT" },
        { "field": "externalId", "description": "too long", "violatedRule": "MAX_LENGTH" } ] } } });
    let error = ResellersError::from_status(400, body.to_string().as_bytes(), MAX_RESPONSE_BYTES);
    assert_eq!(error.code, "INVALID_ARGUMENT");
    assert_eq!(error.field_violations.len(), 2);
    assert!(error.message.starts_with("INVALID_ARGUMENT (400): products[0].countryCode: must be a country (2 field violations)"), "{}", error.message);
}

#[test]
fn bodies_without_a_wix_error_still_give_a_typed_error() {
    let html = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let cases: [(u16, &[u8], &str); 6] = [
        (502, html, "BAD_GATEWAY"),
        (503, b"", "UNAVAILABLE"),
        (500, b"{\"message\":\"\",\"details\":{}}", "INTERNAL"),
        (401, b"{\"message\": \"unauth", "UNAUTHENTICATED"),
        (403, b"[1,2]", "PERMISSION_DENIED"),
        (418, b"teapot", "HTTP_418"),
    ];
    for (status, body, code) in cases {
        let error = ResellersError::from_status(status, body, MAX_RESPONSE_BYTES);
        assert_eq!(
            (error.kind, error.code.as_str(), error.status),
            (ErrorKind::Api, code, Some(status))
        );
        assert!(
            error.message.starts_with(&format!("{code} ({status}): ")),
            "{}",
            error.message
        );
    }
    let error = ResellersError::from_status(502, html, MAX_RESPONSE_BYTES);
    assert!(error.message.contains("HTML"), "{}", error.message);
    assert!(error.retryable);
    let codes: Vec<String> = [400, 401, 403, 404, 409, 428, 429, 500, 502, 503, 504]
        .into_iter()
        .map(status_code_name)
        .collect();
    assert_eq!(
        codes,
        [
            "INVALID_ARGUMENT",
            "UNAUTHENTICATED",
            "PERMISSION_DENIED",
            "NOT_FOUND",
            "ALREADY_EXISTS",
            "FAILED_PRECONDITION",
            "RESOURCE_EXHAUSTED",
            "INTERNAL",
            "BAD_GATEWAY",
            "UNAVAILABLE",
            "DEADLINE_EXCEEDED"
        ]
    );
}

#[test]
fn wrongly_typed_error_bodies_keep_what_fits() {
    let body = br#"{"message": 5, "details": {"applicationError": {"code": "SITE_NOT_FOUND", "description": "gone"}, "validationError": 3}}"#;
    let error = ResellersError::from_status(404, body, MAX_RESPONSE_BYTES);
    assert_eq!(error.code, "SITE_NOT_FOUND");
    let huge = vec![b' '; MAX_RESPONSE_BYTES + 1];
    assert_eq!(
        ResellersError::from_status(500, &huge, MAX_RESPONSE_BYTES).code,
        "INTERNAL"
    );
}

#[test]
fn success_bodies_that_cannot_be_read_say_why() {
    type Answer = crate::model::GetPackageResponse;
    let cases: [(&[u8], &str); 5] = [
        (b"", "empty"),
        (b"<!DOCTYPE html><html></html>", "HTML"),
        (br#"{"package": {"id": "828b98fb-7114"#, "cut off"),
        (b"package: yes", "not JSON"),
        (br#"{"package": {"id": 5}}"#, "shape"),
    ];
    for (body, why) in cases {
        let reason = decode_body::<Answer>(body).expect_err("unreadable");
        assert!(reason.contains(why), "{reason}");
    }
    let enormous = vec![b' '; MAX_RESPONSE_BYTES + 1];
    assert!(decode_body::<Answer>(&enormous)
        .expect_err("too big")
        .contains("limit"));
}

#[test]
fn transport_failures_map_to_kinds_and_codes() {
    let timeout = ResellersError::transport("getPackage", &TransportError::timeout(), 30_000);
    assert_eq!(
        (timeout.kind, timeout.code.as_str(), timeout.retryable),
        (ErrorKind::Timeout, "TIMEOUT", true)
    );
    assert!(timeout.message.contains("30000 ms"));
    let network =
        ResellersError::transport("getPackage", &TransportError::network("ECONNRESET"), 1);
    assert_eq!(
        (network.kind, network.code.as_str(), network.retryable),
        (ErrorKind::Network, "NETWORK_ERROR", true)
    );
    let aborted = ResellersError::transport("getPackage", &TransportError::aborted(), 1);
    assert_eq!(
        (aborted.code.as_str(), aborted.retryable),
        ("ABORTED", false)
    );
}

#[test]
fn offline_rejections_name_the_operation_and_the_first_violation() {
    let error = ResellersError::invalid_request(
        "createPackageV2",
        vec![crate::model::FieldViolation::new(
            "products[0].countryCode",
            "FORMAT",
            "\"UK\" is not an ISO 3166-1 alpha-2 code",
        )],
    );
    assert_eq!(error.message, "createPackageV2 rejected before sending: products[0].countryCode: \"UK\" is not an ISO 3166-1 alpha-2 code (1 field violation)");
    assert_eq!(
        (error.kind, error.code.as_str(), error.attempts),
        (ErrorKind::Validation, "INVALID_REQUEST", 0)
    );
}

#[test]
fn redaction_removes_the_key_from_every_field() {
    let echo = json!({ "message": format!("bad key {KEY}"), "details": { "applicationError": {
        "code": "UNAUTH", "description": format!("key {KEY} unknown"), "data": { KEY: KEY } } } });
    let error = ResellersError::from_status(401, echo.to_string().as_bytes(), MAX_RESPONSE_BYTES)
        .finish(2, Some(format!("req-{KEY}")), Some(KEY.to_owned()))
        .redact(KEY);
    let shown = format!(
        "{error} {error:?} {}",
        serde_json::to_string(&error).expect("serialises")
    );
    assert!(!shown.contains(KEY), "{shown}");
    assert!(shown.contains("[redacted]"));
}

/// A key as long as a real Wix key (`IST.eyJ…`, past 200 characters), with
/// no repeated 16-character run; `quote` puts a `"` and a `\` in it.
fn long_key(quote: bool) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut state: u32 = 11;
    let mut key: Vec<char> = "IST.eyJ".chars().collect();
    while key.len() < 240 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        key.push(alphabet[(state >> 16) as usize % alphabet.len()] as char);
    }
    if quote {
        key[40] = '"';
        key[150] = '\\';
    }
    key.into_iter().collect()
}

/// The first 16-character run of `key` found in `text`.
fn piece_of(key: &str, text: &str) -> Option<String> {
    let chars: Vec<char> = key.chars().collect();
    chars
        .windows(16)
        .map(|window| window.iter().collect::<String>())
        .find(|window| text.contains(window.as_str()))
}

/// Every text of an error: its message, `Debug`, and JSON (as JS gets it).
fn shown(error: &ResellersError) -> String {
    format!("{error} {error:?} {}", error.to_json_text())
}

#[test]
fn no_16_character_piece_of_a_long_key_survives_a_shortened_message() {
    for key in [long_key(false), long_key(true)] {
        let escaped = crate::json_text::quoted(&key);
        let id: String = key.chars().take(200).collect();
        let mut errors = vec![
            // Bodies that are not JSON keep a 200-character excerpt.
            ResellersError::from_status(
                401,
                format!("denied: {key}").as_bytes(),
                MAX_RESPONSE_BYTES,
            ),
            ResellersError::from_status(
                502,
                format!("<html><pre>{key}</pre>").as_bytes(),
                MAX_RESPONSE_BYTES,
            ),
            // The key JSON-escaped, as a server echoing the header as JSON writes it.
            ResellersError::from_status(
                401,
                format!("denied {{\"authorization\":{escaped}}} ...").as_bytes(),
                MAX_RESPONSE_BYTES,
            ),
            // An echoed request id, kept to 200 characters.
            ResellersError::from_status(404, b"", MAX_RESPONSE_BYTES).finish(1, Some(id), None),
        ];
        // The key passed as an ID: the GUID rule quotes 60 characters of it.
        for built in [
            api::get_package(&key).err(),
            api::cancel_package(&key).err(),
        ] {
            errors.push(ResellersError::invalid_request(
                "getPackage",
                built.unwrap_or_default(),
            ));
        }
        for error in errors {
            let before = shown(&error);
            assert!(
                piece_of(&key, &before).is_some(),
                "the test echoes the key: {before}"
            );
            let after = shown(&error.redact(&key));
            assert_eq!(piece_of(&key, &after), None, "{after}");
            assert!(after.contains("[redacted]"), "{after}");
        }
    }
}

#[test]
fn keys_that_fetch_would_change_or_that_are_too_short_to_redact_are_refused() {
    let key = long_key(false);
    for (bad, why) in [
        (format!(" {key}"), "whitespace"),
        (format!("{key} "), "whitespace"),
        (format!("{key}\u{a0}"), "whitespace"),
        (format!("{key}\t"), "control"),
        (format!("{key}\n"), "control"),
        (format!("{}é{}", &key[..100], &key[100..]), "header"),
        (format!("{key}€"), "header"),
        (format!("{key}😀"), "header"),
        ("a".to_owned(), "16"),
        ("IST.abcdefghijk".to_owned(), "16"),
        (" key".to_owned(), "whitespace"),
    ] {
        let error = ClientConfig::new(&bad, ACCOUNT).expect_err(&bad);
        assert_eq!(error.code, "INVALID_CONFIG", "{bad:?}");
        assert!(error.message.contains(why), "{bad:?}: {}", error.message);
        assert!(
            !error.message.contains(&crate::json_text::quoted(&bad)),
            "{}",
            error.message
        );
        assert_eq!(
            piece_of(bad.trim(), &shown(&error)),
            None,
            "{}",
            error.message
        );
    }
    // The seed keys, a 16-character key and an inner space are fine.
    for good in [
        "sandbox-reseller-key",
        "sandbox-other-reseller-key",
        "0123456789abcdef",
        "Bearer IST.eyJ-with-a-space",
        key.as_str(),
    ] {
        assert!(ClientConfig::new(good, ACCOUNT).is_ok(), "{good}");
    }
}

#[test]
fn a_swapped_option_does_not_echo_the_key() {
    let key = long_key(false);
    let error =
        ClientConfig::from_json(&json!({ "apiKey": key, "accountId": ACCOUNT, "baseUrl": key }))
            .expect_err("not a URL");
    assert_eq!(piece_of(&key, &shown(&error)), None, "{}", error.message);
}

/// `message` split after each period that ends a sentence.
fn sentences(message: &str) -> Vec<&str> {
    message.split_inclusive(". ").collect()
}

#[test]
fn network_errors_say_whether_anything_was_sent_in_separate_sentences() {
    let refused = TransportError::network("fetch failed (connect ECONNREFUSED 127.0.0.1:9)");
    let error = ResellersError::transport("cancelPackage", &refused, 1).finish(
        3,
        None,
        Some("828b98fb-7114-4b3c-90fd-8d0db76aa72b".into()),
    );
    assert_eq!(
        error.message,
        "cancelPackage could not reach the API: fetch failed (connect ECONNREFUSED \
         127.0.0.1:9). Nothing was sent; check baseUrl and the network (gave up after 3 attempts)."
    );
    for cause in [
        "getaddrinfo ENOTFOUND www.wixapis.com",
        "getaddrinfo EAI_AGAIN x",
    ] {
        let error = ResellersError::transport("getPackage", &TransportError::network(cause), 1);
        assert!(
            error.message.contains("Nothing was sent"),
            "{}",
            error.message
        );
    }
    let unsent = TransportError::network("the header could not be built").not_sent();
    let error =
        ResellersError::transport("cancelPackage", &unsent, 1).finish(1, None, Some("k".into()));
    assert!(
        !error.message.contains("outcome is unknown"),
        "{}",
        error.message
    );
    // A reset may come after the server acted.
    let reset = TransportError::network("fetch failed (other side closed)");
    let error =
        ResellersError::transport("cancelPackage", &reset, 1).finish(2, None, Some("k-1".into()));
    assert_eq!(
        sentences(&error.message),
        [
            "cancelPackage could not reach the API: fetch failed (other side closed). ",
            "Check baseUrl and the network (gave up after 2 attempts). ",
            "The outcome is unknown: retry with idempotencyKey \"k-1\" so the change cannot happen twice."
        ]
    );
}

#[test]
fn deadline_and_app_info_are_read_and_checked() {
    let config = ClientConfig::from_json(&options(json!({}))).expect("valid");
    assert_eq!(config.deadline_ms, 60_000);
    assert_eq!(config.user_agent, crate::client::USER_AGENT);
    assert!(config.user_agent.starts_with("wix-resellers/"));
    let config = ClientConfig::from_json(&options(
        json!({ "deadlineMs": 1500, "appInfo": { "name": "my-shop", "version": "2.3.1" } }),
    ))
    .expect("valid");
    assert_eq!(config.deadline_ms, 1500);
    assert_eq!(
        config.user_agent,
        format!("{} (my-shop/2.3.1)", crate::client::USER_AGENT)
    );
    let sub = config
        .with_account("6e3bd3d5-7a1b-4c43-8e3b-2d51b0c5a7e1")
        .expect("valid");
    assert_eq!(
        (sub.deadline_ms, &sub.user_agent),
        (1500, &config.user_agent)
    );
    for bad in [
        json!({ "deadlineMs": 0 }),
        json!({ "deadlineMs": "1s" }),
        json!({ "appInfo": "my-shop" }),
        json!({ "appInfo": { "name": "my shop", "version": "1" } }),
        json!({ "appInfo": { "name": "a)(b", "version": "1" } }),
        json!({ "appInfo": { "name": "shop" } }),
        json!({ "appInfo": { "name": "shop", "version": "1\r\nx: y" } }),
    ] {
        let error = config_error(bad.clone());
        assert_eq!(error.code, "INVALID_CONFIG", "{bad}");
    }
}
