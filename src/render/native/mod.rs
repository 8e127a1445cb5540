//! Record pages written straight from their template context, without Tera.
//!
//! The pages of items, decisions and sessions are nearly all the pages of a
//! site (13,000 of 13,058 for 10,000 items), and interpreting their templates
//! was the largest part of a build. This module is the built-in
//! `item.html`, `decision.html` and `session.html` (with the parts of
//! `base.html`, `macros.html` and `history.html` they use) transcribed to
//! Rust: it reads the same context and writes the same bytes.
//!
//! The templates stay the reference. A records repository that overrides any
//! of those files gets Tera for every page, so overrides work as before, and
//! `tests/native_pages.rs` builds repositories both ways and compares every
//! page byte for byte: change a template, and that test says what to change
//! here.

mod base;
mod decision;
mod item;
mod macros;
mod record;
mod session;

use serde_json::Value;

/// The built-in templates this module transcribes: overriding any of them
/// turns it off.
pub const TEMPLATES: [&str; 6] = [
    "base.html",
    "macros.html",
    "history.html",
    "item.html",
    "decision.html",
    "session.html",
];

/// Whether record pages can be written natively, given the names of the
/// overridden templates.
pub fn usable(overridden: &[String]) -> bool {
    !overridden.iter().any(|name| TEMPLATES.contains(&name.as_str()))
}

/// Writes the page of `template` for `context` (the context Tera would get),
/// or `None` for a template this module does not transcribe.
pub fn render(template: &str, context: &Value) -> Option<String> {
    let content: fn(&mut Html, &Value, &Value) = match template {
        "item.html" => item::content,
        "decision.html" => decision::content,
        "session.html" => session::content,
        _ => return None,
    };
    let mut html = Html::with_capacity(16 * 1024);
    base::page(&mut html, context, |html, root| {
        content(html, &context["record"], root)
    });
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
            Value::Array(_) | Value::Object(_) => self.raw(&tera_string(value)),
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
        let native = render("item.html", &context).unwrap();
        assert!(native.contains("class=\"diagnostics\""), "{native}");
        assert_eq!(native, tera);
    }

    #[test]
    fn overriding_one_of_its_templates_turns_it_off() {
        assert!(usable(&["tags.html".to_string(), "style.css".to_string()]));
        assert!(!usable(&["macros.html".to_string()]));
        assert!(render("tags.html", &json!({})).is_none());
    }
}
