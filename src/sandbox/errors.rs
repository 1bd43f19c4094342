//! Every application error the sandbox answers, with the reference's status,
//! code and message (placeholders substituted; backticks that only marked a
//! placeholder in the reference's tables are dropped, literal ones kept) and
//! the placeholders again under `details.applicationError.data`.
//!
//! [`Code`] is the one table of the API's codes and their statuses: the
//! constructors below take their status from it, and a fault armed with a
//! `code` (`POST /_sandbox/faults`) accepts exactly its names. The routing
//! answers of the sandbox itself (`NOT_FOUND`, `METHOD_NOT_ALLOWED`,
//! `PAYLOAD_TOO_LARGE`) are not API codes and are not in it.

use super::respond::ApiError;
use crate::model::{Cycle, WixErrorBody};
use serde::Serialize;
use serde_json::{json, Map, Value};
use tsify::Tsify;

/// Declares [`Code`]: each variant with its wire name and HTTP status, once.
macro_rules! codes {
    ($($(#[$meta:meta])* $variant:ident = ($wire:literal, $status:literal),)+) => {
        /// An application error code of the Resellers API, as the sandbox
        /// answers it: the codes of the reference's error tables (API §7),
        /// and those the sandbox answers where Wix names none
        /// (docs/sandbox-decisions.md).
        // Serialised by the faults list; the source of the TypeScript
        // `SandboxErrorCode`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
        #[tsify(rename = "SandboxErrorCode")]
        pub(crate) enum Code {
            $($(#[$meta])* #[serde(rename = $wire)] $variant,)+
        }

        impl Code {
            /// Every code, in the reference's order.
            pub(crate) const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The code as it appears in `details.applicationError.code`.
            pub(crate) fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $wire,)+
                }
            }

            /// The HTTP status the code is answered with.
            pub(crate) fn status(self) -> u16 {
                match self {
                    $(Code::$variant => $status,)+
                }
            }
        }
    };
}

codes! {
    /// Unknown `catalogProductId`.
    ProductNotFound = ("PRODUCT_NOT_FOUND", 404),
    /// The header's account does not exist (create, adjust, unassign).
    AccountNotFound = ("ACCOUNT_NOT_FOUND", 404),
    /// The product is capped per account.
    ProductLimitExceeded = ("PRODUCT_LIMIT_EXCEEDED", 428),
    /// Wix lacks the product's settings.
    ProductSettingsNotFound = ("PRODUCT_SETTINGS_NOT_FOUND", 428),
    /// No `billingInfo` for a product with several cycles.
    MissingBillingCycle = ("MISSING_BILLING_CYCLE", 428),
    /// The cycle's type is offered, not its duration.
    IncompatibleBillingCycle = ("INCOMPATIBLE_BILLING_CYCLE", 428),
    /// The cycle's type is not offered.
    InvalidBillingCycle = ("INVALID_BILLING_CYCLE", 428),
    /// Products not enabled for reselling.
    InvalidProducts = ("INVALID_PRODUCTS", 428),
    /// Products that cannot share one site.
    MultipleProductAssignments = ("MULTIPLE_PRODUCT_ASSIGNMENTS", 428),
    /// The site already holds that product type.
    ProductTypeAlreadyAssigned = ("PRODUCT_TYPE_ALREADY_ASSIGNED", 428),
    /// The site lacks a prerequisite.
    ProductNotSupportedOnSite = ("PRODUCT_NOT_SUPPORTED_ON_SITE", 428),
    /// Unknown site, or another account's.
    SiteNotFound = ("SITE_NOT_FOUND", 404),
    /// Wrong or already-used reference instance.
    InvalidReferenceProductInstanceId = ("INVALID_REFERENCE_PRODUCT_INSTANCE_ID", 404),
    /// Unknown instance (428, as documented).
    ProductInstanceNotFound = ("PRODUCT_INSTANCE_NOT_FOUND", 428),
    /// The instance's status forbids the change.
    IncompatibleProductInstanceStatus = ("INCOMPATIBLE_PRODUCT_INSTANCE_STATUS", 428),
    /// Adjust to a product of another service type.
    IncompatibleProduct = ("INCOMPATIBLE_PRODUCT", 428),
    /// Adjust without the details it needs.
    MissingProductDetails = ("MISSING_PRODUCT_DETAILS", 428),
    /// The product cannot be adjusted.
    OperationNotSupportedForProduct = ("OPERATION_NOT_SUPPORTED_FOR_PRODUCT", 428),
    /// Unassign of a floating instance.
    MissingSiteId = ("MISSING_SITE_ID", 428),
    /// Unknown package, or another account's (the sandbox's code).
    PackageNotFound = ("PACKAGE_NOT_FOUND", 404),
    /// A bad query cursor (the sandbox's code).
    InvalidCursor = ("INVALID_CURSOR", 400),
    /// No or unknown API key.
    Unauthenticated = ("UNAUTHENTICATED", 401),
    /// The key's reseller does not own the account.
    PermissionDenied = ("PERMISSION_DENIED", 403),
}

/// An application error of the API, with the code's status.
// Built here rather than through `ApiError::app`, whose call sites name
// their code as a literal (the sandbox's own routing codes below).
fn app(code: Code, message: impl Into<String>, data: Value) -> ApiError {
    let data = match data {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    ApiError {
        status: code.status(),
        body: Box::new(WixErrorBody::application(code.name(), message, data)),
    }
}

impl Code {
    /// The code named `name` (exactly, as on the wire).
    pub(crate) fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| code.name() == name)
    }
}

