//! ISO 3166-1 alpha-2 country codes: the officially assigned list, so that
//! `countryCode` is checked against real countries rather than the shape
//! "two letters" (`ZZ`, `XX`, `UK` and `EU` have that shape and are not codes).

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted so a reader
/// can check them against the standard.
///
/// Checked against the tz database's `iso3166.tab` (ISO/TC 46 N1108, 2023-04-05).
const ASSIGNED: [[u8; 2]; 249] = [
    *b"AD", *b"AE", *b"AF", *b"AG", *b"AI", *b"AL", *b"AM", *b"AO", *b"AQ", *b"AR", *b"AS", *b"AT",
    *b"AU", *b"AW", *b"AX", *b"AZ", *b"BA", *b"BB", *b"BD", *b"BE", *b"BF", *b"BG", *b"BH", *b"BI",
    *b"BJ", *b"BL", *b"BM", *b"BN", *b"BO", *b"BQ", *b"BR", *b"BS", *b"BT", *b"BV", *b"BW", *b"BY",
    *b"BZ", *b"CA", *b"CC", *b"CD", *b"CF", *b"CG", *b"CH", *b"CI", *b"CK", *b"CL", *b"CM", *b"CN",
    *b"CO", *b"CR", *b"CU", *b"CV", *b"CW", *b"CX", *b"CY", *b"CZ", *b"DE", *b"DJ", *b"DK", *b"DM",
    *b"DO", *b"DZ", *b"EC", *b"EE", *b"EG", *b"EH", *b"ER", *b"ES", *b"ET", *b"FI", *b"FJ", *b"FK",
    *b"FM", *b"FO", *b"FR", *b"GA", *b"GB", *b"GD", *b"GE", *b"GF", *b"GG", *b"GH", *b"GI", *b"GL",
    *b"GM", *b"GN", *b"GP", *b"GQ", *b"GR", *b"GS", *b"GT", *b"GU", *b"GW", *b"GY", *b"HK", *b"HM",
    *b"HN", *b"HR", *b"HT", *b"HU", *b"ID", *b"IE", *b"IL", *b"IM", *b"IN", *b"IO", *b"IQ", *b"IR",
    *b"IS", *b"IT", *b"JE", *b"JM", *b"JO", *b"JP", *b"KE", *b"KG", *b"KH", *b"KI", *b"KM", *b"KN",
    *b"KP", *b"KR", *b"KW", *b"KY", *b"KZ", *b"LA", *b"LB", *b"LC", *b"LI", *b"LK", *b"LR", *b"LS",
    *b"LT", *b"LU", *b"LV", *b"LY", *b"MA", *b"MC", *b"MD", *b"ME", *b"MF", *b"MG", *b"MH", *b"MK",
    *b"ML", *b"MM", *b"MN", *b"MO", *b"MP", *b"MQ", *b"MR", *b"MS", *b"MT", *b"MU", *b"MV", *b"MW",
    *b"MX", *b"MY", *b"MZ", *b"NA", *b"NC", *b"NE", *b"NF", *b"NG", *b"NI", *b"NL", *b"NO", *b"NP",
    *b"NR", *b"NU", *b"NZ", *b"OM", *b"PA", *b"PE", *b"PF", *b"PG", *b"PH", *b"PK", *b"PL", *b"PM",
    *b"PN", *b"PR", *b"PS", *b"PT", *b"PW", *b"PY", *b"QA", *b"RE", *b"RO", *b"RS", *b"RU", *b"RW",
    *b"SA", *b"SB", *b"SC", *b"SD", *b"SE", *b"SG", *b"SH", *b"SI", *b"SJ", *b"SK", *b"SL", *b"SM",
    *b"SN", *b"SO", *b"SR", *b"SS", *b"ST", *b"SV", *b"SX", *b"SY", *b"SZ", *b"TC", *b"TD", *b"TF",
    *b"TG", *b"TH", *b"TJ", *b"TK", *b"TL", *b"TM", *b"TN", *b"TO", *b"TR", *b"TT", *b"TV", *b"TW",
    *b"TZ", *b"UA", *b"UG", *b"UM", *b"US", *b"UY", *b"UZ", *b"VA", *b"VC", *b"VE", *b"VG", *b"VI",
    *b"VN", *b"VU", *b"WF", *b"WS", *b"YE", *b"YT", *b"ZA", *b"ZM", *b"ZW",
];

