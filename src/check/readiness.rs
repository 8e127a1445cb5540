//! The readiness checks: diagnostics from the assessments, added to the other
//! checks' before severities are applied.
//!
//! Which items each code looks at, so that the output stays useful:
//!
//! | code | items |
//! |---|---|
//! | `not-ready` | status in the `ready` category, failing a rule that is an error |
//! | `ready-but-refining` | status in the `open` category, passing every rule |
//! | `depends-on-unready` | every item not closed (open, ready, in progress) |
//! | `unowned-question` | every item not closed |
//! | `spike-without-timebox` | every spike not closed |
//!
//! `stale-ready` (ready for longer than configured) needs the date an item
//! became ready, which comes from git history. It belongs here, as one more
//! function called from [`diagnostics`] over the items whose status category is
//! `ready`, pointing at the `status:` value like `not-ready` does.

use crate::config::{Config, ItemCategory};
use crate::diagnostic::{Code, Diagnostic};
use crate::index::Index;
use crate::model::{Kind, Record, Relation};
use crate::parse::fields::key_span;
use crate::readiness::{item_type, rules, Assessment, Readiness, Verdict};
use rayon::prelude::*;

/// Every readiness diagnostic, with default severities.
pub fn diagnostics(index: &Index, readiness: &Readiness, config: &Config) -> Vec<Diagnostic> {
    // Records are looked at in parallel, in order: a diagnostic's position
    // may need its file read (a record decoded from the cache without it).
    let assessed: Vec<(usize, &Assessment)> = readiness.iter().collect();
    // The statuses the help of `not-ready` and `ready-but-refining` names.
    let back_to = statuses_of(config, ItemCategory::Open).last().copied();
    let ready = statuses_of(config, ItemCategory::Ready).first().copied();
    let mut out: Vec<Diagnostic> = assessed
        .par_iter()
        .filter_map(|&(i, assessment)| not_ready(index, back_to, i, assessment))
        .collect();
    out.par_extend(
        assessed
            .par_iter()
            .filter_map(|&(i, assessment)| ready_but_refining(index, ready, i, assessment)),
    );
    out.par_extend(
        index
            .records
            .par_iter()
            .enumerate()
            .filter(|&(i, record)| {
                record.kind == Kind::Item && index.item_category(i) != Some(ItemCategory::Closed)
            })
            .flat_map_iter(|(_, record)| {
                let mut found = Vec::new();
                depends_on_unready(index, record, &mut found);
                unowned_questions(record, &mut found);
                spike_without_timebox(record, &mut found);
                found
            }),
    );
    out
}

fn at_status(record: &Record, code: Code, message: String) -> Diagnostic {
    let status = record.status.clone().unwrap_or_default();
    let span = key_span(record, "status", Some(&status));
    Diagnostic::new(code, &record.file, message).at(record.source(), span)
}

/// The status names of one category, in configured order.
fn statuses_of(config: &Config, category: ItemCategory) -> Vec<&str> {
    config
        .statuses
        .items
        .iter()
        .filter(|(_, c)| **c == category)
        .map(|(name, _)| name.as_str())
        .collect()
}

/// `not-ready` for item `i`, assessed as `assessment`: its status says
/// ready, and a readiness rule fails. `back_to` is the status its help
/// suggests instead, the last of the open ones.
fn not_ready(index: &Index, back_to: Option<&str>, i: usize, assessment: &Assessment) -> Option<Diagnostic> {
    if index.item_category(i) != Some(ItemCategory::Ready) {
        return None;
    }
    let failed: Vec<_> = assessment.failed_errors().collect();
    if failed.is_empty() {
        return None;
    }
    let record = &index.records[i];
    let status = record.status.clone().unwrap_or_default();
    let names: Vec<&str> = failed.iter().map(|r| r.label.as_str()).collect();
    let count = if failed.len() == 1 {
        "1 readiness rule fails".to_string()
    } else {
        format!("{} readiness rules fail", failed.len())
    };
    let mut help: Vec<String> = failed.iter().map(|r| r.message.clone()).collect();
    if let Some(open) = back_to {
        help.push(format!("or set `status: {open}` until it is ready"));
    }
    Some(
        at_status(
            record,
            Code::NotReady,
            format!("status is `{status}`, but {count}: {}", names.join(", ")),
        )
        .with_help(help.join("; ")),
    )
}

/// `ready-but-refining` for item `i`, assessed as `assessment`: it passes
/// every rule, and its status is still an open one. `ready` is the status
/// its help suggests, the first of the ready ones.
fn ready_but_refining(
    index: &Index,
    ready: Option<&str>,
    i: usize,
    assessment: &Assessment,
) -> Option<Diagnostic> {
    if index.item_category(i) != Some(ItemCategory::Open) || assessment.verdict != Verdict::Ready {
        return None;
    }
    let record = &index.records[i];
    let status = record.status.clone().unwrap_or_default();
    let help = match ready {
        Some(ready) => format!("if the team agrees it is ready, set `status: {ready}`"),
        None => "if the team agrees it is ready, move it on".to_string(),
    };
    Some(
        at_status(
            record,
            Code::ReadyButRefining,
            format!("passes every readiness rule, but its status is still `{status}`"),
        )
        .with_help(help),
    )
}

fn depends_on_unready(index: &Index, record: &Record, out: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    for reference in record.references_of(Relation::DependsOn) {
        if !seen.insert(reference.target.as_str()) {
            continue;
        }
        let Some(j) = index
            .get(&reference.target)
            .filter(|&j| index.records[j].kind == Kind::Item)
        else {
            continue;
        };
        if rules::dependency_met(index, j) {
            continue;
        }
        let dependency = &index.records[j];
        let status = dependency
            .status
            .as_deref()
            .map(|s| format!("`{s}`"))
            .unwrap_or_else(|| "without a status".to_string());
        out.push(
            Diagnostic::new(
                Code::DependsOnUnready,
                &record.file,
                format!("blocked: depends on {}, which is still {status}", dependency.id),
            )
            .at(record.source(), reference.span.clone())
            .with_help(format!(
                "refine {} until it is ready first, or remove the dependency",
                dependency.id
            )),
        );
    }
}

fn unowned_questions(record: &Record, out: &mut Vec<Diagnostic>) {
    for task in rules::open_question_tasks(record) {
        if task.owner.is_some() {
            continue;
        }
        let column = record
            .source()
            .lines()
            .nth(task.line.saturating_sub(1))
            .map(|line| line.chars().take_while(|c| c.is_whitespace()).count() + 1)
            .unwrap_or(1);
        let text = rules::shorten(&task.text, 80);
        out.push(
            Diagnostic::new(
                Code::UnownedQuestion,
                &record.file,
                format!("open question without an owner: “{text}”"),
            )
            .at_line(task.line, column)
            .with_help("add `@name` of the person who will find the answer"),
        );
    }
}

fn spike_without_timebox(record: &Record, out: &mut Vec<Diagnostic>) {
    if item_type(record) != "spike" || rules::timebox(record).passed {
        return;
    }
    let span = key_span(record, "type", Some("spike"));
    out.push(
        Diagnostic::new(
            Code::SpikeWithoutTimebox,
            &record.file,
            format!("{} is a spike without a timebox", record.id),
        )
        .at(record.source(), span)
        .with_help("add `timebox: 2d` (or what the team agreed): a spike stops when its time is up"),
    );
}
