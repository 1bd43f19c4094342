//! Each endpoint's method and path, and that IDs are validated before they
//! enter the path.

use super::*;
use serde::de::DeserializeOwned;
use serde_json::json;

const PACKAGE: &str = "828b98fb-7114-4b3c-90fd-8d0db76aa72b";
const INSTANCE: &str = "d3b88a39-f62e-4164-8b29-08369b9ea71c";
const SITE: &str = "918aa943-ab4f-40bc-88c3-8dfd02fae7cd";

/// A body's text read back as JSON.
fn parsed(body: Option<String>) -> Option<Value> {
    body.map(|text| serde_json::from_str(&text).expect("the body is JSON"))
}

fn route<R: DeserializeOwned>(built: Built<R>) -> (Method, String, bool) {
    let call = built.expect("valid call");
    (call.method, call.path, call.idempotent)
}

fn example_create() -> Value {
    json!({
        "products": [{
            "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf",
            "siteId": SITE,
            "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 1 } },
            "countryCode": "BR"
        }],
        "externalId": "some-external-id"
    })
}

#[test]
fn create_package_v2_posts_to_v2_and_keeps_the_external_id() {
    let call = create_package_v2(&example_create(), UnknownFields::Refuse).expect("valid");
    assert_eq!(
        (call.method, call.path.as_str()),
        (Method::Post, "/resellers/v2/packages")
    );
    assert!(call.idempotent);
    assert_eq!(call.external_id.as_deref(), Some("some-external-id"));
    assert_eq!(parsed(call.body), Some(example_create()));
}

#[test]
fn a_create_read_from_text_sends_that_text() {
    let text = r#"{"products":[{"catalogProductId":"00ba7923-2655-402a-852d-2b2100568bcf","countryCode":"BR"}],"idempotencyKey":"k"}"#;
    let request: Value = serde_json::from_str(text).expect("JSON");
    let call = create_package_v2_text(Some(text.to_owned()), UnknownFields::Refuse)
        .expect("JSON")
        .expect("valid");
    assert_eq!(call.body.as_deref(), Some(text));
    assert_eq!(call.body_idempotency_key(), Some("k"));
    assert_eq!(call.external_id, None);
    let call = create_package(&request, UnknownFields::Refuse).expect("valid");
    assert_eq!(parsed(call.body), Some(request));
    // A `null` key is no key: left out of the text, for the pipeline to add.
    let text = r#"{"products":[{"catalogProductId":"00ba7923-2655-402a-852d-2b2100568bcf","countryCode":"BR"}],"idempotencyKey":null}"#;
    let request: Value = serde_json::from_str(text).expect("JSON");
    let call = create_package_v2_text(Some(text.to_owned()), UnknownFields::Refuse)
        .expect("JSON")
        .expect("valid");
    assert_eq!(call.body_key, None);
    assert_eq!(
        parsed(call.body),
        Some(json!({ "products": request["products"].clone() }))
    );
}

#[test]
fn a_create_from_text_says_what_is_wrong_as_the_rules_do() {
    let text = r#"{"products":[{"catalogProductId":"nope","countryCode":"UK"}]}"#;
    let request: Value = serde_json::from_str(text).expect("JSON");
    assert_eq!(
        create_package_v2_text(Some(text.to_owned()), UnknownFields::Refuse).expect("JSON"),
        create_package_v2(&request, UnknownFields::Refuse)
    );
    assert!(create_package_text(Some("[".repeat(200)), UnknownFields::Refuse).is_err());
    assert_eq!(
        create_package_text(None, UnknownFields::Refuse).expect("nothing is null"),
        create_package(&Value::Null, UnknownFields::Refuse)
    );
}

#[test]
fn deprecated_create_posts_to_v1() {
    assert_eq!(
        route(create_package(&example_create(), UnknownFields::Refuse)),
        (Method::Post, "/resellers/v1/packages".to_owned(), true)
    );
}

#[test]
fn get_package_puts_the_id_in_the_path() {
    assert_eq!(
        route(get_package(PACKAGE)),
        (
            Method::Get,
            format!("/resellers/v1/packages/{PACKAGE}"),
            false
        )
    );
    assert_eq!(get_package(PACKAGE).map(|call| call.body), Ok(None));
}

