//! Links and ids in a Markdown text, read the same way by the loader (which
//! records them), the checks (which judge them) and the renderer (which turns
//! them into links): relative file links and what they point at, numbered
//! references written `[[1]](url)`, and the words of prose that could be ids.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

/// What a relative link points at, for checking and for publishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkedFile {
    /// A readable file inside the records repository.
    File,
    /// A folder.
    Folder,
    /// Nothing.
    Missing,
    /// A hidden file or a file in a hidden folder (never published).
    Hidden,
    /// A file that a symbolic link places outside the repository, or inside
    /// a hidden folder of it (`.git`), or that is not a regular file (a
    /// FIFO, a socket, a device), or too large: never read
    /// ([`crate::safe_files`] says why).
    Unsafe,
    /// A regular file this user may not read.
    Unreadable,
}

/// Classifies `path` (relative to `root`); `canonical_root` is `root` with
/// symbolic links resolved. The file is judged by where it really is, so a
/// link named `leak.txt` to `.git/config` is [`LinkedFile::Unsafe`].
pub fn classify_linked_file(root: &Path, canonical_root: &Path, path: &Path) -> LinkedFile {
    if crate::safe_files::is_hidden(path, &[]) {
        return LinkedFile::Hidden;
    }
    linked_file_refusal(root, canonical_root, path).0
}

/// What [`classify_linked_file`] says of a path that is not hidden, and for
/// an unsafe one, why.
pub fn linked_file_refusal(
    root: &Path,
    canonical_root: &Path,
    path: &Path,
) -> (LinkedFile, Option<crate::safe_files::Refusal>) {
    use crate::safe_files::{judge, Judged, Refusal, LINKED_FILE_LIMIT};
    let full = root.join(path);
    match judge(canonical_root, &full, &[]) {
        Judged::Missing(_) => (LinkedFile::Missing, None),
        Judged::Folder => (LinkedFile::Folder, None),
        Judged::Refused(refusal) => (LinkedFile::Unsafe, Some(refusal)),
        Judged::File(meta) if meta.len() > LINKED_FILE_LIMIT => {
            let refusal = Refusal::TooLarge {
                size: meta.len(),
                limit: LINKED_FILE_LIMIT,
            };
            (LinkedFile::Unsafe, Some(refusal))
        }
        // Opening a regular file does not block; a file this user cannot
        // open would fail the build when copied.
        Judged::File(_) if std::fs::File::open(&full).is_err() => (LinkedFile::Unreadable, None),
        Judged::File(_) => (LinkedFile::File, None),
    }
}

/// The destination of a numbered reference written `[[1]](url)`: Markdown
/// reads `[[1]]` as a wiki link, but a `(…)` right after it makes the whole
/// an ordinary link whose text is `[1]` (as GitHub shows it). Given the
/// body and where the wiki link ends, returns the destination and where
/// the `(…)` ends; `None` when no such destination follows.
pub fn bracketed_destination(text: &str, wiki_end: usize) -> Option<(&str, usize)> {
    let rest = text.get(wiki_end..)?.strip_prefix('(')?;
    let close = rest.find([')', '\n'])?;
    let inside = &rest[..close];
    let destination = inside.split_whitespace().next()?;
    (rest.as_bytes()[close] == b')').then_some((destination, wiki_end + 1 + close + 1))
}

/// True for a link destination that names a file of this repository: no
/// scheme, not protocol-relative, not an anchor in the same page.
pub fn is_relative_file_link(destination: &str) -> bool {
    !(destination.is_empty()
        || destination.starts_with('#')
        || destination.starts_with('/')
        || destination.starts_with('?')
        || has_scheme(destination))
}

/// True when a URL starts with a scheme such as `https:` or `mailto:`.
pub fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            !scheme.is_empty()
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Resolves a relative link destination against the folder of `file` (both
/// relative to the records root). `None` when the link climbs out of the root.
pub fn resolve_link(file: &Path, destination: &str) -> Option<PathBuf> {
    let path_part = destination.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_decode(path_part);
    let mut parts: Vec<Component> = file
        .parent()
        .map(|p| p.components().collect())
        .unwrap_or_default();
    for component in Path::new(&decoded).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(_) => parts.push(component),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let (Some(high), Some(low)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            ) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Splits prose into id-like tokens with their byte ranges (relative to `text`).
///
/// A token is a whole word (letters, digits, `-`, `_`, `.`) with a dash and a
/// digit. Every id has a dash, so only the words around each dash are looked
/// at; the rest of the prose is skipped over.
pub fn id_tokens(text: &str) -> impl Iterator<Item = (&str, Range<usize>)> {
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|&b| b == b'-') {
        let dash = from + offset;
        let start = text[..dash]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word(c))
            .last()
            .map_or(dash, |(i, _)| i);
        let end = text[dash..]
            .char_indices()
            .find(|&(_, c)| !is_word(c))
            .map_or(text.len(), |(i, _)| dash + i);
        let token = text[start..end].trim_end_matches(['.', '-', '_']);
        if token.bytes().any(|b| b.is_ascii_digit()) && crate::parse::ids::is_id_like(token) {
            tokens.push((token, start..start + token.len()));
        }
        from = end.max(dash + 1);
    }
    tokens.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_that_climb_out_of_the_root_resolve_to_none() {
        assert_eq!(resolve_link(Path::new("items/a.md"), "../../x.md"), None);
        assert_eq!(
            resolve_link(Path::new("items/a.md"), "b%20c.md"),
            Some(PathBuf::from("items/b c.md"))
        );
        assert_eq!(resolve_link(Path::new("items/a.md"), "/etc/passwd"), None);
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("javascript:alert(1)"));
        assert!(has_scheme("https://x"));
        assert!(!has_scheme("../a.md"));
        assert!(!is_relative_file_link("mailto:a@b"));
        assert!(is_relative_file_link("a.md"));
    }

    #[test]
    fn id_tokens_are_words_with_a_dash_and_a_digit() {
        let text = "é PAY-12, ÄB-3 x-1. see ADR-0007.\nplain-word 2026 (JIRA-9)";
        let tokens: Vec<(&str, &str)> = id_tokens(text).map(|(t, r)| (t, &text[r])).collect();
        assert_eq!(
            tokens,
            [
                ("PAY-12", "PAY-12"),
                ("ÄB-3", "ÄB-3"),
                ("x-1", "x-1"),
                ("ADR-0007", "ADR-0007"),
                ("JIRA-9", "JIRA-9")
            ]
        );
    }

    /// Every word, then the filter: the plain statement of what `id_tokens` finds.
    fn id_tokens_by_words(text: &str) -> Vec<(&str, Range<usize>)> {
        let is_word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            match (start, i < text.len() && is_word(c)) {
                (None, true) => start = Some(i),
                (Some(s), false) => {
                    let token = text[s..i].trim_end_matches(['.', '-', '_']);
                    if crate::parse::ids::is_id_like(token) {
                        tokens.push((token, s..s + token.len()));
                    }
                    start = None;
                }
                _ => {}
            }
        }
        tokens
    }

    proptest::proptest! {
        #[test]
        fn id_tokens_are_the_id_like_words(text in "([a-zA-Z0-9é_. -]|--|\\PC){0,60}") {
            proptest::prop_assert_eq!(id_tokens(&text).collect::<Vec<_>>(), id_tokens_by_words(&text));
        }
    }
}
