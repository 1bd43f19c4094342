//! THE request loop, used by every method: validate -> build -> send ->
//! retry -> decode. Mutating calls carry one idempotency key (given or
//! generated) on every attempt; a create whose outcome is unknown and that
//! has an `externalId` is reconciled by querying for it before any retry, so
//! a retry never buys a second package.

use super::error::{describe_decode_failure, ResellersError};
use super::retry::{
    call_budget_ms, is_retryable, outcome_unknown, retry_after_ms, retry_delay_ms, Outcome,
};
use super::{CallOptions, Client, MAX_RETRIES_LIMIT, MAX_TIMEOUT_MS};
use crate::api::{self, Built, Call};
use crate::http::{HttpRequest, HttpResponse};
use crate::model::{FieldViolation, Guid, Package, PackageResponse, QueryPackagesResponse};
use crate::transport::Transport;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// Larger answers are refused rather than decoded (a 100-package page of
/// large packages is a few MB).
pub const MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
/// Longest accepted `idempotencyKey`.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 100;
/// The response header carrying Wix's request id.
pub const REQUEST_ID_HEADER: &str = "x-wix-request-id";

/// Decodes a 2xx body as `R`; every kind of bad body is a readable reason.
pub fn decode_body<R: DeserializeOwned>(body: &[u8]) -> Result<R, String> {
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(format!(
            "the body is {} bytes, over the {MAX_RESPONSE_BYTES}-byte limit",
            body.len()
        ));
    }
    serde_json::from_slice(body).map_err(|error| describe_decode_failure(body, &error))
}

/// Decodes a 2xx body into the caller's slot, or says why it cannot.
type Decoder<'a> = dyn FnMut(&[u8]) -> Result<(), String> + 'a;

/// Runs one call to completion. Errors never contain the API key.
pub(crate) async fn execute<T: Transport, R: DeserializeOwned>(
    client: &Client<T>,
    operation: &'static str,
    built: Built<R>,
    options: &CallOptions,
) -> Result<R, ResellersError> {
    let secret = client.config.api_key.expose();
    let call = match built {
        Ok(call) => call.erase(),
        Err(violations) => {
            return Err(ResellersError::invalid_request(operation, violations).redact(secret))
        }
    };
    // Only this small closure is generic; the loop is shared by every answer
    // type, which keeps one copy of it in the `.wasm`.
    let mut answer: Option<R> = None;
    let mut decode = |bytes: &[u8]| -> Result<(), String> {
        answer = Some(decode_body::<R>(bytes)?);
        Ok(())
    };
    run(client, operation, &call, options, &mut decode)
        .await
        .map_err(|error| error.redact(secret))?;
    answer.ok_or_else(|| ResellersError::malformed(operation, 200, "no answer was decoded"))
}

async fn run<T: Transport>(
    client: &Client<T>,
    operation: &'static str,
    call: &Call<()>,
    options: &CallOptions,
    decode: &mut Decoder<'_>,
) -> Result<(), ResellersError> {
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
                    200..=299 => match decode(&response.body) {
                        Ok(()) => return Ok(()),
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
                    return adopt(package, idempotency_key, decode).map_err(|reason| {
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
            let mut body = body.clone();
            if let Some(key) = idempotency_key {
                body.insert("idempotencyKey".to_owned(), Value::String(key.to_owned()));
            }
            headers.push(("content-type".to_owned(), "application/json".to_owned()));
            // Serialising a `Value` cannot fail (its keys are strings).
            serde_json::to_vec(&Value::Object(body)).unwrap_or_default()
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
    let in_body = call
        .body
        .as_ref()
        .and_then(|body| body.get("idempotencyKey"));
    let in_body = match in_body {
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
) -> Option<Package> {
    let query = json!({ "filter": { "externalId": { "$eq": external_id } } });
    let call = api::query_packages(&query).ok()?;
    let request = build_request(client, &call, None);
    let response = client.transport.send(request, timeout_ms).await.ok()?;
    if let Some(id) = response.header(REQUEST_ID_HEADER) {
        *request_id = Some(id.chars().take(200).collect());
    }
    if !(200..=299).contains(&response.status) {
        return None;
    }
    let page: QueryPackagesResponse = decode_body(&response.body).ok()?;
    // Newest first (the default sort); a same-named package of another
    // account under the same parent is not ours.
    page.packages.into_iter().find(|package| {
        package.external_id.as_deref() == Some(external_id)
            && package.account_id == client.config.account_id
    })
}

/// The reconciled package as the create's own answer, decoded like any
/// answer.
fn adopt(
    package: Package,
    idempotency_key: Option<String>,
    decode: &mut Decoder<'_>,
) -> Result<(), String> {
    let answer = PackageResponse {
        idempotency_key,
        package,
    };
    let bytes = serde_json::to_vec(&answer).map_err(|error| error.to_string())?;
    decode(&bytes)
}
