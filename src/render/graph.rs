//! Graphs drawn at build time as inline SVG, needing no script: the
//! neighbourhood of one record (what it links to and what links to it,
//! shown on its page), and the SVG building blocks the overview page
//! (`overview.rs`) shares. The neighbourhood is drawn twice: three columns
//! for wide screens, and one column (what links to it above, what it links
//! to below) that a phone shows at a readable size; the style sheet shows
//! one of them. Every node is a link to its record's page, with
//! a text label and a `<title>` for assistive technology. Layouts depend only
//! on the records, so builds are byte-identical.

use crate::index::Index;
use crate::model::{Kind, Relation};
use std::fmt::Write;

/// Width of a node box.
pub const NODE_WIDTH: u32 = 230;
/// Height of a node box.
pub const NODE_HEIGHT: u32 = 40;
/// Vertical distance between two nodes of a column.
const ROW: u32 = 50;
/// At most this many neighbours are drawn on each side; the rest are counted.
const MAX_PER_SIDE: usize = 12;

/// One neighbour: the record and how it relates to the centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    /// Record index.
    pub record: usize,
    /// The relation, as read from the centre record ("depends on", "needed by").
    pub label: &'static str,
}

/// What the centre record links to (`outgoing`) and what links to it
/// (`incoming`), body mentions left out, each neighbour once per side.
pub fn neighbours(index: &Index, i: usize) -> (Vec<Neighbour>, Vec<Neighbour>) {
    let mut outgoing: Vec<Neighbour> = Vec::new();
    for link in &index.outgoing[i] {
        if let Some(label) = outgoing_label(link.relation) {
            if link.to != i && !outgoing.iter().any(|n| n.record == link.to) {
                outgoing.push(Neighbour {
                    record: link.to,
                    label,
                });
            }
        }
    }
    let mut incoming: Vec<Neighbour> = Vec::new();
    for link in &index.incoming[i] {
        let from_kind = index.records[link.from].kind;
        if let Some(label) = incoming_label(link.relation, from_kind) {
            let known = outgoing.iter().chain(&incoming).any(|n| n.record == link.from);
            if link.from != i && !known {
                incoming.push(Neighbour {
                    record: link.from,
                    label,
                });
            }
        }
    }
    (incoming, outgoing)
}

fn outgoing_label(relation: Relation) -> Option<&'static str> {
    Some(match relation {
        Relation::Parent => "epic",
        Relation::DependsOn => "depends on",
        Relation::Decision => "decision",
        Relation::Item => "item",
        Relation::Supersedes => "supersedes",
        Relation::SupersededBy => "superseded by",
        Relation::Amends => "amends",
        Relation::Related => "related",
        Relation::Mention => return None,
    })
}

fn incoming_label(relation: Relation, from: Kind) -> Option<&'static str> {
    Some(match (relation, from) {
        (Relation::Parent, _) => "child",
        (Relation::DependsOn, _) => "needed by",
        (Relation::Decision | Relation::Item, Kind::Session) => "discussed in",
        (Relation::Decision, _) => "applies to",
        (Relation::Item, _) => "decided in",
        (Relation::Supersedes, _) => "superseded by",
        (Relation::SupersededBy, _) => "supersedes",
        (Relation::Amends, _) => "amended by",
        (Relation::Related, _) => "related",
        (Relation::Mention, _) => return None,
    })
}

