//! What is under the cursor, and where records are named: hover, go to
//! definition, find references and rename.

use super::convert;
use super::workspace::Workspace;
use crate::model::{Origin, Record};
use lsp_types::{
    Hover, HoverContents, Location, MarkupContent, MarkupKind, Range, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;
use std::ops::Range as Span;
use std::path::{Path, PathBuf};

/// What the cursor is on.
pub enum Target {
    /// A record, named by its id.
    Record(usize),
    /// A file a relative link points at.
    File(PathBuf),
}

/// Characters an id is made of.
fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// The id-like word around byte `offset` of `text`, with its span.
pub fn word_at(text: &str, offset: usize) -> Option<(Span<usize>, &str)> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_id_char(*c))
        .last()
        .map(|(i, _)| i)
        .unwrap_or(offset);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_id_char(*c))
        .map(|(i, _)| offset + i)
        .unwrap_or(text.len());
    // A sentence's full stop is not part of the id before it.
    let word = text[start..end].trim_end_matches('.');
    (!word.is_empty()).then(|| (start..start + word.len(), word))
}

/// What is at byte `offset` of the file `relative`: a relative link's
/// file, or a record named by the word there.
pub fn target_at(workspace: &Workspace, relative: &Path, offset: usize) -> Option<Target> {
    let index = &workspace.project().index;
    if let Some(record) = workspace.record_of(relative) {
        let link = (index.records[record].file_links.iter()).find(|l| l.span.contains(&offset));
        if let Some(path) = link.and_then(|l| l.path.clone()) {
            return Some(match index.records.iter().position(|r| r.file == path) {
                Some(i) => Target::Record(i),
                None => Target::File(path),
            });
        }
    }
    let text = workspace.text(relative)?;
    let (_, word) = word_at(text, offset)?;
    index.get(word).map(Target::Record)
}

/// The hover text of a record: title, kind and status, readiness with
/// what is missing, and its one-line why.
pub fn hover(workspace: &Workspace, record: usize) -> Hover {
    let project = workspace.project();
    let r = &project.index.records[record];
    let mut text = format!("**{}** · {}\n\n", r.id, r.title);
    text.push_str(r.kind.info().label);
    if let Some(status) = &r.status {
        text.push_str(&format!(", status `{status}`"));
    }
    if let Some(item_type) = &r.item_type {
        text.push_str(&format!(", type `{item_type}`"));
    }
    text.push('\n');
    if let Some(assessment) = project.readiness.get(record) {
        text.push_str(&format!(
            "\nReadiness: **{}** ({}%)\n",
            assessment.verdict.label(),
            assessment.score
        ));
        for failed in assessment.failed() {
            text.push_str(&format!("- {}: {}\n", failed.label, failed.message));
        }
    }
    let successors: Vec<&str> = (project.index.superseded_by[record].iter())
        .map(|&s| project.index.records[s].id.as_str())
        .collect();
    if !successors.is_empty() {
        text.push_str(&format!("\nSuperseded by {}\n", successors.join(", ")));
    }
    let why = r.section("why").map(|s| crate::text::first_sentence(&s.lead));
    if let Some(why) = why.filter(|w| !w.is_empty()) {
        text.push_str(&format!("\nWhy: {why}\n"));
    }
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    }
}

/// Where a record is defined: its `id:` value, else the start of its file.
pub fn definition(workspace: &Workspace, record: usize) -> Option<Location> {
    let r = &workspace.project().index.records[record];
    let span = own_id_span(r).unwrap_or(0..0);
    location(workspace, &r.file, span)
}

/// The start of a file that is not a record.
pub fn file_location(workspace: &Workspace, relative: &Path) -> Option<Location> {
    let path = workspace.root.join(relative);
    path.is_file().then_some(())?;
    Some(Location::new(convert::uri(&path)?, Range::default()))
}

fn location(workspace: &Workspace, relative: &Path, span: Span<usize>) -> Option<Location> {
    let text = workspace.text(relative)?;
    let uri = convert::uri(&workspace.root.join(relative))?;
    Some(Location::new(uri, convert::range(text, span)))
}

/// The span of a record's own `id:` value, when written.
fn own_id_span(record: &Record) -> Option<Span<usize>> {
    let span = crate::parse::fields::key_span(record, "id", Some(&record.id));
    (record.source().get(span.clone()) == Some(record.id.as_str())).then_some(span)
}

