//! Create Package rules, one behaviour per test, starting from the
//! reference's own request example.

use super::super::{validate_create_package, CreateVersion, MAX_PRODUCTS, MAX_VIOLATIONS};
use crate::model::{CreatePackageRequest, FieldViolation};
use serde_json::{json, Value};

const PRODUCT: &str = "00ba7923-2655-402a-852d-2b2100568bcf";
const OTHER_PRODUCT: &str = "2c6db353-458a-41dd-b4f5-cb8a05be6bff";
const SITE: &str = "918aa943-ab4f-40bc-88c3-8dfd02fae7cd";

/// The reference's Create Package V2 request.
fn reference_example() -> Value {
    json!({
      "products": [{
          "catalogProductId": PRODUCT,
          "siteId": SITE,
          "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 1 } },
          "countryCode": "BR"
      }],
      "externalId": "some-external-id"
    })
}

/// The reference example with `change` applied to its only product.
fn with_product(change: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut body = reference_example();
    if let Some(Value::Object(product)) = body.pointer_mut("/products/0") {
        change(product);
    }
    body
}

fn v2(body: &Value) -> Vec<FieldViolation> {
    validate_create_package(body, CreateVersion::V2)
}

/// (field, violatedRule, ruleName) of each violation.
use crate::rules::test_support::rules;

fn floating(count: usize) -> Value {
    let product = json!({ "catalogProductId": PRODUCT, "countryCode": "US" });
    json!({ "products": vec![product; count] })
}

#[test]
fn the_reference_example_is_valid() {
    let body = reference_example();
    assert_eq!(v2(&body), vec![]);
    assert!(serde_json::from_value::<CreatePackageRequest>(body).is_ok());
}

#[test]
fn uk_is_not_a_country_code() {
    let violations = v2(&with_product(|p| {
        p.insert("countryCode".into(), json!("UK"));
    }));
    assert_eq!(
        rules(&violations),
        [("products[0].countryCode", "FORMAT", Some("COUNTRY_CODE"))]
    );
    assert_eq!(
        violations[0].description,
        "\"UK\" is not an ISO 3166-1 alpha-2 country code; the United Kingdom is \"GB\""
    );
}

#[test]
fn gb_is_a_country_code() {
    let body = with_product(|p| {
        p.insert("countryCode".into(), json!("GB"));
    });
    assert_eq!(v2(&body), vec![]);
}

#[test]
fn placeholder_codes_are_not_country_codes() {
    for code in ["ZZ", "XX", "EU", "AB", "G1", "GBR", "É"] {
        let violations = v2(&with_product(|p| {
            p.insert("countryCode".into(), json!(code));
        }));
        assert_eq!(
            rules(&violations),
            [("products[0].countryCode", "FORMAT", Some("COUNTRY_CODE"))],
            "{code}"
        );
    }
}

#[test]
fn lowercase_country_codes_are_told_to_use_uppercase() {
    let violations = v2(&with_product(|p| {
        p.insert("countryCode".into(), json!("gb"));
    }));
    assert_eq!(violations.len(), 1);
    assert!(
        violations[0].description.contains("uppercase")
            && violations[0].description.contains("\"GB\""),
        "{}",
        violations[0].description
    );
}

#[test]
fn v2_requires_a_country_code() {
    for missing in [None, Some(json!(null)), Some(json!(""))] {
        let violations = v2(&with_product(|p| match missing {
            Some(value) => {
                p.insert("countryCode".into(), value);
            }
            None => {
                p.remove("countryCode");
            }
        }));
        assert_eq!(
            rules(&violations),
            [("products[0].countryCode", "REQUIRED_FIELD", None)]
        );
    }
}

#[test]
fn v1_does_not_require_a_country_code() {
    let body = with_product(|p| {
        p.remove("countryCode");
    });
    assert_eq!(validate_create_package(&body, CreateVersion::V1), vec![]);
}

#[test]
fn v1_still_checks_a_country_code_that_is_given() {
    let body = with_product(|p| {
        p.insert("countryCode".into(), json!("UK"));
    });
    assert_eq!(
        rules(&validate_create_package(&body, CreateVersion::V1)),
        [("products[0].countryCode", "FORMAT", Some("COUNTRY_CODE"))]
    );
}

#[test]
fn a_country_code_must_be_a_string() {
    let violations = v2(&with_product(|p| {
        p.insert("countryCode".into(), json!(76));
    }));
    assert_eq!(
        rules(&violations),
        [("products[0].countryCode", "TYPE", None)]
    );
}

#[test]
fn products_are_required() {
    for body in [json!({}), json!({ "products": null })] {
        assert_eq!(rules(&v2(&body)), [("products", "REQUIRED_FIELD", None)]);
    }
}

