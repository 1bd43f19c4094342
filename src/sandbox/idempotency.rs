//! `idempotencyKey` replay: the first non-5xx answer to a key on the same
//! method, path and account is stored and replayed byte for byte (with a new
//! request id) for 24 hours of sandbox time, so a retried create never makes a
//! second package. The key is replayed whatever the rest of the new body says.

use crate::time::UnixMillis;
use std::collections::{HashMap, VecDeque};

/// How long a record is kept: 24 hours.
pub(crate) const RETENTION_MS: i64 = 24 * 60 * 60 * 1000;

/// A stored answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Record {
    pub status: u16,
    pub body: Vec<u8>,
    pub stored_ms: UnixMillis,
}

/// The records, with their creation order for cheap expiry.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdempotencyStore {
    records: HashMap<String, Record>,
    order: VecDeque<(UnixMillis, String)>,
}

/// The scope of a key: method, path, account and the key itself.
pub(crate) fn scope(method: &str, path: &str, account_key: &str, idempotency_key: &str) -> String {
    format!("{method}\u{0}{path}\u{0}{account_key}\u{0}{idempotency_key}")
}

/// The four parts of a [`scope`]: method, path, account and key. The method,
/// the routed path and the account (a GUID) hold no NUL, so the key is what
/// remains after the third.
pub(crate) fn scope_parts(scope: &str) -> Option<[&str; 4]> {
    let mut parts = scope.splitn(4, '\u{0}');
    Some([parts.next()?, parts.next()?, parts.next()?, parts.next()?])
}

impl IdempotencyStore {
    /// Drops records older than the retention at `now`.
    pub(crate) fn prune(&mut self, now: UnixMillis) {
        while let Some((stored, _)) = self.order.front() {
            if now.saturating_sub(*stored) < RETENTION_MS {
                break;
            }
            if let Some((stored, scope)) = self.order.pop_front() {
                if self
                    .records
                    .get(&scope)
                    .is_some_and(|r| r.stored_ms == stored)
                {
                    self.records.remove(&scope);
                }
            }
        }
    }

    /// The live record for `scope`.
    pub(crate) fn get(&self, scope: &str, now: UnixMillis) -> Option<&Record> {
        self.records
            .get(scope)
            .filter(|record| now.saturating_sub(record.stored_ms) < RETENTION_MS)
    }

    /// Stores the first answer for `scope` (5xx answers are never stored).
    pub(crate) fn put(&mut self, scope: String, status: u16, body: &[u8], now: UnixMillis) {
        if status >= 500 || self.get(&scope, now).is_some() {
            return;
        }
        self.order.push_back((now, scope.clone()));
        self.records.insert(
            scope,
            Record {
                status,
                body: body.to_vec(),
                stored_ms: now,
            },
        );
    }

    /// The live records with their scopes, oldest first (the order they
    /// expire in), for a snapshot.
    pub(crate) fn records(&self) -> impl Iterator<Item = (&str, &Record)> + '_ {
        self.order.iter().filter_map(|(stored, scope)| {
            self.records
                .get(scope)
                .filter(|record| record.stored_ms == *stored)
                .map(|record| (scope.as_str(), record))
        })
    }

    /// A store holding `records` (from a snapshot, any order).
    pub(crate) fn restored(mut records: Vec<(String, Record)>) -> IdempotencyStore {
        records.sort_by_key(|(_, record)| record.stored_ms);
        let mut store = IdempotencyStore::default();
        for (scope, record) in records {
            store.order.push_back((record.stored_ms, scope.clone()));
            store.records.insert(scope, record);
        }
        store
    }

    /// Forgets everything.
    pub(crate) fn clear(&mut self) {
        *self = IdempotencyStore::default();
    }
}
