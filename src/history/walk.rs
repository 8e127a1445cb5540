//! One pass over a repository's history: every commit reachable from `HEAD`,
//! each compared with its parents only inside the records folders, so a
//! commit that touched no record costs a few tree-id comparisons.
//!
//! Commits are compared in parallel, each worker with its own handle on the
//! object database; unchanged subtrees are skipped by their ids, and only the
//! blobs of records that changed are read (for their `status`).

use super::cache;
use super::facts::{facts_of, Facts};
use super::status::{front_matter_id, status_of};
use super::trees::{diff_trees, subtree, Delta, Trees};
use gix::objs::FindExt;
use gix::ObjectId;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Bytes of delta bases each worker keeps. Walking newest first, a version
/// is a delta of the one just read, so a few big folder listings suffice:
/// on 2,000 commits of a 10,000-entry folder (800 kB listings), 4 MiB is as
/// fast as 16 MiB or 64 MiB, which took 30 MB and 180 MB more; 2 MiB is 5%
/// slower.
const DELTA_BASE_CACHE: usize = 4 << 20;

/// One commit, as the history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commit {
    /// The full commit id, in hex.
    pub id: String,
    /// The author's name.
    pub author: String,
    /// When it was authored, in seconds since the Unix epoch.
    pub time: i64,
    /// The author's time zone offset, in seconds east of UTC.
    pub offset: i32,
}

/// One commit's change to one record file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Index into [`Walked::commits`].
    pub commit: usize,
    /// The `status` the file had after the commit, when it has one.
    pub status: Option<String>,
    /// The path the file had before, when the commit renamed it.
    pub renamed_from: Option<PathBuf>,
    /// What the version says about sprints, when anything.
    pub facts: Option<Arc<Facts>>,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Every commit that touched a record, oldest first.
    pub commits: Vec<Commit>,
    /// The changes of each file present at `HEAD`, by path relative to the
    /// records root, oldest first; a renamed file's changes start at its
    /// first name.
    pub files: FxHashMap<PathBuf, Vec<Change>>,
    /// The time of the latest commit that touched a record (of `HEAD` when
    /// none did): the "now" of stale-ready, so that two builds of one commit
    /// agree, and records kept inside a busy code repository do not go stale
    /// with every code commit.
    pub head_time: i64,
}

/// Why there is no history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// The records root is not inside a git repository.
    NotARepository,
    /// The repository is a shallow clone.
    Shallow,
    /// The repository has no commit yet.
    NoCommits,
    /// Git data that could not be read.
    Unreadable(String),
}

/// A commit's record changes with what its new blobs say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    pub(super) commit: Commit,
    pub(super) changes: Vec<Compared1>,
}

/// One record file a commit changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared1 {
    pub(super) path: String,
    pub(super) old: Option<ObjectId>,
    pub(super) new: Option<ObjectId>,
    pub(super) status: Option<String>,
    pub(super) id: Option<String>,
    pub(super) facts: Option<Arc<Facts>>,
}

/// The repository holding `root` and `HEAD`'s id, to key caches with.
pub fn head_of(root: &Path) -> Result<(gix::Repository, ObjectId), Missing> {
    let repo = gix::discover(root).map_err(|_| Missing::NotARepository)?;
    if repo.workdir().is_none() {
        return Err(Missing::NotARepository);
    }
    if repo.is_shallow().unwrap_or(false) {
        return Err(Missing::Shallow);
    }
    let head = repo.head_id().map_err(|_| Missing::NoCommits)?.detach();
    Ok((repo, head))
}

/// Every commit reachable from `head`, newest first, with its parents.
fn commits(repo: &gix::Repository, head: ObjectId) -> Result<Vec<(ObjectId, Vec<ObjectId>)>, String> {
    let mut ids = Vec::new();
    let walk = repo
        .rev_walk([head])
        .sorting(gix::revision::walk::Sorting::ByCommitTime(Default::default()))
        .all()
        .map_err(|e| e.to_string())?;
    for info in walk {
        let info = info.map_err(|e| e.to_string())?;
        ids.push((info.id, info.parent_ids.to_vec()));
    }
    Ok(ids)
}

