//! `shoshin renumber OLD NEW` on a repository with branches (built here
//! with `git`, fixed authors and dates): every reference rewritten, ids in
//! use refused.

use crate::common::Repo;

const ITEM: &str = "---\nid: PAY-1\ntitle: Export invoices\nstatus: refining\ndecisions: [ADR-1]\n---\n## Why\nWe follow [[ADR-1]] and [[ADR-1|the store decision]].\nSee [the decision](../decisions/ADR-1-use-postgres.md) and ADR-1 itself; ADR-12 is another.\n";

fn repo() -> Repo {
    let repo = Repo::new();
    repo.git_init();
    repo.write(
        "decisions/ADR-1-use-postgres.md",
        "---\nid: ADR-1\ntitle: Use Postgres\nstatus: superseded\nsuperseded_by: ADR-2\n---\n## Context\nMoney.\n",
    );
    repo.write(
        "decisions/ADR-2-use-cockroach.md",
        "---\nid: ADR-2\ntitle: Use CockroachDB\nstatus: accepted\nsupersedes:\n  - ADR-1\n---\n## Context\nScale.\n",
    );
    repo.write(
        "decisions/ADR-12-use-s3.md",
        "---\nid: ADR-12\ntitle: Use S3\nstatus: accepted\n---\n## Context\nFiles.\n",
    );
    repo.write("items/PAY-1-export-invoices.md", ITEM);
    repo.commit("ana", "2026-02-01", "Records");
    repo.git(&["checkout", "-q", "-b", "other"], "bo", "2026-02-02");
    repo.write(
        "decisions/ADR-13-use-redis.md",
        "---\nid: ADR-13\ntitle: Use Redis\nstatus: proposed\n---\n",
    );
    repo.commit("bo", "2026-02-02", "Redis");
    repo.git(&["checkout", "-q", "main"], "bo", "2026-02-03");
    repo
}

