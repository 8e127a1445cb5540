//! `shoshin diff`: two commits of a repository built here with `git` (fixed
//! authors and dates) that change a status, a readiness verdict and a
//! supersession, and introduce one broken reference while fixing another;
//! the report in its three formats is compared with
//! `tests/fixtures/diff/expected/` (`SHOSHIN_BLESS=1` rewrites them).

use crate::common::Repo;
use crate::fixture;

const WHY: &str = "## Why\nFinance reconciles invoices in spreadsheets every month, by hand.\n";
const CRITERIA: &str = "## Acceptance criteria\n- [ ] A CSV download of the month's invoices\n";

fn item(id: &str, title: &str, status: &str, extra: &str, body: &str) -> String {
    format!("---\nid: {id}\ntitle: {title}\nstatus: {status}\nestimate: 3\nowner: ana\n{extra}---\n{body}")
}

fn decision(id: &str, title: &str, status: &str, extra: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {title}\nstatus: {status}\n{extra}---\n## Context\nInvoices need a store that keeps every cent.\n"
    )
}

/// `main` with the records before the change, and branch `feature` with
/// the change committed on top.
fn story() -> Repo {
    let repo = Repo::new();
    repo.git_init();
    repo.write(
        "items/PAY-1-export-invoices.md",
        &item("PAY-1", "Export invoices", "refining", "", WHY),
    );
    repo.write(
        "items/PAY-2-archive-invoices.md",
        &item(
            "PAY-2",
            "Archive invoices",
            "ready",
            "decisions: [ADR-9]\n",
            &format!("{WHY}{CRITERIA}"),
        ),
    );
    repo.write(
        "decisions/ADR-1-use-postgres.md",
        &decision("ADR-1", "Use Postgres", "accepted", ""),
    );
    repo.write(
        "decisions/ADR-2-use-kafka.md",
        &decision("ADR-2", "Use Kafka", "proposed", ""),
    );
    repo.commit("ana", "2026-03-02", "Records before the change");
    repo.git(&["checkout", "-q", "-b", "feature"], "ana", "2026-03-03");
    // A status change and a verdict: PAY-1 gets its criteria and is ready.
    repo.write(
        "items/PAY-1-export-invoices.md",
        &item(
            "PAY-1",
            "Export invoices",
            "ready",
            "",
            &format!("{WHY}{CRITERIA}"),
        ),
    );
    // A broken reference fixed.
    repo.replace("items/PAY-2-archive-invoices.md", "[ADR-9]", "[ADR-3]");
    // A supersession, a rejection, a rename and a retitle.
    repo.write(
        "decisions/ADR-3-use-cockroach.md",
        &decision("ADR-3", "Use CockroachDB", "accepted", "supersedes: [ADR-1]\n"),
    );
    std::fs::remove_file(repo.root().join("decisions/ADR-2-use-kafka.md")).unwrap();
    repo.write(
        "decisions/ADR-2-kafka-for-events.md",
        &decision("ADR-2", "Kafka for events", "rejected", ""),
    );
    // A broken reference introduced.
    repo.write(
        "items/PAY-3-refund-invoices.md",
        &item(
            "PAY-3",
            "Refund invoices",
            "refining",
            "depends_on: [PAY-99]\n",
            &format!("{WHY}{CRITERIA}"),
        ),
    );
    repo.commit("bo", "2026-03-04", "Move to CockroachDB, export ready");
    repo
}

#[test]
fn the_change_between_two_commits_in_three_formats() {
    let repo = story();
    for (format, file) in [
        ("human", "diff.txt"),
        ("markdown", "diff.md"),
        ("json", "diff.json"),
    ] {
        let run = repo.run(&["diff", "main", "feature", "--format", format]);
        assert_eq!(run.code, 0, "{format}: {}{}", run.stdout, run.stderr);
        fixture::assert_expected("diff", file, &run.stdout);
    }
    let run = repo.run(&["diff", "main", "feature", "--format", "json"]);
    let json: serde_json::Value = run.json();
    let statuses: Vec<String> = json["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{} {} {}", s["id"], s["from"], s["to"]))
        .collect();
    assert!(
        statuses.contains(&r#""PAY-1" "refining" "ready""#.to_string()),
        "{statuses:?}"
    );
    let readiness = &json["readiness"];
    assert!(
        readiness
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "PAY-1" && r["from"] == "not-ready" && r["to"] == "ready"),
        "{readiness}"
    );
    let decisions = json["decisions"].as_array().unwrap();
    assert!(
        decisions
            .iter()
            .any(|d| d["id"] == "ADR-1" && d["to"] == "superseded" && d["superseded_by"][0] == "ADR-3"),
        "{decisions:?}"
    );
    assert!(decisions
        .iter()
        .any(|d| d["id"] == "ADR-2" && d["to"] == "rejected"));
    assert_eq!(json["renamed"][0]["to"], "decisions/ADR-2-kafka-for-events.md");
    assert_eq!(json["retitled"][0]["to"], "Kafka for events");
    let introduced = json["introduced"].as_array().unwrap();
    assert!(
        introduced
            .iter()
            .any(|p| p["code"] == "broken-reference" && p["record"] == "PAY-3"),
        "{introduced:?}"
    );
    let resolved = json["resolved"].as_array().unwrap();
    assert!(
        resolved
            .iter()
            .any(|p| p["code"] == "broken-reference" && p["record"] == "PAY-2"),
        "{resolved:?}"
    );
}

