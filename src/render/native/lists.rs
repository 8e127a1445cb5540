//! `backlog.html`, `person.html` and `tag.html`: the list pages with a row
//! per record, which Tera took longest over (the backlog has a row per item).

use super::macros as m;
use super::{at, list, truthy, Html, View};

/// The `content` block of `backlog.html`.
pub fn backlog(html: &mut Html, context: View<'_>, root: View<'_>) {
    html.raw("\n<h1>");
    html.value(at(context.at("page"), "title"));
    html.raw("</h1>\n<p class=\"lede\">Every item, most important first (a lower priority number comes first).</p>");
    let statuses = list(at(context, "statuses"));
    if !statuses.is_empty() {
        html.raw("\n<p class=\"workflow\">Statuses, in workflow order:");
        for (n, status) in statuses.iter().copied().enumerate() {
            html.raw(" <span class=\"status-name\">");
            html.value(status);
            html.raw("</span>");
            if n + 1 < statuses.len() {
                html.raw(" →");
            }
        }
        html.raw(".</p>");
    }
    let items = list(at(context, "items"));
    if items.is_empty() {
        html.raw("\n<p class=\"empty\">The backlog is empty.</p>\n");
        return;
    }
    count(html, items.len(), "item");
    verdict_filter(html, &list(at(context, "verdicts")));
    html.raw("\n<div class=\"table-wrap\" role=\"region\" aria-label=\"Backlog\" tabindex=\"0\">\n<table class=\"records\" id=\"backlog\" data-filter=\"status,type,tags,owner,verdict\" data-sortable>\n  <thead>\n    <tr><th scope=\"col\">ID</th><th scope=\"col\">Title</th><th scope=\"col\">Type</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Priority</th><th scope=\"col\" class=\"num\">Estimate</th><th scope=\"col\">Owner</th><th scope=\"col\">Tags</th><th scope=\"col\">Readiness</th></tr>\n  </thead>\n  <tbody>");
    for item in items {
        backlog_row(html, item, root);
    }
    html.raw("\n  </tbody>\n</table>\n</div>\n");
}

/// `<p class="count">N things.</p>`.
fn count(html: &mut Html, n: usize, thing: &str) {
    html.raw("\n<p class=\"count\">");
    html.raw(&n.to_string());
    html.raw(" ");
    html.raw(thing);
    html.raw(if n == 1 { ".</p>" } else { "s.</p>" });
}

