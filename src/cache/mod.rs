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
        let Ok(payload) = postcard::to_allocvec(value) else {
            return;
        };
        let target = self.path(name);
        let temporary = self.path(&format!("{name}.{}.tmp", std::process::id()));
        let written = std::fs::create_dir_all(&self.folder).is_ok()
            && std::fs::write(&temporary, encode(&payload, self.fingerprint)).is_ok()
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

/// A cache file's bytes for `payload` written for `fingerprint`.
fn encode(payload: &[u8], fingerprint: u64) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEADER + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&fingerprint.to_le_bytes());
    bytes.extend_from_slice(&checksum(payload).to_le_bytes());
    bytes.extend_from_slice(payload);
    bytes
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
    hasher.write(payload);
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
        let payload = postcard::to_allocvec(&("text", 42u32)).unwrap();
        let bytes = encode(&payload, 9);
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
