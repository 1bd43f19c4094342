//! Everything one sandbox holds: its state, clock, ID generator,
//! idempotency records and armed faults. The engine ([`super::Sandbox`])
//! answers requests over it; the control API ([`super::control`]) reads
//! and changes it directly, so neither depends on the other.

use super::clock::Clock;
use super::faults::Faults;
use super::idempotency::IdempotencyStore;
use super::ids::IdGen;
use super::seed;
use super::state::State;

/// The whole world of a sandbox.
#[derive(Clone, Debug)]
pub(super) struct World {
    /// Accounts, sites, catalog, packages and their indexes.
    pub(super) state: State,
    /// Sandbox time (the front's wall clock plus an offset, never backwards).
    pub(super) clock: Clock,
    /// Package, instance and request IDs.
    pub(super) ids: IdGen,
    /// Answers replayed for an `idempotencyKey`.
    pub(super) idempotency: IdempotencyStore,
    /// Failures armed for the next matching requests.
    pub(super) faults: Faults,
    /// Keys the query cursors, so a cursor from another sandbox is refused.
    pub(super) secret: u64,
}

impl World {
    /// Back to the default seed: clears packages, faults, idempotency
    /// records and the clock offset. The ID generator keeps running, so IDs
    /// from before the reset are never handed out again.
    pub(super) fn reset(&mut self) {
        self.state = seed::seeded_state();
        self.faults.clear();
        self.idempotency.clear();
        self.clock.reset();
    }
}
