//! `item.html`: an item's page.

use super::macros as m;
use super::record::{
    body, ending, heading, sections, status_or_none, tags_and_source, LinkSection, DISCUSSED_IN, MENTIONED_BY,
};
use super::{at, list, truthy, Html, View};

/// The sections of links of an item, in page order.
const ITEM_SECTIONS: [LinkSection; 5] = [
    ("depends_on", "depends-on", "Depends on", m::link_list),
    ("dependants", "needed-by", "Needed by", m::link_list),
    ("decisions", "decisions", "Decisions", m::decision_list),
    DISCUSSED_IN,
    MENTIONED_BY,
];

/// The `content` block of `item.html`.
pub fn content(html: &mut Html, context: View<'_>, root: View<'_>) {
    let record = context.at("record");
    heading(html, "item", record);
    html.raw("\n  <dl class=\"facts\">\n    <div><dt>Type</dt><dd>");
    m::value(html, at(record, "type"));
    html.raw("</dd></div>\n    <div><dt>Status</dt><dd>");
    status_or_none(html, record);
    html.raw("</dd></div>\n    <div><dt>Priority</dt><dd>");
    m::priority(html, record);
    html.raw("</dd></div>\n    <div><dt>Estimate</dt><dd>");
    m::value(html, at(record, "estimate"));
    html.raw("</dd></div>\n    <div><dt>Owner</dt><dd>");
    m::person_or(html, at(record, "owner"), root, "nobody yet");
    html.raw("</dd></div>");
    if truthy(at(record, "parent")) {
        html.raw("\n    <div><dt>Epic</dt><dd>");
        m::record_link(html, at(record, "parent"), root, true);
        html.raw("</dd></div>");
    }
    if truthy(at(record, "timebox")) {
        html.raw("\n    <div><dt>Timebox</dt><dd>");
        html.value(at(record, "timebox"));
        html.raw("</dd></div>");
    }
    let confidence = at(record, "confidence");
    if truthy(confidence) {
        html.raw("\n    <div><dt>Confidence</dt><dd><span class=\"confidence confidence-");
        html.value(confidence);
        html.raw("\">");
        html.value(confidence);
        html.raw("</span></dd></div>");
    }
    if truthy(at(record, "date")) {
        html.raw("\n    <div><dt>Date</dt><dd>");
        m::date(html, at(record, "date"));
        html.raw("</dd></div>");
    }
    tags_and_source(html, record, root);
    readiness(html, at(record, "readiness"));
    body(html, record, "body");
    html.raw("\n\n<div class=\"relations\">");
    sections(html, record, root, &ITEM_SECTIONS);
    html.raw("\n</div>");
    if truthy(at(record, "children")) {
        html.raw("\n<section aria-labelledby=\"sec-children\">\n  <h2 id=\"sec-children\">Children</h2>\n  ");
        let label = format!("Children of {}", at(record, "id").tera_string());
        m::item_table(html, at(record, "children"), root, &label);
        html.raw("\n</section>");
    }
    ending(html, record, root, true);
}

fn readiness(html: &mut Html, readiness: View<'_>) {
    if !truthy(readiness) {
        return;
    }
    html.raw("\n<section class=\"readiness-checklist\" aria-labelledby=\"sec-readiness\" data-verdict=\"");
    html.value(at(readiness, "verdict"));
    html.raw("\" data-score=\"");
    html.value(at(readiness, "score"));
    html.raw("\">\n  <h2 id=\"sec-readiness\">Readiness: ");
    m::readiness_badge(html, readiness);
    html.raw("</h2>\n  <ul class=\"checklist\">");
    for rule in list(at(readiness, "rules")) {
        if truthy(at(rule, "passed")) {
            html.raw("\n    <li class=\"rule rule-pass\" data-rule=\"");
            html.value(at(rule, "rule"));
            html.raw("\"><span class=\"mark\" aria-hidden=\"true\">✓</span> <span class=\"visually-hidden\">passes:</span> <strong>");
        } else {
            let severity = at(rule, "severity");
            html.raw("\n    <li class=\"rule rule-fail rule-");
            html.value(severity);
            html.raw("\" data-rule=\"");
            html.value(at(rule, "rule"));
            html.raw("\"><span class=\"mark\" aria-hidden=\"true\">");
            html.raw(if severity.as_str() == Some("warning") {
                "!"
            } else {
                "✗"
            });
            html.raw("</span> <span class=\"visually-hidden\">fails (");
            html.value(severity);
            html.raw("):</span> <strong>");
        }
        html.value(at(rule, "label"));
        html.raw("</strong>: ");
        html.value(at(rule, "message"));
        html.raw("</li>");
    }
    html.raw("\n  </ul>\n</section>");
}
