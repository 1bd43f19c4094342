//! The tree walker: checks an answer decoded to a `serde_json::Value`
//! against its [`Shape`] and writes it back as canonical JSON text. It
//! decides what the one pass ([`super::single_pass`]) is not sure of, and
//! words the reason an answer is refused.
//!
//! It accepts exactly what the model types accept (required fields, `null`
//! for optional ones, the defaults of `#[serde(default)]`, GUIDs for `Guid`,
//! `u32` for counts; unknown fields are ignored) and writes the model's
//! field order, optional `null`s left out, defaults filled in, unknown
//! fields dropped: the same text the typed value would serialise to. JS
//! parses that text; native callers decode it into the model type (see the
//! parity tests). Inside a [`Ty::Partial`] (a projected package) every
//! field is read as optional: absent or `null` is left out, nothing is
//! filled in, and what is there is checked as usual.
//!
//! Differences from serde, both stricter: a struct given as a JSON array is
//! refused, and a duplicated key keeps its last value instead of failing.

use super::shape::{name, Need, Shape, Ty};
use crate::json_text::{into_text, quoted_excerpt as quoted, type_name, write_string};
use crate::model::is_guid;
use serde_json::Value;
use Need::{Default, Optional, Required};
use Ty::{Count, Flag, List, Object, Text};

/// Checks `value` against `ty` (an answer's [`Ty::Object`], or one
/// package) and returns its canonical JSON text, or says which field is
/// wrong (`package.productInstances[0].status: ...`).
pub fn canonical(value: &Value, ty: &Ty) -> Result<String, String> {
    let mut out = Vec::with_capacity(256);
    let mut path = String::new();
    item(value, ty, false, &mut path, &mut out)?;
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

/// An object of `shape`; `partial`: every field is read as `Optional`
/// (inside a [`Ty::Partial`]).
fn object(
    value: &Value,
    shape: Shape,
    partial: bool,
    path: &mut String,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let Value::Object(fields) = value else {
        return Err(expected(path, "an object", value));
    };
    out.push(b'{');
    let first = out.len();
    for field in shape {
        let given = fields.get(field.name);
        let need = if partial { &Optional } else { &field.need };
        let default = match (given, need) {
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
        name(field, first, out);
        match (default, given) {
            (Some(json), _) => out.extend_from_slice(json.as_bytes()),
            (None, Some(given)) => {
                let mark = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(field.name);
                item(given, &field.ty, partial, path, out)?;
                path.truncate(mark);
            }
            (None, None) => {}
        }
    }
    out.push(b'}');
    Ok(())
}

fn item(
    value: &Value,
    ty: &Ty,
    partial: bool,
    path: &mut String,
    out: &mut Vec<u8>,
) -> Result<(), String> {
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
        (Object(shape), _) => object(value, shape, partial, path, out)?,
        (Ty::Partial(shape), _) => object(value, shape, true, path, out)?,
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
                item(element, of, partial, path, out)?;
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
