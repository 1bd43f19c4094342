//! The `fetch` transport for JS runtimes (Node 18+, Cloudflare Workers,
//! browsers). One attempt runs in a few lines of inline JS that reach the
//! global `fetch`, `setTimeout` and `AbortController` without `window`, so
//! the same code runs everywhere; or it calls a `fetch`-compatible function
//! given in the options (how the in-process `sandbox.fetch` plugs in), with
//! one `Request`.
//!
//! Each attempt has its own `AbortController` and timer. The timer bounds
//! the whole attempt, body included, by racing it (so even a custom `fetch`
//! that ignores the signal cannot hang a call); a caller's `AbortSignal`
//! cancels at once; both are cleared as soon as the attempt settles.
//! Redirects are not followed, so the API key never travels to another host.

use super::{Transport, TransportError};
use crate::http::{HttpRequest, HttpResponse};
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
// One attempt is a few lines of JS: the global `fetch` gets a URL and a plain
// init (no `Request` to build twice, no header crossings one by one), a timer
// bounds the whole attempt, body included, by racing it (so even a custom
// `fetch` that ignores the signal cannot hang a call), the caller's
// `AbortSignal` cancels at once, and every timer and listener is gone when
// the attempt settles. Failures are thrown as `{ kind, sent, message }`.
#[wasm_bindgen(inline_js = r#"
const describe = (error) => {
  const text = (value) => (typeof value === 'string' ? value : value && typeof value.message === 'string' ? value.message : undefined);
  const message = (text(error) || 'fetch failed').trim().replace(/\.$/, '');
  const cause = error && error.cause ? text(error.cause) : undefined;
  return cause && cause !== message ? `${message} (${cause})` : message;
};
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    const done = () => { clearTimeout(timer); if (signal) signal.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    if (signal) signal.addEventListener('abort', done, { once: true });
  });
}
export async function attempt(custom, signal, url, method, flatHeaders, body, ms, kept) {
  if (signal && signal.aborted) throw { kind: 'aborted', sent: false };
  const controller = new AbortController();
  const headers = [];
  for (let i = 0; i + 1 < flatHeaders.length; i += 2) headers.push([flatHeaders[i], flatHeaders[i + 1]]);
  let timer, onAbort, fired = false;
  const stop = new Promise((_, reject) => {
    timer = setTimeout(() => { fired = true; controller.abort(); reject({ kind: 'timeout', sent: true }); }, ms);
    if (signal) {
      onAbort = () => { controller.abort(); reject({ kind: 'aborted', sent: true }); };
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  stop.catch(() => {});
  const race = (work) => Promise.race([work, stop]);
  try {
    const init = { method, headers, redirect: 'manual', signal: controller.signal };
    if (body) init.body = body;
    let pending;
    try {
      pending = custom ? custom(new Request(url, init)) : fetch(url, init);
    } catch (error) {
      throw { kind: 'network', sent: Boolean(custom), message: describe(error) };
    }
    const response = await race(Promise.resolve(pending));
    if (!response || typeof response.status !== 'number' || !response.headers) {
      throw { kind: 'network', sent: true, message: 'fetch resolved to something that is not a Response' };
    }
    const keptHeaders = [];
    for (const name of kept) {
      const value = response.headers.get(name);
      if (value !== null) keptHeaders.push(name, value);
    }
    const buffer = await race(response.arrayBuffer());
    return { status: response.status, headers: keptHeaders, body: new Uint8Array(buffer) };
  } catch (error) {
    if (error && typeof error.kind === 'string' && typeof error.sent === 'boolean') throw error;
    if (fired) throw { kind: 'timeout', sent: true };
    if ((signal && signal.aborted) || (error && error.name === 'AbortError')) throw { kind: 'aborted', sent: true };
    throw { kind: 'network', sent: true, message: describe(error) };
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
"#)]
extern "C" {
    fn sleep(ms: f64, signal: &JsValue) -> Promise;

    #[allow(clippy::too_many_arguments)]
    fn attempt(
        custom: &JsValue,
        signal: &JsValue,
        url: &str,
        method: &str,
        headers: Vec<String>,
        body: &JsValue,
        ms: f64,
        kept: Vec<String>,
    ) -> Promise;
}

/// JS timers fire at once for delays beyond 2^31-1 ms.
const MAX_TIMER_MS: u64 = 2_147_483_647;

/// Response headers the pipeline reads.
const KEPT_HEADERS: [&str; 4] = [
    "x-wix-request-id",
    "retry-after",
    "location",
    "content-type",
];

/// Resolves after `ms` milliseconds, through the global `setTimeout`.
pub async fn sleep_ms(ms: u64) {
    let _ = JsFuture::from(sleep(ms.min(MAX_TIMER_MS) as f64, &JsValue::UNDEFINED)).await;
}

/// Sends requests with `fetch`.
#[derive(Clone, Debug, Default)]
pub struct FetchTransport {
    fetch: Option<Function>,
    signal: Option<JsValue>,
}

impl FetchTransport {
    /// Uses the runtime's global `fetch`.
    pub fn global() -> FetchTransport {
        FetchTransport::default()
    }

    /// Uses `fetch`, called with one `Request`, instead of the global.
    pub fn with_fetch(fetch: Function) -> FetchTransport {
        FetchTransport {
            fetch: Some(fetch),
            signal: None,
        }
    }

    /// The same transport, cancelled by the caller's `AbortSignal` (one call).
    pub fn with_signal(&self, signal: JsValue) -> FetchTransport {
        FetchTransport {
            fetch: self.fetch.clone(),
            signal: Some(signal),
        }
    }
}

/// Reads a field of the plain objects the JS side returns or throws.
fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// The `{ kind, sent, message }` an attempt throws, as a transport error.
fn failure(thrown: &JsValue) -> TransportError {
    let sent = field(thrown, "sent").as_bool().unwrap_or(true);
    let error = match field(thrown, "kind").as_string().as_deref() {
        Some("timeout") => TransportError::timeout(),
        Some("aborted") => TransportError::aborted(),
        _ => TransportError::network(
            field(thrown, "message")
                .as_string()
                .unwrap_or_else(|| "fetch failed".to_owned()),
        ),
    };
    if sent {
        error
    } else {
        error.not_sent()
    }
}

impl Transport for FetchTransport {
    async fn send(
        &self,
        request: HttpRequest,
        timeout_ms: u64,
    ) -> Result<HttpResponse, TransportError> {
        let headers = request
            .headers
            .into_iter()
            .flat_map(|(name, value)| [name, value])
            .collect();
        let body = if request.body.is_empty() {
            JsValue::UNDEFINED
        } else {
            Uint8Array::from(request.body.as_slice()).into()
        };
        let custom = self.fetch.clone().map_or(JsValue::UNDEFINED, JsValue::from);
        let signal = self.signal.clone().unwrap_or(JsValue::UNDEFINED);
        let kept = KEPT_HEADERS.iter().map(|name| (*name).to_owned()).collect();
        let answer = JsFuture::from(attempt(
            &custom,
            &signal,
            &request.path,
            &request.method,
            headers,
            &body,
            timeout_ms.min(MAX_TIMER_MS) as f64,
            kept,
        ))
        .await
        .map_err(|thrown| failure(&thrown))?;
        let status = field(&answer, "status").as_f64().unwrap_or(0.0) as u16;
        let flat: js_sys::Array = field(&answer, "headers").unchecked_into();
        let mut kept_headers = Vec::new();
        for index in (0..flat.length()).step_by(2) {
            if let (Some(name), Some(value)) =
                (flat.get(index).as_string(), flat.get(index + 1).as_string())
            {
                kept_headers.push((name, value));
            }
        }
        let body: Uint8Array = field(&answer, "body").unchecked_into();
        Ok(HttpResponse {
            status,
            headers: kept_headers,
            body: body.to_vec(),
            ..HttpResponse::default()
        })
    }

    async fn sleep(&self, ms: u64) {
        // The caller's signal ends the wait early; the next attempt then
        // sees it aborted and stops.
        let signal = self.signal.clone().unwrap_or(JsValue::UNDEFINED);
        let _ = JsFuture::from(sleep(ms.min(MAX_TIMER_MS) as f64, &signal)).await;
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random_unit(&self) -> f64 {
        js_sys::Math::random()
    }
}
