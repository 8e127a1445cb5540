//! What a full load of the records root would read, seen from the file
//! system's metadata only: every folder the load enters, every Markdown
//! file in them and the files that make a folder one of an existing format
//! (`.adr-dir`, `.log4brains.yml`, sidecars…), each with a [`Key`] that
//! changes whenever the file or folder does. The why index
//! ([`super::why_index`]) compares two scans to find what to read again.
//!
//! A folder whose key has not changed holds the same entries as before (a
//! file added, removed or renamed in it changes its modification time), so
//! it is not listed again: a scan of an unchanged repository costs one
//! metadata look-up per folder and per Markdown file, and no listing.
//!
//! The scan follows the load's rules (hidden folders but `.backlog`,
//! `node_modules`, `target`, the output, templates and `ignore:` paths are
//! left out) and gives up, so that the caller loads everything, where the
//! load would follow a symbolic link or a name is not UTF-8.

use crate::config::Config;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Files that change how the load reads a folder's records without being
/// records: adr-tools' and log4brains' settings and Backlog.md's; the
/// metadata sidecars of [`crate::load::formats::sidecar`] count too.
const MARKERS: [&str; 4] = [".adr-dir", ".log4brains.yml", ".log4brains.yaml", "config.yml"];

/// True for the name of a file that is a marker ([`MARKERS`] or a sidecar).
fn is_marker_name(name: &str) -> bool {
    MARKERS.contains(&name) || crate::load::formats::sidecar::NAMES.contains(&name)
}
/// A key changed this recently (in nanoseconds) before a scan is not
/// trusted by the next one: file systems stamp times from a coarse clock,
/// so a second edit made right after a scan could keep the same time.
const SETTLING_NS: i64 = 2_000_000_000;

/// What identifies one state of a file or folder: its size, modification
/// and change times (in nanoseconds) and inode. Any edit, rename over it,
/// or change of its entries gives another key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    size: u64,
    modified: i64,
    changed: i64,
    inode: u64,
}

impl Key {
    /// The key of the file or folder at `path`, following a link as the load does.
    pub fn of(path: &Path) -> Option<Key> {
        std::fs::metadata(path)
            .ok()
            .and_then(|meta| Key::of_metadata(&meta))
    }

    #[cfg(unix)]
    fn of_metadata(meta: &std::fs::Metadata) -> Option<Key> {
        use std::os::unix::fs::MetadataExt;
        let times = [
            (meta.mtime(), meta.mtime_nsec()),
            (meta.ctime(), meta.ctime_nsec()),
        ];
        Some(Key::of_unix(meta.size(), times, meta.ino()))
    }

    /// A key from Unix metadata: size, modification and change times (in
    /// seconds and nanoseconds), inode.
    #[cfg(unix)]
    fn of_unix(size: u64, [modified, changed]: [(i64, i64); 2], inode: u64) -> Key {
        let nanoseconds = |(seconds, nanos): (i64, i64)| seconds.saturating_mul(1_000_000_000) + nanos;
        Key {
            size,
            modified: nanoseconds(modified),
            changed: nanoseconds(changed),
            inode,
        }
    }

    #[cfg(not(unix))]
    fn of_metadata(meta: &std::fs::Metadata) -> Option<Key> {
        let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(Key {
            size: meta.len(),
            modified: modified.as_nanos() as i64,
            changed: 0,
            inode: 0,
        })
    }

    /// The key to keep for the next scan: this one, or one that matches
    /// nothing when it was modified too shortly before `started`
    /// (nanoseconds since 1970) to be trusted. (A time set back by hand is
    /// still caught by the change time, part of the key.)
    pub fn settled(self, started: i64) -> Key {
        if self.modified >= started - SETTLING_NS {
            Key::default()
        } else {
            self
        }
    }

    /// A key made up for a test.
    #[cfg(test)]
    pub fn of_parts(size: u64, modified: i64) -> Key {
        Key {
            size,
            modified,
            changed: modified,
            inode: 1,
        }
    }

    /// True when a key kept by an earlier scan can be trusted to mean
    /// "unchanged" when equal.
    pub fn is_trusted(self) -> bool {
        self != Key::default()
    }
}

/// Keys of the files and folders under one folder, looked up on Unix
/// relative to an open handle of it: the kernel then resolves only the
/// relative path, not the folder's own (often long) path every time.
struct KeysUnder {
    root: PathBuf,
    #[cfg(unix)]
    handle: Option<std::fs::File>,
}

impl KeysUnder {
    fn new(root: &Path) -> KeysUnder {
        KeysUnder {
            root: root.to_path_buf(),
            #[cfg(unix)]
            handle: std::fs::File::open(root).ok(),
        }
    }

    /// The key of `relative` (with `/`, empty for the folder itself),
    /// following a link as the load does.
    fn key(&self, relative: &str) -> Option<Key> {
        #[cfg(unix)]
        if let Some(handle) = &self.handle {
            let path = if relative.is_empty() { "." } else { relative };
            let stat = rustix::fs::statat(handle, path, rustix::fs::AtFlags::empty()).ok()?;
            let times = [
                (stat.st_mtime as i64, stat.st_mtime_nsec as i64),
                (stat.st_ctime as i64, stat.st_ctime_nsec as i64),
            ];
            return Some(Key::of_unix(stat.st_size as u64, times, stat.st_ino as u64));
        }
        Key::of(&self.root.join(relative))
    }
}

/// The time now, in nanoseconds since 1970.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64)
}

