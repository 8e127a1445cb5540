//! History from git, end to end: real repositories made with the `git`
//! command, with fixed authors and dates, built into sites.

use crate::common;
use common::Repo;

const ADR_1: &str = "decisions/ADR-1-use-postgres.md";

fn decision(id: &str, title: &str, status: &str, extra: &str) -> String {
    format!("---\nid: {id}\ntitle: {title}\nstatus: {status}\n{extra}---\n## Context\nInvoices need a store that keeps every cent.\n")
}

fn item(status: &str, extra: &str) -> String {
    format!(
        "---\nid: PAY-1\ntitle: Export invoices\nstatus: {status}\nestimate: 3\nowner: ana\n{extra}---\n## Why\nFinance reconciles invoices in spreadsheets every month, by hand.\n\n## Acceptance criteria\n- [ ] A CSV download\n"
    )
}

/// The `History` section of a built page.
fn history_section(page: &str) -> &str {
    let start = page
        .find("id=\"sec-history\"")
        .expect("the page has a history section");
    let end = page[start..]
        .find("</section>")
        .map(|e| start + e)
        .unwrap_or(page.len());
    &page[start..end]
}

/// The `<li>` lines of a history section, without tags.
fn transitions(section: &str) -> Vec<String> {
    section
        .split("<li>")
        .skip(1)
        .map(|li| {
            let li = li.split("</li>").next().unwrap_or("");
            let mut text = String::new();
            let mut in_tag = false;
            for c in li.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

fn codes(repo: &Repo) -> Vec<String> {
    repo.diagnostics()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

fn decision_story() -> Repo {
    let repo = Repo::new();
    repo.git_init();
    repo.write(ADR_1, &decision("ADR-1", "Use Postgres", "proposed", ""));
    repo.commit("ana", "2026-01-03", "Propose Postgres");
    repo.write(ADR_1, &decision("ADR-1", "Use Postgres", "accepted", ""));
    repo.commit("bo", "2026-01-10", "Accept Postgres");
    repo.write(ADR_1, &decision("ADR-1", "Use Postgres", "superseded", ""));
    repo.write(
        "decisions/ADR-2-use-cockroach.md",
        &decision("ADR-2", "Use CockroachDB", "accepted", "supersedes: [ADR-1]\n"),
    );
    repo.commit("cy", "2026-05-01", "Move to CockroachDB");
    repo
}

#[test]
fn a_decision_page_tells_its_story_with_authors_and_dates() {
    let repo = decision_story();
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("history-unavailable"), "{}", run.stderr);
    let page = repo.read("public/decisions/ADR-1/index.html");
    let lines = transitions(history_section(&page));
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with("proposed 2026-01-03 by ana"), "{lines:?}");
    assert!(lines[1].starts_with("accepted 2026-01-10 by bo"), "{lines:?}");
    assert!(
        lines[2].starts_with("superseded 2026-05-01 by cy · replaced by ADR-2 Use CockroachDB"),
        "{lines:?}"
    );
    assert!(history_section(&page).contains("Created <time datetime=\"2026-01-03\">"));
    assert!(history_section(&page).contains("3 commits."));
}

/// The commits the repository's history cache holds, as a `check` that
/// reads it says (`--timings`), and that it compared none itself.
fn cached_commits(repo: &Repo) -> usize {
    assert!(repo.root().join(".git/shoshin/history.bin").is_file());
    let run = repo.run(&["--timings", "check"]);
    let note = run
        .stderr
        .lines()
        .find_map(|line| line.trim().strip_prefix("history cache: "))
        .unwrap_or_else(|| panic!("no note on the history cache: {}", run.stderr));
    let (kept, rest) = note.split_once(" of ").expect("N of M commits kept");
    assert!(rest.ends_with(", 0 compared"), "{note}");
    kept.parse().expect("a number of commits")
}

#[test]
fn history_kept_between_runs_takes_in_new_commits_and_survives_damage() {
    let repo = decision_story();
    assert_eq!(repo.run(&["build"]).code, 0);
    assert_eq!(cached_commits(&repo), 3);
    repo.write(
        "decisions/ADR-2-use-cockroach.md",
        &decision("ADR-2", "Use CockroachDB", "deprecated", "supersedes: [ADR-1]\n"),
    );
    repo.commit("dee", "2026-06-01", "Deprecate CockroachDB");
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(cached_commits(&repo), 4);
    let page = repo.read("public/decisions/ADR-2/index.html");
    let lines = transitions(history_section(&page));
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[1].starts_with("deprecated 2026-06-01 by dee"), "{lines:?}");
    // A damaged cache is ignored with a note, rebuilt, and gives the same
    // site; one of another layout is ignored silently.
    let file = repo.root().join(".git/shoshin/history.bin");
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    std::fs::write(&file, &bytes).unwrap();
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("history.bin is damaged: it is ignored and written again"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.read("public/decisions/ADR-2/index.html"), page);
    assert_eq!(cached_commits(&repo), 4);
    repo.write(".git/shoshin/history.bin", "shoshinH\u{2}\0\0\0{\"damaged\": [");
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("damaged"), "{}", run.stderr);
    assert_eq!(repo.read("public/decisions/ADR-2/index.html"), page);
    assert_eq!(cached_commits(&repo), 4);
}

