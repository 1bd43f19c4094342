// @ts-check
// The async iterator of `iteratePackages`, over the wasm pager's `poll()`
// (src/js/client.rs imports this module with `#[wasm_bindgen(module = ...)]`).
//
// Why JS and not Rust: an async iterator is a JS protocol (`next`, `return`,
// `Symbol.asyncIterator`) that wasm-bindgen cannot export from Rust, and
// awaiting each page here costs no Rust future. `poll()` gives a package's
// JSON text, `undefined` at the end, or a promise of the page being fetched
// (handed back to the pager). Calls are chained, so a loop that does not
// await still reads each page once.
//
// The build ships this file twice (scripts/snippets.mjs): as is for the web
// glue, and rewritten to CommonJS inside the nodejs glue. So it stays one ES
// module of `export class|function|const NAME` declarations, with no imports.

/**
 * The wasm side of `iteratePackages` (src/js/client.rs `PackagePager`).
 * @typedef {object} PackagePager
 * @property {() => string | undefined | Promise<unknown>} poll The next
 *   package's JSON text, `undefined` at the end, or a promise of the page to
 *   give to `fetched`; throws a `ResellersError`.
 * @property {(page: unknown) => void} fetched The page `poll` asked for (a finished call).
 * @property {() => Error} aborted Ends the walk; the `ResellersError` `ABORTED` to throw.
 * @property {(options: unknown) => number} arrayLimit The checked `limit` of `toArray`; throws a `ResellersError`.
 * @property {() => void} free Releases the wasm object.
 */

/**
 * What `iteratePackages` returns: an async iterator with `toArray`.
 * @typedef {AsyncIterableIterator<unknown> & { toArray: (options: unknown) => Promise<unknown[]> }} PackageIterator
 */

/**
 * An async iterator of the packages `pager` reads; the pager is freed at the
 * end, on `return()`, and not before. `signal` (the caller's `AbortSignal`,
 * or undefined) ends the walk: the next step throws `ABORTED`.
 * @param {PackagePager} pager
 * @param {AbortSignal | undefined} signal
 * @returns {PackageIterator}
 */
export function makeAsyncIterable(pager, signal) {
  let tail = Promise.resolve();
  let finished = false;
  /** @returns {void} */
  const finish = () => {
    if (!finished) { finished = true; try { pager.free(); } catch (_) {} }
  };
  /** @returns {Promise<IteratorResult<unknown>>} */
  const pull = async () => {
    for (;;) {
      if (finished) return { value: undefined, done: true };
      if (signal && signal.aborted) {
        const error = pager.aborted();
        finish();
        throw error;
      }
      const step = pager.poll();
      if (typeof step === 'string') return { value: JSON.parse(step), done: false };
      if (step === undefined) { finish(); return { value: undefined, done: true }; }
      pager.fetched(await step);
    }
  };
  const iterator = {
    /** @returns {Promise<IteratorResult<unknown>>} */
    next() {
      const step = tail.then(pull);
      tail = step.then(() => undefined, () => undefined);
      return step;
    },
    /**
     * @param {unknown} [value]
     * @returns {Promise<IteratorResult<unknown>>}
     */
    return(value) {
      const step = tail.then(() => { finish(); return { value, done: true }; });
      tail = step.then(() => undefined, () => undefined);
      return step;
    },
    /** @returns {AsyncIterableIterator<unknown>} */
    [Symbol.asyncIterator]() { return this; },
    /**
     * Collects at most `limit` packages (required, 1 to 10000, as
     * stripe-node's `autoPagingToArray`), then ends the walk.
     * @param {unknown} options `{ limit }`
     * @returns {Promise<unknown[]>}
     */
    async toArray(options) {
      // Checked before anything is fetched (the pager is still alive here
      // unless the walk is over, and then there is nothing to collect).
      const limit = finished ? 0 : pager.arrayLimit(options);
      /** @type {unknown[]} */
      const out = [];
      while (out.length < limit) {
        const step = await iterator.next();
        if (step.done) break;
        out.push(step.value);
      }
      await iterator.return();
      return out;
    },
  };
  return iterator;
}
