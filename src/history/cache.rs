//! The walk's results kept between runs, in the repository's git folder
//! (`.git/shoshin/history.json`): what each commit changed in the records
//! folders never changes, so a run compares only the commits it has not
//! seen. Deleting the file is always safe; a file that cannot be read, or
//! was written by another version of shoshin or for other folders, is
//! ignored and replaced.

use super::walk::Compared;
use gix::ObjectId;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Bumped whenever what is kept per commit, or how it is computed, changes.
const VERSION: u32 = 1;

/// Each commit's changes (`None`: it touched no record), by commit id in hex.
pub type Commits = HashMap<String, Option<Compared>>;

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    /// The folders looked at, relative to the repository's top.
    folders: Vec<Vec<String>>,
    commits: Commits,
}

/// Where the cache of the repository `repo` lives.
pub fn location(repo: &gix::Repository) -> PathBuf {
    repo.common_dir().join("shoshin").join("history.json")
}

/// The commits kept at `file` for `folders`; empty when there is no usable cache.
pub fn read(file: &Path, folders: &[Vec<String>]) -> Commits {
    let Ok(bytes) = std::fs::read(file) else {
        return Commits::new();
    };
    match serde_json::from_slice::<CacheFile>(&bytes) {
        Ok(cache) if cache.version == VERSION && cache.folders == folders => cache.commits,
        _ => Commits::new(),
    }
}

/// Keeps `commits` at `file`, written whole to a temporary file and renamed
/// into place, so that a reader never sees half of it. Failing to write
/// (a read-only repository) only means the next run walks again.
pub fn write(file: &Path, folders: &[Vec<String>], commits: &Commits) {
    #[derive(Serialize)]
    struct Borrowed<'a> {
        version: u32,
        folders: &'a [Vec<String>],
        commits: &'a Commits,
    }
    let Some(dir) = file.parent() else { return };
    let temporary = dir.join(format!("history.json.{}.tmp", std::process::id()));
    let written = std::fs::create_dir_all(dir).is_ok()
        && serde_json::to_vec(&Borrowed {
            version: VERSION,
            folders,
            commits,
        })
        .is_ok_and(|bytes| std::fs::write(&temporary, bytes).is_ok());
    if !written || std::fs::rename(&temporary, file).is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
}

/// Object ids as hex strings, for `#[serde(with = "…")]`.
pub mod hex_id {
    use super::ObjectId;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes an optional object id as hex.
    pub fn serialize<S: Serializer>(id: &Option<ObjectId>, to: S) -> Result<S::Ok, S::Error> {
        match id {
            Some(id) => to.serialize_some(&id.to_string()),
            None => to.serialize_none(),
        }
    }

    /// Reads an optional object id from hex.
    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Option<ObjectId>, D::Error> {
        Option::<String>::deserialize(from)?
            .map(|hex| ObjectId::from_hex(hex.as_bytes()).map_err(serde::de::Error::custom))
            .transpose()
    }
}
