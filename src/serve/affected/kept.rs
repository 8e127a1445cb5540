//! What an edit leaves as it was, so that an incremental rebuild keeps it
//! rather than making it again: the records of unchanged files, and of
//! those the readiness, summaries, people and tags that still hold. Each
//! answer is what a full build would give; the tests compare them.

use super::{is_changed, names, neighbours, Before};
use crate::index::Index;
use std::collections::HashSet;
use std::path::PathBuf;

impl Before {
    /// For each record of the new `index`, its index before the edit when
    /// its file is not one of the `changed` ones (so the record is the same).
    pub fn unchanged_records(&self, index: &Index, changed: &HashSet<PathBuf>) -> Vec<Option<usize>> {
        // Both indexes hold their records sorted by file: one merge pass.
        let mut j = 0;
        index
            .records
            .iter()
            .map(|record| {
                let file = record.file.as_path();
                while j < self.files.len() && self.files[j].as_path() < file {
                    j += 1;
                }
                let same = j < self.files.len() && self.files[j] == file && !is_changed(changed, file);
                same.then_some(j)
            })
            .collect()
    }

    /// For each record of the new `index`, whether its readiness before the
    /// edit still holds: when no record was added or removed (so indexes
    /// are the same), its file did not change, and it names none of the
    /// records of the changed files or those near them, on either side
    /// (readiness looks at the records an item names: their kind, status
    /// and supersession).
    pub fn same_readiness(&self, index: &Index, changed: &HashSet<PathBuf>) -> Vec<bool> {
        self.kept(index, changed, |record, near| {
            !record.references.iter().any(|r| near.contains(r.target.as_str()))
        })
    }

    /// For each record of the new `index`, whether its summary before the
    /// edit still holds, but for its readiness: as for [`Before::same_readiness`],
    /// but the record itself must not be near the changed ones (a summary
    /// shows the records superseding it).
    pub fn same_summaries(&self, index: &Index, changed: &HashSet<PathBuf>) -> Vec<bool> {
        self.kept(index, changed, |record, near| !near.contains(record.id.as_str()))
    }

    /// Whether the people and tags of the new `index` are those before the
    /// edit: no record was added or removed, and the records of the changed
    /// files name the same people, in the same roles, and tags.
    pub fn same_directory(&self, index: &Index, changed: &HashSet<PathBuf>) -> bool {
        self.same_files(index)
            && index
                .records
                .iter()
                .filter(|record| is_changed(changed, &record.file))
                .all(|record| {
                    self.named
                        .iter()
                        .any(|(file, named)| *file == record.file && *named == names(record))
                })
    }

    /// True when `index` holds records of the same files as before, in the same order.
    fn same_files(&self, index: &Index) -> bool {
        self.files.len() == index.records.len()
            && self.files.iter().zip(&index.records).all(|(f, r)| *f == r.file)
    }

    /// For each record of `index`, false when records were added or
    /// removed, or its file changed; else whether `holds` for it, given the
    /// ids of the records of the changed files and of those near them.
    fn kept(
        &self,
        index: &Index,
        changed: &HashSet<PathBuf>,
        holds: impl Fn(&crate::model::Record, &HashSet<&str>) -> bool,
    ) -> Vec<bool> {
        if !self.same_files(index) {
            return vec![false; index.records.len()];
        }
        let mut near: HashSet<&str> = self.near_ids.iter().map(String::as_str).collect();
        for (i, record) in index.records.iter().enumerate() {
            if is_changed(changed, &record.file) {
                near.insert(&record.id);
                near.extend(
                    neighbours(index, i)
                        .into_iter()
                        .map(|n| index.records[n].id.as_str()),
                );
            }
        }
        index
            .records
            .iter()
            .map(|record| !is_changed(changed, &record.file) && holds(record, &near))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::views::Views;
    use crate::serve::affected::tests::Repo;

    #[test]
    fn what_is_kept_after_an_edit_equals_what_is_made_afresh() {
        let repo = Repo(tempfile::tempdir().unwrap());
        repo.write("decisions/ADR-1.md", "---\ntitle: New\nstatus: accepted\n---\n");
        repo.write("decisions/ADR-2.md", "---\ntitle: Old\nstatus: accepted\n---\n");
        repo.write("items/PAY-1.md", "---\ntitle: One\nstatus: draft\n---\n");
        let two = "---\ntitle: Two\nstatus: draft\ndepends_on: [PAY-1]\ndecisions: [ADR-2]\n---\n";
        repo.write("items/PAY-2.md", two);
        repo.write("items/PAY-3.md", "---\ntitle: Three\nstatus: draft\n---\n");
        let pay_2 = 3;
        let edits = [
            // PAY-2's dependency becomes ready, then its decision is superseded.
            ("items/PAY-1.md", "---\ntitle: One\nstatus: ready\n---\n", false),
            (
                "decisions/ADR-1.md",
                "---\ntitle: New\nstatus: accepted\nsupersedes: [ADR-2]\n---\n",
                false,
            ),
            // Nothing PAY-2 names changes: its assessment is kept.
            (
                "items/PAY-3.md",
                "---\ntitle: Three again\nstatus: draft\n---\n",
                true,
            ),
            // A new tag and owner: the people and tags are made again.
            (
                "items/PAY-3.md",
                "---\ntitle: Three again\nstatus: draft\ntags: [x]\nowner: cy\n---\n",
                true,
            ),
        ];
        for (file, text, kept_pay_2) in edits {
            let (before, mut views) = repo.open();
            views.add_readiness(&before.readiness);
            repo.write(file, text);
            let (after, mut fresh) = repo.open();
            fresh.add_readiness(&after.readiness);
            let changed: HashSet<PathBuf> = [PathBuf::from(file)].into();
            let captured = Before::capture(&before.index, views, before.diagnostics.clone(), &changed);
            let kept = captured.same_readiness(&after.index, &changed);
            assert_eq!(kept[pay_2], kept_pay_2, "{file}");
            let reassessed =
                crate::readiness::Readiness::reassess(&after.index, &after.config, before.readiness, &kept);
            for i in 0..after.index.records.len() {
                assert_eq!(reassessed.get(i), after.readiness.get(i), "{file}: record {i}");
            }
            // The summaries too: kept ones and made ones equal those made afresh.
            let same = captured.same_summaries(&after.index, &changed);
            assert!(
                same.iter().any(|&s| s) && same.iter().any(|&s| !s),
                "{file}: {same:?}"
            );
            let unchanged = captured.unchanged_records(&after.index, &changed);
            let reuse = crate::render::views::Reuse {
                old: &captured.views,
                old_of: &unchanged,
                same: &same,
                same_directory: captured.same_directory(&after.index, &changed),
            };
            let reused = Views::reusing(&after.index, &reassessed, reuse);
            assert_eq!(reused.summaries, fresh.summaries, "{file}");
            let directory = |views: &Views| format!("{:?}", views.directory);
            assert_eq!(directory(&reused), directory(&fresh), "{file}");
        }
    }
}
