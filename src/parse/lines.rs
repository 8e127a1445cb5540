//! A line-by-line view of a Markdown body for the readers of existing
//! formats: headings (ATX and setext), `Key: value` lines and bullets, with
//! fenced code blocks and HTML comments left out, each line with its byte
//! offset so diagnostics can point at it.

use std::ops::Range;

/// One line of a body that is not inside a code block or an HTML comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Line<'a> {
    /// The line's text, without its line end and with inline HTML comments kept.
    pub text: &'a str,
    /// Byte offset of the line in the whole file.
    pub start: usize,
    /// The heading level when the line is a heading (ATX `## X`, or setext).
    pub heading: Option<u8>,
}

impl<'a> Line<'a> {
    /// The heading's text, without `#` marks, closing `#`s and HTML comments.
    pub fn heading_text(&self) -> Option<String> {
        self.heading?;
        let text = self.text.trim_start().trim_start_matches('#');
        let text = without_comments(text);
        Some(text.trim().trim_end_matches('#').trim().to_string())
    }

    /// Byte range of `part` when it is a slice of this line's text.
    pub fn span_of(&self, part: &str) -> Range<usize> {
        let offset = (part.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        if offset <= self.text.len() {
            self.start + offset..self.start + offset + part.len()
        } else {
            self.start..self.start + self.text.len()
        }
    }

    /// The range of the whole line.
    pub fn span(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }
}

/// Removes `<!-- … -->` comments from one line of text.
pub fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        match rest[open..].find("-->") {
            Some(close) => rest = &rest[open + close + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

fn atx_level(text: &str) -> Option<u8> {
    let trimmed = text.trim_start_matches(' ');
    if text.len() - trimmed.len() > 3 {
        return None;
    }
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    let after = &trimmed[hashes..];
    ((1..=6).contains(&hashes) && (after.is_empty() || after.starts_with([' ', '\t'])))
        .then_some(hashes as u8)
}

fn setext_level(underline: &str) -> Option<u8> {
    let t = underline.trim();
    if t.len() >= 2 && t.bytes().all(|b| b == b'=') {
        Some(1)
    } else if t.len() >= 2 && t.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

/// The lines of `source[from..]` outside code blocks and HTML comments.
pub fn content_lines(source: &str, from: usize) -> Vec<Line<'_>> {
    let mut raw: Vec<(&str, usize)> = Vec::new();
    let mut offset = from.min(source.len());
    for piece in source[offset..].split_inclusive('\n') {
        let text = piece.trim_end_matches(['\n', '\r']);
        raw.push((text, offset));
        offset += piece.len();
    }
    let mut lines: Vec<Line> = Vec::new();
    let mut fence: Option<String> = None;
    let mut in_comment = false;
    let mut i = 0;
    while i < raw.len() {
        let (text, start) = raw[i];
        i += 1;
        let trimmed = text.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str())
                && trimmed.trim_start_matches(marker.as_str()).trim().is_empty()
            {
                fence = None;
            }
            continue;
        }
        if in_comment {
            if text.contains("-->") {
                in_comment = false;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let ch = trimmed.as_bytes()[0] as char;
            let count = trimmed.chars().take_while(|&c| c == ch).count();
            fence = Some(std::iter::repeat_n(ch, count).collect());
            continue;
        }
        if let Some(after) = trimmed.strip_prefix("<!--") {
            match after.find("-->") {
                Some(close) if after[close + 3..].trim().is_empty() => continue,
                Some(_) => {}
                None => {
                    in_comment = true;
                    continue;
                }
            }
        }
        let mut heading = atx_level(text);
        if heading.is_none() && !trimmed.is_empty() && !is_bullet(trimmed) {
            if let Some(&(next, _)) = raw.get(i) {
                if let Some(level) = setext_level(next) {
                    let previous_blank = lines.last().is_none_or(|l| l.text.trim().is_empty())
                        || raw
                            .get(i.wrapping_sub(2))
                            .is_none_or(|(t, _)| t.trim().is_empty());
                    if previous_blank {
                        heading = Some(level);
                        i += 1;
                    }
                }
            }
        }
        lines.push(Line { text, start, heading });
    }
    lines
}

fn is_bullet(trimmed: &str) -> bool {
    trimmed.starts_with("* ") || trimmed.starts_with("- ") || trimmed.starts_with("+ ")
}

/// A `Key: value` line, possibly a bullet (`* Status: x`, `- Date: y`) or in
/// bold (`**Status:** x`): the key in lower case and the value as a slice of
/// the line. `bullet` tells whether the line was a list item.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyValue<'a> {
    /// The key, lower case, without emphasis.
    pub key: String,
    /// The value, trimmed, a slice of the line's text.
    pub value: &'a str,
    /// The list marker when the line is a bullet (`*`, `-` or `+`).
    pub bullet: Option<char>,
}

/// Reads a `Key: value` line.
pub fn key_value(text: &str) -> Option<KeyValue<'_>> {
    let trimmed = text.trim_start();
    let (bullet, rest) = match trimmed.chars().next() {
        Some(c @ ('*' | '-' | '+')) if trimmed[1..].starts_with([' ', '\t']) => {
            (Some(c), trimmed[1..].trim_start())
        }
        _ => (None, trimmed),
    };
    let colon = rest.find(':')?;
    let raw_key = &rest[..colon];
    let key: String = raw_key.trim().trim_matches(['*', '_']).trim().to_lowercase();
    if key.is_empty()
        || key.len() > 40
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '(' | ')'))
    {
        return None;
    }
    if rest[colon + 1..].starts_with("//") || key.split(' ').count() > 3 {
        return None;
    }
    let value = rest[colon + 1..].trim_start_matches(['*', '_']).trim();
    Some(KeyValue { key, value, bullet })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_and_comments_are_left_out() {
        let text = "<!-- a\ncomment -->\n# Title\n```\n## Not a heading\n```\n## Status <!-- optional -->\nAccepted\n";
        let lines = content_lines(text, 0);
        let headings: Vec<_> = lines.iter().filter_map(|l| l.heading_text()).collect();
        assert_eq!(headings, vec!["Title", "Status"]);
        assert_eq!(lines.last().unwrap().text, "Accepted");
        assert_eq!(&text[lines.last().unwrap().span()], "Accepted");
    }

    #[test]
    fn setext_headings_are_headings() {
        let lines = content_lines("Use Postgres\n============\n\nStatus\n------\nAccepted\n", 0);
        assert_eq!(lines[0].heading, Some(1));
        assert_eq!(lines[0].heading_text().as_deref(), Some("Use Postgres"));
        assert_eq!(lines[2].heading, Some(2));
    }

    #[test]
    fn key_values_accept_bullets_and_bold() {
        let kv = key_value("* Status: accepted").unwrap();
        assert_eq!(
            (kv.key.as_str(), kv.value, kv.bullet),
            ("status", "accepted", Some('*'))
        );
        let kv = key_value("**Date:** 2020-01-02").unwrap();
        assert_eq!((kv.key.as_str(), kv.value), ("date", "2020-01-02"));
        assert!(key_value("See https://example.com for more, said the very long sentence here").is_none());
    }
}
