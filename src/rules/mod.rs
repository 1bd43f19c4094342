//! Offline validation: every documented rule that needs no server state,
//! returning Wix-shaped field violations with paths such as
//! `products[3].countryCode`. Inputs are untrusted JSON values, so a value of
//! the wrong type anywhere is a violation, never a panic.
//!
//! The client runs these before sending anything; the sandbox runs the same
//! functions, so both reject the same requests with the same violations.
//!
//! Every rule is written once: a check beside the words of its violation
//! (`fields.rs`, `cycle.rs`, and `create.rs` for Create Package, whose
//! rules two readers apply: `create/tree.rs` over a `Value`, which words
//! every violation, and `create/text.rs`, one pass over the JSON text that
//! says "valid" or "not sure" and leaves the rest to the tree).
//!
//! The promise each validator keeps: when it returns no violations, the body
//! decodes into its model type (`CreatePackageRequest`,
//! `AdjustProductInstanceRequest`, `QueryPackagesRequest`,
//! `IdempotentRequest`). Fields the server ignores (unknown names, read-only
//! fields such as `status` sent as input) are ignored by these validators
//! too; the client adds its own rule against unknown names
//! ([`unknown_fields`], `known.rs`), which the sandbox does not run.

mod adjust;
mod assigned;
mod countries;
mod create;
mod cycle;
mod fields;

mod json_path;
mod known;
mod limits;
mod query;
mod report;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;

use crate::model::FieldViolation;
use fields::{guid_problem, text_problem, KEY_TEXT};
use report::Report;
use serde_json::Value;

pub use countries::is_country_code;
pub use create::text::{valid_create_text, CreateFacts};
pub use create::{CreateVersion, ProductKey};
pub use known::{Body, UnknownFields};
pub use limits::*;
pub use report::BUSINESS_RULE_NAMES;

/// Validates a Create Package body (the whole JSON body).
///
/// ```
/// use wix_resellers::rules::{validate_create_package, CreateVersion};
/// let body = serde_json::json!({ "products": [{
///     "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf",
///     "countryCode": "UK" }] });
/// let violations = validate_create_package(&body, CreateVersion::V2);
/// assert_eq!(violations[0].field, "products[0].countryCode");
/// assert_eq!(violations[0].rule_name.as_deref(), Some("COUNTRY_CODE"));
/// ```
pub fn validate_create_package(body: &Value, version: CreateVersion) -> Vec<FieldViolation> {
    let mut report = Report::default();
    create::tree::check_create(&mut report, body, version);
    report.finish()
}

/// Validates a Create Package body whose `products` list, left out of
/// `rest`, has `count` elements, more than [`MAX_PRODUCTS`]: the same
/// violations as [`validate_create_package`] of the whole body, reached
/// without reading a product (a caller that can count a list cheaply, such
/// as JS before converting it, refuses a million products at once).
pub fn validate_over_long_create(rest: &Value, count: usize) -> Vec<FieldViolation> {
    let mut report = Report::default();
    create::tree::check_over_long(&mut report, rest, count);
    report.finish()
}

/// Validates an Adjust Product Instance Specifications body.
pub fn validate_adjust(body: &Value) -> Vec<FieldViolation> {
    let mut report = Report::default();
    adjust::check_adjust(&mut report, body);
    report.finish()
}

/// Validates a Query Packages body (`{ query: {...} }`).
pub fn validate_query(body: &Value) -> Vec<FieldViolation> {
    let mut report = Report::default();
    query::check_query(&mut report, body);
    report.finish()
}

/// Validates the body of cancel package, cancel / assign / unassign instance
/// (`{ idempotencyKey? }`; an empty body is valid).
pub fn validate_idempotent_body(body: &Value) -> Vec<FieldViolation> {
    let mut report = Report::default();
    adjust::check_idempotent(&mut report, body);
    report.finish()
}

/// The client's rule that a body holds only fields this package knows
/// (`siteID` would be ignored by Wix, and the product end up floating):
/// a violation, with the nearest known name, per unknown member of `body`
/// or of an object it holds. Not a rule of the server, which ignores
/// unknown fields, so the sandbox does not run it.
///
/// ```
/// use wix_resellers::rules::{unknown_fields, Body};
/// let body = serde_json::json!({ "products": [{ "siteID": "x" }] });
/// let violations = unknown_fields(&body, Body::Create);
/// assert_eq!(violations[0].field, "products[0].siteID");
/// assert!(violations[0].description.contains("did you mean `siteId`?"));
/// ```
#[inline(never)]
pub fn unknown_fields(body: &Value, kind: Body) -> Vec<FieldViolation> {
    let mut report = Report::default();
    known::check_known(&mut report, body, kind);
    report.finish()
}

/// The violations of a body the client sends: `found` by the body's own
/// rules, then, unless `fields` allows them, its [`unknown_fields`].
#[inline(never)]
pub fn with_unknown_fields(
    mut found: Vec<FieldViolation>,
    body: &Value,
    kind: Body,
    fields: UnknownFields,
) -> Vec<FieldViolation> {
    if fields == UnknownFields::Refuse {
        found.extend(unknown_fields(body, kind));
    }
    found
}

