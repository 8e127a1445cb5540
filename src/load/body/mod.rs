//! Reads what the stages need from a Markdown body, in one pass: sections and
//! their task lists, the first heading, wiki links, relative file links, and
//! the words in prose that could be ids.

pub mod markup;
mod section_text;

use crate::config::Config;
use crate::model::{FileLink, Origin, Reference, Relation, Section, Task};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use section_text::SectionText;
use std::borrow::Cow;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

/// The Markdown extensions shoshin uses, for reading and for rendering alike.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_WIKILINKS
        // GitHub alerts (`> [!NOTE]`), drawn as callouts.
        | Options::ENABLE_GFM
}

/// What a body holds.
#[derive(Debug, Default)]
pub struct Body {
    /// Sections, in order.
    pub sections: Vec<Section>,
    /// Text of the first level-1 heading.
    pub first_heading: Option<String>,
    /// `[[ID]]` references.
    pub wiki_links: Vec<Reference>,
    /// Relative links to files.
    pub file_links: Vec<FileLink>,
    /// Words in prose that look like ids, with their spans.
    pub prose_tokens: Vec<(String, Range<usize>)>,
    /// The `format-note` saying which markup of other tools (shortcodes,
    /// MDX) the site leaves out, when the body has some.
    pub note: Option<crate::diagnostic::Diagnostic>,
}

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

/// The first `@name` in a task's text.
fn owner_of(text: &str) -> Option<String> {
    let at = text
        .char_indices()
        .find(|&(i, c)| c == '@' && (i == 0 || !text[..i].ends_with(|p: char| p.is_alphanumeric())))?;
    let name: String = text[at.0 + 1..]
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .collect();
    let name = name.trim_end_matches('.').to_string();
    (!name.is_empty()).then_some(name)
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
        if token.bytes().any(|b| b.is_ascii_digit()) && crate::ids::is_id_like(token) {
            tokens.push((token, start..start + token.len()));
        }
        from = end.max(dash + 1);
    }
    tokens.into_iter()
}

/// Reads the body `source[body_start..]` of the record at `file`, in one
/// pass: sections with the start and the whole of their text, tasks, links
/// and id-like words.
pub fn read(source: &str, body_start: usize, file: &Path, config: &Config) -> Body {
    let mut body = walk(source, body_start, file, config);
    body.note = removal_note(source, body_start, file);
    let cleaned = markup::clean(&source[body_start..]);
    if let Cow::Owned(text) = cleaned.text {
        // Sections hold the words the page shows: no shortcode, no
        // admonition marker. Places (lines, spans) stay the file's own.
        let shown = walk(&text, 0, file, config);
        if same_headings(&body.sections, &shown.sections) {
            for (section, shown) in body.sections.iter_mut().zip(shown.sections) {
                section.lead = shown.lead;
                section.text = shown.text;
                section.chars = shown.chars;
            }
        }
    }
    body
}

/// True when both lists of sections have the same headings, in order.
fn same_headings(a: &[Section], b: &[Section]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.heading == y.heading)
}

/// One note per file naming the shortcodes and MDX the site leaves out,
/// at the first of them, so the writer knows the page lacks them.
fn removal_note(source: &str, body_start: usize, file: &Path) -> Option<crate::diagnostic::Diagnostic> {
    use crate::diagnostic::{Code, Diagnostic};
    let removed = markup::removed(&source[body_start..]);
    let first = removed.first()?;
    let mut lines = crate::text::LineCounter::new(source);
    let mut listed: Vec<String> = removed
        .iter()
        .take(3)
        .map(|r| {
            format!(
                "{} `{}` (line {})",
                r.what,
                r.text,
                lines.line(body_start + r.offset)
            )
        })
        .collect();
    if removed.len() > 3 {
        listed.push(format!("{} more", removed.len() - 3));
    }
    let start = body_start + first.offset;
    Some(
        Diagnostic::new(
            Code::FormatNote,
            file,
            format!(
                "left out of the site, as another tool's markup: {}",
                listed.join(", ")
            ),
        )
        .at(source, start..start + first.len)
        .with_help(
            "nothing to do if the page reads well without it; write it as Markdown to show it on the site",
        ),
    )
}

