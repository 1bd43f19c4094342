//! The `/_sandbox/` control API (no authentication): reset, catalog,
//! accounts and sites, instance status, faults, the clock, and the whole
//! state as a snapshot. Answers are 200
//! with the resulting object; bad input is a 400 validation error. Every
//! object it answers is a Rust type serialised as it is (the catalog's
//! `Shown`, `Fault`, `Account`, `Site`, [`ClockShown`]), whose `Tsify` derive
//! is its TypeScript declaration (`CatalogProduct`, `SandboxFault`, ...).

use super::catalog::Product;
use super::faults::Fault;
use super::handlers::parse_body;
use super::respond::{ok, ApiError, Reply};
use super::router::{self, ControlRoute, Param, Route};
use super::state::{key, Account, Site};
use super::world::World;
use super::{delivery, errors, snapshot};
use crate::http::HttpRequest;
use crate::model::{is_guid, FailureReason, FieldViolation, Package, Status};
use crate::time::format_iso;
use serde::Serialize;
use serde_json::{json, Value};
use tsify::Tsify;

/// The longest clock advance accepted: ten years.
const MAX_ADVANCE_MS: u64 = 10 * 366 * 86_400_000;

/// Handles a `/_sandbox/` request.
pub(crate) fn handle(world: &mut World, method: &str, path: &str, request: &HttpRequest) -> Reply {
    let route = match router::route(method, path)? {
        Route::Control(route) => route,
        Route::Api(_) => return Err(errors::route_not_found(path)),
    };
    let body = || parse_body(&request.body);
    match route {
        ControlRoute::Reset => {
            world.reset();
            ok(&json!({}))
        }
        ControlRoute::GetCatalog => {
            let products: Vec<_> = world
                .state
                .catalog
                .all()
                .iter()
                .map(Product::shown)
                .collect();
            ok(&Products { products })
        }
        ControlRoute::PutProduct => {
            let product = Product::from_json(&body()?).map_err(ApiError::validation)?;
            let reply = ok(&product.shown());
            world.state.catalog.upsert(product);
            reply
        }
        ControlRoute::GetAccounts => ok(&account_list(world)),
        ControlRoute::PutAccount => put_account(world, &body()?),
        ControlRoute::PutSite => put_site(world, &body()?),
        ControlRoute::SetInstanceStatus(id) => set_status(world, &id, &body()?),
        ControlRoute::AddFault => {
            let fault = Fault::from_json(&body()?).map_err(ApiError::validation)?;
            let reply = ok(&fault);
            world.faults.add(fault);
            reply
        }
        ControlRoute::GetFaults => ok(&fault_list(world)),
        ControlRoute::ClearFaults => {
            world.faults.clear();
            ok(&fault_list(world))
        }
        ControlRoute::GetState => Ok((200, snapshot::snapshot(world))),
        ControlRoute::PutState => ok(&snapshot::restore(world, &request.body)?),
        ControlRoute::GetClock => ok(&ClockShown::of(world)),
        ControlRoute::AdvanceClock => {
            let body = body()?;
            let advance = body
                .get("advanceMs")
                .and_then(Value::as_u64)
                .filter(|ms| *ms <= MAX_ADVANCE_MS)
                .ok_or_else(|| {
                    ApiError::invalid(
                        "advanceMs",
                        "TYPE",
                        "`advanceMs` must be milliseconds from 0 to ten years",
                    )
                })?;
            world.clock.advance(advance as i64);
            let now = world.clock.now();
            world.idempotency.prune(now);
            // A control POST: the revision has already moved.
            let _ = delivery::apply_due(&mut world.state, now);
            ok(&ClockShown::of(world))
        }
    }
}

/// The sandbox clock, as `advanceClock` (`GET` and `POST /_sandbox/clock`) answers it.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "SandboxClock")]
struct ClockShown {
    /// Sandbox-now, ISO 8601.
    now: String,
    /// Sandbox-now, milliseconds since the epoch.
    now_ms: i64,
    /// How far `advanceClock` moved it ahead of the front's wall clock.
    offset_ms: i64,
}

impl ClockShown {
    fn of(world: &World) -> ClockShown {
        let now = world.clock.now();
        ClockShown {
            now: format_iso(now),
            now_ms: now,
            offset_ms: world.clock.offset(),
        }
    }
}

#[derive(Serialize)]
struct Products<'a> {
    products: Vec<super::catalog::Shown<'a>>,
}

#[derive(Serialize)]
struct Faults<'a> {
    faults: &'a [Fault],
}

fn fault_list(world: &World) -> Faults<'_> {
    Faults {
        faults: world.faults.list(),
    }
}

#[derive(Serialize)]
struct Accounts<'a> {
    accounts: &'a [Account],
    sites: &'a [Site],
}

fn account_list(world: &World) -> Accounts<'_> {
    Accounts {
        accounts: world.state.accounts(),
        sites: world.state.sites(),
    }
}

fn guid_field(body: &Value, name: &str, problems: &mut Vec<FieldViolation>) -> Option<String> {
    match body.get(name) {
        Some(Value::String(id)) if is_guid(id) => Some(id.clone()),
        None | Some(Value::Null) => {
            problems.push(FieldViolation::new(
                name,
                "REQUIRED_FIELD",
                format!("`{name}` (a GUID) is required"),
            ));
            None
        }
        Some(_) => {
            problems.push(
                FieldViolation::new(name, "FORMAT", format!("`{name}` must be a GUID"))
                    .named("GUID"),
            );
            None
        }
    }
}

