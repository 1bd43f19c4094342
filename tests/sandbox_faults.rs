//! Faults armed with a documented error `code`: every code of the API can be
//! produced, with its status and its Wix body filled from the request.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod sandbox_support;

use sandbox_support::*;
use serde_json::{json, Value};
use wix_resellers::sandbox::seed::*;

/// The sandbox's own answers (routing and the HTTP front): no API code, so
/// no fault answers them.
const NOT_API_CODES: [&str; 5] = [
    "BAD_REQUEST",
    "METHOD_NOT_ALLOWED",
    "NOT_FOUND",
    "PAYLOAD_TOO_LARGE",
    "REQUEST_HEADER_FIELDS_TOO_LARGE",
];

fn arm(client: &mut Client, fault: Value) -> Answer {
    client.control("POST", "/_sandbox/faults", Some(fault))
}

fn armed(client: &mut Client) -> Value {
    client.control("GET", "/_sandbox/faults", None).json["faults"].clone()
}

fn data(answer: &Answer) -> &Value {
    &answer.json["details"]["applicationError"]["data"]
}

fn instance_path(instance: &str) -> String {
    format!("/resellers/v1/packages/product-instances/{instance}")
}

fn package_count(client: &mut Client) -> usize {
    client.query(json!({})).json["packages"]
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn every_api_code_answers_its_status_and_wix_body_unprocessed() {
    let mut client = Client::new();
    for code in codes() {
        let armed_answer = arm(
            &mut client,
            json!({ "code": code, "pathPrefix": "/resellers/v2/packages" }),
        );
        if NOT_API_CODES.contains(&code) {
            assert_eq!(armed_answer.status, 400, "{code} is no API code");
            assert_eq!(armed_answer.violation_field(), "code");
            continue;
        }
        assert_eq!(armed_answer.status, 200, "{code}: {}", armed_answer.json);
        assert_eq!(armed_answer.json["code"], json!(code));
        let answer =
            client.create(json!({ "products": [plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))] }));
        answer.assert_error(code);
        assert_eq!(
            answer.json["message"],
            answer.json["details"]["applicationError"]["description"]
        );
        assert!(!answer.message().is_empty(), "{code}");
        assert!(data(&answer).is_object(), "{code}");
        assert!(
            is_wix_request_id(answer.raw.header("x-wix-request-id").unwrap()),
            "{code}"
        );
    }
    assert_eq!(
        package_count(&mut client),
        0,
        "no faulted create was processed"
    );
}

/// For requests that fail on their own, the injected code answers exactly
/// what the sandbox would: the same constructors, the same placeholders.
#[test]
fn an_injected_code_answers_what_the_request_would_naturally_get() {
    let mut client = Client::new();
    let plan_package = client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))]));
    let plan_instance = first_instance_id(&plan_package);
    let unknown = "0a0a0a0a-0000-4000-8000-00000000dead";
    let cases: Vec<(&str, &str, String, Value)> = vec![
        (
            "MISSING_BILLING_CYCLE",
            "POST",
            "/resellers/v2/packages".into(),
            json!({ "products": [{ "catalogProductId": LIGHT_PLAN_ID, "countryCode": "US" }] }),
        ),
        (
            "PRODUCT_NOT_FOUND",
            "POST",
            "/resellers/v2/packages".into(),
            json!({ "products": [{ "catalogProductId": unknown, "countryCode": "US" }] }),
        ),
        (
            "SITE_NOT_FOUND",
            "POST",
            "/resellers/v2/packages".into(),
            json!({ "products": [plan(LIGHT_PLAN_ID, Some(OTHER_RESELLER_SITE_ID))] }),
        ),
        (
            "PRODUCT_TYPE_ALREADY_ASSIGNED",
            "POST",
            "/resellers/v2/packages".into(),
            json!({ "products": [plan(CORE_PLAN_ID, Some(RESELLER_SITE_ID))] }),
        ),
        (
            "PRODUCT_NOT_SUPPORTED_ON_SITE",
            "POST",
            "/resellers/v2/packages".into(),
            json!({ "products": [single(DOMAIN_ID, Some(RESELLER_SECOND_SITE_ID))] }),
        ),
        (
            "INVALID_REFERENCE_PRODUCT_INSTANCE_ID",
            "POST",
            "/resellers/v2/packages".into(),
            json!({ "products": [{ "catalogProductId": DOMAIN_ID, "countryCode": "US", "referenceProductInstanceId": unknown }] }),
        ),
        (
            "PACKAGE_NOT_FOUND",
            "GET",
            format!("/resellers/v1/packages/{unknown}"),
            Value::Null,
        ),
        (
            "PRODUCT_INSTANCE_NOT_FOUND",
            "DELETE",
            instance_path(unknown),
            Value::Null,
        ),
        (
            "SITE_NOT_FOUND",
            "PATCH",
            format!("{}/{OTHER_RESELLER_SITE_ID}", instance_path(&plan_instance)),
            Value::Null,
        ),
        (
            "INCOMPATIBLE_PRODUCT",
            "PATCH",
            instance_path(&plan_instance),
            json!({ "catalogProductId": BUSINESS_EMAIL_ID }),
        ),
        (
            "MISSING_PRODUCT_DETAILS",
            "PATCH",
            instance_path(&plan_instance),
            json!({}),
        ),
    ];
    for (code, method, path, body) in cases {
        let body = (!body.is_null()).then_some(body);
        let natural = client.call(method, &path, body.clone());
        natural.assert_error(code);
        assert_eq!(
            arm(&mut client, json!({ "code": code })).status,
            200,
            "{code}"
        );
        let injected = client.call(method, &path, body);
        injected.assert_error(code);
        assert_eq!(injected.json, natural.json, "{code} on {method} {path}");
    }
}

