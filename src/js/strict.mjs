// @ts-check
// Strict JS value -> JSON text, for src/js/convert.rs (which imports this
// module with `#[wasm_bindgen(module = ...)]`): every argument of the JS
// surface crosses into wasm as the UTF-8 bytes of its JSON text.
//
// Why JS and not Rust: plain `JSON.stringify` quietly turns a function, a
// Symbol or NaN into `null` and a Map, a Date or a class instance into `{}`
// or a string, so a mistaken argument would be sent as "nothing given".
// Every value is checked before `toJSON`, in `JSON.stringify`'s own order,
// and anything that is not plain data is refused. A replacer function does
// that, but costs a call per key (most of the conversion of a 1000-product
// request), so a plain walk makes the same checks and a plain
// `JSON.stringify` then writes the text; the replacer stays for the rare
// top-level `skipped` keys (client options). Walking a JS value from Rust
// would cost a wasm crossing per key.
//
// The build ships this file twice (scripts/snippets.mjs): as is for the web
// glue, and rewritten to CommonJS inside the nodejs glue. So it stays one ES
// module of `export class|function|const NAME` declarations, with no imports.

/**
 * The value's name in a refusal. Built only for the message: this runs for
 * every value.
 * @param {string | number} key
 * @returns {string}
 */
const named = (key) => (key === '' ? 'the value' : `"${key}"`);
/**
 * Throws a `TypeError` when `raw` (the value at `key`, before `toJSON`) is
 * not plain JSON data.
 * @param {unknown} raw
 * @param {string | number} key
 * @returns {void}
 */
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
/**
 * Checks the value at `holder[key]` and, after its `toJSON`, everything in
 * it, in `JSON.stringify`'s order; throws on the first value that is not
 * plain data.
 * @param {any} holder The object or array holding the value (any: read by key, as JSON.stringify does).
 * @param {string | number} key
 * @param {unknown[]} ancestors The containers on the path to `holder`, for cycles.
 * @returns {boolean} True when a cycle was met: JSON.stringify stops there
 *   too (with its own error), so nothing after it may be checked.
 */
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
/**
 * The length of a plain request's `products` array, read without touching an
 * element, so an over-long list is refused before it is walked; -1 for any
 * other request or list, or when reading throws (the usual conversion then
 * decides, and words the refusal). A request with a `toJSON` (a model
 * object) is judged by what its `toJSON` gives, as `JSON.stringify` would
 * send it: `toJSON` runs once more here, so a list too long is refused
 * without being written out.
 * @param {any} value Any JS value (any: its members are probed, guarded by `try`).
 * @returns {number}
 */
export function productsLength(value) {
  try {
    if (typeof value !== 'object' || value === null) return -1;
    if (typeof value.toJSON === 'function') value = value.toJSON('');
    if (typeof value !== 'object' || value === null || typeof value.toJSON === 'function') return -1;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return -1;
    const products = value.products;
    return Array.isArray(products) && typeof /** @type {{ toJSON?: unknown }} */ (products).toJSON !== 'function' ? products.length : -1;
  } catch {
    return -1;
  }
}
// The text goes into wasm as UTF-8 bytes: TextEncoder is native, where
// handing wasm a string copies it a character at a time in JS.
const utf8 = new TextEncoder();
/**
 * `JSON.stringify`'s text as UTF-8, or `undefined` when it gave none (for
 * `undefined` itself).
 * @param {string | undefined} text
 * @returns {Uint8Array | undefined}
 */
const encoded = (text) => (typeof text === 'string' ? utf8.encode(text) : undefined);
/**
 * The JSON text of `value` as UTF-8 bytes, `undefined` for `undefined`;
 * throws a `TypeError` on anything that is not plain JSON data (or
 * `JSON.stringify`'s own error on a cycle or a BigInt).
 * @param {unknown} value
 * @param {string[]} skipped Top-level keys left out of the text.
 * @returns {Uint8Array | undefined}
 */
export function strictStringify(value, skipped) {
  if (skipped.length === 0) {
    walk({ '': value }, '', []);
    return encoded(JSON.stringify(value));
  }
  /** @type {unknown} */
  let root;
  return encoded(JSON.stringify(value, /** @this {any} */ function (key, converted) {
    if (key === '') root = converted;
    else if (this === root && skipped.includes(key)) return undefined;
    refuse(this[key], key);
    return converted;
  }));
}
