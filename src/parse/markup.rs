//! Markup of other tools in a body, made fit for the site before it is
//! rendered or indexed for search: HTML comments are dropped (templates,
//! markdownlint, Backlog.md's `<!-- AC:BEGIN -->` markers); Liquid and Hugo
//! shortcodes (`{% … %}`, `{{< … >}}`, `{{% … %}}`), MDX imports and MDX
//! components (`<Tabs>`, `<Chart … />`) are removed, and listed so that
//! loading can say so; Docusaurus (`:::note Title` … `:::`) and MkDocs
//! (`!!! note "Title"` and an indented block) admonitions become GitHub
//! alerts (`> [!NOTE]`), which the renderer turns into callouts with the
//! title kept beside ([`Callout`]).
//!
//! Code is left alone: a shortcode or a comment in a code block or a code
//! span is what the page is about, not markup. A body with none of these
//! markers (most of them) is returned as it is, without a copy.

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
use pulldown_cmark::{BlockQuoteKind, Event, Options, Parser, Tag};
use std::borrow::Cow;
use std::ops::Range;

/// A body ready to render: the Markdown, its callouts and what was removed.
#[derive(Debug, Default)]
pub struct Cleaned<'a> {
    /// The Markdown, with the markup above removed or rewritten.
    pub text: Cow<'a, str>,
    /// The admonitions rewritten as GitHub alerts, by the 0-based line of
    /// their `> [!KIND]` marker in `text`.
    pub callouts: Vec<(usize, Callout)>,
    /// What was removed, in order, with its byte offset in the body given.
    pub removed: Vec<Removed>,
}

/// An admonition's kind and title as written (`:::danger Take care`).
#[derive(Debug, Clone, PartialEq)]
pub struct Callout {
    /// The GitHub alert kind its style follows.
    pub kind: BlockQuoteKind,
    /// The title: as written, else the admonition's kind (`Danger`).
    pub title: String,
}

/// One piece of another tool's markup taken out of a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    /// Byte offset in the body.
    pub offset: usize,
    /// Its length in bytes.
    pub len: usize,
    /// What it was (`Hugo shortcode`, `MDX import`…).
    pub what: &'static str,
    /// Its text, shortened to one line.
    pub text: String,
}

/// The body `text` cleaned of other tools' markup.
pub fn clean(text: &str) -> Cleaned<'_> {
    if !may_hold_markup(text) {
        return Cleaned {
            text: Cow::Borrowed(text),
            ..Cleaned::default()
        };
    }
    let (without, removed) = remove(text);
    let (text, callouts) = admonitions(&without);
    Cleaned {
        text: Cow::Owned(text),
        callouts,
        removed,
    }
}

/// The title a GitHub alert of `kind` shows when none is written.
pub fn default_title(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "Note",
        BlockQuoteKind::Tip => "Tip",
        BlockQuoteKind::Important => "Important",
        BlockQuoteKind::Warning => "Warning",
        BlockQuoteKind::Caution => "Caution",
    }
}

/// The CSS name of an alert kind (`callout-note`…).
pub fn kind_name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// True when `text` holds what may start one of the markups: a quick
/// look, so that most bodies are never parsed twice.
fn may_hold_markup(text: &str) -> bool {
    // Every body of a build passes here: each test is a vectorised search
    // (`memchr`, `memmem`) for what starts a markup, never a loop over every
    // byte or line (a twelfth of a first `check` of 13,000 records once went
    // to such a loop).
    let bytes = text.as_bytes();
    let after = |i: usize| bytes.get(i + 1).copied().unwrap_or(0);
    memchr::memchr_iter(b'<', bytes).any(|i| {
        let next = after(i);
        next == b'!' || next.is_ascii_uppercase()
    }) || memchr::memchr_iter(b'{', bytes).any(|i| matches!(after(i), b'{' | b'%' | b'/'))
        || [":::", "!!!", "???", "import "]
            .iter()
            .any(|start| memchr::memmem::find_iter(bytes, start.as_bytes()).any(|i| starts_line(bytes, i)))
}

