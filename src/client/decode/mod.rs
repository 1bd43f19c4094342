//! Answer decoding: a 2xx body checked against its endpoint's [`Shape`] and
//! written back as canonical JSON text (what JS parses, and what native
//! callers decode into the model type). One pass over the bytes
//! ([`single_pass`]) decides almost every answer; the tree walker
//! ([`walker`]) decides the rest and words why an answer is refused. Both
//! read the one table of shapes in [`shape`]. A projected Query Packages
//! (`fields`/`fieldsets`) is read with [`query_shape`]`(true)`, whose
//! packages are partial: the call decides, not the answer.

mod shape;
mod single_pass;
mod walker;

pub(crate) use shape::RAW;
pub use shape::{Answer, Shape};

use crate::model::QueryPackagesResponse;
use shape::{Ty, PROJECTED_PACKAGE, PROJECTED_QUERY_PACKAGES_RESPONSE, WHOLE_PACKAGE};

use super::error::describe_decode_failure;
use super::limits::MAX_RESPONSE_BYTES;
use crate::json_text::{into_text, write_string};
use serde_json::{Map, Value};

/// A checked answer: the decoded body and its canonical JSON text.
pub(crate) type Checked = (Value, String);

/// Decodes a 2xx body as `R`; every kind of bad body is a readable reason.
pub fn decode_body<R: Answer>(body: &[u8]) -> Result<R, String> {
    let (_, text) = decode_checked(body, R::SHAPE)?;
    typed(&text)
}

/// Decodes a 2xx body to a `Value` of `shape`, with its canonical text: no
/// typed decoder is involved. Every answer is read this way when the one
/// pass of [`decode_text`] is not sure of it.
pub(crate) fn decode_checked(body: &[u8], shape: Shape) -> Result<Checked, String> {
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(format!(
            "the body is {} bytes, over the {MAX_RESPONSE_BYTES}-byte limit",
            body.len()
        ));
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|error| describe_decode_failure(body, &error))?;
    let text = canonical(&value, shape)?;
    Ok((value, text))
}

/// Checks a 2xx body against `shape` and gives only its canonical text
/// (what JS parses): the fast path of every call's answer. One pass over the
/// bytes, with no `Value`, decides almost every answer; the rest (a broken
/// answer, or an odd one such as a duplicated key) go through
/// [`decode_checked`], which decides them and words the reason.
pub(crate) fn decode_text(body: &[u8], shape: Shape) -> Result<String, String> {
    if std::ptr::eq(shape, &shape::RAW) {
        return raw_text(body);
    }
    if body.len() <= MAX_RESPONSE_BYTES {
        if let Some(text) = single_pass::canonical_text(body, shape) {
            return Ok(text);
        }
    }
    decode_checked(body, shape).map(|(_, text)| text)
}

/// A raw request's answer: any JSON (an empty body is `null`), written
/// back compactly; only its size and its syntax are checked.
fn raw_text(body: &[u8]) -> Result<String, String> {
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(format!(
            "the body is {} bytes, over the {MAX_RESPONSE_BYTES}-byte limit",
            body.len()
        ));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok("null".to_owned());
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|error| describe_decode_failure(body, &error))?;
    let mut out = Vec::with_capacity(body.len());
    crate::json_text::write_value(&mut out, &value);
    Ok(crate::json_text::into_text(out))
}

/// The canonical text of an answer already decoded to a `Value` (a page's
/// package, a reconciled package), or which field is wrong.
pub(crate) fn canonical(value: &Value, shape: Shape) -> Result<String, String> {
    checked_text(value, &Ty::Object(shape))
}

/// The canonical text of one package of a page; `projected`: of a
/// projected query, so only the fields asked for need be there.
pub(crate) fn canonical_package(value: &Value, projected: bool) -> Result<String, String> {
    checked_text(
        value,
        if projected {
            &PROJECTED_PACKAGE
        } else {
            &WHOLE_PACKAGE
        },
    )
}

fn checked_text(value: &Value, ty: &Ty) -> Result<String, String> {
    walker::canonical(value, ty)
        .map_err(|reason| format!("the JSON does not have the documented shape ({reason})"))
}

/// The shape of a Query Packages answer: with partial packages when the
/// query is `projected` (it has `fields` or `fieldsets`).
pub(crate) fn query_shape(projected: bool) -> Shape {
    if projected {
        &PROJECTED_QUERY_PACKAGES_RESPONSE
    } else {
        <QueryPackagesResponse as Answer>::SHAPE
    }
}

/// The model type from canonical text (native callers only; the shape check
/// guarantees it decodes).
pub(crate) fn typed<R: Answer>(text: &str) -> Result<R, String> {
    serde_json::from_str(text)
        .map_err(|error| format!("the JSON does not have the documented shape ({error})"))
}

/// `text` (a canonical answer of `shape`) with the call's idempotency key:
/// Wix echoes it only optionally, but a mutating call always carries one
/// (given or made by the client), so its answer always says which. The
/// canonical text of a [`PackageResponse`](crate::model::PackageResponse)
/// without the key starts with its `package` member (the model's order).
pub(crate) fn with_idempotency_key(text: String, shape: Shape, key: Option<&str>) -> String {
    let package_response = <crate::model::PackageResponse as Answer>::SHAPE;
    match (key, text.strip_prefix("{\"package\":")) {
        (Some(key), Some(rest)) if std::ptr::eq(shape, package_response) => {
            let mut out = Vec::with_capacity(text.len() + key.len() + 20);
            out.extend_from_slice(b"{\"idempotencyKey\":");
            write_string(&mut out, key);
            out.extend_from_slice(b",\"package\":");
            out.extend_from_slice(rest.as_bytes());
            into_text(out)
        }
        _ => text,
    }
}

/// The reconciled package as the create's own answer, checked like any
/// answer.
pub(crate) fn adopt(
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
    let text = canonical(&answer, shape)?;
    Ok((answer, text))
}

// Property tests: native only (proptest has no wasm32 randomness).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
