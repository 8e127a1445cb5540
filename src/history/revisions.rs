//! Git revisions other than the working tree: naming them (`main`,
//! `origin/main~2`, an abbreviated commit id), their merge base, the
//! default branch, the tip of every branch, and the record files of a
//! revision, written out to a folder (for `diff`) or read as ids only (for
//! `new`, which must not take an id another branch already took).

use gix::objs::FindExt;
use gix::ObjectId;
use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::Arc;

/// The repository holding a records root, and where the root sits in it.
pub struct Revisions {
    repo: gix::Repository,
    /// The records root relative to the repository's top, one name a level.
    prefix: Vec<String>,
}

/// A record file of a revision: the id it gives and its path relative to
/// the records root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordName {
    /// The id: the front matter's `id:` when the name does not start with one.
    pub id: String,
    /// The path, relative to the records root, with `/` between names.
    pub path: String,
}

impl Revisions {
    /// Opens the repository that holds `root`; an error says why there is none.
    pub fn open(root: &Path) -> Result<Revisions, String> {
        let repo =
            gix::discover(root).map_err(|_| format!("{} is not inside a git repository", root.display()))?;
        let workdir = repo
            .workdir()
            .ok_or("the repository has no working tree (a bare repository)")?;
        let workdir = workdir.canonicalize().map_err(|e| e.to_string())?;
        let canonical = root.canonicalize().map_err(|e| e.to_string())?;
        let prefix = canonical
            .strip_prefix(&workdir)
            .map_err(|e| e.to_string())?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Ok(Revisions { repo, prefix })
    }

    /// The commit `HEAD` points at.
    pub fn head(&self) -> Result<ObjectId, String> {
        self.repo
            .head_id()
            .map(|id| id.detach())
            .map_err(|_| "the repository has no commit yet".to_string())
    }

    /// The commit a revision names: a branch, remote-tracking branch or tag
    /// (`main`, `origin/main`, `v1.2`), `HEAD`, a commit id (whole or
    /// abbreviated to 4 or more digits), each optionally followed by `~N`
    /// or `^` (first parents).
    pub fn resolve(&self, revision: &str) -> Result<ObjectId, String> {
        let unknown = || {
            format!(
                "`{revision}` names no commit: give a branch, tag or commit id \
                 (`main`, `origin/main`, `HEAD~1`, `3f2a9c1`)"
            )
        };
        let (name, mut back) = split_ancestry(revision).ok_or_else(unknown)?;
        let mut id = self.named(name).ok_or_else(unknown)?;
        while back > 0 {
            let commit = self.repo.find_commit(id).map_err(|e| e.to_string())?;
            id = commit
                .parent_ids()
                .next()
                .map(|p| p.detach())
                .ok_or_else(|| format!("`{revision}` goes back past the first commit"))?;
            back -= 1;
        }
        Ok(id)
    }

    /// The commit a name without `~N` gives.
    fn named(&self, name: &str) -> Option<ObjectId> {
        if name == "HEAD" {
            return self.head().ok();
        }
        if let Ok(mut reference) = self.repo.find_reference(name) {
            if let Ok(commit) = reference.peel_to_commit() {
                return Some(commit.id);
            }
        }
        if name.len() >= 4 && name.len() <= 40 && name.bytes().all(|b| b.is_ascii_hexdigit()) {
            let prefix = gix::hash::Prefix::from_hex(name).ok()?;
            let found = self.repo.objects.lookup_prefix(prefix, None).ok()??.ok()?;
            return self.repo.find_commit(found).ok().map(|c| c.id);
        }
        None
    }

    /// The newest commit that both `a` and `b` descend from, `None` when
    /// they share no history.
    pub fn merge_base(&self, a: ObjectId, b: ObjectId) -> Result<Option<ObjectId>, String> {
        let ancestors_of_a: rustc_hash::FxHashSet<ObjectId> = self.ancestors(a)?.into_iter().collect();
        Ok(self
            .ancestors(b)?
            .into_iter()
            .find(|c| ancestors_of_a.contains(c)))
    }

