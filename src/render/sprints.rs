//! Sprints in the site: a page per sprint (what was committed, added,
//! removed and done, the questions raised during it), the health page's
//! predictability, questions-after-commitment and confidence sections, and
//! an item page's sprint and questions. Variables are documented in
//! `docs/templates.md`.

use super::charts;
use super::context::Node;
use super::views::{name_slug, sprint_url, Views};
use crate::history::questions::ItemQuestions;
use crate::history::sprints::{sprint_of, Member, Phase, Sprint, Sprints, RECENT};
use crate::project::Project;
use serde_json::{json, Value};

/// Gives every sprint of the history or the configuration a page, beside
/// those the items name today (which [`Views`] holds already).
pub fn add_pages(views: &mut Views, sprints: &Sprints) {
    for sprint in &sprints.sprints {
        let slug = name_slug(&sprint.name);
        views
            .directory
            .sprints
            .entry(slug)
            .or_insert_with(|| sprint.name.clone());
    }
}

/// A sprint as a link: `{name, url}`, `url` null when the sprint has no page.
fn link(views: &Views, name: &str) -> Value {
    let url = views
        .directory
        .sprints
        .contains_key(&name_slug(name))
        .then(|| sprint_url(name));
    json!({ "name": name, "url": url })
}

/// Points for display: whole numbers without a decimal point.
fn points(p: f64) -> Value {
    if p.fract() == 0.0 && p.abs() < 1e15 {
        json!(p as i64)
    } else {
        json!((p * 10.0).round() / 10.0)
    }
}

/// The figures of one sprint, as the health page's rows and the sprint
/// page show them.
fn figures(views: &Views, sprint: &Sprint) -> Value {
    let committed = sprint.committed().count();
    let done = sprint.committed().filter(|m| m.done).count();
    let added = sprint.added().count();
    let added_done = sprint.added().filter(|m| m.done).count();
    let removed = sprint.members.iter().filter(|m| m.removed).count();
    let not_done = sprint.members.iter().filter(|m| !m.done && !m.removed).count();
    json!({
        "name": sprint.name,
        "url": link(views, &sprint.name)["url"],
        "start": sprint.start.to_string(),
        "end": sprint.end.to_string(),
        "configured": sprint.configured,
        "phase": sprint.phase,
        "committed": committed,
        "committed_points": points(sprint.points_committed()),
        "done": done,
        "added": added,
        "added_done": added_done,
        "removed": removed,
        "not_done": not_done,
        "points_done": points(sprint.points_done()),
        "completion": sprint.completion(),
        "completion_points": sprint.completion_by_points(),
        "questions_after": sprint.questions_after,
    })
}

/// One item of a sprint's page.
fn member(views: &Views, m: &Member) -> Value {
    json!({
        "record": views.summaries[m.item],
        "points": m.points.map(points),
        "confidence": m.confidence,
        "committed": m.committed,
        "done": m.done,
        "removed": m.removed,
        "status": m.status,
    })
}

/// The context of the page of sprint `name`.
pub fn page<'v>(project: &Project, views: &'v Views, name: &str) -> Node<'v> {
    let sprints = &project.sprints;
    let title = format!("Sprint {name}");
    let Some(sprint) = sprints.named(name) else {
        // An item names it, but it is neither configured nor in the history.
        return Node::Json(json!({
            "page": { "name": "sprint", "title": title },
            "sprint": { "name": name, "known": false },
            "committed": [], "added": [], "questions": [],
            "items_now": items_now(project, views, name),
        }));
    };
    let mut figures = figures(views, sprint);
    figures["known"] = json!(true);
    let questions: Vec<Value> = sprints
        .questions
        .iter()
        .flat_map(|(&i, asked)| asked.raised.iter().map(move |q| (i, q)))
        .filter(|(_, q)| q.after_commitment && q.sprint.as_deref() == Some(name))
        .map(|(i, q)| question(views, i, q))
        .collect();
    Node::Json(json!({
        "page": { "name": "sprint", "title": title },
        "sprint": figures,
        "committed": sprint.committed().map(|m| member(views, m)).collect::<Vec<_>>(),
        "added": sprint.added().map(|m| member(views, m)).collect::<Vec<_>>(),
        "questions": questions,
        "items_now": items_now(project, views, name),
    }))
}

/// The items that name the sprint today.
fn items_now(project: &Project, views: &Views, name: &str) -> Value {
    let items: Vec<&super::views::Summary> = (0..project.index.records.len())
        .filter(|&i| sprint_of(&project.index.records[i]).as_deref() == Some(name))
        .map(|i| &*views.summaries[i])
        .collect();
    json!(items)
}

/// One raised question, with its item.
fn question(views: &Views, i: usize, q: &crate::history::questions::Raised) -> Value {
    raised(views, Some(i), q, json!(q.sprint))
}