#[test]
fn an_empty_product_list_is_too_small() {
    assert_eq!(
        rules(&v2(&json!({ "products": [] }))),
        [("products", "MIN_SIZE", None)]
    );
}

#[test]
fn a_thousand_products_is_the_limit() {
    assert_eq!(v2(&floating(MAX_PRODUCTS)), vec![]);
    assert_eq!(
        rules(&v2(&floating(MAX_PRODUCTS + 1))),
        [("products", "MAX_SIZE", None)]
    );
}

/// The one violation of a list of `count` products.
fn too_many(count: usize) -> Vec<FieldViolation> {
    vec![FieldViolation::new(
        "products",
        "MAX_SIZE",
        format!("{count} products were given; a package holds at most 1000"),
    )]
}

#[test]
fn an_over_long_list_is_refused_by_its_length_without_reading_a_product() {
    // Broken elements would each be a violation if they were read.
    for count in [MAX_PRODUCTS + 1, 1_000_001] {
        let body = json!({ "products": vec![Value::Null; count] });
        assert_eq!(v2(&body), too_many(count), "{count} products");
    }
}

#[test]
fn an_over_long_list_counted_elsewhere_gives_the_same_violations_as_the_whole_body() {
    use super::super::validate_over_long_create;
    let count = 1_000_001;
    for rest in [
        json!({}),
        json!({ "externalId": "", "idempotencyKey": "line\nbreak" }),
    ] {
        let mut whole = rest.clone();
        if let Value::Object(members) = &mut whole {
            members.insert("products".into(), Value::Array(vec![Value::Null; count]));
        }
        assert_eq!(validate_over_long_create(&rest, count), v2(&whole));
    }
    assert_eq!(
        validate_over_long_create(&json!({}), count),
        too_many(count)
    );
    assert_eq!(
        rules(&validate_over_long_create(&json!([]), count)),
        [("request", "TYPE", None)]
    );
}

#[test]
fn products_must_be_a_list_of_objects() {
    assert_eq!(
        rules(&v2(&json!({ "products": { "catalogProductId": PRODUCT } }))),
        [("products", "TYPE", None)]
    );
    assert_eq!(
        rules(&v2(&json!({ "products": ["x", null] }))),
        [("products[0]", "TYPE", None), ("products[1]", "TYPE", None)]
    );
}

#[test]
fn the_body_must_be_an_object() {
    for body in [json!(null), json!("products"), json!([reference_example()])] {
        assert_eq!(rules(&v2(&body)), [("request", "TYPE", None)]);
    }
}

#[test]
fn a_missing_catalog_product_id_has_its_own_rule_name() {
    for missing in [None, Some(json!(null)), Some(json!(""))] {
        let violations = v2(&with_product(|p| match missing {
            Some(value) => {
                p.insert("catalogProductId".into(), value);
            }
            None => {
                p.remove("catalogProductId");
            }
        }));
        assert_eq!(
            rules(&violations),
            [(
                "products[0].catalogProductId",
                "REQUIRED_FIELD",
                Some("CATALOG_PRODUCT_ID")
            )]
        );
    }
}

#[test]
fn a_catalog_product_id_must_be_a_guid() {
    let violations = v2(&with_product(|p| {
        p.insert("catalogProductId".into(), json!("premium-plan"));
    }));
    assert_eq!(
        rules(&violations),
        [("products[0].catalogProductId", "FORMAT", Some("GUID"))]
    );
}

#[test]
fn site_and_reference_ids_must_be_guids() {
    let violations = v2(&with_product(|p| {
        p.insert("siteId".into(), json!("../sites"));
        p.insert("referenceProductInstanceId".into(), json!(""));
    }));
    assert_eq!(
        rules(&violations),
        [
            ("products[0].siteId", "FORMAT", Some("GUID")),
            (
                "products[0].referenceProductInstanceId",
                "FORMAT",
                Some("GUID")
            ),
        ]
    );
}

#[test]
fn null_optional_ids_mean_absent() {
    let body = with_product(|p| {
        p.insert("siteId".into(), json!(null));
        p.insert("referenceProductInstanceId".into(), json!(null));
    });
    assert_eq!(v2(&body), vec![]);
}

#[test]
fn recurring_needs_a_cycle_duration() {
    let violations = v2(&with_product(|p| {
        p.insert("billingInfo".into(), json!({ "type": "RECURRING" }));
    }));
    assert_eq!(
        rules(&violations),
        [(
            "products[0].billingInfo.cycleDuration",
            "REQUIRED_FIELD",
            Some("CYCLE_DURATION")
        )]
    );
}

#[test]
fn one_time_takes_no_cycle_duration() {
    let violations = v2(&with_product(|p| {
        p.insert(
            "billingInfo".into(),
            json!({ "type": "ONE_TIME", "cycleDuration": { "unit": "YEAR", "count": 1 } }),
        );
    }));
    assert_eq!(
        rules(&violations),
        [(
            "products[0].billingInfo.cycleDuration",
            "OTHER",
            Some("CYCLE_DURATION")
        )]
    );
}