#[test]
fn query_wraps_the_query_object() {
    let call = query_packages(
        &json!({ "filter": { "externalId": { "$eq": "x" } } }),
        UnknownFields::Refuse,
    )
    .expect("valid");
    assert_eq!(
        (call.method, call.path.as_str(), call.idempotent),
        (Method::Post, "/resellers/v1/packages/query", false)
    );
    assert_eq!(
        parsed(call.body),
        Some(json!({ "query": { "filter": { "externalId": { "$eq": "x" } } } }))
    );
    let empty = query_packages(&Value::Null, UnknownFields::Refuse).expect("null is {}");
    assert_eq!(parsed(empty.body), Some(json!({ "query": {} })));
}

#[test]
fn cancel_package_deletes_with_an_idempotent_body() {
    assert_eq!(
        route(cancel_package(PACKAGE)),
        (
            Method::Delete,
            format!("/resellers/v1/packages/{PACKAGE}"),
            true
        )
    );
}

#[test]
fn update_external_id_encodes_the_external_id() {
    let built = update_package_external_id(
        &json!({ "packageId": PACKAGE, "externalId": "order 7/b?#%" }),
        UnknownFields::Refuse,
    );
    assert_eq!(
        route(built),
        (
            Method::Patch,
            format!("/resellers/v1/packages/update/{PACKAGE}/order%207%2Fb%3F%23%25"),
            false
        )
    );
}

#[test]
fn product_instance_routes() {
    assert_eq!(
        route(assign_product_instance_to_site(
            &json!({ "instanceId": INSTANCE, "siteId": SITE }),
            UnknownFields::Refuse
        )),
        (
            Method::Patch,
            format!("/resellers/v1/packages/product-instances/{INSTANCE}/{SITE}"),
            true
        )
    );
    assert_eq!(
        route(unassign_product_instance_from_site(INSTANCE)),
        (
            Method::Patch,
            format!("/resellers/v1/packages/product-instances/{INSTANCE}/unassign"),
            true
        )
    );
    assert_eq!(
        route(cancel_product_instance(INSTANCE)),
        (
            Method::Delete,
            format!("/resellers/v1/packages/product-instances/{INSTANCE}"),
            true
        )
    );
    assert_eq!(
        route(adjust_product_instance_specifications(
            INSTANCE,
            &json!({ "catalogProductId": "2c6db353-458a-41dd-b4f5-cb8a05be6bff" }),
            UnknownFields::Refuse
        )),
        (
            Method::Patch,
            format!("/resellers/v1/packages/product-instances/{INSTANCE}"),
            true
        )
    );
}

#[test]
fn ids_that_could_change_the_path_are_refused() {
    for bad in [
        "../query",
        "",
        "x/y",
        "828b98fb-7114-4b3c-90fd-8d0db76aa72b/..",
        "%2e%2e",
    ] {
        assert!(get_package(bad).is_err(), "{bad:?}");
        assert!(cancel_package(bad).is_err(), "{bad:?}");
        assert!(cancel_product_instance(bad).is_err(), "{bad:?}");
        assert!(unassign_product_instance_from_site(bad).is_err(), "{bad:?}");
        assert!(
            adjust_product_instance_specifications(bad, &json!({}), UnknownFields::Refuse).is_err()
        );
        assert!(assign_product_instance_to_site(
            &json!({ "instanceId": INSTANCE, "siteId": bad }),
            UnknownFields::Refuse
        )
        .is_err());
        assert!(update_package_external_id(
            &json!({ "packageId": bad, "externalId": "x" }),
            UnknownFields::Refuse
        )
        .is_err());
    }
    let violations = get_package("../query").expect_err("refused");
    assert_eq!(violations[0].field, "id");
    assert_eq!(violations[0].rule_name.as_deref(), Some("GUID"));
}

#[test]
fn external_ids_that_a_url_parser_would_resolve_are_refused() {
    for bad in [".", "..", "", "a\nb"] {
        assert!(
            update_package_external_id(
                &json!({ "packageId": PACKAGE, "externalId": bad }),
                UnknownFields::Refuse
            )
            .is_err(),
            "{bad:?}"
        );
    }
    let long = "x".repeat(101);
    let violations = update_package_external_id(
        &json!({ "packageId": PACKAGE, "externalId": long }),
        UnknownFields::Refuse,
    )
    .expect_err("too long");
    assert_eq!(violations[0].violated_rule, "MAX_LENGTH");
    assert_eq!(percent_encode_segment("a.b-c_d~e"), "a.b-c_d~e");
    assert_eq!(percent_encode_segment("é"), "%C3%A9");
}