#[test]
fn placeholders_come_from_the_request_and_what_the_sandbox_holds() {
    let mut client = Client::new();
    let email = client.create_ok(json!([single(BUSINESS_EMAIL_ID, None)]));
    let mailbox = first_instance_id(&email);

    arm(
        &mut client,
        json!({ "code": "PRODUCT_LIMIT_EXCEEDED", "times": 2 }),
    );
    let limit = client.create(json!({ "products": [single(BUSINESS_EMAIL_ID, None)] }));
    limit.assert_error("PRODUCT_LIMIT_EXCEEDED");
    assert_eq!(
        data(&limit),
        &json!({ "productId": BUSINESS_EMAIL_ID, "numberOfCurrentSubscriptions": 1 })
    );
    let on_adjust = client.call(
        "PATCH",
        &instance_path(&mailbox),
        Some(json!({ "catalogProductId": LIGHT_PLAN_ID })),
    );
    assert_eq!(
        data(&on_adjust)["productId"],
        json!(LIGHT_PLAN_ID),
        "Adjust's target"
    );

    arm(&mut client, json!({ "code": "INVALID_PRODUCTS" }));
    let invalid = client.create(json!({ "products": [
        plan(LIGHT_PLAN_ID, None),
        single(DOMAIN_ID, None),
    ] }));
    invalid.assert_error("INVALID_PRODUCTS");
    assert_eq!(
        invalid.message(),
        format!("Invalid products: {LIGHT_PLAN_ID}, {DOMAIN_ID}.")
    );
    assert_eq!(
        data(&invalid),
        &json!({ "productIds": [LIGHT_PLAN_ID, DOMAIN_ID] })
    );

    arm(&mut client, json!({ "code": "PRODUCT_SETTINGS_NOT_FOUND" }));
    let settings = client.create(json!({ "products": [single(DOMAIN_ID, None)] }));
    assert_eq!(
        settings.message(),
        format!("Product doesn't have any settings {DOMAIN_ID}.")
    );

    arm(
        &mut client,
        json!({ "code": "INCOMPATIBLE_PRODUCT_INSTANCE_STATUS" }),
    );
    let status = client.call(
        "PATCH",
        &instance_path(&mailbox),
        Some(json!({ "catalogProductId": BUSINESS_EMAIL_ID })),
    );
    assert_eq!(
        status.message(),
        format!("Product instance with id {mailbox} is with incompatible status ENABLED.")
    );

    arm(&mut client, json!({ "code": "ACCOUNT_NOT_FOUND" }));
    let account = client.acting_for(SUB_ACCOUNT_ID).query(json!({}));
    assert_eq!(data(&account), &json!({ "accountId": SUB_ACCOUNT_ID }));

    // What the request does not give is `unknown`.
    arm(&mut client, json!({ "code": "PRODUCT_NOT_FOUND" }));
    let nothing = client.query(json!({}));
    assert_eq!(data(&nothing), &json!({ "productId": "unknown" }));
}