/// The list as a 26 × 26 bitmap (bit `first * 26 + second`), built from
/// [`ASSIGNED`] at compile time, so a lookup is one shift and one mask.
// Evaluated by the compiler: an index out of range fails the build, never a call.
#[allow(clippy::indexing_slicing)]
const ASSIGNED_BITS: [u64; 11] = {
    let mut bits = [0u64; 11];
    let mut index = 0;
    while index < ASSIGNED.len() {
        let [first, second] = ASSIGNED[index];
        let bit = (first - b'A') as usize * 26 + (second - b'A') as usize;
        bits[bit / 64] |= 1 << (bit % 64);
        index += 1;
    }
    bits
};

/// True when `code` is an assigned ISO 3166-1 alpha-2 code, in uppercase.
///
/// ```
/// use wix_resellers::rules::is_country_code;
/// assert!(is_country_code("GB"));
/// assert!(!is_country_code("UK"));
/// assert!(!is_country_code("gb"));
/// ```
pub fn is_country_code(code: &str) -> bool {
    match code.as_bytes() {
        [first @ b'A'..=b'Z', second @ b'A'..=b'Z'] => {
            let bit = usize::from(first - b'A') * 26 + usize::from(second - b'A');
            ASSIGNED_BITS
                .get(bit / 64)
                .is_some_and(|word| word & (1 << (bit % 64)) != 0)
        }
        _ => false,
    }
}

/// Why a code that is not assigned was probably sent, and what to send
/// instead; `None` when there is nothing more specific to say than "not a code".
pub(super) fn hint(code: &str) -> Option<String> {
    // Every hint is about a code of two or three characters; a long input
    // would only be copied for nothing.
    if code.len() > 3 {
        return None;
    }
    let upper = code.to_ascii_uppercase();
    if upper != code && is_country_code(&upper) {
        return Some(format!("codes are uppercase: use \"{upper}\""));
    }
    let hint = match upper.as_str() {
        "UK" => "the United Kingdom is \"GB\"",
        "EU" => "the European Union is not a country; give the customer's country",
        "EL" => "Greece is \"GR\"",
        "XK" => "\"XK\" (Kosovo) is a user-assigned code, not an official one",
        "ZZ" | "XX" | "AA" | "QM" | "QZ" => "this is a user-assigned placeholder, not a country",
        _ if upper.len() == 3 => "use the two-letter (alpha-2) code, not the three-letter one",
        _ => return None,
    };
    Some(hint.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_has_no_duplicates() {
        assert!(ASSIGNED.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn every_code_is_two_uppercase_letters() {
        assert!(ASSIGNED
            .iter()
            .all(|code| code.iter().all(u8::is_ascii_uppercase)));
    }

    #[test]
    fn the_bitmap_holds_exactly_the_list() {
        for first in b'A'..=b'Z' {
            for second in b'A'..=b'Z' {
                let code = [first, second];
                let text = std::str::from_utf8(&code).unwrap_or_default();
                assert_eq!(is_country_code(text), ASSIGNED.contains(&code), "{text}");
            }
        }
    }

    #[test]
    fn gb_is_a_country_code() {
        assert!(is_country_code("GB"));
    }

    #[test]
    fn the_reference_examples_are_country_codes() {
        assert!(is_country_code("BR"));
        assert!(is_country_code("IN"));
        assert!(is_country_code("US"));
    }

    #[test]
    fn reserved_and_user_assigned_codes_are_not_country_codes() {
        for code in ["UK", "EU", "ZZ", "XX", "XK", "AA", "EL", "UN"] {
            assert!(!is_country_code(code), "{code} accepted");
        }
    }

    #[test]
    fn lowercase_and_wrong_lengths_are_not_country_codes() {
        for code in ["gb", "Gb", "G", "GBR", "", "G\u{0}", "ÄÖ"] {
            assert!(!is_country_code(code), "{code:?} accepted");
        }
    }

    #[test]
    fn lowercase_codes_get_an_uppercase_hint() {
        assert_eq!(
            hint("gb").as_deref(),
            Some("codes are uppercase: use \"GB\"")
        );
    }

    #[test]
    fn uk_gets_a_hint_naming_gb() {
        assert!(hint("UK").is_some_and(|text| text.contains("\"GB\"")));
    }
}