fn cycles_text(cycles: &[Cycle]) -> String {
    let parts: Vec<String> = cycles.iter().map(Cycle::describe).collect();
    format!("[{}]", parts.join(", "))
}

fn cycles_json(cycles: &[Cycle]) -> Value {
    serde_json::to_value(cycles).unwrap_or(Value::Null)
}

/// The most of a path a 404 quotes, in bytes.
const QUOTED_PATH_BYTES: usize = 200;

/// 404 for a path no endpoint serves; `data.path` is the raw path, its first
/// 200 bytes (cut at a character boundary) when longer.
pub(crate) fn route_not_found(path: &str) -> ApiError {
    let mut end = path.len().min(QUOTED_PATH_BYTES);
    while !path.is_char_boundary(end) {
        end -= 1;
    }
    ApiError::app(
        404,
        "NOT_FOUND",
        "No endpoint serves this path.",
        json!({ "path": path.get(..end).unwrap_or_default() }),
    )
}

/// 405 for a known path with a method it does not take.
pub(crate) fn method_not_allowed(method: &str, allowed: &[&str]) -> ApiError {
    ApiError::app(
        405,
        "METHOD_NOT_ALLOWED",
        format!(
            "Method {method} is not allowed here; use {}.",
            allowed.join(" or ")
        ),
        json!({ "method": method, "allowed": allowed }),
    )
}

/// 413 for a body over the sandbox's size cap.
pub(crate) fn payload_too_large(limit: usize) -> ApiError {
    ApiError::app(
        413,
        "PAYLOAD_TOO_LARGE",
        format!("The request body is larger than {limit} bytes."),
        json!({ "limit": limit }),
    )
}

/// 401: no key or an unknown key.
pub(crate) fn unauthenticated() -> ApiError {
    app(
        Code::Unauthenticated,
        "Missing or unknown API key in the Authorization header.",
        json!({}),
    )
}

/// 403: the key's reseller does not own the account.
pub(crate) fn permission_denied(account_id: &str) -> ApiError {
    app(
        Code::PermissionDenied,
        format!("The API key has no permission on account {account_id}."),
        json!({ "accountId": account_id }),
    )
}

/// 404 `ACCOUNT_NOT_FOUND` (create, adjust, unassign).
pub(crate) fn account_not_found(account_id: &str) -> ApiError {
    app(
        Code::AccountNotFound,
        format!("Account with id {account_id} was not found."),
        json!({ "accountId": account_id }),
    )
}

/// 404 `PACKAGE_NOT_FOUND` (also for another account's package).
pub(crate) fn package_not_found(package_id: &str) -> ApiError {
    app(
        Code::PackageNotFound,
        format!("Package with id {package_id} was not found."),
        json!({ "packageId": package_id }),
    )
}

/// 428 `PRODUCT_INSTANCE_NOT_FOUND` (also for another account's instance).
pub(crate) fn instance_not_found(instance_id: &str) -> ApiError {
    app(
        Code::ProductInstanceNotFound,
        format!("Product instance with id {instance_id} was not found."),
        json!({ "instanceId": instance_id }),
    )
}

/// 404 `PRODUCT_NOT_FOUND`.
pub(crate) fn product_not_found(product_id: &str) -> ApiError {
    app(
        Code::ProductNotFound,
        "Product id not found in catalog.",
        json!({ "productId": product_id }),
    )
}

