//! Opaque cursors: base64url of a small JSON (the filter, the sort, the
//! root account, a keyset anchor — the edge item's sort values and creation
//! sequence — a direction, and the field projection, so every page of a walk
//! has the first page's shape) followed by an 8-byte keyed checksum. A
//! keyset anchor means pages never repeat or skip items even when packages
//! are created between pages. Anything undecodable, tampered with or from
//! another account family is `INVALID_CURSOR`.

use super::sort::{Position, SortField, SortKey};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::hash::{Hash, Hasher};

/// Which way a cursor pages from its anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Items after the anchor.
    Next,
    /// Items before the anchor.
    Prev,
}

/// What a cursor carries.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CursorState {
    pub root: String,
    pub filter: Option<Map<String, Value>>,
    pub sort: Vec<SortKey>,
    pub anchor: Position,
    pub direction: Direction,
    /// The projection's fields; `None`: whole packages.
    pub fields: Option<Vec<String>>,
}

#[derive(Serialize, Deserialize)]
struct Wire {
    v: u8,
    r: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    f: Option<Map<String, Value>>,
    s: Vec<(String, bool)>,
    a: Vec<i64>,
    q: usize,
    d: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    p: Option<Vec<String>>,
}

fn checksum(secret: u64, payload: &[u8]) -> [u8; 8] {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    secret.hash(&mut hasher);
    payload.hash(&mut hasher);
    hasher.finish().to_le_bytes()
}

/// Encodes a cursor.
pub(crate) fn encode(secret: u64, state: &CursorState) -> String {
    let wire = Wire {
        v: 1,
        r: state.root.clone(),
        f: state.filter.clone(),
        s: state
            .sort
            .iter()
            .map(|k| (k.field.name().to_owned(), k.descending))
            .collect(),
        a: state.anchor.values.clone(),
        q: state.anchor.seq,
        d: match state.direction {
            Direction::Next => "n".into(),
            Direction::Prev => "p".into(),
        },
        p: state.fields.clone(),
    };
    let mut bytes = serde_json::to_vec(&wire).unwrap_or_default();
    let sum = checksum(secret, &bytes);
    bytes.extend_from_slice(&sum);
    base64url_encode(&bytes)
}

/// Decodes and verifies a cursor; `Err` carries the reason.
pub(crate) fn decode(secret: u64, text: &str) -> Result<CursorState, &'static str> {
    let bytes = base64url_decode(text).ok_or("not a cursor this API issued")?;
    if bytes.len() <= 8 {
        return Err("not a cursor this API issued");
    }
    let (payload, sum) = bytes.split_at(bytes.len() - 8);
    if checksum(secret, payload) != sum {
        return Err("the cursor was altered or comes from another sandbox");
    }
    let wire: Wire = serde_json::from_slice(payload).map_err(|_| "not a cursor this API issued")?;
    if wire.v != 1 {
        return Err("unsupported cursor version");
    }
    let mut sort = Vec::with_capacity(wire.s.len());
    for (name, descending) in &wire.s {
        let field = SortField::from_name(name).ok_or("not a cursor this API issued")?;
        sort.push(SortKey {
            field,
            descending: *descending,
        });
    }
    if sort.is_empty() || wire.a.len() != sort.len() {
        return Err("not a cursor this API issued");
    }
    let direction = match wire.d.as_str() {
        "n" => Direction::Next,
        "p" => Direction::Prev,
        _ => return Err("not a cursor this API issued"),
    };
    if wire
        .p
        .as_deref()
        .is_some_and(|paths| !super::projection::known(paths))
    {
        return Err("not a cursor this API issued");
    }
    Ok(CursorState {
        root: wire.r,
        filter: wire.f,
        sort,
        anchor: Position {
            values: wire.a,
            seq: wire.q,
        },
        direction,
        fields: wire.p,
    })
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub(crate) fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let at = |index: usize| chunk.get(index).copied().unwrap_or(0);
        let b = [at(0), at(1), at(2)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let symbols = chunk.len() + 1;
        for index in 0..symbols {
            let six = (n >> (18 - 6 * index)) & 0x3f;
            out.push(char::from(
                ALPHABET.get(six as usize).copied().unwrap_or(b'A'),
            ));
        }
    }
    out
}

/// Decodes base64url without padding; `None` for anything else.
pub(crate) fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 || text.len() > 16_384 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = ALPHABET.iter().position(|&symbol| symbol == byte)? as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    if buffer != 0 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips() {
        for length in 0..40 {
            let bytes: Vec<u8> = (0..length).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }
        assert_eq!(
            base64url_encode(b"any carnal pleas"),
            "YW55IGNhcm5hbCBwbGVhcw"
        );
        assert_eq!(base64url_decode("a"), None);
        assert_eq!(base64url_decode("ab=c"), None);
    }
}