/// The one pass over a body behind [`read`].
fn walk(source: &str, body_start: usize, file: &Path, config: &Config) -> Body {
    let body_text = &source[body_start..];
    let mut body = Body::default();
    let mut texts: Vec<SectionText> = Vec::new();
    let mut open_sections: Vec<usize> = Vec::new();
    let mut heading: Option<(u8, usize, String)> = None;
    let mut code_depth = 0usize;
    let mut link_depth = 0usize;
    let mut item_stack: Vec<(Range<usize>, Option<bool>)> = Vec::new();
    let mut lines = crate::text::LineCounter::new(source);

    let parser = Parser::new_ext(body_text, options()).into_offset_iter();
    for (event, range) in parser {
        let range = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, text)) = heading.take() {
                    let text = text.trim().to_string();
                    if level == 1 && body.first_heading.is_none() && !text.is_empty() {
                        body.first_heading = Some(text.clone());
                    }
                    open_sections.retain(|&i| body.sections[i].level < level);
                    let line = lines.line(start);
                    body.sections.push(Section {
                        key: config.section_key(&text).map(str::to_string),
                        heading: text,
                        level,
                        line,
                        lead: String::new(),
                        text: String::new(),
                        chars: 0,
                        tasks: Vec::new(),
                    });
                    texts.push(SectionText::default());
                    open_sections.push(body.sections.len() - 1);
                }
            }
            Event::Start(Tag::CodeBlock(_)) => code_depth += 1,
            Event::End(TagEnd::CodeBlock) => code_depth = code_depth.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type, dest_url, ..
            }) => {
                link_depth += 1;
                let bracketed = match link_type {
                    LinkType::WikiLink { .. } => bracketed_destination(source, range.end),
                    _ => None,
                };
                if let Some((destination, _)) = bracketed {
                    if is_relative_file_link(destination) {
                        body.file_links.push(FileLink {
                            destination: destination.to_string(),
                            path: resolve_link(file, destination),
                            span: range.clone(),
                        });
                    }
                } else if let LinkType::WikiLink { .. } = link_type {
                    let target = dest_url.split('#').next().unwrap_or("").trim().to_string();
                    if !target.is_empty() {
                        body.wiki_links.push(Reference {
                            target,
                            relation: Relation::Mention,
                            origin: Origin::WikiLink,
                            span: range.clone(),
                        });
                    }
                } else if is_relative_file_link(&dest_url) {
                    body.file_links.push(FileLink {
                        destination: dest_url.to_string(),
                        path: resolve_link(file, &dest_url),
                        span: range.clone(),
                    });
                }
            }
            Event::End(TagEnd::Link) => link_depth = link_depth.saturating_sub(1),
            Event::Start(Tag::Image { dest_url, .. }) if is_relative_file_link(&dest_url) => {
                body.file_links.push(FileLink {
                    destination: dest_url.to_string(),
                    path: resolve_link(file, &dest_url),
                    span: range.clone(),
                });
            }
            Event::Start(Tag::Item) => item_stack.push((range.clone(), None)),
            Event::TaskListMarker(done) => {
                if let Some(item) = item_stack.last_mut() {
                    item.1 = Some(done);
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some((item_range, Some(done))) = item_stack.pop() {
                    let raw = &source[item_range.clone()];
                    let text = task_text(raw);
                    let line = lines.line(item_range.start);
                    let task = Task {
                        owner: owner_of(&text),
                        text,
                        done,
                        line,
                    };
                    if let Some(&innermost) = open_sections.last() {
                        body.sections[innermost].tasks.push(task);
                    }
                }
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                if let Some((_, _, heading_text)) = heading.as_mut() {
                    heading_text.push_str(text);
                    continue;
                }
                let piece = text.trim();
                let piece_chars = if piece.is_ascii() {
                    piece.len()
                } else {
                    piece.chars().count()
                };
                for &i in &open_sections {
                    texts[i].push(piece, piece_chars);
                }
                let is_prose = matches!(event, Event::Text(_)) && code_depth == 0 && link_depth == 0;
                if is_prose {
                    let slice = &source[range.clone()];
                    // Text events of escaped or entity characters do not map 1:1 to the source.
                    if slice == text.as_ref() {
                        for (token, token_range) in id_tokens(slice) {
                            body.prose_tokens.push((
                                token.to_string(),
                                range.start + token_range.start..range.start + token_range.end,
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for (section, text) in body.sections.iter_mut().zip(texts) {
        section.chars = text.chars();
        // Kept for the whole run: without what growing them left over.
        section.lead = text.lead.into_boxed_str().into_string();
        section.text = text.whole.into_boxed_str().into_string();
    }
    body.sections.shrink_to_fit();
    body.prose_tokens.shrink_to_fit();
    body
}

/// The text of a task-list item's source, without the bullet and checkbox.
fn task_text(raw: &str) -> String {
    let first = raw.trim_start();
    let first = first.trim_start_matches(|c: char| matches!(c, '-' | '*' | '+') || c.is_ascii_digit());
    let first = first.trim_start_matches(['.', ')']).trim_start();
    let first = first
        .strip_prefix("[ ]")
        .or_else(|| first.strip_prefix("[x]"))
        .or_else(|| first.strip_prefix("[X]"))
        .unwrap_or(first);
    first.trim().lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_body(text: &str) -> Body {
        read(text, 0, Path::new("items/PAY-1.md"), &Config::default())
    }

    #[test]
    fn a_numbered_reference_in_double_brackets_is_a_link_not_an_id() {
        let body = read_body("See [[1]](https://example.com/x) and [[2]](../docs/a.md) and [[ADR-7]].\n");
        let wiki: Vec<&str> = body.wiki_links.iter().map(|r| r.target.as_str()).collect();
        assert_eq!(wiki, ["ADR-7"]);
        let files: Vec<&str> = body.file_links.iter().map(|l| l.destination.as_str()).collect();
        assert_eq!(files, ["../docs/a.md"]);
        assert_eq!(bracketed_destination("[[1]](u v)", 5), Some(("u", 10)));
        assert_eq!(bracketed_destination("[[1]] (u)", 5), None);
        assert_eq!(bracketed_destination("[[1]](u\n)", 5), None);
    }

    #[test]
    fn sections_get_their_keys_text_and_tasks() {
        let body = read_body(
            "# Export\n\n## Why\nFinance needs CSV.\n\n## Acceptance criteria\n- [ ] one\n- [x] two @bo\n\n## Open questions\n- [ ] bank sandbox? @ana\n",
        );
        assert_eq!(body.first_heading.as_deref(), Some("Export"));
        let why = body
            .sections
            .iter()
            .find(|s| s.key.as_deref() == Some("why"))
            .unwrap();
        assert_eq!(why.lead, "Finance needs CSV.");
        assert_eq!(why.chars, "Finance needs CSV.".len());
        assert_eq!(why.line, 3);
        let ac = body
            .sections
            .iter()
            .find(|s| s.key.as_deref() == Some("acceptance_criteria"))
            .unwrap();
        assert_eq!(ac.tasks.len(), 2);
        assert_eq!(ac.tasks[1].text, "two @bo");
        assert!(ac.tasks[1].done);
        assert_eq!(ac.tasks[1].owner.as_deref(), Some("bo"));
        let oq = body
            .sections
            .iter()
            .find(|s| s.key.as_deref() == Some("open_questions"))
            .unwrap();
        assert_eq!(oq.tasks[0].owner.as_deref(), Some("ana"));
        assert_eq!(oq.tasks[0].line, 11);
    }

    #[test]
    fn sections_hold_the_words_the_page_shows() {
        let text =
            "## Why\n:::note Mind\nFinance {{< x >}} needs it.\n:::\n\n## Notes\n!!! tip\n    Ask bo.\n";
        let body = read_body(text);
        assert_eq!(body.sections[0].lead, "Finance needs it.");
        assert_eq!(body.sections[0].text, "Finance needs it.");
        assert_eq!(body.sections[0].line, 1);
        assert_eq!(body.sections[1].lead, "Ask bo.");
        assert_eq!(body.sections[1].line, 6);
        assert!(body.note.is_some(), "the shortcode is noted");
    }

    #[test]
    fn subsections_stay_inside_their_parent() {
        let text = "## Why\nA.\n### Detail\nB.\n## Notes\nC.\n";
        let body = read_body(text);
        let whole: Vec<&str> = body.sections.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(whole, ["A. B.", "B.", "C."]);
        assert_eq!(body.sections[0].chars, 5);
        assert_eq!(body.sections[0].lead, "A.");
    }

    #[test]
    fn wiki_links_file_links_and_prose_ids_are_found() {
        let text = "See [[ADR-0007]] and [the ledger](../decisions/ADR-0003-ledger.md#why), also PAY-12.\n\n```\nPAY-99\n```\n[web](https://x.example) `PAY-98`";
        let body = read_body(text);
        assert_eq!(body.wiki_links[0].target, "ADR-0007");
        assert_eq!(&text[body.wiki_links[0].span.clone()], "[[ADR-0007]]");
        assert_eq!(body.file_links.len(), 1);
        assert_eq!(
            body.file_links[0].path.as_deref(),
            Some(Path::new("decisions/ADR-0003-ledger.md"))
        );
        let tokens: Vec<_> = body.prose_tokens.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(tokens, vec!["PAY-12"]);
        let (_, span) = &body.prose_tokens[0];
        assert_eq!(&text[span.clone()], "PAY-12");
    }

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
                    if crate::ids::is_id_like(token) {
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

    #[test]
    fn owners_need_a_word_boundary() {
        assert_eq!(owner_of("ask a@b.com"), None);
        assert_eq!(owner_of("ask @dara."), Some("dara".into()));
    }
}
