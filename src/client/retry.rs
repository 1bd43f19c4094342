//! The retry policy as pure functions: which outcomes may be retried, how
//! long to wait (full-jitter exponential backoff, or the server's
//! `Retry-After`), all clamped to the call's time budget. Clock and
//! randomness are parameters, so every decision is unit-tested.

use crate::json_text::decimal;
use crate::time::parse_http_date;
use crate::transport::TransportErrorKind;

/// The first retry waits up to this long.
pub const BASE_DELAY_MS: u64 = 250;
/// No computed backoff exceeds this.
pub const MAX_DELAY_MS: u64 = 8_000;

/// What one attempt came to, as far as retrying is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// An HTTP error status.
    Status(u16),
    /// A 2xx answer whose body could not be read.
    Malformed,
    /// No answer at all; `sent` tells whether the request may have arrived.
    Transport {
        /// Why there was no answer.
        kind: TransportErrorKind,
        /// Whether the server may have acted.
        sent: bool,
    },
}

/// The statuses worth another attempt: 429 and the transient 5xx.
/// Never 400, 401, 403, 404, 409, 428 or any other 4xx.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// Whether an outcome may be retried. An abort that was not our timer is
/// the caller's decision and is not retried; nor is an answer too large to
/// read (the same request would only fetch it again).
pub fn is_retryable(outcome: &Outcome) -> bool {
    match outcome {
        Outcome::Status(status) => is_retryable_status(*status),
        Outcome::Malformed => true,
        Outcome::Transport { kind, .. } => !matches!(
            kind,
            TransportErrorKind::Aborted | TransportErrorKind::TooLarge { .. }
        ),
    }
}

/// Whether the server may have acted although the call did not get a usable
/// answer: a timeout or a network failure after sending, a 5xx, a garbled
/// 2xx. (A 429 is a refusal to act.)
pub fn outcome_unknown(outcome: &Outcome) -> bool {
    match outcome {
        Outcome::Status(status) => *status >= 500,
        Outcome::Malformed => true,
        // An answer too large to read came from a server that answered: the
        // call fails at once rather than looking for what it did.
        Outcome::Transport { kind, sent } => {
            *sent
                && !matches!(
                    kind,
                    TransportErrorKind::Aborted | TransportErrorKind::TooLarge { .. }
                )
        }
    }
}

/// Full-jitter backoff before retry number `retry` (0 for the first retry):
/// `random * min(MAX_DELAY_MS, BASE_DELAY_MS * 2^retry)`.
pub fn backoff_ms(retry: u32, random: f64) -> u64 {
    let ceiling = BASE_DELAY_MS
        .saturating_mul(1u64.checked_shl(retry.min(32)).unwrap_or(u64::MAX))
        .min(MAX_DELAY_MS);
    let random = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    // `as` saturates for floats; the product is within 0..=ceiling.
    (random * ceiling as f64) as u64
}

/// Parses `Retry-After`: whole seconds, or an HTTP-date compared with
/// `now_ms`. A date in the past means no wait; junk means no advice.
pub fn retry_after_ms(value: &str, now_ms: f64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let seconds = decimal(value.as_bytes()).unwrap_or(u64::MAX);
        return Some(seconds.saturating_mul(1000));
    }
    let at = parse_http_date(value)? as f64;
    let wait = (at - now_ms).max(0.0);
    Some(if wait.is_finite() { wait as u64 } else { 0 })
}

