//! Readers of the formats teams already keep records in, read in place next
//! to native records: adr-tools / Nygard, MADR 2, 3 and 4, log4brains and
//! Backlog.md.
//!
//! Each file is given to [`read`]: [`detect`] chooses its format (forced per
//! folder by `sources:` in `shoshin.yaml`), the format's reader fills a
//! [`draft::Draft`], and the draft becomes the same [`Record`] native files
//! give, so the index, the checks and the site work unchanged. Every oddity a
//! reader meets (a placeholder left from a template, an unreadable date, an
//! unknown status, a README in the folder) is a diagnostic naming the file.
//! After every file is read, [`settle`] turns links and ADR numbers into the
//! ids of the records they name.

mod adr;
mod adr_tools;
mod backlog_md;
pub mod detect;
pub mod draft;
pub mod explain;
mod log4brains;
mod madr;
pub mod metadata;
pub mod relations;
pub mod settle;
pub mod sidecar;
pub mod skip;
pub mod sources;
pub mod survey;

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::reading::{FieldRead, Reading};
use crate::model::{Kind, Record, SourceFormat};
use crate::parse::{lines, status};
pub use sources::{Source, Sources};
use std::path::Path;

/// What reading one file gave.
pub enum Outcome {
    /// A record, with what was noticed on the way.
    Record(Box<Record>, Vec<Diagnostic>),
    /// Not a record (a README, a template); the reason and its note.
    Skipped(String, Vec<Diagnostic>),
    /// Unreadable; the diagnostics say why.
    Failed(Vec<Diagnostic>),
    /// Not an existing format: the native reader takes it.
    Native,
}

/// What a reader needs to know about a file.
pub struct Context<'a> {
    /// The file, relative to the records root.
    pub path: &'a Path,
    /// Its text, byte-order mark removed.
    pub text: &'a str,
    /// The source folder holding it, with its index.
    pub source: Option<(usize, &'a Source)>,
    /// The kind the configured folders give.
    pub folder_kind: Option<Kind>,
    /// The configuration.
    pub config: &'a Config,
    /// A metadata file beside a folder's `README.md` (`kep.yaml`), relative
    /// to the root, with its keys.
    pub sidecar: Option<(std::path::PathBuf, serde_json::Map<String, serde_json::Value>)>,
}

impl Context<'_> {
    /// The file name without its extension; for a `README.md` that is a
    /// record of its own folder, the folder's name.
    pub fn stem(&self) -> String {
        let stem = self
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_folder_doc(self.path) {
            if let Some(parent) = self.path.parent().and_then(|p| p.file_name()) {
                return parent.to_string_lossy().into_owned();
            }
        }
        stem
    }

    /// The id prefix of numbered files.
    pub fn prefix(&self) -> &str {
        self.source.map(|(_, s)| s.prefix.as_str()).unwrap_or("ADR")
    }
}

/// `README.md`, `index.md`, `_index.md`, `SUMMARY.md`: files about a folder.
pub fn is_folder_doc(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    matches!(
        name.as_str(),
        "readme.md" | "index.md" | "_index.md" | "summary.md" | "readme.markdown"
    )
}

/// True for a template file: `template.md`, `adr-template.md`,
/// `0000-template.md`, `yyyymmdd-template.md`, `NNNN-kep-template/README.md`,
/// `RFC-NNNN.md`: its name (or its folder's, for a README) holds the word
/// `template` or a placeholder where the number or date goes.
pub fn is_template(path: &Path) -> bool {
    let mut name = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if is_folder_doc(path) {
        if let Some(parent) = path.parent().and_then(|p| p.file_name()) {
            name = parent.to_string_lossy().into_owned();
        }
    }
    skip::is_template_name(&name)
}

/// Tags written on one line (`Tags: api, storage` or `Tags: api storage`);
/// none when the value is a template's placeholder left in
/// (`[space and/or comma separated list of tags]`, `{tags}`, `a | b`).
pub fn tags_from_line(value: &str) -> Vec<String> {
    if status::is_placeholder(value) {
        return Vec::new();
    }
    real_tags(value.split([',', ' ']).map(str::to_string).collect())
}

/// Tags without the empty ones and without a template's placeholders.
pub fn real_tags(tags: Vec<String>) -> Vec<String> {
    tags.into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty() && !status::is_placeholder(t))
        .collect()
}

