//! Decisions over time and their code on the site: `review-due` against
//! the last commit's date, `accepted-without-decider`, and the decision
//! page's blocks (who set the status, review date, code areas, citing
//! code), on git repositories made in the test with fixed authors and dates.

use crate::common;
use common::Repo;

fn decision(id: &str, status: &str, extra: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: Decision {id}\nstatus: {status}\ndate: 2026-01-05\n{extra}---\n## Context\nThe ledger must match the bank's statements to the cent.\n"
    )
}

fn codes(repo: &Repo) -> Vec<(String, String)> {
    repo.diagnostics()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
            )
        })
        .filter(|(code, _)| code != "history-unavailable")
        .collect()
}

#[test]
fn review_is_due_a_day_past_its_date_and_not_a_day_before() {
    let repo = Repo::with(&[
        (
            "decisions/ADR-1-past.md",
            &decision("ADR-1", "accepted", "deciders: [ana]\nreview_by: 2026-03-09\n"),
        ),
        (
            "decisions/ADR-2-before.md",
            &decision("ADR-2", "accepted", "deciders: [ana]\nreview_by: 2026-03-11\n"),
        ),
        (
            "decisions/ADR-3-retired.md",
            &decision("ADR-3", "deprecated", "deciders: [ana]\nreview_by: 2026-01-01\n"),
        ),
    ]);
    repo.git_init();
    repo.commit("ana", "2026-03-10", "decisions");
    assert_eq!(
        codes(&repo),
        [("review-due".to_string(), "decisions/ADR-1-past.md".to_string())]
    );
    let agenda = repo.run(&["agenda"]);
    let due = &agenda.stdout[agenda.stdout.find("Due for review:").expect("a due list")..];
    assert!(
        due.contains("ADR-1  Decision ADR-1 (review by 2026-03-09)"),
        "{due}"
    );
    assert!(!due.contains("ADR-2") && !due.contains("ADR-3"), "{due}");
    assert_eq!(repo.run(&["build"]).code, 0);
    let home = repo.read("public/index.html");
    let section = &home[home
        .find("id=\"due-for-review\"")
        .expect("the home page lists due decisions")..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(
        section.contains("ADR-1") && !section.contains("ADR-2"),
        "{section}"
    );
    let page = repo.read("public/decisions/ADR-1/index.html");
    assert!(page.contains("due for review"), "the page marks it due");
}

#[test]
fn outside_git_review_is_judged_against_the_latest_date_a_record_carries() {
    // No commit to date the repository: the latest well-formed `date` of
    // any record stands in for "today" (here the session's, 2026-03-10).
    let repo = Repo::with(&[
        (
            "decisions/ADR-1-past.md",
            &decision("ADR-1", "accepted", "deciders: [ana]\nreview_by: 2026-03-09\n"),
        ),
        (
            "decisions/ADR-2-before.md",
            &decision("ADR-2", "accepted", "deciders: [ana]\nreview_by: 2026-03-11\n"),
        ),
        (
            "sessions/2026-03-10-refinement.md",
            "---\ndate: 2026-03-10\n---\nNotes.\n",
        ),
    ]);
    assert_eq!(
        codes(&repo),
        [("review-due".to_string(), "decisions/ADR-1-past.md".to_string())]
    );
    assert_eq!(repo.run(&["build"]).code, 0);
    let page = repo.read("public/decisions/ADR-1/index.html");
    assert!(page.contains("due for review"), "the page marks it due");
    let page = repo.read("public/decisions/ADR-2/index.html");
    assert!(!page.contains("due for review"), "a day before is not due");
}

#[test]
fn review_after_counts_from_the_commit_that_accepted_the_decision() {
    let repo = Repo::with(&[
        ("shoshin.yaml", "review_after: 1 month\n"),
        (
            "decisions/ADR-1-a.md",
            &decision("ADR-1", "proposed", "deciders: [ana]\n"),
        ),
    ]);
    repo.git_init();
    repo.commit("ana", "2026-01-05", "propose");
    repo.replace("decisions/ADR-1-a.md", "status: proposed", "status: accepted");
    repo.commit("bo", "2026-02-01", "accept");
    repo.write("notes.txt", "later");
    repo.write(
        "decisions/ADR-2-b.md",
        &decision("ADR-2", "proposed", "deciders: [ana]\n"),
    );
    repo.commit("bo", "2026-03-01", "later");
    assert!(
        codes(&repo).is_empty(),
        "due on 2026-03-01, not yet past: {:?}",
        codes(&repo)
    );
    repo.write(
        "decisions/ADR-3-c.md",
        &decision("ADR-3", "proposed", "deciders: [ana]\n"),
    );
    repo.commit("bo", "2026-03-02", "later still");
    assert_eq!(
        codes(&repo),
        [("review-due".to_string(), "decisions/ADR-1-a.md".to_string())]
    );
}

#[test]
fn an_accepted_decision_needs_deciders_or_a_recorded_approver() {
    let repo = Repo::with(&[
        ("decisions/ADR-1-none.md", &decision("ADR-1", "accepted", "")),
        (
            "decisions/ADR-2-named.md",
            &decision("ADR-2", "accepted", "deciders: [ana]\n"),
        ),
        ("decisions/ADR-3-proposed.md", &decision("ADR-3", "proposed", "")),
    ]);
    // Without history there is no record to consult.
    assert!(codes(&repo).is_empty(), "{:?}", codes(&repo));
    // Committed, the commit's author accepted it.
    repo.git_init();
    repo.commit("cy", "2026-01-06", "decisions");
    assert!(codes(&repo).is_empty(), "{:?}", codes(&repo));
    // Accepted in the working tree only: nobody is recorded yet.
    repo.replace(
        "decisions/ADR-3-proposed.md",
        "status: proposed",
        "status: accepted",
    );
    assert_eq!(
        codes(&repo),
        [(
            "accepted-without-decider".to_string(),
            "decisions/ADR-3-proposed.md".to_string()
        )]
    );
    let run = repo.run(&["check", "--format", "json"]);
    let json: serde_json::Value = run.json();
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "accepted-without-decider");
    assert_eq!(found.unwrap()["severity"], "info");
    // Severities are configurable like any other code.
    repo.write(
        "shoshin.yaml",
        "severity:\n  accepted-without-decider: off\n  review-due: error\n",
    );
    assert_eq!(repo.run(&["check"]).code, 0);
}

