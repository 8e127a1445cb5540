//! The list pages of the site (every page not tied to one record, tag or
//! person), each declared once in [`LIST_PAGES`]: its name, title, file,
//! built-in template, the section it needs, its menu entry and the
//! function that makes its context. Adding a list page is an entry here,
//! its function and its template file: nothing else names it.

use super::context::{Node, PageInput};
pub use super::order::in_force_groups;
use super::order::{by_priority, newest_first, of_kind, sort_date};
use super::shape::{Section, Shape};
use super::views::{person, tag_url, Named, Summary};
use crate::model::{Kind, Relation};
use serde::Serialize;
use serde_json::{json, Value};

/// The function that makes a list page's context (without `page`, which
/// every page gets from its entry, nor the variables every page shares).
pub type Context = for<'p, 'v, 'b> fn(&'b PageInput<'p, 'v>) -> Node<'v>;

/// A built-in template: its file name and its text, compiled in.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    /// The file name, which a file of the records repository's
    /// `templates/` folder overrides.
    pub name: &'static str,
    /// The built-in text.
    pub text: &'static str,
}

/// The built-in template `name`, from shoshin's `templates/` folder.
macro_rules! template {
    ($name:literal) => {
        Template {
            name: $name,
            text: include_str!(concat!("../../templates/", $name)),
        }
    };
}

/// A page's entry in the main navigation.
#[derive(Debug, Clone, Copy)]
pub struct Menu {
    /// The link's text.
    pub label: &'static str,
    /// Whether the pages of its section (a record, a tag, a person) mark
    /// the entry as current too.
    pub sectioned: bool,
    /// Its place in the menu, first lowest.
    pub position: u8,
}

/// One list page.
pub struct ListPage {
    /// The page's name: `page.name` in templates, and its menu entry's.
    pub name: &'static str,
    /// `page.title`.
    pub title: &'static str,
    /// The file it is written to, relative to the output folder.
    pub path: &'static str,
    /// The built-in template that renders it (overridable by file name).
    pub template: Template,
    /// What the site must hold for the page to exist.
    pub section: Section,
    /// Its entry in the main navigation, if it has one.
    pub menu: Option<Menu>,
    /// Makes its context.
    pub context: Context,
}

