// @ts-check
// The call driver's JS (src/js/driver.rs imports this module with
// `#[wasm_bindgen(module = ...)]`): `drive`, the loop that runs a whole call
// over the wasm call machine, and the one attempt of a request it sends.
//
// Why JS and not Rust futures: one attempt is a few lines of JS. The global
// `fetch` gets a URL and a plain init (no `Request` to build twice, no header
// crossings one by one); `fetch`, `setTimeout` and `AbortController` are
// reached as globals, without `window`, so the same code runs in Node,
// Workers and browsers. A timer and the caller's `AbortSignal` abort the
// attempt, body included, and it is also raced against them, so even a
// `fetch` that ignores its signal cannot hang a call; every timer and
// listener is gone when the attempt settles. The attempt reports to its job
// (`answered` or `failed`, which give the machine's next code), so nothing is
// allocated to carry its result, and a call costs a few crossings into wasm
// and no Rust future.
//
// The build ships this file twice (scripts/snippets.mjs): as is for the web
// glue, and rewritten to CommonJS inside the nodejs glue. So it stays one ES
// module of `export class|function|const NAME` declarations, with no imports.

/**
 * How an attempt failed, as `job.failed` takes it.
 * @typedef {object} Failure
 * @property {string} kind `timeout`, `aborted` or `network`.
 * @property {boolean} sent Whether the request may have reached the server.
 * @property {string} [message]
 * @property {string} [cause] The thrown value's chain (see `chainOf`).
 */

/**
 * One request to attempt, and where its outcome goes (src/js/driver.rs
 * `CallDriver`): `answered` and `failed` give the machine's next code.
 * @typedef {object} AttemptJob
 * @property {() => string} request Method, URL, then header names and values, one per line.
 * @property {() => Uint8Array<ArrayBuffer> | undefined} body
 * @property {() => number} timeout The bound of the attempt in ms.
 * @property {(status: number, requestId: string | undefined, retryAfter: string | undefined, location: string | undefined, date: string | undefined, bytes: Uint8Array | undefined, now: number, random: number) => number} answered
 *   The response; `bytes` is undefined past the body limit.
 * @property {(kind: string, sent: boolean, message: string | undefined, now: number, random: number, cause: string | undefined) => number} failed
 */

/**
 * A whole call as `drive` runs it: src/js/driver.rs `CallDriver`.
 * @typedef {AttemptJob & { slept: () => number, finish: () => string, free: () => void }} CallDriver
 *   `slept` reports the wait over and gives the next code; `finish` gives the
 *   answer's JSON text or throws the `ResellersError`; `free` releases it.
 */

/**
 * The `fetch` option of the client: a fetch-compatible function given one `Request`.
 * @callback CustomFetch
 * @param {Request} request
 * @returns {Promise<Response>}
 */

/**
 * A thrown value in words: its message (or the value, when a string), then
 * its cause's when that says more; without the trailing period.
 * @param {any} error Anything thrown (any: probed for `message` and `cause`).
 * @returns {string}
 */
const describe = (error) => {
  // A getter that throws is no text (it must not end the call elsewhere).
  /** @type {(read: () => any) => string | undefined} */
  const text = (read) => {
    try {
      const value = read();
      return typeof value === 'string' ? value : value && typeof value.message === 'string' ? value.message : undefined;
    } catch (_) {
      return undefined;
    }
  };
  const message = (text(() => error) || 'fetch failed').trim().replace(/\.$/, '');
  const cause = text(() => error.cause);
  return cause && cause !== message ? `${message} (${cause})` : message;
};
// A network failure's original error is kept as the `cause` of the
// ResellersError, but not as the thrown object itself: its message may quote
// the API key (a custom fetch's own error, a proxy's text), and no piece of
// the key may reach anything the package produces. So the chain is copied as
// text (name, message and code of each error, outermost first, at most
// CAUSE_DEPTH deep and CAUSE_CHARS characters each), redacted in wasm with the
// rest of the error, and rebuilt here as plain Error objects (`withCause`).
// NUL joins the fields: the key (visible ASCII) never holds one, so no
// redacted run can cross from one field into another.
const CAUSE_DEPTH = 4;
const CAUSE_CHARS = 1000;
/**
 * The chain of a thrown value as one string for wasm, or undefined when it
 * is not an object (a thrown string is in the message already). Nothing
 * thrown by a getter along the way escapes.
 * @param {unknown} error
 * @returns {string | undefined}
 */
