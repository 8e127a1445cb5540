//! The [`Report`] of `shoshin diff` as text: for a terminal, as Markdown for
//! a pull-request comment or GitHub's job summary (headings, short tables,
//! long lists folded in `<details>`), and as JSON for tools.

use super::{Problem, Report};
use std::fmt::Write;

/// Tables longer than this are folded into a `<details>` block.
const FOLD_AFTER: usize = 10;

/// The report as pretty JSON.
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}

fn or_none(value: Option<&str>) -> &str {
    value.unwrap_or("none")
}

fn status(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("no status")
}

fn verdict(value: Option<&str>) -> &str {
    match value {
        Some("not-ready") => "not ready",
        Some("almost") => "almost ready",
        Some(other) => other,
        None => "not judged",
    }
}

/// One line saying how much changed.
fn summary(report: &Report) -> String {
    if report.is_empty() {
        return "No change to the records.".to_string();
    }
    let parts = [
        (report.added.len(), "added"),
        (report.removed.len(), "removed"),
        (report.renamed.len(), "renamed"),
        (report.retitled.len(), "retitled"),
        (report.statuses.len(), "status changes"),
        (report.readiness.len(), "readiness changes"),
        (report.decisions.len(), "decision changes"),
        (report.introduced.len(), "problems introduced"),
        (report.resolved.len(), "problems resolved"),
    ];
    let shown: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    format!("{}.", shown.join(", "))
}

fn decision_after(change: &super::DecisionChange) -> String {
    let to = or_none(change.to).to_string();
    if change.superseded_by.is_empty() {
        to
    } else {
        format!("{to} by {}", change.superseded_by.join(", "))
    }
}

fn problem_line(problem: &Problem) -> String {
    format!(
        "{} {} {}:{}: {}",
        problem.severity, problem.code, problem.file, problem.line, problem.message
    )
}

/// The report for a terminal.
pub fn human(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} → {}", report.base.label, report.head.label);
    let _ = writeln!(out, "{}", summary(report));
    let mut section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = writeln!(out, "\n{title}:");
            for line in lines {
                let _ = writeln!(out, "  {line}");
            }
        }
    };
    section(
        "Records",
        (report.added.iter())
            .map(|r| {
                format!(
                    "+ {} {} ({}, {}) {}",
                    r.id,
                    r.title,
                    r.kind,
                    status(&r.status),
                    r.file
                )
            })
            .chain(
                report
                    .removed
                    .iter()
                    .map(|r| format!("- {} {} ({}) {}", r.id, r.title, r.kind, r.file)),
            )
            .chain(
                report
                    .renamed
                    .iter()
                    .map(|r| format!("> {} moved {} → {}", r.id, r.from, r.to)),
            )
            .chain(
                report
                    .retitled
                    .iter()
                    .map(|r| format!("~ {} retitled “{}” → “{}”", r.id, r.from, r.to)),
            )
            .collect(),
    );
    section(
        "Statuses",
        (report.statuses.iter())
            .map(|s| format!("{} {}: {} → {}", s.id, s.title, status(&s.from), status(&s.to)))
            .collect(),
    );
    section(
        "Readiness",
        (report.readiness.iter())
            .map(|r| {
                let mut line = format!("{} {}: {} → {}", r.id, r.title, verdict(r.from), verdict(r.to));
                for failing in &r.now_failing {
                    let _ = write!(line, "\n      now failing: {failing}");
                }
                if !r.now_passing.is_empty() {
                    let _ = write!(line, "\n      now passing: {}", r.now_passing.join(", "));
                }
                line
            })
            .collect(),
    );
    section(
        "Decisions",
        (report.decisions.iter())
            .map(|d| {
                format!(
                    "{} {}: {} → {}",
                    d.id,
                    d.title,
                    or_none(d.from),
                    decision_after(d)
                )
            })
            .collect(),
    );
    section(
        "Problems introduced",
        report.introduced.iter().map(problem_line).collect(),
    );
    section(
        "Problems resolved",
        report.resolved.iter().map(problem_line).collect(),
    );
    out
}

