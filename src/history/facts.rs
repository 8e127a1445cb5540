//! What one past version of a record says about sprints, read by the walk
//! from the text it already has in hand for the `status`: the `sprint`,
//! `estimate` and `confidence` of its front matter and the entries of its
//! open-questions section. Sprint predictability and "questions raised
//! after commitment" ([`super::sprints`], [`super::questions`]) are made
//! from these, so git is walked once.
//!
//! Reading is one pass over the lines, with no Markdown parser: most
//! versions have none of these, and then nothing is kept.

use crate::parse::front_matter;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One entry of the open-questions task list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Its text, without the bullet and checkbox, spaces collapsed: a
    /// question is the same from one version to the next while its text is.
    pub text: String,
    /// Whether it is checked (answered).
    pub done: bool,
}

/// What a version says about sprints; [`Facts::is_empty`] when nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// `sprint:`, as text (`2026-S14`, `14`).
    pub sprint: Option<String>,
    /// `estimate:`, as text (points are read from it when counted).
    pub estimate: Option<String>,
    /// `confidence:`, lower-cased.
    pub confidence: Option<String>,
    /// The task-list entries of the open-questions section, in order.
    pub questions: Vec<Question>,
}

impl Facts {
    /// Nothing to keep.
    pub fn is_empty(&self) -> bool {
        self.sprint.is_none() && self.confidence.is_none() && self.questions.is_empty()
    }

    /// The estimate as story points, when it is a number.
    pub fn points(&self) -> Option<f64> {
        let points: f64 = self.estimate.as_deref()?.trim().parse().ok()?;
        (points.is_finite() && points >= 0.0).then_some(points)
    }
}

/// The open-questions headings (lower case) of `config`: the built-in ones
/// and the configured aliases.
pub fn question_headings(config: &crate::config::Config) -> Vec<String> {
    let built_in = crate::config::DEFAULT_HEADINGS
        .iter()
        .filter(|(key, _)| *key == "open_questions")
        .flat_map(|(_, aliases)| aliases.iter().map(|a| a.to_string()));
    let configured = config
        .headings
        .get("open_questions")
        .into_iter()
        .flatten()
        .map(|a| a.trim().to_lowercase());
    built_in.chain(configured).collect()
}

/// The facts of a version's `text`, `None` when it has none; `headings`
/// are the open-questions headings ([`question_headings`]).
pub fn facts_of(text: &str, headings: &[String]) -> Option<Arc<Facts>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (yaml, body) = match front_matter::split(text) {
        Ok(split) => match split.yaml {
            Some(range) => (&text[range], &text[split.body_start..]),
            None => ("", text),
        },
        Err(_) => ("", text),
    };
    let [sprint, estimate, confidence] = scalars(yaml, ["sprint", "estimate", "confidence"]);
    let facts = Facts {
        sprint,
        estimate,
        confidence: confidence.map(|c| c.to_lowercase()),
        questions: questions(body, headings),
    };
    (!facts.is_empty()).then(|| Arc::new(facts))
}

/// The scalar values of `keys` at the top of `yaml`: plain `key: value`
/// lines are read directly, anything else through the YAML parser (once).
fn scalars<const N: usize>(yaml: &str, keys: [&str; N]) -> [Option<String>; N] {
    let mut found: [Option<String>; N] = std::array::from_fn(|_| None);
    let mut plain = true;
    for line in yaml.lines() {
        for (n, key) in keys.iter().enumerate() {
            let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) else {
                continue;
            };
            let value = rest.trim();
            if value.is_empty()
                || value.starts_with(['[', '{', '|', '>', '&', '*', '!'])
                || value.contains(" #")
            {
                plain = false;
            }
            let value = value.trim_matches(['"', '\'']).trim();
            found[n] = (!value.is_empty()).then(|| value.to_string());
        }
    }
    if plain {
        return found;
    }
    let Ok(mapping) = crate::yaml::parse_mapping(yaml) else {
        return std::array::from_fn(|_| None);
    };
    keys.map(|key| match mapping.get(key)? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// The task-list entries under an open-questions heading of `body`
/// (subsections included), outside fenced code.
fn questions(body: &str, headings: &[String]) -> Vec<Question> {
    let mut out = Vec::new();
    // The level of the open-questions heading we are under, if any.
    let mut inside: Option<usize> = None;
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        if let Some((level, heading)) = heading(line) {
            if inside.is_some_and(|at| level <= at) {
                inside = None;
            }
            if inside.is_none() {
                let wanted = heading.trim_end_matches(':').trim().to_lowercase();
                if headings.contains(&wanted) {
                    inside = Some(level);
                }
            }
            continue;
        }
        if inside.is_some() {
            if let Some(question) = task(trimmed) {
                out.push(question);
            }
        }
    }
    out
}

