//! Markdown to HTML for record bodies, with shoshin's rewriting:
//! `[[ID]]` and bare ids become links to record pages, relative links to record
//! files become links to their pages, external ticket keys become links, raw
//! HTML is escaped unless allowed, and unsafe URLs are never emitted.

use crate::config::Config;
use crate::index::Index;
use crate::parse::links::{
    bracketed_destination, has_scheme, id_tokens, is_relative_file_link, resolve_link,
};
use crate::parse::markup::options;
use crate::parse::markup::Callout;
use crate::text::escape_html;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use regex::Regex;
use rustc_hash::FxHashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// A record's body as HTML, with what it links to besides record pages.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Non-record files of the repository the body links to (relative to the root);
    /// they are copied into the site under `files/`.
    pub assets: Vec<PathBuf>,
}

/// What a relative link to the repository file `path` reaches.
enum FileTarget {
    /// A record's file: its page.
    Record(usize),
    /// A file copied into the site: the one linked, or a folder's README.
    Asset(PathBuf),
    /// A folder without a README or index: it has no page of its own.
    Folder,
    /// Nothing the site can link to.
    Nothing,
}

/// What a link to `path` reaches. A folder leads to its README or index:
/// the record's page when that file is a record, else the file copied as
/// any other.
fn find_file(ctx: &MarkdownContext, path: &Path) -> FileTarget {
    use crate::parse::links::{classify_linked_file, LinkedFile};
    let record_of = |path: &Path| ctx.by_file.get(path.as_os_str()).copied();
    let target = if let Some(i) = record_of(path) {
        FileTarget::Record(i)
    } else {
        match classify_linked_file(ctx.root, &ctx.canonical_root, path) {
            LinkedFile::File => FileTarget::Asset(path.to_path_buf()),
            LinkedFile::Folder => {
                let docs = FOLDER_DOCS.iter().map(|name| path.join(name));
                let mut found = FileTarget::Folder;
                for doc in docs {
                    if let Some(i) = record_of(&doc) {
                        found = FileTarget::Record(i);
                        break;
                    }
                    if classify_linked_file(ctx.root, &ctx.canonical_root, &doc) == LinkedFile::File {
                        found = FileTarget::Asset(doc);
                        break;
                    }
                }
                found
            }
            _ => FileTarget::Nothing,
        }
    };
    target
}

/// The files that stand for a folder a link points at, in order of preference.
const FOLDER_DOCS: &[&str] = &["README.md", "index.md", "_index.md", "readme.md"];

/// Where a link or image leads on the site.
enum Destination {
    /// This URL.
    Url(String),
    /// This URL, of a decision no longer in force: the link is struck through.
    Retired(String),
    /// Nowhere: the text stays, marked as a broken link.
    Broken,
    /// Nowhere on the site, but not broken (a folder of the repository).
    Unlinked,
}

/// Everything Markdown rendering needs that is shared by all pages.
pub struct MarkdownContext<'a> {
    /// The index, to resolve ids.
    pub index: &'a Index,
    /// The configuration.
    pub config: &'a Config,
    /// External ticket patterns, compiled.
    pub link_rules: Vec<(Regex, String)>,
    /// Record file → record index, keyed by the paths' bytes (hashing a
    /// `Path` walks its components; both sides are joined the same way).
    pub by_file: FxHashMap<&'a OsStr, usize>,
    /// The records root, to see which linked files exist.
    pub root: &'a Path,
    /// The records root with symbolic links resolved.
    pub canonical_root: PathBuf,
}

impl<'a> MarkdownContext<'a> {
    /// Prepares the shared context.
    pub fn new(index: &'a Index, config: &'a Config, root: &'a Path) -> Self {
        let link_rules = config
            .links
            .iter()
            .filter_map(|rule| Regex::new(&rule.pattern).ok().map(|re| (re, rule.url.clone())))
            .collect();
        let by_file = index
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.file.as_os_str(), i))
            .collect();
        MarkdownContext {
            index,
            config,
            link_rules,
            by_file,
            root,
            canonical_root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        }
    }
}

