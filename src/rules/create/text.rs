//! Create Package bodies that are certainly valid, told in one pass over
//! their JSON text: a 1000-product request is 160 KB, and reading it into a
//! `Value` tree (and dropping the tree) cost several times the rules.
//!
//! The pass says "valid" or "not sure", never "invalid": anything it does
//! not follow (a broken rule, an escape, a nested unknown member, a `null`
//! key, a member given twice, the rare `discountCode` and
//! `referenceProductInstanceId`) is left to [`super::super::validate_create_package`]
//! over a tree, which finds and words the violations. So it must never call
//! valid what those rules refuse; the property tests check it against them.

use super::super::assigned::Assigned;
use super::super::countries::is_country_code;
use super::super::fields::guid_bits;
use super::super::{CreateVersion, MAX_CYCLE_COUNT, MAX_PRODUCTS};
use crate::json_text::Scan;
use crate::model::IntervalUnit;

/// What the client needs from a body that passed.
#[derive(Debug, Default, PartialEq)]
pub struct CreateFacts {
    /// Its `externalId`, if given.
    pub external_id: Option<String>,
    /// Its `idempotencyKey`, if given.
    pub idempotency_key: Option<String>,
    /// Every product asked for, in order: what a reconciled package must hold.
    pub products: Vec<super::super::ProductKey>,
}

/// The facts of a Create Package body when it certainly breaks no rule
/// (the rules' contract: it then decodes as `CreatePackageRequest`), else
/// `None`.
pub fn valid_create_text(text: &str, version: CreateVersion) -> Option<CreateFacts> {
    let mut scan = Scan::new(text.as_bytes());
    let mut facts = CreateFacts::default();
    let mut products = false;
    // The map type of the rules' own duplicate check: one copy of its code.
    let mut pairs = Assigned::default();
    let mut seen = 0u8;
    members(&mut scan, &mut |scan, key| {
        let bit = match key {
            b"idempotencyKey" => 1,
            b"externalId" => 2,
            b"products" => 4,
            _ => return unknown(scan),
        };
        once(&mut seen, bit)?;
        match bit {
            // A `null` key (none) is left to the tree: see `api::Call`.
            1 => facts.idempotency_key = Some(key_text(scan)?),
            2 if null(scan) => facts.external_id = None,
            2 => facts.external_id = Some(key_text(scan)?),
            _ => {
                let asked = &mut facts.products;
                let count = list(scan, MAX_PRODUCTS, &mut |scan| {
                    asked.push(product(scan, version, &mut pairs)?);
                    Some(())
                })?;
                products = count >= 1;
            }
        }
        Some(())
    })?;
    (products && scan.at_end()).then_some(facts)
}

/// Records that the member `bit` was seen; a second time is not followed.
fn once(seen: &mut u8, bit: u8) -> Option<()> {
    let first = *seen & bit == 0;
    *seen |= bit;
    first.then_some(())
}

/// A member reader: the value at the cursor, after the member's name.
type Member<'f> = dyn FnMut(&mut Scan<'_>, &[u8]) -> Option<()> + 'f;

/// An object at the cursor: `member` reads each value. (`dyn`, not
/// generic: one copy of this loop in the `.wasm`.)
fn members(scan: &mut Scan<'_>, member: &mut Member<'_>) -> Option<()> {
    scan.expect(b'{')?;
    scan.space();
    if scan.peek()? == b'}' {
        scan.at += 1;
        return Some(());
    }
    loop {
        scan.space();
        let key = scan.string()?;
        scan.expect(b':')?;
        scan.space();
        member(scan, key)?;
        scan.space();
        match scan.peek()? {
            b',' => scan.at += 1,
            b'}' => {
                scan.at += 1;
                return Some(());
            }
            _ => return None,
        }
    }
}

/// An array at the cursor of at most `most` elements; `item` reads each
/// element. Its length; `None` as soon as it is longer, so a million
/// products are not scanned to learn they are too many.
fn list(
    scan: &mut Scan<'_>,
    most: usize,
    item: &mut dyn FnMut(&mut Scan<'_>) -> Option<()>,
) -> Option<usize> {
    scan.expect(b'[')?;
    scan.space();
    let mut count = 0;
    if scan.peek()? == b']' {
        scan.at += 1;
        return Some(count);
    }
    loop {
        scan.space();
        if count == most {
            return None;
        }
        item(scan)?;
        count += 1;
        scan.space();
        match scan.peek()? {
            b',' => scan.at += 1,
            b']' => {
                scan.at += 1;
                return Some(count);
            }
            _ => return None,
        }
    }
}

/// A member the rules ignore: a string, number or literal is skipped; an
/// array or object (rare in a create) is not followed.
fn unknown(scan: &mut Scan<'_>) -> Option<()> {
    match scan.peek()? {
        b'"' => scan.string().map(drop),
        b't' => scan.literal(b"true"),
        b'f' => scan.literal(b"false"),
        b'n' => scan.literal(b"null"),
        _ => scan.number().map(drop),
    }
}

/// True after a `null` at the cursor (an absent optional member), which it
/// consumes.
fn null(scan: &mut Scan<'_>) -> bool {
    scan.peek() == Some(b'n') && scan.literal(b"null").is_some()
}

/// A string as text (the scan has checked its UTF-8).
fn text<'a>(scan: &mut Scan<'a>) -> Option<&'a str> {
    std::str::from_utf8(scan.string()?).ok()
}

