//! Auto-pagination over Query Packages, with no I/O: one cursor walk for
//! every caller (`iteratePackages` in JS, [`super::driver::Pager`]
//! natively). The first request is the caller's query; later requests carry
//! only `cursorPaging.cursor` (and a limit), because the cursor already
//! encodes the filter and sort. The walk stops when there is no next cursor,
//! at an empty page, or at `max_items`, and never asks for the same page
//! twice.

use super::decode::canonical_package;
use super::error::{ErrorKind, ResellersError};
use super::limits::MAX_TO_ARRAY_ITEMS;
use super::options::{members, refused};
use super::request::{prepare_query, projects, Prepared};
use crate::json_text::{single, type_name};
use crate::model::FieldViolation;
use crate::rules::UnknownFields;
use serde_json::{Map, Value};

/// The API's page size when none is given (also its maximum).
pub const DEFAULT_PAGE_LIMIT: u64 = 100;

/// Options of `iteratePackages`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IterateOptions {
    /// Stop after this many packages.
    pub max_items: Option<u64>,
    /// Whether the query may hold members this package does not know
    /// (`allowUnknownFields: true`, as in the call options).
    pub unknown_fields: UnknownFields,
}

impl IterateOptions {
    /// Reads `{ maxItems?, allowUnknownFields? }` (or `null`); anything else
    /// is a `validation` error.
    pub fn from_json(value: &Value) -> Result<IterateOptions, ResellersError> {
        let operation = "iteratePackages";
        let mut options = IterateOptions::default();
        for (key, value) in members(operation, value, "{ maxItems?, allowUnknownFields? }")?
            .into_iter()
            .flatten()
        {
            let description = match (key.as_str(), value) {
                (_, Value::Null) => continue,
                ("maxItems", Value::Number(number)) if number.as_u64().is_some() => {
                    options.max_items = number.as_u64();
                    continue;
                }
                ("maxItems", _) => "must be a non-negative integer".to_owned(),
                ("allowUnknownFields", Value::Bool(allow)) => {
                    options.unknown_fields = UnknownFields::from(*allow);
                    continue;
                }
                ("allowUnknownFields", other) => {
                    format!("must be a boolean, got {}", type_name(other))
                }
                _ => "is not an option; the options are maxItems, allowUnknownFields and signal"
                    .to_owned(),
            };
            let field = format!("options.{key}");
            return Err(refused(operation, &field, "TYPE", description));
        }
        Ok(options)
    }
}

/// Reads the `{ limit }` of `toArray`: required, an integer from 1 to
/// [`MAX_TO_ARRAY_ITEMS`]; anything else is a `validation` error.
pub fn to_array_limit(value: &Value) -> Result<u64, ResellersError> {
    match value.get("limit").and_then(Value::as_u64) {
        Some(limit) if (1..=MAX_TO_ARRAY_ITEMS).contains(&limit) => Ok(limit),
        _ => Err(refused(
            "iteratePackages",
            "options.limit",
            "REQUIRED_FIELD",
            format!(
                "toArray needs {{ limit }}, an integer from 1 to {MAX_TO_ARRAY_ITEMS}: the most \
                 packages to collect (loop with for await for more)"
            ),
        )),
    }
}

/// The state of one walk over a query's pages: what it has yielded, the
/// next page to ask for, and an error to report. Its driver asks
/// [`PageWalk::poll`] what to do and gives each page to
/// [`PageWalk::fetched`].
pub(crate) struct PageWalk {
    next_query: Option<Value>,
    /// Packages of the current page, already checked against their shape,
    /// last first: the next is popped off the end (a `Vec`, not a
    /// `VecDeque`, whose ring-buffer code the `.wasm` has no room for).
    buffer: Vec<Value>,
    yielded: u64,
    max_items: Option<u64>,
    unknown_fields: UnknownFields,
    page_limit: Option<u64>,
    /// Every next cursor followed (one per page: a short list, and no hasher
    /// in the `.wasm`).
    seen_cursors: Vec<String>,
    /// An error to report once the buffered packages are out.
    pending_error: Option<ResellersError>,
    /// The query of the page being fetched.
    in_flight: Option<Value>,
    /// The caller's query has `fields` or `fieldsets`: every page is
    /// projected, also those asked for by cursor alone (a cursor keeps its
    /// query's projection).
    projected: bool,
}

/// What a [`PageWalk`] needs next (see [`PageWalk::poll`]).
pub(crate) enum PagerStep {
    /// The next package's canonical JSON text.
    Package(String),
    /// No more packages.
    End,
    /// The call fails with this error.
    Failed(ResellersError),
    /// Fetch this page and give its answer to [`PageWalk::fetched`].
    Fetch(Prepared),
}

impl PageWalk {
    /// A walk over `query` (a `QueryV2` object or `null`). A query that
    /// cannot be paged is reported by the first [`PageWalk::poll`].
    pub(crate) fn new(query: &Value, options: IterateOptions) -> PageWalk {
        let mut walk = PageWalk {
            next_query: None,
            buffer: Vec::new(),
            yielded: 0,
            max_items: options.max_items,
            unknown_fields: options.unknown_fields,
            page_limit: None,
            seen_cursors: Vec::new(),
            pending_error: None,
            in_flight: None,
            projected: projects(query),
        };
        match first_query(query) {
            Ok((query, page_limit)) => {
                walk.page_limit = page_limit;
                walk.next_query = Some(walk.with_limit(query));
            }
            Err(violations) => {
                walk.pending_error = Some(ResellersError::invalid_request(
                    "iteratePackages",
                    violations,
                ))
            }
        }
        walk
    }

