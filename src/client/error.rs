//! The one error type of every call: what kind of failure, the Wix code (or
//! the SDK's own), the status, the request id, the field violations, whether
//! a retry could help, how many attempts were made, and a message a person
//! can act on. It never holds the API key, whole or in part: the pipeline
//! scrubs every text field before an error leaves it (see [`super::redact`]),
//! and values taken from an answer are redacted before they are shortened.

use super::limits::MAX_RESPONSE_BYTES;
use super::redact::Redactor;
use super::retry::is_retryable_status;
use crate::json_text::{into_text, write_string, write_value};
use crate::json_text::{quoted_excerpt as quoted, single};
use crate::model::FieldViolation;
use crate::transport::{TransportError, TransportErrorKind};
use serde::Serialize;
use serde_json::Value;
use std::fmt::{self, Write as _};

/// The broad class of a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorKind {
    /// Refused before sending: bad options or a request that breaks a rule.
    Validation,
    /// The API answered with an error status.
    Api,
    /// The connection failed.
    Network,
    /// An attempt ran out of time.
    Timeout,
    /// The API answered 2xx (or a redirect) with a body that is not what the endpoint returns.
    Response,
}

impl ErrorKind {
    /// The kind as JS sees it: `validation`, `api`, `network`, `timeout`, `response`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::Api => "api",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Response => "response",
        }
    }
}

/// A failed call.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResellersError {
    /// The class of failure.
    pub kind: ErrorKind,
    /// The Wix application code (`PRODUCT_NOT_FOUND`), else the status-derived
    /// Wix code (`NOT_FOUND`), else the SDK's own (`INVALID_REQUEST`,
    /// `INVALID_CONFIG`, `NETWORK_ERROR`, `TIMEOUT`, `ABORTED`,
    /// `MALFORMED_RESPONSE`, `UNEXPECTED_REDIRECT`; and, from JS only,
    /// `CLIENT_FREED`, in src/js/client_class.mjs).
    pub code: String,
    /// What happened and, where possible, what to do.
    pub message: String,
    /// The HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// The last `x-wix-request-id` seen (quote it to Wix support).
    pub request_id: Option<String>,
    /// Broken field rules (offline validation or a Wix validation error).
    pub field_violations: Vec<FieldViolation>,
    /// True when the same call might succeed later (network, timeout, 429, 5xx).
    pub retryable: bool,
    /// How many times the request was sent (0 when refused before sending).
    pub attempts: u32,
    /// The `details` of a Wix error body (`applicationError` with its
    /// `data`), or a short excerpt of a body that was not JSON.
    pub details: Option<Value>,
    /// The idempotency key a mutating call carried: retrying with it cannot
    /// act twice.
    pub idempotency_key: Option<String>,
    /// How long the server asked to wait (`Retry-After`, in ms) when the
    /// call ended on such an answer: the retry a queue should schedule.
    /// (At most `u32::MAX`, some 49 days: no retry is scheduled later.)
    pub retry_after_ms: Option<u32>,
    /// True when the request certainly never reached the server (a refused
    /// connection, a failed DNS lookup): the outcome is known, nothing happened.
    #[serde(skip)]
    pub(crate) nothing_sent: bool,
    /// A network failure's own account, redacted: what JS gets as `cause`
    /// (see [`TransportError::cause`]; the call machine moves it here).
    #[serde(skip)]
    pub(crate) cause: Option<String>,
}

/// The Wix code for a status without an application code.
pub fn status_code_name(status: u16) -> String {
    match status {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ALREADY_EXISTS",
        428 => "FAILED_PRECONDITION",
        429 => "RESOURCE_EXHAUSTED",
        500 => "INTERNAL",
        501 => "UNIMPLEMENTED",
        502 => "BAD_GATEWAY",
        503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        other => return format!("HTTP_{other}"),
    }
    .to_owned()
}

/// What to do about a status when Wix gave no description.
fn status_hint(status: u16) -> &'static str {
    match status {
        400 => "the request was rejected as invalid",
        401 => {
            "the API key is missing or not valid; use an account-level API key \
                from the API Keys Manager"
        }
        403 => {
            "the API key may not act for this account; check that the key's \
                account owns accountId and that the key has the Manage Reseller \
                Packages permission"
        }
        404 => "not found for this account; check the ID and the accountId it belongs to",
        409 => "conflicts with the current state",
        428 => "a precondition of the call does not hold",
        429 => "rate limited; slow down",
        500..=599 => "Wix had a server error; try again later",
        _ => "unexpected status",
    }
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}

