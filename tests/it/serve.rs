//! End to end: `shoshin serve` on a free port, driven by edits on disk.

use crate::common;
use crate::serve_support;

use common::Repo;
use serve_support::{ReloadListener, Server, PATIENCE};
use std::path::Path;
use std::time::Instant;

const ITEM: &str = "---\ntitle: First title\nstatus: draft\ntags: [alpha]\n---\n\n## Why\n\nBecause.\n";

#[test]
fn an_edited_title_is_served_and_open_pages_are_told_to_reload() {
    let repo = Repo::with(&[("items/PAY-1-first.md", ITEM)]);
    let server = Server::start(repo.root());
    let (status, page) = server.get("/items/PAY-1/");
    assert_eq!(status, 200);
    assert!(page.contains("First title"), "{page}");
    assert!(page.contains("/__shoshin/ws"), "the reload script is injected");
    assert!(!page.contains("shoshin-overlay"));

    let mut listener = ReloadListener::connect(&server);
    repo.write(
        "items/PAY-1-first.md",
        &ITEM.replace("First title", "Second title"),
    );
    let page = server.wait_for("/items/PAY-1/", "the new title", |_, body| {
        body.contains("Second title")
    });
    assert!(!page.contains("First title"));
    assert_eq!(listener.next_text(), "reload");
    let log = server.log();
    assert!(log.contains("(items/PAY-1-first.md changed)"), "{log}");
    // A backlog of one tagged item, not in git: home, backlog, agenda,
    // tags, search, graph, 404, problems, the item and its tag.
    assert!(log.contains("built 10 pages in"), "the first build: {log}");
}

const NEIGHBOUR: &str = "---\ntitle: Second item\nstatus: draft\ndepends_on: [PAY-1]\n---\n";

#[test]
fn each_open_page_reloads_once_it_shows_the_edit() {
    let repo = Repo::with(&[
        ("items/PAY-1-first.md", ITEM),
        ("items/PAY-2-second.md", NEIGHBOUR),
    ]);
    let server = Server::start(repo.root());
    let mut record = ReloadListener::showing(&server, "/items/PAY-1/");
    let mut neighbour = ReloadListener::showing(&server, "/items/PAY-2/");
    let mut backlog = ReloadListener::showing(&server, "/items/");
    repo.write(
        "items/PAY-1-first.md",
        &ITEM.replace("First title", "Edited title"),
    );

    assert_eq!(record.next_text(), "reload");
    let (_, page) = server.get("/items/PAY-1/");
    assert!(page.contains("Edited title"), "the record page is new: {page}");
    // Asked for while it may still be regenerated: the fresh one comes.
    let (status, data) = server.get("/data.json");
    assert_eq!(status, 200);
    assert!(data.contains("Edited title"), "data.json is new");
    assert!(!data.contains("First title"));

    assert_eq!(neighbour.next_text(), "reload");
    let (_, page) = server.get("/items/PAY-2/");
    assert!(page.contains("Edited title"), "the neighbour is new: {page}");
    assert_eq!(backlog.next_text(), "reload");
    let (_, page) = server.get("/items/");
    assert!(page.contains("Edited title"), "the backlog is new: {page}");
    assert!(!page.contains("First title"));
}

#[test]
fn a_page_that_names_no_page_reloads_once_everything_is_regenerated() {
    let repo = Repo::with(&[("items/PAY-1-first.md", ITEM)]);
    let server = Server::start(repo.root());
    let mut listener = ReloadListener::connect(&server);
    repo.write(
        "items/PAY-1-first.md",
        &ITEM.replace("First title", "Edited title"),
    );
    assert_eq!(listener.next_text(), "reload");
    let (_, listing) = server.get("/__shoshin/files");
    for path in listing.lines() {
        let (status, body) = server.get(&format!("/{path}"));
        assert_eq!(status, 200, "{path}");
        assert!(!body.contains("First title"), "{path} is stale");
    }
    let (_, data) = server.get("/data.json");
    assert!(data.contains("Edited title"));
}

