//! The portal's adapter of the cache store ([`crate::cache`]): what reading
//! one repository gave (its records, the problems loading them found, and
//! their history) at one commit, so that the next portal build does not
//! read a repository whose commit did not move.
//!
//! Each repository is kept as `CACHE/.reuse/NAME.bin` (beside the clones of
//! the `url:` repositories; a repository's name never starts with a dot).
//! The store's fingerprint covers this build of shoshin and the
//! repository's own configuration as the portal applies it (its
//! `shoshin.yaml`, `folders:`, `config:`); the value says what it was read
//! from, and is used only when that is still so:
//!
//! - the commit of `HEAD` (its history starts there);
//! - for a repository given by `path:`, a working tree that may hold
//!   changes not committed yet, the name and contents of every file the
//!   loader could read ([`files_stamp`]): an edited, added or removed file
//!   means the repository is read again, never served stale. A `url:`
//!   repository's files are written by shoshin from its commit.
//!
//! The records are kept as JSON (their front matter is a map of any JSON
//! value, which postcard cannot read back), inside the store's checksummed
//! file; what their `Serialize` leaves out of `data.json` (the file's text,
//! spans, what a reader of an existing format understood) is kept beside.

use crate::cache::Store;
use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::history::{History, Timeline};
use crate::load::Loaded;
use crate::model::reading::Reading;
use crate::model::Record;
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// What the kept value was read from: a value read for another is not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    /// The commit of `HEAD`, when the repository is in git.
    pub commit: Option<String>,
    /// [`files_stamp`] of a working tree (`path:`); `None` for `url:`.
    pub files: Option<u64>,
}

/// One repository's kept reading.
pub struct Kept {
    /// Its records and the problems loading them found.
    pub loaded: Loaded,
    /// Its history, one timeline per record.
    pub history: History,
}

/// The store of the portal whose fetched repositories are in `cache`, for
/// a repository read with `config`.
pub fn store(cache: &Path, config: &Config) -> Store {
    Store::in_folder(cache.join(".reuse"), config)
}

/// The file name of repository `name` in the store.
fn file(name: &str) -> String {
    format!("{name}.bin")
}

/// The reading of repository `name` kept for `key`, if there is one.
pub fn read(store: &Store, name: &str, key: &Key) -> Option<Kept> {
    let json: String = store.read(&file(name))?;
    let kept: Repository = serde_json::from_str(&json).ok()?;
    if kept.key != *key {
        return None;
    }
    let records = kept.records.into_iter().map(KeptRecord::into_record).collect();
    let diagnostics =
        |list: Vec<KeptDiagnostic>| list.into_iter().filter_map(KeptDiagnostic::into_diagnostic);
    let loaded = Loaded {
        records,
        diagnostics: diagnostics(kept.diagnostics).collect(),
        unparsed: kept.unparsed,
        skipped: kept.skipped,
    };
    let mut history = History::from_timelines(kept.timelines, kept.from_git, kept.head_time);
    history.missing = kept.missing.and_then(KeptDiagnostic::into_diagnostic);
    Some(Kept { loaded, history })
}

/// Keeps the reading of repository `name` for `key`.
pub fn write(store: &Store, name: &str, key: &Key, loaded: &Loaded, history: &History) {
    let kept = RepositoryRef {
        key,
        records: loaded.records.iter().map(KeptRecordRef::of).collect(),
        diagnostics: loaded.diagnostics.iter().map(KeptDiagnostic::of).collect(),
        unparsed: &loaded.unparsed,
        skipped: &loaded.skipped,
        timelines: &history.timelines,
        from_git: history.from_git,
        head_time: history.head_time,
        missing: history.missing.as_ref().map(KeptDiagnostic::of),
    };
    if let Ok(json) = serde_json::to_string(&kept) {
        store.write(&file(name), &json);
    }
}

/// Files larger than this are known by their size and modification time
/// rather than their contents: the loader reads no such file.
const HASHED_SIZE: u64 = 1 << 20;

