//! `shoshin build` end to end: pages, safety, atomic replacement, determinism.

use crate::common;
use common::{tree, Repo};
use std::path::Path;

fn decisions_repo() -> Repo {
    Repo::with(&[
        ("shoshin.yaml", "title: Test records\n"),
        ("decisions/ADR-1-poll.md", "---\ntitle: Poll the bank\nstatus: superseded\ndate: 2025-01-10\n---\n## Context\nWe need statuses.\n"),
        (
            "decisions/ADR-2-webhooks.md",
            "---\ntitle: Bank webhooks\nstatus: superseded\ndate: 2025-06-01\nsupersedes: [ADR-1]\n---\n## Context\nPolling is slow.\n",
        ),
        (
            "decisions/ADR-3-events.md",
            "---\ntitle: Event bus\nstatus: accepted\ndate: 2026-05-01\nsupersedes: [ADR-2]\n---\n## Context\nOne bus for all.\n",
        ),
        ("items/PAY-1-status.md", "---\ntitle: Show status\nstatus: refining\ndecisions: [ADR-3]\n---\n## Why\nCustomers ask.\n"),
    ])
}

#[test]
fn build_prints_the_index_path_and_writes_every_page() {
    let repo = decisions_repo();
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let printed = run.stdout.trim();
    assert!(printed.ends_with("index.html"), "{printed}");
    assert!(Path::new(printed).is_file(), "{printed}");
    for page in [
        "public/index.html",
        "public/items/index.html",
        "public/items/PAY-1/index.html",
        "public/decisions/index.html",
        "public/decisions/ADR-2/index.html",
        "public/in-force/index.html",
        "public/agenda/index.html",
        "public/style.css",
        "public/.shoshin-build",
    ] {
        assert!(repo.root().join(page).is_file(), "{page} missing");
    }
    // No session, tag or person is recorded: those sections have no pages.
    for page in [
        "public/sessions/index.html",
        "public/tags/index.html",
        "public/people/index.html",
    ] {
        assert!(!repo.root().join(page).exists(), "{page} written");
    }
}

