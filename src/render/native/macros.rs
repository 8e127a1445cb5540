//! The macros of `macros.html` and `history.html` that record pages call,
//! one function each, with the same name and arguments.

use super::{at, broken, list, truthy, Html, View};

/// `m::badge`.
pub fn badge(html: &mut Html, status: View<'_>, category: View<'_>) {
    html.raw("<span class=\"badge badge-");
    if truthy(category) {
        html.value(category);
    } else {
        html.raw("unknown");
    }
    html.raw("\">");
    html.value(status);
    // The category beside the team's word, when it is another word.
    if let (Some(category), Some(written)) = (category.as_str(), status.as_str()) {
        if category != written.to_lowercase() {
            html.raw("<span class=\"badge-category\"> · ");
            html.value(View::Str(category));
            html.raw("</span>");
        }
    }
    html.raw("</span>");
}

/// `m::status`.
pub fn status(html: &mut Html, record: View<'_>) {
    if truthy(at(record, "status")) {
        badge(html, at(record, "status"), at(record, "status_category"));
    }
}

/// A record's priority: the team's word (`High`) when one was written,
/// else the rank.
pub fn priority(html: &mut Html, record: View<'_>) {
    let label = at(record, "priority_label");
    if truthy(label) {
        html.value(label);
    } else {
        value(html, at(record, "priority"));
    }
}

/// `m::readiness_badge`.
pub fn readiness_badge(html: &mut Html, readiness: View<'_>) {
    if truthy(readiness) && truthy(at(readiness, "verdict")) {
        html.raw("<span class=\"readiness readiness-");
        html.value(at(readiness, "verdict"));
        html.raw("\" title=\"readiness score: ");
        html.value(at(readiness, "score"));
        html.raw("% of the rules pass\">");
        html.value(at(readiness, "label"));
        html.raw(" <span class=\"score\">");
        html.value(at(readiness, "score"));
        html.raw("%</span></span>");
    } else {
        html.raw("<span class=\"none\">—</span>");
    }
}

/// `m::kind`.
pub fn kind(html: &mut Html, kind: View<'_>) {
    if truthy(kind) {
        html.raw("<span class=\"kind kind-");
        html.value(kind);
        html.raw("\">");
        html.value(kind);
        html.raw("</span>");
    }
}

/// A link's `<a>`: `href`, id and title.
fn anchor(html: &mut Html, link: View<'_>, root: View<'_>) {
    html.raw("<a href=\"");
    html.value(root);
    html.value(at(link, "url"));
    html.raw("\"><span class=\"rid\">");
    html.value(at(link, "id"));
    html.raw("</span>");
    if truthy(at(link, "title")) {
        html.raw(" ");
        html.value(at(link, "title"));
    }
    html.raw("</a>");
}

/// A broken reference: its id, marked missing.
pub fn missing(html: &mut Html, link: View<'_>) {
    html.raw("<span class=\"broken\">");
    html.value(at(link, "id"));
    html.raw(" (missing)</span>");
}

/// `m::record_link`.
pub fn record_link(html: &mut Html, link: View<'_>, root: View<'_>, with_badge: bool) {
    if broken(link) {
        missing(html, link);
    } else {
        anchor(html, link, root);
        if with_badge && truthy(at(link, "status")) {
            html.raw(" ");
            badge(html, at(link, "status"), at(link, "status_category"));
        }
    }
}

/// `m::link_inline`.
pub fn link_inline(html: &mut Html, links: View<'_>, root: View<'_>, with_badge: bool) {
    for (n, link) in list(links).into_iter().enumerate() {
        if n > 0 {
            html.raw(", ");
        }
        record_link(html, link, root, with_badge);
    }
}

/// `m::link_list`.
pub fn link_list(html: &mut Html, links: View<'_>, root: View<'_>) {
    html.raw("<ul class=\"links\">");
    for link in list(links) {
        html.raw("\n  <li>");
        record_link(html, link, root, true);
        let date = at(link, "date");
        if truthy(date) {
            html.raw(" ");
            time(html, date);
        }
        html.raw("</li>");
    }
    html.raw("\n</ul>");
}

