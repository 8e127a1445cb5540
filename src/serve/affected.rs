//! Which pages an edit of some record files can change, for incremental
//! rebuilds under `serve`.
//!
//! A page shows a record when it is the record's own page, a page of a record
//! linked to or from it (before or after the edit, resolved or not), a page of
//! its supersession chain, the page before or after it (their previous and
//! next links), a list page, or the page of one of its tags or people. The records an edit touches ("subjects") are those of the changed
//! files plus every record whose summary changed as a consequence (a decision
//! whose successor was renamed, say). Records whose diagnostics changed are
//! re-rendered too, since their page lists them, and so are records whose
//! history changed (a commit since the last rebuild). Everything else renders to
//! the same bytes as before and is kept.

mod kept;

use crate::diagnostic::Diagnostic;
use crate::index::Index;
use crate::render::pages::Page;
use crate::render::views::Views;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The state after an edit: the index, views and diagnostics.
pub struct Side<'a> {
    /// The index.
    pub index: &'a Index,
    /// Summaries, people and tags.
    pub views: &'a Views,
    /// Every diagnostic.
    pub diagnostics: &'a [Diagnostic],
    /// Records whose history changed (a commit or checkout since), though
    /// their files did not.
    pub restamped: &'a [usize],
    /// The sections the site has after the edit.
    pub shape: crate::render::shape::Shape,
}

/// What is needed of the state before an edit, captured so the old index can
/// be taken apart (its records are reused, not copied, by the new one).
///
/// Only the records of the changed files are looked at on this side: every
/// other record is the same before and after, so what they link to or
/// mention is seen on the after side.
pub struct Before {
    /// The old views (summaries, people, tags), by old record index.
    pub views: Views,
    /// Every diagnostic before the edit.
    pub diagnostics: Vec<Diagnostic>,
    /// Files of the old records, by old record index.
    files: Vec<PathBuf>,
    /// Old indices of the records of the changed files.
    subjects: HashSet<usize>,
    /// Their ids.
    ids: HashSet<String>,
    /// Files of the records whose pages showed them.
    shown_on: HashSet<PathBuf>,
    /// Ids of the records of the changed files and of those near them (see
    /// [`neighbours`]).
    near_ids: HashSet<String>,
    /// The people and tags the records of the changed files named, by file.
    named: Vec<(PathBuf, Names)>,
}

