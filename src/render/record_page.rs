//! The context of a record's page (documented in `docs/templates.md`): its
//! summary, its front matter, the records it links to and that link to it,
//! its problems and its history.

use super::context::page_value;
use super::context::{Entries, Node};
use super::order::by_priority;
use super::views::{person, LinkView, Views};
use crate::config::DecisionCategory;
use crate::index::Index;
use crate::model::{Kind, Relation};
use crate::project::Project;
use serde_json::{json, Value};
use std::borrow::Cow;

fn written_links(index: &Index, views: &Views, i: usize, relation: Relation) -> Vec<LinkView> {
    let mut seen = rustc_hash::FxHashSet::default();
    index.records[i]
        .references_of(relation)
        .filter(|r| seen.insert(r.target.as_str()))
        .map(|r| views.link(index, &r.target))
        .collect()
}

fn unique(mut list: Vec<usize>) -> Vec<usize> {
    let mut seen = rustc_hash::FxHashSet::default();
    list.retain(|i| seen.insert(*i));
    list
}

fn from_kind(index: &Index, i: usize, relation: Relation, kind: Kind) -> Vec<usize> {
    unique(
        index
            .links_to(i, relation)
            .map(|l| l.from)
            .filter(|&f| index.records[f].kind == kind)
            .collect(),
    )
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(list) => list.iter().map(plain).collect::<Vec<_>>().join(", "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A summary list's node.
fn summaries<'v>(views: &'v Views, records: Vec<usize>) -> Node<'v> {
    Node::Summaries(views.summaries_of(records))
}

/// People, by name.
fn people<'v>(names: &[String]) -> Node<'v> {
    Node::People(names.iter().map(|p| person(p)).collect())
}

/// An entry of a context object holding JSON.
fn json_entry<'v>(key: &'static str, value: Value) -> (Cow<'v, str>, Node<'v>) {
    (Cow::Borrowed(key), Node::Json(value))
}

/// What a record's page shows that is made before its context: its body
/// as HTML and its file's diagnostics.
pub struct RecordBody<'d> {
    /// The body, rendered.
    pub html: String,
    /// The diagnostics of the record's file.
    pub diagnostics: &'d [crate::diagnostic::Diagnostic],
}

/// The context of record `i`'s page, with its `body`: its summary,
/// extended.
pub fn record<'v>(project: &Project, views: &'v Views, i: usize, body: RecordBody) -> Node<'v> {
    let index = &project.index;
    let record = &index.records[i];
    let fields: Vec<Value> = record
        .front_matter
        .other_keys()
        .into_iter()
        .map(|(k, v)| json!({ "name": k, "value": plain(&v) }))
        .collect();
    let diagnostics: Vec<Value> = body
        .diagnostics
        .iter()
        .map(|d| {
            let message = d.one_line();
            let html = super::message::html(index, &message, super::markdown::record_page_root(index));
            json!({ "code": d.code.as_str(), "severity": d.severity.as_str(), "line": d.line, "message": message, "message_html": html })
        })
        .collect();
    let mentioned_by = unique(index.links_to(i, Relation::Mention).map(|l| l.from).collect());
    let mut entries: Entries<'v> = match record.kind {
        Kind::Item => vec![
            json_entry("timebox", json!(record.timebox)),
            json_entry("confidence", json!(record.confidence)),
            json_entry("sprint", super::sprints::item_sprint(project, i)),
            json_entry("questions", super::sprints::item_questions(project, views, i)),
            (
                "parent".into(),
                written_links(index, views, i, Relation::Parent)
                    .into_iter()
                    .next()
                    .map_or(Node::Json(Value::Null), Node::Link),
            ),
            (
                "children".into(),
                summaries(
                    views,
                    by_priority(index, from_kind(index, i, Relation::Parent, Kind::Item)),
                ),
            ),
            (
                "depends_on".into(),
                Node::Links(written_links(index, views, i, Relation::DependsOn)),
            ),
            (
                "dependants".into(),
                summaries(views, from_kind(index, i, Relation::DependsOn, Kind::Item)),
            ),
            (
                "decisions".into(),
                Node::Links(written_links(index, views, i, Relation::Decision)),
            ),
            (
                "sessions".into(),
                summaries(views, from_kind(index, i, Relation::Item, Kind::Session)),
            ),
            json_entry(
                "readiness",
                project
                    .readiness
                    .get(i)
                    .map(|a| super::readiness::checklist(index, a))
                    .unwrap_or_default(),
            ),
        ],
        Kind::Decision => {
            let mut entries = decision_extra(index, views, i);
            entries.extend(super::code_areas::decision_entries(project, views, i));
            entries
        }
        Kind::Session => {
            let follow_ups: Vec<Value> = record
                .section("follow_ups")
                .map(|s| s.tasks.iter().map(|t| json!({ "html": crate::text::escape_html(&t.text), "done": t.done, "owner": t.owner.as_deref().map(person) })).collect())
                .unwrap_or_default();
            let one_person = |name: &Option<String>| {
                name.as_deref()
                    .map_or(Node::Json(Value::Null), |p| Node::Person(person(p)))
            };
            vec![
                ("facilitator".into(), one_person(&record.facilitator)),
                ("first_proposal".into(), one_person(&record.first_proposal)),
                ("participants".into(), people(&record.participants)),
                json_entry("duration", json!(record.duration)),
                (
                    "items".into(),
                    Node::Links(written_links(index, views, i, Relation::Item)),
                ),
                (
                    "decisions".into(),
                    Node::Links(written_links(index, views, i, Relation::Decision)),
                ),
                json_entry("follow_ups", Value::Array(follow_ups)),
            ]
        }
    };
    let [previous, next] =
        views.neighbours[i].map(|n| n.map_or(Node::Json(Value::Null), |n| Node::Link(views.link_to(n))));
    entries.extend([
        ("previous".into(), previous),
        ("next".into(), next),
        json_entry("toc", super::document::toc(record)),
        json_entry(
            "edit_url",
            json!(super::document::edit_url(&project.config, record)),
        ),
        json_entry("file", json!(record.file.to_string_lossy().replace('\\', "/"))),
        json_entry("body_html", Value::String(body.html)),
        json_entry("fields", Value::Array(fields)),
        ("mentioned_by".into(), summaries(views, mentioned_by)),
        json_entry("diagnostics", Value::Array(diagnostics)),
        json_entry(
            "repository",
            super::portal::repository_of(index, i).unwrap_or(Value::Null),
        ),
        (
            "history".into(),
            super::history::record_history(project, views, i),
        ),
    ]);
    let name = record.kind.as_str();
    Node::object([
        (
            "page",
            Node::Json(page_value(name, &format!("{} {}", record.id, record.title))),
        ),
        ("record", Node::Extended(&views.summaries[i], entries)),
    ])
}

