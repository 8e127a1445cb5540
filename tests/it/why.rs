//! `shoshin why` and the checks of code areas and code citations, end to
//! end on git repositories made in the test (fixed authors and dates).

use crate::common;
use common::Repo;

fn decision(id: &str, title: &str, status: &str, extra: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: {title}\nstatus: {status}\ndate: 2026-01-10\ndeciders: [ana]\n{extra}---\n## Context\n{title} because the ledger must match the bank. More words.\n"
    )
}

/// A repository with nested patterns: a retired decision over the whole
/// ledger, its successor over the same, a narrower one over one file, and
/// a broad one over every Rust file.
fn ledger() -> Repo {
    let repo = Repo::with(&[
        (
            "decisions/ADR-0001-round-half-up.md",
            &decision("ADR-0001", "Round half up", "superseded", "applies_to: [src/ledger/**]\n"),
        ),
        (
            "decisions/ADR-0002-round-half-even.md",
            &decision(
                "ADR-0002",
                "Round half even",
                "accepted",
                "supersedes: [ADR-0001]\napplies_to: [src/ledger/**]\n",
            ),
        ),
        (
            "decisions/ADR-0003-round-in-one-place.md",
            &decision("ADR-0003", "Round in one place", "accepted", "applies_to: src/ledger/round.rs\n"),
        ),
        (
            "decisions/ADR-0004-rust-everywhere.md",
            &decision("ADR-0004", "Rust everywhere", "accepted", "applies_to: ['**/*.rs']\n"),
        ),
        (
            "src/ledger/round.rs",
            "// Rounds as ADR-0003 says.\nconst NOTE: &str = \"ADR-0001 is only a string\";\n/* old: ADR-0001, and ADR-0077 */\nfn round() {}\n",
        ),
        ("src/ledger/sum.py", "total = 0  # ADR-0002\ns = '# ADR-0001'\n"),
        ("src/web/page.html", "<p>ADR-0001</p>\n"),
        (".gitignore", "build/\n"),
        ("build/generated.rs", "// ADR-0099\n"),
    ]);
    repo.git_init();
    repo.commit("ana", "2026-01-10", "the ledger");
    repo
}

