//! Property tests: arbitrary JSON thrown at every validator must never
//! panic, and "no violations" must always mean the body decodes into its
//! model type.

use super::fields::guid_bits;
use super::{
    check_external_id, check_guid, valid_create_text, validate_adjust, validate_create_package,
    validate_idempotent_body, validate_query, CreateVersion,
};
use crate::fuzz_text::{date, guid, near, text};
use crate::model::{
    is_guid, AdjustProductInstanceRequest, CreatePackageRequest, IdempotentRequest,
    QueryPackagesRequest,
};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Words the validators look for, so generated bodies reach deep rules
/// instead of stopping at "unknown field".
const WORDS: &[&str] = &[
    "products",
    "catalogProductId",
    "countryCode",
    "siteId",
    "billingInfo",
    "type",
    "cycleDuration",
    "unit",
    "count",
    "discountCode",
    "referenceProductInstanceId",
    "externalId",
    "idempotencyKey",
    "query",
    "filter",
    "sort",
    "fieldName",
    "order",
    "paging",
    "cursorPaging",
    "limit",
    "offset",
    "cursor",
    "fields",
    "fieldsets",
    "$and",
    "$or",
    "$not",
    "$eq",
    "$in",
    "$gt",
    "$exists",
    "$hasSome",
    "$date",
    "id",
    "createdDate",
    "accountId",
    "productInstances.status",
    "RECURRING",
    "ONE_TIME",
    "UNKNOWN",
    "YEAR",
    "MONTH",
    "ASC",
    "DESC",
    "US",
    "GB",
    "UK",
    "gb",
    "",
    "00ba7923-2655-402a-852d-2b2100568bcf",
    "918aa943-ab4f-40bc-88c3-8dfd02fae7cd",
];

/// A word the validators look for, or one with a multibyte character put
/// in, or any text (multibyte included), or a date-time.
fn word() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(str::to_owned),
        2 => near(WORDS),
        1 => ".{0,30}",
        1 => text(12),
        1 => date(),
    ]
    .boxed()
}

fn scalar() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (0u64..1100).prop_map(Value::from),
        any::<f64>().prop_map(|number| json!(number)),
        word().prop_map(Value::String),
    ]
    .boxed()
}

fn json_value() -> BoxedStrategy<Value> {
    scalar()
        .prop_recursive(6, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((word(), inner), 0..6)
                    .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
            ]
        })
        .boxed()
}

/// A body shaped like a valid one, with one member of one product (or of the
/// query) replaced by an arbitrary value: the cases most likely to find a
/// gap between the rules and serde.
fn near_miss_create() -> impl Strategy<Value = Value> {
    (word(), json_value()).prop_map(|(key, value)| {
        let mut product = json!({
            "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf",
            "countryCode": "US",
            "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 1 } },
        });
        if let Some(object) = product.as_object_mut() {
            object.insert(key, value);
        }
        json!({ "products": [product] })
    })
}

