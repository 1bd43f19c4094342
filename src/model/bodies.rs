//! Request and response bodies of the ten endpoints (docs/resellers-api.md section 6).

use super::package::{Cycle, Package, ProductInstanceInput};
use super::query::{PagingMetadataV2, QueryV2};
use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// Body of Create Package V2 (`POST /resellers/v2/packages`) and of the
/// deprecated v1 create, which differs only in not requiring `countryCode`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CreatePackageRequest {
    /// Replays the first answer when the same key is sent again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub idempotency_key: Option<String>,
    /// The reseller's own reference (an order or subscription ID), at most 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub external_id: Option<String>,
    /// The services to provision: 1 to 1000.
    pub products: Vec<ProductInstanceInput>,
}

/// The answer of every call that returns one package under `package`: create,
/// cancel package, cancel / adjust / assign / unassign product instance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PackageResponse {
    /// The idempotency key the call carried, echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub idempotency_key: Option<String>,
    /// The package as it is after the call.
    pub package: Package,
}

/// Answer of Get Package.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GetPackageResponse {
    /// The package.
    pub package: Package,
}

/// Body of Query Packages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct QueryPackagesRequest {
    /// The query; `{}` returns everything, newest first.
    pub query: QueryV2,
}

/// Answer of Query Packages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct QueryPackagesResponse {
    /// The page of packages.
    // Both always sent; not `default`, so the generated TypeScript requires
    // them (the client's shape check fills them if an answer leaves them out).
    pub packages: Vec<Package>,
    /// Counts and cursors.
    pub metadata: PagingMetadataV2,
}

/// Body of the calls whose only input besides the path is an idempotency key:
/// cancel package, cancel / assign / unassign product instance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct IdempotentRequest {
    /// Replays the first answer when the same key is sent again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub idempotency_key: Option<String>,
}

/// Body of Adjust Product Instance Specifications.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AdjustProductInstanceRequest {
    /// Replays the first answer when the same key is sent again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub idempotency_key: Option<String>,
    /// The product that replaces the current one (same service type only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub catalog_product_id: Option<String>,
    /// The new billing cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "CycleInput")]
    pub billing_info: Option<Cycle>,
    /// Sale code; ignored unless `catalogProductId` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub discount_code: Option<String>,
}

/// Answer of Update Package External Id (note the key `updatedPackage`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePackageExternalIdResponse {
    /// The package with its new `externalId`.
    pub updated_package: Package,
}
