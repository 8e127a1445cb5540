//! Ids across branches. Parallel branches each take "the next number", and
//! the second to merge collides: `new` takes an id that no branch holds
//! ([`ids_on_every_branch`]), and `check --base` and `diff` report an id
//! the base branch already gives another record ([`taken_on_base`]).

use super::revisions::{Revisions, Seen};
use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Record;
use rustc_hash::FxHashSet;
use std::path::Path;

/// Every id a record file holds on the tip of any local or remote-tracking
/// branch (and at `HEAD`), read from the file names of the records folders
/// (and the front matter of files whose name holds no id). Empty outside a
/// repository.
pub fn ids_on_every_branch(root: &Path, config: &Config, records: &[Record]) -> Vec<String> {
    let Ok(revisions) = Revisions::open(root) else {
        return Vec::new();
    };
    let folders = super::record_folders(config, records);
    let mut tips: Vec<_> = revisions
        .branch_tips()
        .unwrap_or_default()
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    tips.extend(revisions.head().ok());
    tips.sort();
    tips.dedup();
    let mut seen = Seen::default();
    // One tip listed whole, every other compared with it: branches share
    // most of their files, and comparing trees skips what they share.
    let Some((&first, others)) = tips.split_first() else {
        return Vec::new();
    };
    let mut ids: Vec<String> = (revisions.record_names(first, &folders, &mut seen))
        .unwrap_or_default()
        .into_iter()
        .map(|name| name.id)
        .collect();
    for &tip in others {
        let changed = revisions.changed_record_names(first, tip, &folders, &mut seen);
        ids.extend(changed.unwrap_or_default().into_iter().map(|name| name.id));
    }
    ids.sort();
    ids.dedup();
    ids
}

/// An `id-taken-on-base` error for each record of `records` (those of the
/// revision `from`, or of the working tree over `HEAD` when `None`) whose
/// id the revision `base` gives a record at another path,
/// when that id was not already there where the two lines of history met:
/// a record renamed on either side keeps its id and is not reported.
pub fn taken_on_base(
    root: &Path,
    config: &Config,
    records: &[Record],
    base: &str,
    from: Option<&str>,
) -> Result<Vec<Diagnostic>, String> {
    let revisions = Revisions::open(root)?;
    let base_commit = revisions.resolve(base)?;
    let from = match from {
        Some(revision) => Some(revisions.resolve(revision)?),
        None => revisions.head().ok(),
    };
    let folders = super::record_folders(config, records);
    let mut seen = Seen::default();
    let on_base = revisions.record_names(base_commit, &folders, &mut seen)?;
    let shared: FxHashSet<String> = match from {
        Some(head) => match revisions.merge_base(head, base_commit)? {
            Some(fork) => revisions
                .record_names(fork, &folders, &mut seen)?
                .into_iter()
                .map(|n| n.id)
                .collect(),
            None => FxHashSet::default(),
        },
        None => FxHashSet::default(),
    };
    let mut found = Vec::new();
    for record in records {
        if shared.contains(&record.id) {
            continue;
        }
        let file = record.file.to_string_lossy().replace('\\', "/");
        let Some(other) = on_base.iter().find(|n| n.id == record.id && n.path != file) else {
            continue;
        };
        let text = record.source();
        let span = id_span(text, &record.id);
        let mut diagnostic = Diagnostic::new(
            Code::IdTakenOnBase,
            &record.file,
            format!(
                "`{}` is already taken on {base} by {} (this record is {file})",
                record.id, other.path
            ),
        )
        .with_help(format!(
            "give this record a free id: `shoshin renumber {} NEW-ID` rewrites it and every reference to it",
            record.id
        ));
        if let Some(span) = span {
            diagnostic = diagnostic.at(text, span);
        }
        found.push(diagnostic);
    }
    Ok(found)
}

/// Where the record's `id:` value is written in its text, if it is.
fn id_span(text: &str, id: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("id:") {
            let value_start = offset + 3 + (rest.len() - rest.trim_start().len());
            if rest.trim().trim_matches(['"', '\'']) == id {
                let quoted = usize::from(rest.trim_start().starts_with(['"', '\'']));
                let start = value_start + quoted;
                return Some(start..start + id.len());
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_line_is_found() {
        let text = "---\ntitle: x\nid: \"ADR-2\"\n---\n";
        let span = id_span(text, "ADR-2").unwrap();
        assert_eq!(&text[span], "ADR-2");
        assert_eq!(id_span(text, "ADR-3"), None);
    }
}