#[test]
fn the_feed_has_an_entry_per_new_decision_and_change_of_status() {
    let repo = decision_story();
    assert_eq!(repo.run(&["build"]).code, 0);
    let feed = repo.read("public/feed.xml");
    assert!(feed.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
    ));
    let titles: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .map(|e| {
            e.split("<title>")
                .nth(1)
                .unwrap()
                .split("</title>")
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(
        titles,
        [
            "ADR-1 Use Postgres: accepted → superseded",
            "ADR-2 Use CockroachDB (accepted)",
            "ADR-1 Use Postgres: proposed → accepted",
            "ADR-1 Use Postgres (proposed)",
        ]
    );
    assert!(
        feed.contains("<updated>2026-01-10T12:00:00+01:00</updated>\n    <author><name>bo</name></author>")
    );
    assert!(
        feed.contains("  <updated>2026-05-01T11:00:00Z</updated>\n"),
        "{feed}"
    );
    for entry in feed.split("<entry>").skip(1) {
        for element in [
            "<id>",
            "<title>",
            "<updated>",
            "<author><name>",
            "<link rel=\"alternate\"",
        ] {
            assert!(entry.contains(element), "{element} missing in {entry}");
        }
    }
    let home = repo.read("public/index.html");
    assert!(home.contains("What changed recently"));
    assert!(home.contains("proposed → <span class=\"badge badge-accepted\">accepted</span> by"));
}

#[test]
fn the_decision_log_is_sorted_by_decision_date_then_git_date() {
    let repo = Repo::new();
    repo.git_init();
    repo.write(
        "decisions/ADR-1-a.md",
        &decision("ADR-1", "Old, dated", "accepted", "date: 2025-03-01\n"),
    );
    repo.commit("ana", "2026-02-01", "one");
    repo.write(
        "decisions/ADR-2-b.md",
        &decision("ADR-2", "Undated", "accepted", ""),
    );
    repo.commit("ana", "2026-04-01", "two");
    repo.write(
        "decisions/ADR-3-c.md",
        &decision("ADR-3", "New, dated", "accepted", "date: 2026-06-01\n"),
    );
    repo.commit("ana", "2026-03-01", "three");
    assert_eq!(repo.run(&["build"]).code, 0);
    let log = repo.read("public/decisions/index.html");
    let at = |id: &str| {
        log.find(&format!(">{id}<"))
            .unwrap_or_else(|| panic!("{id} in the log"))
    };
    assert!(at("ADR-3") < at("ADR-2") && at("ADR-2") < at("ADR-1"), "{log}");
    assert!(
        log.contains("April 2026"),
        "the undated decision is filed under its git date"
    );
}

#[test]
fn an_item_sent_back_to_refining_counts_as_rework() {
    let repo = Repo::new();
    repo.git_init();
    repo.write("items/PAY-1-export.md", &item("refining", ""));
    repo.commit("ana", "2026-01-05", "New item");
    repo.write("items/PAY-1-export.md", &item("ready", ""));
    repo.commit("bo", "2026-01-12", "Ready");
    repo.write("items/PAY-1-export.md", &item("refining", ""));
    repo.commit("cy", "2026-01-20", "Back to refining: the format is unclear");
    repo.write("items/PAY-1-export.md", &item("ready", "tags: [csv]\n"));
    repo.commit("ana", "2026-02-02", "Ready again");
    repo.write(
        "items/PAY-2-other.md",
        &item("refining", "").replace("PAY-1", "PAY-2"),
    );
    repo.commit("ana", "2026-02-03", "Another item");
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = repo.read("public/items/PAY-1/index.html");
    let lines = transitions(history_section(&page));
    let want = [
        "refining · open 2026-01-05 by ana",
        "ready 2026-01-12 by bo",
        "refining · open 2026-01-20 by cy",
        "ready 2026-02-02 by ana",
    ];
    assert_eq!(lines.len(), want.len(), "{lines:?}");
    for (line, want) in lines.iter().zip(want) {
        assert!(line.starts_with(want), "{line:?} should start with {want:?}");
    }
    let health = repo.read("public/health/index.html");
    assert!(
        health.contains("<strong>50%</strong> (1 of 2 items) went from ready back to an open status"),
        "{health}"
    );
    let rework = health
        .split("class=\"links rework\"")
        .nth(1)
        .expect("a rework list");
    let rework = rework.split("</ul>").next().unwrap();
    assert!(rework.contains("PAY-1") && !rework.contains("PAY-2"), "{rework}");
    assert!(
        rework.contains("back to refinement on <time datetime=\"2026-01-20\">"),
        "{rework}"
    );
    // Passes to ready: PAY-1 became ready on its second commit, 7 days after creation.
    assert!(health.contains("median <strong>2</strong> commits"), "{health}");
    assert!(health.contains("median <strong>7</strong> days"), "{health}");
    // The readiness trend: PAY-1 was back in refinement at the end of January.
    assert!(
        health.contains("2025-12: 0, 2026-01: 0, 2026-02: 1</title>"),
        "{health}"
    );
    // One commit (the last) touched PAY-1 while it was ready.
    assert!(health.contains("<strong>1</strong> commit to items while they were ready or in progress"));
}

#[test]
fn a_renamed_record_keeps_its_history() {
    let repo = Repo::new();
    repo.git_init();
    repo.write(
        "decisions/ADR-1-postgres.md",
        &decision("ADR-1", "Use Postgres", "proposed", ""),
    );
    repo.commit("ana", "2026-01-03", "Propose");
    repo.git(
        &[
            "mv",
            "decisions/ADR-1-postgres.md",
            "decisions/ADR-1-use-postgres.md",
        ],
        "bo",
        "2026-01-04",
    );
    repo.commit("bo", "2026-01-04", "Rename");
    // Renamed and edited in one commit: followed by its id.
    repo.git(
        &[
            "mv",
            "decisions/ADR-1-use-postgres.md",
            "decisions/ADR-1-postgres-for-invoices.md",
        ],
        "cy",
        "2026-01-05",
    );
    repo.write(
        "decisions/ADR-1-postgres-for-invoices.md",
        &decision("ADR-1", "Use Postgres for invoices", "accepted", ""),
    );
    repo.commit("cy", "2026-01-05", "Rename and accept");
    assert_eq!(repo.run(&["build"]).code, 0);
    let page = repo.read("public/decisions/ADR-1/index.html");
    let section = history_section(&page);
    let lines = transitions(section);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("proposed 2026-01-03 by ana"), "{lines:?}");
    assert!(lines[1].starts_with("accepted 2026-01-05 by cy"), "{lines:?}");
    assert!(section.contains("3 commits."), "{section}");
}