/// The names and contents of the files under `root` the loader could read
/// (every folder it enters, `output` left out), hashed: any change to the
/// working tree changes it, while a fresh checkout of the same commit (new
/// file times, as in CI) does not.
pub fn files_stamp(root: &Path, output: &str) -> u64 {
    let output = Path::new(output.trim_matches('/'));
    let mut hasher = rustc_hash::FxHasher::default();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            entry.depth() == 0
                || !(entry.file_type().is_dir()
                    && (crate::load::is_skipped_folder(&entry.file_name().to_string_lossy())
                        || relative == output))
        });
    for entry in walker {
        let Ok(entry) = entry else {
            // What cannot be listed now may be next time: never reused.
            std::time::SystemTime::now().hash(&mut hasher);
            continue;
        };
        entry.path().hash(&mut hasher);
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        meta.len().hash(&mut hasher);
        if meta.len() > HASHED_SIZE {
            meta.modified().ok().hash(&mut hasher);
        } else if let Ok(bytes) = std::fs::read(entry.path()) {
            hasher.write(&bytes);
        }
    }
    hasher.finish()
}

/// A repository's reading as kept.
#[derive(Deserialize)]
struct Repository {
    key: Key,
    records: Vec<KeptRecord>,
    diagnostics: Vec<KeptDiagnostic>,
    unparsed: Vec<(PathBuf, String)>,
    skipped: Vec<(PathBuf, String)>,
    timelines: Vec<Timeline>,
    from_git: bool,
    head_time: Option<i64>,
    missing: Option<KeptDiagnostic>,
}

/// [`Repository`] as written, borrowing what it can.
#[derive(Serialize)]
struct RepositoryRef<'a> {
    key: &'a Key,
    records: Vec<KeptRecordRef<'a>>,
    diagnostics: Vec<KeptDiagnostic>,
    unparsed: &'a [(PathBuf, String)],
    skipped: &'a [(PathBuf, String)],
    timelines: &'a [Timeline],
    from_git: bool,
    head_time: Option<i64>,
    missing: Option<KeptDiagnostic>,
}

/// A record as kept: its `Serialize` and what that leaves out.
#[derive(Deserialize)]
struct KeptRecord {
    record: Record,
    source: String,
    body_start: usize,
    prose_tokens: Vec<(String, Range<usize>)>,
    reference_spans: Vec<Range<usize>>,
    link_spans: Vec<Range<usize>>,
    /// Per section: its lead, text and length.
    sections: Vec<(String, String, usize)>,
    reading: Option<Box<Reading>>,
}

impl KeptRecord {
    fn into_record(self) -> Record {
        let mut record = self.record;
        record.source = self.source;
        record.body_start = self.body_start;
        record.prose_tokens = self.prose_tokens;
        record.reading = self.reading;
        for (reference, span) in record.references.iter_mut().zip(self.reference_spans) {
            reference.span = span;
        }
        for (link, span) in record.file_links.iter_mut().zip(self.link_spans) {
            link.span = span;
        }
        for (section, (lead, text, chars)) in record.sections.iter_mut().zip(self.sections) {
            section.lead = lead;
            section.text = text;
            section.chars = chars;
        }
        record
    }
}

/// [`KeptRecord`] as written.
#[derive(Serialize)]
struct KeptRecordRef<'a> {
    record: &'a Record,
    source: &'a str,
    body_start: usize,
    prose_tokens: &'a [(String, Range<usize>)],
    reference_spans: Vec<&'a Range<usize>>,
    link_spans: Vec<&'a Range<usize>>,
    sections: Vec<(&'a str, &'a str, usize)>,
    reading: Option<&'a Reading>,
}

