//! Checks shared by several bodies: JSON types, GUIDs, bounded text, enum
//! values, whole numbers, `billingInfo` and `idempotencyKey`. Each check
//! reads `null` the way serde reads an `Option` (as absent), so "no
//! violations" always means the model type will decode the body.

use super::json_path::Path;
use super::report::Report;
use super::{MAX_CYCLE_COUNT, MAX_IDEMPOTENCY_KEY_LENGTH};
use crate::model::{is_guid, CycleDescriptorType, IntervalUnit};
use serde_json::{Map, Value};

/// A JSON object of an untrusted body.
pub(super) type Object = Map<String, Value>;

/// How much of an untrusted value a description may quote.
const PREVIEW_CHARS: usize = 40;

/// An example shown next to every GUID violation, from the reference.
const GUID_EXAMPLE: &str = "00ba7923-2655-402a-852d-2b2100568bcf";

/// One broken rule, before it is placed at a path.
#[derive(Debug)]
pub(super) struct Problem {
    /// The `violatedRule`.
    pub(super) rule: &'static str,
    /// The `ruleName`, if there is a finer one.
    pub(super) rule_name: Option<&'static str>,
    /// What was found and what is expected.
    pub(super) description: String,
}

impl Report {
    /// Records `problem` at `path`.
    pub(super) fn problem(&mut self, path: &Path<'_>, problem: Problem) {
        let Problem {
            rule,
            rule_name,
            description,
        } = problem;
        self.flag(path, rule, rule_name, || description);
    }
}

/// The JSON type of `value`, for descriptions ("found a number").
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Untrusted text quoted for a description: escaped, and cut after
/// [`PREVIEW_CHARS`] characters so a huge input never makes a huge message.
pub(super) fn preview(text: &str) -> String {
    match text.char_indices().nth(PREVIEW_CHARS) {
        Some((end, _)) => format!(
            "{:?}… ({} characters)",
            text.get(..end).unwrap_or_default(),
            utf16_len(text)
        ),
        None => format!("{text:?}"),
    }
}

/// Length as JavaScript's `String.length` and the JVM count it (UTF-16 code
/// units), which is what "Max: 100 characters" means to the people and the
/// server on either side of this library.
pub(super) fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// True when `text` is longer than `max` UTF-16 code units, without counting
/// the whole of a huge string.
fn longer_than(text: &str, max: usize) -> bool {
    // A UTF-8 byte never stands for more than one UTF-16 unit.
    text.len() > max && text.encode_utf16().nth(max).is_some()
}

/// A member of an object, with `null` read as absent.
pub(super) fn member<'v>(object: &'v Object, key: &str) -> Option<&'v Value> {
    object.get(key).filter(|value| !value.is_null())
}

/// `value` as an object, or a `TYPE` violation naming `what` was expected.
pub(super) fn expect_object<'v>(
    report: &mut Report,
    path: &Path<'_>,
    value: &'v Value,
    what: &str,
) -> Option<&'v Object> {
    match value {
        Value::Object(object) => Some(object),
        other => {
            report.flag(path, "TYPE", None, || {
                format!("expected {what} (a JSON object), found {}", kind(other))
            });
            None
        }
    }
}

/// `value` as a string, or a `TYPE` violation naming `what` was expected.
pub(super) fn expect_string<'v>(
    report: &mut Report,
    path: &Path<'_>,
    value: &'v Value,
    what: &str,
) -> Option<&'v str> {
    match value {
        Value::String(text) => Some(text),
        other => {
            report.flag(path, "TYPE", None, || {
                format!("expected {what} (a string), found {}", kind(other))
            });
            None
        }
    }
}

/// Limits of a free-text field.
#[derive(Clone, Copy, Debug)]
pub(super) struct TextLimits {
    /// Fewest UTF-16 code units.
    pub(super) min: usize,
    /// Most UTF-16 code units.
    pub(super) max: usize,
    /// Whether control characters (newlines, NUL, ...) are accepted. Keys and
    /// references end up in logs, headers and URL paths, where they do harm.
    pub(super) control_characters: bool,
}

/// `externalId` and `idempotencyKey`: 1 to 100 characters, no control characters.
pub(super) const KEY_TEXT: TextLimits = TextLimits {
    min: 1,
    max: MAX_IDEMPOTENCY_KEY_LENGTH,
    control_characters: false,
};