fn count_unavailable(repo: &Repo) -> (usize, String) {
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (run.stderr.matches("history-unavailable").count(), run.stderr)
}

#[test]
fn a_plain_folder_builds_with_one_warning_and_front_matter_dates() {
    let repo = Repo::with(&[
        (
            "decisions/ADR-1-a.md",
            &decision("ADR-1", "Dated", "accepted", "date: 2025-03-01\n"),
        ),
        (
            "decisions/ADR-2-b.md",
            &decision("ADR-2", "Undated", "accepted", ""),
        ),
    ]);
    let (count, stderr) = count_unavailable(&repo);
    assert_eq!(count, 1, "{stderr}");
    assert!(
        stderr.contains("not in a git repository") && stderr.contains("fetch-depth: 0"),
        "{stderr}"
    );
    assert_eq!(
        codes(&repo)
            .iter()
            .filter(|c| *c == "history-unavailable")
            .count(),
        1
    );
    let page = repo.read("public/decisions/ADR-1/index.html");
    assert!(history_section(&page)
        .contains("Dated <time datetime=\"2025-03-01\">2025-03-01</time> in its front matter"));
    let page = repo.read("public/decisions/ADR-2/index.html");
    assert!(history_section(&page).contains("File last modified"));
    assert!(repo
        .read("public/feed.xml")
        .contains("<title>ADR-1 Dated (accepted)</title>"));
}

