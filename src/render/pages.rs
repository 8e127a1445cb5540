//! The pages of the site: which exist, where each is written, and the
//! template context each receives (documented in `docs/templates.md`).

use super::context::Node;
use super::shape::Shape;
use super::views::{person, tag_url, Named, Summary, Views};
use crate::config::DecisionCategory;
use crate::config::ItemCategory;
use crate::diagnostic::Counts;
use crate::index::Index;
use crate::model::{Kind, Relation};
use crate::project::Project;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// `index.html`.
    Home,
    /// Every item.
    Backlog,
    /// The decision log.
    Decisions,
    /// Decisions in force.
    InForce,
    /// Every session.
    Sessions,
    /// Every tag.
    Tags,
    /// Every person.
    People,
    /// One record, by index.
    Record(usize),
    /// One tag, by slug.
    Tag(String),
    /// One person, by slug.
    Person(String),
    /// The agenda of the next refinement session.
    Agenda,
    /// Full-text search (`search.rs` builds its index).
    Search,
    /// The whole-repository graph (`overview.rs`).
    Graph,
    /// `404.html`, for servers to show on a missing page.
    NotFound,
    /// The health of refinement.
    Health,
    /// Every diagnostic `check` found, with a link to each record's page.
    Problems,
}

impl Page {
    /// The pages not tied to one record, tag or person: the lists (they change
    /// with any record), search, the graph, the health, problems and 404
    /// pages. `serve` re-renders those the site has on every rebuild.
    pub const LISTS: [Page; 13] = [
        Page::Home,
        Page::Backlog,
        Page::Decisions,
        Page::InForce,
        Page::Sessions,
        Page::Tags,
        Page::People,
        Page::Agenda,
        Page::Search,
        Page::Graph,
        Page::NotFound,
        Page::Health,
        Page::Problems,
    ];

    /// Every page of the site, only the lists of the sections it has
    /// (`shape`); duplicate records get no page of their own.
    pub fn all(index: &Index, views: &Views, shape: &Shape) -> Vec<Page> {
        let mut pages: Vec<Page> = Page::LISTS.iter().filter(|p| shape.has(p)).cloned().collect();
        let duplicates: std::collections::HashSet<usize> = index.duplicates.iter().map(|&(d, _)| d).collect();
        pages.extend(
            (0..index.records.len())
                .filter(|i| !duplicates.contains(i))
                .map(Page::Record),
        );
        pages.extend(views.directory.tags.keys().cloned().map(Page::Tag));
        pages.extend(views.directory.people.keys().cloned().map(Page::Person));
        pages
    }

    /// The template that renders the page.
    pub fn template(&self, index: &Index) -> &'static str {
        match self {
            Page::Home => "home.html",
            Page::Backlog => "backlog.html",
            Page::Decisions => "decisions.html",
            Page::InForce => "in_force.html",
            Page::Sessions => "sessions.html",
            Page::Tags => "tags.html",
            Page::People => "people.html",
            Page::Tag(_) => "tag.html",
            Page::Person(_) => "person.html",
            Page::Agenda => "agenda.html",
            Page::Search => "search.html",
            Page::Graph => "graph.html",
            Page::NotFound => "404.html",
            Page::Health => "health.html",
            Page::Problems => "problems.html",
            Page::Record(i) => match index.records[*i].kind {
                Kind::Item => "item.html",
                Kind::Decision => "decision.html",
                Kind::Session => "session.html",
            },
        }
    }

    /// The file the page is written to, relative to the output folder.
    pub fn path(&self, index: &Index) -> PathBuf {
        let url = match self {
            Page::Home => "index.html".to_string(),
            Page::Backlog => "items/index.html".into(),
            Page::Decisions => "decisions/index.html".into(),
            Page::InForce => "in-force/index.html".into(),
            Page::Sessions => "sessions/index.html".into(),
            Page::Tags => "tags/index.html".into(),
            Page::People => "people/index.html".into(),
            Page::Agenda => "agenda/index.html".into(),
            Page::Search => "search/index.html".into(),
            Page::Graph => "graph/index.html".into(),
            Page::NotFound => "404.html".into(),
            Page::Health => "health/index.html".into(),
            Page::Problems => "problems/index.html".into(),
            Page::Record(i) => super::markdown::record_url(index, *i),
            Page::Tag(slug) => format!("tags/{}/index.html", crate::ids::path_segment(slug)),
            Page::Person(slug) => format!("people/{}/index.html", crate::ids::path_segment(slug)),
        };
        PathBuf::from(url)
    }

    /// The relative path from the page to the site root.
    pub fn root(&self, index: &Index) -> String {
        let depth = self.path(index).components().count() - 1;
        "../".repeat(depth)
    }
}