/// Walks the history of `repo` from `head`, looking only at files under
/// `folders` (relative to `root`); `headings` are the open-questions
/// headings read in each version ([`super::facts`]).
pub fn walk(
    root: &Path,
    repo: gix::Repository,
    head: ObjectId,
    folders: &[String],
    headings: &[String],
    store: &crate::cache::Store,
) -> Result<Walked, Missing> {
    let unreadable = |e: &dyn std::fmt::Display| Missing::Unreadable(e.to_string());
    let workdir = repo.workdir().ok_or(Missing::NotARepository)?;
    let workdir = workdir.canonicalize().map_err(|e| unreadable(&e))?;
    let root = root.canonicalize().map_err(|e| unreadable(&e))?;
    let prefix: Vec<String> = root
        .strip_prefix(&workdir)
        .map_err(|e| unreadable(&e))?
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let folders: Vec<Vec<String>> = folders
        .iter()
        .map(|f| {
            prefix
                .iter()
                .cloned()
                .chain(f.split('/').filter(|s| !s.is_empty()).map(String::from))
                .collect()
        })
        .collect();
    // Listing the commits decompresses each; the cache of what they changed
    // is parsed meanwhile.
    let ((ids, repo), mut known) = rayon::join(
        move || {
            let ids = commits(&repo, head);
            (ids, repo)
        },
        || cache::read(store, &folders),
    );
    let ids = ids.map_err(|e| unreadable(&e))?;
    let mut head_time = 0;
    let shared = repo.into_sync();
    let todo: Vec<(ObjectId, Vec<ObjectId>)> = ids
        .iter()
        .filter(|(id, _)| !known.contains_key(&id.to_string()))
        .cloned()
        .collect();
    crate::timings::note(|| {
        format!(
            "history cache: {} of {} commits kept, {} compared",
            ids.len() - todo.len(),
            ids.len(),
            todo.len()
        )
    });
    if !todo.is_empty() {
        let fresh =
            compare_all(&shared, &todo, &folders, prefix.len(), headings).map_err(Missing::Unreadable)?;
        for ((id, _), result) in todo.iter().zip(fresh) {
            known.insert(id.to_string(), result);
        }
        cache::write(store, &folders, &known);
    }
    // Oldest first from here on.
    let compared: Vec<Option<Compared>> = ids
        .iter()
        .rev()
        .map(|(id, _)| known.remove(&id.to_string()).flatten())
        .collect();
    if let Some(latest) = compared.iter().flatten().map(|c| c.commit.time).max() {
        head_time = latest;
    } else if let Ok(commit) = shared.to_thread_local().find_commit(head) {
        head_time = commit.time().map(|t| t.seconds).unwrap_or(0);
    }
    let mut walked = Walked {
        head_time,
        ..Walked::default()
    };
    let mut lineage_of: FxHashMap<String, usize> = FxHashMap::default();
    let mut lineages: Vec<Vec<Change>> = Vec::new();
    for compared in compared.into_iter().flatten() {
        let commit = walked.commits.len();
        walked.commits.push(compared.commit);
        for (change, renamed_from) in pair_renames(compared.changes) {
            if change.new.is_none() {
                lineage_of.remove(&change.path);
                continue;
            }
            let known = match &renamed_from {
                Some(from) => lineage_of.remove(from),
                None => lineage_of.get(&change.path).copied(),
            };
            let lineage = known.unwrap_or_else(|| {
                lineages.push(Vec::new());
                lineages.len() - 1
            });
            lineage_of.insert(change.path, lineage);
            lineages[lineage].push(Change {
                commit,
                status: change.status,
                renamed_from: renamed_from.map(PathBuf::from),
                facts: change.facts,
            });
        }
    }
    for (path, lineage) in lineage_of {
        walked
            .files
            .insert(PathBuf::from(path), std::mem::take(&mut lineages[lineage]));
    }
    Ok(walked)
}

/// Compares `commits` (newest first, as the walk gives them) with their
/// parents, in parallel. Newest first because `git gc` and every server store
/// a file's or folder's older versions as deltas against its newer ones. One
/// contiguous run of commits per worker, each with its own caches, so that
/// every version of a folder finds the version it is a delta of cached.
fn compare_all(
    shared: &gix::ThreadSafeRepository,
    commits: &[(ObjectId, Vec<ObjectId>)],
    folders: &[Vec<String>],
    prefix_len: usize,
    headings: &[String],
) -> Result<Vec<Option<Compared>>, String> {
    let run = commits.len().div_ceil(rayon::current_num_threads()).max(1);
    Ok(commits
        .par_chunks(run)
        .map(|commits| {
            let mut repo = shared.to_thread_local();
            // Consecutive versions of a big folder are stored as chains of
            // deltas: keep their bases, or each version inflates its chain again.
            repo.objects.set_pack_cache(|| {
                Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
                    DELTA_BASE_CACHE,
                ))
            });
            let (mut buf, mut trees) = (Vec::new(), Trees::default());
            commits
                .iter()
                .map(|(id, parents)| {
                    let at = Places {
                        folders,
                        prefix_len,
                        headings,
                    };
                    compare(&repo, &mut buf, &mut trees, *id, parents, &at)
                })
                .collect::<Result<Vec<_>, String>>()
        })
        .collect::<Result<Vec<_>, String>>()?
        .into_iter()
        .flatten()
        .collect())
}

