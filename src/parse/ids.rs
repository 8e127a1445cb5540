//! Record ids: reading them from file names, writing them into paths safely,
//! and finding the next free one.

/// The id a file name gives, when it starts with one.
///
/// `back-102 - Title.md` gives `back-102` (up to the first space);
/// `PAY-142-export-invoices.md` gives `PAY-142` (a prefix, a dash and a number);
/// `ADR-0007.md` gives `ADR-0007`. A name without such a start gives `None`.
pub fn id_from_file_stem(stem: &str) -> Option<String> {
    if let Some((head, _)) = stem.split_once(' ') {
        if !head.is_empty() && looks_like_id(head) {
            return Some(head.to_string());
        }
    }
    let prefix_end = stem.find(|c: char| !c.is_ascii_alphabetic())?;
    if prefix_end == 0 || !stem[prefix_end..].starts_with('-') {
        return None;
    }
    let digits = &stem[prefix_end + 1..];
    let number_len = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    if number_len == 0 {
        return None;
    }
    let rest = &digits[number_len..];
    if !(rest.is_empty() || rest.starts_with('-') || rest.starts_with('_')) {
        return None;
    }
    Some(stem[..prefix_end + 1 + number_len].to_string())
}

/// What a record's file name says: its id, its number, its slug and its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameIdentity {
    /// The id the name gives.
    pub id: String,
    /// The sequence number (`7` for `0007-x`), never a date.
    pub number: Option<u64>,
    /// The name after the number or the date.
    pub slug: String,
    /// `YYYY-MM-DD` (or `YYYY-MM`) when the name starts with a date.
    pub date: Option<String>,
}

/// The date a file name starts with, and the byte where the rest begins:
/// `2025-03-24-use-x`, `2025_03_24_use-x`, `20250324-use-x` (a day), or
/// `2025-03-use-x`, `202503-use-x` (a month). Years 1970 to 2099 only, so a
/// sequence number (`0042-x`, `1441-x`) is never taken for a date.
pub fn date_in_name(stem: &str) -> Option<(String, usize)> {
    let bytes = stem.as_bytes();
    let digits = |from: usize, n: usize| -> Option<u32> {
        let part = stem.get(from..from + n)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let separated = |at: usize| at == stem.len() || matches!(bytes.get(at), Some(b'-' | b'_' | b' ' | b'.'));
    let plausible = |y: u32, m: u32| (1970..2100).contains(&y) && (1..=12).contains(&m);
    let day = |y: u32, m: u32, d: u32| {
        chrono::NaiveDate::from_ymd_opt(y as i32, m, d).map(|date| date.format("%Y-%m-%d").to_string())
    };
    let year = digits(0, 4)?;
    // `YYYY-MM-DD` or `YYYY_MM_DD`, then `YYYY-MM`.
    if matches!(bytes.get(4), Some(b'-' | b'_')) {
        let month = digits(5, 2)?;
        if !plausible(year, month) {
            return None;
        }
        if bytes.get(7) == bytes.get(4) {
            if let Some(d) = digits(8, 2).filter(|_| separated(10)) {
                return day(year, month, d).map(|date| (date, 10));
            }
        }
        return separated(7).then(|| (format!("{year:04}-{month:02}"), 7));
    }
    // `YYYYMMDD`, then `YYYYMM`.
    let run = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let month = digits(4, 2)?;
    if !plausible(year, month) || !separated(run) {
        return None;
    }
    match run {
        8 => day(year, month, digits(6, 2)?).map(|date| (date, 8)),
        6 => Some((format!("{year:04}-{month:02}"), 6)),
        _ => None,
    }
}

/// The identity a record's file name gives, with `prefix` for numbered names.
///
/// - a date first (`2025-03-24-use-x`, `20250324-use-x`, `202503-use-x`): the
///   id is the whole name, so two records of one day (or month) never share
///   an id, and the date is the name's date;
/// - a number first (`0007-use-x`, `7_use-x`): `PREFIX-0007`, number 7;
/// - an id first (`ADR-7`, `adr-007-use-x`, `RFC-0002-x`): that id, in upper
///   case when the name is in lower case (`adr-007` is `ADR-007`);
/// - anything else: the whole name.
pub fn name_identity(stem: &str, prefix: &str) -> NameIdentity {
    let whole = |date: Option<String>, slug: &str| NameIdentity {
        id: stem.to_string(),
        number: None,
        slug: slug.to_string(),
        date,
    };
    if let Some((date, rest)) = date_in_name(stem) {
        let slug = stem[rest..].trim_start_matches(['-', '_', ' ', '.']);
        return whole(Some(date), slug);
    }
    let digits = stem.chars().take_while(char::is_ascii_digit).count();
    let rest = &stem[digits..];
    let separated = rest.is_empty() || rest.starts_with(['-', '_', ' ', '.']);
    // `2025-02-30-x`: shaped like a date, though no real one; never `ADR-2025`.
    let year_like = digits == 4 && stem[..4].parse::<u32>().is_ok_and(|y| (1970..2100).contains(&y));
    if year_like && rest.len() > 1 && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return whole(None, stem);
    }
    if digits > 0 && digits < 8 && separated {
        return NameIdentity {
            id: format!("{prefix}-{}", &stem[..digits]),
            number: stem[..digits].parse().ok(),
            slug: rest.trim_start_matches(['-', '_', ' ', '.']).to_string(),
            date: None,
        };
    }
    if let Some(id) = id_from_file_stem(stem) {
        let number = id.rsplit('-').next().and_then(|n| n.parse().ok());
        let slug = stem[id.len()..].trim_start_matches(['-', '_', ' ']).to_string();
        let id = if id.chars().any(|c| c.is_ascii_uppercase()) {
            id
        } else {
            id.to_ascii_uppercase()
        };
        return NameIdentity {
            id,
            number,
            slug,
            date: None,
        };
    }
    whole(None, stem)
}

