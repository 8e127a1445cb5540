//! `session.html`: a refinement session's page.

use super::macros as m;
use super::record::{body, ending, heading, sections, tags_and_source, MENTIONED_BY};
use super::{at, list, truthy, Html, View};

/// The `content` block of `session.html`.
pub fn content(html: &mut Html, context: View<'_>, root: View<'_>) {
    let record = context.at("record");
    heading(html, "session", record);
    html.raw("\n  <dl class=\"facts\">\n    <div><dt>Date</dt><dd>");
    m::date(html, at(record, "date"));
    html.raw("</dd></div>\n    <div><dt>Duration</dt><dd>");
    let duration = at(record, "duration");
    if duration.is_number() {
        html.value(duration);
        html.raw(" min");
    } else {
        html.raw("<span class=\"none\">—</span>");
    }
    html.raw("</dd></div>\n    <div><dt>Facilitator</dt><dd>");
    m::person_or(html, at(record, "facilitator"), root, "—");
    html.raw("</dd></div>\n    <div><dt>Proposed first</dt><dd>");
    m::person_or(html, at(record, "first_proposal"), root, "not recorded");
    html.raw("</dd></div>\n    <div><dt>Participants</dt><dd>");
    let participants = at(record, "participants");
    if truthy(participants) {
        m::people_inline(html, participants, root);
        html.raw(" <span class=\"count\">(");
        html.raw(&list(participants).len().to_string());
        html.raw(")</span>");
    } else {
        html.raw("<span class=\"none\">not recorded</span>");
    }
    html.raw("</dd></div>");
    tags_and_source(html, record, root);
    html.raw("\n\n<div class=\"relations\">\n<section aria-labelledby=\"sec-items\">\n  <h2 id=\"sec-items\">Items discussed</h2>");
    list_or_none(html, at(record, "items"), root, m::link_list);
    html.raw("\n</section>\n\n<section aria-labelledby=\"sec-decisions\">\n  <h2 id=\"sec-decisions\">Decisions</h2>");
    list_or_none(html, at(record, "decisions"), root, m::decision_list);
    html.raw("\n</section>\n</div>");
    follow_ups(html, at(record, "follow_ups"), root);
    body(html, record, "body notes");
    sections(html, record, root, &[MENTIONED_BY]);
    ending(html, record, root, false);
}

fn list_or_none(html: &mut Html, links: View<'_>, root: View<'_>, write: fn(&mut Html, View<'_>, View<'_>)) {
    if truthy(links) {
        html.raw("\n  ");
        write(html, links, root);
    } else {
        html.raw("\n  <p class=\"empty\">None recorded.</p>");
    }
}

fn follow_ups(html: &mut Html, follow_ups: View<'_>, root: View<'_>) {
    if !truthy(follow_ups) {
        return;
    }
    html.raw("\n<section aria-labelledby=\"sec-follow-ups\">\n  <h2 id=\"sec-follow-ups\">Follow-ups</h2>\n  <ul class=\"checklist\">");
    for task in list(follow_ups) {
        let done = truthy(at(task, "done"));
        html.raw(if done {
            "\n    <li class=\"done\"><span class=\"tick\" aria-hidden=\"true\">✓</span> <span class=\"visually-hidden\">Done:</span> <span class=\"task\">"
        } else {
            "\n    <li class=\"open\"><span class=\"tick\" aria-hidden=\"true\">○</span> <span class=\"visually-hidden\">Open:</span> <span class=\"task\">"
        });
        html.raw(at(task, "html").as_str().unwrap_or_default());
        html.raw("</span>");
        if truthy(at(task, "owner")) {
            html.raw(" <span class=\"owner\">— ");
            m::person_link(html, at(task, "owner"), root);
            html.raw("</span>");
        } else {
            html.raw(" <span class=\"owner none\">— no owner</span>");
        }
        html.raw("</li>");
    }
    html.raw("\n  </ul>\n</section>");
}
