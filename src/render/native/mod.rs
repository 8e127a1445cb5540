//! Pages written straight from their template context, without Tera.
//!
//! The pages of items, decisions and sessions are nearly all the pages of a
//! site (13,000 of 13,058 for 10,000 items), and the backlog, decision log,
//! decisions in force, person and tag pages have a row per record:
//! interpreting their templates was the largest part of a build. This module
//! is the built-in `item.html`, `decision.html`, `session.html`,
//! `backlog.html`, `decisions.html`, `in_force.html`, `person.html` and
//! `tag.html` (with the parts of `base.html`, `macros.html` and
//! `history.html` they use) transcribed to Rust: it reads the same context
//! (see [`super::context`]) and writes the same bytes.
//!
//! The templates stay the reference. A page whose template, or a template it
//! follows, is overridden by the records repository is rendered by Tera, so
//! overrides work as before; `tests/native_pages.rs` builds repositories
//! both ways and compares every page byte for byte: change a template, and
//! that test says what to change here.

mod base;
mod decision;
mod item;
mod lists;
mod log;
mod macros;
mod record;
mod session;

pub(crate) use super::context::View;

/// Writes the `content` block of a page from its context and `root`.
type Content = fn(&mut Html, View<'_>, View<'_>);

/// The templates every page written here follows.
const SHARED: [&str; 2] = ["base.html", "macros.html"];

/// Each template written here: its name, the other templates it imports
/// besides [`SHARED`], and the function that writes its content.
const PAGES: [(&str, &[&str], Content); 8] = [
    ("item.html", &["history.html"], item::content),
    ("decision.html", &["history.html"], decision::content),
    ("session.html", &[], session::content),
    ("backlog.html", &[], lists::backlog),
    ("person.html", &[], lists::person),
    ("tag.html", &[], lists::tag),
    ("decisions.html", &[], log::decisions),
    ("in_force.html", &[], log::in_force),
];

/// The function that writes the pages of `template`, when it is one of
/// [`PAGES`] and neither it nor a template it follows is among the
/// `overridden` ones.
fn content_of(template: &str, overridden: &[String]) -> Option<Content> {
    let (_, imports, content) = PAGES.iter().find(|(name, _, _)| *name == template)?;
    let is_overridden = |name: &str| overridden.iter().any(|o| o == name);
    let mut followed = std::iter::once(&template)
        .chain(SHARED.iter())
        .chain(imports.iter());
    (!followed.any(|name| is_overridden(name))).then_some(*content)
}

/// Whether this module writes the pages of `template` (see [`render`]).
pub fn writes(template: &str, overridden: &[String]) -> bool {
    content_of(template, overridden).is_some()
}

/// Writes the page of `template` for `context` (what Tera would get,
/// serialised), or `None` when this module does not write that template
/// or one of the templates it follows is among the `overridden` ones.
pub fn render(template: &str, context: View<'_>, overridden: &[String]) -> Option<String> {
    let content = content_of(template, overridden)?;
    let mut html = Html::with_capacity(16 * 1024);
    base::page(&mut html, context, |html, root| content(html, context, root));
    Some(html.out)
}

/// The page being written.
pub(crate) struct Html {
    out: String,
}

impl Html {
    fn with_capacity(capacity: usize) -> Self {
        Html {
            out: String::with_capacity(capacity),
        }
    }

    /// Markup, as it is.
    fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// Text, escaped.
    fn text(&mut self, text: &str) {
        crate::text::push_escaped_html(&mut self.out, text);
    }

    /// `{{ value }}`: a string escaped; a number or boolean as Tera writes
    /// it; null as nothing; a list as `[a, b]`, not escaped, as Tera does.
    fn value(&mut self, value: View<'_>) {
        match value.as_str() {
            Some(text) => self.text(text),
            None => {
                let printed = value.tera_string();
                self.raw(&printed);
            }
        }
    }
}

/// `value.key`, null when absent.
fn at<'a>(value: View<'a>, key: &str) -> View<'a> {
    value.at(key)
}

/// Whether `{% if value %}` holds, as Tera decides it.
fn truthy(value: View<'_>) -> bool {
    value.truthy()
}

