//! Ids that stay unique across branches: `new` skips an id another branch
//! took, and `check --base` reports an id the base gives another record.
//! Repositories built here with `git`, fixed authors and dates.

use crate::common::Repo;

fn decision(id: &str, title: &str) -> String {
    format!("---\nid: {id}\ntitle: {title}\nstatus: proposed\n---\n## Context\nWhy it matters.\n")
}

/// `main` holds ADR-1; branch `feature-a` (not checked out) took ADR-2.
fn two_branches() -> Repo {
    let repo = Repo::new();
    repo.git_init();
    repo.write(
        "decisions/ADR-1-use-postgres.md",
        &decision("ADR-1", "Use Postgres"),
    );
    repo.commit("ana", "2026-02-01", "First decision");
    repo.git(&["checkout", "-q", "-b", "feature-a"], "ana", "2026-02-02");
    repo.write("decisions/ADR-2-use-kafka.md", &decision("ADR-2", "Use Kafka"));
    repo.commit("bo", "2026-02-02", "Kafka");
    repo.git(&["checkout", "-q", "main"], "ana", "2026-02-03");
    repo
}

#[test]
fn new_skips_an_id_another_branch_took() {
    let repo = two_branches();
    assert!(!repo.root().join("decisions/ADR-2-use-kafka.md").exists());
    let run = repo.run(&["new", "decision", "Use Redis"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "decisions/ADR-3-use-redis.md");
    assert!(repo.read("decisions/ADR-3-use-redis.md").contains("id: ADR-3\n"));
}

#[test]
fn new_counts_remote_tracking_branches() {
    let repo = two_branches();
    // The branch only as a remote-tracking one, as after a fetch.
    let head = repo.git(&["rev-parse", "feature-a"], "ana", "2026-02-03");
    repo.git(
        &["update-ref", "refs/remotes/origin/feature-a", head.trim()],
        "ana",
        "2026-02-03",
    );
    repo.git(&["branch", "-q", "-D", "feature-a"], "ana", "2026-02-03");
    let run = repo.run(&["new", "decision", "Use Redis"]);
    assert_eq!(
        run.stdout.trim(),
        "decisions/ADR-3-use-redis.md",
        "{}",
        run.stderr
    );
}

#[test]
fn check_base_reports_an_id_the_base_gives_another_record() {
    let repo = two_branches();
    repo.git(&["checkout", "-q", "-b", "feature-b"], "cy", "2026-02-04");
    repo.write("decisions/ADR-2-use-redis.md", &decision("ADR-2", "Use Redis"));
    repo.commit("cy", "2026-02-04", "Redis");
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 0, "without --base nothing collides: {}", run.stderr);
    let run = repo.run(&["check", "--base", "feature-a", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let json: serde_json::Value = run.json();
    let found: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "id-taken-on-base")
        .collect();
    assert_eq!(found.len(), 1, "{json}");
    assert_eq!(found[0]["file"], "decisions/ADR-2-use-redis.md");
    assert_eq!(found[0]["line"], 2);
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("decisions/ADR-2-use-kafka.md"), "{message}");
    assert!(message.contains("shoshin renumber ADR-2"), "{message}");
    // The same through `diff` against that branch.
    let run = repo.run(&["diff", "feature-a", "--format", "json"]);
    assert!(run.stdout.contains("id-taken-on-base"), "{}", run.stdout);
}

#[test]
fn a_record_renamed_on_one_side_keeps_its_id_without_a_report() {
    let repo = two_branches();
    repo.git(&["checkout", "-q", "feature-a"], "ana", "2026-02-05");
    repo.git(
        &[
            "mv",
            "decisions/ADR-1-use-postgres.md",
            "decisions/ADR-1-postgres.md",
        ],
        "ana",
        "2026-02-05",
    );
    let run = repo.run(&["check", "--base", "main"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("id-taken-on-base"), "{}", run.stderr);
    let run = repo.run(&["check", "--base", "no-such-branch"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("names no commit"), "{}", run.stderr);
}

#[test]
fn an_id_written_only_in_front_matter_on_another_branch_counts() {
    let repo = Repo::new();
    repo.git_init();
    repo.write(
        "decisions/ADR-1-use-postgres.md",
        &decision("ADR-1", "Use Postgres"),
    );
    repo.commit("ana", "2026-02-01", "First decision");
    repo.git(&["checkout", "-q", "-b", "feature-a"], "ana", "2026-02-02");
    repo.write("decisions/kafka.md", &decision("ADR-2", "Use Kafka"));
    repo.commit("bo", "2026-02-02", "Kafka, named without its id");
    repo.git(
        &["checkout", "-q", "-b", "feature-b", "main"],
        "ana",
        "2026-02-03",
    );
    repo.write("decisions/redis.md", &decision("ADR-3", "Use Redis"));
    repo.commit("cy", "2026-02-03", "Redis, named without its id");
    repo.git(&["checkout", "-q", "main"], "ana", "2026-02-04");
    let run = repo.run(&["new", "decision", "Use S3"]);
    assert_eq!(run.stdout.trim(), "decisions/ADR-4-use-s3.md", "{}", run.stderr);
}