/// The rest of a title that starts with an id naming `number` (`RFC-0002
/// Flux OCI`, `KEP-1441: kubectl debug`, `ADR 7 - Use X`), without the
/// separator; `None` when it does not, or when nothing would be left.
pub fn after_own_id(title: &str, number: u64) -> Option<&str> {
    let letters = title.find(|c: char| !c.is_ascii_alphabetic())?;
    if letters == 0 {
        return None;
    }
    // `RFC-0002`, `ADR 7`: a separator between the letters and the number
    // (`HTTP2 support` names no record).
    let after_letters = title[letters..].strip_prefix(['-', ' '])?;
    let digits = after_letters
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(after_letters.len());
    if digits == 0 || after_letters[..digits].parse::<u64>().ok()? != number {
        return None;
    }
    let rest = &after_letters[digits..];
    if !rest.starts_with([':', ' ', '-', '.', '–']) {
        return None;
    }
    let rest = rest.trim_start_matches([':', ' ', '-', '.', '–']).trim();
    (!rest.is_empty()).then_some(rest)
}

/// True for a name shaped like a record's: a number, a date or an id first
/// (`0007-x`, `2025-03-24-x`, `20250324-x`, `ADR-7`, `adr-007-x`).
pub fn is_record_name(stem: &str) -> bool {
    let identity = name_identity(stem, "ADR");
    identity.date.is_some() || identity.number.is_some()
}

fn looks_like_id(word: &str) -> bool {
    word.contains(|c: char| c.is_ascii_digit()) && word.chars().any(|c| c.is_alphabetic())
}

/// True for a token that could be an id written in prose: letters, digits,
/// dashes, dots or underscores, with at least one dash and one digit.
pub fn is_id_like(token: &str) -> bool {
    token.len() >= 3
        && token.contains('-')
        && token.contains(|c: char| c.is_ascii_digit())
        && token
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// True for a repository name of a portal: 1 to 40 lower-case ASCII
/// letters, digits and dashes (see docs/portal.md).
pub fn is_repository_name(name: &str) -> bool {
    (1..=40).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A qualified id `NAME:ID` split into the repository's name and the id
/// inside it; `None` for an id with no such qualifier.
pub fn split_qualified(id: &str) -> Option<(&str, &str)> {
    let (name, local) = id.split_once(':')?;
    (is_repository_name(name) && !local.trim().is_empty()).then_some((name, local))
}

/// Writes an id as one safe path segment.
///
/// Letters, digits, `-`, `_` and `.` stay; a leading `.` and every other
/// character become `~` followed by the hexadecimal UTF-8 bytes. The mapping is
/// one-to-one and the result can never be `.`, `..`, empty, or contain `/`.
pub fn path_segment(id: &str) -> String {
    let plain = |i: usize, b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || (b == b'.' && i > 0);
    if !id.is_empty() && id.len() <= LONGEST_SEGMENT && id.bytes().enumerate().all(|(i, b)| plain(i, b)) {
        // Most ids: nothing to escape.
        return id.to_string();
    }
    let mut out = String::with_capacity(id.len());
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii() && plain(i, c as u8) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("~{byte:02X}"));
            }
        }
    }
    if out.is_empty() {
        out.push('~');
    }
    if out.len() > LONGEST_SEGMENT {
        return shortened(id, &out);
    }
    out
}

/// The longest path segment written, in bytes: file systems hold names of
/// up to 255 bytes, and an escaped character takes up to 12.
pub const LONGEST_SEGMENT: usize = 200;

