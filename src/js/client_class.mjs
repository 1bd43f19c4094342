// @ts-check
// What `ResellersClient` gets beyond the class wasm-bindgen writes
// (src/js/client.rs imports this module with `#[wasm_bindgen(module = ...)]`):
// a view for `console.log` and `util.inspect`, and a `free()` after which
// every method fails with a `ResellersError` that says what happened.
//
// Why JS: Node's console looks for `Symbol.for('nodejs.util.inspect.custom')`,
// which no wasm-bindgen method name can be (only identifiers and
// `[Symbol.<name>]`), and the glue's methods check their pointer before any
// Rust runs: after the glue's `free()` they fail with "null pointer passed to
// rust". Both are fixed on the class's prototype, once per wasm instance: the
// first client built hands over a throwaway instance to reach it. The symbol
// is `Symbol.for`, not `util.inspect.custom`, so no Node module is imported
// and the same file runs in Workers and browsers. A live client pays nothing
// per call: a freed one gets own methods that shadow the prototype's.
//
// The build ships this file twice (scripts/snippets.mjs): as is for the web
// glue, and rewritten to CommonJS inside the nodejs glue. So it stays one ES
// module of `export class|function|const NAME` declarations, with no imports.

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
// The error of a freed client's calls. Written here, not in the core's
// src/client/error.rs: only a JS client can be freed.
const FREED = {
  kind: 'validation',
  code: 'CLIENT_FREED',
  message: 'CLIENT_FREED: this ResellersClient was freed (free() or the end of a `using` block) and sends nothing more. free() is never needed, the garbage collector releases clients: keep the client, or make a new one.',
};

/**
 * An async iterator whose first `next()` rejects with `refuse()`, then ends:
 * `iteratePackages` of a freed client, like one given bad arguments.
 * @param {() => Error} refuse
 * @returns {AsyncIterableIterator<never>}
 */
function refusing(refuse) {
  let done = false;
  return {
    next() {
      if (done) return Promise.resolve({ value: undefined, done: true });
      done = true;
      return Promise.reject(refuse());
    },
    /** @param {unknown} [value] */
    return(value) {
      done = true;
      return Promise.resolve({ value, done: true });
    },
    [Symbol.asyncIterator]() { return this; },
  };
}

/**
 * Gives the prototype of `probe`'s class (the glue's `ResellersClient`) the
 * inspect view and the freeing `free()`, then frees `probe`.
 * @param {any} probe A throwaway instance (any: the glue's class, reached through it).
 * @param {new (fields: unknown) => Error} ErrorClass `ResellersError`.
 * @returns {void}
 */
export function describeClients(probe, ErrorClass) {
  const proto = Object.getPrototypeOf(probe);
  const free = proto.free;
  free.call(probe);
  const name = proto.constructor.name;
  // Every method, read now: a method added to the Rust class is covered too.
  // The synchronous ones are named below; every other method is a call that
  // returns a promise.
  const methods = Object.getOwnPropertyNames(proto).filter((key) => key !== 'constructor' && key !== 'free' && typeof proto[key] === 'function');
  const refuse = () => new ErrorClass(FREED);
  // The glue's toJSON gives JSON text (src/js/client.rs `to_json`): parsed here.
  const text = proto.toJSON;
  proto.toJSON = function () { return JSON.parse(text.call(this)); };
  /** @type {WeakSet<object>} */
  const freed = new WeakSet();
  /**
   * `ResellersClient { accountId: …, baseUrl: …, timeoutMs: …, maxRetries: … }`.
   * @this {any}
   * @param {number} _depth
   * @param {object} options
   * @param {((value: unknown, options: object) => string) | undefined} inspect Node's own (Node >= 16.14).
   * @returns {unknown}
   */
  proto[INSPECT] = function (_depth, options, inspect) {
    const view = this.toJSON();
    return typeof inspect === 'function' ? `${name} ${inspect(view, options)}` : view;
  };
  /**
   * Releases the client's wasm memory; its calls in flight finish, and its
   * `withAccount` clients keep working. Any call after it fails with
   * `CLIENT_FREED`; a second `free()` does nothing.
   * @this {any}
   * @returns {void}
   */
  function release() {
    if (freed.has(this)) return;
    const view = { ...this.toJSON(), freed: true };
    free.call(this);
    freed.add(this);
    /** @type {(key: string, value: Function) => void} */
    const own = (key, value) => { Object.defineProperty(this, key, { value, writable: true, configurable: true }); };
    for (const key of methods) {
      if (key === 'toJSON') own(key, () => view);
      else if (key === 'withAccount') own(key, () => { throw refuse(); });
      else if (key === 'iteratePackages') own(key, () => refusing(refuse));
      else own(key, () => Promise.reject(refuse()));
    }
  }
  proto.free = release;
  // `using client = new ResellersClient(…)` calls it too (the glue set the old `free` there).
  const dispose = /** @type {{ dispose?: symbol }} */ (/** @type {unknown} */ (Symbol)).dispose;
  if (typeof dispose === 'symbol') proto[dispose] = release;
}
