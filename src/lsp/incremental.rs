//! The quick path of a re-check after an edit: the edited records are
//! replaced in the index in place, and only what they can change is made
//! again; the rest of the last check is kept.
//!
//! It applies when each changed file was a record and still is one, with
//! the same id and kind (what other records resolve against), in a
//! repository of native records (files of existing formats are numbered
//! across their folder). Then:
//! - the index replaces the records' entries ([`crate::index::Index::replace`]);
//! - readiness is assessed again for the edited records and the items that
//!   name them or their neighbours (see [`super::affected`]);
//! - the history makes the edited records' timelines again from the walk
//!   it keeps; the sprints are kept when no timeline changed;
//! - the code map is kept unless an edited decision's patterns changed;
//! - the checks run over the new index, and the readiness diagnostics
//!   beside them.
//!
//! Anything else (a new or deleted record, a changed id, a portal) goes
//! the way of [`super::workspace`]'s partial reload.

use super::affected::near_ids;
use crate::diagnostic::Diagnostic;
use crate::history::History;
use crate::load::{self, Loaded};
use crate::model::{Record, SourceFormat};
use crate::project::Project;
use crate::readiness::Readiness;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// An edited record and its place in the index.
type Edited = (usize, Record);

/// The records of the `changed` files, each with its place in `index`, from
/// the editor's `texts` or the disk; `None` when the quick path does not
/// apply (see the module's documentation).
fn edited_records(
    project: &Project,
    changed: &HashSet<PathBuf>,
    texts: &HashMap<PathBuf, String>,
) -> Option<(Vec<Edited>, Vec<Diagnostic>)> {
    let (index, config) = (&project.index, &project.config);
    let native = index.records.iter().all(|r| r.format == SourceFormat::Native);
    if index.repositories.is_some() || !project.skipped.is_empty() || !native {
        return None;
    }
    let mut places = Vec::with_capacity(changed.len());
    for file in changed {
        if !load::partial::is_candidate(file, config) || load::kind_of_path(file, config).is_none() {
            return None;
        }
        // Records are sorted by file.
        let place = (index.records)
            .binary_search_by(|r| r.file.as_path().cmp(file))
            .ok()?;
        places.push(place);
    }
    let mut fresh = Loaded::default();
    load::partial::reload_with_texts(&mut fresh, &project.root, config, changed, texts);
    if !fresh.unparsed.is_empty() || !fresh.skipped.is_empty() || fresh.records.len() != places.len() {
        return None;
    }
    let mut edited = Vec::with_capacity(places.len());
    for record in fresh.records {
        let place = *places.iter().find(|&&i| index.records[i].file == record.file)?;
        let old = &index.records[place];
        if old.id != record.id || old.kind != record.kind {
            return None;
        }
        edited.push((place, record));
    }
    Some((edited, fresh.diagnostics))
}

/// Checks again after the `changed` files were edited, in place; false,
/// with nothing changed, when the quick path does not apply.
/// `load_diagnostics` are what loading found, kept up to date; the history
/// is used when `history_read`.
pub fn update(
    project: &mut Project,
    load_diagnostics: &mut Vec<Diagnostic>,
    changed: &HashSet<PathBuf>,
    texts: &HashMap<PathBuf, String>,
    history_read: bool,
) -> bool {
    let Some((edited, found)) = edited_records(project, changed, texts) else {
        return false;
    };
    let places: Vec<usize> = edited.iter().map(|(i, _)| *i).collect();
    let root = project.root.clone();
    let index = &mut project.index;
    let config = &project.config;

    let mut near = near_ids(index, &places);
    let old_timelines: Vec<_> = places.iter().map(|&i| project.history.of(i).cloned()).collect();
    let old_patterns: Vec<Vec<String>> = places
        .iter()
        .map(|&i| index.records[i].applies_to.clone())
        .collect();
    for (i, record) in edited {
        // Checked above: the same file, id and kind, and no portal.
        let replaced = index.replace(i, record, config);
        debug_assert!(replaced);
    }
    near.extend(near_ids(index, &places));
    near.sort_unstable();
    near.dedup();
    load_diagnostics.retain(|d| !changed.contains(&d.file));
    load_diagnostics.extend(found);

    // Readiness: the edited records and the items naming what is near them.
    let kept: Vec<bool> = (index.records.iter().enumerate())
        .map(|(i, record)| {
            !places.contains(&i) && !(record.references.iter()).any(|r| near.binary_search(&r.target).is_ok())
        })
        .collect();
    let readiness = Readiness::reassess(index, config, std::mem::take(&mut project.readiness), &kept);

    // History: the edited records' timelines again, from the kept walk.
    if history_read {
        let unchanged: Vec<Option<usize>> = (0..index.records.len())
            .map(|i| (!places.contains(&i)).then_some(i))
            .collect();
        let before = std::mem::take(&mut project.history);
        let head_time = before.head_time;
        let (history, restamped) = History::reload(&root, config, index, before, &unchanged);
        let same_timelines = restamped.is_empty()
            && history.head_time == head_time
            && (places.iter().zip(&old_timelines)).all(|(&i, old)| history.of(i) == old.as_ref());
        if !same_timelines {
            project.sprints = crate::history::sprints::compute(index, config, &history);
        }
        project.history = history;
    }
    let same_patterns =
        (places.iter().zip(&old_patterns)).all(|(&i, old)| &index.records[i].applies_to == old);
    if !same_patterns {
        project.code = crate::code::CodeMap::build(&root, config, index);
    }

    project.diagnostics = diagnostics(project, &readiness, load_diagnostics.clone());
    project.readiness = readiness;
    true
}

/// Every diagnostic of the project, as [`Project::from_loaded_with_code`]
/// makes them: `found` (what loading found), those of the history, sprints
/// and code ([`crate::project::history_and_code_diagnostics`]), the
/// checks', and the readiness diagnostics, made beside the checks.
fn diagnostics(project: &Project, readiness: &Readiness, mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let (index, config) = (&project.index, &project.config);
    found.extend(crate::project::history_and_code_diagnostics(
        index,
        config,
        &project.history,
        &project.sprints,
        &project.code,
    ));
    let (mut checked, ready) = rayon::join(
        || crate::check::check(index, found, config, &project.root),
        || {
            let found = crate::check::readiness::diagnostics(index, readiness, config);
            crate::check::apply_severities(found, config)
        },
    );
    // Both sorted, severities applied: merged as one run of the checks would.
    checked.extend(ready);
    crate::diagnostic::sort(&mut checked);
    checked.dedup();
    checked
}
