//! What shoshin agrees to read from a repository it does not trust.
//!
//! A records repository is input like any other: a record file may be a
//! symbolic link to `.git/config` (where CI keeps its token) or to a file of
//! the machine, a linked file may be a FIFO that blocks whoever opens it, a
//! cache may be a link to `/dev/zero`. So every file is judged by where it
//! really is (its canonical path) and by what it is before it is opened:
//! outside the repository, inside a hidden folder, not a regular file, or
//! larger than its limit, it is refused, with a reason a diagnostic can name.

use std::fs::Metadata;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The largest record file read (Markdown of a few pages is a few KB; the
/// limit leaves room for generated records while stopping a 2 GB file before
/// it is read whole).
pub const RECORD_LIMIT: u64 = 64 << 20;

/// The largest file a body may link to that is copied into the site.
pub const LINKED_FILE_LIMIT: u64 = 256 << 20;

/// The largest cache file read (the history of 2,000 commits of 10,000
/// records is a few MB).
pub const CACHE_LIMIT: u64 = 1 << 30;

/// Why a file is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A symbolic link (of the file or of a folder above it) leads out of the
    /// repository, to `target`.
    Outside { target: PathBuf },
    /// A symbolic link leads into a hidden file or folder of the repository,
    /// such as `.git`; `target` is relative to the repository.
    Hidden { target: PathBuf },
    /// Not a regular file: a FIFO, a socket or a device, which may block or
    /// never end when read.
    NotRegular { what: &'static str },
    /// Larger than the limit for its use.
    TooLarge { size: u64, limit: u64 },
}

impl Refusal {
    /// Why, in words that complete "this file is …" style messages.
    pub fn describe(&self) -> String {
        match self {
            Refusal::Outside { target } => format!(
                "it is a symbolic link to `{}`, outside the records repository",
                target.display()
            ),
            Refusal::Hidden { target } => format!(
                "it is a symbolic link to `{}`, a hidden file or folder of the repository",
                target.to_string_lossy().replace('\\', "/")
            ),
            Refusal::NotRegular { what } => format!("it is {what}, not a regular file"),
            Refusal::TooLarge { size, limit } => format!(
                "it is {} MB, more than the limit of {} MB",
                size.div_ceil(1 << 20),
                limit >> 20
            ),
        }
    }

    /// How to fix it.
    pub fn help(&self) -> &'static str {
        match self {
            Refusal::Outside { .. } | Refusal::Hidden { .. } => {
                "shoshin reads only files inside the repository and outside hidden folders: copy the file in instead of linking to it, or remove the link"
            }
            Refusal::NotRegular { .. } => "replace it with an ordinary file, or remove it",
            Refusal::TooLarge { .. } => "split or shrink the file, or list it under `ignore:` in shoshin.yaml",
        }
    }
}

/// What a path of the repository is, judged by where it really is.
#[derive(Debug)]
pub enum Judged {
    /// A regular file inside the repository, with its metadata.
    File(Metadata),
    /// A folder inside the repository.
    Folder,
    /// Nothing there (or a dangling link), or the path cannot be looked at.
    Missing(std::io::Error),
    /// Something shoshin must not read.
    Refused(Refusal),
}

/// Judges `full` (a path inside `root`): where it really is, after every
/// symbolic link of it and of its folders, relative to `canonical_root` (the
/// repository with its own links resolved), and what it is. A hidden name
/// in `allowed_hidden` (such as `.backlog`, where Backlog.md keeps its
/// tasks) is not refused.
pub fn judge(canonical_root: &Path, full: &Path, allowed_hidden: &[&str]) -> Judged {
    let meta = match std::fs::metadata(full) {
        Ok(meta) => meta,
        Err(error) => return Judged::Missing(error),
    };
    let real = match full.canonicalize() {
        Ok(real) => real,
        Err(error) => return Judged::Missing(error),
    };
    let Ok(inside) = real.strip_prefix(canonical_root) else {
        return Judged::Refused(Refusal::Outside { target: real });
    };
    if is_hidden(inside, allowed_hidden) {
        return Judged::Refused(Refusal::Hidden {
            target: inside.to_path_buf(),
        });
    }
    if meta.is_dir() {
        return Judged::Folder;
    }
    match not_regular(&meta) {
        Some(what) => Judged::Refused(Refusal::NotRegular { what }),
        None => Judged::File(meta),
    }
}

