//! The world as one versioned JSON document (`GET`/`PUT /_sandbox/state`,
//! `sandbox.snapshot()`/`restore()`): accounts, sites, catalog, packages,
//! used references, pending deliveries, idempotency records, armed faults,
//! the clock, and the ID generator and cursor key, so a restored sandbox
//! answers the next request exactly as the saved one would have: the same
//! next IDs, the same cursors valid, the same deliveries due.
//!
//! A snapshot is untrusted input. Restoring reads it whole into a new
//! [`World`] built through the same methods the engine uses (every index is
//! rebuilt, nothing is taken on trust), checks every reference in it, and
//! replaces the world only when all of it is sound: a refused snapshot (a
//! 400 listing what is wrong) leaves the world as it was. Its size is capped
//! ([`MAX_STATE_BYTES`]), JSON nesting is capped by serde_json, and nothing
//! in it can make later requests panic or run long: the checks below keep
//! the invariants the engine relies on (unique IDs, known references,
//! packages in creation order, dates and times in range, no account its own
//! ancestor).

use super::catalog::{self, Product};
use super::clock::Clock;
use super::faults::{Fault, Faults};
use super::idempotency::{self, IdempotencyStore, Record};
use super::ids::IdGen;
use super::respond::{to_json, ApiError};
use super::state::{key, Account, InstanceRef, Site, State, StoredPackage};
use super::world::World;
use crate::model::{is_guid, FieldViolation, Package, Status};
use crate::rules::MAX_PRODUCTS;
use crate::time::{parse_iso, UnixMillis};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use tsify::Tsify;

/// What a snapshot's `format` says.
pub(crate) const FORMAT: &str = "wix-resellers-sandbox-state";

/// The version of the snapshot format this sandbox writes and reads.
pub(crate) const VERSION: u32 = 1;

/// The largest snapshot restored, in bytes of JSON (64 MiB: some 110,000
/// one-instance packages). Read into typed values, a snapshot takes a few
/// times its size in memory at most, far from wasm's 4 GiB.
pub const MAX_STATE_BYTES: usize = 64 * 1024 * 1024;

/// The most JSON values the catalog, and the faults, of a snapshot may hold
/// (each is read as `Value`s, which take up to some 30 times their bytes).
const MAX_LOOSE_VALUES: usize = 1_000_000;

/// Latest time a snapshot may hold: the end of year 9999.
const MAX_MS: i64 = 253_402_300_799_999;

/// At most this many problems are listed when a snapshot is refused.
const MAX_PROBLEMS: usize = 100;

/// The whole world of a sandbox, as `snapshot()` (`GET /_sandbox/state`)
/// answers it and `restore()` (`PUT /_sandbox/state`) takes it.
// Serialised as it is: the source of the TypeScript `SandboxState`. What
// `restore` reads is `Input`, the same fields owned.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "SandboxState")]
struct Shown<'a> {
    /// Always `wix-resellers-sandbox-state`.
    #[tsify(type = "\"wix-resellers-sandbox-state\"")]
    format: &'a str,
    /// The snapshot format's version; a sandbox restores only its own.
    #[tsify(type = "1")]
    version: u32,
    #[tsify(type = "SandboxStateClock")]
    clock: ClockState,
    #[tsify(type = "SandboxStateIds")]
    ids: IdsState,
    /// Accounts in creation order.
    #[tsify(type = "SandboxAccount[]")]
    accounts: &'a [Account],
    /// Sites in creation order.
    #[tsify(type = "SandboxSite[]")]
    sites: &'a [Site],
    /// Catalog products in insertion order.
    #[tsify(type = "CatalogProduct[]")]
    catalog: Vec<catalog::Shown<'a>>,
    /// Every package ever created, in creation order.
    packages: Vec<&'a Package>,
    /// Instance IDs already used as a reference (single use), sorted.
    used_references: Vec<&'a str>,
    /// Deliveries still to happen, by due time.
    #[tsify(type = "SandboxStateDelivery[]")]
    deliveries: Vec<Delivery>,
    /// Answers replayed for an `idempotencyKey`, oldest first.
    #[tsify(type = "SandboxStateIdempotencyRecord[]")]
    idempotency: Vec<RecordShown<'a>>,
    /// Armed faults, first to fire first.
    #[tsify(type = "SandboxFault[]")]
    faults: &'a [Fault],
}

