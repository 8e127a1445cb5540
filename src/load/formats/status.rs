//! Statuses as teams write them in existing formats, mapped onto
//! the configured vocabularies: any case, emoji, bold, a trailing period,
//! synonyms (`Approved`, `To Do`, `Won't Do`), and placeholders left from a
//! template (`[proposed | accepted | …]`, `{status}`), which are recognised as
//! such and never read as a status. Dates are read by [`super::dates`].

use crate::config::{Config, DecisionCategory, ItemCategory};
use crate::model::Kind;

/// What a written status turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum StatusReading {
    /// A status of the configured vocabulary; `by_position` when it was only
    /// placed by its position in a Backlog.md `statuses` list.
    Known { status: String, by_position: bool },
    /// A template's placeholder, not a status.
    Placeholder,
    /// Not in the vocabulary and no synonym of a category.
    Unknown,
}

/// The value inside a template's brackets left around it (`{2023-12-03}`,
/// `[accepted]`), when it is a single value rather than alternatives.
pub fn inside_brackets(written: &str) -> Option<&str> {
    let t = written.trim();
    let inner = t
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| t.strip_prefix('[').and_then(|r| r.strip_suffix(']')))?;
    let single = !inner.contains(['|', '…', '{', '[']) && !inner.contains("...") && !inner.is_empty();
    single.then_some(inner.trim())
}

/// True when a written value is a template's placeholder: alternatives
/// separated by `|`, a `{…}` value, or a `[…]` that is not a link.
pub fn is_placeholder(written: &str) -> bool {
    let t = written.trim().trim_matches(['*', '_', '`', '"', '\'']).trim();
    if t.is_empty() {
        return false;
    }
    if t.contains('|') || t.starts_with('{') || t.contains("{YYYY") || t.contains("{name") {
        return true;
    }
    if t.starts_with('[') {
        // `[x](y.md)` is a link; `[anything]` on its own is a placeholder.
        let close = t.find(']').unwrap_or(t.len());
        return !t[close..].starts_with("](") && !t[close..].starts_with("] (");
    }
    false
}

