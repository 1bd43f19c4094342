//! JS value <-> JSON conversions. JSON text is the bridge: it accepts any JS
//! value without trapping (cycles and BigInt become an error, not a panic) and
//! keeps serde-wasm-bindgen out of the `.wasm`.

use crate::api::read_json;
use crate::model::FieldViolation;
use crate::rules;
use serde_json::Value;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

// Strict JSON text of a JS value (plain `JSON.stringify` would quietly turn a
// function, NaN or a Map into `null` or `{}`): src/js/strict.mjs.
#[wasm_bindgen(module = "/src/js/strict.mjs")]
extern "C" {
    #[wasm_bindgen(js_name = strictStringify, catch)]
    // `skipped` as a JS array built here: a `Vec<String>` crosses through
    // wasm-bindgen's boxed-slice conversion, ~0.3 KiB more of the `.wasm`.
    fn strict_stringify(value: &JsValue, skipped: &js_sys::Array) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = productsLength)]
    fn products_length(value: &JsValue) -> f64;
}

/// The violations of a Create Package request whose `products` is a plain
/// JS array longer than the rules allow, told from its length: no product
/// is converted or walked (a million of them took 43 s to refuse). `None`
/// for every other request, which the usual conversion and rules decide;
/// `Err` when the rest of the request cannot be read as JSON.
pub fn over_long_create(request: &JsValue) -> Option<Result<Vec<FieldViolation>, String>> {
    let length = products_length(request);
    // `as` saturates; an array's length is below 2^32.
    let count = (length > rules::MAX_PRODUCTS as f64).then_some(length as usize)?;
    Some(convert(request, &["products"]).map(|rest| rules::validate_over_long_create(&rest, count)))
}

/// Converts an untrusted JS value to JSON. `undefined` (and `undefined`
/// object members) mean "not given"; anything that is not plain JSON data —
/// functions, Symbols, BigInt, NaN/Infinity, Maps, Dates, class instances,
/// cycles — gives `Err` with a reason.
pub fn to_json(value: &JsValue) -> Result<Value, String> {
    to_json_without(value, &[])
}

/// [`to_json`] leaving out the top-level members named in `skipped` (such as
/// the `fetch` function among a client's options, read separately).
pub fn to_json_without(value: &JsValue, skipped: &[&str]) -> Result<Value, String> {
    convert(value, skipped)
}

/// The checked JSON text of an untrusted JS value (`None` for `undefined`),
/// for callers that may not need a `Value` at all.
pub fn to_json_text(value: &JsValue) -> Result<Option<String>, String> {
    stringify(value, &[])
}

fn convert(value: &JsValue, skipped: &[&str]) -> Result<Value, String> {
    read_json(stringify(value, skipped)?.as_deref())
}

fn stringify(value: &JsValue, skipped: &[&str]) -> Result<Option<String>, String> {
    if value.is_undefined() {
        return Ok(None);
    }
    let names = js_sys::Array::new();
    for name in skipped {
        names.push(&JsValue::from_str(name));
    }
    let text = strict_stringify(value, &names).map_err(|error| {
        error
            .dyn_ref::<js_sys::Error>()
            .map(|error| String::from(error.message()))
            .unwrap_or_else(|| "value cannot be converted to JSON".to_owned())
    })?;
    if text.is_undefined() {
        return Ok(None);
    }
    let bytes = text.unchecked_into::<js_sys::Uint8Array>().to_vec();
    // TextEncoder writes UTF-8; JSON.stringify has already escaped any lone
    // surrogate, so nothing is lost.
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| "it is not valid UTF-8".to_owned())
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
