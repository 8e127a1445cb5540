//! `decision.html`: a decision's page, with its status banner and its
//! supersession chain.

use super::macros as m;
use super::record::{
    body, ending, heading, sections, status_or_none, tags_and_source, LinkSection, DISCUSSED_IN, MENTIONED_BY,
};
use super::{at, broken, list, truthy, Html, View};

/// The sections of links of a decision, in page order.
const DECISION_SECTIONS: [LinkSection; 7] = [
    ("supersedes", "supersedes", "Supersedes", m::link_list),
    ("superseded_by", "superseded-by", "Superseded by", m::link_list),
    ("amends", "amends", "Amends", m::link_list),
    ("amended_by", "amended-by", "Amended by", m::link_list),
    ("items", "items", "Items it serves", m::link_list),
    DISCUSSED_IN,
    MENTIONED_BY,
];

/// The `content` block of `decision.html`.
pub fn content(html: &mut Html, context: View<'_>, root: View<'_>) {
    let record = context.at("record");
    heading(html, "decision", record);
    banner(html, at(record, "banner"), root);
    html.raw("\n  <dl class=\"facts\">\n    <div><dt>Status</dt><dd>");
    status_or_none(html, record);
    html.raw("</dd></div>\n    <div><dt>Date</dt><dd>");
    m::date(html, at(record, "date"));
    html.raw("</dd></div>");
    for (key, label) in [
        ("deciders", "Deciders"),
        ("consulted", "Consulted"),
        ("informed", "Informed"),
    ] {
        if truthy(at(record, key)) {
            html.raw("\n    <div><dt>");
            html.raw(label);
            html.raw("</dt><dd>");
            m::people_inline(html, at(record, key), root);
            html.raw("</dd></div>");
        }
    }
    tags_and_source(html, record, root);
    chain(html, at(record, "chain"), root);
    body(html, record, "body");
    html.raw("\n\n<div class=\"relations\">");
    sections(html, record, root, &DECISION_SECTIONS);
    html.raw("\n</div>");
    ending(html, record, root, true);
}

/// The status banner: "Superseded by … on …", "Accepted: in force since …".
fn banner(html: &mut Html, banner: View<'_>, root: View<'_>) {
    if !truthy(banner) {
        return;
    }
    let category = at(banner, "category");
    let links = list(at(banner, "links"));
    let date = at(banner, "date");
    html.raw("\n  <div class=\"banner banner-");
    if truthy(category) {
        html.value(category);
    } else {
        html.raw("unknown");
    }
    html.raw("\">\n    <p><strong>");
    html.value(at(banner, "text"));
    html.raw("</strong>");
    if !links.is_empty() {
        for (n, link) in links.iter().copied().enumerate() {
            html.raw(match n {
                0 => " ",
                n if n + 1 == links.len() => " and ",
                _ => ", ",
            });
            if broken(link) {
                m::missing(html, link);
            } else {
                html.raw("<a href=\"");
                html.value(root);
                html.value(at(link, "url"));
                html.raw("\">");
                html.value(at(link, "id"));
                if truthy(at(link, "title")) {
                    html.raw(" (");
                    html.value(at(link, "title"));
                    html.raw(")");
                }
                html.raw("</a>");
            }
        }
        if truthy(date) {
            html.raw(" on ");
            m::date(html, date);
        }
    } else if truthy(date) {
        let text = at(banner, "text").as_str().unwrap_or_default();
        if text.ends_with("since") {
            html.raw(" ");
            m::date(html, date);
        } else if category.as_str() == Some("accepted") {
            html.raw(" since ");
            m::date(html, date);
        } else {
            html.raw(" (");
            m::date(html, date);
            html.raw(")");
        }
    }
    html.raw("</p>");
    let current = at(banner, "current");
    if truthy(current) && !links.is_empty() {
        let later: Vec<View<'_>> = list(current)
            .into_iter()
            .filter(|c| !links.iter().any(|l| l.at("id").as_str() == c.at("id").as_str()))
            .collect();
        if !later.is_empty() {
            html.raw("\n    <p>Latest in the chain: ");
            m::link_inline(html, View::Many(&later), root, true);
            html.raw("</p>");
        }
    }
    html.raw("\n  </div>");
}

/// The supersession chain, when there is one: oldest first.
fn chain(html: &mut Html, chain: View<'_>, root: View<'_>) {
    let chain = list(chain);
    if chain.len() < 2 {
        return;
    }
    html.raw("\n<nav class=\"chain\" aria-labelledby=\"sec-chain\">\n  <h2 id=\"sec-chain\">Supersession chain</h2>\n  <p class=\"hint\">Oldest first; each decision replaced the one before it.</p>\n  <ol>");
    for c in chain {
        let date = at(c, "date");
        if truthy(at(c, "current")) {
            html.raw("\n    <li class=\"current\" aria-current=\"page\"><span class=\"rid\">");
            html.value(at(c, "id"));
            html.raw("</span> ");
            html.value(at(c, "title"));
            html.raw(" ");
            m::status(html, c);
        } else {
            html.raw("\n    <li>");
            m::record_link(html, c, root, true);
        }
        if truthy(date) {
            html.raw(" ");
            m::date(html, date);
        }
        if truthy(at(c, "current")) {
            html.raw(" <em>(this decision)</em>");
        }
        html.raw("</li>");
    }
    html.raw("\n  </ol>\n</nav>");
}
