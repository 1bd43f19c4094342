//! `Sandbox` for JS: the emulator behind a bound, fetch-compatible function
//! (in-process, no network), a raw handler for the `node:http` front, and
//! methods mirroring the `/_sandbox/` control API. Conversions only: every
//! behaviour is the engine's.

use super::convert::{to_js, to_json};
use crate::http::{HttpRequest, HttpResponse};
use crate::sandbox::Sandbox as Engine;
use crate::transport::fetch::sleep_ms;
use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

#[wasm_bindgen(typescript_custom_section)]
const SANDBOX_TYPES: &str = r#"
/** Options of `new Sandbox()`. */
export interface SandboxOptions {
    /** Load the default seed (accounts, API keys, sites, catalog). Default `true`. */
    seed?: boolean;
}
/** What `handleRaw` answers: the front writes it to the socket. */
export interface RawSandboxResponse {
    status: number;
    /** Flat `[name, value, name, value, ...]`. */
    headers: string[];
    body: Uint8Array;
    /** Wait this long before answering (fault injection). */
    delayMs: number;
    /** Drop the connection without answering (fault injection). */
    reset: boolean;
}
/** A product of the sandbox's catalog (`GET /_sandbox/catalog`). */
export interface CatalogProduct {
    catalogProductId: string;
    name: string;
    productType: string;
    serviceType: string;
    cycles: Cycle[];
    adjustable: boolean;
    referenceEligible: boolean;
    requiresProductType: string | null;
    limit: number | null;
    deliveryMs: number;
    deliveryOutcome: "ENABLED" | "FAILED" | "AWAITING_ACTION";
    autoRenews?: boolean;
}
/** An account of the sandbox; one with an `apiKey` is a reseller. */
export interface SandboxAccount {
    id: string;
    parentAccountId?: string;
    apiKey?: string;
}
/** A site and the account that owns it. */
export interface SandboxSite {
    id: string;
    accountId: string;
}
/** A fault for the next `times` matching API requests (`POST /_sandbox/faults`). */
export interface SandboxFault {
    method?: string;
    pathPrefix?: string;
    times: number;
    status?: number;
    retryAfter?: number | string;
    delayMs?: number;
    mode?: "reset" | "malformed" | "html" | "truncated";
}
/** The sandbox clock: `now` (ISO), `nowMs`, and how far it was moved (`offsetMs`). */
export interface SandboxClock {
    now: string;
    nowMs: number;
    offsetMs: number;
}
/** A status forced on an instance (`POST /_sandbox/instances/{id}/status`). */
export interface SandboxInstanceStatus {
    status: Status;
    failure?: FailureReason;
}
"#;

/// The Resellers API emulator.
#[wasm_bindgen]
pub struct Sandbox {
    engine: Rc<RefCell<Engine>>,
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

fn handle_shared(engine: &Rc<RefCell<Engine>>, request: &HttpRequest) -> HttpResponse {
    match engine.try_borrow_mut() {
        Ok(mut engine) => engine.handle(request, now()),
        // Unreachable in single-threaded JS (no call re-enters the engine), but a
        // 503 is a better answer than a trap if it ever happens.
        Err(_) => HttpResponse {
            status: 503,
            headers: vec![("content-type".into(), "application/json".into())],
            body: br#"{"message":"sandbox busy","details":{}}"#.to_vec(),
            ..HttpResponse::default()
        },
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
        let engine = Rc::new(RefCell::new(Engine::new(seed)));
        let fetch = bound_fetch(engine.clone());
        Sandbox { engine, fetch }
    }

    /// A fetch-compatible function answering from this sandbox, in-process.
    /// Already bound: pass it around detached (`new ResellersClient({ fetch: sandbox.fetch })`).
    #[wasm_bindgen(
        getter,
        unchecked_return_type = "(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>"
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
        let headers = headers
            .chunks(2)
            .filter_map(|pair| match pair {
                [name, value] => Some((name.clone(), value.clone())),
                _ => None,
            })
            .collect();
        let request = HttpRequest {
            method,
            path: url,
            headers,
            body,
        };
        let response = handle_shared(&self.engine, &request);
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
        #[wasm_bindgen(unchecked_param_type = "CatalogProduct")] product: JsValue,
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

    /// Forces an instance's status (and failure, for `FAILED`).
    #[wasm_bindgen(js_name = setInstanceStatus, unchecked_return_type = "Package")]
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
        let request = HttpRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            headers: vec![("content-type".into(), "application/json".into())],
            body: if body.is_null() {
                Vec::new()
            } else {
                body.to_string().into_bytes()
            },
        };
        let response = handle_shared(&self.engine, &request);
        let answer: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
        if response.status == 200 {
            Ok(to_js(&answer))
        } else {
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
}

/// Builds the bound fetch function once per sandbox.
fn bound_fetch(engine: Rc<RefCell<Engine>>) -> Function {
    let closure = Closure::<dyn Fn(JsValue, JsValue) -> js_sys::Promise>::new(
        move |input: JsValue, init: JsValue| {
            let engine = engine.clone();
            future_to_promise(async move { fetch_in_process(&engine, input, init).await })
        },
    );
    closure.into_js_value().unchecked_into()
}

async fn fetch_in_process(
    engine: &Rc<RefCell<Engine>>,
    input: JsValue,
    init: JsValue,
) -> Result<JsValue, JsValue> {
    let request = to_request(&input, &init)?;
    let mut headers = Vec::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&request.headers()) {
        for entry in entries.flatten() {
            let pair: Array = entry.unchecked_into();
            headers.push((
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string().unwrap_or_default(),
            ));
        }
    }
    let body = JsFuture::from(request.array_buffer()?).await?;
    let request = HttpRequest {
        method: request.method(),
        path: request.url(),
        headers,
        body: Uint8Array::new(&body).to_vec(),
    };
    let response = handle_shared(engine, &request);
    if response.delay_ms > 0 {
        sleep_ms(response.delay_ms).await;
    }
    if response.reset {
        let error = js_sys::TypeError::new(
            "fetch failed: the sandbox reset the connection (injected fault)",
        );
        return Err(error.into());
    }
    let init = web_sys::ResponseInit::new();
    init.set_status(response.status);
    let headers = web_sys::Headers::new()?;
    for (name, value) in &response.headers {
        headers.append(name, value)?;
    }
    init.set_headers(&headers);
    let mut body = response.body;
    let web_response = web_sys::Response::new_with_opt_u8_array_and_init(Some(&mut body), &init)?;
    Ok(web_response.into())
}

fn to_request(input: &JsValue, init: &JsValue) -> Result<web_sys::Request, JsValue> {
    let init: &web_sys::RequestInit = init.unchecked_ref();
    match input.dyn_ref::<web_sys::Request>() {
        Some(request) if init.is_undefined() => Ok(Clone::clone(request)),
        Some(request) => web_sys::Request::new_with_request_and_init(request, init),
        None => {
            let url = String::from(input.unchecked_ref::<Object>().to_string());
            web_sys::Request::new_with_str_and_init(&url, init)
        }
    }
}