/// Whether a decision of status category `category` no longer applies:
/// superseded, rejected or deprecated.
pub fn no_longer_in_force(category: Option<&str>) -> bool {
    matches!(category, Some("superseded" | "rejected" | "deprecated"))
}

/// `m::decision_list`.
pub fn decision_list(html: &mut Html, links: View<'_>, root: View<'_>) {
    html.raw("<ul class=\"links\">");
    for link in list(links) {
        let category = at(link, "status_category").as_str();
        let stale = no_longer_in_force(category);
        html.raw(if stale {
            "\n  <li class=\"stale\">"
        } else {
            "\n  <li>"
        });
        record_link(html, link, root, true);
        if stale {
            html.raw(" <strong class=\"flag\">no longer in force</strong>");
        }
        if category == Some("proposed") {
            html.raw(" <strong class=\"flag\">not decided yet</strong>");
        }
        html.raw("</li>");
    }
    html.raw("\n</ul>");
}

/// `m::person_link`.
pub fn person_link(html: &mut Html, person: View<'_>, root: View<'_>) {
    if person.is_object() || truthy(person) {
        named(html, person, root, "person");
    }
}

/// `m::person_link` for a person, or `none` greyed out.
pub fn person_or(html: &mut Html, person: View<'_>, root: View<'_>, none: &str) {
    if truthy(person) {
        person_link(html, person, root);
    } else {
        html.raw("<span class=\"none\">");
        html.raw(none);
        html.raw("</span>");
    }
}

/// A `{name, url}` view as a link of `class` (a `<span>` when it has no
/// URL), or a plain value as a `<span>`.
fn named(html: &mut Html, value: View<'_>, root: View<'_>, class: &str) {
    let is_view = value.is_object();
    if is_view && truthy(at(value, "url")) {
        html.raw("<a class=\"");
        html.raw(class);
        html.raw("\" href=\"");
        html.value(root);
        html.value(at(value, "url"));
        html.raw("\">");
        html.value(at(value, "name"));
        html.raw("</a>");
    } else {
        html.raw("<span class=\"");
        html.raw(class);
        html.raw("\">");
        html.value(if is_view { at(value, "name") } else { value });
        html.raw("</span>");
    }
}

/// `m::people_inline`.
pub fn people_inline(html: &mut Html, people: View<'_>, root: View<'_>) {
    for (n, person) in list(people).into_iter().enumerate() {
        if n > 0 {
            html.raw(", ");
        }
        person_link(html, person, root);
    }
}

/// `m::tag_links`.
pub fn tag_links(html: &mut Html, tags: View<'_>, root: View<'_>) {
    if !truthy(tags) {
        return;
    }
    html.raw("<span class=\"tags\">");
    for (n, tag) in list(tags).into_iter().enumerate() {
        if n > 0 {
            html.raw(" ");
        }
        named(html, tag, root, "tag");
    }
    html.raw("</span>");
}

fn time(html: &mut Html, date: View<'_>) {
    html.raw("<time datetime=\"");
    html.value(date);
    html.raw("\">");
    html.value(date);
    html.raw("</time>");
}

/// `m::date`.
pub fn date(html: &mut Html, date: View<'_>) {
    if truthy(date) {
        time(html, date);
    } else {
        html.raw("<span class=\"none\" title=\"no date\">—</span>");
    }
}

/// `m::value`.
pub fn value(html: &mut Html, value: View<'_>) {
    if value.is_number() || truthy(value) {
        html.value(value);
    } else {
        html.raw("<span class=\"none\">—</span>");
    }
}

/// A record's title (its id when it has none) linking to its page, as the
/// tables' rows show it.
pub fn title_link(html: &mut Html, record: View<'_>, root: View<'_>) {
    let title = at(record, "title");
    html.raw("<a href=\"");
    html.value(root);
    html.value(at(record, "url"));
    html.raw("\">");
    html.value(if truthy(title) { title } else { at(record, "id") });
    html.raw("</a>");
}

