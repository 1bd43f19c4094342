//! Create Package (V2 and the deprecated V1): its rules, each written once
//! here, in the order of the reference's body table (docs/resellers-api.md
//! section 6.1):
//!
//! - `idempotencyKey`, `externalId`: optional, 1 to 100 characters, no
//!   control characters ([`KEY_TEXT`], [`super::fields::text_problem`]);
//! - `products`: required, 1 to [`MAX_PRODUCTS`] ([`products_ok`]);
//! - `products[].countryCode`: an assigned ISO 3166-1 alpha-2 code, required
//!   by V2 ([`country_ok`]);
//! - `products[].catalogProductId`: required, a GUID ([`catalog_product`]);
//! - `products[].siteId`, `products[].referenceProductInstanceId`: GUIDs
//!   ([`super::fields::guid_ref`]);
//! - `products[].billingInfo`: a cycle ([`super::cycle`]), its missing
//!   `cycleDuration` named [`MISSING_DURATION`];
//! - `products[].discountCode`: at most 25 characters ([`DISCOUNT_CODE`]);
//! - across products: a product once per site ([`assigned_before`]).
//!
//! Each rule is a check (`*_ok`, or the value it accepts) and, beside it,
//! the words of its violation (`*_words`, a [`Problem`]); the checks are
//! inlined, so the one-pass reader pays nothing for calling them.
//! Two readers apply them and restate none: [`tree`] walks a
//! `serde_json::Value` and places every problem at its path (the sandbox,
//! the native client, and every body the other reader is not sure of);
//! [`text`] reads the JSON text in one pass and only says "valid" or "not
//! sure" (a 1000-product body from JS never becomes a tree: `benches/rules.rs`).
//! What each does alone is read JSON: the tree words a value of the wrong
//! type, the text pass gives up on it.

pub(super) mod text;
pub(super) mod tree;

use super::assigned::Assigned;
use super::countries::{hint, is_country_code};
use super::fields::{guid_ref, not_a_guid, preview, GuidRef, Problem, TextLimits};
use super::limits::{MAX_DISCOUNT_CODE_LENGTH, MAX_PRODUCTS};

/// A product of a create as reconciliation compares it: the values of its
/// `catalogProductId` and of its `siteId` (`None`: floating), as GUID bits,
/// so that letter case does not matter.
pub type ProductKey = (u128, Option<u128>);

/// Which create endpoint a body is meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreateVersion {
    /// The deprecated `POST /resellers/v1/packages` (no `countryCode` requirement).
    V1,
    /// `POST /resellers/v2/packages`.
    V2,
}

#[cfg(doc)]
use super::fields::KEY_TEXT;

/// `discountCode`: at most 25 characters; anything else is Wix's business
/// (an unknown code is accepted and gives no discount).
pub(super) const DISCOUNT_CODE: TextLimits = TextLimits {
    min: 0,
    max: MAX_DISCOUNT_CODE_LENGTH,
    control_characters: true,
};

/// The rule name of a `RECURRING` product without `cycleDuration`.
pub(super) const MISSING_DURATION: &str = "CYCLE_DURATION";

/// `products` (`None`: absent or `null`; else its length): required, a
/// list of 1 to [`MAX_PRODUCTS`].
#[inline(always)]
pub(super) fn products_ok(count: Option<usize>) -> bool {
    matches!(count, Some(1..=MAX_PRODUCTS))
}

/// The words of a `products` that breaks [`products_ok`].
#[inline(never)]
pub(super) fn products_words(count: Option<usize>) -> Problem {
    match count {
        None => Problem::new(
            "REQUIRED_FIELD",
            None,
            format!("products is required: a list of 1 to {MAX_PRODUCTS} products to provision"),
        ),
        Some(0) => Problem::fixed(
            "MIN_SIZE",
            None,
            "products is empty; a package holds at least one product",
        ),
        Some(count) => Problem::new(
            "MAX_SIZE",
            None,
            format!("{count} products were given; a package holds at most {MAX_PRODUCTS}"),
        ),
    }
}

/// `catalogProductId` (`None`: absent or `null`): required and a GUID; the
/// GUID when it keeps the rule.
#[inline(always)]
pub(super) fn catalog_product(id: Option<&str>) -> Option<GuidRef<'_>> {
    guid_ref(id?)
}

/// The words of a `catalogProductId` that breaks [`catalog_product`].
/// Missing or empty is reported under the rule name `CATALOG_PRODUCT_ID`,
/// because the real server lets that through to its catalog and answers
/// `PRODUCT_NOT_FOUND`.
#[inline(never)]
pub(super) fn catalog_words(id: Option<&str>) -> Problem {
    match id {
        Some(text) if !text.is_empty() => not_a_guid(text),
        _ => Problem::fixed(
            "REQUIRED_FIELD",
            Some("CATALOG_PRODUCT_ID"),
            "catalogProductId is required: the product's ID in the Wix Premium Product Catalog",
        ),
    }
}

/// `countryCode` (`None`: absent or `null`): an assigned ISO 3166-1 alpha-2
/// code; required by V2 (V1 has no such field).
#[inline(always)]
pub(super) fn country_ok(code: Option<&str>, version: CreateVersion) -> bool {
    match code {
        Some(code) => is_country_code(code),
        None => version == CreateVersion::V1,
    }
}

/// The words of a `countryCode` that breaks [`country_ok`].
#[inline(never)]
pub(super) fn country_words(code: Option<&str>, version: CreateVersion) -> Problem {
    match code {
        None | Some("") if version == CreateVersion::V2 => Problem::fixed(
            "REQUIRED_FIELD",
            None,
            "countryCode is required by Create Package V2: the ISO 3166-1 alpha-2 code \
             of the country where the customer claims vouchers, such as \"US\"",
        ),
        // V1: an explicit empty one is still not a code.
        None | Some("") => Problem::fixed(
            "FORMAT",
            Some("COUNTRY_CODE"),
            "an empty string is not a country code; give one such as \"US\" or leave \
             the field out",
        ),
        Some(code) => {
            let advice = hint(code).unwrap_or_else(|| {
                "expected an assigned code of two uppercase letters such as \"US\" or \"GB\""
                    .to_owned()
            });
            Problem::new(
                "FORMAT",
                Some("COUNTRY_CODE"),
                format!(
                    "{} is not an ISO 3166-1 alpha-2 country code; {advice}",
                    preview(code)
                ),
            )
        }
    }
}

/// A product can be assigned to a site only once per request: `product`
/// on `site`, asked for by the product at `index`, is recorded against the
/// pairs seen so far; the index of the product that asked first, if one did.
#[inline(always)]
pub(super) fn assigned_before(
    pairs: &mut Assigned,
    index: usize,
    site: GuidRef<'_>,
    product: GuidRef<'_>,
) -> Option<usize> {
    pairs.first((site.bits, product.bits), index)
}

/// The words of a pair [`assigned_before`] found, first at `first`.
#[inline(never)]
pub(super) fn assigned_words(first: usize, site: GuidRef<'_>, product: GuidRef<'_>) -> Problem {
    Problem::new(
        "OTHER",
        Some("MULTIPLE_PRODUCT_ASSIGNMENTS"),
        format!(
            "products[{first}] already assigns product \"{}\" to site \"{}\"; \
             a product can be assigned to a site only once per request",
            product.text, site.text
        ),
    )
}

#[cfg(test)]
mod tests;