/// The people (with their roles) and tags a record names.
type Names = (Vec<(&'static str, String)>, Vec<String>);

/// What `record` names, for the people and tags pages.
fn names(record: &crate::model::Record) -> Names {
    let people = crate::render::views::roles(record)
        .into_iter()
        .map(|(role, name)| (role, name.to_string()))
        .collect();
    (people, record.tags.clone())
}

impl Before {
    /// Captures what the old `index` says about the `changed` files.
    pub fn capture(
        index: &Index,
        views: Views,
        diagnostics: Vec<Diagnostic>,
        changed: &HashSet<PathBuf>,
    ) -> Before {
        let mut before = Before {
            views,
            diagnostics,
            files: Vec::with_capacity(index.records.len()),
            subjects: HashSet::new(),
            ids: HashSet::new(),
            shown_on: HashSet::new(),
            near_ids: HashSet::new(),
            named: Vec::new(),
        };
        for (i, record) in index.records.iter().enumerate() {
            before.files.push(record.file.clone());
            if is_changed(changed, &record.file) {
                before.subjects.insert(i);
                before.ids.insert(record.id.clone());
                before.shown_on.insert(record.file.clone());
                before.near_ids.insert(record.id.clone());
                before.named.push((record.file.clone(), names(record)));
                for n in neighbours(index, i) {
                    before.shown_on.insert(index.records[n].file.clone());
                    before.near_ids.insert(index.records[n].id.clone());
                }
            }
        }
        before
    }
}

/// The pages of `after` that may differ from what was rendered before, given
/// the files (relative to the records root) that changed in between.
pub fn affected_pages(before: &Before, after: &Side, changed: &HashSet<PathBuf>) -> Vec<Page> {
    let unchanged = before.unchanged_records(after.index, changed);

    // Subjects: records of changed files, and records whose summary changed.
    let mut subjects_before: HashSet<usize> = before.subjects.clone();
    let mut subjects_after: HashSet<usize> = HashSet::new();
    // Summaries are compared in parallel: this is the one pass over every record.
    let differing: Vec<(Option<usize>, usize)> = unchanged
        .par_iter()
        .enumerate()
        .filter_map(|(i, &old)| match old {
            Some(j) if same_summary(&before.views, j, after.views, i) => None,
            Some(j) => Some((Some(j), i)),
            None => Some((None, i)),
        })
        .collect();
    for (j, i) in differing {
        subjects_before.extend(j);
        subjects_after.insert(i);
    }
    let ids: HashSet<&str> = before
        .ids
        .iter()
        .map(String::as_str)
        .chain(subjects_after.iter().map(|&i| after.index.records[i].id.as_str()))
        .collect();

    // Record pages, collected as files so both sides can contribute.
    let mut record_files: HashSet<&Path> = before.shown_on.iter().map(PathBuf::as_path).collect();
    let index = after.index;
    for &s in &subjects_after {
        record_files.insert(&index.records[s].file);
        for n in neighbours(index, s) {
            record_files.insert(&index.records[n].file);
        }
        // Their previous and next records name them in their links.
        for n in after.views.neighbours[s].iter().flatten() {
            record_files.insert(&index.records[*n].file);
        }
    }
    // A record's previous and next before the edit name it, or each other
    // once it is gone.
    for &j in &subjects_before {
        for n in before.views.neighbours.get(j).into_iter().flatten().flatten() {
            if let Some(file) = before.files.get(*n) {
                record_files.insert(file);
            }
        }
    }
    // Usually a handful of ids: a list is faster to look in than a hash set.
    let ids: Vec<&str> = ids.into_iter().collect();
    let named = |word: &str| ids.contains(&word);
    let referring: Vec<&Path> = index
        .records
        .par_iter()
        .filter(|record| {
            named(&record.id)
                || record.references.iter().any(|r| named(&r.target))
                || record.prose_tokens.iter().any(|(t, _)| named(t))
                || record
                    .file_links
                    .iter()
                    .any(|l| l.path.as_ref().is_some_and(|p| is_changed(changed, p)))
        })
        .map(|record| record.file.as_path())
        .collect();
    record_files.extend(referring);
    for file in diagnostics_changed(&before.diagnostics, after.diagnostics) {
        record_files.insert(file);
    }
    // Paths of `before` that no longer name a record are removed by the caller.
    // Records are sorted by file.
    let mut records_after: HashSet<usize> = record_files
        .iter()
        .filter_map(|f| index.records.binary_search_by(|r| r.file.as_path().cmp(f)).ok())
        .collect();
    records_after.extend(after.restamped);

    let tags = touched(
        &before.views.directory.tags,
        &after.views.directory.tags,
        |(_, list), subjects| list.iter().any(|i| subjects.contains(i)),
        &subjects_before,
        &subjects_after,
    );
    let people = touched(
        &before.views.directory.people,
        &after.views.directory.people,
        |(_, roles), subjects| roles.iter().any(|(_, i)| subjects.contains(i)),
        &subjects_before,
        &subjects_after,
    );

    Page::all(after.index, after.views, &after.shape)
        .into_iter()
        .filter(|page| match page {
            Page::Record(i) => records_after.contains(i),
            Page::Tag(slug) => tags.contains(slug),
            Page::Person(slug) => people.contains(slug),
            _ => true,
        })
        .collect()
}

/// True when `file` is one of the `changed` files. The usual edit changes
/// one file: comparing with it is cheaper than hashing every record's path.
pub fn is_changed(changed: &HashSet<PathBuf>, file: &Path) -> bool {
    if changed.len() <= 4 {
        changed.iter().any(|c| c == file)
    } else {
        changed.contains(file)
    }
}

fn same_summary(before: &Views, i: usize, after: &Views, j: usize) -> bool {
    crate::render::views::same_summary(&before.summaries[i], &after.summaries[j])
}

/// Records whose page can show record `i`: those it links to, those linking
/// to it, and its whole supersession chain.
fn neighbours(index: &Index, i: usize) -> Vec<usize> {
    let mut out: Vec<usize> = index.outgoing[i].iter().map(|l| l.to).collect();
    out.extend(index.incoming[i].iter().map(|l| l.from));
    out.extend(index.supersedes[i].iter().copied());
    out.extend(index.superseded_by[i].iter().copied());
    out.extend(index.supersession_chain(i));
    out
}

/// Files whose list of diagnostics differs between the two sides.
fn diagnostics_changed<'a>(before: &'a [Diagnostic], after: &'a [Diagnostic]) -> Vec<&'a Path> {
    // Both lists are sorted by file (see `diagnostic::sort`): compare them
    // file by file, in one pass.
    let (mut before, mut after) = (before, after);
    let mut out: Vec<&Path> = Vec::new();
    loop {
        let file = match (before.first(), after.first()) {
            (None, None) => return out,
            (Some(b), None) => b.file.as_path(),
            (None, Some(a)) => a.file.as_path(),
            (Some(b), Some(a)) => b.file.as_path().min(a.file.as_path()),
        };
        let (b, a) = (of_first_file(before, file), of_first_file(after, file));
        if b != a {
            out.push(file);
        }
        before = &before[b.len()..];
        after = &after[a.len()..];
    }
}

/// The diagnostics of `file` at the start of `sorted`.
fn of_first_file<'a>(sorted: &'a [Diagnostic], file: &Path) -> &'a [Diagnostic] {
    let end = sorted.iter().take_while(|d| d.file == file).count();
    &sorted[..end]
}

