//! `shoshin check`: load, index and check; print every diagnostic.

use super::{display_root, FAILED, OK};
use crate::check::report::{self, Format};
use crate::project::Project;
use anyhow::Result;
use std::path::Path;

/// Runs the check and prints the diagnostics in `format`.
pub fn run(root: &Path, format: Format, deny_warnings: bool) -> Result<u8> {
    run_against(root, format, deny_warnings, None)
}

/// [`run`], with the ids that the revision `base` already gives other
/// records reported too (`check --base`).
pub fn run_against(root: &Path, format: Format, deny_warnings: bool, base: Option<&str>) -> Result<u8> {
    let against = Against {
        base,
        portal_data: None,
    };
    run_with(root, format, deny_warnings, against)
}

/// What a check compares the records with, besides themselves.
#[derive(Debug, Clone, Copy, Default)]
pub struct Against<'a> {
    /// `--base REV`: the ids that revision already gives other records.
    pub base: Option<&'a str>,
    /// `--portal-data FILE`: a portal's `data.json`, for references to
    /// other repositories.
    pub portal_data: Option<&'a Path>,
}

/// [`run`], with what `against` names checked too.
pub fn run_with(root: &Path, format: Format, deny_warnings: bool, against: Against) -> Result<u8> {
    let base = against.base;
    let mut project = crate::portal::open_with(root, |config| config.leads_only = true)?;
    if let Some(file) = against.portal_data {
        let data = crate::portal::data::PortalData::read(file)?;
        data.check(&mut project);
    }
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
/// error, JSON and GitHub commands on standard output. `--quiet` keeps only
/// the errors of the human format; `--verbose` first says what was read.
pub fn print(project: &Project, format: Format) {
    let _phase = crate::timings::phase("print diagnostics");
    let records = project.index.records.len();
    match format {
        Format::Human => {
            if crate::terminal::verbose() {
                eprintln!("{}", what_was_read(project));
            }
            let quiet = crate::terminal::quiet();
            let errors: Vec<_>;
            let shown = if quiet {
                errors = project
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == crate::diagnostic::Severity::Error)
                    .cloned()
                    .collect();
                &errors
            } else {
                &project.diagnostics
            };
            let sources = project.sources();
            // Streamed: ten thousand diagnostics are never held as one text.
            let mut err = std::io::BufWriter::new(std::io::stderr().lock());
            let _ = report::write_human(
                shown,
                &sources,
                &display_root(&project.root),
                crate::terminal::color_on_stderr(),
                &mut err,
            );
            drop(err);
            if !quiet {
                eprintln!("{}", report::summary_line(project.counts(), records));
            }
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

/// `read 42 items, 17 decisions, 10 sessions in example-site`: what
/// `--verbose` says before the diagnostics.
fn what_was_read(project: &Project) -> String {
    let counts: Vec<String> = crate::model::Kind::ALL
        .iter()
        .map(|&kind| {
            let n = project.index.records.iter().filter(|r| r.kind == kind).count();
            let info = kind.info();
            format!("{n} {}", if n == 1 { info.name } else { info.plural })
        })
        .collect();
    format!("read {} in {}", counts.join(", "), project.root.display())
}