/// Splits a commit's changes into renames (a deletion and an addition of the
/// same blob, or of the same record id) and the rest; each comes with the
/// path it was renamed from.
fn pair_renames(changes: Vec<Compared1>) -> Vec<(Compared1, Option<String>)> {
    let (mut deleted, others): (Vec<Compared1>, Vec<Compared1>) =
        changes.into_iter().partition(|c| c.new.is_none());
    let mut out = Vec::new();
    for change in others {
        let mut from = None;
        if change.old.is_none() {
            let same_blob = deleted.iter().position(|d| d.old == change.new);
            let same_id = || {
                let id = change.id.clone().or_else(|| stem_id(&change.path))?;
                deleted
                    .iter()
                    .position(|d| d.id.clone().or_else(|| stem_id(&d.path)).as_deref() == Some(&id))
            };
            if let Some(at) = same_blob.or_else(same_id) {
                from = Some(deleted.remove(at).path);
            }
        }
        out.push((change, from));
    }
    out.extend(deleted.into_iter().map(|d| (d, None)));
    // Deletions first, so that a path freed and reused in one commit starts anew.
    out.sort_by_key(|(c, _)| c.new.is_some());
    out
}

fn stem_id(path: &str) -> Option<String> {
    let stem = Path::new(path).file_stem()?.to_str()?;
    crate::parse::ids::id_from_file_stem(stem)
}

/// Where the walk looks, and what it reads in each version.
struct Places<'a> {
    /// The record folders, from the repository's top.
    folders: &'a [Vec<String>],
    /// How many names of each folder are the records root's.
    prefix_len: usize,
    /// The open-questions headings.
    headings: &'a [String],
}

/// Compares one commit with its parents inside the folders of `at`;
/// `None` when it touched no record.
fn compare(
    repo: &gix::Repository,
    buf: &mut Vec<u8>,
    trees: &mut Trees,
    id: ObjectId,
    parents: &[ObjectId],
    at: &Places<'_>,
) -> Result<Option<Compared>, String> {
    let (folders, prefix_len) = (at.folders, at.prefix_len);
    let err = |e: &dyn std::fmt::Display| format!("commit {id}: {e}");
    let (tree, commit) = {
        let commit = repo.objects.find_commit(&id, buf).map_err(|e| err(&e))?;
        let signature = commit.author().map_err(|e| err(&e))?;
        let time = signature.time().unwrap_or_default();
        let commit_info = Commit {
            id: id.to_string(),
            author: signature.name.to_string().trim().to_string(),
            time: time.seconds,
            offset: time.offset,
        };
        (commit.tree(), commit_info)
    };
    let parent_trees: Vec<ObjectId> = parents
        .iter()
        .map(|p| {
            repo.objects
                .find_commit(p, buf)
                .map(|c| c.tree())
                .map_err(|e| err(&e))
        })
        .collect::<Result<_, _>>()?;
    let mut deltas: Option<Vec<Delta>> = None;
    // A merge changed what differs from every parent; a root commit added everything.
    let bases: Vec<Option<ObjectId>> = if parent_trees.is_empty() {
        vec![None]
    } else {
        parent_trees.into_iter().map(Some).collect()
    };
    for base in bases {
        let mut found = Vec::new();
        for folder in folders {
            let new = subtree(repo, buf, Some(tree), folder).map_err(|e| err(&e))?;
            let old = subtree(repo, buf, base, folder).map_err(|e| err(&e))?;
            let name = folder[prefix_len..].join("/");
            diff_trees(repo, trees, old, new, &name, &mut found).map_err(|e| err(&e))?;
        }
        deltas = Some(match deltas {
            None => found,
            Some(before) => before
                .into_iter()
                .filter(|d| found.iter().any(|f| f.path == d.path && f.new == d.new))
                .collect(),
        });
    }
    let deltas = deltas.unwrap_or_default();
    if deltas.is_empty() {
        return Ok(None);
    }
    let mut changes = Vec::with_capacity(deltas.len());
    for delta in deltas {
        let (status, record_id, facts) = match delta.new {
            Some(blob) => {
                let data = repo.objects.find_blob(&blob, buf).map_err(|e| err(&e))?;
                let text = crate::text::lossy(data.data);
                (
                    status_of(&text),
                    front_matter_id(&text),
                    facts_of(&text, at.headings),
                )
            }
            None => match delta.old {
                Some(blob) => {
                    let data = repo.objects.find_blob(&blob, buf).map_err(|e| err(&e))?;
                    (None, front_matter_id(&crate::text::lossy(data.data)), None)
                }
                None => (None, None, None),
            },
        };
        changes.push(Compared1 {
            path: delta.path,
            old: delta.old,
            new: delta.new,
            status,
            id: record_id,
            facts,
        });
    }
    Ok(Some(Compared { commit, changes }))
}
