// @ts-check
// Random bytes from Web Crypto for `Guid::new_v4` (src/model/ids.rs imports
// this module with `#[wasm_bindgen(module = ...)]`): every supported runtime
// has `crypto` as a global (Node >= 20, browsers, Deno, Workers), and
// getrandom's own JS backend, which probes for Node's `crypto` module
// through `require`, cost ~0.4 KiB gzipped of the lean `.wasm`.
//
// The build ships this file twice (scripts/snippets.mjs): as is for the web
// glue, and rewritten to CommonJS inside the nodejs glue. So it stays one ES
// module of `export class|function|const NAME` declarations, with no imports.

/**
 * Fills `bytes` with cryptographically strong random bytes; throws where the
 * runtime has no Web Crypto (the caller then has no GUID).
 * @param {Uint8Array} bytes
 * @returns {void}
 */
export function fillRandom(bytes) {
  crypto.getRandomValues(bytes);
}
