//! `shoshin build`: check, then render and write the site atomically.

use super::{FAILED, OK};
use crate::check::report::Format;
use crate::project::Project;
use crate::write::{check_output, Staging};
use anyhow::Result;
use std::path::Path;
use std::time::Instant;

/// Builds the site of the records repository at `root`.
pub fn run(root: &Path, output: Option<&Path>, base_url: Option<String>, deny_warnings: bool) -> Result<u8> {
    let started = Instant::now();
    let mut project = Project::open(root)?;
    if let Some(url) = base_url {
        project.config.base_url = url;
    }
    super::check::print(&project, Format::Human);
    let output = project.output(output);
    let counts = project.counts();
    if counts.fails(deny_warnings) {
        let what = if counts.errors > 0 {
            "errors"
        } else {
            "warnings (denied)"
        };
        if output.join(crate::write::MARKER).is_file() {
            eprintln!(
                "build stopped by {what}; the previous site in {} is unchanged",
                output.display()
            );
        } else {
            eprintln!("build stopped by {what}; no site was written");
        }
        return Ok(FAILED);
    }
    check_output(&output, root)?;
    let staging = Staging::new(&output)?;
    crate::render::release_cached_sources(&mut project);
    let stats = crate::render::render_site(&project, &staging)?;
    let output = {
        let _phase = crate::timings::phase("swap the site in");
        staging.commit()?
    };
    eprintln!(
        "built {} pages and {} files in {} ms",
        stats.pages,
        stats.files,
        started.elapsed().as_millis()
    );
    println!("{}", output.join("index.html").display());
    super::exit_without_freeing(project);
    Ok(OK)
}
