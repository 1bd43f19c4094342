//! The `fetch` transport for JS runtimes (Node 18+, Cloudflare Workers,
//! browsers). It reaches the global `fetch`, `setTimeout` and `clearTimeout`
//! through extern bindings rather than `window`, so the same code runs
//! everywhere; or it calls a `fetch`-compatible function given in the
//! options (how the in-process `sandbox.fetch` plugs in).
//!
//! Each attempt has its own `AbortController` and timer. The timer bounds
//! the whole attempt, body included, by racing it (so even a custom `fetch`
//! that ignores the signal cannot hang a call), and it is cleared as soon as
//! the attempt settles. Redirects are not followed, so the API key never
//! travels to another host.

use super::{Transport, TransportError};
use crate::http::{HttpRequest, HttpResponse};
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, RequestRedirect, Response};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(request: &Request) -> Result<Promise, JsValue>;
}

// The timers are a few lines of JS: written in Rust, every closure handed to
// `setTimeout` and `new Promise` brings its own wasm-bindgen glue.
#[wasm_bindgen(inline_js = r#"
export function sleep(ms) {
  return new Promise((resolve) => { setTimeout(resolve, ms); });
}
export function startDeadline(controller, ms) {
  const deadline = { fired: false, handle: undefined, marker: {}, promise: undefined };
  deadline.promise = new Promise((resolve) => {
    deadline.handle = setTimeout(() => {
      deadline.fired = true;
      controller.abort();
      resolve(deadline.marker);
    }, ms);
  });
  return deadline;
}
export function raceDeadline(deadline, work) { return Promise.race([work, deadline.promise]); }
export function isDeadlineMarker(deadline, value) { return value === deadline.marker; }
export function deadlineFired(deadline) { return deadline.fired; }
export function clearDeadline(deadline) { clearTimeout(deadline.handle); }
"#)]
extern "C" {
    fn sleep(ms: f64) -> Promise;

    #[wasm_bindgen(js_name = startDeadline)]
    fn start_deadline(controller: &AbortController, ms: f64) -> JsValue;

    #[wasm_bindgen(js_name = raceDeadline)]
    fn race_deadline(deadline: &JsValue, work: &Promise) -> Promise;

    #[wasm_bindgen(js_name = isDeadlineMarker)]
    fn is_deadline_marker(deadline: &JsValue, value: &JsValue) -> bool;

    #[wasm_bindgen(js_name = deadlineFired)]
    fn deadline_fired(deadline: &JsValue) -> bool;

    #[wasm_bindgen(js_name = clearDeadline)]
    fn clear_deadline(deadline: &JsValue);
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
    let _ = JsFuture::from(sleep(ms.min(MAX_TIMER_MS) as f64)).await;
}

/// Sends requests with `fetch`.
#[derive(Clone, Debug, Default)]
pub struct FetchTransport {
    fetch: Option<Function>,
}

impl FetchTransport {
    /// Uses the runtime's global `fetch`.
    pub fn global() -> FetchTransport {
        FetchTransport { fetch: None }
    }

    /// Uses `fetch`, called with one `Request`, instead of the global.
    pub fn with_fetch(fetch: Function) -> FetchTransport {
        FetchTransport { fetch: Some(fetch) }
    }

    fn start(&self, request: &Request) -> Result<Promise, TransportError> {
        match &self.fetch {
            // A synchronous throw from the global fetch means nothing left.
            None => global_fetch(request)
                .map_err(|error| TransportError::network(describe(&error)).not_sent()),
            // A custom function may have done anything before throwing.
            Some(fetch) => fetch
                .call1(&JsValue::UNDEFINED, request)
                .map(|value| Promise::resolve(&value))
                .map_err(|error| TransportError::network(describe(&error))),
        }
    }
}

/// The per-attempt deadline: a JS timer that aborts the request and settles
/// a promise with a private marker, cleared when the attempt is over.
struct Deadline(JsValue);

