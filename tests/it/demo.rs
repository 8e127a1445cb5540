//! `shoshin demo`: the example records with their scripted past, read back
//! from the pages it builds.

use crate::common::{project_dir, shoshin, Repo};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

/// The text of the elements of `page` that `selector` matches, spaces squeezed.
fn texts(page: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    page.select(&selector)
        .map(|e| {
            e.text()
                .collect::<Vec<_>>()
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn page(path: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// Runs the demo into a new folder; the site's index, from the last line of stdout.
fn demo() -> (Repo, PathBuf) {
    let repo = Repo::new();
    let dir = repo.root().join("demo");
    let run = shoshin(repo.root(), &["demo", "demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("commits by 12 authors from 2025-03-03 to 2026-10-14"),
        "{}",
        run.stderr
    );
    let index = PathBuf::from(run.stdout.lines().last().expect("the index path is printed"));
    assert!(
        index.ends_with(Path::new("demo").join("public").join("index.html")),
        "{}",
        run.stdout
    );
    assert!(index.is_file(), "{}", index.display());
    (repo, dir)
}

#[test]
fn the_health_page_shows_a_year_of_trend_rework_and_authors() {
    let (_repo, dir) = demo();
    let health = page(&dir.join("public/health/index.html"));
    let trend = texts(&health, ".chart-figure");
    let months: Vec<&String> = trend.iter().filter(|t| t.contains("Readiness trend")).collect();
    assert_eq!(months.len(), 1, "{trend:?}");
    let labels: Vec<&str> = months[0]
        .split_whitespace()
        .filter(|w| w.len() == 7 && w.as_bytes()[4] == b'-')
        .collect();
    assert!(labels.len() >= 12, "{labels:?}");
    assert!(
        months[0].contains("2025-11") && months[0].contains("2026-10"),
        "{}",
        months[0]
    );

    let rework = texts(&health, "ul.rework li");
    assert!(
        rework
            .iter()
            .any(|r| r.contains("PAY-122") && r.contains("2026-01-12")),
        "{rework:?}"
    );
    assert!(
        rework
            .iter()
            .any(|r| r.contains("PAY-108") && r.contains("2026-08-31")),
        "{rework:?}"
    );
    let figures = texts(&health, ".health-figures");
    assert!(figures[0].contains("Rework 5% (2 of 42 items)"), "{figures:?}");

    let authors = trend
        .iter()
        .find(|t| t.contains("per author"))
        .expect("an authors chart");
    for name in ["Hana", "Chidi", "Bo", "Priya"] {
        assert!(authors.contains(name), "{authors}");
    }
    assert!(authors.contains("12 authors"), "{authors}");
}

#[test]
fn a_superseded_decision_has_the_history_its_banner_tells() {
    let (_repo, dir) = demo();
    let adr = page(&dir.join("public/decisions/ADR-0010/index.html"));
    let banner = texts(&adr, ".banner p");
    assert!(banner[0].starts_with("Superseded by ADR-0015"), "{banner:?}");
    assert!(banner[0].ends_with("on 2026-06-01"), "{banner:?}");
    let history = texts(&adr, "section.history ol.timeline li");
    assert_eq!(history.len(), 3, "{history:?}");
    assert!(
        history[0].starts_with("proposed 2025-09-29 by Hana"),
        "{history:?}"
    );
    // Accepted on the date its front matter gives.
    assert!(history[1].starts_with("accepted 2025-10-06"), "{history:?}");
    assert!(history[2].starts_with("superseded 2026-06-01"), "{history:?}");
    assert!(history[2].contains("replaced by ADR-0015"), "{history:?}");
    // The decision it replaced went in the commit that accepted it.
    let adr4 = page(&dir.join("public/decisions/ADR-0004/index.html"));
    let history = texts(&adr4, "section.history ol.timeline li");
    assert!(
        history.last().unwrap().starts_with("superseded 2025-10-06"),
        "{history:?}"
    );
}

#[test]
fn decisions_are_accepted_on_their_dates() {
    let (_repo, dir) = demo();
    for entry in std::fs::read_dir(dir.join("decisions")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let field = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("{key}: ")))
                .unwrap()
                .to_string()
        };
        let (id, date) = (field("id"), field("date"));
        let adr = page(&dir.join(format!("public/decisions/{id}/index.html")));
        let history = texts(&adr, "section.history ol.timeline li");
        let decided = history
            .iter()
            .find(|h| ["accepted", "rejected"].iter().any(|s| h.starts_with(s)))
            .or_else(|| history.iter().find(|h| h.starts_with("proposed")));
        let decided = decided.unwrap_or_else(|| panic!("{id}: {history:?}"));
        assert!(decided.contains(&date), "{id} dated {date}: {history:?}");
    }
}

#[test]
fn the_demo_is_a_clean_repository_and_the_same_every_time() {
    let (repo, dir) = demo();
    // `git status`: everything committed; only the built site is new.
    let status = std::process::Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(&dir)
        .output();
    if let Ok(status) = status {
        let out = String::from_utf8_lossy(&status.stdout);
        assert_eq!(out.trim(), "?? public/", "{out}");
    }
    let head = |dir: &Path| {
        let head = std::fs::read_to_string(dir.join(".git/HEAD")).unwrap();
        match head.trim().strip_prefix("ref: ") {
            Some(branch) => std::fs::read_to_string(dir.join(".git").join(branch)).unwrap(),
            None => head,
        }
    };
    let again = repo.root().join("again");
    let run = shoshin(repo.root(), &["demo", "again"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (a, b) = (head(&dir), head(&again));
    assert_eq!(a, b);
    assert!(a.trim().len() == 40, "{a}");
    // The script is how the past is told, not part of it.
    assert!(!dir.join("history.yaml").exists() && !dir.join("history").exists());
    // A folder that is not empty is refused.
    let run = shoshin(repo.root(), &["demo", "again"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
}

#[test]
fn example_site_still_builds_in_place_without_reading_the_script() {
    let repo = Repo::new();
    crate::common::copy_dir(&project_dir().join("example-site"), repo.root());
    let run = repo.run(&["check", "--format", "json"]);
    assert!(!run.stdout.contains("history/"), "{}", run.stdout);
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("69 records checked"), "{}", run.stderr);
}
