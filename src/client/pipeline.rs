//! THE request loop, used by every method: validate -> build -> send ->
//! retry -> decode. Mutating calls carry one idempotency key (given or
//! generated) on every attempt; a create whose outcome is unknown and that
//! has an `externalId` is reconciled by querying for it before any retry, so
//! a retry never buys a second package.

use super::error::{describe_decode_failure, ResellersError};
use super::retry::{
    call_budget_ms, is_retryable, outcome_unknown, retry_after_ms, retry_delay_ms, Outcome,
};
use super::shape::{self, Answer, Shape};
use super::{CallOptions, Client, MAX_RETRIES_LIMIT, MAX_TIMEOUT_MS};
use crate::api::{self, single, Built, Call};
use crate::http::{HttpRequest, HttpResponse};
use crate::json_text::write_string;
use crate::model::{FieldViolation, Guid, QueryPackagesResponse};
use crate::transport::Transport;
use serde_json::{Map, Value};

/// Larger answers are refused rather than decoded (a 100-package page of
/// large packages is a few MB).
pub const MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
/// Longest accepted `idempotencyKey`.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 100;
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
// Not called by `run` yet: the lead's rewrite of it calls this instead of
// `decode_checked` (the fuzz tests call it already).
#[allow(dead_code)]
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
    let (_, text) = execute_checked(client, operation, prepare(built), options).await?;
    typed(&text).map_err(|reason| ResellersError::malformed(operation, 200, &reason))
}

/// Runs one call to completion; the answer is checked against its shape but
/// never decoded into a model type. Not generic over the answer, so one copy
/// serves every endpoint. Errors never contain the API key.
pub(crate) async fn execute_checked<T: Transport>(
    client: &Client<T>,
    operation: &'static str,
    prepared: Prepared,
    options: &CallOptions,
) -> Result<Checked, ResellersError> {
    let secret = client.config.api_key.expose();
    let (call, shape) = match prepared {
        Ok(prepared) => prepared,
        Err(violations) => {
            return Err(ResellersError::invalid_request(operation, violations).redact(secret))
        }
    };
    run(client, operation, &call, shape, options)
        .await
        .map_err(|error| error.redact(secret))
}

async fn run<T: Transport>(
    client: &Client<T>,
    operation: &'static str,
    call: &Call<()>,
    shape: Shape,
    options: &CallOptions,
) -> Result<Checked, ResellersError> {
    let config = &client.config;
    let transport = &*client.transport;
    // Rust callers may pass any number; JS input is range-checked already.
    let max_retries = options
        .max_retries
        .unwrap_or(config.max_retries)
        .min(MAX_RETRIES_LIMIT);
    let timeout_ms = options
        .timeout_ms
        .unwrap_or(config.timeout_ms)
        .clamp(1, MAX_TIMEOUT_MS);

    let idempotency_key = if call.idempotent {
        let key = resolve_idempotency_key(call, options, transport)
            .map_err(|violations| ResellersError::invalid_request(operation, violations))?;
        Some(key)
    } else {
        None
    };
    let request = build_request(client, call, idempotency_key.as_deref());

    let started = transport.now_ms();
    let budget = call_budget_ms(timeout_ms, max_retries);
    let mut attempts: u32 = 0;
    let mut request_id: Option<String> = None;
    loop {
        attempts += 1;
        let (error, outcome, retry_after) = match transport.send(request.clone(), timeout_ms).await
        {
            Ok(response) => {
                if let Some(id) = response.header(REQUEST_ID_HEADER) {
                    request_id = Some(id.chars().take(200).collect());
                }
                match response.status {
                    200..=299 => match decode_checked(&response.body, shape) {
                        Ok(checked) => return Ok(checked),
                        Err(reason) => (
                            ResellersError::malformed(operation, response.status, &reason),
                            Outcome::Malformed,
                            None,
                        ),
                    },
                    0..=199 | 300..=399 => {
                        let error = ResellersError::unexpected_status(
                            operation,
                            response.status,
                            response.header("location"),
                        );
                        return Err(error.finish(attempts, request_id, idempotency_key));
                    }
                    status => (
                        ResellersError::from_status(status, &response.body, MAX_RESPONSE_BYTES),
                        Outcome::Status(status),
                        retry_after(&response, transport.now_ms()),
                    ),
                }
            }
            Err(failure) => (
                ResellersError::transport(operation, &failure, timeout_ms),
                Outcome::Transport {
                    kind: failure.kind.clone(),
                    sent: failure.sent,
                },
                None,
            ),
        };

        if let Some(external_id) = &call.external_id {
            if outcome_unknown(&outcome) {
                if let Some(package) =
                    reconcile(client, external_id, timeout_ms, &mut request_id).await
                {
                    return adopt(package, idempotency_key, shape).map_err(|reason| {
                        ResellersError::malformed(operation, 200, &reason).finish(
                            attempts,
                            request_id.clone(),
                            None,
                        )
                    });
                }
            }
        }

        let elapsed = (transport.now_ms() - started).max(0.0) as u64;
        let remaining = budget.saturating_sub(elapsed);
        if !is_retryable(&outcome) || attempts > max_retries || remaining == 0 {
            return Err(error.finish(attempts, request_id, idempotency_key));
        }
        let delay = retry_delay_ms(
            attempts - 1,
            transport.random_unit(),
            retry_after,
            remaining,
        );
        transport.sleep(delay).await;
    }
}

