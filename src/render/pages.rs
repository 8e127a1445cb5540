//! The pages of the site: the list pages (declared in [`super::lists`]),
//! and a page per record, per tag and per person; where each is written,
//! its template, and the template context each receives (documented in
//! `docs/templates.md`).

use super::context::{page_value, Node, PageInput};
use super::lists::{ListPage, LIST_PAGES};
use super::order::by_priority;
use super::shape::Shape;
use super::views::Views;
use crate::index::Index;
use crate::model::Kind;
use crate::project::Project;
use serde_json::json;
use std::path::PathBuf;

/// One page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// A list page: the home page, the backlog, search, 404 and the rest.
    List(&'static ListPage),
    /// One record, by index.
    Record(usize),
    /// One tag, by slug.
    Tag(String),
    /// One person, by slug.
    Person(String),
    /// One sprint, by slug.
    Sprint(String),
    /// One repository of a portal, by its position.
    Repository(usize),
}

impl Page {
    /// `index.html`.
    pub const HOME: Page = Page::List(&LIST_PAGES[0]);
    /// The backlog, which `serve` puts first.
    pub const BACKLOG: Page = Page::List(&LIST_PAGES[1]);
    /// `404.html`, for servers to show on a missing page.
    pub const NOT_FOUND: Page = Page::List(&LIST_PAGES[10]);

    /// The list pages the site has (`shape`): they change with any record,
    /// so `serve` re-renders them on every rebuild.
    pub fn lists(shape: &Shape) -> impl Iterator<Item = Page> + '_ {
        LIST_PAGES
            .iter()
            .filter(|page| shape.has(page.section))
            .map(Page::List)
    }

    /// Every page of the site, only the lists of the sections it has
    /// (`shape`); duplicate records get no page of their own.
    pub fn all(index: &Index, views: &Views, shape: &Shape) -> Vec<Page> {
        let mut pages: Vec<Page> = Page::lists(shape).collect();
        let duplicates: std::collections::HashSet<usize> = index.duplicates.iter().map(|&(d, _)| d).collect();
        pages.extend(
            (0..index.records.len())
                .filter(|i| !duplicates.contains(i))
                .map(Page::Record),
        );
        pages.extend(views.directory.tags.keys().cloned().map(Page::Tag));
        pages.extend(views.directory.people.keys().cloned().map(Page::Person));
        pages.extend(views.directory.sprints.keys().cloned().map(Page::Sprint));
        if let Some(repositories) = &index.repositories {
            pages.extend((0..repositories.names.len()).map(Page::Repository));
        }
        pages
    }

    /// The page's name: `page.name` in its template.
    pub fn name(&self, index: &Index) -> &'static str {
        match self {
            Page::List(page) => page.name,
            Page::Record(i) => index.records[*i].kind.as_str(),
            Page::Tag(_) => "tag",
            Page::Person(_) => "person",
            Page::Sprint(_) => "sprint",
            Page::Repository(_) => "repository",
        }
    }

    /// The template that renders the page.
    pub fn template(&self, index: &Index) -> &'static str {
        match self {
            Page::List(page) => page.template.name,
            Page::Tag(_) => "tag.html",
            Page::Person(_) => "person.html",
            Page::Sprint(_) => "sprint.html",
            Page::Repository(_) => "repository.html",
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
            Page::List(page) => page.path.to_string(),
            Page::Record(i) => super::markdown::record_url(index, *i),
            Page::Tag(slug) => format!("tags/{}/index.html", crate::parse::ids::path_segment(slug)),
            Page::Person(slug) => format!("people/{}/index.html", crate::parse::ids::path_segment(slug)),
            Page::Sprint(slug) => format!("sprints/{}/index.html", crate::parse::ids::path_segment(slug)),
            Page::Repository(r) => match &index.repositories {
                Some(repositories) => super::portal::repository_url(repositories, *r),
                None => "r/index.html".into(),
            },
        };
        PathBuf::from(url)
    }

    /// The relative path from the page to the site root.
    pub fn root(&self, index: &Index) -> String {
        let depth = self.path(index).components().count() - 1;
        "../".repeat(depth)
    }
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
    match page {
        Page::List(list) => {
            let root = page.root(index);
            let input = PageInput {
                project,
                views,
                root: &root,
            };
            let mut context = (list.context)(&input);
            context.insert("page", Node::Json(page_value(list.name, list.title)));
            context
        }
        Page::Tag(slug) => {
            let (name, records) = &views.directory.tags[slug];
            let mut records = records.clone();
            records.sort_by(|&a, &b| {
                (index.records[a].kind, &index.records[a].id)
                    .cmp(&(index.records[b].kind, &index.records[b].id))
            });
            Node::object([
                ("page", Node::Json(page_value("tag", &format!("Tag: {name}")))),
                ("tag", Node::Json(json!({ "name": name }))),
                ("records", Node::Summaries(views.summaries_of(records))),
            ])
        }
        Page::Person(slug) => person_page(index, views, slug),
        Page::Sprint(slug) => super::sprints::page(project, views, &views.directory.sprints[slug]),
        Page::Repository(r) => super::portal::repository_page(project, views, *r),
        Page::Record(i) => {
            let body = body.unwrap_or(super::record_page::RecordBody {
                html: String::new(),
                diagnostics: &[],
            });
            super::record_page::record(project, views, *i, body)
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_list_pages_are_the_entries_they_name() {
        let name = |page: Page| match page {
            Page::List(list) => list.name,
            _ => "",
        };
        assert_eq!(name(Page::HOME), "home");
        assert_eq!(name(Page::BACKLOG), "backlog");
        assert_eq!(name(Page::NOT_FOUND), "not_found");
    }

    #[test]
    fn every_list_page_has_its_own_name_path_and_template() {
        let unique = |values: Vec<&str>| {
            let mut sorted = values.clone();
            sorted.sort();
            sorted.dedup();
            sorted.len() == values.len()
        };
        assert!(unique(LIST_PAGES.iter().map(|p| p.name).collect()));
        assert!(unique(LIST_PAGES.iter().map(|p| p.path).collect()));
        assert!(unique(LIST_PAGES.iter().map(|p| p.template.name).collect()));
        // No two built-in files share a name, and each generated file's
        // template is one of them.
        let names: Vec<&str> = crate::render::templates::built_in().map(|(n, _)| n).collect();
        assert!(unique(names.clone()));
        for name in crate::render::generated::template_names() {
            assert!(names.contains(&name), "{name}");
        }
    }
}