fn summarise(violations: &[FieldViolation]) -> String {
    match violations.first() {
        Some(first) => format!(
            "{}: {} ({})",
            first.field,
            first.description,
            plural(violations.len(), "field violation")
        ),
        None => "invalid request".to_owned(),
    }
}

impl ResellersError {
    fn new(kind: ErrorKind, code: &str, message: String) -> Self {
        ResellersError {
            kind,
            code: code.to_owned(),
            message,
            status: None,
            request_id: None,
            field_violations: Vec::new(),
            retryable: false,
            attempts: 0,
            details: None,
            idempotency_key: None,
            retry_after_ms: None,
            nothing_sent: false,
            cause: None,
        }
    }

    /// Bad client options (`INVALID_CONFIG`).
    pub fn config(message: impl Into<String>) -> Self {
        let message = format!("invalid ResellersClient options: {}", message.into());
        ResellersError::new(ErrorKind::Validation, "INVALID_CONFIG", message)
    }

    /// A request refused before sending (`INVALID_REQUEST`).
    pub fn invalid_request(operation: &str, violations: Vec<FieldViolation>) -> Self {
        let message = format!(
            "{operation} rejected before sending: {}",
            summarise(&violations)
        );
        let mut error = ResellersError::new(ErrorKind::Validation, "INVALID_REQUEST", message);
        error.field_violations = violations;
        error
    }

    /// An error status, decoded from whatever body came with it: a Wix
    /// application or validation error, an empty body, HTML, garbage.
    pub fn from_status(status: u16, body: &[u8], max_body: usize) -> Self {
        ResellersError::from_answer(status, body, max_body, "")
    }

    /// [`Self::from_status`] for a call made with `secret`: an excerpt of a
    /// body that is not JSON is redacted before it is shortened, so no cut
    /// piece of an echoed key survives.
    pub(crate) fn from_answer(status: u16, body: &[u8], max_body: usize, secret: &str) -> Self {
        let parsed = if body.len() <= max_body {
            serde_json::from_slice::<Value>(body).ok()
        } else {
            None
        };
        let parsed = parsed.filter(Value::is_object);
        let wix = parsed.as_ref().and_then(WixError::read);
        let mut error = ResellersError::new(ErrorKind::Api, "", String::new());
        error.status = Some(status);
        error.retryable = is_retryable_status(status);
        let text = match wix {
            Some(wix) => {
                error.code = wix.code;
                error.field_violations = wix.field_violations;
                error.details = wix.details;
                if !error.field_violations.is_empty() {
                    summarise(&error.field_violations)
                } else if wix.description.is_empty() {
                    status_hint(status).to_owned()
                } else {
                    wix.description
                }
            }
            None if body.is_empty() => format!("{} (empty body)", status_hint(status)),
            None => {
                let text = lossy(body.get(..800 + 2 * secret.len()).unwrap_or(body));
                let text = Redactor::new(secret).redact(&text).map_or(text, Into::into);
                let excerpt = excerpt_of(text.as_bytes(), body.len() > 800);
                error.details = Some(single("body", Value::String(excerpt)));
                format!(
                    "{} (the body was not a Wix JSON error{})",
                    status_hint(status),
                    if looks_like_html(body) {
                        ": an HTML page, perhaps from a proxy or gateway"
                    } else {
                        ""
                    }
                )
            }
        };
        if error.code.is_empty() {
            error.code = status_code_name(status);
        }
        let text = text.trim_end_matches('.');
        error.message = format!("{} ({status}): {text}.", error.code);
        error
    }

