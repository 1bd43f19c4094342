//! One call as a state machine that does no I/O: it says what to send, how
//! long to wait, and when the call is over; a driver does the sending and
//! the waiting. The async driver of the native client
//! ([`super::driver`]) and the few lines of JS that drive a call in the
//! JS runtimes run the same decisions, so every retry, reconciliation and
//! idempotency rule is in this one place and unit-tested natively.
//!
//! A call starts with `Send` of its request. Each answer (or transport
//! failure) gives the next action: finish with the canonical answer text,
//! finish with an error, wait and send again, or first send a query that
//! looks for the package a create with an `externalId` may already have made.

use super::config::ClientConfig;
use super::decode::{adopt, decode_checked, decode_text, with_idempotency_key, Answer, Shape};
use super::error::ResellersError;
use super::limits::{MAX_RESPONSE_BYTES, MAX_RETRIES_LIMIT, MAX_TIMEOUT_MS};
use super::options::CallOptions;
use super::redact::clip;
use super::request::{build_request, resolve_idempotency_key, Prepared};
use super::retry::{is_retryable, outcome_unknown, retry_after_ms, retry_delay_ms, Outcome};
use super::seen::SeenAccounts;
use crate::api;
use crate::http::{HttpRequest, HttpResponse, REQUEST_ID_HEADER};
use crate::json_text::single;
use crate::model::QueryPackagesResponse;
use crate::rules::{product_key, ProductKey};
use crate::time::{parse_http_date, parse_iso};
use crate::transport::{TransportError, TransportErrorKind};
use serde_json::Value;
use std::fmt::Write as _;

/// How much earlier than the call's start a package may have been created
/// and still be adopted as the call's own. The start is put on the
/// server's clock when the query's answer has a readable `Date`:
/// `createdDate` is the server's, and a client clock running behind it
/// would otherwise make an older package look new. The offset is taken as
/// the end of `Date`'s second (it has whole seconds, cut down) less the
/// client's now when the answer arrived: at most 999 ms late, which the
/// margin absorbs (the call's own package is never refused for it), and
/// early only by the answer's latency, which is all the window widens by.
/// Without a `Date` the client's clock is used, and the margin is the skew
/// allowed between the two clocks.
/// Small on purpose: a package the margin wrongly admits is a create that
/// "succeeds" without buying anything, while one it wrongly refuses only
/// costs a resend with the same idempotency key (which Wix should answer
/// without acting twice).
pub(crate) const RECONCILE_SKEW_MS: u64 = 2_000;

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
    /// Where query answers note other accounts' packages, for the hint of
    /// a not-found error.
    seen: SeenAccounts,
    timeout_ms: u64,
    max_retries: u32,
    /// Bound of the whole call from `started_ms`: attempts, backoff, waits.
    deadline_ms: u64,
    /// Bound of the next attempt: `timeout_ms`, or less when the deadline
    /// is nearer.
    attempt_timeout_ms: u64,
    started_ms: f64,
    attempts: u32,
    request_id: Option<String>,
    /// The code of the last attempt's error and whether its kind is
    /// retried (for the `onResponse` hook); `None` after an answer that
    /// settled the call or a reconciliation query.
    last_failure: Option<(String, bool)>,
    phase: Phase,
}

/// How a create with an `externalId` finds the package it may have made,
/// and what that package must be.
#[derive(Debug)]
struct Reconcile {
    request: HttpRequest,
    external_id: String,
    account_id: String,
    /// The products asked for: the package must hold exactly these.
    expected: Vec<ProductKey>,
    /// The earliest `createdDate` of a package this call can have made, by
    /// the client's clock: its start, less [`RECONCILE_SKEW_MS`] (moved to
    /// the server's clock by the query answer's `Date`: `Reconcile::since`).
    since_ms: i64,
}

/// What a reconciliation query found.
#[derive(Debug)]
enum Found {
    /// No package that is provably this call's.
    Nothing,
    /// Exactly one: the call's package.
    One(Value),
    /// Several that could each be the call's (their ids): none is adopted.
    Several(Vec<String>),
}

