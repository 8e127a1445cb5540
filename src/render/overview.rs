//! The whole-repository graph page, `graph/index.html`. Rather than every
//! record at once (unreadable from a few dozen records), it shows the graph
//! around one record, to a chosen depth, filtered by kind, tag and status:
//! the page's script draws it from `graph-data.js` (see `graph_data.rs`),
//! loaded as a script so that it works from `file://`. Without the script
//! the page shows the neighbourhood of the most connected record, drawn at
//! build time. Every repository also gets its decision supersession chains
//! (the longest first, capped), its tags as clusters with counts, and its
//! most connected records, each linking to their pages and to the graph
//! around them. The page's size does not grow with the number of records;
//! the data file does, by about 100 bytes a record.

use super::graph::{edge, neighbours, node, NODE_HEIGHT, NODE_WIDTH};
use super::views::{tag_url, Views};
use crate::index::Index;
use crate::model::Kind;
use serde_json::{json, Value};
use std::collections::HashSet;

/// At most this many supersession chains are drawn.
const MAX_CHAINS: usize = 25;
/// At most this many decisions of one chain are drawn.
const MAX_CHAIN_LENGTH: usize = 6;
/// At most this many tags are listed.
const MAX_CLUSTERS: usize = 40;
/// How many of the most connected records are listed.
const HUBS: usize = 15;
/// Vertical distance between two nodes of a column.
const ROW: u32 = 48;

/// The template context of the graph page.
pub fn context(index: &Index, views: &Views, root: &str) -> Value {
    let pages = with_pages(index);
    let chains = chains(index, &pages);
    let hubs = hubs(index, views, &pages);
    let focus = most_connected(index, &pages).first().map(|&(_, i)| i);
    json!({
        "record_count": pages.len(),
        "focus": focus.map(|i| &index.records[i].id),
        "focused": focus.map(|i| super::graph::neighbourhood(index, i, root)).unwrap_or_default(),
        "chains_total": chains.len(),
        "chains": chains_svg(index, &chains, root),
        "clusters": clusters(index, views),
        "clusters_total": views.directory.tags.len(),
        "hubs": hubs,
    })
}

/// Records that have a page (duplicates have none), in index order.
fn with_pages(index: &Index) -> Vec<usize> {
    let duplicates: HashSet<usize> = index.duplicates.iter().map(|&(d, _)| d).collect();
    (0..index.records.len())
        .filter(|i| !duplicates.contains(i))
        .collect()
}

/// Supersession chains of two decisions or more, longest first.
fn chains(index: &Index, pages: &[usize]) -> Vec<Vec<usize>> {
    let mut seen = HashSet::new();
    let mut chains = Vec::new();
    for &i in pages {
        if index.records[i].kind != Kind::Decision || seen.contains(&i) {
            continue;
        }
        let chain = index.supersession_chain(i);
        if chain.len() >= 2 {
            seen.extend(chain.iter().copied());
            chains.push(chain);
        }
    }
    chains.sort_by(|a, b| {
        b.len()
            .cmp(&a.len())
            .then_with(|| index.records[a[0]].id.cmp(&index.records[b[0]].id))
    });
    chains
}

/// The longest chains, one row each, oldest decision first.
fn chains_svg(index: &Index, chains: &[Vec<usize>], root: &str) -> String {
    let shown = &chains[..chains.len().min(MAX_CHAINS)];
    if shown.is_empty() {
        return String::new();
    }
    let longest = shown
        .iter()
        .map(|c| c.len().min(MAX_CHAIN_LENGTH))
        .max()
        .unwrap_or(1) as u32;
    let width = longest * (NODE_WIDTH + 40) + 10;
    let height = shown.len() as u32 * ROW + 10;
    let mut svg =
        format!(r#"<svg class="graph" viewBox="0 0 {width} {height}" width="{width}" height="{height}">"#);
    for (r, chain) in shown.iter().enumerate() {
        let y = 10 + r as u32 * ROW;
        let drawn = &chain[..chain.len().min(MAX_CHAIN_LENGTH)];
        for (k, &i) in drawn.iter().enumerate() {
            let x = 10 + k as u32 * (NODE_WIDTH + 40);
            if k > 0 {
                edge(
                    &mut svg,
                    (x - 40, y + NODE_HEIGHT / 2),
                    (x, y + NODE_HEIGHT / 2),
                    "edge arrow",
                );
            }
            node(&mut svg, index, i, root, (x, y), None, false);
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Tags as clusters: the biggest first, with their counts per kind.
fn clusters(index: &Index, views: &Views) -> Vec<Value> {
    let mut list: Vec<(&String, &Vec<usize>)> = views.directory.tags.values().map(|(n, r)| (n, r)).collect();
    list.sort_by(|a, b| {
        b.1.len()
            .cmp(&a.1.len())
            .then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
    });
    list.into_iter()
        .take(MAX_CLUSTERS)
        .map(|(name, records)| {
            let count = |kind| records.iter().filter(|&&i| index.records[i].kind == kind).count();
            json!({
                "name": name,
                "url": tag_url(name),
                "total": records.len(),
                "items": count(Kind::Item),
                "decisions": count(Kind::Decision),
                "sessions": count(Kind::Session),
            })
        })
        .collect()
}

/// The records with the most links (both ways, mentions left out).
fn hubs(index: &Index, views: &Views, pages: &[usize]) -> Vec<Value> {
    most_connected(index, pages)
        .into_iter()
        .take(HUBS)
        .map(|(degree, i)| json!({ "record": views.summaries[i], "links": degree }))
        .collect()
}

/// The records with links, as (links, record), the most connected first.
fn most_connected(index: &Index, pages: &[usize]) -> Vec<(usize, usize)> {
    let mut degrees: Vec<(usize, usize)> = pages
        .iter()
        .map(|&i| {
            let (incoming, outgoing) = neighbours(index, i);
            (incoming.len() + outgoing.len(), i)
        })
        .filter(|&(d, _)| d > 0)
        .collect();
    degrees.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| index.records[a.1].id.cmp(&index.records[b.1].id))
    });
    degrees
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::indexed;

    #[test]
    fn the_overview_draws_chains_clusters_and_hubs() {
        let (_dir, index, _) = indexed(
            &[
                (
                    "items/PAY-1.md",
                    "---\ntitle: One\ntags: [money]\ndecisions: [ADR-2]\n---\n",
                ),
                (
                    "decisions/ADR-1.md",
                    "---\ntitle: Floats\nstatus: superseded\n---\n",
                ),
                (
                    "decisions/ADR-2.md",
                    "---\ntitle: Cents\nstatus: accepted\nsupersedes: [ADR-1]\ntags: [money]\n---\n",
                ),
            ],
            &crate::config::Config::default(),
        );
        let views = Views::new(&index);
        let context = context(&index, &views, "../");
        assert_eq!(context["chains_total"], 1);
        let chains = context["chains"].as_str().unwrap();
        assert!(
            chains.find("ADR-1").unwrap() < chains.find("ADR-2").unwrap(),
            "{chains}"
        );
        assert_eq!(context["focus"], "ADR-2", "the most connected record");
        let focused = context["focused"].as_str().unwrap();
        assert!(
            focused.contains(r#"href="../items/PAY-1/index.html""#),
            "{focused}"
        );
        assert_eq!(context["clusters"][0]["name"], "money");
        assert_eq!(context["clusters"][0]["items"], 1);
        assert_eq!(context["hubs"][0]["record"]["id"], "ADR-2");
        assert_eq!(context["hubs"][0]["links"], 2);
    }
}
