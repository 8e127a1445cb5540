//! The walk's results kept between runs, in the repository's git folder
//! (`.git/shoshin/history.bin`): what each commit changed in the records
//! folders never changes, so a run compares only the commits it has not
//! seen. Deleting the file is always safe; a file that cannot be read, or
//! was written by another version of the format or for other folders, is
//! ignored and replaced.
//!
//! The file is in the binary encoding of the records cache
//! ([`crate::binary`]), after a magic number and a version: parsing the same
//! data as JSON (`history.json`, which earlier versions wrote and this one
//! removes) took 35 ms of a 10,000-item run, longer than listing the commits
//! beside it. Reading checks every length and tag, and gives nothing at all
//! for a file it does not understand.

use super::walk::{Commit, Compared, Compared1};
use crate::binary::{Decode, Encode, Reader, Writer};
use gix::ObjectId;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The file's first bytes.
const MAGIC: &[u8; 8] = b"shoshinH";

/// Bumped whenever what is kept per commit, how it is computed, or the
/// layout changes, [`crate::binary`]'s included.
const VERSION: u32 = 3;

/// The name of the file, in `.git/shoshin`.
const FILE_NAME: &str = "history.bin";

/// The file earlier versions kept the cache in, as JSON.
const OLD_FILE_NAME: &str = "history.json";

/// Each commit's changes (`None`: it touched no record), by commit id in hex.
pub type Commits = HashMap<String, Option<Compared>>;

/// Where the cache of the repository `repo` lives.
pub fn location(repo: &gix::Repository) -> PathBuf {
    repo.common_dir().join("shoshin").join(FILE_NAME)
}

/// The commits kept at `file` for `folders`; empty when there is no usable cache.
pub fn read(file: &Path, folders: &[Vec<String>]) -> Commits {
    crate::safe_files::read_cache(file)
        .and_then(|bytes| decode(&bytes, folders))
        .unwrap_or_default()
}

/// Keeps `commits` at `file`, written whole to a temporary file and renamed
/// into place, so that a reader never sees half of it. Failing to write
/// (a read-only repository) only means the next run walks again.
pub fn write(file: &Path, folders: &[Vec<String>], commits: &Commits) {
    let Some(dir) = file.parent() else { return };
    let temporary = dir.join(format!("{FILE_NAME}.{}.tmp", std::process::id()));
    let written =
        std::fs::create_dir_all(dir).is_ok() && std::fs::write(&temporary, encode(folders, commits)).is_ok();
    if !written || std::fs::rename(&temporary, file).is_err() {
        let _ = std::fs::remove_file(&temporary);
        return;
    }
    let _ = std::fs::remove_file(dir.join(OLD_FILE_NAME));
}

/// The file's bytes for `commits` of `folders`.
fn encode(folders: &[Vec<String>], commits: &Commits) -> Vec<u8> {
    let mut out = Writer::new(Vec::with_capacity(64 + commits.len() * 256));
    out.bytes.extend_from_slice(MAGIC);
    u64::from(VERSION).encode(&mut out);
    folders.encode(&mut out);
    commits.len().encode(&mut out);
    for (id, compared) in commits {
        id.encode(&mut out);
        compared.encode(&mut out);
    }
    out.bytes
}

/// The commits `bytes` hold, when they are a cache of this version for
/// `folders`, whole.
fn decode(bytes: &[u8], folders: &[Vec<String>]) -> Option<Commits> {
    let mut input = Reader::new(bytes);
    if input.take(MAGIC.len())? != MAGIC || u64::decode(&mut input)? != u64::from(VERSION) {
        return None;
    }
    if Vec::<Vec<String>>::decode(&mut input)? != folders {
        return None;
    }
    let count = input.length()?;
    let mut commits = Commits::with_capacity(count);
    for _ in 0..count {
        commits.insert(
            String::decode(&mut input)?,
            Option::<Compared>::decode(&mut input)?,
        );
    }
    input.is_empty().then_some(commits)
}

impl Encode for Compared {
    fn encode(&self, out: &mut Writer) {
        let Commit {
            id,
            author,
            time,
            offset,
        } = &self.commit;
        id.encode(out);
        author.encode(out);
        time.encode(out);
        offset.encode(out);
        self.changes.encode(out);
    }
}

