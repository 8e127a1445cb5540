//! What an edit in the editor can change, so that the check after it
//! reuses the rest of the check before it.
//!
//! An edit changes a few record files. Readiness looks only at an item's
//! own fields and at the records it names (their kind, status and
//! supersession), so an item keeps its assessment when its file did not
//! change and it names none of the edited records nor those near them
//! (linked to or from them, in their supersession chains), before or after
//! the edit: the rule `serve` follows after an edit, written here for the
//! language server's own state. The code map (the code root's files, the
//! decisions' patterns over them, the citations in comments) depends only
//! on the decisions' ids and patterns and on the code: it is kept when the
//! edit changed none of them.
//!
//! Both hold only when no record was added or removed, so that a record
//! has the same place in both indexes; otherwise everything is made again.

use crate::index::Index;
use crate::load::partial::is_candidate;
use crate::model::{Kind, Record};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What the code map reads of a record: its kind, id and patterns.
type CodeInputs = (Kind, String, Vec<String>);

/// What is needed of the index before an edit, captured before its
/// records move on to the next index.
pub struct Before {
    /// The record files, in index order (sorted).
    files: Vec<PathBuf>,
    /// Ids of the records of the changed files and of those near them.
    near_ids: Vec<String>,
    /// The code inputs of the records of the changed files, by file.
    code_inputs: Vec<(PathBuf, CodeInputs)>,
}

fn code_inputs(record: &Record) -> CodeInputs {
    (record.kind, record.id.clone(), record.applies_to.clone())
}

/// The records near record `i`: those it links to, those linking to it,
/// and its supersession chain.
fn neighbours(index: &Index, i: usize) -> impl Iterator<Item = usize> + '_ {
    let out = index.outgoing[i].iter().map(|l| l.to);
    let incoming = index.incoming[i].iter().map(|l| l.from);
    let supersession = (index.supersedes[i].iter())
        .chain(&index.superseded_by[i])
        .copied()
        .chain(index.supersession_chain(i));
    out.chain(incoming).chain(supersession)
}

/// The ids of the records at `places` and of those near them: an item
/// naming none of them keeps its readiness when they are edited.
pub fn near_ids(index: &Index, places: &[usize]) -> Vec<String> {
    let mut ids = Vec::new();
    for &i in places {
        ids.push(index.records[i].id.clone());
        ids.extend(neighbours(index, i).map(|n| index.records[n].id.clone()));
    }
    ids
}

/// The changed files, compared by their bytes: an edit changes a handful,
/// and every record is asked about, so neither hashing nor splitting a
/// path into components is worth it.
struct Changed<'a>(Vec<&'a std::ffi::OsStr>);

impl<'a> Changed<'a> {
    fn of(changed: &'a HashSet<PathBuf>) -> Self {
        Changed(changed.iter().map(|p| p.as_os_str()).collect())
    }

    fn has(&self, file: &Path) -> bool {
        self.0.contains(&file.as_os_str())
    }
}

impl Before {
    /// Captures what `index` says about the `changed` files.
    pub fn capture(index: &Index, changed: &HashSet<PathBuf>) -> Before {
        let is_changed = Changed::of(changed);
        let mut before = Before {
            files: Vec::with_capacity(index.records.len()),
            near_ids: Vec::new(),
            code_inputs: Vec::new(),
        };
        for (i, record) in index.records.iter().enumerate() {
            before.files.push(record.file.clone());
            if is_changed.has(&record.file) {
                before.near_ids.push(record.id.clone());
                before
                    .code_inputs
                    .push((record.file.clone(), code_inputs(record)));
                for n in neighbours(index, i) {
                    before.near_ids.push(index.records[n].id.clone());
                }
            }
        }
        before.near_ids.sort();
        before.near_ids.dedup();
        before
    }

    /// True when `index` holds records of the same files as before, in the
    /// same order.
    fn same_files(&self, index: &Index) -> bool {
        self.files.len() == index.records.len()
            && (self.files.iter().zip(&index.records)).all(|(f, r)| f.as_os_str() == r.file.as_os_str())
    }

    /// For each record of the new `index`, its place in the index before
    /// the edit when its file did not change: both indexes hold their
    /// records sorted by file, so one merge pass finds them.
    pub fn unchanged_records(&self, index: &Index, changed: &HashSet<PathBuf>) -> Vec<Option<usize>> {
        let is_changed = Changed::of(changed);
        let mut j = 0;
        (index.records.iter())
            .map(|record| {
                let file = record.file.as_path();
                while j < self.files.len() && self.files[j].as_path() < file {
                    j += 1;
                }
                let same = j < self.files.len() && self.files[j].as_os_str() == file.as_os_str();
                (same && !is_changed.has(file)).then_some(j)
            })
            .collect()
    }

