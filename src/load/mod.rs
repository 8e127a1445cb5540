//! Stage 1, load: walk the records root, read every record file, split its
//! front matter, parse it, and read its body.
//!
//! Every problem becomes a diagnostic naming the file; loading never stops at
//! the first bad file. Files written in existing formats (adr-tools, MADR,
//! log4brains, Backlog.md) are read by [`formats`].

pub mod body;
pub mod formats;
pub mod partial;

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Kind, Record};
use crate::parse::fields::FieldReader;
use rayon::prelude::*;
use serde_json::Map;
use std::path::{Path, PathBuf};

/// What loading produced.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Records, sorted by file.
    pub records: Vec<Record>,
    /// Problems found while loading.
    pub diagnostics: Vec<Diagnostic>,
    /// Text of files that could not become records, for showing diagnostics.
    pub unparsed: Vec<(PathBuf, String)>,
    /// Files of existing formats' folders that are not records, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

/// A file found by the walk, with the kind its folder gives.
#[derive(Debug, Clone)]
struct Candidate {
    path: PathBuf,
    folder_kind: Option<Kind>,
    /// The folder of an existing format holding the file (index in the sources).
    source: Option<usize>,
    /// Why the file is not a record, when its place alone says so.
    skip: Option<String>,
}

enum FileResult {
    Record(Box<Record>, Vec<Diagnostic>),
    NotARecord,
    Failed(PathBuf, String, Vec<Diagnostic>),
    Skipped(PathBuf, String, Vec<Diagnostic>),
}

/// File names that describe a folder rather than being a record.
const FOLDER_DOCS: [&str; 4] = ["readme.md", "index.md", "_index.md", "template.md"];

/// Loads every record under `root`.
pub fn load(root: &Path, config: &Config) -> Loaded {
    let mut sources = formats::Sources::from_config(config);
    let (mut candidates, mut diagnostics) = discover(root, config, &mut sources);
    find_unnamed_sources(root, &mut candidates, &mut sources);
    let results: Vec<FileResult> = candidates
        .par_iter()
        .map(|candidate| load_file(root, candidate, &sources, config))
        .collect();
    let mut loaded = Loaded::default();
    diagnostics.extend(few_records_warning(&candidates, &results));
    for result in results {
        match result {
            FileResult::Record(record, found) => {
                loaded.records.push(*record);
                diagnostics.extend(found);
            }
            FileResult::NotARecord => {}
            FileResult::Failed(path, text, found) => {
                loaded.unparsed.push((path, text));
                diagnostics.extend(found);
            }
            FileResult::Skipped(path, reason, found) => {
                loaded.skipped.push((path, reason));
                diagnostics.extend(found);
            }
        }
    }
    formats::settle::settle(&mut loaded.records, &sources, &mut diagnostics);
    loaded.diagnostics = diagnostics;
    loaded
}

/// Adds the record folders [`formats::survey`] finds among the files no
/// folder claimed, and marks the files [`formats::skip::attachments`] says
/// belong to a record.
fn find_unnamed_sources(root: &Path, candidates: &mut [Candidate], sources: &mut formats::Sources) {
    let unclaimed: Vec<&Path> = candidates
        .iter()
        .filter(|c| c.source.is_none() && c.folder_kind.is_none())
        .map(|c| c.path.as_path())
        .collect();
    let before = sources.list.len();
    formats::survey::add_sources(root, &unclaimed, sources);
    if sources.list.len() > before {
        for candidate in candidates.iter_mut().filter(|c| c.folder_kind.is_none()) {
            candidate.source = sources.find(&candidate.path);
        }
    }
    let sourced: Vec<&Path> = candidates
        .iter()
        .filter(|c| c.source.is_some())
        .map(|c| c.path.as_path())
        .collect();
    let mut attached = formats::skip::attachments(&sourced, sources);
    for candidate in candidates.iter_mut() {
        candidate.skip = attached.remove(&candidate.path);
    }
}

/// The `few-records` warning when the Markdown files of the root gave no or
/// few records (see [`formats::survey::few_records`]).
fn few_records_warning(candidates: &[Candidate], results: &[FileResult]) -> Option<Diagnostic> {
    let records = results
        .iter()
        .filter(|r| matches!(r, FileResult::Record(..)))
        .count();
    let unread: Vec<&Path> = candidates
        .iter()
        .zip(results)
        .filter(|(_, r)| matches!(r, FileResult::NotARecord))
        .map(|(c, _)| c.path.as_path())
        .collect();
    formats::survey::few_records(candidates.len(), records, &unread)
}

