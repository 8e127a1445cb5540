//! Turns a parsed front-matter map into a record's typed fields, with a
//! diagnostic for every value of the wrong shape, and locates each value in the
//! source so diagnostics point at it.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Estimate, Origin, Reference, Relation};
use crate::parse::dates::normalise_date;
use serde_json::{Map, Value};
use std::ops::Range;
use std::path::Path;

/// Reads fields out of front matter, collecting diagnostics as it goes.
pub struct FieldReader<'a> {
    /// The front matter.
    pub map: &'a Map<String, Value>,
    /// The whole file text.
    pub source: &'a str,
    /// The YAML's byte range in `source`.
    pub yaml: Range<usize>,
    /// The file, relative to the root.
    pub file: &'a Path,
    /// Diagnostics found so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> FieldReader<'a> {
    /// Byte range of `value` written under top-level `key`, else of the key
    /// itself, else the start of the front matter.
    pub fn locate(&self, key: &str, value: Option<&str>) -> Range<usize> {
        let yaml = &self.source[self.yaml.clone()];
        let base = self.yaml.start;
        let Some((key_range, block_end)) = self.key_block(key) else {
            return base..base;
        };
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            let block = &yaml[key_range.end..block_end];
            let mut from = 0;
            while let Some(found) = block[from..].find(value) {
                let start = from + found;
                let end = start + value.len();
                let before_ok = !block[..start].ends_with(is_value_char);
                let after_ok = !block[end..].starts_with(is_value_char);
                if before_ok && after_ok {
                    return base + key_range.end + start..base + key_range.end + end;
                }
                from = end;
            }
        }
        base + key_range.start..base + key_range.end
    }

    /// Byte range of whatever is written as `key`'s value: the rest of its
    /// line, or its first line below (a block list or mapping), without
    /// the colon, spaces and a trailing comment; the key itself when the
    /// value is empty. Diagnostics about a value point here, not at the key.
    pub fn value_span(&self, key: &str) -> Range<usize> {
        let yaml = &self.source[self.yaml.clone()];
        let base = self.yaml.start;
        let Some((key_range, block_end)) = self.key_block(key) else {
            return base..base;
        };
        let block = &yaml[key_range.end..block_end];
        let mut offset = key_range.end;
        for (n, line) in block.split_inclusive('\n').enumerate() {
            // The key's own line starts after the key: skip the colon.
            let content = if n == 0 {
                line.strip_prefix(':').unwrap_or(line)
            } else {
                line
            };
            let skipped = line.len() - content.len();
            let content = match content.find(" #") {
                Some(comment) if !content.trim_start().starts_with(['"', '\'']) => &content[..comment],
                _ => content,
            };
            let trimmed = content.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                let start = offset + skipped + (content.len() - content.trim_start().len());
                return base + start..base + start + trimmed.len();
            }
            offset += line.len();
        }
        base + key_range.start..base + key_range.end
    }

    /// The range of top-level `key` in the front matter and where its block
    /// (the lines that belong to its value) ends, both relative to the
    /// front matter's text.
    fn key_block(&self, key: &str) -> Option<(Range<usize>, usize)> {
        let yaml = &self.source[self.yaml.clone()];
        let mut offset = 0;
        let mut key_range: Option<Range<usize>> = None;
        let mut block_end = yaml.len();
        for line in yaml.split_inclusive('\n') {
            let top_level = line.starts_with(|c: char| !c.is_whitespace() && c != '-' && c != '#');
            if let Some(found) = &key_range {
                if top_level && offset > found.start {
                    block_end = offset;
                    break;
                }
            } else if top_level {
                let name = line
                    .split(':')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_matches(['"', '\'']);
                if name == key && line.contains(':') {
                    let at = line.find(key).unwrap_or(0);
                    key_range = Some(offset + at..offset + at + key.len());
                }
            }
            offset += line.len();
        }
        key_range.map(|range| (range, block_end))
    }

    fn invalid(&mut self, key: &str, message: String, help: &str) {
        let span = self.value_span(key);
        let d = Diagnostic::new(Code::InvalidField, self.file, message)
            .at(self.source, span)
            .with_help(help);
        self.diagnostics.push(d);
    }

    /// A scalar field as a string (numbers are accepted and written out).
    pub fn string(&mut self, key: &str) -> Option<String> {
        match self.map.get(key)? {
            Value::Null => None,
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                let found = crate::yaml::describe(other);
                self.invalid(
                    key,
                    format!("`{key}` should be a single value, found {found}"),
                    "write it as `key: value`",
                );
                None
            }
        }
    }

    /// A list field; a single string is read as a one-entry list, or as a
    /// comma-separated list.
    pub fn list(&mut self, key: &str) -> Vec<String> {
        match self.map.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            Some(Value::Number(n)) => vec![n.to_string()],
            Some(Value::Array(values)) => {
                let mut out = Vec::new();
                for value in values {
                    match value {
                        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        Value::Number(n) => out.push(n.to_string()),
                        Value::Null => {}
                        Value::String(_) => {}
                        other => {
                            let found = crate::yaml::describe(other);
                            self.invalid(
                                key,
                                format!("`{key}` should list plain values, found {found} in it"),
                                "write one value per entry: `key: [A, B]`",
                            );
                        }
                    }
                }
                out
            }
            Some(other) => {
                let found = crate::yaml::describe(other);
                self.invalid(
                    key,
                    format!("`{key}` should be a list, found {found}"),
                    "write it as `key: [A, B]`",
                );
                Vec::new()
            }
        }
    }

    /// Glob patterns of code paths (`applies_to`): a single string is one
    /// pattern (a comma belongs to the glob, as in `*.{rs,toml}`), a list
    /// one per entry. A pattern that is not a valid glob, or that climbs out
    /// of the code root (absolute, or with a `..` part), is reported and
    /// left out.
    pub fn patterns(&mut self, key: &str) -> Vec<String> {
        let written = match self.map.get(key) {
            Some(Value::String(s)) => vec![s.trim().to_string()],
            _ => self.list(key),
        };
        let mut out = Vec::new();
        for pattern in written.into_iter().filter(|p| !p.is_empty()) {
            let climbs = pattern.starts_with('/') || pattern.split('/').any(|part| part == "..");
            let problem = if climbs {
                Some("it must be relative to the code root, without `/` at its start or `..`".to_string())
            } else {
                globset::Glob::new(&pattern).err().map(|e| e.kind().to_string())
            };
            match problem {
                None => out.push(pattern),
                Some(problem) => {
                    let span = self.locate(key, Some(&pattern));
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidField,
                            self.file,
                            format!("`{key}` pattern `{pattern}` is not a usable glob: {problem}"),
                        )
                        .at(self.source, span)
                        .with_help("write a path pattern relative to the code root, e.g. `src/ledger/**` or `services/*.proto`"),
                    );
                }
            }
        }
        out
    }

    /// References written under `key`, each located in the source.
    pub fn references(&mut self, key: &str, relation: Relation) -> Vec<Reference> {
        self.list(key)
            .into_iter()
            .map(|target| Reference {
                span: self.locate(key, Some(&target)),
                target,
                relation,
                origin: Origin::FrontMatter,
            })
            .collect()
    }

    /// An integer field.
    pub fn integer(&mut self, key: &str) -> Option<i64> {
        match self.map.get(key)? {
            Value::Null => None,
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
            Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => n.as_f64().map(|f| f as i64),
            Value::String(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            other => {
                let found = value_words(other);
                self.invalid(
                    key,
                    format!("`{key}` should be a whole number, found {found}"),
                    "write a number such as `3`",
                );
                None
            }
        }
    }

    /// A duration in minutes: a number, or `90m`, `1h`, `1h30m`, `1.5h`.
    pub fn minutes(&mut self, key: &str) -> Option<u64> {
        let value = self.map.get(key)?;
        let parsed = match value {
            Value::Null => return None,
            Value::Number(n) => n.as_f64().filter(|f| *f >= 0.0).map(|f| f.round() as u64),
            Value::String(s) => parse_minutes(s),
            _ => None,
        };
        if parsed.is_none() {
            let found = value_words(value);
            self.invalid(
                key,
                format!("`{key}` should be minutes, found {found}"),
                "write minutes such as `60`, or `1h30m`",
            );
        }
        parsed
    }

    /// `estimate`: story points or a t-shirt size.
    pub fn estimate(&mut self) -> Option<Estimate> {
        let value = self.map.get("estimate")?;
        match value {
            Value::Null => None,
            Value::Number(n) if n.as_f64().is_some_and(|f| f >= 0.0) => n.as_f64().map(Estimate::Points),
            Value::String(s) if is_tshirt(s.trim()) => Some(Estimate::Size(s.trim().to_uppercase())),
            Value::String(s) if s.trim().parse::<f64>().is_ok_and(|f| f >= 0.0) => {
                s.trim().parse().ok().map(Estimate::Points)
            }
            other => {
                let found = value_words(other);
                self.invalid(
                    "estimate",
                    format!("`estimate` should be story points or a size from XS to XL, found {found}"),
                    "write points such as `5`, or a size such as `M`",
                );
                None
            }
        }
    }

    /// `date`, normalised to `YYYY-MM-DD`.
    pub fn date(&mut self, key: &str) -> Option<String> {
        let raw = self.string(key)?;
        match normalise_date(&raw) {
            Some(date) => Some(date),
            None => {
                self.invalid(
                    key,
                    format!("`{key}` is not a date: `{raw}`"),
                    "write the date as YYYY-MM-DD",
                );
                None
            }
        }
    }
}

