//! `init`, `new` and `export` end to end.

use crate::common;
use common::Repo;

#[test]
fn init_scaffolds_a_repository_that_checks_and_builds() {
    let repo = Repo::new();
    let run = repo.run(&["init", "records"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("records/shoshin.yaml"), "{}", run.stdout);
    assert!(repo
        .root()
        .join("records/.github/workflows/shoshin.yml")
        .is_file());
    let check = repo.run(&["check", "records"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("3 records checked: 0 errors, 1 warning"),
        "{}",
        check.stderr
    );
    // The new folder is not a git repository yet.
    assert!(
        check.stderr.contains("warning[history-unavailable]"),
        "{}",
        check.stderr
    );
    assert_eq!(repo.run(&["build", "records"]).code, 0);
    assert!(repo
        .root()
        .join("records/public/items/ITEM-1/index.html")
        .is_file());
}

#[test]
fn new_takes_the_next_free_id_and_prints_the_path() {
    let repo = Repo::new();
    assert_eq!(repo.run(&["init"]).code, 0);
    let run = repo.run(&["new", "item", "Export", "invoices", "as", "CSV"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "items/ITEM-2-export-invoices-as-csv.md");
    let text = repo.read("items/ITEM-2-export-invoices-as-csv.md");
    assert!(
        text.contains("id: ITEM-2\ntitle: \"Export invoices as CSV\"\n"),
        "{text}"
    );
    let run = repo.run(&["new", "decision", "Use Postgres"]);
    assert_eq!(run.stdout.trim(), "decisions/ADR-0002-use-postgres.md");
    assert_eq!(repo.run(&["check"]).code, 0);
    assert_eq!(repo.run(&["new", "epic", "x"]).code, 2);
}

#[test]
fn export_prints_every_record_with_the_documented_keys() {
    let repo = Repo::with(&[
        (
            "items/PAY-1-a.md",
            "---\nstatus: ready\ndecisions: [ADR-1]\ncustom_key: kept\n---\n# A title\n",
        ),
        (
            "decisions/ADR-1.md",
            "---\nstatus: accepted\ndate: 2026-01-02\n---\n## Context\nx\n",
        ),
    ]);
    let run = repo.run(&["export"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = run.json();
    let records = value["records"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    let item = records.iter().find(|r| r["id"] == "PAY-1").unwrap();
    assert_eq!(item["kind"], "item");
    assert_eq!(item["title"], "A title");
    assert_eq!(item["status"], "ready");
    assert_eq!(item["file"], "items/PAY-1-a.md");
    assert_eq!(item["date"], serde_json::Value::Null);
    assert_eq!(item["decisions"], serde_json::json!(["ADR-1"]));
    assert_eq!(item["front_matter"]["custom_key"], "kept");
    let decision = records.iter().find(|r| r["id"] == "ADR-1").unwrap();
    assert_eq!(decision["date"], "2026-01-02");
    assert_eq!(decision["backlinks"][0]["id"], "PAY-1");
}