/// True when only spaces stand between the start of its line and byte `at`.
fn starts_line(bytes: &[u8], at: usize) -> bool {
    bytes[..at]
        .iter()
        .rev()
        .find(|&&b| b != b' ')
        .is_none_or(|&b| b == b'\n')
}

/// Byte ranges of code blocks and code spans, in order.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        if matches!(event, Event::Start(Tag::CodeBlock(_)) | Event::Code(_))
            && ranges.last().is_none_or(|last| last.end < range.end)
        {
            ranges.push(range);
        }
    }
    ranges
}

/// `text` without comments, shortcodes and MDX, and what was removed.
fn remove(text: &str) -> (String, Vec<Removed>) {
    let code = code_ranges(text);
    let in_code = |at: usize| {
        let i = code.partition_point(|r| r.end <= at);
        code.get(i).is_some_and(|r| r.start <= at)
    };
    let mut cuts: Vec<(Range<usize>, Option<Removed>)> = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find(['<', '{']) {
        let start = at + found;
        at = start + 1;
        let Some((end, what)) = markup_at(text, start) else {
            continue;
        };
        if in_code(start) {
            continue;
        }
        let removed = what.map(|what| Removed {
            offset: start,
            len: end - start,
            what,
            text: one_line(&text[start..end]),
        });
        cuts.push((start..end, removed));
        at = end;
    }
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line.starts_with("import ") && is_mdx_import(line) && !in_code(start) {
            let removed = Removed {
                offset: start,
                len: line.len(),
                what: "MDX import",
                text: one_line(line),
            };
            cuts.push((start..start + line.len(), Some(removed)));
        }
    }
    let components = mdx_components(text, &in_code);
    cuts.extend(components);
    cuts.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(text.len());
    let mut removed = Vec::new();
    let mut copied = 0;
    for (range, what) in cuts {
        if range.start < copied {
            continue;
        }
        let range = whole_lines(text, range);
        out.push_str(&text[copied..range.start]);
        copied = range.end;
        removed.extend(what);
    }
    out.push_str(&text[copied..]);
    (out, removed)
}

/// The end of the markup starting at `start`, and what it is (`None` for
/// an HTML comment, dropped without a word).
fn markup_at(text: &str, start: usize) -> Option<(usize, Option<&'static str>)> {
    let rest = &text[start..];
    let closed = |open: &str, close: &str, what: &'static str| {
        let inner = rest.strip_prefix(open)?;
        // A shortcode fits in a paragraph: no blank line inside.
        let end = inner.find(close)?;
        (!inner[..end].contains("\n\n")).then_some((start + open.len() + end + close.len(), Some(what)))
    };
    if let Some(inner) = rest.strip_prefix("<!--") {
        let end = inner.find("-->").map_or(text.len(), |e| start + 4 + e + 3);
        return Some((end, None));
    }
    if rest.starts_with("{{<") {
        return closed("{{<", ">}}", "Hugo shortcode");
    }
    if rest.starts_with("{{%") {
        return closed("{{%", "%}}", "Hugo shortcode");
    }
    if let Some(inner) = rest.strip_prefix("{%") {
        let (end, what) = closed("{%", "%}", "Liquid tag")?;
        // `{% comment %}…{% endcomment %}` goes with what it holds.
        let name = inner.trim_start().split(|c: char| !c.is_alphanumeric()).next();
        if name == Some("comment") {
            if let Some(close) = text[end..].find("{% endcomment %}") {
                return Some((end + close + "{% endcomment %}".len(), what));
            }
        }
        return Some((end, what));
    }
    if rest.starts_with("{/*") {
        return closed("{/*", "*/}", "MDX comment");
    }
    None
}