/// True for a URL that may appear in an `href` or `src`: no scheme (relative),
/// or http, https, mailto, tel, ftp.
pub fn is_safe_url(url: &str) -> bool {
    let trimmed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    if !has_scheme(&trimmed) {
        return !trimmed.contains(':') || trimmed.find(':') > trimmed.find(['/', '?', '#']);
    }
    let scheme = trimmed.split(':').next().unwrap_or("").to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel" | "ftp")
}

/// The site URL of record `i`, relative to the site root.
pub fn record_url(index: &Index, i: usize) -> String {
    let record = &index.records[i];
    if let Some(repositories) = &index.repositories {
        // A portal's records are under their repository's folder, by the
        // id inside it: `r/payments/decisions/ADR-0007/index.html`.
        return format!(
            "r/{}/{}/{}/index.html",
            repositories.name_of(i),
            record.kind.plural(),
            crate::parse::ids::path_segment(crate::index::repositories::local_id(&record.id))
        );
    }
    format!(
        "{}/{}/index.html",
        record.kind.plural(),
        crate::parse::ids::path_segment(&record.id)
    )
}

/// The path from any record's page to the site root: record pages are two
/// folders deep (`decisions/ADR-0007/`), four on a portal
/// (`r/payments/decisions/ADR-0007/`).
pub fn record_page_root(index: &Index) -> &'static str {
    if index.repositories.is_some() {
        "../../../../"
    } else {
        "../../"
    }
}

/// Where a linked repository file lands in the site, relative to the site root.
pub fn asset_url(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| crate::parse::ids::path_segment(&c.as_os_str().to_string_lossy()))
        .collect();
    format!("files/{}", parts.join("/"))
}

enum Replaced {
    Kept,
    Span,
    /// A link inside a `retired-link` span, closed after it.
    Retired,
}

/// The opening of the span around a link to a decision no longer in force.
const RETIRED_OPEN: &str = r#"<span class="retired-link" title="no longer in force">"#;

/// Whether record `i` is a decision no longer in force, which links to it
/// show struck through.
fn is_retired(index: &Index, i: usize) -> bool {
    index.records[i].kind == crate::model::Kind::Decision && index.is_retired(i)
}

/// The destination of a link to record `i`'s page.
fn record_destination(index: &Index, i: usize, url: String) -> Destination {
    if is_retired(index, i) {
        Destination::Retired(url)
    } else {
        Destination::Url(url)
    }
}