#[test]
fn a_page_opened_after_an_edit_reloads_for_the_next_one_only() {
    let repo = Repo::with(&[("items/PAY-1-first.md", ITEM)]);
    let server = Server::start(repo.root());
    let mut first = ReloadListener::showing(&server, "/items/PAY-1/");
    repo.write(
        "items/PAY-1-first.md",
        &ITEM.replace("First title", "Edited title"),
    );
    assert_eq!(first.next_text(), "reload");
    // The file list is answered once every file is regenerated.
    server.get("/__shoshin/files");
    let mut later = ReloadListener::showing(&server, "/items/");
    let (_, page) = server.get("/items/");
    assert!(page.contains("Edited title"), "{page}");
    repo.write(
        "items/PAY-1-first.md",
        &ITEM.replace("First title", "Edited again"),
    );
    assert_eq!(later.next_text(), "reload");
    let (_, page) = server.get("/items/");
    assert!(page.contains("Edited again"), "{page}");
}

#[test]
fn malformed_yaml_shows_the_overlay_and_fixing_it_brings_the_page_back() {
    let repo = Repo::with(&[("items/PAY-1-first.md", ITEM)]);
    let mut server = Server::start(repo.root());
    repo.write("items/PAY-1-first.md", "---\ntitle: [unclosed\n---\n");
    let page = server.wait_for("/items/PAY-1/", "the overlay", |_, body| {
        body.contains("shoshin-overlay")
    });
    assert!(page.contains("invalid YAML in the front matter"), "{page}");
    assert!(page.contains("items/PAY-1-first.md:"), "{page}");
    let (_, home) = server.get("/");
    assert!(home.contains("shoshin-overlay"), "every page shows the overlay");
    assert!(server.is_alive());

    repo.write("items/PAY-1-first.md", ITEM);
    let page = server.wait_for("/items/PAY-1/", "the page without overlay", |_, body| {
        !body.contains("shoshin-overlay")
    });
    assert!(page.contains("First title"), "{page}");
    assert!(server.is_alive());
}

#[test]
fn a_broken_template_keeps_the_last_pages_and_says_why() {
    let repo = Repo::with(&[("items/PAY-1-first.md", ITEM)]);
    let mut server = Server::start(repo.root());
    repo.write("templates/item.html", "{% if %}");
    let page = server.wait_for("/items/PAY-1/", "the overlay", |_, body| {
        body.contains("shoshin-overlay")
    });
    assert!(page.contains("rebuild failed"), "{page}");
    assert!(page.contains("item.html"), "{page}");
    assert!(page.contains("First title"), "the last good page is still served");
    assert!(server.is_alive());

    repo.write(
        "templates/item.html",
        "{% extends \"base.html\" %}{% block content %}custom {{ record.title }}{% endblock %}",
    );
    let page = server.wait_for("/items/PAY-1/", "the custom template", |_, body| {
        body.contains("custom First title")
    });
    assert!(!page.contains("shoshin-overlay"), "{page}");
    assert!(server.is_alive());
}

#[test]
fn paths_outside_the_site_are_refused() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("secret.txt"), "the secret").unwrap();
    let root = outer.path().join("records");
    std::fs::create_dir_all(root.join("items")).unwrap();
    std::fs::write(root.join("items/PAY-1-first.md"), ITEM).unwrap();
    std::fs::write(root.join("shoshin.yaml"), "title: Records\n").unwrap();
    let server = Server::start(&root);
    assert_eq!(server.raw_status("/"), 200);
    assert_eq!(server.raw_status("/items/PAY-1/index.html"), 200);
    for target in [
        "/../secret.txt",
        "/../records/shoshin.yaml",
        "/%2e%2e/secret.txt",
        "/%2e%2e/",
        "/%2E%2E%2Fsecret.txt",
        "/items/..%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/items/%00",
        "/shoshin.yaml",
        "/items/PAY-1-first.md",
    ] {
        let status = server.raw_status(target);
        assert!(status == 400 || status == 404, "{target} gave {status}");
    }
    let (status, body) = server.get("/%2e%2e/secret.txt");
    assert_eq!(status, 400);
    assert!(!body.contains("the secret"));
}