impl Decode for Compared {
    fn decode(input: &mut Reader) -> Option<Self> {
        let commit = Commit {
            id: String::decode(input)?,
            author: String::decode(input)?,
            time: i64::decode(input)?,
            offset: i32::decode(input)?,
        };
        Some(Compared {
            commit,
            changes: Vec::decode(input)?,
        })
    }
}

impl Encode for Compared1 {
    fn encode(&self, out: &mut Writer) {
        self.path.encode(out);
        self.old.map(Object).encode(out);
        self.new.map(Object).encode(out);
        self.status.encode(out);
        self.id.encode(out);
    }
}

impl Decode for Compared1 {
    fn decode(input: &mut Reader) -> Option<Self> {
        Some(Compared1 {
            path: String::decode(input)?,
            old: Option::<Object>::decode(input)?.map(|o| o.0),
            new: Option::<Object>::decode(input)?.map(|o| o.0),
            status: Option::decode(input)?,
            id: Option::decode(input)?,
        })
    }
}

/// An object id, written as its bytes after their number (20 for SHA-1).
struct Object(ObjectId);

impl Encode for Object {
    fn encode(&self, out: &mut Writer) {
        let bytes = self.0.as_slice();
        bytes.len().encode(out);
        out.bytes.extend_from_slice(bytes);
    }
}

impl Decode for Object {
    fn decode(input: &mut Reader) -> Option<Self> {
        let len = input.length()?;
        ObjectId::try_from(input.take(len)?).ok().map(Object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Vec<Vec<String>>, Commits) {
        let folders = vec![vec!["decisions".to_string()], vec!["items".to_string()]];
        let id = |hex: &str| ObjectId::from_hex(hex.as_bytes()).unwrap();
        let mut commits = Commits::new();
        commits.insert("a".repeat(40), None);
        commits.insert(
            "b".repeat(40),
            Some(Compared {
                commit: Commit {
                    id: "b".repeat(40),
                    author: "Ana Lima".into(),
                    time: 1_771_719_513,
                    offset: -19_800,
                },
                changes: vec![
                    Compared1 {
                        path: "decisions/ADR-1-é.md".into(),
                        old: None,
                        new: Some(id(&"1".repeat(40))),
                        status: Some("proposed".into()),
                        id: Some("ADR-1".into()),
                    },
                    Compared1 {
                        path: "items/PAY-2.md".into(),
                        old: Some(id(&"2".repeat(40))),
                        new: None,
                        status: None,
                        id: None,
                    },
                ],
            }),
        );
        (folders, commits)
    }

    #[test]
    fn what_is_written_is_read_back_whole() {
        let (folders, commits) = sample();
        assert_eq!(decode(&encode(&folders, &commits), &folders), Some(commits));
    }

    #[test]
    fn a_cache_for_other_folders_another_version_or_damaged_is_not_used() {
        let (folders, commits) = sample();
        let bytes = encode(&folders, &commits);
        assert_eq!(decode(&bytes, &folders[..1]), None, "other folders");
        let mut other_version = bytes.clone();
        other_version[MAGIC.len()] ^= 1;
        assert_eq!(decode(&other_version, &folders), None, "another version");
        for cut in [0, 5, MAGIC.len() + 4, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(decode(&bytes[..cut], &folders), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer, &folders), None, "bytes after the end");
        assert_eq!(
            decode(b"{\"version\": 1, \"commits\": [", &folders),
            None,
            "the JSON of old"
        );
    }

    #[test]
    fn writing_replaces_the_json_file_of_earlier_versions() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("shoshin").join(FILE_NAME);
        let old = dir.path().join("shoshin").join(OLD_FILE_NAME);
        std::fs::create_dir_all(old.parent().unwrap()).unwrap();
        std::fs::write(&old, "{}").unwrap();
        let (folders, commits) = sample();
        write(&file, &folders, &commits);
        assert_eq!(read(&file, &folders), commits);
        assert!(!old.exists());
        let left: Vec<_> = std::fs::read_dir(file.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
    }
}