fn retry_after(response: &HttpResponse, now_ms: f64) -> Option<u64> {
    response
        .header("retry-after")
        .and_then(|value| retry_after_ms(value, now_ms))
}

fn build_request<T: Transport, R>(
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
                (Some(key), None) => {
                    let mut bytes = Vec::with_capacity(body.len() + key.len() + 24);
                    bytes.extend_from_slice(b"{\"idempotencyKey\":");
                    write_string(&mut bytes, key);
                    if body != "{}" {
                        bytes.push(b',');
                    }
                    bytes.extend_from_slice(body.as_bytes().get(1..).unwrap_or_default());
                    bytes
                }
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
fn resolve_idempotency_key<T: Transport, R>(
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
    let chars = key.chars().count();
    if chars == 0 || chars > MAX_IDEMPOTENCY_KEY_CHARS {
        return Err(vec![FieldViolation::new(
            "idempotencyKey",
            if chars == 0 {
                "MIN_LENGTH"
            } else {
                "MAX_LENGTH"
            },
            format!("must be 1 to {MAX_IDEMPOTENCY_KEY_CHARS} characters, got {chars}"),
        )]);
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

/// Looks for the package a create with `external_id` may already have made.
/// One attempt; any failure means "not known", and the caller falls back on
/// the idempotency key.
async fn reconcile<T: Transport>(
    client: &Client<T>,
    external_id: &str,
    timeout_ms: u64,
    request_id: &mut Option<String>,
) -> Option<Value> {
    let condition = single("$eq", Value::String(external_id.to_owned()));
    let query = single("filter", single("externalId", condition));
    let call = api::query_packages(&query).ok()?;
    let request = build_request(client, &call, None);
    let response = client.transport.send(request, timeout_ms).await.ok()?;
    if let Some(id) = response.header(REQUEST_ID_HEADER) {
        *request_id = Some(id.chars().take(200).collect());
    }
    if !(200..=299).contains(&response.status) {
        return None;
    }
    let (page, _) =
        decode_checked(&response.body, <QueryPackagesResponse as Answer>::SHAPE).ok()?;
    // Newest first (the default sort); a same-named package of another
    // account under the same parent is not ours.
    let account = client.config.account_id.as_str();
    page.get("packages")?
        .as_array()?
        .iter()
        .find(|package| {
            package.get("externalId").and_then(Value::as_str) == Some(external_id)
                && package.get("accountId").and_then(Value::as_str) == Some(account)
        })
        .cloned()
}

/// The reconciled package as the create's own answer, checked like any
/// answer.
fn adopt(package: Value, idempotency_key: Option<String>, shape: Shape) -> Result<Checked, String> {
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
