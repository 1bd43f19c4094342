//! Adjust Product Instance Specifications, and the bodies whose only member
//! is an `idempotencyKey` (cancel package, cancel / assign / unassign instance).

use super::create::DISCOUNT_CODE;
use super::cycle::check_billing_info;
use super::fields::{
    check_guid_value, check_idempotency_key, check_optional_text, expect_object, member,
};
use super::json_path::Path;
use super::report::Report;
use crate::json_text::type_name;
use serde_json::Value;

/// Checks an Adjust body.
pub(super) fn check_adjust(report: &mut Report, body: &Value) {
    let root = Path::Root;
    let Some(object) = expect_object(report, &root, body, "the Adjust body") else {
        return;
    };
    check_idempotency_key(report, &root, object);
    let catalog_product_id = member(object, "catalogProductId");
    if let Some(value) = catalog_product_id {
        check_guid_value(report, &root.key("catalogProductId"), value);
    }
    let billing_info = member(object, "billingInfo");
    if catalog_product_id.is_none() && billing_info.is_none() {
        // The real server answers this with the business error of the same
        // name (428); the rule name lets the sandbox do the same.
        report.flag(
            &root.key("catalogProductId"),
            "REQUIRED_FIELD",
            Some("MISSING_PRODUCT_DETAILS"),
            || {
                "nothing to adjust: give catalogProductId (a new product), billingInfo \
                 (a new billing cycle) or both"
                    .to_owned()
            },
        );
    }
    if let Some(billing_info) = billing_info {
        check_billing_info(
            report,
            &root.key("billingInfo"),
            billing_info,
            "MISSING_PRODUCT_DETAILS",
        );
    }
    check_optional_text(report, &root, object, "discountCode", DISCOUNT_CODE);
}

/// Checks a body that may only carry an `idempotencyKey`; no body is fine.
pub(super) fn check_idempotent(report: &mut Report, body: &Value) {
    let root = Path::Root;
    match body {
        Value::Null => {}
        Value::Object(object) => check_idempotency_key(report, &root, object),
        other => report.flag(&root, "TYPE", None, || {
            format!(
                "expected no body or an object with an optional idempotencyKey, found {}",
                type_name(other)
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{validate_adjust, validate_idempotent_body};
    use serde_json::json;

    use crate::rules::test_support::rules;

    #[test]
    fn the_reference_example_is_valid() {
        let body = json!({ "catalogProductId": "2c6db353-458a-41dd-b4f5-cb8a05be6bff" });
        assert_eq!(validate_adjust(&body), vec![]);
    }

    #[test]
    fn a_billing_cycle_alone_is_enough() {
        let body = json!({ "billingInfo": { "type": "RECURRING",
            "cycleDuration": { "unit": "MONTH", "count": 1 } } });
        assert_eq!(validate_adjust(&body), vec![]);
    }

    #[test]
    fn adjusting_nothing_is_missing_product_details() {
        let violations = validate_adjust(&json!({ "discountCode": "SALE" }));
        assert_eq!(
            rules(&violations),
            [(
                "catalogProductId",
                "REQUIRED_FIELD",
                Some("MISSING_PRODUCT_DETAILS")
            )]
        );
    }

    #[test]
    fn nulls_do_not_count_as_product_details() {
        let violations = validate_adjust(&json!({ "catalogProductId": null, "billingInfo": null }));
        assert_eq!(
            violations.first().and_then(|v| v.rule_name.as_deref()),
            Some("MISSING_PRODUCT_DETAILS")
        );
    }

    #[test]
    fn a_recurring_adjustment_without_duration_is_missing_product_details() {
        let violations = validate_adjust(&json!({ "billingInfo": { "type": "RECURRING" } }));
        assert_eq!(
            rules(&violations),
            [(
                "billingInfo.cycleDuration",
                "REQUIRED_FIELD",
                Some("MISSING_PRODUCT_DETAILS")
            )]
        );
    }

    #[test]
    fn the_new_product_must_be_a_guid() {
        let violations = validate_adjust(&json!({ "catalogProductId": "business-vip" }));
        assert_eq!(
            rules(&violations),
            [("catalogProductId", "FORMAT", Some("GUID"))]
        );
    }

    #[test]
    fn the_discount_code_is_at_most_25_characters() {
        let body = json!({ "catalogProductId": "2c6db353-458a-41dd-b4f5-cb8a05be6bff",
            "discountCode": "D".repeat(26) });
        assert_eq!(
            rules(&validate_adjust(&body)),
            [("discountCode", "MAX_LENGTH", None)]
        );
    }

    #[test]
    fn an_adjust_body_must_be_an_object() {
        assert_eq!(
            rules(&validate_adjust(&json!([1, 2]))),
            [("request", "TYPE", None)]
        );
    }

    #[test]
    fn no_body_is_a_valid_idempotent_body() {
        assert_eq!(validate_idempotent_body(&json!(null)), vec![]);
        assert_eq!(validate_idempotent_body(&json!({})), vec![]);
    }

    #[test]
    fn an_idempotency_key_is_1_to_100_characters() {
        assert_eq!(
            validate_idempotent_body(&json!({ "idempotencyKey": "k".repeat(100) })),
            vec![]
        );
        assert_eq!(
            rules(&validate_idempotent_body(
                &json!({ "idempotencyKey": "k".repeat(101) })
            )),
            [("idempotencyKey", "MAX_LENGTH", None)]
        );
        assert_eq!(
            rules(&validate_idempotent_body(&json!({ "idempotencyKey": "" }))),
            [("idempotencyKey", "MIN_LENGTH", None)]
        );
    }

    #[test]
    fn an_idempotency_key_has_no_control_characters() {
        assert_eq!(
            rules(&validate_idempotent_body(
                &json!({ "idempotencyKey": "a\r\nb" })
            )),
            [("idempotencyKey", "FORMAT", Some("NO_CONTROL_CHARACTERS"))]
        );
    }

    #[test]
    fn an_idempotent_body_of_the_wrong_type_is_flagged() {
        assert_eq!(
            rules(&validate_idempotent_body(&json!("key"))),
            [("request", "TYPE", None)]
        );
        assert_eq!(
            rules(&validate_idempotent_body(&json!({ "idempotencyKey": 7 }))),
            [("idempotencyKey", "TYPE", None)]
        );
    }
}
