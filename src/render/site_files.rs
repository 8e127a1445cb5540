//! Whole-site files for machines: `data.json` (the whole model, as
//! `shoshin export` prints it) and the context of `sitemap.xml` (every
//! page, for search engines). Both are declared in `generated`.

use super::pages::Page;
use super::renderer::PageRenderer;
use anyhow::Result;
use serde_json::{json, Value};

/// Writes `data.json`: the model of [`crate::export::Model`], one line.
pub fn write_data_json(renderer: &PageRenderer, out: &mut dyn std::io::Write) -> Result<()> {
    crate::export::write_compact_json(renderer.project(), &mut *out)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The context of `sitemap.xml`: `urls`, the location of every page but
/// 404.html, absolute when the project has a `base_url`, relative to the
/// site root otherwise.
pub fn sitemap(renderer: &PageRenderer) -> Result<Value> {
    let index = &renderer.project().index;
    let base = renderer.project().config.base_url.trim_end_matches('/');
    let urls: Vec<Value> = renderer
        .pages()
        .into_iter()
        .filter(|page| *page != Page::NOT_FOUND)
        .map(|page| {
            let path = page.path(index).to_string_lossy().replace('\\', "/");
            Value::String(if base.is_empty() {
                path
            } else {
                format!("{base}/{path}")
            })
        })
        .collect();
    Ok(json!({ "urls": urls }))
}
