//! `Sandbox` for JS: the emulator behind a bound, fetch-compatible function
//! (in-process, no network), a raw handler for the `node:http` front, and
//! methods mirroring the `/_sandbox/` control API. Conversions only: every
//! behaviour is the engine's.
//!
//! Recovery after a trap. A panic in wasm (panic = abort) traps: the JS
//! caller gets a `RuntimeError` and every Rust frame of the call is gone
//! without running its destructors, so a `RefCell` borrow it held stays
//! held. In single-threaded JS nothing else can be inside the engine, so an
//! engine found still borrowed is one an earlier call trapped in. It is
//! replaced by a new engine loaded as the first was (the seed option) with
//! IDs of its own: its state (packages, accounts and sites added, faults,
//! idempotency records, clock offset) is **lost**. Every call into the engine
//! borrows it mutably (`Slot::with_engine`), so a real trap always leaves a
//! mutable borrow and recovery is always `state-lost`; no state survives a
//! trap. (`with_engine` would copy an engine left with only a shared borrow,
//! `state-kept`, but nothing takes a shared borrow across an engine call: that
//! branch runs only in a test that forges the borrow.) The answer that found
//! it says so in an `x-sandbox-recovered` header and `console.warn` says it
//! once per recovery. Known limit: each trap also leaks the wasm
//! shadow stack its frames used, so recovery is a backstop, not a way of
//! running; no input is known to trap (crate-level no-panic lints).
//!
//! `sandbox.fetch` is JS (src/js/sandbox_fetch.mjs) around a call into the
//! engine, so that a trap there rejects that call's promise: inside a Rust
//! future it would escape the futures executor as an uncaught exception and
//! stall it.

use super::convert::{parse_js, to_js, to_json, to_json_text};
use crate::http::{HttpRequest, HttpResponse};
use crate::sandbox::{Sandbox as Engine, MAX_BODY_BYTES};
use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// The JS of `sandbox.fetch` and the recovery warning: src/js/sandbox_fetch.mjs.
#[wasm_bindgen(module = "/src/js/sandbox_fetch.mjs")]
extern "C" {
    #[wasm_bindgen(js_name = sandboxFetch)]
    fn sandbox_fetch(handle: &JsValue) -> Function;

    #[wasm_bindgen(js_name = warnRecovered)]
    fn warn_recovered(message: &str);
}

/// Where a sandbox's engine lives. The outer cell is borrowed only to swap
/// or clone the `Rc`, never across a call into the engine, so a trap can
/// leave only the inner cell borrowed, and the slot can always replace it.
struct Slot {
    current: RefCell<Rc<RefCell<Engine>>>,
    /// The seed option the sandbox was made with: a replacement is loaded alike.
    seed: bool,
    /// Replacements made so far (each gets its own ID sequence).
    generation: Cell<u64>,
    /// Moves whenever the engine's own revision moved during a call, or the
    /// engine was replaced (a new world): what `Sandbox.revision` shows, so
    /// that it moves also across a replacement, whose own count starts at 0.
    revision: Cell<u64>,
}

impl Slot {
    fn new(seed: bool) -> Slot {
        Slot {
            current: RefCell::new(Rc::new(RefCell::new(Engine::new(seed)))),
            seed,
            generation: Cell::new(0),
            revision: Cell::new(0),
        }
    }

    fn engine(&self) -> Option<Rc<RefCell<Engine>>> {
        self.current
            .try_borrow()
            .ok()
            .map(|engine| Rc::clone(&engine))
    }

