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
    /// Some decision names code paths (`applies_to`): the code areas page.
    pub code_areas: bool,
    /// The site is a portal over several repositories.
    pub portal: bool,
}

/// What a list page needs to exist (see [`super::lists`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Every site has the page.
    Always,
    /// Backlog items.
    Items,
    /// Decisions.
    Decisions,
    /// Refinement sessions.
    Sessions,
    /// Some record has a tag.
    Tags,
    /// Some record names a person.
    People,
    /// The health page has figures to show.
    Health,
    /// `check` found errors or warnings.
    Problems,
    /// Some decision names code paths.
    CodeAreas,
    /// A portal over several repositories.
    Portal,
}

impl Shape {
    /// The sections of `project`'s site, with its `views`.
    pub fn of(project: &Project, views: &Views) -> Shape {
        let counts = project.counts();
        let mut shape = Shape::with(
            |kind| project.index.records.iter().any(|r| r.kind == kind),
            views,
            project.history.from_git,
            counts.errors + counts.warnings > 0,
        );
        shape.code_areas = !project.code.rules.is_empty();
        shape.portal = project.index.repositories.is_some();
        shape
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
            code_areas: false,
            portal: false,
        }
    }

    /// Whether the site has the pages of `section`.
    pub fn has(&self, section: Section) -> bool {
        match section {
            Section::Always => true,
            Section::Items => self.items,
            Section::Decisions => self.decisions,
            Section::Sessions => self.sessions,
            Section::Tags => self.tags,
            Section::People => self.people,
            Section::Health => self.health,
            Section::Problems => self.problems,
            Section::CodeAreas => self.code_areas,
            Section::Portal => self.portal,
        }
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
            "code_areas": self.code_areas,
            "portal": self.portal,
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
        crate::render::lists::menu(shape)
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
        assert!(!decisions.has(Section::Items) && !decisions.has(Section::Health));
        assert!(!decisions.has(Section::Problems));
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