#[inline(never)]
/// An `externalId` or `idempotencyKey` within `KEY_TEXT`: 1 to 100
/// characters without control characters, here printable ASCII only.
fn key_text(scan: &mut Scan<'_>) -> Option<String> {
    let key = text(scan)?;
    let printable = key.bytes().all(|byte| (0x20..0x7f).contains(&byte));
    (printable && (1..=super::super::MAX_IDEMPOTENCY_KEY_LENGTH).contains(&key.len()))
        .then(|| key.to_owned())
}

/// A GUID's bits.
fn guid(scan: &mut Scan<'_>) -> Option<u128> {
    guid_bits(text(scan)?)
}

/// One product, as its `(catalogProductId, siteId)`; a site assignment
/// must be the first of its pair.
fn product(
    scan: &mut Scan<'_>,
    version: CreateVersion,
    pairs: &mut Assigned,
) -> Option<super::super::ProductKey> {
    let mut seen = 0u8;
    let mut catalog = None;
    let mut site = None;
    let mut country = false;
    members(scan, &mut |scan, key| {
        let bit = match key {
            b"catalogProductId" => 1,
            b"countryCode" => 2,
            b"siteId" => 4,
            b"billingInfo" => 8,
            // Rare in creates: left to the rules (`discountCode`,
            // `referenceProductInstanceId`).
            b"discountCode" | b"referenceProductInstanceId" => return None,
            _ => return unknown(scan),
        };
        once(&mut seen, bit)?;
        if bit == 1 {
            catalog = Some(guid(scan)?);
        } else if null(scan) {
            // Absent: fine, but for V2's country code (checked below).
        } else {
            match bit {
                2 => country = is_country_code(text(scan)?).then_some(true)?,
                4 => site = Some(guid(scan)?),
                _ => billing_info(scan)?,
            }
        }
        Some(())
    })?;
    let catalog = catalog?;
    if version == CreateVersion::V2 && !country {
        return None;
    }
    match site {
        Some(site) => pairs
            .first((site, catalog), 0)
            .is_none()
            .then_some((catalog, Some(site))),
        None => Some((catalog, None)),
    }
}

/// A `billingInfo` object: a known type; a duration exactly when RECURRING.
fn billing_info(scan: &mut Scan<'_>) -> Option<()> {
    let mut seen = 0u8;
    let mut recurring = None;
    let mut duration = false;
    members(scan, &mut |scan, key| {
        let bit = match key {
            b"type" => 1,
            b"cycleDuration" => 2,
            _ => return unknown(scan),
        };
        once(&mut seen, bit)?;
        if bit == 1 {
            recurring = Some(match text(scan)? {
                "RECURRING" => true,
                "ONE_TIME" => false,
                _ => return None,
            });
        } else if null(scan) {
            duration = false;
        } else {
            cycle_duration(scan)?;
            duration = true;
        }
        Some(())
    })?;
    (recurring? == duration).then_some(())
}

/// A `cycleDuration` object: a known unit, and a count of 1 to 1000 if any.
fn cycle_duration(scan: &mut Scan<'_>) -> Option<()> {
    let mut seen = 0u8;
    members(scan, &mut |scan, key| {
        let bit = match key {
            b"unit" => 1,
            b"count" => 2,
            _ => return unknown(scan),
        };
        once(&mut seen, bit)?;
        if bit == 1 {
            let unit = text(scan)?;
            (unit != "UNKNOWN" && IntervalUnit::KNOWN.contains(&unit)).then_some(())
        } else {
            // Digits only: `1.0` or `-1` is not a whole number to serde.
            let digits = scan.number()?;
            if digits.len() > 4 || !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let count = digits
                .iter()
                .fold(0u64, |count, digit| count * 10 + u64::from(digit - b'0'));
            (1..=MAX_CYCLE_COUNT).contains(&count).then_some(())
        }
    })?;
    (seen & 1 != 0).then_some(())
}
