//! The one module that parses YAML.
//!
//! `serde_yaml` is deprecated upstream, so no other module names it: front
//! matter comes out of here as a JSON map (the model's own representation) and
//! configuration as any `Deserialize` type. Swapping the parser touches only
//! this file.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// A YAML syntax or type error, with a 1-based position inside the parsed text.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    /// What went wrong, without the position.
    pub message: String,
    /// 1-based line inside the parsed text, when known.
    pub line: usize,
    /// 1-based column inside the parsed text, when known.
    pub column: usize,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (line {}, column {})", self.message, self.line, self.column)
    }
}

impl std::error::Error for YamlError {}

fn convert_error(error: serde_yaml::Error) -> YamlError {
    let (line, column) = error.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
    let mut message = error.to_string();
    // serde_yaml appends " at line X column Y" to its messages; the position is kept separately.
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    YamlError {
        message,
        line: line.max(1),
        column: column.max(1),
    }
}

/// Parses a YAML mapping, such as a record's front matter.
///
/// An empty document gives an empty map; any other non-mapping document is an
/// error. Keys that are not strings are turned into strings.
pub fn parse_mapping(text: &str) -> Result<Map<String, Value>, YamlError> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(convert_error)?;
    match to_json(value) {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => Err(YamlError {
            message: format!(
                "front matter must be a mapping of `key: value` lines, found {}",
                describe(&other)
            ),
            line: 1,
            column: 1,
        }),
    }
}

/// Deserializes a whole YAML document into `T` (used for `shoshin.yaml`).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if text.trim().is_empty() {
        return serde_yaml::from_str("{}").map_err(convert_error);
    }
    serde_yaml::from_str(text).map_err(convert_error)
}

/// Names the JSON type of a value in words, for messages.
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn to_json(value: serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect()),
        serde_yaml::Value::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (key_string(k), to_json(v)))
                .collect(),
        ),
        serde_yaml::Value::Tagged(tagged) => to_json(tagged.value),
    }
}

fn key_string(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Null => "null".to_string(),
        other => serde_yaml::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_mapping_and_keeps_dates_as_strings() {
        let map = parse_mapping("id: PAY-1\ndate: 2026-05-01\ntags: [a, b]\n").unwrap();
        assert_eq!(map["id"], "PAY-1");
        assert_eq!(map["date"], "2026-05-01");
        assert_eq!(map["tags"][1], "b");
    }

    #[test]
    fn reports_the_line_and_column_of_a_syntax_error() {
        let error = parse_mapping("id: PAY-1\ntitle: [unclosed\nstatus: ready\n").unwrap_err();
        assert!(error.line >= 2, "{error:?}");
        assert!(!error.message.contains(" at line "), "{error:?}");
    }

    #[test]
    fn rejects_a_document_that_is_not_a_mapping() {
        let error = parse_mapping("- a\n- b\n").unwrap_err();
        assert!(error.message.contains("found a list"), "{error:?}");
    }

    #[test]
    fn empty_front_matter_is_an_empty_map() {
        assert!(parse_mapping("  \n").unwrap().is_empty());
    }
}
