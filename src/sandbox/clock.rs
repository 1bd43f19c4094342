//! The sandbox clock: the front's wall clock plus an offset that
//! `POST /_sandbox/clock` advances. It never goes backwards, so creation
//! order and `createdDate` order agree (the query index relies on it).

use crate::time::UnixMillis;

/// Wall clock + offset, clamped to be monotonic.
#[derive(Clone, Debug, Default)]
pub(crate) struct Clock {
    offset_ms: i64,
    last_ms: UnixMillis,
}

impl Clock {
    /// Sandbox-now for a request that arrives at `front_now`.
    pub(crate) fn tick(&mut self, front_now: UnixMillis) -> UnixMillis {
        let now = front_now.saturating_add(self.offset_ms).max(self.last_ms);
        self.last_ms = now;
        now
    }

    /// The latest sandbox-now.
    pub(crate) fn now(&self) -> UnixMillis {
        self.last_ms
    }

    /// The current offset over the front's wall clock.
    pub(crate) fn offset(&self) -> i64 {
        self.offset_ms
    }

    /// The clock of a snapshot: `offset_ms` over the front's wall clock, and
    /// `now_ms` as the floor sandbox-now never goes below.
    pub(crate) fn restored(offset_ms: i64, now_ms: UnixMillis) -> Clock {
        Clock {
            offset_ms,
            last_ms: now_ms,
        }
    }

    /// Moves the clock forward by `ms`.
    pub(crate) fn advance(&mut self, ms: i64) {
        self.offset_ms = self.offset_ms.saturating_add(ms);
        self.last_ms = self.last_ms.saturating_add(ms);
    }

    /// Drops the offset (reset); packages are cleared with it, so the
    /// monotonic floor may restart too.
    pub(crate) fn reset(&mut self) {
        *self = Clock::default();
    }
}
