// @ts-check
// `ResellersError`: the class of every error the client throws or rejects
// with (src/js/error.rs imports this module with `#[wasm_bindgen(module = ...)]`;
// `errorClass()` hands the class to the package entry, which re-exports it).
//
// Why JS and not a Rust type: it must be a real `Error` subclass, so that
// `instanceof ResellersError` and `instanceof Error` hold and the engine
// records a stack; wasm-bindgen cannot make a Rust struct extend `Error`.
// The fields come from the core's error (src/js/error.rs `to_js_error`) and
// never contain the API key (the pipeline scrubs them), nor does `toJSON`.
//
// The build ships this file twice (scripts/snippets.mjs): as is for the web
// glue, and rewritten to CommonJS inside the nodejs glue. So it stays one ES
// module of `export class|function|const NAME` declarations, with no imports.
// Its public type is the hand-written `ResellersError` of the package's .d.ts.

export class ResellersError extends Error {
  /**
   * Reads each field by its expected type and defaults the rest, so any
   * value builds an error.
   * @param {unknown} fields The core's error fields: `{ kind, code, message, status, ... }`.
   */
  constructor(fields) {
    const f = /** @type {Record<string, unknown>} */ (fields !== null && typeof fields === 'object' ? fields : {});
    super(typeof f.message === 'string' ? f.message : 'ResellersError');
    Object.defineProperty(this, 'name', { value: 'ResellersError', writable: true, configurable: true });
    this.kind = typeof f.kind === 'string' ? f.kind : 'response';
    this.code = typeof f.code === 'string' ? f.code : 'UNKNOWN';
    this.status = typeof f.status === 'number' ? f.status : null;
    this.requestId = typeof f.requestId === 'string' ? f.requestId : null;
    this.fieldViolations = Array.isArray(f.fieldViolations) ? f.fieldViolations : [];
    this.retryable = f.retryable === true;
    this.attempts = typeof f.attempts === 'number' ? f.attempts : 0;
    this.details = f.details !== undefined && f.details !== null ? f.details : null;
    this.idempotencyKey = typeof f.idempotencyKey === 'string' ? f.idempotencyKey : null;
    this.retryAfterMs = typeof f.retryAfterMs === 'number' ? f.retryAfterMs : null;
  }
  /**
   * The fields as plain data (`ResellersErrorJSON` in the .d.ts).
   * @returns {Record<string, unknown>}
   */
  toJSON() {
    return {
      name: this.name, kind: this.kind, code: this.code, message: this.message,
      status: this.status, requestId: this.requestId, fieldViolations: this.fieldViolations,
      retryable: this.retryable, attempts: this.attempts, details: this.details,
      idempotencyKey: this.idempotencyKey, retryAfterMs: this.retryAfterMs,
    };
  }
}
/**
 * A new `ResellersError` from the core's fields (src/js/error.rs `to_js_error`).
 * @param {unknown} fields
 * @returns {ResellersError}
 */
export function makeResellersError(fields) { return new ResellersError(fields); }
/**
 * The class itself, for the package entry to re-export.
 * @returns {typeof ResellersError}
 */
export function errorClass() { return ResellersError; }