    /// `id` and every commit it descends from, newest first.
    fn ancestors(&self, id: ObjectId) -> Result<Vec<ObjectId>, String> {
        let walk = self
            .repo
            .rev_walk([id])
            .sorting(gix::revision::walk::Sorting::ByCommitTime(Default::default()))
            .all()
            .map_err(|e| e.to_string())?;
        walk.map(|info| info.map(|i| i.id).map_err(|e| e.to_string()))
            .collect()
    }

    /// The default branch and its tip: where `origin/HEAD` points, else
    /// `main`, else `master` (local first, then `origin/`).
    pub fn default_branch(&self) -> Option<(String, ObjectId)> {
        if let Ok(reference) = self.repo.find_reference("refs/remotes/origin/HEAD") {
            if let Some(target) = reference.target().try_name() {
                let name = target.as_bstr().to_string();
                let short = name.strip_prefix("refs/remotes/").unwrap_or(&name).to_string();
                if let Some(id) = self.named(&name) {
                    return Some((short, id));
                }
            }
        }
        [
            "refs/heads/main",
            "refs/heads/master",
            "refs/remotes/origin/main",
            "refs/remotes/origin/master",
        ]
        .into_iter()
        .find_map(|name| {
            let id = self.named(name)?;
            let short = name
                .strip_prefix("refs/heads/")
                .or_else(|| name.strip_prefix("refs/remotes/"))
                .unwrap_or(name);
            Some((short.to_string(), id))
        })
    }

    /// The tip of every local and remote-tracking branch, by name.
    pub fn branch_tips(&self) -> Result<Vec<(String, ObjectId)>, String> {
        let platform = self.repo.references().map_err(|e| e.to_string())?;
        let mut tips = Vec::new();
        let local = platform.local_branches().map_err(|e| e.to_string())?;
        let remote = platform.remote_branches().map_err(|e| e.to_string())?;
        for reference in local.chain(remote) {
            let Ok(mut reference) = reference else { continue };
            // `origin/HEAD` only names another branch.
            let name = reference.name().shorten().to_string();
            if name.ends_with("/HEAD") {
                continue;
            }
            if let Ok(commit) = reference.peel_to_commit() {
                tips.push((name, commit.id));
            }
        }
        tips.sort();
        Ok(tips)
    }

    /// A commit id as people read it: its first 10 digits.
    pub fn short(id: ObjectId) -> String {
        id.to_hex_with_len(10).to_string()
    }

    /// The entries of tree `tree` (object id, mode, name), read through
    /// `buf`.
    fn entries(
        &self,
        tree: ObjectId,
        buf: &mut Vec<u8>,
    ) -> Result<Vec<(ObjectId, gix::objs::tree::EntryMode, String)>, String> {
        let decoded = self
            .repo
            .objects
            .find_tree(&tree, buf)
            .map_err(|e| e.to_string())?;
        Ok(decoded
            .entries
            .iter()
            .map(|e| (e.oid.to_owned(), e.mode, e.filename.to_string()))
            .collect())
    }

    /// The tree of the records root at `commit` (`None` when the root did
    /// not exist then).
    fn root_tree(&self, commit: ObjectId) -> Result<Option<ObjectId>, String> {
        let commit = self.repo.find_commit(commit).map_err(|e| e.to_string())?;
        let tree = commit.tree_id().map_err(|e| e.to_string())?.detach();
        let mut buf = Vec::new();
        super::trees::subtree(&self.repo, &mut buf, Some(tree), &self.prefix)
    }