/// Checks that `value` is a GUID before it is put into a URL path.
///
/// ```
/// use wix_resellers::rules::check_guid;
/// assert!(check_guid("id", "828b98fb-7114-4b3c-90fd-8d0db76aa72b").is_none());
/// assert!(check_guid("id", "../query").is_some());
/// ```
pub fn check_guid(field: &str, value: &str) -> Option<FieldViolation> {
    guid_problem(value).map(|problem| violation(field, problem))
}

/// The value of a GUID (either letter case), as [`ProductKey`] holds it;
/// `None` for anything that is not one.
pub fn guid_value(text: &str) -> Option<u128> {
    fields::guid_bits(text)
}

/// The products of a Create Package body that the rules passed
/// ([`validate_create_package`] found no violation), as [`ProductKey`]s in
/// order; `None` if the body is not such a body.
pub fn create_products(body: &Value) -> Option<Vec<ProductKey>> {
    let products = body.get("products")?.as_array()?;
    let mut keys = Vec::with_capacity(products.len());
    for product in products {
        keys.push(product_key(product)?);
    }
    Some(keys)
}

/// The `(catalogProductId, siteId)` of a product of a create, or of a
/// package's product instance, as a [`ProductKey`]; `None` when either is
/// not a GUID (a floating product has no `siteId`, or a `null` one). One
/// copy serves the create and reconciliation.
#[inline(never)]
pub fn product_key(product: &Value) -> Option<ProductKey> {
    let catalog = guid_value(product.get("catalogProductId")?.as_str()?)?;
    let site = match product.get("siteId") {
        None | Some(Value::Null) => None,
        Some(site) => Some(guid_value(site.as_str()?)?),
    };
    Some((catalog, site))
}

/// Checks an idempotency key (1 to 100 characters; no control characters),
/// the same rule as the `idempotencyKey` member of every mutating body.
pub fn check_idempotency_key(field: &str, value: &str) -> Option<FieldViolation> {
    text_problem(value, KEY_TEXT).map(|problem| violation(field, problem))
}

/// Checks an external ID (1 to 100 characters; no control characters).
pub fn check_external_id(field: &str, value: &str) -> Option<FieldViolation> {
    text_problem(value, KEY_TEXT).map(|problem| violation(field, problem))
}

fn violation(field: &str, problem: fields::Problem) -> FieldViolation {
    let violation = FieldViolation::new(field, problem.rule, problem.description);
    match problem.rule_name {
        Some(name) => violation.named(name),
        None => violation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_id_must_be_a_guid() {
        let violation = check_guid("instanceId", "../../v1/packages/query");
        assert_eq!(
            violation
                .as_ref()
                .map(|v| (v.field.as_str(), v.violated_rule.as_str())),
            Some(("instanceId", "FORMAT"))
        );
        assert_eq!(violation.and_then(|v| v.rule_name), Some("GUID".to_owned()));
    }

    #[test]
    fn guids_of_either_case_are_accepted() {
        assert_eq!(
            check_guid("id", "00BA7923-2655-402A-852D-2B2100568BCF"),
            None
        );
    }

    #[test]
    fn an_external_id_is_1_to_100_characters() {
        assert_eq!(check_external_id("externalId", &"x".repeat(100)), None);
        assert_eq!(
            check_external_id("externalId", &"x".repeat(101)).map(|v| v.violated_rule),
            Some("MAX_LENGTH".to_owned())
        );
        assert_eq!(
            check_external_id("externalId", "").map(|v| v.violated_rule),
            Some("MIN_LENGTH".to_owned())
        );
    }

    #[test]
    fn an_external_id_has_no_control_characters() {
        let violation = check_external_id("externalId", "order\n42");
        assert_eq!(
            violation.and_then(|v| v.rule_name),
            Some("NO_CONTROL_CHARACTERS".to_owned())
        );
    }

    #[test]
    fn an_external_id_counts_characters_as_javascript_does() {
        // An emoji is two UTF-16 units: 50 of them are 100 "characters".
        assert_eq!(check_external_id("externalId", &"😀".repeat(50)), None);
        assert!(check_external_id("externalId", &"😀".repeat(51)).is_some());
    }

    #[test]
    fn a_huge_value_is_not_echoed_whole() {
        let huge = "x".repeat(1_000_000);
        let violation = check_external_id("externalId", &huge);
        assert!(violation.is_some_and(|v| v.description.len() < 200));
    }
}

/// Helpers shared by the validators' tests.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::model::FieldViolation;

    /// `(field, violatedRule, ruleName)` of each violation: what the tests compare.
    pub(crate) fn rules(violations: &[FieldViolation]) -> Vec<(&str, &str, Option<&str>)> {
        violations
            .iter()
            .map(|v| {
                (
                    v.field.as_str(),
                    v.violated_rule.as_str(),
                    v.rule_name.as_deref(),
                )
            })
            .collect()
    }
}
