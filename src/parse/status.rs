//! Statuses as teams write them in existing formats, mapped onto
//! the configured vocabularies: any case, emoji, bold, a trailing period,
//! synonyms (`Approved`, `To Do`, `Won't Do`), and placeholders left from a
//! template (`[proposed | accepted | …]`, `{status}`), which are recognised as
//! such and never read as a status. Dates are read by [`super::dates`].

use crate::config::Config;
use crate::model::{DecisionCategory, ItemCategory, StatusCategory};
use crate::model::{Kind, Record};
use indexmap::IndexMap;
use regex::Regex;
use std::sync::LazyLock;

/// How a written status found its category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// It is a name of the configured vocabulary (any case and decoration).
    Vocabulary,
    /// It is a synonym of a category (`Approved`, `Implemented`, `To Do`).
    Synonym,
    /// Only its place in a Backlog.md `statuses` list placed it.
    Position,
}

/// What a written status turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum StatusReading {
    /// A status whose category is known: `status` is the word as the team
    /// wrote it, lower case and without decoration (`to do`, `approved`).
    Known {
        status: String,
        category: StatusCategory,
        how: How,
    },
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

static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(!?)\[([^\]]*)\]\([^)]*\)").expect("valid regex"));
static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<?https?://[^\s>)]*>?").expect("valid regex"));
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}").expect("valid regex")
});

/// The status as the team wrote it, kept for the record: lower case, without
/// emoji, emphasis, backticks, a link's address (its text stays), a bare
/// URL, a date, or a trailing period; a qualifier in parentheses stays.
/// `✅ **Accepted.**` is `accepted`, `` `Implemented` (experimental) `` is
/// `implemented (experimental)`, `[Implemented](https://…)` is `implemented`.
pub fn clean(written: &str) -> String {
    if written.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ') {
        // Nothing below would remove a thing: only case and spacing change.
        return written
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect::<Vec<_>>()
            .join(" ");
    }
    let text = crate::parse::lines::without_comments(written);
    // Badges (images) are decoration; a link keeps its text.
    let text = LINK.replace_all(&text, |c: &regex::Captures| {
        if &c[1] == "!" {
            String::new()
        } else {
            c[2].to_string()
        }
    });
    let text = URL.replace_all(&text, "");
    let text = DATE.replace_all(&text, "");
    let kept: String = text
        .chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .filter(|c| {
            c.is_alphanumeric() || c.is_whitespace() || matches!(c, '-' | '\'' | '_' | '/' | '(' | ')')
        })
        .collect();
    let kept = kept.replace("()", " ");
    let words: Vec<String> = kept
        .split_whitespace()
        .map(|w| w.trim_matches(['-', '_', '\'']).to_lowercase())
        .filter(|w| !w.is_empty() && w != "(" && w != ")")
        .collect();
    words.join(" ")
}

/// The words of a cleaned status for matching: parentheses, dashes and
/// underscores become spaces (`in-progress` matches `in progress`).
fn plain(cleaned: &str) -> String {
    plain_words(cleaned).collect::<Vec<_>>().join(" ")
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
            "partially implemented",
            "not implemented",
            "not yet implemented",
            "implementable",
            "active",
            "final",
            "in force",
            "in effect",
            "valid",
            "done",
            "complete",
            "completed",
            "merged",
            "landed",
            "shipped",
            "released",
            "stable",
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
            "new",
            "in review",
            "under review",
            "review",
            "to be reviewed",
            "ready for review",
            "needs review",
            "in discussion",
            "under discussion",
            "discussion",
            "suggested",
            "wip",
            "in progress",
            "on hold",
            "provisional",
            "deferred",
            "postponed",
            "planned",
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
            "dropped",
            "cancelled",
            "canceled",
            "not accepted",
            "won't do",
            "wont do",
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

const ITEM_SYNONYMS: &[(&[&str], ItemCategory)] = &[
    (
        &[
            "draft",
            "new",
            "idea",
            "proposed",
            "to do",
            "todo",
            "backlog",
            "open",
            "not started",
            "planned",
            "refinement",
            "refining",
            "triage",
            "candidate",
        ],
        ItemCategory::Open,
    ),
    (
        &[
            "ready",
            "ready for dev",
            "ready for development",
            "selected",
            "approved",
        ],
        ItemCategory::Ready,
    ),
    (
        // `accepted`: the team has taken the item on (a project goal of the
        // period), not merely found it ready.
        &[
            "accepted",
            "committed",
            "in progress",
            "doing",
            "wip",
            "started",
            "in review",
            "review",
            "testing",
            "in development",
            "blocked",
        ],
        ItemCategory::Active,
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
            "implemented",
            "merged",
            "released",
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
            "not accepted",
            "declined",
            "withdrawn",
        ],
        ItemCategory::Closed,
    ),
];

