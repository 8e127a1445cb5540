//! Stage 4, render: Markdown bodies and Tera templates into pages, in
//! parallel, each page written to the staging folder as soon as it is ready.

pub mod markdown;
pub mod pages;
pub mod templates;
pub mod views;

use crate::diagnostic::Diagnostic;
use crate::project::Project;
use crate::write::Staging;
use anyhow::{anyhow, Context, Result};
use pages::Page;
use rayon::prelude::*;
use serde_json::{json, Value};
use views::Views;

/// What a build rendered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// HTML pages written.
    pub pages: usize,
    /// Other files written (stylesheet, linked files).
    pub files: usize,
}

/// The message with its help, for pages.
pub fn one_line(d: &Diagnostic) -> String {
    crate::check::report::one_line(d)
}

/// Renders the whole site into `staging`.
pub fn render_site(project: &Project, staging: &Staging) -> Result<Stats> {
    let templates = templates::load(&project.root.join(&project.config.templates))?;
    let mut views = Views::new(&project.index);
    views.add_readiness(&project.readiness);
    let markdown = markdown::MarkdownContext::new(&project.index, &project.config, &project.root);
    let pages = Page::all(&project.index, &views);
    let globals = json!({
        "site": { "title": project.config.title, "description": project.config.description },
        "generator": concat!("shoshin ", env!("CARGO_PKG_VERSION")),
    });

    let paths: Vec<std::path::PathBuf> = pages.iter().map(|p| p.path(&project.index)).collect();
    staging.create_folders(paths.iter().map(|p| p.as_path()))?;

    let assets: Vec<Vec<std::path::PathBuf>> = pages
        .par_iter()
        .map(|page| -> Result<Vec<std::path::PathBuf>> {
            let root = page.root(&project.index);
            let (body_html, assets) = match page {
                Page::Record(i) => {
                    let rendered = markdown::render(&markdown, *i, &root);
                    (Some(rendered.html), rendered.assets)
                }
                _ => (None, Vec::new()),
            };
            let mut context = pages::context(project, &views, page, body_html);
            merge(&mut context, &globals);
            context["root"] = json!(root);
            let context =
                tera::Context::from_value(context).map_err(|e| anyhow!(templates::tera_error(&e)))?;
            let template = page.template(&project.index);
            let html = templates
                .tera
                .render(template, &context)
                .map_err(|e| anyhow!(templates::tera_error(&e)))
                .with_context(|| {
                    format!(
                        "template {template} failed for page {}",
                        page.path(&project.index).display()
                    )
                })?;
            staging.write(&page.path(&project.index), html.as_bytes())?;
            Ok(assets)
        })
        .collect::<Result<_>>()?;

    let mut files = 0;
    for (name, text) in &templates.statics {
        staging.write(std::path::Path::new(name), text.as_bytes())?;
        files += 1;
    }
    let mut assets: Vec<_> = assets.into_iter().flatten().collect();
    assets.sort();
    assets.dedup();
    for asset in &assets {
        let target = markdown::asset_url(asset);
        staging.copy(&project.root.join(asset), std::path::Path::new(&target))?;
        files += 1;
    }
    Ok(Stats {
        pages: pages.len(),
        files,
    })
}

fn merge(target: &mut Value, extra: &Value) {
    if let (Value::Object(target), Value::Object(extra)) = (target, extra) {
        for (k, v) in extra {
            target.insert(k.clone(), v.clone());
        }
    }
}
