//! The demo's script, `example-site/history.yaml`: who committed what, and
//! when, read into [`Script`] and turned into the content of each file at
//! each commit. The format is documented in `docs/demo.md`.

use anyhow::{anyhow, bail, Context, Result};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The whole script.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    /// People who commit, by the short name the commits use.
    pub authors: BTreeMap<String, Author>,
    /// The commits, oldest first.
    pub commits: Vec<Commit>,
    /// The last commit, which adds every file the commits leave out or
    /// leave different from the folder.
    #[serde(rename = "final")]
    pub last: Closing,
}

/// A commit's author (also its committer).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Author {
    /// The name git shows.
    pub name: String,
    /// The e-mail address git shows.
    pub email: String,
}

/// One scripted commit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commit {
    /// RFC 3339, with the author's offset: `2025-03-10T09:30:00+01:00`.
    pub date: String,
    /// A key of `authors`.
    pub author: String,
    /// The commit message.
    pub message: String,
    /// What each file becomes, by path or by id (see [`resolve`]).
    pub files: BTreeMap<String, Change>,
}

/// The closing commit: when, by whom, with which message.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    /// As [`Commit::date`].
    pub date: String,
    /// As [`Commit::author`].
    pub author: String,
    /// The commit message.
    pub message: String,
}

/// What a file becomes in a commit.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Change {
    /// `final` (the file as it is in the folder) or `removed`.
    Word(String),
    /// An earlier version, made from the final file or a kept one.
    Version(Version),
}

/// An earlier version of a file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// Start from this kept file (a path under `history/`) rather than the final one.
    #[serde(default)]
    pub from: Option<String>,
    /// Front-matter keys to set (a `null` value removes the key).
    #[serde(default)]
    pub set: BTreeMap<String, Value>,
    /// Untick every ticked task-list box (`- [x]` becomes `- [ ]`).
    #[serde(default)]
    pub untick: bool,
}

/// Reads the script.
pub fn parse(text: &str) -> Result<Script> {
    let script: Script = crate::yaml::from_str(text)
        .map_err(|e| anyhow!("history.yaml:{}:{}: {}", e.line, e.column, e.message))?;
    for commit in &script.commits {
        if !script.authors.contains_key(&commit.author) {
            bail!(
                "history.yaml: commit \"{}\" names the author `{}`, who is not under `authors:`",
                commit.message,
                commit.author
            );
        }
    }
    if !script.authors.contains_key(&script.last.author) {
        bail!(
            "history.yaml: `final` names the author `{}`, who is not under `authors:`",
            script.last.author
        );
    }
    Ok(script)
}

/// Seconds since the epoch and offset east of UTC of an RFC 3339 date.
pub fn moment(date: &str) -> Result<(i64, i32)> {
    let parsed = chrono::DateTime::parse_from_rfc3339(date)
        .with_context(|| format!("history.yaml: `{date}` is not a date such as 2025-03-10T09:30:00+01:00"))?;
    Ok((parsed.timestamp(), parsed.offset().local_minus_utc()))
}

/// The day of a moment from [`moment`], `YYYY-MM-DD`, in its own offset.
pub fn moment_date((seconds, offset): (i64, i32)) -> String {
    let zone = chrono::FixedOffset::east_opt(offset)
        .unwrap_or(chrono::FixedOffset::east_opt(0).expect("zero offset"));
    chrono::DateTime::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .with_timezone(&zone)
        .format("%Y-%m-%d")
        .to_string()
}

/// The path a key of `files:` names among `paths`: the path itself when it
/// holds a `/`, else the one record file whose name starts with the key and
/// a `-` (`PAY-101` is `items/PAY-101-create-invoice-via-api.md`, a session's
/// date its file).
pub fn resolve<'a>(key: &str, paths: &[&'a str]) -> Result<&'a str> {
    if key.contains('/') {
        return paths
            .iter()
            .find(|p| **p == key)
            .copied()
            .ok_or_else(|| anyhow!("history.yaml: there is no file `{key}` in the example"));
    }
    let prefix = format!("{key}-");
    let found: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| {
            let name = p.rsplit('/').next().unwrap_or(p);
            !p.starts_with("history/") && p.ends_with(".md") && name.starts_with(&prefix)
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => bail!("history.yaml: no record file's name starts with `{prefix}`"),
        many => bail!("history.yaml: `{key}` names several files: {}", many.join(", ")),
    }
}

/// The text `version` gives, from the file's final text and the kept files.
pub fn apply(version: &Version, final_text: &str, kept: impl Fn(&str) -> Option<String>) -> Result<String> {
    let mut text = match &version.from {
        Some(path) => kept(path).ok_or_else(|| anyhow!("history.yaml: there is no kept version `{path}`"))?,
        None => final_text.to_string(),
    };
    for (key, value) in &version.set {
        text = set_field(&text, key, value)?;
    }
    if version.untick {
        text = untick(&text);
    }
    Ok(text)
}

