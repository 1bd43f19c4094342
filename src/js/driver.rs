//! The binding-side driver of the call machine in JS runtimes (Node 20+,
//! Cloudflare Workers, browsers): [`CallDriver`], the handle through which a
//! few lines of JS (src/js/call_driver.mjs, whose header says why JS) run a
//! whole call. The machine ([`crate::client::machine`]) decides; `drive`
//! sends with the global `fetch` (reached without `window`, so the same code
//! runs everywhere) or with the `fetch`-compatible function given in the
//! options (how the in-process `sandbox.fetch` plugs in), and waits. A call
//! costs a few crossings into wasm and no Rust future.
//!
//! Each attempt has its own `AbortController` and timer. The timer aborts
//! the whole attempt, body included (a custom `fetch`, which may ignore the
//! signal, is raced against it too, so it cannot hang a call); a caller's
//! `AbortSignal` cancels at once; both are cleared as soon as the attempt
//! settles. Redirects are not followed, so the API key never travels to
//! another host.

use super::error::to_js_error;
use crate::client::machine::{Action, CallMachine};
use crate::client::{ResellersError, MAX_RESPONSE_BYTES};
use crate::http::{HttpRequest, HttpResponse, REQUEST_ID_HEADER};
use crate::transport::TransportError;
use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;

// The attempt and the call loop: src/js/call_driver.mjs.
#[wasm_bindgen(module = "/src/js/call_driver.mjs")]
extern "C" {
    fn drive(
        job: CallDriver,
        custom: &JsValue,
        signal: &JsValue,
        mode: u32,
        limit: f64,
        hooks: &JsValue,
    ) -> Promise;

    #[wasm_bindgen(js_name = withCause)]
    fn with_cause(error: &JsValue, chain: &str);
}

/// The core error as a JS `ResellersError`, with the `cause` of a network
/// failure: a copy of the thrown value's chain, redacted with the error.
pub(crate) fn js_error(error: &ResellersError) -> JsValue {
    let js = to_js_error(error);
    if let Some(chain) = &error.cause {
        with_cause(&js, chain);
    }
    js
}

/// JS timers fire at once for delays beyond 2^31-1 ms: the bound the
/// client puts on `timeoutMs` for that reason, and on every wait.
use crate::client::MAX_TIMEOUT_MS as MAX_TIMER_MS;

/// How a client's calls reach the network: the runtime's global `fetch`,
/// or the `fetch` option; and who hears of each attempt (the `onRequest`
/// and `onResponse` options, `undefined` when neither is given).
#[derive(Clone, Debug, Default)]
pub(crate) struct Fetcher {
    custom: Option<Function>,
    hooks: JsValue,
}

impl Fetcher {
    /// Calls `custom` with one `Request`, or the global `fetch` when `None`;
    /// `hooks` is `{ onRequest?, onResponse? }` (functions) or `undefined`.
    pub(crate) fn new(custom: Option<Function>, hooks: JsValue) -> Fetcher {
        Fetcher { custom, hooks }
    }

    fn custom(&self) -> JsValue {
        self.custom
            .clone()
            .map_or(JsValue::UNDEFINED, JsValue::from)
    }

    /// Runs `machine` to its end in JS: one promise of the answer parsed
    /// (its `package` member when `unwrap_package`), or of a rejection with
    /// the `ResellersError`. `signal`, the caller's `AbortSignal`, cancels
    /// the call at once, retries included.
    pub(crate) fn drive(
        &self,
        machine: CallMachine,
        unwrap_package: bool,
        signal: Option<&JsValue>,
    ) -> Promise {
        self.drive_in(machine, u32::from(unwrap_package), signal)
    }

    /// Runs `machine` to its end in JS; the promise resolves to the
    /// finished [`CallDriver`] (read with [`CallDriver::into_result`]).
    /// `signal` cancels it as in [`Fetcher::drive`].
    pub(crate) fn drive_to_end(&self, machine: CallMachine, signal: Option<&JsValue>) -> Promise {
        self.drive_in(machine, 2, signal)
    }

