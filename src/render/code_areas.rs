//! What the site shows of decisions and code, and of decisions over time:
//! on a decision's page its code areas, the code that cites it, who gave
//! it its status and its review date; the "Code areas" page (every
//! pattern with the decisions governing it); the "Due for review" list of
//! the home page.

use super::context::{Entries, Node, PageInput};
use super::views::Views;
use crate::check::decisions;
use crate::model::Relation;
use crate::project::Project;
use serde_json::{json, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The entries a decision's page adds for code areas, citations, who set
/// its status and its review date (see `docs/templates.md`).
pub fn decision_entries<'v>(project: &Project, views: &'v Views, i: usize) -> Entries<'v> {
    let index = &project.index;
    let code = &project.code;
    let record = &index.records[i];
    let areas: Vec<Value> = code
        .rules
        .rules
        .iter()
        .zip(&code.matches)
        .filter(|(rule, _)| rule.decision == i)
        .map(|(rule, &files)| json!({ "pattern": rule.pattern, "files": files }))
        .collect();
    let cited_by: Vec<Value> = code
        .citations_of(i)
        .map(|c| {
            let file = code
                .from_records_root(&c.file)
                .to_string_lossy()
                .replace('\\', "/");
            json!({ "file": file, "line": c.line })
        })
        .collect();
    let status_set = decisions::status_set_by(index, &project.history, &project.config, i).map(|stamp| {
        json!({
            // The commit's author, as git has it: not always a person the
            // records name, so no link to a person's page.
            "by": stamp.author,
            "date": stamp.date(),
            "status": record.status,
        })
    });
    let review = decisions::review_date(index, &project.history, &project.config, i).map(|due| {
        let today = decisions::as_of(index, &project.history);
        let overdue = today.is_some_and(|t| t.format("%Y-%m-%d").to_string() > due.date);
        json!({ "date": due.date, "from": due.from, "due": overdue })
    });
    let mut seen = rustc_hash::FxHashSet::default();
    let related = record
        .references_of(Relation::Related)
        .filter(|r| seen.insert(r.target.as_str()))
        .map(|r| views.link(index, &r.target))
        .collect();
    vec![
        (Cow::Borrowed("code_areas"), Node::Json(Value::Array(areas))),
        (Cow::Borrowed("cited_by_code"), Node::Json(Value::Array(cited_by))),
        (
            Cow::Borrowed("status_set"),
            Node::Json(status_set.unwrap_or(Value::Null)),
        ),
        (Cow::Borrowed("review"), Node::Json(review.unwrap_or(Value::Null))),
        (Cow::Borrowed("related"), Node::Links(related)),
    ]
}

/// The "Code areas" page: every pattern, with how many files it matches
/// and the decisions that name it, in force first.
pub fn page<'v>(input: &PageInput<'_, 'v>) -> Node<'v> {
    let (project, views) = (input.project, input.views);
    let index = &project.index;
    let code = &project.code;
    let mut by_pattern: BTreeMap<&str, (usize, Vec<usize>)> = BTreeMap::new();
    for (rule, &files) in code.rules.rules.iter().zip(&code.matches) {
        let entry = by_pattern.entry(rule.pattern.as_str()).or_default();
        entry.0 = files;
        if !entry.1.contains(&rule.decision) {
            entry.1.push(rule.decision);
        }
    }
    let areas: Vec<Node> = by_pattern
        .into_iter()
        .map(|(pattern, (files, mut governing))| {
            governing.sort_by_key(|&d| (index.is_retired(d), index.records[d].id.clone()));
            Node::object([
                ("pattern", Node::Json(json!(pattern))),
                ("files", Node::Json(json!(files))),
                ("decisions", Node::Summaries(views.summaries_of(governing))),
            ])
        })
        .collect();
    Node::object([
        ("areas", Node::List(areas)),
        (
            "code_root",
            Node::Json(json!(code.root.to_string_lossy().replace('\\', "/"))),
        ),
        ("citations", Node::Json(json!(code.citations.len()))),
    ])
}

/// The home page's "Due for review" list: decisions past their review
/// date, the longest overdue first, each `{record, date}`.
pub fn due_for_review(project: &Project, views: &Views) -> Value {
    let due = decisions::due_for_review(&project.index, &project.history, &project.config);
    Value::Array(
        due.into_iter()
            .map(|d| json!({ "record": views.summary_value(d.decision), "date": d.date, "from": d.from }))
            .collect(),
    )
}
