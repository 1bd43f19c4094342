//! Every method's way from a validated call to its answer: the pieces the
//! call machine ([`super::machine`]) is made of — the request as sent, the
//! idempotency key, the answer's decoding — and the async driver that runs
//! the machine over a [`Transport`]. Mutating calls carry one idempotency
//! key (given or generated) on every attempt; a create whose outcome is
//! unknown and that has an `externalId` is reconciled by querying for it
//! before any retry, so a retry never buys a second package.

use super::error::{describe_decode_failure, ResellersError};
use super::machine::{Action, CallMachine};
use super::shape::{self, Answer, Shape};
use super::{CallOptions, Client};
use crate::api::{Built, Call};
use crate::http::HttpRequest;
use crate::json_text::write_string;
use crate::model::{FieldViolation, Guid};
use crate::rules;
use crate::transport::Transport;
use serde_json::{Map, Value};

/// Larger answers are refused rather than decoded (a 100-package page of
/// large packages is a few MB).
pub const MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
/// Longest accepted `idempotencyKey`, in UTF-16 units as JS counts them: the
/// rules' constant, under the name it had here.
pub use crate::rules::MAX_IDEMPOTENCY_KEY_LENGTH as MAX_IDEMPOTENCY_KEY_CHARS;
/// The response header carrying Wix's request id.
pub const REQUEST_ID_HEADER: &str = "x-wix-request-id";

/// Decodes a 2xx body as `R`; every kind of bad body is a readable reason.
pub fn decode_body<R: Answer>(body: &[u8]) -> Result<R, String> {
    let (_, text) = decode_checked(body, R::SHAPE)?;
    typed(&text)
}

/// Decodes a 2xx body to a `Value` of `shape`, with its canonical text
/// (see [`shape`]): no typed decoder is involved. Every answer is read this
/// way when the one pass of [`decode_text`] is not sure of it.
pub(super) fn decode_checked(body: &[u8], shape: Shape) -> Result<(Value, String), String> {
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(format!(
            "the body is {} bytes, over the {MAX_RESPONSE_BYTES}-byte limit",
            body.len()
        ));
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|error| describe_decode_failure(body, &error))?;
    let text = shape::canonical(&value, shape)
        .map_err(|reason| format!("the JSON does not have the documented shape ({reason})"))?;
    Ok((value, text))
}

/// Checks a 2xx body against `shape` and gives only its canonical text
/// (what JS parses): the fast path of every call's answer. One pass over the
/// bytes, with no `Value`, decides almost every answer; the rest (a broken
/// answer, or an odd one such as a duplicated key) go through
/// [`decode_checked`], which decides them and words the reason.
pub(crate) fn decode_text(body: &[u8], shape: Shape) -> Result<String, String> {
    if body.len() <= MAX_RESPONSE_BYTES {
        if let Some(text) = shape::canonical_text(body, shape) {
            return Ok(text);
        }
    }
    decode_checked(body, shape).map(|(_, text)| text)
}

/// The model type from canonical text (native callers only; the shape check
/// guarantees it decodes).
fn typed<R: Answer>(text: &str) -> Result<R, String> {
    serde_json::from_str(text)
        .map_err(|error| format!("the JSON does not have the documented shape ({error})"))
}

/// A checked answer: the decoded body and its canonical JSON text.
pub(crate) type Checked = (Value, String);

/// A validated call, its answer's shape, or why nothing may be sent.
pub(crate) type Prepared = Result<(Call<()>, Shape), Vec<FieldViolation>>;

/// Erases a builder's answer type, keeping its shape.
pub(crate) fn prepare<R: Answer>(built: Built<R>) -> Prepared {
    built.map(|call| (call.erase(), R::SHAPE))
}

/// Runs one call to completion and decodes the answer as `R`. Errors never
/// contain the API key.
pub(crate) async fn execute<T: Transport, R: Answer>(
    client: &Client<T>,
    operation: &'static str,
    built: Built<R>,
    options: &CallOptions,
) -> Result<R, ResellersError> {
    let text = execute_text(client, operation, prepare(built), options).await?;
    typed(&text).map_err(|reason| ResellersError::malformed(operation, 200, &reason))
}

/// Runs one call to completion; the answer is checked against its shape and
/// given as a `Value` with its canonical text, never decoded into a model
/// type. Errors never contain the API key.
pub(crate) async fn execute_checked<T: Transport>(
    client: &Client<T>,
    operation: &'static str,
    prepared: Prepared,
    options: &CallOptions,
) -> Result<Checked, ResellersError> {
    let text = execute_text(client, operation, prepared, options).await?;
    // Canonical text is JSON by construction.
    let value = serde_json::from_str(&text)
        .map_err(|_| ResellersError::malformed(operation, 200, "the canonical text is not JSON"))?;
    Ok((value, text))
}

