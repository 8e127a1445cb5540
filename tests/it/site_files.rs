//! The whole-site files `build` writes besides pages: `data.json`,
//! `sitemap.xml`, `404.html` and the search index with its text shards.

use crate::common;
use common::Repo;

fn repo() -> Repo {
    Repo::with(&[
        ("shoshin.yaml", "title: Site files\n"),
        ("decisions/ADR-1-poll.md", "---\ntitle: Poll the bank\nstatus: superseded\n---\nPolling every minute.\n"),
        (
            "decisions/ADR-2-events.md",
            "---\ntitle: Event bus\nstatus: accepted\nsupersedes: [ADR-1]\n---\nWe consume bank events with retry.\n",
        ),
        ("items/PAY-1-status.md", "---\ntitle: Show status\ndecisions: [ADR-2]\n---\n## Why\nCustomers ask.\n"),
    ])
}

#[test]
fn data_json_is_the_exported_model() {
    let repo = repo();
    assert_eq!(repo.run(&["build"]).code, 0);
    let data: serde_json::Value = serde_json::from_str(&repo.read("public/data.json")).unwrap();
    let export: serde_json::Value = repo.run(&["export"]).json();
    assert_eq!(data, export);
    let ids: Vec<&str> = data["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ADR-1", "ADR-2", "PAY-1"]);
}

#[test]
fn with_a_base_url_the_sitemap_is_absolute_and_the_404_page_links_from_its_path() {
    let repo = repo();
    let run = repo.run(&["build", "--base-url", "https://example.org/records/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sitemap = repo.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/records/decisions/ADR-2/index.html</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("404.html"), "{sitemap}");
    // Three records and the lists of a site of items and decisions with a
    // problem (no git history): home, backlog, agenda, decision log, in
    // force, search, graph, problems. No sessions, tags, people or health.
    assert_eq!(sitemap.matches("<url>").count(), 11, "{sitemap}");
    let not_found = repo.read("public/404.html");
    // A server shows 404.html at any depth: links and styles start from
    // the base URL's path, on whatever host serves it.
    assert!(
        not_found.contains(r#"href="/records/search/index.html""#),
        "{not_found}"
    );
    assert!(not_found.contains(r#"href="/records/style.css""#), "{not_found}");
    // Other pages stay relative.
    assert!(repo
        .read("public/items/PAY-1/index.html")
        .contains(r#"href="../../style.css""#));
}

#[test]
fn the_search_index_and_its_text_shard_are_scripts() {
    let repo = repo();
    assert_eq!(repo.run(&["build"]).code, 0);
    let index = repo.read("public/search-index.js");
    assert!(index.starts_with("window.SHOSHIN_SEARCH = {"), "{index}");
    assert!(index.contains(r#""retry":[1,1]"#), "{index}");
    let text = repo.read("public/search/text-0.js");
    assert!(text.contains(r#"window.SHOSHIN_TEXT[0] = ["Polling every minute.","We consume bank events with retry.","Customers ask."]"#), "{text}");
}

#[test]
fn the_feed_and_the_sitemap_are_templates_a_repository_overrides() {
    let repo = repo();
    repo.write(
        "templates/feed.xml",
        "<feed>{% for e in entries %}[{{ e.title }}]{% endfor %}</feed>\n",
    );
    repo.write(
        "templates/sitemap.xml",
        "{{ urls | length }} pages, first {{ urls | first }}\n",
    );
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let feed = repo.read("public/feed.xml");
    assert!(
        feed.starts_with("<feed>[ADR-") && feed.contains("Event bus"),
        "{feed}"
    );
    let sitemap = repo.read("public/sitemap.xml");
    assert!(sitemap.ends_with("pages, first index.html\n"), "{sitemap}");
    // The built-in one, for comparison: every page is listed there.
    std::fs::remove_file(repo.root().join("templates/sitemap.xml")).unwrap();
    assert_eq!(repo.run(&["build"]).code, 0);
    assert!(repo
        .read("public/sitemap.xml")
        .contains("<url><loc>items/PAY-1/index.html</loc></url>"));
}

#[test]
fn without_a_base_url_the_404_page_links_from_the_host_s_root() {
    let repo = repo();
    assert_eq!(repo.run(&["build"]).code, 0);
    let not_found = repo.read("public/404.html");
    // Served for `/decisions/ADR-9/`, relative links would miss the styles.
    assert!(not_found.contains(r#"href="/style.css""#), "{not_found}");
    assert!(not_found.contains(r#"href="/index.html""#), "{not_found}");
    assert!(!not_found.contains(r#"href="style.css""#), "{not_found}");
}
