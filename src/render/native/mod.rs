//! Pages written straight from their template context, without Tera.
//!
//! The pages of items, decisions and sessions are nearly all the pages of a
//! site (13,000 of 13,058 for 10,000 items), and the backlog, person and tag
//! pages have a row per record: interpreting their templates was the largest
//! part of a build. This module is the built-in `item.html`,
//! `decision.html`, `session.html`, `backlog.html`, `person.html` and
//! `tag.html` (with the parts of `base.html`, `macros.html` and
//! `history.html` they use) transcribed to Rust: it reads the same context
//! and writes the same bytes.
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
mod macros;
mod record;
mod session;

use serde_json::Value;

/// Writes the `content` block of a page from its context and `root`.
type Content = fn(&mut Html, &Value, &Value);

/// The templates every page written here follows.
const SHARED: [&str; 2] = ["base.html", "macros.html"];

/// Each template written here: its name, the other templates it imports
/// besides [`SHARED`], and the function that writes its content.
const PAGES: [(&str, &[&str], Content); 6] = [
    ("item.html", &["history.html"], item::content),
    ("decision.html", &["history.html"], decision::content),
    ("session.html", &[], session::content),
    ("backlog.html", &[], lists::backlog),
    ("person.html", &[], lists::person),
    ("tag.html", &[], lists::tag),
];

/// Writes the page of `template` for `context` (the context Tera would
/// get), or `None` when this module does not write that template or one of
/// the templates it follows is among the `overridden` ones.
pub fn render(template: &str, context: &Value, overridden: &[String]) -> Option<String> {
    let (_, imports, content) = PAGES.iter().find(|(name, _, _)| *name == template)?;
    let is_overridden = |name: &str| overridden.iter().any(|o| o == name);
    if is_overridden(template)
        || SHARED
            .iter()
            .chain(imports.iter())
            .any(|name| is_overridden(name))
    {
        return None;
    }
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
    fn value(&mut self, value: &Value) {
        match value {
            Value::String(text) => self.text(text),
            Value::Null => {}
            other => self.raw(&tera_string(other)),
        }
    }
}

/// A value as Tera prints it, before escaping.
fn tera_string(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            (None, None, Some(f)) => f.to_string(),
            _ => n.to_string(),
        },
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Array(list) => format!(
            "[{}]",
            list.iter().map(tera_string).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(_) => "[object]".to_string(),
    }
}

/// `value.key`, null when absent.
fn at<'a>(value: &'a Value, key: &str) -> &'a Value {
    value.get(key).unwrap_or(&Value::Null)
}

/// Whether `{% if value %}` holds, as Tera decides it.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(list) => !list.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

/// The elements of a list (none for anything else).
fn list(value: &Value) -> &[Value] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
}

/// `link.exists is defined and link.exists == false`: a broken reference.
fn broken(link: &Value) -> bool {
    link.get("exists") == Some(&Value::Bool(false))
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
            html.value(&value);
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
        assert!(falsy.iter().all(|v| !truthy(v)));
        let truthy_values = [
            json!(true),
            json!(-1),
            json!(0.5),
            json!("0"),
            json!([0]),
            json!({"a": null}),
        ];
        assert!(truthy_values.iter().all(truthy));
    }

    /// `serve` shows pages of records with errors, which `build` never
    /// writes: the end-to-end comparisons cannot reach them.
    #[test]
    fn errors_on_a_page_are_written_as_tera_writes_them() {
        let folder = tempfile::tempdir().unwrap();
        let templates = crate::render::templates::load(folder.path()).unwrap();
        let context = json!({
            "page": {"name": "item", "title": "X-1 <Broken>"},
            "site": {"title": "Team", "description": null},
            "generator": "shoshin",
            "root": "../../",
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
        let native = render("item.html", &context, &[]).unwrap();
        assert!(native.contains("class=\"diagnostics\""), "{native}");
        assert_eq!(native, tera);
    }

    #[test]
    fn overriding_a_template_a_page_follows_turns_it_off_for_that_page() {
        let context =
            json!({"page": {"name": "tag", "title": "Tag: x"}, "tag": {"name": "x"}, "records": []});
        let overridden = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert!(render(
            "tag.html",
            &context,
            &overridden(&["item.html", "history.html", "style.css"])
        )
        .is_some());
        assert!(render("tag.html", &context, &overridden(&["tag.html"])).is_none());
        assert!(render("tag.html", &context, &overridden(&["macros.html"])).is_none());
        assert!(render("tags.html", &context, &[]).is_none());
    }
}