    /// A transport failure: `NETWORK_ERROR`, `TIMEOUT`, `ABORTED` or
    /// `RESPONSE_TOO_LARGE`.
    pub fn transport(operation: &str, failure: &TransportError, timeout_ms: u64) -> Self {
        match &failure.kind {
            TransportErrorKind::Timeout => {
                let mut error = ResellersError::new(
                    ErrorKind::Timeout,
                    "TIMEOUT",
                    format!(
                        "{operation} timed out: no complete answer within {timeout_ms} ms \
                         (raise timeoutMs if the network is slow)"
                    ),
                );
                error.retryable = true;
                error
            }
            // The caller's AbortSignal is a deadline of the caller's own.
            TransportErrorKind::Aborted => ResellersError::new(
                ErrorKind::Timeout,
                "ABORTED",
                format!(
                    "{operation} was cancelled by the caller's AbortSignal before an answer \
                     arrived (if it was a mutation, retry with the same idempotencyKey)"
                ),
            ),
            TransportErrorKind::Network(reason) => {
                let reason = reason.trim().trim_end_matches('.');
                let reason = if reason.is_empty() {
                    "fetch failed"
                } else {
                    reason
                };
                let nothing_sent = !failure.sent || never_connected(reason);
                let mut error = ResellersError::new(
                    ErrorKind::Network,
                    "NETWORK_ERROR",
                    format!(
                        "{operation} could not reach the API: {reason}. {}",
                        if nothing_sent {
                            "Nothing was sent; check baseUrl and the network."
                        } else {
                            "Check baseUrl and the network."
                        }
                    ),
                );
                error.retryable = true;
                error.nothing_sent = nothing_sent;
                error
            }
            TransportErrorKind::TooLarge { status, .. } => {
                ResellersError::too_large(operation, *status)
            }
        }
    }

    /// An answer whose body exceeded [`MAX_RESPONSE_BYTES`] (`RESPONSE_TOO_LARGE`).
    fn too_large(operation: &str, status: u16) -> Self {
        let limit = MAX_RESPONSE_BYTES;
        let mut error = ResellersError::new(
            ErrorKind::Response,
            "RESPONSE_TOO_LARGE",
            format!(
                "RESPONSE_TOO_LARGE ({status}): {operation} got an answer that exceeded {limit} \
                 bytes, the client's limit, and was not read further (a misbehaving server or \
                 proxy; check baseUrl)."
            ),
        );
        error.status = Some(status);
        error
    }

    /// A 2xx answer whose body is not what the endpoint returns (`MALFORMED_RESPONSE`).
    pub fn malformed(operation: &str, status: u16, reason: &str) -> Self {
        let mut error = ResellersError::new(
            ErrorKind::Response,
            "MALFORMED_RESPONSE",
            format!("MALFORMED_RESPONSE ({status}): {operation} got an answer that cannot be read: {reason}."),
        );
        error.status = Some(status);
        error.retryable = true;
        error
    }

    /// A 1xx/3xx answer: the client does not follow redirects, so the API key
    /// is never sent to another host. The target is quoted (shortened) only
    /// once `secret` is redacted from it: a server may echo the key there.
    pub fn unexpected_status(
        operation: &str,
        status: u16,
        location: Option<&str>,
        secret: &str,
    ) -> Self {
        let target = location
            .map(|location| {
                let clean = Redactor::new(secret).redact(location);
                format!(" to {}", quoted(clean.as_deref().unwrap_or(location)))
            })
            .unwrap_or_default();
        let mut error = ResellersError::new(
            ErrorKind::Response,
            "UNEXPECTED_REDIRECT",
            format!(
                "UNEXPECTED_REDIRECT ({status}): {operation} was answered with a redirect{target}; \
                 the client does not follow redirects (the API key must not travel); check baseUrl."
            ),
        );
        error.status = Some(status);
        error
    }

    /// Records the attempts, the last request id and the idempotency key, and
    /// appends them to the message.
    pub fn finish(
        mut self,
        attempts: u32,
        request_id: Option<String>,
        idempotency_key: Option<String>,
    ) -> Self {
        self.attempts = attempts;
        if attempts > 1 {
            // Inside the last sentence: "… the network (gave up after 3 attempts)."
            let period = self.message.as_bytes().last() == Some(&b'.');
            if period {
                self.message.pop();
            }
            // Appended in place (`write!`, not `format!` of a copy), here
            // and below: the smaller code.
            let _ = write!(self.message, " (gave up after {attempts} attempts)");
            if period {
                self.message.push('.');
            }
        }
        if let Some(key) = &idempotency_key {
            // A refused redirect or an abort did not reach the API's logic,
            // nor did a request that was never sent.
            let unknown = matches!(self.kind, ErrorKind::Timeout | ErrorKind::Network)
                && self.code != "ABORTED"
                && !self.nothing_sent
                || self.code == "MALFORMED_RESPONSE"
                || self.status.is_some_and(|status| status >= 500);
            if unknown {
                if self.message.as_bytes().last() != Some(&b'.') {
                    self.message.push('.');
                }
                let _ = write!(
                    self.message,
                    " The outcome is unknown: retry with idempotencyKey {} so the \
                     change cannot happen twice.",
                    quoted(key)
                );
            }
        }
        if let Some(id) = &request_id {
            let _ = write!(self.message, " [request {id}]");
        }
        self.request_id = request_id.or(self.request_id);
        self.idempotency_key = idempotency_key;
        self
    }

