//! JS value <-> JSON conversions. JSON text is the bridge: it accepts any JS
//! value without trapping (cycles and BigInt become an error, not a panic) and
//! keeps serde-wasm-bindgen out of the `.wasm`.

use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// Converts an untrusted JS value to JSON. `undefined` and functions become
/// `null`; values `JSON.stringify` rejects (cycles, BigInt) give `Err` with its message.
pub fn to_json(value: &JsValue) -> Result<Value, String> {
    if value.is_undefined() {
        return Ok(Value::Null);
    }
    let text = js_sys::JSON::stringify(value).map_err(|error| {
        error
            .dyn_ref::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .unwrap_or_else(|| "value cannot be converted to JSON".to_owned())
    })?;
    match text.as_string() {
        // `from_slice`, like the decoding of answers: one copy of the parser.
        Some(text) => serde_json::from_slice(text.as_bytes()).map_err(|error| {
            // JSON.stringify's output is JSON; only a limit (such as nesting
            // depth) can refuse it.
            format!(
                "it cannot be read as JSON (line {}, column {})",
                error.line(),
                error.column()
            )
        }),
        None => Ok(Value::Null),
    }
}

/// Converts a serialisable Rust value to a plain JS object (the sandbox's
/// bindings; the client writes its JSON text by hand).
#[cfg(feature = "sandbox")]
pub fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

/// Parses JSON text (the canonical text of a checked answer) into a plain
/// JS object.
pub fn parse_js(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}