impl std::fmt::Debug for ListPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for ListPage {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for ListPage {}

const fn entry(label: &'static str, sectioned: bool, position: u8) -> Option<Menu> {
    Some(Menu {
        label,
        sectioned,
        position,
    })
}

/// Every list page, in the order the sitemap lists them.
pub const LIST_PAGES: [ListPage; 15] = [
    ListPage {
        name: "home",
        title: "Home",
        path: "index.html",
        template: template!("home.html"),
        section: Section::Always,
        menu: entry("Home", false, 0),
        context: |input| Node::Json(super::home::context(input.project, input.views)),
    },
    ListPage {
        name: "backlog",
        title: "Backlog",
        path: "items/index.html",
        template: template!("backlog.html"),
        section: Section::Items,
        menu: entry("Backlog", true, 1),
        context: backlog,
    },
    ListPage {
        name: "decisions",
        title: "Decision log",
        path: "decisions/index.html",
        template: template!("decisions.html"),
        section: Section::Decisions,
        menu: entry("Decisions", true, 2),
        context: decision_log,
    },
    ListPage {
        name: "in_force",
        title: "Decisions in force",
        path: "in-force/index.html",
        template: template!("in_force.html"),
        section: Section::Decisions,
        menu: entry("In force", false, 3),
        context: in_force,
    },
    ListPage {
        name: "sessions",
        title: "Refinement sessions",
        path: "sessions/index.html",
        template: template!("sessions.html"),
        section: Section::Sessions,
        menu: entry("Sessions", true, 4),
        context: sessions,
    },
    ListPage {
        name: "tags",
        title: "Tags",
        path: "tags/index.html",
        template: template!("tags.html"),
        section: Section::Tags,
        menu: entry("Tags", true, 5),
        context: tags,
    },
    ListPage {
        name: "people",
        title: "People",
        path: "people/index.html",
        template: template!("people.html"),
        section: Section::People,
        menu: entry("People", true, 7),
        context: people,
    },
    ListPage {
        name: "agenda",
        title: "Agenda for the next refinement",
        path: "agenda/index.html",
        template: template!("agenda.html"),
        section: Section::Items,
        menu: entry("Agenda", false, 6),
        context: |input| Node::Json(super::readiness::agenda_page(input.project, input.views)),
    },
    ListPage {
        name: "search",
        title: "Search",
        path: "search/index.html",
        template: template!("search.html"),
        section: Section::Always,
        menu: None,
        context: |input| Node::Json(super::portal::search_page(&input.project.index)),
    },
    ListPage {
        name: "graph",
        title: "Graph",
        path: "graph/index.html",
        template: template!("graph.html"),
        section: Section::Always,
        menu: entry("Graph", false, 8),
        context: |input| {
            Node::Json(super::overview::context(
                &input.project.index,
                input.views,
                input.root,
            ))
        },
    },
    ListPage {
        name: "not_found",
        title: "Page not found",
        path: "404.html",
        template: template!("404.html"),
        section: Section::Always,
        menu: None,
        context: |_| Node::Json(json!({})),
    },
    ListPage {
        name: "health",
        title: "Health of refinement",
        path: "health/index.html",
        template: template!("health.html"),
        section: Section::Health,
        menu: entry("Health", false, 9),
        context: |input| Node::Json(super::history::health_page(input.project, input.views)),
    },
    ListPage {
        name: "code_areas",
        title: "Code areas",
        path: "code-areas/index.html",
        template: template!("code_areas.html"),
        section: Section::CodeAreas,
        menu: entry("Code areas", false, 4),
        context: super::code_areas::page,
    },
    ListPage {
        name: "problems",
        title: "Problems",
        path: "problems/index.html",
        template: template!("problems.html"),
        section: Section::Problems,
        menu: entry("Problems", false, 10),
        context: |input| Node::Json(super::problems::page(input.project)),
    },
    ListPage {
        name: "repositories",
        title: "Repositories",
        path: "repositories/index.html",
        template: template!("repositories.html"),
        section: Section::Portal,
        menu: entry("Repositories", true, 0),
        context: |input| super::portal::repositories_page(input.project, input.views),
    },
];

/// The main navigation, the `menu` variable of every page: a list of
/// `{name, url, label, sectioned}`, only the pages the site has.
pub fn menu(shape: &Shape) -> Value {
    let mut entries: Vec<(&ListPage, Menu)> = LIST_PAGES
        .iter()
        .filter(|page| shape.has(page.section))
        .filter_map(|page| Some((page, page.menu?)))
        .collect();
    entries.sort_by_key(|(_, menu)| menu.position);
    let entries = entries
        .into_iter()
        .map(|(page, menu)| {
            json!({ "name": page.name, "url": page.path, "label": menu.label, "sectioned": menu.sectioned })
        })
        .collect();
    Value::Array(entries)
}

fn tags<'v>(input: &PageInput<'_, 'v>) -> Node<'v> {
    let tags = &input.views.directory.tags;
    directory_list(
        "tags",
        tags.iter().map(|(_, (name, r))| (name, tag_url(name), r.len())),
    )
}

fn people<'v>(input: &PageInput<'_, 'v>) -> Node<'v> {
    let people = &input.views.directory.people;
    directory_list(
        "people",
        people.iter().map(|(_, (name, r))| {
            let mut records: Vec<usize> = r.iter().map(|&(_, i)| i).collect();
            records.dedup();
            (name, super::views::person_url(name), records.len())
        }),
    )
}

/// Above this many items still open, the backlog shows no board: the cards
/// would repeat the table three times over in one long page.
pub const BOARD_LIMIT: usize = 1000;

/// The backlog's boards: `by_status`, a column per status of the workflow
/// that is not closed (and one for statuses it does not list), and
/// `by_verdict`, a column per readiness verdict and one for the items not
/// judged. Columns without an item are left out.
fn boards<'v>(input: &PageInput<'_, 'v>, active: &[usize]) -> Node<'v> {
    let (project, views) = (input.project, input.views);
    let index = &project.index;
    let statuses = &project.config.statuses.items;
    let mut by_status: Vec<(String, Option<&'static str>, Vec<usize>)> = statuses
        .iter()
        .filter(|(_, category)| **category != crate::config::ItemCategory::Closed)
        .map(|(name, _)| (name.clone(), None, Vec::new()))
        .collect();
    let mut other = Vec::new();
    for &i in active {
        let status = index.records[i].status.as_deref().unwrap_or_default();
        match by_status
            .iter_mut()
            .find(|(name, _, _)| name.eq_ignore_ascii_case(status))
        {
            Some((_, category, list)) => {
                *category = index.status_category_name(i);
                list.push(i);
            }
            None => other.push(i),
        }
    }
    by_status.push(("other status".into(), Some("unknown"), other));
    let by_status: Vec<Node> = by_status
        .into_iter()
        .filter(|(_, _, list)| !list.is_empty())
        .map(|(name, category, list)| {
            Node::object([
                ("name", Node::Json(Value::String(name))),
                ("category", Node::Json(json!(category))),
                ("items", Node::Summaries(views.summaries_of(list))),
            ])
        })
        .collect();
    let verdicts = crate::readiness::Verdict::ALL;
    let mut by_verdict: Vec<Vec<usize>> = vec![Vec::new(); verdicts.len() + 1];
    for &i in active {
        let column = project
            .readiness
            .get(i)
            .and_then(|a| verdicts.iter().position(|v| *v == a.verdict))
            .unwrap_or(verdicts.len());
        by_verdict[column].push(i);
    }
    let by_verdict: Vec<Node> = by_verdict
        .into_iter()
        .enumerate()
        .filter(|(_, list)| !list.is_empty())
        .map(|(n, list)| {
            let (verdict, label) = verdicts
                .get(n)
                .map_or(("not-judged", "not judged (in progress)"), |v| {
                    (v.as_str(), v.label())
                });
            Node::object([
                ("verdict", Node::Json(json!(verdict))),
                ("name", Node::Json(json!(label))),
                ("items", Node::Summaries(views.summaries_of(list))),
            ])
        })
        .collect();
    Node::object([
        ("by_status", Node::List(by_status)),
        ("by_verdict", Node::List(by_verdict)),
    ])
}

fn backlog<'v>(input: &PageInput<'_, 'v>) -> Node<'v> {
    let (project, views) = (input.project, input.views);
    let index = &project.index;
    let items = by_priority(index, of_kind(index, Kind::Item));
    let (closed, active): (Vec<usize>, Vec<usize>) = items
        .iter()
        .partition(|&&i| index.item_category(i) == Some(crate::config::ItemCategory::Closed));
    let board = if active.len() <= BOARD_LIMIT {
        boards(input, &active)
    } else {
        Node::Json(Value::Null)
    };
    Node::object([
        ("items", Node::Summaries(views.summaries_of(items))),
        ("active", Node::Summaries(views.summaries_of(active))),
        ("closed", Node::Summaries(views.summaries_of(closed))),
        ("board", board),
        (
            "statuses",
            Node::Json(json!(project.config.statuses.items.keys().collect::<Vec<_>>())),
        ),
        ("types", Node::Json(json!(project.config.types))),
        (
            "verdicts",
            Node::Json(json!(super::readiness::verdict_counts(&project.readiness))),
        ),
    ])
}

fn decision_log<'v>(input: &PageInput<'_, 'v>) -> Node<'v> {
    let (project, views) = (input.project, input.views);
    let mut months: Vec<(String, Vec<usize>)> = Vec::new();
    for i in newest_first(project, Kind::Decision) {
        let key = sort_date(project, i)
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
    Node::object([("months", Node::List(months))])
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

fn in_force<'v>(input: &PageInput<'_, 'v>) -> Node<'v> {
    let (index, views) = (&input.project.index, input.views);
    let groups: Vec<Node> = in_force_groups(index)
        .into_iter()
        .map(|(tag, list)| {
            Node::object([
                ("tag", Node::Json(Value::String(tag))),
                ("decisions", Node::Summaries(views.summaries_of(list))),
            ])
        })
        .collect();
    Node::object([("groups", Node::List(groups))])
}

#[derive(Serialize)]
struct SessionRow {
    #[serde(flatten)]
    summary: Summary,
    facilitator: Option<Named>,
    item_count: usize,
    duration: Option<u64>,
}

fn sessions<'v>(input: &PageInput<'_, 'v>) -> Node<'v> {
    let (project, views) = (input.project, input.views);
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
    Node::Json(json!({ "sessions": rows }))
}

fn directory_list<'a>(
    name: &str,
    entries: impl Iterator<Item = (&'a String, String, usize)>,
) -> Node<'static> {
    let mut list: Vec<Value> = entries
        .map(|(n, url, count)| json!({ "name": n, "url": url, "count": count }))
        .collect();
    list.sort_by_key(|v| v["name"].as_str().unwrap_or("").to_lowercase());
    Node::Json(json!({ name: list }))
}
