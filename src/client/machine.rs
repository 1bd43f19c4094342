//! One call as a state machine that does no I/O: it says what to send, how
//! long to wait, and when the call is over; a driver does the sending and
//! the waiting. The async driver of the native client
//! ([`super::pipeline`]) and the few lines of JS that drive a call in the
//! JS runtimes run the same decisions, so every retry, reconciliation and
//! idempotency rule is in this one place and unit-tested natively.
//!
//! A call starts with `Send` of its request. Each answer (or transport
//! failure) gives the next action: finish with the canonical answer text,
//! finish with an error, wait and send again, or first send a query that
//! looks for the package a create with an `externalId` may already have made.

use super::error::ResellersError;
use super::pipeline::{
    adopt, build_request, decode_checked, decode_text, resolve_idempotency_key, Prepared,
    REQUEST_ID_HEADER,
};
use super::redact::clip;
use super::retry::{
    call_budget_ms, is_retryable, outcome_unknown, retry_after_ms, retry_delay_ms, Outcome,
};
use super::shape::{Answer, Shape};
use super::{CallOptions, Client, MAX_RETRIES_LIMIT, MAX_TIMEOUT_MS};
use crate::api::{self, single};
use crate::http::{HttpRequest, HttpResponse};
use crate::model::QueryPackagesResponse;
use crate::transport::{Transport, TransportError};
use serde_json::Value;

/// What the driver does next.
#[derive(Debug)]
pub(crate) enum Action {
    /// Send [`CallMachine::request`], bounded by [`CallMachine::timeout_ms`],
    /// and report the result to [`CallMachine::answered`].
    Send,
    /// Wait this many milliseconds, then call [`CallMachine::slept`].
    Sleep(u64),
    /// The call is over: the answer's canonical JSON text, or the error
    /// (the API key already redacted).
    Finish(Result<String, ResellersError>),
}

/// An attempt that failed and may be retried, kept while a reconciliation
/// query runs.
#[derive(Debug)]
struct Failed {
    error: ResellersError,
    outcome: Outcome,
    retry_after: Option<u64>,
}

#[derive(Debug)]
enum Phase {
    /// The call's own request is in flight.
    Attempt,
    /// The reconciliation query is in flight; the failure behind it waits.
    Reconcile(Box<Failed>),
    /// Waiting before the next attempt.
    Wait,
    /// Finished; any further event is ignored.
    Over,
}

/// One call of the API, from its validated description to its result.
#[derive(Debug)]
pub(crate) struct CallMachine {
    operation: &'static str,
    shape: Shape,
    request: HttpRequest,
    /// For creates with an `externalId`: the query that finds their package.
    reconcile: Option<Reconcile>,
    idempotency_key: Option<String>,
    /// The API key, redacted from every error.
    secret: String,
    timeout_ms: u64,
    max_retries: u32,
    budget_ms: u64,
    started_ms: f64,
    attempts: u32,
    request_id: Option<String>,
    phase: Phase,
}

#[derive(Debug)]
struct Reconcile {
    request: HttpRequest,
    external_id: String,
    account_id: String,
}

impl CallMachine {
    /// Starts a call at `now_ms`: its first action is [`Action::Send`]. A
    /// call that may not be sent (invalid input, a bad idempotency key) is
    /// an error here, and nothing is sent.
    pub(crate) fn start<T: Transport>(
        client: &Client<T>,
        operation: &'static str,
        prepared: Prepared,
        options: &CallOptions,
        now_ms: f64,
    ) -> Result<CallMachine, ResellersError> {
        let config = client.config();
        let secret = config.api_key.expose();
        let (call, shape) = prepared.map_err(|violations| {
            ResellersError::invalid_request(operation, violations).redact(secret)
        })?;
        // Rust callers may pass any number; JS input is range-checked already.
        let max_retries = options
            .max_retries
            .unwrap_or(config.max_retries)
            .min(MAX_RETRIES_LIMIT);
        let timeout_ms = options
            .timeout_ms
            .unwrap_or(config.timeout_ms)
            .clamp(1, MAX_TIMEOUT_MS);
        let idempotency_key = if call.idempotent {
            let key = resolve_idempotency_key(&call, options, client.transport()).map_err(
                |violations| ResellersError::invalid_request(operation, violations).redact(secret),
            )?;
            Some(key)
        } else {
            None
        };
        let request = build_request(client, &call, idempotency_key.as_deref());
        let reconcile = match &call.external_id {
            Some(external_id) => reconcile_request(client, external_id),
            None => None,
        };
        Ok(CallMachine {
            operation,
            shape,
            request,
            reconcile,
            idempotency_key,
            secret: secret.to_owned(),
            timeout_ms,
            max_retries,
            budget_ms: call_budget_ms(timeout_ms, max_retries),
            started_ms: now_ms,
            attempts: 1,
            request_id: None,
            phase: Phase::Attempt,
        })
    }