/// One folder the load enters.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Folder {
    /// Relative to the records root, with `/`; empty for the root.
    pub path: String,
    /// Its key when it was listed.
    pub key: Key,
    /// The names of the folders in it that the load enters.
    pub folders: Vec<String>,
    /// The names of its Markdown files and format markers.
    pub files: Vec<String>,
}

/// The records root as a load would read it.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every folder entered, parents before children.
    pub folders: Vec<Folder>,
    /// Every Markdown file and format marker, relative to the records
    /// root with `/`, with its key, sorted by path.
    pub files: Vec<(String, Key)>,
    /// True when a folder was not in the earlier scan (or there was none).
    pub new_folders: bool,
}

/// True for a file the load does not read as a record but that changes
/// how it reads others.
pub fn is_marker(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    is_marker_name(name)
}

/// Scans the records root `root`, reusing the listing of every folder of
/// `before` (an earlier scan's) whose key is unchanged and trusted; `None`
/// when the scan cannot stand for a load (see the module's documentation).
pub fn scan(root: &Path, config: &Config, before: Vec<Folder>) -> Option<Scan> {
    // Every key an unchanged tree needs, looked up at once on all cores.
    let listed: Vec<String> = before
        .iter()
        .flat_map(|f| f.files.iter().map(|name| join(&f.path, name)))
        .collect();
    let keys = KeysUnder::new(root);
    let key_of = |path: &String| keys.key(path);
    let (folder_keys, file_keys): (Vec<Option<Key>>, Vec<Option<Key>>) = rayon::join(
        || before.par_iter().map(|f| key_of(&f.path)).collect(),
        || listed.par_iter().map(key_of).collect(),
    );
    let unchanged: Vec<bool> = before
        .iter()
        .zip(folder_keys)
        .map(|(f, key)| f.key.is_trusted() && key == Some(f.key))
        .collect();
    let mut scan = if !before.is_empty() && unchanged.iter().all(|&u| u) {
        // No folder changed: the same folders hold the same names.
        Scan {
            folders: before,
            files: listed
                .into_iter()
                .zip(file_keys)
                .filter_map(|(path, key)| Some((path, key?)))
                .collect(),
            new_folders: false,
        }
    } else {
        let known: FxHashMap<String, Option<Key>> = listed.into_iter().zip(file_keys).collect();
        let (folders, new_folders) = walk(root, config, before, unchanged)?;
        let paths: Vec<String> = folders
            .iter()
            .flat_map(|f| f.files.iter().map(|name| join(&f.path, name)))
            .collect();
        // A file removed since its folder was listed is simply gone.
        let files = paths
            .into_par_iter()
            .filter_map(|path| {
                let key = match known.get(&path) {
                    Some(key) => *key,
                    None => key_of(&path),
                };
                Some((path, key?))
            })
            .collect();
        Scan {
            folders,
            files,
            new_folders,
        }
    };
    scan.files.sort_by(|a, b| a.0.cmp(&b.0));
    Some(scan)
}

/// The folders the load enters, parents first, listing again those not
/// `unchanged` since `before`; and whether a folder is new.
fn walk(
    root: &Path,
    config: &Config,
    before: Vec<Folder>,
    unchanged: Vec<bool>,
) -> Option<(Vec<Folder>, bool)> {
    let mut kept: FxHashMap<String, (Folder, bool)> = before
        .into_iter()
        .zip(unchanged)
        .map(|(folder, unchanged)| (folder.path.clone(), (folder, unchanged)))
        .collect();
    let skip = skipped_paths(config);
    let mut folders = Vec::with_capacity(kept.len().max(16));
    let mut new_folders = false;
    let mut stack = vec![String::new()];
    while let Some(path) = stack.pop() {
        let folder = match kept.remove(&path) {
            Some((folder, true)) => folder,
            Some((_, false)) => list(root, path, &skip)?,
            None => {
                new_folders = true;
                list(root, path, &skip)?
            }
        };
        for name in folder.folders.iter().rev() {
            stack.push(join(&folder.path, name));
        }
        folders.push(folder);
    }
    Some((folders, new_folders))
}

/// The paths the load never enters: output, templates and `ignore:`.
fn skipped_paths(config: &Config) -> FxHashSet<PathBuf> {
    [config.output.as_str(), config.templates.as_str()]
        .into_iter()
        .chain(config.ignore.iter().map(String::as_str))
        .map(|p| PathBuf::from(p.trim_matches('/')))
        .collect()
}

/// Lists the folder `path` (relative to `root`) as the load's walk sees it.
fn list(root: &Path, path: String, skip: &FxHashSet<PathBuf>) -> Option<Folder> {
    let full = root.join(&path);
    let key = Key::of(&full)?;
    let mut folders = Vec::new();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&full).ok()? {
        let entry = entry.ok()?;
        let name = entry.file_name().into_string().ok()?;
        if is_marker_name(&name) {
            files.push(name);
            continue;
        }
        if crate::load::is_skipped_folder(&name) || skip.contains(Path::new(&join(&path, &name))) {
            continue;
        }
        let kind = entry.file_type().ok()?;
        let markdown = is_markdown(&name);
        if kind.is_symlink() {
            // The load follows links to folders and to Markdown files.
            if markdown || entry.path().is_dir() {
                return None;
            }
        } else if kind.is_dir() {
            folders.push(name);
        } else if kind.is_file() && markdown {
            files.push(name);
        }
    }
    folders.sort();
    files.sort();
    Some(Folder {
        path,
        key,
        folders,
        files,
    })
}

/// `name` in the folder `folder` (both with `/`).
fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}

/// True for a name ending in `.md` or `.markdown`, as the load reads them.
fn is_markdown(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}
