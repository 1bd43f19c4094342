//! JS value <-> JSON conversions. JSON text is the bridge: it accepts any JS
//! value without trapping (cycles and BigInt become an error, not a panic) and
//! keeps serde-wasm-bindgen out of the `.wasm`.

use crate::api::read_json;
use crate::model::FieldViolation;
use crate::rules;
use serde_json::Value;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

// Plain `JSON.stringify` quietly turns a function, a Symbol or NaN into `null`
// and a Map, a Date or a class instance into `{}` or a string, so a mistaken
// argument would be sent as "nothing given". Every value is checked before
// `toJSON`, in `JSON.stringify`'s own order, and anything that is not plain
// data is refused. A replacer function does that, but costs a call per key
// (most of the conversion of a 1000-product request), so a plain walk makes
// the same checks and a plain `JSON.stringify` then writes the text; the
// replacer stays for the rare top-level `skipped` keys (client options).
#[wasm_bindgen(inline_js = r#"
// The name is built only for the message: this runs for every value.
const named = (key) => (key === '' ? 'the value' : `"${key}"`);
function refuse(raw, key) {
  switch (typeof raw) {
    case 'function': case 'symbol': case 'bigint':
      throw new TypeError(`${named(key)} is a ${typeof raw}, not JSON data`);
    case 'number':
      if (!Number.isFinite(raw)) throw new TypeError(`${named(key)} is ${raw}, not a finite number`);
      break;
    case 'object': {
      if (raw === null || Array.isArray(raw)) break;
      const proto = Object.getPrototypeOf(raw);
      if (proto !== Object.prototype && proto !== null) {
        const kind = (proto && proto.constructor && proto.constructor.name) || 'object';
        throw new TypeError(`${named(key)} is a ${kind}, not a plain object`);
      }
      if (Object.getOwnPropertySymbols(raw).length > 0) {
        throw new TypeError(`${named(key)} has Symbol keys, which JSON cannot carry`);
      }
    }
  }
}
// True when a cycle was met: JSON.stringify stops there too (with its own
// error), so nothing after it may be checked.
function walk(holder, key, ancestors) {
  const raw = holder[key];
  if (typeof raw !== 'string') refuse(raw, key);
  if (typeof raw !== 'object' || raw === null) return false;
  const value = typeof raw.toJSON === 'function' ? raw.toJSON(String(key)) : raw;
  if (typeof value !== 'object' || value === null) return false;
  if (ancestors.includes(value)) return true;
  ancestors.push(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      // A number key reads the element without a string lookup; messages
      // name it the same ("0").
      if (walk(value, index, ancestors)) return true;
    }
  } else {
    for (const member of Object.keys(value)) {
      if (walk(value, member, ancestors)) return true;
    }
  }
  ancestors.pop();
  return false;
}
// The length of a plain request's `products` array, read without touching an
// element, so an over-long list is refused before it is walked; -1 for any
// other request or list, or when reading throws (the usual conversion then
// decides, and words the refusal).
export function productsLength(value) {
  try {
    if (typeof value !== 'object' || value === null || typeof value.toJSON === 'function') return -1;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return -1;
    const products = value.products;
    return Array.isArray(products) && typeof products.toJSON !== 'function' ? products.length : -1;
  } catch {
    return -1;
  }
}
// The text goes into wasm as UTF-8 bytes: TextEncoder is native, where
// handing wasm a string copies it a character at a time in JS.
const utf8 = new TextEncoder();
const encoded = (text) => (typeof text === 'string' ? utf8.encode(text) : undefined);
export function strictStringify(value, skipped) {
  if (skipped.length === 0) {
    walk({ '': value }, '', []);
    return encoded(JSON.stringify(value));
  }
  let root;
  return encoded(JSON.stringify(value, function (key, converted) {
    if (key === '') root = converted;
    else if (this === root && skipped.includes(key)) return undefined;
    refuse(this[key], key);
    return converted;
  }));
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = strictStringify, catch)]
    fn strict_stringify(value: &JsValue, skipped: Vec<String>) -> Result<JsValue, JsValue>;

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
    let skipped = skipped.iter().map(|name| (*name).to_owned()).collect();
    let text = strict_stringify(value, skipped).map_err(|error| {
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
