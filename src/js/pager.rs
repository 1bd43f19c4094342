//! `iteratePackages` in JS: the wasm side of the async iterator that
//! src/js/async_iterable.mjs builds over [`PackagePager::poll`]. The page
//! walk ([`crate::client::paginate`]) decides; each page is one call, driven
//! to its end by [`Fetcher::drive_to_end`] and given back to `fetched`.

use super::driver::{js_error, CallDriver, Fetcher};
use super::error::{redacted, to_js_error};
use crate::client::machine::CallMachine;
use crate::client::paginate::{PageWalk, PagerStep};
use crate::client::{CallOptions, ClientConfig, IterateOptions, ResellersError};
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

// The async iterator of `iteratePackages` over the wasm pager's `poll()`:
// src/js/async_iterable.mjs.
#[wasm_bindgen(module = "/src/js/async_iterable.mjs")]
extern "C" {
    #[wasm_bindgen(js_name = makeAsyncIterable)]
    fn make_async_iterable(pager: PackagePager, signal: &JsValue) -> JsValue;
}

enum PagerState {
    Ready(PageWalk),
    Failed(ResellersError),
    Done,
}

/// The wasm side of `iteratePackages`; wrapped in an async iterator by JS.
#[wasm_bindgen(skip_typescript)]
pub struct PackagePager {
    config: Rc<ClientConfig>,
    fetcher: Fetcher,
    state: PagerState,
    /// The caller's `AbortSignal` (the `signal` option): it cancels a page
    /// in flight, and the JS iterator checks it before each step.
    signal: Option<JsValue>,
}

impl PackagePager {
    /// The async iterable over the walk of `query`, or one that throws the
    /// arguments' error at its first step.
    pub(super) fn start(
        config: Rc<ClientConfig>,
        fetcher: Fetcher,
        arguments: Result<(Value, IterateOptions), ResellersError>,
        signal: Option<JsValue>,
    ) -> JsValue {
        let state = match arguments {
            Ok((query, options)) => PagerState::Ready(PageWalk::new(&query, options)),
            Err(error) => PagerState::Failed(redacted(&config, error)),
        };
        let given = signal.clone().unwrap_or(JsValue::UNDEFINED);
        let pager = PackagePager {
            config,
            fetcher,
            state,
            signal,
        };
        make_async_iterable(pager, &given)
    }
}

#[wasm_bindgen]
impl PackagePager {
    /// The next package's JSON text, `undefined` at the end, or a promise of
    /// the page to give to `fetched`; throws a `ResellersError`.
    pub fn poll(&mut self) -> Result<JsValue, JsValue> {
        let pager = match &mut self.state {
            PagerState::Ready(pager) => pager,
            PagerState::Failed(_) => {
                let PagerState::Failed(error) =
                    std::mem::replace(&mut self.state, PagerState::Done)
                else {
                    return Ok(JsValue::UNDEFINED);
                };
                return Err(to_js_error(&error));
            }
            PagerState::Done => return Ok(JsValue::UNDEFINED),
        };
        match pager.poll() {
            PagerStep::Package(text) => Ok(JsValue::from(text)),
            PagerStep::End => Ok(JsValue::UNDEFINED),
            PagerStep::Failed(error) => Err(js_error(&redacted(&self.config, error))),
            PagerStep::Fetch(prepared) => {
                let options = CallOptions::default();
                let now = js_sys::Date::now();
                let started = CallMachine::start(
                    &self.config,
                    "iteratePackages",
                    prepared,
                    &options,
                    now,
                    js_sys::Math::random,
                );
                match started {
                    Ok(machine) => Ok(self
                        .fetcher
                        .drive_to_end(machine, self.signal.as_ref())
                        .into()),
                    // Nothing was sent: the error is the page's answer, and
                    // the pager gives it back at once (no recursion).
                    Err(error) => {
                        pager.fetched(Err(error));
                        match pager.poll() {
                            PagerStep::Failed(error) => Err(to_js_error(&error)),
                            _ => Ok(JsValue::UNDEFINED),
                        }
                    }
                }
            }
        }
    }

    /// The error the iterator throws when the caller's signal has aborted
    /// (between pages; a page in flight fails by itself): `ABORTED`. The
    /// walk is over.
    pub fn aborted(&mut self) -> JsValue {
        self.state = PagerState::Done;
        let failure = crate::transport::TransportError::aborted();
        to_js_error(&ResellersError::transport("iteratePackages", &failure, 0))
    }

    /// The `limit` of `toArray({ limit })`, checked; throws a `ResellersError`.
    #[wasm_bindgen(js_name = arrayLimit)]
    pub fn array_limit(&self, options: JsValue) -> Result<f64, JsValue> {
        let options = super::convert::to_json(&options).unwrap_or(Value::Null);
        crate::client::to_array_limit(&options)
            .map(|limit| limit as f64)
            .map_err(|error| to_js_error(&error))
    }

    /// The page `poll` asked for: the finished call.
    pub fn fetched(&mut self, call: CallDriver) {
        if let PagerState::Ready(pager) = &mut self.state {
            let answer = call.into_result().and_then(|text| {
                // `from_slice`, like the decoding of answers: one copy of the
                // parser (`from_str` is a second monomorphisation of it).
                serde_json::from_slice(text.as_bytes()).map_err(|_| {
                    ResellersError::malformed("iteratePackages", 200, "the page is not JSON")
                })
            });
            pager.fetched(answer);
        }
    }
}
