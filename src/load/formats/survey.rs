//! Record folders that no configuration names, found by looking at the
//! Markdown files the walk met outside the configured and well-known folders.
//!
//! A folder (at any depth) becomes a source of records, read like the
//! well-known ADR folders, when:
//!
//! 1. its name says so: `adr`, `adrs`, `decisions`, `decision-records`,
//!    `decision-log`, `architecture-decisions`,
//!    `architecture-decision-record(s)`, `rfc`, `rfcs`, `proposals`, `keps`,
//!    alone or followed by `-` or `_` and more (`proposals-accepted`);
//! 2. or most of its entries (at least three) are named like records: a
//!    number, a date or an id first (`0007-x.md`, `2025-03-24-x.md`,
//!    `20250324-x.md`, `202503-x.md`, `ADR-7.md`, `adr-007-x.md`), files or
//!    folders of one record each (`0007-x/README.md`), and at least half of
//!    those state a status (so numbered tutorial steps are not records);
//! 3. or most of its files (at least three) state a status in a metadata
//!    block at their top (front matter, a `Status:` line or bullet, a
//!    `| Status | … |` table row, a `## Status` section).
//!
//! A folder inside a folder found this way is part of it, not a source of
//! its own. In folders found by their names' shape (2), a file named
//! otherwise is a record only when it states a status; in folders found by
//! content (3), only files that state a status are records; the others are
//! pages about the folder (an index, notes), listed with that reason.

use super::sources::Source;
use super::{is_folder_doc, Sources};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Kind, SourceFormat};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Folder names that hold decisions, proposals or RFCs.
const DECISION_FOLDER_WORDS: &[&str] = &[
    "adr",
    "adrs",
    "decisions",
    "decision-records",
    "decision-log",
    "architecture-decisions",
    "architecture-decision-record",
    "architecture-decision-records",
    "rfc",
    "rfcs",
    "proposals",
    "keps",
];

/// How many entries a folder needs before its shape or content makes it a
/// source: two dated notes are a coincidence, three a convention.
const AT_LEAST: usize = 3;

/// Why a folder was taken as a source, which decides what in it is a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundBy {
    /// Its name (`adr`, `rfcs`, `proposals`…): every Markdown file is a record.
    Name,
    /// Its entries' names: files named otherwise need a status.
    NameShape,
    /// Its files' metadata: only files that state a status are records.
    Content,
}

/// True when a folder's name says it holds decisions, proposals or RFCs.
pub fn is_decision_folder_name(name: &str) -> bool {
    let name = name.to_lowercase();
    DECISION_FOLDER_WORDS.iter().any(|word| {
        name == *word
            || name
                .strip_prefix(word)
                .is_some_and(|rest| rest.starts_with(['-', '_']) && rest.len() > 1)
    })
}

/// The id prefix a folder's name suggests: `RFC` for `rfcs`, `KEP` for
/// `keps`, `ADR` otherwise.
fn prefix_for(folder: &Path) -> &'static str {
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.starts_with("rfc") {
        "RFC"
    } else if name.starts_with("kep") {
        "KEP"
    } else {
        "ADR"
    }
}

/// One entry of a folder: a Markdown file, or a subfolder holding a record
/// in its `README.md` or `index.md`.
struct Entry<'a> {
    /// The name that identifies the record (file stem or folder name).
    name: String,
    /// The Markdown file.
    file: &'a Path,
}