/// Slugs of a directory (tags or people) whose page can change: those naming
/// a subject on either side, and those that are new.
fn touched<V>(
    before: &std::collections::BTreeMap<String, V>,
    after: &std::collections::BTreeMap<String, V>,
    names_any: impl Fn(&V, &HashSet<usize>) -> bool,
    subjects_before: &HashSet<usize>,
    subjects_after: &HashSet<usize>,
) -> HashSet<String> {
    let mut out = HashSet::new();
    for (slug, entry) in after {
        let new = !before.contains_key(slug);
        if new || names_any(entry, subjects_after) {
            out.insert(slug.clone());
        }
    }
    for (slug, entry) in before {
        if names_any(entry, subjects_before) {
            out.insert(slug.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Project;

    /// A records repository in a temporary folder (also for [`super::kept`]'s tests).
    pub(super) struct Repo(pub(super) tempfile::TempDir);

    impl Repo {
        pub(super) fn write(&self, path: &str, text: &str) {
            let full = self.0.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }

        pub(super) fn open(&self) -> (Project, Views) {
            let project = Project::open(self.0.path()).unwrap();
            let views = Views::new(&project.index);
            (project, views)
        }
    }

    /// The paths of the pages an edit affects, after `edit` changed `changed`.
    fn affected_by(repo: &Repo, changed: &[&str], edit: impl FnOnce(&Repo)) -> Vec<String> {
        let (before, before_views) = repo.open();
        edit(repo);
        let (after, after_views) = repo.open();
        let changed: HashSet<PathBuf> = changed.iter().map(PathBuf::from).collect();
        let before = Before::capture(&before.index, before_views, before.diagnostics.clone(), &changed);
        let pages = affected_pages(
            &before,
            &Side {
                index: &after.index,
                views: &after_views,
                diagnostics: &after.diagnostics,
                restamped: &[],
                shape: crate::render::shape::Shape::of(&after, &after_views),
            },
            &changed,
        );
        let mut paths: Vec<String> = pages
            .iter()
            .map(|p| p.path(&after.index).to_string_lossy().replace('\\', "/"))
            .collect();
        paths.sort();
        paths
    }

    fn repo() -> Repo {
        let repo = Repo(tempfile::tempdir().unwrap());
        repo.write("items/PAY-1.md", "---\ntitle: One\ntags: [a]\n---\n");
        repo.write("items/PAY-2.md", "---\ntitle: Two\ndepends_on: [PAY-1]\n---\n");
        repo.write(
            "items/PAY-3.md",
            "---\ntitle: Three\ntags: [b]\nowner: cy\n---\nSee PAY-9.\n",
        );
        repo
    }

    /// The lists of a backlog with tags and no git history (so no health
    /// page, and a `history-unavailable` warning on the problems page): no
    /// decision or session pages. The people page exists while someone is named.
    const LISTS: [&str; 8] = [
        "404.html",
        "agenda/index.html",
        "graph/index.html",
        "index.html",
        "items/index.html",
        "problems/index.html",
        "search/index.html",
        "tags/index.html",
    ];

    fn with_lists(pages: &[&str]) -> Vec<String> {
        let mut all: Vec<String> = LISTS.iter().chain(pages).map(|s| s.to_string()).collect();
        all.sort();
        all
    }

    #[test]
    fn an_edit_affects_the_record_its_neighbours_lists_and_tags_only() {
        let repo = repo();
        let pages = affected_by(&repo, &["items/PAY-1.md"], |r| {
            r.write("items/PAY-1.md", "---\ntitle: One edited\ntags: [a]\n---\n")
        });
        assert_eq!(
            pages,
            with_lists(&[
                "items/PAY-1/index.html",
                "items/PAY-2/index.html",
                "people/index.html",
                "tags/a/index.html"
            ])
        );
    }

    #[test]
    fn a_new_record_affects_records_that_named_its_id_before_it_existed() {
        let repo = repo();
        let pages = affected_by(&repo, &["items/PAY-9.md"], |r| {
            r.write("items/PAY-9.md", "---\ntitle: Nine\n---\n")
        });
        assert_eq!(
            pages,
            with_lists(&[
                "items/PAY-3/index.html",
                "items/PAY-9/index.html",
                "people/index.html"
            ])
        );
    }

    #[test]
    fn a_deleted_record_affects_the_pages_that_showed_it() {
        let repo = repo();
        let pages = affected_by(&repo, &["items/PAY-3.md"], |r| {
            std::fs::remove_file(r.0.path().join("items/PAY-3.md")).unwrap()
        });
        // Its own page, tag `b`, person `cy` and the people page (nobody is
        // named any more) are gone: the caller removes them. PAY-2, the item
        // before it, links to a new next record.
        assert_eq!(pages, with_lists(&["items/PAY-2/index.html"]));
    }
}
