//! Query Packages rules, one behaviour per test, starting from the
//! reference's own query examples.

use super::super::{validate_query, MAX_FILTER_DEPTH};
use crate::model::QueryPackagesRequest;
use serde_json::{json, Value};

use crate::rules::test_support::rules;

fn with_filter(filter: Value) -> Value {
    json!({ "query": { "filter": filter } })
}

#[test]
fn the_reference_example_is_valid() {
    let body = json!({ "query": {
        "filter": { "productInstances.status": { "$hasAll": ["Enabled"] } },
        "fields": ["id"],
        "fieldsets": ["id"] } });
    assert_eq!(validate_query(&body), vec![]);
    assert!(serde_json::from_value::<QueryPackagesRequest>(body).is_ok());
}

#[test]
fn the_sub_account_filter_of_the_reference_is_valid() {
    let body =
        with_filter(json!({ "accountId": { "$eq": "4b3c9b1e-7114-4b3c-90fd-8d0db76aa72b" } }));
    assert_eq!(validate_query(&body), vec![]);
}

#[test]
fn an_empty_query_is_valid() {
    assert_eq!(validate_query(&json!({ "query": {} })), vec![]);
}

#[test]
fn the_query_is_required() {
    for body in [json!({}), json!({ "query": null })] {
        assert_eq!(
            rules(&validate_query(&body)),
            [("query", "REQUIRED_FIELD", None)]
        );
    }
}

#[test]
fn the_query_must_be_an_object() {
    assert_eq!(
        rules(&validate_query(&json!({ "query": "createdDate > 2024" }))),
        [("query", "TYPE", None)]
    );
    assert_eq!(
        rules(&validate_query(&json!(7))),
        [("request", "TYPE", None)]
    );
}

#[test]
fn an_unknown_filter_field_is_flagged_with_the_supported_ones() {
    let violations = validate_query(&with_filter(json!({ "foo": "bar" })));
    assert_eq!(
        rules(&violations),
        [(
            "query.filter.foo",
            "OTHER",
            Some("UNSUPPORTED_FILTER_FIELD")
        )]
    );
    assert!(violations[0].description.contains("accountId"));
}

#[test]
fn fields_outside_the_supported_table_cannot_be_filtered() {
    for field in [
        "productInstances.discountCode",
        "expirationDate",
        "parentAccountId",
    ] {
        let violations = validate_query(&with_filter(json!({ field: { "$exists": true } })));
        assert_eq!(
            violations[0].rule_name.as_deref(),
            Some("UNSUPPORTED_FILTER_FIELD"),
            "{field}"
        );
    }
}

#[test]
fn an_unknown_operator_is_flagged() {
    let violations = validate_query(&with_filter(json!({ "id": { "$regex": ".*" } })));
    assert_eq!(
        rules(&violations),
        [(
            "query.filter.id.$regex",
            "OTHER",
            Some("UNSUPPORTED_FILTER_OPERATOR")
        )]
    );
    assert!(violations[0]
        .description
        .contains("id supports $eq, $ne, $in, $exists"));
}

#[test]
fn an_operator_the_field_does_not_support_is_flagged() {
    let violations = validate_query(&with_filter(json!({ "createdDate": { "$in": [] } })));
    assert_eq!(
        rules(&violations),
        [(
            "query.filter.createdDate.$in",
            "OTHER",
            Some("UNSUPPORTED_FILTER_OPERATOR")
        )]
    );
    assert!(violations[0]
        .description
        .contains("not supported on createdDate"));
}

#[test]
fn dates_take_range_operators() {
    let body = with_filter(json!({ "createdDate": {
        "$gte": "2024-01-01T00:00:00.000Z", "$lt": { "$date": "2025-01-01T00:00:00.000Z" } } }));
    assert_eq!(validate_query(&body), vec![]);
}

#[test]
fn a_bare_value_means_equality() {
    let body = with_filter(json!({ "externalId": "order-42" }));
    assert_eq!(validate_query(&body), vec![]);
}

