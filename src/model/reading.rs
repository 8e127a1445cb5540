//! What a reader of an existing format understood about one record, kept on
//! the record for `check --explain` and for the references resolved once
//! every record is loaded.

use super::{ItemCategory, StatusCategory};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// One field a reader read: what, where, and from which marker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldRead {
    /// The record field (`title`, `status`, `date`…).
    pub field: &'static str,
    /// The value read, after mapping (`accepted` for `✅ Accepted`).
    pub value: String,
    /// 1-based line it was read on.
    pub line: usize,
    /// The marker it was read from (`` `## Status` section ``, `front matter`).
    pub from: String,
}

/// What a reader of an existing format understood about one record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// Fields read, in reading order.
    pub fields: Vec<FieldRead>,
    /// The status as the file wrote it, decoration included.
    pub written_status: Option<String>,
    /// The category the reader placed the status in.
    pub category: Option<StatusCategory>,
    /// References whose target is a file or an ADR number, resolved once every
    /// record is loaded: (index in `references`, target).
    pub targets: Vec<(usize, Target)>,
    /// Index of the source folder in [`Sources::list`].
    pub source: Option<usize>,
    /// The number in the file name (`7` for `0007-x.md`).
    pub number: Option<u64>,
    /// The file name after the number (`x` for `0007-x.md`).
    pub slug: String,
    /// The category the record's place gives, whatever its status says: a
    /// Backlog.md task in `completed/` or `archive/tasks/` is closed, one in
    /// `drafts/` open.
    pub place_category: Option<ItemCategory>,
}

/// What a relation points at, before the index knows every record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Target {
    /// A linked file, relative to the records root.
    Path(PathBuf),
    /// An ADR number of the same folder (`ADR-0005`, `ADR 5`, `#5`, `0005`).
    Number(u64),
    /// Any other id, as written.
    Id(String),
}

impl<'de> Deserialize<'de> for FieldRead {
    /// Reads what `Serialize` writes (a portal's kept records).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Written {
            field: String,
            value: String,
            line: usize,
            from: String,
        }
        let written = Written::deserialize(deserializer)?;
        Ok(FieldRead {
            field: field_name(written.field),
            value: written.value,
            line: written.line,
            from: written.from,
        })
    }
}

/// A field name read back: the readers' names are a handful of words, each
/// kept once for the whole run.
fn field_name(name: String) -> &'static str {
    use std::sync::Mutex;
    static NAMES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = names.iter().find(|n| **n == name) {
        return known;
    }
    let kept: &'static str = Box::leak(name.into_boxed_str());
    names.push(kept);
    kept
}