/// True when the cleaned status `a` has the words of the vocabulary key
/// `b` in any case: `plain(a) == plain(b in lower case)`, without building
/// either, as it runs for every key and every record.
fn same(a: &str, b: &str) -> bool {
    if !b.is_ascii() {
        return plain(a) == plain(&b.to_lowercase());
    }
    let mut keys = plain_words(b);
    plain_words(a).all(|word| {
        keys.next()
            .is_some_and(|key| key.bytes().map(|c| c.to_ascii_lowercase()).eq(word.bytes()))
    }) && keys.next().is_none()
}

/// The words [`plain`] joins.
fn plain_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '-' | '_'))
        .filter(|w| !w.is_empty())
}

/// The category of a decision status word: the configured vocabulary first
/// (any case), then the synonyms of each category.
pub fn decision_category(word: &str, config: &Config) -> Option<(DecisionCategory, How)> {
    category_of(&clean(word), &config.statuses.decisions, DECISION_SYNONYMS)
}

/// The category `cleaned` (a [`clean`]ed status) has in `vocabulary` (any
/// case), whole or by one of its [`phrases`], else among `synonyms`.
fn category_of<C: Copy>(
    cleaned: &str,
    vocabulary: &IndexMap<String, C>,
    synonyms: &[(&[&str], C)],
) -> Option<(C, How)> {
    if cleaned.is_empty() {
        return None;
    }
    if let Some(category) = vocabulary.iter().find(|(k, _)| same(cleaned, k)).map(|(_, c)| *c) {
        return Some((category, How::Vocabulary));
    }
    for phrase in phrases(cleaned) {
        if let Some(category) = vocabulary.iter().find(|(k, _)| same(&phrase, k)).map(|(_, c)| *c) {
            return Some((category, How::Vocabulary));
        }
        for (words, category) in synonyms {
            if words.contains(&phrase.as_str()) {
                return Some((*category, How::Synonym));
            }
        }
    }
    None
}

/// The category of an item status word: the configured vocabulary first (any
/// case), then the synonyms, then its place in `ordered`, a Backlog.md
/// `statuses` list (first: open, last: closed, between: active).
pub fn item_category(word: &str, ordered: &[String], config: &Config) -> Option<(ItemCategory, How)> {
    let cleaned = clean(word);
    if cleaned.is_empty() {
        return None;
    }
    if let Some(found) = category_of(&cleaned, &config.statuses.items, ITEM_SYNONYMS) {
        return Some(found);
    }
    let position = ordered.iter().position(|s| same(&cleaned, &clean(s)))?;
    let category = if position == 0 {
        ItemCategory::Open
    } else if position + 1 == ordered.len() {
        ItemCategory::Closed
    } else {
        ItemCategory::Active
    };
    Some((category, How::Position))
}

/// The decision status `written` stands for: the written word kept, with its
/// category. Only the leading words (or the last word after qualifiers) are
/// needed: `Accepted (2020-01-01)` and `Proof-of-concept implemented` are
/// placed.
pub fn decision_status(written: &str, config: &Config) -> StatusReading {
    if is_placeholder(written) {
        return StatusReading::Placeholder;
    }
    let status = clean(written);
    match decision_category(&status, config) {
        Some((category, how)) => StatusReading::Known {
            status,
            category: StatusCategory::Decision(category),
            how,
        },
        None => StatusReading::Unknown,
    }
}