    /// The request to send now: the call's own, or the reconciliation query.
    pub(crate) fn request(&self) -> &HttpRequest {
        match (&self.phase, &self.reconcile) {
            (Phase::Reconcile(_), Some(reconcile)) => &reconcile.request,
            _ => &self.request,
        }
    }

    /// The bound of each attempt, body included.
    pub(crate) fn timeout_ms(&self) -> u64 {
        self.timeout_ms
    }

    /// The result of sending [`Self::request`] at `now_ms`; `random` gives
    /// the backoff jitter in `[0, 1)` (called only when a retry waits).
    pub(crate) fn answered(
        &mut self,
        result: Result<HttpResponse, TransportError>,
        now_ms: f64,
        random: impl FnOnce() -> f64,
    ) -> Action {
        match std::mem::replace(&mut self.phase, Phase::Over) {
            Phase::Attempt => self.attempt_answered(result, now_ms, random),
            Phase::Reconcile(failed) => self.reconcile_answered(result, *failed, now_ms, random),
            Phase::Wait | Phase::Over => Action::Finish(Err(self.out_of_order())),
        }
    }

    /// The wait asked for by [`Action::Sleep`] is over: send again.
    pub(crate) fn slept(&mut self) -> Action {
        match self.phase {
            Phase::Wait => {
                self.attempts += 1;
                self.phase = Phase::Attempt;
                Action::Send
            }
            _ => {
                self.phase = Phase::Over;
                Action::Finish(Err(self.out_of_order()))
            }
        }
    }

    fn note_request_id(&mut self, response: &HttpResponse) {
        if let Some(id) = response.header(REQUEST_ID_HEADER) {
            self.request_id = Some(id.to_owned()); // cut in `fail`, once redacted
        }
    }

    fn attempt_answered(
        &mut self,
        result: Result<HttpResponse, TransportError>,
        now_ms: f64,
        random: impl FnOnce() -> f64,
    ) -> Action {
        let operation = self.operation;
        let failed = match result {
            Ok(response) => {
                self.note_request_id(&response);
                match response.status {
                    200..=299 => match decode_text(&response.body, self.shape) {
                        Ok(text) => return self.finish(Ok(text)),
                        Err(reason) => Failed {
                            error: ResellersError::malformed(operation, response.status, &reason),
                            outcome: Outcome::Malformed,
                            retry_after: None,
                        },
                    },
                    0..=199 | 300..=399 => {
                        let error = ResellersError::unexpected_status(
                            operation,
                            response.status,
                            response.header("location"),
                            &self.secret,
                        );
                        return self.fail(error);
                    }
                    status => Failed {
                        error: ResellersError::from_answer(
                            status,
                            &response.body,
                            super::MAX_RESPONSE_BYTES,
                            &self.secret,
                        ),
                        outcome: Outcome::Status(status),
                        retry_after: response
                            .header("retry-after")
                            .and_then(|value| retry_after_ms(value, now_ms)),
                    },
                }
            }
            Err(failure) => Failed {
                error: ResellersError::transport(operation, &failure, self.timeout_ms),
                outcome: Outcome::Transport {
                    kind: failure.kind.clone(),
                    sent: failure.sent,
                },
                retry_after: None,
            },
        };
        if self.reconcile.is_some() && outcome_unknown(&failed.outcome) {
            self.phase = Phase::Reconcile(Box::new(failed));
            return Action::Send;
        }
        self.retry_or_fail(failed, now_ms, random)
    }

    /// One reconciliation attempt; any failure means "not known", and the
    /// call falls back on its idempotency key.
    fn reconcile_answered(
        &mut self,
        result: Result<HttpResponse, TransportError>,
        failed: Failed,
        now_ms: f64,
        random: impl FnOnce() -> f64,
    ) -> Action {
        if let Ok(response) = &result {
            self.note_request_id(response);
            if let Some(package) = self.found(response) {
                return match adopt(package, self.idempotency_key.clone(), self.shape) {
                    Ok((_, text)) => self.finish(Ok(text)),
                    Err(reason) => {
                        let error = ResellersError::malformed(self.operation, 200, &reason);
                        // The package exists: its key would only replay it.
                        self.idempotency_key = None;
                        self.fail(error)
                    }
                };
            }
        }
        self.retry_or_fail(failed, now_ms, random)
    }