/// The `page` variable.
pub(super) fn page_value(name: &str, title: &str) -> Value {
    json!({ "name": name, "title": title })
}

/// A JSON object of `entries`, moved in: `json!` would copy every value that
/// is already JSON by serialising it again.
pub fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// The context of a page, without the variables every page gets.
/// `body` is that of a record's page, made before its context.
pub fn context<'v>(
    project: &Project,
    views: &'v Views,
    page: &Page,
    body: Option<super::record_page::RecordBody>,
) -> Node<'v> {
    let index = &project.index;
    let json = match page {
        Page::Home => home(project, views),
        Page::Backlog => return backlog(project, views),
        Page::Decisions => return decision_log(project, views),
        Page::InForce => return in_force(index, views),
        Page::Sessions => sessions(project, views),
        Page::Tags => directory_list(
            "tags",
            "Tags",
            views
                .directory
                .tags
                .iter()
                .map(|(_, (name, r))| (name, tag_url(name), r.len())),
        ),
        Page::People => directory_list(
            "people",
            "People",
            views.directory.people.iter().map(|(_, (name, r))| {
                let mut records: Vec<usize> = r.iter().map(|&(_, i)| i).collect();
                records.dedup();
                (name, super::views::person_url(name), records.len())
            }),
        ),
        Page::Tag(slug) => {
            let (name, records) = &views.directory.tags[slug];
            let mut records = records.clone();
            records.sort_by(|&a, &b| {
                (index.records[a].kind, &index.records[a].id)
                    .cmp(&(index.records[b].kind, &index.records[b].id))
            });
            return Node::object([
                ("page", Node::Json(page_value("tag", &format!("Tag: {name}")))),
                ("tag", Node::Json(json!({ "name": name }))),
                ("records", Node::Summaries(views.summaries_of(records))),
            ]);
        }
        Page::Person(slug) => return person_page(index, views, slug),
        Page::Agenda => crate::readiness::site::agenda_page(project, views),
        Page::Search => json!({ "page": page_value("search", "Search") }),
        Page::Graph => super::overview::context(index, views, &page.root(index)),
        Page::NotFound => json!({ "page": page_value("not_found", "Page not found") }),
        Page::Health => super::history::health_page(project, views),
        Page::Problems => super::problems::page(project),
        Page::Record(i) => {
            let body = body.unwrap_or(super::record_page::RecordBody {
                html: String::new(),
                diagnostics: &[],
            });
            return super::record_page::record(project, views, *i, body);
        }
    };
    Node::Json(json)
}

pub(super) fn by_priority(index: &Index, mut items: Vec<usize>) -> Vec<usize> {
    items.sort_by(|&a, &b| {
        let (ra, rb) = (&index.records[a], &index.records[b]);
        (ra.priority.is_none(), ra.priority, &ra.id).cmp(&(rb.priority.is_none(), rb.priority, &rb.id))
    });
    items
}

/// Records of `kind`, newest first: by `date`, then by when git first saw them.
fn newest_first(project: &Project, kind: Kind) -> Vec<usize> {
    let index = &project.index;
    let mut records: Vec<(Option<String>, Option<i64>, usize)> = (0..index.records.len())
        .filter(|&i| index.records[i].kind == kind)
        .map(|i| {
            let created = project.history.of(i).and_then(|t| t.created()).map(|s| s.time);
            (super::history::sort_date(project, i), created, i)
        })
        .collect();
    records.sort_by(|(da, ta, a), (db, tb, b)| {
        (db.is_some(), db, tb, &index.records[*b].id).cmp(&(da.is_some(), da, ta, &index.records[*a].id))
    });
    records.into_iter().map(|(_, _, i)| i).collect()
}