/// Up to three products like valid ones, each with a member replaced at the
/// top, in `billingInfo` or in `cycleDuration`, and the body's own members
/// replaced too: the one-pass create check against the tree.
fn near_miss_creates() -> impl Strategy<Value = Value> {
    let change = (0u8..4, word(), json_value());
    // Strings valid, or with a multibyte character put in.
    let site = prop::option::of(near(&[
        "918aa943-ab4f-40bc-88c3-8dfd02fae7cd",
        "918AA943-AB4F-40BC-88C3-8DFD02FAE7CD",
        "00ba7923-2655-402a-852d-2b2100568bcf",
    ]));
    let strings = (
        prop_oneof![3 => Just("00ba7923-2655-402a-852d-2b2100568bcf".to_owned()), 1 => guid()],
        near(&["GB", "US", "BR"]),
        prop::option::of(near(&["SALE", "WELCOME10"])),
        near(&["MONTH", "YEAR"]),
    );
    let body_strings = (
        prop_oneof![near(&["order-1", "sub_2024"]), text(30)],
        prop::option::of(prop_oneof![near(&["k-1"]), text(30)]),
    );
    (
        prop::collection::vec((prop::option::of(change), site, strings), 0..4),
        prop::option::of((word(), json_value())),
        body_strings,
    )
        .prop_map(|(products, root, (external_id, key))| {
            let products: Vec<Value> = products
                .into_iter()
                .map(|(change, site, (product_id, country, discount, unit))| {
                    let mut product = json!({
                        "catalogProductId": product_id,
                        "countryCode": country,
                        "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": unit, "count": 1 } },
                    });
                    if let Some(site) = site {
                        product["siteId"] = json!(site);
                    }
                    if let Some(discount) = discount {
                        product["discountCode"] = json!(discount);
                    }
                    if let Some((level, key, value)) = change {
                        let target = match level {
                            0 => &mut product,
                            1 => &mut product["billingInfo"],
                            2 => &mut product["billingInfo"]["cycleDuration"],
                            _ => {
                                product = value;
                                return product;
                            }
                        };
                        if let Some(object) = target.as_object_mut() {
                            object.insert(key, value);
                        }
                    }
                    product
                })
                .collect();
            let mut body = json!({ "products": products, "externalId": external_id });
            if let Some(key) = key {
                body["idempotencyKey"] = json!(key);
            }
            if let Some((key, value)) = root {
                if let Some(object) = body.as_object_mut() {
                    object.insert(key, value);
                }
            }
            body
        })
}

fn near_miss_query() -> impl Strategy<Value = Value> {
    let member = (word(), json_value()).prop_map(|(key, value)| {
        let mut query = json!({ "cursorPaging": { "limit": 10 } });
        if let Some(object) = query.as_object_mut() {
            object.insert(key, value);
        }
        json!({ "query": query })
    });
    // A date filter with the date (plain or `$date`) valid or damaged with
    // multibyte text at any position, on a field and operator valid or not.
    let dated = (
        near(&["createdDate", "updatedDate", "productInstances.createdDate"]),
        near(&["$gte", "$lt", "$eq", "$exists"]),
        date(),
        any::<bool>(),
        prop_oneof![near(&["id", "externalId", "accountId"]), text(8)],
        prop_oneof![guid(), text(20)],
    )
        .prop_map(|(field, operator, date, wrapped, other, value)| {
            let operand = if wrapped { json!({ "$date": date }) } else { json!(date) };
            json!({ "query": {
                "filter": { "$and": [{ field: { operator: operand } }, { other: { "$eq": value } }] },
                "sort": [{ "fieldName": "createdDate", "order": "ASC" }],
                "cursorPaging": { "limit": 10 },
            } })
        });
    prop_oneof![member, dated]
}

