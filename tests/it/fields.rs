//! Fields read right, whatever the style, and no false diagnostic on the
//! way: one small folder per kind of mistake the readers used to make.

use crate::common;
use common::Repo;
use serde_json::Value;

fn export(repo: &Repo) -> Value {
    let run = repo.run(&["export"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

fn record<'a>(model: &'a Value, file: &str) -> &'a Value {
    model["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["file"] == file)
        .unwrap_or_else(|| panic!("{file} is not a record: {}", model["records"]))
}

fn diagnostics<'a>(model: &'a Value, code: &str) -> Vec<&'a Value> {
    model["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

#[test]
fn accepted_in_any_case_is_no_unknown_status() {
    let repo = Repo::with(&[
        (
            "decisions/ADR-1-use-x.md",
            "---\nstatus: Accepted\n---\n# Use X\n\n## Context\n\nBecause.\n",
        ),
        (
            "decisions/ADR-2-use-y.md",
            "---\nstatus: \"**Approved**\"\n---\n# Use Y\n\n## Context\n\nBecause.\n",
        ),
        ("items/PAY-1-x.md", "---\nstatus: In Progress\n---\n# X\n"),
        ("decisions/ADR-3-use-z.md", "---\nstatus: acepted\n---\n# Use Z\n"),
    ]);
    let model = export(&repo);
    let one = record(&model, "decisions/ADR-1-use-x.md");
    assert_eq!(
        (one["status"].as_str(), one["status_category"].as_str()),
        (Some("Accepted"), Some("accepted"))
    );
    assert_eq!(
        record(&model, "decisions/ADR-2-use-y.md")["status_category"],
        "accepted"
    );
    assert_eq!(record(&model, "items/PAY-1-x.md")["status_category"], "active");
    let unknown = diagnostics(&model, "unknown-status");
    assert_eq!(unknown.len(), 1, "only the misspelt one: {unknown:?}");
    assert_eq!(unknown[0]["file"], "decisions/ADR-3-use-z.md");
}

#[test]
fn multi_word_statuses_stay_whole_with_their_category() {
    let repo = Repo::with(&[
        (
            "docs/adr/0001-use-x.md",
            "# 1. Use X\n\n* Status: `Proof-of-concept implemented`\n* Date: 2021-02-03\n",
        ),
        (
            "docs/adr/0002-use-y.md",
            "# 2. Use Y\n\n**Status:** implemented (partially)\n\n## Context\n\nY.\n",
        ),
        (
            "docs/adr/0003-use-z.md",
            "# 3. Use Z\n\n| Metadata | Value |\n|---|---|\n| Date | 2020-04-30 |\n| Status | Partially Implemented |\n",
        ),
    ]);
    let model = export(&repo);
    for (file, status) in [
        ("docs/adr/0001-use-x.md", "proof-of-concept implemented"),
        ("docs/adr/0002-use-y.md", "implemented (partially)"),
        ("docs/adr/0003-use-z.md", "partially implemented"),
    ] {
        let r = record(&model, file);
        assert_eq!(r["status"], status, "{file}");
        assert_eq!(r["status_category"], "accepted", "{file}");
    }
    assert_eq!(record(&model, "docs/adr/0003-use-z.md")["date"], "2020-04-30");
    assert!(
        diagnostics(&model, "format-oddity").is_empty(),
        "{}",
        model["diagnostics"]
    );
}

#[test]
fn doubtful_dates_are_reported_never_guessed() {
    let repo = Repo::with(&[
        (
            "docs/adr/0001-a.md",
            "# 1. A\n\n* Status: accepted\n* Date: 12-09-2023\n",
        ),
        (
            "docs/adr/0002-b.md",
            "# 2. B\n\n* Status: accepted\n* Date: 10-05-01\n",
        ),
        (
            "docs/adr/0003-c.md",
            "# 3. C\n\n* Status: accepted\n* Date: 2023-31-07\n",
        ),
        (
            "docs/adr/0004-d.md",
            "# 4. D\n\n* Status: accepted\n* Date: 25/12/2019\n",
        ),
        (
            "decisions/ADR-5-e.md",
            "---\nstatus: accepted\ndate: 26-05-01\n---\n# E\n",
        ),
    ]);
    let model = export(&repo);
    for file in ["docs/adr/0001-a.md", "docs/adr/0002-b.md", "docs/adr/0003-c.md"] {
        assert_eq!(record(&model, file)["date"], Value::Null, "{file}");
        let said = diagnostics(&model, "format-oddity")
            .into_iter()
            .any(|d| d["file"] == file && d["message"].as_str().unwrap().contains("no date"));
        assert!(said, "{file}: {}", model["diagnostics"]);
    }
    assert_eq!(record(&model, "docs/adr/0004-d.md")["date"], "2019-12-25");
    // A native record's two-digit year is no year 26.
    assert_eq!(record(&model, "decisions/ADR-5-e.md")["date"], Value::Null);
    assert!(diagnostics(&model, "invalid-field")
        .iter()
        .any(|d| d["file"] == "decisions/ADR-5-e.md"));
}

#[test]
fn dates_come_from_front_matter_keys_body_lines_and_file_names() {
    let repo = Repo::with(&[
        (
            "designs/2019-10-15-a.md",
            "---\ncreated: 2019-10-15\nlast updated: 2018-10-23\nstatus: To be reviewed\ntitle: A\n---\n# Abstract\n",
        ),
        ("designs/2022-07-07_b.md", "# B\n\n**Status**: Draft\n\n**Date:** 2022-06-28\n"),
        (
            "designs/20230905-c.md",
            "# C\n\nIssue: https://example.com/1\n\n## Summary\n\nWe keep the keys where the registry can serve them.\n\n## Proposal\n\nServe them from the registry.\n",
        ),
        (
            "designs/0004-d/README.md",
            "# RFC-0004 D\n\n**Status:** implementable\n\n**Creation Date:** 2022-09-08\n",
        ),
        ("shoshin.yaml", "sources:\n  - path: designs\n"),
    ]);
    let model = export(&repo);
    let a = record(&model, "designs/2019-10-15-a.md");
    assert_eq!(
        (a["title"].as_str(), a["date"].as_str()),
        (Some("A"), Some("2019-10-15"))
    );
    assert_eq!(a["status"], "to be reviewed");
    assert_eq!(record(&model, "designs/2022-07-07_b.md")["date"], "2022-06-28");
    assert_eq!(record(&model, "designs/20230905-c.md")["date"], "2023-09-05");
    let d = record(&model, "designs/0004-d/README.md");
    assert_eq!(d["title"], "D", "the id before the title is dropped");
    assert_eq!(d["date"], "2022-09-08");
    assert_eq!(d["status_category"], "accepted");
}

#[test]
fn a_sidecar_beside_a_readme_gives_its_metadata() {
    let repo = Repo::with(&[
        (
            "keps/1441-debug/README.md",
            "# KEP-1441: kubectl debug\n\n## Summary\n\nDebug.\n",
        ),
        (
            "keps/1441-debug/kep.yaml",
            "title: debug\nstatus: implemented\ncreation-date: 2019-08-05\n",
        ),
        ("keps/1441-debug/example/kustomization.yaml", "status: rejected\n"),
        ("shoshin.yaml", "sources:\n  - path: keps\n"),
    ]);
    let model = export(&repo);
    let kep = record(&model, "keps/1441-debug/README.md");
    assert_eq!(kep["title"], "kubectl debug");
    assert_eq!(kep["status"], "implemented");
    assert_eq!(kep["date"], "2019-08-05");
}

#[test]
fn an_id_in_front_matter_leaves_the_body_markers_read() {
    let repo = Repo::with(&[(
        "decisions/use-x.md",
        "---\nid: ADR-0042\n---\n# Use X\n\n* Status: accepted\n* Date: 2024-01-02\n\n## Context\n\nX.\n",
    )]);
    let model = export(&repo);
    let r = record(&model, "decisions/use-x.md");
    assert_eq!(r["id"], "ADR-0042");
    assert_eq!(r["status"], "accepted");
    assert_eq!(r["date"], "2024-01-02");
}

#[test]
fn relation_words_in_comments_code_and_badges_are_not_read() {
    let repo = Repo::with(&[
        (
            "docs/adr/0001-a.md",
            "# 1. A\n\n![status: superseded](https://img.shields.io/badge/superseeded_by-ADR_0002-x)\n\n\
             * Status: accepted <!-- superseded by [2](0002-b.md) -->\n\n## Context\n\n\
             ```\nStatus: superseded by ADR-0002\n```\n\n`superseded by ADR-0002` is what we will write later.\n",
        ),
        (
            "docs/adr/0002-b.md",
            "# 2. B\n\n* Status: proposed\n\n## Context\n\nB.\n<!--\n## Status\nSuperseded by [1](0001-a.md)\n-->\n",
        ),
    ]);
    let model = export(&repo);
    let a = record(&model, "docs/adr/0001-a.md");
    assert_eq!(a["status"], "accepted");
    assert!(a["superseded_by"].as_array().unwrap().is_empty(), "{a}");
    let b = record(&model, "docs/adr/0002-b.md");
    assert_eq!(b["status"], "proposed");
    assert!(b["supersedes"].as_array().unwrap().is_empty(), "{b}");
}

#[test]
fn supersession_in_a_status_line_and_amendment_in_a_table_are_read() {
    let repo = Repo::with(&[
        (
            "adr/ADR-1.md",
            "# One\n\n| Metadata | Value |\n|---|---|\n| Date | 2020-01-01 |\n| Status | Superseded by [ADR-2](ADR-2.md) |\n",
        ),
        (
            "adr/ADR-2.md",
            "# Two\n\n| Metadata | Value |\n|---|---|\n| Date | 2021-01-01 |\n| Status | Approved |\n| Updates | ADR-3 |\n\n## Context\n\nTwo.\n",
        ),
        (
            "adr/ADR-3.md",
            "# Three\n\n| Metadata | Value |\n|---|---|\n| Date | 2019-01-01 |\n| Status | Implemented |\n\n## Status\n\nThe `Status` field of the API gets a new value:\n",
        ),
        ("shoshin.yaml", "sources:\n  - path: adr\n"),
    ]);
    let model = export(&repo);
    let one = record(&model, "adr/ADR-1.md");
    assert_eq!(one["status"], "superseded");
    assert_eq!(one["superseded_by"], serde_json::json!(["ADR-2"]));
    let two = record(&model, "adr/ADR-2.md");
    assert_eq!(two["amends"], serde_json::json!(["ADR-3"]));
    // The header's status wins over a later `## Status` section about something else.
    assert_eq!(record(&model, "adr/ADR-3.md")["status"], "implemented");
    assert!(
        diagnostics(&model, "format-oddity").is_empty(),
        "{}",
        model["diagnostics"]
    );
}

#[test]
fn a_motivation_section_is_the_why_of_an_accepted_proposal() {
    let repo = Repo::with(&[(
        "docs/adr/0001-a.md",
        "# 1. A\n\n**Status:** implemented\n\n## Summary\n\nA.\n\n## Motivation\n\nUsers lose work when the server restarts.\n",
    )]);
    let model = export(&repo);
    assert_eq!(
        record(&model, "docs/adr/0001-a.md")["status_category"],
        "accepted"
    );
    assert!(
        diagnostics(&model, "missing-rationale").is_empty(),
        "{}",
        model["diagnostics"]
    );
}
