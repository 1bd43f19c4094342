//! Create Package (V2 and the deprecated V1): the body, every product in it,
//! and the one rule that spans products (the same product twice on a site).

use super::countries::{hint, is_country_code};
use super::fields::{
    check_billing_info, check_idempotency_key, check_optional_guid, check_optional_text,
    expect_object, expect_string, guid_problem, kind, member, preview, Object, TextLimits,
    KEY_TEXT,
};
use super::json_path::Path;
use super::report::Report;
use super::{CreateVersion, MAX_DISCOUNT_CODE_LENGTH, MAX_PRODUCTS};
use serde_json::Value;
use std::collections::HashMap;

/// `discountCode`: at most 25 characters; anything else is Wix's business
/// (an unknown code is accepted and gives no discount).
pub(super) const DISCOUNT_CODE: TextLimits = TextLimits {
    min: 0,
    max: MAX_DISCOUNT_CODE_LENGTH,
    control_characters: true,
};

/// Checks a whole Create Package body.
pub(super) fn check_create(report: &mut Report, body: &Value, version: CreateVersion) {
    let root = Path::Root;
    let Some(object) = expect_object(report, &root, body, "the Create Package body") else {
        return;
    };
    check_idempotency_key(report, &root, object);
    check_optional_text(report, &root, object, "externalId", KEY_TEXT);
    let path = root.key("products");
    let Some(value) = member(object, "products") else {
        report.flag(&path, "REQUIRED_FIELD", None, || {
            format!("products is required: a list of 1 to {MAX_PRODUCTS} products to provision")
        });
        return;
    };
    let Value::Array(products) = value else {
        report.flag(&path, "TYPE", None, || {
            format!(
                "expected a list of products (an array), found {}",
                kind(value)
            )
        });
        return;
    };
    if products.is_empty() {
        report.flag(&path, "MIN_SIZE", None, || {
            "products is empty; a package holds at least one product".to_owned()
        });
    } else if products.len() > MAX_PRODUCTS {
        report.flag(&path, "MAX_SIZE", None, || {
            format!(
                "{} products were given; a package holds at most {MAX_PRODUCTS}",
                products.len()
            )
        });
    }
    // Keyed by (site, product) as numbers: case-insensitive like GUIDs, and
    // one allocation for the whole list instead of one per product.
    let mut assigned: HashMap<(u128, u128), usize> =
        HashMap::with_capacity(products.len().min(MAX_PRODUCTS));
    for (index, product) in products.iter().enumerate() {
        if report.is_full() {
            break;
        }
        let product_path = path.index(index);
        let Some(assignment) = check_product(report, &product_path, product, version) else {
            continue;
        };
        if let Some(first) = assigned.get(&assignment.key) {
            report.flag(
                &product_path.key("catalogProductId"),
                "OTHER",
                Some("MULTIPLE_PRODUCT_ASSIGNMENTS"),
                || {
                    format!(
                        "products[{first}] already assigns product \"{}\" to site \"{}\"; \
                         a product can be assigned to a site only once per request",
                        assignment.product, assignment.site
                    )
                },
            );
        } else {
            assigned.insert(assignment.key, index);
        }
    }
}

/// A product bound for a site, as far as the duplicate rule cares.
struct Assignment<'v> {
    key: (u128, u128),
    site: &'v str,
    product: &'v str,
}

/// Checks one product; returns its site assignment when it has one and both
/// IDs are valid.
fn check_product<'v>(
    report: &mut Report,
    path: &Path<'_>,
    value: &'v Value,
    version: CreateVersion,
) -> Option<Assignment<'v>> {
    let product = expect_object(report, path, value, "a product")?;
    let catalog_product = check_catalog_product_id(report, path, product);
    check_country_code(report, path, product, version);
    let site = check_optional_guid(report, path, product, "siteId");
    if let Some(billing_info) = member(product, "billingInfo") {
        check_billing_info(
            report,
            &path.key("billingInfo"),
            billing_info,
            "CYCLE_DURATION",
        );
    }
    check_optional_text(report, path, product, "discountCode", DISCOUNT_CODE);
    check_optional_guid(report, path, product, "referenceProductInstanceId");
    let (site, product) = (site?, catalog_product?);
    Some(Assignment {
        key: (guid_bits(site)?, guid_bits(product)?),
        site,
        product,
    })
}

/// `catalogProductId`: required and a GUID. Missing or empty is reported
/// under the rule name `CATALOG_PRODUCT_ID`, because the real server lets
/// that through to its catalog and answers `PRODUCT_NOT_FOUND`.
fn check_catalog_product_id<'v>(
    report: &mut Report,
    parent: &Path<'_>,
    product: &'v Object,
) -> Option<&'v str> {
    let path = parent.key("catalogProductId");
    let text = match member(product, "catalogProductId") {
        Some(value) => expect_string(report, &path, value, "a catalog product ID")?,
        None => "",
    };
    if text.is_empty() {
        report.flag(&path, "REQUIRED_FIELD", Some("CATALOG_PRODUCT_ID"), || {
            "catalogProductId is required: the product's ID in the Wix Premium Product \
                 Catalog"
                .to_owned()
        });
        return None;
    }
    match guid_problem(text) {
        Some(problem) => {
            report.problem(&path, problem);
            None
        }
        None => Some(text),
    }
}

/// `countryCode`: an assigned ISO 3166-1 alpha-2 code; required by V2.
fn check_country_code(
    report: &mut Report,
    parent: &Path<'_>,
    product: &Object,
    version: CreateVersion,
) {
    let path = parent.key("countryCode");
    let code = match member(product, "countryCode") {
        Some(value) => match expect_string(report, &path, value, "a country code") {
            Some(code) => code,
            None => return,
        },
        None => "",
    };
    if code.is_empty() {
        match version {
            CreateVersion::V2 => report.flag(&path, "REQUIRED_FIELD", None, || {
                "countryCode is required by Create Package V2: the ISO 3166-1 alpha-2 code \
                 of the country where the customer claims vouchers, such as \"US\""
                    .to_owned()
            }),
            // V1 has no such field; an explicit empty one is still not a code.
            CreateVersion::V1 if member(product, "countryCode").is_some() => {
                report.flag(&path, "FORMAT", Some("COUNTRY_CODE"), || {
                    "an empty string is not a country code; give one such as \"US\" or leave \
                     the field out"
                        .to_owned()
                })
            }
            CreateVersion::V1 => {}
        }
        return;
    }
    if is_country_code(code) {
        return;
    }
    report.flag(&path, "FORMAT", Some("COUNTRY_CODE"), || {
        let advice = hint(code).unwrap_or_else(|| {
            "expected an assigned code of two uppercase letters such as \"US\" or \"GB\"".to_owned()
        });
        format!(
            "{} is not an ISO 3166-1 alpha-2 country code; {advice}",
            preview(code)
        )
    });
}

/// The 128 bits of a GUID, so that IDs differing only in letter case compare
/// equal; `None` for anything that is not a GUID.
fn guid_bits(text: &str) -> Option<u128> {
    if text.len() != 36 {
        return None;
    }
    text.chars()
        .filter(|character| *character != '-')
        .try_fold(0u128, |bits, character| {
            Some((bits << 4) | u128::from(character.to_digit(16)?))
        })
}

#[cfg(test)]
mod tests;
