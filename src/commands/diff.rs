//! `shoshin diff [BASE [HEAD]]`: what a change does to the records.
//!
//! Both sides go through the same pipeline as `check` (load, index,
//! readiness, check), history left out so that both are judged alike. A
//! revision's records are written out of git into a temporary folder
//! outside the repository (the loader reads folders; the records root's
//! files only, so this stays small), and the working tree is read where it
//! is. BASE defaults to the merge base of `HEAD` with the default branch,
//! HEAD to the working tree. The head's ids are also checked against the
//! base branch (`id-taken-on-base`).

use super::{FAILED, OK};
use crate::cli::DiffFormat;
use crate::diff::{self, format, Side};
use crate::history::revisions::Revisions;
use crate::project::Project;
use anyhow::{anyhow, Context, Result};
use std::path::Path;

/// What `diff` was asked.
pub struct Request<'a> {
    /// The records root (in the working tree).
    pub root: &'a Path,
    /// The revision to compare from; `None`: the merge base with the default branch.
    pub base: Option<&'a str>,
    /// The revision to compare to; `None`: the working tree.
    pub head: Option<&'a str>,
    /// How to print the report.
    pub format: DiffFormat,
    /// Exit 1 when the change introduces an error.
    pub fail_on_new_errors: bool,
}

/// Compares the two sides and prints the report.
pub fn run(request: Request<'_>) -> Result<u8> {
    let root = request.root;
    if !root.is_dir() {
        return Err(anyhow!(
            "{} is not a folder: give the records repository's root with --root",
            root.display()
        ));
    }
    let revisions = Revisions::open(root).map_err(|e| anyhow!("{e}: `diff` compares git revisions"))?;
    let head_commit = match request.head {
        Some(revision) => Some(revisions.resolve(revision).map_err(|e| anyhow!(e))?),
        None => revisions.head().ok(),
    };
    let (base_commit, base_label, base_branch) = match request.base {
        Some(revision) => {
            let id = revisions.resolve(revision).map_err(|e| anyhow!(e))?;
            (
                id,
                format!("{revision} ({})", Revisions::short(id)),
                revision.to_string(),
            )
        }
        None => {
            let (branch, tip) = revisions.default_branch().ok_or_else(|| {
                anyhow!("no default branch (`origin/HEAD`, `main` or `master`): give the base, e.g. `shoshin diff develop`")
            })?;
            let from = head_commit
                .ok_or_else(|| anyhow!("the repository has no commit yet: nothing to compare with"))?;
            let fork = revisions
                .merge_base(from, tip)
                .map_err(|e| anyhow!(e))?
                .ok_or_else(|| {
                    anyhow!("the current branch shares no history with {branch}: give the base")
                })?;
            let label = format!("{branch} (merge base {})", Revisions::short(fork));
            (fork, label, branch)
        }
    };
    let base_dir = export(&revisions, base_commit)?;
    let base = {
        let _phase = crate::timings::phase("read the base");
        open_side(base_dir.path()).with_context(|| format!("reading the records at {base_label}"))?
    };
    let (mut head, head_label, _head_dir) = match (request.head, head_commit) {
        (Some(revision), Some(id)) => {
            let dir = export(&revisions, id)?;
            let _phase = crate::timings::phase("read the head");
            let project =
                open_side(dir.path()).with_context(|| format!("reading the records at {revision}"))?;
            (
                project,
                format!("{revision} ({})", Revisions::short(id)),
                Some(dir),
            )
        }
        _ => {
            let _phase = crate::timings::phase("read the working tree");
            (open_side(root)?, "working tree".to_string(), None)
        }
    };
    let phase = crate::timings::phase("ids on the base");
    let taken = crate::history::branch_ids::taken_on_base(
        root,
        &head.config,
        &head.index.records,
        &base_branch,
        request.head,
    )
    .map_err(|e| anyhow!(e))?;
    drop(phase);
    if !taken.is_empty() {
        let mut all = std::mem::take(&mut head.diagnostics);
        all.extend(taken);
        head.diagnostics = crate::check::apply_severities(all, &head.config);
    }
    let report = diff::compare(
        &base,
        &head,
        Side {
            label: base_label,
            commit: Some(base_commit.to_string()),
        },
        Side {
            label: head_label,
            commit: request.head.and(head_commit).map(|id| id.to_string()),
        },
    );
    let text = match request.format {
        DiffFormat::Human => format::human(&report),
        DiffFormat::Markdown => format::markdown(&report),
        DiffFormat::Json => format::json(&report),
    };
    print!("{text}");
    Ok(if request.fail_on_new_errors && report.new_errors() > 0 {
        FAILED
    } else {
        OK
    })
}

/// The records root at `commit`, written into a new temporary folder.
fn export(revisions: &Revisions, commit: gix::ObjectId) -> Result<tempfile::TempDir> {
    let _phase = crate::timings::phase("write a revision out");
    let dir = tempfile::Builder::new()
        .prefix("shoshin-diff-")
        .tempdir()
        .context("cannot create a temporary folder for a revision's records")?;
    revisions
        .export(commit, dir.path())
        .map_err(|e| anyhow!("cannot read the records at {}: {e}", Revisions::short(commit)))?;
    Ok(dir)
}

/// Loads, indexes and checks the records under `dir`, without history.
fn open_side(dir: &Path) -> Result<Project> {
    let mut config = crate::project::load_config(dir)?;
    config.history.enabled = false;
    config.leads_only = true;
    let loaded = crate::load::load(dir, &config);
    Ok(Project::from_loaded(dir, config, loaded))
}