/// The item status `written` stands for. `ordered` is a Backlog.md `statuses`
/// list: a status found nowhere else is placed by its position.
pub fn item_status(written: &str, ordered: &[String], config: &Config) -> StatusReading {
    if is_placeholder(written) {
        return StatusReading::Placeholder;
    }
    let status = clean(written);
    match item_category(&status, ordered, config) {
        Some((category, how)) => StatusReading::Known {
            status,
            category: StatusCategory::Item(category),
            how,
        },
        None => StatusReading::Unknown,
    }
}

/// The item and decision categories of a record's status, for the index:
/// what the reader of its format placed, else the word looked up in the
/// vocabularies and synonyms.
pub fn record_categories(
    record: &Record,
    config: &Config,
) -> (Option<ItemCategory>, Option<DecisionCategory>) {
    let Some(status) = record.status.as_deref() else {
        return (None, None);
    };
    // A Backlog.md folder (`archive`, `completed`) places an item whatever its status says.
    if let Some(place) = record.reading.as_ref().and_then(|r| r.place_category) {
        return (Some(place), None);
    }
    match record.reading.as_ref().and_then(|r| r.category) {
        Some(StatusCategory::Item(c)) => (Some(c), None),
        Some(StatusCategory::Decision(c)) => (None, Some(c)),
        // Only the record's own kind has a category: an accepted decision
        // is no ready item.
        None => match record.kind {
            Kind::Item => (item_category(status, &[], config).map(|(c, _)| c), None),
            Kind::Decision => (None, decision_category(status, config).map(|(c, _)| c)),
            Kind::Session => (None, None),
        },
    }
}

/// A status with its category, for `--explain-formats`: `approved
/// (accepted)`, or `accepted` alone when both are the same word.
pub fn shown(status: &str, category: StatusCategory) -> String {
    if plain(status) == category.as_str() {
        status.to_string()
    } else {
        format!("{status} ({})", category.as_str())
    }
}

/// The status vocabulary of `kind`, for messages.
pub fn vocabulary(kind: Kind, config: &Config) -> String {
    let names: Vec<&str> = match kind {
        Kind::Item => config.statuses.items.keys().map(String::as_str).collect(),
        _ => config.statuses.decisions.keys().map(String::as_str).collect(),
    };
    names.join(", ")
}

