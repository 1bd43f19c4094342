//! The bounds of every field the rules check: documented by Wix where
//! they say so, else chosen here and said why. Every reader of a bound (the
//! rules, the client's own checks, the sandbox) takes it from here.

/// Most products in one package (Create Package).
pub const MAX_PRODUCTS: usize = 1000;
/// Most characters of a package's `externalId`.
pub const MAX_EXTERNAL_ID_LENGTH: usize = 100;
/// Most characters of an `idempotencyKey`. Not documented by Wix; the same
/// bound as `externalId`, which usually carries the same kind of value.
pub const MAX_IDEMPOTENCY_KEY_LENGTH: usize = 100;
/// Most characters of a `discountCode`.
pub const MAX_DISCOUNT_CODE_LENGTH: usize = 25;
/// Largest `cycleDuration.count`. Not documented; no real cycle is longer
/// than a thousand units, and a bound keeps arithmetic on it safe.
pub const MAX_CYCLE_COUNT: u64 = 1000;
/// Smallest `cursorPaging.limit`. Wix documents only the maximum (and the
/// default, 100); a cursor page of no packages would have no package to
/// anchor its `next` cursor on, so a walk could not go on from it: 0 is
/// refused (`MIN`), here for the client and the sandbox alike.
pub const MIN_CURSOR_PAGING_LIMIT: u64 = 1;
/// Largest `cursorPaging.limit` (documented).
pub const MAX_CURSOR_PAGING_LIMIT: u64 = 100;
/// Largest `paging.limit`. Not documented; a response holds at most 1000 packages.
pub const MAX_PAGING_LIMIT: u64 = 1000;
/// Most characters of a `cursorPaging.cursor`. Not documented; real cursors
/// are a few hundred characters.
pub const MAX_CURSOR_LENGTH: usize = 4096;
/// Deepest nesting of `$and` / `$or` / `$not` filters.
pub const MAX_FILTER_DEPTH: usize = 32;
/// Most violations of each kind returned at once (see [`super::BUSINESS_RULE_NAMES`]);
/// when field violations are cut, a last one with rule name
/// `TOO_MANY_VIOLATIONS` says so.
pub const MAX_VIOLATIONS: usize = 100;
