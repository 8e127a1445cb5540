//! Sprints from the history: commitment and completion computed exactly on
//! a repository written here with fixed dates and authors, questions raised
//! before and after commitment, the low-confidence verdict, the sprint
//! diagnostics, and snapshots of the sprint page and the health page's new
//! sections (`tests/fixtures/sprints/expected/`, `SHOSHIN_BLESS=1`).

use crate::common::Repo;
use crate::fixture;
use serde_json::Value;

const CONFIG: &str = "title: Sprints\nsprints:\n  - { name: S1, start: 2026-03-02, end: 2026-03-13 }\n  - { name: S2, start: 2026-03-16, end: 2026-03-27 }\n";

/// An item with front matter `fields` and an open-questions section of
/// `questions` (task-list lines).
fn item(id: &str, fields: &str, questions: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Item {id}\ntype: story\nowner: ana\n{fields}\n---\n# Item {id}\n\n## Why\n\n\
         Customers need this so that their month-end reconciliation stops taking a whole day.\n\n\
         ## Acceptance criteria\n\n- [ ] it works\n\n## Open questions\n\n{questions}\n"
    )
}

/// The story: PAY-1 and PAY-2 committed to S1 on its first day, PAY-3
/// added two days later; PAY-1 and PAY-3 done, PAY-2 still in progress
/// after the end, with a question raised while it was in the sprint.
/// PAY-1's question was answered before the sprint. PAY-4 names a sprint
/// that is not declared; PAY-5 is ready with low confidence.
fn story() -> Repo {
    let repo = Repo::with(&[("shoshin.yaml", CONFIG)]);
    repo.git_init();
    let write = |id: &str, fields: &str, questions: &str| {
        repo.write(&format!("items/{id}.md"), &item(id, fields, questions));
    };
    write(
        "PAY-1",
        "status: ready\nestimate: 3\nconfidence: high",
        "- [ ] Which currency?",
    );
    write("PAY-2", "status: ready\nestimate: 5\nconfidence: low", "");
    write("PAY-3", "status: ready\nestimate: 2", "");
    repo.commit("ana", "2026-02-20", "Three ready items");
    // The question answered, and its text changed: a new entry, answered at once.
    write(
        "PAY-1",
        "status: ready\nestimate: 3\nconfidence: high",
        "- [x] Which currency? EUR only",
    );
    repo.commit("bo", "2026-02-25", "Answer the currency question");
    write(
        "PAY-1",
        "status: ready\nestimate: 3\nconfidence: high\nsprint: S1",
        "- [x] Which currency? EUR only",
    );
    write(
        "PAY-2",
        "status: ready\nestimate: 5\nconfidence: low\nsprint: S1",
        "",
    );
    repo.commit("ana", "2026-03-02", "Plan S1");
    write(
        "PAY-1",
        "status: in-progress\nestimate: 3\nconfidence: high\nsprint: S1",
        "- [x] Which currency? EUR only",
    );
    write("PAY-3", "status: ready\nestimate: 2\nsprint: S1", "");
    repo.commit("bo", "2026-03-04", "Take PAY-3 into S1");
    write(
        "PAY-2",
        "status: in-progress\nestimate: 5\nconfidence: low\nsprint: S1",
        "- [ ] Is the limit per day or per month?",
    );
    repo.commit("cy", "2026-03-05", "A question on PAY-2");
    write(
        "PAY-1",
        "status: done\nestimate: 3\nconfidence: high\nsprint: S1",
        "- [x] Which currency? EUR only",
    );
    write("PAY-3", "status: done\nestimate: 2\nsprint: S1", "");
    repo.commit("ana", "2026-03-10", "PAY-1 and PAY-3 done");
    write("PAY-4", "status: ready\nestimate: 1\nsprint: S9", "");
    write("PAY-5", "status: ready\nestimate: 1\nconfidence: low", "");
    repo.commit("ana", "2026-03-20", "More items");
    repo
}

