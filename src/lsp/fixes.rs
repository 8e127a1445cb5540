//! Code actions: the fixes the diagnostics already suggest in their help
//! ("did you mean `ADR-0007`?", "set `status: superseded`"), applied to the
//! text the diagnostic points at.

use super::convert;
use crate::diagnostic::Diagnostic;
use lsp_types::{CodeAction, CodeActionKind, TextEdit, Uri, WorkspaceEdit};
use std::collections::HashMap;

/// The replacement a help line suggests for the diagnostic's span.
fn replacement(help: &str) -> Option<(String, String)> {
    if let Some(rest) = help.strip_prefix("did you mean `") {
        let word = rest.split('`').next()?;
        return Some((format!("Replace with `{word}`"), word.to_string()));
    }
    let rest = help.split("set `").nth(1)?;
    let setting = rest.split('`').next()?;
    let (key, value) = setting.split_once(':')?;
    Some((
        format!("Set `{}: {}`", key.trim(), value.trim()),
        value.trim().to_string(),
    ))
}

/// The quick fixes for `diagnostics` of the file at `uri`, whose text is `text`.
// `WorkspaceEdit` keys its edits by `Uri` (see `navigate::rename`).
#[allow(clippy::mutable_key_type)]
pub fn actions<'a>(
    uri: &Uri,
    text: &str,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
) -> Vec<CodeAction> {
    let mut actions = Vec::new();
    for found in diagnostics {
        let (Some(help), Some(span)) = (&found.help, &found.span) else {
            continue;
        };
        let Some((title, new_text)) = replacement(help) else {
            continue;
        };
        let Some(written) = text.get(span.clone()) else {
            continue;
        };
        // The span may hold more than the wrong word (`[[ADR-0008]]`): the
        // word the message quotes first is what is replaced.
        let quoted = found.message.split('`').nth(1).filter(|q| !q.is_empty());
        let span = match quoted.and_then(|q| written.find(q).map(|at| (at, q.len()))) {
            Some((at, len)) => span.start + at..span.start + at + len,
            None => span.clone(),
        };
        if text.get(span.clone()) == Some(new_text.as_str()) {
            continue;
        }
        let edit = TextEdit::new(convert::range(text, span), new_text);
        actions.push(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![convert::diagnostic(text, found)]),
            edit: Some(WorkspaceEdit::new(HashMap::from([(uri.clone(), vec![edit])]))),
            is_preferred: Some(true),
            ..CodeAction::default()
        });
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lines_become_replacements() {
        assert_eq!(
            replacement("did you mean `ADR-0007`?"),
            Some(("Replace with `ADR-0007`".into(), "ADR-0007".into()))
        );
        assert_eq!(
            replacement("set `status: superseded`"),
            Some(("Set `status: superseded`".into(), "superseded".into()))
        );
        assert_eq!(replacement("write the record, or remove the file"), None);
    }
}
