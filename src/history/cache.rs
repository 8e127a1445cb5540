//! The walk's results kept between runs, in the repository's git folder
//! (`.git/shoshin/history.bin`): what each commit changed in the records
//! folders never changes, so a run compares only the commits it has not
//! seen. Deleting the file is always safe; a file that cannot be read, or
//! was written by another version of the format or for other folders, is
//! ignored and replaced.
//!
//! The file is binary, little-endian, every string and list preceded by its
//! length: parsing the same data as JSON (`history.json`, which earlier
//! versions wrote and this one removes) took 35 ms of a 10,000-item run,
//! longer than listing the commits beside it. Reading checks every length
//! and tag, and gives nothing at all for a file it does not understand.

use super::walk::{Commit, Compared, Compared1};
use gix::ObjectId;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The file's first bytes.
const MAGIC: &[u8; 8] = b"shoshinH";

/// Bumped whenever what is kept per commit, how it is computed, or the
/// layout changes.
const VERSION: u32 = 2;

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
    std::fs::read(file)
        .ok()
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
    let mut out = Output(Vec::with_capacity(64 + commits.len() * 256));
    out.0.extend_from_slice(MAGIC);
    out.u32(VERSION);
    out.len(folders.len());
    for folder in folders {
        out.len(folder.len());
        folder.iter().for_each(|segment| out.string(segment));
    }
    out.len(commits.len());
    for (id, compared) in commits {
        out.string(id);
        let Some(compared) = compared else {
            out.0.push(0);
            continue;
        };
        out.0.push(1);
        let commit = &compared.commit;
        out.string(&commit.id);
        out.string(&commit.author);
        out.0.extend_from_slice(&commit.time.to_le_bytes());
        out.0.extend_from_slice(&commit.offset.to_le_bytes());
        out.len(compared.changes.len());
        for change in &compared.changes {
            out.string(&change.path);
            out.object(change.old.as_ref());
            out.object(change.new.as_ref());
            out.optional(change.status.as_deref());
            out.optional(change.id.as_deref());
        }
    }
    out.0
}

/// The commits `bytes` hold, when they are a cache of this version for
/// `folders`, whole.
fn decode(bytes: &[u8], folders: &[Vec<String>]) -> Option<Commits> {
    let mut input = Input(bytes);
    if input.take(MAGIC.len())? != MAGIC || input.u32()? != VERSION {
        return None;
    }
    let count = input.len()?;
    let mut kept = Vec::with_capacity(count);
    for _ in 0..count {
        let segments = input.len()?;
        kept.push(
            (0..segments)
                .map(|_| input.string())
                .collect::<Option<Vec<_>>>()?,
        );
    }
    if kept != folders {
        return None;
    }
    let count = input.len()?;
    let mut commits = Commits::with_capacity(count);
    for _ in 0..count {
        let id = input.string()?;
        let compared = match input.byte()? {
            0 => None,
            1 => {
                let commit = Commit {
                    id: input.string()?,
                    author: input.string()?,
                    time: i64::from_le_bytes(input.take(8)?.try_into().ok()?),
                    offset: i32::from_le_bytes(input.take(4)?.try_into().ok()?),
                };
                let changes = input.len()?;
                let changes = (0..changes)
                    .map(|_| {
                        Some(Compared1 {
                            path: input.string()?,
                            old: input.object()?,
                            new: input.object()?,
                            status: input.optional()?,
                            id: input.optional()?,
                        })
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some(Compared { commit, changes })
            }
            _ => return None,
        };
        commits.insert(id, compared);
    }
    input.0.is_empty().then_some(commits)
}

/// The file's bytes, being written.
struct Output(Vec<u8>);

impl Output {
    fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn len(&mut self, len: usize) {
        self.u32(u32::try_from(len).unwrap_or(u32::MAX));
    }

    fn string(&mut self, text: &str) {
        self.len(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    fn optional(&mut self, text: Option<&str>) {
        match text {
            None => self.0.push(0),
            Some(text) => {
                self.0.push(1);
                self.string(text);
            }
        }
    }

    /// An optional object id: its length (0 for none), then its bytes.
    fn object(&mut self, id: Option<&ObjectId>) {
        let bytes = id.map_or(&[][..], |id| id.as_slice());
        self.0.push(bytes.len() as u8);
        self.0.extend_from_slice(bytes);
    }
}

/// The file's bytes not read yet; every read is `None` past their end.
struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// A length, which can be no more than the bytes left (each element
    /// takes at least one), so that a damaged file allocates nothing large.
    fn len(&mut self) -> Option<usize> {
        let len = usize::try_from(self.u32()?).ok()?;
        (len <= self.0.len()).then_some(len)
    }

    fn string(&mut self) -> Option<String> {
        let len = self.len()?;
        std::str::from_utf8(self.take(len)?).ok().map(str::to_string)
    }

    fn optional(&mut self) -> Option<Option<String>> {
        match self.byte()? {
            0 => Some(None),
            1 => Some(Some(self.string()?)),
            _ => None,
        }
    }

    fn object(&mut self) -> Option<Option<ObjectId>> {
        match self.byte()? {
            0 => Some(None),
            len => Some(Some(ObjectId::try_from(self.take(usize::from(len))?).ok()?)),
        }
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