impl CallMachine {
    /// Starts a call for `config`'s account at `now_ms`: its first action
    /// is [`Action::Send`]. `random` (in `[0, 1)`) makes an idempotency key
    /// only where the runtime has no crypto source. A call that may not be
    /// sent (invalid input, a bad idempotency key) is an error here, and
    /// nothing is sent.
    pub(crate) fn start(
        config: &ClientConfig,
        operation: &'static str,
        prepared: Prepared,
        options: &CallOptions,
        now_ms: f64,
        random: impl FnMut() -> f64,
    ) -> Result<CallMachine, ResellersError> {
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
        let deadline_ms = options
            .deadline_ms
            .unwrap_or(config.deadline_ms)
            .clamp(1, MAX_TIMEOUT_MS);
        let idempotency_key = if call.idempotent {
            let key = resolve_idempotency_key(&call, options, random).map_err(|violations| {
                ResellersError::invalid_request(operation, violations).redact(secret)
            })?;
            Some(key)
        } else {
            None
        };
        let request = build_request(config, &call, idempotency_key.as_deref());
        // Without the products asked for, no package could be proven to be
        // this call's: the idempotency key alone guards the retries.
        let reconcile = match (&call.external_id, &call.expected) {
            (Some(external_id), Some(expected)) => {
                reconcile_request(config, external_id, expected, now_ms)
            }
            _ => None,
        };
        Ok(CallMachine {
            operation,
            shape,
            request,
            reconcile,
            idempotency_key,
            secret: secret.to_owned(),
            seen: config.seen.clone(),
            timeout_ms,
            max_retries,
            deadline_ms,
            attempt_timeout_ms: timeout_ms.min(deadline_ms),
            started_ms: now_ms,
            attempts: 1,
            request_id: None,
            last_failure: None,
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

    /// The bound of the next attempt, body included: `timeoutMs`, or less
    /// when the call's deadline is nearer.
    pub(crate) fn attempt_timeout_ms(&self) -> u64 {
        self.attempt_timeout_ms
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

    /// The idempotency key the call carries (none for reads).
    // Read by the JS driver's hook events (src/js/driver.rs) only.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn idempotency_key(&self) -> Option<&str> {
        self.idempotency_key.as_deref()
    }

    /// The last attempt's error code and whether such errors are retried.
    // Read by the JS driver's hook events (src/js/driver.rs) only.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn last_failure(&self) -> Option<&(String, bool)> {
        self.last_failure.as_ref()
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
        self.note(response.header(REQUEST_ID_HEADER));
    }

    fn note(&mut self, request_id: Option<&str>) {
        if let Some(id) = request_id {
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
        self.last_failure = None;
        let failed = match result {
            Ok(response) => {
                self.note_request_id(&response);
                match response.status {
                    200..=299 => match decode_text(&response.body, self.shape) {
                        Ok(text) => {
                            // Whole queries only: a projected package may
                            // lack its `id` or `accountId`, and `record`
                            // would then pin its instances on the package
                            // before it.
                            if std::ptr::eq(self.shape, <QueryPackagesResponse as Answer>::SHAPE) {
                                self.seen.record(&text);
                            }
                            let key = self.idempotency_key.as_deref();
                            return self.finish(Ok(with_idempotency_key(text, self.shape, key)));
                        }
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
                            MAX_RESPONSE_BYTES,
                            &self.secret,
                        ),
                        outcome: Outcome::Status(status),
                        retry_after: response
                            .header("retry-after")
                            .and_then(|value| retry_after_ms(value, now_ms)),
                    },
                }
            }
            Err(failure) => {
                // An answer too large to read still names its request.
                if let TransportErrorKind::TooLarge { request_id, .. } = &failure.kind {
                    self.note(request_id.as_deref());
                }
                let mut error =
                    ResellersError::transport(operation, &failure, self.attempt_timeout_ms);
                // Moved, not copied: the failure's own account, for `cause`.
                error.cause = failure.cause;
                Failed {
                    error,
                    outcome: Outcome::Transport {
                        kind: failure.kind.clone(),
                        sent: failure.sent,
                    },
                    retry_after: None,
                }
            }
        };
        self.last_failure = Some((failed.error.code.clone(), is_retryable(&failed.outcome)));
        if self.reconcile.is_some() && outcome_unknown(&failed.outcome) {
            self.phase = Phase::Reconcile(Box::new(failed));
            return Action::Send;
        }
        self.retry_or_fail(failed, now_ms, random)
    }

    /// One reconciliation attempt. Exactly one package that is provably
    /// this call's is its answer; none (or a failed query) means "not
    /// known", and the call falls back on its idempotency key: the resend
    /// cannot buy a second package. Several are not told apart: the call
    /// resends too, or, with no retry left, says which they are.
    fn reconcile_answered(
        &mut self,
        result: Result<HttpResponse, TransportError>,
        failed: Failed,
        now_ms: f64,
        random: impl FnOnce() -> f64,
    ) -> Action {
        self.last_failure = None;
        if let Ok(response) = &result {
            self.note_request_id(response);
            match self.found(response, now_ms) {
                Found::One(package) => {
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
                Found::Several(ids) if self.retry_limit(&failed, now_ms).is_some() => {
                    return self.fail(with_candidates(failed.error, &ids));
                }
                Found::Several(_) | Found::Nothing => {}
            }
        }
        self.retry_or_fail(failed, now_ms, random)
    }

    /// The packages of a 2xx query answer that are provably this call's
    /// (see [`Reconcile::proves`]). The answer is untrusted: every condition
    /// is checked here, whatever the query asked for.
    fn found(&self, response: &HttpResponse, now_ms: f64) -> Found {
        let Some(reconcile) = self.reconcile.as_ref() else {
            return Found::Nothing;
        };
        let since_ms = reconcile.since(response, now_ms);
        if !(200..=299).contains(&response.status) {
            return Found::Nothing;
        }
        let Ok((page, _)) =
            decode_checked(&response.body, <QueryPackagesResponse as Answer>::SHAPE)
        else {
            return Found::Nothing;
        };
        let Some(packages) = page.get("packages").and_then(Value::as_array) else {
            return Found::Nothing;
        };
        // Every package is checked (in page order), so the ids of several
        // come in that order too.
        let mut first = None;
        let mut ids = Vec::new();
        for package in packages {
            if reconcile.proves(package, since_ms) {
                first = first.or(Some(package));
                ids.push(text(package, "id").unwrap_or_default().to_owned());
            }
        }
        match (first, ids.len()) {
            (None, _) => Found::Nothing,
            (Some(package), 1) => Found::One(package.clone()),
            (Some(_), _) => Found::Several(ids),
        }
    }

    /// What ends the call at `failed` (as words for its error), or `None`
    /// when it may be retried: while `maxRetries` and the deadline allow,
    /// and only if a `Retry-After` asks for no longer than the time left.
    fn retry_limit(&self, failed: &Failed, now_ms: f64) -> Option<String> {
        if !is_retryable(&failed.outcome) {
            return Some(String::new());
        }
        let remaining = self.remaining_ms(now_ms);
        if self.attempts > self.max_retries {
            // With no retries asked for, there is nothing to explain.
            if self.max_retries == 0 {
                return Some(String::new());
            }
            return Some(format!(
                "It was retried as often as maxRetries ({}) allows.",
                self.max_retries
            ));
        }
        match failed.retry_after {
            Some(wait) if wait >= remaining => Some(format!(
                "Wix asked to wait {wait} ms (Retry-After), more than the {remaining} ms left \
                 of the call's deadlineMs ({}): retry it later, after error.retryAfterMs.",
                self.deadline_ms
            )),
            _ if remaining == 0 => Some(self.deadline_spent()),
            _ => None,
        }
    }

    fn remaining_ms(&self, now_ms: f64) -> u64 {
        let elapsed = (now_ms - self.started_ms).max(0.0) as u64;
        self.deadline_ms.saturating_sub(elapsed)
    }

    fn deadline_spent(&self) -> String {
        format!("The call's deadlineMs ({}) is spent.", self.deadline_ms)
    }

    fn retry_or_fail(
        &mut self,
        mut failed: Failed,
        now_ms: f64,
        random: impl FnOnce() -> f64,
    ) -> Action {
        // A queue can schedule the retry from the server's own wait.
        failed.error.retry_after_ms = failed
            .retry_after
            .map(|ms| u32::try_from(ms).unwrap_or(u32::MAX));
        if let Some(limit) = self.retry_limit(&failed, now_ms) {
            return self.fail(ended_by(failed.error, &limit));
        }
        let remaining = self.remaining_ms(now_ms);
        let delay = retry_delay_ms(self.attempts - 1, random(), failed.retry_after, remaining);
        let left = remaining.saturating_sub(delay);
        if left == 0 {
            let limit = self.deadline_spent();
            return self.fail(ended_by(failed.error, &limit));
        }
        self.attempt_timeout_ms = self.timeout_ms.min(left);
        self.phase = Phase::Wait;
        Action::Sleep(delay)
    }

    fn fail(&mut self, mut error: ResellersError) -> Action {
        if let Some(hint) = self.seen.hint(&error.code, &self.request.path) {
            error.message.push(' ');
            error.message.push_str(&hint);
        }
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

impl Reconcile {
    /// The earliest `createdDate` this call's package can have, on the
    /// server's clock when `response` (answered at `now_ms`, the client's
    /// clock) has a readable `Date`, else on the client's (see
    /// [`RECONCILE_SKEW_MS`] for the bounds).
    fn since(&self, response: &HttpResponse, now_ms: f64) -> i64 {
        let offset = response
            .header("date")
            .and_then(parse_http_date)
            .map_or(0, |second| {
                second.saturating_add(999).saturating_sub(now_ms as i64)
            });
        self.since_ms.saturating_add(offset)
    }

    /// Whether `package` is provably the one this call made: of this
    /// account, with our `externalId`, created at or after the call began
    /// (less the skew margin), holding exactly the products asked for (the
    /// same number of instances of each `(catalogProductId, siteId)`), and
    /// with no instance cancelled (our package is brand new).
    fn proves(&self, package: &Value, since_ms: i64) -> bool {
        if text(package, "externalId") != Some(self.external_id.as_str())
            || text(package, "accountId") != Some(self.account_id.as_str())
            // No readable date proves nothing.
            || text(package, "createdDate")
                .and_then(parse_iso)
                .is_none_or(|created| created < since_ms)
        {
            return false;
        }
        let Some(instances) = package.get("productInstances").and_then(Value::as_array) else {
            return false;
        };
        if instances.len() != self.expected.len() {
            return false;
        }
        // Each instance uses up one product asked for; with equal lengths,
        // none left over on either side is a multiset match.
        let mut unmatched = self.expected.clone();
        instances.iter().all(|instance| {
            if text(instance, "status") == Some("CANCELED") {
                return false;
            }
            let Some(key) = product_key(instance) else {
                return false;
            };
            match unmatched.iter().position(|asked| *asked == key) {
                Some(at) => {
                    unmatched.swap_remove(at);
                    true
                }
                None => false,
            }
        })
    }
}

/// A string member of `value`.
#[inline(never)]
fn text<'v>(value: &'v Value, name: &str) -> Option<&'v str> {
    value.get(name).and_then(Value::as_str)
}

/// The failure of a create whose reconciliation found several packages that
/// may each be its own, with no retry left: the outcome stays unknown, and
/// the error names the candidates (message and `details.candidatePackageIds`).
#[cold]
#[inline(never)]
/// `error` with the limit that ended its call said (for a retryable error:
/// why it was not retried again).
fn ended_by(mut error: ResellersError, limit: &str) -> ResellersError {
    if error.retryable && !limit.is_empty() {
        error.message.push(' ');
        error.message.push_str(limit);
    }
    error
}

fn with_candidates(mut error: ResellersError, ids: &[String]) -> ResellersError {
    // Not `ids.join(", ")`: the only join of `String`s in the `.wasm` would
    // bring a copy of `join` of its own (1 KiB), beside the one for `&str`.
    // One loop makes both the listing and the JSON list.
    let mut listed = String::new();
    let mut list = Vec::with_capacity(ids.len());
    for id in ids {
        if !listed.is_empty() {
            listed.push_str(", ");
        }
        listed.push_str(id);
        list.push(Value::String(id.clone()));
    }
    let _ = write!(
        error.message,
        " Reconciliation by externalId found {} packages that may each be this call's \
         ({listed}); none was adopted, since the client cannot tell which.",
        ids.len(),
    );
    let list = Value::Array(list);
    match &mut error.details {
        Some(Value::Object(details)) => {
            details.insert("candidatePackageIds".to_owned(), list);
        }
        details => *details = Some(single("candidatePackageIds", list)),
    }
    error
}

/// The query that finds the package a create with `external_id` may
/// already have made: every package with that `externalId` (newest first,
/// the default sort), each then checked by [`Reconcile::proves`]. No
/// `createdDate` filter: the client checks the date itself anyway, and
/// writing dates would bring a date formatter into the client's `.wasm`,
/// which its size budget has no room for.
fn reconcile_request(
    config: &ClientConfig,
    external_id: &str,
    expected: &[ProductKey],
    started_ms: f64,
) -> Option<Reconcile> {
    let condition = single("$eq", Value::String(external_id.to_owned()));
    let query = single("filter", single("externalId", condition));
    let call = api::query_packages(&query, crate::rules::UnknownFields::Refuse).ok()?;
    Some(Reconcile {
        request: build_request(config, &call, None),
        external_id: external_id.to_owned(),
        account_id: config.account_id.as_str().to_owned(),
        expected: expected.to_vec(),
        // `as` saturates (NaN is 0): a clock that odd only admits more,
        // and the other conditions still hold.
        since_ms: (started_ms as i64).saturating_sub(RECONCILE_SKEW_MS as i64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api;
    use crate::client::request::prepare;
    use crate::model::PackageResponse;
    use crate::rules::UnknownFields;
    use serde_json::json;

    const ACCOUNT: &str = "5e3bd3d5-7a1b-4c43-8e3b-2d51b0c5a7e1";
    const KEY: &str = "IST.machine-test-secret-key";
    const PACKAGE_ID: &str = "828b98fb-7114-4b3c-90fd-8d0db76aa72b";

    fn config() -> ClientConfig {
        ClientConfig::new(KEY, ACCOUNT).expect("config")
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
            &config(),
            "getPackage",
            prepared,
            &CallOptions::default(),
            0.0,
            || 0.5,
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
        let prepared = prepare(api::create_package_v2(&request, UnknownFields::Refuse));
        CallMachine::start(
            &config(),
            "createPackageV2",
            prepared,
            &CallOptions::default(),
            0.0,
            || 0.5,
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

    fn get_machine_with(options: CallOptions) -> CallMachine {
        let prepared = prepare(api::get_package(PACKAGE_ID));
        CallMachine::start(&config(), "getPackage", prepared, &options, 0.0, || 0.5)
            .expect("valid call")
    }

    #[test]
    fn a_retry_after_longer_than_the_deadline_left_fails_at_once_with_retry_after_ms() {
        let mut machine = get_machine();
        let error = finished_error(machine.answered(status(429, Some("120")), 10.0, never));
        assert_eq!(error.code, "RESOURCE_EXHAUSTED");
        assert!(error.retryable);
        assert_eq!(error.attempts, 1);
        assert_eq!(error.retry_after_ms, Some(120_000));
        assert!(
            error.message.contains("deadlineMs (60000)"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("error.retryAfterMs"),
            "{}",
            error.message
        );
        // Within the deadline, the same answer is waited out.
        let mut machine = get_machine();
        assert!(matches!(
            machine.answered(status(429, Some("2")), 10.0, || 0.0),
            Action::Sleep(2000)
        ));
    }

    #[test]
    fn max_retries_is_honoured_while_the_deadline_allows() {
        // 100 ms attempts and 5 retries: all 6 attempts are made (the old
        // budget of timeoutMs x (maxRetries + 1) cut them at 3).
        let options = CallOptions {
            timeout_ms: Some(100),
            max_retries: Some(5),
            ..CallOptions::default()
        };
        let mut machine = get_machine_with(options);
        let mut now = 0.0;
        let mut sent = 1;
        loop {
            assert_eq!(machine.attempt_timeout_ms(), 100);
            now += 100.0;
            match machine.answered(Err(TransportError::timeout()), now, || 0.5) {
                Action::Sleep(ms) => {
                    now += ms as f64;
                    assert!(matches!(machine.slept(), Action::Send));
                    sent += 1;
                }
                Action::Finish(Err(error)) => {
                    assert_eq!((sent, error.attempts), (6, 6));
                    assert!(
                        error.message.contains("maxRetries (5)"),
                        "{}",
                        error.message
                    );
                    break;
                }
                other => panic!("{other:?}"),
            }
            assert!(sent <= 6, "bounded");
        }
    }

    #[test]
    fn the_deadline_bounds_attempts_and_waits_and_says_it_ended_the_call() {
        let options = CallOptions {
            deadline_ms: Some(1000),
            ..CallOptions::default()
        };
        let mut machine = get_machine_with(options);
        assert_eq!(
            machine.attempt_timeout_ms(),
            1000,
            "the attempt is cut to the deadline"
        );
        // A 503 at 300 ms: the wait and the next attempt share the 700 ms left.
        assert!(matches!(
            machine.answered(status(503, Some("0")), 300.0, || 0.0),
            Action::Sleep(0)
        ));
        assert!(matches!(machine.slept(), Action::Send));
        assert_eq!(machine.attempt_timeout_ms(), 700);
        let error = finished_error(machine.answered(Err(TransportError::timeout()), 1000.0, never));
        assert_eq!(error.code, "TIMEOUT");
        assert!(
            error.message.contains("deadlineMs (1000) is spent"),
            "{}",
            error.message
        );
        assert_eq!(error.attempts, 2);
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
        let mut made = package("order-7");
        made["productInstances"] = json!([{
            "instanceId": "1d000000-0000-4000-8000-000000000000",
            "catalogProductId": "ca7a1090-0000-4000-8000-000000000101", "status": "PENDING",
            "createdDate": "2026-11-25T12:00:00.000Z", "updatedDate": "2026-11-25T12:00:00.000Z"
        }]);
        let page = json!({ "packages": [made], "metadata": {} });
        match machine.answered(ok(page), 6.0, never) {
            Action::Finish(Ok(text)) => assert!(text.contains(PACKAGE_ID), "{text}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_create_answer_always_carries_the_calls_idempotency_key() {
        let mut machine = create_machine("order-9");
        let sent: Value = serde_json::from_slice(&machine.request().body).expect("JSON body");
        let key = sent["idempotencyKey"].as_str().expect("a key").to_owned();
        let bare = json!({ "package": package("order-9") });
        let text = match machine.answered(ok(bare), 1.0, never) {
            Action::Finish(Ok(text)) => text,
            other => panic!("{other:?}"),
        };
        let answer: PackageResponse = serde_json::from_str(&text).expect("canonical text");
        assert_eq!(answer.idempotency_key.as_deref(), Some(key.as_str()));
        assert_eq!(answer.package.external_id.as_deref(), Some("order-9"));

        // An echo from Wix is kept as it came.
        let mut machine = create_machine("order-9");
        let echoed = json!({ "idempotencyKey": "theirs", "package": package("order-9") });
        match machine.answered(ok(echoed), 1.0, never) {
            Action::Finish(Ok(text)) => assert!(text.starts_with(r#"{"idempotencyKey":"theirs","#)),
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
        let built = api::create_package_v2_text(Some(text.to_owned()), UnknownFields::Refuse)
            .expect("readable");
        let machine = CallMachine::start(
            &config(),
            "createPackageV2",
            prepare(built),
            &CallOptions::default(),
            0.0,
            || 0.5,
        )
        .expect("valid call");
        let body: Value = serde_json::from_slice(&machine.request().body).expect("JSON body");
        assert!(body["idempotencyKey"]
            .as_str()
            .is_some_and(|key| key.len() == 36));
        assert_eq!(body["products"][0]["countryCode"], "BR");
    }

    // Reconciliation adopts only a package that is provably this call's.
    const LIGHT: &str = "ca7a1090-0000-4000-8000-000000000101";
    const CORE: &str = "ca7a1090-0000-4000-8000-000000000102";
    const SITE: &str = "517e0000-0000-4000-8000-000000000a01";
    const OLD_ID: &str = "0000a0a0-7114-4b3c-90fd-8d0db76aa72b";
    const NEW_ID: &str = "0000b0b0-7114-4b3c-90fd-8d0db76aa72b";
    /// When the reconciling calls begin: 2026-11-25T12:00:00.000Z.
    const START_MS: f64 = 1_795_608_000_000.0;

    fn product(catalog: &str, site: Option<&str>) -> Value {
        let mut product = json!({
            "catalogProductId": catalog, "countryCode": "BR",
            "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } }
        });
        if let Some(site) = site {
            product["siteId"] = json!(site);
        }
        product
    }

    /// A create of `products` with externalId `sub-1`, begun at [`START_MS`].
    fn reconciling_create(products: Vec<Value>, max_retries: u32) -> CallMachine {
        let request = json!({ "externalId": "sub-1", "products": products });
        let options = CallOptions {
            max_retries: Some(max_retries),
            ..CallOptions::default()
        };
        CallMachine::start(
            &config(),
            "createPackageV2",
            prepare(api::create_package_v2(&request, UnknownFields::Refuse)),
            &options,
            START_MS,
            || 0.5,
        )
        .expect("valid call")
    }

    /// A package `sub-1` created `offset_ms` after [`START_MS`], with
    /// instances `(catalogProductId, siteId, status)`.
    fn candidate(id: &str, offset_ms: f64, instances: &[(&str, Option<&str>, &str)]) -> Value {
        let created = crate::time::format_iso((START_MS + offset_ms) as i64);
        let instances: Vec<Value> = instances
            .iter()
            .enumerate()
            .map(|(index, (catalog, site, status))| {
                let mut instance = json!({
                    "instanceId": format!("1d000000-0000-4000-8000-{index:012}"),
                    "catalogProductId": catalog, "status": status,
                    "createdDate": created, "updatedDate": created
                });
                if let Some(site) = site {
                    instance["siteId"] = json!(site);
                }
                instance
            })
            .collect();
        json!({
            "id": id, "accountId": ACCOUNT, "externalId": "sub-1",
            "productInstances": instances, "createdDate": created, "updatedDate": created
        })
    }

    /// Fails the create with a 503 (answered before processing), answers
    /// the reconciliation query with `packages`: the next action.
    fn reconcile_with(machine: &mut CallMachine, packages: Vec<Value>) -> Action {
        assert!(matches!(
            machine.answered(status(503, None), START_MS + 50.0, never),
            Action::Send
        ));
        assert!(machine.request().path.ends_with("/packages/query"));
        let page = json!({ "packages": packages, "metadata": {} });
        machine.answered(ok(page), START_MS + 100.0, || 0.0)
    }

    /// The call resends its own request, same body and key, after a wait.
    fn assert_resends(machine: &mut CallMachine, create: &HttpRequest, action: Action) {
        assert!(matches!(action, Action::Sleep(_)), "{action:?}");
        assert!(matches!(machine.slept(), Action::Send));
        assert_eq!(machine.request(), create, "same body, same idempotency key");
    }

    #[test]
    fn an_old_cancelled_package_of_another_product_is_not_adopted() {
        let mut machine = reconciling_create(vec![product(LIGHT, None)], 2);
        let create = machine.request().clone();
        let old = candidate(OLD_ID, -86_400_000.0, &[(CORE, None, "CANCELED")]);
        let action = reconcile_with(&mut machine, vec![old]);
        assert_resends(&mut machine, &create, action);
    }

    #[test]
    fn a_cancelled_package_with_the_right_products_made_after_the_start_is_not_adopted() {
        let mut machine = reconciling_create(vec![product(LIGHT, None)], 2);
        let create = machine.request().clone();
        let cancelled = candidate(NEW_ID, 10.0, &[(LIGHT, None, "CANCELED")]);
        let action = reconcile_with(&mut machine, vec![cancelled]);
        assert_resends(&mut machine, &create, action);
    }

    #[test]
    fn a_live_package_with_the_same_products_made_before_the_call_is_not_adopted() {
        let mut machine = reconciling_create(vec![product(LIGHT, None)], 2);
        let create = machine.request().clone();
        let before = -(RECONCILE_SKEW_MS as f64) - 1_000.0;
        let old = candidate(OLD_ID, before, &[(LIGHT, None, "ENABLED")]);
        let action = reconcile_with(&mut machine, vec![old]);
        assert_resends(&mut machine, &create, action);
    }

    #[test]
    fn the_package_made_after_the_start_with_the_right_products_is_adopted() {
        let mut machine =
            reconciling_create(vec![product(LIGHT, Some(SITE)), product(LIGHT, None)], 2);
        // Listed first, as an odd sort could: it must be passed over.
        let old = candidate(OLD_ID, -86_400_000.0, &[(CORE, None, "CANCELED")]);
        // The site's letter case differs: GUIDs compare by value.
        let upper = SITE.to_uppercase();
        let ours = candidate(
            NEW_ID,
            20.0,
            &[
                (LIGHT, None, "PENDING"),
                (LIGHT, Some(upper.as_str()), "PENDING"),
            ],
        );
        match reconcile_with(&mut machine, vec![old, ours]) {
            Action::Finish(Ok(text)) => {
                assert!(text.contains(NEW_ID) && !text.contains(OLD_ID), "{text}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_package_within_the_clock_skew_margin_is_adopted() {
        let mut machine = reconciling_create(vec![product(LIGHT, None)], 2);
        let skewed = -(RECONCILE_SKEW_MS as f64) + 100.0;
        let ours = candidate(NEW_ID, skewed, &[(LIGHT, None, "PENDING")]);
        match reconcile_with(&mut machine, vec![ours]) {
            Action::Finish(Ok(text)) => assert!(text.contains(NEW_ID), "{text}"),
            other => panic!("{other:?}"),
        }
    }

    /// [`reconcile_with`], the query's answer carrying `date` as its `Date`.
    fn reconcile_dated(machine: &mut CallMachine, packages: Vec<Value>, date: &str) -> Action {
        assert!(matches!(
            machine.answered(status(503, None), START_MS + 50.0, never),
            Action::Send
        ));
        let mut answer = ok(json!({ "packages": packages, "metadata": {} })).expect("a response");
        answer.headers.push(("Date".to_owned(), date.to_owned()));
        machine.answered(Ok(answer), START_MS + 100.0, || 0.0)
    }

    /// 11 minutes after [`START_MS`] (answered at `START_MS + 100`): the
    /// server's clock runs 11 minutes ahead of the client's.
    const SERVER_AHEAD: &str = "Wed, 25 Nov 2026 12:11:00 GMT";

    #[test]
    fn a_package_older_than_the_start_by_the_servers_clock_is_not_adopted() {
        let mut machine = reconciling_create(vec![product(LIGHT, None)], 2);
        let create = machine.request().clone();
        // 10 minutes after the start by the client's clock, a minute before
        // it by the server's: an earlier order's package, not this call's.
        let old = candidate(OLD_ID, 600_000.0, &[(LIGHT, None, "ENABLED")]);
        let action = reconcile_dated(&mut machine, vec![old], SERVER_AHEAD);
        assert_resends(&mut machine, &create, action);
    }

    #[test]
    fn a_package_made_after_the_start_by_the_servers_clock_is_adopted() {
        let mut machine = reconciling_create(vec![product(LIGHT, None)], 2);
        let ours = candidate(NEW_ID, 660_020.0, &[(LIGHT, None, "PENDING")]);
        match reconcile_dated(&mut machine, vec![ours], SERVER_AHEAD) {
            Action::Finish(Ok(text)) => assert!(text.contains(NEW_ID), "{text}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_server_clock_behind_the_clients_still_adopts_the_calls_package() {
        // The server runs 10 minutes behind: its package looks 10 minutes
        // old by the client's clock, which alone would refuse it.
        let mut machine = reconciling_create(vec![product(LIGHT, None)], 2);
        let ours = candidate(NEW_ID, -600_000.0 + 20.0, &[(LIGHT, None, "PENDING")]);
        match reconcile_dated(&mut machine, vec![ours], "Wed, 25 Nov 2026 11:50:00 GMT") {
            Action::Finish(Ok(text)) => assert!(text.contains(NEW_ID), "{text}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn without_a_readable_date_the_clients_clock_decides() {
        for date in [None, Some("yesterday"), Some("")] {
            let mut machine = reconciling_create(vec![product(LIGHT, None)], 2);
            let late = candidate(NEW_ID, 600_000.0, &[(LIGHT, None, "PENDING")]);
            let action = match date {
                Some(date) => reconcile_dated(&mut machine, vec![late], date),
                None => reconcile_with(&mut machine, vec![late]),
            };
            match action {
                Action::Finish(Ok(text)) => assert!(text.contains(NEW_ID), "{date:?}: {text}"),
                other => panic!("{date:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn two_matching_candidates_are_not_adopted_and_the_create_is_sent_again() {
        let mut machine = reconciling_create(vec![product(LIGHT, None)], 2);
        let create = machine.request().clone();
        let first = candidate(OLD_ID, 10.0, &[(LIGHT, None, "PENDING")]);
        let second = candidate(NEW_ID, 20.0, &[(LIGHT, None, "PENDING")]);
        let action = reconcile_with(&mut machine, vec![second, first]);
        assert_resends(&mut machine, &create, action);
    }

    #[test]
    fn several_candidates_with_no_retry_left_are_an_outcome_unknown_error_naming_them() {
        let mut machine = reconciling_create(vec![product(LIGHT, None)], 0);
        let first = candidate(OLD_ID, 10.0, &[(LIGHT, None, "PENDING")]);
        let second = candidate(NEW_ID, 20.0, &[(LIGHT, None, "PENDING")]);
        match reconcile_with(&mut machine, vec![second, first]) {
            Action::Finish(Err(error)) => {
                assert!(error.retryable);
                assert!(error.idempotency_key.is_some(), "the key to retry with");
                assert!(error.message.contains(OLD_ID) && error.message.contains(NEW_ID));
                assert!(
                    error.message.contains("outcome is unknown"),
                    "{}",
                    error.message
                );
                let ids = error
                    .details
                    .as_ref()
                    .and_then(|details| details.get("candidatePackageIds"))
                    .cloned();
                assert_eq!(ids, Some(json!([NEW_ID, OLD_ID])));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_site_that_differs_is_not_a_match() {
        let mut machine = reconciling_create(vec![product(LIGHT, Some(SITE))], 2);
        let create = machine.request().clone();
        let floating = candidate(OLD_ID, 10.0, &[(LIGHT, None, "PENDING")]);
        let other_site = candidate(
            NEW_ID,
            20.0,
            &[(
                LIGHT,
                Some("517e0000-0000-4000-8000-000000000a02"),
                "PENDING",
            )],
        );
        let action = reconcile_with(&mut machine, vec![floating, other_site]);
        assert_resends(&mut machine, &create, action);
    }

    #[test]
    fn the_instance_counts_must_match_too() {
        let mut machine = reconciling_create(vec![product(LIGHT, None), product(LIGHT, None)], 2);
        let create = machine.request().clone();
        let one = candidate(OLD_ID, 10.0, &[(LIGHT, None, "PENDING")]);
        let three = candidate(
            NEW_ID,
            20.0,
            &[
                (LIGHT, None, "PENDING"),
                (LIGHT, None, "PENDING"),
                (LIGHT, None, "PENDING"),
            ],
        );
        let action = reconcile_with(&mut machine, vec![one, three]);
        assert_resends(&mut machine, &create, action);
    }

    #[test]
    fn the_reconciliation_query_asks_for_the_packages_of_the_external_id() {
        let mut machine = reconciling_create(vec![product(LIGHT, None)], 2);
        assert!(matches!(
            machine.answered(status(503, None), START_MS + 50.0, never),
            Action::Send
        ));
        let body: Value = serde_json::from_slice(&machine.request().body).expect("JSON");
        let filter = &body["query"]["filter"];
        assert_eq!(filter, &json!({ "externalId": { "$eq": "sub-1" } }));
    }

    #[test]
    fn a_key_in_the_options_is_checked_by_the_rules_own_idempotency_key_rule() {
        let start = |key: &str| {
            let options = CallOptions {
                idempotency_key: Some(key.to_owned()),
                ..CallOptions::default()
            };
            CallMachine::start(
                &config(),
                "cancelPackage",
                prepare(api::cancel_package(PACKAGE_ID)),
                &options,
                0.0,
                || 0.5,
            )
        };
        // 60 emoji are 120 UTF-16 units, over the 100 the sandbox (and the
        // rules) allow; a line break is a control character.
        for (key, rule) in [
            ("😀".repeat(60), "MAX_LENGTH"),
            ("line\nbreak".to_owned(), "FORMAT"),
            (String::new(), "MIN_LENGTH"),
        ] {
            let expected = crate::rules::check_idempotency_key("idempotencyKey", &key);
            match start(&key) {
                Err(error) => {
                    assert_eq!(error.attempts, 0, "nothing sent");
                    assert_eq!(error.field_violations.first(), expected.as_ref(), "{key:?}");
                    assert_eq!(
                        error
                            .field_violations
                            .first()
                            .map(|v| v.violated_rule.as_str()),
                        Some(rule)
                    );
                }
                Ok(_) => panic!("{key:?} was accepted"),
            }
        }
        assert!(start(&"😀".repeat(50)).is_ok(), "100 units is the limit");
        assert!(start(&"k".repeat(100)).is_ok());
    }

    #[test]
    fn an_answer_too_large_to_read_fails_at_once_without_retry_or_reconciliation() {
        // A create with an externalId would reconcile after an unknown outcome.
        let mut machine = create_machine("order-9");
        let too_large = Err(TransportError::too_large(200, Some("req-9".into())));
        match machine.answered(too_large, 5.0, never) {
            Action::Finish(Err(error)) => {
                assert_eq!(error.code, "RESPONSE_TOO_LARGE");
                assert_eq!(error.kind.as_str(), "response");
                assert_eq!((error.status, error.attempts), (Some(200), 1));
                assert!(!error.retryable);
                assert_eq!(error.request_id.as_deref(), Some("req-9"));
                let limit = MAX_RESPONSE_BYTES;
                assert!(error.message.contains(&format!("exceeded {limit} bytes")));
            }
            other => panic!("{other:?}"),
        }
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

    // Another account's packages: a not-found error for one that a query
    // listed under another account says which account to use.
    const SUB: &str = "5e3bd3d5-7a1b-4c43-8e3b-2d51b0c5a7e2";

    fn machine_for(
        config: &ClientConfig,
        operation: &'static str,
        prepared: Prepared,
    ) -> CallMachine {
        CallMachine::start(
            config,
            operation,
            prepared,
            &CallOptions::default(),
            0.0,
            || 0.5,
        )
        .expect("valid call")
    }

    fn not_found(code: &str, status: u16) -> Result<HttpResponse, TransportError> {
        let body = json!({ "message": "not found",
            "details": { "applicationError": { "code": code, "description": "Not found." } } });
        Ok(HttpResponse {
            status,
            body: body.to_string().into_bytes(),
            ..HttpResponse::default()
        })
    }

    fn finished_error(action: Action) -> ResellersError {
        match action {
            Action::Finish(Err(error)) => error,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_not_found_package_that_a_query_listed_under_a_sub_account_names_it() {
        let mut theirs = package("x");
        theirs["accountId"] = json!(SUB);
        theirs["productInstances"] = json!([{
            "instanceId": "1d000000-0000-4000-8000-000000000000",
            "catalogProductId": "ca7a1090-0000-4000-8000-000000000101", "status": "ENABLED",
            "createdDate": "2026-11-25T12:00:00.000Z", "updatedDate": "2026-11-25T12:00:00.000Z"
        }]);
        let page = json!({ "packages": [theirs], "metadata": {} });
        let queried = |config: &ClientConfig| {
            let prepared = prepare(api::query_packages(&json!({}), UnknownFields::Refuse));
            let mut query = machine_for(config, "queryPackages", prepared);
            let answer = query.answered(ok(page.clone()), 1.0, never);
            assert!(matches!(answer, Action::Finish(Ok(_))));
        };
        let config = config();
        queried(&config);

        let mut get = machine_for(&config, "getPackage", prepare(api::get_package(PACKAGE_ID)));
        let error = finished_error(get.answered(not_found("PACKAGE_NOT_FOUND", 404), 2.0, never));
        assert!(
            error.message.contains(&format!("withAccount('{SUB}')")),
            "{}",
            error.message
        );
        let instance = "1d000000-0000-4000-8000-000000000000";
        let prepared = prepare(api::cancel_product_instance(instance));
        let mut cancel = machine_for(&config, "cancelProductInstance", prepared);
        let failed = not_found("PRODUCT_INSTANCE_NOT_FOUND", 428);
        let error = finished_error(cancel.answered(failed, 3.0, never));
        assert!(
            error
                .message
                .contains(&format!("Product instance {instance} is account {SUB}'s")),
            "{}",
            error.message
        );
        // The sub-account's own client, whose query lists it too, is not
        // sent to itself.
        let sub = config.with_account(SUB).expect("valid");
        queried(&sub);
        let mut get = machine_for(&sub, "getPackage", prepare(api::get_package(PACKAGE_ID)));
        let error = finished_error(get.answered(not_found("PACKAGE_NOT_FOUND", 404), 2.0, never));
        assert!(!error.message.contains("withAccount"), "{}", error.message);
    }

    #[test]
    fn without_a_query_that_listed_it_a_not_found_error_has_no_hint() {
        let config = config();
        let mut get = machine_for(&config, "getPackage", prepare(api::get_package(PACKAGE_ID)));
        let error = finished_error(get.answered(not_found("PACKAGE_NOT_FOUND", 404), 2.0, never));
        assert_eq!(error.message, "PACKAGE_NOT_FOUND (404): Not found.");
    }

    #[test]
    fn a_network_failure_keeps_its_cause_redacted() {
        let options = CallOptions {
            max_retries: Some(0),
            ..CallOptions::default()
        };
        let get = || {
            let prepared = prepare(api::get_package(PACKAGE_ID));
            CallMachine::start(&config(), "getPackage", prepared, &options, 0.0, || 0.5)
                .expect("valid call")
        };
        let mut failure = TransportError::network("fetch failed");
        failure.cause = Some(format!(
            "TypeError\0fetch failed\0\0Error\0header {KEY} refused\0ECONNRESET"
        ));
        let error = finished_error(get().answered(Err(failure), 1.0, never));
        assert_eq!(error.code, "NETWORK_ERROR");
        assert_eq!(
            error.cause.as_deref(),
            Some("TypeError\0fetch failed\0\0Error\0header [redacted] refused\0ECONNRESET")
        );
        // Only a network failure has one.
        let timeout = Err(TransportError::timeout());
        assert_eq!(
            finished_error(get().answered(timeout, 1.0, never)).cause,
            None
        );
    }
}
