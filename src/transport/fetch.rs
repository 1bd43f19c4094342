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
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, RequestRedirect, Response};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(request: &Request) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
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
    let delay = ms.min(MAX_TIMER_MS) as f64;
    let timer = Promise::new(&mut |resolve: Function, _reject: Function| {
        set_timeout(&resolve, delay);
    });
    let _ = JsFuture::from(timer).await;
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

/// The per-attempt deadline: a promise that resolves to `marker` when the
/// timer fires (aborting the request), and the timer to clear afterwards.
struct Deadline {
    promise: Promise,
    marker: Object,
    fired: Rc<Cell<bool>>,
    handle: JsValue,
    _callback: Option<Closure<dyn FnMut()>>,
}

impl Deadline {
    fn start(controller: &AbortController, timeout_ms: u64) -> Deadline {
        let marker = Object::new();
        let fired = Rc::new(Cell::new(false));
        let mut handle = JsValue::UNDEFINED;
        let mut callback = None;
        let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
            let controller = controller.clone();
            let marker = marker.clone();
            let fired = Rc::clone(&fired);
            let fire = Closure::once(move || {
                fired.set(true);
                controller.abort();
                let _ = resolve.call1(&JsValue::UNDEFINED, &marker);
            });
            handle = set_timeout(
                fire.as_ref().unchecked_ref(),
                timeout_ms.min(MAX_TIMER_MS) as f64,
            );
            callback = Some(fire);
        });
        Deadline {
            promise,
            marker,
            fired,
            handle,
            _callback: callback,
        }
    }

    /// Awaits `work` or the deadline, whichever settles first.
    async fn race(&self, work: &Promise) -> Result<JsValue, TransportError> {
        let contest = Promise::race(&Array::of2(work, &self.promise));
        match JsFuture::from(contest).await {
            Ok(value) if Object::is(&value, &self.marker) => Err(TransportError::timeout()),
            Ok(value) => Ok(value),
            Err(_) if self.fired.get() => Err(TransportError::timeout()),
            Err(error) if is_abort(&error) => Err(TransportError::aborted()),
            Err(error) => Err(TransportError::network(describe(&error))),
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        // Cleared before the callback is dropped, so it can never run dropped.
        clear_timeout(&self.handle);
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
