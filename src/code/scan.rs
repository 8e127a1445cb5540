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

    /// True when this key, kept by an earlier scan, says the file or
    /// folder is unchanged given its key `now` (`None` when it is gone):
    /// the kept key is trusted and the same.
    pub fn unchanged_as(self, now: Option<Key>) -> bool {
        self.is_trusted() && now == Some(self)
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

/// One folder the load enters, as listed.
#[derive(Debug, Clone)]
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
    /// Every folder entered, parents before children, relative to the
    /// records root with `/` (empty for the root), with its key.
    pub folders: Vec<(String, Key)>,
    /// Every Markdown file and format marker, relative to the records
    /// root with `/`, with its key, sorted by path.
    pub files: Vec<(String, Key)>,
    /// True when a folder was not in the earlier scan (or there was none).
    pub new_folders: bool,
}

/// A scan as kept between runs: every path in one text, so that reading
/// it back makes a few buffers rather than a string per path. Which names
/// a folder holds follows from the paths: every folder entered and every
/// file of a folder is listed.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Listing {
    /// The paths of the folders (parents first), then of the files
    /// (sorted), one after the other.
    text: String,
    /// Each folder: where its path ends in `text`, and its key.
    folders: Vec<(u32, Key)>,
    /// Each file: where its path ends in `text`, and its key.
    files: Vec<(u32, Key)>,
}

/// The keys of a [`Listing`]'s folders and files looked up again, in its
/// order (`None` for one that is gone).
pub struct KeysNow {
    folders: Vec<Option<Key>>,
    files: Vec<Option<Key>>,
}

impl Listing {
    /// The listing to keep of `scan`, its keys [`Key::settled`] against
    /// `started`; `None` when its paths do not fit one index of 32 bits.
    pub fn of(scan: &Scan, started: i64) -> Option<Listing> {
        let mut listing = Listing::default();
        for (path, key) in &scan.folders {
            listing.text.push_str(path);
            let end = u32::try_from(listing.text.len()).ok()?;
            listing.folders.push((end, key.settled(started)));
        }
        for (path, key) in &scan.files {
            listing.text.push_str(path);
            let end = u32::try_from(listing.text.len()).ok()?;
            listing.files.push((end, key.settled(started)));
        }
        Some(listing)
    }

    /// True when nothing was listed.
    pub fn is_empty(&self) -> bool {
        self.folders.is_empty()
    }

    /// How many files are listed.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Each folder's path and key, parents first.
    pub fn folders(&self) -> impl Iterator<Item = (&str, Key)> {
        self.spans(&self.folders, 0)
    }

    /// Each file's path and key, sorted by path.
    pub fn files(&self) -> impl Iterator<Item = (&str, Key)> {
        let start = self.folders.last().map_or(0, |(end, _)| *end as usize);
        self.spans(&self.files, start)
    }

    fn spans<'a>(&'a self, ends: &'a [(u32, Key)], start: usize) -> impl Iterator<Item = (&'a str, Key)> {
        let mut start = start;
        ends.iter().map(move |&(end, key)| {
            let path = self.text.get(start..end as usize).unwrap_or_default();
            start = end as usize;
            (path, key)
        })
    }

    /// The keys of every folder and file listed, as they are now, looked
    /// up at once on all cores.
    pub fn keys_now(&self, root: &Path) -> KeysNow {
        let keys = KeysUnder::new(root);
        let folders: Vec<&str> = self.folders().map(|(path, _)| path).collect();
        let files: Vec<&str> = self.files().map(|(path, _)| path).collect();
        let (folders, files) = rayon::join(
            || folders.par_iter().map(|path| keys.key(path)).collect(),
            || files.par_iter().map(|path| keys.key(path)).collect(),
        );
        KeysNow { folders, files }
    }

    /// True when every folder and file listed is there with the same,
    /// trusted key: a scan would give this listing again.
    pub fn unchanged(&self, now: &KeysNow) -> bool {
        let same = |kept: &[(u32, Key)], now: &[Option<Key>]| {
            kept.len() == now.len() && kept.iter().zip(now).all(|((_, key), now)| key.unchanged_as(*now))
        };
        !self.is_empty() && same(&self.folders, &now.folders) && same(&self.files, &now.files)
    }

    /// The folders as listed: the names in each follow from the paths.
    fn listed_folders(&self) -> Vec<Folder> {
        let mut folders: Vec<Folder> = self
            .folders()
            .map(|(path, key)| Folder {
                path: path.to_string(),
                key,
                folders: Vec::new(),
                files: Vec::new(),
            })
            .collect();
        let at: FxHashMap<String, usize> = folders
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.clone(), i))
            .collect();
        let parent = |path: &str| match path.rsplit_once('/') {
            Some((folder, name)) => (at.get(folder).copied(), name.to_string()),
            None => (at.get("").copied(), path.to_string()),
        };
        let children: Vec<_> = self.folders().skip(1).map(|(path, _)| parent(path)).collect();
        let files: Vec<_> = self.files().map(|(path, _)| parent(path)).collect();
        for (folder, name) in children {
            if let Some(i) = folder {
                folders[i].folders.push(name);
            }
        }
        for (folder, name) in files {
            if let Some(i) = folder {
                folders[i].files.push(name);
            }
        }
        for folder in &mut folders {
            folder.folders.sort();
            folder.files.sort();
        }
        folders
    }
}

