//! JSON text written by hand: request bodies, checked answers, errors. The
//! output is byte for byte what `serde_json::to_vec` writes (see the tests),
//! but no serde serializer is instantiated for the `.wasm`.

use serde_json::{Map, Value};

/// Appends `value` as compact JSON.
pub fn write_value(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        // `Number`'s `Display` is serde_json's own number writer.
        Value::Number(number) => out.extend_from_slice(number.to_string().as_bytes()),
        Value::String(text) => write_string(out, text),
        Value::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write_value(out, item);
            }
            out.push(b']');
        }
        Value::Object(map) => write_map(out, map),
    }
}

/// Appends an object's members as compact JSON.
pub fn write_map(out: &mut Vec<u8>, map: &Map<String, Value>) {
    write_map_without(out, map, None);
}

/// Appends an object as compact JSON, without its member `left_out` if any.
pub fn write_map_without(out: &mut Vec<u8>, map: &Map<String, Value>, left_out: Option<&str>) {
    out.push(b'{');
    let members = map.iter().filter(|(key, _)| Some(key.as_str()) != left_out);
    for (index, (key, item)) in members.enumerate() {
        if index > 0 {
            out.push(b',');
        }
        write_string(out, key);
        out.push(b':');
        write_value(out, item);
    }
    out.push(b'}');
}

/// `text` as a JSON string literal: how messages quote untrusted text (a
/// `{:?}` would pull `char::escape_debug` into the `.wasm`).
pub fn quoted(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 2);
    write_string(&mut out, text);
    String::from_utf8(out).unwrap_or_default()
}

/// `text` quoted for a message, cut after 60 characters with `…`: a huge
/// untrusted value never makes a huge message.
pub fn quoted_excerpt(text: &str) -> String {
    let mut shown: String = text.chars().take(60).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    quoted(&shown)
}

/// `{ key: value }`, built directly (the `json!` macro would go through
/// serde's `to_value` serializer for every interpolated expression).
pub fn single(key: &str, value: Value) -> Value {
    let mut map = Map::new();
    map.insert(key.to_owned(), value);
    Value::Object(map)
}

/// The JSON type of `value`, for messages ("found a number").
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Appends a JSON string literal, escaped as serde_json escapes it.
pub fn write_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    for &byte in text.as_bytes() {
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            0x00..=0x1f => {
                out.extend_from_slice(b"\\u00");
                out.push(hex_digit(byte >> 4));
                out.push(hex_digit(byte));
            }
            _ => out.push(byte),
        }
    }
    out.push(b'"');
}

/// The lowercase hex digit of `value`'s low four bits.
fn hex_digit(value: u8) -> u8 {
    match value & 0x0f {
        low @ 0..=9 => b'0' + low,
        high => b'a' + (high - 10),
    }
}

