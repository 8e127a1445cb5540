//! `decisions.html` and `in_force.html`: the decision log, a row per
//! decision, and the decisions in force, grouped by topic.

use super::macros as m;
use super::{at, list, truthy, Html, View};

/// The `content` block of `decisions.html`.
pub fn decisions(html: &mut Html, context: View<'_>, root: View<'_>) {
    html.raw("\n<h1>");
    html.value(at(at(context, "page"), "title"));
    html.raw("</h1>\n<p class=\"lede\">Every decision, newest first, grouped by month. Superseded, rejected and deprecated decisions are shown muted: they no longer apply. For the ones that do, see <a href=\"");
    html.value(root);
    html.raw("in-force/index.html\">the decisions in force</a>.</p>");
    let months = at(context, "months");
    if !truthy(months) {
        html.raw("\n<p class=\"empty\">No decisions recorded yet.</p>\n");
        return;
    }
    html.raw("\n<div id=\"decision-log\" data-filter=\"status,tags\" data-order>");
    for (n, month) in list(months).into_iter().enumerate() {
        let n = (n + 1).to_string();
        html.raw("\n<section aria-labelledby=\"m-");
        html.raw(&n);
        html.raw("\" data-filter-group>\n  <h2 id=\"m-");
        html.raw(&n);
        html.raw("\">");
        let key = at(month, "key");
        if truthy(key) {
            html.raw("<time datetime=\"");
            html.value(key);
            html.raw("\">");
            html.value(at(month, "label"));
            html.raw("</time>");
        } else {
            html.value(at(month, "label"));
        }
        html.raw("</h2>\n  <ol class=\"log\">");
        for decision in list(at(month, "decisions")) {
            log_entry(html, decision, root);
        }
        html.raw("\n  </ol>\n</section>");
    }
    html.raw("\n</div>\n");
}

/// One decision of the log.
fn log_entry(html: &mut Html, d: View<'_>, root: View<'_>) {
    let muted = m::no_longer_in_force(at(d, "status_category").as_str());
    html.raw(if muted {
        "\n    <li class=\"log-entry muted\" data-id=\""
    } else {
        "\n    <li class=\"log-entry\" data-id=\""
    });
    html.value(at(d, "id"));
    html.raw("\" data-status=\"");
    html.value(at(d, "status"));
    html.raw("\" data-tags=\"");
    for (n, tag) in list(at(d, "tags")).into_iter().enumerate() {
        if n > 0 {
            html.raw(",");
        }
        html.value(at(tag, "name"));
    }
    html.raw("\">\n      <span class=\"log-date\">");
    m::date(html, at(d, "date"));
    html.raw("</span>\n      <span class=\"log-status\">");
    m::status(html, d);
    html.raw("</span>\n      ");
    id_and_title(html, "<a class=\"log-title\" href=\"", d, root);
    let superseded_by = at(d, "superseded_by");
    if truthy(superseded_by) {
        html.raw("\n      <span class=\"superseded-by\">superseded by ");
        m::link_inline(html, superseded_by, root, false);
        html.raw("</span>");
    }
    html.raw("\n    </li>");
}

/// A decision's id and title linking to its page; `open` is the `<a`
/// element up to its `href` value.
fn id_and_title(html: &mut Html, open: &str, d: View<'_>, root: View<'_>) {
    html.raw(open);
    html.value(root);
    html.value(at(d, "url"));
    html.raw("\"><span class=\"rid\">");
    html.value(at(d, "id"));
    html.raw("</span> ");
    html.value(at(d, "title"));
    html.raw("</a>");
}

/// A group's topic: a tag (`{name, url}`) or a plain name.
fn topic(html: &mut Html, tag: View<'_>, root: View<'_>, linked: bool) {
    if !tag.is_object() {
        html.value(tag);
    } else if linked && truthy(at(tag, "url")) {
        html.raw("<a href=\"");
        html.value(root);
        html.value(at(tag, "url"));
        html.raw("\">");
        html.value(at(tag, "name"));
        html.raw("</a>");
    } else {
        html.value(at(tag, "name"));
    }
}

/// The `content` block of `in_force.html`.
pub fn in_force(html: &mut Html, context: View<'_>, root: View<'_>) {
    html.raw("\n<h1>");
    html.value(at(at(context, "page"), "title"));
    html.raw("</h1>\n<p class=\"lede\">What governs us today: every accepted decision that has not been superseded, grouped by topic, each with the reason it was taken. If you are new, start here; follow a link for the context, the options we rejected and the consequences.</p>");
    let groups = list(at(context, "groups"));
    if groups.is_empty() {
        html.raw("\n<p class=\"empty\">No decision is in force yet.</p>\n");
        return;
    }
    if groups.len() > 1 {
        html.raw("\n<nav class=\"toc\" aria-label=\"Topics\">\n  <ul>");
        for (n, group) in groups.iter().enumerate() {
            html.raw("\n    <li><a href=\"#g-");
            html.raw(&(n + 1).to_string());
            html.raw("\">");
            topic(html, at(*group, "tag"), root, false);
            html.raw("</a> <span class=\"count\">(");
            html.raw(&list(at(*group, "decisions")).len().to_string());
            html.raw(")</span></li>");
        }
        html.raw("\n  </ul>\n</nav>");
    }
    for (n, group) in groups.into_iter().enumerate() {
        let n = (n + 1).to_string();
        html.raw("\n<section aria-labelledby=\"g-");
        html.raw(&n);
        html.raw("\">\n  <h2 id=\"g-");
        html.raw(&n);
        html.raw("\">");
        topic(html, at(group, "tag"), root, true);
        html.raw("</h2>\n  <dl class=\"in-force\">");
        for d in list(at(group, "decisions")) {
            html.raw("\n    <div>\n      <dt>");
            id_and_title(html, "<a href=\"", d, root);
            let date = at(d, "date");
            if truthy(date) {
                html.raw(" <span class=\"since\">since ");
                m::date(html, date);
                html.raw("</span>");
            }
            html.raw("</dt>\n      <dd>");
            let why = at(d, "why");
            if truthy(why) {
                html.value(why);
            } else {
                html.raw("<span class=\"none\">No reason recorded.</span>");
            }
            html.raw("</dd>\n    </div>");
        }
        html.raw("\n  </dl>\n</section>");
    }
    html.raw("\n");
}
