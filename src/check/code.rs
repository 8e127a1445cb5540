//! The checks of decisions against the code they govern: patterns that
//! match nothing, superseded decisions still claiming their successor's
//! code, code comments citing retired or unknown decisions; and, with the
//! history, review dates and who accepted a decision
//! ([`super::decisions`]).

use super::decisions;
use crate::code::CodeMap;
use crate::config::{Config, DecisionCategory};
use crate::diagnostic::{Code, Diagnostic};
use crate::history::History;
use crate::index::Index;
use crate::parse::fields::key_span;

/// Every diagnostic of code areas, citations, review dates and deciders.
pub fn diagnostics(index: &Index, code: &CodeMap, history: &History, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    applies_to_nothing(index, code, &mut out);
    superseded_still_governs(index, &mut out);
    citations(index, code, &mut out);
    decisions::review_due(index, history, config, &mut out);
    decisions::accepted_without_decider(index, history, config, &mut out);
    out
}

/// `applies-to-nothing`: a pattern of a decision not retired that matches
/// no file of the code root.
fn applies_to_nothing(index: &Index, code: &CodeMap, out: &mut Vec<Diagnostic>) {
    let shown_root = code.root.display();
    for (rule, &count) in code.rules.rules.iter().zip(&code.matches) {
        if count > 0 || index.is_retired(rule.decision) {
            continue;
        }
        let record = &index.records[rule.decision];
        let span = key_span(record, "applies_to", Some(&rule.pattern));
        let message = if code.exists {
            format!(
                "`{}` matches no file under the code root (`{shown_root}`)",
                rule.pattern
            )
        } else {
            format!(
                "`{}` matches nothing: the code root `{shown_root}` is not a folder",
                rule.pattern
            )
        };
        out.push(
            super::at(record, Code::AppliesToNothing, span, message).with_help(
                "write the pattern relative to the code root (e.g. `src/ledger/**`), or remove it; \
                 set `code_root:` in shoshin.yaml when the code lives outside the records root",
            ),
        );
    }
}

/// `superseded-still-governs`: a decision whose status still says accepted
/// though an accepted decision supersedes it, both claiming one pattern.
fn superseded_still_governs(index: &Index, out: &mut Vec<Diagnostic>) {
    for (i, record) in index.records.iter().enumerate() {
        if record.applies_to.is_empty() || index.decision_category(i) != Some(DecisionCategory::Accepted) {
            continue;
        }
        for &newer in &index.superseded_by[i] {
            if index.decision_category(newer) != Some(DecisionCategory::Accepted) {
                continue;
            }
            let successor = &index.records[newer];
            for pattern in record
                .applies_to
                .iter()
                .filter(|p| successor.applies_to.contains(p))
            {
                let span = key_span(record, "applies_to", Some(pattern));
                let message = format!(
                    "{} still says accepted and governs `{pattern}`, but {} (accepted) supersedes it and governs `{pattern}` too",
                    record.id, successor.id
                );
                out.push(
                    super::at(record, Code::SupersededStillGoverns, span, message).with_help(format!(
                        "set `status: superseded` here (the pattern stays as history), or remove `{pattern}` from one of them"
                    )),
                );
            }
        }
    }
}

/// `cites-retired-decision` and `cites-unknown-decision`, at the comment.
fn citations(index: &Index, code: &CodeMap, out: &mut Vec<Diagnostic>) {
    let mut decisions = None;
    for citation in &code.citations {
        let file = code.from_records_root(&citation.file);
        let diagnostic = match citation.decision {
            None => {
                let decisions = decisions.get_or_insert_with(|| {
                    crate::text::Nearby::new(index.ids_of(crate::model::Kind::Decision))
                });
                let suggestion = (decisions.closest(&citation.id))
                    .map(|id| format!("did you mean `{id}`? "))
                    .unwrap_or_default();
                Diagnostic::new(
                    Code::CitesUnknownDecision,
                    file,
                    format!(
                        "this comment cites `{}`, but no decision has this id",
                        citation.id
                    ),
                )
                .with_help(format!("{suggestion}fix the id, or write the decision"))
            }
            Some(i) if index.is_retired(i) => {
                let record = &index.records[i];
                let status = index.status_category_name(i).unwrap_or("retired");
                let successors: Vec<&str> = index
                    .current_successors(i)
                    .into_iter()
                    .map(|s| index.records[s].id.as_str())
                    .collect();
                let help = match successors.as_slice() {
                    [] => "update the code or the comment: the decision no longer governs".to_string(),
                    list => format!(
                        "cite {} instead, which governs now, or update the code",
                        list.join(" or ")
                    ),
                };
                Diagnostic::new(
                    Code::CitesRetiredDecision,
                    file,
                    format!(
                        "this comment cites {} ({status}): \"{}\"",
                        record.id, record.title
                    ),
                )
                .with_help(help)
            }
            Some(_) => continue,
        };
        out.push(diagnostic.at_line(citation.line, citation.column));
    }
}
