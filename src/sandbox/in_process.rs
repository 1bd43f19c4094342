//! An in-process transport over the sandbox engine, for native Rust tests of
//! the whole pipeline: no network, a virtual clock that `sleep` advances (so
//! retries and backoff cost no wall time), and the engine's injected faults
//! turned into what a real connection would show (`reset` -> a network error
//! after sending, a delay beyond the timeout -> a timeout).

use super::Sandbox;
use crate::http::{HttpRequest, HttpResponse};
use crate::transport::{Transport, TransportError};
use std::cell::{Cell, RefCell};

/// Sends requests straight to a [`Sandbox`] held in the same process.
pub struct InProcessTransport {
    sandbox: RefCell<Sandbox>,
    now_ms: Cell<f64>,
    jitter: Cell<u64>,
}

impl InProcessTransport {
    /// Wraps `sandbox`; the virtual clock starts at `start_ms` (Unix ms).
    pub fn new(sandbox: Sandbox, start_ms: i64) -> Self {
        InProcessTransport {
            sandbox: RefCell::new(sandbox),
            now_ms: Cell::new(start_ms as f64),
            jitter: Cell::new(0x9e37_79b9_7f4a_7c15),
        }
    }

    /// Sends one request to the engine directly (control calls in tests).
    pub fn handle(&self, request: &HttpRequest) -> HttpResponse {
        let now = self.now_ms.get() as i64;
        self.sandbox.borrow_mut().handle(request, now)
    }
}

impl Transport for InProcessTransport {
    async fn send(
        &self,
        request: HttpRequest,
        timeout_ms: u64,
    ) -> Result<HttpResponse, TransportError> {
        let response = self.handle(&request);
        if response.delay_ms >= timeout_ms {
            self.now_ms.set(self.now_ms.get() + timeout_ms as f64);
            return Err(TransportError::timeout());
        }
        self.now_ms
            .set(self.now_ms.get() + response.delay_ms as f64);
        if response.reset {
            return Err(TransportError::network("connection reset by the sandbox"));
        }
        Ok(response)
    }

    async fn sleep(&self, ms: u64) {
        self.now_ms.set(self.now_ms.get() + ms as f64);
    }

    fn now_ms(&self) -> f64 {
        self.now_ms.get()
    }

    fn random_unit(&self) -> f64 {
        // xorshift64: deterministic jitter keeps test runs repeatable.
        let mut state = self.jitter.get();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        self.jitter.set(state);
        (state >> 11) as f64 / (1u64 << 53) as f64
    }
}