/// The sandbox clock in a snapshot.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[tsify(rename = "SandboxStateClock")]
struct ClockState {
    /// Sandbox-now when the snapshot was taken (ms since the epoch): the
    /// restored clock never goes below it.
    now_ms: i64,
    /// How far `advanceClock` had moved the clock ahead of the wall clock.
    offset_ms: i64,
}

/// The ID generator and cursor key in a snapshot, as 16 hex digits each
/// (64-bit values do not fit a JS number).
#[derive(Clone, Debug, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[tsify(rename = "SandboxStateIds")]
struct IdsState {
    /// The state of the generator of package, instance and request IDs.
    next: String,
    /// The key that signs query cursors (cursors stay valid across a restore).
    cursor_key: String,
}

/// A delivery still to happen.
#[derive(Clone, Debug, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[tsify(rename = "SandboxStateDelivery")]
struct Delivery {
    /// The instance that is delivered.
    instance_id: String,
    /// When, in sandbox time (ms since the epoch).
    due_ms: i64,
}

/// A stored answer to an `idempotencyKey`.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "SandboxStateIdempotencyRecord")]
struct RecordShown<'a> {
    /// The call's method, path (raw) and account (lower case): with the key,
    /// the record's scope.
    method: &'a str,
    path: &'a str,
    account_id: &'a str,
    idempotency_key: &'a str,
    /// The answer replayed.
    status: u16,
    body: &'a str,
    /// When it was stored (it expires 24 hours later).
    stored_ms: i64,
}

/// How `restore()` (`PUT /_sandbox/state`) answers: what was restored.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "SandboxStateRestored")]
pub(crate) struct Restored {
    /// The snapshot's version.
    version: u32,
    /// Its size in bytes of JSON.
    bytes: usize,
    accounts: usize,
    sites: usize,
    products: usize,
    packages: usize,
    instances: usize,
}