fn put_account(world: &mut World, body: &Value) -> Reply {
    let mut problems = Vec::new();
    let id = guid_field(body, "id", &mut problems);
    let parent = match body.get("parentAccountId") {
        None | Some(Value::Null) => None,
        Some(_) => guid_field(body, "parentAccountId", &mut problems),
    };
    let api_key = match body.get("apiKey") {
        None | Some(Value::Null) => None,
        Some(Value::String(k))
            if !k.trim().is_empty() && k.len() <= 200 && !k.chars().any(char::is_control) =>
        {
            Some(k.trim().to_owned())
        }
        Some(_) => {
            problems.push(FieldViolation::new(
                "apiKey",
                "FORMAT",
                "`apiKey` must be 1 to 200 printable characters",
            ));
            None
        }
    };
    let state = &world.state;
    if let (Some(id), Some(parent)) = (&id, &parent) {
        match state.account(parent) {
            None => problems.push(FieldViolation::new(
                "parentAccountId",
                "OTHER",
                "no account has this ID",
            )),
            Some(_) if state.lineage(parent).iter().any(|a| key(&a.id) == key(id)) => problems
                .push(FieldViolation::new(
                    "parentAccountId",
                    "OTHER",
                    "an account cannot be its own ancestor",
                )),
            Some(_) => {}
        }
    }
    if let (Some(id), Some(api_key)) = (&id, &api_key) {
        if state
            .reseller_for_key(api_key)
            .is_some_and(|owner| key(&owner.id) != key(id))
        {
            problems.push(FieldViolation::new(
                "apiKey",
                "OTHER",
                "another account already has this API key",
            ));
        }
    }
    let Some(id) = id.filter(|_| problems.is_empty()) else {
        return Err(ApiError::validation(problems));
    };
    let id = state
        .account(&id)
        .map_or(id, |existing| existing.id.clone());
    let account = Account {
        id,
        parent_account_id: parent.map(|p| state.account(&p).map_or(p, |a| a.id.clone())),
        api_key,
    };
    let reply = ok(&account);
    world.state.upsert_account(account);
    reply
}

fn put_site(world: &mut World, body: &Value) -> Reply {
    let mut problems = Vec::new();
    let id = guid_field(body, "id", &mut problems);
    let owner = guid_field(body, "accountId", &mut problems).and_then(|owner| {
        let found = world.state.account(&owner).map(|a| a.id.clone());
        if found.is_none() {
            problems.push(FieldViolation::new(
                "accountId",
                "OTHER",
                "no account has this ID",
            ));
        }
        found
    });
    let (Some(id), Some(account_id)) = (id, owner) else {
        return Err(ApiError::validation(problems));
    };
    let id = world
        .state
        .site(&id)
        .map_or(id, |existing| existing.id.clone());
    let site = Site { id, account_id };
    let reply = ok(&site);
    world.state.upsert_site(site);
    reply
}

#[derive(Serialize)]
struct PackageEnvelope<'a> {
    package: &'a Package,
}

/// A status forced on an instance (`setInstanceStatus`,
/// `POST /_sandbox/instances/{id}/status`).
#[derive(Tsify)]
#[tsify(rename = "SandboxInstanceStatus")]
struct InstanceStatus {
    /// The status to force.
    status: Status,
    /// Why it failed, for `FAILED` (default: code `UNKNOWN`); ignored for another status.
    #[tsify(optional)]
    failure: Option<FailureReason>,
}

impl InstanceStatus {
    /// Reads the body, field by field, so that each problem has its own words.
    fn from_json(body: &Value) -> Result<InstanceStatus, ApiError> {
        let status = match body.get("status").and_then(Value::as_str) {
            Some(text) if Status::KNOWN.contains(&text) => Status::from_wire(text),
            _ => {
                return Err(ApiError::invalid(
                    "status",
                    "INVALID_ENUM_VALUE",
                    format!("`status` must be one of {}", Status::KNOWN.join(", ")),
                ))
            }
        };
        let failure = match body.get("failure") {
            None | Some(Value::Null) => None,
            Some(value) => Some(
                serde_json::from_value::<FailureReason>(value.clone()).map_err(|_| {
                    ApiError::invalid(
                        "failure",
                        "TYPE",
                        "`failure` must be {code, message?} with a known code",
                    )
                })?,
            ),
        };
        if failure.as_ref().is_some_and(|f| !f.code.is_known()) {
            return Err(ApiError::invalid(
                "failure.code",
                "INVALID_ENUM_VALUE",
                "unknown failure code",
            ));
        }
        Ok(InstanceStatus { status, failure })
    }
}

fn set_status(world: &mut World, id: &Param, body: &Value) -> Reply {
    if let Some(violation) = router::guid_violation("instanceId", id) {
        return Err(ApiError::validation(vec![violation]));
    }
    let InstanceStatus { status, failure } = InstanceStatus::from_json(body)?;
    let at = world
        .state
        .instance_ref(&id.value)
        .ok_or_else(|| errors::instance_not_found_404(&id.value))?;
    let failure = (status == Status::Failed).then(|| {
        failure.unwrap_or_else(|| delivery::failure_for(crate::model::FailureCode::Unknown))
    });
    if let Some(instance) = world.state.instance_mut(at) {
        instance.status = status;
        instance.failure = failure;
    }
    let now = world.clock.now();
    world.state.touch(at, now);
    // Forcing a prerequisite out of the live statuses disconnects its dependents.
    if let Some(site) = world.state.instance(at).and_then(|i| i.site_id.clone()) {
        world.state.disconnect_dependents(&site, now);
    }
    let package = world
        .state
        .packages
        .get(at.0)
        .map(|p| &p.package)
        .ok_or_else(|| errors::instance_not_found_404(&id.value))?;
    ok(&PackageEnvelope { package })
}
