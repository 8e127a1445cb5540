//! Reads what the stages need from a Markdown body, in one pass: sections and
//! their task lists, the first heading, wiki links, relative file links, and
//! the words in prose that could be ids.

mod section_text;

use crate::config::Config;
use crate::model::{FileLink, Origin, Reference, Relation, Section, Task};
use crate::parse::links::{bracketed_destination, id_tokens, is_relative_file_link, resolve_link};
use crate::parse::markup::options;
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use section_text::SectionText;
use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

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

/// Reads the body `source[body_start..]` of the record at `file`, in one
/// pass: sections with the start and (unless `config.leads_only`) the whole
/// of their text, tasks, links and id-like words.
pub fn read(source: &str, body_start: usize, file: &Path, config: &Config) -> Body {
    let mut body = walk(source, body_start, file, config);
    let cleaned = crate::parse::markup::clean(&source[body_start..]);
    body.note = removal_note(source, body_start, &cleaned.removed, file);
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
fn removal_note(
    source: &str,
    body_start: usize,
    removed: &[crate::parse::markup::Removed],
    file: &Path,
) -> Option<crate::diagnostic::Diagnostic> {
    use crate::diagnostic::{Code, Diagnostic};
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

/// True for an event inside a line of text: the text itself and inline
/// markup. Anything else (a line break, a block's start or end) ends a word.
fn is_inline(event: &Event) -> bool {
    matches!(
        event,
        Event::Text(_)
            | Event::Code(_)
            | Event::Start(
                Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
            )
            | Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
            )
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
    // Whether the next text starts a new word: after a line break, a block
    // or a space, but not after inline markup (`bank ([ADR-4](x))` reads
    // `bank (ADR-4)`).
    let mut word_break = true;

    let parser = Parser::new_ext(body_text, options()).into_offset_iter();
    for (event, range) in parser {
        let range = range.start + body_start..range.end + body_start;
        if !is_inline(&event) {
            word_break = true;
        }
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
                    texts.push(SectionText::new(!config.leads_only));
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
                let run_on = !word_break && !text.starts_with(char::is_whitespace);
                word_break = text.ends_with(char::is_whitespace);
                for &i in &open_sections {
                    texts[i].push(piece, piece_chars, run_on);
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
        section.text = text.whole.unwrap_or_default().into_boxed_str().into_string();
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
    fn words_run_on_across_inline_markup_and_break_at_lines_and_blocks() {
        let text = "## Why\nPolling the bank ([ADR-4](ADR-4.md)) is *slow*; `poll()`\nretries **twice**.\n\n- one\n- two\n";
        let body = read_body(text);
        assert_eq!(
            body.sections[0].lead,
            "Polling the bank (ADR-4) is slow; poll() retries twice."
        );
        assert_eq!(
            body.sections[0].text,
            "Polling the bank (ADR-4) is slow; poll() retries twice. one two"
        );
    }

    #[test]
    fn subsections_stay_inside_their_parent() {
        let text = "## Why\nA.\n### Detail\nB.\n## Notes\nC.\n";
        let body = read_body(text);
        let whole: Vec<&str> = body.sections.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(whole, ["A. B.", "B.", "C."]);
        assert_eq!(body.sections[0].chars, 5);
        assert_eq!(body.sections[0].lead, "A.");
        let config = Config {
            leads_only: true,
            ..Config::default()
        };
        let leads = read(text, 0, Path::new("items/PAY-1.md"), &config);
        assert_eq!(
            (leads.sections[0].lead.as_str(), leads.sections[0].text.as_str()),
            ("A.", "")
        );
        assert_eq!(leads.sections[0].chars, 5);
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
    fn owners_need_a_word_boundary() {
        assert_eq!(owner_of("ask a@b.com"), None);
        assert_eq!(owner_of("ask @dara."), Some("dara".into()));
    }
}
