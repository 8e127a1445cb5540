//! The `status` and `id` of one past version of a record, read from its text
//! without loading the whole record: front matter first, then the status
//! lines of existing formats (`* Status: accepted`, a `## Status` section).

use crate::config::{Config, DecisionCategory, ItemCategory};
use crate::parse::front_matter;

/// The status a version of a record gives, lower-cased and trimmed.
pub fn status_of(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(value) = front_matter_value(text, "status") {
        return clean(&value);
    }
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start_matches(['*', '-', ' ']).trim();
        if let Some(rest) = strip_prefix_ignore_case(trimmed, "status:") {
            return clean(rest);
        }
        if line.trim_start_matches('#').trim().eq_ignore_ascii_case("status") && line.starts_with("##") {
            let value = lines.by_ref().map(str::trim).find(|l| !l.is_empty())?;
            return clean(value);
        }
    }
    None
}

/// The `id` written in a version's front matter.
pub fn front_matter_id(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    front_matter_value(text, "id").filter(|id| !id.is_empty())
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// A past status, lower-cased: see [`status_words`].
fn clean(value: &str) -> Option<String> {
    status_words(value).map(|words| words.to_lowercase().replace('’', "'"))
}

/// A status as the team wrote it, whole (`To Do`, `won't do`), in its
/// case, without its dress (emoji, emphasis, backticks, a link's brackets,
/// a comment) and without what follows the status itself: a relation
/// (`Superseded by ADR-0005`, `accepted; supersedes ADR-0045`), a date
/// (`accepted (2020-01-01)`), a trailing period. The site shows statuses
/// of existing formats in these words.
pub fn status_words(value: &str) -> Option<String> {
    let mut text = value.to_string();
    while let Some(start) = text.find("<!--") {
        let end = text[start..].find("-->").map_or(text.len(), |e| start + e + 3);
        text.replace_range(start..end, "");
    }
    let text = text.split([';', '(', ',']).next().unwrap_or("");
    // A link's text stays, its destination goes: `[ADR-5](0005-x.md)`.
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("](") {
        plain.push_str(&rest[..open]);
        rest = rest[open..]
            .find(')')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    plain.push_str(rest);
    let kept: String = plain
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '_' | '/') {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut words: Vec<&str> = Vec::new();
    for word in kept.split_whitespace() {
        let word = word.trim_matches(['-', '_', '\'', '’', '/']);
        let lower = word.to_lowercase();
        let relation = matches!(
            lower.as_str(),
            "by" | "supersedes" | "supercedes" | "amends" | "amended" | "see"
        );
        // A relation, an id or a date: the status was written before it.
        if !words.is_empty() && (relation || word.chars().any(|c| c.is_ascii_digit())) {
            break;
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    let joined = words.join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// The category of a past item status: the configured vocabulary (any
/// case), else the synonyms the readers of existing formats know (`to do`
/// is open).
pub fn item_category(status: &str, config: &Config) -> Option<ItemCategory> {
    crate::parse::status::item_category(status, &[], config).map(|(c, _)| c)
}

/// The category of a past decision status, as [`item_category`] does.
pub fn decision_category(status: &str, config: &Config) -> Option<DecisionCategory> {
    crate::parse::status::decision_category(status, config).map(|(c, _)| c)
}

/// A scalar of the front matter: a plain `key: value` line is read
/// directly; anything else goes through the YAML parser.
fn front_matter_value(text: &str, key: &str) -> Option<String> {
    let split = front_matter::split(text).ok()?;
    let yaml = &text[split.yaml?];
    let mut simple = None;
    let mut plain = true;
    for line in yaml.lines() {
        if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let value = rest.trim();
            if value.is_empty()
                || value.starts_with(['[', '{', '|', '>', '&', '*', '!'])
                || value.contains(" #")
            {
                plain = false;
            }
            simple = Some(value.trim_matches(['"', '\'']).to_string());
            break;
        }
    }
    if plain {
        return simple;
    }
    let mapping = crate::yaml::parse_mapping(yaml).ok()?;
    match mapping.get(key)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_status_is_read() {
        assert_eq!(
            status_of("---\nid: A-1\nstatus: Ready\n---\n"),
            Some("ready".into())
        );
        assert_eq!(
            status_of("---\nstatus: \"in-progress\" # now\n---\n"),
            Some("in-progress".into())
        );
        assert_eq!(
            front_matter_id("---\nid: A-1\nstatus: ready\n---\n"),
            Some("A-1".into())
        );
    }

    #[test]
    fn existing_formats_status_is_read() {
        assert_eq!(
            status_of("# 1. Use X\n\n* Status: accepted\n"),
            Some("accepted".into())
        );
        assert_eq!(
            status_of("# 1. Use X\n\n## Status\n\nSuperseded by [2](2.md)\n"),
            Some("superseded".into())
        );
        assert_eq!(status_of("# Nothing here\n"), None);
    }

    #[test]
    fn statuses_of_several_words_stay_whole() {
        let cases = [
            ("---\nstatus: To Do\n---\n", "to do"),
            ("---\nstatus: In Progress\n---\n", "in progress"),
            ("---\nstatus: \"won't do\"\n---\n", "won't do"),
            (
                "# 1. X\n\n## Status\n\n⌛️ Superseded by [036](036-x.md)\n",
                "superseded",
            ),
            ("---\nstatus: accepted; supersedes ADR-0045\n---\n", "accepted"),
            ("---\nstatus: superseded by ADR-0005\n---\n", "superseded"),
            ("* Status: **Accepted** (2020-01-01)\n", "accepted"),
            ("## Status\n\nProposed <!-- accepted? -->.\n", "proposed"),
            ("* Status: `in review`\n", "in review"),
        ];
        for (text, status) in cases {
            assert_eq!(status_of(text).as_deref(), Some(status), "{text}");
        }
    }

    #[test]
    fn status_words_keep_the_case_and_leave_the_dress() {
        assert_eq!(status_words("To Do").as_deref(), Some("To Do"));
        assert_eq!(status_words("✅ **Accepted.**").as_deref(), Some("Accepted"));
        assert_eq!(
            status_words("⌛️ Superseded by [036](036-x.md)").as_deref(),
            Some("Superseded")
        );
        assert_eq!(status_words("Won’t Do").as_deref(), Some("Won’t Do"));
        assert_eq!(
            status_words("`In Review` <!-- x -->").as_deref(),
            Some("In Review")
        );
        assert_eq!(status_words("{status}").as_deref(), Some("status"));
        assert_eq!(status_words("🚧"), None);
    }

    #[test]
    fn past_statuses_get_their_category_through_the_readers_synonyms() {
        let config = Config::default();
        assert_eq!(item_category("to do", &config), Some(ItemCategory::Open));
        assert_eq!(item_category("in progress", &config), Some(ItemCategory::Active));
        assert_eq!(item_category("won't do", &config), Some(ItemCategory::Closed));
        assert_eq!(item_category("ready", &config), Some(ItemCategory::Ready));
        assert_eq!(
            decision_category("approved", &config),
            Some(DecisionCategory::Accepted)
        );
        assert_eq!(item_category("limbo", &config), None);
    }
}