impl Deadline {
    fn start(controller: &AbortController, timeout_ms: u64) -> Deadline {
        Deadline(start_deadline(
            controller,
            timeout_ms.min(MAX_TIMER_MS) as f64,
        ))
    }

    /// Awaits `work` or the deadline, whichever settles first.
    async fn race(&self, work: &Promise) -> Result<JsValue, TransportError> {
        match JsFuture::from(race_deadline(&self.0, work)).await {
            Ok(value) if is_deadline_marker(&self.0, &value) => Err(TransportError::timeout()),
            Ok(value) => Ok(value),
            Err(_) if deadline_fired(&self.0) => Err(TransportError::timeout()),
            Err(error) if is_abort(&error) => Err(TransportError::aborted()),
            Err(error) => Err(TransportError::network(describe(&error))),
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        clear_deadline(&self.0);
    }
}

impl Transport for FetchTransport {
    async fn send(
        &self,
        request: HttpRequest,
        timeout_ms: u64,
    ) -> Result<HttpResponse, TransportError> {
        let unsent = |error: JsValue| TransportError::network(describe(&error)).not_sent();
        let controller = AbortController::new().map_err(unsent)?;
        let headers = Headers::new().map_err(unsent)?;
        for (name, value) in &request.headers {
            headers.append(name, value).map_err(unsent)?;
        }
        let init = RequestInit::new();
        init.set_method(&request.method);
        init.set_headers(&headers);
        init.set_redirect(RequestRedirect::Manual);
        init.set_signal(Some(&controller.signal()));
        if !request.body.is_empty() {
            init.set_body(&Uint8Array::from(request.body.as_slice()));
        }
        let js_request = Request::new_with_str_and_init(&request.path, &init).map_err(unsent)?;

        let deadline = Deadline::start(&controller, timeout_ms);
        let answer = deadline.race(&self.start(&js_request)?).await?;
        if !Reflect::get(&answer, &JsValue::from_str("status"))
            .map(|status| status.as_f64().is_some())
            .unwrap_or(false)
        {
            return Err(TransportError::network(
                "fetch resolved to something that is not a Response",
            ));
        }
        // Structural calls: a Response-like object from a polyfill works too.
        let response: Response = answer.unchecked_into();
        let status = response.status();
        let response_headers = response.headers();
        let kept = KEPT_HEADERS
            .iter()
            .filter_map(|name| {
                response_headers
                    .get(name)
                    .ok()
                    .flatten()
                    .map(|value| ((*name).to_owned(), value))
            })
            .collect();
        let body_promise = response
            .array_buffer()
            .map_err(|error| TransportError::network(describe(&error)))?;
        let buffer = deadline.race(&body_promise).await?;
        Ok(HttpResponse {
            status,
            headers: kept,
            body: Uint8Array::new(&buffer).to_vec(),
            ..HttpResponse::default()
        })
    }

    async fn sleep(&self, ms: u64) {
        sleep_ms(ms).await;
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random_unit(&self) -> f64 {
        js_sys::Math::random()
    }
}

fn is_abort(error: &JsValue) -> bool {
    Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|name| name.as_string())
        .is_some_and(|name| name == "AbortError")
}

/// A rejection's message, with Node's `cause` (`connect ECONNREFUSED ...`).
fn describe(error: &JsValue) -> String {
    let text = |value: &JsValue| -> Option<String> {
        value.as_string().or_else(|| {
            Reflect::get(value, &JsValue::from_str("message"))
                .ok()
                .and_then(|message| message.as_string())
        })
    };
    let message = text(error).unwrap_or_else(|| "fetch failed".to_owned());
    let cause = Reflect::get(error, &JsValue::from_str("cause"))
        .ok()
        .filter(|cause| !cause.is_undefined() && !cause.is_null())
        .and_then(|cause| text(&cause));
    match cause {
        Some(cause) if !cause.is_empty() && cause != message => format!("{message} ({cause})"),
        _ => message,
    }
}
