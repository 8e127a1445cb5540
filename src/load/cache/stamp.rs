//! File stamps: what lets the records cache vouch for a file without
//! reading it, as git's index does. A stamp hashes the file's path, the
//! kind its folder gives, its size, its modification and change times and
//! its inode: writing the file, renaming another over it, or touching it
//! changes at least one of them (the change time cannot be set back).
//!
//! A file written in the same tick of the file system's clock as it was
//! read could keep its times while its bytes changed. So a stamp is kept
//! only for a file whose times are [`SETTLED`] before the run that read it
//! began; a file changed more recently is read (and vouched for by its
//! bytes) until then. Stamps exist only on Unix, whose file systems give
//! change times and inodes; elsewhere every file is read.

use crate::model::Kind;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// How long before a run a file must have last changed for its stamp to be
/// kept: more than the coarsest file system clock (FAT's two seconds).
pub const SETTLED: Duration = Duration::from_secs(2);

/// A file's stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The hash of the path, kind, size, times and inode.
    pub hash: u64,
    /// True when the file last changed [`SETTLED`] before `since`: the
    /// stamp can be kept for the next run.
    pub settled: bool,
}

/// The stamp of the file `path` (relative to `root`), in a folder giving
/// `folder_kind`, for a run that began at `since`; `None` when it cannot be
/// read, or off Unix.
#[cfg(unix)]
pub fn of(root: &Path, path: &Path, folder_kind: Option<Kind>, since: SystemTime) -> Option<Stamp> {
    use std::hash::{Hash, Hasher};
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(root.join(path)).ok()?;
    if !metadata.is_file() {
        return None;
    }
    let mut hasher = std::hash::DefaultHasher::new();
    path.hash(&mut hasher);
    folder_kind.hash(&mut hasher);
    let times = [
        (metadata.mtime(), metadata.mtime_nsec()),
        (metadata.ctime(), metadata.ctime_nsec()),
    ];
    (metadata.len(), times, metadata.ino(), metadata.dev()).hash(&mut hasher);
    let latest = times
        .iter()
        .map(|&(s, ns)| i128::from(s) * 1_000_000_000 + i128::from(ns))
        .max()?;
    let since = since.duration_since(SystemTime::UNIX_EPOCH).ok()?;
    let settled = latest < since.saturating_sub(SETTLED).as_nanos() as i128;
    Some(Stamp {
        hash: hasher.finish(),
        settled,
    })
}

/// Off Unix, no stamps: every file is read.
#[cfg(not(unix))]
pub fn of(_: &Path, _: &Path, _: Option<Kind>, _: SystemTime) -> Option<Stamp> {
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(dir: &Path, text: &str) -> PathBuf {
        let path = PathBuf::from("PAY-1.md");
        std::fs::write(dir.join(&path), text).unwrap();
        path
    }

    #[test]
    fn a_stamp_changes_with_the_bytes_the_kind_or_a_rename_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let now = SystemTime::now();
        let path = file(dir.path(), "one");
        let first = of(dir.path(), &path, Some(Kind::Item), now).unwrap();
        assert_eq!(of(dir.path(), &path, Some(Kind::Item), now), Some(first));
        assert_ne!(
            of(dir.path(), &path, Some(Kind::Decision), now).unwrap().hash,
            first.hash
        );
        // Same size, written again: the change time (and inode, for the
        // renamed copy) differ even when the clock has not ticked.
        std::fs::write(dir.path().join("other.md"), "two").unwrap();
        std::fs::rename(dir.path().join("other.md"), dir.path().join(&path)).unwrap();
        assert_ne!(
            of(dir.path(), &path, Some(Kind::Item), now).unwrap().hash,
            first.hash
        );
    }

    #[test]
    fn only_a_file_changed_well_before_the_run_is_settled() {
        let dir = tempfile::tempdir().unwrap();
        let path = file(dir.path(), "text");
        let now = SystemTime::now();
        assert!(!of(dir.path(), &path, None, now).unwrap().settled, "just written");
        let later = now + SETTLED + Duration::from_secs(1);
        assert!(of(dir.path(), &path, None, later).unwrap().settled);
        assert_eq!(of(dir.path(), Path::new("missing.md"), None, later), None);
    }
}
