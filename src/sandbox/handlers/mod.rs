//! The ten endpoints, one file per group: create, packages (get, cancel,
//! update external id), product instances (cancel, adjust, assign, unassign)
//! and query. Shared here: body parsing and the answer envelopes.

pub(crate) mod create;
pub(crate) mod instances;
pub(crate) mod packages;
pub(crate) mod query;

use super::auth::Caller;
use super::respond::{from_serde_error, ApiError};
use crate::model::{FieldViolation, Package};
use crate::time::UnixMillis;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// What every handler knows about the request.
#[derive(Clone, Debug)]
pub(crate) struct Ctx {
    /// The authenticated account.
    pub caller: Caller,
    /// Sandbox-now.
    pub now: UnixMillis,
    /// The body's `idempotencyKey`, echoed in the answer.
    pub idempotency_key: Option<String>,
}

/// Parses a JSON body; an empty body is `{}`.
pub(crate) fn parse_body(body: &[u8]) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Default::default()));
    }
    serde_json::from_slice(body).map_err(|error| {
        ApiError::invalid(
            "body",
            "FORMAT",
            format!("the request body is not valid JSON: {error}"),
        )
    })
}

/// The body's `idempotencyKey` when it is a string.
pub(crate) fn idempotency_key(body: &Value) -> Option<String> {
    body.get("idempotencyKey")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// Decodes `body` into a typed request, or a 400 built from the serde error.
pub(crate) fn decode<T: DeserializeOwned>(body: Value) -> Result<T, ApiError> {
    serde_json::from_value(body).map_err(|error| from_serde_error(&error))
}

/// Fails with 400 when `violations` is not empty.
pub(crate) fn reject(violations: Vec<FieldViolation>) -> Result<(), ApiError> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(violations))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PackageEnvelope<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    idempotency_key: Option<&'a str>,
    package: &'a Package,
}

/// `{ idempotencyKey?, package }`.
pub(crate) fn package_body(ctx: &Ctx, package: &Package) -> Vec<u8> {
    super::respond::to_json(&PackageEnvelope {
        idempotency_key: ctx.idempotency_key.as_deref(),
        package,
    })
}
