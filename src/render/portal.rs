//! The pages of a portal (see docs/portal.md): the repositories on the
//! home page with their readiness, the page of every repository, the
//! decisions in force grouped by repository and tag, and the repository
//! each record's page names. A single repository has none of them.

use super::context::Node;
use super::order::{by_priority, in_force_groups, of_kind};
use super::views::Views;
use crate::config::{DecisionCategory, ItemCategory};
use crate::index::repositories::Repositories;
use crate::index::Index;
use crate::model::Kind;
use crate::project::Project;
use crate::readiness::Verdict;
use serde_json::{json, Value};

/// The site URL of repository `r`'s page, relative to the site root.
pub fn repository_url(repositories: &Repositories, r: usize) -> String {
    format!("r/{}/index.html", repositories.names[r])
}

/// `{name, title, url}` of record `i`'s repository, on a portal.
pub fn repository_of(index: &Index, i: usize) -> Option<Value> {
    let repositories = index.repositories.as_ref()?;
    let r = repositories.of_record[i];
    Some(named(repositories, r))
}

fn named(repositories: &Repositories, r: usize) -> Value {
    json!({
        "name": repositories.names[r],
        "title": repositories.titles[r],
        "url": repository_url(repositories, r),
    })
}

/// The search page's context: on a portal, the repositories to filter by.
pub fn search_page(index: &Index) -> Value {
    match &index.repositories {
        Some(repositories) => {
            let list: Vec<Value> = (0..repositories.names.len())
                .map(|r| named(repositories, r))
                .collect();
            json!({ "repositories": list })
        }
        None => json!({}),
    }
}

/// The records of repository `r`.
fn records_of(index: &Index, r: usize) -> Vec<usize> {
    let Some(repositories) = &index.repositories else {
        return Vec::new();
    };
    (0..index.records.len())
        .filter(|&i| repositories.of_record[i] == r)
        .collect()
}

/// Counts and readiness of repository `r`: what the home page's table of
/// repositories shows.
fn figures(project: &Project, r: usize) -> Value {
    let index = &project.index;
    let records = records_of(index, r);
    let of = |kind: Kind| {
        records
            .iter()
            .copied()
            .filter(move |&i| index.records[i].kind == kind)
    };
    let items_in = |c: ItemCategory| {
        of(Kind::Item)
            .filter(|&i| index.item_category(i) == Some(c))
            .count()
    };
    let in_force = of(Kind::Decision)
        .filter(|&i| index.decision_category(i) == Some(DecisionCategory::Accepted) && !index.is_retired(i))
        .count();
    let assessed: Vec<usize> = of(Kind::Item)
        .filter(|&i| {
            matches!(
                index.item_category(i),
                Some(ItemCategory::Open | ItemCategory::Ready)
            )
        })
        .collect();
    let verdicts: Vec<Value> = Verdict::ALL
        .iter()
        .map(|v| {
            let count = assessed
                .iter()
                .filter(|&&i| project.readiness.get(i).is_some_and(|a| a.verdict == *v))
                .count();
            json!({ "verdict": v.as_str(), "label": v.label(), "count": count })
        })
        .filter(|c| c["count"] != 0)
        .collect();
    json!({
        "items": of(Kind::Item).count(),
        "ready_items": items_in(ItemCategory::Ready),
        "open_items": items_in(ItemCategory::Open),
        "decisions": of(Kind::Decision).count(),
        "in_force": in_force,
        "sessions": of(Kind::Session).count(),
        "verdicts": verdicts,
    })
}

/// The home page's `portal` variable: each repository with its figures;
/// `null` for a single repository.
pub fn overview(project: &Project) -> Value {
    let Some(repositories) = &project.index.repositories else {
        return Value::Null;
    };
    let list: Vec<Value> = (0..repositories.names.len())
        .map(|r| {
            let mut value = named(repositories, r);
            value["figures"] = figures(project, r);
            value
        })
        .collect();
    json!({ "repositories": list })
}

/// The decisions in force of the records `within`, grouped by tag.
fn in_force_of<'v>(index: &Index, views: &'v Views, within: &[usize]) -> Vec<Node<'v>> {
    in_force_groups(index)
        .into_iter()
        .filter_map(|(tag, list)| {
            let list: Vec<usize> = list
                .into_iter()
                .filter(|i| within.binary_search(i).is_ok())
                .collect();
            (!list.is_empty()).then(|| {
                Node::object([
                    ("tag", Node::Json(Value::String(tag))),
                    ("decisions", Node::Summaries(views.summaries_of(list))),
                ])
            })
        })
        .collect()
}

/// The context of the page of every repository's decisions in force
/// (`repositories/index.html`): per repository, its groups by tag.
pub fn repositories_page<'v>(project: &Project, views: &'v Views) -> Node<'v> {
    let index = &project.index;
    let Some(repositories) = &index.repositories else {
        return Node::object([
            ("repositories", Node::List(Vec::new())),
            ("table", Node::Json(json!([]))),
        ]);
    };
    let table = overview(project)["repositories"].take();
    let list = (0..repositories.names.len())
        .map(|r| {
            let records = records_of(index, r);
            Node::object([
                ("repository", Node::Json(table[r].clone())),
                ("groups", Node::List(in_force_of(index, views, &records))),
            ])
        })
        .collect();
    Node::object([("repositories", Node::List(list)), ("table", Node::Json(table))])
}

/// The context of repository `r`'s own page (`r/NAME/index.html`).
pub fn repository_page<'v>(project: &Project, views: &'v Views, r: usize) -> Node<'v> {
    let index = &project.index;
    let Some(repositories) = &index.repositories else {
        return Node::object([]);
    };
    let records = records_of(index, r);
    let mut repository = named(repositories, r);
    repository["figures"] = figures(project, r);
    let within = |kind: Kind| -> Vec<usize> {
        of_kind(index, kind)
            .into_iter()
            .filter(|i| records.binary_search(i).is_ok())
            .collect()
    };
    let open_or_ready: Vec<usize> = within(Kind::Item)
        .into_iter()
        .filter(|&i| {
            matches!(
                index.item_category(i),
                Some(ItemCategory::Open | ItemCategory::Ready)
            )
        })
        .collect();
    let top = by_priority(index, open_or_ready);
    let title = repositories.titles[r].clone();
    Node::object([
        (
            "page",
            Node::Json(super::context::page_value("repository", &title)),
        ),
        ("repository", Node::Json(repository)),
        ("groups", Node::List(in_force_of(index, views, &records))),
        ("items", Node::Summaries(views.summaries_of(top))),
        (
            "decisions",
            Node::Summaries(views.summaries_of(within(Kind::Decision))),
        ),
        (
            "sessions",
            Node::Summaries(views.summaries_of(within(Kind::Session))),
        ),
    ])
}