    /// Replaces every piece of `secret` in every text of the error: each
    /// maximal run of its 16-character windows, as given or JSON-escaped (a
    /// secret shorter than 16 characters, or not ASCII: each whole
    /// occurrence). See `client::redact`.
    pub fn redact(mut self, secret: &str) -> Self {
        if secret.is_empty() {
            return self;
        }
        let redactor = Redactor::new(secret);
        let scrub = |text: &mut String| redactor.scrub(text);
        scrub(&mut self.code);
        scrub(&mut self.message);
        if let Some(id) = &mut self.request_id {
            scrub(id);
        }
        if let Some(key) = &mut self.idempotency_key {
            scrub(key);
        }
        if let Some(cause) = &mut self.cause {
            scrub(cause);
        }
        for violation in &mut self.field_violations {
            scrub(&mut violation.field);
            scrub(&mut violation.description);
            scrub(&mut violation.violated_rule);
            if let Some(name) = &mut violation.rule_name {
                scrub(name);
            }
        }
        if let Some(details) = &mut self.details {
            redact_value(details, &redactor);
        }
        self
    }
}

/// Whether a network failure's text says the connection was never made
/// (refused, or the host name did not resolve): then nothing was sent.
/// Node's undici and Deno name the cause with these system codes.
fn never_connected(reason: &str) -> bool {
    // Bytes, not `str::contains`: its two-way searcher (and a slicing panic
    // path) would add ~3 KiB gzipped to the `.wasm`.
    let reason = reason.as_bytes();
    [&b"ECONNREFUSED"[..], b"ENOTFOUND", b"EAI_AGAIN"]
        .iter()
        .any(|code| reason.windows(code.len()).any(|window| window == *code))
}

fn redact_value(value: &mut Value, redactor: &Redactor) {
    match value {
        Value::String(text) => redactor.scrub(text),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| redact_value(item, redactor)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut item) in entries {
                redact_value(&mut item, redactor);
                map.insert(redactor.redact(&key).unwrap_or(key), item);
            }
        }
        _ => {}
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    // `<!doctype html>`, `<html>`, `<head>`, or any other markup: only the
    // first byte past the whitespace is read (no copy of the start).
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// The first 200 characters of a body, whitespace collapsed, for `details`.
#[cfg(all(test, not(target_arch = "wasm32")))]
fn excerpt(body: &[u8]) -> String {
    excerpt_of(body, false)
}

/// [`excerpt`] of a body that may be the start of a longer one (`more`:
/// the excerpt then ends with `…`).
fn excerpt_of(body: &[u8], more: bool) -> String {
    let text = lossy(body.get(..800).unwrap_or(body));
    // Whitespace runs become one space, with none at either end.
    let mut joined = String::new();
    let (mut count, mut gap) = (0, false);
    for c in text.chars() {
        if c.is_whitespace() {
            gap = count > 0;
            continue;
        }
        if count == 200 {
            break;
        }
        if gap {
            joined.push(' ');
            count += 1;
            gap = false;
            if count == 200 {
                break;
            }
        }
        joined.push(c);
        count += 1;
    }
    if more || body.len() > 800 || count == 200 {
        joined.push('…');
    }
    joined
}

/// `String::from_utf8_lossy`, written over `str::from_utf8` (which the
/// `.wasm` has anyway): the standard one brings a decoder of its own, about
/// 0.5 KiB gzipped. Each invalid sequence becomes one U+FFFD, as there.
fn lossy(mut bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(valid) => {
                text.push_str(valid);
                return text;
            }
            Err(error) => {
                let (valid, rest) = bytes
                    .split_at_checked(error.valid_up_to())
                    .unwrap_or_default();
                text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                text.push(char::REPLACEMENT_CHARACTER);
                // No length: the bytes end inside a sequence, one U+FFFD for it.
                bytes = rest
                    .get(error.error_len().unwrap_or(rest.len())..)
                    .unwrap_or_default();
            }
        }
    }
}

