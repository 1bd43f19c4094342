// @ts-check
// `sandbox.fetch`: the in-process, fetch-compatible function of a `Sandbox`
// (src/js/sandbox.rs imports this module with `#[wasm_bindgen(module = ...)]`),
// and the one `console.warn` the sandbox makes after recovering from a trap.
//
// Why JS and not a Rust future: `fetch` calls into the wasm engine, and a
// trap there (a panic, which aborts) must reject this call's promise. Thrown
// inside a Rust future, it would escape wasm-bindgen-futures' executor as an
// uncaught exception and stall every later future. An async JS function
// catches it and settles. It also honours the abort signal, before the engine
// is called and during a `delayMs` fault, with a timer it clears, so no timer
// outlives its call (a pending timer keeps Node and workerd alive).
//
// The build ships this file twice (scripts/snippets.mjs): as is for the web
// glue, and rewritten to CommonJS inside the nodejs glue. So it stays one ES
// module of `export function|const NAME` declarations, with no imports.

/**
 * What the engine answers for one request: src/js/sandbox.rs `raw_answer`,
 * typed `RawSandboxResponse` in the package's .d.ts.
 * @typedef {object} RawSandboxResponse
 * @property {number} status
 * @property {string[]} headers Flat `[name, value, name, value, ...]`.
 * @property {Uint8Array<ArrayBuffer>} body
 * @property {number} delayMs Wait this long before answering (fault injection).
 * @property {boolean} reset Drop the connection without answering (fault injection).
 */

/**
 * The engine's raw entry point, a closure made by src/js/sandbox.rs.
 * @callback RawHandler
 * @param {string} method
 * @param {string} url
 * @param {string[]} headers Flat `[name, value, name, value, ...]`.
 * @param {Uint8Array} body
 * @returns {RawSandboxResponse}
 */

/**
 * A fetch-compatible function.
 * @callback Fetch
 * @param {RequestInfo | URL} input
 * @param {RequestInit} [init]
 * @returns {Promise<Response>}
 */

/** Statuses whose Response must have a null body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * The message of whatever was thrown, without throwing again.
 * @param {unknown} error
 * @returns {string}
 */
function describe(error) {
  try {
    const message =
      error !== null && (typeof error === 'object' || typeof error === 'function')
        ? /** @type {{ message?: unknown }} */ (error).message
        : undefined;
    return typeof message === 'string' ? message : String(error);
  } catch {
    return 'an unprintable error';
  }
}

/**
 * What an aborted fetch rejects with: the signal's reason, else an AbortError.
 * @param {AbortSignal} signal
 * @returns {unknown}
 */
function abortReason(signal) {
  return signal.reason !== undefined ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
}

/**
 * fetch rejects with a TypeError when it cannot make a request of its arguments.
 * @param {unknown} error
 * @param {string} what
 * @returns {TypeError}
 */
function asTypeError(error, what) {
  return error instanceof TypeError ? error : new TypeError(`sandbox.fetch: ${what}: ${describe(error)}`, { cause: error });
}

/**
 * Waits `ms` for a delay fault. An abort rejects at once and clears the timer;
 * so does a signal that cannot take a listener: no timer outlives the call.
 * @param {number} ms
 * @param {AbortSignal | null | undefined} signal
 * @returns {Promise<void>}
 */
function delay(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(abortReason(signal));
    /** @type {(() => void) | undefined} */
    let onAbort;
    const timer = setTimeout(() => {
      if (signal && onAbort) {
        try {
          signal.removeEventListener('abort', onAbort);
        } catch {}
      }
      resolve();
    }, ms);
    if (!signal) return;
    onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    try {
      signal.addEventListener('abort', onAbort, { once: true });
    } catch (error) {
      clearTimeout(timer);
      reject(asTypeError(error, 'the signal takes no abort listener'));
    }
  });
}

/**
 * The in-process fetch over `handle(method, url, headers, body)`, the engine's
 * raw entry point. An async function: it never throws synchronously, and
 * whatever fails (a bad input, a trap in the engine) rejects its promise.
 * @param {RawHandler} handle
 * @returns {Fetch}
 */
export function sandboxFetch(handle) {
  return async function fetch(input, init) {
    /** @type {Request} */
    let request;
    try {
      request = input instanceof Request && init === undefined ? input : new Request(input, init);
    } catch (error) {
      throw asTypeError(error, 'cannot make a request of the arguments');
    }
    // The request's signal follows init.signal and is the input Request's own otherwise.
    /** @type {AbortSignal | null | undefined} */
    const signal = request.signal;
    if (signal && signal.aborted) throw abortReason(signal);
    /** @type {string[]} */
    const headers = [];
    request.headers.forEach((value, name) => {
      headers.push(name, value);
    });
    const body = new Uint8Array(await request.arrayBuffer());
    if (signal && signal.aborted) throw abortReason(signal);
    /** @type {RawSandboxResponse} */
    let answer;
    try {
      answer = handle(request.method, request.url, headers, body);
    } catch (error) {
      throw new TypeError(`fetch failed: the sandbox engine failed: ${describe(error)}`, { cause: error });
    }
    if (answer.delayMs > 0) await delay(answer.delayMs, signal);
    if (answer.reset) throw new TypeError('fetch failed: the sandbox reset the connection (injected fault)');
    /** @type {[string, string][]} */
    const pairs = [];
    for (let i = 0; i + 1 < answer.headers.length; i += 2) {
      pairs.push([/** @type {string} */ (answer.headers[i]), /** @type {string} */ (answer.headers[i + 1])]);
    }
    // fetch rejects with a TypeError when it cannot deliver an answer, so a
    // Response that cannot be built (a status or header the engine should
    // never produce) is one too, never the constructor's RangeError.
    try {
      return new Response(NULL_BODY.has(answer.status) ? null : answer.body, { status: answer.status, headers: pairs });
    } catch (error) {
      throw new TypeError(`fetch failed: the sandbox's answer is not a valid Response: ${describe(error)}`, { cause: error });
    }
  };
}

/**
 * `console.warn(message)`, which must not throw into the engine (a host may
 * have no console, or one that throws).
 * @param {string} message
 * @returns {void}
 */
export function warnRecovered(message) {
  try {
    console.warn(message);
  } catch {}
}