/// What is wrong with `text` under `limits`, if anything.
pub(super) fn text_problem(text: &str, limits: TextLimits) -> Option<Problem> {
    if utf16_len_below(text, limits.min) {
        let description = if text.is_empty() {
            format!(
                "is empty; give 1 to {} characters or leave the field out",
                limits.max
            )
        } else {
            format!(
                "{} is too short; give {} to {} characters",
                preview(text),
                limits.min,
                limits.max
            )
        };
        return Some(Problem {
            rule: "MIN_LENGTH",
            rule_name: None,
            description,
        });
    }
    if longer_than(text, limits.max) {
        return Some(Problem {
            rule: "MAX_LENGTH",
            rule_name: None,
            description: format!(
                "{} is {} characters long; the limit is {}",
                preview(text),
                utf16_len(text),
                limits.max
            ),
        });
    }
    if !limits.control_characters {
        if let Some((position, character)) = text
            .chars()
            .enumerate()
            .find(|(_, character)| character.is_control())
        {
            return Some(Problem {
                rule: "FORMAT",
                rule_name: Some("NO_CONTROL_CHARACTERS"),
                description: format!(
                    "{} contains the control character U+{:04X} at character {}; \
                     control characters are not allowed",
                    preview(text),
                    u32::from(character),
                    position
                ),
            });
        }
    }
    None
}

/// True when `text` has fewer than `min` UTF-16 code units.
fn utf16_len_below(text: &str, min: usize) -> bool {
    min > 0 && text.encode_utf16().nth(min - 1).is_none()
}

/// Checks free text at `path`.
pub(super) fn check_text(report: &mut Report, path: &Path<'_>, text: &str, limits: TextLimits) {
    if let Some(problem) = text_problem(text, limits) {
        report.problem(path, problem);
    }
}

/// What is wrong with `text` as a GUID, if anything.
pub(super) fn guid_problem(text: &str) -> Option<Problem> {
    if is_guid(text) {
        return None;
    }
    let found = if text.is_empty() {
        "an empty string is not a GUID".to_owned()
    } else {
        format!("{} is not a GUID", preview(text))
    };
    Some(Problem {
        rule: "FORMAT",
        rule_name: Some("GUID"),
        description: format!(
            "{found}; expected 8-4-4-4-12 hexadecimal digits such as \"{GUID_EXAMPLE}\""
        ),
    })
}

/// Checks an optional GUID member (`siteId`, ...); returns it when valid.
pub(super) fn check_optional_guid<'v>(
    report: &mut Report,
    parent: &Path<'_>,
    object: &'v Object,
    key: &str,
) -> Option<&'v str> {
    let path = parent.key(key);
    let text = expect_string(report, &path, member(object, key)?, "a GUID")?;
    match guid_problem(text) {
        Some(problem) => {
            report.problem(&path, problem);
            None
        }
        None => Some(text),
    }
}

/// Checks an optional free-text member; `what` names it in a type violation.
pub(super) fn check_optional_text(
    report: &mut Report,
    parent: &Path<'_>,
    object: &Object,
    key: &str,
    limits: TextLimits,
) {
    let path = parent.key(key);
    if let Some(value) = member(object, key) {
        if let Some(text) = expect_string(report, &path, value, "text") {
            check_text(report, &path, text, limits);
        }
    }
}

/// Checks the optional `idempotencyKey` member of a mutating call's body.
pub(super) fn check_idempotency_key(report: &mut Report, parent: &Path<'_>, object: &Object) {
    check_optional_text(report, parent, object, "idempotencyKey", KEY_TEXT);
}

/// Checks an enum value against `known` (the model's `KNOWN` list), where
/// `UNKNOWN` means "not set" and is never a valid input. Returns it when valid.
pub(super) fn check_enum<'v>(
    report: &mut Report,
    path: &Path<'_>,
    value: &'v Value,
    known: &[&str],
    what: &str,
) -> Option<&'v str> {
    let text = expect_string(report, path, value, what)?;
    if text != "UNKNOWN" && known.contains(&text) {
        return Some(text);
    }
    report.flag(path, "INVALID_ENUM_VALUE", None, || {
        let expected = known
            .iter()
            .filter(|candidate| **candidate != "UNKNOWN")
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let found = if text == "UNKNOWN" {
            "\"UNKNOWN\" means not set".to_owned()
        } else {
            format!("{} is not {what}", preview(text))
        };
        format!("{found}; expected one of {expected}")
    });
    None
}

