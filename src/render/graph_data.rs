//! `graph-data.js`: every record that has a page and every written link
//! between them (mentions left out), as a script that the graph page's
//! script reads to draw the graph around one record (`overview.rs` makes
//! the page). Loaded with a `<script>` element, so it works from `file://`.

use super::graph::neighbours;
use super::output::{Emit, GeneratedFile};
use super::renderer::PageRenderer;
use crate::index::Index;
use anyhow::Result;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};

/// The file the graph's data is written to, relative to the site root.
pub const DATA_FILE: &str = "graph-data.js";

/// The `graph-data.js` producer, for `generated_files`: a script that sets
/// `window.SHOSHIN_GRAPH` to `{ nodes, tags, edges, labels }`. Each node is
/// `[id, kind, title, status, status category, tag numbers]` with its URL
/// last when it is not `<kinds>/<id>/index.html`; `edges` is a flat list of
/// `from, to, label number` triples, one per written link (mentions left
/// out), in record order.
pub fn data_file(renderer: &PageRenderer, emit: Emit) -> Result<()> {
    let data = data(&renderer.project().index);
    let text = format!("window.SHOSHIN_GRAPH = {};\n", serde_json::to_string(&data)?);
    emit(GeneratedFile {
        path: DATA_FILE.into(),
        bytes: text.into_bytes(),
    })
}

/// The graph's data, as [`data_file`] writes it.
fn data(index: &Index) -> Value {
    // Duplicates have no page.
    let duplicates: HashSet<usize> = index.duplicates.iter().map(|&(d, _)| d).collect();
    let pages: Vec<usize> = (0..index.records.len())
        .filter(|i| !duplicates.contains(i))
        .collect();
    let number: HashMap<usize, usize> = pages.iter().enumerate().map(|(n, &i)| (i, n)).collect();
    let mut tags: Vec<&str> = Vec::new();
    let mut tag_number = HashMap::new();
    let mut labels: Vec<&str> = Vec::new();
    let mut edges = Vec::new();
    let mut nodes = Vec::with_capacity(pages.len());
    for &i in &pages {
        let record = &index.records[i];
        let tag_numbers: Vec<usize> = record
            .tags
            .iter()
            .map(|t| {
                *tag_number.entry(t.as_str()).or_insert_with(|| {
                    tags.push(t.as_str());
                    tags.len() - 1
                })
            })
            .collect();
        let mut node = json!([
            record.id,
            record.kind.as_str(),
            record.title,
            super::views::shown_status(record).unwrap_or_default(),
            index.status_category_name(i).unwrap_or(""),
            tag_numbers,
        ]);
        let url = super::markdown::record_url(index, i);
        if url != format!("{}/{}/index.html", record.kind.plural(), record.id) {
            node.as_array_mut().expect("an array").push(json!(url));
        }
        nodes.push(node);
        let (_, outgoing) = neighbours(index, i);
        for n in outgoing {
            let Some(&to) = number.get(&n.record) else {
                continue;
            };
            let label = match labels.iter().position(|&l| l == n.label) {
                Some(k) => k,
                None => {
                    labels.push(n.label);
                    labels.len() - 1
                }
            };
            edges.extend([number[&i], to, label]);
        }
    }
    json!({ "nodes": nodes, "tags": tags, "edges": edges, "labels": labels })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::indexed;

    #[test]
    fn the_data_file_holds_every_record_once_and_every_written_link() {
        let (_dir, index, _) = indexed(
            &[
                (
                    "items/PAY-1.md",
                    "---\ntitle: One\ntags: [money]\ndepends_on: [PAY-2]\n---\nSee PAY-2.\n",
                ),
                ("items/PAY-2.md", "---\ntitle: Two\ntags: [money, ops]\n---\n"),
            ],
            &crate::config::Config::default(),
        );
        let data = data(&index);
        assert_eq!(data["tags"], json!(["money", "ops"]));
        assert_eq!(data["nodes"][0], json!(["PAY-1", "item", "One", "", "", [0]]));
        assert_eq!(data["nodes"][1][5], json!([0, 1]));
        // The mention in the body is no edge; the written dependency is one.
        assert_eq!(data["edges"], json!([0, 1, 0]));
        assert_eq!(data["labels"], json!(["depends on"]));
    }
}