/// Just enough of a snapshot to tell its version from a broken body.
#[derive(Deserialize)]
struct Header {
    format: Option<Value>,
    version: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Input {
    format: String,
    version: u32,
    clock: ClockState,
    ids: IdsState,
    accounts: Vec<AccountInput>,
    sites: Vec<SiteInput>,
    #[serde(deserialize_with = "loose::values")]
    catalog: Vec<Value>,
    packages: Vec<Package>,
    used_references: Vec<String>,
    deliveries: Vec<Delivery>,
    idempotency: Vec<RecordInput>,
    #[serde(deserialize_with = "loose::values")]
    faults: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AccountInput {
    id: String,
    #[serde(default)]
    parent_account_id: Option<String>,
    #[serde(default)]
    api_key: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SiteInput {
    id: String,
    account_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RecordInput {
    method: String,
    path: String,
    account_id: String,
    idempotency_key: String,
    status: u16,
    body: String,
    stored_ms: i64,
}

/// The world as snapshot JSON.
pub(crate) fn snapshot(world: &World) -> Vec<u8> {
    let state = &world.state;
    let mut used_references: Vec<&str> = state.used_references.iter().map(String::as_str).collect();
    used_references.sort_unstable();
    let mut due: Vec<(UnixMillis, usize, usize)> = state
        .deliveries
        .iter()
        .map(|Reverse(entry)| *entry)
        .collect();
    due.sort_unstable();
    let deliveries = due
        .into_iter()
        .filter_map(|(due_ms, package, index)| {
            state.instance((package, index)).map(|instance| Delivery {
                instance_id: instance.instance_id.clone(),
                due_ms,
            })
        })
        .collect();
    let idempotency = world
        .idempotency
        .records()
        .filter_map(|(scope, record)| {
            let [method, path, account_id, idempotency_key] = idempotency::scope_parts(scope)?;
            Some(RecordShown {
                method,
                path,
                account_id,
                idempotency_key,
                status: record.status,
                body: std::str::from_utf8(&record.body).ok()?,
                stored_ms: record.stored_ms,
            })
        })
        .collect();
    to_json(&Shown {
        format: FORMAT,
        version: VERSION,
        clock: ClockState {
            now_ms: world.clock.now(),
            offset_ms: world.clock.offset(),
        },
        ids: IdsState {
            next: format!("{:016x}", world.ids.state()),
            cursor_key: format!("{:016x}", world.secret),
        },
        accounts: state.accounts(),
        sites: state.sites(),
        catalog: state.catalog.all().iter().map(Product::shown).collect(),
        packages: state
            .packages
            .iter()
            .map(|stored| &stored.package)
            .collect(),
        used_references,
        deliveries,
        idempotency,
        faults: world.faults.list(),
    })
}

/// Replaces `world` with the snapshot in `bytes`, or refuses it (400) and
/// leaves `world` as it was.
pub(crate) fn restore(world: &mut World, bytes: &[u8]) -> Result<Restored, ApiError> {
    if bytes.len() > MAX_STATE_BYTES {
        return Err(ApiError::invalid(
            "body",
            "MAX_SIZE",
            format!("a snapshot is at most {MAX_STATE_BYTES} bytes"),
        ));
    }
    let input: Input = serde_json::from_slice(bytes).map_err(|error| refusal_of(bytes, &error))?;
    check_version(input.format.as_str(), input.version)?;
    let restored = Restored {
        version: input.version,
        bytes: bytes.len(),
        accounts: input.accounts.len(),
        sites: input.sites.len(),
        products: input.catalog.len(),
        packages: input.packages.len(),
        instances: input
            .packages
            .iter()
            .map(|p| p.product_instances.len())
            .sum(),
    };
    let mut build = Build::default();
    let rebuilt = build.world(input);
    match rebuilt {
        Some(rebuilt) if build.problems.is_empty() => {
            *world = rebuilt;
            Ok(restored)
        }
        _ => Err(ApiError::validation(build.problems)),
    }
}

/// A snapshot whose version is not this sandbox's, or that is no snapshot.
fn check_version(format: &str, version: u32) -> Result<(), ApiError> {
    if format != FORMAT {
        return Err(ApiError::invalid(
            "format",
            "OTHER",
            format!("not a sandbox snapshot: `format` must be {FORMAT:?}"),
        ));
    }
    if version != VERSION {
        return Err(ApiError::invalid(
            "version",
            "OTHER",
            format!("this sandbox restores snapshots of version {VERSION}, not {version}"),
        ));
    }
    Ok(())
}

/// The 400 for a body serde could not read: a wrong format or version if
/// that is what it is (a newer snapshot may differ in shape), else serde's
/// own words, which name the line and column.
fn refusal_of(bytes: &[u8], error: &serde_json::Error) -> ApiError {
    if let Ok(header) = serde_json::from_slice::<Header>(bytes) {
        let format = header.format.as_ref().and_then(Value::as_str);
        let version = header.version.as_ref().and_then(Value::as_u64);
        let checked = match (format, version) {
            (Some(format), Some(version)) => {
                check_version(format, u32::try_from(version).unwrap_or(u32::MAX))
            }
            (Some(format), None) => check_version(format, VERSION),
            _ => Ok(()),
        };
        if let Err(refusal) = checked {
            return refusal;
        }
    }
    ApiError::invalid(
        "body",
        "FORMAT",
        format!("not a snapshot this sandbox can restore: {error}"),
    )
}

/// Builds a world from a snapshot, noting every problem.
#[derive(Default)]
struct Build {
    problems: Vec<FieldViolation>,
}

impl Build {
    fn problem(&mut self, field: impl Into<String>, rule: &str, description: impl Into<String>) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems
                .push(FieldViolation::new(field, rule, description));
        }
    }

    fn in_range(&mut self, field: &str, value: i64, low: i64) {
        if !(low..=MAX_MS).contains(&value) {
            self.problem(
                field,
                "OTHER",
                format!("must be a time in milliseconds from {low} to {MAX_MS}"),
            );
        }
    }

    fn hex(&mut self, field: &str, text: &str) -> u64 {
        match u64::from_str_radix(text, 16) {
            Ok(value) if !text.is_empty() && text.len() <= 16 && !text.starts_with('+') => value,
            _ => {
                self.problem(field, "FORMAT", "must be 1 to 16 hex digits");
                0
            }
        }
    }

    fn world(&mut self, input: Input) -> Option<World> {
        self.in_range("clock.nowMs", input.clock.now_ms, 0);
        self.in_range("clock.offsetMs", input.clock.offset_ms, -MAX_MS);
        let ids = self.hex("ids.next", &input.ids.next);
        let secret = self.hex("ids.cursorKey", &input.ids.cursor_key);
        let mut state = State::default();
        self.accounts(&mut state, input.accounts);
        self.sites(&mut state, input.sites);
        self.catalog(&mut state, &input.catalog);
        let latest = self.packages(&mut state, input.packages);
        self.references(&mut state, input.used_references);
        self.deliveries(&mut state, input.deliveries);
        let idempotency = self.idempotency(input.idempotency);
        let faults = self.faults(&input.faults);
        if !self.problems.is_empty() {
            return None;
        }
        Some(World {
            state,
            // The floor is at least the newest package, so a new package
            // is never older than one restored (the query index's order).
            clock: Clock::restored(input.clock.offset_ms, input.clock.now_ms.max(latest)),
            ids: IdGen::new(ids),
            idempotency,
            faults,
            secret,
        })
    }

    fn accounts(&mut self, state: &mut State, accounts: Vec<AccountInput>) {
        let ids: HashSet<String> = accounts.iter().map(|a| key(&a.id)).collect();
        let mut seen = HashSet::new();
        let mut keys = HashSet::new();
        for (index, account) in accounts.iter().enumerate() {
            let at = format!("accounts[{index}]");
            if !is_guid(&account.id) {
                self.problem(format!("{at}.id"), "FORMAT", "must be a GUID");
            } else if !seen.insert(key(&account.id)) {
                self.problem(format!("{at}.id"), "OTHER", "another account has this ID");
            }
            if let Some(parent) = &account.parent_account_id {
                if !ids.contains(&key(parent)) {
                    self.problem(
                        format!("{at}.parentAccountId"),
                        "OTHER",
                        "no account of the snapshot has this ID",
                    );
                }
            }
            if let Some(api_key) = &account.api_key {
                let usable = !api_key.trim().is_empty()
                    && api_key.trim() == api_key
                    && api_key.len() <= 200
                    && !api_key.chars().any(char::is_control);
                if !usable {
                    self.problem(
                        format!("{at}.apiKey"),
                        "FORMAT",
                        "must be 1 to 200 printable characters, no outer whitespace",
                    );
                } else if !keys.insert(api_key.clone()) {
                    self.problem(
                        format!("{at}.apiKey"),
                        "OTHER",
                        "another account has this API key",
                    );
                }
            }
        }
        if !self.problems.is_empty() {
            return;
        }
        for account in accounts {
            state.upsert_account(Account {
                id: account.id,
                parent_account_id: account.parent_account_id,
                api_key: account.api_key,
            });
        }
        // No account may be its own ancestor: follow each chain as far as
        // there are accounts.
        let parent_of: HashMap<String, String> = state
            .accounts()
            .iter()
            .filter_map(|a| Some((key(&a.id), key(a.parent_account_id.as_deref()?))))
            .collect();
        for (index, account) in state.accounts().iter().enumerate() {
            let start = key(&account.id);
            let mut next = parent_of.get(&start);
            let mut steps = 0;
            while let Some(parent) = next {
                if *parent == start {
                    self.problem(
                        format!("accounts[{index}].parentAccountId"),
                        "OTHER",
                        "an account cannot be its own ancestor",
                    );
                    break;
                }
                steps += 1;
                if steps > parent_of.len() {
                    break;
                }
                next = parent_of.get(parent);
            }
        }
    }

    fn sites(&mut self, state: &mut State, sites: Vec<SiteInput>) {
        let mut seen = HashSet::new();
        for (index, site) in sites.into_iter().enumerate() {
            let at = format!("sites[{index}]");
            if !is_guid(&site.id) {
                self.problem(format!("{at}.id"), "FORMAT", "must be a GUID");
                continue;
            }
            if !seen.insert(key(&site.id)) {
                self.problem(format!("{at}.id"), "OTHER", "another site has this ID");
                continue;
            }
            let Some(owner) = state.account(&site.account_id).map(|a| a.id.clone()) else {
                self.problem(
                    format!("{at}.accountId"),
                    "OTHER",
                    "no account of the snapshot has this ID",
                );
                continue;
            };
            state.upsert_site(Site {
                id: site.id,
                account_id: owner,
            });
        }
    }

    fn catalog(&mut self, state: &mut State, products: &[Value]) {
        let mut seen = HashSet::new();
        for (index, value) in products.iter().enumerate() {
            match Product::from_json(value) {
                Ok(product) => {
                    if seen.insert(key(&product.catalog_product_id)) {
                        state.catalog.upsert(product);
                    } else {
                        self.problem(
                            format!("catalog[{index}].catalogProductId"),
                            "OTHER",
                            "another product has this ID",
                        );
                    }
                }
                Err(found) => {
                    for violation in found {
                        self.problem(
                            format!("catalog[{index}].{}", violation.field),
                            &violation.violated_rule,
                            violation.description,
                        );
                    }
                }
            }
        }
    }

    /// Stores the packages; returns the newest creation time.
    fn packages(&mut self, state: &mut State, packages: Vec<Package>) -> UnixMillis {
        let mut latest: UnixMillis = 0;
        let mut instance_ids = HashSet::new();
        for (index, package) in packages.into_iter().enumerate() {
            let at = format!("packages[{index}]");
            let problems_before = self.problems.len();
            if state.package_seq(package.id.as_str()).is_some() {
                self.problem(format!("{at}.id"), "OTHER", "another package has this ID");
            }
            let account_known = state.account(package.account_id.as_str()).is_some();
            if !account_known {
                self.problem(
                    format!("{at}.accountId"),
                    "OTHER",
                    "no account of the snapshot has this ID",
                );
            }
            if let Some(parent) = &package.parent_account_id {
                if state.account(parent).is_none() {
                    self.problem(
                        format!("{at}.parentAccountId"),
                        "OTHER",
                        "no account of the snapshot has this ID",
                    );
                }
            }
            let created = self.date(&format!("{at}.createdDate"), &package.created_date);
            let updated = self.date(&format!("{at}.updatedDate"), &package.updated_date);
            if created < latest {
                self.problem(
                    format!("{at}.createdDate"),
                    "OTHER",
                    "packages must be listed in creation order",
                );
            }
            let count = package.product_instances.len();
            if count == 0 || count > MAX_PRODUCTS {
                self.problem(
                    format!("{at}.productInstances"),
                    "MAX_SIZE",
                    format!("a package has 1 to {MAX_PRODUCTS} instances"),
                );
            }
            for (position, instance) in package.product_instances.iter().enumerate() {
                let at = format!("{at}.productInstances[{position}]");
                if !is_guid(&instance.instance_id) {
                    self.problem(format!("{at}.instanceId"), "FORMAT", "must be a GUID");
                } else if !instance_ids.insert(key(&instance.instance_id)) {
                    self.problem(
                        format!("{at}.instanceId"),
                        "OTHER",
                        "another instance has this ID",
                    );
                }
                if let Some(site) = &instance.site_id {
                    if state.site(site).is_none() {
                        self.problem(
                            format!("{at}.siteId"),
                            "OTHER",
                            "no site of the snapshot has this ID",
                        );
                    }
                }
                if state.catalog.get(&instance.catalog_product_id).is_none() {
                    self.problem(
                        format!("{at}.catalogProductId"),
                        "OTHER",
                        "no product of the snapshot's catalog has this ID",
                    );
                }
                if !instance.status.is_known() {
                    self.problem(
                        format!("{at}.status"),
                        "INVALID_ENUM_VALUE",
                        format!("must be one of {}", Status::KNOWN.join(", ")),
                    );
                }
                self.date(&format!("{at}.createdDate"), &instance.created_date);
                self.date(&format!("{at}.updatedDate"), &instance.updated_date);
            }
            if self.problems.len() != problems_before {
                continue;
            }
            latest = latest.max(created);
            let account_key = key(package.account_id.as_str());
            let root_key = key(&package
                .parent_account_id
                .clone()
                .unwrap_or_else(|| state.root_of(package.account_id.as_str())));
            state.insert_package(StoredPackage {
                package,
                account_key,
                root_key,
                created_ms: created,
                updated_ms: updated.max(created),
            });
        }
        latest
    }

    fn date(&mut self, field: &str, text: &str) -> UnixMillis {
        match parse_iso(text).filter(|ms| (0..=MAX_MS).contains(ms)) {
            Some(ms) => ms,
            None => {
                self.problem(field, "FORMAT", "must be an ISO 8601 date-time");
                0
            }
        }
    }

    fn references(&mut self, state: &mut State, references: Vec<String>) {
        for (index, reference) in references.into_iter().enumerate() {
            if is_guid(&reference) {
                state.used_references.insert(key(&reference));
            } else {
                self.problem(
                    format!("usedReferences[{index}]"),
                    "FORMAT",
                    "must be an instance ID",
                );
            }
        }
    }

    fn deliveries(&mut self, state: &mut State, deliveries: Vec<Delivery>) {
        for (index, delivery) in deliveries.into_iter().enumerate() {
            let at = format!("deliveries[{index}]");
            self.in_range(&format!("{at}.dueMs"), delivery.due_ms, 0);
            match state.instance_ref(&delivery.instance_id) {
                Some((package, instance)) => {
                    let found: InstanceRef = (package, instance);
                    state
                        .deliveries
                        .push(Reverse((delivery.due_ms, found.0, found.1)));
                }
                None => self.problem(
                    format!("{at}.instanceId"),
                    "OTHER",
                    "no instance of the snapshot has this ID",
                ),
            }
        }
    }

    fn idempotency(&mut self, records: Vec<RecordInput>) -> IdempotencyStore {
        let mut kept = Vec::with_capacity(records.len());
        let mut scopes = HashSet::new();
        for (index, record) in records.into_iter().enumerate() {
            let at = format!("idempotency[{index}]");
            let method_ok = !record.method.is_empty()
                && record.method.len() <= 16
                && record.method.bytes().all(|b| b.is_ascii_uppercase());
            if !method_ok {
                self.problem(
                    format!("{at}.method"),
                    "FORMAT",
                    "must be an HTTP method in capitals",
                );
            }
            if !record.path.starts_with('/')
                || record.path.len() > 2048
                || record.path.contains('\u{0}')
            {
                self.problem(format!("{at}.path"), "FORMAT", "must be a request path");
            }
            if !is_guid(&record.account_id) {
                self.problem(format!("{at}.accountId"), "FORMAT", "must be a GUID");
            }
            let key_chars = record.idempotency_key.chars().count();
            if key_chars == 0 || key_chars > 100 {
                self.problem(
                    format!("{at}.idempotencyKey"),
                    "MAX_LENGTH",
                    "must be 1 to 100 characters",
                );
            }
            if !(200..500).contains(&record.status) {
                self.problem(
                    format!("{at}.status"),
                    "OTHER",
                    "a stored answer is 200 to 499",
                );
            }
            self.in_range(&format!("{at}.storedMs"), record.stored_ms, 0);
            let scope = idempotency::scope(
                &record.method,
                &record.path,
                &key(&record.account_id),
                &record.idempotency_key,
            );
            if !scopes.insert(scope.clone()) {
                self.problem(
                    at,
                    "OTHER",
                    "another record has this method, path, account and key",
                );
                continue;
            }
            kept.push((
                scope,
                Record {
                    status: record.status,
                    body: record.body.into_bytes(),
                    stored_ms: record.stored_ms,
                },
            ));
        }
        IdempotencyStore::restored(kept)
    }

    fn faults(&mut self, faults: &[Value]) -> Faults {
        let mut armed = Faults::default();
        for (index, value) in faults.iter().enumerate() {
            match Fault::from_json(value) {
                Ok(fault) => armed.add(fault),
                Err(found) => {
                    for violation in found {
                        self.problem(
                            format!("faults[{index}].{}", violation.field),
                            &violation.violated_rule,
                            violation.description,
                        );
                    }
                }
            }
        }
        armed
    }
}

/// A list of JSON values read with a budget: at most [`MAX_LOOSE_VALUES`]
/// values in all, at any depth, so that a list of a million `0`s (two bytes
/// each, a `Value` each) cannot make memory run out.
mod loose {
    use super::MAX_LOOSE_VALUES;
    use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Number, Value};
    use std::cell::Cell;
    use std::fmt;

    /// Reads a list of values, spending the budget.
    pub(super) fn values<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Value>, D::Error> {
        let left = Cell::new(MAX_LOOSE_VALUES);
        deserializer.deserialize_seq(List(&left))
    }

    struct List<'a>(&'a Cell<usize>);

