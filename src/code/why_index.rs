//! The why index: what `shoshin why` needs of the records, kept in the
//! cache ([`crate::cache`]) with the [`Key`] of each record file, so that
//! a run reads and parses only the files changed since the last one.
//!
//! Three files are kept, written together:
//!
//! - `why.bin`, read by every run: the scan of the records root (folders
//!   and files with their keys);
//! - `why-answers.bin`, read by every run while the scan runs: the
//!   answers' table ([`super::why_answers`]). When no file changed, the
//!   table is the answer: no record is read and no index is built;
//! - `why-briefs.bin`, read only when a file changed: of each file, what
//!   `why` needs of its record ([`Brief`]: id, kind, title, status, date,
//!   the lead of its why, `applies_to` and supersession), so that only the
//!   changed, new and deleted files are read again (with the load's own
//!   per-file reader, [`crate::load::partial`]) and the index is built from
//!   the briefs of the others.
//!
//! Everything is loaded again, as without an index, when the repository
//! holds records of existing formats (numbered and resolved across their
//! folder), when a new folder, a file outside the record folders or a
//! format marker changed, or when the scan cannot stand for a load. The
//! cache's fingerprint covers the build and the whole `shoshin.yaml`.
//! Outside a git repository nothing is kept and everything is loaded.

use super::scan::{self, Key, Listing, Scan};
use super::why_answers::Answers;
use crate::config::Config;
use crate::index::Index;
use crate::load::Loaded;
use crate::model::{Kind, Record, Reference, Relation, Section};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The cache file every run reads.
const NAME: &str = "why.bin";

/// The cache file of the answers' table.
const ANSWERS: &str = "why-answers.bin";

/// The cache file read when a file changed.
const BRIEFS: &str = "why-briefs.bin";

/// What every run reads.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Kept {
    /// When the scan kept began (ns): the answers and briefs of the same
    /// write say the same.
    written: i64,
    /// The last scan: its folders, to list only the changed ones again,
    /// and its files, sorted by path.
    listing: Listing,
}

/// The answers' table of the records the files of [`Kept`] held.
#[derive(Debug, Default, Serialize, Deserialize)]
struct KeptAnswers {
    /// [`Kept::written`] of the same write.
    written: i64,
    answers: Answers,
}

/// What a run reads when a file changed: the brief of each file of
/// [`Kept::listing`], in its order (`None` for a file that is no record).
#[derive(Debug, Default, Serialize, Deserialize)]
struct KeptBriefs {
    /// [`Kept::written`] of the same write.
    written: i64,
    briefs: Vec<Option<Brief>>,
}

/// What `why` needs of one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Brief {
    id: String,
    /// The index of its kind in [`Kind::ALL`].
    kind: u8,
    title: String,
    status: Option<String>,
    date: Option<String>,
    applies_to: Vec<String>,
    /// The lead of its `why` section.
    why: Option<String>,
    supersedes: Vec<String>,
    superseded_by: Vec<String>,
}

/// What `why` answers from, for the repository at `root`: through the why
/// index in a git repository, else from a full load. `page` gives the
/// page of a record of the index.
pub fn answers(root: &Path, config: &Config, page: &dyn Fn(&Index, usize) -> String) -> Answers {
    let answer = |records: Vec<Record>| {
        let index = Index::build(records, config);
        Answers::of(&index, |i| page(&index, i))
    };
    let Some(store) = gix::discover(root)
        .ok()
        .map(|repo| crate::cache::Store::of(&repo, config))
    else {
        return answer(crate::load::load(root, config).records);
    };
    let started = scan::now();
    // The table is decoded while the metadata is looked up.
    let ((kept, now), table) = rayon::join(
        || {
            let kept: Kept = store.read(NAME).unwrap_or_default();
            let now = kept.listing.keys_now(root);
            (kept, now)
        },
        || store.read::<KeptAnswers>(ANSWERS),
    );
    let table = table.filter(|t| t.written == kept.written);
    if let Some(table) = table.filter(|_| kept.listing.unchanged(&now)) {
        crate::timings::note(|| {
            format!(
                "why index: {} record files reused, none read",
                table.answers.len()
            )
        });
        return table.answers;
    }
    let Some(scan) = scan::scan(root, config, &kept.listing, now) else {
        return answer(crate::load::load(root, config).records);
    };
    let (changed, read) = changes(kept.listing.files(), &scan.files);
    let briefs = store
        .read::<KeptBriefs>(BRIEFS)
        .filter(|b| b.written == kept.written && b.briefs.len() == kept.listing.file_count());
    let (loaded, read) = reuse(root, config, &kept.listing, briefs, &changed, read, &scan);
    crate::timings::note(|| match read {
        Some((read, gone)) => format!("why index: {read} files read again, {gone} gone"),
        None => "why index: every file read".to_string(),
    });
    let Some((kept, briefs)) = keep(&loaded, scan, started) else {
        return answer(loaded.records);
    };
    let table = KeptAnswers {
        written: started,
        answers: answer(loaded.records),
    };
    store.write(BRIEFS, &briefs);
    store.write(ANSWERS, &table);
    store.write(NAME, &kept);
    table.answers
}