/// A table of records, as `item_table` and `record_table` write it: `head`
/// is its header row's cells, `rows` writes its rows.
fn records_table(html: &mut Html, label: &str, head: &str, rows: impl FnOnce(&mut Html)) {
    html.raw("<div class=\"table-wrap\" role=\"region\" aria-label=\"");
    html.text(label);
    html.raw("\" tabindex=\"0\">\n<table class=\"records\">\n  <thead><tr>");
    html.raw(head);
    html.raw("</tr></thead>\n  <tbody>");
    rows(html);
    html.raw("\n  </tbody>\n</table>\n</div>");
}

/// `m::item_table`.
pub fn item_table(html: &mut Html, items: View<'_>, root: View<'_>, label: &str) {
    let head = "<th scope=\"col\">ID</th><th scope=\"col\">Title</th><th scope=\"col\">Type</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Priority</th><th scope=\"col\" class=\"num\">Estimate</th><th scope=\"col\">Owner</th><th scope=\"col\">Readiness</th>";
    records_table(html, label, head, |html| {
        for item in list(items) {
            let readiness = at(item, "readiness");
            html.raw("\n    <tr data-verdict=\"");
            if truthy(readiness) {
                html.value(at(readiness, "verdict"));
            }
            html.raw("\"><td class=\"rid\">");
            html.value(at(item, "id"));
            html.raw("</td><td>");
            title_link(html, item, root);
            html.raw("</td><td>");
            value(html, at(item, "type"));
            html.raw("</td><td>");
            status(html, item);
            html.raw("</td><td class=\"num\">");
            priority(html, item);
            html.raw("</td><td class=\"num\">");
            value(html, at(item, "estimate"));
            html.raw("</td><td>");
            person_or(html, at(item, "owner"), root, "—");
            html.raw("</td><td>");
            readiness_badge(html, readiness);
            html.raw("</td></tr>");
        }
    });
}

/// `m::dated_list`.
pub fn dated_list(html: &mut Html, records: View<'_>, root: View<'_>) {
    html.raw("<ul class=\"dated\">");
    for record in list(records) {
        html.raw("\n  <li>");
        date(html, at(record, "date"));
        html.raw(" ");
        record_link(html, record, root, true);
        html.raw("</li>");
    }
    html.raw("\n</ul>");
}

/// `m::other_fields`.
pub fn other_fields(html: &mut Html, fields: View<'_>) {
    if !truthy(fields) {
        return;
    }
    html.raw("\n<section aria-labelledby=\"sec-other-fields\">\n  <h2 id=\"sec-other-fields\">Other fields</h2>\n  <dl class=\"fields\">");
    for field in list(fields) {
        html.raw("\n    <div><dt>");
        html.value(at(field, "name"));
        html.raw("</dt><dd>");
        html.value(at(field, "value"));
        html.raw("</dd></div>");
    }
    html.raw("\n  </dl>\n</section>\n");
}

/// `m::diagnostics`.
pub fn diagnostics(html: &mut Html, diagnostics: View<'_>) {
    if !truthy(diagnostics) {
        return;
    }
    let errors = list(diagnostics)
        .iter()
        .any(|d| at(*d, "severity").as_str() == Some("error"));
    html.raw(if errors {
        "\n<section class=\"diagnostics\" aria-labelledby=\"sec-problems\">"
    } else {
        "\n<section class=\"diagnostics warnings-only\" aria-labelledby=\"sec-problems\">"
    });
    html.raw("\n  <h2 id=\"sec-problems\">Problems found by check</h2>\n  <ul>");
    for d in list(diagnostics) {
        html.raw("\n    <li class=\"diag diag-");
        html.value(at(d, "severity"));
        html.raw("\"><span class=\"severity\">");
        html.value(at(d, "severity"));
        html.raw("</span> <code>");
        html.value(at(d, "code"));
        html.raw("</code>");
        if truthy(at(d, "line")) {
            html.raw(" <span class=\"where\">line ");
            html.value(at(d, "line"));
            html.raw("</span>");
        }
        html.raw(": ");
        html.value(at(d, "message"));
        html.raw("</li>");
    }
    html.raw("\n  </ul>\n</section>\n");
}

