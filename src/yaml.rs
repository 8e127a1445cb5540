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

/// Deeper flow nesting (`[[[…` or `{{{…`) than this is refused before parsing:
/// the YAML parser would refuse it anyway, but only after quadratic work.
pub const MAX_FLOW_DEPTH: usize = 64;

/// The position of the first bracket nested deeper than `limit`, outside
/// quoted strings and comments.
fn too_deep(text: &str, limit: usize) -> Option<YamlError> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut previous = '\n';
    let mut comment = false;
    for c in text.chars() {
        column += 1;
        if c == '\n' {
            (line, column, comment) = (line + 1, 0, false);
            if quote == Some('\'') {
                quote = None;
            }
        } else if comment {
        } else if let Some(q) = quote {
            if c == q && !(q == '"' && previous == '\\') {
                quote = None;
            }
        } else {
            match c {
                '"' | '\'' => quote = Some(c),
                '#' if previous.is_whitespace() => comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(YamlError {
                            message: format!("lists or mappings nested more than {limit} levels deep"),
                            line,
                            column,
                        });
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        previous = c;
    }
    None
}

/// Parses a YAML mapping, such as a record's front matter.
///
/// An empty document gives an empty map; any other non-mapping document is an
/// error. Keys that are not strings are turned into strings.
pub fn parse_mapping(text: &str) -> Result<Map<String, Value>, YamlError> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    if let Some(error) = too_deep(text, MAX_FLOW_DEPTH) {
        return Err(error);
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
    if let Some(error) = too_deep(text, MAX_FLOW_DEPTH) {
        return Err(error);
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
    fn deep_flow_nesting_is_refused_quickly_with_its_position() {
        let text = format!("id: A\nx: {}\n", "[".repeat(100_000));
        let error = parse_mapping(&text).unwrap_err();
        assert_eq!((error.line, error.column), (2, 4 + MAX_FLOW_DEPTH));
        assert!(error.message.contains("nested more than 64 levels"), "{error:?}");
        let quoted = format!("x: \"{}\" # {}\n", "[".repeat(500), "{".repeat(500));
        assert!(parse_mapping(&quoted).is_ok());
    }

    #[test]
    fn empty_front_matter_is_an_empty_map() {
        assert!(parse_mapping("  \n").unwrap().is_empty());
    }
}
