//! The Package and ProductInstance objects (docs/resellers-api.md section 4), exactly as
//! they travel in JSON.

use super::enums::{CycleDescriptorType, FailureCode, IntervalUnit, Status};
use super::ids::Guid;
use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// A group of product instances sold to one customer in one transaction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Package {
    /// Package ID.
    #[tsify(type = "string")]
    pub id: Guid,
    /// The account the package belongs to (the `wix-account-id` at creation).
    #[tsify(type = "string")]
    pub account_id: Guid,
    /// The reseller's own reference, at most 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub external_id: Option<String>,
    /// The instances in the package (1 to 1000).
    // Always sent; not `default`, so the generated TypeScript requires it
    // (the client's shape check fills `[]` if an answer ever leaves it out).
    pub product_instances: Vec<ProductInstance>,
    /// ISO 8601 creation time.
    pub created_date: String,
    /// ISO 8601 time of the last change.
    pub updated_date: String,
    /// The parent account, or `accountId` when there is none (documented as internal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub parent_account_id: Option<String>,
}

/// One provisioned paid Wix service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ProductInstance {
    /// ID of this instance (not the catalog product).
    pub instance_id: String,
    /// The site it is assigned to; absent for a floating instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub site_id: Option<String>,
    /// The product in the Wix Premium Product Catalog.
    pub catalog_product_id: String,
    /// Delivery and lifecycle status.
    pub status: Status,
    /// Why delivery failed; only with status `FAILED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub failure: Option<FailureReason>,
    /// Billing between the reseller and Wix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub billing_info: Option<Cycle>,
    /// ISO 8601 creation time.
    pub created_date: String,
    /// ISO 8601 time of the last change.
    pub updated_date: String,
    /// ISO 3166-1 alpha-2 country where vouchers can be claimed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub country_code: Option<String>,
    /// Set only for instances that do not auto-renew.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub expiration_date: Option<String>,
    /// Sale code given at creation, at most 25 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub discount_code: Option<String>,
    /// The instance this one was granted against, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub reference_product_instance_id: Option<String>,
}

/// A product to provision, as given to Create Package (v1: `countryCode` optional).
// Declared as `ProductInstanceV1Input`: the V2 shape, `ProductInstanceInput`
// (what `CreatePackageRequest.products` names), is that with `countryCode`
// required, in src/js/types.d.ts. The Rust type serves both bodies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "ProductInstanceV1Input")]
pub struct ProductInstanceInput {
    /// The product in the Wix Premium Product Catalog (IDs come from Wix B2B sales).
    pub catalog_product_id: String,
    /// ISO 3166-1 alpha-2 country where vouchers can be claimed; required by
    /// V2 (`ProductInstanceInput`), not by the deprecated v1 create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub country_code: Option<String>,
    /// The site to assign it to; omit for a floating instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub site_id: Option<String>,
    /// Required when the product supports more than one billing cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "CycleInput")]
    pub billing_info: Option<Cycle>,
    /// Sale code, at most 25 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub discount_code: Option<String>,
    /// An instance that grants this product for free; usable once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub reference_product_instance_id: Option<String>,
}

/// `billingInfo`: the payment contract between the reseller and Wix.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Cycle {
    /// One-time or recurring.
    #[serde(rename = "type")]
    pub cycle_type: CycleDescriptorType,
    /// Length of one cycle; only for `RECURRING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cycle_duration: Option<Interval>,
}

/// `cycleDuration`: a number of units.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Interval {
    /// The unit.
    pub unit: IntervalUnit,
    /// How many units make one cycle.
    #[serde(default = "one")]
    #[tsify(optional)]
    pub count: u32,
}

fn one() -> u32 {
    1
}

/// Why an instance is `FAILED`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct FailureReason {
    /// The failure code.
    pub code: FailureCode,
    /// Free text from Wix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub message: Option<String>,
}

impl Cycle {
    /// A human-readable form used in error messages: `RECURRING/YEAR/1`, `ONE_TIME`.
    pub fn describe(&self) -> String {
        match &self.cycle_duration {
            Some(duration) => format!("{}/{}/{}", self.cycle_type, duration.unit, duration.count),
            None => self.cycle_type.to_string(),
        }
    }
}
