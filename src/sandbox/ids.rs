//! Deterministic identifiers. A splitmix64 generator, seeded once per sandbox,
//! feeds package and instance GUIDs and `x-wix-request-id`s, so a run of the
//! same requests always produces the same IDs (handy in snapshots and docs).

use crate::model::Guid;
use crate::time::UnixMillis;

/// The splitmix64 generator.
#[derive(Clone, Debug)]
pub(crate) struct IdGen {
    state: u64,
}

impl IdGen {
    /// A generator starting from `seed`.
    pub(crate) fn new(seed: u64) -> IdGen {
        IdGen { state: seed }
    }

    /// The next 64 random-looking bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A fresh version-4 GUID.
    pub(crate) fn guid(&mut self) -> Guid {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        Guid::from_random_bytes(bytes)
    }

    /// The generator's state: `IdGen::new(state)` continues where this one is.
    pub(crate) fn state(&self) -> u64 {
        self.state
    }

    /// An `x-wix-request-id` in Wix's form, `1734427301.191556792796277844`:
    /// the Unix seconds of `now`, a dot and 18 digits.
    pub(crate) fn request_id(&mut self, now: UnixMillis) -> String {
        let digits = self.next_u64() % 1_000_000_000_000_000_000;
        // A request ID used to be a GUID, two draws: drawing two still keeps
        // every package and instance ID a sandbox hands out as it was, so
        // IDs written down in users' fixtures and in the docs stay true.
        self.next_u64();
        format!("{}.{digits:018}", now.div_euclid(1000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_ids() {
        let (mut a, mut b) = (IdGen::new(7), IdGen::new(7));
        assert_eq!(a.guid(), b.guid());
        assert_ne!(a.guid(), IdGen::new(8).guid());
    }

    #[test]
    fn request_ids_have_wix_form() {
        let mut ids = IdGen::new(7);
        let id = ids.request_id(1_734_427_301_191);
        let (seconds, digits) = id.split_once('.').expect("a dot");
        assert_eq!(seconds, "1734427301");
        assert_eq!(digits.len(), 18);
        assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{id}");
        assert_ne!(ids.request_id(1_734_427_301_191), id);
    }

    #[test]
    fn a_request_id_draws_as_much_as_a_guid() {
        let (mut a, mut b) = (IdGen::new(7), IdGen::new(7));
        a.request_id(0);
        b.guid();
        assert_eq!(a.guid(), b.guid());
    }
}
