//! Between shoshin's positions and the Language Server Protocol's: byte
//! offsets and 1-based character columns on one side, 0-based lines and
//! columns in UTF-16 code units (what the protocol counts by default) on the
//! other; file paths and `file://` URIs.

use crate::diagnostic::{Diagnostic, Severity};
use lsp_types::{DiagnosticSeverity, NumberOrString, Position, Range, Uri};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::path::{Path, PathBuf};

/// The byte offset where 0-based `line` starts in `text` (the end of the
/// text for a line past its end).
fn line_start(text: &str, line: usize) -> usize {
    if line == 0 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 1)
        .map(|(i, _)| i + 1)
        .unwrap_or(text.len())
}

/// The byte offset of an LSP position in `text`, clamped to its line.
pub fn offset(text: &str, position: Position) -> usize {
    let start = line_start(text, position.line as usize);
    let line = &text[start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let mut units = 0;
    for (i, c) in line.char_indices() {
        if units >= position.character as usize {
            return start + i;
        }
        units += c.len_utf16();
    }
    start + line.len()
}

/// The LSP position of byte `offset` in `text`.
pub fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count();
    let start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
    Position::new(line as u32, character as u32)
}

/// The LSP range of a byte range of `text`.
pub fn range(text: &str, span: std::ops::Range<usize>) -> Range {
    Range::new(position(text, span.start), position(text, span.end))
}

/// The LSP position of a 1-based line and 1-based character column, as
/// `shoshin check` prints them.
fn line_column(text: &str, line: usize, column: usize) -> Position {
    let start = line_start(text, line.saturating_sub(1));
    let rest = &text[start..];
    let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let offset: usize = rest
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    position(text, start + offset)
}

/// A diagnostic as the protocol has it: the same code, severity, start and
/// message (with its help) as `shoshin check`; it ends where its span
/// ends, or where it starts when it has none.
pub fn diagnostic(text: &str, found: &Diagnostic) -> lsp_types::Diagnostic {
    let start = line_column(text, found.line, found.column);
    let end = match &found.span {
        Some(span) if span.end <= text.len() && span.end > span.start => position(text, span.end),
        _ => start,
    };
    lsp_types::Diagnostic {
        range: Range::new(start, end),
        severity: Some(severity(found.severity)),
        code: Some(NumberOrString::String(found.code.as_str().to_string())),
        source: Some("shoshin".to_string()),
        message: found.one_line(),
        ..lsp_types::Diagnostic::default()
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// Characters escaped in a path written into a `file://` URI.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The `file://` URI of an absolute path.
pub fn uri(path: &Path) -> Option<Uri> {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    format!("file://{}", utf8_percent_encode(&text, PATH))
        .parse()
        .ok()
}

/// The path of a `file://` URI; `None` for any other scheme.
pub fn path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://host/path` names a path on another machine: only local ones.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    // `/C:/dir` on Windows.
    let bytes = decoded.as_bytes();
    if bytes.len() > 2 && bytes[2] == b':' && bytes[1].is_ascii_alphabetic() {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        // `é` is 2 bytes and 1 unit, `🙂` 4 bytes and 2 units.
        let text = "---\ntitle: é🙂 x\n---\n";
        let x = text.find(" x").unwrap() + 1;
        assert_eq!(position(text, x), Position::new(1, 11));
        assert_eq!(offset(text, Position::new(1, 11)), x);
        assert_eq!(offset(text, Position::new(1, 99)), text.find("\n---\n").unwrap());
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
    }

    #[test]
    fn a_checks_column_becomes_the_same_place() {
        let text = "a\nçà [[PAY-9]]\n";
        // Column 4 in characters is `[`, after two 2-byte characters.
        let at = line_column(text, 2, 4);
        assert_eq!(at, Position::new(1, 3));
    }

    #[test]
    fn paths_and_uris_round_trip() {
        let path = Path::new("/records/items/PAY 1 é.md");
        let uri = uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///records/items/PAY%201%20%C3%A9.md");
        assert_eq!(super::path(&uri).unwrap(), path);
        let other: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(super::path(&other), None);
    }
}