/// The elements of a list (none for anything else).
fn list(value: View<'_>) -> Vec<View<'_>> {
    value.list()
}

/// `link.exists is defined and link.exists == false`: a broken reference.
fn broken(link: View<'_>) -> bool {
    link.at("exists").as_bool() == Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_print_as_tera_prints_them() {
        let mut html = Html::with_capacity(0);
        for value in [
            json!("a<b"),
            json!(3),
            json!(1.5),
            json!(true),
            json!(null),
            json!(["x", 2]),
            json!({"a": 1}),
        ] {
            html.value(View::Json(&value));
            html.raw("|");
        }
        assert_eq!(html.out, "a&lt;b|3|1.5|true||[x, 2]|[object]|");
    }

    #[test]
    fn truth_is_tera_truth() {
        let falsy = [
            json!(null),
            json!(false),
            json!(0),
            json!(0.0),
            json!(""),
            json!([]),
            json!({}),
        ];
        assert!(falsy.iter().all(|v| !truthy(View::Json(v))));
        let truthy_values = [
            json!(true),
            json!(-1),
            json!(0.5),
            json!("0"),
            json!([0]),
            json!({"a": null}),
        ];
        assert!(truthy_values.iter().all(|v| truthy(View::Json(v))));
    }

    /// `serve` shows pages of records with errors, which `build` never
    /// writes: the end-to-end comparisons cannot reach them.
    #[test]
    fn errors_on_a_page_are_written_as_tera_writes_them() {
        let folder = tempfile::tempdir().unwrap();
        let templates = crate::render::templates::load_every(folder.path()).unwrap();
        let context = json!({
            "page": {"name": "item", "title": "X-1 <Broken>"},
            "site": {"title": "Team", "description": null},
            "generator": "shoshin",
            "root": "../../",
            "menu": [
                {"name": "home", "url": "index.html", "label": "Home", "sectioned": false},
                {"name": "backlog", "url": "items/index.html", "label": "Backlog", "sectioned": true},
            ],
            "record": {
                "id": "X-1", "title": "<Broken>", "status": null, "status_category": null,
                "type": null, "priority": 0, "estimate": 1.5, "owner": "someone", "file": "items/x.md",
                "body_html": "", "graph_svg": "", "history": null, "fields": [], "readiness": null,
                "diagnostics": [
                    {"code": "parse-error", "severity": "error", "line": 3, "message": "bad <yaml>"},
                    {"code": "broken-link", "severity": "warning", "line": null, "message": "gone"},
                ],
            },
        });
        let tera = templates
            .tera
            .render("item.html", &tera::Context::from_value(context.clone()).unwrap())
            .unwrap();
        let native = render("item.html", View::Json(&context), &[]).unwrap();
        assert!(native.contains("class=\"diagnostics\""), "{native}");
        assert_eq!(native, tera);
    }

    /// The empty and one-group cases of the decision pages, which a
    /// repository with decisions in several topics does not reach.
    #[test]
    fn empty_and_single_group_decision_pages_are_written_as_tera_writes_them() {
        let folder = tempfile::tempdir().unwrap();
        let templates = crate::render::templates::load_every(folder.path()).unwrap();
        let decision = json!({"id": "ADR-1", "title": "<Use> it", "url": "decisions/ADR-1/index.html",
            "status": "accepted", "status_category": "accepted", "date": null, "why": null, "tags": [],
            "superseded_by": [{"id": "ADR-9", "exists": false}]});
        let base = json!({"site": {"title": "Team", "description": null}, "generator": "shoshin", "root": "../",
                "menu": [{"name": "decisions", "url": "decisions/index.html", "label": "Decisions", "sectioned": true}]});
        let pages = [
            (
                "decisions.html",
                json!({"page": {"name": "decisions", "title": "Decision log"}, "months": []}),
            ),
            (
                "decisions.html",
                json!({"page": {"name": "decisions", "title": "Decision log"},
                "months": [{"key": "", "label": "Undated", "decisions": [decision]}]}),
            ),
            (
                "in_force.html",
                json!({"page": {"name": "in_force", "title": "In force"}, "groups": []}),
            ),
            (
                "in_force.html",
                json!({"page": {"name": "in_force", "title": "In force"},
                "groups": [{"tag": {"name": "a&b", "url": "tags/a-b/index.html"}, "decisions": [decision]}]}),
            ),
            (
                "in_force.html",
                json!({"page": {"name": "in_force", "title": "In force"},
                "groups": [{"tag": {"name": "plain"}, "decisions": []}, {"tag": "untagged", "decisions": [decision]}]}),
            ),
        ];
        for (template, mut context) in pages {
            for (key, value) in base.as_object().unwrap() {
                context[key] = value.clone();
            }
            let tera = templates
                .tera
                .render(template, &tera::Context::from_value(context.clone()).unwrap())
                .unwrap();
            let native = render(template, View::Json(&context), &[]).unwrap();
            assert_eq!(native, tera, "{template}: {context}");
        }
    }

    #[test]
    fn overriding_a_template_a_page_follows_turns_it_off_for_that_page() {
        let context =
            json!({"page": {"name": "tag", "title": "Tag: x"}, "tag": {"name": "x"}, "records": []});
        let overridden = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert!(render(
            "tag.html",
            View::Json(&context),
            &overridden(&["item.html", "history.html", "style.css"])
        )
        .is_some());
        assert!(render("tag.html", View::Json(&context), &overridden(&["tag.html"])).is_none());
        assert!(render("tag.html", View::Json(&context), &overridden(&["macros.html"])).is_none());
        assert!(render("tags.html", View::Json(&context), &[]).is_none());
    }
}