/// A segment too long for a file name, cut and made unique again with a
/// hash of the whole id: the first 180 bytes of the escaped id, `~~` (which
/// no escaped id holds), and 16 hexadecimal digits of the id's 64-bit
/// FNV-1a hash, computed the same way on every platform.
fn shortened(id: &str, escaped: &str) -> String {
    const KEPT: usize = 180;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    // The escaped text is ASCII: any byte is a character boundary.
    format!("{}~~{hash:016x}", &escaped[..KEPT])
}

/// The next free id following the pattern of `existing` ids that start with
/// `prefix` and a dash: one more than the highest number, zero-padded to the
/// widest number seen (or to `default_width`).
pub fn next_id<'a>(
    existing: impl IntoIterator<Item = &'a str>,
    prefix: &str,
    default_width: usize,
) -> String {
    let mut highest = 0u64;
    let mut width = 0usize;
    for id in existing {
        let Some(rest) = id.strip_prefix(prefix).and_then(|r| r.strip_prefix('-')) else {
            continue;
        };
        // Only ids that are the prefix and a number count (`S-2025-04-14` is a date, not 2025).
        if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let digits = rest;
        if let Ok(n) = digits.parse::<u64>() {
            highest = highest.max(n);
            width = width.max(digits.len());
        }
    }
    let width = if width == 0 { default_width } else { width };
    format!("{prefix}-{:0width$}", highest + 1)
}