#[test]
fn every_reference_is_rewritten() {
    let repo = repo();
    let run = repo.run(&["renumber", "ADR-1", "ADR-14"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!repo.root().join("decisions/ADR-1-use-postgres.md").exists());
    let own = repo.read("decisions/ADR-14-use-postgres.md");
    assert!(own.contains("id: ADR-14\n"), "{own}");
    let successor = repo.read("decisions/ADR-2-use-cockroach.md");
    assert!(successor.contains("supersedes:\n  - ADR-14\n"), "{successor}");
    let item = repo.read("items/PAY-1-export-invoices.md");
    assert_eq!(
        item,
        ITEM.replace("[ADR-1]", "[ADR-14]")
            .replace("[[ADR-1]]", "[[ADR-14]]")
            .replace("[[ADR-1|", "[[ADR-14|")
            .replace("ADR-1-use-postgres.md", "ADR-14-use-postgres.md")
            .replace("and ADR-1 itself", "and ADR-14 itself")
    );
    assert!(item.contains("ADR-12 is another"), "{item}");
    assert!(
        run.stdout
            .contains("items/PAY-1-export-invoices.md:5: front matter `ADR-1` → `ADR-14`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("(file renamed)"), "{}", run.stdout);
    let check = repo.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_dry_run_changes_nothing() {
    let repo = repo();
    let run = repo.run(&["renumber", "ADR-1", "ADR-14", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("wiki link `ADR-1` → `ADR-14`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("dry run"), "{}", run.stdout);
    assert_eq!(repo.read("items/PAY-1-export-invoices.md"), ITEM);
    assert!(repo.root().join("decisions/ADR-1-use-postgres.md").exists());
}

#[test]
fn ids_in_use_and_unknown_ids_are_refused() {
    let repo = repo();
    let taken = repo.run(&["renumber", "ADR-1", "ADR-12"]);
    assert_eq!(taken.code, 2);
    assert!(
        taken
            .stderr
            .contains("already the id of decisions/ADR-12-use-s3.md"),
        "{}",
        taken.stderr
    );
    let elsewhere = repo.run(&["renumber", "ADR-1", "ADR-13"]);
    assert_eq!(elsewhere.code, 2);
    assert!(
        elsewhere.stderr.contains("taken on another branch"),
        "{}",
        elsewhere.stderr
    );
    let unknown = repo.run(&["renumber", "ADR-7", "ADR-14"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("no record has the id `ADR-7`"),
        "{}",
        unknown.stderr
    );
    let odd = repo.run(&["renumber", "ADR-1", "../x"]);
    assert_eq!(odd.code, 2);
    assert!(odd.stderr.contains("cannot be an id"), "{}", odd.stderr);
    assert_eq!(repo.read("items/PAY-1-export-invoices.md"), ITEM);
}

#[test]
fn after_a_merge_that_doubled_an_id_the_file_says_which_record() {
    let repo = repo();
    // Branch `other` took ADR-13; `main` takes it too, then merges `other`.
    repo.write(
        "decisions/ADR-13-use-memcached.md",
        "---\nid: ADR-13\ntitle: Use Memcached\nstatus: proposed\n---\n",
    );
    repo.write(
        "items/PAY-2-cache-invoices.md",
        "---\nid: PAY-2\ntitle: Cache invoices\nstatus: refining\ndecisions: [ADR-13]\n---\nSee [the cache](../decisions/ADR-13-use-memcached.md).\n",
    );
    repo.commit("ana", "2026-02-04", "Memcached");
    repo.git(&["merge", "-q", "--no-edit", "other"], "ana", "2026-02-05");
    let run = repo.run(&["renumber", "ADR-13", "ADR-14"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("2 records hold `ADR-13`"), "{}", run.stderr);
    assert!(run.stderr.contains("--file"), "{}", run.stderr);
    let run = repo.run(&[
        "renumber",
        "ADR-13",
        "ADR-14",
        "--file",
        "decisions/ADR-13-use-memcached.md",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("held by several records"), "{}", run.stdout);
    assert!(repo
        .read("decisions/ADR-14-use-memcached.md")
        .contains("id: ADR-14\n"));
    assert!(repo
        .read("decisions/ADR-13-use-redis.md")
        .contains("id: ADR-13\n"));
    let item = repo.read("items/PAY-2-cache-invoices.md");
    // The link follows the file; the id in front matter could mean either record.
    assert!(item.contains("(../decisions/ADR-14-use-memcached.md)"), "{item}");
    assert!(item.contains("decisions: [ADR-13]"), "{item}");
}

/// A source file citing ADR-1 in comments of two syntaxes, and holding the
/// same id in string literals, which are data and stay as they are.
const CODE: &str = "// Rounds as ADR-1 says (see ADR-12 too).\nconst NOTE: &str = \"ADR-1 is only a string\";\n/* old: ADR-1 */\nfn round() { let _ = 'A'; }\n";
const SCRIPT: &str = "total = 0  # ADR-1\nlabel = '# ADR-1'\n";

#[test]
fn code_comments_citing_the_id_are_rewritten_and_strings_are_not() {
    let repo = repo();
    repo.write("src/ledger/round.rs", CODE);
    repo.write("src/ledger/sum.py", SCRIPT);
    repo.write("src/ledger/notes.txt", "ADR-1 in a file with no comment syntax\n");
    repo.commit("ana", "2026-02-04", "Code");
    let run = repo.run(&["renumber", "ADR-1", "ADR-14"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // Front matter, wiki links, the relative link and the mention, as before.
    let item = repo.read("items/PAY-1-export-invoices.md");
    assert!(item.contains("decisions: [ADR-14]"), "{item}");
    assert!(
        item.contains("[[ADR-14]] and [[ADR-14|the store decision]]"),
        "{item}"
    );
    assert!(item.contains("(../decisions/ADR-14-use-postgres.md)"), "{item}");
    // Comments only.
    assert_eq!(
        repo.read("src/ledger/round.rs"),
        "// Rounds as ADR-14 says (see ADR-12 too).\nconst NOTE: &str = \"ADR-1 is only a string\";\n/* old: ADR-14 */\nfn round() { let _ = 'A'; }\n"
    );
    assert_eq!(
        repo.read("src/ledger/sum.py"),
        "total = 0  # ADR-14\nlabel = '# ADR-1'\n"
    );
    assert_eq!(
        repo.read("src/ledger/notes.txt"),
        "ADR-1 in a file with no comment syntax\n"
    );
    assert!(
        run.stdout
            .contains("src/ledger/round.rs:1: code comment `ADR-1` → `ADR-14`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("src/ledger/round.rs:3: code comment `ADR-1` → `ADR-14`"),
        "{}",
        run.stdout
    );
    // `why` now reads the comments as citing the renumbered decision.
    let why = repo.run(&["why", "--format", "json", "src/ledger/round.rs"]);
    let json: serde_json::Value = why.json();
    let cited: Vec<&str> = json["paths"][0]["cited"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(cited, ["ADR-14", "ADR-12", "ADR-14"], "{}", why.stdout);
}