    /// Runs `call` on the engine; a trapped engine is replaced first, and the
    /// answer then carries `x-sandbox-recovered`.
    ///
    /// The replacement is a new engine (`state-lost`) in practice: this is the
    /// only way into the engine and it borrows mutably, so the borrow a trap
    /// leaves behind is always a mutable one, and a mutably borrowed engine
    /// cannot be read. The `state-kept` copy is for an engine left with only a
    /// shared borrow, which no real call can leave (it needs a shared borrow
    /// held across an engine call, which nothing takes); it is kept because it
    /// is cheap and correct should one ever exist, and is tested by forging
    /// the borrow. Do not count on state surviving a trap.
    fn with_engine(&self, call: impl FnOnce(&mut Engine) -> HttpResponse) -> HttpResponse {
        let Some(engine) = self.engine() else {
            return busy();
        };
        if let Ok(mut engine) = engine.try_borrow_mut() {
            let before = engine.revision();
            let response = call(&mut engine);
            if engine.revision() != before {
                self.bump();
            }
            return response;
        }
        // Still borrowed: an earlier call trapped inside the engine. The
        // borrow is mutable (see above), so this is `state-lost` in practice.
        let generation = self.generation.get().saturating_add(1);
        self.generation.set(generation);
        let (replacement, note) = match engine.try_borrow() {
            Ok(old) => (old.clone(), "state-kept"),
            Err(_) => (Engine::after_loss(self.seed, generation), "state-lost"),
        };
        let replacement = Rc::new(RefCell::new(replacement));
        self.bump();
        match self.current.try_borrow_mut() {
            Ok(mut current) => *current = Rc::clone(&replacement),
            Err(_) => return busy(),
        }
        warn_recovered(&if note == "state-kept" {
            "wix-resellers sandbox: an earlier call failed inside the engine (a wasm trap); \
             it was replaced by a copy with the same state"
                .to_owned()
        } else {
            format!(
                "wix-resellers sandbox: an earlier call failed inside the engine (a wasm trap) \
                 and its state could not be read; a new {} sandbox answers from now on",
                if self.seed { "seeded" } else { "empty" }
            )
        });
        let mut response = match replacement.try_borrow_mut() {
            Ok(mut engine) => call(&mut engine),
            Err(_) => busy(),
        };
        response
            .headers
            .push(("x-sandbox-recovered".to_owned(), note.to_owned()));
        response
    }
}

impl Slot {
    fn bump(&self) {
        self.revision.set(self.revision.get().wrapping_add(1));
    }
}

/// Only if the just-made replacement is borrowed too, which nothing can do.
fn busy() -> HttpResponse {
    HttpResponse {
        status: 503,
        headers: vec![("content-type".into(), "application/json".into())],
        body: br#"{"message":"sandbox busy","details":{}}"#.to_vec(),
        ..HttpResponse::default()
    }
}

/// The Resellers API emulator.
#[wasm_bindgen]
pub struct Sandbox {
    slot: Rc<Slot>,
    fetch: Function,
}

fn now() -> i64 {
    js_sys::Date::now() as i64
}

fn flat_headers(headers: &[(String, String)]) -> Array {
    let flat = Array::new();
    for (name, value) in headers {
        flat.push(&JsValue::from_str(name));
        flat.push(&JsValue::from_str(value));
    }
    flat
}

fn handle_shared(slot: &Slot, request: &HttpRequest) -> HttpResponse {
    slot.with_engine(|engine| engine.handle(request, now()))
}

/// The `RawSandboxResponse` object of an answer.
fn raw_answer(response: HttpResponse) -> JsValue {
    let answer = Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = Reflect::set(&answer, &JsValue::from_str(key), value);
    };
    set("status", &JsValue::from(response.status));
    set("headers", &flat_headers(&response.headers));
    set("body", &Uint8Array::from(response.body.as_slice()));
    set("delayMs", &JsValue::from(response.delay_ms as f64));
    set("reset", &JsValue::from(response.reset));
    answer.into()
}

/// A raw request from the values a JS front hands over.
fn raw_request(method: String, url: String, headers: &[String], body: Vec<u8>) -> HttpRequest {
    let headers = headers
        .chunks(2)
        .filter_map(|pair| match pair {
            [name, value] => Some((name.clone(), value.clone())),
            _ => None,
        })
        .collect();
    HttpRequest {
        method,
        path: url,
        headers,
        body,
    }
}