    impl<'de> Visitor<'de> for List<'_> {
        type Value = Vec<Value>;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a list")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Value>, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element_seed(Budgeted(self.0))? {
                items.push(item);
            }
            Ok(items)
        }
    }

    /// One value, each of its nodes paid from the budget.
    struct Budgeted<'a>(&'a Cell<usize>);

    impl Budgeted<'_> {
        fn spend<E: Error>(&self) -> Result<(), E> {
            match self.0.get().checked_sub(1) {
                Some(left) => {
                    self.0.set(left);
                    Ok(())
                }
                None => Err(E::custom(format!(
                    "more than {MAX_LOOSE_VALUES} values in the catalog or the faults"
                ))),
            }
        }
    }

    impl<'de> DeserializeSeed<'de> for Budgeted<'_> {
        type Value = Value;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Budgeted<'_> {
        type Value = Value;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a JSON value")
        }

        fn visit_unit<E: Error>(self) -> Result<Value, E> {
            self.spend()?;
            Ok(Value::Null)
        }

        fn visit_bool<E: Error>(self, value: bool) -> Result<Value, E> {
            self.spend()?;
            Ok(Value::Bool(value))
        }

        fn visit_i64<E: Error>(self, value: i64) -> Result<Value, E> {
            self.spend()?;
            Ok(Value::Number(value.into()))
        }

        fn visit_u64<E: Error>(self, value: u64) -> Result<Value, E> {
            self.spend()?;
            Ok(Value::Number(value.into()))
        }

        fn visit_f64<E: Error>(self, value: f64) -> Result<Value, E> {
            self.spend()?;
            Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<Value, E> {
            self.spend()?;
            Ok(Value::String(value.to_owned()))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            self.spend()?;
            let mut items = Vec::new();
            while let Some(item) = seq.next_element_seed(Budgeted(self.0))? {
                items.push(item);
            }
            Ok(Value::Array(items))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            self.spend()?;
            let mut members = Map::new();
            while let Some(name) = map.next_key::<String>()? {
                let value = map.next_value_seed(Budgeted(self.0))?;
                members.insert(name, value);
            }
            Ok(Value::Object(members))
        }
    }
}
