//! After every file is read: ids made unique where folders of existing
//! formats number their records the same way, and relations written as links
//! or ADR numbers turned into the ids of the records they name.

use super::Sources;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::reading::Target;
use crate::model::{Record, SourceFormat};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Settles the ids and relations of records read from existing formats.
pub fn settle(records: &mut [Record], sources: &Sources, diagnostics: &mut Vec<Diagnostic>) {
    records.sort_by(|a, b| a.file.cmp(&b.file));
    separate_sources(records, sources, diagnostics);
    separate_reused_numbers(records, diagnostics);
    separate_archived_tasks(records, diagnostics);
    note_gaps(records, sources, diagnostics);
    resolve_targets(records, sources);
}

/// Gaps in a folder's numbering: one note per folder, on the file after the
/// first gap (numbering by tens is common, lost files are not).
fn note_gaps(records: &[Record], sources: &Sources, diagnostics: &mut Vec<Diagnostic>) {
    let mut by_source: BTreeMap<usize, Vec<(u64, usize)>> = BTreeMap::new();
    for (i, record) in records.iter().enumerate() {
        if let Some((source, number)) = numbered(record) {
            by_source.entry(source).or_default().push((number, i));
        }
    }
    for (source, mut numbers) in by_source {
        numbers.sort();
        numbers.dedup_by_key(|(n, _)| *n);
        let mut missing = Vec::new();
        let mut after_first_gap = None;
        for pair in numbers.windows(2) {
            let ((a, _), (b, at)) = (pair[0], pair[1]);
            if b > a + 1 {
                missing.push(if b == a + 2 {
                    format!("{}", a + 1)
                } else {
                    format!("{}–{}", a + 1, b - 1)
                });
                after_first_gap.get_or_insert(at);
            }
        }
        let Some(at) = after_first_gap else {
            continue;
        };
        let more = match missing.len() {
            n if n > 5 => format!(" and {} more ranges", n - 5),
            _ => String::new(),
        };
        missing.truncate(5);
        diagnostics.push(
            Diagnostic::new(
                Code::FormatNote,
                &records[at].file,
                format!(
                    "numbers missing from `{}`: {}{more}",
                    sources.list[source].path.display(),
                    missing.join(", ")
                ),
            )
            .with_help("nothing to do if those numbers were never used; otherwise look for lost files"),
        );
    }
}

/// Backlog.md gives the id of an archived task to a new one: the archived
/// task's id becomes `BACK-12-archived`, with a note.
fn separate_archived_tasks(records: &mut [Record], diagnostics: &mut Vec<Diagnostic>) {
    let is_archived = |r: &Record| {
        r.format == SourceFormat::BacklogMd && r.file.components().any(|c| c.as_os_str() == "archive")
    };
    let active: HashMap<String, PathBuf> = records
        .iter()
        .filter(|r| !is_archived(r))
        .map(|r| (r.id.clone(), r.file.clone()))
        .collect();
    for record in records.iter_mut().filter(|r| is_archived(r)) {
        if let Some(other) = active.get(&record.id) {
            let old = record.id.clone();
            record.id = format!("{old}-archived");
            diagnostics.push(
                Diagnostic::new(
                    Code::FormatNote,
                    &record.file,
                    format!(
                        "`{old}` was given again to `{}`; this archived task is `{}`",
                        other.display(),
                        record.id
                    ),
                )
                .with_help("nothing to do: Backlog.md reuses the ids of archived tasks"),
            );
        }
    }
}

fn numbered(record: &Record) -> Option<(usize, u64)> {
    let reading = record.reading.as_ref()?;
    if record.format == SourceFormat::BacklogMd {
        return None;
    }
    Some((reading.source?, reading.number?))
}

