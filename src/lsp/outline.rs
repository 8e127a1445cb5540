//! Document symbols: a record's sections, nested by heading level.

use super::convert;
use crate::model::Section;
use lsp_types::{DocumentSymbol, Position, Range, SymbolKind};

/// The sections of a record as a tree of symbols; `text` is the file's.
pub fn symbols(text: &str, sections: &[Section]) -> Vec<DocumentSymbol> {
    // Each section runs to the next heading of the same or a higher level.
    let starts: Vec<Position> = sections
        .iter()
        .map(|s| Position::new(s.line.saturating_sub(1) as u32, 0))
        .collect();
    let end_of_text = convert::position(text, text.len());
    let mut roots: Vec<(u8, DocumentSymbol)> = Vec::new();
    // The open sections, innermost last: (level, symbol).
    let mut open: Vec<(u8, DocumentSymbol)> = Vec::new();
    for (i, section) in sections.iter().enumerate() {
        let end = sections[i + 1..]
            .iter()
            .position(|s| s.level <= section.level)
            .map(|j| starts[i + 1 + j])
            .unwrap_or(end_of_text);
        let heading_end = text
            .lines()
            .nth(starts[i].line as usize)
            .map(|l| l.chars().map(char::len_utf16).sum::<usize>() as u32)
            .unwrap_or(0);
        #[allow(deprecated)]
        let symbol = DocumentSymbol {
            name: if section.heading.is_empty() {
                "(untitled)".into()
            } else {
                section.heading.clone()
            },
            detail: section.key.clone(),
            kind: SymbolKind::STRING,
            tags: None,
            deprecated: None,
            range: Range::new(starts[i], end),
            selection_range: Range::new(starts[i], Position::new(starts[i].line, heading_end)),
            children: None,
        };
        close(&mut open, &mut roots, section.level);
        open.push((section.level, symbol));
    }
    close(&mut open, &mut roots, 0);
    roots.into_iter().map(|(_, s)| s).collect()
}

/// Closes the open sections of `level` or deeper, each into its parent.
fn close(open: &mut Vec<(u8, DocumentSymbol)>, roots: &mut Vec<(u8, DocumentSymbol)>, level: u8) {
    while open.last().is_some_and(|(l, _)| *l >= level) {
        let done = open.pop().expect("checked above");
        match open.last_mut() {
            Some((_, parent)) => parent.children.get_or_insert_with(Vec::new).push(done.1),
            None => roots.push(done),
        }
    }
}
