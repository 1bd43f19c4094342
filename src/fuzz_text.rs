//! Strategies for the property tests: text that can hold non-ASCII and
//! multibyte characters at every position, while staying close enough to
//! the real thing (GUIDs, dates, enums, keys) to reach deep rules.
//!
//! Test-only, and used by the library's fuzz modules and by the sandbox's
//! integration tests (`#[path]`-included), so it depends on proptest and std
//! and serde_json only, never on `crate::`.

// Not every user of the file needs every strategy.
#![allow(dead_code)]

use proptest::prelude::*;
use serde_json::Value;

/// `PROPTEST_CASES` when it asks for more than `default` (as `make fuzz`
/// does), else `default`: for properties whose own count is above
/// proptest's 256 (`ProptestConfig::with_cases` alone ignores the variable).
pub fn cases_or(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .map_or(default, |cases: u32| cases.max(default))
}

/// Characters that break code assuming one byte per character, one
/// character per byte, or that case mapping keeps lengths: 2-, 3- and 4-byte
/// UTF-8, combining marks, non-ASCII digits and spaces, C1 controls,
/// bidi controls, the BOM, noncharacters and the last scalar value.
pub const AWKWARD: &[&str] = &[
    "é",
    "ß",
    "Ω",
    "Σ",
    "İ",
    "ı",
    "ﬁ",
    "\u{85}",
    "\u{a0}",
    "\u{ad}",
    "€",
    "中",
    "１",
    "٣",
    "\u{2028}",
    "\u{200b}",
    "\u{202e}",
    "\u{feff}",
    "\u{fffd}",
    "\u{ffff}",
    "\u{301}",
    "e\u{301}",
    "\u{1f600}",
    "\u{1f1fa}\u{1f1f8}",
    "\u{1f468}\u{200d}\u{1f469}",
    "𝄞",
    "\u{10ffff}",
];

/// One character or grapheme that is not ASCII: a known awkward one, or any
/// scalar value of 2, 3 or 4 bytes in UTF-8.
pub fn awkward() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::sample::select(AWKWARD).prop_map(str::to_owned),
        1 => prop_oneof![
            prop::char::range('\u{80}', '\u{7ff}'),
            prop::char::range('\u{800}', '\u{d7ff}'),
            prop::char::range('\u{e000}', '\u{ffff}'),
            prop::char::range('\u{10000}', '\u{10ffff}'),
        ]
        .prop_map(String::from),
    ]
    .boxed()
}

/// Text of up to `max` pieces, each ASCII, awkward, or any character.
pub fn text(max: usize) -> BoxedStrategy<String> {
    let piece = prop_oneof![
        2 => "[ -~]{1,3}",
        2 => awkward(),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..=max)
        .prop_map(|pieces| pieces.concat())
        .boxed()
}

/// How [`mutate`] damages a string.
#[derive(Clone, Debug)]
pub struct Edit {
    /// Where, in characters, modulo the length plus one.
    at: usize,
    with: String,
    how: u8,
}

/// A damage to apply with [`mutate`]: one character replaced by a
/// multibyte one, the same but keeping the byte length (the case that
/// fools code which checks a length in bytes and then slices), one
/// inserted, the text cut there and one appended, or one appended.
pub fn edit() -> BoxedStrategy<Edit> {
    (any::<usize>(), awkward(), 0u8..10)
        .prop_map(|(at, with, how)| Edit { at, with, how })
        .boxed()
}

/// `base` with `edit` applied at a character boundary.
pub fn mutate(base: &str, edit: &Edit) -> String {
    let chars: Vec<char> = base.chars().collect();
    let at = edit.at % (chars.len() + 1);
    let (head, tail) = chars.split_at(at);
    let head: String = head.iter().collect();
    let with = &edit.with;
    match edit.how {
        // Replace the character at `at` (or append at the end).
        0..=2 => format!("{head}{with}{}", tail.iter().skip(1).collect::<String>()),
        // Replace as many characters as `with` has bytes, so the text keeps
        // its length in bytes (or the rest, if shorter).
        3..=5 => {
            let mut dropped = 0;
            let rest: String = tail
                .iter()
                .skip_while(|c| {
                    let drop = dropped < with.len();
                    dropped += c.len_utf8();
                    drop
                })
                .collect();
            format!("{head}{with}{rest}")
        }
        6 | 7 => format!("{head}{with}{}", tail.iter().collect::<String>()),
        8 => format!("{head}{with}"),
        _ => format!("{base}{with}"),
    }
}

/// One of `valid` as is (half the time), or with one edit.
pub fn near(valid: &'static [&'static str]) -> BoxedStrategy<String> {
    let sample = prop::sample::select(valid);
    prop_oneof![
        sample.clone().prop_map(str::to_owned),
        (sample, edit()).prop_map(|(base, edit)| mutate(base, &edit)),
    ]
    .boxed()
}