#[test]
fn by_default_the_working_tree_is_compared_with_the_merge_base() {
    let repo = story();
    // Uncommitted on top of `feature`: one more status change.
    repo.replace(
        "decisions/ADR-3-use-cockroach.md",
        "status: accepted",
        "status: proposed",
    );
    let run = repo.run(&["diff"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("main (merge base "), "{}", run.stdout);
    assert!(
        run.stdout.lines().next().unwrap().ends_with("→ working tree"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("PAY-1 Export invoices: refining → ready"),
        "{}",
        run.stdout
    );
    // ADR-3 is new and only proposed now: it supersedes nothing in force.
    assert!(
        run.stdout
            .contains("+ ADR-3 Use CockroachDB (decision, proposed)"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("ADR-1 Use Postgres: accepted → superseded"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unchanged_tree_reports_nothing_and_new_errors_can_fail() {
    let repo = story();
    let run = repo.run(&["diff", "feature", "feature"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("No change to the records."), "{}", run.stdout);
    let run = repo.run(&["diff", "main", "feature", "--fail-on-new-errors"]);
    assert_eq!(
        run.code, 1,
        "PAY-3's broken reference is a new error: {}",
        run.stdout
    );
    let run = repo.run(&["diff", "feature", "main", "--fail-on-new-errors"]);
    assert_eq!(run.code, 1, "going back brings PAY-2's broken reference back");
}

#[test]
fn bad_revisions_and_folders_outside_git_are_usage_errors() {
    let repo = story();
    let run = repo.run(&["diff", "no-such-branch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`no-such-branch` names no commit"),
        "{}",
        run.stderr
    );
    let plain = Repo::with(&[("items/PAY-1.md", "---\nid: PAY-1\n---\n")]);
    let run = plain.run(&["diff"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not inside a git repository"),
        "{}",
        run.stderr
    );
}

#[test]
fn long_markdown_lists_fold_into_details() {
    let repo = Repo::new();
    repo.git_init();
    repo.write("items/PAY-1-a.md", &item("PAY-1", "A", "refining", "", WHY));
    repo.commit("ana", "2026-03-02", "One item");
    for n in 2..14 {
        repo.write(
            &format!("items/PAY-{n}-x.md"),
            &item(&format!("PAY-{n}"), "More | pipes <b>", "refining", "", WHY),
        );
    }
    let run = repo.run(&["diff", "--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("<details><summary>Show all 12</summary>"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("More \\| pipes &lt;b&gt;"), "{}", run.stdout);
}

#[test]
fn a_records_root_inside_a_code_repository_is_compared_on_its_own() {
    let repo = Repo::new();
    repo.git_init();
    repo.write("src/main.rs", "fn main() {}\n");
    repo.write(
        "docs/records/decisions/ADR-1-use-postgres.md",
        &decision("ADR-1", "Use Postgres", "proposed", ""),
    );
    repo.write("docs/records/node_modules/x/README.md", "not read\n");
    repo.commit("ana", "2026-03-02", "Code and a decision");
    repo.replace(
        "docs/records/decisions/ADR-1-use-postgres.md",
        "status: proposed",
        "status: accepted",
    );
    let run = repo.run(&["diff", "--root", "docs/records"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("ADR-1 Use Postgres: proposed → accepted"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("src/main.rs"), "{}", run.stdout);
    assert_eq!(run.stdout.matches("Statuses:").count(), 1, "{}", run.stdout);
}