/// An ATX heading's level and text.
fn heading(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.len() - rest.trim_start_matches('#').len();
    if !(1..=6).contains(&level) {
        return None;
    }
    let text = &rest[level..];
    if !(text.is_empty() || text.starts_with([' ', '\t'])) {
        return None;
    }
    Some((level, text.trim().trim_end_matches('#').trim()))
}

/// A task-list line (`- [ ] text`, `* [x] text`, `1. [ ] text`).
fn task(line: &str) -> Option<Question> {
    let rest = if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return None;
        }
        line[digits..].strip_prefix(['.', ')'])?
    };
    let rest = rest.strip_prefix([' ', '\t'])?.trim_start();
    let (done, text) = if let Some(text) = rest.strip_prefix("[ ]") {
        (false, text)
    } else if let Some(text) = rest.strip_prefix("[x]").or_else(|| rest.strip_prefix("[X]")) {
        (true, text)
    } else {
        return None;
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(Question { text, done })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings() -> Vec<String> {
        question_headings(&crate::config::Config::default())
    }

    #[test]
    fn front_matter_scalars_are_read_plain_or_through_yaml() {
        let facts = facts_of(
            "---\nid: A-1\nsprint: 2026-S14\nestimate: 3\nconfidence: Low\n---\n",
            &headings(),
        )
        .unwrap();
        assert_eq!(facts.sprint.as_deref(), Some("2026-S14"));
        assert_eq!(facts.points(), Some(3.0));
        assert_eq!(facts.confidence.as_deref(), Some("low"));
        let quoted = facts_of("---\nsprint: \"14\" # the next one\n---\n", &headings()).unwrap();
        assert_eq!(quoted.sprint.as_deref(), Some("14"));
        assert!(facts_of("---\nid: A-1\nstatus: ready\n---\n# A\n", &headings()).is_none());
    }

    #[test]
    fn open_questions_are_the_tasks_of_their_section_only() {
        let text = "---\nid: A-1\n---\n# A\n\n## Acceptance criteria\n\n- [ ] not a question\n\n\
                    ## Open questions\n\n- [ ] Which   currency?\n- [x] Who signs off? @ana\n  \
                    - [ ] nested one\n* plain bullet\n\n```\n- [ ] in code\n```\n\n### Detail\n\n\
                    1. [ ] numbered\n\n## Notes\n\n- [ ] after\n";
        let facts = facts_of(text, &headings()).unwrap();
        let texts: Vec<(&str, bool)> = facts
            .questions
            .iter()
            .map(|q| (q.text.as_str(), q.done))
            .collect();
        assert_eq!(
            texts,
            [
                ("Which currency?", false),
                ("Who signs off? @ana", true),
                ("nested one", false),
                ("numbered", false)
            ]
        );
    }

    #[test]
    fn configured_aliases_name_the_section() {
        let config = crate::config::Config::parse("headings:\n  open_questions: [Unknowns]\n").unwrap();
        let facts = facts_of(
            "# A\n\n## Unknowns:\n\n- [ ] what?\n",
            &question_headings(&config),
        )
        .unwrap();
        assert_eq!(facts.questions.len(), 1);
    }
}
