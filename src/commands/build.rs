//! `shoshin build`: check, then render and write the site atomically.
//!
//! `check` is the gate; `build` publishes whatever it can read. Records
//! with problems still get their pages, each problem shown on its record's
//! page and on the problems page, and `build` exits 0. With `--strict` an
//! error (a warning too, with `--deny-warnings`) exits 1 and keeps the
//! previous site. A failure of the build itself (a template that does not
//! compile, an I/O error) always keeps the previous site.

use super::{FAILED, OK};
use crate::check::report::Format;
use crate::write::{check_output, Staging};
use anyhow::Result;
use std::path::Path;
use std::time::Instant;

/// How strict a build is about the problems `check` finds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Strictness {
    /// `--strict`: an error exits 1 and keeps the previous site.
    pub strict: bool,
    /// `--deny-warnings`: warnings count as errors (implies `--strict`).
    pub deny_warnings: bool,
}

impl Strictness {
    /// Whether problems stop the build at all.
    fn stops(self) -> bool {
        self.strict || self.deny_warnings
    }
}

/// Builds the site of the records repository at `root`.
pub fn run(
    root: &Path,
    output: Option<&Path>,
    base_url: Option<String>,
    strictness: Strictness,
) -> Result<u8> {
    let started = Instant::now();
    let mut project = crate::portal::open(root)?;
    if let Some(url) = base_url {
        project.config.base_url = url;
    }
    super::check::print(&project, Format::Human);
    let output = project.output(output);
    let counts = project.counts();
    if strictness.stops() && counts.fails(strictness.deny_warnings) {
        let what = if counts.errors > 0 {
            "errors (--strict)"
        } else {
            "warnings (--deny-warnings)"
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
    let stats = crate::render::render_site(&project, &staging)?;
    let output = {
        let _phase = crate::timings::phase("swap the site in");
        staging.commit()?
    };
    let quiet = crate::terminal::quiet();
    if !quiet {
        eprintln!(
            "built {} pages and {} files in {} ms",
            stats.pages,
            stats.files,
            started.elapsed().as_millis()
        );
    }
    if counts.errors + counts.warnings > 0 && !quiet {
        eprintln!(
            "published with problems: each is shown on its record's page and on {}; `shoshin check` (or `build --strict`) fails on errors",
            output.join("problems").join("index.html").display()
        );
    }
    println!("{}", output.join("index.html").display());
    super::exit_without_freeing(project);
    Ok(OK)
}
