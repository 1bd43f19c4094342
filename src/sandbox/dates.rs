//! Calendar arithmetic for `expirationDate`: creation time plus one billing
//! cycle, in calendar months and years (a `ONE_TIME` purchase lasts a year).

use crate::model::{Cycle, CycleDescriptorType, IntervalUnit};
use crate::time::{format_iso, parse_iso, UnixMillis};

const DAY_MS: i64 = 86_400_000;

/// `start` plus one `cycle`.
pub(crate) fn add_cycle(start: UnixMillis, cycle: &Cycle) -> UnixMillis {
    match (&cycle.cycle_type, &cycle.cycle_duration) {
        (CycleDescriptorType::Recurring, Some(duration)) => {
            let count = i64::from(duration.count);
            match duration.unit {
                IntervalUnit::Day => start.saturating_add(count.saturating_mul(DAY_MS)),
                IntervalUnit::Week => start.saturating_add(count.saturating_mul(7 * DAY_MS)),
                IntervalUnit::Month => add_months(start, count),
                _ => add_months(start, count.saturating_mul(12)),
            }
        }
        _ => add_months(start, 12),
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `start` plus `months` calendar months; the day is clamped to the month's
/// last day (Jan 31 + 1 month = Feb 28/29).
fn add_months(start: UnixMillis, months: i64) -> UnixMillis {
    let fallback = start.saturating_add(months.saturating_mul(30 * DAY_MS));
    let iso = format_iso(start);
    let field = |range: std::ops::Range<usize>| iso.get(range).and_then(|s| s.parse::<i64>().ok());
    let (Some(year), Some(month), Some(day), Some(rest)) =
        (field(0..4), field(5..7), field(8..10), iso.get(10..))
    else {
        return fallback;
    };
    let total = year
        .saturating_mul(12)
        .saturating_add(month - 1)
        .saturating_add(months);
    let (new_year, new_month) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let new_day = day.min(days_in_month(new_year, new_month));
    parse_iso(&format!("{new_year:04}-{new_month:02}-{new_day:02}{rest}")).unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Interval;

    #[test]
    fn one_time_lasts_a_year_and_months_clamp() {
        let start = parse_iso("2024-01-31T10:00:00.000Z").unwrap_or_default();
        let one_time = Cycle {
            cycle_type: CycleDescriptorType::OneTime,
            cycle_duration: None,
        };
        assert_eq!(
            format_iso(add_cycle(start, &one_time)),
            "2025-01-31T10:00:00.000Z"
        );
        let month = Cycle {
            cycle_type: CycleDescriptorType::Recurring,
            cycle_duration: Some(Interval {
                unit: IntervalUnit::Month,
                count: 1,
            }),
        };
        assert_eq!(
            format_iso(add_cycle(start, &month)),
            "2024-02-29T10:00:00.000Z"
        );
    }
}
