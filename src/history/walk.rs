//! One pass over a repository's history: every commit reachable from `HEAD`,
//! each compared with its parents only inside the records folders, so a
//! commit that touched no record costs a few tree-id comparisons.
//!
//! Commits are compared in parallel, each worker with its own handle on the
//! object database; unchanged subtrees are skipped by their ids, and only the
//! blobs of records that changed are read (for their `status`).

use super::status::{front_matter_id, status_of};
use gix::objs::FindExt;
use gix::ObjectId;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One commit, as the history shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Every commit that touched a record, oldest first.
    pub commits: Vec<Commit>,
    /// The changes of each file present at `HEAD`, by path relative to the
    /// records root, oldest first; a renamed file's changes start at its
    /// first name.
    pub files: HashMap<PathBuf, Vec<Change>>,
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

/// The raw trees one worker read last: consecutive commits share most of
/// their trees (a commit's tree is its child's parent tree), and a big
/// folder's tree is costly to read again.
#[derive(Default)]
struct Trees {
    recent: std::collections::VecDeque<(ObjectId, Arc<Vec<u8>>)>,
}

impl Trees {
    /// How many trees are kept.
    const KEPT: usize = 16;

    /// The raw data of tree `id` (empty for `None`).
    fn get(&mut self, repo: &gix::Repository, id: Option<ObjectId>) -> Result<Arc<Vec<u8>>, String> {
        let Some(id) = id else {
            return Ok(Arc::default());
        };
        if let Some(at) = self.recent.iter().position(|(known, _)| *known == id) {
            return Ok(self.recent[at].1.clone());
        }
        let mut data = Vec::new();
        repo.objects
            .find_tree_iter(&id, &mut data)
            .map_err(|e| e.to_string())?;
        let data = Arc::new(data);
        if self.recent.len() == Self::KEPT {
            self.recent.pop_back();
        }
        self.recent.push_front((id, data.clone()));
        Ok(data)
    }
}

/// A file changed between two trees: its path and blob ids before and after.
struct Delta {
    path: String,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
}

/// A commit's record changes with what its new blobs say.
struct Compared {
    commit: Commit,
    changes: Vec<Compared1>,
}

struct Compared1 {
    path: String,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    status: Option<String>,
    id: Option<String>,
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

/// Walks the history of `repo` from `head`, looking only at files under
/// `folders` (relative to `root`).
pub fn walk(
    root: &Path,
    repo: gix::Repository,
    head: ObjectId,
    folders: &[String],
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
    let mut ids = Vec::new();
    let walk = repo
        .rev_walk([head])
        .sorting(gix::revision::walk::Sorting::ByCommitTime(Default::default()))
        .all()
        .map_err(|e| unreadable(&e))?;
    for info in walk {
        let info = info.map_err(|e| unreadable(&e))?;
        ids.push((info.id, info.parent_ids.to_vec()));
    }
    let mut head_time = 0;
    let shared = repo.into_sync();
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
    // Oldest first: git stores most trees as deltas against an older version.
    ids.reverse();
    let compared: Vec<Option<Compared>> = ids
        .par_iter()
        .map_init(
            || {
                let repo = shared.to_thread_local();
                (repo, Vec::new(), Trees::default())
            },
            |(repo, buf, trees), (id, parents)| {
                compare(repo, buf, trees, *id, parents, &folders, prefix.len())
            },
        )
        .collect::<Result<_, String>>()
        .map_err(Missing::Unreadable)?;
    if let Some(latest) = compared.iter().flatten().map(|c| c.commit.time).max() {
        head_time = latest;
    } else if let Ok(commit) = shared.to_thread_local().find_commit(head) {
        head_time = commit.time().map(|t| t.seconds).unwrap_or(0);
    }
    let mut walked = Walked {
        head_time,
        ..Walked::default()
    };
    let mut lineage_of: HashMap<String, usize> = HashMap::new();
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
    crate::ids::id_from_file_stem(stem)
}

/// Compares one commit with its parents inside `folders`; `None` when it
/// touched no record.
fn compare(
    repo: &gix::Repository,
    buf: &mut Vec<u8>,
    trees: &mut Trees,
    id: ObjectId,
    parents: &[ObjectId],
    folders: &[Vec<String>],
    prefix_len: usize,
) -> Result<Option<Compared>, String> {
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
        let (status, record_id) = match delta.new {
            Some(blob) => {
                let data = repo.objects.find_blob(&blob, buf).map_err(|e| err(&e))?;
                let text = String::from_utf8_lossy(data.data);
                (status_of(&text), front_matter_id(&text))
            }
            None => match delta.old {
                Some(blob) => {
                    let data = repo.objects.find_blob(&blob, buf).map_err(|e| err(&e))?;
                    (None, front_matter_id(&String::from_utf8_lossy(data.data)))
                }
                None => (None, None),
            },
        };
        changes.push(Compared1 {
            path: delta.path,
            old: delta.old,
            new: delta.new,
            status,
            id: record_id,
        });
    }
    Ok(Some(Compared { commit, changes }))
}