/// Checks that `value` is a whole number in `min..=max`; returns it when valid.
pub(super) fn check_whole_number(
    report: &mut Report,
    path: &Path<'_>,
    value: &Value,
    min: u64,
    max: u64,
) -> Option<u64> {
    let range = || format!("a whole number from {min} to {max}");
    match value {
        Value::Number(number) => match (number.as_u64(), number.as_i64()) {
            (Some(whole), _) if whole < min => report.flag(path, "MIN", None, || {
                format!("{whole} is too small; expected {}", range())
            }),
            (Some(whole), _) if whole > max => report.flag(path, "MAX", None, || {
                format!("{whole} is too large; expected {}", range())
            }),
            (Some(whole), _) => return Some(whole),
            (None, Some(negative)) => report.flag(path, "MIN", None, || {
                format!("{negative} is negative; expected {}", range())
            }),
            (None, None) => report.flag(path, "TYPE", None, || {
                format!("{number} is not a whole number; expected {}", range())
            }),
        },
        other => report.flag(path, "TYPE", None, || {
            format!("expected {}, found {}", range(), kind(other))
        }),
    }
    None
}

/// Checks a `billingInfo` value (a `Cycle`). `missing_duration_rule` names the
/// rule broken by a `RECURRING` cycle without `cycleDuration`: Create reports
/// it as a field rule, Adjust as the documented `MISSING_PRODUCT_DETAILS`.
pub(super) fn check_billing_info(
    report: &mut Report,
    path: &Path<'_>,
    value: &Value,
    missing_duration_rule: &'static str,
) {
    let Some(cycle) = expect_object(report, path, value, "a billing cycle") else {
        return;
    };
    let type_path = path.key("type");
    let cycle_type = match member(cycle, "type") {
        Some(value) => check_enum(
            report,
            &type_path,
            value,
            CycleDescriptorType::KNOWN,
            "a billing type",
        ),
        None => {
            report.flag(&type_path, "REQUIRED_FIELD", None, || {
                "billingInfo.type is required: ONE_TIME or RECURRING".to_owned()
            });
            None
        }
    };
    let duration_path = path.key("cycleDuration");
    match (member(cycle, "cycleDuration"), cycle_type) {
        (Some(duration), cycle_type) => {
            // The shape is checked whatever the type, so a bad duration is
            // never hidden behind a bad type.
            check_interval(report, &duration_path, duration);
            if cycle_type == Some("ONE_TIME") {
                report.flag(&duration_path, "OTHER", Some("CYCLE_DURATION"), || {
                    "cycleDuration is only for RECURRING billing; leave it out for ONE_TIME"
                        .to_owned()
                });
            }
        }
        (None, Some("RECURRING")) => {
            report.flag(
                &duration_path,
                "REQUIRED_FIELD",
                Some(missing_duration_rule),
                || {
                    "cycleDuration is required for RECURRING billing, such as \
                     { \"unit\": \"YEAR\", \"count\": 1 }"
                        .to_owned()
                },
            );
        }
        (None, _) => {}
    }
}

/// Checks a `cycleDuration` value (an `Interval`).
fn check_interval(report: &mut Report, path: &Path<'_>, value: &Value) {
    let Some(interval) = expect_object(report, path, value, "a cycle duration") else {
        return;
    };
    let unit_path = path.key("unit");
    match member(interval, "unit") {
        Some(unit) => {
            check_enum(
                report,
                &unit_path,
                unit,
                IntervalUnit::KNOWN,
                "a billing cycle unit",
            );
        }
        None => report.flag(&unit_path, "REQUIRED_FIELD", None, || {
            "cycleDuration.unit is required: DAY, WEEK, MONTH or YEAR".to_owned()
        }),
    }
    // A missing count means 1 (the model's default), but an explicit null
    // does not decode, so only absence is accepted.
    if let Some(count) = interval.get("count") {
        check_whole_number(report, &path.key("count"), count, 1, MAX_CYCLE_COUNT);
    }
}