/// The records after the `changed` files (of which `read` are still
/// there) are read again over the kept ones, or after a full load; with
/// how many files were read and how many are gone, unless all were read.
fn reuse(
    root: &Path,
    config: &Config,
    kept: &Listing,
    briefs: Option<KeptBriefs>,
    changed: &HashSet<PathBuf>,
    read: usize,
    scan: &Scan,
) -> (Loaded, Option<(usize, usize)>) {
    // A new folder may be one an existing format names by its place
    // (`docs/adr`), a marker changes how a folder is read: load everything.
    let whole = scan.new_folders || changed.iter().any(|p| scan::is_marker(&p.to_string_lossy()));
    let Some(briefs) = briefs.filter(|_| !whole && !kept.is_empty()) else {
        return (crate::load::load(root, config), None);
    };
    let records = kept
        .files()
        .zip(briefs.briefs)
        .filter_map(|((path, _), brief)| Some(record(path.to_string(), brief?)))
        .collect();
    let mut loaded = Loaded {
        records,
        ..Loaded::default()
    };
    // Loads everything again itself when a changed file may be of an existing format.
    crate::load::partial::reload(&mut loaded, root, config, changed);
    (loaded, Some((read, changed.len() - read)))
}

/// The files that changed between the kept index and a scan (both sorted
/// by path), and how many of them are still there: new ones and those
/// whose key differs or is not trusted count; the rest are gone.
fn changes<'a>(
    kept: impl Iterator<Item = (&'a str, Key)>,
    now: &[(String, Key)],
) -> (HashSet<PathBuf>, usize) {
    use std::cmp::Ordering;
    let mut changed = HashSet::new();
    let mut read = 0;
    let (mut old, mut new) = (kept.peekable(), now.iter().peekable());
    loop {
        let order = match (old.peek(), new.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((old, _)), Some((path, _))) => (*old).cmp(path.as_str()),
        };
        match order {
            Ordering::Less => {
                let gone = old.next().map(|(path, _)| path);
                changed.extend(gone.map(PathBuf::from));
            }
            Ordering::Greater => {
                let added = new.next().map(|(path, _)| path);
                changed.extend(added.map(PathBuf::from));
                read += 1;
            }
            Ordering::Equal => {
                let ((_, old), (path, key)) = (old.next().expect("peeked"), new.next().expect("peeked"));
                if !old.unchanged_as(Some(*key)) {
                    changed.insert(PathBuf::from(path));
                    read += 1;
                }
            }
        }
    }
    (changed, read)
}

/// The index to keep after `loaded` was read for `scan`; `None` when the
/// records cannot be kept as briefs (records of existing formats, or a
/// record the scan did not see).
fn keep(loaded: &Loaded, scan: Scan, started: i64) -> Option<(Kept, KeptBriefs)> {
    let native = loaded
        .records
        .iter()
        .all(|r| r.format == crate::model::SourceFormat::Native && r.reading.is_none());
    if !native || !loaded.skipped.is_empty() {
        return None;
    }
    let mut by_file: FxHashMap<String, &Record> = FxHashMap::default();
    for record in &loaded.records {
        let path = record.file.to_str()?.replace('\\', "/");
        if by_file.insert(path, record).is_some() {
            return None;
        }
    }
    let briefs = scan
        .files
        .iter()
        .map(|(path, _)| by_file.remove(path).map(brief))
        .collect();
    if !by_file.is_empty() {
        return None;
    }
    let kept = Kept {
        written: started,
        listing: Listing::of(&scan, started)?,
    };
    let briefs = KeptBriefs {
        written: started,
        briefs,
    };
    Some((kept, briefs))
}

