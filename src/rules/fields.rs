//! Checks shared by several bodies: JSON types, GUIDs, bounded text, enum
//! values, whole numbers, `billingInfo` and `idempotencyKey`. Each check
//! reads `null` the way serde reads an `Option` (as absent), so "no
//! violations" always means the model type will decode the body.

use super::json_path::Path;
use super::report::Report;
use super::{MAX_CYCLE_COUNT, MAX_IDEMPOTENCY_KEY_LENGTH};
use crate::json_text::quoted;
use crate::model::{CycleDescriptorType, IntervalUnit};
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

/// The JSON type of `value`, for descriptions: the crate's one wording.
pub(crate) use crate::json_text::type_name as kind;

/// Untrusted text quoted for a description: escaped, and cut after
/// [`PREVIEW_CHARS`] characters (with its length) so a huge input never
/// makes a huge message.
pub(super) fn preview(text: &str) -> String {
    match cut(text) {
        Some(start) => format!("{}… ({} characters)", quoted(start), utf16_len(text)),
        None => quoted(text),
    }
}

/// Like [`preview`], without the length, for messages that state it anyway.
fn quote(text: &str) -> String {
    match cut(text) {
        Some(start) => format!("{}…", quoted(start)),
        None => quoted(text),
    }
}

/// The first [`PREVIEW_CHARS`] characters of `text` when it is longer.
fn cut(text: &str) -> Option<&str> {
    let (end, _) = text.char_indices().nth(PREVIEW_CHARS)?;
    text.get(..end)
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
                quote(text),
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

/// A GUID found in a body: its text (for descriptions) and its 128 bits
/// (for comparisons that ignore letter case).
#[derive(Clone, Copy, Debug)]
pub(super) struct GuidRef<'v> {
    /// As sent.
    pub(super) text: &'v str,
    /// The value.
    pub(super) bits: u128,
}

/// The value of each byte as a hex digit, or `0xFF` when it is not one.
// Evaluated by the compiler: an index out of range fails the build, never a call.
#[allow(clippy::indexing_slicing)]
const HEX_VALUE: [u8; 256] = {
    let mut table = [0xFF; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = match byte as u8 {
            digit @ b'0'..=b'9' => digit - b'0',
            letter @ b'a'..=b'f' => letter - b'a' + 10,
            letter @ b'A'..=b'F' => letter - b'A' + 10,
            _ => 0xFF,
        };
        byte += 1;
    }
    table
};

/// The 128 bits of a GUID in the hyphenated `8-4-4-4-12` form that
/// [`crate::model::is_guid`] accepts; `None` for anything else. A create body
/// can hold two thousand GUIDs, so the groups are read into two 64-bit
/// halves (short dependency chains, no branch per byte) rather than shifted
/// through one 128-bit value.
pub(super) fn guid_bits(text: &str) -> Option<u128> {
    let bytes: &[u8; 36] = text.as_bytes().try_into().ok()?;
    let hyphens = [bytes[8], bytes[13], bytes[18], bytes[23]];
    let (first, bad_first) = hex_digits(&bytes[0..8]);
    let (second, bad_second) = hex_digits(&bytes[9..13]);
    let (third, bad_third) = hex_digits(&bytes[14..18]);
    let (fourth, bad_fourth) = hex_digits(&bytes[19..23]);
    let (fifth, bad_fifth) = hex_digits(&bytes[24..36]);
    let valid =
        hyphens == [b'-'; 4] && (bad_first | bad_second | bad_third | bad_fourth | bad_fifth) == 0;
    let high = (first << 32) | (second << 16) | third;
    let low = (fourth << 48) | fifth;
    valid.then_some((u128::from(high) << 64) | u128::from(low))
}

/// The value of up to 16 hex digits, and a non-zero flag if any byte is not one.
fn hex_digits(digits: &[u8]) -> (u64, u8) {
    digits.iter().fold((0, 0), |(value, invalid), byte| {
        let digit = HEX_VALUE.get(usize::from(*byte)).copied().unwrap_or(0xFF);
        // Valid digits are below 16; 0xFF leaves high bits set.
        (
            (value << 4) | u64::from(digit & 0x0F),
            invalid | (digit >> 4),
        )
    })
}

/// What is wrong with `text` as a GUID, if anything.
pub(super) fn guid_problem(text: &str) -> Option<Problem> {
    if guid_bits(text).is_some() {
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

/// Checks that `value` is a GUID string; returns it when it is.
pub(super) fn check_guid_value<'v>(
    report: &mut Report,
    path: &Path<'_>,
    value: &'v Value,
) -> Option<GuidRef<'v>> {
    let text = expect_string(report, path, value, "a GUID")?;
    match guid_bits(text) {
        Some(bits) => Some(GuidRef { text, bits }),
        None => {
            if let Some(problem) = guid_problem(text) {
                report.problem(path, problem);
            }
            None
        }
    }
}

/// Checks that `value` is text within `limits`.
pub(super) fn check_text_value(
    report: &mut Report,
    path: &Path<'_>,
    value: &Value,
    limits: TextLimits,
) {
    if let Some(text) = expect_string(report, path, value, "text") {
        check_text(report, path, text, limits);
    }
}

/// Checks an optional free-text member.
pub(super) fn check_optional_text(
    report: &mut Report,
    parent: &Path<'_>,
    object: &Object,
    key: &str,
    limits: TextLimits,
) {
    if let Some(value) = member(object, key) {
        check_text_value(report, &parent.key(key), value, limits);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_bits_reads_the_reference_ids_in_either_case() {
        let lower = guid_bits("00ba7923-2655-402a-852d-2b2100568bcf");
        assert_eq!(lower, Some(0x00ba7923_2655_402a_852d_2b2100568bcf));
        assert_eq!(guid_bits("00BA7923-2655-402A-852D-2B2100568BCF"), lower);
    }

    #[test]
    fn guid_bits_rejects_misplaced_hyphens_and_non_hex() {
        for bad in [
            "00ba79232-655-402a-852d-2b2100568bcf",
            "00ba7923-2655-402a-852d-2b2100568bcg",
            "00ba7923-2655-402a-852d-2b2100568bc",
            "00ba7923-2655-402a-852d-2b2100568bcf0",
            "00ba7923 2655 402a 852d 2b2100568bcf",
        ] {
            assert_eq!(guid_bits(bad), None, "{bad}");
        }
    }

    #[test]
    fn previews_cut_long_text_and_escape_control_characters() {
        assert_eq!(preview("a\nb"), "\"a\\nb\"");
        let long = preview(&"é".repeat(1000));
        assert!(long.starts_with(&format!("\"{}\"…", "é".repeat(PREVIEW_CHARS))));
        assert!(long.ends_with("(1000 characters)"));
    }

    #[test]
    fn lengths_count_utf16_units() {
        assert_eq!(utf16_len("😀"), 2);
        assert!(longer_than("😀😀", 3));
        assert!(!longer_than("ééé", 3));
    }
}