/// A raised question: `record` (the item's summary) when `item` is given,
/// then its text, date, author, whether it came after commitment, `sprint`
/// and when it was answered.
fn raised(views: &Views, item: Option<usize>, q: &crate::history::questions::Raised, sprint: Value) -> Value {
    let author = q
        .stamp
        .author
        .as_deref()
        .map_or(Value::Null, |a| super::history::author(views, a).into_json());
    let mut out = serde_json::Map::new();
    if let Some(i) = item {
        out.insert("record".into(), json!(views.summaries[i]));
    }
    out.insert("text".into(), json!(q.text));
    out.insert("date".into(), json!(q.stamp.date()));
    out.insert("author".into(), author);
    out.insert("after_commitment".into(), json!(q.after_commitment));
    out.insert("sprint".into(), sprint);
    out.insert("answered".into(), json!(q.answered.as_ref().map(|a| a.date())));
    Value::Object(out)
}

/// The health page's `sprints` variable.
pub fn health(project: &Project, views: &Views) -> Value {
    let sprints: &Sprints = &project.sprints;
    let finished: Vec<&Sprint> = sprints.finished().collect();
    let ratios: Vec<u64> = finished.iter().filter_map(|s| s.completion()).collect();
    let recent: Vec<u64> = ratios.iter().rev().take(RECENT).copied().collect();
    let average = (!recent.is_empty())
        .then(|| (recent.iter().sum::<u64>() + recent.len() as u64 / 2) / recent.len() as u64);
    let spread = crate::history::health::Spread::of(ratios.clone());
    let completion_chart = charts::bars(
        &finished
            .iter()
            .filter_map(|s| Some((s.name.clone(), s.completion()?)))
            .collect::<Vec<_>>(),
    );
    let rows: Vec<Value> = sprints.sprints.iter().map(|s| figures(views, s)).collect();
    json!({
        "count": sprints.sprints.len(),
        "finished": finished.len(),
        "configured": !project.config.sprints.is_empty(),
        "rows": rows,
        "completion_chart": completion_chart,
        "spread": spread,
        "recent": recent.len(),
        "recent_average": average,
        "velocity": sprints.velocity,
        "velocity_configured": project.config.readiness.velocity,
        "questions": questions_health(project, views),
        "confidence": confidence(&finished),
    })
}

/// Questions before and after commitment, over every item, and per sprint.
fn questions_health(project: &Project, views: &Views) -> Value {
    let all: Vec<(&usize, &ItemQuestions)> = project.sprints.questions.iter().collect();
    let committed: Vec<&ItemQuestions> = all
        .iter()
        .map(|(_, q)| *q)
        .filter(|q| q.committed_at.is_some())
        .collect();
    let answered_before: usize = committed.iter().map(|q| q.answered_before_commitment()).sum();
    let open_at: usize = committed.iter().map(|q| q.open_at_commitment()).sum();
    let after: usize = all.iter().map(|(_, q)| q.after_commitment()).sum();
    let mut items: Vec<(usize, usize)> = all
        .iter()
        .map(|(&i, q)| (i, q.after_commitment()))
        .filter(|(_, n)| *n > 0)
        .collect();
    items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let per_sprint: Vec<(String, u64)> = project
        .sprints
        .sprints
        .iter()
        .filter(|s| s.phase != Phase::Planned)
        .map(|s| (s.name.clone(), s.questions_after as u64))
        .collect();
    json!({
        "answered_before": answered_before,
        "open_at_commitment": open_at,
        "after": after,
        "committed_items": committed.len(),
        "items": items.iter().take(20).map(|&(i, n)| json!({ "record": views.summaries[i], "count": n })).collect::<Vec<_>>(),
        "per_sprint": per_sprint.iter().map(|(name, n)| json!({ "sprint": link(views, name), "count": n })).collect::<Vec<_>>(),
        "trend_chart": charts::bars(&per_sprint),
    })
}

/// Committed items of finished sprints by their confidence at commitment:
/// how many were done.
fn confidence(finished: &[&Sprint]) -> Value {
    let levels = ["high", "medium", "low", "none"];
    let rows: Vec<Value> = levels
        .iter()
        .filter_map(|&level| {
            let members: Vec<&Member> = finished
                .iter()
                .flat_map(|s| s.committed())
                .filter(|m| m.confidence.as_deref().unwrap_or("none") == level)
                .collect();
            if members.is_empty() {
                return None;
            }
            let done = members.iter().filter(|m| m.done).count();
            Some(json!({
                "level": level,
                "committed": members.len(),
                "done": done,
                "percent": (done * 100 + members.len() / 2) / members.len(),
            }))
        })
        .collect();
    json!(rows)
}

/// An item page's `record.sprint`: the sprint it names, as a link.
pub fn item_sprint(project: &Project, i: usize) -> Value {
    match sprint_of(&project.index.records[i]) {
        Some(name) => json!({ "name": name, "url": sprint_url(&name) }),
        None => Value::Null,
    }
}

/// An item page's `record.questions`: every open question raised on it,
/// with when, by whom and whether it came after commitment.
pub fn item_questions(project: &Project, views: &Views, i: usize) -> Value {
    match project.sprints.questions.get(&i) {
        Some(asked) => json!(asked
            .raised
            .iter()
            .map(|q| question_on_item(views, q))
            .collect::<Vec<_>>()),
        None => json!([]),
    }
}

fn question_on_item(views: &Views, q: &crate::history::questions::Raised) -> Value {
    raised(views, None, q, json!(q.sprint.as_deref().map(|s| link(views, s))))
}
