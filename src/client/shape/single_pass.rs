//! The shape check and canonical text of an answer in one pass over its
//! bytes, with no `Value` tree: a 1000-instance answer is 300 KB, and
//! building, walking and dropping a tree of it cost more than the rest of a
//! call together.
//!
//! The pass only ever says "this is the canonical text" or "not sure". It
//! gives up on anything the tree walker ([`super::canonical`]) would refuse,
//! and on a few things it would accept but that answers do not do (known
//! fields out of the model's order or given twice, a string with an
//! escape, a number with an exponent or above 10^300); the
//! caller then runs the tree walker, which decides and words the reason.
//! So the pass must never accept what serde_json plus the walker refuse, and
//! must write exactly their text when it accepts: the property tests check
//! both against the walker.

use super::{Field, Need, Shape, Ty};
use crate::model::is_guid;

/// serde_json's nesting limit: it refuses the 128th nested array or object.
const MAX_DEPTH: usize = 127;

/// The canonical text of `body` as an answer of `shape`, or `None` when the
/// walker must decide (see the module comment).
pub(crate) fn canonical_text(body: &[u8], shape: Shape) -> Option<String> {
    let mut scan = Scan {
        bytes: body,
        at: 0,
        depth: 0,
    };
    let mut out = Vec::with_capacity(body.len());
    scan.space();
    scan.object(shape, &mut out)?;
    scan.space();
    if scan.at != body.len() {
        return None;
    }
    String::from_utf8(out).ok()
}

struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Consumes `byte` (after whitespace), or fails.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.space();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at.checked_add(word.len())?;
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// A string at the cursor (its opening quote): the bytes between the
    /// quotes. Checks what serde_json checks (no raw control characters,
    /// valid UTF-8); a string with an escape is left to the walker, as
    /// answers rarely have one and a decoder of them would be a second
    /// place for mistakes.
    fn string(&mut self) -> Option<&[u8]> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.at + 1;
        let mut at = start;
        let mut wide = false;
        loop {
            match *self.bytes.get(at)? {
                b'"' => break,
                b'\\' | 0x00..=0x1f => return None,
                0x80.. => wide = true,
                _ => {}
            }
            at += 1;
        }
        let raw = self.bytes.get(start..at)?;
        if wide {
            std::str::from_utf8(raw).ok()?;
        }
        self.at = at + 1;
        Some(raw)
    }

    /// Writes the string at the cursor as its canonical JSON literal: as it
    /// is, since it holds no quote, backslash or control character.
    fn text(&mut self, out: &mut Vec<u8>) -> Option<()> {
        let raw = self.string()?;
        out.push(b'"');
        out.extend_from_slice(raw);
        out.push(b'"');
        Some(())
    }

    /// A number at the cursor, checked as serde_json reads it; its text.
    fn number(&mut self) -> Option<&[u8]> {
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
        // (answers carry counts), is left to it, which spares the `.wasm` a
        // float parser.
        if magnitude > 300 || matches!(self.peek(), Some(b'e' | b'E')) {
            return None;
        }
        self.bytes.get(start..self.at)
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }

    fn some_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.digits();
        (self.at > start).then_some(())
    }

    /// Checks any JSON value at the cursor (after whitespace) and skips it
    /// (`out` is only lent to an object, read as one of no known fields).
    fn skip(&mut self, out: &mut Vec<u8>) -> Option<()> {
        self.space();
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' => {
                let mark = out.len();
                self.object(&[], out)?;
                out.truncate(mark);
                Some(())
            }
            b'[' => {
                self.enter()?;
                self.at += 1;
                self.space();
                if self.peek()? == b']' {
                    self.at += 1;
                } else {
                    loop {
                        self.skip(out)?;
                        self.space();
                        match self.peek()? {
                            b',' => self.at += 1,
                            b']' => {
                                self.at += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
                self.depth -= 1;
                Some(())
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number().map(drop),
        }
    }

    /// An object of `shape` at the cursor (after whitespace), written in the
    /// shape's order. Its known fields must come in that order, each once
    /// (as the model serialises them); anything else is left to the walker.
    fn object(&mut self, shape: Shape, out: &mut Vec<u8>) -> Option<()> {
        self.expect(b'{')?;
        self.enter()?;
        out.push(b'{');
        let first = out.len();
        // The shape's fields before `next` are done.
        let mut next = 0;
        self.space();
        if self.peek()? == b'}' {
            self.at += 1;
        } else {
            loop {
                self.space();
                let key = self.string()?;
                let known = shape.iter().position(|field| field.name.as_bytes() == key);
                self.expect(b':')?;
                match known {
                    None => self.skip(out)?,
                    Some(index) if index >= next => {
                        let field = shape.get(index)?;
                        fill(shape.get(next..index)?, first, out)?;
                        next = index + 1;
                        self.space();
                        if self.peek()? == b'n' {
                            // `null` is "none" for an optional field only.
                            self.literal(b"null")?;
                            if !matches!(field.need, Need::Optional) {
                                return None;
                            }
                        } else {
                            name(field, first, out);
                            self.item(&field.ty, out)?;
                        }
                    }
                    // Out of order or given twice.
                    Some(_) => return None,
                }
                self.space();
                match self.peek()? {
                    b',' => self.at += 1,
                    b'}' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        fill(shape.get(next..)?, first, out)?;
        out.push(b'}');
        Some(())
    }

    /// A value of type `ty` at the cursor (after whitespace), written.
    fn item(&mut self, ty: &Ty, out: &mut Vec<u8>) -> Option<()> {
        self.space();
        match ty {
            Ty::Text => self.text(out),
            Ty::Guid => {
                let start = self.at;
                self.text(out)?;
                let raw = self.bytes.get(start + 1..self.at - 1)?;
                is_guid(std::str::from_utf8(raw).ok()?).then_some(())
            }
            Ty::Count => {
                let text = self.number()?;
                // Digits only (no sign, fraction or exponent), at most u32::MAX;
                // JSON has no leading zeros, so the text is already canonical.
                if text.is_empty() || text.len() > 10 || !text.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                let value = text
                    .iter()
                    .fold(0u64, |value, digit| value * 10 + u64::from(digit - b'0'));
                if value > u64::from(u32::MAX) {
                    return None;
                }
                out.extend_from_slice(text);
                Some(())
            }
            Ty::Flag => {
                let start = self.at;
                self.literal(if self.peek()? == b't' {
                    b"true"
                } else {
                    b"false"
                })?;
                out.extend_from_slice(self.bytes.get(start..self.at)?);
                Some(())
            }
            Ty::Object(shape) => self.object(shape, out),
            Ty::List(of) => {
                self.expect(b'[')?;
                self.enter()?;
                out.push(b'[');
                self.space();
                if self.peek()? == b']' {
                    self.at += 1;
                } else {
                    loop {
                        self.item(of, out)?;
                        self.space();
                        match self.peek()? {
                            b',' => {
                                self.at += 1;
                                out.push(b',');
                            }
                            b']' => {
                                self.at += 1;
                                break;
                            }
                            _ => return None,
                        }
                    }
                }
                self.depth -= 1;
                out.push(b']');
                Some(())
            }
        }
    }
}

/// Writes `"name":`, after a comma unless it is the object's first field
/// (whose text starts at `first`).
fn name(field: &Field, first: usize, out: &mut Vec<u8>) {
    if out.len() > first {
        out.push(b',');
    }
    out.push(b'"');
    out.extend_from_slice(field.name.as_bytes());
    out.extend_from_slice(b"\":");
}

/// Fields the answer left out: a default is written, a required one fails.
fn fill(fields: &[Field], first: usize, out: &mut Vec<u8>) -> Option<()> {
    for field in fields {
        match field.need {
            Need::Required => return None,
            Need::Optional => {}
            Need::Default(json) => {
                name(field, first, out);
                out.extend_from_slice(json.as_bytes());
            }
        }
    }
    Some(())
}
