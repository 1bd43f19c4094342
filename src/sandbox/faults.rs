//! Fault injection for API requests (never `/_sandbox/` ones): the next
//! `times` matching requests answer a status or a documented error `code`
//! without being processed (`status`, `code`, `html`), or are processed and
//! then have their answer spoiled (`reset`, `malformed`, `truncated`) — the
//! outcome-unknown cases a client must reconcile — and/or are delayed
//! (`delayMs`). `floating` makes a failed Assign leave its instance
//! floating, the other outcome Wix warns a failed move may have.

use super::errors::Code;
use crate::model::FieldViolation;
use serde::Serialize;
use serde_json::Value;
use tsify::Tsify;

/// How a fault spoils the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "lowercase")]
#[tsify(rename = "SandboxFaultMode")]
pub(crate) enum FaultMode {
    /// Processed, then the connection is dropped.
    Reset,
    /// Processed, then answered 200 with a body that is not JSON.
    Malformed,
    /// Not processed; an HTML error page (default status 502).
    Html,
    /// Processed, then the body is cut in half.
    Truncated,
    /// An Assign that fails (on its own rules, or by this fault's `status`
    /// or `code`) leaves the instance floating instead of where it was.
    Floating,
}

/// A fault for the next `times` matching API requests: what `injectFault`
/// (`POST /_sandbox/faults`) takes, every field optional, and what it and
/// `GET /_sandbox/faults` answer.
// One armed fault. Read by `Fault::from_json`, serialised as it is: the source
// of the TypeScript `SandboxFault`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "SandboxFault")]
pub(crate) struct Fault {
    /// Only requests with this method (any case); default any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Only requests whose raw path starts with this; default any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
    /// How many matching requests it still spoils, 1 to 1000000; default 1.
    #[tsify(optional)]
    pub times: u32,
    /// A final HTTP status, 200 to 599 (a 1xx or anything over 599 is refused at arming).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The `retry-after` header: seconds or an HTTP date (answered as text).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "number | string")]
    pub retry_after: Option<String>,
    /// Wait this long before answering, at most 300000; default 0.
    #[tsify(optional)]
    pub delay_ms: u64,
    /// How the answer is spoiled; default none (just `status`, and the delay).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "SandboxFaultMode")]
    pub mode: Option<FaultMode>,
    /// Answer this documented error code, unprocessed, with its status and
    /// Wix body (`data` filled from the request); not with `status`, nor
    /// with a `mode` other than `floating`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(type = "SandboxErrorCode")]
    pub code: Option<Code>,
}

/// The longest delay a fault may ask for (5 minutes).
const MAX_DELAY_MS: u64 = 300_000;

/// The statuses a fault may answer: final ones only (no 1xx).
const MIN_STATUS: u64 = 200;
const MAX_STATUS: u64 = 599;