/// The phrases to look up, most specific first: the whole text, its first two
/// words, its first word, then (unless a word negates it) its last word, so
/// qualifiers before or after the status word do not hide it.
fn phrases(cleaned: &str) -> Vec<String> {
    let plain = plain(cleaned);
    let words: Vec<&str> = plain.split(' ').collect();
    let mut out = vec![plain.clone()];
    if words.len() > 2 {
        out.push(words[..2].join(" "));
    }
    if words.len() > 1 {
        out.push(words[0].to_string());
        let negated = words.iter().any(|w| matches!(*w, "not" | "no" | "non" | "never"));
        if !negated {
            out.push(words[words.len() - 1].to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_paths_agree_with_the_rules() {
        for (written, cleaned) in [
            ("Accepted", "accepted"),
            ("  In   Progress ", "in progress"),
            ("", ""),
        ] {
            assert_eq!(clean(written), cleaned);
        }
        let keys = [
            "accepted",
            "In-Progress",
            "won't do",
            "in_review",
            "Überholt",
            "done (partly)",
        ];
        for status in [
            "accepted",
            "in progress",
            "won't do",
            "in review",
            "überholt",
            "done partly",
            "done",
            "",
        ] {
            for key in keys {
                let rule = plain(status) == plain(&key.to_lowercase());
                assert_eq!(same(status, key), rule, "{status:?} and {key:?}");
            }
        }
    }

    fn decision(written: &str) -> Option<(String, &'static str)> {
        match decision_status(written, &Config::default()) {
            StatusReading::Known { status, category, .. } => Some((status, category.as_str())),
            _ => None,
        }
    }

    fn item(written: &str, ordered: &[String]) -> Option<(String, &'static str)> {
        match item_status(written, ordered, &Config::default()) {
            StatusReading::Known { status, category, .. } => Some((status, category.as_str())),
            _ => None,
        }
    }

    fn kept(status: &str, category: &'static str) -> Option<(String, &'static str)> {
        Some((status.to_string(), category))
    }

    #[test]
    fn decision_statuses_in_any_dress_keep_their_word() {
        assert_eq!(decision("Accepted"), kept("accepted", "accepted"));
        assert_eq!(decision("✅ Accepted"), kept("accepted", "accepted"));
        assert_eq!(decision("**Accepted.**"), kept("accepted", "accepted"));
        assert_eq!(decision("⌛️ Superseded"), kept("superseded", "superseded"));
        assert_eq!(decision("Approved"), kept("approved", "accepted"));
        assert_eq!(decision("accepted (2021-01-01)"), kept("accepted", "accepted"));
        assert_eq!(decision("Superceded"), kept("superceded", "superseded"));
        assert_eq!(
            decision("`Implemented` (experimental)"),
            kept("implemented (experimental)", "accepted")
        );
        assert_eq!(
            decision("[Implemented](https://github.com/x/y/commit/cdf01a3)"),
            kept("implemented", "accepted")
        );
        assert_eq!(
            decision("Approved (https://github.com/x/y/discussions/1#c-2)"),
            kept("approved", "accepted")
        );
        assert_eq!(
            decision("`Proof-of-concept implemented`"),
            kept("proof-of-concept implemented", "accepted")
        );
        assert_eq!(
            decision("Partially Implemented"),
            kept("partially implemented", "accepted")
        );
        assert_eq!(decision("To be reviewed"), kept("to be reviewed", "proposed"));
        assert_eq!(decision("on hold"), kept("on hold", "proposed"));
        assert_eq!(decision("in-progress"), kept("in-progress", "proposed"));
        assert_eq!(decision("Not accepted"), kept("not accepted", "rejected"));
        assert_eq!(decision("Frobnicated"), None);
    }

    #[test]
    fn negated_words_are_not_read_by_their_last_word() {
        assert_eq!(decision("never accepted"), None);
        assert_eq!(item("Not accepted", &[]), kept("not accepted", "closed"));
    }

    #[test]
    fn placeholders_are_not_statuses() {
        for written in [
            "[proposed | rejected | accepted | deprecated | … | superseded by [ADR-0005](0005-example.md)]",
            "{status}",
            "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123",
            "proposed | accepted",
        ] {
            assert_eq!(
                decision_status(written, &Config::default()),
                StatusReading::Placeholder,
                "{written}"
            );
        }
        assert!(!is_placeholder("[ADR-5](0005-x.md)"));
    }

    #[test]
    fn item_statuses_keep_multi_word_names_and_use_positions() {
        let ordered: Vec<String> = ["To Do", "In Progress", "Review", "Done"]
            .map(String::from)
            .to_vec();
        assert_eq!(item("To Do", &ordered), kept("to do", "open"));
        assert_eq!(item("In Progress", &ordered), kept("in progress", "active"));
        assert_eq!(item("Done", &ordered), kept("done", "closed"));
        assert_eq!(item("Won't Do", &ordered), kept("won't do", "closed"));
        assert_eq!(item("Won’t do", &ordered), kept("won't do", "closed"));
        assert_eq!(item("ready", &ordered), kept("ready", "ready"));
        let board = ["Open".to_string(), "QA sign-off".into(), "Done".into()];
        assert_eq!(
            item_status("QA sign-off", &board, &Config::default()),
            StatusReading::Known {
                status: "qa sign-off".into(),
                category: StatusCategory::Item(ItemCategory::Active),
                how: How::Position
            }
        );
        assert_eq!(item("Limbo", &ordered), None);
    }
}