proptest! {
    // 256 cases by default; `make fuzz` raises PROPTEST_CASES for the long run.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn create_never_panics_and_valid_means_decodable(body in prop_oneof![json_value(), near_miss_create()]) {
        for version in [CreateVersion::V1, CreateVersion::V2] {
            if validate_create_package(&body, version).is_empty() {
                let decoded = serde_json::from_value::<CreatePackageRequest>(body.clone());
                prop_assert!(decoded.is_ok(), "{body} passed but: {decoded:?}");
            }
        }
    }

    /// The two readers of the create rules agree: the one-pass check over
    /// the body's text never passes a body the tree refuses, and reads its
    /// `externalId` and `idempotencyKey`.
    #[test]
    fn the_one_pass_create_check_never_passes_what_the_rules_refuse(
        body in prop_oneof![json_value(), near_miss_create(), near_miss_creates()],
        pretty in any::<bool>(),
    ) {
        let text = if pretty {
            serde_json::to_string_pretty(&body)
        } else {
            serde_json::to_string(&body)
        }
        .unwrap_or_default();
        for version in [CreateVersion::V1, CreateVersion::V2] {
            if let Some(facts) = valid_create_text(&text, version) {
                let violations = validate_create_package(&body, version);
                prop_assert!(violations.is_empty(), "{text} passed, but: {violations:?}");
                prop_assert_eq!(facts.external_id.as_deref(), body["externalId"].as_str());
                prop_assert_eq!(facts.idempotency_key.as_deref(), body["idempotencyKey"].as_str());
            }
        }
    }

    #[test]
    fn adjust_never_panics_and_valid_means_decodable(body in json_value()) {
        if validate_adjust(&body).is_empty() {
            let decoded = serde_json::from_value::<AdjustProductInstanceRequest>(body.clone());
            prop_assert!(decoded.is_ok(), "{body} passed but: {decoded:?}");
        }
    }

    #[test]
    fn query_never_panics_and_valid_means_decodable(body in prop_oneof![json_value(), near_miss_query()]) {
        if validate_query(&body).is_empty() {
            let decoded = serde_json::from_value::<QueryPackagesRequest>(body.clone());
            prop_assert!(decoded.is_ok(), "{body} passed but: {decoded:?}");
        }
    }

    #[test]
    fn idempotent_never_panics_and_valid_means_decodable(body in json_value()) {
        if validate_idempotent_body(&body).is_empty() {
            let body = if body.is_null() { json!({}) } else { body };
            let decoded = serde_json::from_value::<IdempotentRequest>(body.clone());
            prop_assert!(decoded.is_ok(), "{body} passed but: {decoded:?}");
        }
    }

    #[test]
    fn the_fast_guid_parser_agrees_with_the_model(
        text in prop_oneof![
            ".{0,40}",
            "[0-9a-fA-F-]{36}",
            "[0-9a-fA-Fg]{8}-[0-9a-fA-F-]{4}-[0-9a-f]{4}-[0-9A-F]{4}-[0-9a-f]{12}",
            guid(),
            text(40),
        ]
    ) {
        prop_assert_eq!(guid_bits(&text).is_some(), is_guid(&text));
    }

    #[test]
    fn path_checks_never_panic(text in prop_oneof![".{0,200}", text(120), guid(), near(&["order-1"])]) {
        let _ = check_guid("id", &text);
        let _ = check_external_id("externalId", &text);
    }
}

/// The usual bodies pass the one-pass check (else it would save nothing).
#[test]
fn usual_creates_pass_the_one_pass_check() {
    let product = json!({
        "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf",
        "countryCode": "GB",
        "siteId": null,
        "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } },
    });
    let one_time = json!({
        "catalogProductId": "918aa943-ab4f-40bc-88c3-8dfd02fae7cd",
        "countryCode": "US",
        "siteId": "918aa943-ab4f-40bc-88c3-8dfd02fae7cd",
        "billingInfo": { "type": "ONE_TIME", "cycleDuration": null },
    });
    let products: Vec<Value> = std::iter::repeat_n(product, 999)
        .chain([one_time])
        .collect();
    let body = json!({ "products": products, "externalId": "order-1", "idempotencyKey": "k-1" });
    let text = serde_json::to_string(&body).unwrap_or_default();
    for version in [CreateVersion::V1, CreateVersion::V2] {
        assert_eq!(validate_create_package(&body, version), Vec::new());
        let facts = valid_create_text(&text, version).expect("passes");
        assert_eq!(facts.external_id.as_deref(), Some("order-1"));
        assert_eq!(facts.idempotency_key.as_deref(), Some("k-1"));
    }
    // A thousand and one products, a product twice on a site, a null key:
    // not passed (the rules decide).
    let mut too_many = body.clone();
    if let Some(all) = too_many["products"].as_array_mut() {
        all.push(all[0].clone());
    }
    let mut twice =
        json!({ "products": [body["products"][999].clone(), body["products"][999].clone()] });
    let mut null_key = body.clone();
    null_key["idempotencyKey"] = Value::Null;
    twice["externalId"] = Value::Null;
    // A discount code is rare: the rules decide.
    let mut discount = body.clone();
    discount["products"][0]["discountCode"] = json!("SALE");
    for refused in [too_many, twice, null_key, discount] {
        let text = serde_json::to_string(&refused).unwrap_or_default();
        assert_eq!(valid_create_text(&text, CreateVersion::V2), None);
    }
}
