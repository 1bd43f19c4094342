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

/// Validates a Create Package body (the whole JSON body).
pub fn validate_create_package(body: &Value, version: CreateVersion) -> Vec<FieldViolation> {
    let _ = (body, version);
    Vec::new()
}

/// Validates an Adjust Product Instance Specifications body.
pub fn validate_adjust(body: &Value) -> Vec<FieldViolation> {
    let _ = body;
    Vec::new()
}

/// Validates a Query Packages body (`{ query: {...} }`).
pub fn validate_query(body: &Value) -> Vec<FieldViolation> {
    let _ = body;
    Vec::new()
}

/// Validates the body of cancel package, cancel / assign / unassign instance
/// (`{ idempotencyKey? }`; an empty body is valid).
pub fn validate_idempotent_body(body: &Value) -> Vec<FieldViolation> {
    let _ = body;
    Vec::new()
}

/// Checks that `value` is a GUID before it is put into a URL path.
pub fn check_guid(field: &str, value: &str) -> Option<FieldViolation> {
    let _ = (field, value);
    None
}

/// Checks an external ID (1 to 100 characters; no control characters).
pub fn check_external_id(field: &str, value: &str) -> Option<FieldViolation> {
    let _ = (field, value);
    None
}
