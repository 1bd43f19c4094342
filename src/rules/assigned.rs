//! The duplicate-assignment check's map: `(site, product)` GUID bits to the
//! index of the product that first assigned the pair. Open addressing with
//! linear probing over one `Vec`, instead of `std`'s `HashMap`: the same
//! answers, without hashbrown, SipHash and `RandomState` in the client's
//! `.wasm` (about 3.5 KB of code). A list holds at most `MAX_PRODUCTS`
//! pairs, so the table stays small.

/// A pair of GUIDs as numbers: `(site, product)`.
pub(super) type Pair = (u128, u128);

#[derive(Default)]
pub(super) struct Assigned {
    /// A power of two in length (or empty), at most half full.
    slots: Vec<Option<(Pair, usize)>>,
    len: usize,
}

impl Assigned {
    /// Room for `count` pairs without growing.
    pub(super) fn with_capacity(count: usize) -> Assigned {
        let mut assigned = Assigned::default();
        assigned.resize((count * 2).next_power_of_two());
        assigned
    }

    /// The index that first assigned `pair`; `None` (and `index` recorded
    /// as that first) when no product did.
    pub(super) fn first(&mut self, pair: Pair, index: usize) -> Option<usize> {
        if self.len * 2 >= self.slots.len() {
            self.resize((self.slots.len() * 2).max(16));
        }
        let mask = self.slots.len() - 1;
        let mut at = home(pair) & mask;
        // The table is at most half full: the probe meets an empty slot.
        while let Some(slot) = self.slots.get_mut(at) {
            match slot {
                Some((held, first)) if *held == pair => return Some(*first),
                Some(_) => at = (at + 1) & mask,
                None => {
                    *slot = Some((pair, index));
                    self.len += 1;
                    return None;
                }
            }
        }
        None
    }

    #[inline(never)]
    fn resize(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.slots, std::iter::repeat_n(None, size).collect());
        self.len = 0;
        for (pair, index) in old.into_iter().flatten() {
            self.first(pair, index);
        }
    }
}

/// The home slot of a pair (before masking): its bits folded to 64, then a
/// multiplicative hash, whose high half is the best mixed.
fn home((site, product): Pair) -> usize {
    let folded = (site as u64)
        ^ ((site >> 64) as u64).rotate_left(16)
        ^ (product as u64).rotate_left(32)
        ^ ((product >> 64) as u64).rotate_left(48);
    (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_index_of_each_pair_is_kept_across_growth() {
        let mut assigned = Assigned::default();
        for index in 0..3000usize {
            let pair = ((index % 1000) as u128, (index % 1000) as u128 * 7);
            let expected = (index >= 1000).then_some(index % 1000);
            assert_eq!(assigned.first(pair, index), expected, "{index}");
        }
        let mut sized = Assigned::with_capacity(2);
        assert_eq!(sized.first((1, 2), 0), None);
        assert_eq!(sized.first((2, 1), 1), None);
        assert_eq!(sized.first((1, 2), 2), Some(0));
        assert_eq!(sized.first((2, 1), 3), Some(1));
    }
}
