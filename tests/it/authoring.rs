//! Authoring mistakes caught: a typo in a front-matter key, text left from
//! the templates of `shoshin new`, a tab in front matter, and carets that
//! point at the value at fault. Each test writes a record and reads the
//! diagnostic's code, line and column from `check --format json`.

use crate::common::{project_dir, Repo};
use serde_json::Value;

/// The one diagnostic of `code`, as (line, column, message).
fn one(diagnostics: &[Value], code: &str) -> (u64, u64, String) {
    let found: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == code).collect();
    assert_eq!(found.len(), 1, "{code}: {diagnostics:#?}");
    let d = found[0];
    (
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
        d["message"].as_str().unwrap().to_string(),
    )
}

#[test]
fn a_key_one_letter_from_a_known_one_is_an_unknown_field() {
    let repo = Repo::with(&[(
        "items/PAY-1-a.md",
        "---\nid: PAY-1\nstauts: ready\nowner: ana\nauthor: someone\njira_key: X-1\n---\n\n## Why\n\nText.\n",
    )]);
    let diagnostics = repo.diagnostics();
    let (line, column, message) = one(&diagnostics, "unknown-field");
    assert_eq!((line, column), (3, 1));
    assert!(
        message.starts_with("unknown field `stauts`: did you mean `status`?"),
        "{message}"
    );
    let d = diagnostics.iter().find(|d| d["code"] == "unknown-field").unwrap();
    assert_eq!(d["severity"], "warning");

    let repo = Repo::with(&[(
        "items/PAY-1-a.md",
        "---\nid: PAY-1\nstatus: ready\nownr: ana\n---\n",
    )]);
    let (line, column, message) = one(&repo.diagnostics(), "unknown-field");
    assert_eq!((line, column), (4, 1));
    assert!(message.contains("did you mean `owner`?"), "{message}");
}

#[test]
fn an_item_straight_from_new_item_is_not_ready() {
    let repo = Repo::new();
    assert_eq!(repo.run(&["init", "."]).code, 0);
    let run = repo.run(&["new", "item", "Export invoices"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = run.stdout.trim().to_string();
    // Everything a template cannot know filled in: status, estimate, owner.
    repo.replace(&file, "status: draft", "status: ready");
    repo.replace(&file, "estimate:\n", "estimate: 3\n");
    repo.replace(&file, "owner:\n", "owner: ana\n");
    let diagnostics = repo.diagnostics();
    let (line, column, message) = one(&diagnostics, "not-ready");
    assert_eq!((line, column), (5, 9));
    assert!(message.contains("Why, Acceptance criteria"), "{message}");

    let run = repo.run(&["export"]);
    let model: Value = run.json();
    let item = model["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title"] == "Export invoices")
        .unwrap();
    assert_eq!(item["readiness"]["verdict"], "not-ready");
    let rule = |name: &str| {
        item["readiness"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(rule("why")["passed"], false);
    assert!(rule("why")["message"]
        .as_str()
        .unwrap()
        .contains("template's question"));
    assert_eq!(rule("acceptance_criteria")["passed"], false);
    assert!(rule("acceptance_criteria")["message"]
        .as_str()
        .unwrap()
        .contains("empty entries"));
    // The empty `- [ ]` under Open questions is no question at all.
    assert_eq!(rule("open_questions")["passed"], true);
    assert!(
        !diagnostics.iter().any(|d| d["code"] == "unowned-question"),
        "{diagnostics:#?}"
    );

    // Written in: ready.
    repo.replace(
        &file,
        "Who needs this, and what problem does it solve for them?",
        "Accountants import our invoices by hand every month, which costs support four hours a week.",
    );
    repo.replace(
        &file,
        "## Acceptance criteria\n\n- [ ] \n",
        "## Acceptance criteria\n\n- [ ] A CSV of the filter\n",
    );
    assert!(!repo.diagnostics().iter().any(|d| d["code"] == "not-ready"));
}

#[test]
fn a_decision_with_the_template_context_has_no_rationale() {
    let repo = Repo::new();
    assert_eq!(repo.run(&["init", "."]).code, 0);
    let run = repo.run(&["new", "decision", "Use Postgres"]);
    let file = run.stdout.trim().to_string();
    repo.replace(&file, "status: proposed", "status: accepted");
    let (line, column, message) = one(&repo.diagnostics(), "missing-rationale");
    assert_eq!((line, column), (4, 9));
    assert!(message.contains("says nothing about why"), "{message}");
}

#[test]
fn the_template_sentences_are_the_templates() {
    for (key, text) in shoshin::readiness::rules::TEMPLATE_TEXT {
        let found = ["new-item.md", "new-decision.md"].iter().any(|t| {
            std::fs::read_to_string(project_dir().join("templates").join(t))
                .unwrap()
                .contains(text)
        });
        assert!(found, "{key}: “{text}” is in no template of `shoshin new`");
    }
}

#[test]
fn a_tab_in_front_matter_is_named_at_its_column() {
    let repo = Repo::with(&[(
        "items/PAY-1-a.md",
        "---\nid: PAY-1\nstatus: ready\ntags:\n  - a\n \t- b\n---\n\n## Why\n\nText.\n",
    )]);
    let (line, column, message) = one(&repo.diagnostics(), "parse-error");
    assert_eq!((line, column), (6, 2));
    assert!(
        message.starts_with("a tab in the front matter (line 6, column 2)"),
        "{message}"
    );
    let run = repo.run(&["check"]);
    assert!(
        run.stderr.contains("replace the tab with spaces"),
        "{}",
        run.stderr
    );
}

#[test]
fn carets_point_at_the_value_not_the_key() {
    let repo = Repo::with(&[
        (
            "items/PAY-1-a.md",
            "---\nid: PAY-1\nstatus: ready\npriority:   high\nestimate: huge\ndate: someday\n---\n",
        ),
        (
            "sessions/2026-01-05-s.md",
            "---\ndate: 2026-01-05\nduration:  240\n---\n",
        ),
    ]);
    let diagnostics = repo.diagnostics();
    let at = |needle: &str| {
        let d = diagnostics
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("{needle}: {diagnostics:#?}"));
        (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
    };
    assert_eq!(at("`priority` should be a whole number"), (4, 13));
    assert_eq!(at("`estimate` should be story points"), (5, 11));
    assert_eq!(at("`date` is not a date"), (6, 7));
    let (line, column, _) = one(&diagnostics, "session-too-long");
    assert_eq!((line, column), (3, 12));
}
