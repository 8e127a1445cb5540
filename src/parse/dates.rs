//! Dates as teams write them in existing formats: ISO dates and date-times,
//! `YYYY/MM/DD`, `DD.MM.YYYY`, `YYYYMMDD`, `DD/MM/YYYY` or `MM/DD/YYYY` when
//! only one order is possible, `3 March 2020`, `March 3, 2020`; a template's
//! placeholder (`[YYYY-MM-DD …]`) is recognised as such. A date that could be
//! read two ways, has a two-digit year, or does not exist is never guessed:
//! it is reported, and the record has no date.

use crate::parse::status::is_placeholder;
use chrono::{Datelike, NaiveDate};

/// How a date was read.
#[derive(Debug, Clone, PartialEq)]
pub enum DateReading {
    /// `YYYY-MM-DD`.
    Date(String),
    /// A template's placeholder.
    Placeholder,
    /// Written like a date, but not one that can be read without guessing:
    /// the reason says why (ambiguous order, two-digit year, no such day,
    /// only a month).
    Doubtful(String),
    /// Not a date.
    Unreadable,
}

/// Reads a date as teams write them; brackets, bold and backticks around it
/// are ignored.
pub fn read_date(written: &str) -> DateReading {
    let raw = crate::parse::lines::without_comments(written);
    if is_placeholder(&raw) || raw.contains("YYYY") || raw.contains("yyyy") {
        return DateReading::Placeholder;
    }
    let t = raw
        .trim()
        .trim_matches(['*', '_', '`', '"', '\'', '[', ']', '(', ')'])
        .trim();
    if let Some(date) = normalise_date(t) {
        return DateReading::Date(date);
    }
    let head = t
        .split(['T', ' '])
        .next()
        .unwrap_or(t)
        .trim()
        .trim_end_matches('.');
    let parts: Vec<&str> = head.split(['/', '-', '.']).map(str::trim).collect();
    let numbers: Vec<Option<u32>> = parts.iter().map(|p| p.parse().ok()).collect();
    if parts.len() == 3 && numbers.iter().all(Option::is_some) {
        let [a, b, c] = [
            numbers[0].unwrap_or(0),
            numbers[1].unwrap_or(0),
            numbers[2].unwrap_or(0),
        ];
        return numeric(head, [parts[0].len(), parts[1].len(), parts[2].len()], a, b, c);
    }
    let words = t.replace(',', " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    for format in ["%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y", "%A %d %B %Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(&words, format) {
            // chrono lets `May 2020` be May 20 of the year 20: the year must be written whole.
            if words.contains(&format!("{:04}", date.year())) && date.year() >= 1000 {
                return DateReading::Date(iso(date));
            }
        }
    }
    let month_only = NaiveDate::parse_from_str(&format!("1 {words}"), "%d %B %Y").is_ok()
        || NaiveDate::parse_from_str(&format!("1 {words}"), "%d %b %Y").is_ok()
        || (parts.len() == 2
            && parts[0].len() == 4
            && parts[1].len() <= 2
            && numbers.iter().all(Option::is_some));
    if month_only {
        return DateReading::Doubtful("gives a month but no day".into());
    }
    DateReading::Unreadable
}

/// A date of three numbers that the ISO and dotted forms did not read.
fn numeric(written: &str, lengths: [usize; 3], a: u32, b: u32, c: u32) -> DateReading {
    if lengths[0] == 4 {
        // Year first: only YYYY-MM-DD is read; YYYY-DD-MM is not guessed.
        let year = a as i32;
        return match NaiveDate::from_ymd_opt(year, b, c) {
            Some(date) => DateReading::Date(iso(date)),
            None if b > 12 && c <= 12 => DateReading::Doubtful(format!(
                "has no month {b} (is it year-day-month? `{written}` is not read)"
            )),
            None => DateReading::Doubtful("is not a day of the calendar".into()),
        };
    }
    if lengths[2] != 4 {
        return DateReading::Doubtful("has a two-digit year".into());
    }
    let year = c as i32;
    let (day_first, month_first) = (
        NaiveDate::from_ymd_opt(year, b, a),
        NaiveDate::from_ymd_opt(year, a, b),
    );
    match (day_first, month_first) {
        (Some(d), Some(m)) if d == m => DateReading::Date(iso(d)),
        (Some(d), Some(m)) => DateReading::Doubtful(format!(
            "could be {} (day first) or {} (month first)",
            iso(d),
            iso(m)
        )),
        (Some(d), None) => DateReading::Date(iso(d)),
        (None, Some(m)) => DateReading::Date(iso(m)),
        (None, None) => DateReading::Doubtful("is not a day of the calendar".into()),
    }
}

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The full date a file (or record folder) name starts with:
/// `2025-03-24-use-x`, `2022-07-07_x`, `20200924-use-x`; `201807-x` (a
/// month) and impossible dates give none.
pub fn from_file_name(stem: &str) -> Option<String> {
    let b = stem.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let ends = |i: usize| b.get(i).is_none_or(|c| matches!(c, b'-' | b'_' | b' ' | b'.'));
    let dashed = (0..4).all(digit)
        && b.get(4) == Some(&b'-')
        && (5..7).all(digit)
        && b.get(7) == Some(&b'-')
        && (8..10).all(digit)
        && ends(10);
    if dashed {
        return NaiveDate::parse_from_str(&stem[..10], "%Y-%m-%d").ok().map(iso);
    }
    if (0..8).all(digit) && ends(8) {
        return NaiveDate::parse_from_str(&stem[..8], "%Y%m%d").ok().map(iso);
    }
    None
}