#[test]
fn wrong_shapes_are_violations_not_panics() {
    for garbage in [
        json!(null),
        json!(7),
        json!("x"),
        json!([1, 2]),
        json!(true),
    ] {
        assert!(
            create_package_v2(&garbage, UnknownFields::Refuse).is_err(),
            "{garbage}"
        );
        assert!(
            update_package_external_id(&garbage, UnknownFields::Refuse).is_err(),
            "{garbage}"
        );
        assert!(
            assign_product_instance_to_site(&garbage, UnknownFields::Refuse).is_err(),
            "{garbage}"
        );
        assert!(
            adjust_product_instance_specifications(INSTANCE, &garbage, UnknownFields::Refuse)
                .is_err()
        );
        if !garbage.is_null() {
            assert!(
                query_packages(&garbage, UnknownFields::Refuse).is_err(),
                "{garbage}"
            );
        }
    }
    assert!(create_package_v2(&json!({ "products": "none" }), UnknownFields::Refuse).is_err());
    assert!(create_package_v2(
        &json!({ "products": [{ "catalogProductId": 5 }] }),
        UnknownFields::Refuse
    )
    .is_err());
    assert!(query_packages(
        &json!({ "cursorPaging": { "limit": "ten" } }),
        UnknownFields::Refuse
    )
    .is_err());
    assert!(adjust_product_instance_specifications(
        INSTANCE,
        &json!({ "billingInfo": 3 }),
        UnknownFields::Refuse
    )
    .is_err());
    let missing =
        assign_product_instance_to_site(&json!({ "instanceId": 5 }), UnknownFields::Refuse)
            .expect_err("bad");
    let fields: Vec<_> = missing
        .iter()
        .map(|v| (v.field.as_str(), v.violated_rule.as_str()))
        .collect();
    assert_eq!(
        fields,
        [("instanceId", "TYPE"), ("siteId", "REQUIRED_FIELD")]
    );
}

/// The builders no longer decode bodies as their model types (that pulled a
/// typed decoder per request type into the `.wasm`); the rules promise that
/// what they pass decodes, and every body a builder accepts must.
#[test]
fn every_accepted_body_decodes_as_its_model_type() {
    use crate::model::{
        AdjustProductInstanceRequest, CreatePackageRequest, IdempotentRequest, QueryPackagesRequest,
    };
    fn decodes<T: DeserializeOwned>(body: Option<String>) {
        let body = parsed(body).expect("a body");
        if let Err(error) = serde_json::from_value::<T>(body.clone()) {
            panic!("{body} was accepted but does not decode: {error}");
        }
    }
    for create in [
        example_create(),
        json!({ "products": [{ "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf",
            "countryCode": "US", "billingInfo": { "type": "ONE_TIME" },
            "discountCode": null, "siteId": null, "status": "ignored" }],
            "idempotencyKey": "k", "externalId": null }),
    ] {
        // `status` is no input field: sent only when allowed, and ignored.
        let fields = if create.to_string().contains("status") {
            UnknownFields::Allow
        } else {
            UnknownFields::Refuse
        };
        decodes::<CreatePackageRequest>(create_package_v2(&create, fields).expect("valid").body);
        decodes::<CreatePackageRequest>(create_package(&create, fields).expect("valid").body);
    }
    for query in [
        json!(null),
        json!({}),
        json!({ "filter": { "externalId": { "$eq": "x" } }, "sort": [{ "fieldName": "createdDate", "order": "DESC" }],
            "cursorPaging": { "limit": 10, "cursor": "c" } }),
        json!({ "paging": { "limit": 5, "offset": 10 }, "fields": ["id"], "fieldsets": ["FULL"] }),
    ] {
        decodes::<QueryPackagesRequest>(
            query_packages(&query, UnknownFields::Refuse)
                .expect("valid")
                .body,
        );
    }
    for adjust in [
        json!({ "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf" }),
        json!({ "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } },
            "idempotencyKey": "k" }),
    ] {
        decodes::<AdjustProductInstanceRequest>(
            adjust_product_instance_specifications(INSTANCE, &adjust, UnknownFields::Refuse)
                .expect("valid")
                .body,
        );
    }
    for call in [
        cancel_package(PACKAGE),
        cancel_product_instance(INSTANCE),
        unassign_product_instance_from_site(INSTANCE),
        assign_product_instance_to_site(
            &json!({ "instanceId": INSTANCE, "siteId": SITE }),
            UnknownFields::Refuse,
        ),
    ] {
        decodes::<IdempotentRequest>(call.expect("valid").body);
    }
}

#[test]
fn the_empty_body_of_idempotent_calls_is_valid() {
    assert_eq!(rules::validate_idempotent_body(&json!({})), Vec::new());
    assert_eq!(
        rules::validate_idempotent_body(&json!({ "idempotencyKey": "k" })),
        Vec::new()
    );
}