/// When two folders both have an `ADR-0001`, the later folder's ids get a
/// prefix of their own (`ADR2-0001`), with a warning saying how to choose it.
fn separate_sources(records: &mut [Record], sources: &Sources, diagnostics: &mut Vec<Diagnostic>) {
    let mut by_source: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    for (i, record) in records.iter().enumerate() {
        match numbered(record) {
            Some((source, _)) => by_source
                .entry(sources.list[source].path.clone())
                .or_default()
                .push(i),
            None => {
                taken.insert(record.id.clone());
            }
        }
    }
    let mut first_holder: HashMap<String, PathBuf> = HashMap::new();
    for (folder, members) in by_source {
        let clash = members.iter().find_map(|&i| {
            first_holder
                .get(&records[i].id)
                .cloned()
                .or_else(|| taken.contains(&records[i].id).then(PathBuf::new))
        });
        if let Some(other) = clash {
            let prefix = records[members[0]]
                .id
                .split('-')
                .next()
                .unwrap_or("ADR")
                .to_string();
            let new_prefix = (2..)
                .map(|k| format!("{prefix}{k}"))
                .find(|p| {
                    members
                        .iter()
                        .all(|&i| !taken.contains(&renamed(&records[i].id, p)))
                })
                .unwrap_or_default();
            for &i in &members {
                records[i].id = renamed(&records[i].id, &new_prefix);
            }
            let first = &records[members[0]];
            let other = if other.as_os_str().is_empty() {
                "another record".to_string()
            } else {
                format!("`{}`", other.display())
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::FormatOddity,
                    &first.file,
                    format!(
                        "the decisions of `{}` are numbered like those of {other}, so their ids here are written `{new_prefix}-…` (this one is {})",
                        folder.display(),
                        first.id
                    ),
                )
                .with_help(format!("give each folder its own prefix: `sources: [{{path: {}, prefix: …}}]` in shoshin.yaml", folder.display())),
            );
        }
        for &i in &members {
            first_holder
                .entry(records[i].id.clone())
                .or_insert_with(|| folder.clone());
            taken.insert(records[i].id.clone());
        }
    }
}

fn renamed(id: &str, prefix: &str) -> String {
    match id.split_once('-') {
        Some((_, rest)) => format!("{prefix}-{rest}"),
        None => format!("{prefix}-{id}"),
    }
}

/// Two files of one folder with the same number: the first keeps the id, the
/// others add their slug (`ADR-0007-use-redis`), with a warning.
fn separate_reused_numbers(records: &mut [Record], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(usize, u64), usize> = HashMap::new();
    for i in 0..records.len() {
        let Some(key) = numbered(&records[i]) else {
            continue;
        };
        match seen.get(&key) {
            None => {
                seen.insert(key, i);
            }
            Some(&first) => {
                let slug = records[i]
                    .reading
                    .as_ref()
                    .map(|r| r.slug.clone())
                    .unwrap_or_default();
                let old = records[i].id.clone();
                records[i].id = if slug.is_empty() {
                    format!("{old}-{}", i)
                } else {
                    format!("{old}-{slug}")
                };
                let message = format!(
                    "number {} is also used by `{}`; this record's id is `{}`",
                    key.1,
                    records[first].file.display(),
                    records[i].id
                );
                diagnostics.push(
                    Diagnostic::new(Code::FormatOddity, &records[i].file, message)
                        .with_help("give it a number of its own (and fix the links to it)"),
                );
            }
        }
    }
}

/// Turns link and number targets into ids.
fn resolve_targets(records: &mut [Record], sources: &Sources) {
    let by_file: HashMap<PathBuf, String> = records.iter().map(|r| (r.file.clone(), r.id.clone())).collect();
    let mut by_number: HashMap<(usize, u64), String> = HashMap::new();
    for record in records.iter() {
        if let Some(key) = numbered(record) {
            by_number.entry(key).or_insert_with(|| record.id.clone());
        }
    }
    for record in records.iter_mut() {
        let Some(reading) = record.reading.as_ref() else {
            continue;
        };
        let source = reading.source;
        let prefix = source.map(|s| sources.list[s].prefix.as_str()).unwrap_or("ADR");
        for (index, target) in &reading.targets {
            let id = match target {
                Target::Path(path) => by_file
                    .get(path)
                    .cloned()
                    .unwrap_or_else(|| id_of_missing(path, prefix)),
                Target::Number(n) => source
                    .and_then(|s| by_number.get(&(s, *n)).cloned())
                    .unwrap_or_else(|| format!("{prefix}-{n:04}")),
                Target::Id(id) => id.clone(),
            };
            if let Some(reference) = record.references.get_mut(*index) {
                reference.target = id;
            }
        }
    }
}

/// The id a missing linked file would have had.
fn id_of_missing(path: &Path, prefix: &str) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let digits = stem.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 8 {
        format!("{prefix}-{}", &stem[..digits])
    } else {
        stem
    }
}