#[test]
fn one_time_alone_is_valid() {
    let body = with_product(|p| {
        p.insert("billingInfo".into(), json!({ "type": "ONE_TIME" }));
    });
    assert_eq!(v2(&body), vec![]);
}

#[test]
fn a_billing_type_must_be_known_and_set() {
    for cycle_type in ["UNKNOWN", "MONTHLY", "recurring"] {
        let violations = v2(&with_product(|p| {
            p.insert("billingInfo".into(), json!({ "type": cycle_type }));
        }));
        assert_eq!(
            rules(&violations),
            [("products[0].billingInfo.type", "INVALID_ENUM_VALUE", None)],
            "{cycle_type}"
        );
    }
}

#[test]
fn a_billing_type_is_required() {
    let violations = v2(&with_product(|p| {
        p.insert("billingInfo".into(), json!({}));
    }));
    assert_eq!(
        rules(&violations),
        [("products[0].billingInfo.type", "REQUIRED_FIELD", None)]
    );
}

#[test]
fn a_cycle_unit_must_be_known_and_set() {
    let violations = v2(&with_product(|p| {
        p.insert(
            "billingInfo".into(),
            json!({ "type": "RECURRING", "cycleDuration": { "unit": "UNKNOWN" } }),
        );
    }));
    assert_eq!(
        rules(&violations),
        [(
            "products[0].billingInfo.cycleDuration.unit",
            "INVALID_ENUM_VALUE",
            None
        )]
    );
    assert!(violations[0].description.contains("DAY, WEEK, MONTH, YEAR"));
}

#[test]
fn a_cycle_count_is_a_whole_number_from_1_to_1000() {
    for (count, rule) in [
        (json!(0), "MIN"),
        (json!(-1), "MIN"),
        (json!(1001), "MAX"),
        (json!(1.5), "TYPE"),
        (json!(1.0), "TYPE"),
        (json!("1"), "TYPE"),
        (json!(null), "TYPE"),
    ] {
        let violations = v2(&with_product(|p| {
            p.insert(
                "billingInfo".into(),
                json!({ "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": count } }),
            );
        }));
        assert_eq!(
            rules(&violations),
            [("products[0].billingInfo.cycleDuration.count", rule, None)],
            "{count}"
        );
    }
}

#[test]
fn a_missing_cycle_count_means_one() {
    let body = with_product(|p| {
        p.insert(
            "billingInfo".into(),
            json!({ "type": "RECURRING", "cycleDuration": { "unit": "MONTH" } }),
        );
    });
    assert_eq!(v2(&body), vec![]);
}

#[test]
fn a_discount_code_is_at_most_25_characters() {
    let at_limit = with_product(|p| {
        p.insert("discountCode".into(), json!("D".repeat(25)));
    });
    assert_eq!(v2(&at_limit), vec![]);
    let over = with_product(|p| {
        p.insert("discountCode".into(), json!("D".repeat(26)));
    });
    assert_eq!(
        rules(&v2(&over)),
        [("products[0].discountCode", "MAX_LENGTH", None)]
    );
}

#[test]
fn an_external_id_is_at_most_100_characters() {
    let mut body = reference_example();
    body["externalId"] = json!("e".repeat(101));
    assert_eq!(rules(&v2(&body)), [("externalId", "MAX_LENGTH", None)]);
}

#[test]
fn an_external_id_has_no_control_characters() {
    let mut body = reference_example();
    body["externalId"] = json!("order\u{0}42");
    assert_eq!(
        rules(&v2(&body)),
        [("externalId", "FORMAT", Some("NO_CONTROL_CHARACTERS"))]
    );
}

#[test]
fn an_idempotency_key_is_checked() {
    let mut body = reference_example();
    body["idempotencyKey"] = json!("");
    assert_eq!(rules(&v2(&body)), [("idempotencyKey", "MIN_LENGTH", None)]);
}

#[test]
fn same_product_twice_on_one_site_is_flagged() {
    let product = json!({ "catalogProductId": PRODUCT, "siteId": SITE, "countryCode": "US" });
    let violations = v2(&json!({ "products": [product.clone(), product] }));
    assert_eq!(
        rules(&violations),
        [(
            "products[1].catalogProductId",
            "OTHER",
            Some("MULTIPLE_PRODUCT_ASSIGNMENTS")
        )]
    );
    assert!(violations[0].description.contains("products[0]"));
}

#[test]
fn the_same_product_in_another_case_is_still_the_same() {
    let first = json!({ "catalogProductId": PRODUCT, "siteId": SITE, "countryCode": "US" });
    let second = json!({ "catalogProductId": PRODUCT.to_uppercase(),
        "siteId": SITE.to_uppercase(), "countryCode": "US" });
    let violations = v2(&json!({ "products": [first, second] }));
    assert_eq!(
        violations[0].rule_name.as_deref(),
        Some("MULTIPLE_PRODUCT_ASSIGNMENTS")
    );
}