#[test]
fn the_decision_page_shows_who_set_its_status_its_code_areas_and_citing_code() {
    let repo = Repo::with(&[
        (
            "decisions/ADR-1-ledger.md",
            &decision(
                "ADR-1",
                "proposed",
                "applies_to: [src/ledger/**]\nreview_by: 2027-01-01\nrelated: [ADR-2]\n",
            ),
        ),
        (
            "decisions/ADR-2-other.md",
            &decision("ADR-2", "accepted", "deciders: [bo]\n"),
        ),
        ("src/ledger/round.rs", "fn round() {}\n// Rounds as ADR-1 says.\n"),
    ]);
    repo.git_init();
    repo.commit("ana", "2026-01-05", "propose");
    repo.replace(
        "decisions/ADR-1-ledger.md",
        "status: proposed",
        "status: accepted",
    );
    repo.commit("bo", "2026-01-20", "accept");
    assert_eq!(repo.run(&["build"]).code, 0);
    let page = repo.read("public/decisions/ADR-1/index.html");
    let text: String = page.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(
            r#"<dt>Status set by</dt><dd><span class="person">bo</span> on <time datetime="2026-01-20">"#
        ),
        "{text}"
    );
    assert!(
        text.contains(r#"<dt>Review by</dt><dd><time datetime="2027-01-01">"#),
        "{text}"
    );
    let areas = &text[text.find("id=\"sec-code-areas\"").expect("a code areas section")..];
    assert!(
        areas.contains("<code>src/ledger/**</code> <span class=\"count\">(1 file)</span>"),
        "{areas}"
    );
    let cited = &text[text
        .find("id=\"sec-cited-by-code\"")
        .expect("a citing code section")..];
    assert!(cited.contains("<code>src/ledger/round.rs:2</code>"), "{cited}");
    let related = &text[text.find("id=\"sec-related\"").expect("a related section")..];
    assert!(related.contains("ADR-2"), "{related}");
    let list = repo.read("public/code-areas/index.html");
    assert!(
        list.contains("<code>src/ledger/**</code>") && list.contains("ADR-1"),
        "{list}"
    );
    // `src` is in no title or body: only the pattern puts it in the index.
    let index = repo.read("public/search-index.js");
    assert!(index.contains("\"src\":["), "the search finds decisions by path");
    // A repository whose decisions name no code has no such page.
    let plain = Repo::with(&[(
        "decisions/ADR-1-a.md",
        &decision("ADR-1", "accepted", "deciders: [ana]\n"),
    )]);
    assert_eq!(plain.run(&["build"]).code, 0);
    assert!(!plain.root().join("public/code-areas").exists());
}