/// `m::neighbourhood`.
pub fn neighbourhood(html: &mut Html, svg: View<'_>) {
    if let Some(svg) = svg.as_str().filter(|s| !s.is_empty()) {
        html.raw("\n<section class=\"graph-section\" aria-labelledby=\"sec-graph\">\n  <h2 id=\"sec-graph\">Neighbourhood</h2>\n  ");
        html.raw(svg);
        html.raw("\n</section>\n");
    }
}

/// `history::section`: a record's story from git.
pub fn history(html: &mut Html, history: View<'_>, root: View<'_>) {
    let created = at(history, "created");
    if !truthy(history) || !truthy(created) {
        return;
    }
    html.raw("\n<section class=\"history\" aria-labelledby=\"sec-history\">\n  <h2 id=\"sec-history\">History</h2>");
    let transitions = at(history, "transitions");
    if truthy(transitions) {
        html.raw("\n  <ol class=\"timeline\">");
        for t in list(transitions) {
            html.raw("\n    <li>");
            badge(html, at(t, "to"), at(t, "category"));
            html.raw(" ");
            date(html, at(t, "date"));
            by(html, at(t, "author"), root);
            if truthy(at(t, "superseded_by")) {
                html.raw(" · replaced by ");
                link_inline(html, at(t, "superseded_by"), root, false);
            }
            if truthy(at(t, "commit")) {
                html.raw(" <code class=\"commit\" title=\"commit\">");
                html.value(at(t, "commit"));
                html.raw("</code>");
            }
            html.raw("</li>");
        }
        html.raw("\n  </ol>");
    }
    html.raw("\n  <p class=\"since\">");
    match at(history, "source").as_str() {
        Some("git") => {
            let changed = at(history, "changed");
            html.raw("Created ");
            date(html, at(created, "date"));
            by(html, at(created, "author"), root);
            html.raw("; last changed ");
            date(html, at(changed, "date"));
            by(html, at(changed, "author"), root);
            html.raw("; ");
            let passes = at(history, "passes");
            html.value(passes);
            html.raw(if passes.as_f64() == Some(1.0) {
                " commit."
            } else {
                " commits."
            });
        }
        Some("front-matter") => {
            html.raw("Dated ");
            date(html, at(created, "date"));
            html.raw(" in its front matter; no git history.");
        }
        _ => {
            html.raw("File last modified ");
            date(html, at(created, "date"));
            html.raw("; no git history.");
        }
    }
    html.raw("</p>\n</section>");
}

/// ` by <person>` when there is an author.
fn by(html: &mut Html, author: View<'_>, root: View<'_>) {
    if truthy(author) {
        html.raw(" by ");
        person_link(html, author, root);
    }
}

/// `m::record_table`.
pub fn record_table(html: &mut Html, records: View<'_>, root: View<'_>, label: &str) {
    let head = "<th scope=\"col\">ID</th><th scope=\"col\">Title</th><th scope=\"col\">Kind</th><th scope=\"col\">Status</th><th scope=\"col\">Date</th>";
    records_table(html, label, head, |html| {
        for record in list(records) {
            html.raw("\n    <tr><td class=\"rid\">");
            html.value(at(record, "id"));
            html.raw("</td><td>");
            title_link(html, record, root);
            html.raw("</td><td>");
            kind(html, at(record, "kind"));
            if truthy(at(record, "type")) {
                html.raw(" <span class=\"type\">");
                html.value(at(record, "type"));
                html.raw("</span>");
            }
            html.raw("</td><td>");
            status(html, record);
            html.raw("</td><td>");
            date(html, at(record, "date"));
            html.raw("</td></tr>");
        }
    });
}
