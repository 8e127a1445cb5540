//! Dates as teams write them in existing formats: ISO dates and date-times,
//! `YYYY/MM/DD`, `DD.MM.YYYY`, `YYYYMMDD`, `DD/MM/YYYY` or `DD-MM-YYYY`
//! (adr-tools' old default), `3 March 2020`, `March 3, 2020`; a template's
//! placeholder (`[YYYY-MM-DD …]`) is recognised as such.

use super::status::is_placeholder;

/// How a date was read.
#[derive(Debug, Clone, PartialEq)]
pub enum DateReading {
    /// `YYYY-MM-DD`; `assumed` says how an ambiguous date was read.
    Date { date: String, assumed: Option<String> },
    /// A template's placeholder.
    Placeholder,
    /// Not a date.
    Unreadable,
}

/// Reads a date as teams write them: ISO dates and date-times, `YYYY/MM/DD`,
/// `DD.MM.YYYY`, `YYYYMMDD`, `DD/MM/YYYY` (adr-tools' old default), `3 March
/// 2020`, `March 3, 2020`; brackets, bold and backticks around it are ignored.
pub fn read_date(written: &str) -> DateReading {
    use chrono::NaiveDate;
    let raw = super::lines::without_comments(written);
    if is_placeholder(&raw) || raw.contains("YYYY") {
        return DateReading::Placeholder;
    }
    let t = raw
        .trim()
        .trim_matches(['*', '_', '`', '"', '\'', '[', ']', '(', ')'])
        .trim();
    if let Some(date) = crate::load::fields::normalise_date(t) {
        return DateReading::Date { date, assumed: None };
    }
    let head = t.split(['T']).next().unwrap_or(t).trim().trim_end_matches('.');
    let parts: Vec<&str> = head.split(['/', '-']).map(str::trim).collect();
    if parts.len() == 3 && parts[0].len() <= 2 && parts[2].len() == 4 {
        {
            let (a, b, year) = (parts[0].parse::<u32>(), parts[1].parse::<u32>(), parts[2]);
            if let (Ok(a), Ok(b), Ok(year)) = (a, b, year.parse::<i32>()) {
                // Day first, adr-tools' old default; month first only when the day cannot be first.
                let (day, month, assumed) = if a > 12 || b > 12 {
                    if a > 12 {
                        (a, b, None)
                    } else {
                        (b, a, None)
                    }
                } else {
                    (
                        a,
                        b,
                        Some("read as day/month/year, adr-tools' old default".to_string()),
                    )
                };
                if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
                    let assumed = assumed.filter(|_| a != b);
                    return DateReading::Date {
                        date: date.format("%Y-%m-%d").to_string(),
                        assumed,
                    };
                }
            }
        }
    }
    let words = head.replace(',', " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    for format in ["%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y", "%A %d %B %Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(&words, format) {
            return DateReading::Date {
                date: date.format("%Y-%m-%d").to_string(),
                assumed: None,
            };
        }
    }
    DateReading::Unreadable
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_several_formats() {
        let date = |d: &str| DateReading::Date {
            date: d.into(),
            assumed: None,
        };
        assert_eq!(read_date("2016-02-12"), date("2016-02-12"));
        assert_eq!(read_date("**2016-02-12**"), date("2016-02-12"));
        assert_eq!(read_date("25/12/2019"), date("2019-12-25"));
        assert_eq!(read_date("12/25/2019"), date("2019-12-25"));
        assert_eq!(read_date("13-09-2023"), date("2023-09-13"));
        assert_eq!(read_date("3 March 2020"), date("2020-03-03"));
        assert_eq!(read_date("March 3, 2020"), date("2020-03-03"));
        assert!(matches!(
            read_date("04/05/2019"),
            DateReading::Date { assumed: Some(_), .. }
        ));
        assert_eq!(read_date("last Tuesday"), DateReading::Unreadable);
    }

    #[test]
    fn placeholders_are_not_dates() {
        assert_eq!(
            read_date("[YYYY-MM-DD when the decision was last updated]"),
            DateReading::Placeholder
        );
        assert_eq!(read_date("{YYYY-MM-DD}"), DateReading::Placeholder);
    }
}
