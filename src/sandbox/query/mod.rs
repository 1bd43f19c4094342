//! Query Packages evaluation: scope (the caller's root account), filter,
//! sort, and cursor or offset paging.
//!
//! Packages are indexed by root account in creation order, and the clock is
//! monotonic, so the default order (`createdDate` DESC) and its reverse need
//! no sort: the page walks the index backwards from the anchor (found by
//! binary search) and stops after `limit + 1` matches. Other orders sort the
//! matching sequence numbers. Only the returned packages are ever cloned —
//! in fact none are: the answer borrows them.

pub(crate) mod cursor;
pub(crate) mod filter;
pub(crate) mod projection;
pub(crate) mod sort;

use self::cursor::{CursorState, Direction};
use self::filter::Filter;
use self::sort::{Position, SortKey};
use super::errors;
use super::respond::ApiError;
use super::state::State;
use crate::model::{Cursors, PagingMetadataV2, QueryV2};
use serde_json::{Map, Value};

/// Cursor paging: the default page size. Its bounds (1 to 100) are the
/// rules' (`rules::MIN_CURSOR_PAGING_LIMIT`, `MAX_CURSOR_PAGING_LIMIT`),
/// checked before the engine runs.
pub(crate) const CURSOR_LIMIT: u32 = 100;
/// Offset paging: default page size.
pub(crate) const OFFSET_DEFAULT_LIMIT: u32 = 100;
/// Offset paging: maximum page size.
pub(crate) const OFFSET_MAX_LIMIT: u32 = 1000;

/// A page: the packages' sequence numbers, in order, the metadata, and
/// the fields to return (`None`: whole packages).
#[derive(Clone, Debug)]
pub(crate) struct Page {
    pub seqs: Vec<usize>,
    pub metadata: PagingMetadataV2,
    pub fields: Option<Vec<String>>,
}

/// The packages of one root account in the query's order.
enum View<'a> {
    /// Creation order (`descending` = newest first); filter applied lazily.
    Indexed { seqs: &'a [usize], descending: bool },
    /// Matching packages only, already sorted.
    Sorted(Vec<usize>),
}

impl View<'_> {
    fn len(&self) -> usize {
        match self {
            View::Indexed { seqs, .. } => seqs.len(),
            View::Sorted(seqs) => seqs.len(),
        }
    }

    fn at(&self, index: usize) -> Option<usize> {
        match self {
            View::Indexed {
                seqs,
                descending: false,
            } => seqs.get(index).copied(),
            View::Indexed {
                seqs,
                descending: true,
            } => seqs
                .len()
                .checked_sub(index + 1)
                .and_then(|at| seqs.get(at))
                .copied(),
            View::Sorted(seqs) => seqs.get(index).copied(),
        }
    }
}

struct Engine<'a> {
    state: &'a State,
    filter: Option<Filter>,
    keys: Vec<SortKey>,
    view: View<'a>,
}