/// `base` as is (half the time), or with one edit.
pub fn near_text(base: BoxedStrategy<String>) -> BoxedStrategy<String> {
    prop_oneof![
        base.clone(),
        (base, edit()).prop_map(|(base, edit)| mutate(&base, &edit)),
    ]
    .boxed()
}

/// A well-formed ISO 8601 date-time as the API writes and reads them, with
/// and without milliseconds, in `Z`, `z` or a `±hh:mm` offset.
pub fn iso_date() -> BoxedStrategy<String> {
    let zone = prop_oneof![
        2 => Just("Z".to_owned()),
        1 => Just("z".to_owned()),
        2 => (any::<bool>(), 0u8..24, 0u8..60)
            .prop_map(|(minus, h, m)| format!("{}{h:02}:{m:02}", if minus { '-' } else { '+' })),
    ];
    let fraction = prop_oneof![
        Just(String::new()),
        (0u16..1000).prop_map(|ms| format!(".{ms:03}")),
        "\\.[0-9]{1,9}",
    ];
    (
        (1970u16..2100, 1u8..13, 1u8..29),
        (0u8..24, 0u8..60, 0u8..61),
        fraction,
        zone,
    )
        .prop_map(|((y, mo, d), (h, mi, s), fraction, zone)| {
            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}{zone}")
        })
        .boxed()
}

/// A date-time: well formed, or with one character replaced by, or one
/// inserted of, a multibyte character at any position (the offset
/// included), or cut, or any text.
pub fn date() -> BoxedStrategy<String> {
    prop_oneof![
        1 => iso_date(),
        4 => (iso_date(), edit()).prop_map(|(base, edit)| mutate(&base, &edit)),
        1 => text(24),
    ]
    .boxed()
}

/// A GUID, lowercase or uppercase, then perhaps damaged with multibyte text.
pub fn guid() -> BoxedStrategy<String> {
    let valid = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    near_text(
        prop_oneof![
            3 => valid.prop_map(|guid: String| guid),
            1 => valid.prop_map(|guid: String| guid.to_uppercase()),
        ]
        .boxed(),
    )
    .boxed()
}

/// A JSON string literal as raw text: plain and awkward characters, simple
/// escapes, `\u` escapes of BMP characters, surrogate pairs
/// (`\uD83D\uDE00`), and unpaired surrogates (`\uD800`, `\uDE00`) that
/// strict decoders refuse.
pub fn json_string_literal() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        3 => "[ !#-\\[\\]-~]{1,4}",
        3 => awkward(),
        1 => prop::sample::select(&[
            "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u0041", "\\u00e9", "\\u20AC", "\\uFEFF",
            "\\uD83D\\uDE00", "\\ud834\\udd1e", "\\uD800", "\\uDE00", "\\uDBFF\\uDFFF",
            "\\uD800\\u0041", "\\u0000", "\\x", "\\u12",
        ][..]).prop_map(str::to_owned),
    ];
    prop::collection::vec(piece, 0..6)
        .prop_map(|pieces| format!("\"{}\"", pieces.concat()))
        .boxed()
}

/// How many string leaves `value` holds (IDs, dates, enums, messages alike).
pub fn count_strings(value: &Value) -> usize {
    match value {
        Value::String(_) => 1,
        Value::Array(items) => items.iter().map(count_strings).sum(),
        Value::Object(map) => map.values().map(count_strings).sum(),
        _ => 0,
    }
}

/// Applies `edit` to the string `*left` strings into `value`.
pub fn edit_string(value: &mut Value, left: &mut usize, edit: &Edit) {
    match value {
        Value::String(text) if *left == 0 => {
            *text = mutate(text, edit);
            *left = usize::MAX;
        }
        Value::String(_) => *left = left.saturating_sub(1),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| edit_string(item, left, edit)),
        Value::Object(map) => map
            .values_mut()
            .for_each(|item| edit_string(item, left, edit)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_work_in_characters() {
        let edit = |at: usize, with: &str, how: u8| Edit {
            at,
            with: with.to_owned(),
            how,
        };
        assert_eq!(mutate("ab", &edit(0, "€", 0)), "€b");
        assert_eq!(mutate("a€b", &edit(1, "😀", 1)), "a😀b");
        assert_eq!(mutate("ab", &edit(2, "é", 0)), "abé");
        // The same length in bytes: "+€00" in place of "+00:00".
        assert_eq!(mutate("+00:00", &edit(1, "€", 3)), "+€00");
        assert_eq!(mutate("+0", &edit(1, "😀", 4)), "+😀");
        assert_eq!(mutate("a€b", &edit(1, "x", 6)), "ax€b");
        assert_eq!(mutate("a€b", &edit(2, "😀", 8)), "a€😀");
        assert_eq!(mutate("a€b", &edit(7, "😀", 9)), "a€b😀");
    }
}
