//! The native async driver: runs the call machine ([`super::machine`]) and
//! the page walk ([`super::paginate`]) over a [`Transport`], for Rust
//! callers and the native tests. In the JS runtimes a few lines of JS drive
//! the same machine instead (`src/js/driver.rs`), so both make exactly the
//! same decisions.

use super::config::ClientConfig;
use super::decode::{typed, Answer, Checked};
use super::error::ResellersError;
use super::machine::{Action, CallMachine};
use super::options::CallOptions;
use super::paginate::{IterateOptions, PageWalk, PagerStep};
use super::request::{prepare, Prepared};
use crate::api::Built;
use crate::model::Package;
use crate::transport::Transport;
use serde_json::Value;
use std::rc::Rc;

/// Runs one call to completion and decodes the answer as `R`. Errors never
/// contain the API key.
pub(crate) async fn execute<T: Transport, R: Answer>(
    config: &ClientConfig,
    transport: &T,
    operation: &'static str,
    built: Built<R>,
    options: &CallOptions,
) -> Result<R, ResellersError> {
    let text = execute_text(config, transport, operation, prepare(built), options).await?;
    typed(&text).map_err(|reason| ResellersError::malformed(operation, 200, &reason))
}

/// Runs one call to completion; the answer is checked against its shape and
/// given as a `Value` with its canonical text, never decoded into a model
/// type. Errors never contain the API key.
async fn execute_checked<T: Transport>(
    config: &ClientConfig,
    transport: &T,
    operation: &'static str,
    prepared: Prepared,
    options: &CallOptions,
) -> Result<Checked, ResellersError> {
    let text = execute_text(config, transport, operation, prepared, options).await?;
    // Canonical text is JSON by construction.
    let value = serde_json::from_str(&text)
        .map_err(|_| ResellersError::malformed(operation, 200, "the canonical text is not JSON"))?;
    Ok((value, text))
}

/// Drives a [`CallMachine`] over `transport`: the answer's canonical text,
/// or the error. Not generic over the answer, so one copy serves every
/// endpoint.
async fn execute_text<T: Transport>(
    config: &ClientConfig,
    transport: &T,
    operation: &'static str,
    prepared: Prepared,
    options: &CallOptions,
) -> Result<String, ResellersError> {
    let mut machine = CallMachine::start(
        config,
        operation,
        prepared,
        options,
        transport.now_ms(),
        || transport.random_unit(),
    )?;
    loop {
        let result = transport
            .send(machine.request().clone(), machine.timeout_ms())
            .await;
        let mut action = machine.answered(result, transport.now_ms(), || transport.random_unit());
        loop {
            match action {
                Action::Send => break,
                Action::Sleep(ms) => {
                    transport.sleep(ms).await;
                    action = machine.slept();
                }
                Action::Finish(result) => return result,
            }
        }
    }
}

/// Yields the packages of a query one at a time, fetching pages as needed
/// (the walk of `client::paginate` keeps the rules).
pub struct Pager<T: Transport> {
    config: Rc<ClientConfig>,
    transport: Rc<T>,
    walk: PageWalk,
}

impl<T: Transport> Pager<T> {
    /// A pager over `query` (a `QueryV2` object or `null`). A query that
    /// cannot be paged is reported by the first [`Pager::next`].
    pub(crate) fn new(
        config: Rc<ClientConfig>,
        transport: Rc<T>,
        query: &Value,
        options: IterateOptions,
    ) -> Pager<T> {
        Pager {
            config,
            transport,
            walk: PageWalk::new(query, options),
        }
    }

    /// The next package, `None` at the end. After an error, calling again
    /// retries the page that failed.
    pub async fn next(&mut self) -> Result<Option<Package>, ResellersError> {
        match self.next_json().await? {
            Some(text) => serde_json::from_str(&text).map(Some).map_err(|error| {
                ResellersError::malformed("iteratePackages", 200, &error.to_string())
            }),
            None => Ok(None),
        }
    }

    /// [`Pager::next`] as the package's canonical JSON text, without
    /// decoding it into the model type.
    pub async fn next_json(&mut self) -> Result<Option<String>, ResellersError> {
        loop {
            match self.walk.poll() {
                PagerStep::Package(text) => return Ok(Some(text)),
                PagerStep::End => return Ok(None),
                PagerStep::Failed(error) => return Err(error),
                PagerStep::Fetch(prepared) => {
                    let answer = execute_checked(
                        &self.config,
                        &*self.transport,
                        "iteratePackages",
                        prepared,
                        &CallOptions::default(),
                    )
                    .await
                    .map(|(page, _)| page);
                    self.walk.fetched(answer);
                }
            }
        }
    }
}