/// Adds the sources rules 1 to 3 find among `files` (relative Markdown
/// paths that no configured folder or known source holds).
pub fn add_sources(root: &Path, files: &[&Path], sources: &mut Sources) {
    let mut folders: BTreeMap<&Path, Vec<Entry>> = BTreeMap::new();
    for &file in files {
        let Some(parent) = file.parent() else { continue };
        if is_folder_doc(file) {
            // `0007-x/README.md` is the record of its folder, an entry of the folder above.
            if let (Some(grand), Some(name)) = (parent.parent(), parent.file_name()) {
                let name = name.to_string_lossy().into_owned();
                if crate::parse::ids::is_record_name(&name) {
                    folders.entry(grand).or_default().push(Entry { name, file });
                }
            }
            continue;
        }
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        folders.entry(parent).or_default().push(Entry { name, file });
    }
    // Every folder above a file may be named for decisions, entries or not.
    for &file in files {
        for folder in file.ancestors().skip(1) {
            if !folder.as_os_str().is_empty() && !folders.contains_key(folder) {
                folders.insert(folder, Vec::new());
            }
        }
    }
    // Shallow folders first, so a folder inside a found one is part of it.
    let mut order: Vec<&Path> = folders.keys().copied().collect();
    order.sort_by_key(|f| (f.components().count(), f.to_path_buf()));
    let mut found: Vec<PathBuf> = Vec::new();
    for folder in order {
        if found.iter().any(|f| folder.starts_with(f)) || sources.find_folder(folder).is_some() {
            continue;
        }
        let entries: Vec<&Entry> = folders[folder]
            .iter()
            .filter(|e| !super::skip::is_template_name(&e.name))
            .collect();
        let Some(by) = judge(root, folder, &entries) else {
            continue;
        };
        let why = match by {
            FoundBy::Name => "its name",
            FoundBy::NameShape => "its files' names (`0007-x.md`, `2025-03-24-x.md`…)",
            FoundBy::Content => "the status its files state",
        };
        let mut source = Source::new(
            folder.to_path_buf(),
            SourceFormat::AdrTools,
            format!("a folder of records, by {why}"),
        );
        source.prefix = prefix_for(folder).into();
        source.found = Some(by);
        if by == FoundBy::Content && mostly_items(root, &entries) {
            source.kind = Some(Kind::Item);
        }
        sources.list.push(source);
        found.push(folder.to_path_buf());
    }
}

/// Whether `folder` is a source, and by which rule.
fn judge(root: &Path, folder: &Path, entries: &[&Entry]) -> Option<FoundBy> {
    let named = folder
        .file_name()
        .is_some_and(|n| is_decision_folder_name(&n.to_string_lossy()));
    if named {
        // Reached only for folders above a Markdown file.
        return Some(FoundBy::Name);
    }
    let total = entries.len();
    if total < AT_LEAST {
        return None;
    }
    let stating: Vec<bool> = entries
        .iter()
        .map(|e| head(root, e.file).is_some_and(|text| states_status(&text)))
        .collect();
    let shaped: Vec<bool> = entries
        .iter()
        .map(|e| crate::parse::ids::is_record_name(&e.name))
        .collect();
    let shaped_count = shaped.iter().filter(|s| **s).count();
    // Numbered tutorial steps or dated notes are not records: half of the
    // shaped entries must state a status too.
    let shaped_stating = shaped.iter().zip(&stating).filter(|(a, b)| **a && **b).count();
    if shaped_count >= AT_LEAST && shaped_count * 2 >= total && shaped_stating * 2 >= shaped_count {
        return Some(FoundBy::NameShape);
    }
    let stating = stating.iter().filter(|s| **s).count();
    (stating >= AT_LEAST && stating * 2 >= total).then_some(FoundBy::Content)
}

/// The first few kilobytes of a file, enough for its metadata block.
fn head(root: &Path, file: &Path) -> Option<String> {
    use std::io::Read;
    let mut buffer = Vec::with_capacity(4096);
    std::fs::File::open(root.join(file))
        .ok()?
        .take(4096)
        .read_to_end(&mut buffer)
        .ok()?;
    Some(String::from_utf8_lossy(&buffer).into_owned())
}

/// The metadata keys at the top of a record: front-matter keys, `Key:
/// value` lines and bullets, and the first cells of table rows, before the
/// second section heading; plus `status` for a `## Status` section.
pub fn metadata_keys(text: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let split = crate::parse::front_matter::split(text).unwrap_or(crate::parse::front_matter::Split {
        yaml: None,
        body_start: 0,
    });
    if let Some(yaml) = split.yaml {
        for line in text[yaml].lines() {
            if line.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
                if let Some((key, value)) = line.split_once(':') {
                    let _ = value;
                    keys.insert(key.trim().to_lowercase().replace('_', " "));
                }
            }
        }
    }
    let mut sections = 0;
    for line in crate::parse::lines::content_lines(text, split.body_start) {
        if let Some(heading) = line.heading_text() {
            if heading
                .trim()
                .trim_end_matches(':')
                .eq_ignore_ascii_case("status")
            {
                keys.insert("status".into());
            }
            if line.heading.is_some_and(|level| level > 1) {
                sections += 1;
                if sections > 2 {
                    break;
                }
            }
            continue;
        }
        let text = line.text.trim();
        if let Some(row) = text.strip_prefix('|') {
            if let Some(cell) = row.split('|').next() {
                let cell = cell.trim().trim_matches(['*', '_', '`']).trim().to_lowercase();
                if !cell.is_empty() && !cell.starts_with('-') {
                    keys.insert(cell);
                }
            }
        } else if let Some(kv) = crate::parse::lines::key_value(text) {
            if !kv.value.is_empty() {
                keys.insert(kv.key.trim_matches(['*', '_']).trim().to_string());
            }
        }
    }
    keys
}