/// The kind a path's folder gives, from the configured folders.
pub fn kind_of_path(path: &Path, config: &Config) -> Option<Kind> {
    let folders = [
        (Kind::Item, &config.folders.items),
        (Kind::Decision, &config.folders.decisions),
        (Kind::Session, &config.folders.sessions),
    ];
    // The longest matching folder wins, so `docs/decisions` beats `docs`.
    folders
        .iter()
        .flat_map(|(kind, list)| list.iter().map(move |f| (*kind, Path::new(f.trim_matches('/')))))
        .filter(|(_, folder)| !folder.as_os_str().is_empty() && path.starts_with(folder))
        .max_by_key(|(_, folder)| folder.components().count())
        .map(|(kind, _)| kind)
}

fn discover(
    root: &Path,
    config: &Config,
    sources: &mut formats::Sources,
) -> (Vec<Candidate>, Vec<Diagnostic>) {
    let skip: Vec<PathBuf> = [config.output.as_str(), config.templates.as_str()]
        .into_iter()
        .chain(config.ignore.iter().map(String::as_str))
        .map(|p| PathBuf::from(p.trim_matches('/')))
        .collect();
    let mut candidates = Vec::new();
    let mut diagnostics = Vec::new();
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // Symbolic links the walk does not follow, judged as they are met.
    let mut refused = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() == 0 {
                return true;
            }
            let name = entry.file_name().to_string_lossy();
            let hidden = name.starts_with('.') && !ALLOWED_HIDDEN.contains(&name.as_ref());
            if hidden || name == "node_modules" || name == "target" {
                return false;
            }
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            if skip.iter().any(|s| relative == s) {
                return false;
            }
            match unsafe_link(&canonical_root, entry) {
                Some(refusal) => {
                    refused.push(unsafe_file(relative, &refusal));
                    false
                }
                None => true,
            }
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_dir() {
                    let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                    sources.visit_folder(root, relative, &mut diagnostics);
                }
                let markdown = is_markdown(entry.path());
                if markdown && !entry.file_type().is_file() && !entry.file_type().is_dir() {
                    // A FIFO, socket or device named like a record: never opened.
                    let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                    let what = entry
                        .metadata()
                        .ok()
                        .and_then(|meta| crate::safe_files::not_regular(&meta))
                        .unwrap_or("a special file");
                    let refusal = crate::safe_files::Refusal::NotRegular { what };
                    diagnostics.push(unsafe_file(relative, &refusal));
                }
                if entry.file_type().is_file() && markdown {
                    let path = entry
                        .path()
                        .strip_prefix(root)
                        .unwrap_or(entry.path())
                        .to_path_buf();
                    let folder_kind = kind_of_path(&path, config);
                    let source = sources.find(&path);
                    candidates.push(Candidate {
                        path,
                        folder_kind,
                        source,
                        skip: None,
                    });
                }
            }
            Err(error) => {
                let path = error
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                    .unwrap_or_default();
                let message = if error.loop_ancestor().is_some() {
                    "symbolic link loop: this link points at a folder that contains it".to_string()
                } else {
                    format!(
                        "cannot read: {}",
                        error
                            .io_error()
                            .map(|e| e.to_string())
                            .unwrap_or(error.to_string())
                    )
                };
                diagnostics.push(
                    Diagnostic::new(Code::ParseError, path, message)
                        .with_help("remove the link or fix the permissions, or list the path under `ignore:` in shoshin.yaml"),
                );
            }
        }
    }
    diagnostics.extend(refused);
    (candidates, diagnostics)
}

/// Hidden folders the walk enters: `.backlog` is where Backlog.md may keep
/// its tasks.
pub const ALLOWED_HIDDEN: [&str; 1] = [".backlog"];

/// True for a folder name the walk never enters: hidden ones (but
/// [`ALLOWED_HIDDEN`]), `node_modules` and `target`.
pub fn is_skipped_folder(name: &str) -> bool {
    (name.starts_with('.') && !ALLOWED_HIDDEN.contains(&name)) || name == "node_modules" || name == "target"
}

/// True for a file name ending in `.md` or `.markdown`.
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Why the walk must not follow `entry`, a symbolic link to a folder or to a
/// record file: it leads out of the repository or into a hidden folder such
/// as `.git`. Entries that are not links are inside already (their folders
/// were judged when the walk entered them).
fn unsafe_link(canonical_root: &Path, entry: &walkdir::DirEntry) -> Option<crate::safe_files::Refusal> {
    if !entry.path_is_symlink() || !(entry.file_type().is_dir() || is_markdown(entry.path())) {
        return None;
    }
    match crate::safe_files::judge(canonical_root, entry.path(), &ALLOWED_HIDDEN) {
        crate::safe_files::Judged::Refused(refusal) => Some(refusal),
        _ => None,
    }
}