function chainOf(error) {
  /** @type {(value: unknown) => string} */
  const field = (value) => (typeof value === 'string' ? value.slice(0, CAUSE_CHARS).split('\0').join(' ') : '');
  /** @type {string[]} */
  const fields = [];
  /** @type {any} */
  let value = error;
  for (let depth = 0; depth < CAUSE_DEPTH && value !== null && typeof value === 'object'; depth++) {
    try {
      fields.push(field(value.name) || 'Error', field(value.message), field(value.code));
      value = value.cause;
    } catch (_) {
      // A getter that throws ends the chain there.
      break;
    }
  }
  return fields.length > 0 ? fields.join('\0') : undefined;
}
// The built-in classes a copy can be made of, so it prints as the original.
const ERROR_CLASSES = [TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError];
/**
 * Gives `error` (a ResellersError) a `cause`: the redacted chain from
 * `chainOf`, as Error objects with the original's name, message and code,
 * each the `cause` of the one before. Their `stack` is only their first
 * line: the original frames are not kept. `cause` is set as `new Error(m,
 * { cause })` sets it (own, not enumerable).
 * @param {Error} error
 * @param {string} chain
 * @returns {void}
 */
export function withCause(error, chain) {
  const fields = chain.split('\0');
  /** @type {Error | undefined} */
  let cause;
  for (let at = fields.length - fields.length % 3 - 3; at >= 0; at -= 3) {
    const [name, message, code] = fields.slice(at, at + 3);
    const Class = ERROR_CLASSES.find((known) => known.name === name) || Error;
    const copy = new Class(message);
    if (copy.name !== name) Object.defineProperty(copy, 'name', { value: name, writable: true, configurable: true });
    copy.stack = `${name}: ${message}`;
    if (code) Object.assign(copy, { code });
    if (cause) Object.defineProperty(copy, 'cause', { value: cause, writable: true, configurable: true });
    cause = copy;
  }
  if (cause) Object.defineProperty(error, 'cause', { value: cause, writable: true, configurable: true });
}
/**
 * Resolves after `ms` milliseconds, or at once when `signal` aborts; its
 * timer and listener are gone when it resolves.
 * @param {number} ms
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<void>}
 */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    const done = () => { clearTimeout(timer); if (signal) signal.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    if (signal) signal.addEventListener('abort', done, { once: true });
  });
}
/** @type {Failure} */
const TIMED_OUT = { kind: 'timeout', sent: true };
/** @type {Failure} */
const ABORTED = { kind: 'aborted', sent: true };
/** @type {Failure} */
const NOT_A_RESPONSE = { kind: 'network', sent: true, message: 'fetch resolved to something that is not a Response' };
// The body's bytes, counted as they arrive (after any decoding), or
// undefined past `limit`: the stream is cancelled there, so a small gzip or
// brotli bomb never grows to its decoded size, and wasm gets at most `limit`
// bytes. A response without a body stream (some custom fetches) is read whole.
/**
 * @param {Response} response
 * @param {number} limit
 * @returns {Promise<Uint8Array | undefined>}
 */
async function read(response, limit) {
  // Typed as unknown chunks: a custom fetch's stream may give anything.
  const stream = /** @type {ReadableStream<unknown> | null} */ (response.body);
  if (!stream || typeof stream.getReader !== 'function') {
    const whole = new Uint8Array(await response.arrayBuffer());
    return whole.byteLength > limit ? undefined : whole;
  }
  const reader = stream.getReader();
  /** @type {Uint8Array[]} */
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!ArrayBuffer.isView(value)) throw new TypeError('the body stream gave something that is not bytes');
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      return undefined;
    }
    // Another realm's Uint8Array (a jest sandbox) or another view: its bytes, not copied.
    chunks.push(value instanceof Uint8Array ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(size);
  size = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, size);
    size += chunk.byteLength;
  }
  return bytes;
}
// One attempt of `job`'s request; reports to the job and gives its next code.
// `limit` is the most body bytes read (MAX_RESPONSE_BYTES); past it the
// answer is reported with no body, which the job takes as too large.
/**
 * @param {AttemptJob} job
 * @param {CustomFetch | undefined} custom The client's `fetch` option, or undefined for the global `fetch`.
 * @param {AbortSignal | undefined} signal The caller's signal, if any.
 * @param {number} limit
 * @returns {Promise<number>} The machine's next code.
 */
