//! What rendering hands on to be written: pages and generated files, each
//! with the path it goes to in the site.

use anyhow::Result;
use std::path::PathBuf;

/// One page rendered in memory.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    /// Where the page goes, relative to the site root.
    pub path: PathBuf,
    /// The page's HTML.
    pub html: String,
    /// Repository files the page links to, copied into the site by `build`.
    pub assets: Vec<PathBuf>,
}

/// One generated file (see [`super::generated`]).
#[derive(Debug, Clone)]
pub struct GeneratedFile {
    /// Where the file goes, relative to the site root.
    pub path: PathBuf,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Where a producer hands each file it made, as soon as it is made.
pub type Emit<'e> = &'e mut dyn FnMut(GeneratedFile) -> Result<()>;
