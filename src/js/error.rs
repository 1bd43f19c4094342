//! `ResellersError` in JS: a real `Error` subclass (so `instanceof` works),
//! built from the core's error fields. The class lives in a small JS
//! module, src/js/error_class.mjs; `resellersErrorClass()` hands it to the package entry, which
//! re-exports it. The fields never contain the API key (the pipeline scrubs
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

#[wasm_bindgen(typescript_custom_section)]
const RESELLERS_ERROR_TS: &'static str = r#"
/** The broad class of a failure. */
export type ErrorKind = 'validation' | 'api' | 'network' | 'timeout' | 'response';

/** What `ResellersError#toJSON` returns (never contains the API key). */
export interface ResellersErrorJSON {
  name: 'ResellersError';
  kind: ErrorKind;
  code: string;
  message: string;
  status: number | null;
  requestId: string | null;
  fieldViolations: FieldViolation[];
  retryable: boolean;
  attempts: number;
  details: Record<string, unknown> | null;
  idempotencyKey: string | null;
}

/** Every failure of the client rejects with this error. */
export class ResellersError extends Error {
  constructor(fields: Omit<ResellersErrorJSON, 'name'>);
  readonly name: 'ResellersError';
  /** `validation` (refused before sending), `api` (an error status), `network`, `timeout`, `response` (an unreadable answer). */
  readonly kind: ErrorKind;
  /** The Wix code (`PRODUCT_NOT_FOUND`, `NOT_FOUND`, ...) or the SDK's own (`INVALID_REQUEST`, `INVALID_CONFIG`, `NETWORK_ERROR`, `TIMEOUT`, `ABORTED`, `MALFORMED_RESPONSE`, `RESPONSE_TOO_LARGE`, `UNEXPECTED_REDIRECT`). */
  readonly code: string;
  /** The HTTP status, when the API answered. */
  readonly status: number | null;
  /** The last `x-wix-request-id` (quote it to Wix support). */
  readonly requestId: string | null;
  /** Broken field rules, from offline validation or from Wix. */
  readonly fieldViolations: FieldViolation[];
  /** True when the same call might succeed later. */
  readonly retryable: boolean;
  /** How many times the request was sent (0 when refused before sending). */
  readonly attempts: number;
  /** The `details` of the Wix error body, or an excerpt of a body that was not JSON. */
  readonly details: Record<string, unknown> | null;
  /** The idempotency key a mutating call carried: retry with it to act at most once. */
  readonly idempotencyKey: string | null;
  toJSON(): ResellersErrorJSON;
}
"#;

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