/// 404 `SITE_NOT_FOUND`; `owner` is `None` for a site that does not exist.
pub(crate) fn site_not_found(site_id: &str, requesting: &str, owner: Option<&str>) -> ApiError {
    app(
        Code::SiteNotFound,
        format!(
            "Site {site_id} is not owned by {requesting}, but by {}.",
            owner.unwrap_or("unknown")
        ),
        json!({ "siteId": site_id, "requestingAccountId": requesting, "ownerAccountId": owner }),
    )
}

/// 428 `MISSING_BILLING_CYCLE`.
pub(crate) fn missing_billing_cycle(product_id: &str, cycles: &[Cycle]) -> ApiError {
    app(
        Code::MissingBillingCycle,
        format!("Product {product_id} must receive a cycle upon creating."),
        json!({ "productId": product_id, "cycles": cycles_json(cycles) }),
    )
}

/// 428 `INVALID_BILLING_CYCLE`: the cycle type is not offered at all.
pub(crate) fn invalid_billing_cycle(
    product_id: &str,
    cycles: &[Cycle],
    requested: &Cycle,
) -> ApiError {
    app(
        Code::InvalidBillingCycle,
        format!(
            "Product {product_id} is allowed for those cycles: {} and the request had this contract details: {}.",
            cycles_text(cycles),
            requested.describe()
        ),
        json!({
            "productId": product_id,
            "settingsCycles": cycles_json(cycles),
            "requestedContractDetails": requested,
        }),
    )
}

/// 428 `INCOMPATIBLE_BILLING_CYCLE`: the type is offered, the duration is not.
pub(crate) fn incompatible_billing_cycle(
    product_id: &str,
    cycles: &[Cycle],
    requested: &Cycle,
) -> ApiError {
    app(
        Code::IncompatibleBillingCycle,
        format!(
            "Product {product_id} cannot be used with cycle: {}, it is not one of {}.",
            requested.describe(),
            cycles_text(cycles)
        ),
        json!({ "productId": product_id, "cycle": requested, "cycles": cycles_json(cycles) }),
    )
}

/// 428 `MULTIPLE_PRODUCT_ASSIGNMENTS`.
pub(crate) fn multiple_product_assignments(product_ids: &[String], site_id: &str) -> ApiError {
    app(
        Code::MultipleProductAssignments,
        format!(
            "Trying to assign products: {} that cannot be assigned simultaneously to the same site {site_id}.",
            product_ids.join(", ")
        ),
        json!({ "productIds": product_ids, "siteId": site_id }),
    )
}

/// 428 `PRODUCT_TYPE_ALREADY_ASSIGNED`.
pub(crate) fn product_type_already_assigned(product_type: &str, site_id: &str) -> ApiError {
    app(
        Code::ProductTypeAlreadyAssigned,
        format!(
            "Product type: {product_type} is allowed only as one instance per site and site {site_id} already has one product of that type."
        ),
        json!({ "productTypeId": product_type, "siteId": site_id }),
    )
}

/// 428 `PRODUCT_NOT_SUPPORTED_ON_SITE`.
pub(crate) fn product_not_supported_on_site(site_id: &str, product_id: &str) -> ApiError {
    app(
        Code::ProductNotSupportedOnSite,
        format!("Site {site_id} is not compatible with product {product_id}."),
        json!({ "siteId": site_id, "productId": product_id }),
    )
}

/// 428 `PRODUCT_LIMIT_EXCEEDED`.
pub(crate) fn product_limit_exceeded(product_id: &str, current: usize) -> ApiError {
    app(
        Code::ProductLimitExceeded,
        format!(
            "Limit for product {product_id} exceeded, number of current subscriptions {current}."
        ),
        json!({ "productId": product_id, "numberOfCurrentSubscriptions": current }),
    )
}

/// 404 `INVALID_REFERENCE_PRODUCT_INSTANCE_ID`.
pub(crate) fn invalid_reference(instance_id: &str) -> ApiError {
    app(
        Code::InvalidReferenceProductInstanceId,
        "Reference product instance ID is invalid or has already been used.",
        json!({ "referenceProductInstanceId": instance_id }),
    )
}

/// 428 `MISSING_PRODUCT_DETAILS`, one of the three documented messages.
pub(crate) fn missing_product_details(instance_id: &str, what: MissingDetail) -> ApiError {
    let message = match what {
        MissingDetail::CatalogProductId => "You haven't provided `catalogProductId`.",
        MissingDetail::CycleDuration => {
            "You haven't provided `cycleDuration`. The field is required for`RECURRING` billing types."
        }
        MissingDetail::BillingInfo => "You haven't provided `billingInfo`.",
    };
    app(
        Code::MissingProductDetails,
        message,
        json!({ "instanceId": instance_id }),
    )
}

