//! Replacing one record of a built index in place, for the language
//! server's edits: the record's own links are resolved again and the rest
//! of the index is kept, with the same result as [`Index::build`] over the
//! records with the new one in its place.
//!
//! It holds only while what other records resolve against stays the same:
//! the record keeps its file, id and kind (a reference to it then resolves
//! as before), and there is no portal. Otherwise [`Index::replace`] says
//! no, and the index must be built again.

use super::{resolve, Index, Link};
use crate::config::Config;
use crate::model::{Record, Relation};
use rustc_hash::FxHashMap;
use std::ffi::OsStr;

impl Index {
    /// Puts `record` in the place of record `i`, as loading gave it (without
    /// the references that links to record files add); false, with the
    /// index unchanged, when it has another file, id or kind, or in a portal.
    pub fn replace(&mut self, i: usize, record: Record, config: &Config) -> bool {
        let old = &self.records[i];
        if self.repositories.is_some()
            || old.file != record.file
            || old.id != record.id
            || old.kind != record.kind
        {
            return false;
        }
        let supersession = |links: &[Link]| {
            (links.iter()).any(|l| matches!(l.relation, Relation::Supersedes | Relation::SupersededBy))
        };
        let mut touches_supersession = supersession(&self.outgoing[i]);
        for link in std::mem::take(&mut self.outgoing[i]) {
            self.incoming[link.to].retain(|l| l.from != i);
        }
        let first = self.unresolved.partition_point(|u| u.from < i);
        let end = first + self.unresolved[first..].partition_point(|u| u.from == i);
        self.records[i] = record;

        let by_file: FxHashMap<&OsStr, usize> = (self.records.iter().enumerate())
            .map(|(j, r)| (r.file.as_os_str(), j))
            .collect();
        let resolved = resolve(&self.records, &self.by_id, &by_file, i, &self.records[i]);
        drop(by_file);
        // Incoming links are listed by referring record, as a build lists them.
        for link in &resolved.outgoing {
            let incoming = &mut self.incoming[link.to];
            let at = incoming.partition_point(|l| l.from <= i);
            incoming.insert(at, *link);
        }
        self.unresolved.splice(first..end, resolved.unresolved);
        touches_supersession |= supersession(&resolved.outgoing);
        self.outgoing[i] = resolved.outgoing;
        self.records[i].references.extend(resolved.extra_refs);
        if touches_supersession {
            (self.supersedes, self.superseded_by) = supersession_lists(&self.outgoing);
        }
        let (item, decision) = crate::parse::status::record_categories(&self.records[i], config);
        self.item_categories[i] = item;
        self.decision_categories[i] = decision;
        true
    }
}

/// Per decision, the decisions it supersedes and those superseding it,
/// written on either side: made by [`Index::build`], and again by
/// [`Index::replace`] when a record changed.
pub(super) fn supersession_lists(outgoing: &[Vec<Link>]) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let n = outgoing.len();
    let mut supersedes = vec![Vec::new(); n];
    let mut superseded_by = vec![Vec::new(); n];
    for link in outgoing.iter().flatten() {
        let (newer, older) = match link.relation {
            Relation::Supersedes => (link.from, link.to),
            Relation::SupersededBy => (link.to, link.from),
            _ => continue,
        };
        if !supersedes[newer].contains(&older) {
            supersedes[newer].push(older);
        }
        if !superseded_by[older].contains(&newer) {
            superseded_by[older].push(newer);
        }
    }
    (supersedes, superseded_by)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::indexed;

    const ADR_1: &str = "---\nid: ADR-1\nstatus: superseded\n---\nSee [PAY-1](../items/PAY-1.md).\n";
    const ADR_2: &str = "---\nid: ADR-2\nstatus: accepted\n---\n";
    const PAY_1: &str = "---\nid: PAY-1\nstatus: draft\ndepends_on: [PAY-2]\ndecisions: [ADR-1]\n---\n";
    const PAY_2: &str = "---\nid: PAY-2\nstatus: ready\n---\nAfter PAY-1, see [[PAY-9]].\n";

    /// The index of `files` with record `path` replaced by its `edited`
    /// text, and the index built over the edited files.
    fn replaced_and_built(files: &[(&str, &str)], path: &str, edited: &str) -> (Index, Index) {
        let config = Config::default();
        let (_dir, mut index, _) = indexed(files, &config);
        let edited_files: Vec<(&str, &str)> = (files.iter())
            .map(|&(p, text)| (p, if p == path { edited } else { text }))
            .collect();
        let (_edited_dir, built, _) = indexed(&edited_files, &config);
        let i = built
            .records
            .iter()
            .position(|r| r.file.as_os_str() == path)
            .unwrap();
        let mut record = built.records[i].clone();
        record
            .references
            .retain(|r| r.origin != crate::model::Origin::MarkdownLink);
        assert!(index.replace(i, record, &config));
        (index, built)
    }

    #[test]
    fn a_replaced_record_gives_the_index_a_build_gives() {
        let files = [
            ("decisions/ADR-1.md", ADR_1),
            ("decisions/ADR-2.md", ADR_2),
            ("items/PAY-1.md", PAY_1),
            ("items/PAY-2.md", PAY_2),
        ];
        // New links, a link dropped, a broken one, another status.
        let item = PAY_1
            .replace("[PAY-2]", "[PAY-2, PAY-7]")
            .replace("decisions: [ADR-1]", "decisions: [ADR-2]")
            .replace("draft", "ready");
        let (replaced, built) = replaced_and_built(&files, "items/PAY-1.md", &item);
        assert_eq!(format!("{replaced:?}"), format!("{built:?}"));
        // Supersession written on one side, then on none.
        let newer = ADR_2.replace("status: accepted", "status: accepted\nsupersedes: [ADR-1]");
        let (replaced, built) = replaced_and_built(&files, "decisions/ADR-2.md", &newer);
        assert_eq!(built.superseded_by[0], [1]);
        assert_eq!(format!("{replaced:?}"), format!("{built:?}"));
    }

    #[test]
    fn another_id_is_refused_and_leaves_the_index_as_it_was() {
        let config = Config::default();
        let (_dir, mut index, _) = indexed(&[("items/PAY-1.md", PAY_1), ("items/PAY-2.md", PAY_2)], &config);
        let before = format!("{index:?}");
        let mut record = index.records[0].clone();
        record.id = "PAY-3".into();
        assert!(!index.replace(0, record, &config));
        assert_eq!(format!("{index:?}"), before);
    }
}