/// Every front-matter key a native record may hold; one close to a key
/// here is reported as a typo ([`typo_of`]).
pub use crate::front_matter::KNOWN_KEYS;

/// The known key that `key`, unknown, is most likely a typo of: one edit
/// away (two for keys of eight letters or more), letter case aside. A short
/// key (four letters or fewer) must differ by a letter added, left out or
/// swapped with its neighbour, not replaced: `name` or `data` are other
/// tools' fields, not typos of `date`.
pub fn typo_of<'a>(key: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = key.to_lowercase();
    let length = lower.chars().count();
    let allowed = if length >= 8 { 2 } else { 1 };
    known
        .into_iter()
        .filter_map(|candidate| {
            let distance = strsim::damerau_levenshtein(&lower, candidate);
            let replaced_only = candidate.chars().count() == length
                && strsim::levenshtein(&lower, candidate) == distance
                && distance > 0;
            let short_replacement = length <= 4 && replaced_only;
            (distance <= allowed && !short_replacement).then_some((distance, candidate))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn is_value_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')
}

fn value_words(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        Value::Number(n) => format!("`{n}`"),
        other => crate::yaml::describe(other).to_string(),
    }
}

fn is_tshirt(s: &str) -> bool {
    let upper = s.to_uppercase();
    matches!(upper.as_str(), "XXS" | "XS" | "S" | "M" | "L" | "XL" | "XXL")
}

