//! The emulator of the Resellers API. One pure entry point,
//! [`Sandbox::handle`]`(HttpRequest) -> HttpResponse`, serves every front (the
//! in-process `fetch`, a Worker, the local HTTP server).
//!
//! Module map:
//! - `router`: method + path -> route, percent-decoding, path hardening.
//! - `auth`: API key -> reseller, `wix-account-id` -> the account acted for.
//! - `handlers`: the ten endpoints (create, packages, instances, query).
//! - `query`: filter compilation and evaluation, sort, cursor and offset paging.
//! - `state`: accounts, sites, packages and their indexes; `catalog`: products.
//! - `delivery`: `PENDING` -> the product's outcome after `deliveryMs`.
//! - `idempotency`: replay of `idempotencyKey` answers for 24 hours.
//! - `world`: everything a sandbox holds, which `control` (the `/_sandbox/`
//!   API) reads and changes, and `snapshot` saves and restores as one
//!   versioned JSON document; `faults`: injected failures; `injected`: the
//!   documented error a `code` fault answers, filled from the request.
//! - `respond`, `errors`: response building and every error's code and text.
//! - [`in_process`]: `InProcessTransport`, the client's transport straight
//!   into an engine, for native tests of the whole pipeline.
//! - `ids`: deterministic GUIDs and request IDs; `clock`: sandbox time;
//!   `dates`: `expirationDate` arithmetic; [`seed`]: the default world.
//!
//! Decisions where the reference is silent are listed in
//! `docs/sandbox-decisions.md`; those specific to this engine:
//! - a floating instance of a product with `requiresProductType` may be
//!   created; the prerequisite is checked when it is assigned to a site;
//! - prerequisites in the same create request do not count (the reference
//!   says to create the prerequisite package first);
//! - an unknown site answers `SITE_NOT_FOUND` with owner `unknown`;
//! - `idempotencyKey` replays whatever the rest of the new body says;
//! - a package keeps the root account (`parentAccountId`) it was created
//!   under, even if the control API later re-parents its account;
//! - a dependent service (an instance whose `requiresProductType` its site
//!   no longer holds live: a domain whose plan was cancelled, unassigned,
//!   moved, downgraded or failed) is disconnected: floating, status kept;
//! - the sandbox clock never runs backwards (creation order = `createdDate`
//!   order); a delivery is stamped (`updatedDate`) when the sandbox observes
//!   it, at the start of the first request at or after its due time;
//! - catalog products may carry an extra `failureCode` (`DELIVERY_TIMEOUT`,
//!   the default, or `EXTERNAL_FAILURE`) used when `deliveryOutcome` is `FAILED`;
//! - every non-5xx answer to a keyed call is replayed, 400s included;
//! - HTTP methods are matched case-insensitively; literal path segments are
//!   matched raw (an encoded literal is a parameter, never the literal);
//! - fault `pathPrefix` matches the raw path; a `malformed` fault answers its
//!   `status` when given (200 otherwise); faults consume 404/405 requests too;
//!   a `code` fault answers unprocessed, its placeholders filled from the
//!   request; a `floating` fault makes a failed Assign strand the instance;
//! - `fields`/`fieldsets` project Query Packages (`id` always, `FULL` the one
//!   fieldset), and a cursor carries the projection of its first page;
//! - a state snapshot holds the whole `World`, armed faults and the ID
//!   generator included; a restore is all or nothing.

mod auth;
mod catalog;
mod clock;
mod control;
mod dates;
mod delivery;
mod errors;
mod faults;
mod handlers;
mod idempotency;
mod ids;
pub mod in_process;
mod injected;
mod query;
mod respond;
mod router;
pub mod seed;
mod snapshot;
mod state;
mod world;

use self::faults::{FaultMode, Faults};
use self::handlers::instances::Strand;
use self::handlers::{create, instances, packages, Ctx};
use self::idempotency::IdempotencyStore;
use self::respond::{ApiError, Reply};
use self::router::{ApiRoute, Route};
use self::state::State;
use self::world::World;
use crate::http::{HttpRequest, HttpResponse};
use crate::model::IdempotentRequest;
use crate::rules::{self, CreateVersion};
use crate::time::UnixMillis;
use serde_json::Value;