#[test]
fn a_shallow_clone_builds_with_one_warning() {
    let origin = decision_story();
    let clone = Repo::new();
    let url = format!("file://{}", origin.root().display());
    origin.git(
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &url,
            clone.root().to_str().unwrap(),
        ],
        "ana",
        "2026-06-01",
    );
    let (count, stderr) = count_unavailable(&clone);
    assert_eq!(count, 1, "{stderr}");
    assert!(
        stderr.contains("shallow clone") && stderr.contains("fetch-depth: 0"),
        "{stderr}"
    );
    let page = clone.read("public/decisions/ADR-1/index.html");
    assert!(
        !page.contains("by ana"),
        "no history is made up from a partial one"
    );
}

#[test]
fn history_can_be_turned_off_without_a_warning() {
    let repo = decision_story();
    repo.write("shoshin.yaml", "history:\n  enabled: false\n");
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("history-unavailable"), "{}", run.stderr);
    assert!(!repo.read("public/decisions/ADR-1/index.html").contains("by ana"));
}

#[test]
fn an_uncommitted_record_falls_back_to_its_file_time_without_a_warning() {
    let repo = decision_story();
    repo.write(
        "decisions/ADR-3-new.md",
        &decision("ADR-3", "Draft", "proposed", ""),
    );
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("history-unavailable"), "{}", run.stderr);
    assert!(history_section(&repo.read("public/decisions/ADR-3/index.html")).contains("File last modified"));
}

#[test]
fn a_ready_item_untouched_for_too_long_is_stale() {
    let repo = Repo::new();
    repo.git_init();
    repo.write("shoshin.yaml", "history:\n  stale_after_days: 30\n");
    repo.write("items/PAY-1-export.md", &item("ready", ""));
    repo.commit("ana", "2026-01-05", "Ready item");
    repo.write(
        "items/PAY-2-other.md",
        &item("ready", "").replace("PAY-1", "PAY-2"),
    );
    repo.commit("bo", "2026-03-01", "Another ready item");
    let found = codes(&repo);
    assert_eq!(
        found.iter().filter(|c| *c == "stale-ready").count(),
        1,
        "{found:?}"
    );
    let run = repo.run(&["check"]);
    assert!(
        run.stderr
            .contains("PAY-1 has been ready and unchanged since 2026-01-05 (55 days"),
        "{}",
        run.stderr
    );
    assert_eq!(repo.run(&["build"]).code, 0);
    let health = repo.read("public/health/index.html");
    let stale = health
        .split("class=\"links stale-ready\"")
        .nth(1)
        .expect("a stale list");
    assert!(stale.split("</ul>").next().unwrap().contains("PAY-1"));
}

fn session(n: u32, first: &str, participants: &str) -> (String, String) {
    (
        format!("sessions/2026-0{n}-01-refinement.md"),
        format!(
            "---\nid: S-{n}\ntitle: Refinement {n}\ndate: 2026-0{n}-01\nfacilitator: dana\nparticipants: [{participants}]\nfirst_proposal: {first}\nduration: {}\n---\nNotes.\n",
            30 + n * 10
        ),
    )
}

