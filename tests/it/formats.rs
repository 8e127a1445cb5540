//! Existing formats read in place: for each, a repository holding only that
//! format builds a site whose decision log (or backlog) shows what the files
//! say, supersession and dependencies included. The folders of the five
//! formats are fixtures (`tests/fixtures/adr-tools`, ...), each with how
//! `check --explain-formats` reads every file in `expected/`.

use crate::common;
use crate::fixture;
use common::Repo;
use serde_json::Value;

/// The `<li>` of the decision log that links to `id`.
fn log_entry(log: &str, id: &str) -> String {
    let marker = format!("<span class=\"rid\">{id}</span>");
    let at = log
        .find(&marker)
        .unwrap_or_else(|| panic!("{id} is not in the decision log:\n{log}"));
    let start = log[..at].rfind("<li").unwrap();
    let end = at + log[at..].find("</li>").unwrap();
    log[start..end].to_string()
}

fn export(repo: &Repo) -> Value {
    let run = repo.run(&["export"]);
    run.json()
}

fn record<'a>(model: &'a Value, id: &str) -> &'a Value {
    model["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no record {id}"))
}

fn codes(model: &Value) -> Vec<(String, String)> {
    model["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn build(repo: &Repo) -> String {
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    repo.read("public/decisions/index.html")
}

fn assert_logged(log: &str, id: &str, title: &str, date: &str, status: &str) {
    let entry = log_entry(log, id);
    assert!(entry.contains(title), "{id} has no title `{title}`: {entry}");
    assert!(
        entry.contains(&format!("datetime=\"{date}\"")),
        "{id} has no date {date}: {entry}"
    );
    // The badge shows the status as the file writes it (`Accepted`).
    assert!(
        entry
            .to_lowercase()
            .contains(&format!("badge-{status}\">{status}<")),
        "{id} is not {status}: {entry}"
    );
}

#[test]
fn an_adr_tools_folder_builds_a_decision_log_with_its_supersession() {
    let repo = fixture::repo("adr-tools");
    let explained = repo.run(&["check", "--explain-formats"]);
    fixture::assert_expected("adr-tools", "explain-formats.txt", &explained.stdout);
    let log = build(&repo);
    assert_logged(
        &log,
        "ADR-0001",
        "Record architecture decisions",
        "2016-02-12",
        "accepted",
    );
    assert_logged(&log, "ADR-0002", "Use Postgres", "2017-03-01", "superseded");
    assert_logged(&log, "ADR-0003", "Use CockroachDB", "2019-12-25", "accepted");
    let superseded = log_entry(&log, "ADR-0002");
    assert!(
        superseded.contains("superseded by") && superseded.contains("ADR-0003"),
        "{superseded}"
    );
    assert!(!log_entry(&log, "ADR-0001").contains("superseded by"));
    let model = export(&repo);
    assert_eq!(
        record(&model, "ADR-0002")["superseded_by"],
        serde_json::json!(["ADR-0003"])
    );
    assert_eq!(record(&model, "ADR-0003")["format"], "adr-tools");
    assert_eq!(
        model["records"].as_array().unwrap().len(),
        3,
        "README and template are not records"
    );
    let notes = codes(&model);
    assert!(
        notes.contains(&("format-note".into(), "doc/adr/README.md".into())),
        "{notes:?}"
    );
    assert!(
        notes.contains(&("format-note".into(), "doc/adr/template.md".into())),
        "{notes:?}"
    );
}

#[test]
fn the_folder_named_by_adr_dir_is_read() {
    let repo = Repo::with(&[
        (".adr-dir", "architecture/records\n"),
        (
            "architecture/records/0001-use-rust.md",
            "Use Rust\n========\n\nDate: 2020-01-02\n\nStatus\n------\n\n**Accepted.**\n",
        ),
    ]);
    let model = export(&repo);
    let rust = record(&model, "ADR-0001");
    assert_eq!(rust["title"], "Use Rust");
    assert_eq!(rust["status"], "accepted");
    assert_eq!(rust["date"], "2020-01-02");
}

#[test]
fn a_madr_2_folder_builds_a_decision_log_with_its_supersession() {
    let repo = fixture::repo("madr-2");
    let explained = repo.run(&["check", "--explain-formats"]);
    fixture::assert_expected("madr-2", "explain-formats.txt", &explained.stdout);
    let log = build(&repo);
    assert_logged(&log, "ADR-0001", "Use MADR", "2021-03-04", "accepted");
    assert_logged(&log, "ADR-0002", "Use REST", "2021-04-01", "superseded");
    assert_logged(&log, "ADR-0003", "Use gRPC", "2022-05-06", "accepted");
    assert!(log_entry(&log, "ADR-0002").contains("ADR-0003"));
    let model = export(&repo);
    assert_eq!(
        record(&model, "ADR-0001")["deciders"],
        serde_json::json!(["Ana", "Bo"])
    );
    assert_eq!(record(&model, "ADR-0001")["format"], "madr-2");
    assert_eq!(
        record(&model, "ADR-0003")["supersedes"],
        serde_json::json!(["ADR-0002"])
    );
    assert!(
        codes(&model).iter().all(|(code, _)| code != "supersede-mismatch"),
        "{:?}",
        codes(&model)
    );
}

#[test]
fn a_madr_4_folder_builds_a_decision_log_and_reports_placeholders() {
    let repo = fixture::repo("madr-4");
    let explained = repo.run(&["check", "--explain-formats"]);
    fixture::assert_expected("madr-4", "explain-formats.txt", &explained.stdout);
    let log = build(&repo);
    assert_logged(&log, "ADR-0001", "Use Postgres", "2024-01-02", "accepted");
    assert_logged(&log, "ADR-0002", "Use REST", "2024-02-03", "superseded");
    assert_logged(&log, "ADR-0003", "Use gRPC", "2024-03-04", "accepted");
    assert!(log_entry(&log, "ADR-0002").contains("ADR-0003"));
    let model = export(&repo);
    assert_eq!(
        record(&model, "ADR-0001")["deciders"],
        serde_json::json!(["Ana", "Bo"])
    );
    assert_eq!(record(&model, "ADR-0001")["consulted"], serde_json::json!(["Cy"]));
    assert_eq!(record(&model, "ADR-0001")["format"], "madr-4");
    assert_eq!(
        record(&model, "ADR-0003")["amends"],
        serde_json::json!(["ADR-0001"])
    );
    // Acceptance criterion 4: the placeholder is reported as such, not read as a status.
    let queue = record(&model, "ADR-0004");
    assert_eq!(queue["status"], Value::Null);
    let placeholder = model["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "format-placeholder")
        .expect("a format-placeholder diagnostic");
    assert_eq!(placeholder["file"], "docs/decisions/0004-pick-a-queue.md");
    assert_eq!(placeholder["line"], 2);
    assert!(placeholder["message"].as_str().unwrap().contains("placeholder"));
    assert!(record(&model, "ADR-0004")["superseded_by"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(model["records"].as_array().unwrap().len(), 4);
}

#[test]
fn a_log4brains_folder_builds_a_decision_log_with_its_supersession() {
    let repo = fixture::repo("log4brains");
    let explained = repo.run(&["check", "--explain-formats"]);
    fixture::assert_expected("log4brains", "explain-formats.txt", &explained.stdout);
    let log = build(&repo);
    assert_logged(
        &log,
        "20200101-use-markdown",
        "Use Markdown",
        "2020-01-01",
        "accepted",
    );
    assert_logged(
        &log,
        "20200202-number-the-adrs",
        "Number the ADRs",
        "2020-02-02",
        "superseded",
    );
    // No `Date:` line: the file name's date.
    assert_logged(&log, "20200303-use-slugs", "Use slugs", "2020-03-03", "accepted");
    assert!(log_entry(&log, "20200202-number-the-adrs").contains("20200303-use-slugs"));
    let model = export(&repo);
    assert_eq!(
        record(&model, "20200101-use-markdown")["tags"],
        serde_json::json!(["docs", "process"])
    );
    assert_eq!(record(&model, "20200101-use-markdown")["format"], "log4brains");
    assert_eq!(model["records"].as_array().unwrap().len(), 3);
}

#[test]
fn a_backlog_md_folder_gives_items_whose_dependencies_join_the_index() {
    let repo = fixture::repo("backlog-md");
    let explained = repo.run(&["check", "--explain-formats"]);
    fixture::assert_expected("backlog-md", "explain-formats.txt", &explained.stdout);
    let model = export(&repo);
    let export_task = record(&model, "SHOP-2");
    assert_eq!(export_task["kind"], "item");
    assert_eq!(export_task["status"], "to do", "the board's word, whole");
    assert_eq!(export_task["status_category"], "open");
    assert_eq!(export_task["owner"], "bo");
    assert_eq!(export_task["priority"], 2);
    assert_eq!(export_task["date"], "2025-06-02");
    assert_eq!(export_task["depends_on"], serde_json::json!(["SHOP-1", "SHOP-3"]));
    let criteria = export_task["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "acceptance_criteria")
        .expect("acceptance criteria read");
    assert_eq!(criteria["tasks"][0]["text"], "A CSV with one line per order");
    assert_eq!(criteria["tasks"][1]["done"], true);
    // The dependencies resolve in the index: the depended-on items know their dependant.
    let backlinks = record(&model, "SHOP-1")["backlinks"].as_array().unwrap().clone();
    assert!(
        backlinks
            .iter()
            .any(|b| b["id"] == "SHOP-2" && b["relation"] == "depends_on"),
        "{backlinks:?}"
    );
    assert_eq!(record(&model, "SHOP-1")["status"], "done");
    assert_eq!(record(&model, "SHOP-1")["owner"], "ana");
    assert_eq!(record(&model, "SHOP-1")["priority"], 1);
    // `Review` is nowhere in shoshin's vocabulary: its place on the board makes it active.
    assert_eq!(record(&model, "SHOP-3")["status_category"], "active");
    assert_eq!(record(&model, "SHOP-3")["parent"], "SHOP-1");
    assert_eq!(record(&model, "DRAFT-1")["status"], "draft");
    assert_eq!(record(&model, "decision-1")["kind"], "decision");
    assert_eq!(
        model["records"].as_array().unwrap().len(),
        5,
        "docs and READMEs are not records"
    );
    let found = codes(&model);
    assert!(
        found
            .iter()
            .all(|(code, _)| code != "broken-reference" && code != "parse-error"),
        "{found:?}"
    );

    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = repo.read("public/items/SHOP-2/index.html");
    let depends = &page[page.find("sec-depends-on").expect("a Depends on section")..];
    assert!(
        depends.contains("SHOP-1") && depends.contains("SHOP-3"),
        "{depends}"
    );
}

#[test]
fn explain_formats_lists_each_file_with_its_format_and_fields() {
    let repo = Repo::with(&[
        (
            "doc/adr/0001-use-rust.md",
            "# 1. Use Rust\n\nDate: 2020-01-02\n\n## Status\n\n✅ Accepted\n",
        ),
        ("doc/adr/README.md", "# ADRs\n"),
        ("items/PAY-1.md", "---\nstatus: draft\n---\n# Export\n"),
    ]);
    let run = repo.run(&["check", "--explain-formats"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.stdout;
    assert!(
        out.contains("doc/adr/0001-use-rust.md: adr-tools, decision ADR-0001"),
        "{out}"
    );
    assert!(
        out.contains("status  accepted  (line 7, `## Status` section: `✅ Accepted`)"),
        "{out}"
    );
    assert!(out.contains("date    2020-01-02  (line 3, `Date:` line"), "{out}");
    assert!(out.contains("doc/adr/README.md: skipped, not a record"), "{out}");
    assert!(out.contains("items/PAY-1.md: native, item PAY-1"), "{out}");

    let run = repo.run(&["check", "--explain-formats", "--format", "json"]);
    let value: Value = run.json();
    let formats = value["formats"].as_array().unwrap();
    assert_eq!(formats[0]["format"], "adr-tools");
    assert_eq!(formats[0]["fields"][0]["field"], "title");
    assert_eq!(value["summary"]["records"], 2);
}

#[test]
fn a_declared_source_forces_its_format_kind_and_prefix() {
    let repo = Repo::with(&[
        (
            "shoshin.yaml",
            "sources:\n  - path: records/choices\n    format: madr-2\n    prefix: DEC\n",
        ),
        (
            "records/choices/0007-use-kafka.md",
            "# Use Kafka\n\n* Status: proposed\n* Date: 2023-01-01\n",
        ),
    ]);
    let model = export(&repo);
    let kafka = record(&model, "DEC-0007");
    assert_eq!(kafka["format"], "madr-2");
    assert_eq!(kafka["kind"], "decision");
    assert_eq!(kafka["status"], "proposed");
}

#[test]
fn an_unknown_source_format_is_a_configuration_error_with_a_suggestion() {
    let repo = Repo::with(&[(
        "shoshin.yaml",
        "sources:\n  - path: doc/adr\n    formt: adr-tools\n",
    )]);
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `format`?"), "{}", run.stderr);
}

#[test]
fn a_madr_3_record_reads_its_deciders_and_the_status_relation() {
    let repo = Repo::with(&[
        (
            "docs/decisions/0001-use-kafka.md",
            "---\nstatus: Deprecated\ndate: 2022-07-08\ndeciders: Ana, Bo\ninformed: [Cy]\n---\n# Use Kafka\n\n## Context and Problem Statement\n\nEvents.\n",
        ),
        (
            "docs/decisions/0002-use-nats.md",
            "---\nstatus: proposed\ndeciders: [Ana]\n---\n# Use NATS\n\n## Context and Problem Statement\n\nFewer moving parts.\n",
        ),
    ]);
    let model = export(&repo);
    let kafka = record(&model, "ADR-0001");
    assert_eq!(kafka["format"], "madr-3");
    assert_eq!(kafka["status"], "deprecated");
    assert_eq!(kafka["deciders"], serde_json::json!(["Ana", "Bo"]));
    assert_eq!(kafka["informed"], serde_json::json!(["Cy"]));
    assert_eq!(record(&model, "ADR-0002")["status_category"], "proposed");
}

#[test]
fn a_status_synonym_keeps_its_word_and_gets_its_category() {
    let repo = Repo::with(&[(
        "doc/adr/0001-use-rust.md",
        "# 1. Use Rust\n\n## Status\n\nApproved\n\n## Context\n\nSpeed.\n",
    )]);
    let model = export(&repo);
    let adr = record(&model, "ADR-0001");
    assert_eq!(adr["status"], "approved");
    assert_eq!(adr["status_category"], "accepted");
    let about_status: Vec<_> = model["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap_or("").contains("status"))
        .collect();
    assert!(
        about_status.is_empty(),
        "a synonym is no problem: {about_status:?}"
    );
}

#[test]
fn a_hidden_dot_backlog_folder_is_read_too() {
    let repo = Repo::with(&[
        ("README.md", "# Shop\n"),
        (
            ".backlog/tasks/task-1 - Ship-it.md",
            "---\nid: task-1\ntitle: Ship it\nstatus: In Progress\n---\n",
        ),
    ]);
    let model = export(&repo);
    assert_eq!(record(&model, "TASK-1")["status"], "in progress");
    assert_eq!(record(&model, "TASK-1")["status_category"], "active");
    assert_eq!(
        record(&model, "TASK-1")["file"],
        ".backlog/tasks/task-1 - Ship-it.md"
    );
}

#[test]
fn backlog_md_dependencies_feed_readiness() {
    let repo = Repo::with(&[
        ("backlog/config.yml", "project_name: \"Shop\"\nstatuses: [\"To Do\", \"In Progress\", \"Done\"]\ntask_prefix: \"shop\"\n"),
        ("backlog/tasks/shop-1 - Schema.md", "---\nid: SHOP-1\ntitle: Schema\nstatus: To Do\n---\n"),
        ("backlog/tasks/shop-2 - Done-thing.md", "---\nid: SHOP-2\ntitle: Done thing\nstatus: Done\n---\n"),
        (
            "backlog/tasks/shop-3 - Export.md",
            "---\nid: SHOP-3\ntitle: Export\nstatus: To Do\nassignee: [\"@bo\"]\ndependencies: [shop-1]\n---\n## Description\n\nFinance wants a CSV of every order of the month, to reconcile it with the bank.\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [ ] #1 One line per order\n<!-- AC:END -->\n",
        ),
        (
            "backlog/tasks/shop-4 - Import.md",
            "---\nid: SHOP-4\ntitle: Import\nstatus: To Do\nassignee: [\"@bo\"]\ndependencies: [shop-2]\n---\n## Description\n\nFinance wants to import the bank's statement of every month, to reconcile.\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [ ] #1 One line per booking\n<!-- AC:END -->\n",
        ),
    ]);
    let model = export(&repo);
    assert_eq!(record(&model, "SHOP-3")["readiness"]["verdict"], "blocked");
    assert_ne!(record(&model, "SHOP-4")["readiness"]["verdict"], "blocked");
    let check = repo.run(&["check"]);
    assert!(
        check.stderr.contains("blocked: depends on SHOP-1"),
        "{}",
        check.stderr
    );
}