/// The links that show the items of one readiness verdict only.
fn verdict_filter(html: &mut Html, verdicts: &[View<'_>]) {
    if verdicts.is_empty() {
        return;
    }
    html.raw("\n<nav class=\"verdict-filter\" aria-label=\"Show items by readiness\">\n  <p>Readiness of the items being refined or waiting: <a href=\"#backlog\">show all</a>");
    for verdict in verdicts.iter().copied().filter(|v| truthy(at(*v, "count"))) {
        html.raw(" · <a href=\"#only-");
        html.value(at(verdict, "verdict"));
        html.raw("\" class=\"readiness readiness-");
        html.value(at(verdict, "verdict"));
        html.raw("\">");
        html.value(at(verdict, "label"));
        html.raw(" (");
        html.value(at(verdict, "count"));
        html.raw(")</a>");
    }
    html.raw(".\n  Items in progress or closed are not judged.</p>\n</nav>");
    for &verdict in verdicts {
        html.raw("\n<span id=\"only-");
        html.value(at(verdict, "verdict"));
        html.raw("\" class=\"filter-target\"></span>");
    }
}

fn backlog_row(html: &mut Html, item: View<'_>, root: View<'_>) {
    let id = at(item, "id");
    let owner = at(item, "owner");
    let tags = at(item, "tags");
    let readiness = at(item, "readiness");
    html.raw("\n    <tr data-id=\"");
    html.value(id);
    for (attribute, key) in [
        ("status", "status"),
        ("status-category", "status_category"),
        ("type", "type"),
        ("priority", "priority"),
        ("estimate", "estimate"),
    ] {
        html.raw("\" data-");
        html.raw(attribute);
        html.raw("=\"");
        html.value(at(item, key));
    }
    html.raw("\" data-owner=\"");
    html.value(if owner.is_object() {
        at(owner, "name")
    } else {
        owner
    });
    html.raw("\" data-tags=\"");
    for (n, tag) in list(tags).into_iter().enumerate() {
        if n > 0 {
            html.raw(",");
        }
        html.value(at(tag, "name"));
    }
    html.raw("\" data-verdict=\"");
    if truthy(readiness) {
        html.value(at(readiness, "verdict"));
    }
    html.raw("\" data-score=\"");
    if truthy(readiness) {
        html.value(at(readiness, "score"));
    }
    html.raw("\">\n      <td class=\"rid\">");
    html.value(id);
    html.raw("</td><td>");
    m::title_link(html, item, root);
    html.raw("</td><td>");
    m::value(html, at(item, "type"));
    html.raw("</td><td>");
    m::status(html, item);
    html.raw("</td>\n      <td class=\"num\">");
    m::priority(html, item);
    html.raw("</td><td class=\"num\">");
    m::value(html, at(item, "estimate"));
    html.raw("</td>\n      <td>");
    m::person_or(html, owner, root, "—");
    html.raw("</td><td>");
    m::tag_links(html, tags, root);
    html.raw("</td>\n      <td>");
    m::readiness_badge(html, readiness);
    html.raw("</td>\n    </tr>");
}

/// The `content` block of `person.html`.
pub fn person(html: &mut Html, context: View<'_>, root: View<'_>) {
    let name = at(at(context, "person"), "name");
    html.raw("\n<p class=\"kicker\"><a href=\"");
    html.value(root);
    html.raw("people/index.html\">People</a></p>\n<h1>");
    html.value(name);
    html.raw("</h1>");
    let roles = list(at(context, "roles"));
    if roles.is_empty() {
        html.raw("\n<p class=\"empty\">No record names ");
        html.value(name);
        html.raw(".</p>\n");
        return;
    }
    if roles.len() > 1 {
        html.raw("\n<nav class=\"toc\" aria-label=\"Roles\">\n  <ul>");
        for (n, role) in roles.iter().copied().enumerate() {
            html.raw("\n    <li><a href=\"#role-");
            html.raw(&(n + 1).to_string());
            html.raw("\">");
            role_label(html, at(role, "role"));
            html.raw("</a> <span class=\"count\">(");
            html.raw(&list(at(role, "records")).len().to_string());
            html.raw(")</span></li>");
        }
        html.raw("\n  </ul>\n</nav>");
    }
    for (n, role) in roles.iter().copied().enumerate() {
        let n = (n + 1).to_string();
        html.raw("\n<section aria-labelledby=\"role-");
        html.raw(&n);
        html.raw("\">\n  <h2 id=\"role-");
        html.raw(&n);
        html.raw("\">");
        role_label(html, at(role, "role"));
        html.raw("</h2>\n  ");
        let label = format!("{}: {}", name.tera_string(), at(role, "role").tera_string());
        m::record_table(html, at(role, "records"), root, &label);
        html.raw("\n</section>");
    }
    html.raw("\n");
}

/// `m::role_label`.
fn role_label(html: &mut Html, role: View<'_>) {
    let label = match role.as_str() {
        Some("owner") => "Owner of",
        Some("decider") => "Decider of",
        Some("consulted") => "Consulted on",
        Some("informed") => "Informed of",
        Some("facilitator") => "Facilitated",
        Some("participant") => "Took part in",
        Some("first proposal") => "Proposed first in",
        _ => {
            // Tera's `capitalize`: the first character upper case, the rest lower case.
            let text = role.tera_string();
            let mut chars = text.chars();
            let capitalized: String = chars
                .next()
                .map(|first| first.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase())
                .unwrap_or_default();
            html.text(&capitalized);
            return;
        }
    };
    html.raw(label);
}

/// The `content` block of `tag.html`.
pub fn tag(html: &mut Html, context: View<'_>, root: View<'_>) {
    let name = at(at(context, "tag"), "name");
    html.raw("\n<p class=\"kicker\"><a href=\"");
    html.value(root);
    html.raw("tags/index.html\">Tags</a></p>\n<h1>Tagged “");
    html.value(name);
    html.raw("”</h1>");
    let records = at(context, "records");
    if !truthy(records) {
        html.raw("\n<p class=\"empty\">No record carries this tag.</p>\n");
        return;
    }
    count(html, list(records).len(), "record");
    html.raw("\n");
    let label = format!("Records tagged {}", name.tera_string());
    m::record_table(html, records, root, &label);
    html.raw("\n");
}
