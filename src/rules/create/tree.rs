//! The rules of Create Package over a `serde_json::Value`: every problem
//! placed at its path (`products[3].countryCode`), wrong JSON types worded.

use super::super::assigned::Assigned;
use super::super::cycle::check_billing_info;
use super::super::fields::{
    check_guid_value, check_idempotency_key, check_optional_text, check_text_value, expect_object,
    member, string_or_absent, GuidRef, Object, A_GUID, KEY_TEXT,
};
use super::super::json_path::Path;
use super::super::report::Report;
use super::CreateVersion;
use super::{
    assigned_before, assigned_words, catalog_product, catalog_words, country_ok, country_words,
    products_ok, products_words, DISCOUNT_CODE, MISSING_DURATION,
};
use crate::json_text::type_name;
use serde_json::Value;

/// Checks a whole Create Package body.
pub(in super::super) fn check_create(report: &mut Report, body: &Value, version: CreateVersion) {
    let Some(object) = check_top(report, body) else {
        return;
    };
    let path = Path::Root.key("products");
    let products = match member(object, "products") {
        None => None,
        Some(Value::Array(products)) => Some(products),
        Some(value) => {
            report.flag(&path, "TYPE", None, || {
                format!(
                    "expected a list of products (an array), found {}",
                    type_name(value)
                )
            });
            return;
        }
    };
    // A list too long is refused by its length alone: a million products
    // must not cost a walk of each (the violations would be cut at a
    // hundred anyway).
    let count = products.map(Vec::len);
    if !report.check(&path, products_ok(count), || products_words(count)) {
        return;
    }
    let Some(products) = products else {
        return;
    };
    // Keyed by (site, product) as numbers: case-insensitive like GUIDs, and
    // one allocation for the whole list instead of one per product.
    let mut assigned = Assigned::with_capacity(products.len());
    for (index, product) in products.iter().enumerate() {
        if report.is_full() {
            break;
        }
        let product_path = path.index(index);
        let Some((site, catalog_product)) = check_product(report, &product_path, product, version)
        else {
            continue;
        };
        if let Some(first) = assigned_before(&mut assigned, index, site, catalog_product) {
            report.problem(
                &product_path.key("catalogProductId"),
                assigned_words(first, site, catalog_product),
            );
        }
    }
}

/// Checks a Create Package body whose `products`, left out of `rest`, is a
/// list of `count` elements (more than `MAX_PRODUCTS`) that were never
/// read: the same violations as [`check_create`] gives the whole body.
pub(in super::super) fn check_over_long(report: &mut Report, rest: &Value, count: usize) {
    if check_top(report, rest).is_some() {
        let count = Some(count);
        report.check(&Path::Root.key("products"), products_ok(count), || {
            products_words(count)
        });
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

/// Checks one product; returns its `(siteId, catalogProductId)` when it is
/// bound for a site and both are valid.
fn check_product<'v>(
    report: &mut Report,
    path: &Path<'_>,
    value: &'v Value,
    version: CreateVersion,
) -> Option<(GuidRef<'v>, GuidRef<'v>)> {
    let product = expect_object(report, path, value, "a product")?;
    let members = ProductMembers::of(product);
    let catalog_path = path.key("catalogProductId");
    let catalog = string_or_absent(report, &catalog_path, members.catalog_product_id, A_GUID)
        .and_then(|id| {
            let found = catalog_product(id);
            report.check(&catalog_path, found.is_some(), || catalog_words(id));
            found
        });
    let country_path = path.key("countryCode");
    if let Some(code) = string_or_absent(
        report,
        &country_path,
        members.country_code,
        "a country code",
    ) {
        report.check(&country_path, country_ok(code, version), || {
            country_words(code, version)
        });
    }
    let site = members
        .site_id
        .and_then(|value| check_guid_value(report, &path.key("siteId"), value));
    if let Some(billing_info) = members.billing_info {
        check_billing_info(
            report,
            &path.key("billingInfo"),
            billing_info,
            MISSING_DURATION,
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
    Some((site?, catalog?))
}