/// Parses `90`, `90m`, `90 min`, `1h`, `1h30m`, `1.5h` into minutes.
pub fn parse_minutes(text: &str) -> Option<u64> {
    let t = text.trim().to_lowercase().replace(' ', "");
    if let Ok(n) = t.parse::<f64>() {
        return (n >= 0.0).then(|| n.round() as u64);
    }
    let t = t
        .trim_end_matches("utes")
        .trim_end_matches("ins")
        .trim_end_matches("in");
    let (hours, rest) = match t.split_once('h') {
        Some((h, rest)) => (
            h.parse::<f64>().ok()?,
            rest.trim_start_matches("ours").trim_start_matches("our"),
        ),
        None => (0.0, t),
    };
    let minutes = match rest.trim_end_matches('m') {
        "" => 0.0,
        m => m.parse::<f64>().ok()?,
    };
    let total = hours * 60.0 + minutes;
    (total >= 0.0).then(|| total.round() as u64)
}

/// Span of a front-matter key's value in a record, via the field locator.
pub fn key_span(record: &crate::model::Record, key: &str, value: Option<&str>) -> std::ops::Range<usize> {
    with_reader(record, |reader| reader.locate(key, value))
}

/// Span of all that is written as `key`'s value in a record (see
/// [`FieldReader::value_span`]): where a diagnostic about the value points.
pub fn value_span(record: &crate::model::Record, key: &str) -> std::ops::Range<usize> {
    with_reader(record, |reader| reader.value_span(key))
}