#[test]
fn a_code_fault_counts_down_and_keeps_delay_and_retry_after() {
    let mut client = Client::new();
    let armed_answer = arm(
        &mut client,
        json!({ "code": "SITE_NOT_FOUND", "times": 2, "retryAfter": 3, "delayMs": 25, "method": "post" }),
    );
    assert_eq!(armed_answer.status, 200);
    assert_eq!(armed(&mut client)[0]["code"], json!("SITE_NOT_FOUND"));
    client.query(json!({})).assert_error("SITE_NOT_FOUND");
    let second = client.create(json!({ "products": [plan(LIGHT_PLAN_ID, None)] }));
    second.assert_error("SITE_NOT_FOUND");
    assert_eq!(second.raw.header("retry-after"), Some("3"));
    assert_eq!(second.raw.delay_ms, 25);
    assert_eq!(armed(&mut client), json!([]));
    assert_eq!(
        client
            .create(json!({ "products": [plan(LIGHT_PLAN_ID, None)] }))
            .status,
        200
    );
}

#[test]
fn a_keyed_call_answered_by_a_code_fault_is_not_replayed() {
    let mut client = Client::new();
    arm(&mut client, json!({ "code": "PRODUCT_LIMIT_EXCEEDED" }));
    let body = json!({ "idempotencyKey": "order-7", "products": [plan(LIGHT_PLAN_ID, None)] });
    client
        .create(body.clone())
        .assert_error("PRODUCT_LIMIT_EXCEEDED");
    assert_eq!(client.create(body).status, 200, "the retry is processed");
}

#[test]
fn arming_refuses_an_unknown_code_and_bad_combinations() {
    let mut client = Client::new();
    for (fault, field, rule) in [
        (
            json!({ "code": "NO_SUCH_CODE" }),
            "code",
            "INVALID_ENUM_VALUE",
        ),
        (
            json!({ "code": "product_not_found" }),
            "code",
            "INVALID_ENUM_VALUE",
        ),
        (json!({ "code": 404 }), "code", "TYPE"),
        (
            json!({ "code": "SITE_NOT_FOUND", "status": 404 }),
            "status",
            "OTHER",
        ),
        (
            json!({ "code": "SITE_NOT_FOUND", "mode": "reset" }),
            "mode",
            "OTHER",
        ),
    ] {
        let answer = arm(&mut client, fault.clone());
        assert_eq!(answer.status, 400, "{fault}");
        let violation = &answer.json["details"]["validationError"]["fieldViolations"][0];
        assert_eq!(
            (
                violation["field"].as_str(),
                violation["violatedRule"].as_str()
            ),
            (Some(field), Some(rule)),
            "{fault}"
        );
    }
    assert!(
        arm(&mut client, json!({ "code": "NOPE" })).json["details"]["validationError"]
            ["fieldViolations"][0]["description"]
            .as_str()
            .unwrap()
            .contains("PRODUCT_SETTINGS_NOT_FOUND"),
        "the refusal lists the codes"
    );
    assert_eq!(armed(&mut client), json!([]), "nothing was armed");
}

/// A plan on the reseller's site with a domain on top: (plan package, plan
/// instance, domain package).
fn plan_with_domain(client: &mut Client) -> (Value, String, Value) {
    let plan_package = client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))]));
    let domain = client.create_ok(json!([single(DOMAIN_ID, Some(RESELLER_SITE_ID))]));
    let instance = first_instance_id(&plan_package);
    (plan_package, instance, domain)
}

fn reassign(client: &mut Client, instance: &str, site: &str) -> Answer {
    client.call(
        "PATCH",
        &format!("{}/{site}", instance_path(instance)),
        None,
    )
}

fn site_of_first(client: &mut Client, package: &Value) -> Value {
    client.get(&id_of(package)).instance()["siteId"].clone()
}