async function attempt(job, custom, signal, limit) {
  /** @type {(failure: Failure) => number} */
  const fail = (failure) => job.failed(failure.kind, failure.sent, failure.message, Date.now(), Math.random(), failure.cause);
  if (signal && signal.aborted) return fail({ kind: 'aborted', sent: false });
  // One string from wasm: method, URL, then header names and values, one per line.
  const lines = job.request().split('\n');
  /** @type {[string, string][]} */
  const headers = [];
  for (let i = 2; i + 1 < lines.length; i += 2) headers.push([lines[i], lines[i + 1]]);
  const body = job.body();
  const controller = new AbortController();
  let fired = false;
  /** @type {(() => void) | undefined} */
  let onAbort;
  /** @type {(failure: Failure) => void} */
  let stopWith;
  /** @type {Promise<never>} */
  const stop = new Promise((_, reject) => { stopWith = reject; });
  stop.catch(() => {});
  const timer = setTimeout(() => { fired = true; controller.abort(); stopWith(TIMED_OUT); }, job.timeout());
  if (signal) {
    onAbort = () => { controller.abort(); stopWith(ABORTED); };
    signal.addEventListener('abort', onAbort, { once: true });
  }
  let status, requestId, retryAfter, location, date, bytes;
  try {
    /** @type {RequestInit} */
    const init = { method: lines[0], headers, redirect: 'manual', signal: controller.signal };
    if (body) init.body = body;
    let pending;
    try {
      pending = custom ? custom(new Request(lines[1], init)) : fetch(lines[1], init);
    } catch (error) {
      return fail({ kind: 'network', sent: Boolean(custom), message: describe(error), cause: chainOf(error) });
    }
    const response = await Promise.race([pending, stop]);
    if (!response || typeof response.status !== 'number' || !response.headers || typeof response.headers.get !== 'function') {
      throw NOT_A_RESPONSE;
    }
    // Retry-After and Location matter only off the 2xx path; the request id
    // is kept for errors, a garbled 2xx included.
    status = response.status;
    /** @type {(name: string) => string | undefined} */
    const header = (name) => response.headers.get(name) ?? undefined;
    requestId = header('x-wix-request-id');
    // The server's clock, for a reconciliation's createdDate comparison.
    date = header('date');
    if (status < 200 || status > 299) {
      retryAfter = header('retry-after');
      location = header('location');
    }
    bytes = await Promise.race([read(response, limit), stop]);
    // Past the limit: nothing more of this answer is wanted.
    if (bytes === undefined) controller.abort();
  } catch (/** @type {any} */ error) {
    if (error && typeof error.kind === 'string' && typeof error.sent === 'boolean') return fail(error);
    if (fired) return fail(TIMED_OUT);
    // Only the timer and the caller abort our controller; any other abort
    // (a custom fetch's own) is a network failure, retried like one.
    if ((signal && signal.aborted) || controller.signal.aborted) return fail(ABORTED);
    return fail({ kind: 'network', sent: true, message: describe(error), cause: chainOf(error) });
  } finally {
    clearTimeout(timer);
    if (onAbort && signal) signal.removeEventListener('abort', onAbort);
  }
  return job.answered(status, requestId, retryAfter, location, date, bytes, Date.now(), Math.random());
}
// Runs one call: the wasm call machine decides, this loop sends and waits.
// Codes from the machine: -1 send, -2 over (finish() gives the answer's
// text or throws the ResellersError), >= 0 wait that many ms and report.
// Mode 0 resolves to the answer, 1 to its `package`, 2 to the finished job
// itself (for the pager, which reads the result in wasm).
/**
 * @param {CallDriver} job
 * @param {CustomFetch | undefined} custom
 * @param {AbortSignal | undefined} signal
 * @param {number} mode
 * @param {number} limit
 * @returns {Promise<unknown>}
 */
export async function drive(job, custom, signal, mode, limit) {
  // Whatever goes wrong in an attempt is reported to the machine as a
  // network failure: the call, and a pager waiting for its page, always end.
  const send = async () => {
    try {
      return await attempt(job, custom, signal, limit);
    } catch (error) {
      return job.failed('network', true, describe(error), Date.now(), Math.random(), chainOf(error));
    }
  };
  let keep = false;
  try {
    let code = await send();
    for (;;) {
      if (code === -1) {
        code = await send();
      } else if (code >= 0) {
        await sleep(code, signal);
        code = job.slept();
      } else if (mode === 2) {
        keep = true;
        return job;
      } else {
        const answer = JSON.parse(job.finish());
        return mode === 1 ? answer.package : answer;
      }
    }
  } finally {
    if (!keep) job.free();
  }
}