impl Fault {
    /// Reads a fault from the control API's JSON.
    pub(crate) fn from_json(value: &Value) -> Result<Fault, Vec<FieldViolation>> {
        let Some(object) = value.as_object() else {
            return Err(vec![FieldViolation::new(
                "body",
                "TYPE",
                "expected a fault object",
            )]);
        };
        let mut problems = Vec::new();
        let text = |name: &str, problems: &mut Vec<FieldViolation>| match object.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.len() <= 2048 => Some(s.clone()),
            Some(_) => {
                problems.push(FieldViolation::new(name, "TYPE", "expected a string"));
                None
            }
        };
        let method = text("method", &mut problems).map(|m| m.to_ascii_uppercase());
        let path_prefix = text("pathPrefix", &mut problems);
        let times = match object.get("times") {
            None | Some(Value::Null) => 1,
            Some(v) => match v.as_u64() {
                Some(n) if (1..=1_000_000).contains(&n) => n as u32,
                _ => {
                    problems.push(FieldViolation::new(
                        "times",
                        "TYPE",
                        "expected an integer from 1 to 1000000",
                    ));
                    1
                }
            },
        };
        // A final status only: a 1xx is an interim answer neither front can
        // deliver (over HTTP a 100 drops the socket and 101-103 leave fetch
        // waiting for a final answer; `new Response` refuses every 1xx).
        let status = match object.get("status") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_u64() {
                Some(n) if (MIN_STATUS..=MAX_STATUS).contains(&n) => Some(n as u16),
                Some(n) => {
                    problems.push(FieldViolation::new(
                        "status",
                        if n < MIN_STATUS { "MIN" } else { "MAX" },
                        "expected a final HTTP status from 200 to 599 (a 1xx is an interim \
                         answer no front can deliver)",
                    ));
                    None
                }
                None => {
                    problems.push(FieldViolation::new(
                        "status",
                        "TYPE",
                        "expected a final HTTP status (an integer from 200 to 599)",
                    ));
                    None
                }
            },
        };
        let retry_after = match object.get("retryAfter") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_u64().is_some() => Some(n.to_string()),
            Some(Value::String(s)) if !s.is_empty() && s.len() <= 100 && header_safe(s) => {
                Some(s.clone())
            }
            Some(Value::String(_)) => {
                problems.push(FieldViolation::new(
                    "retryAfter",
                    "FORMAT",
                    "`retryAfter` is sent as the Retry-After header: 1 to 100 printable \
                     ASCII characters (seconds or an HTTP date)",
                ));
                None
            }
            Some(_) => {
                problems.push(FieldViolation::new(
                    "retryAfter",
                    "TYPE",
                    "expected seconds (a non-negative integer) or an HTTP date",
                ));
                None
            }
        };
        let delay_ms = match object.get("delayMs") {
            None | Some(Value::Null) => 0,
            Some(v) => match v.as_u64() {
                Some(n) if n <= MAX_DELAY_MS => n,
                _ => {
                    problems.push(FieldViolation::new(
                        "delayMs",
                        "TYPE",
                        "expected milliseconds from 0 to 300000",
                    ));
                    0
                }
            },
        };
        let mode = match object.get("mode") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => match s.as_str() {
                "reset" => Some(FaultMode::Reset),
                "malformed" => Some(FaultMode::Malformed),
                "html" => Some(FaultMode::Html),
                "truncated" => Some(FaultMode::Truncated),
                "floating" => Some(FaultMode::Floating),
                _ => {
                    problems.push(FieldViolation::new(
                        "mode",
                        "INVALID_ENUM_VALUE",
                        "expected reset, malformed, html, truncated or floating",
                    ));
                    None
                }
            },
            Some(_) => {
                problems.push(FieldViolation::new("mode", "TYPE", "expected a string"));
                None
            }
        };
        let code = match object.get("code") {
            None | Some(Value::Null) => None,
            Some(Value::String(name)) => {
                let code = Code::from_name(name);
                if code.is_none() {
                    let names: Vec<&str> = Code::ALL.iter().map(|code| code.name()).collect();
                    problems.push(FieldViolation::new(
                        "code",
                        "INVALID_ENUM_VALUE",
                        format!(
                            "`code` must be an error code of the API: {}",
                            names.join(", ")
                        ),
                    ));
                }
                code
            }
            Some(_) => {
                problems.push(FieldViolation::new("code", "TYPE", "expected a string"));
                None
            }
        };
        if code.is_some() && status.is_some() {
            problems.push(FieldViolation::new(
                "status",
                "OTHER",
                "a `code` is answered with its documented status: leave `status` out",
            ));
        }
        if code.is_some() && mode.is_some_and(|mode| mode != FaultMode::Floating) {
            problems.push(FieldViolation::new(
                "mode",
                "OTHER",
                "a `code` is answered without processing the request; its only `mode` is \
                 `floating`",
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Fault {
            method,
            path_prefix,
            times,
            status,
            retry_after,
            delay_ms,
            mode,
            code,
        })
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .path_prefix
                .as_deref()
                .is_none_or(|p| path.starts_with(p))
    }
}

/// True when `value` can go on the wire as an HTTP header value as it is:
/// printable ASCII and spaces only. Checked when a fault is armed, because
/// node:http throws (`ERR_INVALID_CHAR`) on anything else when it writes the
/// answer, and CR/LF would split the header.
fn header_safe(value: &str) -> bool {
    value.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// Armed faults, first armed first consumed.
#[derive(Clone, Debug, Default)]
pub(crate) struct Faults {
    armed: Vec<Fault>,
}

impl Faults {
    /// Arms a fault.
    pub(crate) fn add(&mut self, fault: Fault) {
        self.armed.push(fault);
    }

    /// The armed faults.
    pub(crate) fn list(&self) -> &[Fault] {
        &self.armed
    }

    /// Disarms everything.
    pub(crate) fn clear(&mut self) {
        self.armed.clear();
    }

    /// Consumes one use of the first fault matching the request.
    pub(crate) fn take(&mut self, method: &str, path: &str) -> Option<Fault> {
        let at = self.armed.iter().position(|f| f.matches(method, path))?;
        let fault = self.armed.get_mut(at)?;
        fault.times = fault.times.saturating_sub(1);
        let taken = fault.clone();
        if fault.times == 0 {
            self.armed.remove(at);
        }
        Some(taken)
    }
}

/// The Wix system-error body of a 5xx or 429 answer.
pub(crate) const SYSTEM_ERROR_BODY: &[u8] = b"{\"message\":\"\",\"details\":{}}";

/// The page an `html` fault answers with, like a proxy in front of the API.
pub(crate) fn html_page(status: u16) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html><head><title>{status} Error</title></head>\
         <body><h1>{status} Error</h1><p>The server encountered a temporary error.</p></body></html>\n"
    )
    .into_bytes()
}

/// The body a `malformed` fault answers with: not JSON.
pub(crate) const MALFORMED_BODY: &[u8] = b"{\"package\": <<not json>> ";