/// The neighbourhood of record `i` as an SVG figure; empty when the record
/// has no links. `root` is the relative path from the page to the site root.
pub fn neighbourhood(index: &Index, i: usize, root: &str) -> String {
    let (incoming, outgoing) = neighbours(index, i);
    if incoming.is_empty() && outgoing.is_empty() {
        return String::new();
    }
    let shown = |list: &[Neighbour]| list.len().min(MAX_PER_SIDE) as u32;
    let rows = shown(&incoming).max(shown(&outgoing)).max(1);
    let height = rows * ROW + 40;
    let width = 3 * NODE_WIDTH + 2 * 60 + 20;
    let (left, centre, right) = (10, 10 + NODE_WIDTH + 60, 10 + 2 * (NODE_WIDTH + 60));
    let centre_y = (height - NODE_HEIGHT) / 2;
    // The figure is written straight into one string, with room for a
    // box of each side shown.
    let mut svg = String::with_capacity(1024 + 768 * (shown(&incoming) + shown(&outgoing)) as usize);
    svg.push_str(r#"<figure class="neighbourhood"><figcaption>How "#);
    crate::text::push_escaped_html(&mut svg, &index.records[i].id);
    svg.push_str(" connects: what links to it first, what it links to after. Every box is a link. ");
    svg.push_str(r#"<a href=""#);
    crate::text::push_escaped_html(&mut svg, root);
    svg.push_str("graph/index.html?focus=");
    crate::text::push_escaped_html(&mut svg, &index.records[i].id);
    svg.push_str(r#"">Explore the graph around it</a>.</figcaption>"#);
    let _ = write!(
        svg,
        r#"<svg class="graph graph-wide" viewBox="0 0 {width} {height}" width="{width}" height="{height}">"#
    );
    for (side, list, x) in [(0, &incoming, left), (1, &outgoing, right)] {
        let top = (height - shown(list) * ROW) / 2 + (ROW - NODE_HEIGHT) / 2;
        for (k, n) in list.iter().take(MAX_PER_SIDE).enumerate() {
            let y = top + k as u32 * ROW;
            let (x1, x2) = if side == 0 {
                (x + NODE_WIDTH, centre)
            } else {
                (centre + NODE_WIDTH, x)
            };
            edge(
                &mut svg,
                (x1, y + NODE_HEIGHT / 2),
                (x2, centre_y + NODE_HEIGHT / 2),
                "edge",
            );
            node(&mut svg, index, n.record, root, (x, y), Some(n.label), false);
        }
        let hidden = list.len().saturating_sub(MAX_PER_SIDE);
        if hidden > 0 {
            let _ = write!(
                svg,
                r#"<text class="more" x="{}" y="{}">and {hidden} more (listed below)</text>"#,
                x + 4,
                height - 6
            );
        }
    }
    node(&mut svg, index, i, root, (centre, centre_y), None, true);
    svg.push_str("</svg>");
    narrow(&mut svg, index, i, root, (&incoming, &outgoing));
    svg.push_str("</figure>");
    svg
}

/// Width of the one-column drawing: a phone shows it at about its size.
const NARROW_WIDTH: u32 = 320;
/// How far the neighbours are indented from the record in the middle.
const INDENT: u32 = 24;

/// The neighbourhood in one column: a heading, the records that link to
/// `i`, `i` itself, a heading, the records it links to; each neighbour
/// joined to `i` by an elbow line on the left.
fn narrow(
    svg: &mut String,
    index: &Index,
    i: usize,
    root: &str,
    (incoming, outgoing): (&[Neighbour], &[Neighbour]),
) {
    let shown = |list: &[Neighbour]| list.len().min(MAX_PER_SIDE) as u32;
    let heading = 28;
    let block = |list: &[Neighbour]| {
        if list.is_empty() {
            0
        } else {
            heading + shown(list) * ROW + u32::from(list.len() > MAX_PER_SIDE) * 20
        }
    };
    let centre_y = 10 + block(incoming);
    let height = centre_y + ROW + block(outgoing) + 10;
    let width = NARROW_WIDTH;
    let _ = write!(
        svg,
        r#"<svg class="graph graph-narrow" viewBox="0 0 {width} {height}" width="{width}" height="{height}">"#
    );
    let node_width = NARROW_WIDTH - 10 - INDENT - 10;
    let trunk = 10 + INDENT / 2;
    let mut y = 10;
    for (list, title) in [(incoming, "Links to it"), (outgoing, "It links to")] {
        if list.is_empty() {
            if y == 10 {
                y = centre_y + ROW;
            }
            continue;
        }
        let _ = write!(
            svg,
            r#"<text class="column" x="10" y="{}">{title}</text>"#,
            y + 18
        );
        y += heading;
        for n in list.iter().take(MAX_PER_SIDE) {
            let mid = y + NODE_HEIGHT / 2;
            let from = if y < centre_y {
                centre_y
            } else {
                centre_y + NODE_HEIGHT
            };
            let _ = write!(
                svg,
                r#"<path class="edge" d="M{trunk} {from} V{mid} H{}"/>"#,
                10 + INDENT
            );
            node_sized(
                svg,
                index,
                n.record,
                root,
                (10 + INDENT, y),
                Some(n.label),
                false,
                node_width,
            );
            y += ROW;
        }
        let hidden = list.len().saturating_sub(MAX_PER_SIDE);
        if hidden > 0 {
            let _ = write!(
                svg,
                r#"<text class="more" x="{}" y="{}">and {hidden} more (listed below)</text>"#,
                10 + INDENT,
                y + 12
            );
            y += 20;
        }
        if y <= centre_y + 10 {
            y = centre_y + ROW;
        }
    }
    node_sized(svg, index, i, root, (10, centre_y), None, true, NARROW_WIDTH - 20);
    svg.push_str("</svg>");
}

/// Draws a node box at `(x, y)`: a link to record `i`'s page with its id,
/// the relation (if any) and its shortened title.
pub fn node(
    svg: &mut String,
    index: &Index,
    i: usize,
    root: &str,
    at: (u32, u32),
    relation: Option<&str>,
    current: bool,
) {
    node_sized(svg, index, i, root, at, relation, current, NODE_WIDTH);
}

/// [`node`], `width` wide: titles are shortened to what fits.
#[allow(clippy::too_many_arguments)]
fn node_sized(
    svg: &mut String,
    index: &Index,
    i: usize,
    root: &str,
    (x, y): (u32, u32),
    relation: Option<&str>,
    current: bool,
    width: u32,
) {
    // About 7.5 units a character of a title at the drawing's font size;
    // the first line's id, in a narrower font, takes a few more.
    let chars = (width.saturating_sub(16) * 2 / 15).max(8) as usize;
    let record = &index.records[i];
    let text = |svg: &mut String, text: &str| crate::text::push_escaped_html(svg, text);
    let class = if current { " current" } else { "" };
    let _ = write!(
        svg,
        r#"<a class="node node-{}{class}" href=""#,
        record.kind.as_str()
    );
    text(svg, root);
    text(svg, &super::markdown::record_url(index, i));
    svg.push_str("\"><title>");
    text(svg, &record.id);
    svg.push(' ');
    text(svg, &record.title);
    if let Some(status) = super::views::shown_status(record) {
        svg.push_str(" (");
        text(svg, &status);
        svg.push(')');
    }
    let (tx, ty1, ty2) = (x + 8, y + 16, y + 32);
    let _ = write!(
        svg,
        r#"</title><rect x="{x}" y="{y}" width="{width}" height="{NODE_HEIGHT}" rx="5"/><text x="{tx}" y="{ty1}" class="node-id">"#
    );
    let first = match relation {
        Some(label) => shorten(&format!("{label}: {}", record.id), chars + 4),
        None => shorten(&record.id, chars + 4),
    };
    text(svg, &first);
    let _ = write!(svg, r#"</text><text x="{tx}" y="{ty2}">"#);
    text(svg, &shorten(&record.title, chars));
    svg.push_str("</text></a>");
}

/// Draws a curve from `a` to `b` (left to right or right to left).
pub fn edge(svg: &mut String, (x1, y1): (u32, u32), (x2, y2): (u32, u32), class: &str) {
    let mid = (x1 + x2) / 2;
    let _ = write!(
        svg,
        r#"<path class="{class}" d="M{x1} {y1} C{mid} {y1} {mid} {y2} {x2} {y2}"/>"#
    );
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::indexed;

    fn example() -> (tempfile::TempDir, Index) {
        let (dir, index, _) = indexed(
            &[
                (
                    "items/PAY-1.md",
                    "---\ntitle: One\ndepends_on: [PAY-2]\ndecisions: [ADR-1]\n---\nSee PAY-3.\n",
                ),
                ("items/PAY-2.md", "---\ntitle: Two\n---\n"),
                ("items/PAY-3.md", "---\ntitle: Three & more\n---\n"),
                ("decisions/ADR-1.md", "---\ntitle: Rule\nstatus: accepted\n---\n"),
                ("sessions/S-1.md", "---\ntitle: Talk\nitems: [PAY-1]\n---\n"),
            ],
            &crate::config::Config::default(),
        );
        (dir, index)
    }

    #[test]
    fn neighbours_leave_out_mentions_and_say_how_they_relate() {
        let (_dir, index) = example();
        let pay1 = index.get("PAY-1").unwrap();
        let (incoming, outgoing) = neighbours(&index, pay1);
        let named = |list: &[Neighbour]| {
            list.iter()
                .map(|n| format!("{} {}", n.label, index.records[n.record].id))
                .collect::<Vec<_>>()
        };
        assert_eq!(named(&outgoing), ["depends on PAY-2", "decision ADR-1"]);
        assert_eq!(named(&incoming), ["discussed in S-1"]);
    }

    #[test]
    fn every_node_of_the_neighbourhood_is_a_relative_link() {
        let (_dir, index) = example();
        let svg = neighbourhood(&index, index.get("PAY-1").unwrap(), "../../");
        assert_eq!(
            svg.matches("<a class=\"node").count(),
            8,
            "drawn wide and narrow: {svg}"
        );
        assert_eq!(
            svg.matches("<svg class=\"graph graph-narrow\"").count(),
            1,
            "{svg}"
        );
        assert!(
            svg.contains(r#"href="../../graph/index.html?focus=PAY-1""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"href="../../decisions/ADR-1/index.html""#),
            "{svg}"
        );
        assert!(svg.contains("<title>ADR-1 Rule (accepted)</title>"), "{svg}");
        assert!(svg.contains("node-item current"), "{svg}");
        assert_eq!(neighbourhood(&index, index.get("PAY-3").unwrap(), "../../"), "");
    }

    #[test]
    fn long_titles_are_shortened() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