/// True when a file states a status in its metadata.
pub fn states_status(text: &str) -> bool {
    metadata_keys(text)
        .iter()
        .any(|key| key == "status" || key.ends_with(" status"))
}

/// True when most files that state a status name a person responsible
/// (`owner`, `assignee`, `point of contact`) and no date: goals and tasks,
/// not decisions.
fn mostly_items(root: &Path, entries: &[&Entry]) -> bool {
    let (mut items, mut stating) = (0, 0);
    for entry in entries {
        let Some(text) = head(root, entry.file) else {
            continue;
        };
        let keys = metadata_keys(&text);
        if !keys.iter().any(|k| k == "status" || k.ends_with(" status")) {
            continue;
        }
        stating += 1;
        let responsible = keys.iter().any(|k| {
            matches!(
                k.as_str(),
                "owner" | "owners" | "assignee" | "assignees" | "point of contact"
            )
        });
        let dated = keys
            .iter()
            .any(|k| k == "date" || k.ends_with(" date") || k == "created");
        if responsible && !dated {
            items += 1;
        }
    }
    stating > 0 && items * 2 > stating
}

/// How many unread Markdown files a folder needs to be named in the
/// `few-records` warning.
const NAMED_FOLDER_FILES: usize = 3;

/// The `few-records` warning, when the root holds Markdown files but no
/// record was found, or fewer records than a quarter of the Markdown files
/// left unread (with a folder holding five or more of them). `unread` are the
/// Markdown files that were neither records nor skipped with a reason.
pub fn few_records(markdown: usize, records: usize, unread: &[&Path]) -> Option<Diagnostic> {
    let mut by_folder: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for file in unread {
        let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
        *by_folder.entry(folder).or_default() += 1;
    }
    let mut folders: Vec<(PathBuf, usize)> = by_folder.into_iter().collect();
    folders.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let fullest = folders.first().map(|(_, n)| *n).unwrap_or(0);
    let none = records == 0 && markdown > 0;
    let few = records * 4 < unread.len() && fullest >= 5;
    if !(none || few) {
        return None;
    }
    let show = |p: &Path| match p.as_os_str().is_empty() {
        true => ".".to_string(),
        false => p.to_string_lossy().replace('\\', "/"),
    };
    let named: Vec<&(PathBuf, usize)> = folders
        .iter()
        .filter(|(_, n)| *n >= NAMED_FOLDER_FILES)
        .take(3)
        .collect();
    let listed: Vec<String> = named
        .iter()
        .enumerate()
        .map(|(i, (p, n))| match i {
            0 => format!("`{}` holds {n} of them", show(p)),
            _ => format!("`{}` {n}", show(p)),
        })
        .collect();
    let found = match records {
        0 => format!("no records found among {markdown} Markdown files"),
        n => format!(
            "only {n} record{} found, and {} Markdown files were not read as records",
            if n == 1 { "" } else { "s" },
            unread.len()
        ),
    };
    let message = match listed.is_empty() {
        true => found,
        false => format!("{found}; {}", listed.join(", ")),
    };
    let target = named.first().map(|(p, _)| p.clone()).unwrap_or_default();
    let help = match named.first() {
        Some((path, _)) if !path.as_os_str().is_empty() => format!(
            "to read them as records, add to shoshin.yaml: `sources: [{{path: {}}}]` (with `kind: item` for a backlog); records in shoshin's own format go under `folders:`",
            show(path)
        ),
        _ => "give records front matter with `kind:`, or move them into a folder and declare it under `sources:` or `folders:` in shoshin.yaml".to_string(),
    };
    Some(Diagnostic::new(Code::FewRecords, target, message).with_help(&help))
}

#[cfg(test)]
mod tests;
