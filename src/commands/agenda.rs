//! `shoshin agenda`: the agenda of the next refinement session, on standard
//! output. The site's agenda page shows the same list.

use super::OK;
use crate::project::Project;
use crate::readiness::agenda;
use anyhow::{bail, Result};
use std::path::Path;

/// Prints the `top` most important items that are not ready (default: the
/// session limit).
pub fn run(root: &Path, top: Option<usize>) -> Result<u8> {
    if top == Some(0) {
        bail!("`--top` must be at least 1: how many items the session should discuss");
    }
    let project = Project::open(root)?;
    let top = top.unwrap_or_else(|| agenda::default_size(&project.config));
    let entries = agenda::agenda(&project.index, &project.readiness, top);
    print!("{}", agenda::text(&project.index, &entries, top));
    Ok(OK)
}