fn decision_extra<'v>(index: &Index, views: &'v Views, i: usize) -> Entries<'v> {
    let record = &index.records[i];
    let mut items = written_links(index, views, i, Relation::Item);
    for from in from_kind(index, i, Relation::Decision, Kind::Item) {
        if !items.iter().any(|l| l.id == index.records[from].id) {
            items.push(views.link_to(from));
        }
    }
    let mut supersedes: Vec<LinkView> = index.supersedes[i].iter().map(|&s| views.link_to(s)).collect();
    let mut superseded_by: Vec<LinkView> = index.superseded_by[i].iter().map(|&s| views.link_to(s)).collect();
    for (relation, list) in [
        (Relation::Supersedes, &mut supersedes),
        (Relation::SupersededBy, &mut superseded_by),
    ] {
        for link in written_links(index, views, i, relation)
            .into_iter()
            .filter(|l| !l.exists)
        {
            list.push(link);
        }
    }
    let chain: Vec<Node> = index
        .supersession_chain(i)
        .into_iter()
        .map(|c| {
            Node::Extended(
                &views.summaries[c],
                vec![("current".into(), Node::Json(json!(c == i)))],
            )
        })
        .collect();
    let successors: Vec<LinkView> = index
        .current_successors(i)
        .into_iter()
        .map(|s| views.link_to(s))
        .collect();
    let successor_date = index.superseded_by[i]
        .iter()
        .filter_map(|&s| index.records[s].date.clone())
        .min();
    let banner = if !index.superseded_by[i].is_empty() && index.is_retired(i) {
        let direct: Vec<LinkView> = index.superseded_by[i].iter().map(|&s| views.link_to(s)).collect();
        json!({ "category": "superseded", "text": "Superseded by", "links": direct, "date": successor_date, "current": successors })
    } else {
        let (category, text) = match index.decision_category(i) {
            Some(DecisionCategory::Accepted) => ("accepted", "Accepted: in force"),
            Some(DecisionCategory::Proposed) => ("proposed", "Proposed: not decided yet"),
            Some(DecisionCategory::Rejected) => ("rejected", "Rejected"),
            Some(DecisionCategory::Deprecated) => ("deprecated", "Deprecated: no longer recommended"),
            Some(DecisionCategory::Superseded) => ("superseded", "Superseded"),
            None => ("unknown", "Status unknown"),
        };
        json!({ "category": category, "text": text, "links": [], "date": record.date, "current": successors })
    };
    vec![
        ("deciders".into(), people(&record.deciders)),
        ("consulted".into(), people(&record.consulted)),
        ("informed".into(), people(&record.informed)),
        ("items".into(), Node::Links(items)),
        (
            "sessions".into(),
            summaries(views, from_kind(index, i, Relation::Decision, Kind::Session)),
        ),
        ("supersedes".into(), Node::Links(supersedes)),
        ("superseded_by".into(), Node::Links(superseded_by)),
        (
            "amends".into(),
            Node::Links(written_links(index, views, i, Relation::Amends)),
        ),
        (
            "amended_by".into(),
            Node::Links(
                from_kind(index, i, Relation::Amends, Kind::Decision)
                    .into_iter()
                    .map(|a| views.link_to(a))
                    .collect(),
            ),
        ),
        ("chain".into(), Node::List(chain)),
        json_entry("banner", banner),
    ]
}
