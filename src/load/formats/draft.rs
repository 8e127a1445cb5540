//! What a reader of an existing format found, field by field, and how it
//! becomes a [`Record`]: the body is read by the native body reader, so
//! sections, links and task lists work the same for every format.

use super::relations::Written;
use super::{Context, FieldRead, Reading};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::reading::Target;
use crate::model::{Kind, Origin, Record, Reference, SourceFormat};
use serde_json::{Map, Value};
use std::ops::Range;

/// A record being read.
pub struct Draft {
    /// The format recognised.
    pub format: SourceFormat,
    /// Item or decision.
    pub kind: Kind,
    /// The id.
    pub id: String,
    /// The title, when the file gives one.
    pub title: Option<String>,
    /// The status as written (lower case, without decoration); its category
    /// is in `reading`.
    pub status: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Assignee (items).
    pub owner: Option<String>,
    /// Rank, lower is more important (items).
    pub priority: Option<i64>,
    /// The item's type as written (`bug`, `feature`).
    pub item_type: Option<String>,
    /// Tags or labels.
    pub tags: Vec<String>,
    /// Deciders.
    pub deciders: Vec<String>,
    /// Consulted.
    pub consulted: Vec<String>,
    /// Informed.
    pub informed: Vec<String>,
    /// References found.
    pub references: Vec<Reference>,
    /// The front matter, when the file has one.
    pub front_matter: Map<String, Value>,
    /// Where the body starts.
    pub body_start: usize,
    /// What was read and how.
    pub reading: Reading,
    /// Diagnostics so far.
    pub diagnostics: Vec<Diagnostic>,
    /// Template placeholders found: links inside them are not checked.
    pub placeholders: Vec<Range<usize>>,
    /// A date was written but could not be read: the file name's date does
    /// not stand in for it.
    pub date_tried: bool,
    /// What the format expects where no status was found (for the note
    /// saying the record has none), set by the format's reader.
    pub status_hint: Option<&'static str>,
}

impl Draft {
    /// An empty draft of `format` for the file of `ctx`.
    pub fn new(ctx: &Context, format: SourceFormat, kind: Kind, id: String) -> Draft {
        Draft {
            format,
            kind,
            id,
            title: None,
            status: None,
            date: None,
            owner: None,
            priority: None,
            item_type: None,
            tags: Vec::new(),
            deciders: Vec::new(),
            consulted: Vec::new(),
            informed: Vec::new(),
            references: Vec::new(),
            front_matter: Map::new(),
            body_start: 0,
            reading: Reading {
                source: ctx.source.map(|(i, _)| i),
                ..Reading::default()
            },
            diagnostics: Vec::new(),
            placeholders: Vec::new(),
            date_tried: false,
            status_hint: None,
        }
    }

    /// Notes that `field` was read as `value` at byte `at`, from `from`.
    pub fn note(
        &mut self,
        ctx: &Context,
        field: &'static str,
        value: &str,
        at: usize,
        from: impl Into<String>,
    ) {
        let (line, _) = crate::text::line_column(ctx.text, at.min(ctx.text.len()));
        self.reading.fields.push(FieldRead {
            field,
            value: value.to_string(),
            line,
            from: from.into(),
        });
    }

    /// Sets the status, as written, and the category it was placed in.
    pub fn set_status(&mut self, status: String, category: crate::model::StatusCategory) {
        self.status = Some(status);
        self.reading.category = Some(category);
    }

    /// Adds a diagnostic pointing at `span`.
    pub fn report(&mut self, ctx: &Context, code: Code, span: Range<usize>, message: String, help: &str) {
        let span = span.start.min(ctx.text.len())..span.end.min(ctx.text.len());
        if code == Code::FormatPlaceholder {
            self.placeholders.push(span.clone());
        }
        self.diagnostics.push(
            Diagnostic::new(code, ctx.path, message)
                .at(ctx.text, span)
                .with_help(help),
        );
    }

    /// Adds relations written in prose; files and ADR numbers are resolved
    /// to ids once every record is loaded.
    pub fn relate(&mut self, ctx: &Context, written: Vec<Written>) {
        for w in written {
            let target = match &w.target {
                Target::Id(id) => id.clone(),
                Target::Number(n) => format!("{}-{n:04}", ctx.prefix()),
                Target::Path(path) => path.to_string_lossy().into_owned(),
            };
            if !matches!(w.target, Target::Id(_)) {
                self.reading.targets.push((self.references.len(), w.target));
            }
            self.references.push(Reference {
                target,
                relation: w.relation,
                origin: Origin::MarkdownLink,
                span: w.span,
            });
        }
    }

