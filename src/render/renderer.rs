//! Everything pages are rendered with, prepared once: the templates, the
//! variables every page shares, the views of the records and the Markdown
//! context. `build` renders all pages with it, `serve` only those an edit
//! can change.

use super::context::Node;
use super::output::RenderedPage;
use super::pages::{self, Page};
use super::views::Views;
use super::{graph, identity, lists, markdown, record_page, shape, templates};
use crate::project::Project;
use anyhow::{anyhow, Context, Result};
use serde_json::{json, Value};

/// The bytes a page holds besides its record's body, about: where its
/// HTML is written from the start.
const PAGE_CAPACITY: usize = 24 * 1024;

/// Everything pages are rendered with, prepared once and shared by every page:
/// `render_site` renders all pages with it, `serve` only the pages an edit
/// can change.
pub struct PageRenderer<'a> {
    project: &'a Project,
    templates: &'a templates::Templates,
    /// Summaries of every record, people and tags.
    pub views: Views,
    markdown: markdown::MarkdownContext<'a>,
    globals: Value,
    /// The site's header (`header.html`) for each depth and page name:
    /// it is the same on every page of both, so it is rendered once.
    headers: std::sync::Mutex<std::collections::HashMap<(String, &'static str), String>>,
    /// The project's diagnostics, by file, for the pages of records.
    diagnostics: crate::diagnostic::ByFile<'a>,
    /// The sections the site has, which its menu and pages follow.
    pub shape: shape::Shape,
    /// The site's title: configured, or found in the repository.
    title: String,
}

impl<'a> PageRenderer<'a> {
    /// Prepares the Markdown context of `project`, with its `views` (made
    /// by [`Views::with_readiness`] or [`Views::reusing`]).
    pub fn with_views(project: &'a Project, templates: &'a templates::Templates, views: Views) -> Self {
        let shape = shape::Shape::of(project, &views);
        let identity = identity::Identity::of(project);
        PageRenderer {
            project,
            templates,
            views,
            markdown: markdown::MarkdownContext::new(&project.index, &project.config, &project.root),
            diagnostics: crate::diagnostic::ByFile::new(&project.diagnostics),
            globals: json!({
                "site": {
                    "title": &identity.title,
                    "description": project.config.description,
                    "landing": identity.landing,
                },
                "generator": concat!("shoshin ", env!("CARGO_PKG_VERSION")),
                "menu": lists::menu(&shape),
                "sections": shape.json(),
            }),
            headers: Default::default(),
            shape,
            title: identity.title,
        }
    }

    /// The site's title (see [`identity`]).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The project being rendered.
    pub fn project(&self) -> &Project {
        self.project
    }

    /// Every page of the site.
    pub fn pages(&self) -> Vec<Page> {
        Page::all(&self.project.index, &self.views, &self.shape)
    }

    /// Gives back the views, once rendering is done.
    pub fn into_views(self) -> Views {
        self.views
    }

    /// The site's header for a page at `root` named `name`: rendered from
    /// `header.html` the first time, then the same text again.
    fn header(&self, root: &str, name: &'static str) -> Result<String> {
        let key = (root.to_string(), name);
        let headers = || {
            self.headers
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        };
        if let Some(header) = headers().get(&key) {
            return Ok(header.clone());
        }
        let mut context = tera::Context::from_value(self.globals.clone())
            .map_err(|e| anyhow!(templates::tera_error(&e)))?;
        context.insert("root", root);
        context.insert("page", &json!({ "name": name }));
        let header = self
            .templates
            .tera
            .render("header.html", &context)
            .map_err(|e| anyhow!(templates::tera_error(&e)))
            .context("template header.html failed")?;
        headers().insert(key, header.clone());
        Ok(header)
    }

    /// Renders the template `name` (a generated file's, such as
    /// `feed.xml`) with `context`.
    pub fn render_template(&self, name: &str, context: Value) -> Result<String> {
        let context = tera::Context::from_value(context).map_err(|e| anyhow!(templates::tera_error(&e)))?;
        self.templates
            .tera
            .render(name, &context)
            .map_err(|e| anyhow!(templates::tera_error(&e)))
            .with_context(|| format!("template {name} failed"))
    }

    /// Renders one page into memory.
    pub fn render(&self, page: &Page) -> Result<RenderedPage> {
        let project = self.project;
        let mut root = page.root(&project.index);
        if *page == Page::NOT_FOUND {
            // A server shows 404.html at any depth: only links from the
            // host's root work there.
            root = not_found_root(&project.config.base_url);
        }
        let (body, assets, body_len) = match page {
            Page::Record(i) => {
                let rendered = markdown::render(&self.markdown, *i, &root);
                let body_len = rendered.html.len();
                let body = record_page::RecordBody {
                    html: rendered.html,
                    diagnostics: self.diagnostics.of(&project.index.records[*i].file),
                };
                (Some(body), rendered.assets, body_len)
            }
            _ => (None, Vec::new(), 0),
        };
        let mut context = pages::context(project, &self.views, page, body);
        if let Value::Object(globals) = &self.globals {
            for (key, value) in globals {
                context.insert(key.as_str(), Node::Borrowed(value));
            }
        }
        if let Page::Record(i) = page {
            if let Some(record) = context.get_mut("record") {
                let svg = graph::neighbourhood(&project.index, *i, &root);
                record.insert("graph_svg", Node::Json(Value::String(svg)));
            }
        }
        let header = self.header(&root, page.name(&project.index))?;
        context.insert("header", Node::Json(Value::String(header)));
        context.insert("root", Node::Json(Value::String(root)));
        let template = page.template(&project.index);
        let path = page.path(&project.index);
        let context =
            tera::Context::from_value(context.into_json()).map_err(|e| anyhow!(templates::tera_error(&e)))?;
        // Room for the whole page from the start: Tera's own buffer starts
        // at 2 kB and is copied each time it doubles.
        let mut html = Vec::with_capacity(PAGE_CAPACITY + body_len);
        self.templates
            .tera
            .render_to(template, &context, &mut html)
            .map_err(|e| anyhow!(templates::tera_error(&e)))
            .with_context(|| format!("template {template} failed for page {}", path.display()))?;
        let html = String::from_utf8(html)?;
        Ok(RenderedPage { path, html, assets })
    }
}

/// The root 404.html links from: the path of `base_url` (`/records/` for
/// `https://example.com/records`), `/` without one. A path rather than the
/// whole URL, so that the page keeps its styles on any host that serves it
/// (a preview, a mirror) as long as the site sits at that path.
fn not_found_root(base_url: &str) -> String {
    let without_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let path = if base_url.contains("://") {
        without_scheme
            .find('/')
            .map_or("", |slash| &without_scheme[slash..])
    } else {
        without_scheme
    };
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_matches('/');
    if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    }
}

#[cfg(test)]
mod not_found_tests {
    use super::not_found_root;

    #[test]
    fn the_404_page_links_from_the_path_of_the_base_url() {
        assert_eq!(not_found_root(""), "/");
        assert_eq!(not_found_root("https://example.com"), "/");
        assert_eq!(not_found_root("https://example.com/"), "/");
        assert_eq!(not_found_root("https://example.com/records"), "/records/");
        assert_eq!(not_found_root("https://example.com/a/b/?x=1"), "/a/b/");
        assert_eq!(not_found_root("/docs/adr/"), "/docs/adr/");
    }
}
