//! JS value <-> JSON conversions. JSON text is the bridge: it accepts any JS
//! value without trapping (cycles and BigInt become an error, not a panic) and
//! keeps serde-wasm-bindgen out of the `.wasm`.

use serde_json::Value;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

// Plain `JSON.stringify` quietly turns a function, a Symbol or NaN into `null`
// and a Map, a Date or a class instance into `{}` or a string, so a mistaken
// argument would be sent as "nothing given". The replacer sees each value
// before `toJSON` and refuses anything that is not plain data.
#[wasm_bindgen(inline_js = r#"
export function strictStringify(value, skipped) {
  let root;
  return JSON.stringify(value, function (key, converted) {
    if (key === '') root = converted;
    else if (this === root && skipped.includes(key)) return undefined;
    const raw = this[key];
    const name = key === '' ? 'the value' : `"${key}"`;
    switch (typeof raw) {
      case 'function': case 'symbol': case 'bigint':
        throw new TypeError(`${name} is a ${typeof raw}, not JSON data`);
      case 'number':
        if (!Number.isFinite(raw)) throw new TypeError(`${name} is ${raw}, not a finite number`);
        break;
      case 'object': {
        if (raw === null || Array.isArray(raw)) break;
        const proto = Object.getPrototypeOf(raw);
        if (proto !== Object.prototype && proto !== null) {
          const kind = (proto && proto.constructor && proto.constructor.name) || 'object';
          throw new TypeError(`${name} is a ${kind}, not a plain object`);
        }
        if (Object.getOwnPropertySymbols(raw).length > 0) {
          throw new TypeError(`${name} has Symbol keys, which JSON cannot carry`);
        }
      }
    }
    return converted;
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = strictStringify, catch)]
    fn strict_stringify(value: &JsValue, skipped: Vec<String>) -> Result<JsValue, JsValue>;
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
    if value.is_undefined() {
        return Ok(Value::Null);
    }
    let skipped = skipped.iter().map(|name| (*name).to_owned()).collect();
    let text = strict_stringify(value, skipped).map_err(|error| {
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
