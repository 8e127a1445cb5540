//! History in the site: the `history` of record pages, "what changed
//! recently" on the home page, the health page and the Atom feed of
//! decisions. Variables are documented in `docs/templates.md`.

use super::charts;
use super::context::{Entries, Node};
use super::views::{person, Summary, Views};
use crate::history::health;
use crate::history::{Stamp, Timeline};
use crate::model::Kind;
use crate::project::Project;
use serde_json::{json, Value};

/// A commit author: a link when the records name the person, else plain text.
pub(super) fn author(views: &Views, name: &str) -> Node<'static> {
    if views
        .directory
        .people
        .contains_key(&super::views::name_slug(name))
    {
        Node::Person(person(name))
    } else {
        Node::Json(json!({ "name": name, "url": null }))
    }
}

/// When, by whom and in which commit: `date`, `author` and `commit`.
fn stamp_entries(views: &Views, s: &Stamp) -> Entries<'static> {
    let author = s
        .author
        .as_deref()
        .map_or(Node::Json(Value::Null), |a| author(views, a));
    let commit = s.commit.as_deref().map(|c| &c[..c.len().min(10)]);
    vec![
        ("date".into(), Node::Json(Value::String(s.date()))),
        ("author".into(), author),
        ("commit".into(), Node::Json(json!(commit))),
    ]
}

fn stamp(views: &Views, s: &Stamp) -> Node<'static> {
    Node::Object(stamp_entries(views, s))
}

/// The status category of a past status of record `i`, for badges.
fn category(project: &Project, i: usize, status: &str) -> Option<String> {
    use crate::history::status::{decision_category, item_category};
    let config = &project.config;
    let name = match project.index.records[i].kind {
        Kind::Item => item_category(status, config)?.as_str(),
        Kind::Decision => decision_category(status, config)?.as_str(),
        Kind::Session => return None,
    };
    Some(name.to_string())
}

/// The `record.history` variable of record `i`.
pub fn record_history(project: &Project, views: &Views, i: usize) -> Node<'static> {
    let Some(timeline) = project.history.of(i) else {
        return Node::Json(Value::Null);
    };
    let successors: Vec<_> = project.index.superseded_by[i]
        .iter()
        .map(|&s| views.link_to(s))
        .collect();
    let transitions: Vec<Node> = timeline
        .transitions()
        .into_iter()
        .map(|t| {
            let category = category(project, i, t.to);
            let replaced = category.as_deref() == Some("superseded");
            let mut entries = stamp_entries(views, t.stamp);
            entries.extend([
                ("from".into(), Node::Json(json!(t.from))),
                ("to".into(), Node::Json(json!(t.to))),
                ("category".into(), Node::Json(json!(category))),
                (
                    "superseded_by".into(),
                    Node::Links(if replaced { successors.clone() } else { Vec::new() }),
                ),
            ]);
            Node::Object(entries)
        })
        .collect();
    let optional = |s: Option<&Stamp>| s.map_or(Node::Json(Value::Null), |s| stamp(views, s));
    Node::object([
        ("source", Node::Json(json!(timeline.source))),
        ("created", optional(timeline.created())),
        ("changed", optional(timeline.changed())),
        ("passes", Node::Json(json!(timeline.passes()))),
        ("transitions", Node::List(transitions)),
    ])
}

/// One line of "what changed recently".
fn change_line(project: &Project, views: &Views, i: usize, timeline: &Timeline, n: usize) -> Value {
    let event = &timeline.events[n];
    let before = timeline.events[..n]
        .iter()
        .rev()
        .find_map(|e| e.status.as_deref());
    let what = if n == 0 {
        "created"
    } else if event.status.is_some() && event.status.as_deref() != before {
        "status"
    } else {
        "edited"
    };
    let mut v = stamp(views, &event.stamp).into_json();
    v["record"] = json!(views.summaries[i]);
    v["what"] = json!(what);
    v["from"] = json!(before);
    v["to"] = json!(event.status);
    v["category"] = json!(event.status.as_deref().and_then(|s| category(project, i, s)));
    v
}

/// Every commit's change to a record (kinds in `kinds`), newest first.
fn changes(project: &Project, kinds: &[Kind]) -> Vec<(i64, usize, usize)> {
    let mut all: Vec<(i64, usize, usize)> = Vec::new();
    for (i, timeline) in project.history.timelines.iter().enumerate() {
        if kinds.contains(&project.index.records[i].kind) {
            all.extend(
                timeline
                    .events
                    .iter()
                    .enumerate()
                    .map(|(n, e)| (e.stamp.time, i, n)),
            );
        }
    }
    all.sort_by(|a, b| b.cmp(a));
    all
}

