//! The rules of Create Package over the body's JSON text, in one pass: a
//! 1000-product request is 160 KB, and reading it into a `Value` tree (and
//! dropping the tree) costs several times the rules (`benches/rules.rs`).
//!
//! The pass says "valid" or "not sure", never "invalid": it asks the
//! table's checks (`super`) about each value, and anything it does not
//! follow (a broken rule, an escape, any member no model type has (the
//! client refuses those: `known.rs`), a `null` key,
//! a member given twice, a value of another JSON type, the rare
//! `discountCode` and `referenceProductInstanceId`) is left to
//! [`super::tree`], which finds and words the violations. The property
//! tests check that it never passes what the tree refuses.

use super::super::assigned::Assigned;
use super::super::cycle::{count_ok, duration_ok, type_ok, unit_ok};
use super::super::fields::{guid_ref, text_problem, KEY_TEXT};
use super::super::limits::MAX_PRODUCTS;
use super::{assigned_before, catalog_product, country_ok, products_ok};
use super::{CreateVersion, ProductKey};
use crate::json_text::Scan;

/// What the client needs from a body that passed.
#[derive(Debug, Default, PartialEq)]
pub struct CreateFacts {
    /// Its `externalId`, if given.
    pub external_id: Option<String>,
    /// Its `idempotencyKey`, if given.
    pub idempotency_key: Option<String>,
    /// Every product asked for, in order: what a reconciled package must hold.
    pub products: Vec<ProductKey>,
}

/// The facts of a Create Package body when it certainly breaks no rule
/// (the rules' contract: it then decodes as `CreatePackageRequest`), else
/// `None`.
pub fn valid_create_text(text: &str, version: CreateVersion) -> Option<CreateFacts> {
    let mut scan = Scan::new(text.as_bytes());
    let mut facts = CreateFacts::default();
    let mut count = None;
    // The map of the rules' own duplicate check: one copy of its code.
    let mut pairs = Assigned::default();
    let mut seen = 0u8;
    members(&mut scan, &mut |scan, key| {
        let bit = match key {
            b"idempotencyKey" => 1,
            b"externalId" => 2,
            b"products" => 4,
            _ => return None,
        };
        once(&mut seen, bit)?;
        match bit {
            // A `null` key (none) is left to the tree: see `api::Call`.
            1 => facts.idempotency_key = Some(key_text(scan)?),
            2 if null(scan) => facts.external_id = None,
            2 => facts.external_id = Some(key_text(scan)?),
            // `null` is left to the tree, which finds `products` required.
            _ => {
                let asked = &mut facts.products;
                // Stops past the limit: a million products are not scanned
                // to learn that they are too many.
                count = Some(list(scan, MAX_PRODUCTS, &mut |scan| {
                    let index = asked.len();
                    asked.push(product(scan, version, &mut pairs, index)?);
                    Some(())
                })?);
            }
        }
        Some(())
    })?;
    (products_ok(count) && scan.at_end()).then_some(facts)
}

/// Records that the member `bit` was seen; a second time is not followed
/// (serde would keep the last).
fn once(seen: &mut u8, bit: u8) -> Option<()> {
    let first = *seen & bit == 0;
    *seen |= bit;
    first.then_some(())
}

/// A member reader: the value at the cursor, after the member's name.
type Member<'a, 'f> = dyn FnMut(&mut Scan<'a>, &[u8]) -> Option<()> + 'f;

/// An object at the cursor: `member` reads each value. (`dyn`, not
/// generic: one copy of this loop in the `.wasm`.)
fn members<'a>(scan: &mut Scan<'a>, member: &mut Member<'a, '_>) -> Option<()> {
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
/// element. Its length; `None` as soon as it is longer.
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

/// True after a `null` at the cursor (an absent optional member), which it
/// consumes.
fn null(scan: &mut Scan<'_>) -> bool {
    scan.peek() == Some(b'n') && scan.literal(b"null").is_some()
}

/// A string as text (the scan has checked its UTF-8).
fn text<'a>(scan: &mut Scan<'a>) -> Option<&'a str> {
    std::str::from_utf8(scan.string()?).ok()
}

/// An `externalId` or `idempotencyKey` that keeps its rule.
#[inline(never)]
fn key_text(scan: &mut Scan<'_>) -> Option<String> {
    let key = text(scan)?;
    text_problem(key, KEY_TEXT)
        .is_none()
        .then(|| key.to_owned())
}

/// A number written with digits only, as its value; `None` for a sign, a
/// fraction or more than `u64` holds (serde reads those as other numbers).
fn whole(scan: &mut Scan<'_>) -> Option<u64> {
    scan.number()?.iter().try_fold(0u64, |value, digit| {
        let digit = digit.is_ascii_digit().then(|| u64::from(digit - b'0'))?;
        value.checked_mul(10)?.checked_add(digit)
    })
}

/// One product, at `index`, as its `(catalogProductId, siteId)`.
fn product<'a>(
    scan: &mut Scan<'a>,
    version: CreateVersion,
    pairs: &mut Assigned,
    index: usize,
) -> Option<ProductKey> {
    let mut seen = 0u8;
    let mut catalog = None;
    let mut country = None;
    let mut site = None;
    members(scan, &mut |scan, key| {
        let bit = match key {
            b"catalogProductId" => 1,
            b"countryCode" => 2,
            b"siteId" => 4,
            b"billingInfo" => 8,
            // Rare in creates: left to the tree (`discountCode`,
            // `referenceProductInstanceId`).
            b"discountCode" | b"referenceProductInstanceId" => return None,
            _ => return None,
        };
        once(&mut seen, bit)?;
        if bit == 1 {
            catalog = Some(text(scan)?);
        } else if null(scan) {
            // Absent, as serde reads an `Option`.
        } else {
            match bit {
                2 => country = Some(text(scan)?),
                4 => site = Some(guid_ref(text(scan)?)?),
                _ => billing_info(scan)?,
            }
        }
        Some(())
    })?;
    let catalog = catalog_product(catalog)?;
    if !country_ok(country, version) {
        return None;
    }
    if let Some(site) = site {
        if assigned_before(pairs, index, site, catalog).is_some() {
            return None;
        }
    }
    Some((catalog.bits, site.map(|site| site.bits)))
}

/// A `billingInfo` object.
fn billing_info(scan: &mut Scan<'_>) -> Option<()> {
    let mut seen = 0u8;
    let mut cycle_type = None;
    let mut duration = false;
    members(scan, &mut |scan, key| {
        let bit = match key {
            b"type" => 1,
            b"cycleDuration" => 2,
            _ => return None,
        };
        once(&mut seen, bit)?;
        if bit == 1 {
            cycle_type = Some(text(scan)?);
        } else if !null(scan) {
            cycle_duration(scan)?;
            duration = true;
        }
        Some(())
    })?;
    let cycle_type = cycle_type.filter(|cycle_type| type_ok(Some(cycle_type)))?;
    duration_ok(cycle_type, duration).then_some(())
}

/// A `cycleDuration` object.
fn cycle_duration(scan: &mut Scan<'_>) -> Option<()> {
    let mut seen = 0u8;
    let mut unit = None;
    members(scan, &mut |scan, key| {
        let bit = match key {
            b"unit" => 1,
            b"count" => 2,
            _ => return None,
        };
        once(&mut seen, bit)?;
        if bit == 1 {
            unit = Some(text(scan)?);
            Some(())
        } else {
            // `null` is no count (it does not decode), and not a number.
            count_ok(Some(whole(scan)?)).then_some(())
        }
    })?;
    unit_ok(unit).then_some(())
}
