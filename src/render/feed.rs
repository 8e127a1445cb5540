//! `feed.xml`: an Atom feed of decisions, rendered from the built-in
//! template `feed.xml` (overridable by file name like the pages'). This
//! module makes its context: the feed's identity and its latest 200
//! entries, newest first.

use super::renderer::PageRenderer;
use crate::history::Stamp;
use crate::model::Kind;
use anyhow::Result;
use serde_json::{json, Value};

/// Entries the feed holds at most.
const ENTRIES: usize = 200;

/// Text for XML, before the template escapes it: control characters,
/// which XML does not allow, dropped.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The context of `feed.xml`: `feed` (`id`, `title`, `updated`, `self`,
/// `alternate`) and `entries` (`id`, `title`, `link`, `updated`, `author`,
/// `summary`): an entry per creation and change of status of a decision
/// (per decision, dated by front matter, without history).
pub fn context(renderer: &PageRenderer) -> Result<Value> {
    let project = renderer.project();
    let index = &project.index;
    let base = project.config.base_url.trim_end_matches('/');
    let url = |path: &str| {
        if base.is_empty() {
            path.to_string()
        } else {
            format!("{base}/{path}")
        }
    };
    let mut entries: Vec<(String, Value)> = Vec::new();
    let mut push = |i: usize, when: &Stamp, title: String, key: String| {
        let record = &index.records[i];
        let link = url(&super::markdown::record_url(index, i));
        let id = if base.is_empty() {
            format!(
                "urn:shoshin:{}:{key}",
                crate::parse::ids::path_segment(&record.id)
            )
        } else {
            format!("{link}#{key}")
        };
        let author = when
            .author
            .clone()
            .unwrap_or_else(|| renderer.title().to_string());
        let summary = renderer.views.summaries[i].why.clone().unwrap_or_default();
        let entry = json!({
            "id": xml_text(&id),
            "title": xml_text(&title),
            "link": xml_text(&link),
            "updated": when.rfc3339(),
            "author": xml_text(&author),
            "summary": xml_text(&summary),
        });
        entries.push((format!("{}{}", when.rfc3339_utc(), key), entry));
    };
    for (i, record) in index.records.iter().enumerate() {
        if record.kind != Kind::Decision {
            continue;
        }
        let Some(timeline) = project.history.of(i) else {
            continue;
        };
        let transitions = timeline.transitions();
        if timeline.events.is_empty() || transitions.is_empty() {
            if let Some(created) = timeline.created() {
                let status = record.status.as_deref().unwrap_or("recorded");
                push(
                    i,
                    created,
                    format!("{} {} ({status})", record.id, record.title),
                    "created".into(),
                );
            }
            continue;
        }
        for (n, t) in transitions.iter().enumerate() {
            let title = match t.from {
                None => format!("{} {} ({})", record.id, record.title, t.to),
                Some(from) => format!("{} {}: {from} → {}", record.id, record.title, t.to),
            };
            let commit = t.stamp.commit.as_deref().unwrap_or("");
            push(
                i,
                t.stamp,
                title,
                format!("{n}-{}-{}", t.to, &commit[..commit.len().min(12)]),
            );
        }
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0));
    let updated = entries
        .iter()
        .filter_map(|(key, _)| key.get(..20))
        .max()
        .map(String::from)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let feed_id = if base.is_empty() {
        format!(
            "urn:shoshin:{}",
            crate::parse::ids::path_segment(renderer.title())
        )
    } else {
        url("feed.xml")
    };
    entries.truncate(ENTRIES);
    Ok(json!({
        "feed": {
            "id": xml_text(&feed_id),
            "title": xml_text(renderer.title()),
            "updated": updated,
            "self": xml_text(&url("feed.xml")),
            "alternate": xml_text(&url("decisions/index.html")),
        },
        "entries": entries.into_iter().map(|(_, entry)| entry).collect::<Vec<_>>(),
    }))
}
