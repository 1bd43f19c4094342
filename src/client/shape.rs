//! The shapes of the API's answers, checked on a decoded `serde_json::Value`
//! by one small table-driven walker instead of serde's typed decoders (one
//! monomorphised decoder per struct weighs tens of KB in the `.wasm`).
//!
//! The walker accepts exactly what the model types accept (required fields,
//! `null` for optional ones, the defaults of `#[serde(default)]`, GUIDs for
//! `Guid`, `u32` for counts; unknown fields are ignored) and writes the answer
//! back as canonical JSON text: the model's field order, optional `null`s
//! left out, defaults filled in, unknown fields dropped — the same text the
//! typed value would serialise to. JS parses that text; native callers decode
//! it into the model type (see the parity tests).
//!
//! Differences from serde, both stricter: a struct given as a JSON array is
//! refused, and a duplicated key keeps its last value instead of failing.

use crate::api::{quoted, type_name};
use crate::json_text::{into_text, write_string};
use crate::model::{
    is_guid, GetPackageResponse, PackageResponse, QueryPackagesResponse,
    UpdatePackageExternalIdResponse,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

mod single_pass;
pub(crate) use single_pass::canonical_text;

/// The JSON type of a field.
#[derive(Debug)]
pub enum Ty {
    /// A string (an enum value is any string: unknown values are kept).
    Text,
    /// A `8-4-4-4-12` hex GUID string.
    Guid,
    /// A whole number from 0 to `u32::MAX`.
    Count,
    /// A boolean.
    Flag,
    /// An object with these fields, in the model's order.
    Object(Shape),
    /// An array of these.
    List(&'static Ty),
}

/// Whether a field must be there.
#[derive(Debug)]
pub enum Need {
    /// Absent or `null` is an error.
    Required,
    /// Absent or `null` means none: left out of the canonical text.
    Optional,
    /// Absent means this JSON (`[]`, `{}`, `1`); `null` is an error.
    Default(&'static str),
}

/// One field of an object.
#[derive(Debug)]
pub struct Field {
    name: &'static str,
    need: Need,
    ty: Ty,
}

/// The fields of an object, in the model's order.
pub type Shape = &'static [Field];

const fn field(name: &'static str, need: Need, ty: Ty) -> Field {
    Field { name, need, ty }
}

use Need::{Default, Optional, Required};
use Ty::{Count, Flag, List, Object, Text};

static INTERVAL: [Field; 2] = [
    field("unit", Required, Text),
    field("count", Default("1"), Count),
];

static CYCLE: [Field; 2] = [
    field("type", Required, Text),
    field("cycleDuration", Optional, Object(&INTERVAL)),
];

static FAILURE: [Field; 2] = [
    field("code", Required, Text),
    field("message", Optional, Text),
];

static PRODUCT_INSTANCE: [Field; 12] = [
    field("instanceId", Required, Text),
    field("siteId", Optional, Text),
    field("catalogProductId", Required, Text),
    field("status", Required, Text),
    field("failure", Optional, Object(&FAILURE)),
    field("billingInfo", Optional, Object(&CYCLE)),
    field("createdDate", Required, Text),
    field("updatedDate", Required, Text),
    field("countryCode", Optional, Text),
    field("expirationDate", Optional, Text),
    field("discountCode", Optional, Text),
    field("referenceProductInstanceId", Optional, Text),
];

/// `Package`.
pub static PACKAGE: [Field; 7] = [
    field("id", Required, Ty::Guid),
    field("accountId", Required, Ty::Guid),
    field("externalId", Optional, Text),
    field(
        "productInstances",
        Default("[]"),
        List(&Object(&PRODUCT_INSTANCE)),
    ),
    field("createdDate", Required, Text),
    field("updatedDate", Required, Text),
    field("parentAccountId", Optional, Text),
];

static CURSORS: [Field; 2] = [field("next", Optional, Text), field("prev", Optional, Text)];

static METADATA: [Field; 6] = [
    field("count", Optional, Count),
    field("offset", Optional, Count),
    field("total", Optional, Count),
    field("tooManyToCount", Optional, Flag),
    field("cursors", Optional, Object(&CURSORS)),
    field("hasNext", Optional, Flag),
];

static PACKAGE_RESPONSE: [Field; 2] = [
    field("idempotencyKey", Optional, Text),
    field("package", Required, Object(&PACKAGE)),
];

static GET_PACKAGE_RESPONSE: [Field; 1] = [field("package", Required, Object(&PACKAGE))];

static QUERY_PACKAGES_RESPONSE: [Field; 2] = [
    field("packages", Default("[]"), List(&Object(&PACKAGE))),
    field("metadata", Default("{}"), Object(&METADATA)),
];

static UPDATE_PACKAGE_EXTERNAL_ID_RESPONSE: [Field; 1] =
    [field("updatedPackage", Required, Object(&PACKAGE))];

/// A model type an endpoint answers with, and its shape.
pub trait Answer: DeserializeOwned {
    /// The fields of the answer object.
    const SHAPE: Shape;
}

impl Answer for PackageResponse {
    const SHAPE: Shape = &PACKAGE_RESPONSE;
}

impl Answer for GetPackageResponse {
    const SHAPE: Shape = &GET_PACKAGE_RESPONSE;
}

impl Answer for QueryPackagesResponse {
    const SHAPE: Shape = &QUERY_PACKAGES_RESPONSE;
}

impl Answer for UpdatePackageExternalIdResponse {
    const SHAPE: Shape = &UPDATE_PACKAGE_EXTERNAL_ID_RESPONSE;
}

/// Checks `value` against `shape` and returns its canonical JSON text, or
/// says which field is wrong (`package.productInstances[0].status: ...`).
pub fn canonical(value: &Value, shape: Shape) -> Result<String, String> {
    let mut out = Vec::with_capacity(256);
    let mut path = String::new();
    object(value, shape, &mut path, &mut out)?;
    Ok(into_text(out))
}

fn at(path: &str) -> &str {
    if path.is_empty() {
        "the answer"
    } else {
        path
    }
}

fn expected(path: &str, what: &str, found: &Value) -> String {
    format!("{}: expected {what}, found {}", at(path), type_name(found))
}

fn object(value: &Value, shape: Shape, path: &mut String, out: &mut Vec<u8>) -> Result<(), String> {
    let Value::Object(fields) = value else {
        return Err(expected(path, "an object", value));
    };
    out.push(b'{');
    let mut first = true;
    for field in shape {
        let given = fields.get(field.name);
        let default = match (given, &field.need) {
            (None | Some(Value::Null), Optional) => continue,
            (None, Default(json)) => Some(*json),
            (None, Required) => {
                return Err(format!(
                    "{}: the required field {} is missing",
                    at(path),
                    field.name
                ))
            }
            _ => None,
        };
        if !first {
            out.push(b',');
        }
        first = false;
        out.push(b'"');
        out.extend_from_slice(field.name.as_bytes());
        out.extend_from_slice(b"\":");
        match (default, given) {
            (Some(json), _) => out.extend_from_slice(json.as_bytes()),
            (None, Some(given)) => {
                let mark = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(field.name);
                item(given, &field.ty, path, out)?;
                path.truncate(mark);
            }
            (None, None) => {}
        }
    }
    out.push(b'}');
    Ok(())
}

fn item(value: &Value, ty: &Ty, path: &mut String, out: &mut Vec<u8>) -> Result<(), String> {
    match (ty, value) {
        (Text, Value::String(text)) => string(text, out),
        (Ty::Guid, Value::String(text)) if is_guid(text) => string(text, out),
        (Ty::Guid, Value::String(text)) => {
            return Err(format!("{path}: {} is not a GUID", quoted(text)))
        }
        (Count, Value::Number(number)) => match number.as_u64() {
            Some(count) if count <= u64::from(u32::MAX) => {
                out.extend_from_slice(count.to_string().as_bytes())
            }
            _ => {
                return Err(format!(
                    "{path}: expected a whole number from 0 to {}",
                    u32::MAX
                ))
            }
        },
        (Flag, Value::Bool(flag)) => out.extend_from_slice(if *flag { b"true" } else { b"false" }),
        (Object(shape), _) => object(value, shape, path, out)?,
        (List(of), Value::Array(items)) => {
            out.push(b'[');
            let mark = path.len();
            for (index, element) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
                item(element, of, path, out)?;
                path.truncate(mark);
            }
            out.push(b']');
        }
        (Text | Ty::Guid, _) => return Err(expected(path, "a string", value)),
        (Count, _) => return Err(expected(path, "a whole number", value)),
        (Flag, _) => return Err(expected(path, "a boolean", value)),
        (List(_), _) => return Err(expected(path, "an array", value)),
    }
    Ok(())
}

fn string(text: &str, out: &mut Vec<u8>) {
    write_string(out, text);
}

// Property tests: native only (proptest has no wasm32 randomness).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
