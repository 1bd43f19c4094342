//! `ResellersError` in JS: a real `Error` subclass (so `instanceof` works),
//! built from the core's error fields. The class lives in a small JS
//! module, src/js/error_class.mjs, and is declared for TypeScript in src/js/types.d.ts;
//! `resellersErrorClass()` hands it to the package entry, which re-exports it. The fields never contain the API key (the pipeline scrubs
//! them), and neither does `toJSON`.

use super::convert::parse_js;
use crate::client::{ClientConfig, ResellersError};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/error_class.mjs")]
extern "C" {
    #[wasm_bindgen(js_name = makeResellersError)]
    fn make_resellers_error(fields: JsValue) -> JsValue;

    #[wasm_bindgen(js_name = errorClass)]
    fn error_class() -> JsValue;
}

/// `error` without any piece of `config`'s key: for errors made outside the
/// call machine (which redacts its own), whose text may quote an argument.
pub(super) fn redacted(config: &ClientConfig, error: ResellersError) -> ResellersError {
    error.redact(config.api_key.expose())
}

/// The core error as a JS `ResellersError` instance.
pub fn to_js_error(error: &ResellersError) -> JsValue {
    make_resellers_error(parse_js(&error.to_json_text()))
}

/// The `ResellersError` class, for the package entry to re-export.
#[wasm_bindgen(js_name = resellersErrorClass, unchecked_return_type = "typeof ResellersError")]
pub fn resellers_error_class() -> JsValue {
    error_class()
}
