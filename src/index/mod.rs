//! Stage 2, index: one in-memory view of all records, built once.
//!
//! It resolves every reference (front matter, `[[ID]]`, relative links to
//! record files, bare ids in prose) to a record, keeps the links in both
//! directions, infers the other side of `supersedes`, and finds cycles. Later
//! stages only read it.

pub mod graph;
mod replace;
pub mod repositories;

use crate::config::{Config, DecisionCategory, ItemCategory};
use crate::model::{Kind, Origin, Record, Reference, Relation};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeSet, HashMap};
use std::ffi::OsStr;

/// A resolved reference between two records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// Index of the record that refers.
    pub from: usize,
    /// Index of the record referred to.
    pub to: usize,
    /// What the reference means.
    pub relation: Relation,
    /// How it was written.
    pub origin: Origin,
}

/// A reference that names no record (or one of the wrong kind).
#[derive(Debug, Clone)]
pub struct Unresolved {
    /// Index of the record that refers.
    pub from: usize,
    /// The reference.
    pub reference: Reference,
    /// The record with that id, when it exists but is of the wrong kind.
    pub wrong_kind: Option<usize>,
}

/// The index over all records.
#[derive(Debug)]
pub struct Index {
    /// Records, sorted by file.
    pub records: Vec<Record>,
    by_id: FxHashMap<String, usize>,
    /// Records whose id was already taken: (the duplicate, the first holder).
    pub duplicates: Vec<(usize, usize)>,
    /// Resolved references, per referring record, in source order.
    pub outgoing: Vec<Vec<Link>>,
    /// Resolved references, per referred record.
    pub incoming: Vec<Vec<Link>>,
    /// References that do not resolve.
    pub unresolved: Vec<Unresolved>,
    /// Per decision: the decisions it supersedes (written on either side).
    pub supersedes: Vec<Vec<usize>>,
    /// Per decision: the decisions that supersede it (written on either side).
    pub superseded_by: Vec<Vec<usize>>,
    item_categories: Vec<Option<ItemCategory>>,
    decision_categories: Vec<Option<DecisionCategory>>,
    /// In a portal, the repositories and each record's; `None` for a
    /// single records repository.
    pub repositories: Option<Box<repositories::Repositories>>,
}

/// What one record's references resolve to: links in source order, the
/// references that name no record (or one of the wrong kind), and the
/// references its relative links to record files add.
struct Resolved {
    outgoing: Vec<Link>,
    unresolved: Vec<Unresolved>,
    extra_refs: Vec<Reference>,
}

/// Resolves the references of `record`, record `from` of `records`.
fn resolve(
    records: &[Record],
    by_id: &FxHashMap<String, usize>,
    by_file: &FxHashMap<&OsStr, usize>,
    from: usize,
    record: &Record,
) -> Resolved {
    // Room for every link a record can make, so that the list never grows.
    let mut outgoing =
        Vec::with_capacity(record.references.len() + record.file_links.len() + record.prose_tokens.len());
    let mut unresolved = Vec::new();
    let mut extra_refs = Vec::new();
    for reference in &record.references {
        match by_id.get(&reference.target) {
            Some(&to) => {
                let expected = reference.relation.target_kind();
                if expected.is_some_and(|k| k != records[to].kind) {
                    unresolved.push(Unresolved {
                        from,
                        reference: reference.clone(),
                        wrong_kind: Some(to),
                    });
                } else {
                    outgoing.push(Link {
                        from,
                        to,
                        relation: reference.relation,
                        origin: reference.origin,
                    });
                }
            }
            None => unresolved.push(Unresolved {
                from,
                reference: reference.clone(),
                wrong_kind: None,
            }),
        }
    }
    for link in &record.file_links {
        if let Some(&to) = link.path.as_ref().and_then(|p| by_file.get(p.as_os_str())) {
            extra_refs.push(Reference {
                target: records[to].id.clone(),
                relation: Relation::Mention,
                origin: Origin::MarkdownLink,
                span: link.span.clone(),
            });
            outgoing.push(Link {
                from,
                to,
                relation: Relation::Mention,
                origin: Origin::MarkdownLink,
            });
        }
    }
    let mut seen = BTreeSet::new();
    for (token, _) in &record.prose_tokens {
        if let Some(&to) = by_id.get(token) {
            if to != from && seen.insert(to) {
                outgoing.push(Link {
                    from,
                    to,
                    relation: Relation::Mention,
                    origin: Origin::BareId,
                });
            }
        }
    }
    Resolved {
        outgoing,
        unresolved,
        extra_refs,
    }
}