/// The home page's `recent_changes`: the latest commits' changes to records.
pub fn recent_changes(project: &Project, views: &Views) -> Value {
    let kinds = [Kind::Item, Kind::Decision, Kind::Session];
    let lines: Vec<Value> = changes(project, &kinds)
        .into_iter()
        .take(project.config.history.recent_changes)
        .map(|(_, i, n)| change_line(project, views, i, &project.history.timelines[i], n))
        .collect();
    json!(lines)
}

/// The context of the health page.
pub fn health_page(project: &Project, views: &Views) -> Value {
    let items = health::items(&project.index, &project.config, &project.history);
    let sessions = health::sessions(&project.index, &project.config);
    let authors = health::authors(&project.history);
    let share = |n: usize, of: usize| (n * 100 + of / 2).checked_div(of).unwrap_or(0);
    let passes = health::Spread::of(items.to_ready.iter().map(|t| t.1).collect());
    let days = health::Spread::of(items.to_ready.iter().map(|t| t.2).collect());
    let histogram = |values: Vec<u64>, unit: &str| {
        let mut counts = std::collections::BTreeMap::new();
        for v in values {
            *counts.entry(v).or_insert(0u64) += 1;
        }
        let rows: Vec<(String, u64)> = counts
            .into_iter()
            .map(|(k, n)| (format!("{k} {unit}{}", if k == 1 { "" } else { "s" }), n))
            .collect();
        charts::bars(&rows)
    };
    let people_rows = |map: &std::collections::BTreeMap<String, usize>| {
        let mut rows: Vec<(String, u64)> = map.iter().map(|(k, v)| (k.clone(), *v as u64)).collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.to_lowercase().cmp(&b.0.to_lowercase())));
        rows
    };
    #[derive(serde::Serialize)]
    struct Rotation<'a> {
        session: &'a Summary,
        first_proposal: Option<super::views::Named>,
        facilitator: Option<super::views::Named>,
    }
    let rotation: Vec<Rotation> = sessions
        .recent
        .iter()
        .map(|&s| {
            let r = &project.index.records[s];
            Rotation {
                session: &views.summaries[s],
                first_proposal: r.first_proposal.as_deref().map(person),
                facilitator: r.facilitator.as_deref().map(person),
            }
        })
        .collect();
    // Lists of records are serialised once, by the `json!` below, rather
    // than made into JSON values that it would copy.
    #[derive(serde::Serialize)]
    struct Counted<'a> {
        record: &'a Summary,
        count: usize,
    }
    #[derive(serde::Serialize)]
    struct Dated<'a, D> {
        record: &'a Summary,
        date: D,
    }
    let counted = |list: &[(usize, usize)]| -> Vec<Counted> {
        list.iter()
            .map(|&(i, count)| Counted {
                record: &views.summaries[i],
                count,
            })
            .collect()
    };
    json!({
        "from_git": project.history.from_git,
        "authors": people_rows(&authors).iter().map(|(name, n)| json!({ "name": name, "count": n })).collect::<Vec<_>>(),
        "authors_chart": charts::bars(&people_rows(&authors)),
        "ready_trend_chart": charts::bars(&health::ready_by_month(&project.index, &project.config, &project.history, 12)),
        "items": {
            "with_history": items.with_history,
            "rework": {
                "count": items.reworked.len(),
                "percent": share(items.reworked.len(), items.with_history),
                "items": items.reworked.iter().map(|(i, date)| Dated { record: &views.summaries[*i], date }).collect::<Vec<_>>(),
            },
            "scope_change": {
                "commits": items.scope_changes.iter().map(|s| s.1).sum::<usize>(),
                "items": counted(&items.scope_changes[..items.scope_changes.len().min(20)]),
            },
            "to_ready": {
                "count": items.to_ready.len(),
                "passes": passes,
                "days": days,
                "passes_chart": histogram(items.to_ready.iter().map(|t| t.1).collect(), "commit"),
            },
            "stale": {
                "after_days": project.config.history.stale_after_days,
                "items": counted(&items.stale.iter().map(|&(i, d)| (i, d as usize)).collect::<Vec<_>>()),
            },
        },
        "sprints": super::sprints::health(project, views),
        "sessions": {
            "count": sessions.items.count,
            "items": sessions.items,
            "minutes": sessions.minutes,
            "facilitators": people_rows(&sessions.facilitators).iter().map(|(p, n)| json!({ "person": person(p), "count": n })).collect::<Vec<_>>(),
            "facilitators_chart": charts::bars(&people_rows(&sessions.facilitators)),
            "first_proposals": people_rows(&sessions.first_proposals).iter().map(|(p, n)| json!({ "person": person(p), "count": n })).collect::<Vec<_>>(),
            "first_proposals_chart": charts::bars(&people_rows(&sessions.first_proposals)),
            "rotation": rotation,
            "rotation_sessions": project.config.history.rotation_sessions,
            "not_first_lately": sessions.not_first_lately.iter().map(|p| person(p)).collect::<Vec<_>>(),
        },
    })
}
