//! Site files generated from the whole project rather than rendered from a
//! page template: feeds, search indexes, data exports. Any record can change
//! any of them, so `build` and every `serve` rebuild regenerate them all.

use super::PageRenderer;
use anyhow::Result;
use std::path::PathBuf;

/// One generated file.
#[derive(Debug, Clone)]
pub struct GeneratedFile {
    /// Where the file goes, relative to the site root.
    pub path: PathBuf,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Makes some of the generated files.
type Producer = fn(&PageRenderer) -> Result<Vec<GeneratedFile>>;

/// Every generated file of the site, in a stable order.
pub fn generated_files(renderer: &PageRenderer) -> Result<Vec<GeneratedFile>> {
    // Each feature adds its producer here.
    let producers: &[Producer] = &[
        super::search::index_file,
        super::site_files::data_json,
        super::site_files::sitemap,
        super::history::feed,
    ];
    let mut files = Vec::new();
    for produce in producers {
        files.extend(produce(renderer)?);
    }
    Ok(files)
}