impl Index {
    /// Builds the index over loaded records.
    pub fn build(mut records: Vec<Record>, config: &Config) -> Index {
        records.sort_by(|a, b| a.file.cmp(&b.file));
        let n = records.len();
        let mut by_id = FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut duplicates = Vec::new();
        for (i, record) in records.iter().enumerate() {
            match by_id.get(&record.id) {
                Some(&first) => duplicates.push((i, first)),
                None => {
                    by_id.insert(record.id.clone(), i);
                }
            }
        }
        // Keyed by the paths' bytes: hashing a `Path` splits it into
        // components. Both sides are relative paths built from components.
        let by_file: FxHashMap<&OsStr, usize> = records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.file.as_os_str(), i))
            .collect();

        // Each record's references are resolved on its own, in parallel;
        // the unresolved ones are then listed in record order.
        let resolved: Vec<Resolved> = records
            .par_iter()
            .enumerate()
            .map(|(from, record)| resolve(&records, &by_id, &by_file, from, record))
            .collect();
        let mut outgoing = Vec::with_capacity(n);
        let mut unresolved = Vec::new();
        let mut extra_refs = Vec::with_capacity(n);
        for one in resolved {
            outgoing.push(one.outgoing);
            unresolved.extend(one.unresolved);
            extra_refs.push(one.extra_refs);
        }
        let mut incoming_counts = vec![0; n];
        for link in outgoing.iter().flatten() {
            incoming_counts[link.to] += 1;
        }
        let mut incoming: Vec<Vec<Link>> = incoming_counts.into_iter().map(Vec::with_capacity).collect();
        for links in &outgoing {
            for link in links {
                incoming[link.to].push(*link);
            }
        }

        let (supersedes, superseded_by) = replace::supersession_lists(&outgoing);

        let (item_categories, decision_categories) = records
            .par_iter()
            .map(|r| crate::parse::status::record_categories(r, config))
            .unzip();

        records
            .par_iter_mut()
            .zip(extra_refs)
            .for_each(|(record, extra)| record.references.extend(extra));

        let repositories = repositories::Repositories::of(config, &records);
        Index {
            records,
            by_id,
            duplicates,
            outgoing,
            incoming,
            unresolved,
            supersedes,
            superseded_by,
            repositories,
            item_categories,
            decision_categories,
        }
    }

    /// The record holding `id` (the first one, when duplicated).
    pub fn get(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The record that `id`, written in record `from`'s text, names: in a
    /// portal an unqualified id names a record of `from`'s repository
    /// first ([`repositories::Holders::qualify`]); elsewhere, [`Index::get`].
    pub fn resolve_from(&self, from: usize, id: &str) -> Option<usize> {
        let Some(repositories) = &self.repositories else {
            return self.get(id);
        };
        let own = repositories.of_record[from];
        let holders = &repositories.holders;
        if crate::parse::ids::split_qualified(id).is_none() {
            // No id to make for an id no repository holds (a ticket key).
            let r = holders.holder(own, id)?;
            return self.get(&format!("{}:{id}", repositories.names[r]));
        }
        self.get(&holders.qualify(id, own, &repositories.names))
    }

    /// Every id, in file order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.records.iter().map(|r| r.id.as_str())
    }

    /// Ids of records of one kind.
    pub fn ids_of(&self, kind: Kind) -> impl Iterator<Item = &str> {
        self.records
            .iter()
            .filter(move |r| r.kind == kind)
            .map(|r| r.id.as_str())
    }

    /// The category of an item's status (`None` without status, or unknown).
    pub fn item_category(&self, i: usize) -> Option<ItemCategory> {
        self.item_categories[i]
    }

    /// The category of a decision's status (`None` without status, or unknown).
    pub fn decision_category(&self, i: usize) -> Option<DecisionCategory> {
        self.decision_categories[i]
    }

    /// The category name for display: see `docs/templates.md`.
    pub fn status_category_name(&self, i: usize) -> Option<&'static str> {
        let record = &self.records[i];
        record.status.as_ref()?;
        let name = match record.kind {
            Kind::Item => self.item_categories[i].map(ItemCategory::as_str),
            Kind::Decision => self.decision_categories[i].map(DecisionCategory::as_str),
            Kind::Session => Some("closed"),
        };
        Some(name.unwrap_or("unknown"))
    }

    /// True when a decision no longer governs: superseded (by status or by an
    /// accepted successor), rejected or deprecated.
    pub fn is_retired(&self, i: usize) -> bool {
        matches!(
            self.decision_categories[i],
            Some(DecisionCategory::Superseded | DecisionCategory::Rejected | DecisionCategory::Deprecated)
        ) || self.superseded_by[i]
            .iter()
            .any(|&s| self.decision_categories[s] == Some(DecisionCategory::Accepted))
    }

    /// The decisions in force that replace a retired one, following the chain
    /// forward; empty when it has no successor.
    pub fn current_successors(&self, i: usize) -> Vec<usize> {
        let mut out = BTreeSet::new();
        let mut seen = BTreeSet::from([i]);
        let mut frontier = self.superseded_by[i].clone();
        while let Some(next) = frontier.pop() {
            if !seen.insert(next) {
                continue;
            }
            let later: Vec<usize> = self.superseded_by[next]
                .iter()
                .copied()
                .filter(|s| !seen.contains(s))
                .collect();
            if later.is_empty() {
                out.insert(next);
            } else {
                frontier.extend(later);
            }
        }
        out.into_iter().collect()
    }

    /// The whole supersession chain a decision belongs to, oldest first.
    pub fn supersession_chain(&self, i: usize) -> Vec<usize> {
        if self.supersedes[i].is_empty() && self.superseded_by[i].is_empty() {
            return Vec::new();
        }
        let mut members = BTreeSet::from([i]);
        let mut frontier = vec![i];
        while let Some(node) = frontier.pop() {
            for &next in self.supersedes[node].iter().chain(&self.superseded_by[node]) {
                if members.insert(next) {
                    frontier.push(next);
                }
            }
        }
        // Depth: the longest run of predecessors, bounded by the member count in case of cycles.
        let limit = members.len();
        let mut depth: HashMap<usize, usize> = members.iter().map(|&m| (m, 0)).collect();
        for _ in 0..limit {
            let mut changed = false;
            for &m in &members {
                for &older in &self.supersedes[m] {
                    let candidate = depth[&older] + 1;
                    if candidate > depth[&m] && candidate <= limit {
                        depth.insert(m, candidate);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut chain: Vec<usize> = members.into_iter().collect();
        chain.sort_by(|a, b| {
            (depth[a], &self.records[*a].date, &self.records[*a].id).cmp(&(
                depth[b],
                &self.records[*b].date,
                &self.records[*b].id,
            ))
        });
        chain
    }

    /// Resolved links from `i` of one relation.
    pub fn links_from(&self, i: usize, relation: Relation) -> impl Iterator<Item = &Link> {
        self.outgoing[i].iter().filter(move |l| l.relation == relation)
    }

    /// Resolved links to `i` of one relation.
    pub fn links_to(&self, i: usize, relation: Relation) -> impl Iterator<Item = &Link> {
        self.incoming[i].iter().filter(move |l| l.relation == relation)
    }

    /// Adjacency lists of one relation over all records (for cycle finding).
    pub fn edges(&self, relation: Relation) -> Vec<Vec<usize>> {
        self.outgoing
            .iter()
            .map(|links| {
                links
                    .iter()
                    .filter(|l| l.relation == relation)
                    .map(|l| l.to)
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
