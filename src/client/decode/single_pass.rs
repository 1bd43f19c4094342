//! The shape check and canonical text of an answer in one pass over its
//! bytes, with no `Value` tree: a 1000-instance answer is 300 KB, and
//! building, walking and dropping a tree of it cost more than the rest of a
//! call together.
//!
//! The pass only ever says "this is the canonical text" or "not sure". It
//! gives up on anything the tree walker ([`super::walker::canonical`]) would refuse,
//! and on a few things it would accept but that answers do not do (known
//! fields out of the model's order or given twice, a string with an
//! escape, a number with an exponent or above 10^300); the
//! caller then runs the tree walker, which decides and words the reason.
//! So the pass must never accept what serde_json plus the walker refuse, and
//! must write exactly their text when it accepts: the property tests check
//! both against the walker.

use super::shape::{name, Field, Need, Shape, Ty};
use crate::json_text::Scan;
use crate::model::is_guid;

/// The canonical text of `body` as an answer of `shape`, or `None` when the
/// walker must decide (see the module comment).
pub(crate) fn canonical_text(body: &[u8], shape: Shape) -> Option<String> {
    let mut scan = Scan::new(body);
    let mut out = Vec::with_capacity(body.len());
    scan.object(shape, false, &mut out)?;
    if !scan.at_end() {
        return None;
    }
    String::from_utf8(out).ok()
}

impl Scan<'_> {
    /// Writes the string at the cursor as its canonical JSON literal: as it
    /// is, since it holds no quote, backslash or control character.
    fn text(&mut self, out: &mut Vec<u8>) -> Option<()> {
        let raw = self.string()?;
        out.push(b'"');
        out.extend_from_slice(raw);
        out.push(b'"');
        Some(())
    }

    /// Checks any JSON value at the cursor (after whitespace) and skips it
    /// (`out` is only lent to an object, read as one of no known fields).
    fn skip(&mut self, out: &mut Vec<u8>) -> Option<()> {
        self.space();
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' => {
                let mark = out.len();
                self.object(&[], false, out)?;
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
    /// `partial` (inside a [`Ty::Partial`]): every field is optional.
    fn object(&mut self, shape: Shape, partial: bool, out: &mut Vec<u8>) -> Option<()> {
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
                        fill(shape.get(next..index)?, partial, first, out)?;
                        next = index + 1;
                        self.space();
                        if self.peek()? == b'n' {
                            // `null` is "none" for an optional field only.
                            self.literal(b"null")?;
                            if !partial && !matches!(field.need, Need::Optional) {
                                return None;
                            }
                        } else {
                            name(field, first, out);
                            self.item(&field.ty, partial, out)?;
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
        fill(shape.get(next..)?, partial, first, out)?;
        out.push(b'}');
        Some(())
    }

    /// A value of type `ty` at the cursor (after whitespace), written.
    fn item(&mut self, ty: &Ty, partial: bool, out: &mut Vec<u8>) -> Option<()> {
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
            Ty::Object(shape) => self.object(shape, partial, out),
            Ty::Partial(shape) => self.object(shape, true, out),
            Ty::List(of) => {
                self.expect(b'[')?;
                self.enter()?;
                out.push(b'[');
                self.space();
                if self.peek()? == b']' {
                    self.at += 1;
                } else {
                    loop {
                        self.item(of, partial, out)?;
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

/// Fields the answer left out: a default is written, a required one fails;
/// `partial`: every field is optional, so nothing is written.
fn fill(fields: &[Field], partial: bool, first: usize, out: &mut Vec<u8>) -> Option<()> {
    if partial {
        return Some(());
    }
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