/// The unknown-field rule's violations of a build, as `(field, description)`.
fn unknown<R>(built: Built<R>) -> Vec<(String, String)> {
    built
        .err()
        .unwrap_or_default()
        .into_iter()
        .filter(|v| v.rule_name.as_deref() == Some("UNKNOWN_FIELD"))
        .map(|v| (v.field, v.description))
        .collect()
}

#[test]
fn a_create_with_a_misspelt_site_id_is_refused_and_sends_nothing() {
    let text = r#"{"products":[{"catalogProductId":"00ba7923-2655-402a-852d-2b2100568bcf","countryCode":"US","siteID":"828b98fb-7114-4b3c-90fd-8d0db76aa72b"}]}"#;
    let built = create_package_v2_text(Some(text.to_owned()), UnknownFields::Refuse).expect("JSON");
    let found = unknown(built);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "products[0].siteID");
    assert!(
        found[0].1.contains("did you mean `siteId`?"),
        "{}",
        found[0].1
    );
    // Allowed, it is sent as the very text.
    let call = create_package_v2_text(Some(text.to_owned()), UnknownFields::Allow)
        .expect("JSON")
        .expect("allowed");
    assert_eq!(call.body.as_deref(), Some(text));
}

#[test]
fn every_body_the_client_sends_refuses_unknown_fields() {
    let refuse = UnknownFields::Refuse;
    let create = json!({ "externalID": "x", "products": [{
        "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf", "countryCode": "US" }] });
    assert_eq!(
        unknown(create_package_v2(&create, refuse))[0].0,
        "externalID"
    );
    assert_eq!(unknown(create_package(&create, refuse))[0].0, "externalID");
    let adjust = json!({ "catalogProductId": PACKAGE, "billing_info": { "type": "ONE_TIME" } });
    assert_eq!(
        unknown(adjust_product_instance_specifications(
            INSTANCE, &adjust, refuse
        ))[0]
            .0,
        "billing_info"
    );
    let query = json!({ "paging": { "limit": 5, "ofset": 5 } });
    assert_eq!(
        unknown(query_packages(&query, refuse))[0].0,
        "query.paging.ofset"
    );
    let assign = json!({ "instanceId": INSTANCE, "siteId": SITE, "site": SITE });
    assert_eq!(
        unknown(assign_product_instance_to_site(&assign, refuse))[0].0,
        "site"
    );
    let update = json!({ "packageId": PACKAGE, "externalId": "x", "externalID": "x" });
    assert_eq!(
        unknown(update_package_external_id(&update, refuse))[0].0,
        "externalID"
    );
    // Each allowed: built.
    let allow = UnknownFields::Allow;
    assert!(create_package_v2(&create, allow).is_ok());
    assert!(create_package(&create, allow).is_ok());
    assert!(adjust_product_instance_specifications(INSTANCE, &adjust, allow).is_ok());
    assert!(query_packages(&query, allow).is_ok());
    assert!(assign_product_instance_to_site(&assign, allow).is_ok());
    assert!(update_package_external_id(&update, allow).is_ok());
}

#[test]
fn a_raw_path_stays_under_the_base_url() {
    for path in [
        "/resellers/v1/packages",
        "/resellers/v2/packages/query?x=1",
        "/resellers/v1/packages/828b98fb-7114-4b3c-90fd-8d0db76aa72b",
    ] {
        assert!(super::raw("GET", path, None).is_ok(), "{path}");
    }
    for path in [
        "",
        "resellers/v1",
        "//evil.example/x",
        "/resellers/../admin",
        "/resellers/%2E%2E/admin",
        "/a/./b",
        "/a b",
        "/a#frag",
        "/a\\b",
        "/a\n",
        "https://www.wixapis.com/x",
    ] {
        let violations = super::raw("GET", path, None).expect_err("refused");
        assert_eq!(violations[0].field, "path", "{path:?}");
    }
    let long = format!("/{}", "a".repeat(2000));
    assert!(super::raw("GET", &long, None).is_err());
    assert_eq!(
        super::raw("PUT", "/x", None).expect_err("refused")[0].field,
        "method"
    );
    let call = super::raw("POST", "/x", Some(&serde_json::json!({ "a": [1, "b"] }))).expect("ok");
    assert_eq!(call.body.as_deref(), Some(r#"{"a":[1,"b"]}"#));
    assert!(!call.idempotent, "no key is added to a raw body");
    assert!(super::raw_is_retried("GET") && super::raw_is_retried("DELETE"));
    assert!(!super::raw_is_retried("POST") && !super::raw_is_retried("PATCH"));
}