#[test]
fn same_product_on_different_sites_is_fine() {
    let first = json!({ "catalogProductId": PRODUCT, "siteId": SITE, "countryCode": "US" });
    let second = json!({ "catalogProductId": PRODUCT,
        "siteId": "2e6c9b1e-7114-4b3c-90fd-8d0db76aa72b", "countryCode": "US" });
    assert_eq!(v2(&json!({ "products": [first, second] })), vec![]);
}

#[test]
fn different_products_on_one_site_are_fine() {
    let first = json!({ "catalogProductId": PRODUCT, "siteId": SITE, "countryCode": "US" });
    let second = json!({ "catalogProductId": OTHER_PRODUCT, "siteId": SITE, "countryCode": "US" });
    assert_eq!(v2(&json!({ "products": [first, second] })), vec![]);
}

#[test]
fn floating_copies_of_one_product_are_fine() {
    assert_eq!(v2(&floating(3)), vec![]);
}

#[test]
fn read_only_and_unknown_fields_are_ignored() {
    let body = with_product(|p| {
        p.insert("instanceId".into(), json!(42));
        p.insert("status".into(), json!("ENABLED"));
        p.insert("failure".into(), json!({ "code": "DELIVERY_TIMEOUT" }));
        p.insert("createdDate".into(), json!([]));
        p.insert("someFutureField".into(), json!({}));
    });
    assert_eq!(v2(&body), vec![]);
    assert!(serde_json::from_value::<CreatePackageRequest>(body).is_ok());
}

#[test]
fn violations_come_in_request_order_with_paths() {
    let body = json!({ "products": [
        { "catalogProductId": PRODUCT, "countryCode": "US" },
        { "catalogProductId": PRODUCT, "countryCode": "US",
          "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "FORTNIGHT" } } },
        { "catalogProductId": PRODUCT, "countryCode": "ZZ" },
    ] });
    assert_eq!(
        rules(&v2(&body)),
        [
            (
                "products[1].billingInfo.cycleDuration.unit",
                "INVALID_ENUM_VALUE",
                None
            ),
            ("products[2].countryCode", "FORMAT", Some("COUNTRY_CODE")),
        ]
    );
}

#[test]
fn a_thousand_bad_products_give_a_capped_list() {
    let product = json!({ "catalogProductId": "nope", "countryCode": "UK" });
    let violations = v2(&json!({ "products": vec![product; 1000] }));
    assert_eq!(violations.len(), MAX_VIOLATIONS + 1);
    assert_eq!(
        violations.last().and_then(|v| v.rule_name.as_deref()),
        Some("TOO_MANY_VIOLATIONS")
    );
}

#[test]
fn huge_strings_are_not_echoed() {
    let huge = "Z".repeat(1_000_000);
    let violations = v2(&with_product(|p| {
        p.insert("countryCode".into(), json!(huge.clone()));
        p.insert("siteId".into(), json!(huge));
    }));
    assert_eq!(violations.len(), 2);
    assert!(violations.iter().all(|v| v.description.len() < 300));
}

#[test]
fn a_thousand_products_validate_quickly() {
    // Not a benchmark (the harness measures that): a guard against an
    // accidentally quadratic rule, with a bound generous enough for debug builds.
    let products: Vec<Value> = (0..MAX_PRODUCTS)
        .map(|index| {
            json!({
                "catalogProductId": format!("00ba7923-2655-402a-852d-{index:012x}"),
                "siteId": SITE,
                "countryCode": "US",
                "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 1 } },
            })
        })
        .collect();
    let body = json!({ "products": products, "externalId": "order-1" });
    let started = std::time::Instant::now();
    for _ in 0..10 {
        assert_eq!(v2(&body), vec![]);
    }
    assert!(started.elapsed() < std::time::Duration::from_millis(500));
}

#[test]
fn the_one_pass_reader_is_not_sure_of_an_unknown_member_at_any_depth() {
    use super::super::valid_create_text;
    let known = serde_json::to_string(&reference_example()).unwrap_or_default();
    assert!(valid_create_text(&known, CreateVersion::V2).is_some());
    for (from, to) in [
        ("\"externalId\"", "\"externalID\""),
        ("\"siteId\"", "\"siteID\""),
        ("\"billingInfo\"", "\"billing_info\""),
        ("\"count\"", "\"cuont\""),
        ("\"type\"", "\"typ\""),
    ] {
        let text = known.replacen(from, to, 1);
        assert_ne!(text, known);
        assert_eq!(valid_create_text(&text, CreateVersion::V2), None, "{text}");
    }
}
