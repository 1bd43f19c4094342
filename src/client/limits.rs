//! The client's fixed bounds: how many retries, how long an attempt, how
//! large an answer, how long an idempotency key. Every module that checks
//! or words one of them reads it here.

/// The largest accepted `maxRetries`.
pub const MAX_RETRIES_LIMIT: u32 = 10;
/// The largest accepted `timeoutMs`: JS timers fire at once beyond 2^31-1 ms.
pub const MAX_TIMEOUT_MS: u64 = 2_147_483_647;
/// The most packages `toArray({ limit })` of `iteratePackages` collects:
/// a bigger list belongs in a loop that does not hold it all (as
/// stripe-node's `autoPagingToArray`).
pub const MAX_TO_ARRAY_ITEMS: u64 = 10_000;
/// Larger answers are refused rather than decoded (a 100-package page of
/// large packages is a few MB).
pub const MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
/// Longest accepted `idempotencyKey`, in UTF-16 units as JS counts them: the
/// rules' constant, under the name the client has always exported.
pub use crate::rules::MAX_IDEMPOTENCY_KEY_LENGTH as MAX_IDEMPOTENCY_KEY_CHARS;