/// The largest request body accepted (5 MiB); larger ones are 413. Public so
/// that an HTTP front can stop reading a body at the same limit instead of
/// buffering all of it first (see [`Sandbox::payload_too_large`]).
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;

pub use self::snapshot::MAX_STATE_BYTES;

/// The seed of the ID generator: every sandbox produces the same IDs for the
/// same requests.
const ID_SEED: u64 = 0x5A4D_B0C5_7E57_0001;

/// A stateful, in-memory emulator of the Wix Resellers API.
///
/// ```
/// use wix_resellers::http::HttpRequest;
/// use wix_resellers::sandbox::{seed, Sandbox};
///
/// let mut sandbox = Sandbox::new(true);
/// let request = HttpRequest {
///     method: "POST".into(),
///     path: "/resellers/v1/packages/query".into(),
///     headers: vec![
///         ("Authorization".into(), seed::RESELLER_API_KEY.into()),
///         ("wix-account-id".into(), seed::RESELLER_ACCOUNT_ID.into()),
///     ],
///     body: br#"{"query":{}}"#.to_vec(),
/// };
/// let response = sandbox.handle(&request, 1_700_000_000_000);
/// assert_eq!(response.status, 200);
/// assert!(response.header("x-wix-request-id").is_some());
/// ```
#[derive(Clone, Debug)]
pub struct Sandbox {
    world: World,
    /// Counts the requests that may have changed the world (see
    /// [`Sandbox::revision`]); not part of the world, so not in a snapshot.
    revision: u64,
}

impl Sandbox {
    /// A new sandbox; `seed = true` loads the default seed (accounts, keys,
    /// sites, catalog — see [`seed`]), `false` starts empty.
    pub fn new(seed: bool) -> Sandbox {
        let mut ids = ids::IdGen::new(ID_SEED);
        let secret = ids.next_u64();
        Sandbox {
            world: World {
                state: if seed {
                    seed::seeded_state()
                } else {
                    State::default()
                },
                clock: clock::Clock::default(),
                ids,
                idempotency: IdempotencyStore::default(),
                faults: Faults::default(),
                secret,
            },
            revision: 0,
        }
    }

    /// A number that moves whenever a request may have changed the world:
    /// an API call that writes (every route but Get Package and Query
    /// Packages) once it reaches its endpoint, whatever it answers (a keyed
    /// 4xx is stored for replay); a control call other than a `GET`; a
    /// request that used up an armed fault or at whose start a delivery
    /// came due. It never stays put across a change, and moves only on
    /// such a request, so a front persisting the world (`--state`) writes
    /// when it moved and skips the rest. What moves on every request, the
    /// request ID drawn and the clock floor, is not counted: a front that
    /// restarts from its last write draws request IDs again from there.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The whole world as a snapshot (the `GET /_sandbox/state` body),
    /// without a request: no request ID is drawn, the clock does not tick
    /// and no due delivery is applied, so taking it changes nothing.
    pub fn snapshot_bytes(&self) -> Vec<u8> {
        snapshot::snapshot(&self.world)
    }

    fn changed(&mut self) {
        self.revision = self.revision.wrapping_add(1);
    }

    /// A sandbox replacing one whose state was lost (a JS front found the old
    /// one unusable after a trap): loaded as [`Sandbox::new`] would, but with
    /// the `generation`th ID sequence of its own, so (with overwhelming
    /// probability) no package, instance or request ID handed out before is
    /// handed out again and an old ID finds nothing rather than a new package.
    pub fn after_loss(seed: bool, generation: u64) -> Sandbox {
        let mut sandbox = Sandbox::new(seed);
        if generation > 0 {
            let stream = ids::IdGen::new(ID_SEED ^ generation).next_u64();
            sandbox.world.ids = ids::IdGen::new(stream);
            sandbox.world.secret = sandbox.world.ids.next_u64();
        }
        sandbox
    }

    /// The answer to a request whose body is over [`MAX_BODY_BYTES`], for a
    /// front that stopped reading it: the same 413 `PAYLOAD_TOO_LARGE` body
    /// [`Sandbox::handle`] gives, with a request ID of this sandbox's.
    pub fn payload_too_large(&mut self) -> HttpResponse {
        let request_id = self.world.ids.request_id(self.world.clock.now());
        respond::finish(Err(errors::payload_too_large(MAX_BODY_BYTES)), &request_id)
    }