#[test]
fn instance_paths_take_array_operators_only_not_a_bare_value() {
    let body =
        with_filter(json!({ "productInstances.siteId": "918aa943-ab4f-40bc-88c3-8dfd02fae7cd" }));
    assert_eq!(
        rules(&validate_query(&body)),
        [(
            "query.filter.productInstances.siteId",
            "OTHER",
            Some("UNSUPPORTED_FILTER_OPERATOR")
        )]
    );
    let body = with_filter(json!({ "productInstances.siteId": { "$hasSome": ["x"] } }));
    assert_eq!(validate_query(&body), vec![]);
    let violations = validate_query(&with_filter(
        json!({ "productInstances.siteId": { "$gt": "x" } }),
    ));
    assert_eq!(
        rules(&violations),
        [(
            "query.filter.productInstances.siteId.$gt",
            "OTHER",
            Some("UNSUPPORTED_FILTER_OPERATOR")
        )]
    );
}

#[test]
fn list_operators_take_arrays() {
    let violations = validate_query(&with_filter(json!({
        "id": { "$in": "828b98fb-7114-4b3c-90fd-8d0db76aa72b" },
        "productInstances.status": { "$hasSome": "ENABLED" } })));
    assert_eq!(
        rules(&violations),
        [
            ("query.filter.id.$in", "TYPE", None),
            (
                "query.filter.productInstances.status.$hasSome",
                "TYPE",
                None
            ),
        ]
    );
}

#[test]
fn exists_takes_a_boolean() {
    let violations = validate_query(&with_filter(json!({ "externalId": { "$exists": "yes" } })));
    assert_eq!(
        rules(&violations),
        [("query.filter.externalId.$exists", "TYPE", None)]
    );
}

#[test]
fn equality_takes_a_single_value() {
    let violations = validate_query(&with_filter(json!({ "id": { "$eq": ["a", "b"] } })));
    assert_eq!(rules(&violations), [("query.filter.id.$eq", "TYPE", None)]);
}

#[test]
fn logical_operators_nest_filters() {
    let body = with_filter(json!({ "$or": [
        { "externalId": { "$eq": "a" } },
        { "$and": [ { "id": { "$exists": true } }, { "$not": { "externalId": "b" } } ] }
    ] }));
    assert_eq!(validate_query(&body), vec![]);
}

#[test]
fn violations_inside_logical_operators_have_indexed_paths() {
    let body = with_filter(json!({ "$and": [ { "id": "x" }, { "bogus": 1 } ] }));
    assert_eq!(
        rules(&validate_query(&body)),
        [(
            "query.filter.$and[1].bogus",
            "OTHER",
            Some("UNSUPPORTED_FILTER_FIELD")
        )]
    );
}

#[test]
fn and_or_take_non_empty_lists_of_filters() {
    let violations = validate_query(&with_filter(json!({ "$and": {}, "$or": [], "$not": [] })));
    assert_eq!(
        rules(&violations),
        [
            ("query.filter.$and", "TYPE", None),
            ("query.filter.$not", "TYPE", None),
            ("query.filter.$or", "MIN_SIZE", None),
        ]
    );
}

#[test]
fn an_unknown_logical_operator_is_flagged() {
    let violations = validate_query(&with_filter(json!({ "$nor": [] })));
    assert_eq!(
        rules(&violations),
        [(
            "query.filter.$nor",
            "OTHER",
            Some("UNSUPPORTED_FILTER_OPERATOR")
        )]
    );
}

#[test]
fn deep_nesting_is_bounded() {
    let mut filter = json!({ "id": "x" });
    for _ in 0..(MAX_FILTER_DEPTH * 3) {
        filter = json!({ "$not": filter });
    }
    let violations = validate_query(&with_filter(filter));
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].rule_name.as_deref(), Some("FILTER_DEPTH"));
}

#[test]
fn nesting_up_to_the_bound_is_allowed() {
    let mut filter = json!({ "id": "x" });
    for _ in 1..MAX_FILTER_DEPTH {
        filter = json!({ "$not": filter });
    }
    assert_eq!(validate_query(&with_filter(filter)), vec![]);
}

#[test]
fn the_filter_must_be_an_object() {
    assert_eq!(
        rules(&validate_query(&with_filter(json!(["id"])))),
        [("query.filter", "TYPE", None)]
    );
}

