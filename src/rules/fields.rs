//! Checks shared by several bodies: JSON types, GUIDs, bounded text, enum
//! values, whole numbers and `idempotencyKey`. A rule is a check (`*_ok`,
//! inlined, or the value it accepts) beside the words of its violation (a
//! [`Problem`]), so the rules over a tree and the one-pass create check read
//! the same rule; the `check_*` functions apply one to a value of a tree and
//! place its problem at a path. Each reads `null` the way serde reads an
//! `Option` (as absent), so "no violations" always means the model type will
//! decode the body.

use super::json_path::Path;
use super::limits::MAX_IDEMPOTENCY_KEY_LENGTH;
use super::report::Report;
use crate::json_text::quoted;
use crate::json_text::type_name;
use serde_json::{Map, Value};

/// A JSON object of an untrusted body.
pub(super) type Object = Map<String, Value>;

/// How much of an untrusted value a description may quote.
const PREVIEW_CHARS: usize = 40;

/// What a GUID is called in descriptions.
pub(super) const A_GUID: &str = "a GUID";

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

impl Problem {
    /// A broken `rule` (and the finer `rule_name`), described.
    pub(super) fn new(
        rule: &'static str,
        rule_name: Option<&'static str>,
        description: String,
    ) -> Problem {
        Problem {
            rule,
            rule_name,
            description,
        }
    }

    /// [`Problem::new`] of a fixed description (not inlined: one copy of
    /// the code that copies a description into a `String`).
    #[inline(never)]
    pub(super) fn fixed(
        rule: &'static str,
        rule_name: Option<&'static str>,
        description: &'static str,
    ) -> Problem {
        Problem::new(rule, rule_name, description.to_owned())
    }
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

    /// Records the problem `words` describes at `path` unless `ok`; `ok`.
    pub(super) fn check(
        &mut self,
        path: &Path<'_>,
        ok: bool,
        words: impl FnOnce() -> Problem,
    ) -> bool {
        if !ok {
            self.problem(path, words());
        }
        ok
    }
}

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
                format!(
                    "expected {what} (a JSON object), found {}",
                    type_name(other)
                )
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
                format!("expected {what} (a string), found {}", type_name(other))
            });
            None
        }
    }
}

/// A member that is a string if given: `Some(None)` when absent (or
/// `null`), `Some(Some(text))` for a string, `None` (and a `TYPE`
/// violation naming `what` was expected) for anything else.
pub(super) fn string_or_absent<'v>(
    report: &mut Report,
    path: &Path<'_>,
    value: Option<&'v Value>,
    what: &str,
) -> Option<Option<&'v str>> {
    match value {
        Some(value) => expect_string(report, path, value, what).map(Some),
        None => Some(None),
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
    guid_bits(text).is_none().then(|| not_a_guid(text))
}

/// `text` as a GUID, if it is one.
#[inline(always)]
pub(super) fn guid_ref(text: &str) -> Option<GuidRef<'_>> {
    guid_bits(text).map(|bits| GuidRef { text, bits })
}

/// The words of a `text` that is not a GUID.
#[inline(never)]
pub(super) fn not_a_guid(text: &str) -> Problem {
    let found = if text.is_empty() {
        "an empty string is not a GUID".to_owned()
    } else {
        format!("{} is not a GUID", preview(text))
    };
    Problem {
        rule: "FORMAT",
        rule_name: Some("GUID"),
        description: format!(
            "{found}; expected 8-4-4-4-12 hexadecimal digits such as \"{GUID_EXAMPLE}\""
        ),
    }
}

/// Checks that `value` is a GUID string; returns it when it is.
pub(super) fn check_guid_value<'v>(
    report: &mut Report,
    path: &Path<'_>,
    value: &'v Value,
) -> Option<GuidRef<'v>> {
    let text = expect_string(report, path, value, A_GUID)?;
    let found = guid_ref(text);
    report.check(path, found.is_some(), || not_a_guid(text));
    found
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

/// True when `text` is a value of an enum whose values are `known` (the
/// model's `KNOWN` list), where `UNKNOWN` means "not set" and is never a
/// valid input.
#[inline(always)]
pub(super) fn enum_ok(text: &str, known: &[&str]) -> bool {
    text != "UNKNOWN" && known.contains(&text)
}

/// `names` but `except`, separated by `, ` (one short loop, where `join`
/// brings the standard library's generic one into the `.wasm`).
#[inline(never)]
pub(super) fn listed(names: &[&str], except: &str) -> String {
    let mut text = String::new();
    for name in names.iter().filter(|name| **name != except) {
        if !text.is_empty() {
            text.push_str(", ");
        }
        text.push_str(name);
    }
    text
}

/// The words of a `text` that is not a value of `known`; `what` names one.
#[inline(never)]
pub(super) fn not_in_enum(text: &str, known: &[&str], what: &str) -> Problem {
    let expected = listed(known, "UNKNOWN");
    let found = if text == "UNKNOWN" {
        "\"UNKNOWN\" means not set".to_owned()
    } else {
        format!("{} is not {what}", preview(text))
    };
    Problem::new(
        "INVALID_ENUM_VALUE",
        None,
        format!("{found}; expected one of {expected}"),
    )
}

/// Checks an enum value (see [`enum_ok`]).
pub(super) fn check_enum(
    report: &mut Report,
    path: &Path<'_>,
    value: &Value,
    known: &[&str],
    what: &str,
) {
    if let Some(text) = expect_string(report, path, value, what) {
        report.check(path, enum_ok(text, known), || {
            not_in_enum(text, known, what)
        });
    }
}

/// True when `whole` (a number's value, if it is a whole one) is in
/// `min..=max`.
#[inline(always)]
pub(super) fn whole_ok(whole: Option<u64>, min: u64, max: u64) -> bool {
    whole.is_some_and(|whole| (min..=max).contains(&whole))
}

/// The words of a `value` that is not a whole number in `min..=max`.
#[inline(never)]
pub(super) fn not_in_range(value: &Value, min: u64, max: u64) -> Problem {
    let range = || format!("a whole number from {min} to {max}");
    let (rule, description) = match value {
        Value::Number(number) => match (number.as_u64(), number.as_i64()) {
            (Some(whole), _) if whole < min => {
                ("MIN", format!("{whole} is too small; expected {}", range()))
            }
            (Some(whole), _) => ("MAX", format!("{whole} is too large; expected {}", range())),
            (None, Some(negative)) => (
                "MIN",
                format!("{negative} is negative; expected {}", range()),
            ),
            (None, None) => (
                "TYPE",
                format!("{number} is not a whole number; expected {}", range()),
            ),
        },
        other => (
            "TYPE",
            format!("expected {}, found {}", range(), type_name(other)),
        ),
    };
    Problem::new(rule, None, description)
}

/// Checks that `value` is a whole number in `min..=max`.
pub(super) fn check_whole_number(
    report: &mut Report,
    path: &Path<'_>,
    value: &Value,
    min: u64,
    max: u64,
) {
    report.check(path, whole_ok(value.as_u64(), min, max), || {
        not_in_range(value, min, max)
    });
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
