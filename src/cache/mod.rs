//! The one place shoshin keeps anything between runs: files in the
//! repository's git folder (`.git/shoshin/`, shared by its worktrees), each
//! written by a thin typed adapter of its user (today only the history's,
//! [`crate::history`]: what each commit changed never changes).
//!
//! Every file has the same layout and the same rules:
//!
//! - a header of [`MAGIC`], a fingerprint and a checksum, then the value
//!   encoded with [postcard](https://docs.rs/postcard) (serde);
//! - the fingerprint covers this build of shoshin (its version and a hash
//!   of its sources and `Cargo.lock`, made by `build.rs`) and the whole
//!   configuration: a file written by another build or for another
//!   `shoshin.yaml` is ignored and replaced, so no version number is ever
//!   bumped by hand;
//! - the checksum covers the encoded value: a damaged file is ignored with
//!   a note on stderr, never read as data and never a crash;
//! - writes go to a temporary file renamed into place, so a reader never
//!   sees half a file; failing to write (a read-only repository) only
//!   means the next run computes again.
//!
//! Deleting the folder is always safe. Outside a git repository there is
//! nowhere to keep anything, and nothing is kept.

use crate::config::Config;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// The start of every cache file.
const MAGIC: &[u8; 8] = b"shoshin1";

/// Bytes of the header: magic, fingerprint, checksum.
const HEADER: usize = 8 + 8 + 8;

/// Files earlier versions of shoshin kept in the folder, removed when the
/// store writes: their caches of records and of texts derived from bodies
/// are gone (each body is now read once per run), and they took about three
/// times the size of the Markdown.
const RETIRED: [&str; 5] = [
    "records.bin",
    "sections.bin",
    "search.bin",
    "bodies.bin",
    "history.json",
];

/// The cache folder of one records repository, for one build of shoshin
/// and one configuration.
pub struct Store {
    /// `.git/shoshin` of the repository.
    folder: PathBuf,
    /// This build of shoshin and this configuration.
    fingerprint: u64,
}

impl Store {
    /// The store of the git repository `repo`, for `config`.
    pub fn of(repo: &gix::Repository, config: &Config) -> Store {
        Store::in_folder(repo.common_dir().join("shoshin"), config)
    }

    /// The store kept in `folder`.
    pub fn in_folder(folder: PathBuf, config: &Config) -> Store {
        Store {
            folder,
            fingerprint: fingerprint(config),
        }
    }

    /// Where the file `name` is kept.
    pub fn path(&self, name: &str) -> PathBuf {
        self.folder.join(name)
    }

    /// The value kept as `name`; `None` when there is none, or it was
    /// written by another build or for another configuration, or it is
    /// damaged (then with a note on stderr).
    pub fn read<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        let file = self.path(name);
        // A FIFO, a device or a huge file in the cache's place is not read.
        let bytes = crate::safe_files::read_cache(&file)?;
        match decode(&bytes, self.fingerprint) {
            Read::Value(payload) => match postcard::from_bytes(payload) {
                Ok(value) => Some(value),
                Err(_) => damaged(&file),
            },
            Read::Other => None,
            Read::Damaged => damaged(&file),
        }
    }

    /// Keeps `value` as `name`, replacing what was there whole.
    pub fn write<T: Serialize>(&self, name: &str, value: &T) {
        let target = self.path(name);
        let temporary = self.path(&format!("{name}.{}.tmp", std::process::id()));
        let written = std::fs::create_dir_all(&self.folder).is_ok()
            && write_file(&temporary, value, self.fingerprint).is_ok()
            && std::fs::rename(&temporary, &target).is_ok();
        if !written {
            let _ = std::fs::remove_file(&temporary);
            return;
        }
        for retired in RETIRED {
            let _ = std::fs::remove_file(self.path(retired));
        }
    }
}

/// Writes `value` to a new file at `path` for `fingerprint`, as it is
/// encoded: the history's file is several times the size of a block, and
/// holding its encoding whole (grown by doubling, then copied behind the
/// header) raised the peak memory of a first `check`.
fn write_file<T: Serialize>(path: &Path, value: &T, fingerprint: u64) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom, Write};
    let mut file = std::fs::File::create(path)?;
    file.write_all(&header(fingerprint, 0))?;
    let blocks = Blocks {
        file: &mut file,
        block: Vec::with_capacity(BLOCK),
        hasher: rustc_hash::FxHasher::default(),
    };
    let sum = postcard::to_io(value, blocks)
        .map_err(std::io::Error::other)?
        .finish()?;
    // The checksum is known last: the header is written again with it.
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&header(fingerprint, sum))
}

/// Bytes of the payload checksummed and written at a time.
const BLOCK: usize = 64 << 10;

/// The payload on its way to the file, one [`BLOCK`] at a time, each
/// added to the checksum as [`checksum`] does.
struct Blocks<'a> {
    file: &'a mut std::fs::File,
    block: Vec<u8>,
    hasher: rustc_hash::FxHasher,
}

impl Blocks<'_> {
    fn write_block(&mut self) -> std::io::Result<()> {
        use std::io::Write;
        self.hasher.write(&self.block);
        self.file.write_all(&self.block)?;
        self.block.clear();
        Ok(())
    }

    /// Writes what is left; the payload's checksum.
    fn finish(mut self) -> std::io::Result<u64> {
        if !self.block.is_empty() {
            self.write_block()?;
        }
        Ok(self.hasher.finish())
    }
}