fn of_kind(index: &Index, kind: Kind) -> Vec<usize> {
    (0..index.records.len())
        .filter(|&i| index.records[i].kind == kind)
        .collect()
}

fn home(project: &Project, views: &Views) -> Value {
    let index = &project.index;
    let items = of_kind(index, Kind::Item);
    let count_items = |c: ItemCategory| {
        items
            .iter()
            .filter(|&&i| index.item_category(i) == Some(c))
            .count()
    };
    let decisions = of_kind(index, Kind::Decision);
    let in_force = decisions
        .iter()
        .filter(|&&i| index.decision_category(i) == Some(DecisionCategory::Accepted) && !index.is_retired(i))
        .count();
    let mut reasons: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let by_file = crate::diagnostic::ByFile::new(&project.diagnostics);
    for &i in &items {
        let found = by_file.of(&index.records[i].file);
        for d in found
            .iter()
            .filter(|d| d.severity != crate::diagnostic::Severity::Info)
        {
            reasons.entry(i).or_default().push(super::one_line(d));
        }
    }
    let attention: Vec<Value> = by_priority(index, reasons.keys().copied().collect())
        .into_iter()
        .take(20)
        .map(|i| {
            object([
                ("record", views.summary_value(i)),
                ("reasons", json!(reasons[&i])),
            ])
        })
        .collect();
    let open_or_ready: Vec<usize> = items
        .iter()
        .copied()
        .filter(|&i| {
            matches!(
                index.item_category(i),
                Some(ItemCategory::Open | ItemCategory::Ready)
            )
        })
        .collect();
    let top = by_priority(index, open_or_ready)
        .into_iter()
        .take(project.config.home.top_items);
    let recent = project.config.home.recent;
    let counts = Counts::of(&project.diagnostics);
    json!({
        "page": page_value("home", "Home"),
        "counts": {
            "items": items.len(),
            "decisions": decisions.len(),
            "sessions": of_kind(index, Kind::Session).len(),
            "ready_items": count_items(ItemCategory::Ready),
            "open_items": count_items(ItemCategory::Open),
            "accepted_decisions": in_force,
        },
        "attention": attention,
        "recent_decisions": views.summaries_of(newest_first(project, Kind::Decision).into_iter().take(recent)),
        "recent_sessions": views.summaries_of(newest_first(project, Kind::Session).into_iter().take(recent)),
        "recent_changes": super::history::recent_changes(project, views),
        "top_items": views.summaries_of(top),
        "diagnostics": { "errors": counts.errors, "warnings": counts.warnings },
        "readiness": crate::readiness::site::home(project, views),
    })
}

fn backlog<'v>(project: &Project, views: &'v Views) -> Node<'v> {
    let index = &project.index;
    Node::object([
        ("page", Node::Json(page_value("backlog", "Backlog"))),
        (
            "items",
            Node::Summaries(views.summaries_of(by_priority(index, of_kind(index, Kind::Item)))),
        ),
        (
            "statuses",
            Node::Json(json!(project.config.statuses.items.keys().collect::<Vec<_>>())),
        ),
        ("types", Node::Json(json!(project.config.types))),
        (
            "verdicts",
            Node::Json(json!(crate::readiness::site::verdict_counts(&project.readiness))),
        ),
    ])
}

fn decision_log<'v>(project: &Project, views: &'v Views) -> Node<'v> {
    let mut months: Vec<(String, Vec<usize>)> = Vec::new();
    for i in newest_first(project, Kind::Decision) {
        let key = super::history::sort_date(project, i)
            .map(|d| d.get(..7).unwrap_or_default().to_string())
            .unwrap_or_default();
        match months.last_mut() {
            Some((k, list)) if *k == key => list.push(i),
            _ => months.push((key, vec![i])),
        }
    }
    let months: Vec<Node> = months
        .into_iter()
        .map(|(key, list)| {
            Node::object([
                ("label", Node::Json(Value::String(month_label(&key)))),
                ("key", Node::Json(Value::String(key))),
                ("decisions", Node::Summaries(views.summaries_of(list))),
            ])
        })
        .collect();
    Node::object([
        ("page", Node::Json(page_value("decisions", "Decision log"))),
        ("months", Node::List(months)),
    ])
}