/// A decimal number as `u64::from_str` reads it (an optional `+`, then
/// digits; `None` past `u64::MAX`), for every integer the crate reads from
/// text: one small loop instead of a copy of the standard parser per type.
pub(crate) fn decimal(text: &[u8]) -> Option<u64> {
    let digits = text.strip_prefix(b"+").unwrap_or(text);
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |value, byte| {
        let digit = byte.checked_sub(b'0').filter(|digit| *digit <= 9)?;
        value.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// The written bytes as text. Only whole UTF-8 strings and ASCII are ever
/// written, so this never loses anything.
pub fn into_text(out: Vec<u8>) -> String {
    String::from_utf8(out).unwrap_or_default()
}

/// serde_json's nesting limit: it refuses the 128th nested array or object.
const MAX_DEPTH: usize = 127;

/// A cursor over JSON text for the one-pass readers (answers, creates):
/// checks tokens as serde_json reads them, and gives up (`None`) on what it
/// does not handle, so that the caller falls back on serde_json and a tree.
pub(crate) struct Scan<'a> {
    /// The text.
    pub(crate) bytes: &'a [u8],
    /// The cursor.
    pub(crate) at: usize,
    /// Arrays and objects open at the cursor.
    pub(crate) depth: usize,
}

impl<'a> Scan<'a> {
    /// A cursor at the start of `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Scan {
            bytes,
            at: 0,
            depth: 0,
        }
    }

    /// True when only whitespace is left.
    pub(crate) fn at_end(&mut self) -> bool {
        self.space();
        self.at == self.bytes.len()
    }

    // Inlined: called for nearly every byte, and the build optimises for size.
    #[inline(always)]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    pub(crate) fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Consumes `byte` (after whitespace), or fails.
    pub(crate) fn expect(&mut self, byte: u8) -> Option<()> {
        self.space();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    pub(crate) fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at.checked_add(word.len())?;
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    pub(crate) fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// A string at the cursor (its opening quote): the bytes between the
    /// quotes. Checks what serde_json checks (no raw control characters,
    /// valid UTF-8); a string with an escape is left to serde_json, as
    /// escapes are rare and a decoder of them would be a second place for
    /// mistakes.
    pub(crate) fn string(&mut self) -> Option<&'a [u8]> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.at + 1;
        let rest = self.bytes.get(start..)?;
        let length = rest
            .iter()
            .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)?;
        let raw = rest.get(..length)?;
        if rest.get(length) != Some(&b'"') || !raw.is_ascii() && std::str::from_utf8(raw).is_err() {
            return None;
        }
        self.at = start + length + 1;
        Some(raw)
    }

    /// A number at the cursor, checked as serde_json reads it; its text.
    pub(crate) fn number(&mut self) -> Option<&'a [u8]> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let whole = self.at;
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        // Digits before the point, at least one (`0.5` is below 10^1).
        let magnitude = self.at - whole;
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.some_digits()?;
        }
        // serde_json refuses a number beyond f64 ("number out of range").
        // Below 10^300 is surely finite; a larger one, or any exponent
        // (answers carry counts, requests small numbers), is left to it,
        // which spares the `.wasm` a float parser.
        if magnitude > 300 || matches!(self.peek(), Some(b'e' | b'E')) {
            return None;
        }
        self.bytes.get(start..self.at)
    }

    pub(crate) fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }

    pub(crate) fn some_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.digits();
        (self.at > start).then_some(())
    }
}

// Property tests: native only (proptest has no wasm32 randomness).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn text(value: &Value) -> String {
        let mut out = Vec::new();
        write_value(&mut out, value);
        into_text(out)
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(|f| json!(f)),
            "(\\PC|[\u{0}-\u{1f}\"\\\\\u{7f}])*".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                proptest::collection::btree_map("(\\PC|[\u{0}-\u{1f}\"])*", inner, 0..8)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn matches_serde_json_byte_for_byte(value in json_value()) {
            prop_assert_eq!(text(&value), serde_json::to_string(&value).unwrap_or_default());
        }

        #[test]
        fn decimal_reads_as_u64_from_str_does(text in "[-+]?[0-9]{0,22}|[-+0-9a ]{0,6}|\\PC{0,4}") {
            prop_assert_eq!(decimal(text.as_bytes()), text.parse::<u64>().ok());
        }
    }

    #[test]
    fn decimal_edges_match_u64_from_str() {
        for text in [
            "",
            "+",
            "-",
            "0",
            "+0",
            "-0",
            "++1",
            "1+",
            " 1",
            "18446744073709551615",
            "18446744073709551616",
            "000000000000000000000000001",
            "٣",
        ] {
            assert_eq!(
                decimal(text.as_bytes()),
                text.parse::<u64>().ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn escapes_like_serde_json() {
        let every_control: String = (0u8..0x20).map(char::from).collect();
        for sample in [every_control.as_str(), "\"\\/\u{7f}é😀", ""] {
            let value = Value::String(sample.to_owned());
            assert_eq!(
                text(&value),
                serde_json::to_string(&value).unwrap_or_default()
            );
        }
        let numbers = json!([0, -1, u64::MAX, i64::MIN, 1.5, 1e300, -0.0, 5e-324]);
        assert_eq!(
            text(&numbers),
            serde_json::to_string(&numbers).unwrap_or_default()
        );
    }
}
