//! Ids that are legal but risky: two ids that differ only in letter case or
//! Unicode form (their pages collide on case-insensitive file systems and
//! readers confuse them), and ids with characters unsafe in file names, URLs
//! or prose.

use super::{at, key_span};
use crate::diagnostic::{Code, Diagnostic};
use crate::index::Index;
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

/// The form two ids share when they differ only in case or Unicode form.
fn folded(id: &str) -> String {
    if id.is_ascii() {
        // NFKC leaves ASCII as it is.
        return id.to_ascii_lowercase();
    }
    id.nfkc().collect::<String>().to_lowercase()
}

/// `ambiguous-id`: ids equal once case and Unicode form are folded.
pub fn ambiguous_ids(index: &Index, out: &mut Vec<Diagnostic>) {
    let mut first: FxHashMap<String, usize> =
        FxHashMap::with_capacity_and_hasher(index.records.len(), Default::default());
    for (i, record) in index.records.iter().enumerate() {
        let key = folded(&record.id);
        match first.get(&key) {
            Some(&other) if index.records[other].id != record.id => {
                let holder = &index.records[other];
                let span = key_span(record, "id", Some(&record.id));
                out.push(
                    at(
                        record,
                        Code::AmbiguousId,
                        span,
                        format!(
                            "id `{}` differs from `{}` ({}) only in letter case or Unicode form",
                            record.id,
                            holder.id,
                            holder.file.display()
                        ),
                    )
                    .with_help("rename one of them: their pages collide on case-insensitive file systems"),
                );
            }
            Some(_) => {}
            None => {
                first.insert(key, i);
            }
        }
    }
}

/// Characters that show nothing: zero-width spaces and joiners, direction
/// marks, the soft hyphen, the byte-order mark. Two ids that look the same
/// can differ by one.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Cyrillic and Greek capitals and small letters drawn like Latin ones
/// (`А В Е К М Н О Р С Т Х` and their small forms, `Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ`).
fn looks_latin(c: char) -> bool {
    "АВЕКМНОРСТХаеорсухіјѕԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧον".contains(c)
}

/// True when `id` could be mistaken for another id: Latin letters mixed
/// with Cyrillic or Greek ones, or only letters that look Latin.
fn is_confusable(id: &str) -> bool {
    let foreign = |c: char| matches!(c, '\u{0370}'..='\u{03FF}' | '\u{0400}'..='\u{052F}');
    let latin = id.chars().any(|c| c.is_ascii_alphabetic());
    let letters: Vec<char> = id.chars().filter(|c| c.is_alphabetic()).collect();
    let any_foreign = letters.iter().any(|&c| foreign(c));
    any_foreign && (latin || letters.iter().all(|&c| looks_latin(c)))
}

/// True for names Windows reserves (`CON`, `NUL`, `COM1`, … also with an
/// extension) and names ending in a dot or a space, which it cannot hold:
/// such an id's page cannot be checked out there.
fn is_reserved_on_windows(id: &str) -> bool {
    let stem = id.split('.').next().unwrap_or(id).to_ascii_uppercase();
    let numbered = |prefix: &str| {
        stem.strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit())
    };
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || numbered("COM")
        || numbered("LPT")
        || id.ends_with(['.', ' '])
}

/// What makes an id unusual, if anything.
fn unusual(id: &str) -> Option<&'static str> {
    if id == "." || id == ".." {
        Some("is a relative folder name")
    } else if id.chars().any(char::is_control) {
        Some("holds control characters")
    } else if id.chars().any(char::is_whitespace) {
        Some("holds spaces")
    } else if id.contains(['/', '\\']) {
        Some("holds slashes")
    } else if id.contains(['%', '?', '#', '"', '<', '>', '|', '*', ':']) {
        Some("holds characters that have a meaning in URLs or file names")
    } else if id.starts_with('.') {
        Some("starts with a dot")
    } else if id.chars().any(is_invisible) {
        Some("holds invisible characters (a zero-width space, joiner or direction mark)")
    } else if is_confusable(id) {
        Some(
            "holds Cyrillic or Greek letters that look like Latin ones, so it can be mistaken for another id",
        )
    } else if is_reserved_on_windows(id) {
        Some("is a name Windows reserves (`CON`, `NUL`, `COM1`, … or a trailing dot), so its page cannot be checked out there")
    } else if crate::parse::ids::path_segment(id).contains("~~") {
        // Only a shortened segment holds `~~`.
        Some("is too long for a file name: its page is written under a shortened name, with a hash")
    } else {
        None
    }
}

