//! The history's adapter of the cache store ([`crate::cache`]): what each
//! commit changed in the records folders (`.git/shoshin/history.bin`).
//! A commit never changes, so a run compares only the commits it has not
//! seen: on 2,000 commits this is most of what a run with nothing kept
//! spends on history.

use super::facts::Facts;
use super::walk::{Compared, Compared1};
use crate::cache::Store;
use gix::ObjectId;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::sync::Arc;

/// The name of the file in the store.
const FILE: &str = "history.bin";

/// Each commit's changes (`None`: it touched no record), by commit id in hex.
pub type Commits = HashMap<String, Option<Compared>>;

/// The commits kept for `folders` (the record folders, from the
/// repository's root); empty when none are kept for them.
pub fn read(store: &Store, folders: &[Vec<String>]) -> Commits {
    let kept: Option<(Vec<Vec<String>>, Commits)> = store.read(FILE);
    match kept {
        Some((kept_folders, commits)) if kept_folders == folders => commits,
        _ => Commits::new(),
    }
}

/// Keeps `commits` of `folders`.
pub fn write(store: &Store, folders: &[Vec<String>], commits: &Commits) {
    store.write(FILE, &(folders, commits));
}

impl Serialize for Compared {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.commit, &self.changes).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Compared {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (commit, changes) = Deserialize::deserialize(deserializer)?;
        Ok(Compared { commit, changes })
    }
}

/// A file change as kept: object ids as their bytes.
type KeptChange = (
    String,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    Option<String>,
    Option<String>,
    Option<Arc<Facts>>,
);

impl Serialize for Compared1 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let bytes = |id: &Option<ObjectId>| id.map(|id| id.as_slice().to_vec());
        let kept: KeptChange = (
            self.path.clone(),
            bytes(&self.old),
            bytes(&self.new),
            self.status.clone(),
            self.id.clone(),
            self.facts.clone(),
        );
        kept.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Compared1 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (path, old, new, status, id, facts): KeptChange = Deserialize::deserialize(deserializer)?;
        let object = |bytes: Option<Vec<u8>>| -> Result<Option<ObjectId>, D::Error> {
            bytes
                .map(|b| ObjectId::try_from(b.as_slice()).map_err(serde::de::Error::custom))
                .transpose()
        };
        Ok(Compared1 {
            path,
            old: object(old)?,
            new: object(new)?,
            status,
            id,
            facts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::history::walk::Commit;

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
                        facts: Some(Arc::new(Facts {
                            sprint: Some("2026-S14".into()),
                            ..Facts::default()
                        })),
                    },
                    Compared1 {
                        path: "items/PAY-2.md".into(),
                        old: Some(id(&"2".repeat(40))),
                        new: None,
                        status: None,
                        id: None,
                        facts: None,
                    },
                ],
            }),
        );
        (folders, commits)
    }

    #[test]
    fn what_is_kept_is_read_back_whole_for_the_same_folders_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::in_folder(dir.path().join("shoshin"), &Config::default());
        let (folders, commits) = sample();
        write(&store, &folders, &commits);
        assert_eq!(read(&store, &folders), commits);
        assert!(read(&store, &folders[..1]).is_empty(), "other folders");
    }
}
