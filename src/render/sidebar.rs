//! The decision pages' sidebar: the decisions in force, grouped by topic,
//! written once for the whole site as a small script of data
//! (`in-force.js`, which `shoshin.js` draws from) that
//! every decision page loads, rather than into each page, so that a page's
//! size does not grow with the number of decisions. A script rather than
//! JSON, so that it loads from `file://` too; without JavaScript the
//! sidebar is a link to the page of the decisions in force.

use super::output::{Emit, GeneratedFile};
use super::renderer::PageRenderer;
use anyhow::Result;
use serde_json::json;

/// The file's path in the site.
pub const FILE: &str = "in-force.js";

/// Makes `in-force.js`: `window.shoshinInForce = {groups: [{tag, decisions:
/// [{id, title, url}]}]}`, URLs relative to the site root.
pub fn file(renderer: &PageRenderer, emit: Emit) -> Result<()> {
    let index = &renderer.project().index;
    let groups: Vec<serde_json::Value> = super::lists::in_force_groups(index)
        .into_iter()
        .map(|(tag, list)| {
            let decisions: Vec<serde_json::Value> = list
                .into_iter()
                .map(|i| {
                    let record = &index.records[i];
                    json!({
                        "id": record.id,
                        "title": record.title,
                        "url": super::markdown::record_url(index, i),
                    })
                })
                .collect();
            json!({ "tag": tag, "decisions": decisions })
        })
        .collect();
    // `</` escaped: the text stays inert even if a title holds `</script>`.
    let data = serde_json::to_string(&json!({ "groups": groups }))?.replace("</", "<\\/");
    emit(GeneratedFile {
        path: FILE.into(),
        bytes: format!("window.shoshinInForce = {data};\n").into_bytes(),
    })
}
