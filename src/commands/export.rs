//! `shoshin export`: the whole model as JSON on standard output.

use super::OK;
use crate::project::Project;
use anyhow::Result;
use std::io::Write;
use std::path::Path;

/// Prints the model of the records repository at `root`.
pub fn run(root: &Path) -> Result<u8> {
    let project = Project::open(root)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, &crate::export::Model(&project))?;
    writeln!(out)?;
    out.flush()?;
    Ok(OK)
}
