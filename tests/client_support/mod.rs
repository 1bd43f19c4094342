//! A scripted `Transport` and a tiny `block_on` for the client's tests: the
//! mock answers from a script, records every request, and keeps a fake clock
//! that `sleep` advances, so retries run instantly and deterministically.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use wix_resellers::client::{Client, ClientConfig};
use wix_resellers::http::{HttpRequest, HttpResponse};
use wix_resellers::transport::{Transport, TransportError};

pub const ACCOUNT: &str = "5e3bd3d5-7a1b-4c43-8e3b-2d51b0c5a7e1";
pub const KEY: &str = "IST.test-key-0123456789";
pub const PACKAGE: &str = "828b98fb-7114-4b3c-90fd-8d0db76aa72b";
pub const INSTANCE: &str = "d3b88a39-f62e-4164-8b29-08369b9ea71c";

/// Runs a future whose every await is ready at once (the mock never waits).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    for _ in 0..1000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
    panic!("the future never completed: the mock transport should never be pending");
}

/// One scripted answer.
pub type Step = Result<HttpResponse, TransportError>;

/// The scripted transport.
#[derive(Default)]
pub struct Mock {
    script: RefCell<VecDeque<Step>>,
    pub sent: RefCell<Vec<HttpRequest>>,
    pub sleeps: RefCell<Vec<u64>>,
    clock: Cell<f64>,
}

impl Mock {
    pub fn new(script: Vec<Step>) -> Mock {
        Mock {
            script: RefCell::new(script.into()),
            clock: Cell::new(1_700_000_000_000.0),
            ..Mock::default()
        }
    }

    pub fn sends(&self) -> usize {
        self.sent.borrow().len()
    }

    pub fn request(&self, index: usize) -> HttpRequest {
        self.sent.borrow()[index].clone()
    }

    pub fn body(&self, index: usize) -> Value {
        serde_json::from_slice(&self.request(index).body).expect("a JSON body")
    }

    pub fn left(&self) -> usize {
        self.script.borrow().len()
    }
}

impl Transport for Mock {
    async fn send(
        &self,
        request: HttpRequest,
        timeout_ms: u64,
    ) -> Result<HttpResponse, TransportError> {
        self.sent.borrow_mut().push(request);
        let step = self
            .script
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| Err(TransportError::network("unscripted request")));
        let spent = match &step {
            Err(error) if error.kind == wix_resellers::transport::TransportErrorKind::Timeout => {
                timeout_ms as f64
            }
            _ => 5.0,
        };
        self.clock.set(self.clock.get() + spent);
        step
    }

    async fn sleep(&self, ms: u64) {
        self.sleeps.borrow_mut().push(ms);
        self.clock.set(self.clock.get() + ms as f64);
    }

    fn now_ms(&self) -> f64 {
        self.clock.get()
    }

    fn random_unit(&self) -> f64 {
        0.5
    }
}

pub fn client(script: Vec<Step>) -> Client<Mock> {
    client_with(script, json!({}))
}

pub fn client_with(script: Vec<Step>, extra: Value) -> Client<Mock> {
    let mut options = json!({ "apiKey": KEY, "accountId": ACCOUNT });
    if let (Some(options), Value::Object(extra)) = (options.as_object_mut(), extra) {
        options.extend(extra);
    }
    let config = ClientConfig::from_json(&options).expect("valid options");
    Client::new(config, Mock::new(script))
}

pub fn respond(status: u16, body: Value) -> Step {
    Ok(HttpResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.to_string().into_bytes(),
        ..HttpResponse::default()
    })
}

pub fn respond_with(status: u16, body: &[u8], headers: &[(&str, &str)]) -> Step {
    Ok(HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect(),
        body: body.to_vec(),
        ..HttpResponse::default()
    })
}

pub fn package(id: &str, external_id: Option<&str>) -> Value {
    let mut package = json!({
        "id": id,
        "accountId": ACCOUNT,
        "productInstances": [{
            "instanceId": INSTANCE,
            "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf",
            "status": "PENDING",
            "countryCode": "BR",
            "createdDate": "2021-12-02T15:45:30.941Z",
            "updatedDate": "2021-12-02T15:45:30.941Z"
        }],
        "createdDate": "2021-12-02T15:45:31.815Z",
        "updatedDate": "2021-12-02T15:45:31.815Z"
    });
    if let (Some(external_id), Some(fields)) = (external_id, package.as_object_mut()) {
        fields.insert("externalId".into(), json!(external_id));
    }
    package
}

/// A numbered package ID.
pub fn id(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

pub fn error_body(code: &str, description: &str) -> Value {
    json!({ "message": description, "details": { "applicationError": {
        "code": code, "description": description, "data": {} } } })
}

pub fn create_request(external_id: Option<&str>) -> Value {
    let mut request = json!({ "products": [{
        "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf",
        "countryCode": "BR"
    }] });
    if let (Some(external_id), Some(fields)) = (external_id, request.as_object_mut()) {
        fields.insert("externalId".into(), json!(external_id));
    }
    request
}
