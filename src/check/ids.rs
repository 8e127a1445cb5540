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
    } else {
        None
    }
}

/// `unusual-id`: ids with characters unsafe in file names, URLs or prose.
pub fn unusual_ids(index: &Index, out: &mut Vec<Diagnostic>) {
    for record in &index.records {
        let Some(reason) = unusual(&record.id) else {
            continue;
        };
        let suggestion = crate::text::slug(&record.id).to_uppercase();
        let span = key_span(record, "id", Some(&record.id));
        let shown: String = record.id.escape_debug().collect();
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
        ]);
        let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "id `a/b` holds slashes",
                "id `..` is a relative folder name",
                "id `a\\u{7}b` holds control characters",
                "id `a b` holds spaces"
            ]
        );
        assert_eq!(
            out[3].help.as_deref(),
            Some("use letters, digits, `-`, `_` and `.`, e.g. `A-B`")
        );
    }
}