/// `unusual-id`: ids with characters unsafe in file names, URLs or prose.
pub fn unusual_ids(index: &Index, out: &mut Vec<Diagnostic>) {
    for record in &index.records {
        // A portal's ids are qualified with their repository's name: the
        // id written in the record is the one after it.
        let id = match index.repositories {
            Some(_) => crate::index::repositories::local_id(&record.id),
            None => record.id.as_str(),
        };
        let Some(reason) = unusual(id) else {
            continue;
        };
        let suggestion = crate::text::slug(id).to_uppercase();
        let span = key_span(record, "id", Some(id));
        let shown: String = id.escape_debug().collect();
        out.push(
            at(record, Code::UnusualId, span, format!("id `{shown}` {reason}")).with_help(format!(
                "use letters, digits, `-`, `_` and `.`, e.g. `{suggestion}`"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn found(files: &[(&str, &str)]) -> Vec<Diagnostic> {
        let (_dir, index, _) = crate::test_support::indexed(files, &Config::default());
        let mut out = Vec::new();
        ambiguous_ids(&index, &mut out);
        unusual_ids(&index, &mut out);
        out
    }

    #[test]
    fn case_and_unicode_variants_are_ambiguous() {
        let out = found(&[
            ("items/a.md", "---\nid: PAY-2\n---\n"),
            ("items/b.md", "---\nid: pay-2\n---\n"),
            ("items/c.md", "---\nid: \"CAF\u{c9}-1\"\n---\n"),
            ("items/d.md", "---\nid: \"CAFE\u{301}-1\"\n---\n"),
        ]);
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(
            out[0]
                .message
                .contains("`pay-2` differs from `PAY-2` (items/a.md)"),
            "{out:?}"
        );
        assert_eq!(out[1].file, std::path::PathBuf::from("items/d.md"));
    }

    #[test]
    fn unsafe_characters_are_unusual() {
        let out = found(&[
            ("items/a.md", "---\nid: \"a/b\"\n---\n"),
            ("items/b.md", "---\nid: \"..\"\n---\n"),
            ("items/c.md", "---\nid: \"a\\u0007b\"\n---\n"),
            ("items/d.md", "---\nid: \"a b\"\n---\n"),
            ("items/e.md", "---\nid: PAY-9\n---\n"),
            ("items/f.md", "---\nid: \"PAY\\u200b-1\"\n---\n"),
            ("items/g.md", "---\nid: \"P\\u0410Y-1\"\n---\n"),
            ("items/h.md", "---\nid: CON\n---\n"),
            ("items/i.md", "---\nid: \"A-1.\"\n---\n"),
            ("items/j.md", "---\nid: com1.txt\n---\n"),
            ("items/k.md", "---\nid: \"Ф-1\"\n---\n"),
        ]);
        let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "id `a/b` holds slashes",
                "id `..` is a relative folder name",
                "id `a\\u{7}b` holds control characters",
                "id `a b` holds spaces",
                "id `PAY\\u{200b}-1` holds invisible characters (a zero-width space, joiner or direction mark)",
                "id `PАY-1` holds Cyrillic or Greek letters that look like Latin ones, so it can be mistaken for another id",
                "id `CON` is a name Windows reserves (`CON`, `NUL`, `COM1`, … or a trailing dot), so its page cannot be checked out there",
                "id `A-1.` is a name Windows reserves (`CON`, `NUL`, `COM1`, … or a trailing dot), so its page cannot be checked out there",
                "id `com1.txt` is a name Windows reserves (`CON`, `NUL`, `COM1`, … or a trailing dot), so its page cannot be checked out there",
            ]
        );
        assert_eq!(
            out[3].help.as_deref(),
            Some("use letters, digits, `-`, `_` and `.`, e.g. `A-B`")
        );
    }
}