    /// Reads the file's front matter, when it has one, into `front_matter`
    /// and moves `body_start` after it. Invalid YAML is a `parse-error`; an
    /// unclosed fence leaves the whole file as the body.
    pub fn take_front_matter(&mut self, ctx: &Context) {
        let split = match crate::parse::front_matter::split(ctx.text) {
            Ok(split) => split,
            Err(unclosed) => {
                self.report(
                    ctx,
                    Code::ParseError,
                    unclosed.fence..unclosed.fence + 3,
                    "the front matter opened on line 1 is never closed; the whole file is read as the body"
                        .into(),
                    "add a line `---` after the last front-matter key",
                );
                return;
            }
        };
        let Some(yaml) = split.yaml else {
            return;
        };
        self.body_start = split.body_start;
        let parsed = crate::yaml::parse_mapping(&ctx.text[yaml.clone()]);
        let repaired = parsed
            .is_err()
            .then(|| quote_reserved(&ctx.text[yaml.clone()]))
            .flatten()
            .and_then(|text| crate::yaml::parse_mapping(&text).ok());
        if let Some(map) = repaired {
            self.front_matter = map;
            self.report(
                ctx,
                Code::FormatNote,
                yaml.start..yaml.start,
                "the front matter is not valid YAML as written (a value starts with `@` or a backquote); it is read as if quoted".into(),
                "quote such values: `assignee: \"@name\"`",
            );
            self.take_written_id();
            return;
        }
        match parsed {
            Ok(map) => self.front_matter = map,
            Err(error) => {
                // The simple `key: value` lines still say what a reader sees.
                self.front_matter = recover_scalars(&ctx.text[yaml.clone()]);
                let kept: Vec<&str> = self.front_matter.keys().map(String::as_str).collect();
                let kept = if kept.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; its plain `key: value` lines are read one by one ({})",
                        kept.join(", ")
                    )
                };
                self.report(
                    ctx,
                    Code::ParseError,
                    yaml.start..yaml.start,
                    format!("invalid YAML in the front matter: {}{kept}", error.message),
                    "fix the YAML: quote values that contain `: ` or start with `[`, `{`, `*` or `@`",
                )
            }
        }
        self.take_written_id();
    }

    /// A written `id:` wins over the file name's, whatever the format.
    fn take_written_id(&mut self) {
        if let Some(id) = self.front_string("id") {
            self.id = id;
        }
    }

    /// A front-matter value as a single string.
    pub fn front_string(&self, key: &str) -> Option<String> {
        match self.front_matter.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// Byte offset of a top-level front-matter key, or 0.
    pub fn front_offset(&self, ctx: &Context, key: &str) -> usize {
        let end = self.body_start.min(ctx.text.len());
        let mut offset = 0;
        for line in ctx.text[..end].split_inclusive('\n') {
            if line.starts_with(key) && line[key.len()..].trim_start().starts_with(':') {
                let colon = line.find(':').unwrap_or(0) + 1;
                let value_start = colon + (line[colon..].len() - line[colon..].trim_start().len());
                return offset + value_start;
            }
            offset += line.len();
        }
        0
    }

    /// The record, with the body read by the native body reader.
    pub fn finish(mut self, ctx: &Context) -> (Record, Vec<Diagnostic>) {
        let body = crate::load::body::read(ctx.text, self.body_start, ctx.path, ctx.config);
        let mut sections = body.sections;
        for section in &mut sections {
            if section.key.is_none() {
                // `## Acceptance Criteria (Optional)`, `## Decision Drivers <!-- optional -->`.
                let heading = section.heading.to_lowercase();
                let trimmed = heading.trim_end_matches("(optional)").trim();
                let trimmed = trimmed.trim_start_matches("(optional)").trim();
                section.key = ctx.config.section_key(trimmed).map(str::to_string);
            }
            for task in &mut section.tasks {
                // Backlog.md numbers its criteria: `- [ ] #1 text`.
                if let Some(rest) = task.text.strip_prefix('#') {
                    let digits = rest.chars().take_while(char::is_ascii_digit).count();
                    if digits > 0 && rest[digits..].starts_with(' ') {
                        task.text = rest[digits..].trim_start().to_string();
                    }
                }
            }
        }
        let title = match self.title.take() {
            Some(title) => title,
            None => {
                let stem = ctx.stem();
                self.report(
                    ctx,
                    Code::FormatNote,
                    0..0,
                    format!("no title found; the file name `{stem}` is used"),
                    "start the file with a `# Title` heading",
                );
                stem.replace(['-', '_'], " ")
            }
        };
        self.diagnostics.extend(body.note);
        let mut references = self.references;
        references.extend(body.wiki_links);
        let placeholders = self.placeholders;
        let mut file_links = body.file_links;
        // `superseded by [ADR-0005](0005-example.md)` inside a template's placeholder is no link.
        file_links.retain(|l| {
            !placeholders
                .iter()
                .any(|p| p.start <= l.span.start && l.span.end <= p.end)
        });
        let record = Record {
            id: self.id,
            kind: self.kind,
            title,
            file: ctx.path.to_path_buf(),
            status: self.status,
            date: self.date,
            item_type: self.item_type,
            priority: self.priority,
            estimate: None,
            owner: self.owner,
            timebox: None,
            confidence: None,
            tags: self.tags,
            summary: None,
            deciders: self.deciders,
            consulted: self.consulted,
            informed: self.informed,
            facilitator: None,
            participants: Vec::new(),
            first_proposal: None,
            duration: None,
            applies_to: Vec::new(),
            review_by: None,
            references,
            file_links,
            sections,
            front_matter: crate::front_matter::FrontMatter::new(&self.front_matter),
            source: ctx.text.to_string(),
            body_start: self.body_start,
            prose_tokens: body.prose_tokens,
            format: self.format,
            reading: Some(Box::new(self.reading)),
        };
        (record, self.diagnostics)
    }
}

