//! Per-call options (`{ idempotencyKey?, maxRetries?, timeoutMs?,
//! deadlineMs?, allowUnknownFields? }`), read
//! from untrusted JSON with the client's own bounds.

use super::error::ResellersError;
use super::limits::{MAX_RETRIES_LIMIT, MAX_TIMEOUT_MS};
use crate::json_text::type_name;
use crate::model::FieldViolation;
use crate::rules::UnknownFields;
use serde_json::{Map, Value};

/// Per-call settings; `None` means the client's setting (or a fresh key).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// The idempotency key of a mutating call; generated when absent.
    pub idempotency_key: Option<String>,
    /// Retries after the first attempt.
    pub max_retries: Option<u32>,
    /// Bound of one attempt.
    pub timeout_ms: Option<u64>,
    /// Bound of the whole call (attempts, backoff and waits).
    pub deadline_ms: Option<u64>,
    /// Whether the body may hold fields this package does not know
    /// (`allowUnknownFields: true`); refused by default.
    pub unknown_fields: UnknownFields,
}

impl CallOptions {
    /// Reads `{ idempotencyKey?, maxRetries?, timeoutMs?, deadlineMs?, allowUnknownFields? }`
    /// (or `null`) given
    /// to `operation`; anything else is a `validation` error.
    pub fn from_json(operation: &str, value: &Value) -> Result<CallOptions, ResellersError> {
        let mut options = CallOptions::default();
        for (key, value) in members(operation, value, "{ idempotencyKey? }")?
            .into_iter()
            .flatten()
        {
            let (rule, description) = match (key.as_str(), value) {
                (_, Value::Null) => continue,
                ("idempotencyKey", Value::String(text)) => {
                    options.idempotency_key = Some(text.clone());
                    continue;
                }
                ("idempotencyKey", other) => (
                    "TYPE",
                    format!("must be a string, got {}", type_name(other)),
                ),
                ("maxRetries", Value::Number(n))
                    if n.as_u64()
                        .is_some_and(|n| n <= u64::from(MAX_RETRIES_LIMIT)) =>
                {
                    options.max_retries = n.as_u64().and_then(|n| u32::try_from(n).ok());
                    continue;
                }
                ("timeoutMs", Value::Number(n))
                    if n.as_u64()
                        .is_some_and(|n| (1..=MAX_TIMEOUT_MS).contains(&n)) =>
                {
                    options.timeout_ms = n.as_u64();
                    continue;
                }
                ("deadlineMs", Value::Number(n))
                    if n.as_u64()
                        .is_some_and(|n| (1..=MAX_TIMEOUT_MS).contains(&n)) =>
                {
                    options.deadline_ms = n.as_u64();
                    continue;
                }
                ("maxRetries", _) => (
                    "TYPE",
                    format!("must be an integer from 0 to {MAX_RETRIES_LIMIT}"),
                ),
                ("allowUnknownFields", Value::Bool(allow)) => {
                    options.unknown_fields = UnknownFields::from(*allow);
                    continue;
                }
                ("allowUnknownFields", other) => (
                    "TYPE",
                    format!("must be a boolean, got {}", type_name(other)),
                ),
                ("timeoutMs" | "deadlineMs", _) => (
                    "TYPE",
                    format!("must be an integer from 1 to {MAX_TIMEOUT_MS}"),
                ),
                _ => (
                    "OTHER",
                    "is not an option; the options are idempotencyKey, maxRetries, timeoutMs, \
                     deadlineMs, allowUnknownFields and signal"
                        .to_owned(),
                ),
            };
            return Err(refused(
                operation,
                &format!("options.{key}"),
                rule,
                description,
            ));
        }
        Ok(options)
    }
}

/// The members of an options object given to `operation` (`null`: none);
/// anything else is refused as not being `shape`. Shared by every reader of
/// options, with [`refused`]: one copy of the errors' making.
#[inline(never)]
pub(crate) fn members<'v>(
    operation: &str,
    value: &'v Value,
    shape: &str,
) -> Result<Option<&'v Map<String, Value>>, ResellersError> {
    match value {
        Value::Null => Ok(None),
        Value::Object(fields) => Ok(Some(fields)),
        other => Err(refused(
            operation,
            "options",
            "TYPE",
            format!("must be an object {shape}, got {}", type_name(other)),
        )),
    }
}

/// The `validation` error of one refused option.
#[inline(never)]
pub(crate) fn refused(
    operation: &str,
    field: &str,
    rule: &str,
    description: String,
) -> ResellersError {
    ResellersError::invalid_request(
        operation,
        vec![FieldViolation::new(field, rule, description)],
    )
}