/// The text with front-matter key `key` set to `value` (removed when null),
/// its other lines untouched.
fn set_field(text: &str, key: &str, value: &Value) -> Result<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        bail!("history.yaml: cannot set `{key}` in a file without front matter");
    }
    let close = lines
        .iter()
        .skip(1)
        .position(|l| l.trim_end() == "---")
        .map(|p| p + 1)
        .ok_or_else(|| anyhow!("history.yaml: cannot set `{key}`: the front matter is not closed"))?;
    let start = (1..close).find(|&i| {
        lines[i]
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
    });
    // A key's value may continue on indented lines or as a block list.
    let end = |start: usize| {
        (start + 1..close)
            .find(|&i| {
                !(lines[i].starts_with(' ') || lines[i].starts_with('-') || lines[i].trim().is_empty())
            })
            .unwrap_or(close)
    };
    let line = match value {
        Value::Null => None,
        value => Some(format!("{key}: {}\n", yaml_value(value)?)),
    };
    let (from, to) = match start {
        Some(start) => (start, end(start)),
        None => (close, close),
    };
    let mut out: String = lines[..from].concat();
    if let Some(line) = line {
        out.push_str(&line);
    }
    out.push_str(&lines[to..].concat());
    Ok(out)
}

/// A JSON value as a YAML flow value: plain words plain, other strings
/// double-quoted (a JSON string is a YAML one), lists in brackets.
fn yaml_value(value: &Value) -> Result<String> {
    Ok(match value {
        Value::String(s) if is_plain(s) => s.clone(),
        Value::String(s) => serde_json::to_string(s)?,
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(yaml_value)
                .collect::<Result<Vec<_>>>()?
                .join(", ")
        ),
        Value::Null => "null".into(),
        Value::Object(_) => bail!("history.yaml: `set:` takes words, numbers and lists, not mappings"),
    })
}

/// True when `s` reads back as the same string written without quotes.
fn is_plain(s: &str) -> bool {
    let special_start = s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace());
    let words = ["null", "true", "false", "yes", "no", "on", "off", "~"];
    !s.is_empty()
        && !special_start
        && !s.ends_with(char::is_whitespace)
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains(['\n', ',', '[', ']', '{', '}'])
        && !words.contains(&s.to_ascii_lowercase().as_str())
        && s.parse::<f64>().is_err()
}

/// The text with every ticked task-list box unticked.
fn untick(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            let rest = &line[indent..];
            match rest.get(..5) {
                Some("- [x]" | "- [X]" | "* [x]" | "* [X]") => {
                    format!("{}{} [ ]{}", &line[..indent], &rest[..1], &rest[5..])
                }
                _ => line.to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEM: &str = "---\nid: PAY-1\nstatus: done\ntags:\n  - a\n  - b\nestimate: 3\n---\n\n- [x] one\n  - [X] two\n- [ ] three\n";

    #[test]
    fn set_replaces_adds_and_removes_keys() {
        let out = set_field(ITEM, "status", &Value::from("refining")).unwrap();
        assert!(out.contains("\nstatus: refining\ntags:\n  - a\n"), "{out}");
        let out = set_field(ITEM, "tags", &serde_json::json!(["x", "needs: quoting"])).unwrap();
        assert!(
            out.contains("\ntags: [x, \"needs: quoting\"]\nestimate: 3\n"),
            "{out}"
        );
        let out = set_field(ITEM, "estimate", &Value::Null).unwrap();
        assert!(!out.contains("estimate"), "{out}");
        let out = set_field(ITEM, "owner", &Value::from("ana")).unwrap();
        assert!(out.contains("estimate: 3\nowner: ana\n---\n"), "{out}");
    }

    #[test]
    fn untick_clears_every_ticked_box() {
        let out = untick(ITEM);
        assert!(out.contains("- [ ] one\n  - [ ] two\n- [ ] three\n"), "{out}");
    }

    #[test]
    fn keys_resolve_to_one_file() {
        let paths = [
            "items/PAY-1-a.md",
            "items/PAY-10-b.md",
            "sessions/2025-01-02-x.md",
            "history/PAY-1-a.md",
        ];
        assert_eq!(resolve("PAY-1", &paths).unwrap(), "items/PAY-1-a.md");
        assert_eq!(resolve("2025-01-02", &paths).unwrap(), "sessions/2025-01-02-x.md");
        assert!(resolve("PAY-2", &paths)
            .unwrap_err()
            .to_string()
            .contains("PAY-2-"));
        assert!(resolve("code/x.rs", &paths).is_err());
    }

    #[test]
    fn quoting_keeps_values_as_written() {
        assert_eq!(yaml_value(&Value::from("2025-03-10")).unwrap(), "2025-03-10");
        assert_eq!(yaml_value(&Value::from("yes")).unwrap(), "\"yes\"");
        assert_eq!(yaml_value(&Value::from("12")).unwrap(), "\"12\"");
    }
}