impl<'a> Engine<'a> {
    fn new(state: &'a State, root: &str, filter: Option<Filter>, keys: Vec<SortKey>) -> Engine<'a> {
        let seqs = state.root_packages(root);
        let view = if sort::is_creation_order(&keys) {
            View::Indexed {
                seqs,
                descending: keys.first().is_some_and(|k| k.descending),
            }
        } else {
            let mut matching: Vec<(Position, usize)> = seqs
                .iter()
                .filter_map(|&seq| state.packages.get(seq).map(|p| (p, seq)))
                .filter(|(p, _)| filter.as_ref().is_none_or(|f| f.matches(p)))
                .map(|(p, seq)| (sort::position(&keys, p, seq), seq))
                .collect();
            matching.sort_by(|a, b| sort::compare(&keys, &a.0, &b.0));
            View::Sorted(matching.into_iter().map(|(_, seq)| seq).collect())
        };
        Engine {
            state,
            filter,
            keys,
            view,
        }
    }

    /// The sequence at logical `index` if it passes the filter.
    fn matching(&self, index: usize) -> Option<usize> {
        let seq = self.view.at(index)?;
        match (&self.view, &self.filter) {
            (View::Indexed { .. }, Some(filter)) => self
                .state
                .packages
                .get(seq)
                .filter(|p| filter.matches(p))
                .map(|_| seq),
            _ => Some(seq),
        }
    }

    fn position(&self, seq: usize) -> Option<Position> {
        self.state
            .packages
            .get(seq)
            .map(|p| sort::position(&self.keys, p, seq))
    }

    /// First logical index strictly after `anchor`.
    fn after(&self, anchor: &Position) -> usize {
        match &self.view {
            View::Indexed { seqs, descending } => {
                if *descending {
                    seqs.len() - seqs.partition_point(|&s| s < anchor.seq)
                } else {
                    seqs.partition_point(|&s| s <= anchor.seq)
                }
            }
            View::Sorted(seqs) => seqs.partition_point(|&s| {
                self.position(s).is_some_and(|p| {
                    sort::compare(&self.keys, &p, anchor) != std::cmp::Ordering::Greater
                })
            }),
        }
    }

    /// One past the last logical index strictly before `anchor`.
    fn before(&self, anchor: &Position) -> usize {
        match &self.view {
            View::Indexed { seqs, descending } => {
                if *descending {
                    seqs.len() - seqs.partition_point(|&s| s <= anchor.seq)
                } else {
                    seqs.partition_point(|&s| s < anchor.seq)
                }
            }
            View::Sorted(seqs) => seqs.partition_point(|&s| {
                self.position(s).is_some_and(|p| {
                    sort::compare(&self.keys, &p, anchor) == std::cmp::Ordering::Less
                })
            }),
        }
    }

    fn any_match(&self, mut range: impl Iterator<Item = usize>) -> bool {
        range.any(|index| self.matching(index).is_some())
    }

    /// Up to `limit` matches from `start` forwards, and whether more follow.
    fn forward(&self, start: usize, limit: usize) -> (Vec<usize>, bool) {
        let mut found = Vec::with_capacity(limit.saturating_add(1).min(1024));
        let mut index = start;
        while index < self.view.len() && found.len() <= limit {
            if let Some(seq) = self.matching(index) {
                found.push(seq);
            }
            index += 1;
        }
        let more = found.len() > limit;
        found.truncate(limit);
        (found, more)
    }

    /// Up to `limit` matches ending just before `end`, in order, and whether
    /// more precede them.
    fn backward(&self, end: usize, limit: usize) -> (Vec<usize>, bool) {
        let mut found = Vec::with_capacity(limit.saturating_add(1).min(1024));
        let mut index = end;
        while index > 0 && found.len() <= limit {
            index -= 1;
            if let Some(seq) = self.matching(index) {
                found.push(seq);
            }
        }
        let more = found.len() > limit;
        found.truncate(limit);
        found.reverse();
        (found, more)
    }
}

fn nonempty_filter(filter: Option<Map<String, Value>>) -> Option<Map<String, Value>> {
    filter.filter(|f| !f.is_empty())
}

/// Runs `query` over the packages of the root account `root` (index key).
pub(crate) fn run(
    state: &State,
    secret: u64,
    root: &str,
    query: QueryV2,
) -> Result<Page, ApiError> {
    if query.paging.is_some() && query.cursor_paging.is_some() {
        return Err(ApiError::invalid(
            "query.paging",
            "OTHER",
            "use either `paging` or `cursorPaging`, not both",
        ));
    }
    let fields = query.fields.unwrap_or_default();
    let fieldsets = query.fieldsets.unwrap_or_default();
    let projection_asked = !fields.is_empty() || !fieldsets.is_empty();
    let projection = projection::compile(&fields, &fieldsets);
    let filter_json = nonempty_filter(query.filter);
    let sort_given = query.sort.as_ref().is_some_and(|s| !s.is_empty());
    let cursor_paging = query.cursor_paging.unwrap_or_default();
    let cursor_text = cursor_paging.cursor.filter(|c| !c.is_empty());
    // In range: `rules::validate_query` ran first (the one check of it).
    let cursor_limit = cursor_paging.limit.unwrap_or(CURSOR_LIMIT);
    if let Some(text) = cursor_text {
        if filter_json.is_some() || sort_given {
            return Err(errors::invalid_cursor(
                "a cursor already holds the filter and sort; send it without `filter` or `sort`",
            ));
        }
        let mut state_in_cursor = cursor::decode(secret, &text).map_err(errors::invalid_cursor)?;
        // A projection asked for with the cursor replaces the one it carries.
        if projection_asked {
            state_in_cursor.fields = projection;
        }
        if state_in_cursor.root != root {
            return Err(errors::invalid_cursor(
                "the cursor belongs to another account",
            ));
        }
        let filter = match &state_in_cursor.filter {
            Some(map) => {
                Some(filter::compile(map).map_err(|_| errors::invalid_cursor("bad filter"))?)
            }
            None => None,
        };
        let engine = Engine::new(state, root, filter, state_in_cursor.sort.clone());
        return Ok(cursor_page(
            &engine,
            secret,
            &state_in_cursor,
            cursor_limit as usize,
        ));
    }
    let filter = match &filter_json {
        Some(map) => Some(filter::compile(map).map_err(|v| ApiError::validation(vec![v]))?),
        None => None,
    };
    let keys = sort::compile(query.sort.as_deref().unwrap_or(&[]))
        .map_err(|v| ApiError::validation(vec![v]))?;
    let engine = Engine::new(state, root, filter, keys.clone());
    if let Some(paging) = query.paging {
        let limit = paging.limit.unwrap_or(OFFSET_DEFAULT_LIMIT);
        if limit > OFFSET_MAX_LIMIT {
            return Err(ApiError::invalid(
                "query.paging.limit",
                "MAX",
                format!("`limit` must be at most {OFFSET_MAX_LIMIT}"),
            ));
        }
        let mut page = offset_page(&engine, paging.offset.unwrap_or(0), limit);
        page.fields = projection;
        return Ok(page);
    }
    let first = CursorState {
        root: root.to_owned(),
        filter: filter_json,
        sort: keys,
        anchor: Position {
            values: Vec::new(),
            seq: 0,
        },
        direction: Direction::Next,
        fields: projection,
    };
    let (seqs, has_next) = engine.forward(0, cursor_limit as usize);
    Ok(cursor_metadata(
        &engine, secret, &first, seqs, has_next, false,
    ))
}

fn cursor_page(engine: &Engine<'_>, secret: u64, from: &CursorState, limit: usize) -> Page {
    match from.direction {
        Direction::Next => {
            let start = engine.after(&from.anchor);
            let (seqs, has_next) = engine.forward(start, limit);
            let has_prev = engine.any_match((0..start).rev());
            cursor_metadata(engine, secret, from, seqs, has_next, has_prev)
        }
        Direction::Prev => {
            let end = engine.before(&from.anchor);
            let (seqs, has_prev) = engine.backward(end, limit);
            let has_next = engine.any_match(end..engine.view.len());
            cursor_metadata(engine, secret, from, seqs, has_next, has_prev)
        }
    }
}

fn cursor_metadata(
    engine: &Engine<'_>,
    secret: u64,
    template: &CursorState,
    seqs: Vec<usize>,
    has_next: bool,
    has_prev: bool,
) -> Page {
    let make = |seq: Option<&usize>, direction: Direction| {
        let anchor = engine.position(*seq?)?;
        Some(cursor::encode(
            secret,
            &CursorState {
                anchor,
                direction,
                ..template.clone()
            },
        ))
    };
    let next = if has_next {
        make(seqs.last(), Direction::Next)
    } else {
        None
    };
    let prev = if has_prev {
        make(seqs.first(), Direction::Prev)
    } else {
        None
    };
    Page {
        metadata: PagingMetadataV2 {
            count: Some(seqs.len() as u32),
            cursors: Some(Cursors { next, prev }),
            has_next: Some(has_next),
            ..PagingMetadataV2::default()
        },
        seqs,
        fields: template.fields.clone(),
    }
}

fn offset_page(engine: &Engine<'_>, offset: u32, limit: u32) -> Page {
    let (offset_usize, limit_usize) = (offset as usize, limit as usize);
    let mut seqs = Vec::new();
    let mut total = 0usize;
    for index in 0..engine.view.len() {
        if let Some(seq) = engine.matching(index) {
            if total >= offset_usize && seqs.len() < limit_usize {
                seqs.push(seq);
            }
            total += 1;
        }
    }
    Page {
        metadata: PagingMetadataV2 {
            count: Some(seqs.len() as u32),
            offset: Some(offset),
            total: Some(u32::try_from(total).unwrap_or(u32::MAX)),
            ..PagingMetadataV2::default()
        },
        seqs,
        fields: None,
    }
}