#[test]
fn only_dates_are_sortable() {
    let body = json!({ "query": { "sort": [
        { "fieldName": "createdDate", "order": "DESC" },
        { "fieldName": "updatedDate" },
        { "fieldName": "externalId", "order": "ASC" } ] } });
    assert_eq!(
        rules(&validate_query(&body)),
        [(
            "query.sort[2].fieldName",
            "INVALID_ENUM_VALUE",
            Some("SORTABLE_FIELD")
        )]
    );
}

#[test]
fn a_sort_order_is_asc_or_desc() {
    let body = json!({ "query": { "sort": [{ "fieldName": "createdDate", "order": "desc" }] } });
    assert_eq!(
        rules(&validate_query(&body)),
        [("query.sort[0].order", "INVALID_ENUM_VALUE", None)]
    );
}

#[test]
fn a_sort_key_needs_a_field_name() {
    let body = json!({ "query": { "sort": [{ "order": "ASC" }, null] } });
    assert_eq!(
        rules(&validate_query(&body)),
        [
            ("query.sort[0].fieldName", "REQUIRED_FIELD", None),
            ("query.sort[1]", "TYPE", None),
        ]
    );
}

#[test]
fn paging_and_cursor_paging_are_exclusive() {
    let body = json!({ "query": { "paging": { "limit": 10 }, "cursorPaging": { "limit": 10 } } });
    assert_eq!(
        rules(&validate_query(&body)),
        [("query.paging", "OTHER", Some("ONE_PAGING_METHOD"))]
    );
}

#[test]
fn cursor_paging_limit_is_at_least_1() {
    let zero = json!({ "query": { "cursorPaging": { "limit": 0 } } });
    assert_eq!(
        rules(&validate_query(&zero)),
        [("query.cursorPaging.limit", "MIN", None)]
    );
    let one = json!({ "query": { "cursorPaging": { "limit": 1 } } });
    assert_eq!(validate_query(&one), vec![]);
}

#[test]
fn cursor_paging_limit_is_at_most_100() {
    let at_limit = json!({ "query": { "cursorPaging": { "limit": 100 } } });
    assert_eq!(validate_query(&at_limit), vec![]);
    let over = json!({ "query": { "cursorPaging": { "limit": 101 } } });
    assert_eq!(
        rules(&validate_query(&over)),
        [("query.cursorPaging.limit", "MAX", None)]
    );
}

#[test]
fn paging_limit_is_at_most_1000_and_offset_not_negative() {
    let body = json!({ "query": { "paging": { "limit": 1001, "offset": -1 } } });
    assert_eq!(
        rules(&validate_query(&body)),
        [
            ("query.paging.limit", "MAX", None),
            ("query.paging.offset", "MIN", None),
        ]
    );
}

#[test]
fn a_paging_offset_fits_the_wire_type() {
    let body = json!({ "query": { "paging": { "offset": 5_000_000_000u64 } } });
    assert_eq!(
        rules(&validate_query(&body)),
        [("query.paging.offset", "MAX", None)]
    );
}

#[test]
fn a_cursor_is_a_bounded_string() {
    let long = json!({ "query": { "cursorPaging": { "cursor": "c".repeat(4097) } } });
    assert_eq!(
        rules(&validate_query(&long)),
        [("query.cursorPaging.cursor", "MAX_LENGTH", None)]
    );
    let number = json!({ "query": { "cursorPaging": { "cursor": 12 } } });
    assert_eq!(
        rules(&validate_query(&number)),
        [("query.cursorPaging.cursor", "TYPE", None)]
    );
}

#[test]
fn fields_and_fieldsets_are_lists_of_strings() {
    let body = json!({ "query": { "fields": ["id", 3], "fieldsets": "id" } });
    assert_eq!(
        rules(&validate_query(&body)),
        [
            ("query.fields[1]", "TYPE", None),
            ("query.fieldsets", "TYPE", None),
        ]
    );
}

#[test]
fn null_members_mean_absent() {
    let body = json!({ "query": { "filter": null, "sort": null, "paging": null,
        "cursorPaging": { "limit": null, "cursor": null }, "fields": null } });
    assert_eq!(validate_query(&body), vec![]);
    assert!(serde_json::from_value::<QueryPackagesRequest>(body).is_ok());
}

