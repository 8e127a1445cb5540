//! Floods of diagnostics: one file with ten thousand broken links is checked
//! in seconds, and its output stays small (a window of each long line, the
//! first diagnostics of one code and a count).

use super::support::{diagnostics, outside_output, run_within, GENEROUS};
use crate::common::Repo;

/// One 109 KB line of ten thousand `[[X-i]]` links to no record.
fn flooded_repo() -> Repo {
    let links: Vec<String> = (0..10_000).map(|i| format!("[[X-{i}]]")).collect();
    Repo::with(&[(
        "items/PAY-1-flood.md",
        &format!("---\nid: PAY-1\ntitle: Flood\n---\n{}\n", links.join(" ")),
    )])
}

#[test]
fn ten_thousand_broken_links_in_one_line_are_checked_in_seconds_with_small_output() {
    let repo = flooded_repo();
    let before = outside_output(&repo);

    let json = run_within(&repo, &["check", "--format", "json"], GENEROUS);
    assert_eq!(json.code, 1, "{}", json.stderr);
    let all = diagnostics(&json);
    let broken: Vec<_> = all
        .iter()
        .filter(|(code, _, _)| code == "broken-reference")
        .collect();
    assert_eq!(broken.len(), 10_000);
    assert!(broken.iter().all(|(_, file, _)| file == "items/PAY-1-flood.md"));
    assert!(broken[9_999].2.contains("`X-9999`"), "{:?}", broken[9_999]);

    let human = run_within(&repo, &["check"], GENEROUS);
    assert_eq!(human.code, 1);
    assert!(
        human.stderr.len() < 200_000,
        "{} bytes of output",
        human.stderr.len()
    );
    assert!(
        human.stderr.contains("`X-49` is not a known record"),
        "{}",
        &human.stderr[..2000]
    );
    assert!(!human.stderr.contains("`X-50` is not a known record"));
    assert!(
        human
            .stderr
            .contains("9950 more broken-reference in items/PAY-1-flood.md not shown"),
        "{}",
        &human.stderr[human.stderr.len().saturating_sub(2000)..]
    );
    // The window around the last link shown keeps its real column.
    assert!(
        human.stderr.contains("items/PAY-1-flood.md:5:"),
        "{}",
        &human.stderr[..2000]
    );
    assert!(human.stderr.lines().all(|line| line.len() < 1_000));

    let github = run_within(&repo, &["check", "--format", "github"], GENEROUS);
    let flood: Vec<&str> = github
        .stdout
        .lines()
        .filter(|l| l.contains("PAY-1-flood.md"))
        .collect();
    assert_eq!(flood.len(), 51, "{}", &github.stdout[..2000]);
    assert!(
        flood[50].starts_with("::notice") && flood[50].contains("9950 more"),
        "{}",
        flood[50]
    );

    let build = run_within(&repo, &["build"], GENEROUS);
    assert!(build.code == 0 || build.code == 1, "{}", build.stderr);
    assert!(build.stderr.len() < 200_000);
    assert_eq!(
        before,
        outside_output(&repo),
        "a file outside the output folder changed"
    );
}
