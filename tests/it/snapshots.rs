//! Snapshot tests of the main pages, on a small fixed repository (the
//! `snapshot-team` fixture), and of its export. Review changes of pages with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test`), of the export
//! with `SHOSHIN_BLESS=1 cargo test` and `git diff tests/fixtures`.

use crate::common;
use crate::fixture;
use common::Repo;

/// The records, committed to git: ADR-1 accepted by bo, then superseded by
/// ana, so that pages show history.
fn with_history() -> Repo {
    let repo = records();
    repo.git_init();
    let adr_1 = "decisions/ADR-1-floats.md";
    let superseded = repo.read(adr_1);
    repo.write(
        adr_1,
        &superseded.replace("status: superseded", "status: accepted"),
    );
    repo.commit("bo", "2025-02-01", "First records");
    repo.write(adr_1, &superseded);
    repo.commit("ana", "2026-03-15", "Minor units replace floats");
    repo
}

/// The records of the `snapshot-team` fixture, not yet in git.
fn records() -> Repo {
    fixture::repo("snapshot-team")
}

#[test]
fn main_pages() {
    let repo = with_history();
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (name, page) in [
        ("home", "public/index.html"),
        ("backlog", "public/items/index.html"),
        ("item", "public/items/PAY-1/index.html"),
        ("decision_log", "public/decisions/index.html"),
        ("decision_superseded", "public/decisions/ADR-1/index.html"),
        ("decision", "public/decisions/ADR-2/index.html"),
        ("session", "public/sessions/S-1/index.html"),
        ("person", "public/people/ana/index.html"),
        ("agenda", "public/agenda/index.html"),
        ("search", "public/search/index.html"),
        ("graph", "public/graph/index.html"),
        ("not_found", "public/404.html"),
        ("search_index", "public/search-index.js"),
        ("sitemap", "public/sitemap.xml"),
        ("health", "public/health/index.html"),
        ("feed", "public/feed.xml"),
    ] {
        insta::assert_snapshot!(name, repo.read(page));
    }
}

#[test]
fn the_export_is_the_expected_model() {
    let repo = with_history();
    let run = repo.run(&["export"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = run.json();
    assert_eq!(
        value["records"].as_array().map(Vec::len),
        Some(5),
        "{}",
        run.stdout
    );
    fixture::assert_expected("snapshot-team", "export.json", &run.stdout);
}
