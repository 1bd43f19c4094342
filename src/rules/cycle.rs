//! `billingInfo` (a `Cycle`), in Create and Adjust: its rules, each a check
//! (read by the one-pass create check too) beside the words of its
//! violation, and the check of a cycle over a tree.

use super::fields::{
    enum_ok, expect_object, member, not_in_enum, not_in_range, string_or_absent, whole_ok, Problem,
};
use super::json_path::Path;
use super::limits::MAX_CYCLE_COUNT;
use super::report::Report;
use crate::model::{CycleDescriptorType, IntervalUnit};
use serde_json::Value;

/// What a `type` is called in descriptions.
const TYPE: &str = "a billing type";
/// What a `unit` is called in descriptions.
const UNIT: &str = "a billing cycle unit";

/// `type` (`None`: absent or `null`): required, `ONE_TIME` or `RECURRING`.
#[inline(always)]
pub(super) fn type_ok(cycle_type: Option<&str>) -> bool {
    cycle_type.is_some_and(|text| enum_ok(text, CycleDescriptorType::KNOWN))
}

/// The words of a `type` that breaks [`type_ok`].
#[inline(never)]
fn type_words(cycle_type: Option<&str>) -> Problem {
    match cycle_type {
        Some(text) => not_in_enum(text, CycleDescriptorType::KNOWN, TYPE),
        None => Problem::fixed(
            "REQUIRED_FIELD",
            None,
            "billingInfo.type is required: ONE_TIME or RECURRING",
        ),
    }
}

/// `cycleDuration`: given exactly when the (valid) `cycle_type` is
/// `RECURRING`.
#[inline(always)]
pub(super) fn duration_ok(cycle_type: &str, has_duration: bool) -> bool {
    has_duration == (cycle_type == "RECURRING")
}

/// The words of a `cycleDuration` that breaks [`duration_ok`];
/// `missing_rule` names the rule broken by a `RECURRING` cycle without one:
/// Create reports it as a field rule, Adjust as the documented
/// `MISSING_PRODUCT_DETAILS`.
#[inline(never)]
fn duration_words(has_duration: bool, missing_rule: &'static str) -> Problem {
    if has_duration {
        Problem::fixed(
            "OTHER",
            Some("CYCLE_DURATION"),
            "cycleDuration is only for RECURRING billing; leave it out for ONE_TIME",
        )
    } else {
        Problem::fixed(
            "REQUIRED_FIELD",
            Some(missing_rule),
            "cycleDuration is required for RECURRING billing, such as \
             { \"unit\": \"YEAR\", \"count\": 1 }",
        )
    }
}

/// `cycleDuration.unit` (`None`: absent or `null`): required, `DAY`,
/// `WEEK`, `MONTH` or `YEAR`.
#[inline(always)]
pub(super) fn unit_ok(unit: Option<&str>) -> bool {
    unit.is_some_and(|text| enum_ok(text, IntervalUnit::KNOWN))
}

/// The words of a `unit` that breaks [`unit_ok`].
#[inline(never)]
fn unit_words(unit: Option<&str>) -> Problem {
    match unit {
        Some(text) => not_in_enum(text, IntervalUnit::KNOWN, UNIT),
        None => Problem::fixed(
            "REQUIRED_FIELD",
            None,
            "cycleDuration.unit is required: DAY, WEEK, MONTH or YEAR",
        ),
    }
}

/// The fewest cycles a `cycleDuration.count` gives.
const MIN_CYCLE_COUNT: u64 = 1;

/// `cycleDuration.count`, when given (absent means 1, the model's default;
/// an explicit `null` does not decode), as its value if it is a whole
/// number: from [`MIN_CYCLE_COUNT`] to [`MAX_CYCLE_COUNT`].
#[inline(always)]
pub(super) fn count_ok(count: Option<u64>) -> bool {
    whole_ok(count, MIN_CYCLE_COUNT, MAX_CYCLE_COUNT)
}

/// The words of a `count` that breaks [`count_ok`].
#[inline(never)]
fn count_words(count: &Value) -> Problem {
    not_in_range(count, MIN_CYCLE_COUNT, MAX_CYCLE_COUNT)
}

/// Checks a `billingInfo` value; `missing_rule` as in [`duration_words`].
pub(super) fn check_billing_info(
    report: &mut Report,
    path: &Path<'_>,
    value: &Value,
    missing_rule: &'static str,
) {
    let Some(cycle) = expect_object(report, path, value, "a billing cycle") else {
        return;
    };
    let type_path = path.key("type");
    let cycle_type = string_or_absent(report, &type_path, member(cycle, "type"), TYPE)
        .filter(|cycle_type| {
            report.check(&type_path, type_ok(*cycle_type), || type_words(*cycle_type))
        })
        .flatten();
    let duration_path = path.key("cycleDuration");
    let duration = member(cycle, "cycleDuration");
    if let Some(duration) = duration {
        // The shape is checked whatever the type, so a bad duration is
        // never hidden behind a bad type.
        check_interval(report, &duration_path, duration);
    }
    if let Some(cycle_type) = cycle_type {
        let has_duration = duration.is_some();
        report.check(
            &duration_path,
            duration_ok(cycle_type, has_duration),
            || duration_words(has_duration, missing_rule),
        );
    }
}

/// Checks a `cycleDuration` value (an `Interval`).
fn check_interval(report: &mut Report, path: &Path<'_>, value: &Value) {
    let Some(interval) = expect_object(report, path, value, "a cycle duration") else {
        return;
    };
    let unit_path = path.key("unit");
    if let Some(unit) = string_or_absent(report, &unit_path, member(interval, "unit"), UNIT) {
        report.check(&unit_path, unit_ok(unit), || unit_words(unit));
    }
    if let Some(count) = interval.get("count") {
        report.check(&path.key("count"), count_ok(count.as_u64()), || {
            count_words(count)
        });
    }
}
