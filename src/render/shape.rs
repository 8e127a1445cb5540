//! What the site holds, so that it fits the repository: a folder of
//! decisions gets a decision-centred site, a Markdown backlog a backlog one.
//!
//! A section (and its pages and menu entries) exists only when there is
//! something to show in it: the backlog and the agenda when there are items,
//! the decision log and the decisions in force when there are decisions, the
//! sessions when there are sessions, tags and people when some record names
//! them, the health page when it has figures (sessions, or items with a git
//! history), the problems page when `check` found errors or warnings. A
//! repository where no record was found gets a home page that says so, and
//! no empty lists.

use super::pages::Page;
use super::views::Views;
use crate::model::Kind;
use crate::project::Project;
use serde_json::{json, Value};

/// The sections the site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Backlog items: the backlog and the agenda.
    pub items: bool,
    /// Decisions: the decision log and the decisions in force.
    pub decisions: bool,
    /// Refinement sessions.
    pub sessions: bool,
    /// Some record has a tag.
    pub tags: bool,
    /// Some record names a person.
    pub people: bool,
    /// The health page has figures to show.
    pub health: bool,
    /// `check` found errors or warnings: the problems page.
    pub problems: bool,
}

/// One entry of the main navigation: the page's name, its link from the
/// site root, its label, and whether the pages of its section (a record, a
/// tag, a person) mark it as current too.
const MENU: [(&str, &str, &str, bool); 11] = [
    ("home", "index.html", "Home", false),
    ("backlog", "items/index.html", "Backlog", true),
    ("decisions", "decisions/index.html", "Decisions", true),
    ("in_force", "in-force/index.html", "In force", false),
    ("sessions", "sessions/index.html", "Sessions", true),
    ("tags", "tags/index.html", "Tags", true),
    ("agenda", "agenda/index.html", "Agenda", false),
    ("people", "people/index.html", "People", true),
    ("graph", "graph/index.html", "Graph", false),
    ("health", "health/index.html", "Health", false),
    ("problems", "problems/index.html", "Problems", false),
];

impl Shape {
    /// The sections of `project`'s site, with its `views`.
    pub fn of(project: &Project, views: &Views) -> Shape {
        let counts = project.counts();
        Shape::with(
            |kind| project.index.records.iter().any(|r| r.kind == kind),
            views,
            project.history.from_git,
            counts.errors + counts.warnings > 0,
        )
    }

    /// The sections given which kinds have records (`has`), the `views`,
    /// whether history comes from git and whether there are problems.
    pub fn with(has: impl Fn(Kind) -> bool, views: &Views, from_git: bool, problems: bool) -> Shape {
        let (items, decisions, sessions) = (has(Kind::Item), has(Kind::Decision), has(Kind::Session));
        Shape {
            items,
            decisions,
            sessions,
            tags: !views.directory.tags.is_empty(),
            people: !views.directory.people.is_empty(),
            health: sessions || (items && from_git),
            problems,
        }
    }

    /// Whether the site has `page`.
    pub fn has(&self, page: &Page) -> bool {
        match page {
            Page::Backlog | Page::Agenda => self.items,
            Page::Decisions | Page::InForce => self.decisions,
            Page::Sessions => self.sessions,
            Page::Tags => self.tags,
            Page::People => self.people,
            Page::Health => self.health,
            Page::Problems => self.problems,
            _ => true,
        }
    }

    /// Whether the site has the page named `name` (as in [`MENU`]).
    fn has_named(&self, name: &str) -> bool {
        match name {
            "backlog" | "agenda" => self.items,
            "decisions" | "in_force" => self.decisions,
            "sessions" => self.sessions,
            "tags" => self.tags,
            "people" => self.people,
            "health" => self.health,
            "problems" => self.problems,
            _ => true,
        }
    }

    /// The main navigation, the `menu` variable of every page: a list of
    /// `{name, url, label, sectioned}`, only the pages the site has.
    pub fn menu(&self) -> Value {
        let entries: Vec<Value> = MENU
            .iter()
            .filter(|(name, ..)| self.has_named(name))
            .map(|&(name, url, label, sectioned)| {
                json!({ "name": name, "url": url, "label": label, "sectioned": sectioned })
            })
            .collect();
        Value::Array(entries)
    }

    /// The `sections` variable of every page: which sections exist, for
    /// templates to link only to pages the site has.
    pub fn json(&self) -> Value {
        json!({
            "items": self.items,
            "decisions": self.decisions,
            "sessions": self.sessions,
            "tags": self.tags,
            "people": self.people,
            "health": self.health,
            "problems": self.problems,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(items: bool, decisions: bool, sessions: bool, from_git: bool) -> Shape {
        let index = crate::index::Index::build(Vec::new(), &crate::config::Config::default());
        let views = Views::new(&index);
        Shape::with(
            |kind| match kind {
                Kind::Item => items,
                Kind::Decision => decisions,
                Kind::Session => sessions,
            },
            &views,
            from_git,
            false,
        )
    }

    fn menu_names(shape: &Shape) -> Vec<String> {
        shape
            .menu()
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn decisions_only_get_a_decision_menu() {
        let decisions = shape(false, true, false, true);
        assert_eq!(menu_names(&decisions), ["home", "decisions", "in_force", "graph"]);
        assert!(!decisions.has(&Page::Backlog) && !decisions.has(&Page::Health));
        assert!(!decisions.has(&Page::Problems));
    }

    #[test]
    fn a_backlog_without_history_has_no_health_page() {
        let backlog = shape(true, false, false, false);
        assert_eq!(menu_names(&backlog), ["home", "backlog", "agenda", "graph"]);
        assert!(shape(true, false, false, true).health);
        assert!(shape(false, false, true, false).health);
    }

    #[test]
    fn an_empty_repository_gets_no_empty_sections() {
        let empty = shape(false, false, false, true);
        assert_eq!(menu_names(&empty), ["home", "graph"]);
    }
}