    /// The package of this account whose `externalId` is ours, in a 2xx
    /// query answer (newest first, the default sort).
    fn found(&self, response: &HttpResponse) -> Option<Value> {
        let reconcile = self.reconcile.as_ref()?;
        if !(200..=299).contains(&response.status) {
            return None;
        }
        let (page, _) =
            decode_checked(&response.body, <QueryPackagesResponse as Answer>::SHAPE).ok()?;
        page.get("packages")?
            .as_array()?
            .iter()
            .find(|package| {
                package.get("externalId").and_then(Value::as_str)
                    == Some(reconcile.external_id.as_str())
                    && package.get("accountId").and_then(Value::as_str)
                        == Some(reconcile.account_id.as_str())
            })
            .cloned()
    }

    fn retry_or_fail(
        &mut self,
        failed: Failed,
        now_ms: f64,
        random: impl FnOnce() -> f64,
    ) -> Action {
        let elapsed = (now_ms - self.started_ms).max(0.0) as u64;
        let remaining = self.budget_ms.saturating_sub(elapsed);
        if !is_retryable(&failed.outcome) || self.attempts > self.max_retries || remaining == 0 {
            return self.fail(failed.error);
        }
        let delay = retry_delay_ms(self.attempts - 1, random(), failed.retry_after, remaining);
        self.phase = Phase::Wait;
        Action::Sleep(delay)
    }

    fn fail(&mut self, error: ResellersError) -> Action {
        let error = error.finish(
            self.attempts,
            self.request_id
                .take()
                .map(|id| clip(&id, 200, &self.secret)),
            self.idempotency_key.take(),
        );
        self.finish(Err(error))
    }

    fn finish(&mut self, result: Result<String, ResellersError>) -> Action {
        self.phase = Phase::Over;
        Action::Finish(result.map_err(|error| error.redact(&self.secret)))
    }

    /// A driver reported an event the machine did not ask for.
    fn out_of_order(&self) -> ResellersError {
        ResellersError::malformed(
            self.operation,
            0,
            "the call was driven out of order (an answer or a wait nobody asked for)",
        )
        .redact(&self.secret)
    }
}