/// `2026-05` → `May 2026`; empty → `Undated`.
pub fn month_label(key: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = key.split('-');
    match (parts.next(), parts.next().and_then(|m| m.parse::<usize>().ok())) {
        (Some(year), Some(month @ 1..=12)) => format!("{} {year}", MONTHS[month - 1]),
        _ => "Undated".to_string(),
    }
}

fn in_force<'v>(index: &Index, views: &'v Views) -> Node<'v> {
    let mut groups: BTreeMap<(bool, String), Vec<usize>> = BTreeMap::new();
    for i in of_kind(index, Kind::Decision) {
        if index.decision_category(i) != Some(DecisionCategory::Accepted) || index.is_retired(i) {
            continue;
        }
        let tag = index.records[i].tags.first().cloned();
        groups
            .entry((tag.is_none(), tag.unwrap_or_else(|| "untagged".into())))
            .or_default()
            .push(i);
    }
    let groups: Vec<Node> = groups
        .into_iter()
        .map(|((_, tag), list)| {
            Node::object([
                ("tag", Node::Json(Value::String(tag))),
                ("decisions", Node::Summaries(views.summaries_of(list))),
            ])
        })
        .collect();
    Node::object([
        ("page", Node::Json(page_value("in_force", "Decisions in force"))),
        ("groups", Node::List(groups)),
    ])
}

#[derive(Serialize)]
struct SessionRow {
    #[serde(flatten)]
    summary: Summary,
    facilitator: Option<Named>,
    item_count: usize,
    duration: Option<u64>,
}

fn sessions(project: &Project, views: &Views) -> Value {
    let index = &project.index;
    let rows: Vec<SessionRow> = newest_first(project, Kind::Session)
        .into_iter()
        .map(|i| {
            let record = &index.records[i];
            SessionRow {
                summary: Summary::clone(&views.summaries[i]),
                facilitator: record.facilitator.as_deref().map(person),
                item_count: record.references_of(Relation::Item).count(),
                duration: record.duration,
            }
        })
        .collect();
    json!({ "page": page_value("sessions", "Refinement sessions"), "sessions": rows })
}

fn directory_list<'a>(
    name: &str,
    title: &str,
    entries: impl Iterator<Item = (&'a String, String, usize)>,
) -> Value {
    let mut list: Vec<Value> = entries
        .map(|(n, url, count)| json!({ "name": n, "url": url, "count": count }))
        .collect();
    list.sort_by_key(|v| v["name"].as_str().unwrap_or("").to_lowercase());
    json!({ "page": page_value(name, title), name: list })
}

fn person_page<'v>(index: &Index, views: &'v Views, slug: &str) -> Node<'v> {
    let (name, entries) = &views.directory.people[slug];
    let order = [
        "owner",
        "decider",
        "consulted",
        "informed",
        "facilitator",
        "participant",
        "first proposal",
    ];
    let roles: Vec<Node> = order
        .iter()
        .filter_map(|role| {
            let records: Vec<usize> = entries
                .iter()
                .filter(|(r, _)| r == role)
                .map(|&(_, i)| i)
                .collect();
            (!records.is_empty()).then(|| {
                let records = if *role == "owner" {
                    by_priority(index, records)
                } else {
                    records
                };
                Node::object([
                    ("role", Node::Json(json!(role))),
                    ("records", Node::Summaries(views.summaries_of(records))),
                ])
            })
        })
        .collect();
    Node::object([
        ("page", Node::Json(page_value("person", name))),
        ("person", Node::Json(json!({ "name": name }))),
        ("roles", Node::List(roles)),
    ])
}