/// Drives a [`CallMachine`] over `client`'s transport: the answer's
/// canonical text, or the error. Not generic over the answer, so one copy
/// serves every endpoint.
async fn execute_text<T: Transport>(
    client: &Client<T>,
    operation: &'static str,
    prepared: Prepared,
    options: &CallOptions,
) -> Result<String, ResellersError> {
    let transport = &*client.transport;
    let mut machine = CallMachine::start(client, operation, prepared, options, transport.now_ms())?;
    loop {
        let result = transport
            .send(machine.request().clone(), machine.timeout_ms())
            .await;
        let mut action = machine.answered(result, transport.now_ms(), || transport.random_unit());
        loop {
            match action {
                Action::Send => break,
                Action::Sleep(ms) => {
                    transport.sleep(ms).await;
                    action = machine.slept();
                }
                Action::Finish(result) => return result,
            }
        }
    }
}

pub(super) fn build_request<T: Transport, R>(
    client: &Client<T>,
    call: &Call<R>,
    idempotency_key: Option<&str>,
) -> HttpRequest {
    let config = &client.config;
    let mut headers = vec![
        (
            "authorization".to_owned(),
            config.api_key.expose().to_owned(),
        ),
        (
            "wix-account-id".to_owned(),
            config.account_id.as_str().to_owned(),
        ),
        ("accept".to_owned(), "application/json".to_owned()),
    ];
    let body = match &call.body {
        Some(body) => {
            headers.push(("content-type".to_owned(), "application/json".to_owned()));
            match (idempotency_key, &call.body_key) {
                // The usual mutation: the key goes in front of the members
                // (a body with a `null` key has none: see `api::Call`).
                // Whitespace around the braces is allowed (a Rust caller's
                // text; JSON.stringify writes none).
                (Some(key), None) => match body.trim().strip_prefix('{').map(str::trim_start) {
                    Some(members) => {
                        let mut bytes = Vec::with_capacity(body.len() + key.len() + 24);
                        bytes.extend_from_slice(b"{\"idempotencyKey\":");
                        write_string(&mut bytes, key);
                        if !members.starts_with('}') {
                            bytes.push(b',');
                        }
                        bytes.extend_from_slice(members.as_bytes());
                        bytes
                    }
                    // Validated bodies are objects; anything else goes as given.
                    None => body.clone().into_bytes(),
                },
                // The key is the body's own (see resolve_idempotency_key),
                // or there is none to add: the text goes as it is.
                _ => body.clone().into_bytes(),
            }
        }
        None => Vec::new(),
    };
    HttpRequest {
        method: call.method.as_str().to_owned(),
        path: format!("{}{}", config.base_url.as_str(), call.path),
        headers,
        body,
    }
}

/// The body's key, else the options' key, else a fresh v4 GUID. Two
/// different keys for one call are refused.
pub(super) fn resolve_idempotency_key<T: Transport, R>(
    call: &Call<R>,
    options: &CallOptions,
    transport: &T,
) -> Result<String, Vec<FieldViolation>> {
    let in_body = match &call.body_key {
        None | Some(Value::Null) => None,
        Some(Value::String(key)) => Some(key.as_str()),
        Some(_) => {
            return Err(vec![FieldViolation::new(
                "idempotencyKey",
                "TYPE",
                "must be a string",
            )])
        }
    };
    let key = match (in_body, options.idempotency_key.as_deref()) {
        (Some(body), Some(option)) if body != option => {
            return Err(vec![FieldViolation::new(
                "idempotencyKey",
                "OTHER",
                "is given twice with different values (in the request and in the options); give it once",
            )])
        }
        (Some(key), _) | (None, Some(key)) => key.to_owned(),
        (None, None) => return Ok(fresh_key(transport)),
    };
    // The rules' own check, so a key is refused here exactly when the
    // server (and the sandbox) would refuse it in a body.
    if let Some(violation) = rules::check_idempotency_key("idempotencyKey", &key) {
        return Err(vec![violation]);
    }
    Ok(key)
}

fn fresh_key<T: Transport>(transport: &T) -> String {
    let guid = Guid::new_v4().unwrap_or_else(|| {
        // Without a crypto source, the transport's randomness still makes a
        // key unique enough: it guards against replays, not attackers.
        let mut bytes = [0u8; 16];
        for byte in &mut bytes {
            *byte = (transport.random_unit().clamp(0.0, 1.0) * 255.0) as u8;
        }
        Guid::from_random_bytes(bytes)
    });
    guid.as_str().to_owned()
}

/// The reconciled package as the create's own answer, checked like any
/// answer.
pub(super) fn adopt(
    package: Value,
    idempotency_key: Option<String>,
    shape: Shape,
) -> Result<Checked, String> {
    let mut answer = Map::new();
    if let Some(key) = idempotency_key {
        answer.insert("idempotencyKey".to_owned(), Value::String(key));
    }
    answer.insert("package".to_owned(), package);
    let answer = Value::Object(answer);
    let text = shape::canonical(&answer, shape)
        .map_err(|reason| format!("the JSON does not have the documented shape ({reason})"))?;
    Ok((answer, text))
}
