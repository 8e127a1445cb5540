//! `shoshin demo [DIR]`: the example records with their scripted past in a
//! new git repository (see `src/demo/`), then its site built as `build`
//! builds any repository.

use super::build::{self, Strictness};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Writes the demo into `dir` (default: a new temporary folder, kept) and
/// builds its site; prints the path of the site's `index.html`.
pub fn run(dir: Option<&Path>) -> Result<u8> {
    let dir: PathBuf = match dir {
        Some(dir) => dir.to_path_buf(),
        None => tempfile::Builder::new()
            .prefix("shoshin-demo-")
            .tempdir()
            .context("cannot create a temporary folder")?
            .keep(),
    };
    let written = crate::demo::write(&dir)?;
    eprintln!(
        "wrote the example records into {}: {} files, {} commits by {} authors from {} to {}",
        dir.display(),
        written.files,
        written.commits,
        written.authors,
        written.span.0,
        written.span.1
    );
    build::run(&dir, None, None, Strictness::default())
}
