//! Create Package (V2 and the deprecated V1): the body, every product in it,
//! and the one rule that spans products (the same product twice on a site).

use super::super::assigned::Assigned;
use super::super::countries::{hint, is_country_code};
use super::super::fields::{
    check_billing_info, check_guid_value, check_idempotency_key, check_optional_text,
    check_text_value, expect_object, expect_string, kind, member, preview, GuidRef, Object,
    TextLimits, KEY_TEXT,
};
use super::super::json_path::Path;
use super::super::report::Report;
use super::super::{CreateVersion, MAX_DISCOUNT_CODE_LENGTH, MAX_PRODUCTS};
use serde_json::Value;

/// `discountCode`: at most 25 characters; anything else is Wix's business
/// (an unknown code is accepted and gives no discount).
pub(in super::super) const DISCOUNT_CODE: TextLimits = TextLimits {
    min: 0,
    max: MAX_DISCOUNT_CODE_LENGTH,
    control_characters: true,
};

/// Checks a whole Create Package body.
pub(in super::super) fn check_create(report: &mut Report, body: &Value, version: CreateVersion) {
    let Some(object) = check_top(report, body) else {
        return;
    };
    let path = Path::Root.key("products");
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
        // Refused by its length alone: a million products must not cost a
        // walk of each (the violations would be cut at a hundred anyway).
        too_many(report, &path, products.len());
        return;
    }
    // Keyed by (site, product) as numbers: case-insensitive like GUIDs, and
    // one allocation for the whole list instead of one per product.
    let mut assigned = Assigned::with_capacity(products.len());
    for (index, product) in products.iter().enumerate() {
        if report.is_full() {
            break;
        }
        let product_path = path.index(index);
        let Some(assignment) = check_product(report, &product_path, product, version) else {
            continue;
        };
        if let Some(first) = assigned.first(assignment.key, index) {
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
        }
    }
}

/// Checks a Create Package body whose `products`, left out of `rest`, is a
/// list of `count` elements (more than [`MAX_PRODUCTS`]) that were never
/// read: the same violations as [`check_create`] gives the whole body.
pub(in super::super) fn check_over_long(report: &mut Report, rest: &Value, count: usize) {
    if check_top(report, rest).is_some() {
        too_many(report, &Path::Root.key("products"), count);
    }
}

/// The body is an object; its members other than `products`.
fn check_top<'v>(report: &mut Report, body: &'v Value) -> Option<&'v Object> {
    let root = Path::Root;
    let object = expect_object(report, &root, body, "the Create Package body")?;
    check_idempotency_key(report, &root, object);
    check_optional_text(report, &root, object, "externalId", KEY_TEXT);
    Some(object)
}

fn too_many(report: &mut Report, path: &Path<'_>, count: usize) {
    report.flag(path, "MAX_SIZE", None, || {
        format!("{count} products were given; a package holds at most {MAX_PRODUCTS}")
    });
}

/// A product bound for a site, as far as the duplicate rule cares.
struct Assignment<'v> {
    key: (u128, u128),
    site: &'v str,
    product: &'v str,
}

/// The members of a product that have rules, found in one pass over the
/// object rather than one lookup each; `null` members are left out, as
/// serde reads them as absent.
#[derive(Default)]
struct ProductMembers<'v> {
    catalog_product_id: Option<&'v Value>,
    country_code: Option<&'v Value>,
    site_id: Option<&'v Value>,
    billing_info: Option<&'v Value>,
    discount_code: Option<&'v Value>,
    reference_product_instance_id: Option<&'v Value>,
}

impl<'v> ProductMembers<'v> {
    fn of(product: &'v Object) -> Self {
        let mut members = ProductMembers::default();
        for (key, value) in product {
            let slot = match key.as_str() {
                "catalogProductId" => &mut members.catalog_product_id,
                "countryCode" => &mut members.country_code,
                "siteId" => &mut members.site_id,
                "billingInfo" => &mut members.billing_info,
                "discountCode" => &mut members.discount_code,
                "referenceProductInstanceId" => &mut members.reference_product_instance_id,
                // Read-only fields and unknown ones are ignored, as Wix does.
                _ => continue,
            };
            if !value.is_null() {
                *slot = Some(value);
            }
        }
        members
    }
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
    let members = ProductMembers::of(product);
    let catalog_product = check_catalog_product_id(
        report,
        &path.key("catalogProductId"),
        members.catalog_product_id,
    );
    check_country_code(
        report,
        &path.key("countryCode"),
        members.country_code,
        version,
    );
    let site = members
        .site_id
        .and_then(|value| check_guid_value(report, &path.key("siteId"), value));
    if let Some(billing_info) = members.billing_info {
        check_billing_info(
            report,
            &path.key("billingInfo"),
            billing_info,
            "CYCLE_DURATION",
        );
    }
    if let Some(discount_code) = members.discount_code {
        check_text_value(
            report,
            &path.key("discountCode"),
            discount_code,
            DISCOUNT_CODE,
        );
    }
    if let Some(reference) = members.reference_product_instance_id {
        check_guid_value(report, &path.key("referenceProductInstanceId"), reference);
    }
    let (site, product) = (site?, catalog_product?);
    Some(Assignment {
        key: (site.bits, product.bits),
        site: site.text,
        product: product.text,
    })
}

/// `catalogProductId`: required and a GUID. Missing or empty is reported
/// under the rule name `CATALOG_PRODUCT_ID`, because the real server lets
/// that through to its catalog and answers `PRODUCT_NOT_FOUND`.
fn check_catalog_product_id<'v>(
    report: &mut Report,
    path: &Path<'_>,
    value: Option<&'v Value>,
) -> Option<GuidRef<'v>> {
    match value {
        Some(Value::String(text)) if text.is_empty() => {}
        Some(value) => return check_guid_value(report, path, value),
        None => {}
    }
    report.flag(path, "REQUIRED_FIELD", Some("CATALOG_PRODUCT_ID"), || {
        "catalogProductId is required: the product's ID in the Wix Premium Product Catalog"
            .to_owned()
    });
    None
}

/// `countryCode`: an assigned ISO 3166-1 alpha-2 code; required by V2.
fn check_country_code(
    report: &mut Report,
    path: &Path<'_>,
    value: Option<&Value>,
    version: CreateVersion,
) {
    let code = match value {
        Some(value) => match expect_string(report, path, value, "a country code") {
            Some(code) => code,
            None => return,
        },
        None => "",
    };
    if is_country_code(code) {
        return;
    }
    if code.is_empty() {
        match version {
            CreateVersion::V2 => report.flag(path, "REQUIRED_FIELD", None, || {
                "countryCode is required by Create Package V2: the ISO 3166-1 alpha-2 code \
                 of the country where the customer claims vouchers, such as \"US\""
                    .to_owned()
            }),
            // V1 has no such field; an explicit empty one is still not a code.
            CreateVersion::V1 if value.is_some() => {
                report.flag(path, "FORMAT", Some("COUNTRY_CODE"), || {
                    "an empty string is not a country code; give one such as \"US\" or leave \
                     the field out"
                        .to_owned()
                })
            }
            CreateVersion::V1 => {}
        }
        return;
    }
    report.flag(path, "FORMAT", Some("COUNTRY_CODE"), || {
        let advice = hint(code).unwrap_or_else(|| {
            "expected an assigned code of two uppercase letters such as \"US\" or \"GB\"".to_owned()
        });
        format!(
            "{} is not an ISO 3166-1 alpha-2 country code; {advice}",
            preview(code)
        )
    });
}
