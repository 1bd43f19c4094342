//! Timestamps on the wire: ISO 8601 `YYYY-MM-DDThh:mm:ss.sssZ` in UTC, and
//! the HTTP-date form of `Retry-After`. No date crate: the arithmetic is small
//! and a dependency would weigh on the `.wasm`.

use crate::json_text::decimal;

/// Milliseconds since the Unix epoch.
pub type UnixMillis = i64;

/// Formats `millis` as `2021-12-02T15:45:30.941Z`.
pub fn format_iso(millis: UnixMillis) -> String {
    let days = millis.div_euclid(86_400_000);
    let in_day = millis.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000
    )
}

/// Parses an ISO 8601 UTC timestamp (`YYYY-MM-DDThh:mm:ss[.fff]Z`, or with a
/// `+hh:mm` offset). `None` for anything else, non-ASCII text included: the
/// parse reads bytes, never slices the text, so no input can make it panic.
pub fn parse_iso(text: &str) -> Option<UnixMillis> {
    let bytes = text.as_bytes();
    let at = |index: usize| bytes.get(index).copied();
    if at(4) != Some(b'-')
        || at(7) != Some(b'-')
        || !matches!(at(10), Some(b'T' | b't'))
        || at(13) != Some(b':')
        || at(16) != Some(b':')
    {
        return None;
    }
    let (year, month, day) = (
        digits(bytes, 0, 4)?,
        digits(bytes, 5, 2)?,
        digits(bytes, 8, 2)?,
    );
    let (hour, minute, second) = (
        digits(bytes, 11, 2)?,
        digits(bytes, 14, 2)?,
        digits(bytes, 17, 2)?,
    );
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = bytes.get(19..)?;
    let mut millis = 0i64;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let count = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if count == 0 {
            return None;
        }
        for (digit, scale) in fraction.iter().zip([100, 10, 1]).take(count) {
            millis += i64::from(digit - b'0') * scale;
        }
        rest = fraction.get(count..)?;
    }
    let offset_minutes = match rest {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (hours, minutes) = (digits(rest, 1, 2)?, digits(rest, 4, 2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let minutes = hours * 60 + minutes;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

/// The decimal number in `count` ASCII digits of `bytes` from `start`.
fn digits(bytes: &[u8], start: usize, count: usize) -> Option<i64> {
    let part = bytes.get(start..start.checked_add(count)?)?;
    part.iter().try_fold(0i64, |value, byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + i64::from(byte - b'0'))
    })
}

/// Formats `millis` as an IMF-fixdate (`Wed, 21 Oct 2015 07:28:00 GMT`),
/// the seconds cut down, as HTTP's `Date` header has them.
pub fn format_http_date(millis: UnixMillis) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = millis.div_euclid(86_400_000);
    let in_day = millis.rem_euclid(86_400_000) / 1000;
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = usize::try_from(days.rem_euclid(7))
        .ok()
        .and_then(|index| WEEKDAYS.get(index))
        .unwrap_or(&"Thu");
    let month_name = usize::try_from(month - 1)
        .ok()
        .and_then(|index| MONTHS.get(index))
        .unwrap_or(&"Jan");
    format!(
        "{weekday}, {day:02} {month_name} {year:04} {:02}:{:02}:{:02} GMT",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

/// Parses an IMF-fixdate such as `Wed, 21 Oct 2015 07:28:00 GMT`.
pub fn parse_http_date(text: &str) -> Option<UnixMillis> {
    let mut parts = text.split_whitespace();
    let _weekday = parts.next()?;
    let day = integer(parts.next()?.as_bytes())?;
    let month_name = parts.next()?;
    let year = integer(parts.next()?.as_bytes())?;
    let clock = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS
        .iter()
        .position(|name| name.eq_ignore_ascii_case(month_name))? as i64
        + 1;
    let mut fields = clock.as_bytes().split(|&b| b == b':').map(integer);
    let (hour, minute, second) = (fields.next()??, fields.next()??, fields.next()??);
    // Every field in range before any arithmetic: a negative hour or a year
    // of 19 digits would overflow it.
    if fields.next().is_some()
        || !(0..=9999).contains(&year)
        || day < 1
        || day > days_in_month(year, month)
        || !(0..=23).contains(&hour)
        || !(0..=59).contains(&minute)
        || !(0..=60).contains(&second)
    {
        return None;
    }
    Some((days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second) * 1000)
}

/// A decimal integer as `i64::from_str` reads it (a `+` or `-`, then
/// digits), over the crate's one decimal reader. `i64::MIN` itself is
/// `None`: every field read with it must be far smaller anyway.
fn integer(text: &[u8]) -> Option<i64> {
    match text.strip_prefix(b"-") {
        // `-+1` is no number, as for `from_str`.
        Some(digits) if !digits.starts_with(b"+") => decimal(digits)
            .and_then(|value| i64::try_from(value).ok())
            .map(|value| -value),
        Some(_) => None,
        None => decimal(text).and_then(|value| i64::try_from(value).ok()),
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian calendar).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_reads_as_i64_from_str_does() {
        for text in [
            "",
            "+",
            "-",
            "0",
            "+0",
            "-0",
            "-+1",
            "+-1",
            "--1",
            "12",
            "-12",
            "+12",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775807",
            "-9223372036854775809",
            "1 ",
            "0x1",
            "٣",
        ] {
            assert_eq!(
                integer(text.as_bytes()),
                text.parse::<i64>().ok(),
                "{text:?}"
            );
        }
        // The one difference, outside every field's range.
        assert_eq!(integer(b"-9223372036854775808"), None);
    }

    #[test]
    fn formats_the_reference_example() {
        let millis = parse_iso("2021-12-02T15:45:30.941Z").expect("parses");
        assert_eq!(format_iso(millis), "2021-12-02T15:45:30.941Z");
        assert_eq!(format_iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_iso(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn parses_offsets_and_rejects_junk() {
        assert_eq!(
            parse_iso("2021-12-02T17:45:30+02:00"),
            parse_iso("2021-12-02T15:45:30Z")
        );
        for junk in [
            "",
            "2021-13-02T15:45:30Z",
            "2021-02-30T00:00:00Z",
            "yesterday",
            "2021-12-02T15:45:30",
            "2021-12-02T15:45:30.Z",
            // Multibyte text where the offset is read: refused, not a panic.
            "2024-01-01T00:00:00+€xx",
            "2024-01-01T00:00:00+0€:00",
            "2024-01-01T00:00:00.€",
            "2024-01-01T00:00:00€",
            "2024-0€-01T00:00:00Z",
            "€€€€€€€€€€€€€€€€€€€€",
            // An offset no clock has.
            "9999-12-31T23:59:59+99:99",
            "2024-01-01T00:00:00+24:00",
            "2024-01-01T00:00:00-00:60",
        ] {
            assert_eq!(parse_iso(junk), None, "{junk}");
        }
    }

    #[test]
    fn formats_http_dates_that_parse_back_to_the_second() {
        assert_eq!(
            format_http_date(parse_iso("2015-10-21T07:28:00.999Z").expect("iso")),
            "Wed, 21 Oct 2015 07:28:00 GMT"
        );
        assert_eq!(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        for millis in [0, 951_782_400_123, 1_795_608_000_000, 4_102_444_799_999] {
            assert_eq!(
                parse_http_date(&format_http_date(millis)),
                Some(millis - millis % 1000),
                "{millis}"
            );
        }
    }

    #[test]
    fn parses_http_dates() {
        assert_eq!(
            parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT"),
            parse_iso("2015-10-21T07:28:00Z")
        );
        assert_eq!(parse_http_date("21 Oct 2015"), None);
        assert_eq!(parse_http_date("Wed, 32 Oct 2015 07:28:00 GMT"), None);
        // Out of range: refused, not an overflow (found by the fuzz below).
        for junk in [
            "Aaa 01 Jan 0 -2562030519344:00:00 GMT",
            "Wed, 21 Oct 2015 -1:00:00 GMT",
            "Wed, 21 Oct 2015 07:-28:00 GMT",
            "Wed, 21 Oct 9223372036854775807 07:28:00 GMT",
            "Wed, 21 Oct -1 07:28:00 GMT",
        ] {
            assert_eq!(parse_http_date(junk), None, "{junk}");
        }
    }

    /// Any text at all, and dates damaged at every position: no panic; and
    /// every instant of years 0000 to 9999 survives a format and a parse.
    /// (Named `fuzz` so `make fuzz` runs it at its long case count.)
    #[cfg(not(target_arch = "wasm32"))]
    mod fuzz {
        use super::super::*;
        use crate::fuzz_text::{date, edit, mutate, text};
        use proptest::prelude::*;

        const YEAR_0: UnixMillis = -62_167_219_200_000;
        const YEAR_10000: UnixMillis = 253_402_300_800_000;

        const MONTHS: &[&str] = &[
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            "jAN", "Ja", "",
        ];

        /// IMF-fixdates with numbers out of range, then perhaps damaged.
        fn http_date() -> impl Strategy<Value = String> {
            let number = prop_oneof![0i64..100, any::<i64>()];
            let well_formed = (
                "[A-Z][a-z]{2},?",
                (number.clone(), prop::sample::select(MONTHS), number.clone()),
                (number.clone(), number.clone(), number),
                prop_oneof![Just("GMT"), Just("gmt"), Just("UTC"), Just("")],
            )
                .prop_map(|(weekday, (day, month, year), (h, m, s), zone)| {
                    format!("{weekday} {day:02} {month} {year} {h:02}:{m:02}:{s:02} {zone}")
                });
            prop_oneof![
                well_formed.clone(),
                (well_formed, edit()).prop_map(|(base, edit)| mutate(&base, &edit)),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::default())]

            #[test]
            fn fuzz_parse_iso_never_panics(text in prop_oneof![date(), text(30), "\\PC{0,30}"]) {
                if let Some(millis) = parse_iso(&text) {
                    // Anything accepted is a date-time of the ISO shape.
                    prop_assert!(text.is_ascii(), "{text:?} gave {millis}");
                }
            }

            #[test]
            fn fuzz_parse_http_date_never_panics(text in prop_oneof![http_date(), text(30), date()]) {
                let _ = parse_http_date(&text);
            }

            #[test]
            fn fuzz_format_then_parse_is_the_same_instant(
                millis in prop_oneof![YEAR_0..YEAR_10000, -86_400_000i64..86_400_000],
            ) {
                prop_assert_eq!(parse_iso(&format_iso(millis)), Some(millis));
                let seconds = millis.div_euclid(1000) * 1000;
                let http = http_text(seconds);
                prop_assert_eq!(parse_http_date(&http), Some(seconds), "{}", http);
            }
        }

        /// `millis` as an IMF-fixdate (the weekday is not checked).
        fn http_text(millis: UnixMillis) -> String {
            let iso = format_iso(millis);
            let month = iso[5..7].parse::<usize>().unwrap();
            format!(
                "Mon, {} {} {} {} GMT",
                &iso[8..10],
                MONTHS[month - 1],
                &iso[0..4],
                &iso[11..19]
            )
        }
    }
}