/// The `unsafe-file` error for a file that is not read.
fn unsafe_file(path: &Path, refusal: &crate::safe_files::Refusal) -> Diagnostic {
    Diagnostic::new(
        Code::UnsafeFile,
        path,
        format!("not read: {}", refusal.describe()),
    )
    .with_help(refusal.help())
}

fn parse_error(path: &Path, text: &str, message: String, help: &str) -> FileResult {
    let d = Diagnostic::new(Code::ParseError, path, message).with_help(help);
    FileResult::Failed(path.to_path_buf(), text.to_string(), vec![d])
}

/// Loads one file: reads it and parses it in the format it is written in.
fn load_file(root: &Path, candidate: &Candidate, sources: &formats::Sources, config: &Config) -> FileResult {
    let path = &candidate.path;
    if let Some(reason) = &candidate.skip {
        let note = Diagnostic::new(Code::FormatNote, path, format!("not read as a record: {reason}"))
            .with_help("nothing to do; list it under `ignore:` in shoshin.yaml to silence this note");
        return FileResult::Skipped(path.clone(), reason.clone(), vec![note]);
    }
    let text = match read_text(root, path) {
        Ok(text) => text,
        Err(failed) => return failed,
    };
    load_text(root, candidate, text, sources, config)
}

/// Loads one file from its text (read from disk, or an editor's unsaved
/// text under `shoshin lsp`).
fn load_text(
    root: &Path,
    candidate: &Candidate,
    text: String,
    sources: &formats::Sources,
    config: &Config,
) -> FileResult {
    let path = &candidate.path;
    let text = crate::text::without_bom(text);
    // An empty file in a folder of records (readers of existing formats
    // say what they make of one themselves).
    if text.trim().is_empty() && candidate.folder_kind.is_some() && candidate.source.is_none() {
        return parse_error(
            path,
            "",
            "empty file: a record needs front matter or text".into(),
            "write the record, or remove the file",
        );
    }
    parse_text(root, candidate, text, sources, config)
}

/// The text of the file at `path`, without a byte-order mark; a failed
/// result when it cannot be read or is not UTF-8 text.
fn read_text(root: &Path, path: &Path) -> Result<String, FileResult> {
    let bytes = match crate::safe_files::read_limited(&root.join(path), crate::safe_files::RECORD_LIMIT) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(refusal)) => {
            let d = unsafe_file(path, &refusal);
            return Err(FileResult::Failed(path.to_path_buf(), String::new(), vec![d]));
        }
        Err(error) => {
            return Err(parse_error(
                path,
                "",
                format!("cannot read the file: {error}"),
                "check the file's permissions",
            ))
        }
    };
    if bytes.contains(&0) {
        return Err(parse_error(
            path,
            "",
            "binary file: it contains NUL bytes, so it is not a Markdown record".into(),
            "remove it, rename it without `.md`, or list it under `ignore:` in shoshin.yaml",
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let prefix = String::from_utf8_lossy(&error.as_bytes()[..valid]).into_owned();
            let (line, column) = crate::text::line_column(&prefix, prefix.len());
            let d = Diagnostic::new(Code::ParseError, path, format!("not valid UTF-8 at byte {valid}"))
                .at_line(line, column)
                .with_help("save the file as UTF-8");
            return Err(FileResult::Failed(path.to_path_buf(), lossy, vec![d]));
        }
    };
    Ok(crate::text::without_bom(text))
}

/// Reads `text`, the text of `candidate`, in the format it is written in.
fn parse_text(
    root: &Path,
    candidate: &Candidate,
    text: String,
    sources: &formats::Sources,
    config: &Config,
) -> FileResult {
    let path = &candidate.path;
    let source = candidate.source.map(|i| (i, &sources.list[i]));
    match formats::read_at(Some(root), path, &text, source, candidate.folder_kind, config) {
        formats::Outcome::Native => {
            let source_kind = source.map(|(_, s)| s.kind.unwrap_or(Kind::Decision));
            parse_record(path, text, candidate.folder_kind.or(source_kind), config)
        }
        formats::Outcome::Record(record, found) => FileResult::Record(record, found),
        formats::Outcome::Skipped(reason, found) => FileResult::Skipped(path.clone(), reason, found),
        formats::Outcome::Failed(found) => FileResult::Failed(path.clone(), text, found),
    }
}