#[test]
fn supersedes_written_on_one_side_gives_banners_on_both_pages_and_the_whole_chain() {
    let repo = decisions_repo();
    assert_eq!(repo.run(&["build"]).code, 0);
    let old = repo.read("public/decisions/ADR-1/index.html");
    assert!(old.contains("Superseded by"), "{old}");
    assert!(
        old.contains(r#"href="../../decisions/ADR-2/index.html""#),
        "{old}"
    );
    let middle = repo.read("public/decisions/ADR-2/index.html");
    assert!(middle.contains("Superseded by"), "{middle}");
    assert!(
        middle.contains(r#"href="../../decisions/ADR-3/index.html""#),
        "{middle}"
    );
    // The whole chain, oldest first, on every member's page.
    let (a, b, c) = (
        middle.find("Poll the bank").unwrap(),
        middle.find("Bank webhooks").unwrap(),
        middle.rfind("Event bus").unwrap(),
    );
    assert!(a < c && b < c, "chain order");
    let newest = repo.read("public/decisions/ADR-3/index.html");
    assert!(
        newest.contains("Poll the bank") && newest.contains("Bank webhooks"),
        "{newest}"
    );
    let log = repo.read("public/decisions/index.html");
    assert!(
        log.contains("May 2026") && log.contains("June 2025") && log.contains("January 2025"),
        "{log}"
    );
    let in_force = repo.read("public/in-force/index.html");
    assert!(
        in_force.contains("Event bus") && !in_force.contains("Poll the bank"),
        "{in_force}"
    );
}

#[test]
fn errors_are_published_and_strict_keeps_the_previous_site() {
    let repo = decisions_repo();
    assert_eq!(repo.run(&["build"]).code, 0);
    let before = tree(&repo.root().join("public"));
    repo.write("items/PAY-2-broken.md", "---\ntitle: [unclosed\n---\n");
    let strict = repo.run(&["build", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(strict.stderr.contains("error[parse-error]"), "{}", strict.stderr);
    assert!(strict.stderr.contains("previous site"), "{}", strict.stderr);
    assert_eq!(tree(&repo.root().join("public")), before);
    // Without --strict the site is published, the problem listed on it.
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("error[parse-error]"), "{}", run.stderr);
    assert!(run.stderr.contains("1 error"), "{}", run.stderr);
    let problems = repo.read("public/problems/index.html");
    assert!(
        problems.contains("parse-error") && problems.contains("items/PAY-2-broken.md:3"),
        "{problems}"
    );
}

#[test]
fn a_broken_reference_is_shown_on_its_page_and_on_the_problems_page() {
    let repo = decisions_repo();
    repo.write(
        "shoshin.yaml",
        "title: Test records\nseverity:\n  history-unavailable: off\n",
    );
    assert_eq!(repo.run(&["build"]).code, 0);
    // A clean site has no problems page, and its menu does not link to one.
    assert!(!repo.root().join("public/problems/index.html").exists());
    assert!(!repo.read("public/index.html").contains("problems/index.html"));
    repo.write(
        "items/PAY-1-status.md",
        "---\ntitle: Show status\nstatus: refining\ndecisions: [ADR-9]\n---\n## Why\nCustomers ask.\n",
    );
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("error[broken-reference]"), "{}", run.stderr);
    assert!(run.stderr.contains("problems"), "{}", run.stderr);
    let page = repo.read("public/items/PAY-1/index.html");
    let boxed = &page[page
        .find(r#"<section class="diagnostics""#)
        .expect("a problems box")..];
    assert!(boxed.contains(r#"aria-labelledby="sec-problems""#), "{boxed}");
    assert!(
        boxed[..boxed.find("</section>").unwrap()].contains("ADR-9"),
        "{boxed}"
    );
    assert!(
        page.contains(r#"href="../../problems/index.html""#),
        "menu: {page}"
    );
    let problems = repo.read("public/problems/index.html");
    for expected in [
        "<code>broken-reference</code>",
        "error",
        "items/PAY-1-status.md:4",
        "ADR-9",
        r#"<a href="../items/PAY-1/index.html">PAY-1</a>"#,
    ] {
        assert!(problems.contains(expected), "{expected}: {problems}");
    }
    assert!(repo
        .read("public/index.html")
        .contains(r#"href="problems/index.html""#));
}

#[test]
fn a_template_error_keeps_the_previous_site_even_with_content_errors() {
    let repo = decisions_repo();
    repo.write("items/PAY-3.md", "---\ndepends_on: [PAY-404]\n---\n");
    assert_eq!(repo.run(&["build"]).code, 0);
    let before = tree(&repo.root().join("public"));
    repo.write("templates/problems.html", "{% if %}");
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("problems.html"), "{}", run.stderr);
    assert_eq!(tree(&repo.root().join("public")), before);
}

#[test]
fn warnings_build_unless_denied() {
    let repo = decisions_repo();
    repo.write(
        "decisions/ADR-4-no-context.md",
        "---\nstatus: accepted\n---\nJust do it.\n",
    );
    let denied = repo.run(&["build", "--deny-warnings"]);
    assert_eq!(denied.code, 1, "{}", denied.stderr);
    assert!(!repo.root().join("public").exists());
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning[missing-rationale]"));
    assert!(repo.root().join("public/decisions/ADR-4/index.html").is_file());
}

#[test]
fn a_broken_template_fails_and_keeps_the_previous_site() {
    let repo = decisions_repo();
    assert_eq!(repo.run(&["build"]).code, 0);
    let before = tree(&repo.root().join("public"));
    repo.write("templates/item.html", "{% extends \"base.html\" %}{% block content %}{{ record.nope | no_such_filter }}{% endblock content %}");
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("item.html"), "{}", run.stderr);
    assert_eq!(tree(&repo.root().join("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(repo.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".shoshin"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_template_override_replaces_the_built_in_page() {
    let repo = decisions_repo();
    repo.write("items/PAY-2.md", "---\ntags: [billing]\n---\n");
    repo.write(
        "templates/tags.html",
        "<p>our own tags page for {{ site.title }}</p>",
    );
    assert_eq!(repo.run(&["build"]).code, 0);
    assert_eq!(
        repo.read("public/tags/index.html"),
        "<p>our own tags page for Test records</p>"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let repo = decisions_repo();
    assert_eq!(repo.run(&["build", "-o", "one"]).code, 0);
    assert_eq!(repo.run(&["build", "-o", "two"]).code, 0);
    let (one, two) = (tree(&repo.root().join("one")), tree(&repo.root().join("two")));
    assert!(one.len() > 10);
    assert_eq!(one, two);
}

#[test]
fn a_folder_that_is_not_a_previous_build_is_never_emptied() {
    let repo = decisions_repo();
    repo.write("public/notes.txt", "precious");
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("refusing to replace"), "{}", run.stderr);
    assert_eq!(repo.read("public/notes.txt"), "precious");
    let run = repo.run(&["build", "-o", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(repo.root().join("items/PAY-1-status.md").is_file());
}

#[test]
fn front_matter_and_bodies_are_escaped_and_javascript_links_dropped() {
    let repo = Repo::with(&[(
        "items/PAY-1.md",
        "---\ntitle: <script>alert(1)</script>\nowner: \"<img src=x onerror=alert(1)>\"\ntags: [\"<b>bold</b>\"]\n---\n<script>alert(2)</script>\n\n[x](javascript:alert(1)) and [y](JAVASCRIPT:alert(3))\n",
    )]);
    assert_eq!(repo.run(&["build"]).code, 0);
    for page in [
        "public/items/PAY-1/index.html",
        "public/items/index.html",
        "public/index.html",
    ] {
        let html = repo.read(page);
        assert!(!html.contains("<script>"), "{page}: {html}");
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(!html.to_lowercase().contains("javascript:"), "{page}");
        assert!(!html.contains("<b>bold</b>"), "{page}");
    }
    let item = repo.read("public/items/PAY-1/index.html");
    assert!(item.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{item}");
    assert!(item.contains("&lt;script&gt;alert(2)&lt;/script&gt;"), "{item}");
}

#[test]
fn an_id_cannot_write_outside_the_output_folder() {
    let repo = Repo::with(&[
        ("items/a.md", "---\nid: ../../escape\ntitle: Escape\n---\n"),
        (
            "items/b.md",
            "---\nid: /etc/passwd\nowner: ../../../x\ntags: [\"../../up\"]\n---\n",
        ),
    ]);
    let outer = repo.root().join("site");
    assert_eq!(repo.run(&["build", "-o", "site/out"]).code, 0);
    let all: Vec<_> = walkdir::WalkDir::new(repo.root())
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.path().to_path_buf())
        .collect();
    for path in &all {
        let name = path.file_name().unwrap().to_string_lossy();
        if name == "index.html" {
            assert!(
                path.starts_with(outer.join("out")),
                "{} written outside the output folder",
                path.display()
            );
        }
        assert!(
            !name.contains("escape")
                || path.starts_with(outer.join("out"))
                || path.starts_with(repo.root().join("items"))
        );
    }
    assert!(repo
        .root()
        .join("site/out/items/~2E.~2F..~2Fescape/index.html")
        .is_file());
}

#[test]
fn relative_links_to_other_files_are_copied_into_the_site() {
    let repo = Repo::with(&[
        ("items/PAY-1.md", "---\n---\nSee ![diagram](../docs/flow.svg).\n"),
        ("docs/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    ]);
    assert_eq!(repo.run(&["build"]).code, 0);
    assert!(repo
        .read("public/items/PAY-1/index.html")
        .contains(r#"src="../../files/docs/flow.svg""#));
    assert!(repo.root().join("public/files/docs/flow.svg").is_file());
}

#[test]
fn the_example_site_builds_with_every_record_page() {
    let repo = Repo::new();
    common::copy_dir(&common::project_dir().join("example-site"), repo.root());
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let export: serde_json::Value = repo.run(&["export"]).json();
    for record in export["records"].as_array().unwrap() {
        let kind = record["kind"].as_str().unwrap();
        let page = format!("public/{kind}s/{}/index.html", record["id"].as_str().unwrap());
        let html = repo.read(&page);
        assert!(
            html.contains(&shoshin::text::escape_html(record["title"].as_str().unwrap())),
            "{page}"
        );
    }
}

#[test]
fn hidden_files_and_links_out_of_the_repository_are_broken_links_never_published() {
    let repo = Repo::with(&[
        (
            "items/PAY-1.md",
            "---\n---\n[a](../.secret/env) [b](../docs) [c](../docs/host.txt) [d](../docs/ok.txt)\n",
        ),
        (".secret/env", "TOKEN=1"),
        ("docs/ok.txt", "fine"),
    ]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("hostname"), "machine-name").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path().join("hostname"), repo.root().join("docs/host.txt")).unwrap();
    let run = repo.run(&["check", "--format", "json"]);
    let value: serde_json::Value = run.json();
    let messages: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        // The folder is not a git repository: its one warning is not about links.
        .filter(|d| d["code"] != "history-unavailable")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    // A folder of the repository is no broken link (see check.rs).
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("hidden files are not published"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("leads outside the records repository"),
        "{messages:?}"
    );
    std::fs::remove_file(repo.root().join("docs/host.txt")).unwrap();
    repo.write("items/PAY-1.md", "---\n---\n[d](../docs/ok.txt)\n");
    assert_eq!(repo.run(&["build"]).code, 0);
    assert!(repo.root().join("public/files/docs/ok.txt").is_file());
    assert!(!repo.root().join("public/files/~2Esecret").exists());
}

#[test]
fn allowed_raw_html_is_still_sanitised() {
    let repo = Repo::with(&[
        ("shoshin.yaml", "markdown:\n  raw_html: true\n"),
        (
            "items/PAY-1.md",
            "---\n---\n<details><summary>More</summary><b onclick=\"alert(1)\">bold</b> <a href=\"javascript:alert(2)\">x</a></details>\n\n<script>alert(3)</script>\n",
        ),
    ]);
    assert_eq!(repo.run(&["build"]).code, 0);
    let html = repo.read("public/items/PAY-1/index.html");
    assert!(
        html.contains("<details><summary>More</summary><b>bold</b>"),
        "{html}"
    );
    assert!(
        !html.contains("onclick") && !html.contains("javascript:") && !html.contains("<script>"),
        "{html}"
    );
}

#[test]
fn timings_list_every_stage_of_a_build_after_it() {
    let repo = decisions_repo();
    let run = repo.run(&["build", "--timings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = &run.stderr[run.stderr.find("timings:\n").expect("a timings report")..];
    let mut stages: Vec<&str> = report
        .lines()
        .skip(1)
        .map(|line| line.trim().split("  ").next().unwrap_or(""))
        .collect();
    // The generated files are made side by side: they end in any order.
    let generated = [
        "search index",
        "in-force.js",
        "graph-data.js",
        "sitemap.xml",
        "feed.xml",
        "data.json",
    ];
    let first = stages
        .iter()
        .position(|s| generated.contains(s))
        .expect("generated files");
    stages[first..first + generated.len()].sort_unstable_by_key(|s| generated.iter().position(|g| g == s));
    assert_eq!(
        stages,
        [
            "load",
            "index",
            "readiness and history",
            "check",
            "print diagnostics",
            "prepare pages and folders",
            "render and write pages",
            "search index",
            "in-force.js",
            "graph-data.js",
            "sitemap.xml",
            "feed.xml",
            "data.json",
            "generated files",
            "static files and assets",
            "swap the site in",
        ]
    );
    assert!(!repo.run(&["build"]).stderr.contains("timings:"));
}