/// When most `existing` ids end in a `YYYY-MM-DD` date (`S-2026-11-03`), the
/// same pattern with `today`'s date, made unique with `-2`, `-3`…
pub fn dated_id<'a>(existing: impl IntoIterator<Item = &'a str>, today: &str) -> Option<String> {
    let existing: Vec<&str> = existing.into_iter().collect();
    let dated: Vec<&str> = existing
        .iter()
        .copied()
        .filter(|id| {
            id.len() >= 10
                && id.is_char_boundary(id.len() - 10)
                && crate::parse::dates::normalise_date(&id[id.len() - 10..]).is_some()
        })
        .collect();
    if dated.is_empty() || dated.len() * 2 <= existing.len() {
        return None;
    }
    let prefix = &dated[0][..dated[0].len() - 10];
    let base = format!("{prefix}{today}");
    let mut candidate = base.clone();
    let mut n = 2;
    while existing.contains(&candidate.as_str()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Some(candidate)
}

/// The most common id prefix (letters before `-<number>`) among `ids`, if any.
pub fn common_prefix<'a>(ids: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for id in ids {
        if let Some(found) = id_from_file_stem(id) {
            if let Some((prefix, _)) = found.rsplit_once('-') {
                *counts.entry(prefix.to_string()).or_default() += 1;
            }
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_file_names() {
        assert_eq!(
            id_from_file_stem("PAY-142-export-invoices").as_deref(),
            Some("PAY-142")
        );
        assert_eq!(id_from_file_stem("ADR-0007").as_deref(), Some("ADR-0007"));
        assert_eq!(
            id_from_file_stem("back-102 - Consolidate guidelines").as_deref(),
            Some("back-102")
        );
        assert_eq!(id_from_file_stem("2026-11-03-payments"), None);
        assert_eq!(id_from_file_stem("export-invoices"), None);
        assert_eq!(id_from_file_stem("PAY-12abc"), None);
    }

    #[test]
    fn names_give_ids_numbers_and_dates() {
        let id = |stem: &str| name_identity(stem, "ADR");
        assert_eq!(id("0007-use-x").id, "ADR-0007");
        assert_eq!(id("0007-use-x").number, Some(7));
        assert_eq!(id("0007-use-x").slug, "use-x");
        assert_eq!(id("adr-007-use-x").id, "ADR-007");
        assert_eq!(id("ADR-7").id, "ADR-7");
        assert_eq!(id("RFC-0002").id, "RFC-0002");
        assert_eq!(
            id("1441-kubectl-debug").id,
            "ADR-1441",
            "a year-like number that is no date"
        );
        let dated = id("2025-03-24-use-x");
        assert_eq!((dated.id.as_str(), dated.number), ("2025-03-24-use-x", None));
        assert_eq!(dated.date.as_deref(), Some("2025-03-24"));
        assert_eq!(dated.slug, "use-x");
        assert_eq!(id("20250324-use-x").date.as_deref(), Some("2025-03-24"));
        assert_eq!(id("2022-07-07_global_exec").date.as_deref(), Some("2022-07-07"));
        assert_eq!(id("202503-use-x").date.as_deref(), Some("2025-03"));
        assert_eq!(id("202503-use-x").id, "202503-use-x");
        assert_eq!(id("2025-02-30-x").date, None, "an impossible day is no date");
        assert_eq!(id("2025-02-30-x").id, "2025-02-30-x");
        assert_eq!(id("use-x").id, "use-x");
        assert!(is_record_name("ADR-7") && is_record_name("2025-03-24-x") && is_record_name("0001-x"));
        assert!(!is_record_name("notes") && !is_record_name("NNNN-template"));
    }

    #[test]
    fn titles_lose_their_own_id() {
        assert_eq!(
            after_own_id("RFC-0002 Flux OCI support", 2),
            Some("Flux OCI support")
        );
        assert_eq!(
            after_own_id("KEP-1441: kubectl debug", 1441),
            Some("kubectl debug")
        );
        assert_eq!(after_own_id("ADR 7 - Use X", 7), Some("Use X"));
        assert_eq!(
            after_own_id("KEP-2257 Kui: Kubectl Plugins", 2257),
            Some("Kui: Kubectl Plugins")
        );
        assert_eq!(
            after_own_id("RFC-0003 Other", 2),
            None,
            "another record's id stays"
        );
        assert_eq!(after_own_id("HTTP2 support", 2), None);
        assert_eq!(after_own_id("RFC-0002", 2), None, "nothing would be left");
    }

    #[test]
    fn qualified_ids_split_at_a_repository_name() {
        assert_eq!(
            split_qualified("payments:ADR-0007"),
            Some(("payments", "ADR-0007"))
        );
        assert_eq!(split_qualified("ADR-0007"), None);
        assert_eq!(split_qualified("Pay:ADR-1"), None);
        assert_eq!(split_qualified("pay:"), None);
    }

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(path_segment("PAY-142"), "PAY-142");
        assert_eq!(path_segment("../../escape"), "~2E.~2F..~2Fescape");
        assert_eq!(path_segment(".."), "~2E.");
        assert_eq!(path_segment(""), "~");
        assert_eq!(path_segment("a b/é"), "a~20b~2F~C3~A9");
        assert!(!path_segment("a~b").contains("a~b"));
        let long = "中".repeat(44);
        let segment = path_segment(&long);
        assert!(
            segment.len() <= LONGEST_SEGMENT && segment.contains("~~"),
            "{segment}"
        );
        assert_eq!(segment, path_segment(&long), "the same every time");
        assert_ne!(segment, path_segment(&"中".repeat(45)));
        let plain = "A".repeat(10_000);
        assert_eq!(path_segment(&plain).len(), 198);
        // The hash is FNV-1a: the same digits on every platform.
        assert_eq!(&path_segment(&plain)[180..], "~~f58cc3821826fd75");
    }

    #[test]
    fn next_id_follows_the_pattern() {
        let ids = ["ADR-0007", "ADR-0012", "PAY-3"];
        assert_eq!(next_id(ids, "ADR", 4), "ADR-0013");
        assert_eq!(next_id(ids, "PAY", 1), "PAY-4");
        assert_eq!(next_id(ids, "S", 3), "S-001");
    }

    #[test]
    fn dates_are_not_numbers() {
        let ids = ["S-2025-04-14", "S-2026-01-02"];
        assert_eq!(next_id(ids, "S", 3), "S-001");
        assert_eq!(dated_id(ids, "2026-11-22").as_deref(), Some("S-2026-11-22"));
        assert_eq!(
            dated_id(["S-2026-11-22", "S-2025-01-01"], "2026-11-22").as_deref(),
            Some("S-2026-11-22-2")
        );
        assert_eq!(dated_id(["S-001", "S-002"], "2026-11-22"), None);
    }

    #[test]
    fn prose_tokens_are_recognised() {
        assert!(is_id_like("ADR-0007"));
        assert!(!is_id_like("well-known"));
        assert!(!is_id_like("42"));
    }

    #[test]
    fn common_prefix_is_the_most_frequent() {
        assert_eq!(common_prefix(["PAY-1", "PAY-2", "OPS-1"]).as_deref(), Some("PAY"));
        assert_eq!(common_prefix(["x"]), None);
    }

    mod properties {
        use super::super::path_segment;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn every_id_becomes_one_safe_segment(id in "\\PC{0,24}|[./%~ \\\\:]{0,6}") {
                let segment = path_segment(&id);
                prop_assert!(!segment.is_empty());
                prop_assert!(segment != "." && segment != ".." && !segment.starts_with('.'));
                prop_assert!(segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')));
                let path = std::path::Path::new(&segment);
                prop_assert_eq!(path.components().count(), 1);
                prop_assert!(matches!(path.components().next(), Some(std::path::Component::Normal(_))));
            }

            #[test]
            fn different_ids_never_share_a_segment(a in "\\PC{0,8}", b in "\\PC{0,8}") {
                prop_assume!(a != b);
                prop_assert_ne!(path_segment(&a), path_segment(&b));
            }
        }
    }
}