fn with_reader<T>(record: &crate::model::Record, read: impl FnOnce(&FieldReader) -> T) -> T {
    let yaml = match super::front_matter::split(record.source()) {
        Ok(split) => split.yaml.unwrap_or(0..0),
        Err(_) => 0..0,
    };
    let map = record.front_matter.map();
    let reader = FieldReader {
        map: &map,
        source: record.source(),
        yaml,
        file: &record.file,
        diagnostics: Vec::new(),
    };
    read(&reader)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader<'a>(source: &'a str, map: &'a Map<String, Value>) -> FieldReader<'a> {
        let end = source[4..].find("---").map(|i| i + 4).unwrap_or(source.len());
        FieldReader {
            map,
            source,
            yaml: 4..end,
            file: Path::new("a.md"),
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn typos_of_known_keys_are_found_and_other_fields_left_alone() {
        let known = KNOWN_KEYS.iter().copied();
        assert_eq!(typo_of("stauts", known.clone()), Some("status"));
        assert_eq!(typo_of("ownr", known.clone()), Some("owner"));
        assert_eq!(typo_of("tpye", known.clone()), Some("type"));
        assert_eq!(typo_of("Status", known.clone()), Some("status"));
        assert_eq!(typo_of("depends-on", known.clone()), Some("depends_on"));
        assert_eq!(typo_of("superseeded_by", known.clone()), Some("superseded_by"));
        for other in [
            "name",
            "data",
            "author",
            "labels",
            "state",
            "created",
            "assignee",
            "milestone",
            "team",
        ] {
            assert_eq!(typo_of(other, known.clone()), None, "{other}");
        }
    }

    #[test]
    fn value_spans_cover_the_value_not_the_key() {
        let source = "---\nstatus:  refning # typo\ntags:\n  - a\nowner:\n---\n";
        let map = crate::yaml::parse_mapping(&source[4..source.len() - 4]).unwrap();
        let r = reader(source, &map);
        assert_eq!(&source[r.value_span("status")], "refning");
        assert_eq!(&source[r.value_span("tags")], "- a");
        assert_eq!(&source[r.value_span("owner")], "owner");
    }

    #[test]
    fn locates_values_inside_their_key_block() {
        let source = "---\nid: PAY-1\ndecisions:\n  - ADR-1\n  - ADR-10\ntags: [ADR-10]\n---\n";
        let map = crate::yaml::parse_mapping(&source[4..source.len() - 4]).unwrap();
        let mut r = reader(source, &map);
        let refs = r.references("decisions", Relation::Decision);
        assert_eq!(&source[refs[0].span.clone()], "ADR-1");
        assert_eq!(&source[refs[1].span.clone()], "ADR-10");
        assert!(refs[1].span.start < source.find("tags").unwrap());
        assert_eq!(&source[r.locate("tags", None)], "tags");
    }

    #[test]
    fn wrong_shapes_give_invalid_field_diagnostics() {
        let source = "---\npriority: high\nestimate: huge\ntags: {a: 1}\n---\n";
        let map = crate::yaml::parse_mapping(&source[4..source.len() - 4]).unwrap();
        let mut r = reader(source, &map);
        assert_eq!(r.integer("priority"), None);
        assert_eq!(r.estimate(), None);
        assert!(r.list("tags").is_empty());
        assert_eq!(r.diagnostics.len(), 3);
        // The carets point at the value, not at the key.
        assert_eq!((r.diagnostics[0].line, r.diagnostics[0].column), (2, 11));
        assert_eq!((r.diagnostics[2].line, r.diagnostics[2].column), (4, 7));
        assert!(r.diagnostics[1].message.contains("`huge`"));
    }

    #[test]
    fn lists_accept_single_and_comma_separated_values() {
        let source = "---\na: X-1\nb: X-1, X-2\nc: [X-3, 4]\n---\n";
        let map = crate::yaml::parse_mapping(&source[4..source.len() - 4]).unwrap();
        let mut r = reader(source, &map);
        assert_eq!(r.list("a"), vec!["X-1"]);
        assert_eq!(r.list("b"), vec!["X-1", "X-2"]);
        assert_eq!(r.list("c"), vec!["X-3", "4"]);
    }

    #[test]
    fn dates_and_durations_are_normalised() {
        assert_eq!(normalise_date("2026-5-1").as_deref(), Some("2026-05-01"));
        assert_eq!(
            normalise_date("2026-05-01T10:00:00Z").as_deref(),
            Some("2026-05-01")
        );
        assert_eq!(normalise_date("01.05.2026").as_deref(), Some("2026-05-01"));
        assert_eq!(normalise_date("soon"), None);
        assert_eq!(normalise_date("26-05-01"), None, "a two-digit year is no year 26");
        assert_eq!(normalise_date("01.05.26"), None);
        assert_eq!(parse_minutes("1h30m"), Some(90));
        assert_eq!(parse_minutes("45 min"), Some(45));
        assert_eq!(parse_minutes("2h"), Some(120));
        assert_eq!(parse_minutes("long"), None);
    }
}