    /// Writes every file under the records root at `commit` into `dest`
    /// (an empty folder outside the repository), but for the folders the
    /// loader never enters (`.git`-like hidden ones, `node_modules`,
    /// `target`); returns how many. Symbolic links and submodules are left
    /// out: they are not records, and a link could point out of the folder.
    pub fn export(&self, commit: ObjectId, dest: &Path) -> Result<usize, String> {
        let Some(tree) = self.root_tree(commit)? else {
            return Ok(0);
        };
        let mut count = 0;
        let mut buf = Vec::new();
        let mut todo = vec![(tree, dest.to_path_buf())];
        while let Some((tree, folder)) = todo.pop() {
            std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
            let entries = self.entries(tree, &mut buf)?;
            for (oid, mode, name) in entries {
                // A name git accepts but a folder must not hold.
                if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\\']) {
                    continue;
                }
                let path = folder.join(&name);
                if mode.is_tree() {
                    // What the loader would not read need not be written.
                    if !crate::load::is_skipped_folder(&name) {
                        todo.push((oid, path));
                    }
                } else if mode.is_blob() {
                    let blob = self
                        .repo
                        .objects
                        .find_blob(&oid, &mut buf)
                        .map_err(|e| e.to_string())?;
                    std::fs::write(&path, blob.data).map_err(|e| format!("{}: {e}", path.display()))?;
                    count += 1;
                }
            }
        }
        Ok(count)
    }

    /// The record files under `folders` (relative to the records root; `""`
    /// is the root itself, read without its subfolders) at `commit`, each
    /// with its id: the one its name starts with, else its front matter's
    /// (read from the blob), else its name. `seen` keeps what was read, so
    /// that branches sharing a folder's tree or a file read it once.
    pub fn record_names(
        &self,
        commit: ObjectId,
        folders: &[String],
        seen: &mut Seen,
    ) -> Result<Vec<RecordName>, String> {
        let root = self.root_tree(commit)?;
        let mut buf = Vec::new();
        let mut out = Vec::new();
        for folder in folders {
            let folder = folder.trim_matches('/');
            let names: Vec<String> = folder
                .split('/')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            let Some(tree) = super::trees::subtree(&self.repo, &mut buf, root, &names)? else {
                continue;
            };
            // The root folder holds the code too: only its own files count.
            let descend = !folder.is_empty();
            out.extend(self.names_in(tree, folder, descend, seen)?.iter().cloned());
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out.dedup();
        Ok(out)
    }

    /// The record files under `folders` at `to` that are not at `from` with
    /// the same contents (added or changed), with their ids, as
    /// [`Revisions::record_names`] gives them. Two branches share most of
    /// their files: comparing their trees skips the identical entries
    /// without decoding them, far cheaper than listing each branch.
    pub fn changed_record_names(
        &self,
        from: ObjectId,
        to: ObjectId,
        folders: &[String],
        seen: &mut Seen,
    ) -> Result<Vec<RecordName>, String> {
        let (old_root, new_root) = (self.root_tree(from)?, self.root_tree(to)?);
        let mut buf = Vec::new();
        let mut trees = super::trees::Trees::default();
        let mut deltas = Vec::new();
        for folder in folders {
            let folder = folder.trim_matches('/');
            let names: Vec<String> = folder
                .split('/')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            let old = super::trees::subtree(&self.repo, &mut buf, old_root, &names)?;
            let new = super::trees::subtree(&self.repo, &mut buf, new_root, &names)?;
            let before = deltas.len();
            super::trees::diff_trees(&self.repo, &mut trees, old, new, folder, &mut deltas)?;
            if folder.is_empty() {
                // The root folder holds the code too: only its own files count.
                let mut i = before;
                while i < deltas.len() {
                    if deltas[i].path.contains('/') {
                        deltas.swap_remove(i);
                    } else {
                        i += 1;
                    }
                }
            }
        }
        let mut out = Vec::new();
        for delta in deltas {
            let Some(blob) = delta.new else { continue };
            let name = delta.path.rsplit('/').next().unwrap_or(&delta.path);
            let Some(stem) = record_stem(name) else { continue };
            let id = self.id_of(stem, blob, &mut buf, seen)?;
            out.push(RecordName {
                id,
                path: delta.path.clone(),
            });
        }
        Ok(out)
    }

    /// The id of a record file: the one its name starts with, else its
    /// front matter's, else its name.
    fn id_of(
        &self,
        stem: &str,
        blob: ObjectId,
        buf: &mut Vec<u8>,
        seen: &mut Seen,
    ) -> Result<String, String> {
        if let Some(id) = crate::parse::ids::id_from_file_stem(stem) {
            return Ok(id);
        }
        let found = match seen.blobs.get(&blob) {
            Some(found) => found.clone(),
            None => {
                let data = self
                    .repo
                    .objects
                    .find_blob(&blob, buf)
                    .map_err(|e| e.to_string())?;
                let found = super::status::front_matter_id(&crate::text::lossy(data.data));
                seen.blobs.insert(blob, found.clone());
                found
            }
        };
        Ok(found.unwrap_or_else(|| stem.to_string()))
    }

    /// The record names of tree `tree`, found at path `at`, and of its
    /// subtrees when `descend` holds.
    fn names_in(
        &self,
        tree: ObjectId,
        at: &str,
        descend: bool,
        seen: &mut Seen,
    ) -> Result<Arc<Vec<RecordName>>, String> {
        let key = (tree, at.to_string(), descend);
        if let Some(known) = seen.trees.get(&key) {
            return Ok(known.clone());
        }
        let mut buf = Vec::new();
        let entries = self.entries(tree, &mut buf)?;
        let mut out = Vec::new();
        for (oid, mode, name) in entries {
            let path = if at.is_empty() {
                name.clone()
            } else {
                format!("{at}/{name}")
            };
            if mode.is_tree() {
                if descend {
                    out.extend(self.names_in(oid, &path, true, seen)?.iter().cloned());
                }
                continue;
            }
            let Some(stem) = record_stem(&name) else { continue };
            let id = self.id_of(stem, oid, &mut buf, seen)?;
            out.push(RecordName { id, path });
        }
        let out = Arc::new(out);
        seen.trees.insert(key, out.clone());
        Ok(out)
    }
}