impl<'a> KeptRecordRef<'a> {
    fn of(record: &'a Record) -> KeptRecordRef<'a> {
        KeptRecordRef {
            record,
            source: &record.source,
            body_start: record.body_start,
            prose_tokens: &record.prose_tokens,
            reference_spans: record.references.iter().map(|r| &r.span).collect(),
            link_spans: record.file_links.iter().map(|l| &l.span).collect(),
            sections: record
                .sections
                .iter()
                .map(|s| (s.lead.as_str(), s.text.as_str(), s.chars))
                .collect(),
            reading: record.reading.as_deref(),
        }
    }
}

/// A diagnostic as kept: its code by name.
#[derive(Serialize, Deserialize)]
struct KeptDiagnostic {
    code: String,
    severity: Severity,
    file: PathBuf,
    line: usize,
    column: usize,
    span: Option<Range<usize>>,
    message: String,
    help: Option<String>,
}

impl KeptDiagnostic {
    fn of(d: &Diagnostic) -> KeptDiagnostic {
        KeptDiagnostic {
            code: d.code.as_str().to_string(),
            severity: d.severity,
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            span: d.span.clone(),
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }

    /// The diagnostic; `None` for a code this build does not know (the
    /// fingerprint makes that impossible, but a cache is never trusted).
    fn into_diagnostic(self) -> Option<Diagnostic> {
        let code = *Code::ALL.iter().find(|c| c.as_str() == self.code)?;
        Some(Diagnostic {
            code,
            severity: self.severity,
            file: self.file,
            line: self.line,
            column: self.column,
            span: self.span,
            message: self.message,
            help: self.help,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_is_kept_whole_and_used_for_its_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir_all(root.join("doc/adr")).unwrap();
        std::fs::create_dir_all(root.join("items")).unwrap();
        std::fs::write(
            root.join("doc/adr/0001-use-postgres.md"),
            "# 1. Use Postgres\n\nDate: 2026-03-02\n\n## Status\n\nAccepted\n\n## Context\n\nInvoices need a store, see [the item](../../items/PAY-1.md).\n",
        )
        .unwrap();
        std::fs::write(
            root.join("items/PAY-1.md"),
            "---\nid: PAY-1\ntitle: Export é\nstatus: draft\nestimate: 3\nsummary: one line\ndecisions: [ADR-0001, ADR-0404]\nextra: {a: [1, 2]}\n---\n## Why\nFinance reconciles by hand; see [[ADR-0001]] and PAY-2.\n- [ ] export @ana\n",
        )
        .unwrap();
        std::fs::write(root.join("items/broken.md"), "---\nid: [\n---\n").unwrap();
        let config = Config::default();
        let loaded = crate::load::load(&root, &config);
        let ids: Vec<&str> = loaded.records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["ADR-0001", "PAY-1", "broken"], "{:?}", loaded.diagnostics);
        assert!(!loaded.diagnostics.is_empty());
        let history = History::of_records(&root, &config, &loaded.records);
        let store = store(&dir.path().join("cache"), &config);
        let key = Key {
            commit: Some("a".repeat(40)),
            files: Some(files_stamp(&root, "public")),
        };
        write(&store, "payments", &key, &loaded, &history);
        let kept = read(&store, "payments", &key).expect("kept");
        assert_eq!(
            format!("{:?}", kept.loaded.records),
            format!("{:?}", loaded.records)
        );
        assert_eq!(kept.loaded.diagnostics, loaded.diagnostics);
        assert_eq!(kept.loaded.unparsed, loaded.unparsed);
        assert_eq!(kept.history.timelines, history.timelines);
        assert!(kept.loaded.records.iter().any(|r| r.reading.is_some()));

        let moved = Key {
            commit: Some("b".repeat(40)),
            ..key.clone()
        };
        assert!(read(&store, "payments", &moved).is_none(), "another commit");
        std::fs::write(root.join("items/PAY-2.md"), "---\nid: PAY-2\n---\n").unwrap();
        assert_ne!(key.files, Some(files_stamp(&root, "public")), "a file added");
        let before = files_stamp(&root, "public");
        std::fs::create_dir_all(root.join("public")).unwrap();
        std::fs::write(root.join("public/index.html"), "site").unwrap();
        assert_eq!(
            before,
            files_stamp(&root, "public"),
            "the output folder is not read"
        );
    }
}