fn export(repo: &Repo) -> Value {
    let run = repo.run(&["export"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

fn ids(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
fn commitment_and_completion_are_computed_exactly() {
    let repo = story();
    let model = export(&repo);
    let sprints = model["sprints"]["sprints"].as_array().expect("sprints");
    assert_eq!(sprints.len(), 2, "{sprints:?}");
    let s1 = &sprints[0];
    assert_eq!(s1["name"], "S1");
    assert_eq!(s1["phase"], "finished");
    // Added mid-sprint counts as added, not committed.
    assert_eq!(ids(&s1["committed"]), ["PAY-1", "PAY-2"]);
    assert_eq!(ids(&s1["added"]), ["PAY-3"]);
    assert_eq!(ids(&s1["done"]), ["PAY-1", "PAY-3"]);
    assert!(ids(&s1["removed"]).is_empty());
    assert_eq!(s1["committed_points"], 8.0);
    assert_eq!(s1["done_points"], 5.0);
    assert_eq!(s1["completion"], 50);
    // 3 of 8 points.
    assert_eq!(s1["completion_points"], 38);
    assert_eq!(s1["questions_after_commitment"], 1);
    let s2 = &sprints[1];
    assert_eq!(s2["phase"], "running");
    assert!(ids(&s2["committed"]).is_empty());
    // Velocity: the points done in the one finished sprint.
    assert_eq!(model["sprints"]["velocity"], 5.0);
}

#[test]
fn questions_before_and_after_commitment_are_told_apart() {
    let repo = story();
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pay_1 = repo.read("public/items/PAY-1/index.html");
    let rows: Vec<&str> = pay_1
        .lines()
        .filter(|l| l.contains("question-before") || l.contains("question-after"))
        .collect();
    assert_eq!(rows.len(), 2, "{pay_1}");
    assert!(
        rows[0].contains("Which currency?</td><td><time datetime=\"2026-02-20\">"),
        "{}",
        rows[0]
    );
    assert!(
        rows[0].contains("before commitment") && rows[0].contains("2026-02-25"),
        "{}",
        rows[0]
    );
    assert!(rows[1].contains("Which currency? EUR only"), "{}", rows[1]);
    assert!(rows[1].contains("question-before"), "{}", rows[1]);
    let pay_2 = repo.read("public/items/PAY-2/index.html");
    let after: Vec<&str> = pay_2.lines().filter(|l| l.contains("question-after")).collect();
    assert_eq!(after.len(), 1, "{pay_2}");
    assert!(
        after[0].contains("Is the limit per day or per month?"),
        "{}",
        after[0]
    );
    assert!(after[0].contains(">cy<"), "the author: {}", after[0]);
    assert!(
        after[0].contains("2026-03-05")
            && after[0].contains("sprint <a href=\"../../sprints/s1/index.html\">S1</a>"),
        "{}",
        after[0]
    );
    assert!(
        pay_2.contains("<dt>Sprint</dt><dd><a class=\"sprint\" href=\"../../sprints/s1/index.html\">S1</a>"),
        "{pay_2}"
    );
    let health = repo.read("public/health/index.html");
    assert!(
        health.contains("<dt>Answered before commitment</dt><dd><strong>2</strong>"),
        "{health}"
    );
    assert!(
        health.contains("<dt>Raised after commitment</dt><dd><strong>1</strong>"),
        "{health}"
    );
}

#[test]
fn a_ready_item_with_low_confidence_is_almost_ready() {
    let repo = story();
    let model = export(&repo);
    let record = |id: &str| {
        model["records"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id}"))
    };
    let low = record("PAY-5");
    assert_eq!(low["readiness"]["verdict"], "almost", "{low}");
    let rule = low["readiness"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "confidence")
        .cloned()
        .expect("the confidence rule");
    assert_eq!(rule["passed"], false);
    assert!(
        rule["message"].as_str().unwrap().contains("confidence is low"),
        "{rule}"
    );
    assert_eq!(record("PAY-4")["readiness"]["verdict"], "ready");
    // Configurable like every rule: off, the item is ready.
    repo.write(
        "shoshin.yaml",
        &format!("{CONFIG}readiness:\n  rules:\n    confidence: off\n"),
    );
    let model = export(&repo);
    let low = model["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "PAY-5")
        .unwrap();
    assert_eq!(low["readiness"]["verdict"], "ready", "{low}");
}

fn diagnostics(repo: &Repo) -> Vec<(String, String, String, u64)> {
    repo.diagnostics()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().contains("sprint"))
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn unknown_sprints_and_spillover_are_reported_where_the_sprint_is_named() {
    let repo = story();
    let found = diagnostics(&repo);
    assert_eq!(
        found,
        [
            (
                "sprint-spillover".into(),
                "info".into(),
                "items/PAY-2.md".into(),
                9
            ),
            (
                "unknown-sprint".into(),
                "warning".into(),
                "items/PAY-4.md".into(),
                8
            ),
        ]
    );
    let run = repo.run(&["check"]);
    assert!(
        run.stderr
            .contains("PAY-4 is in sprint `S9`, which `sprints:` in shoshin.yaml does not declare"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("PAY-2 is still in sprint `S1`, which ended on 2026-03-13"),
        "{}",
        run.stderr
    );
    // Severities are configurable.
    repo.write(
        "shoshin.yaml",
        &format!("{CONFIG}severity:\n  unknown-sprint: error\n  sprint-spillover: off\n"),
    );
    let found = diagnostics(&repo);
    assert_eq!(
        found,
        [(
            "unknown-sprint".into(),
            "error".into(),
            "items/PAY-4.md".into(),
            8
        )]
    );
}

#[test]
fn overlapping_sprints_are_a_configuration_error_with_its_line() {
    let repo = story();
    repo.write(
        "shoshin.yaml",
        "sprints:\n  - name: S1\n    start: 2026-03-02\n    end: 2026-03-13\n  - name: S2\n    start: 2026-03-10\n    end: 2026-03-27\n",
    );
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("line 5: sprint `S2` (2026-03-10 to 2026-03-27) overlaps sprint `S1`"),
        "{}",
        run.stderr
    );
}

#[test]
fn without_configured_sprints_they_are_inferred_from_the_items() {
    let repo = story();
    repo.write("shoshin.yaml", "title: Sprints\n");
    repo.commit("ana", "2026-03-21", "No sprints configured");
    let model = export(&repo);
    let sprints = model["sprints"]["sprints"].as_array().unwrap();
    let names: Vec<(&str, &str, &str)> = sprints
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap(),
                s["start"].as_str().unwrap(),
                s["end"].as_str().unwrap(),
            )
        })
        .collect();
    // From the first to the last commit at which an item carried the value.
    assert_eq!(
        names,
        [
            ("S1", "2026-03-02", "2026-03-10"),
            ("S9", "2026-03-20", "2026-03-20")
        ]
    );
    assert_eq!(ids(&sprints[0]["committed"]), ["PAY-1", "PAY-2"]);
    // No `sprints:`, so no sprint is unknown.
    assert!(diagnostics(&repo).iter().all(|d| d.0 != "unknown-sprint"));
}

/// The part of `page` from `start` to the end of the element it opens.
fn section<'a>(page: &'a str, start: &str) -> &'a str {
    let from = page.find(start).unwrap_or_else(|| panic!("no {start} in {page}"));
    let to = page[from..]
        .find("\n</section>")
        .map_or(page.len(), |e| from + e + "\n</section>".len());
    &page[from..to]
}

