//! Every application error the sandbox answers, with the reference's status,
//! code and message (placeholders substituted; backticks that only marked a
//! placeholder in the reference's tables are dropped, literal ones kept) and
//! the placeholders again under `details.applicationError.data`.

use super::respond::ApiError;
use crate::model::Cycle;
use serde_json::{json, Value};

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
    ApiError::app(
        401,
        "UNAUTHENTICATED",
        "Missing or unknown API key in the Authorization header.",
        json!({}),
    )
}

/// 403: the key's reseller does not own the account.
pub(crate) fn permission_denied(account_id: &str) -> ApiError {
    ApiError::app(
        403,
        "PERMISSION_DENIED",
        format!("The API key has no permission on account {account_id}."),
        json!({ "accountId": account_id }),
    )
}

/// 404 `ACCOUNT_NOT_FOUND` (create, adjust, unassign).
pub(crate) fn account_not_found(account_id: &str) -> ApiError {
    ApiError::app(
        404,
        "ACCOUNT_NOT_FOUND",
        format!("Account with id {account_id} was not found."),
        json!({ "accountId": account_id }),
    )
}

/// 404 `PACKAGE_NOT_FOUND` (also for another account's package).
pub(crate) fn package_not_found(package_id: &str) -> ApiError {
    ApiError::app(
        404,
        "PACKAGE_NOT_FOUND",
        format!("Package with id {package_id} was not found."),
        json!({ "packageId": package_id }),
    )
}

/// 428 `PRODUCT_INSTANCE_NOT_FOUND` (also for another account's instance).
pub(crate) fn instance_not_found(instance_id: &str) -> ApiError {
    ApiError::app(
        428,
        "PRODUCT_INSTANCE_NOT_FOUND",
        format!("Product instance with id {instance_id} was not found."),
        json!({ "instanceId": instance_id }),
    )
}

/// 404 `PRODUCT_NOT_FOUND`.
pub(crate) fn product_not_found(product_id: &str) -> ApiError {
    ApiError::app(
        404,
        "PRODUCT_NOT_FOUND",
        "Product id not found in catalog.",
        json!({ "productId": product_id }),
    )
}

/// 404 `SITE_NOT_FOUND`; `owner` is `None` for a site that does not exist.
pub(crate) fn site_not_found(site_id: &str, requesting: &str, owner: Option<&str>) -> ApiError {
    ApiError::app(
        404,
        "SITE_NOT_FOUND",
        format!(
            "Site {site_id} is not owned by {requesting}, but by {}.",
            owner.unwrap_or("unknown")
        ),
        json!({ "siteId": site_id, "requestingAccountId": requesting, "ownerAccountId": owner }),
    )
}

/// 428 `MISSING_BILLING_CYCLE`.
pub(crate) fn missing_billing_cycle(product_id: &str, cycles: &[Cycle]) -> ApiError {
    ApiError::app(
        428,
        "MISSING_BILLING_CYCLE",
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
    ApiError::app(
        428,
        "INVALID_BILLING_CYCLE",
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
    ApiError::app(
        428,
        "INCOMPATIBLE_BILLING_CYCLE",
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
    ApiError::app(
        428,
        "MULTIPLE_PRODUCT_ASSIGNMENTS",
        format!(
            "Trying to assign products: {} that cannot be assigned simultaneously to the same site {site_id}.",
            product_ids.join(", ")
        ),
        json!({ "productIds": product_ids, "siteId": site_id }),
    )
}

/// 428 `PRODUCT_TYPE_ALREADY_ASSIGNED`.
pub(crate) fn product_type_already_assigned(product_type: &str, site_id: &str) -> ApiError {
    ApiError::app(
        428,
        "PRODUCT_TYPE_ALREADY_ASSIGNED",
        format!(
            "Product type: {product_type} is allowed only as one instance per site and site {site_id} already has one product of that type."
        ),
        json!({ "productTypeId": product_type, "siteId": site_id }),
    )
}

/// 428 `PRODUCT_NOT_SUPPORTED_ON_SITE`.
pub(crate) fn product_not_supported_on_site(site_id: &str, product_id: &str) -> ApiError {
    ApiError::app(
        428,
        "PRODUCT_NOT_SUPPORTED_ON_SITE",
        format!("Site {site_id} is not compatible with product {product_id}."),
        json!({ "siteId": site_id, "productId": product_id }),
    )
}

/// 428 `PRODUCT_LIMIT_EXCEEDED`.
pub(crate) fn product_limit_exceeded(product_id: &str, current: usize) -> ApiError {
    ApiError::app(
        428,
        "PRODUCT_LIMIT_EXCEEDED",
        format!(
            "Limit for product {product_id} exceeded, number of current subscriptions {current}."
        ),
        json!({ "productId": product_id, "numberOfCurrentSubscriptions": current }),
    )
}

/// 404 `INVALID_REFERENCE_PRODUCT_INSTANCE_ID`.
pub(crate) fn invalid_reference(instance_id: &str) -> ApiError {
    ApiError::app(
        404,
        "INVALID_REFERENCE_PRODUCT_INSTANCE_ID",
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
    ApiError::app(
        428,
        "MISSING_PRODUCT_DETAILS",
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
    ApiError::app(
        428,
        "INCOMPATIBLE_PRODUCT_INSTANCE_STATUS",
        format!("Product instance with id {instance_id} is with incompatible status {status}."),
        json!({ "instanceId": instance_id, "status": status }),
    )
}

/// 428 `INCOMPATIBLE_PRODUCT_INSTANCE_STATUS`, second message (AWAITING_ACTION on adjust).
pub(crate) fn status_not_modifiable(instance_id: &str, status: &str) -> ApiError {
    ApiError::app(
        428,
        "INCOMPATIBLE_PRODUCT_INSTANCE_STATUS",
        format!("Product instance has status {status} and can't be modified."),
        json!({ "instanceId": instance_id, "status": status }),
    )
}

/// 428 `OPERATION_NOT_SUPPORTED_FOR_PRODUCT`.
pub(crate) fn operation_not_supported(product_id: &str) -> ApiError {
    ApiError::app(
        428,
        "OPERATION_NOT_SUPPORTED_FOR_PRODUCT",
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
    ApiError::app(
        428,
        "INCOMPATIBLE_PRODUCT",
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
    ApiError::app(
        428,
        "MISSING_SITE_ID",
        format!(
            "You must provide a siteId to unassign product instance {instance_id} from a site."
        ),
        json!({ "instanceId": instance_id }),
    )
}

/// 400 `INVALID_CURSOR`.
pub(crate) fn invalid_cursor(reason: &str) -> ApiError {
    ApiError::app(
        400,
        "INVALID_CURSOR",
        format!("Invalid cursor: {reason}."),
        json!({ "reason": reason }),
    )
}

/// 404 for the control API's unknown instance.
pub(crate) fn instance_not_found_404(instance_id: &str) -> ApiError {
    ApiError::app(
        404,
        "PRODUCT_INSTANCE_NOT_FOUND",
        format!("Product instance with id {instance_id} was not found."),
        json!({ "instanceId": instance_id }),
    )
}
