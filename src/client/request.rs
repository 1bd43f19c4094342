//! Request building: a validated [`Call`] becomes the [`HttpRequest`] that
//! is sent, with the account's headers and the call's idempotency key
//! (given in the body or the options, or generated, and checked by the
//! rules' own limits, so the client refuses a key exactly when the API
//! would).

use super::config::ClientConfig;
use super::decode::{query_shape, Answer, Shape};
use super::options::CallOptions;
use crate::api::{self, Built, Call};
use crate::http::HttpRequest;
use crate::json_text::write_string;
use crate::model::{FieldViolation, Guid};
use crate::rules::{self, UnknownFields};
use serde_json::Value;

/// A validated call, its answer's shape, or why nothing may be sent.
pub(crate) type Prepared = Result<(Call<()>, Shape), Vec<FieldViolation>>;

/// Erases a builder's answer type, keeping its shape.
///
/// Inlined, so no copy per answer type: what is left at each call site is
/// [`erased`], whose copies for the four answer types are the same code
/// (wasm-opt keeps one), and [`with_shape`], which is not generic.
#[inline(always)]
pub(crate) fn prepare<R: Answer>(built: Built<R>) -> Prepared {
    with_shape(erased(built), R::SHAPE)
}

/// A raw request (`client.request`): its answer is any JSON.
// Only the JS surface has `request` (a native caller builds its own calls).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn prepare_raw(built: Built<()>) -> Prepared {
    with_shape(built, &super::decode::RAW)
}

#[inline(never)]
fn erased<R>(built: Built<R>) -> Built<()> {
    built.map(Call::erase)
}

#[inline(never)]
fn with_shape(built: Built<()>, shape: Shape) -> Prepared {
    built.map(|call| (call, shape))
}

/// True when `query` (a `QueryV2`) projects: it has `fields` or
/// `fieldsets`, so Wix answers only the fields asked for. Any value counts,
/// `null` and `[]` too (they project nothing): a whole package reads as a
/// projected one anyway, and one test fewer keeps the lean `.wasm` small.
pub(crate) fn projects(query: &Value) -> bool {
    query.get("fields").is_some() || query.get("fieldsets").is_some()
}

/// Query Packages of `query`, read as `projected` (see [`projects`]; a walk
/// decides it once, from its first query, as its cursors keep the
/// projection).
pub(crate) fn prepare_query(query: &Value, projected: bool, unknown: UnknownFields) -> Prepared {
    with_shape(
        erased(api::query_packages(query, unknown)),
        query_shape(projected),
    )
}

/// The request as sent: `call` for `config`'s account, with its key.
pub(crate) fn build_request<R>(
    config: &ClientConfig,
    call: &Call<R>,
    idempotency_key: Option<&str>,
) -> HttpRequest {
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
        ("user-agent".to_owned(), config.user_agent.clone()),
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
pub(crate) fn resolve_idempotency_key<R>(
    call: &Call<R>,
    options: &CallOptions,
    random: impl FnMut() -> f64,
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
        (None, None) => return Ok(fresh_key(random)),
    };
    // The rules' own check, so a key is refused here exactly when the
    // server (and the sandbox) would refuse it in a body.
    if let Some(violation) = rules::check_idempotency_key("idempotencyKey", &key) {
        return Err(vec![violation]);
    }
    Ok(key)
}

fn fresh_key(mut random: impl FnMut() -> f64) -> String {
    let guid = Guid::new_v4().unwrap_or_else(|| {
        // Without a crypto source, the driver's randomness still makes a
        // key unique enough: it guards against replays, not attackers.
        let mut bytes = [0u8; 16];
        for byte in &mut bytes {
            *byte = (random().clamp(0.0, 1.0) * 255.0) as u8;
        }
        Guid::from_random_bytes(bytes)
    });
    guid.as_str().to_owned()
}