/// Normalises a date to `YYYY-MM-DD`: ISO dates and date-times, `YYYY/MM/DD`,
/// `YYYY.MM.DD`, `DD.MM.YYYY`, `YYYYMMDD`. The year must be written with four
/// digits: `26-05-01` is no date (never the year 26).
pub fn normalise_date(text: &str) -> Option<String> {
    let t = text.trim();
    let head = t.split(['T', ' ']).next().unwrap_or(t);
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y", "%Y%m%d"] {
        if let Ok(date) = NaiveDate::parse_from_str(head, format) {
            let year = format!("{:04}", date.year());
            let four_digits = (1000..=9999).contains(&date.year())
                && head
                    .split(['-', '/', '.'])
                    .any(|part| part == year || (part.len() == 8 && part.starts_with(&year)));
            if four_digits {
                return Some(date.format("%Y-%m-%d").to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(d: &str) -> DateReading {
        DateReading::Date(d.into())
    }

    #[test]
    fn dates_in_several_formats() {
        assert_eq!(read_date("2016-02-12"), date("2016-02-12"));
        assert_eq!(read_date("**2016-02-12**"), date("2016-02-12"));
        assert_eq!(read_date("2024/07/17"), date("2024-07-17"));
        assert_eq!(read_date("25/12/2019"), date("2019-12-25"));
        assert_eq!(read_date("12/25/2019"), date("2019-12-25"));
        assert_eq!(read_date("13-09-2023"), date("2023-09-13"));
        assert_eq!(read_date("05/05/2023"), date("2023-05-05"));
        assert_eq!(read_date("3 March 2020"), date("2020-03-03"));
        assert_eq!(read_date("March 3, 2020"), date("2020-03-03"));
        assert_eq!(read_date("last Tuesday"), DateReading::Unreadable);
    }

    #[test]
    fn doubtful_dates_are_not_guessed() {
        let doubtful = |w: &str| matches!(read_date(w), DateReading::Doubtful(_));
        assert!(doubtful("12-09-2023"), "day and month could swap");
        assert!(doubtful("04/05/2019"));
        assert!(doubtful("2023-31-07"), "no month 31");
        assert!(doubtful("2023-02-30"), "no such day");
        assert!(doubtful("10-05-01"), "two-digit year");
        assert!(doubtful("01.05.26"), "two-digit year");
        assert!(doubtful("12/05/26"), "two-digit year");
        assert!(doubtful("May 2020"), "a month only, not May 20 of the year 20");
        assert_eq!(read_date("2025-0506"), DateReading::Unreadable);
    }

    #[test]
    fn placeholders_are_not_dates() {
        assert_eq!(
            read_date("[YYYY-MM-DD when the decision was last updated]"),
            DateReading::Placeholder
        );
        assert_eq!(read_date("{YYYY-MM-DD}"), DateReading::Placeholder);
    }

    #[test]
    fn file_names_give_full_dates_only() {
        assert_eq!(from_file_name("2025-03-24-use-x").as_deref(), Some("2025-03-24"));
        assert_eq!(from_file_name("2022-07-07_global").as_deref(), Some("2022-07-07"));
        assert_eq!(from_file_name("20200924-use-x").as_deref(), Some("2020-09-24"));
        assert_eq!(from_file_name("20221129").as_deref(), Some("2022-11-29"));
        assert_eq!(from_file_name("201807-config"), None);
        assert_eq!(from_file_name("0007-use-x"), None);
        assert_eq!(from_file_name("20231399-x"), None);
        assert_eq!(from_file_name("12345678901-x"), None);
    }
}