/// A body's failure to decode, in words: empty, too large, HTML, truncated, wrong type.
pub fn describe_decode_failure(body: &[u8], error: &serde_json::Error) -> String {
    if body.iter().all(u8::is_ascii_whitespace) {
        "the body is empty".to_owned()
    } else if looks_like_html(body) {
        "the body is an HTML page, not JSON (a proxy or gateway answered?)".to_owned()
    } else if error.is_eof() {
        format!("the JSON body is cut off ({} bytes arrived)", body.len())
    } else if error.is_syntax() {
        // Line and column, not serde_json's own text: its Display would pull
        // every serde_json and io error message into the `.wasm`.
        format!(
            "the body is not JSON (syntax error at line {}, column {})",
            error.line(),
            error.column()
        )
    } else {
        format!(
            "the JSON does not have the documented shape (at line {}, column {})",
            error.line(),
            error.column()
        )
    }
}

impl ResellersError {
    /// The error as JSON text, exactly as its `Serialize` gives it (for JS:
    /// written by hand so that no serde serializer of the error lands in the
    /// `.wasm`).
    pub fn to_json_text(&self) -> String {
        let mut out = Vec::with_capacity(256);
        out.extend_from_slice(b"{\"kind\":");
        write_string(&mut out, self.kind.as_str());
        out.extend_from_slice(b",\"code\":");
        write_string(&mut out, &self.code);
        out.extend_from_slice(b",\"message\":");
        write_string(&mut out, &self.message);
        out.extend_from_slice(b",\"status\":");
        match self.status {
            Some(status) => out.extend_from_slice(status.to_string().as_bytes()),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"requestId\":");
        write_optional_string(&mut out, self.request_id.as_deref());
        out.extend_from_slice(b",\"fieldViolations\":");
        write_violations(&mut out, &self.field_violations);
        out.extend_from_slice(if self.retryable {
            b",\"retryable\":true,\"attempts\":"
        } else {
            b",\"retryable\":false,\"attempts\":"
        });
        out.extend_from_slice(self.attempts.to_string().as_bytes());
        out.extend_from_slice(b",\"details\":");
        match &self.details {
            Some(details) => write_value(&mut out, details),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"idempotencyKey\":");
        write_optional_string(&mut out, self.idempotency_key.as_deref());
        out.extend_from_slice(b",\"retryAfterMs\":");
        match self.retry_after_ms {
            Some(ms) => out.extend_from_slice(ms.to_string().as_bytes()),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b'}');
        into_text(out)
    }
}

/// `{ valid, fieldViolations }` of the offline validators as JSON text,
/// exactly as `ValidationResult`'s `Serialize` gives it.
pub fn validation_result_json_text(violations: &[FieldViolation]) -> String {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(if violations.is_empty() {
        b"{\"valid\":true,\"fieldViolations\":"
    } else {
        b"{\"valid\":false,\"fieldViolations\":"
    });
    write_violations(&mut out, violations);
    out.push(b'}');
    into_text(out)
}

fn write_violations(out: &mut Vec<u8>, violations: &[FieldViolation]) {
    out.push(b'[');
    for (index, violation) in violations.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"field\":");
        write_string(out, &violation.field);
        out.extend_from_slice(b",\"description\":");
        write_string(out, &violation.description);
        out.extend_from_slice(b",\"violatedRule\":");
        write_string(out, &violation.violated_rule);
        if let Some(name) = &violation.rule_name {
            out.extend_from_slice(b",\"ruleName\":");
            write_string(out, name);
        }
        out.push(b'}');
    }
    out.push(b']');
}

fn write_optional_string(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        Some(text) => write_string(out, text),
        None => out.extend_from_slice(b"null"),
    }
}

impl fmt::Display for ResellersError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for ResellersError {}

/// What a Wix error body says, read field by field so that a field of the
/// wrong type loses only itself (and no serde decoder is generated for it).
struct WixError {
    code: String,
    description: String,
    field_violations: Vec<FieldViolation>,
    details: Option<Value>,
}

/// The string member `name` of `value`, trimmed (`""` if it is none).
// One copy for the seven members read, not one inlined for each.
#[inline(never)]
fn text(value: Option<&Value>, name: &str) -> String {
    value
        .and_then(|value| value.get(name))
        .and_then(Value::as_str)
        .map(|text| text.trim().to_owned())
        .unwrap_or_default()
}