/// The `parse-error` of front matter that does not parse and holds a tab:
/// YAML's own message never says "tab". It points at the tab on the line
/// the parser stopped at, else at the first tab before it, else the first.
fn tab_in_front_matter(path: &Path, text: &str, yaml_start: usize, error_line: usize) -> Diagnostic {
    let yaml_end = crate::parse::front_matter::split(text)
        .ok()
        .and_then(|s| s.yaml)
        .map_or(text.len(), |r| r.end);
    let yaml = &text[yaml_start..yaml_end];
    let tabs: Vec<(usize, usize)> = yaml
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .enumerate()
        .filter_map(|(n, (start, line))| line.find('\t').map(|at| (n + 1, start + at)))
        .collect();
    let (_, at) = tabs
        .iter()
        .find(|(line, _)| *line == error_line)
        .or_else(|| tabs.iter().rev().find(|(line, _)| *line < error_line))
        .or(tabs.first())
        .copied()
        .unwrap_or((1, 0));
    let at = yaml_start + at;
    let (line, column) = crate::text::line_column(text, at);
    Diagnostic::new(
        Code::ParseError,
        path,
        format!("a tab in the front matter (line {line}, column {column}): YAML indents with spaces only, so the front matter cannot be read"),
    )
    .at(text, at..at + 1)
    .with_help("replace the tab with spaces (two per level of indentation); most editors can show tabs and convert them")
}

/// `unknown-field` for each front-matter key shoshin does not read that is a
/// likely typo of one it does (`stauts`, `ownr`). Keys far from every known
/// one are other tools' fields, kept without a word.
fn unknown_fields(reader: &mut FieldReader, config: &Config) {
    let readiness = &config.readiness;
    let configured: Vec<&str> = readiness
        .required_fields
        .iter()
        .chain(readiness.types.values().flat_map(|t| &t.required_fields))
        .map(String::as_str)
        .collect();
    let known = || {
        crate::parse::fields::KNOWN_KEYS
            .iter()
            .copied()
            .chain(configured.iter().copied())
    };
    let typos: Vec<(String, &str)> = reader
        .map
        .keys()
        .filter(|key| !known().any(|k| k == key.as_str()))
        .filter_map(|key| Some((key.clone(), crate::parse::fields::typo_of(key, known())?)))
        .collect();
    for (key, meant) in typos {
        let span = reader.locate(&key, None);
        reader.diagnostics.push(
            Diagnostic::new(Code::UnknownField, reader.file, format!("unknown field `{key}`: did you mean `{meant}`?"))
                .at(reader.source, span)
                .with_help(format!("rename it to `{meant}`; as written, shoshin keeps it under \"Other fields\" and reads no `{meant}`")),
        );
    }
}

/// True when YAML text has a top-level `kind:` key (checked before parsing, to
/// decide whether a file outside the record folders is a record at all).
fn declares_kind(yaml: &str) -> bool {
    yaml.lines().any(|line| line.trim_end().starts_with("kind:"))
}

