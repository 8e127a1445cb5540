//! The orders records are listed in on pages: items by priority, decisions
//! and sessions newest first.

use crate::config::DecisionCategory;
use crate::index::Index;
use crate::model::Kind;
use crate::project::Project;
use std::collections::BTreeMap;

/// `items` by priority (lowest rank first, unranked last), then by id.
pub fn by_priority(index: &Index, mut items: Vec<usize>) -> Vec<usize> {
    items.sort_by(|&a, &b| {
        let (ra, rb) = (&index.records[a], &index.records[b]);
        (ra.priority.is_none(), ra.priority, &ra.id).cmp(&(rb.priority.is_none(), rb.priority, &rb.id))
    });
    items
}

/// Records of `kind`, newest first: by `date`, then by when git first saw them.
pub fn newest_first(project: &Project, kind: Kind) -> Vec<usize> {
    let index = &project.index;
    let mut records: Vec<(Option<String>, Option<i64>, usize)> = (0..index.records.len())
        .filter(|&i| index.records[i].kind == kind)
        .map(|i| {
            let created = project.history.of(i).and_then(|t| t.created()).map(|s| s.time);
            (sort_date(project, i), created, i)
        })
        .collect();
    records.sort_by(|(da, ta, a), (db, tb, b)| {
        (db.is_some(), db, tb, &index.records[*b].id).cmp(&(da.is_some(), da, ta, &index.records[*a].id))
    });
    records.into_iter().map(|(_, _, i)| i).collect()
}

/// The date a record is sorted by: its `date`, else when git saw it first.
pub fn sort_date(project: &Project, i: usize) -> Option<String> {
    project.index.records[i]
        .date
        .clone()
        .or_else(|| Some(project.history.of(i)?.created()?.date()))
}

/// The records of `kind`, in the order they were loaded.
pub fn of_kind(index: &Index, kind: Kind) -> Vec<usize> {
    (0..index.records.len())
        .filter(|&i| index.records[i].kind == kind)
        .collect()
}

/// The decisions in force (accepted, not superseded), grouped by their
/// first tag, tags in order and the untagged last: the in-force page's
/// groups, and the decision pages' sidebar's.
pub fn in_force_groups(index: &Index) -> Vec<(String, Vec<usize>)> {
    let mut groups: BTreeMap<(bool, String), Vec<usize>> = BTreeMap::new();
    for i in of_kind(index, Kind::Decision) {
        if index.decision_category(i) != Some(DecisionCategory::Accepted) || index.is_retired(i) {
            continue;
        }
        let tag = index.records[i].tags.first().cloned();
        groups
            .entry((tag.is_none(), tag.unwrap_or_else(|| "untagged".into())))
            .or_default()
            .push(i);
    }
    groups.into_iter().map(|((_, tag), list)| (tag, list)).collect()
}
