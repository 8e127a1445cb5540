//! The `sprints:` section of `shoshin.yaml`: each sprint's name and its
//! first and last day. Optional: without it, sprints are inferred from the
//! items' `sprint:` values (see `crate::history::sprints`).

use anyhow::{bail, Result};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

/// One configured sprint.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SprintConfig {
    /// What items write in `sprint:` (`2026-S14`, or a number such as `14`).
    #[serde(deserialize_with = "name_or_number")]
    pub name: String,
    /// Its first day, `YYYY-MM-DD`.
    #[serde(deserialize_with = "name_or_number")]
    pub start: String,
    /// Its last day, `YYYY-MM-DD` (the sprint includes it).
    #[serde(deserialize_with = "name_or_number")]
    pub end: String,
}

impl SprintConfig {
    /// The first day; the configuration was validated, so it is a date.
    pub fn start_date(&self) -> NaiveDate {
        date(&self.start).unwrap_or_default()
    }

    /// The last day.
    pub fn end_date(&self) -> NaiveDate {
        date(&self.end).unwrap_or_default()
    }
}

/// A name written as text or as a number (`name: 14`).
fn name_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Text(String),
        Whole(i64),
        Number(f64),
    }
    Ok(match Written::deserialize(deserializer)? {
        Written::Text(text) => text.trim().to_string(),
        Written::Whole(n) => n.to_string(),
        Written::Number(n) => n.to_string(),
    })
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// The line of `text` (the configuration file) that declares sprint
/// `name`, for messages: the first `name:` line with that value after
/// `sprints:`, else the `sprints:` line.
fn line_of(text: &str, name: &str) -> usize {
    let mut start = None;
    for (n, line) in text.lines().enumerate() {
        if start.is_none() {
            if line.trim_end().starts_with("sprints:") {
                start = Some(n + 1);
            }
            continue;
        }
        let trimmed = line.trim_start().trim_start_matches('-').trim();
        let value = trimmed
            .strip_prefix("name:")
            .map(|v| v.trim().trim_matches(['"', '\'']));
        if value == Some(name) {
            return n + 1;
        }
    }
    start.unwrap_or(1)
}

/// Checks every sprint: a name, dates as `YYYY-MM-DD`, the end on or after
/// the start, no two with one name, no two overlapping. `text` is the
/// configuration file, to name the line.
pub fn validate(sprints: &[SprintConfig], text: &str) -> Result<()> {
    let mut spans: Vec<(NaiveDate, NaiveDate, &str)> = Vec::new();
    for sprint in sprints {
        let at = || format!("line {}: ", line_of(text, &sprint.name));
        if sprint.name.is_empty() {
            bail!(
                "{}every entry of `sprints` needs a `name`: what items write in `sprint:`",
                at()
            );
        }
        let (Some(start), Some(end)) = (date(&sprint.start), date(&sprint.end)) else {
            bail!(
                "{}sprint `{}` needs `start` and `end` dates written YYYY-MM-DD (found `{}` and `{}`)",
                at(),
                sprint.name,
                sprint.start,
                sprint.end
            );
        };
        if end < start {
            bail!(
                "{}sprint `{}` ends ({end}) before it starts ({start}): swap the dates or fix the end",
                at(),
                sprint.name
            );
        }
        for (other_start, other_end, other) in &spans {
            if *other == sprint.name {
                bail!(
                    "{}sprint `{}` is declared twice in `sprints`: give each sprint its own name",
                    at(),
                    sprint.name
                );
            }
            if start <= *other_end && *other_start <= end {
                bail!(
                    "{}sprint `{}` ({start} to {end}) overlaps sprint `{other}` ({other_start} to \
                     {other_end}): a day belongs to one sprint at most, so move its start after \
                     {other_end}",
                    at(),
                    sprint.name
                );
            }
        }
        spans.push((start, end, &sprint.name));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    fn error(text: &str) -> String {
        Config::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn sprints_are_read_with_names_as_text_or_numbers() {
        let config = Config::parse(
            "sprints:\n  - { name: 2026-S1, start: 2026-01-05, end: 2026-01-16 }\n  - name: 14\n    start: \"2026-01-19\"\n    end: 2026-01-30\n",
        )
        .unwrap();
        let names: Vec<&str> = config.sprints.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["2026-S1", "14"]);
        assert_eq!(config.sprints[1].start_date().to_string(), "2026-01-19");
    }

    #[test]
    fn bad_sprints_are_errors_naming_the_line() {
        let swapped = error("title: x\nsprints:\n  - name: S1\n    start: 2026-01-16\n    end: 2026-01-05\n");
        assert!(
            swapped.contains("line 3: sprint `S1` ends (2026-01-05) before it starts"),
            "{swapped}"
        );
        let overlap = error(
            "sprints:\n  - name: S1\n    start: 2026-01-05\n    end: 2026-01-16\n  - name: S2\n    start: 2026-01-16\n    end: 2026-01-30\n",
        );
        assert!(overlap.contains("line 5: sprint `S2`"), "{overlap}");
        assert!(overlap.contains("overlaps sprint `S1`"), "{overlap}");
        let not_a_date = error("sprints:\n  - name: S1\n    start: soon\n    end: 2026-01-05\n");
        assert!(not_a_date.contains("YYYY-MM-DD"), "{not_a_date}");
        let twice = error(
            "sprints:\n  - { name: S1, start: 2026-01-05, end: 2026-01-06 }\n  - { name: S1, start: 2026-02-05, end: 2026-02-06 }\n",
        );
        assert!(twice.contains("declared twice"), "{twice}");
    }
}