/// What [`Revisions::record_names`] read, kept between revisions: the
/// record names of each folder's tree and the ids read from blobs.
#[derive(Default)]
pub struct Seen {
    trees: FxHashMap<(ObjectId, String, bool), Arc<Vec<RecordName>>>,
    blobs: FxHashMap<ObjectId, Option<String>>,
}

/// The stem of a Markdown file name that can be a record (not a folder's
/// README, index or template).
fn record_stem(name: &str) -> Option<&str> {
    let lower = name.to_ascii_lowercase();
    let stem_len = if lower.ends_with(".md") {
        name.len() - 3
    } else if lower.ends_with(".markdown") {
        name.len() - 9
    } else {
        return None;
    };
    let stem = &name[..stem_len];
    let skipped = ["readme", "index", "_index", "template"];
    (!stem.is_empty() && !skipped.iter().any(|s| stem.eq_ignore_ascii_case(s))).then_some(stem)
}

/// `main~2` → (`main`, 2); `HEAD^^` → (`HEAD`, 2); `None` for a malformed
/// suffix.
fn split_ancestry(revision: &str) -> Option<(&str, usize)> {
    let revision = revision.trim();
    let end = revision.find(['~', '^']).unwrap_or(revision.len());
    let (name, mut rest) = revision.split_at(end);
    if name.is_empty() {
        return None;
    }
    let mut back = 0;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('^') {
            back += 1;
            rest = after;
        } else if let Some(after) = rest.strip_prefix('~') {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            back += if digits == 0 {
                1
            } else {
                after[..digits].parse::<usize>().ok()?
            };
            rest = &after[digits..];
        } else {
            return None;
        }
    }
    Some((name, back))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestry_suffixes_are_read() {
        assert_eq!(split_ancestry("main"), Some(("main", 0)));
        assert_eq!(split_ancestry("main~2"), Some(("main", 2)));
        assert_eq!(split_ancestry("HEAD^^"), Some(("HEAD", 2)));
        assert_eq!(split_ancestry("HEAD~"), Some(("HEAD", 1)));
        assert_eq!(split_ancestry("~1"), None);
        assert_eq!(split_ancestry("main~x"), None);
    }

    #[test]
    fn folder_documents_are_not_records() {
        assert_eq!(record_stem("ADR-1-x.md"), Some("ADR-1-x"));
        assert_eq!(record_stem("README.md"), None);
        assert_eq!(record_stem("notes.txt"), None);
    }
}
