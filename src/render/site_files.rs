//! Whole-site files for machines: `data.json` (the whole model, as
//! `shoshin export` prints it) and `sitemap.xml` (every page, for search
//! engines). Both are made by `generated`.

use super::generated::{Emit, GeneratedFile};
use super::pages::Page;
use super::PageRenderer;
use anyhow::Result;

/// The text cache of the whole texts of sections (as JSON strings), in the
/// git folder.
const TEXT_CACHE: &str = "sections.bin";

/// Writes `data.json`: the model of [`crate::export::Model`], one line.
pub fn write_data_json(renderer: &PageRenderer, out: &mut dyn std::io::Write) -> Result<()> {
    let cache = renderer.text_cache(TEXT_CACHE);
    crate::export::write_compact_json(renderer.project(), cache.as_ref(), &mut *out)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// The `sitemap.xml` producer. Locations are absolute when the project has a
/// `base_url`, relative to the site root otherwise.
pub fn sitemap(renderer: &PageRenderer, emit: Emit) -> Result<()> {
    let index = &renderer.project().index;
    let base = renderer.project().config.base_url.trim_end_matches('/');
    let mut text = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in renderer.pages() {
        if page == Page::NotFound {
            continue;
        }
        let path = page.path(index).to_string_lossy().replace('\\', "/");
        let location = if base.is_empty() {
            path
        } else {
            format!("{base}/{path}")
        };
        text.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            crate::text::escape_html(&location)
        ));
    }
    text.push_str("</urlset>\n");
    emit(GeneratedFile {
        path: "sitemap.xml".into(),
        bytes: text.into_bytes(),
    })
}
