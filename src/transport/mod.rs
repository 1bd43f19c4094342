//! How a request leaves the process, for the native async driver: the
//! [`Transport`] trait, served in-process by the sandbox
//! (`crate::sandbox::in_process::InProcessTransport`, feature `sandbox`) and by scripted mocks
//! in the native tests. [`TransportError`] is also how the JS driver
//! (`src/js/driver.rs`) reports an attempt's failure to the call machine.

use crate::http::{HttpRequest, HttpResponse};
use std::fmt;

/// Sends requests and provides the clock and randomness the retry policy uses,
/// so tests can script time and jitter.
///
/// Futures need not be `Send`: the crate targets single-threaded JS runtimes.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends `request` (whose `path` is the full URL) and reads the whole
    /// response body. The whole attempt, body included, is bounded by
    /// `timeout_ms`.
    async fn send(
        &self,
        request: HttpRequest,
        timeout_ms: u64,
    ) -> Result<HttpResponse, TransportError>;

    /// Waits `ms` milliseconds (between retries).
    async fn sleep(&self, ms: u64);

    /// The current time in milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;

    /// A uniformly distributed number in `[0, 1)` for backoff jitter.
    fn random_unit(&self) -> f64;
}

/// Why an attempt produced no HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportErrorKind {
    /// The attempt ran out of its time (our own timer fired).
    Timeout,
    /// Something other than our timer aborted the request.
    Aborted,
    /// The connection failed (DNS, refused, reset, TLS, ...), with the runtime's text.
    Network(String),
    /// An answer came, with this status and request id, but its body
    /// (counted after decoding) exceeded the client's limit,
    /// `MAX_RESPONSE_BYTES` of the client, so it was not read further.
    TooLarge {
        /// The answer's HTTP status.
        status: u16,
        /// Its `x-wix-request-id`, if any.
        request_id: Option<String>,
    },
}

/// A failed attempt, and whether the request may have reached the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError {
    /// What went wrong.
    pub kind: TransportErrorKind,
    /// False only when the transport knows the request never left (for
    /// example the request could not even be constructed). Conservative:
    /// a timeout or a reset may have happened after the server acted.
    pub sent: bool,
    /// The runtime's own account of a network failure, for the error's
    /// `cause` (redacted with the rest of the error). From the JS driver:
    /// for each error of the thrown value's `cause` chain, outermost first,
    /// its name, message and code (empty when none), joined by NUL
    /// (src/js/call_driver.mjs writes it and reads it back).
    pub cause: Option<String>,
}

impl TransportError {
    /// The attempt timed out; the server may have acted.
    pub fn timeout() -> Self {
        TransportError {
            kind: TransportErrorKind::Timeout,
            sent: true,
            cause: None,
        }
    }

    /// The request was aborted from outside; the server may have acted.
    pub fn aborted() -> Self {
        TransportError {
            kind: TransportErrorKind::Aborted,
            sent: true,
            cause: None,
        }
    }

    /// A network failure; the server may have acted.
    pub fn network(message: impl Into<String>) -> Self {
        TransportError {
            kind: TransportErrorKind::Network(message.into()),
            sent: true,
            cause: None,
        }
    }

    /// An answer whose body exceeded the limit and was not read further.
    pub fn too_large(status: u16, request_id: Option<String>) -> Self {
        TransportError {
            kind: TransportErrorKind::TooLarge { status, request_id },
            sent: true,
            cause: None,
        }
    }

    /// A failure that certainly happened before anything was sent.
    pub fn not_sent(mut self) -> Self {
        self.sent = false;
        self
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            TransportErrorKind::Timeout => formatter.write_str("timed out"),
            TransportErrorKind::Aborted => formatter.write_str("aborted"),
            TransportErrorKind::Network(message) => write!(formatter, "network error: {message}"),
            TransportErrorKind::TooLarge { status, .. } => {
                write!(formatter, "the answer ({status}) was too large")
            }
        }
    }
}