/// The id of the tree at `path` inside `tree`, if there is one.
fn subtree(
    repo: &gix::Repository,
    buf: &mut Vec<u8>,
    tree: Option<ObjectId>,
    path: &[String],
) -> Result<Option<ObjectId>, String> {
    let mut current = tree;
    for name in path {
        let Some(id) = current else { return Ok(None) };
        let decoded = repo.objects.find_tree(&id, buf).map_err(|e| e.to_string())?;
        current = decoded
            .entries
            .iter()
            .find(|e| e.mode.is_tree() && e.filename == name.as_str())
            .map(|e| e.oid.to_owned());
    }
    Ok(current)
}

/// True for a file name the loader reads as a record.
fn is_record_name(name: &[u8]) -> bool {
    let ends_with = |suffix: &[u8]| {
        name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    ends_with(b".md") || ends_with(b".markdown")
}

/// Adds the record files that differ between trees `old` and `new` (either
/// missing means empty) under `path` to `out`, descending only into
/// subtrees whose ids differ. Tree entries are in git's order, so the two
/// lists are merged in one pass, without collecting them.
fn diff_trees(
    repo: &gix::Repository,
    trees: &mut Trees,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    path: &str,
    out: &mut Vec<Delta>,
) -> Result<(), String> {
    use gix::objs::tree::{EntryMode, EntryRef};
    use std::cmp::Ordering;
    if old == new {
        return Ok(());
    }
    let old_data = trees.get(repo, old)?;
    let new_data = trees.get(repo, new)?;
    let old_tree = gix::objs::TreeRefIter::from_bytes(&old_data, repo.object_hash());
    let new_tree = gix::objs::TreeRefIter::from_bytes(&new_data, repo.object_hash());
    let join = |name: &[u8]| {
        let name = String::from_utf8_lossy(name);
        if path.is_empty() {
            name.into_owned()
        } else {
            format!("{path}/{name}")
        }
    };
    let mut report = |name: &[u8], mode: EntryMode, before: Option<ObjectId>, after: Option<ObjectId>| {
        if mode.is_tree() {
            diff_trees(repo, trees, before, after, &join(name), out)
        } else {
            if mode.is_blob() && is_record_name(name) {
                out.push(Delta {
                    path: join(name),
                    old: before,
                    new: after,
                });
            }
            Ok(())
        }
    };
    let mut a = old_tree.filter_map(Result::ok).peekable();
    let mut b = new_tree.filter_map(Result::ok).peekable();
    loop {
        let order = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(x), Some(y)) => EntryRef::cmp(x, y),
        };
        match order {
            Ordering::Less => {
                let x = a.next().expect("peeked");
                report(x.filename, x.mode, Some(x.oid.to_owned()), None)?;
            }
            Ordering::Greater => {
                let y = b.next().expect("peeked");
                report(y.filename, y.mode, None, Some(y.oid.to_owned()))?;
            }
            Ordering::Equal => {
                let (x, y) = (a.next().expect("peeked"), b.next().expect("peeked"));
                if x.oid != y.oid {
                    report(y.filename, y.mode, Some(x.oid.to_owned()), Some(y.oid.to_owned()))?;
                }
            }
        }
    }
    Ok(())
}