impl std::io::Write for Blocks<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let taken = bytes.len().min(BLOCK - self.block.len());
        self.block.extend_from_slice(&bytes[..taken]);
        if self.block.len() == BLOCK {
            self.write_block()?;
        }
        Ok(taken)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a cache file's bytes hold.
#[derive(Debug, PartialEq)]
enum Read<'a> {
    /// A value of this build and configuration, still encoded.
    Value(&'a [u8]),
    /// Not a file of this build and configuration (or not a cache file).
    Other,
    /// A file of this build and configuration whose bytes changed since.
    Damaged,
}

/// The payload of a cache file's `bytes` written for `fingerprint`.
fn decode(bytes: &[u8], fingerprint: u64) -> Read<'_> {
    let word = |at: usize| {
        bytes
            .get(at..at + 8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
    };
    if bytes.get(..8) != Some(MAGIC) || word(8) != Some(fingerprint) {
        return Read::Other;
    }
    match (word(16), bytes.get(HEADER..)) {
        (Some(sum), Some(payload)) if sum == checksum(payload) => Read::Value(payload),
        _ => Read::Damaged,
    }
}

/// The header of a cache file written for `fingerprint` whose payload
/// has the checksum `sum`.
fn header(fingerprint: u64, sum: u64) -> [u8; HEADER] {
    let mut header = [0; HEADER];
    header[..8].copy_from_slice(MAGIC);
    header[8..16].copy_from_slice(&fingerprint.to_le_bytes());
    header[16..].copy_from_slice(&sum.to_le_bytes());
    header
}

/// Says on stderr that the cache `file` is damaged and ignored.
fn damaged<T>(file: &Path) -> Option<T> {
    if !crate::terminal::quiet() {
        eprintln!(
            "note: the cache {} is damaged: it is ignored and written again",
            file.display()
        );
    }
    None
}

/// Identifies this build of shoshin and `config`.
fn fingerprint(config: &Config) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    MAGIC.hash(&mut hasher);
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    env!("SHOSHIN_SOURCE_HASH").hash(&mut hasher);
    // Every setting may change what a cache holds; a configuration that
    // cannot be written out matches no file.
    serde_json::to_string(config)
        .unwrap_or_else(|_| format!("{:?}", std::time::SystemTime::now()))
        .hash(&mut hasher);
    hasher.finish()
}

/// The checksum of a file's payload.
fn checksum(payload: &[u8]) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    for block in payload.chunks(BLOCK) {
        hasher.write(block);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path, config: &Config) -> Store {
        Store::in_folder(dir.join("shoshin"), config)
    }

    #[test]
    fn a_value_is_read_back_by_the_same_build_and_configuration_only() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::default();
        let value = (vec!["items".to_string()], Some(7u64));
        store(dir.path(), &config).write("kept.bin", &value);
        assert_eq!(store(dir.path(), &config).read("kept.bin"), Some(value));
        let other = Config {
            output: "elsewhere".into(),
            ..Config::default()
        };
        assert_eq!(
            store(dir.path(), &other).read::<(Vec<String>, Option<u64>)>("kept.bin"),
            None
        );
        assert_eq!(store(dir.path(), &config).read::<u64>("missing.bin"), None);
        let left: Vec<_> = std::fs::read_dir(dir.path().join("shoshin")).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
    }

    #[test]
    fn damaged_cut_or_foreign_bytes_are_never_read_as_data() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("kept.bin");
        let value = ("text", 42u32);
        write_file(&file, &value, 9).unwrap();
        let bytes = std::fs::read(&file).unwrap();
        let payload = postcard::to_allocvec(&value).unwrap();
        assert_eq!(decode(&bytes, 9), Read::Value(&payload[..]));
        assert_eq!(decode(&bytes, 8), Read::Other, "another build or configuration");
        assert_eq!(decode(b"shoshinH\x02\0\0\0{", 9), Read::Other, "an older layout");
        for cut in [HEADER - 1, HEADER, bytes.len() - 1] {
            assert_ne!(
                decode(&bytes[..cut], 9),
                Read::Value(&payload[..]),
                "cut at {cut}"
            );
        }
        let mut flipped = bytes.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(decode(&flipped, 9), Read::Damaged);
    }

    #[test]
    fn a_value_of_many_blocks_is_written_as_it_is_encoded_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::default();
        // Three whole blocks and part of a fourth, in pieces of every size.
        let value: Vec<String> = (0..40_000).map(|i| "x".repeat(i % 11)).collect();
        let payload = postcard::to_allocvec(&value).unwrap();
        assert!(payload.len() > 3 * BLOCK && !payload.len().is_multiple_of(BLOCK));
        store(dir.path(), &config).write("kept.bin", &value);
        let bytes = std::fs::read(dir.path().join("shoshin/kept.bin")).unwrap();
        assert_eq!(&bytes[HEADER..], &payload[..]);
        assert_eq!(decode(&bytes, fingerprint(&config)), Read::Value(&payload[..]));
        assert_eq!(
            store(dir.path(), &config).read::<Vec<String>>("kept.bin"),
            Some(value)
        );
        let mut flipped = bytes.clone();
        flipped[HEADER + 2 * BLOCK + 5] ^= 1;
        assert_eq!(
            decode(&flipped, fingerprint(&config)),
            Read::Damaged,
            "a change in a middle block"
        );
    }

    #[test]
    fn writing_removes_the_files_of_retired_caches() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("shoshin");
        std::fs::create_dir_all(&folder).unwrap();
        for name in RETIRED {
            std::fs::write(folder.join(name), "old").unwrap();
        }
        store(dir.path(), &Config::default()).write("kept.bin", &1u8);
        let left: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["kept.bin"]);
    }
}