    fn drive_in(&self, machine: CallMachine, mode: u32, signal: Option<&JsValue>) -> Promise {
        let job = CallDriver {
            machine,
            finished: None,
        };
        let none = JsValue::UNDEFINED;
        let signal = signal.unwrap_or(&none);
        drive(job, &self.custom(), signal, mode, LIMIT, &self.hooks)
    }
}

/// The most body bytes an attempt reads, for JS: the client's own limit.
const LIMIT: f64 = MAX_RESPONSE_BYTES as f64;

/// The `{ kind, sent, message, cause }` an attempt throws, as a transport
/// error (`cause`: see [`TransportError::cause`]).
fn failure(
    kind: Option<&str>,
    sent: Option<bool>,
    message: Option<String>,
    cause: Option<String>,
) -> TransportError {
    let error = match kind {
        Some("timeout") => TransportError::timeout(),
        Some("aborted") => TransportError::aborted(),
        _ => TransportError {
            cause,
            ..TransportError::network(message.unwrap_or_else(|| "fetch failed".to_owned()))
        },
    };
    if sent.unwrap_or(true) {
        error
    } else {
        error.not_sent()
    }
}

/// The response an attempt resolved to, with the headers the client reads;
/// no body means it was longer than the limit, and was not read.
fn response(
    status: f64,
    request_id: &JsValue,
    retry_after: &JsValue,
    location: &JsValue,
    date: &JsValue,
    body: Option<Vec<u8>>,
) -> Result<HttpResponse, TransportError> {
    // A status outside 0..=65535 is no HTTP status: 0 is "unexpected".
    let status = if (0.0..=65535.0).contains(&status) {
        status as u16
    } else {
        0
    };
    let Some(body) = body else {
        return Err(TransportError::too_large(status, request_id.as_string()));
    };
    // A plain loop over the four (a filter_map/collect chain is ~0.2 KiB more).
    let mut headers = Vec::with_capacity(4);
    for (name, value) in [
        (REQUEST_ID_HEADER, request_id),
        ("retry-after", retry_after),
        ("location", location),
        ("date", date),
    ] {
        if let Some(value) = value.as_string() {
            headers.push((name.to_owned(), value));
        }
    }
    Ok(HttpResponse {
        status,
        headers,
        body,
        ..HttpResponse::default()
    })
}

/// The method, the URL, then each header's name and value, one per line:
/// one string crosses into JS instead of one per part. None of them can
/// hold a line break (the config refuses control characters, and a header
/// with one would be refused by `fetch` anyway).
fn request_lines(request: &HttpRequest) -> String {
    let mut lines = String::with_capacity(256);
    lines.push_str(&request.method);
    lines.push('\n');
    lines.push_str(&request.path);
    for (name, value) in &request.headers {
        lines.push('\n');
        lines.push_str(name);
        lines.push('\n');
        lines.push_str(value);
    }
    lines
}

fn body_of(request: &HttpRequest) -> JsValue {
    if request.body.is_empty() {
        JsValue::UNDEFINED
    } else {
        Uint8Array::from(request.body.as_slice()).into()
    }
}

/// Code of [`Action::Send`] for the JS loop (`drive` above spells the codes).
const SEND: f64 = -1.0;
/// Code of [`Action::Finish`] for the JS loop.
const OVER: f64 = -2.0;

/// One call as the JS loop `drive` sees it: the call machine, and its
/// result once it is over.
#[wasm_bindgen(skip_typescript)]
pub struct CallDriver {
    machine: CallMachine,
    finished: Option<Result<String, ResellersError>>,
}

impl CallDriver {
    /// The finished call's answer text or error.
    pub(crate) fn into_result(self) -> Result<String, ResellersError> {
        self.finished.unwrap_or_else(|| Err(not_over()))
    }