/// Which detail an adjust request lacks.
#[derive(Clone, Copy, Debug)]
pub(crate) enum MissingDetail {
    /// Neither `catalogProductId` nor `billingInfo`.
    CatalogProductId,
    /// A `RECURRING` cycle without `cycleDuration`.
    CycleDuration,
    /// A new product that cannot keep the current cycle.
    BillingInfo,
}

/// 428 `INCOMPATIBLE_PRODUCT_INSTANCE_STATUS`, first message (CANCELED / FAILED).
pub(crate) fn incompatible_status(instance_id: &str, status: &str) -> ApiError {
    app(
        Code::IncompatibleProductInstanceStatus,
        format!("Product instance with id {instance_id} is with incompatible status {status}."),
        json!({ "instanceId": instance_id, "status": status }),
    )
}

/// 428 `INCOMPATIBLE_PRODUCT_INSTANCE_STATUS`, second message (AWAITING_ACTION on adjust).
pub(crate) fn status_not_modifiable(instance_id: &str, status: &str) -> ApiError {
    app(
        Code::IncompatibleProductInstanceStatus,
        format!("Product instance has status {status} and can't be modified."),
        json!({ "instanceId": instance_id, "status": status }),
    )
}

/// 428 `OPERATION_NOT_SUPPORTED_FOR_PRODUCT`.
pub(crate) fn operation_not_supported(product_id: &str) -> ApiError {
    app(
        Code::OperationNotSupportedForProduct,
        format!("This action isn't supported for product {product_id}."),
        json!({ "productId": product_id }),
    )
}

/// 428 `INCOMPATIBLE_PRODUCT`: adjusting across service types.
pub(crate) fn incompatible_product(
    existing_type: &str,
    existing_id: &str,
    target_id: &str,
) -> ApiError {
    app(
        Code::IncompatibleProduct,
        format!(
            "Cannot change asset from product of type {existing_type} with id {existing_id} to product with id: {target_id}."
        ),
        json!({
            "existingProductType": existing_type,
            "existingProductId": existing_id,
            "targetProductId": target_id,
        }),
    )
}

/// 428 `MISSING_SITE_ID`: unassigning a floating instance.
pub(crate) fn missing_site_id(instance_id: &str) -> ApiError {
    app(
        Code::MissingSiteId,
        format!(
            "You must provide a siteId to unassign product instance {instance_id} from a site."
        ),
        json!({ "instanceId": instance_id }),
    )
}

/// 400 `INVALID_CURSOR`.
pub(crate) fn invalid_cursor(reason: &str) -> ApiError {
    app(
        Code::InvalidCursor,
        format!("Invalid cursor: {reason}."),
        json!({ "reason": reason }),
    )
}

/// 404 for the control API's unknown instance (the control API is no
/// Resellers endpoint, so it answers "not found" with the Wix-wide 404).
pub(crate) fn instance_not_found_404(instance_id: &str) -> ApiError {
    ApiError {
        status: 404,
        ..instance_not_found(instance_id)
    }
}

/// 428 `PRODUCT_SETTINGS_NOT_FOUND`: the catalog product's `hasSettings` is false.
pub(crate) fn product_settings_not_found(product_id: &str) -> ApiError {
    app(
        Code::ProductSettingsNotFound,
        format!("Product doesn't have any settings {product_id}."),
        json!({ "productId": product_id }),
    )
}

/// 428 `INVALID_PRODUCTS`: products whose `resellable` is false.
pub(crate) fn invalid_products(product_ids: &[String]) -> ApiError {
    app(
        Code::InvalidProducts,
        format!("Invalid products: {}.", product_ids.join(", ")),
        json!({ "productIds": product_ids }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tests' table of statuses (tests/fixtures/error-codes.json, read
    /// by the native and the JS tests) says what this one says.
    #[test]
    fn every_code_has_the_status_the_tests_expect() {
        let table: serde_json::Map<String, Value> =
            serde_json::from_str(include_str!("../../tests/fixtures/error-codes.json"))
                .expect("the fixture is a JSON object");
        for code in Code::ALL {
            assert_eq!(
                table[code.name()]["status"],
                json!(code.status()),
                "{}",
                code.name()
            );
            assert_eq!(Code::from_name(code.name()), Some(*code));
        }
        assert_eq!(Code::from_name("product_not_found"), None);
    }

    #[test]
    fn codes_serialise_as_their_names() {
        for code in Code::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), json!(code.name()));
        }
    }
}
