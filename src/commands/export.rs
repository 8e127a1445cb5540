//! `shoshin export`: the whole model as JSON on standard output.

use super::OK;
use crate::project::Project;
use anyhow::Result;
use std::path::Path;

/// Prints the model of the records repository at `root`.
pub fn run(root: &Path) -> Result<u8> {
    let project = Project::open(root)?;
    println!(
        "{}",
        serde_json::to_string_pretty(&crate::export::model(&project))?
    );
    Ok(OK)
}