/// The query that finds the package a create with `external_id` may
/// already have made.
fn reconcile_request<T: Transport>(client: &Client<T>, external_id: &str) -> Option<Reconcile> {
    let condition = single("$eq", Value::String(external_id.to_owned()));
    let query = single("filter", single("externalId", condition));
    let call = api::query_packages(&query).ok()?;
    Some(Reconcile {
        request: build_request(client, &call, None),
        external_id: external_id.to_owned(),
        account_id: client.config().account_id.as_str().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api;
    use crate::client::{prepare, ClientConfig};
    use serde_json::json;

    const ACCOUNT: &str = "5e3bd3d5-7a1b-4c43-8e3b-2d51b0c5a7e1";
    const KEY: &str = "IST.machine-test-secret-key";
    const PACKAGE_ID: &str = "828b98fb-7114-4b3c-90fd-8d0db76aa72b";

    /// The machine never sends or sleeps itself; only the key generator and
    /// the config are read from the client.
    struct NoIo;

    impl Transport for NoIo {
        async fn send(&self, _: HttpRequest, _: u64) -> Result<HttpResponse, TransportError> {
            Err(TransportError::network("the machine must not send"))
        }
        async fn sleep(&self, _: u64) {}
        fn now_ms(&self) -> f64 {
            0.0
        }
        fn random_unit(&self) -> f64 {
            0.5
        }
    }

    fn client() -> Client<NoIo> {
        Client::new(ClientConfig::new(KEY, ACCOUNT).expect("config"), NoIo)
    }

    fn package(external_id: &str) -> Value {
        json!({
            "id": PACKAGE_ID, "accountId": ACCOUNT, "externalId": external_id,
            "productInstances": [], "createdDate": "2026-11-25T12:00:00.000Z",
            "updatedDate": "2026-11-25T12:00:00.000Z"
        })
    }

    fn ok(body: Value) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse {
            status: 200,
            headers: vec![("x-wix-request-id".into(), "req-1".into())],
            body: body.to_string().into_bytes(),
            ..HttpResponse::default()
        })
    }

    fn status(code: u16, retry_after: Option<&str>) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse {
            status: code,
            headers: retry_after
                .map(|value| vec![("retry-after".to_owned(), value.to_owned())])
                .unwrap_or_default(),
            body: br#"{"message":"try later"}"#.to_vec(),
            ..HttpResponse::default()
        })
    }

    fn get_machine() -> CallMachine {
        let prepared = prepare(api::get_package(PACKAGE_ID));
        CallMachine::start(
            &client(),
            "getPackage",
            prepared,
            &CallOptions::default(),
            0.0,
        )
        .expect("valid call")
    }

    fn create_machine(external_id: &str) -> CallMachine {
        let request = json!({
            "externalId": external_id,
            "products": [{
                "catalogProductId": "ca7a1090-0000-4000-8000-000000000101",
                "countryCode": "BR",
                "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } }
            }]
        });
        let prepared = prepare(api::create_package_v2(&request));
        CallMachine::start(
            &client(),
            "createPackageV2",
            prepared,
            &CallOptions::default(),
            0.0,
        )
        .expect("valid call")
    }

    fn never() -> f64 {
        panic!("no jitter is drawn when no retry waits")
    }

    #[test]
    fn a_2xx_answer_finishes_with_its_canonical_text() {
        let mut machine = get_machine();
        assert_eq!(machine.request().method, "GET");
        assert!(machine.request().path.ends_with(PACKAGE_ID));
        match machine.answered(ok(json!({ "package": package("a") })), 1.0, never) {
            Action::Finish(Ok(text)) => assert!(text.starts_with(r#"{"package":{"id":""#)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_503_waits_as_retry_after_says_then_sends_the_same_request_again() {
        let mut machine = get_machine();
        let first = machine.request().clone();
        assert!(matches!(
            machine.answered(status(503, Some("2")), 10.0, || 0.0),
            Action::Sleep(2000)
        ));
        assert!(matches!(machine.slept(), Action::Send));
        assert_eq!(machine.request(), &first);
        match machine.answered(ok(json!({ "package": package("a") })), 2100.0, never) {
            Action::Finish(Ok(_)) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_4xx_finishes_at_once_with_the_attempt_count_and_no_secret() {
        let mut machine = get_machine();
        match machine.answered(status(404, None), 1.0, never) {
            Action::Finish(Err(error)) => {
                assert_eq!(error.attempts, 1);
                assert!(!format!("{error:?}").contains(KEY));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn retries_stop_after_max_retries() {
        let mut machine = get_machine();
        for _ in 0..2 {
            assert!(matches!(
                machine.answered(status(500, None), 1.0, || 0.0),
                Action::Sleep(0)
            ));
            assert!(matches!(machine.slept(), Action::Send));
        }
        match machine.answered(status(500, None), 2.0, never) {
            Action::Finish(Err(error)) => assert_eq!(error.attempts, 3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unknown_create_outcome_is_reconciled_by_external_id_before_any_retry() {
        let mut machine = create_machine("order-7");
        let create = machine.request().clone();
        assert_eq!(create.method, "POST");
        let timeout = Err(TransportError::timeout());
        assert!(matches!(
            machine.answered(timeout, 5.0, never),
            Action::Send
        ));
        let query = machine.request().clone();
        assert!(query.path.ends_with("/packages/query"), "{}", query.path);
        assert!(String::from_utf8_lossy(&query.body).contains("order-7"));
        let page = json!({ "packages": [package("order-7")], "metadata": {} });
        match machine.answered(ok(page), 6.0, never) {
            Action::Finish(Ok(text)) => assert!(text.contains(PACKAGE_ID), "{text}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_failed_reconciliation_falls_back_on_the_same_request_and_key() {
        let mut machine = create_machine("order-8");
        let create = machine.request().clone();
        assert!(matches!(
            machine.answered(Err(TransportError::timeout()), 5.0, never),
            Action::Send
        ));
        let empty = json!({ "packages": [], "metadata": {} });
        assert!(matches!(
            machine.answered(ok(empty), 6.0, || 0.0),
            Action::Sleep(0)
        ));
        assert!(matches!(machine.slept(), Action::Send));
        assert_eq!(
            machine.request(),
            &create,
            "same body, same idempotency key"
        );
    }

    #[test]
    fn a_generated_key_joins_a_body_text_with_whitespace_as_valid_json() {
        let text = r#"  {  "products" : [ { "catalogProductId": "ca7a1090-0000-4000-8000-000000000101",
            "countryCode": "BR", "billingInfo": { "type": "ONE_TIME" } } ] }  "#;
        let built = api::create_package_v2_text(Some(text.to_owned())).expect("readable");
        let machine = CallMachine::start(
            &client(),
            "createPackageV2",
            prepare(built),
            &CallOptions::default(),
            0.0,
        )
        .expect("valid call");
        let body: Value = serde_json::from_slice(&machine.request().body).expect("JSON body");
        assert!(body["idempotencyKey"]
            .as_str()
            .is_some_and(|key| key.len() == 36));
        assert_eq!(body["products"][0]["countryCode"], "BR");
    }

    #[test]
    fn events_out_of_order_finish_the_call_instead_of_panicking() {
        let mut machine = get_machine();
        assert!(matches!(machine.slept(), Action::Finish(Err(_))));
        let mut machine = get_machine();
        assert!(matches!(
            machine.answered(ok(json!({ "package": package("a") })), 1.0, never),
            Action::Finish(Ok(_))
        ));
        assert!(matches!(
            machine.answered(ok(json!({})), 1.0, never),
            Action::Finish(Err(_))
        ));
        assert!(matches!(machine.slept(), Action::Finish(Err(_))));
    }
}