/// Reads `text`, the file at `path`, when it is in an existing format;
/// `root`, the records root, finds a metadata sidecar beside a folder's
/// `README.md` ([`sidecar::find`]).
pub fn read_at(
    root: Option<&Path>,
    path: &Path,
    text: &str,
    source: Option<(usize, &Source)>,
    folder_kind: Option<Kind>,
    config: &Config,
) -> Outcome {
    let sidecar = root.and_then(|root| sidecar::find(root, path));
    let ctx = Context {
        path,
        text,
        source,
        folder_kind,
        config,
        sidecar,
    };
    if let Some(reason) = not_a_record(&ctx) {
        let note = Diagnostic::new(Code::FormatNote, path, format!("not read as a record: {reason}"))
            .with_help("nothing to do; list it under `ignore:` in shoshin.yaml to silence this note");
        return Outcome::Skipped(reason, vec![note]);
    }
    let Some(format) = detect::detect(&ctx) else {
        return Outcome::Native;
    };
    let draft = match format {
        SourceFormat::Native => return Outcome::Native,
        SourceFormat::AdrTools => adr_tools::read(&ctx),
        SourceFormat::Madr2 => madr::read_bullets(&ctx),
        SourceFormat::Madr3 | SourceFormat::Madr4 => madr::read_front_matter(&ctx, format),
        SourceFormat::Log4brains => log4brains::read(&ctx),
        SourceFormat::BacklogMd => match backlog_md::read(&ctx) {
            Ok(draft) => draft,
            Err(diagnostics) => return Outcome::Failed(diagnostics),
        },
    };
    let mut draft = draft;
    if format != SourceFormat::BacklogMd {
        let lines = lines::content_lines(ctx.text, draft.body_start);
        metadata::complete(&ctx, &mut draft, &lines);
    }
    date_from_name(&ctx, &mut draft);
    title_without_own_id(&mut draft);
    if let Some((_, source)) = ctx.source {
        let folder = source.path.to_string_lossy().replace('\\', "/");
        draft.note(&ctx, "folder", &folder, 0, source.found_by.clone());
    }
    let (record, diagnostics) = draft.finish(&ctx);
    Outcome::Record(Box::new(record), diagnostics)
}

/// A record that states no date takes its file name's (`2025-03-24-x.md`,
/// `20250324-x.md`); a name with a month only (`202503-x.md`) gives none.
fn date_from_name(ctx: &Context, draft: &mut draft::Draft) {
    // A date written but unreadable is reported, not replaced by the name's.
    if draft.date.is_some() || draft.date_tried || draft.format == SourceFormat::BacklogMd {
        return;
    }
    let name = crate::parse::ids::name_identity(&ctx.stem(), ctx.prefix());
    if let Some(date) = name.date.filter(|d| d.len() == 10) {
        draft.note(ctx, "date", &date, 0, "the file name's date");
        draft.date = Some(date);
    }
}

/// A title that starts with the record's own id (`RFC-0002 Flux OCI`,
/// `KEP-1441: kubectl debug`) loses it: the id is shown beside the title.
fn title_without_own_id(draft: &mut draft::Draft) {
    let (Some(title), Some(number)) = (draft.title.as_deref(), draft.reading.number) else {
        return;
    };
    let Some(rest) = crate::parse::ids::after_own_id(title, number) else {
        return;
    };
    let rest = rest.to_string();
    for read in draft.reading.fields.iter_mut().filter(|f| f.field == "title") {
        read.value = rest.clone();
    }
    draft.title = Some(rest);
}

/// Why a file in a source folder is not a record, when it is not.
fn not_a_record(ctx: &Context) -> Option<String> {
    let (_, source) = ctx.source?;
    let relative = ctx.path.strip_prefix(&source.path).unwrap_or(ctx.path);
    let depth = relative.components().count();
    let split = crate::parse::front_matter::split(ctx.text).ok();
    let has_own_kind = split
        .as_ref()
        .and_then(|s| s.yaml.clone())
        .is_some_and(|yaml| ctx.text[yaml].lines().any(|l| l.starts_with("kind:")));
    if has_own_kind {
        return None;
    }
    let backlog_root = source
        .path
        .file_name()
        .is_some_and(|n| n == "backlog" || n == ".backlog");
    if source.forced == Some(SourceFormat::BacklogMd) && backlog_root {
        return backlog_md::not_a_record(relative);
    }
    if is_template(ctx.path) {
        return Some("a template of the folder (its name says so)".into());
    }
    if is_folder_doc(ctx.path) && depth <= 1 {
        return Some("it describes the folder (README or index)".into());
    }
    let body_start = split.map(|s| s.body_start).unwrap_or(0);
    let first_heading = lines::content_lines(ctx.text, body_start)
        .iter()
        .find_map(|l| l.heading_text());
    if first_heading.as_deref().is_some_and(skip::is_placeholder_title) {
        return Some("a template: its title is still a placeholder".into());
    }
    if survey::states_status(ctx.text) {
        return None;
    }
    if skip::is_redirect_stub(ctx.text, body_start) {
        return Some("a redirect stub: it only points at another document".into());
    }
    if skip::is_index_page(ctx.text, body_start) {
        return Some("an index page: it lists other records".into());
    }
    let named_like_record = crate::parse::ids::is_record_name(&ctx.stem());
    match source.found {
        Some(survey::FoundBy::Content) => {
            Some("it states no status, unlike the records beside it (a page about the folder)".into())
        }
        Some(survey::FoundBy::NameShape) if !named_like_record => {
            Some("it is neither named like the records beside it nor states a status".into())
        }
        Some(survey::FoundBy::Name) if depth > 1 && !named_like_record => {
            Some("in a subfolder, neither named like a record nor stating a status".into())
        }
        _ => None,
    }
}
