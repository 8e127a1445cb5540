//! The built-in templates, compiled into the binary, and the records
//! repository's overrides: a file in its `templates/` folder replaces the
//! built-in one of the same name.

use anyhow::{Context, Result};
use std::path::Path;
use tera::Tera;

/// The built-in templates and static files the list pages do not declare
/// (see [`super::lists`]): (file name, contents).
const SHARED: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("header.html", include_str!("../../templates/header.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("item.html", include_str!("../../templates/item.html")),
    ("decision.html", include_str!("../../templates/decision.html")),
    ("session.html", include_str!("../../templates/session.html")),
    ("tag.html", include_str!("../../templates/tag.html")),
    ("person.html", include_str!("../../templates/person.html")),
    ("sprint.html", include_str!("../../templates/sprint.html")),
    ("repository.html", include_str!("../../templates/repository.html")),
    ("portal.html", include_str!("../../templates/portal.html")),
    ("history.html", include_str!("../../templates/history.html")),
    (
        "decision_code.html",
        include_str!("../../templates/decision_code.html"),
    ),
    ("feed.xml", include_str!("../../templates/feed.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("style.css", include_str!("../../templates/style.css")),
    ("shoshin.js", include_str!("../../templates/shoshin.js")),
];

/// Every built-in template and static file: (file name, contents).
pub fn built_in() -> impl Iterator<Item = (&'static str, &'static str)> {
    let lists = super::lists::LIST_PAGES
        .iter()
        .map(|page| (page.template.name, page.template.text));
    SHARED.iter().copied().chain(lists)
}

/// Whether the built-in file `name` is a template (a page's, or a generated
/// file's such as `feed.xml`) rather than a static file copied as it is.
fn is_template(name: &str) -> bool {
    name.ends_with(".html") || name.ends_with(".xml")
}

/// Templates and static files, after overrides.
pub struct Templates {
    /// The compiled HTML templates.
    pub tera: Tera,
    /// Static files copied to the site root as they are (e.g. `style.css`).
    pub statics: Vec<(String, String)>,
    /// Names of the files that were overridden.
    pub overridden: Vec<String>,
}

/// Loads the built-in templates, replaced by same-named files in `folder`.
pub fn load(folder: &Path) -> Result<Templates> {
    let mut html = Vec::new();
    let mut statics = Vec::new();
    let overridden: Vec<String> = built_in()
        .filter(|(name, _)| folder.join(name).is_file())
        .map(|(name, _)| name.to_string())
        .collect();
    // Extra templates of the user's (partials included by overrides).
    let mut extra: Vec<_> = Vec::new();
    if folder.is_dir() {
        extra = std::fs::read_dir(folder)
            .with_context(|| format!("cannot list templates in {}", folder.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .filter(|p| !built_in().any(|(n, _)| p.file_name() == Some(n.as_ref())))
            .collect();
        extra.sort();
    }
    for (name, text) in built_in() {
        let text = if overridden.iter().any(|o| o == name) {
            let user = folder.join(name);
            crate::safe_files::read_text(&user, crate::safe_files::TEMPLATE_LIMIT)
                .with_context(|| format!("cannot read template {}", user.display()))?
        } else {
            text.to_string()
        };
        if is_template(name) {
            html.push((name.to_string(), text));
        } else {
            statics.push((name.to_string(), text));
        }
    }
    for path in extra {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        // A FIFO named like a template is refused, never opened.
        let text = crate::safe_files::read_text(&path, crate::safe_files::TEMPLATE_LIMIT)
            .with_context(|| format!("cannot read template {}", path.display()))?;
        html.push((name, text));
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(crate::text::escape_html);
    tera.add_raw_templates(html)
        .map_err(|e| anyhow::anyhow!(tera_error(&e)))
        .context("a template does not compile")?;
    if let Some(names) = super::template_loops::find_loop(&tera) {
        anyhow::bail!(
            "a template does not compile: templates include or call each other in a loop, so rendering would never end: {}",
            names.join(" -> ")
        );
    }
    // Templates see what the pages hold, never the environment (a CI
    // token lives there).
    tera.register_function("get_env", |_: &std::collections::HashMap<String, tera::Value>| {
        Err(tera::Error::msg(
            "get_env is not available: templates cannot read environment variables",
        ))
    });
    Ok(Templates {
        tera,
        statics,
        overridden,
    })
}

/// A Tera error with its whole cause chain on one line.
pub fn tera_error(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_templates_compile() {
        let dir = tempfile::tempdir().unwrap();
        let templates = load(dir.path()).unwrap();
        let names: Vec<&str> = templates.tera.get_template_names().collect();
        for (name, _) in built_in().filter(|(n, _)| is_template(n)) {
            assert!(names.contains(&name), "{name}");
        }
        assert_eq!(templates.statics[0].0, "style.css");
    }

    #[test]
    fn a_file_of_the_same_name_overrides() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("tags.html"), "custom {{ root }}").unwrap();
        std::fs::write(dir.path().join("style.css"), "body{}").unwrap();
        let templates = load(dir.path()).unwrap();
        let mut context = tera::Context::new();
        context.insert("root", "../");
        assert_eq!(
            templates.tera.render("tags.html", &context).unwrap(),
            "custom ../"
        );
        assert_eq!(templates.statics[0].1, "body{}");
        assert_eq!(templates.overridden, vec!["style.css", "tags.html"]);
    }

    #[test]
    fn a_broken_template_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("tags.html"), "{% if %}").unwrap();
        let error = format!("{:#}", load(dir.path()).err().unwrap());
        assert!(error.contains("tags.html"), "{error}");
    }
}
