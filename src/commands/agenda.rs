//! `shoshin agenda`: the agenda of the next refinement session, on standard
//! output, then the decisions due for review. The site's agenda page shows
//! the same list of items; the home page the same decisions.

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
    print!("{}", due_for_review(&project));
    Ok(OK)
}

/// The decisions past their review date, one a line, after a heading;
/// nothing when none is.
fn due_for_review(project: &Project) -> String {
    let due = crate::check::decisions::due_for_review(&project.index, &project.history, &project.config);
    if due.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nDue for review:\n");
    for d in due {
        let record = &project.index.records[d.decision];
        out.push_str(&format!(
            "  {}  {} (review by {})\n",
            record.id, record.title, d.date
        ));
    }
    out
}
