//! `shoshin check --explain-formats`: per file, the format recognised and
//! the fields read, with the line and the marker each came from; files of
//! the source folders that are not records are listed with the reason.

use crate::front_matter::KNOWN_KEYS;
use crate::model::{Record, SourceFormat};
use serde_json::{json, Value};
use std::path::PathBuf;

/// One explained file.
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    /// The file, relative to the root.
    pub file: PathBuf,
    /// The format, or `None` when the file is not a record.
    pub format: Option<SourceFormat>,
    /// `decision ADR-0007`, or the reason it is not a record.
    pub summary: String,
    /// (field, value, line, marker).
    pub fields: Vec<(String, String, usize, String)>,
}

/// Every record and skipped file, sorted by file.
pub fn explain(records: &[Record], skipped: &[(PathBuf, String)]) -> Vec<Explained> {
    let mut out: Vec<Explained> = records.iter().map(explain_record).collect();
    out.extend(skipped.iter().map(|(file, reason)| Explained {
        file: file.clone(),
        format: None,
        summary: format!("not a record: {reason}"),
        fields: Vec::new(),
    }));
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

fn explain_record(record: &Record) -> Explained {
    let fields = match &record.reading {
        Some(reading) => reading
            .fields
            .iter()
            .map(|f| (f.field.to_string(), f.value.clone(), f.line, f.from.clone()))
            .collect(),
        None => record
            .front_matter
            .map()
            .into_iter()
            .filter(|(key, _)| KNOWN_KEYS.contains(&key.as_str()))
            .map(|(key, value)| {
                let line = crate::text::line_column(record.source(), find_key(record.source(), &key)).0;
                let value = match value {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                (key, value, line, "front matter".to_string())
            })
            .collect(),
    };
    Explained {
        file: record.file.clone(),
        format: Some(record.format),
        summary: format!("{} {}", record.kind.as_str(), record.id),
        fields,
    }
}

fn find_key(source: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if line.starts_with(key) && line[key.len()..].trim_start().starts_with(':') {
            return offset;
        }
        offset += line.len();
    }
    0
}

/// The explanation as text, one block per file.
pub fn text(explained: &[Explained]) -> String {
    let mut out = String::new();
    for e in explained {
        let format = e.format.map(|f| f.as_str()).unwrap_or("skipped");
        out.push_str(&format!(
            "{}: {format}, {}\n",
            e.file.to_string_lossy().replace('\\', "/"),
            e.summary
        ));
        let width = e.fields.iter().map(|f| f.0.len()).max().unwrap_or(0);
        for (field, value, line, from) in &e.fields {
            out.push_str(&format!("    {field:<width$}  {value}  (line {line}, {from})\n"));
        }
    }
    out
}

/// The explanation as JSON: `[{"file","format","summary","fields":[{"field","value","line","from"}]}]`.
pub fn json(explained: &[Explained]) -> Value {
    Value::Array(
        explained
            .iter()
            .map(|e| {
                json!({
                    "file": e.file.to_string_lossy().replace('\\', "/"),
                    "format": e.format.map(|f| f.as_str()),
                    "summary": e.summary,
                    "fields": e.fields.iter().map(|(field, value, line, from)| json!({
                        "field": field, "value": value, "line": line, "from": from
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}