/// True for a file the load does not read as a record but that changes
/// how it reads others.
pub fn is_marker(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    is_marker_name(name)
}

/// Scans the records root `root`, given the listing of an earlier scan
/// and its keys `now`: the listing of every folder whose key is unchanged
/// and trusted is reused; `None` when the scan cannot stand for a load (see
/// the module's documentation).
pub fn scan(root: &Path, config: &Config, before: &Listing, now: KeysNow) -> Option<Scan> {
    let unchanged: Vec<bool> = before
        .folders()
        .zip(&now.folders)
        .map(|((_, key), now)| key.unchanged_as(*now))
        .collect();
    let files_now = before.files().map(|(path, _)| path).zip(now.files);
    let mut scan = if !before.is_empty() && unchanged.iter().all(|&u| u) {
        // No folder changed: the same folders hold the same names.
        Scan {
            folders: before
                .folders()
                .map(|(path, key)| (path.to_string(), key))
                .collect(),
            files: files_now
                .filter_map(|(path, key)| Some((path.to_string(), key?)))
                .collect(),
            new_folders: false,
        }
    } else {
        let known: FxHashMap<&str, Option<Key>> = files_now.collect();
        let (folders, new_folders) = walk(root, config, before.listed_folders(), unchanged)?;
        let paths: Vec<String> = folders
            .iter()
            .flat_map(|f| f.files.iter().map(|name| join(&f.path, name)))
            .collect();
        let keys = KeysUnder::new(root);
        // A file removed since its folder was listed is simply gone.
        let files = paths
            .into_par_iter()
            .filter_map(|path| {
                let key = match known.get(path.as_str()) {
                    Some(key) => *key,
                    None => keys.key(&path),
                };
                Some((path, key?))
            })
            .collect();
        Scan {
            folders: folders.into_iter().map(|f| (f.path, f.key)).collect(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A scan's start long after the keys of these tests were stamped.
    const LATER: i64 = 10 * SETTLING_NS;

    #[test]
    fn a_kept_listing_gives_back_each_folder_with_its_names() {
        let key = |size| Key::of_parts(size, 7);
        let scan = Scan {
            folders: vec![
                (String::new(), key(1)),
                ("decisions".into(), key(2)),
                ("decisions/old".into(), key(3)),
                ("src".into(), key(4)),
            ],
            files: vec![
                ("README.md".into(), key(5)),
                ("decisions/.adr-dir".into(), key(6)),
                ("decisions/0001-a.md".into(), key(7)),
                ("decisions/old/0000-z.md".into(), key(8)),
            ],
            new_folders: false,
        };
        let listing = Listing::of(&scan, LATER).unwrap();
        let files: Vec<(&str, Key)> = listing.files().collect();
        let expected: Vec<(&str, Key)> = scan.files.iter().map(|(p, k)| (p.as_str(), *k)).collect();
        assert_eq!(files, expected);
        assert_eq!(listing.file_count(), 4);
        let folders = listing.listed_folders();
        let names = |v: &[String]| v.join(",");
        let shape: Vec<(&str, String, String)> = folders
            .iter()
            .map(|f| (f.path.as_str(), names(&f.folders), names(&f.files)))
            .collect();
        assert_eq!(
            shape,
            [
                ("", "decisions,src".into(), "README.md".into()),
                ("decisions", "old".into(), ".adr-dir,0001-a.md".into()),
                ("decisions/old", String::new(), "0000-z.md".into()),
                ("src", String::new(), String::new()),
            ]
        );
        assert_eq!(folders[2].key, key(3));
    }

    #[test]
    fn a_listing_is_unchanged_only_when_every_key_is_the_same_and_trusted() {
        let key = |size| Key::of_parts(size, 7);
        let scan = Scan {
            folders: vec![(String::new(), key(1))],
            files: vec![("a.md".into(), key(2)), ("b.md".into(), key(3))],
            new_folders: false,
        };
        let listing = Listing::of(&scan, LATER).unwrap();
        let now = |files: Vec<Option<Key>>| KeysNow {
            folders: vec![Some(key(1))],
            files,
        };
        assert!(listing.unchanged(&now(vec![Some(key(2)), Some(key(3))])));
        assert!(
            !listing.unchanged(&now(vec![Some(key(2)), Some(key(4))])),
            "an edit"
        );
        assert!(!listing.unchanged(&now(vec![Some(key(2)), None])), "a file gone");
        let settling = Listing::of(&scan, 8).unwrap();
        assert!(
            !settling.unchanged(&now(vec![Some(key(2)), Some(key(3))])),
            "keys too recent to trust"
        );
        assert!(!Listing::default().unchanged(&now(vec![])), "nothing kept");
    }
}