    fn act(&mut self, action: Action) -> f64 {
        match action {
            Action::Send => SEND,
            Action::Sleep(ms) => ms.min(MAX_TIMER_MS) as f64,
            Action::Finish(result) => {
                self.finished = Some(result);
                OVER
            }
        }
    }
}

#[wasm_bindgen]
impl CallDriver {
    /// The request to send now: method, URL, header names and values, one
    /// per line.
    pub fn request(&self) -> String {
        request_lines(self.machine.request())
    }

    /// Its body, or `undefined`.
    pub fn body(&self) -> JsValue {
        body_of(self.machine.request())
    }

    /// The call's idempotency key, for the hooks' events.
    pub fn key(&self) -> Option<String> {
        self.machine.idempotency_key().map(str::to_owned)
    }

    /// The last attempt's error code, for `onResponse`; none after an answer.
    #[wasm_bindgen(js_name = failureCode)]
    pub fn failure_code(&self) -> Option<String> {
        self.machine.last_failure().map(|(code, _)| code.clone())
    }

    /// Whether the last attempt's error is of a kind the client retries.
    #[wasm_bindgen(js_name = failureRetryable)]
    pub fn failure_retryable(&self) -> bool {
        self.machine
            .last_failure()
            .is_some_and(|(_, retryable)| *retryable)
    }

    /// The bound of the attempt in ms.
    pub fn timeout(&self) -> f64 {
        self.machine.attempt_timeout_ms().min(MAX_TIMER_MS) as f64
    }

    /// The attempt's response (no body: longer than the limit); gives the
    /// next code.
    #[allow(clippy::too_many_arguments)]
    pub fn answered(
        &mut self,
        status: f64,
        // `string | undefined`, read as JS values: one conversion for the
        // four, not wasm-bindgen's `Option<String>` code inlined for each.
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] request_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] retry_after: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] location: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | undefined")] date: JsValue,
        // A `Uint8Array` of this realm (call_driver.mjs's `read` makes
        // one), or `undefined` past the limit: copied by `to_vec`, where an
        // `Option<Vec<u8>>` parameter brought wasm-bindgen's slice code.
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | undefined")] body: JsValue,
        now: f64,
        random: f64,
    ) -> f64 {
        // `null` too, as wasm-bindgen's `Option` read it.
        let body = (!body.is_undefined() && !body.is_null())
            .then(|| body.unchecked_into::<Uint8Array>().to_vec());
        let response = response(status, &request_id, &retry_after, &location, &date, body);
        let action = self.machine.answered(response, now, || random);
        self.act(action)
    }

    /// The attempt's failure (`{ kind, sent, message, cause }`); gives the next code.
    pub fn failed(
        &mut self,
        // Always a string (call_driver.mjs checks a thrown failure's), read
        // as a JS value: one `Option<String>` conversion less.
        #[wasm_bindgen(unchecked_param_type = "string")] kind: JsValue,
        sent: Option<bool>,
        message: Option<String>,
        now: f64,
        random: f64,
        cause: Option<String>,
    ) -> f64 {
        let error = failure(kind.as_string().as_deref(), sent, message, cause);
        let action = self.machine.answered(Err(error), now, || random);
        self.act(action)
    }

    /// The wait is over; gives the next code.
    pub fn slept(&mut self) -> f64 {
        let action = self.machine.slept();
        self.act(action)
    }

    /// The answer's canonical JSON text; throws the `ResellersError`.
    pub fn finish(&mut self) -> Result<String, JsValue> {
        match self.finished.take() {
            Some(Ok(text)) => Ok(text),
            Some(Err(error)) => Err(js_error(&error)),
            None => Err(to_js_error(&not_over())),
        }
    }
}

/// A result asked for before the call was over (a driver bug).
fn not_over() -> ResellersError {
    ResellersError::malformed("call", 0, "the result was read before the call was over")
}
