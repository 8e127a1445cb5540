//! Reading trees for the walk: the raw trees a worker read last, kept for
//! the next commit, and the record files that differ between two trees.

use gix::objs::FindExt;
use gix::ObjectId;
use std::sync::Arc;

/// The raw trees one worker read last: consecutive commits share most of
/// their trees (a commit's tree is its child's parent tree), and a big
/// folder's tree is costly to read again.
#[derive(Default)]
pub struct Trees {
    recent: std::collections::VecDeque<(ObjectId, Arc<Vec<u8>>)>,
}

impl Trees {
    /// How many trees are kept: a commit's and its parent's root and record
    /// folders, mostly the same trees. Sixteen were no faster on 2,000
    /// commits of a 10,000-entry folder, and took 45 MB more.
    const KEPT: usize = 6;

    /// The raw data of tree `id` (empty for `None`).
    pub fn get(&mut self, repo: &gix::Repository, id: Option<ObjectId>) -> Result<Arc<Vec<u8>>, String> {
        let Some(id) = id else {
            return Ok(Arc::default());
        };
        if let Some(at) = self.recent.iter().position(|(known, _)| *known == id) {
            return Ok(self.recent[at].1.clone());
        }
        // Reuse the buffer of the tree that leaves the cache: a big folder's
        // tree, allocated afresh for each commit, costs more in new memory
        // pages than in reading.
        let mut data = Vec::new();
        if self.recent.len() == Self::KEPT {
            if let Some(old) = self
                .recent
                .pop_back()
                .and_then(|(_, old)| Arc::try_unwrap(old).ok())
            {
                data = old;
            }
        }
        repo.objects
            .find_tree_iter(&id, &mut data)
            .map_err(|e| e.to_string())?;
        let data = Arc::new(data);
        self.recent.push_front((id, data.clone()));
        Ok(data)
    }
}

/// A file changed between two trees: its path and blob ids before and after.
pub struct Delta {
    /// The path, relative to the records root.
    pub path: String,
    /// The blob before (`None`: added).
    pub old: Option<ObjectId>,
    /// The blob after (`None`: deleted).
    pub new: Option<ObjectId>,
}

/// The id of the tree at `path` inside `tree`, if there is one.
pub fn subtree(
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

/// The length of the tree entry (`<mode> <name>\0<hash>`) starting `bytes`.
fn entry_len(bytes: &[u8], hash_len: usize) -> Option<usize> {
    // A byte loop here was most of the time of comparing two trees.
    let nul = memchr::memchr(0, bytes)?;
    let len = nul + 1 + hash_len;
    (len <= bytes.len()).then_some(len)
}

/// The tree entry starting `bytes`, decoded, with its length.
fn entry_at(bytes: &[u8], kind: gix::hash::Kind) -> Option<(gix::objs::tree::EntryRef<'_>, usize)> {
    let len = entry_len(bytes, kind.len_in_bytes())?;
    let entry = gix::objs::TreeRefIter::from_bytes(&bytes[..len], kind)
        .next()?
        .ok()?;
    Some((entry, len))
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
pub fn diff_trees(
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
    let kind = repo.object_hash();
    let hash_len = kind.len_in_bytes();
    let (old_bytes, new_bytes) = (old_data.as_slice(), new_data.as_slice());
    let join = |name: &[u8]| {
        let name = crate::text::lossy(name);
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
    let (mut i, mut j) = (0, 0);
    loop {
        // Most entries of two versions of a folder are byte for byte the same:
        // skip them without decoding.
        if let Some(len) = entry_len(&old_bytes[i..], hash_len) {
            if new_bytes.len() - j >= len && old_bytes[i..i + len] == new_bytes[j..j + len] {
                i += len;
                j += len;
                continue;
            }
        }
        let (x, y) = (entry_at(&old_bytes[i..], kind), entry_at(&new_bytes[j..], kind));
        let order = match (&x, &y) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((x, _)), Some((y, _))) => EntryRef::cmp(x, y),
        };
        match (order, x, y) {
            (Ordering::Less, Some((x, len)), _) => {
                report(x.filename, x.mode, Some(x.oid.to_owned()), None)?;
                i += len;
            }
            (Ordering::Greater, _, Some((y, len))) => {
                report(y.filename, y.mode, None, Some(y.oid.to_owned()))?;
                j += len;
            }
            (Ordering::Equal, Some((x, old_len)), Some((y, new_len))) => {
                if x.oid != y.oid || x.mode != y.mode {
                    report(y.filename, y.mode, Some(x.oid.to_owned()), Some(y.oid.to_owned()))?;
                }
                i += old_len;
                j += new_len;
            }
            _ => break,
        }
    }
    Ok(())
}