    /// What the pager needs next, without I/O: the next package, the end,
    /// an error, or a page to fetch (whose answer goes to [`PageWalk::fetched`]).
    pub(crate) fn poll(&mut self) -> PagerStep {
        if self.in_flight.is_some() {
            return PagerStep::Failed(ResellersError::invalid_request(
                "iteratePackages",
                vec![FieldViolation::new(
                    "next",
                    "OTHER",
                    "called while the previous page is still loading; await it first",
                )],
            ));
        }
        if self.max_items.is_some_and(|max| self.yielded >= max) {
            return PagerStep::End;
        }
        if let Some(package) = self.buffer.pop() {
            self.yielded += 1;
            // Checked with its page, so this cannot fail.
            return match canonical_package(&package, self.projected) {
                Ok(text) => PagerStep::Package(text),
                Err(reason) => {
                    PagerStep::Failed(ResellersError::malformed("iteratePackages", 200, &reason))
                }
            };
        }
        if let Some(error) = self.pending_error.take() {
            return PagerStep::Failed(error);
        }
        let Some(query) = self.next_query.take() else {
            return PagerStep::End;
        };
        let prepared = prepare_query(&query, self.projected, self.unknown_fields);
        self.in_flight = Some(query);
        PagerStep::Fetch(prepared)
    }

    /// The answer to the page [`PageWalk::poll`] asked for. After an error
    /// (reported by the next poll), polling again retries that page.
    pub(crate) fn fetched(&mut self, answer: Result<Value, ResellersError>) {
        let query = self.in_flight.take();
        let mut page = match answer {
            Ok(page) => page,
            Err(mut error) => {
                // A later page's cursor, for the caller to resume from
                // (`iteratePackages({ cursorPaging: { cursor } })`) after
                // giving up on this walk.
                let cursor = query
                    .as_ref()
                    .and_then(|query| query.get("cursorPaging")?.get("cursor")?.as_str());
                if let Some(cursor) = cursor {
                    let details = error
                        .details
                        .get_or_insert_with(|| Value::Object(Map::new()));
                    if let Some(details) = details.as_object_mut() {
                        details.insert("resumeCursor".to_owned(), Value::from(cursor));
                    }
                }
                if error.kind != ErrorKind::Validation {
                    self.next_query = query;
                }
                self.pending_error = Some(error);
                return;
            }
        };
        let mut packages = match page.get_mut("packages").map(Value::take) {
            Some(Value::Array(packages)) => packages,
            _ => Vec::new(),
        };
        if packages.is_empty() {
            return;
        }
        // After any still buffered (none, when the walk is driven as
        // `poll` asks), in the reversed order of the buffer.
        packages.reverse();
        packages.append(&mut self.buffer);
        self.buffer = packages;
        let cursor = page
            .get("metadata")
            .and_then(|metadata| metadata.get("cursors"))
            .and_then(|cursors| cursors.get("next"))
            .and_then(Value::as_str)
            .filter(|cursor| !cursor.is_empty())
            .map(str::to_owned);
        if let Some(cursor) = cursor {
            if !self.seen_cursors.contains(&cursor) {
                self.seen_cursors.push(cursor.clone());
                let next = single("cursorPaging", single("cursor", Value::String(cursor)));
                self.next_query = Some(self.with_limit(next));
            } else {
                self.pending_error = Some(ResellersError::malformed(
                    "iteratePackages",
                    200,
                    "the API returned a next cursor it had already returned; stopping \
                     rather than reading pages twice",
                ));
            }
        }
    }

    /// Sets `cursorPaging.limit` to the caller's limit, lowered to what
    /// `max_items` still allows.
    fn with_limit(&self, mut query: Value) -> Value {
        let remaining = self.max_items.map(|max| {
            max.saturating_sub(self.yielded + self.buffer.len() as u64)
                .max(1)
        });
        let limit = match (self.page_limit, remaining) {
            (Some(limit), Some(remaining)) => Some(limit.min(remaining)),
            (None, Some(remaining)) => Some(DEFAULT_PAGE_LIMIT.min(remaining)),
            (limit, None) => limit,
        };
        if let (Some(limit), Some(fields)) = (limit, query.as_object_mut()) {
            let paging = fields
                .entry("cursorPaging")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(paging) = paging.as_object_mut() {
                paging.insert("limit".to_owned(), Value::from(limit));
            }
        }
        query
    }
}

/// The caller's query, checked for cursor paging, and its page limit.
fn first_query(query: &Value) -> Result<(Value, Option<u64>), Vec<FieldViolation>> {
    let query = match query {
        Value::Null => Value::Object(Map::new()),
        Value::Object(_) => query.clone(),
        other => {
            return Err(vec![FieldViolation::new(
                "query",
                "TYPE",
                format!("must be an object, got {}", type_name(other)),
            )])
        }
    };
    if query.get("paging").is_some_and(|paging| !paging.is_null()) {
        return Err(vec![FieldViolation::new(
            "query.paging",
            "OTHER",
            "iteratePackages pages by cursor; remove paging (or use queryPackages for offset paging)",
        )]);
    }
    let limit = match query
        .get("cursorPaging")
        .and_then(|paging| paging.get("limit"))
    {
        None | Some(Value::Null) => None,
        Some(Value::Number(number)) if number.as_u64().is_some_and(|n| n >= 1) => number.as_u64(),
        Some(_) => {
            return Err(vec![FieldViolation::new(
                "query.cursorPaging.limit",
                "TYPE",
                "must be a positive integer",
            )])
        }
    };
    Ok((query, limit))
}