    /// Answers one request: the ten API endpoints and the `/_sandbox/`
    /// control API. `now` is the front's wall clock in Unix milliseconds (wasm
    /// has no clock of its own); the sandbox adds its own offset (see
    /// `/_sandbox/clock`) and never lets time run backwards. Every answer
    /// carries a `Date` of the sandbox clock, as Wix's carries its own: the
    /// client reconciles a create's `createdDate` against it. Never panics.
    pub fn handle(&mut self, request: &HttpRequest, now: UnixMillis) -> HttpResponse {
        let now = self.world.clock.tick(now);
        let mut response = self.answer(request, now);
        response
            .headers
            .push(("date".to_owned(), crate::time::format_http_date(now)));
        response
    }

    /// [`Sandbox::handle`] at sandbox-now `now`, without the `Date`.
    fn answer(&mut self, request: &HttpRequest, now: UnixMillis) -> HttpResponse {
        let request_id = self.world.ids.request_id(now);
        self.world.idempotency.prune(now);
        if delivery::apply_due(&mut self.world.state, now) {
            self.changed();
        }
        let method = request.method.trim().to_ascii_uppercase();
        let path = router::path_only(&request.path);
        if router::is_control(path) {
            // Every control read is a GET; anything else may write.
            if method != "GET" {
                self.changed();
            }
            let reply = control::handle(&mut self.world, &method, path, request);
            return respond::finish(reply, &request_id);
        }
        let fault = self.world.faults.take(&method, path);
        if fault.is_some() {
            self.changed();
        }
        // A `floating` fault on an Assign lets it run: it fails (by the
        // fault's status or code, or on its own) and strands the instance.
        let strands = fault
            .as_ref()
            .is_some_and(|f| f.mode == Some(FaultMode::Floating))
            && matches!(
                router::route(&method, path),
                Ok(Route::Api(ApiRoute::AssignInstance { .. }))
            );
        if let Some(fault) = fault.as_ref().filter(|_| !strands) {
            let early = match (fault.mode, fault.status, fault.code) {
                (None | Some(FaultMode::Floating), _, Some(code)) => {
                    let error =
                        injected::answer(code, &self.world.state, request, &method, MAX_BODY_BYTES);
                    Some(respond::finish(Err(error), &request_id))
                }
                (Some(FaultMode::Html), status, _) => {
                    let status = status.unwrap_or(502);
                    Some(respond::response(
                        status,
                        faults::html_page(status),
                        "text/html; charset=utf-8",
                        &request_id,
                    ))
                }
                (None | Some(FaultMode::Floating), Some(status), None) => Some(respond::response(
                    status,
                    faults::SYSTEM_ERROR_BODY.to_vec(),
                    "application/json",
                    &request_id,
                )),
                _ => None,
            };
            if let Some(mut response) = early {
                decorate(&mut response, fault);
                return response;
            }
        }
        let strand = fault.as_ref().filter(|_| strands).map(|fault| Strand {
            forced: match (fault.code, fault.status) {
                (Some(code), _) => Some(injected::answer(
                    code,
                    &self.world.state,
                    request,
                    &method,
                    MAX_BODY_BYTES,
                )),
                (None, Some(status)) => Some(ApiError {
                    status,
                    body: Box::default(),
                }),
                (None, None) => None,
            },
        });
        let reply = self.api(request, &method, path, now, strand);
        let mut response = respond::finish(reply, &request_id);
        if let Some(fault) = &fault {
            match fault.mode {
                Some(FaultMode::Reset) => response.reset = true,
                Some(FaultMode::Malformed) => {
                    response.status = fault.status.unwrap_or(200);
                    response.body = faults::MALFORMED_BODY.to_vec();
                }
                Some(FaultMode::Truncated) => {
                    let half = response.body.len() / 2;
                    response.body.truncate(half);
                }
                _ => {}
            }
            decorate(&mut response, fault);
        }
        response
    }

