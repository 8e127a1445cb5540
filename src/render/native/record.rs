//! The parts every record page has: the start of the header, the tags and
//! source rows, the body, a section of links, and the end of the article.

use super::macros as m;
use super::{at, truthy, Html, View};

/// The start of the article: the kind and status, and the id and title.
pub fn heading(html: &mut Html, kind: &str, record: View<'_>) {
    html.raw("\n<article class=\"record record-");
    html.raw(kind);
    html.raw("\">\n<header class=\"record-header\">\n  <p class=\"kicker\">");
    m::kind(html, View::Str(kind));
    html.raw(" ");
    m::status(html, record);
    html.raw("</p>\n  <h1><span class=\"rid\">");
    html.value(at(record, "id"));
    html.raw("</span> ");
    html.value(at(record, "title"));
    html.raw("</h1>");
}

/// The status badge, or a dash.
pub fn status_or_none(html: &mut Html, record: View<'_>) {
    if truthy(at(record, "status")) {
        m::status(html, record);
    } else {
        html.raw("<span class=\"none\">—</span>");
    }
}

/// The tags row, the source row, the end of the header and the problems.
pub fn tags_and_source(html: &mut Html, record: View<'_>, root: View<'_>) {
    if truthy(at(record, "tags")) {
        html.raw("\n    <div><dt>Tags</dt><dd>");
        m::tag_links(html, at(record, "tags"), root);
        html.raw("</dd></div>");
    }
    html.raw("\n    <div><dt>Source</dt><dd><code>");
    html.value(at(record, "file"));
    html.raw("</code></dd></div>\n  </dl>\n</header>\n\n");
    m::diagnostics(html, at(record, "diagnostics"));
}

/// The rendered body in a `<div class="{class}">`, when there is one.
pub fn body(html: &mut Html, record: View<'_>, class: &str) {
    if let Some(body) = at(record, "body_html").as_str().filter(|b| !b.is_empty()) {
        html.raw("\n<div class=\"");
        html.raw(class);
        html.raw("\">\n");
        html.raw(body);
        html.raw("\n</div>");
    }
}

/// A section of links: the record's key holding them, the section's id and
/// heading, and how the list is written.
pub type LinkSection = (
    &'static str,
    &'static str,
    &'static str,
    fn(&mut Html, View<'_>, View<'_>),
);

/// The sessions that discussed the record.
pub const DISCUSSED_IN: LinkSection = ("sessions", "sessions", "Discussed in", m::dated_list);

/// The records that mention the record.
pub const MENTIONED_BY: LinkSection = ("mentioned_by", "mentioned-by", "Mentioned by", m::link_list);

/// Each of `sections` that the record has links for: its `<h2>` and list.
pub fn sections(html: &mut Html, record: View<'_>, root: View<'_>, sections: &[LinkSection]) {
    for &(key, id, heading, write) in sections {
        let links = at(record, key);
        if !truthy(links) {
            continue;
        }
        html.raw("\n<section aria-labelledby=\"sec-");
        html.raw(id);
        html.raw("\">\n  <h2 id=\"sec-");
        html.raw(id);
        html.raw("\">");
        html.raw(heading);
        html.raw("</h2>\n  ");
        write(html, links, root);
        html.raw("\n</section>");
    }
}

/// The neighbourhood graph, the history (when `with_history`), the other
/// fields and the end of the article.
pub fn ending(html: &mut Html, record: View<'_>, root: View<'_>, with_history: bool) {
    html.raw("\n\n");
    m::neighbourhood(html, at(record, "graph_svg"));
    html.raw("\n");
    if with_history {
        m::history(html, at(record, "history"), root);
        html.raw("\n\n");
    }
    m::other_fields(html, at(record, "fields"));
    html.raw("\n</article>\n");
}