/// `import X from './x'`, `import { A, B } from "y";`, `import './z.css'`.
fn is_mdx_import(line: &str) -> bool {
    let line = line.trim_end().trim_end_matches(';');
    let quoted = |s: &str| {
        let s = s.trim();
        s.len() >= 2 && (s.starts_with('\'') && s.ends_with('\'') || s.starts_with('"') && s.ends_with('"'))
    };
    let Some(rest) = line.strip_prefix("import ") else {
        return false;
    };
    match rest.rfind(" from ") {
        Some(from) => quoted(&rest[from + 6..]) && !rest[..from].trim().is_empty(),
        None => quoted(rest),
    }
}

/// MDX components: capitalised tags (`<Tabs>`, `<Chart data={x} />`) at the
/// start of a line or after a space, self-closing or with their closing tag
/// in the body; `Option<String>` in prose is no component.
fn mdx_components(text: &str, in_code: &dyn Fn(usize) -> bool) -> Vec<(Range<usize>, Option<Removed>)> {
    let mut tags: Vec<(Range<usize>, String, TagShape)> = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find('<') {
        let start = at + found;
        at = start + 1;
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| !c.is_whitespace() && c != '>' && c != '(') || in_code(start) {
            continue;
        }
        if let Some((end, name, shape)) = jsx_tag(text, start) {
            tags.push((start..end, name, shape));
            at = end;
        }
    }
    let named = |wanted: TagShape| -> Vec<String> {
        tags.iter()
            .filter(|(_, _, shape)| *shape == wanted)
            .map(|(_, name, _)| name.clone())
            .collect()
    };
    let (opened, closed) = (named(TagShape::Open), named(TagShape::Close));
    tags.into_iter()
        .filter(|(_, name, shape)| match shape {
            TagShape::SelfClosing => true,
            TagShape::Open => closed.contains(name),
            TagShape::Close => opened.contains(name),
        })
        .map(|(range, _, shape)| {
            let removed = (shape != TagShape::Close).then(|| Removed {
                offset: range.start,
                len: range.len(),
                what: "MDX component",
                text: one_line(&text[range.clone()]),
            });
            (range, removed)
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum TagShape {
    Open,
    Close,
    SelfClosing,
}

/// The JSX tag at `start`: its end, name and shape. Attribute values in
/// quotes or braces may hold `>`.
fn jsx_tag(text: &str, start: usize) -> Option<(usize, String, TagShape)> {
    let rest = &text[start + 1..];
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_')
        .collect();
    let capitalised = name.starts_with(|c: char| c.is_ascii_uppercase());
    // `<HEADER>`, `<T>`: placeholders in prose, not components.
    if !capitalised || !name.chars().any(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let from = start + 1 + usize::from(closing) + name.len();
    let mut previous = ' ';
    for (i, c) in text[from..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if depth == 0 => quote = Some(c),
            (None, '{') => depth += 1,
            (None, '}') => depth = depth.saturating_sub(1),
            (None, '>') if depth == 0 => {
                let shape = if closing {
                    TagShape::Close
                } else if previous == '/' {
                    TagShape::SelfClosing
                } else {
                    TagShape::Open
                };
                return Some((from + i + 1, name, shape));
            }
            // A tag does not run over a blank line.
            (None, '\n') if previous == '\n' => return None,
            _ => {}
        }
        if !c.is_whitespace() || c == '\n' {
            previous = c;
        }
    }
    None
}

/// `range` grown to whole lines, newline included, when only spaces share
/// its first and last lines: removing it then leaves no empty line.
fn whole_lines(text: &str, range: Range<usize>) -> Range<usize> {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[range.end..].find('\n').map_or(text.len(), |i| range.end + i);
    let alone =
        text[line_start..range.start].trim().is_empty() && text[range.end..line_end].trim().is_empty();
    if alone {
        line_start..(line_end + 1).min(text.len())
    } else if text[..range.start].ends_with(' ') && text[range.end..].starts_with(' ') {
        // Inside a line, a space on both sides keeps one of them.
        range.start..range.end + 1
    } else {
        range
    }
}

/// A removed text as a note shows it: one line, at most 60 characters.
fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    }
}

mod admonitions;
use admonitions::admonitions;

#[cfg(test)]
mod tests;