    fn api(
        &mut self,
        request: &HttpRequest,
        method: &str,
        path: &str,
        now: UnixMillis,
        strand: Option<Strand>,
    ) -> Reply {
        let route = match router::route(method, path)? {
            Route::Api(route) => route,
            Route::Control(_) => return Err(errors::route_not_found(path)),
        };
        if request.body.len() > MAX_BODY_BYTES {
            return Err(errors::payload_too_large(MAX_BODY_BYTES));
        }
        let caller =
            auth::authenticate(&self.world.state, request, route.reports_unknown_account())?;
        handlers::reject(route.param_violations())?;
        let body = match &route {
            ApiRoute::GetPackage(_) | ApiRoute::UpdateExternalId { .. } => {
                Value::Object(Default::default())
            }
            _ => handlers::parse_body(&request.body)?,
        };
        let key = if route.is_idempotent() {
            handlers::idempotency_key(&body)
        } else {
            None
        };
        let scope = key
            .as_deref()
            .map(|key| idempotency::scope(method, path, &caller.account_key, key));
        if let Some(record) = scope
            .as_deref()
            .and_then(|scope| self.world.idempotency.get(scope, now))
        {
            return Ok((record.status, record.body.clone()));
        }
        let ctx = Ctx {
            caller,
            now,
            idempotency_key: key,
        };
        // An answer a fault forced is not the call's: like a `status` or
        // `code` fault's, it is not kept for replay.
        let forced = strand.as_ref().is_some_and(|s| s.forced.is_some());
        if !matches!(route, ApiRoute::Query | ApiRoute::GetPackage(_)) {
            self.changed();
        }
        let reply = self.dispatch(route, &ctx, body, strand);
        if let Some(scope) = scope.filter(|_| !forced) {
            match &reply {
                Ok((status, bytes)) => self.world.idempotency.put(scope, *status, bytes, now),
                Err(error) => {
                    self.world
                        .idempotency
                        .put(scope, error.status, &error.to_bytes(), now)
                }
            }
        }
        reply
    }

    fn dispatch(
        &mut self,
        route: ApiRoute,
        ctx: &Ctx,
        body: Value,
        strand: Option<Strand>,
    ) -> Reply {
        let state = &mut self.world.state;
        match route {
            ApiRoute::CreateV2 => {
                create::create(state, &mut self.world.ids, ctx, body, CreateVersion::V2)
            }
            ApiRoute::CreateV1 => {
                create::create(state, &mut self.world.ids, ctx, body, CreateVersion::V1)
            }
            ApiRoute::Query => handlers::query::query(state, self.world.secret, ctx, body),
            ApiRoute::GetPackage(id) => packages::get(state, ctx, &id.value),
            ApiRoute::UpdateExternalId {
                package_id,
                external_id,
            } => packages::update_external_id(state, ctx, &package_id.value, &external_id.value),
            ApiRoute::CancelPackage(id) => {
                check_idempotent_body(body)?;
                packages::cancel(state, ctx, &id.value)
            }
            ApiRoute::CancelInstance(id) => {
                check_idempotent_body(body)?;
                instances::cancel(state, ctx, &id.value)
            }
            ApiRoute::AssignInstance {
                instance_id,
                site_id,
            } => {
                check_idempotent_body(body)?;
                instances::assign(state, ctx, &instance_id.value, &site_id.value, strand)
            }
            ApiRoute::UnassignInstance(id) => {
                check_idempotent_body(body)?;
                instances::unassign(state, ctx, &id.value)
            }
            ApiRoute::AdjustInstance(id) => instances::adjust(state, ctx, &id.value, body),
        }
    }
}

/// Validates `{ idempotencyKey? }` bodies (cancel, assign, unassign).
fn check_idempotent_body(body: Value) -> Result<(), ApiError> {
    handlers::reject(rules::validate_idempotent_body(&body))?;
    handlers::decode::<IdempotentRequest>(body).map(|_| ())
}

/// Adds a fault's delay and `retry-after` to an answer.
fn decorate(response: &mut HttpResponse, fault: &faults::Fault) {
    response.delay_ms = fault.delay_ms;
    if let Some(retry_after) = &fault.retry_after {
        response
            .headers
            .push(("retry-after".to_owned(), retry_after.clone()));
    }
}