#[test]
fn unknown_query_members_are_ignored_as_create_and_adjust_ignore_theirs() {
    // Wix's server drops unknown fields; the client's own rule
    // (`unknown_fields`, Body::Query) refuses them before sending.
    let body = json!({ "query": { "filters": { "id": { "$eq": "x" } }, "newWixField": 1 } });
    assert_eq!(validate_query(&body), vec![]);
    assert!(serde_json::from_value::<QueryPackagesRequest>(body).is_ok());
}

/// The reference's "Supported Filters" table, copied (API §6.4).
const REFERENCE_TABLE: &[(&str, &[&str])] = &[
    ("id", &["$eq", "$ne", "$in", "$exists"]),
    ("createdDate", &["$eq", "$ne", "$gt", "$lt", "$gte", "$lte"]),
    ("updatedDate", &["$eq", "$ne", "$gt", "$lt", "$gte", "$lte"]),
    ("accountId", &["$eq", "$ne", "$in", "$exists"]),
    ("externalId", &["$eq", "$ne", "$in", "$exists"]),
    ("productInstances", &["$hasSome", "$hasAll"]),
    ("productInstances.instanceId", &["$hasSome", "$hasAll"]),
    ("productInstances.siteId", &["$hasSome", "$hasAll"]),
    (
        "productInstances.catalogProductId",
        &["$hasSome", "$hasAll"],
    ),
    ("productInstances.status", &["$hasSome", "$hasAll"]),
    ("productInstances.failure", &["$hasSome", "$hasAll"]),
    ("productInstances.failure.code", &["$hasSome", "$hasAll"]),
    ("productInstances.failure.message", &["$hasSome", "$hasAll"]),
    ("productInstances.billingInfo", &["$hasSome", "$hasAll"]),
    (
        "productInstances.billingInfo.type",
        &["$hasSome", "$hasAll"],
    ),
    (
        "productInstances.billingInfo.cycleDuration",
        &["$hasSome", "$hasAll"],
    ),
    (
        "productInstances.billingInfo.cycleDuration.unit",
        &["$hasSome", "$hasAll"],
    ),
    (
        "productInstances.billingInfo.cycleDuration.count",
        &["$hasSome", "$hasAll"],
    ),
    ("productInstances.createdDate", &["$hasSome", "$hasAll"]),
    ("productInstances.updatedDate", &["$hasSome", "$hasAll"]),
    ("productInstances.countryCode", &["$hasSome", "$hasAll"]),
];

#[test]
fn the_filter_table_is_the_reference_table_exactly() {
    let declared: Vec<(&str, Vec<&str>)> = crate::model::FILTER_FIELDS
        .iter()
        .map(|(field, operators)| (*field, operators.to_vec()))
        .collect();
    let reference: Vec<(&str, Vec<&str>)> = REFERENCE_TABLE
        .iter()
        .map(|(field, operators)| (*field, operators.to_vec()))
        .collect();
    assert_eq!(declared, reference);
}

#[test]
fn query_language_operators_the_table_does_not_list_are_refused() {
    for (field, operator, operand) in [
        ("id", "$nin", json!(["x"])),
        ("externalId", "$startsWith", json!("ext")),
        ("externalId", "$contains", json!("ext")),
        ("accountId", "$isEmpty", json!(true)),
        ("createdDate", "$exists", json!(true)),
        ("productInstances.siteId", "$eq", json!("x")),
        ("productInstances.status", "$exists", json!(true)),
        ("productInstances.status", "$in", json!(["ENABLED"])),
    ] {
        let violations = validate_query(&with_filter(json!({ field: { operator: operand } })));
        assert_eq!(
            rules(&violations),
            [(
                format!("query.filter.{field}.{operator}").as_str(),
                "OTHER",
                Some("UNSUPPORTED_FILTER_OPERATOR")
            )],
            "{field} {operator}"
        );
        assert!(
            violations[0]
                .description
                .contains(&format!("{operator} is not supported on {field}")),
            "{}",
            violations[0].description
        );
    }
}
