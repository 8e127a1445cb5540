//! Pointing shoshin at folders it was not told about: what it finds, what it
//! skips and why, and never a silent empty site.

use crate::common;

use common::Repo;
use serde_json::Value;

/// Notes in a folder no rule recognises.
const NOTES: &[(&str, &str)] = &[
    ("notes/2024/a.md", "# Kick-off\n\nWe met.\n"),
    ("notes/2024/b.md", "# Second\n\nWe met again.\n"),
    ("notes/2024/c.md", "# Third\n\nAnd again.\n"),
    ("README.md", "# Project\n"),
];

#[test]
fn no_records_is_said_by_check_build_and_export_with_the_line_to_add() {
    let repo = Repo::with(NOTES);
    let check = repo.run(&["check"]);
    assert_eq!(check.code, 0, "a warning only: {}", check.stderr);
    assert!(
        check.stderr.contains(
            "warning[few-records]: no records found among 4 Markdown files; `notes/2024` holds 3 of them"
        ),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("sources: [{path: notes/2024}]"),
        "{}",
        check.stderr
    );

    let export = repo.run(&["export"]);
    assert_eq!(export.code, 0);
    let model: Value = export.json();
    assert_eq!(model["records"].as_array().map(Vec::len), Some(0));
    assert!(export.stderr.contains("few-records"), "{}", export.stderr);

    let build = repo.run(&["build", "-o", "site"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(build.stderr.contains("few-records"), "{}", build.stderr);

    // Following the advice reads them.
    repo.write("shoshin.yaml", "sources:\n  - path: notes/2024\n");
    let export = repo.run(&["export"]);
    let model: Value = export.json();
    assert_eq!(
        model["records"].as_array().map(Vec::len),
        Some(3),
        "{}",
        export.stderr
    );
    assert!(!export.stderr.contains("few-records"), "{}", export.stderr);
}

#[test]
fn explain_formats_names_the_rule_that_found_each_folder_and_why_files_were_skipped() {
    let repo = Repo::with(&[
        (
            "rfcs/0001-auth/README.md",
            "# RFC-0001 Auth\n\n**Status:** implemented\n",
        ),
        ("rfcs/0001-auth/diagram-notes.md", "# Notes on the diagram\n"),
        (
            "rfcs/RFC-0000/README.md",
            "# RFC-NNNN Title\n\n**Status:** provisional\n",
        ),
        (
            "rfcs/2023-01-01-old.md",
            "This document has moved to [0001-auth](0001-auth/README.md).\n",
        ),
        ("rfcs/README.md", "# RFCs\n\n- [Auth](0001-auth/README.md)\n"),
    ]);
    let run = repo.run(&["check", "--explain-formats"]);
    let out = &run.stdout;
    assert!(
        out.contains("rfcs/0001-auth/README.md: adr-tools, decision RFC-0001"),
        "{out}"
    );
    assert!(
        out.contains("folder  rfcs  (line 1, a folder of records, by its name)"),
        "{out}"
    );
    for (file, reason) in [
        (
            "rfcs/0001-auth/diagram-notes.md",
            "a document attached to the record `rfcs/0001-auth`",
        ),
        (
            "rfcs/RFC-0000/README.md",
            "a template: its title is still a placeholder",
        ),
        ("rfcs/2023-01-01-old.md", "a redirect stub"),
        ("rfcs/README.md", "it describes the folder"),
    ] {
        let line = format!("{file}: skipped, not a record: {reason}");
        assert!(out.contains(&line), "missing {line:?} in\n{out}");
    }
    assert!(!run.stderr.contains("few-records"), "{}", run.stderr);
}

/// The codes of the diagnostics in a `check --format json` report.
fn codes_of(report: &Value) -> Vec<&str> {
    report["diagnostics"]
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect()
}

#[test]
fn dated_proposals_build_without_duplicate_ids() {
    let proposal = |title: &str| format!("# {title}\n\n* **Status:** accepted\n\n## Why\n\nBecause.\n");
    let (a, b, c) = (proposal("Use X"), proposal("Use Y"), proposal("Use Z"));
    let repo = Repo::with(&[
        ("proposals/2025-03-24-use-x.md", &a),
        ("proposals/2025-03-24-use-y.md", &b),
        ("proposals/2025-04-01-use-z.md", &c),
    ]);
    let run = repo.run(&["check", "--format", "json"]);
    let report: Value = run.json();
    let codes = codes_of(&report);
    assert!(!codes.contains(&"duplicate-id"), "{codes:?}");
    assert_eq!(report["summary"]["records"], 3, "{}", run.stdout);
    let build = repo.run(&["build", "-o", "site"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = repo.read("site/decisions/2025-03-24-use-y/index.html");
    assert!(page.contains("Use Y"), "{page}");
}

#[test]
fn goals_found_by_their_status_are_items_not_held_to_ticket_rules() {
    let goal = |title: &str| {
        format!("## {title}\n\n| Metadata | |\n|---|---|\n| Point of contact | @ana |\n| Status | Accepted |\n\n## Motivation\n\nThe status quo hurts every contributor who builds the compiler daily.\n")
    };
    let (a, b, c) = (goal("Async"), goal("Polonius"), goal("Cargo script"));
    let repo = Repo::with(&[
        ("src/2024h2/async.md", &a),
        ("src/2024h2/polonius.md", &b),
        ("src/2024h2/cargo.md", &c),
    ]);
    let run = repo.run(&["check", "--format", "json"]);
    let report: Value = run.json();
    assert_eq!(report["summary"]["records"], 3, "{}", run.stdout);
    let codes = codes_of(&report);
    assert!(!codes.contains(&"not-ready"), "{}", run.stdout);
    let export = repo.run(&["export"]);
    let model: Value = export.json();
    assert!(
        model["records"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["kind"] == "item"),
        "{}",
        export.stdout
    );
}