#[test]
fn a_floating_fault_makes_a_failed_reassign_leave_the_instance_unassigned() {
    let mut client = Client::new();
    let (plan_package, instance, domain) = plan_with_domain(&mut client);
    let armed_answer = arm(
        &mut client,
        json!({ "mode": "floating", "status": 503, "method": "PATCH",
                "pathPrefix": "/resellers/v1/packages/product-instances/" }),
    );
    assert_eq!(armed_answer.status, 200, "{}", armed_answer.json);
    assert_eq!(armed_answer.json["mode"], "floating");
    let answer = reassign(&mut client, &instance, RESELLER_SECOND_SITE_ID);
    assert_eq!(answer.status, 503);
    assert_eq!(answer.json, json!({ "message": "", "details": {} }));
    let read = client.get(&id_of(&plan_package));
    assert!(
        read.instance().get("siteId").is_none(),
        "neither site: floating"
    );
    assert!(read.package()["updatedDate"].as_str() > plan_package["updatedDate"].as_str());
    assert_eq!(
        site_of_first(&mut client, &domain),
        Value::Null,
        "its domain is disconnected"
    );
    // The re-read branch can now assign it again.
    assert_eq!(
        reassign(&mut client, &instance, RESELLER_SECOND_SITE_ID).status,
        200
    );
}

#[test]
fn a_floating_fault_with_a_code_answers_that_code_and_strands() {
    let mut client = Client::new();
    let (plan_package, instance, _) = plan_with_domain(&mut client);
    arm(
        &mut client,
        json!({ "mode": "floating", "code": "PRODUCT_TYPE_ALREADY_ASSIGNED" }),
    );
    let answer = reassign(&mut client, &instance, RESELLER_SECOND_SITE_ID);
    answer.assert_error("PRODUCT_TYPE_ALREADY_ASSIGNED");
    assert_eq!(data(&answer)["siteId"], json!(RESELLER_SECOND_SITE_ID));
    assert_eq!(site_of_first(&mut client, &plan_package), Value::Null);
}

#[test]
fn a_floating_fault_alone_strands_only_when_the_move_fails_on_its_own() {
    let mut client = Client::new();
    let (plan_package, instance, _) = plan_with_domain(&mut client);
    client.create_ok(json!([plan(CORE_PLAN_ID, Some(RESELLER_SECOND_SITE_ID))]));
    // Without the fault a failed move changes nothing.
    reassign(&mut client, &instance, RESELLER_SECOND_SITE_ID)
        .assert_error("PRODUCT_TYPE_ALREADY_ASSIGNED");
    assert_eq!(
        site_of_first(&mut client, &plan_package),
        json!(RESELLER_SITE_ID)
    );
    arm(&mut client, json!({ "mode": "floating" }));
    reassign(&mut client, &instance, RESELLER_SECOND_SITE_ID)
        .assert_error("PRODUCT_TYPE_ALREADY_ASSIGNED");
    assert_eq!(site_of_first(&mut client, &plan_package), Value::Null);

    // A move that succeeds is not spoiled (and uses the fault up).
    arm(&mut client, json!({ "mode": "floating" }));
    assert_eq!(
        reassign(&mut client, &instance, RESELLER_SITE_ID).status,
        200
    );
    assert_eq!(
        site_of_first(&mut client, &plan_package),
        json!(RESELLER_SITE_ID)
    );
    assert_eq!(armed(&mut client), json!([]));
}

#[test]
fn a_floating_fault_on_another_request_is_a_plain_fault() {
    let mut client = Client::new();
    let (plan_package, instance, _) = plan_with_domain(&mut client);
    arm(&mut client, json!({ "mode": "floating", "status": 503 }));
    let unassign = client.call(
        "PATCH",
        &format!("{}/unassign", instance_path(&instance)),
        None,
    );
    assert_eq!(unassign.status, 503, "answered, not processed");
    assert_eq!(
        site_of_first(&mut client, &plan_package),
        json!(RESELLER_SITE_ID)
    );
    arm(&mut client, json!({ "mode": "floating" }));
    assert_eq!(client.query(json!({})).status, 200, "processed as usual");
    assert_eq!(armed(&mut client), json!([]));
}

#[test]
fn a_forced_reassign_failure_is_not_replayed() {
    let mut client = Client::new();
    let (_, instance, _) = plan_with_domain(&mut client);
    arm(
        &mut client,
        json!({ "mode": "floating", "code": "SITE_NOT_FOUND" }),
    );
    let path = format!("{}/{RESELLER_SECOND_SITE_ID}", instance_path(&instance));
    let body = json!({ "idempotencyKey": "move-1" });
    client
        .call("PATCH", &path, Some(body.clone()))
        .assert_error("SITE_NOT_FOUND");
    let retry = client.call("PATCH", &path, Some(body));
    assert_eq!(retry.status, 200, "{}", retry.json);
    assert_eq!(retry.instance()["siteId"], json!(RESELLER_SECOND_SITE_ID));
}