/// How long to wait before retry number `retry`: the server's
/// `Retry-After` when given, the jittered backoff otherwise, never more than
/// the `remaining_ms` of the call's deadline.
pub fn retry_delay_ms(retry: u32, random: f64, retry_after: Option<u64>, remaining_ms: u64) -> u64 {
    retry_after
        .unwrap_or_else(|| backoff_ms(retry, random))
        .min(remaining_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_statuses_are_retried() {
        for status in [429, 500, 502, 503, 504] {
            assert!(is_retryable(&Outcome::Status(status)), "{status}");
        }
    }

    #[test]
    fn client_errors_are_never_retried() {
        for status in [400, 401, 403, 404, 405, 409, 410, 418, 422, 428, 501] {
            assert!(!is_retryable(&Outcome::Status(status)), "{status}");
        }
    }

    #[test]
    fn network_failures_and_timeouts_are_retried_but_aborts_are_not() {
        let network = Outcome::Transport {
            kind: TransportErrorKind::Network("reset".into()),
            sent: true,
        };
        let timeout = Outcome::Transport {
            kind: TransportErrorKind::Timeout,
            sent: true,
        };
        let aborted = Outcome::Transport {
            kind: TransportErrorKind::Aborted,
            sent: true,
        };
        assert!(is_retryable(&network) && is_retryable(&timeout));
        assert!(!is_retryable(&aborted));
        assert!(is_retryable(&Outcome::Malformed));
    }

    #[test]
    fn outcome_is_unknown_only_when_the_server_may_have_acted() {
        assert!(outcome_unknown(&Outcome::Status(503)));
        assert!(outcome_unknown(&Outcome::Malformed));
        assert!(!outcome_unknown(&Outcome::Status(429)));
        assert!(!outcome_unknown(&Outcome::Status(404)));
        assert!(outcome_unknown(&Outcome::Transport {
            kind: TransportErrorKind::Timeout,
            sent: true
        }));
        assert!(!outcome_unknown(&Outcome::Transport {
            kind: TransportErrorKind::Network("dns".into()),
            sent: false
        }));
    }

    #[test]
    fn backoff_is_full_jitter_exponential_and_capped() {
        assert_eq!(backoff_ms(0, 1.0), 250);
        assert_eq!(backoff_ms(1, 1.0), 500);
        assert_eq!(backoff_ms(2, 1.0), 1000);
        assert_eq!(backoff_ms(5, 1.0), 8000);
        assert_eq!(backoff_ms(40, 1.0), 8000);
        assert_eq!(backoff_ms(3, 0.5), 1000);
        assert_eq!(backoff_ms(3, 0.0), 0);
        assert_eq!(backoff_ms(u32::MAX, 0.99), 7920);
    }

    #[test]
    fn odd_randomness_cannot_break_backoff() {
        assert_eq!(backoff_ms(0, f64::NAN), 0);
        assert_eq!(backoff_ms(0, -3.0), 0);
        assert_eq!(backoff_ms(0, 7.0), 250);
        assert_eq!(backoff_ms(0, f64::INFINITY), 0);
    }

    #[test]
    fn retry_after_in_seconds() {
        assert_eq!(retry_after_ms("3", 0.0), Some(3000));
        assert_eq!(retry_after_ms(" 0 ", 0.0), Some(0));
        assert_eq!(
            retry_after_ms("99999999999999999999999", 0.0),
            Some(u64::MAX)
        );
        assert_eq!(retry_after_ms("-1", 0.0), None);
        assert_eq!(retry_after_ms("1.5", 0.0), None);
        assert_eq!(retry_after_ms("", 0.0), None);
        assert_eq!(retry_after_ms("soon", 0.0), None);
    }

    #[test]
    fn retry_after_as_an_http_date() {
        let now = parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").expect("date") as f64;
        assert_eq!(
            retry_after_ms("Wed, 21 Oct 2015 07:28:05 GMT", now),
            Some(5000)
        );
        assert_eq!(
            retry_after_ms("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(0)
        );
    }

    #[test]
    fn retry_after_wins_over_backoff_but_not_over_the_budget() {
        assert_eq!(retry_delay_ms(0, 1.0, Some(2000), 10_000), 2000);
        assert_eq!(retry_delay_ms(0, 1.0, Some(60_000), 10_000), 10_000);
        assert_eq!(retry_delay_ms(4, 1.0, None, 10_000), 4000);
        assert_eq!(retry_delay_ms(4, 1.0, None, 100), 100);
    }
}