#[test]
fn why_lists_the_most_specific_pattern_first_and_retired_decisions_after() {
    let repo = ledger();
    let run = repo.run(&["why", "src/ledger/round.rs"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let order: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.trim_start().split("  ").next())
        .filter(|w| w.starts_with("ADR-"))
        .collect();
    assert_eq!(
        order,
        ["ADR-0003", "ADR-0002", "ADR-0004", "ADR-0001"],
        "{}",
        run.stdout
    );
    let retired = run
        .stdout
        .find("retired (used to govern it):")
        .expect("a retired group");
    assert!(
        run.stdout[retired..].contains("ADR-0001  Round half up"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("why: Round in one place because the ledger must match the bank."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("read: decisions/ADR-0003-round-in-one-place.md"),
        "{}",
        run.stdout
    );
}

#[test]
fn why_reads_citations_in_comments_and_not_in_strings() {
    let repo = ledger();
    let run = repo.run(&["why", "src/ledger/round.rs", "src/ledger/sum.py"]);
    let cited: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("line "))
        .map(str::trim)
        .collect();
    assert_eq!(
        cited,
        [
            "line 1: ADR-0003",
            "line 3: ADR-0001 (retired)",
            "line 3: ADR-0077 (no decision has this id)",
            "line 1: ADR-0002",
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn why_prints_json_for_tools() {
    let repo = ledger();
    let run = repo.run(&["why", "--format", "json", "src/ledger/round.rs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = run.json();
    assert_eq!(json["matched"], true);
    let path = &json["paths"][0];
    assert_eq!(path["path"], "src/ledger/round.rs");
    let decisions = path["decisions"].as_array().unwrap();
    let rows: Vec<(String, String, String)> = decisions
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["standing"].as_str().unwrap().to_string(),
                d["pattern"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("ADR-0003".into(), "in-force".into(), "src/ledger/round.rs".into()),
            ("ADR-0002".into(), "in-force".into(), "src/ledger/**".into()),
            ("ADR-0004".into(), "in-force".into(), "**/*.rs".into()),
            ("ADR-0001".into(), "retired".into(), "src/ledger/**".into()),
        ]
    );
    assert_eq!(decisions[3]["superseded_by"], serde_json::json!(["ADR-0002"]));
    assert_eq!(decisions[0]["file"], "decisions/ADR-0003-round-in-one-place.md");
    assert_eq!(path["cited"][0]["id"], "ADR-0003");
    assert_eq!(path["cited"][0]["line"], 1);
}

#[test]
fn why_exits_1_when_nothing_matched_and_2_on_errors() {
    let repo = ledger();
    let none = repo.run(&["why", "docs/guide.txt"]);
    assert_eq!(none.code, 1, "{}", none.stdout);
    assert!(
        none.stdout.contains("no decision governs this path"),
        "{}",
        none.stdout
    );
    let folder = repo.run(&["why", "src/ledger"]);
    assert_eq!(folder.code, 0, "{}", folder.stdout);
    assert!(folder.stdout.contains("ADR-0003"), "{}", folder.stdout);
    let outside = repo.run(&["why", "../elsewhere.rs"]);
    assert_eq!(outside.code, 2, "{}{}", outside.stdout, outside.stderr);
    let no_path = repo.run(&["why"]);
    assert_eq!(no_path.code, 2, "{}", no_path.stderr);
}

fn codes_at(repo: &Repo) -> Vec<(String, String, u64)> {
    repo.diagnostics()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn citations_of_retired_and_unknown_decisions_are_warnings_in_comments_only() {
    let repo = ledger();
    let found = codes_at(&repo);
    let citing: Vec<&(String, String, u64)> =
        found.iter().filter(|(c, _, _)| c.starts_with("cites-")).collect();
    let expected = [
        ("cites-retired-decision", "src/ledger/round.rs", 3),
        ("cites-unknown-decision", "src/ledger/round.rs", 3),
    ];
    let expected: Vec<(String, String, u64)> = expected
        .iter()
        .map(|(c, f, l)| (c.to_string(), f.to_string(), *l))
        .collect();
    assert_eq!(citing, expected.iter().collect::<Vec<_>>(), "{found:?}");
}

#[test]
fn patterns_matching_nothing_and_superseded_decisions_still_claiming_code_are_reported() {
    let repo = ledger();
    repo.write(
        "decisions/ADR-0005-docs.md",
        &decision(
            "ADR-0005",
            "Docs in the repo",
            "accepted",
            "applies_to: [docs/**, src/ledger/*.rs]\n",
        ),
    );
    // ADR-0001 says accepted again though ADR-0002 supersedes it.
    repo.replace(
        "decisions/ADR-0001-round-half-up.md",
        "status: superseded",
        "status: accepted",
    );
    let found = codes_at(&repo);
    let of = |code: &str| -> Vec<(String, u64)> {
        found
            .iter()
            .filter(|(c, _, _)| c == code)
            .map(|(_, f, l)| (f.clone(), *l))
            .collect()
    };
    assert_eq!(
        of("applies-to-nothing"),
        [("decisions/ADR-0005-docs.md".to_string(), 7)]
    );
    assert_eq!(
        of("superseded-still-governs"),
        [("decisions/ADR-0001-round-half-up.md".to_string(), 7)]
    );
    // The code root elsewhere: patterns are read from there.
    repo.write("shoshin.yaml", "code_root: src\n");
    let found = codes_at(&repo);
    let nothing: Vec<u64> = found
        .iter()
        .filter(|(c, _, _)| c == "applies-to-nothing")
        .map(|(_, _, l)| *l)
        .collect();
    assert_eq!(nothing.len(), 4, "{found:?}");
    // A path from the current folder is read relative to the code root.
    let run = repo.run(&["why", "--format", "json", "src/ledger/round.rs"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let json: serde_json::Value = run.json();
    assert_eq!(json["code_root"], "src");
    assert_eq!(json["paths"][0]["path"], "ledger/round.rs");
    let ids: Vec<&str> = json["paths"][0]["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ADR-0004"]);
}

#[test]
fn related_decisions_are_checked_like_other_references() {
    let repo = ledger();
    repo.replace(
        "decisions/ADR-0004-rust-everywhere.md",
        "applies_to:",
        "related: [ADR-0003, ADR-0404]\napplies_to:",
    );
    let found = codes_at(&repo);
    let broken: Vec<&(String, String, u64)> =
        found.iter().filter(|(c, _, _)| c == "broken-reference").collect();
    assert_eq!(
        broken,
        [&(
            "broken-reference".to_string(),
            "decisions/ADR-0004-rust-everywhere.md".to_string(),
            7
        )],
        "{found:?}"
    );
    let export: serde_json::Value = repo.run(&["export"]).json();
    let record = export["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "ADR-0004")
        .unwrap();
    assert_eq!(record["related"], serde_json::json!(["ADR-0003", "ADR-0404"]));
    assert_eq!(record["applies_to"], serde_json::json!(["**/*.rs"]));
}

/// Sets the modification time of every file and folder of the repository
/// (but `.git`) a day back, as for files not touched since yesterday: the
/// why index trusts only times that are not too recent.
fn age(repo: &Repo) {
    let yesterday = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    let mut stack = vec![repo.root().to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                stack.push(path.clone());
            }
            std::fs::File::open(&path)
                .unwrap()
                .set_modified(yesterday)
                .unwrap();
        }
        std::fs::File::open(&folder)
            .unwrap()
            .set_modified(yesterday)
            .unwrap();
    }
}

/// `why` on `paths`: the answer and what the why index said of the run.
fn why_with_note(repo: &Repo, paths: &[&str]) -> (String, String) {
    let mut args = vec!["--timings", "why", "--format", "json"];
    args.extend(paths);
    let run = repo.run(&args);
    assert!(run.code < 2, "{}{}", run.stdout, run.stderr);
    let note = run
        .stderr
        .lines()
        .find(|l| l.contains("why index:"))
        .unwrap_or("no note")
        .trim()
        .to_string();
    (run.stdout, note)
}

/// The ids `why` lists for the first path of a JSON answer, with their standing.
fn standings(json: &str) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(json).expect("JSON");
    json["paths"][0]["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["standing"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_warm_why_index_gives_the_answer_of_a_full_load() {
    let repo = ledger();
    age(&repo);
    let paths = ["src/ledger/round.rs", "src/ledger", "src/web/page.html"];
    let (cold, note) = why_with_note(&repo, &paths);
    assert_eq!(note, "why index: every file read");
    let (warm, note) = why_with_note(&repo, &paths);
    assert_eq!(note, "why index: 4 record files reused, none read");
    assert_eq!(warm, cold);
    // Without the table (a write cut short): made again from the briefs.
    std::fs::remove_file(repo.root().join(".git/shoshin/why-answers.bin")).unwrap();
    let (again, note) = why_with_note(&repo, &paths);
    assert_eq!(note, "why index: 0 files read again, 0 gone");
    assert_eq!(again, cold);
    // Without the index at all, the same again.
    std::fs::remove_dir_all(repo.root().join(".git/shoshin")).unwrap();
    assert_eq!(why_with_note(&repo, &paths).0, cold);
    assert_eq!(
        standings(&cold),
        [
            ("ADR-0003".into(), "in-force".into()),
            ("ADR-0002".into(), "in-force".into()),
            ("ADR-0004".into(), "in-force".into()),
            ("ADR-0001".into(), "retired".into()),
        ]
    );
}

#[test]
fn the_why_index_sees_edits_new_and_deleted_decisions_and_settings() {
    let repo = ledger();
    age(&repo);
    let round = ["src/ledger/round.rs"];
    why_with_note(&repo, &round);
    // Same size: `accepted` becomes `rejected`, a pattern another of its length.
    repo.replace(
        "decisions/ADR-0003-round-in-one-place.md",
        "status: accepted",
        "status: rejected",
    );
    repo.replace("decisions/ADR-0004-rust-everywhere.md", "'**/*.rs'", "'**/*.py'");
    let (answer, note) = why_with_note(&repo, &round);
    assert_eq!(note, "why index: 2 files read again, 0 gone");
    assert_eq!(
        standings(&answer),
        [
            ("ADR-0002".into(), "in-force".into()),
            ("ADR-0003".into(), "retired".into()),
            ("ADR-0001".into(), "retired".into()),
        ]
    );
    repo.write(
        "decisions/ADR-0005-exact-sums.md",
        &decision(
            "ADR-0005",
            "Exact sums",
            "accepted",
            "applies_to: [src/ledger/*.rs]\n",
        ),
    );
    std::fs::remove_file(repo.root().join("decisions/ADR-0002-round-half-even.md")).unwrap();
    let (answer, note) = why_with_note(&repo, &round);
    // The two files edited just before the last run are read again too:
    // their times were too recent to be trusted.
    assert_eq!(note, "why index: 3 files read again, 1 gone");
    assert_eq!(
        standings(&answer),
        [
            ("ADR-0005".into(), "in-force".into()),
            ("ADR-0003".into(), "retired".into()),
            ("ADR-0001".into(), "retired".into()),
        ]
    );
    // Another configuration is another index: the site's pages appear.
    repo.write("shoshin.yaml", "base_url: https://adr.example.com/\n");
    let (answer, note) = why_with_note(&repo, &round);
    assert_eq!(note, "why index: every file read");
    assert!(
        answer.contains("https://adr.example.com/decisions/ADR-0005/index.html"),
        "{answer}"
    );
}