#[test]
fn the_rotation_names_who_has_not_proposed_first_lately() {
    let sessions = [
        session(1, "eve", "ana, bo, eve"),
        session(2, "ana", "ana, bo, cy"),
        session(3, "cy", "ana, bo, cy"),
        session(4, "ana", "ana, bo, cy"),
    ];
    let mut files: Vec<(&str, &str)> = sessions.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    files.push(("shoshin.yaml", "history:\n  rotation_sessions: 3\n"));
    let repo = Repo::with(&files);
    assert_eq!(repo.run(&["build"]).code, 0);
    let health = repo.read("public/health/index.html");
    let table = health
        .split("<table class=\"records rotation\">")
        .nth(1)
        .expect("a rotation table");
    let table = table.split("</table>").next().unwrap();
    assert!(table.contains("The last 3 sessions with a first proposal"));
    let rows: Vec<&str> = table.split("<tr><td>").skip(1).collect();
    assert_eq!(rows.len(), 3);
    assert!(
        rows[0].contains("S-4") && rows[0].contains(">ana</a></td></tr>"),
        "{}",
        rows[0]
    );
    assert!(!table.contains("S-1"), "only the last 3 sessions");
    let named = health
        .split("<p class=\"not-first\">")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert!(named.starts_with("Not first in the last 3 sessions:"), "{named}");
    assert!(named.contains(">bo</a>"), "{named}");
    assert!(
        !named.contains(">ana</a>") && !named.contains(">cy</a>") && !named.contains("eve"),
        "{named}"
    );
    // Facilitation and first proposals are counted over every session.
    assert!(health.contains("<title>dana: 4</title>"), "{health}");
    assert!(
        health.contains("<title>ana: 2, cy: 1, eve: 1</title>"),
        "{health}"
    );
    assert!(
        health.contains("median <strong>50</strong> minutes (range 40–70)"),
        "{health}"
    );
}

fn backlog_task(status: &str) -> String {
    format!(
        "---\nid: task-1\ntitle: Export invoices\nstatus: {status}\nassignee: []\ncreated_date: '2026-01-03'\nlabels: []\ndependencies: []\n---\n\n## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\nFinance reconciles invoices by hand.\n<!-- SECTION:DESCRIPTION:END -->\n"
    )
}

#[test]
fn statuses_of_several_words_stay_whole_in_the_history() {
    let repo = Repo::new();
    repo.git_init();
    let task = "backlog/tasks/task-1 - Export-invoices.md";
    repo.write(task, &backlog_task("To Do"));
    repo.commit("ana", "2026-01-03", "Add the task");
    repo.write(task, &backlog_task("In Progress"));
    repo.commit("bo", "2026-01-10", "Start it");
    repo.write(task, &backlog_task("\"Won't Do\""));
    repo.commit("cy", "2026-02-01", "Drop it");
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = repo.read("public/items/TASK-1/index.html");
    let section = history_section(&page);
    let lines = transitions(section);
    assert_eq!(lines.len(), 3, "{lines:?}");
    // Each past status has the category the readers map it to, beside it.
    assert!(
        lines[0].starts_with("to do · open 2026-01-03 by ana"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("in progress · active 2026-01-10 by bo"),
        "{lines:?}"
    );
    assert!(
        lines[2].starts_with("won&#39;t do · closed 2026-02-01 by cy"),
        "{lines:?}"
    );
    assert!(section.contains("badge-open"), "{section}");
    assert!(section.contains("badge-active"), "{section}");
    assert!(section.contains("badge-closed"), "{section}");
    let home = repo.read("public/index.html");
    assert!(
        home.contains("in progress →"),
        "the recent changes keep the words whole"
    );
    // Backlog.md's section markers are comments: not on the page.
    assert!(page.contains("Finance reconciles invoices by hand."), "{page}");
    assert!(!page.contains("SECTION:DESCRIPTION"), "{page}");
}