/// What the index keeps of `record`.
fn brief(record: &Record) -> Brief {
    let targets = |relation| record.references_of(relation).map(|r| r.target.clone()).collect();
    Brief {
        id: record.id.clone(),
        kind: record.kind as u8,
        title: record.title.clone(),
        status: record.status.clone(),
        date: record.date.clone(),
        applies_to: record.applies_to.clone(),
        why: record.section("why").map(|s| s.lead.clone()),
        supersedes: targets(Relation::Supersedes),
        superseded_by: targets(Relation::SupersededBy),
    }
}

/// A record holding what `brief` keeps (the file `path`), and nothing
/// else: what `why` reads of it is as a load would give it.
fn record(path: String, brief: Brief) -> Record {
    let reference = |relation| {
        move |target: String| Reference {
            target,
            relation,
            origin: crate::model::Origin::FrontMatter,
            span: 0..0,
        }
    };
    let mut references: Vec<Reference> = brief
        .supersedes
        .into_iter()
        .map(reference(Relation::Supersedes))
        .collect();
    references.extend(
        brief
            .superseded_by
            .into_iter()
            .map(reference(Relation::SupersededBy)),
    );
    let sections = brief
        .why
        .into_iter()
        .map(|lead| Section {
            heading: "Why".into(),
            key: Some("why".into()),
            level: 2,
            line: 1,
            lead,
            text: String::new(),
            chars: 0,
            tasks: Vec::new(),
        })
        .collect();
    Record {
        id: brief.id,
        kind: Kind::ALL[usize::from(brief.kind).min(Kind::ALL.len() - 1)],
        title: brief.title,
        file: PathBuf::from(path),
        status: brief.status,
        date: brief.date,
        item_type: None,
        priority: None,
        estimate: None,
        owner: None,
        timebox: None,
        confidence: None,
        tags: Vec::new(),
        summary: None,
        deciders: Vec::new(),
        consulted: Vec::new(),
        informed: Vec::new(),
        facilitator: None,
        participants: Vec::new(),
        first_proposal: None,
        duration: None,
        applies_to: brief.applies_to,
        review_by: None,
        references,
        file_links: Vec::new(),
        sections,
        front_matter: crate::front_matter::FrontMatter::new(&serde_json::Map::new()),
        source: String::new(),
        body_start: 0,
        prose_tokens: Vec::new(),
        format: crate::model::SourceFormat::Native,
        reading: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_new_changed_untrusted_and_gone_files() {
        let key = |size| Key::of_parts(size, 1);
        let before = [
            ("a.md", key(1)),
            ("b.md", key(2)),
            ("c.md", Key::default()),
            ("d.md", key(4)),
        ];
        let now = [
            ("a.md".to_string(), key(1)),
            ("b.md".to_string(), key(3)),
            ("bb.md".to_string(), key(5)),
            ("c.md".to_string(), key(6)),
        ];
        let (changed, read) = changes(before.into_iter(), &now);
        let mut changed: Vec<String> = changed.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        changed.sort();
        assert_eq!(changed, ["b.md", "bb.md", "c.md", "d.md"]);
        assert_eq!(read, 3, "d.md is gone, not read");
    }

    #[test]
    fn a_brief_survives_becoming_a_record_and_back() {
        let kept = Brief {
            id: "ADR-0002".into(),
            kind: Kind::Decision as u8,
            title: "Round half even".into(),
            status: Some("accepted".into()),
            date: Some("2026-01-10".into()),
            applies_to: vec!["src/ledger/**".into()],
            why: Some("The bank rounds so. More.".into()),
            supersedes: vec!["ADR-0001".into()],
            superseded_by: vec!["ADR-0009".into()],
        };
        let made = record("decisions/ADR-0002.md".into(), kept.clone());
        assert_eq!(made.kind, Kind::Decision);
        assert_eq!(made.file, Path::new("decisions/ADR-0002.md"));
        assert_eq!(brief(&made), kept);
    }
}