/// True when a component of `relative` is hidden (starts with a dot) and not
/// in `allowed`.
pub fn is_hidden(relative: &Path, allowed: &[&str]) -> bool {
    relative.components().any(|c| match c {
        Component::Normal(name) => {
            let name = name.to_string_lossy();
            name.starts_with('.') && !allowed.contains(&name.as_ref())
        }
        _ => false,
    })
}

/// What a file that is neither a regular file nor a folder is, in words;
/// `None` for a regular file or a folder.
pub fn not_regular(meta: &Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

/// Reads the file at `path` whole when it is a regular file of at most
/// `limit` bytes. FIFOs, sockets and devices are never opened (opening a
/// FIFO blocks until someone writes to it), and no more than `limit` bytes
/// are read even when the file grows meanwhile.
pub fn read_limited(path: &Path, limit: u64) -> std::io::Result<Result<Vec<u8>, Refusal>> {
    let meta = std::fs::metadata(path)?;
    if let Some(what) = not_regular(&meta) {
        return Ok(Err(Refusal::NotRegular { what }));
    }
    if meta.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is a folder",
        ));
    }
    if meta.len() > limit {
        return Ok(Err(Refusal::TooLarge {
            size: meta.len(),
            limit,
        }));
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(Refusal::TooLarge {
            size: bytes.len() as u64,
            limit,
        }));
    }
    Ok(Ok(bytes))
}

/// The largest template read.
pub const TEMPLATE_LIMIT: u64 = 16 << 20;

/// Reads a UTF-8 text file of at most `limit` bytes, with an error saying
/// why it was not read (a FIFO, a device, too large, not UTF-8).
pub fn read_text(path: &Path, limit: u64) -> anyhow::Result<String> {
    let bytes =
        read_limited(path, limit)?.map_err(|refusal| anyhow::anyhow!("not read: {}", refusal.describe()))?;
    Ok(String::from_utf8(bytes)?)
}

/// Reads a cache file: `None` when it is missing, not a regular file, too
/// large or unreadable (a cache is only ever a shortcut).
pub fn read_cache(path: &Path) -> Option<Vec<u8>> {
    read_limited(path, CACHE_LIMIT).ok()?.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_out_of_the_root_or_into_hidden_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "token").unwrap();
        std::fs::write(root.join("ok.md"), "fine").unwrap();
        std::fs::write(outside.path().join("secret"), "secret").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join(".git/config"), root.join("a.md")).unwrap();
            std::os::unix::fs::symlink(outside.path().join("secret"), root.join("b.md")).unwrap();
            match judge(&root, &root.join("a.md"), &[]) {
                Judged::Refused(Refusal::Hidden { target }) => assert_eq!(target, Path::new(".git/config")),
                other => panic!("{other:?}"),
            }
            assert!(matches!(
                judge(&root, &root.join("b.md"), &[]),
                Judged::Refused(Refusal::Outside { .. })
            ));
            assert!(matches!(
                judge(&root, Path::new("/dev/null"), &[]),
                Judged::Refused(Refusal::Outside { .. })
            ));
        }
        assert!(matches!(judge(&root, &root.join("ok.md"), &[]), Judged::File(_)));
        assert!(matches!(
            judge(&root, &root.join("no.md"), &[]),
            Judged::Missing(_)
        ));
    }

    #[test]
    fn reads_stop_at_the_limit_and_never_open_devices() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, vec![b'a'; 100]).unwrap();
        assert_eq!(read_limited(&path, 100).unwrap().unwrap().len(), 100);
        assert_eq!(
            read_limited(&path, 99).unwrap(),
            Err(Refusal::TooLarge { size: 100, limit: 99 })
        );
        #[cfg(unix)]
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 10).unwrap(),
            Err(Refusal::NotRegular { what: "a device" })
        ));
    }
}