fn parse_record(path: &Path, text: String, folder_kind: Option<Kind>, config: &Config) -> FileResult {
    let split = match crate::parse::front_matter::split(&text) {
        Ok(split) => split,
        Err(_) if folder_kind.is_none() => return FileResult::NotARecord,
        Err(unclosed) => {
            let d = Diagnostic::new(
                Code::ParseError,
                path,
                "the front matter opened on line 1 is never closed",
            )
            .at(&text, unclosed.fence..unclosed.fence + 3)
            .with_help("add a line `---` after the last front-matter key");
            return FileResult::Failed(path.to_path_buf(), text, vec![d]);
        }
    };
    let yaml_text = split.yaml.clone().map(|r| &text[r]).unwrap_or("");
    if folder_kind.is_none() && !declares_kind(yaml_text) {
        return FileResult::NotARecord;
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if split.yaml.is_none() && FOLDER_DOCS.contains(&file_name.as_str()) {
        return FileResult::NotARecord;
    }

    let mut diagnostics = Vec::new();
    let yaml_range = split.yaml.clone().unwrap_or(0..0);
    let front_matter = match crate::yaml::parse_mapping(yaml_text) {
        Ok(map) => map,
        Err(error) if yaml_text.contains('\t') => {
            diagnostics.push(tab_in_front_matter(path, &text, yaml_range.start, error.line));
            Map::new()
        }
        Err(error) => {
            let first_line = crate::text::line_column(&text, yaml_range.start).0;
            let line = first_line + error.line - 1;
            let start = crate::text::line_offset(&text, line);
            let line_text = text[start..].lines().next().unwrap_or("");
            let column_byte = line_text
                .char_indices()
                .nth(error.column - 1)
                .map(|(i, _)| i)
                .unwrap_or(line_text.len());
            let span_end = start + line_text.len().max(column_byte + 1).min(line_text.len());
            diagnostics.push(
                Diagnostic::new(Code::ParseError, path, format!("invalid YAML in the front matter: {}", error.message))
                    .at(&text, start + column_byte..span_end.max(start + column_byte))
                    .with_help("fix the YAML near this position: quote values that contain `: ` or start with `[`, `{`, `*` or `@`"),
            );
            Map::new()
        }
    };

    let mut reader = FieldReader {
        map: &front_matter,
        source: &text,
        yaml: yaml_range,
        file: path,
        diagnostics,
    };
    let explicit_kind = reader.string("kind");
    let kind = match explicit_kind.as_deref().map(|k| (k, Kind::parse(k))) {
        Some((_, Some(kind))) => kind,
        Some((written, None)) => {
            let span = reader.locate("kind", Some(written));
            reader.diagnostics.push(
                Diagnostic::new(Code::InvalidField, path, format!("unknown kind `{written}`"))
                    .at(&text, span)
                    .with_help("use `kind: item`, `kind: decision` or `kind: session`"),
            );
            match folder_kind {
                Some(kind) => kind,
                None => {
                    let diagnostics = reader.diagnostics;
                    return FileResult::Failed(path.to_path_buf(), text, diagnostics);
                }
            }
        }
        None => folder_kind.unwrap_or(Kind::Item),
    };

    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = match reader.string("id") {
        Some(id) => id,
        None => match crate::parse::ids::id_from_file_stem(&stem) {
            Some(id) => id,
            None => {
                if kind != Kind::Session && front_matter.get("id").is_none() && reader.diagnostics.is_empty()
                {
                    reader.diagnostics.push(
                        Diagnostic::new(
                            Code::MissingId,
                            path,
                            format!("this {} has no id; `{stem}` (the file name) is used", kind.as_str()),
                        )
                        .with_help("add `id:` to the front matter, or start the file name with one, e.g. `PAY-12-title.md`"),
                    );
                }
                stem.clone()
            }
        },
    };

    let parsed_body = body::read(&text, split.body_start, path, config);
    let title = reader
        .string("title")
        .or_else(|| parsed_body.first_heading.clone())
        .unwrap_or_else(|| stem.replace(['-', '_'], " "));

    let mut references = Vec::new();
    for (key, relation) in crate::model::REFERENCE_KEYS {
        references.extend(reader.references(key, relation));
    }
    references.extend(parsed_body.wiki_links);

    let mut deciders = reader.list("deciders");
    for name in reader.list("decision-makers") {
        if !deciders.contains(&name) {
            deciders.push(name);
        }
    }

    // `sprint` is read where sprints are counted (`history::sprints`), as
    // one name; read here too, a list or a map is reported where it is.
    let _ = reader.string("sprint");

    let record = Record {
        id,
        kind,
        title,
        file: path.to_path_buf(),
        status: reader.string("status"),
        date: reader.date("date"),
        item_type: reader.string("type"),
        priority: reader.integer("priority"),
        estimate: reader.estimate(),
        owner: reader.string("owner"),
        timebox: reader.string("timebox"),
        confidence: reader.string("confidence"),
        tags: reader.list("tags"),
        summary: reader.string("summary"),
        deciders,
        consulted: reader.list("consulted"),
        informed: reader.list("informed"),
        facilitator: reader.string("facilitator"),
        participants: reader.list("participants"),
        first_proposal: reader.string("first_proposal"),
        duration: reader.minutes("duration"),
        applies_to: reader.patterns("applies_to"),
        review_by: reader.date("review_by"),
        references,
        file_links: parsed_body.file_links,
        sections: parsed_body.sections,
        prose_tokens: parsed_body.prose_tokens,
        body_start: split.body_start,
        front_matter: crate::front_matter::FrontMatter::new(&front_matter),
        source: String::new(),
        format: crate::model::SourceFormat::Native,
        reading: None,
    };
    unknown_fields(&mut reader, config);
    let mut diagnostics = reader.diagnostics;
    diagnostics.extend(parsed_body.note);
    let mut record = record;
    record.source = text;
    FileResult::Record(Box::new(record), diagnostics)
}

#[cfg(test)]
mod tests;
