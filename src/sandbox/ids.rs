//! Deterministic identifiers. A splitmix64 generator, seeded once per sandbox,
//! feeds package and instance GUIDs and `x-wix-request-id`s, so a run of the
//! same requests always produces the same IDs (handy in snapshots and docs).

use crate::model::Guid;

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
}