/// Every file of a fresh build compared with what the server serves.
fn differences(server: &Server, built: &Path) -> Vec<String> {
    let expected: Vec<(String, Vec<u8>)> = common::tree(built)
        .into_iter()
        .map(|(path, bytes)| (path.to_string_lossy().replace('\\', "/"), bytes))
        .filter(|(path, _)| path != ".shoshin-build")
        .collect();
    let (_, listing) = server.get("/__shoshin/files");
    let served: Vec<&str> = listing.lines().collect();
    let expected_names: Vec<&str> = expected.iter().map(|(p, _)| p.as_str()).collect();
    let mut out = Vec::new();
    for name in &expected_names {
        if !served.contains(name) {
            out.push(format!("missing: {name}"));
        }
    }
    for name in &served {
        if !expected_names.contains(name) {
            out.push(format!("extra: {name}"));
        }
    }
    for (path, bytes) in &expected {
        if !served.contains(&path.as_str()) {
            continue;
        }
        let (status, body) = server.get(&format!("/{path}"));
        let body = shoshin::serve::inject::strip(&body);
        if status != 200 || body.as_bytes() != bytes.as_slice() {
            out.push(format!("differs: {path}"));
        }
    }
    out
}

/// Builds `root` afresh and waits until the server serves the same site.
fn assert_serves_a_fresh_build(server: &Server, root: &Path, step: &str) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let run = common::shoshin(root, &["build", "-o", site.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{step}: build failed: {}", run.stderr);
    let started = Instant::now();
    loop {
        let differences = differences(server, &site);
        if differences.is_empty() {
            return;
        }
        if started.elapsed() > PATIENCE {
            panic!(
                "{step}: the served site differs from a fresh build:\n{}\nserver log:\n{}",
                differences.join("\n"),
                server.log()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn after_creates_edits_renames_and_deletes_the_served_site_equals_a_fresh_build() {
    let repo = Repo::new();
    common::copy_dir(&common::project_dir().join("example-site"), repo.root());
    let root = repo.root();
    let server = Server::start(root);
    assert_serves_a_fresh_build(&server, root, "start");

    let edit = |path: &str, from: &str, to: &str| repo.replace(path, from, to);

    edit(
        "items/PAY-101-create-invoice-via-api.md",
        "title: Create an invoice through the API",
        "title: Create invoices through the public API",
    );
    assert_serves_a_fresh_build(&server, root, "title edited");

    repo.write("items/diagram.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    repo.write(
        "items/PAY-300-brand-new.md",
        "---\ntitle: A brand new item\nstatus: draft\nowner: newcomer\ndepends_on: [PAY-101]\ndecisions: [ADR-0007]\ntags: [brand-new-tag, invoicing]\n---\n\n## Why\n\nSee ADR-0003, [[PAY-102]] and [the diagram](diagram.svg).\n",
    );
    assert_serves_a_fresh_build(&server, root, "item created");

    std::fs::rename(
        root.join("items/PAY-300-brand-new.md"),
        root.join("items/PAY-301-renamed.md"),
    )
    .unwrap();
    assert_serves_a_fresh_build(&server, root, "item renamed, so its id changed");

    edit(
        "decisions/ADR-0015-consume-bank-events-from-the-event-bus.md",
        "title: Consume bank events from the event bus",
        "title: Take bank events from the event bus",
    );
    assert_serves_a_fresh_build(&server, root, "a successor's title edited");

    let original = repo.read("items/PAY-102-gapless-invoice-numbers-per-legal-entity.md");
    repo.write(
        "items/PAY-102-gapless-invoice-numbers-per-legal-entity.md",
        "---\ntitle: [broken\n---\n",
    );
    server.wait_for("/", "the overlay", |_, body| body.contains("shoshin-overlay"));
    repo.write(
        "items/PAY-102-gapless-invoice-numbers-per-legal-entity.md",
        &original,
    );
    assert_serves_a_fresh_build(&server, root, "malformed and fixed again");

    std::fs::remove_file(root.join("items/PAY-301-renamed.md")).unwrap();
    assert_serves_a_fresh_build(&server, root, "item deleted");

    std::fs::create_dir_all(root.join("sessions/2026")).unwrap();
    std::fs::rename(
        root.join("sessions/2025-10-06-bank-webhooks.md"),
        root.join("sessions/2026/2025-10-06-bank-webhooks.md"),
    )
    .unwrap();
    assert_serves_a_fresh_build(&server, root, "session moved into a folder");

    std::fs::rename(root.join("sessions/2026"), root.join("sessions/this-year")).unwrap();
    assert_serves_a_fresh_build(&server, root, "folder renamed");

    repo.write(
        "decisions/ADR-0099-ledger-service.md",
        "---\nid: ADR-0099\ntitle: Move the ledger into its own service\nstatus: accepted\ndate: 2026-11-01\ndeciders: [hana]\nsupersedes: [ADR-0002]\ntags: [architecture]\n---\n\n## Context\n\nThe ledger's load now differs from the rest of payments by two orders of magnitude.\n",
    );
    edit(
        "decisions/ADR-0002-keep-payments-a-modular-monolith.md",
        "status: accepted",
        "status: superseded",
    );
    assert_serves_a_fresh_build(&server, root, "a decision superseded by a new one");

    repo.write(
        "templates/tag.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Tagged {{ tag.name }}</h1>{% endblock %}",
    );
    assert_serves_a_fresh_build(&server, root, "a template overridden");

    edit("shoshin.yaml", "title: ", "title: Renamed ");
    assert_serves_a_fresh_build(&server, root, "configuration edited");

    let log = server.log();
    let incremental = log
        .lines()
        .filter(|l| l.starts_with("rebuilt ") && !l.starts_with("rebuilt all"))
        .count();
    assert!(
        incremental >= 6,
        "record edits were rebuilt incrementally:\n{log}"
    );
    assert!(
        log.contains("rebuilt all"),
        "the configuration edit rebuilt everything:\n{log}"
    );
}

#[test]
fn commits_and_checkouts_made_while_serving_are_in_the_history_of_the_served_site() {
    let repo = Repo::new();
    common::copy_dir(&common::project_dir().join("example-site"), repo.root());
    let root = repo.root();
    repo.git_init();
    repo.commit("ana", "2026-01-05", "Records");
    let first = repo.git(&["rev-parse", "HEAD"], "ana", "2026-01-05");
    let server = Server::start(root);
    assert_serves_a_fresh_build(&server, root, "start");

    let edit = |path: &str, from: &str, to: &str| repo.replace(path, from, to);
    const ITEM: &str = "items/PAY-101-create-invoice-via-api.md";
    edit(
        ITEM,
        "title: Create an invoice through the API",
        "title: Invoices through the API",
    );
    assert_serves_a_fresh_build(&server, root, "an edit not committed");

    // Committing changes no record file: the next edit brings the commit in.
    repo.commit("bo", "2026-02-01", "Rename the invoice item");
    edit(
        "items/PAY-103-render-invoice-pdf.md",
        "title: ",
        "title: Edited after a commit, ",
    );
    assert_serves_a_fresh_build(&server, root, "a commit, then another record edited");
    let (_, page) = server.get("/items/PAY-101/");
    assert!(
        page.contains("2026-02-01"),
        "the commit is in the item's history:\n{page}"
    );

    repo.git(&["checkout", "-q", "-f", first.trim()], "ana", "2026-02-02");
    assert_serves_a_fresh_build(&server, root, "an older commit checked out");
    let (_, page) = server.get("/items/PAY-101/");
    assert!(
        !page.contains("2026-02-01"),
        "the history is that of the commit checked out"
    );
}

/// The time from saving one item to the reload message of a page showing
/// that item, on a generated repository (10,000 items unless
/// `SHOSHIN_SERVE_BENCH_ITEMS` says otherwise). Run it with a release build:
/// `cargo test --release --test it serve:: -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement; run with --release --ignored --nocapture"]
fn reload_latency_on_a_generated_repository() {
    let items: usize = std::env::var("SHOSHIN_SERVE_BENCH_ITEMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("records");
    let generated = std::process::Command::new("python3")
        .arg(common::project_dir().join("benches/generate.py"))
        .arg(&root)
        .args(["--items", &items.to_string()])
        .status()
        .expect("python3 runs benches/generate.py");
    assert!(generated.success());
    let server = Server::start(&root);
    let mut item_files: Vec<_> = std::fs::read_dir(root.join("items"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    item_files.sort();
    let mut timings = Vec::new();
    for (round, file) in item_files.iter().step_by(items / 7 + 1).enumerate() {
        let text = std::fs::read_to_string(file).unwrap();
        let title_line = text
            .lines()
            .find(|l| l.starts_with("title: "))
            .expect("a title line")
            .to_string();
        let new_title = format!("Edited in round {round}");
        let id_line = text.lines().find(|l| l.starts_with("id: ")).expect("an id line");
        let id = id_line.trim_start_matches("id: ").trim();
        // A page showing the edited item, as the person editing has open.
        let mut listener = ReloadListener::showing(&server, &format!("/items/{id}/"));
        let started = Instant::now();
        std::fs::write(
            file,
            text.replacen(&title_line, &format!("title: {new_title}"), 1),
        )
        .unwrap();
        assert_eq!(listener.next_text(), "reload");
        timings.push(started.elapsed());
        server.wait_for(&format!("/items/{id}/"), "the new title", |_, body| {
            body.contains(&new_title)
        });
        // The file list is answered once the whole site is regenerated.
        server.get("/__shoshin/files");
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    let log = server.log();
    for line in log
        .lines()
        .filter(|l| l.starts_with("built") || l.starts_with("rebuilt"))
    {
        println!("server: {line}");
    }
    let mut ms: Vec<u128> = timings.iter().map(|t| t.as_millis()).collect();
    let each = ms.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", ");
    ms.sort();
    println!(
        "{items} items: save → reload message: median {} ms, min {} ms, max {} ms ({} saves: {each})",
        ms[ms.len() / 2],
        ms[0],
        ms[ms.len() - 1],
        ms.len()
    );
}

#[test]
fn a_taken_port_is_an_error_naming_it_and_the_option() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let repo = Repo::with(&[("items/PAY-1-first.md", ITEM)]);
    let run = repo.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--port"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "nothing is served: {}", run.stdout);
}

/// The first decision adds the decision pages, and every page's menu links
/// to them, though the edit touched no item: `serve` stays what `build`
/// would write.
#[test]
fn a_first_decision_adds_its_section_to_every_page() {
    let repo = Repo::with(&[("items/PAY-1-first.md", ITEM)]);
    let server = Server::start(repo.root());
    let (_, page) = server.get("/items/PAY-1/");
    assert!(!page.contains("decisions/index.html"), "{page}");
    assert_eq!(server.get("/decisions/").0, 404);
    repo.write(
        "decisions/ADR-1-use-events.md",
        "---\ntitle: Use events\nstatus: accepted\n---\n## Context\nPolling is slow.\n",
    );
    server.wait_for("/decisions/", "the decision log", |status, _| status == 200);
    let page = server.wait_for("/items/PAY-1/", "the menu with decisions", |_, body| {
        body.contains(r#"href="../../decisions/index.html""#)
    });
    assert!(page.contains("First title"), "{page}");
}