/// Lower case, without emoji, emphasis, brackets, a trailing period or
/// surrounding spaces: `✅ **Accepted.**` becomes `accepted`.
pub fn clean(written: &str) -> String {
    let text = super::lines::without_comments(written);
    let kept: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, '-' | '\'' | '’' | '_' | '/'))
        .collect();
    let words: Vec<String> = kept
        .split_whitespace()
        .map(|w| {
            w.trim_matches(['-', '_', '\'', '’'])
                .to_lowercase()
                .replace('’', "'")
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

const DECISION_SYNONYMS: &[(&[&str], DecisionCategory)] = &[
    (
        &[
            "accepted",
            "accept",
            "approved",
            "adopted",
            "agreed",
            "decided",
            "implemented",
            "active",
            "final",
            "in force",
            "valid",
            "done",
        ],
        DecisionCategory::Accepted,
    ),
    (
        &[
            "proposed",
            "proposal",
            "draft",
            "pending",
            "open",
            "in review",
            "under review",
            "review",
            "in discussion",
            "under discussion",
            "suggested",
            "wip",
            "in progress",
            "on hold",
        ],
        DecisionCategory::Proposed,
    ),
    (
        &[
            "rejected",
            "declined",
            "refused",
            "denied",
            "abandoned",
            "dismissed",
            "not accepted",
            "won't do",
        ],
        DecisionCategory::Rejected,
    ),
    (
        &[
            "deprecated",
            "obsolete",
            "retired",
            "outdated",
            "archived",
            "withdrawn",
            "revoked",
        ],
        DecisionCategory::Deprecated,
    ),
    (
        &["superseded", "superceded", "superseeded", "replaced"],
        DecisionCategory::Superseded,
    ),
];

/// Item synonyms with the native status they prefer, when configured.
const ITEM_SYNONYMS: &[(&[&str], ItemCategory, &str)] = &[
    (&["draft", "new", "idea", "proposed"], ItemCategory::Open, "draft"),
    (
        &[
            "to do",
            "todo",
            "to-do",
            "backlog",
            "open",
            "not started",
            "planned",
            "refinement",
        ],
        ItemCategory::Open,
        "refining",
    ),
    (
        &["ready", "ready for dev", "ready for development", "selected"],
        ItemCategory::Ready,
        "ready",
    ),
    (
        &[
            "in progress",
            "doing",
            "wip",
            "started",
            "in review",
            "review",
            "testing",
            "in development",
        ],
        ItemCategory::Active,
        "in-progress",
    ),
    (
        &[
            "done",
            "completed",
            "complete",
            "closed",
            "resolved",
            "finished",
            "fixed",
            "shipped",
        ],
        ItemCategory::Closed,
        "done",
    ),
    (
        &[
            "won't do",
            "wont do",
            "won't fix",
            "wontfix",
            "cancelled",
            "canceled",
            "dropped",
            "rejected",
            "abandoned",
            "duplicate",
            "obsolete",
        ],
        ItemCategory::Closed,
        "dropped",
    ),
];

fn same(a: &str, b: &str) -> bool {
    a.replace([' ', '_'], "-") == b.to_lowercase().replace([' ', '_'], "-")
}

/// The decision status `written` stands for, in the configured vocabulary.
/// Only the leading words count: `Accepted (2020-01-01)` is accepted.
pub fn decision_status(written: &str, config: &Config) -> StatusReading {
    if is_placeholder(written) {
        return StatusReading::Placeholder;
    }
    let cleaned = clean(written);
    if cleaned.is_empty() {
        return StatusReading::Unknown;
    }
    let vocabulary = &config.statuses.decisions;
    let candidates = leading_phrases(&cleaned);
    for phrase in &candidates {
        if let Some(name) = vocabulary.keys().find(|k| same(phrase, k)) {
            return known(name);
        }
    }
    for phrase in &candidates {
        for (words, category) in DECISION_SYNONYMS {
            if words.contains(&phrase.as_str()) {
                let preferred = category.as_str();
                let name = vocabulary
                    .iter()
                    .find(|(k, c)| **c == *category && same(preferred, k))
                    .or_else(|| vocabulary.iter().find(|(_, c)| **c == *category));
                if let Some((name, _)) = name {
                    return known(name);
                }
            }
        }
    }
    StatusReading::Unknown
}

/// The item status `written` stands for. `ordered` is a Backlog.md `statuses`
/// list: a status found nowhere else is placed by its position (first: open,
/// last: closed, between: active).
pub fn item_status(written: &str, ordered: &[String], config: &Config) -> StatusReading {
    if is_placeholder(written) {
        return StatusReading::Placeholder;
    }
    let cleaned = clean(written);
    if cleaned.is_empty() {
        return StatusReading::Unknown;
    }
    let vocabulary = &config.statuses.items;
    if let Some(name) = vocabulary.keys().find(|k| same(&cleaned, k)) {
        return known(name);
    }
    let pick = |category: ItemCategory, preferred: &str| {
        vocabulary
            .iter()
            .find(|(k, c)| **c == category && same(preferred, k))
            .or_else(|| vocabulary.iter().find(|(_, c)| **c == category))
            .map(|(k, _)| k.clone())
    };
    for (words, category, preferred) in ITEM_SYNONYMS {
        if words.contains(&cleaned.as_str()) {
            if let Some(name) = pick(*category, preferred) {
                return known(&name);
            }
        }
    }
    if let Some(position) = ordered.iter().position(|s| clean(s) == cleaned) {
        let category = if position == 0 {
            ItemCategory::Open
        } else if position + 1 == ordered.len() {
            ItemCategory::Closed
        } else {
            ItemCategory::Active
        };
        if let Some(status) = pick(category, "") {
            return StatusReading::Known {
                status,
                by_position: true,
            };
        }
    }
    StatusReading::Unknown
}

/// The status vocabulary of `kind`, for messages.
pub fn vocabulary(kind: Kind, config: &Config) -> String {
    let names: Vec<&str> = match kind {
        Kind::Item => config.statuses.items.keys().map(String::as_str).collect(),
        _ => config.statuses.decisions.keys().map(String::as_str).collect(),
    };
    names.join(", ")
}

fn known(name: &str) -> StatusReading {
    StatusReading::Known {
        status: name.to_string(),
        by_position: false,
    }
}

/// The whole text, then its first two words, then its first word.
fn leading_phrases(cleaned: &str) -> Vec<String> {
    let words: Vec<&str> = cleaned.split(' ').collect();
    let mut out = vec![cleaned.to_string()];
    if words.len() > 2 {
        out.push(words[..2].join(" "));
    }
    if words.len() > 1 {
        out.push(words[0].to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(written: &str) -> StatusReading {
        decision_status(written, &Config::default())
    }

    fn status(name: &str) -> StatusReading {
        known(name)
    }

    #[test]
    fn decision_statuses_in_any_dress_are_read() {
        assert_eq!(decision("Accepted"), status("accepted"));
        assert_eq!(decision("✅ Accepted"), status("accepted"));
        assert_eq!(decision("**Accepted.**"), status("accepted"));
        assert_eq!(decision("⌛️ Superseded"), status("superseded"));
        assert_eq!(decision("Approved"), status("accepted"));
        assert_eq!(decision("accepted (2021-01-01)"), status("accepted"));
        assert_eq!(decision("Superceded"), status("superseded"));
        assert_eq!(decision("Frobnicated"), StatusReading::Unknown);
    }

    #[test]
    fn placeholders_are_not_statuses() {
        for written in [
            "[proposed | rejected | accepted | deprecated | … | superseded by [ADR-0005](0005-example.md)]",
            "{status}",
            "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123",
            "proposed | accepted",
        ] {
            assert_eq!(decision(written), StatusReading::Placeholder, "{written}");
        }
        assert!(!is_placeholder("[ADR-5](0005-x.md)"));
    }

    #[test]
    fn item_statuses_use_synonyms_then_positions() {
        let config = Config::default();
        let ordered: Vec<String> = ["To Do", "In Progress", "Review", "Done"]
            .map(String::from)
            .to_vec();
        assert_eq!(item_status("To Do", &ordered, &config), status("refining"));
        assert_eq!(
            item_status("In Progress", &ordered, &config),
            status("in-progress")
        );
        assert_eq!(item_status("Done", &ordered, &config), status("done"));
        assert_eq!(item_status("Won't Do", &ordered, &config), status("dropped"));
        assert_eq!(
            item_status(
                "QA sign-off",
                &["Open".into(), "QA sign-off".into(), "Done".into()],
                &config
            ),
            StatusReading::Known {
                status: "in-progress".into(),
                by_position: true
            }
        );
        assert_eq!(item_status("Limbo", &ordered, &config), StatusReading::Unknown);
    }
}