#[wasm_bindgen]
impl Sandbox {
    /// A new sandbox; `{ seed: false }` starts empty.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "SandboxOptions")] options: Option<Object>,
    ) -> Sandbox {
        let seed = options
            .and_then(|options| Reflect::get(&options, &JsValue::from_str("seed")).ok())
            .and_then(|seed| seed.as_bool())
            .unwrap_or(true);
        let slot = Rc::new(Slot::new(seed));
        let fetch = bound_fetch(Rc::clone(&slot));
        Sandbox { slot, fetch }
    }

    /// The largest request body the engine accepts, in bytes (larger ones are
    /// 413 `PAYLOAD_TOO_LARGE`): an HTTP front stops reading there.
    #[wasm_bindgen(getter = maxBodyBytes)]
    pub fn max_body_bytes() -> u32 {
        u32::try_from(MAX_BODY_BYTES).unwrap_or(u32::MAX)
    }

    /// A fetch-compatible function answering from this sandbox, in-process.
    /// Already bound: pass it around detached (`new ResellersClient({ fetch: sandbox.fetch })`).
    /// It honours `signal` (on `init` or on a `Request` input) also during a
    /// `delayMs` fault, and rejects, never throws, on an input `fetch` would refuse.
    #[wasm_bindgen(
        getter,
        unchecked_return_type = "(input: Request | string | URL, init?: RequestInit) => Promise<Response>"
    )]
    pub fn fetch(&self) -> Function {
        self.fetch.clone()
    }

    /// Handles one raw request (for HTTP fronts such as `startSandboxServer`).
    #[wasm_bindgen(js_name = handleRaw, unchecked_return_type = "RawSandboxResponse")]
    pub fn handle_raw(
        &self,
        method: String,
        url: String,
        headers: Vec<String>,
        body: Vec<u8>,
    ) -> JsValue {
        let request = raw_request(method, url, &headers, body);
        raw_answer(handle_shared(&self.slot, &request))
    }

    /// The engine's 413 answer, for an HTTP front that stopped reading a body
    /// over [`Sandbox::max_body_bytes`].
    #[wasm_bindgen(js_name = payloadTooLarge, unchecked_return_type = "RawSandboxResponse")]
    pub fn payload_too_large(&self) -> JsValue {
        raw_answer(self.slot.with_engine(Engine::payload_too_large))
    }
    /// Back to the default seed: no packages, faults or idempotency records.
    pub fn reset(&self) -> Result<(), JsValue> {
        self.control("POST", "/_sandbox/reset", None).map(drop)
    }

    /// The catalog: `{ products }`.
    #[wasm_bindgen(unchecked_return_type = "{ products: CatalogProduct[] }")]
    pub fn catalog(&self) -> Result<JsValue, JsValue> {
        self.control("GET", "/_sandbox/catalog", None)
    }

    /// Adds or replaces one catalog product.
    #[wasm_bindgen(js_name = upsertProduct, unchecked_return_type = "CatalogProduct")]
    pub fn upsert_product(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CatalogProductInput")] product: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.control("POST", "/_sandbox/catalog", Some(&product))
    }

    /// Accounts and sites: `{ accounts, sites }`.
    #[wasm_bindgen(unchecked_return_type = "{ accounts: SandboxAccount[]; sites: SandboxSite[] }")]
    pub fn accounts(&self) -> Result<JsValue, JsValue> {
        self.control("GET", "/_sandbox/accounts", None)
    }

    /// Adds an account (a reseller when it has an `apiKey`, a sub-account when it names a parent).
    #[wasm_bindgen(js_name = addAccount, unchecked_return_type = "SandboxAccount")]
    pub fn add_account(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SandboxAccount")] account: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.control("POST", "/_sandbox/accounts", Some(&account))
    }

    /// Adds a site owned by an account.
    #[wasm_bindgen(js_name = addSite, unchecked_return_type = "SandboxSite")]
    pub fn add_site(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SandboxSite")] site: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.control("POST", "/_sandbox/sites", Some(&site))
    }

    /// Forces an instance's status (and failure, for `FAILED`); answers `{ package }` as it is then.
    #[wasm_bindgen(js_name = setInstanceStatus, unchecked_return_type = "{ package: Package }")]
    pub fn set_instance_status(
        &self,
        #[wasm_bindgen(js_name = instanceId)] instance_id: &str,
        #[wasm_bindgen(unchecked_param_type = "SandboxInstanceStatus")] status: JsValue,
    ) -> Result<JsValue, JsValue> {
        if !crate::model::is_guid(instance_id) {
            return Err(js_sys::Error::new("setInstanceStatus: instanceId must be a GUID").into());
        }
        let path = format!("/_sandbox/instances/{instance_id}/status");
        self.control("POST", &path, Some(&status))
    }

    /// Makes the next `times` matching API requests fail as described.
    #[wasm_bindgen(js_name = injectFault, unchecked_return_type = "SandboxFault")]
    pub fn inject_fault(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SandboxFault")] fault: JsValue,
    ) -> Result<JsValue, JsValue> {
        self.control("POST", "/_sandbox/faults", Some(&fault))
    }

    /// Moves the sandbox clock forward (delivery, idempotency expiry).
    #[wasm_bindgen(js_name = advanceClock, unchecked_return_type = "SandboxClock")]
    pub fn advance_clock(&self, ms: f64) -> Result<JsValue, JsValue> {
        let body = to_js(&serde_json::json!({ "advanceMs": ms }));
        self.control("POST", "/_sandbox/clock", Some(&body))
    }

    /// A count that moves whenever a call may have changed the world (an API
    /// call that writes, a control call other than a GET, a fault used up,
    /// a delivery come due): a front persisting the world compares it
    /// before and after a request and writes only when it moved. Reads and
    /// Query Packages leave it alone.
    #[wasm_bindgen(getter)]
    pub fn revision(&self) -> f64 {
        // Exact up to 2^53 changes.
        self.slot.revision.get() as f64
    }

    /// The snapshot's JSON bytes (what `snapshot()` gives, unparsed), taken
    /// without a request: no request ID drawn, no clock tick, no due
    /// delivery applied, so taking it changes nothing (not `revision`
    /// either). For a front that writes the world to a file.
    #[wasm_bindgen(js_name = snapshotBytes)]
    pub fn snapshot_bytes(&self) -> Uint8Array {
        // Through `with_engine`, like every call, so a trapped engine is
        // replaced first and the borrow taken is a mutable one.
        let response = self.slot.with_engine(|engine| HttpResponse {
            status: 200,
            body: engine.snapshot_bytes(),
            ..HttpResponse::default()
        });
        Uint8Array::from(response.body.as_slice())
    }

    /// The whole world as one versioned snapshot (`GET /_sandbox/state`):
    /// give it to `restore`, here or in another sandbox, to go on from there.
    #[wasm_bindgen(unchecked_return_type = "SandboxState")]
    pub fn snapshot(&self) -> Result<JsValue, JsValue> {
        let body = self.control_bytes("GET", "/_sandbox/state", Vec::new())?;
        Ok(std::str::from_utf8(&body).map_or(JsValue::NULL, parse_js))
    }

    /// Replaces the whole world with a snapshot (the object `snapshot`
    /// gives, or its JSON text), all of it or, when it cannot be restored,
    /// none of it: then it throws and the world is as it was.
    #[wasm_bindgen(unchecked_return_type = "SandboxStateRestored")]
    pub fn restore(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SandboxState | string")] state: JsValue,
    ) -> Result<JsValue, JsValue> {
        // Text goes in as it is; an object through the strict JSON walk,
        // never as a `Value` tree (a snapshot may be many megabytes).
        let text = match state.as_string() {
            Some(text) => text,
            None => to_json_text(&state)
                .map_err(|reason| js_sys::Error::new(&format!("restore: {reason}")))?
                .unwrap_or_default(),
        };
        let body = self.control_bytes("PUT", "/_sandbox/state", text.into_bytes())?;
        Ok(std::str::from_utf8(&body).map_or(JsValue::NULL, parse_js))
    }
}

