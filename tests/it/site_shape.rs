//! The site fits the repository: a folder of decisions gets a
//! decision-centred site, a Markdown backlog a backlog one; the title and
//! landing text come from what the repository already has; readiness rules
//! for fields a format lacks are not counted; the health page shows only
//! when it has something to show.

use crate::common;
use common::Repo;

fn adr(number: u32, title: &str) -> String {
    format!(
        "# {number}. {title}\n\nDate: 2024-0{number}-01\n\n## Status\n\nAccepted\n\n## Context\n\nWe needed to choose.\n\n## Decision\n\nWe chose.\n\n## Consequences\n\nFewer choices.\n"
    )
}

fn exists(repo: &Repo, page: &str) -> bool {
    repo.root().join("public").join(page).exists()
}

#[test]
fn a_folder_of_decisions_gets_a_decision_centred_site() {
    let repo = Repo::with(&[
        ("doc/adr/0001-record-decisions.md", &adr(1, "Record decisions")),
        ("doc/adr/0002-use-shell.md", &adr(2, "Use shell")),
    ]);
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in [
        "index.html",
        "decisions/index.html",
        "in-force/index.html",
        "decisions/ADR-0002/index.html",
    ] {
        assert!(exists(&repo, page), "{page} missing");
    }
    for page in [
        "items/index.html",
        "agenda/index.html",
        "sessions/index.html",
        "health/index.html",
        "tags/index.html",
        "people/index.html",
    ] {
        assert!(!exists(&repo, page), "{page} written for a folder of decisions");
    }
    let home = repo.read("public/index.html");
    for absent in [
        "items/index.html",
        "sessions/index.html",
        "health/index.html",
        "agenda/index.html",
        "Top of the backlog",
        "backlog items",
        "Needs attention",
        "Nothing needs attention",
        "No sessions recorded",
    ] {
        assert!(!home.contains(absent), "{absent}: {home}");
    }
    assert!(
        home.contains("<h1 id=\"page-title\">Decision records</h1>"),
        "{home}"
    );
    assert!(
        home.contains("Recent decisions") && home.contains("Use shell"),
        "{home}"
    );
    let decision = repo.read("public/decisions/ADR-0002/index.html");
    let menu = &decision[decision.find("<nav").unwrap()..decision.find("</nav>").unwrap()];
    assert!(
        menu.contains(">Decisions</a>") && !menu.contains(">Backlog</a>"),
        "{menu}"
    );
    assert!(menu.contains(r#"aria-current="true">Decisions"#), "{menu}");
}

const TASK: &str = "---\nid: task-1\ntitle: First task\nstatus: To Do\nassignee: ['@ana']\ncreated_date: '2026-01-02'\nlabels: []\ndependencies: []\n---\n\n## Description\n\nCustomers cannot see their invoices, and support answers ten calls a day about it.\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [ ] #1 The invoice shows\n<!-- AC:END -->\n";

fn backlog_repo() -> Repo {
    Repo::with(&[
        (
            "backlog/config.yml",
            "project_name: \"Acme tasks\"\nstatuses: [\"To Do\", \"In Progress\", \"Done\"]\n",
        ),
        ("backlog/tasks/task-1 - First-task.md", TASK),
    ])
}

/// The rules assessed for the one item, from `export`.
fn rules(repo: &Repo) -> Vec<String> {
    let export: serde_json::Value = repo.run(&["export"]).json();
    let record = &export["records"][0];
    record["readiness"]["rules"]
        .as_array()
        .unwrap_or_else(|| panic!("no readiness: {record}"))
        .iter()
        .map(|r| r["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_markdown_backlog_gets_a_backlog_site_titled_by_its_project_name() {
    let repo = backlog_repo();
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(exists(&repo, "items/index.html") && exists(&repo, "items/TASK-1/index.html"));
    for page in [
        "decisions/index.html",
        "in-force/index.html",
        "sessions/index.html",
    ] {
        assert!(!exists(&repo, page), "{page} written for a backlog");
    }
    let home = repo.read("public/index.html");
    assert!(home.contains("<title>Home · Acme tasks</title>"), "{home}");
    assert!(home.contains("Top of the backlog"), "{home}");
    for absent in [
        "decisions/index.html",
        "in-force/index.html",
        "Recent decisions",
        "No decisions recorded",
    ] {
        assert!(!home.contains(absent), "{absent}: {home}");
    }
    // The configured title wins over the project name.
    repo.write("shoshin.yaml", "title: Our own\n");
    assert_eq!(repo.run(&["build"]).code, 0);
    assert!(repo
        .read("public/index.html")
        .contains("<title>Home · Our own</title>"));
}

#[test]
fn an_estimate_is_not_asked_of_backlog_md_tasks_unless_configured() {
    let repo = backlog_repo();
    let assessed = rules(&repo);
    assert!(assessed.contains(&"why".to_string()), "{assessed:?}");
    assert!(!assessed.contains(&"estimate".to_string()), "{assessed:?}");
    repo.write("shoshin.yaml", "readiness:\n  rules:\n    estimate: error\n");
    assert!(rules(&repo).contains(&"estimate".to_string()));
    // A task of shoshin's own format is still asked for one.
    repo.write("shoshin.yaml", "");
    repo.write("items/PAY-1.md", "---\ntitle: Native\n---\n");
    let export: serde_json::Value = repo.run(&["export"]).json();
    let native = export["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "PAY-1")
        .unwrap();
    assert!(native["readiness"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["rule"] == "estimate"));
}

#[test]
fn title_and_landing_text_come_from_the_records_index_page() {
    let repo = Repo::with(&[
        (
            "docs/adr/index.md",
            "<!-- the home page of the knowledge base -->\n# Architecture knowledge base\n\nWelcome to the decisions\nof the *payments* team.\n\n## Usage\n\nNot shown.\n",
        ),
        ("docs/adr/0001-record-decisions.md", &adr(1, "Record decisions")),
    ]);
    assert_eq!(repo.run(&["build"]).code, 0);
    let home = repo.read("public/index.html");
    assert!(
        home.contains("<h1 id=\"page-title\">Architecture knowledge base</h1>"),
        "{home}"
    );
    assert!(
        home.contains("<p class=\"landing\">Welcome to the decisions of the payments team.</p>"),
        "{home}"
    );
    assert!(!home.contains("Not shown") && !home.contains("&lt;!--"), "{home}");
    // log4brains' project name is the title; the landing text stays.
    repo.write(
        ".log4brains.yml",
        "project:\n  name: Payments\n  adrFolder: ./docs/adr\n",
    );
    assert_eq!(repo.run(&["build"]).code, 0);
    let home = repo.read("public/index.html");
    assert!(home.contains("<h1 id=\"page-title\">Payments</h1>"), "{home}");
    assert!(home.contains("Welcome to the decisions"), "{home}");
}

#[test]
fn the_health_page_shows_only_with_something_to_show() {
    let repo = Repo::with(&[("items/PAY-1.md", "---\ntitle: One\nstatus: draft\n---\n")]);
    assert_eq!(repo.run(&["build"]).code, 0);
    assert!(
        !exists(&repo, "health/index.html"),
        "no history, no sessions: nothing to show"
    );
    assert!(!repo.read("public/index.html").contains("health/index.html"));
    repo.git_init();
    repo.commit("ana", "2026-01-05", "first item");
    assert_eq!(repo.run(&["build"]).code, 0);
    assert!(
        exists(&repo, "health/index.html"),
        "items with history have figures"
    );
    assert!(repo
        .read("public/items/PAY-1/index.html")
        .contains(r#"href="../../health/index.html""#));
}

#[test]
fn a_repository_without_records_says_so_and_has_no_empty_lists() {
    let repo = Repo::with(&[("notes/meeting.md", "# Notes\n\nNothing decided.\n")]);
    assert_eq!(repo.run(&["build"]).code, 0);
    let home = repo.read("public/index.html");
    assert!(home.contains("No records were found"), "{home}");
    assert!(home.contains("--explain-formats"), "{home}");
    for page in [
        "items/index.html",
        "decisions/index.html",
        "sessions/index.html",
        "health/index.html",
    ] {
        assert!(!exists(&repo, page), "{page} written with no records");
        assert!(!home.contains(page), "{page} linked: {home}");
    }
}
