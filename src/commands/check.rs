//! `shoshin check`: load, index and check; print every diagnostic.

use super::{display_root, FAILED, OK};
use crate::check::report::{self, Format};
use crate::project::Project;
use anyhow::Result;
use std::io::IsTerminal;
use std::path::Path;

/// Runs the check and prints the diagnostics in `format`.
pub fn run(root: &Path, format: Format, deny_warnings: bool) -> Result<u8> {
    let project = Project::open(root)?;
    print(&project, format);
    Ok(if project.counts().fails(deny_warnings) {
        FAILED
    } else {
        OK
    })
}

/// Prints a project's diagnostics: human ones (and the summary) on standard
/// error, JSON and GitHub commands on standard output.
pub fn print(project: &Project, format: Format) {
    let records = project.index.records.len();
    match format {
        Format::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let sources = project.sources();
            eprint!(
                "{}",
                report::human(
                    &project.diagnostics,
                    &sources,
                    &display_root(&project.root),
                    color
                )
            );
            eprintln!("{}", report::summary_line(project.counts(), records));
        }
        Format::Json => print!("{}", report::json(&project.diagnostics, records)),
        Format::Github => print!(
            "{}",
            report::github(&project.diagnostics, &display_root(&project.root))
        ),
    }
}