impl Sandbox {
    /// Sends one control request; a non-200 answer throws its message.
    fn control(
        &self,
        method: &str,
        path: &str,
        body: Option<&JsValue>,
    ) -> Result<JsValue, JsValue> {
        let body = match body {
            Some(value) => to_json(value).map_err(|reason| js_sys::Error::new(&reason))?,
            None => Value::Null,
        };
        let body = if body.is_null() {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        let answer = self.control_bytes(method, path, body)?;
        let answer: Value = serde_json::from_slice(&answer).unwrap_or(Value::Null);
        Ok(to_js(&answer))
    }

    /// Sends one control request with a raw body; the 200 answer's body, or
    /// the answer's message thrown.
    fn control_bytes(&self, method: &str, path: &str, body: Vec<u8>) -> Result<Vec<u8>, JsValue> {
        let request = HttpRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            headers: vec![("content-type".into(), "application/json".into())],
            body,
        };
        let response = handle_shared(&self.slot, &request);
        if response.status == 200 {
            return Ok(response.body);
        }
        let answer: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
        let message = answer
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("sandbox control call failed");
        Err(js_sys::Error::new(&format!(
            "{method} {path}: {message} (HTTP {})",
            response.status
        ))
        .into())
    }
}

/// Builds the bound fetch function once per sandbox: the JS `sandboxFetch`
/// over a closure into the engine (owned by the JS function from then on).
fn bound_fetch(slot: Rc<Slot>) -> Function {
    let handle = Closure::<dyn Fn(JsValue, JsValue, JsValue, JsValue) -> JsValue>::new(
        move |method: JsValue, url: JsValue, headers: JsValue, body: JsValue| {
            let headers: Vec<String> = Array::from(&headers)
                .iter()
                .map(|value| value.as_string().unwrap_or_default())
                .collect();
            let body = body
                .dyn_ref::<Uint8Array>()
                .map(Uint8Array::to_vec)
                .unwrap_or_default();
            let request = raw_request(
                method.as_string().unwrap_or_default(),
                url.as_string().unwrap_or_default(),
                &headers,
                body,
            );
            raw_answer(handle_shared(&slot, &request))
        },
    );
    sandbox_fetch(&handle.into_js_value())
}

#[cfg(test)]
impl Sandbox {
    /// The engine's cell, for tests that leave it borrowed as a trap would.
    pub(crate) fn engine_cell(&self) -> Option<Rc<RefCell<Engine>>> {
        self.slot.engine()
    }
}
