//! `shoshin check` end to end: diagnostics, formats and exit codes.

use crate::common;
use crate::fixture;
use common::Repo;

/// The broken-reference fixture, committed to git (so that history is there
/// and adds no warning).
fn broken_reference_repo() -> Repo {
    let repo = fixture::repo("broken-reference");
    repo.git_init();
    repo.commit("ana", "2026-01-05", "Records");
    repo
}

#[test]
fn a_broken_reference_is_an_error_with_place_and_suggestion() {
    let repo = broken_reference_repo();
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    fixture::assert_expected("broken-reference", "check.txt", &run.stderr);
}

#[test]
fn json_output_is_the_documented_object() {
    let repo = broken_reference_repo();
    let run = repo.run(&["check", ".", "--format", "json"]);
    assert_eq!(run.code, 1);
    let value: serde_json::Value = run.json();
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["diagnostics", "summary"]);
    fixture::assert_expected("broken-reference", "check.json", &run.stdout);
}

#[test]
fn github_output_is_workflow_commands() {
    let repo = broken_reference_repo();
    let run = repo.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    fixture::assert_expected("broken-reference", "check-github.txt", &run.stdout);
}

#[test]
fn malformed_yaml_is_located_and_every_other_record_is_still_checked() {
    let repo = fixture::repo("malformed-yaml");
    fixture::assert_expected("malformed-yaml", "check.txt", &repo.run(&["check"]).stderr);
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let value: serde_json::Value = run.json();
    let found: Vec<(String, String, u64)> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().into(),
                d["file"].as_str().unwrap().into(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found[0].0, "parse-error");
    assert_eq!(found[0].1, "items/PAY-1.md");
    assert!(found[0].2 >= 3, "{found:?}");
    assert!(value["diagnostics"][0]["column"].as_u64().unwrap() >= 1);
    assert!(
        found.contains(&("broken-reference".into(), "items/PAY-2.md".into(), 3)),
        "{found:?}"
    );
    assert!(
        found.contains(&("unknown-status".into(), "items/PAY-3.md".into(), 3)),
        "{found:?}"
    );
}

#[test]
fn warnings_pass_unless_denied() {
    let repo = Repo::with(&[(
        "decisions/ADR-1.md",
        "---\nstatus: accepted\n---\nNo context here.\n",
    )]);
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning[missing-rationale]"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.run(&["check", "--deny-warnings"]).code, 1);
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let repo = Repo::with(&[("shoshin.yaml", "tittle: Our records\n")]);
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown field `tittle`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `title`?"), "{}", run.stderr);
    assert_eq!(repo.run(&["check", "--format", "xml"]).code, 2);
    assert_eq!(repo.run(&["check", "no-such-folder"]).code, 2);
}

#[test]
fn supersession_mismatch_and_cycle_are_reported() {
    let repo = fixture::repo("supersession");
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 1);
    fixture::assert_expected("supersession", "check.txt", &run.stderr);
}

#[test]
fn the_example_site_checks_with_its_deliberate_warnings_only() {
    let run = common::shoshin(
        &common::project_dir(),
        &["check", "example-site", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let value: serde_json::Value = run.json();
    let mut codes: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        // Whether git history is at hand depends on how shoshin itself was
        // cloned (a shallow clone has none), not on the example site.
        .filter(|&code| code != "history-unavailable")
        .collect();
    codes.sort();
    // The readiness warnings are deliberate too: the blocked chain PAY-129 ←
    // PAY-130 ← PAY-131, PAY-118 waiting for PAY-117, and PAY-129's open
    // question that nobody owns.
    assert_eq!(
        codes,
        vec![
            "cites-retired-decision",
            "depends-on-unready",
            "depends-on-unready",
            "depends-on-unready",
            "missing-rationale",
            "review-due",
            "session-overloaded",
            "stale-decision-link",
            "unowned-question"
        ]
    );
    assert_eq!(value["summary"]["errors"], 0);
    assert!(value["summary"]["records"].as_u64().unwrap() >= 48);
}

#[test]
fn a_link_to_a_folder_of_the_repository_is_not_broken_but_a_missing_one_is() {
    let repo = Repo::with(&[
        (
            "items/PAY-1-export.md",
            "---\nid: PAY-1\ntitle: Export\nstatus: refining\n---\n## Why\nSee [the ledger](../decisions/0007-ledger/), [the docs](../docs) and [old notes](../notes/).\n",
        ),
        (
            "decisions/0007-ledger/README.md",
            "---\nid: ADR-7\ntitle: Ledger\nstatus: accepted\n---\n## Context\nWe need a ledger.\n",
        ),
        ("docs/guide.txt", "How to."),
    ]);
    repo.git_init();
    repo.commit("ana", "2026-01-05", "Records");
    let run = repo.run(&["check", "--format", "json"]);
    let value: serde_json::Value = run.json();
    let links: Vec<(&str, u64)> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "broken-link")
        .map(|d| (d["message"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(links.len(), 1, "{}", run.stdout);
    assert!(
        links[0].0.starts_with("link to `../notes/`: no such file"),
        "{links:?}"
    );
    assert_eq!(links[0].1, 7);
    repo.write("notes/a.txt", "x");
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = repo.read("public/items/PAY-1/index.html");
    assert!(
        page.contains(r#"<a href="../../decisions/ADR-7/index.html">the ledger</a>"#),
        "the folder's README is a record: its page"
    );
    assert!(page.contains(r#"<span class="folder-link" title="a folder of the repository">the docs</span>"#));
}

#[test]
fn shortcodes_and_mdx_get_one_note_per_file_naming_what_was_left_out() {
    let repo = Repo::with(&[(
        "items/PAY-1-export.md",
        "---\nid: PAY-1\ntitle: Export\nstatus: refining\n---\nimport Tabs from '@theme/Tabs';\n\n## Why\nSee {{< figure src=\"a.png\" >}} and {% include x.html %}.\n\n<Chart data={[1]} />\n<Tabs />\n\n```\n{{< not-this >}}\n```\n",
    )]);
    repo.git_init();
    repo.commit("ana", "2026-01-05", "Records");
    let run = repo.run(&["check", "--format", "json"]);
    let value: serde_json::Value = run.json();
    let notes: Vec<&serde_json::Value> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "format-note")
        .collect();
    assert_eq!(notes.len(), 1, "{}", run.stdout);
    let note = notes[0];
    assert_eq!(note["severity"], "info");
    assert_eq!(note["file"], "items/PAY-1-export.md");
    assert_eq!(note["line"], 6);
    let message = note["message"].as_str().unwrap();
    assert!(
        message.starts_with("left out of the site, as another tool's markup: MDX import `import Tabs from '@theme/Tabs';` (line 6), Hugo shortcode `{{< figure src=\"a.png\" >}}` (line 9), Liquid tag `{% include x.html %}` (line 9), 2 more;"),
        "{message}"
    );
}