/// Renders the body of record `current`; `root` is the page's path to the
/// site root.
pub fn render(ctx: &MarkdownContext, current: usize, root: &str) -> Rendered {
    let record = &ctx.index.records[current];
    let body = record.body();
    let mut assets = Vec::new();
    let mut events: Vec<Event> = Vec::with_capacity(body.len() / 8);
    let mut link_stack: Vec<Replaced> = Vec::new();
    // A `[[1]](url)` being rendered: where its wiki link ends and where its
    // `(url)` ends, in the text.
    let mut bracketed: Option<(usize, usize)> = None;
    let mut code_depth = 0usize;
    let mut heading: Option<(usize, HeadingLevel)> = None;
    let mut heading_ids: FxHashMap<String, usize> = FxHashMap::default();
    // A ```mermaid block being read (where its events start), and the
    // diagrams drawn, put in after the HTML is made (and cleaned).
    let mut mermaid: Option<usize> = None;
    let mut diagrams: Vec<std::sync::Arc<str>> = Vec::new();

    // Other tools' markup is dropped, and their admonitions become alerts.
    let cleaned = crate::parse::markup::clean(body);
    let mut lines = crate::text::LineCounter::new(&cleaned.text);
    let mut skipping_title = false;
    // Lines at the top that only repeat the page's facts (`Status:`,
    // `Date:`, an adr-tools Status section) are left out.
    let hidden = super::document::repeated_facts_end(&cleaned.text, record);
    let parser = Parser::new_ext(&cleaned.text, options()).into_offset_iter();
    for (position, (event, range)) in parser.enumerate() {
        if range.start < hidden {
            continue;
        }
        // The page shows the title already: a leading `# Title` is not repeated.
        if position == 0
            && matches!(
                event,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            )
        {
            skipping_title = true;
        }
        if skipping_title {
            skipping_title = !matches!(event, Event::End(TagEnd::Heading(HeadingLevel::H1)));
            continue;
        }
        match event {
            Event::Html(html) | Event::InlineHtml(html) if !ctx.config.markdown.raw_html => {
                events.push(Event::Text(html));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some((events.len(), level));
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, _)) = heading.take() {
                    let text: String = events[start..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let base = crate::text::slug(&text);
                    let count = heading_ids.entry(base.clone()).or_insert(0);
                    let anchor = if *count == 0 {
                        base
                    } else {
                        format!("{base}-{count}")
                    };
                    *count += 1;
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        if id.is_none() {
                            *id = Some(CowStr::from(anchor));
                        }
                    }
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let line = lines.line(range.start) - 1;
                events.push(Event::Html(callout_start(&cleaned.callouts, line, kind).into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => events.push(Event::Html("</div>\n".into())),
            Event::Start(Tag::CodeBlock(kind)) => {
                code_depth += 1;
                if let pulldown_cmark::CodeBlockKind::Fenced(info) = &kind {
                    if crate::diagram::is_mermaid(info) {
                        mermaid = Some(events.len());
                    }
                }
                events.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                code_depth = code_depth.saturating_sub(1);
                events.push(Event::End(TagEnd::CodeBlock));
                if let Some(start) = mermaid.take() {
                    diagram(&mut events, start, &mut diagrams);
                }
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                ..
            }) if bracketed_destination(&cleaned.text, range.end).is_some() => {
                // `[[1]](url)`: a link whose text is `[1]`, not a wiki link.
                let (destination, end) = bracketed_destination(&cleaned.text, range.end).unwrap_or_default();
                bracketed = Some((range.end, end));
                let tag = Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: destination.to_string().into(),
                    title: "".into(),
                    id: "".into(),
                };
                match rewrite_url(ctx, &record.file, destination, root, &mut assets) {
                    Destination::Url(url) => {
                        link_stack.push(Replaced::Kept);
                        events.push(Event::Start(with_destination(tag, url)));
                    }
                    Destination::Retired(url) => {
                        link_stack.push(Replaced::Retired);
                        events.push(Event::InlineHtml(RETIRED_OPEN.into()));
                        events.push(Event::Start(with_destination(tag, url)));
                    }
                    _ => {
                        link_stack.push(Replaced::Span);
                        events.push(Event::Html(r#"<span class="broken-link">"#.into()));
                    }
                }
                events.push(Event::Text("[".into()));
            }
            Event::End(TagEnd::Link) if bracketed.is_some_and(|(start, _)| start == range.end) => {
                events.push(Event::Text("]".into()));
                match link_stack.pop() {
                    Some(Replaced::Span) => events.push(Event::Html("</span>".into())),
                    Some(Replaced::Retired) => {
                        events.push(Event::End(TagEnd::Link));
                        events.push(Event::InlineHtml("</span>".into()));
                    }
                    _ => events.push(Event::End(TagEnd::Link)),
                }
            }
            Event::Text(text)
                if bracketed.is_some_and(|(start, end)| (start..end).contains(&range.start)) =>
            {
                // The `(url)` just read as the link's destination, in one
                // piece of text or several.
                let end = bracketed.map_or(range.end, |(_, end)| end);
                if range.end >= end {
                    bracketed = None;
                }
                if let Some(rest) = text.get(end - range.start..).filter(|rest| !rest.is_empty()) {
                    events.push(Event::Text(rest.to_string().into()));
                }
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let target = match &tag {
                    Tag::Link {
                        link_type: LinkType::WikiLink { .. },
                        dest_url,
                        ..
                    } => {
                        let (wanted, fragment) = split_fragment(dest_url);
                        match ctx.index.resolve_from(current, wanted.trim()) {
                            Some(i) => record_destination(
                                ctx.index,
                                i,
                                format!("{root}{}{fragment}", record_url(ctx.index, i)),
                            ),
                            None => Destination::Broken,
                        }
                    }
                    Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                        rewrite_url(ctx, &record.file, dest_url, root, &mut assets)
                    }
                    _ => Destination::Broken,
                };
                match target {
                    Destination::Url(url) => {
                        link_stack.push(Replaced::Kept);
                        events.push(Event::Start(with_destination(tag, url)));
                    }
                    Destination::Retired(url) => {
                        link_stack.push(Replaced::Retired);
                        events.push(Event::InlineHtml(RETIRED_OPEN.into()));
                        events.push(Event::Start(with_destination(tag, url)));
                    }
                    Destination::Broken => {
                        // Not a link at all: its text stays, marked as broken.
                        link_stack.push(Replaced::Span);
                        events.push(Event::Html(r#"<span class="broken-link">"#.into()));
                    }
                    Destination::Unlinked => {
                        // A folder of the repository: the site has no page for it.
                        link_stack.push(Replaced::Span);
                        events.push(Event::Html(
                            r#"<span class="folder-link" title="a folder of the repository">"#.into(),
                        ));
                    }
                }
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => match link_stack.pop() {
                Some(Replaced::Span) => events.push(Event::Html("</span>".into())),
                Some(Replaced::Retired) => {
                    events.push(Event::End(end));
                    events.push(Event::InlineHtml("</span>".into()));
                }
                _ => events.push(Event::End(end)),
            },
            Event::Text(text) if code_depth == 0 && link_stack.is_empty() => {
                match link_prose(ctx, current, &text, root) {
                    Some(html) => events.push(Event::InlineHtml(html.into())),
                    None => events.push(Event::Text(text)),
                }
            }
            Event::TaskListMarker(done) => {
                // A named checkbox: assistive technology reads what it stands for.
                let (checked, label) = if done {
                    (" checked=\"\"", "done")
                } else {
                    ("", "not done")
                };
                events.push(Event::InlineHtml(
                    format!("<input disabled=\"\" type=\"checkbox\"{checked} aria-label=\"{label}\"/>\n")
                        .into(),
                ));
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if ctx.config.markdown.raw_html {
        html = sanitize(&html);
    }
    for (n, svg) in diagrams.iter().enumerate() {
        html = html.replacen(
            &diagram_slot(n),
            &format!(r#"<figure class="diagram">{svg}</figure>"#),
            1,
        );
    }
    assets.sort();
    assets.dedup();
    Rendered { html, assets }
}

/// Replaces the ```mermaid block whose events start at `start` (to the end
/// of `events`) by a slot for its drawing, kept in `diagrams`; a block the
/// renderer cannot draw stays a code block (`check` says why).
fn diagram(events: &mut Vec<Event>, start: usize, diagrams: &mut Vec<std::sync::Arc<str>>) {
    let source: String = events[start..]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    if let Ok(svg) = crate::diagram::draw(&source) {
        events.truncate(start);
        events.push(Event::Html(
            format!(
                "<div class=\"diagram-slot\">{}</div>\n",
                diagram_slot(diagrams.len())
            )
            .into(),
        ));
        diagrams.push(svg);
    }
}

/// The text standing for the `n`th diagram until the HTML is made: a word
/// the cleaning of raw HTML keeps, which no body holds.
fn diagram_slot(n: usize) -> String {
    format!("shoshin\u{2063}diagram\u{2063}{n}\u{2063}")
}

/// The opening of a callout: a GitHub alert, or an admonition rewritten
/// as one (its title kept in `callouts`, by the line of its marker).
fn callout_start(callouts: &[(usize, Callout)], line: usize, kind: BlockQuoteKind) -> String {
    use crate::parse::markup::{default_title, kind_name};
    let title = callouts
        .iter()
        .find(|(at, _)| *at == line)
        .map_or(default_title(kind), |(_, c)| c.title.as_str());
    format!(
        "<div class=\"callout callout-{}\" role=\"note\">\n<p class=\"callout-title\">{}</p>\n",
        kind_name(kind),
        escape_html(title)
    )
}

/// Removes scripts, event handlers and unsafe URLs that raw HTML in a body
/// may have brought in, keeping ordinary markup.
fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class", "title"])
        .add_tags(["input", "details", "summary"])
        .add_tag_attributes("div", ["role"])
        .add_tag_attributes("input", ["type", "checked", "disabled", "aria-label"])
        .url_schemes(["http", "https", "mailto", "tel", "ftp"].into_iter().collect())
        .link_rel(None)
        .clean(html)
        .to_string()
}

/// A link or image tag with its destination replaced.
fn with_destination(tag: Tag<'_>, url: String) -> Tag<'_> {
    match tag {
        Tag::Link {
            link_type, title, id, ..
        } => Tag::Link {
            link_type,
            dest_url: url.into(),
            title,
            id,
        },
        Tag::Image {
            link_type, title, id, ..
        } => Tag::Image {
            link_type,
            dest_url: url.into(),
            title,
            id,
        },
        other => other,
    }
}

fn split_fragment(url: &str) -> (&str, &str) {
    match url.find('#') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    }
}

/// Where a Markdown link or image destination leads: a URL, or nowhere
/// (an unsafe scheme, a relative path to no file, a folder without README).
fn rewrite_url(
    ctx: &MarkdownContext,
    file: &Path,
    destination: &str,
    root: &str,
    assets: &mut Vec<PathBuf>,
) -> Destination {
    if !is_safe_url(destination) {
        return Destination::Broken;
    }
    if !is_relative_file_link(destination) {
        return Destination::Url(destination.to_string());
    }
    let (_, fragment) = split_fragment(destination);
    let Some(path) = resolve_link(file, destination) else {
        return Destination::Broken;
    };
    match find_file(ctx, &path) {
        FileTarget::Record(i) => record_destination(
            ctx.index,
            i,
            format!("{root}{}{fragment}", record_url(ctx.index, i)),
        ),
        FileTarget::Asset(path) => {
            let url = format!("{root}{}{fragment}", asset_url(&path));
            assets.push(path);
            Destination::Url(url)
        }
        FileTarget::Folder => Destination::Unlinked,
        FileTarget::Nothing => Destination::Broken,
    }
}

/// HTML for prose with ids and external ticket keys linked; `None` when the
/// text has nothing to link.
fn link_prose(ctx: &MarkdownContext, current: usize, text: &str, root: &str) -> Option<String> {
    // Each match: its span, URL, title, and whether it names a decision
    // no longer in force.
    let mut matches: Vec<(std::ops::Range<usize>, String, Option<String>, bool)> = Vec::new();
    for (token, range) in id_tokens(text) {
        if let Some(i) = ctx.index.resolve_from(current, token) {
            if i != current {
                let record = &ctx.index.records[i];
                matches.push((
                    range,
                    format!("{root}{}", record_url(ctx.index, i)),
                    Some(record.title.clone()),
                    is_retired(ctx.index, i),
                ));
            }
        }
    }
    for (pattern, template) in &ctx.link_rules {
        for captures in pattern.captures_iter(text) {
            let whole = captures.get(0).expect("group 0 always matches");
            if whole.as_str().is_empty() {
                continue;
            }
            let mut url = template.clone();
            for (n, group) in captures.iter().enumerate() {
                url = url.replace(&format!("{{{n}}}"), group.map(|g| g.as_str()).unwrap_or(""));
            }
            if is_safe_url(&url) {
                matches.push((whole.range(), url, None, false));
            }
        }
    }
    if matches.is_empty() {
        return None;
    }
    matches.sort_by_key(|(range, _, _, _)| (range.start, std::cmp::Reverse(range.end)));
    let mut html = String::with_capacity(text.len() + 64 * matches.len());
    let mut position = 0;
    for (range, url, title, retired) in matches {
        if range.start < position {
            continue;
        }
        html.push_str(&escape_html(&text[position..range.start]));
        if retired {
            html.push_str(RETIRED_OPEN);
        }
        html.push_str("<a href=\"");
        html.push_str(&escape_html(&url));
        html.push('"');
        if let Some(title) = title {
            html.push_str(" title=\"");
            html.push_str(&escape_html(&title));
            html.push('"');
        }
        html.push('>');
        html.push_str(&escape_html(&text[range.clone()]));
        html.push_str("</a>");
        if retired {
            html.push_str("</span>");
        }
        position = range.end;
    }
    html.push_str(&escape_html(&text[position..]));
    Some(html)
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