/// One place a record is named.
struct Mention {
    file: PathBuf,
    span: Span<usize>,
    /// The id itself is written there (not a link to its file).
    names_id: bool,
}

/// Every place that names record `target`, in file order.
fn mentions(workspace: &Workspace, target: usize) -> Vec<Mention> {
    let index = &workspace.project().index;
    let id = index.records[target].id.as_str();
    let mut from: Vec<usize> = index.incoming[target].iter().map(|l| l.from).collect();
    from.sort_unstable();
    from.dedup();
    let mut found = Vec::new();
    for i in from {
        let record = &index.records[i];
        let source = record.source();
        let mut spans: Vec<(Span<usize>, bool)> = Vec::new();
        for reference in record.references.iter().filter(|r| r.target == id) {
            let written = source.get(reference.span.clone()).unwrap_or("");
            match written.find(id) {
                Some(at) if reference.origin != Origin::MarkdownLink => {
                    let start = reference.span.start + at;
                    spans.push((start..start + id.len(), true));
                }
                _ => spans.push((reference.span.clone(), false)),
            }
        }
        for (token, span) in &record.prose_tokens {
            if token == id {
                spans.push((span.clone(), true));
            }
        }
        spans.sort_by_key(|(s, _)| (s.start, s.end));
        spans.dedup_by(|a, b| a.0.start < b.0.end && b.0.start < a.0.end);
        found.extend(spans.into_iter().map(|(span, names_id)| Mention {
            file: record.file.clone(),
            span,
            names_id,
        }));
    }
    found
}

/// Every place that names record `target`, with its definition first when asked.
pub fn references(workspace: &Workspace, target: usize, declaration: bool) -> Vec<Location> {
    let mut locations = Vec::new();
    if declaration {
        locations.extend(definition(workspace, target));
    }
    for mention in mentions(workspace, target) {
        locations.extend(location(workspace, &mention.file, mention.span));
    }
    locations
}

/// The edits that rename record `target`'s id to `new_id` in every file
/// that names it; an error message when the new id is not one or is taken.
// `WorkspaceEdit` keys its edits by `Uri`, whose parsed parts cache a value
// in a cell; the key is never changed while in the map.
#[allow(clippy::mutable_key_type)]
pub fn rename(workspace: &Workspace, target: usize, new_id: &str) -> Result<WorkspaceEdit, String> {
    let project = workspace.project();
    let record = &project.index.records[target];
    let new_id = new_id.trim();
    if new_id.is_empty() || !new_id.chars().all(is_id_char) {
        return Err(format!(
            "`{new_id}` is not an id: use letters, digits, `-`, `_` and `.` only"
        ));
    }
    if let Some(holder) = project.index.get(new_id).filter(|&h| h != target) {
        return Err(format!(
            "id `{new_id}` is already used by {}",
            project.index.records[holder].file.display()
        ));
    }
    let mut edits: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    let mut add = |file: &Path, span: Span<usize>, text: String| -> Option<()> {
        let source = workspace.text(file)?;
        let uri = convert::uri(&workspace.root.join(file))?;
        edits
            .entry(uri)
            .or_default()
            .push(TextEdit::new(convert::range(source, span), text));
        Some(())
    };
    match own_id_span(record) {
        Some(span) => add(&record.file, span, new_id.to_string()),
        None => {
            // The id came from the file name: written into the front matter.
            let source = record.source();
            if source.starts_with("---") {
                let line_end = source.find('\n').map(|i| i + 1).unwrap_or(source.len());
                add(&record.file, line_end..line_end, format!("id: {new_id}\n"))
            } else {
                add(&record.file, 0..0, format!("---\nid: {new_id}\n---\n"))
            }
        }
    };
    for mention in mentions(workspace, target).into_iter().filter(|m| m.names_id) {
        add(&mention.file, mention.span, new_id.to_string());
    }
    Ok(WorkspaceEdit::new(edits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_at_a_place_is_an_id_without_its_full_stop() {
        let text = "see [[PAY-12]] and ADR-0007.";
        assert_eq!(word_at(text, 8).unwrap().1, "PAY-12");
        assert_eq!(word_at(text, text.len() - 2).unwrap().1, "ADR-0007");
        assert_eq!(word_at(text, 3), Some((0..3, "see")));
        assert_eq!(word_at(text, 4), None);
    }
}
