//! The `status` and `id` of one past version of a record, read from its text
//! without loading the whole record: front matter first, then the status
//! lines of existing formats (`* Status: accepted`, a `## Status` section).

use crate::load::frontmatter;

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

/// The first word of a status (MADR writes `superseded by ADR-0005`), lower-cased.
fn clean(value: &str) -> Option<String> {
    let word = value
        .trim()
        .trim_matches(['"', '\'', '*', '_', '`'])
        .split_whitespace()
        .next()?
        .trim_end_matches([',', '.', ';'])
        .to_lowercase();
    (!word.is_empty()).then_some(word)
}

/// A scalar of the front matter: a plain `key: value` line is read
/// directly; anything else goes through the YAML parser.
fn front_matter_value(text: &str, key: &str) -> Option<String> {
    let split = frontmatter::split(text).ok()?;
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
}
