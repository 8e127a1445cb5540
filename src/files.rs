//! File-system work done many times over: creating the folders of a site,
//! and removing a previous one. Creating or removing a file costs little CPU
//! but waits on the disk, so these calls run on a pool of threads wider than
//! the cores (rayon's global pool, one thread per core, stays for CPU work).

use anyhow::{Context, Result};
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where a site's files go as they are made. The renderer writes into it
/// without knowing where it lives: the write stage's staging folder
/// implements it (and swaps the site in once it is complete).
pub trait SiteOutput: Sync {
    /// Creates the folders of many files at once.
    fn create_folders(&self, files: &mut dyn Iterator<Item = &Path>) -> Result<()>;
    /// Writes one file, creating its folders when they do not exist yet.
    fn write(&self, relative: &Path, contents: &[u8]) -> Result<()>;
    /// Creates one file to be written piece by piece.
    fn create(&self, relative: &Path) -> Result<fs::File>;
    /// Copies a file of the records repository into the site.
    fn copy(&self, source: &Path, relative: &Path) -> Result<()>;
}

/// Threads for file-system calls: enough to keep the disk busy.
const IO_THREADS: usize = 16;

/// The pool that runs file-system calls.
pub fn io_pool() -> &'static rayon::ThreadPool {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(IO_THREADS)
            .thread_name(|i| format!("shoshin-io-{i}"))
            .build()
            .unwrap_or_else(|_| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .build()
                    .expect("a thread pool of one thread")
            })
    })
}

/// Creates `folders` (relative to `base`, which exists), parents before
/// children, one after the other: the folders of a site share a few
/// parents, whose lock parallel calls would wait on, spinning (at 13,000
/// folders, 50 ms of CPU one after the other against 70-80 ms in parallel,
/// for 10 ms less of waiting). The caller runs it beside other work.
pub fn create_folders(base: &Path, folders: &[&Path]) -> Result<()> {
    let mut all: Vec<&Path> = folders
        .iter()
        .flat_map(|f| f.ancestors())
        .filter(|f| !f.as_os_str().is_empty())
        .collect();
    all.sort_unstable_by_key(|f| (f.components().count(), *f));
    all.dedup();
    all.iter().try_for_each(|folder| {
        let path = base.join(folder);
        match std::fs::create_dir(&path) {
            Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => {
                Err(error).with_context(|| format!("cannot create {}", path.display()))
            }
            _ => Ok(()),
        }
    })
}

/// Removes the folder `root` and everything in it: files in parallel, then
/// folders from the deepest up.
pub fn remove_folder(root: &Path) -> Result<()> {
    let mut files = Vec::new();
    let mut folders: Vec<(usize, PathBuf)> = Vec::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.with_context(|| format!("cannot list {}", root.display()))?;
        if entry.file_type().is_dir() {
            folders.push((entry.depth(), entry.into_path()));
        } else {
            files.push(entry.into_path());
        }
    }
    folders.sort_unstable_by_key(|folder| std::cmp::Reverse(folder.0));
    io_pool().install(|| -> Result<()> {
        files.par_iter().try_for_each(|file| {
            std::fs::remove_file(file).with_context(|| format!("cannot remove {}", file.display()))
        })?;
        for level in folders.chunk_by(|a, b| a.0 == b.0) {
            level.par_iter().try_for_each(|(_, folder)| {
                std::fs::remove_dir(folder).with_context(|| format!("cannot remove {}", folder.display()))
            })?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_created_with_their_parents_and_removed_with_their_files() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path();
        std::fs::create_dir(base.join("a")).unwrap();
        create_folders(
            base,
            &[
                Path::new("a/b/c"),
                Path::new("a/b/d"),
                Path::new("e"),
                Path::new("a"),
            ],
        )
        .unwrap();
        for folder in ["a/b/c", "a/b/d", "e"] {
            assert!(base.join(folder).is_dir(), "{folder}");
        }
        std::fs::write(base.join("a/b/c/index.html"), "x").unwrap();
        std::fs::write(base.join("a/top.html"), "x").unwrap();
        remove_folder(&base.join("a")).unwrap();
        assert!(!base.join("a").exists());
        assert!(base.join("e").is_dir());
    }

    #[test]
    fn a_file_in_the_way_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), "x").unwrap();
        let error = create_folders(dir.path(), &[Path::new("a/b")]).unwrap_err();
        assert!(format!("{error:#}").contains("cannot create"), "{error:#}");
    }
}