    /// For each record of the new `index`, whether its readiness before the
    /// edit still holds (see the module's documentation).
    pub fn same_readiness(&self, index: &Index, changed: &HashSet<PathBuf>) -> Vec<bool> {
        if !self.same_files(index) {
            return vec![false; index.records.len()];
        }
        let is_changed = Changed::of(changed);
        // Usually a handful of ids: a list is quicker to look in than a set.
        let mut near: Vec<&str> = self.near_ids.iter().map(String::as_str).collect();
        for (i, record) in index.records.iter().enumerate() {
            if is_changed.has(&record.file) {
                near.push(&record.id);
                near.extend(neighbours(index, i).map(|n| index.records[n].id.as_str()));
            }
        }
        near.sort_unstable();
        near.dedup();
        let is_near = |id: &str| {
            if near.len() <= 16 {
                near.contains(&id)
            } else {
                near.binary_search(&id).is_ok()
            }
        };
        (index.records.iter())
            .map(|record| {
                !is_changed.has(&record.file) && !record.references.iter().any(|r| is_near(&r.target))
            })
            .collect()
    }

    /// True when the code map made before the edit is the one the new
    /// `index` would make: the same records, the edited ones with the same
    /// kind, id and patterns, and no change to a file that is not a record
    /// (code, for instance) among `changed` (`config` says which files may
    /// be records).
    pub fn same_code(
        &self,
        index: &Index,
        changed: &HashSet<PathBuf>,
        config: &crate::config::Config,
    ) -> bool {
        if !self.same_files(index) || changed.iter().any(|file| !is_candidate(file, config)) {
            return false;
        }
        let is_changed = Changed::of(changed);
        let before = |file: &Path| self.code_inputs.iter().find(|(f, _)| f == file).map(|(_, c)| c);
        (index.records.iter())
            .filter(|record| is_changed.has(&record.file))
            .all(|record| before(&record.file) == Some(&code_inputs(record)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository of records written to a temporary folder, loaded and indexed.
    fn index_of(files: &[(&str, &str)]) -> Index {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let config = crate::project::load_config(dir.path()).unwrap();
        let loaded = crate::load::load(dir.path(), &config);
        Index::build(loaded.records, &config)
    }

    const ONE: &str = "---\nid: PAY-1\ntitle: One\nstatus: draft\n---\n";
    const TWO: &str = "---\nid: PAY-2\ntitle: Two\nstatus: ready\ndepends_on: [PAY-1]\n---\n";
    const THREE: &str = "---\nid: PAY-3\ntitle: Three\nstatus: draft\n---\n";
    const ADR: &str = "---\nid: ADR-1\ntitle: A\nstatus: accepted\napplies_to: [src/**]\n---\n";

    #[test]
    fn an_item_naming_an_edited_record_is_assessed_again_and_the_others_kept() {
        let files = [
            ("items/PAY-1.md", ONE),
            ("items/PAY-2.md", TWO),
            ("items/PAY-3.md", THREE),
            ("decisions/ADR-1.md", ADR),
        ];
        let before = index_of(&files);
        let changed: HashSet<PathBuf> = [PathBuf::from("items/PAY-1.md")].into();
        let captured = Before::capture(&before, &changed);
        let ready = ONE.replace("draft", "ready");
        let after = index_of(&[
            ("items/PAY-1.md", &ready),
            ("items/PAY-2.md", TWO),
            ("items/PAY-3.md", THREE),
            ("decisions/ADR-1.md", ADR),
        ]);
        let kept: Vec<(&str, bool)> = (after.records.iter())
            .map(|r| r.id.as_str())
            .zip(captured.same_readiness(&after, &changed))
            .collect();
        assert_eq!(
            kept,
            [
                ("ADR-1", true),
                ("PAY-1", false),
                ("PAY-2", false),
                ("PAY-3", true)
            ]
        );
        let places = captured.unchanged_records(&after, &changed);
        assert_eq!(places, [Some(0), None, Some(2), Some(3)]);
        let config = crate::config::Config::default();
        assert!(captured.same_code(&after, &changed, &config));
        // A file that is not a record changed: the code is read again.
        let code: HashSet<PathBuf> = [PathBuf::from("items/PAY-1.md"), PathBuf::from("src/a.rs")].into();
        assert!(!captured.same_code(&after, &code, &config));
    }

    #[test]
    fn a_new_record_or_new_patterns_keep_nothing() {
        let files = [("items/PAY-1.md", ONE), ("decisions/ADR-1.md", ADR)];
        let before = index_of(&files);
        let changed: HashSet<PathBuf> = [PathBuf::from("decisions/ADR-1.md")].into();
        let captured = Before::capture(&before, &changed);
        let config = crate::config::Config::default();
        let narrower = ADR.replace("src/**", "src/ledger/**");
        let after = index_of(&[("items/PAY-1.md", ONE), ("decisions/ADR-1.md", &narrower)]);
        assert!(!captured.same_code(&after, &changed, &config));
        let added: HashSet<PathBuf> = [PathBuf::from("items/PAY-3.md")].into();
        let captured = Before::capture(&before, &added);
        let grown = index_of(&[
            ("items/PAY-1.md", ONE),
            ("items/PAY-3.md", THREE),
            ("decisions/ADR-1.md", ADR),
        ]);
        assert_eq!(captured.same_readiness(&grown, &added), [false, false, false]);
        assert!(!captured.same_code(&grown, &added, &config));
    }
}