/// The YAML with values that start with `@` or `` ` `` (reserved in YAML,
/// common in Backlog.md's `assignee: @name`) put in quotes; `None` when there
/// is none.
fn quote_reserved(yaml: &str) -> Option<String> {
    let mut changed = false;
    let mut out = String::with_capacity(yaml.len() + 16);
    for line in yaml.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let value_start = match body.trim_start().strip_prefix("- ") {
            Some(rest) => body.len() - rest.len(),
            None => body.find(": ").map(|i| i + 2).unwrap_or(body.len()),
        };
        let value = body[value_start..].trim_start();
        if value.starts_with(['@', '`']) {
            let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
            out.push_str(&body[..value_start]);
            out.push('"');
            out.push_str(quoted.trim_end());
            out.push('"');
            out.push_str(ending);
            changed = true;
        } else {
            out.push_str(line);
        }
    }
    changed.then_some(out)
}

/// The top-level `key: value` lines of YAML that does not parse as a whole,
/// each value a string (quotes around it removed); keys with nested or list
/// values, and lines that are not `key: value`, are left out.
fn recover_scalars(yaml: &str) -> Map<String, Value> {
    let mut out = Map::new();
    for line in yaml.lines() {
        if line.starts_with([' ', '\t', '-', '#']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if key.is_empty() || value.is_empty() || out.contains_key(key) {
            continue;
        }
        let unquoted = ['"', '\'']
            .iter()
            .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
            .unwrap_or(value);
        out.insert(key.to_string(), Value::String(unquoted.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_of_invalid_yaml_are_recovered() {
        let yaml = "created: 2021-08-10\nstatus: [Implemented](https://x.y/z)\ntitle: \"Rules: SIG\"\nauthors:\n  - [A](http://a), B\n";
        assert!(crate::yaml::parse_mapping(yaml).is_err());
        let map = recover_scalars(yaml);
        assert_eq!(map["created"], "2021-08-10");
        assert_eq!(map["status"], "[Implemented](https://x.y/z)");
        assert_eq!(map["title"], "Rules: SIG");
        assert!(!map.contains_key("authors"));
    }

    #[test]
    fn reserved_first_characters_are_quoted() {
        let fixed = quote_reserved("id: task-1\nassignee: @ana\nlabels:\n  - @bo\n").unwrap();
        assert_eq!(fixed, "id: task-1\nassignee: \"@ana\"\nlabels:\n  - \"@bo\"\n");
        assert!(quote_reserved("id: task-1\n").is_none());
    }
}