#[test]
fn the_sprint_page_and_the_health_sections_are_the_expected_ones() {
    let repo = story();
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sprint = repo.read("public/sprints/s1/index.html");
    let from = sprint.find("<main").expect("a main element");
    let to = sprint.find("</main>").expect("its end") + "</main>".len();
    let main = &sprint[from..to];
    fixture::assert_expected("sprints", "sprint-s1.html", main);
    let health = repo.read("public/health/index.html");
    fixture::assert_expected(
        "sprints",
        "health-predictability.html",
        section(&health, "<section aria-labelledby=\"sec-predictability\">"),
    );
    assert!(
        health.contains("<a href=\"../sprints/s1/index.html\">S1</a>"),
        "{health}"
    );
}

/// The demo, built once: its scripted history has several sprints.
fn demo_site() -> &'static std::path::Path {
    static SITE: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> = std::sync::OnceLock::new();
    &SITE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let demo = dir.path().join("demo");
            let run = crate::common::shoshin(dir.path(), &["demo", demo.to_str().unwrap()]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            (dir, demo.join("public"))
        })
        .1
}

/// The demo's health page and a sprint page, as a browser shows them:
/// the predictability figures, screenshots at phone and desktop widths in
/// `browser-artifacts/`, and no serious accessibility violation (with
/// axe-core installed).
#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn the_demo_health_and_sprint_pages_in_a_browser() {
    use crate::browser_support::{artifacts, with_browser, StaticServer};
    let site = demo_site();
    let health = std::fs::read_to_string(site.join("health/index.html")).unwrap();
    assert!(
        health.contains("<a href=\"../sprints/2025-s16/index.html\">2025-S16</a>"),
        "{health}"
    );
    assert!(
        health.contains("<dt>Raised after commitment</dt><dd><strong>1</strong>"),
        "{health}"
    );
    let server = StaticServer::start(site);
    let shots = artifacts();
    let axe_file = crate::common::project_dir().join("tests/browser/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(axe_file).ok();
    with_browser(true, |browser| async move {
        let mut found = Vec::new();
        for (width, height) in [(375, 812), (1280, 900)] {
            browser.client.set_window_size(width, height).await.unwrap();
            for (name, page) in [
                ("health", "health/index.html#sec-predictability"),
                ("sprint", "sprints/2025-s14/index.html"),
            ] {
                browser
                    .client
                    .goto(&format!("{}{page}", server.url))
                    .await
                    .unwrap();
                let png = browser.client.screenshot().await.unwrap();
                assert!(png.starts_with(b"\x89PNG") && png.len() > 5_000, "{name}-{width}");
                std::fs::write(shots.join(format!("demo-{name}-{width}.png")), png).unwrap();
                if let (Some(axe), 1280) = (&axe, width) {
                    for v in browser.axe_violations(axe).await {
                        found.push(format!("{page}: {v}"));
                    }
                }
            }
        }
        assert_eq!(found, Vec::<String>::new());
    });
}
