//! `shoshin check`: load, index and check; print every diagnostic.

use super::{display_root, FAILED, OK};
use crate::check::report::{self, Format};
use crate::project::Project;
use anyhow::Result;
use std::io::IsTerminal;
use std::path::Path;

/// Runs the check and prints the diagnostics in `format`.
pub fn run(root: &Path, format: Format, deny_warnings: bool) -> Result<u8> {
    run_against(root, format, deny_warnings, None)
}

/// [`run`], with the ids that the revision `base` already gives other
/// records reported too (`check --base`).
pub fn run_against(root: &Path, format: Format, deny_warnings: bool, base: Option<&str>) -> Result<u8> {
    let mut project = Project::open_for_checks(root)?;
    if let Some(base) = base {
        let taken = crate::history::branch_ids::taken_on_base(
            root,
            &project.config,
            &project.index.records,
            base,
            None,
        )
        .map_err(|e| anyhow::anyhow!("--base {base}: {e}"))?;
        let mut all = std::mem::take(&mut project.diagnostics);
        all.extend(taken);
        project.diagnostics = crate::check::apply_severities(all, &project.config);
    }
    print(&project, format);
    let code = if project.counts().fails(deny_warnings) {
        FAILED
    } else {
        OK
    };
    super::exit_without_freeing(project);
    Ok(code)
}

/// Runs the check and prints, before the diagnostics, the format recognised
/// and the fields read for every file (`--explain-formats`); with `--format
/// json` the explanation is the `formats` key of the one JSON object.
pub fn run_explaining_formats(root: &Path, format: Format, deny_warnings: bool) -> Result<u8> {
    use crate::load::formats::explain;
    let project = Project::open_for_checks(root)?;
    let explained = explain::explain(&project.index.records, &project.skipped);
    match format {
        Format::Json => {
            let report = report::json(&project.diagnostics, project.index.records.len());
            let mut value: serde_json::Value = serde_json::from_str(&report)?;
            value["formats"] = explain::json(&explained);
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        _ => {
            print!("{}", explain::text(&explained));
            print(&project, format);
        }
    }
    Ok(if project.counts().fails(deny_warnings) {
        FAILED
    } else {
        OK
    })
}

/// Prints a project's diagnostics: human ones (and the summary) on standard
/// error, JSON and GitHub commands on standard output.
pub fn print(project: &Project, format: Format) {
    let _phase = crate::timings::phase("print diagnostics");
    let records = project.index.records.len();
    match format {
        Format::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let sources = project.sources();
            // Streamed: ten thousand diagnostics are never held as one text.
            let mut err = std::io::BufWriter::new(std::io::stderr().lock());
            let _ = report::write_human(
                &project.diagnostics,
                &sources,
                &display_root(&project.root),
                color,
                &mut err,
            );
            drop(err);
            eprintln!("{}", report::summary_line(project.counts(), records));
        }
        Format::Json => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let _ = report::write_json(&project.diagnostics, records, &mut out);
        }
        Format::Github => print!(
            "{}",
            report::github(&project.diagnostics, &display_root(&project.root))
        ),
    }
}