impl WixError {
    fn read(body: &Value) -> Option<WixError> {
        body.as_object()?;
        let details = body.get("details");
        let application = details.and_then(|details| details.get("applicationError"));
        let description = Some(text(application, "description"))
            .filter(|description| !description.is_empty())
            .unwrap_or_else(|| text(Some(body), "message"));
        // A loop, not filter/map/collect: the iterator chain's code was
        // ~0.35 KiB gzipped of the lean .wasm.
        let mut field_violations = Vec::new();
        let listed = details
            .and_then(|details| details.get("validationError"))
            .and_then(|validation| validation.get("fieldViolations"))
            .and_then(Value::as_array);
        for violation in listed.into_iter().flatten() {
            if !violation.is_object() {
                continue;
            }
            let member = Some(violation);
            field_violations.push(FieldViolation {
                field: text(member, "field"),
                description: text(member, "description"),
                violated_rule: text(member, "violatedRule"),
                rule_name: violation
                    .get("ruleName")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            });
        }
        Some(WixError {
            code: text(application, "code"),
            description,
            field_violations,
            details: body
                .get("details")
                .filter(|details| details.as_object().is_some_and(|d| !d.is_empty()))
                .cloned(),
        })
    }
}

// Property tests: native only (proptest has no wasm32 randomness).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The excerpt as first written, with the standard library's helpers.
    fn excerpt_reference(body: &[u8]) -> String {
        let text = String::from_utf8_lossy(body.get(..800).unwrap_or(body));
        let collapsed: Vec<&str> = text.split_whitespace().collect();
        let mut joined: String = collapsed.join(" ").chars().take(200).collect();
        if body.len() > 800 || joined.chars().count() == 200 {
            joined.push('…');
        }
        joined
    }

    proptest! {
        #[test]
        fn lossy_is_the_standard_lossy_decoding(body in proptest::collection::vec(
            prop_oneof![Just(b'a'), Just(0xC3), Just(0xA9), Just(0xE2), Just(0x82), Just(0xAC),
                Just(0xF0), Just(0x9F), Just(0x98), Just(0x80), Just(0xFF), Just(0xED), Just(0xA0)],
            0..40,
        )) {
            prop_assert_eq!(lossy(&body), String::from_utf8_lossy(&body));
        }

        #[test]
        fn the_excerpt_is_unchanged(body in proptest::collection::vec(
            prop_oneof![Just(b' '), Just(b'\n'), Just(b'x'), Just(0xE2), Just(0x80), Just(0x83), Just(0xFF)],
            0..1000,
        )) {
            prop_assert_eq!(excerpt(&body), excerpt_reference(&body));
        }
    }

    #[test]
    fn hand_written_json_matches_serde() {
        let mut error = ResellersError::invalid_request(
            "createPackageV2",
            vec![
                FieldViolation::new("products[0].countryCode", "FORMAT", "\"UK\" \u{1F600}\n")
                    .named("COUNTRY_CODE"),
                FieldViolation::new("externalId", "MAX_LENGTH", "too long"),
            ],
        );
        let plain = ResellersError::malformed("getPackage", 200, "x");
        for check in [&error, &plain] {
            assert_eq!(
                check.to_json_text(),
                serde_json::to_string(check).unwrap_or_default()
            );
        }
        error = ResellersError::from_status(
            503,
            br#"{"message":"m","details":{"applicationError":{"code":"C","data":{"b":[1,2.5,null],"a":"\u0000"}}}}"#,
            MAX,
        )
        .finish(3, Some("req".to_owned()), Some("key".to_owned()));
        assert_eq!(
            error.to_json_text(),
            serde_json::to_string(&error).unwrap_or_default()
        );
        for violations in [
            Vec::new(),
            error.field_violations.clone(),
            plain.field_violations.clone(),
        ] {
            let result = crate::model::ValidationResult::from(violations.clone());
            assert_eq!(
                validation_result_json_text(&violations),
                serde_json::to_string(&result).unwrap_or_default()
            );
        }
        let validation = ResellersError::invalid_request(
            "x",
            vec![FieldViolation::new("a", "TYPE", "b").named("GUID")],
        );
        let violations = validation.field_violations.clone();
        let result = crate::model::ValidationResult::from(violations.clone());
        assert_eq!(
            validation_result_json_text(&violations),
            serde_json::to_string(&result).unwrap_or_default()
        );
    }

    const MAX: usize = 1 << 20;

    #[test]
    fn excerpts_at_the_edges() {
        for text in [
            String::new(),
            " ".repeat(900),
            "x".repeat(199),
            "x".repeat(200),
            format!("{} y", "x".repeat(198)),
            format!("{}  y", "x".repeat(199)),
            format!("  a \u{2003} b\t\n{}", "z ".repeat(400)),
        ] {
            assert_eq!(
                excerpt(text.as_bytes()),
                excerpt_reference(text.as_bytes()),
                "{text:?}"
            );
        }
    }
}