/// Text safe in a Markdown table cell: no pipe, no line break, no HTML.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Code spans for a path or id, so that Markdown leaves it alone.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

/// A table under a heading, folded into `<details>` when long.
fn table(out: &mut String, title: &str, header: &[&str], rows: Vec<Vec<String>>) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### {title} ({})\n", rows.len());
    let folded = rows.len() > FOLD_AFTER;
    if folded {
        let _ = writeln!(out, "<details><summary>Show all {}</summary>\n", rows.len());
    }
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    if folded {
        let _ = writeln!(out, "\n</details>");
    }
}

fn problem_row(problem: &Problem) -> Vec<String> {
    vec![
        problem.severity.to_string(),
        code(problem.code),
        format!("{}:{}", code(&problem.file), problem.line),
        cell(&problem.message),
    ]
}

/// The report as Markdown, for a pull-request comment or a job summary.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Records: what this change does\n");
    let _ = writeln!(
        out,
        "Compared {} with {}. {}",
        cell(&report.base.label),
        cell(&report.head.label),
        summary(report)
    );
    if report.new_errors() > 0 {
        let _ = writeln!(
            out,
            "\n> [!WARNING]\n> This change introduces {} error{}: see *Problems introduced*.",
            report.new_errors(),
            if report.new_errors() == 1 { "" } else { "s" }
        );
    }
    let mut records: Vec<Vec<String>> = Vec::new();
    for r in &report.added {
        records.push(vec![
            "added".into(),
            code(&r.id),
            cell(&r.title),
            format!("{} {}", r.kind, cell(status(&r.status))),
            code(&r.file),
        ]);
    }
    for r in &report.removed {
        records.push(vec![
            "removed".into(),
            code(&r.id),
            cell(&r.title),
            r.kind.into(),
            code(&r.file),
        ]);
    }
    for r in &report.renamed {
        records.push(vec![
            "renamed".into(),
            code(&r.id),
            cell(&r.title),
            format!("from {}", code(&r.from)),
            code(&r.to),
        ]);
    }
    for r in &report.retitled {
        records.push(vec![
            "retitled".into(),
            code(&r.id),
            cell(&r.to),
            format!("was “{}”", cell(&r.from)),
            code(&r.file),
        ]);
    }
    table(
        &mut out,
        "Records",
        &["change", "id", "title", "what", "file"],
        records,
    );
    table(
        &mut out,
        "Status changes",
        &["id", "title", "before", "after"],
        (report.statuses.iter())
            .map(|s| {
                vec![
                    code(&s.id),
                    cell(&s.title),
                    cell(status(&s.from)),
                    format!("**{}**", cell(status(&s.to))),
                ]
            })
            .collect(),
    );
    table(
        &mut out,
        "Readiness",
        &["id", "title", "before", "after", "why"],
        (report.readiness.iter())
            .map(|r| {
                let mut why: Vec<String> = r
                    .now_failing
                    .iter()
                    .map(|f| format!("fails: {}", cell(f)))
                    .collect();
                if !r.now_passing.is_empty() {
                    why.push(format!("passes: {}", cell(&r.now_passing.join(", "))));
                }
                vec![
                    code(&r.id),
                    cell(&r.title),
                    verdict(r.from).to_string(),
                    format!("**{}**", verdict(r.to)),
                    why.join("<br>"),
                ]
            })
            .collect(),
    );
    table(
        &mut out,
        "Decisions",
        &["id", "title", "before", "after"],
        (report.decisions.iter())
            .map(|d| {
                vec![
                    code(&d.id),
                    cell(&d.title),
                    or_none(d.from).to_string(),
                    format!("**{}**", cell(&decision_after(d))),
                ]
            })
            .collect(),
    );
    let header = ["severity", "code", "where", "message"];
    table(
        &mut out,
        "Problems introduced",
        &header,
        report.introduced.iter().map(problem_row).collect(),
    );
    table(
        &mut out,
        "Problems resolved",
        &header,
        report.resolved.iter().map(problem_row).collect(),
    );
    out
}
