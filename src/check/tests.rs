use super::*;

fn check_files(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    check_with(files, "")
}

fn check_with(files: &[(&str, &str)], config_text: &str) -> Vec<Diagnostic> {
    let config = Config::parse(config_text).unwrap();
    let (dir, index, found) = crate::test_support::indexed(files, &config);
    check(&index, found, &config, dir.path())
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<(&str, String, usize)> {
    diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.file.to_string_lossy().into_owned(), d.line))
        .collect()
}

#[test]
fn a_clean_repository_has_no_diagnostics() {
    let found = check_files(&[
        (
            "items/PAY-1.md",
            "---\nstatus: ready\ndecisions: [ADR-1]\ndepends_on: [PAY-2]\n---\n",
        ),
        ("items/PAY-2.md", "---\nstatus: done\n---\n"),
        (
            "decisions/ADR-1.md",
            "---\nstatus: accepted\n---\n## Context\nWe must.\n",
        ),
    ]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn broken_references_point_at_the_reference_and_suggest() {
    let found = check_files(&[
        ("items/PAY-1.md", "---\nid: PAY-1\ndecisions: [ADR-0070]\n---\n"),
        (
            "decisions/ADR-0007.md",
            "---\nstatus: accepted\n---\n## Context\nx\n",
        ),
    ]);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!((d.code, d.line, d.column), (Code::BrokenReference, 3, 13));
    assert!(d.message.contains("`ADR-0070`"), "{d:?}");
    assert_eq!(d.help.as_deref(), Some("did you mean `ADR-0007`?"));
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let found = check_files(&[
        ("items/PAY-1.md", "---\nid: PAY-1\nstatus: redy\ndepends_on: [PAY-2]\n---\nSee [x](../nowhere.md).\n"),
        ("items/PAY-2.md", "---\nid: PAY-2\ndepends_on: [PAY-1]\n---\n"),
        ("items/dup.md", "---\nid: PAY-2\n---\n"),
        ("items/bad.md", "---\nid: [\n---\n"),
        ("decisions/ADR-1.md", "---\nstatus: accepted\n---\nNo context.\n"),
        ("sessions/s.md", "---\nitems: [PAY-1, PAY-1, PAY-1, PAY-1, PAY-1, PAY-1, PAY-1, PAY-1, PAY-1]\nduration: 120\n---\n"),
    ]);
    let mut got: Vec<&str> = found.iter().map(|d| d.code.as_str()).collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            "broken-link",
            "dependency-cycle",
            "duplicate-id",
            "missing-rationale",
            "parse-error",
            "session-too-long",
            "unknown-status"
        ]
    );
    let status = found.iter().find(|d| d.code == Code::UnknownStatus).unwrap();
    assert_eq!(status.help.as_deref(), Some("did you mean `ready`?"));
}

#[test]
fn supersession_written_inconsistently_is_a_mismatch() {
    let found = check_files(&[
        (
            "decisions/ADR-1.md",
            "---\nstatus: superseded\nsuperseded_by: [ADR-3]\n---\n",
        ),
        (
            "decisions/ADR-2.md",
            "---\nstatus: accepted\nsupersedes: [ADR-1]\n---\n## Context\nx\n",
        ),
        ("decisions/ADR-3.md", "---\nstatus: proposed\n---\n"),
    ]);
    let got = codes(&found);
    assert!(
        got.contains(&("supersede-mismatch", "decisions/ADR-1.md".into(), 3)),
        "{got:?}"
    );
}

#[test]
fn a_supersession_cycle_is_reported_once() {
    let found = check_files(&[
        (
            "decisions/ADR-1.md",
            "---\nstatus: superseded\nsupersedes: [ADR-2]\n---\n",
        ),
        (
            "decisions/ADR-2.md",
            "---\nstatus: superseded\nsupersedes: [ADR-1]\n---\n",
        ),
    ]);
    let cycles: Vec<_> = found.iter().filter(|d| d.code == Code::SupersedeCycle).collect();
    assert_eq!(cycles.len(), 1, "{found:?}");
    assert!(cycles[0].message.contains("ADR-1, ADR-2"));
}

#[test]
fn links_to_retired_decisions_name_the_successor() {
    let found = check_files(&[
        ("items/PAY-1.md", "---\ndecisions: [ADR-1]\n---\n"),
        ("decisions/ADR-1.md", "---\nstatus: superseded\n---\n"),
        (
            "decisions/ADR-2.md",
            "---\nstatus: superseded\nsupersedes: [ADR-1]\n---\n",
        ),
        (
            "decisions/ADR-3.md",
            "---\nstatus: accepted\nsupersedes: [ADR-2]\n---\n## Context\nx\n",
        ),
    ]);
    let stale = found
        .iter()
        .find(|d| d.code == Code::StaleDecisionLink)
        .expect("stale link");
    assert!(stale.message.contains("superseded by ADR-3"), "{stale:?}");
    assert_eq!(stale.severity, crate::diagnostic::Severity::Warning);
}

#[test]
fn wrong_kind_references_say_what_they_found() {
    let found = check_files(&[
        ("items/PAY-1.md", "---\ndecisions: [PAY-2]\n---\n"),
        ("items/PAY-2.md", "---\n---\n"),
    ]);
    assert!(
        found[0]
            .message
            .contains("`PAY-2` is an item, but `decisions` must name a decision"),
        "{found:?}"
    );
}

#[test]
fn severities_come_from_the_configuration() {
    let files = [("decisions/ADR-1.md", "---\nstatus: accepted\n---\n")];
    let found = check_with(&files, "severity:\n  missing-rationale: error\n");
    assert_eq!(found[0].severity, crate::diagnostic::Severity::Error);
    let found = check_with(&files, "severity:\n  missing-rationale: off\n");
    assert!(found.is_empty());
}

#[test]
fn suggested_link_paths_are_relative_to_the_file() {
    assert_eq!(
        relative_path(Path::new("items"), Path::new("decisions/a.md")),
        PathBuf::from("../decisions/a.md")
    );
    assert_eq!(
        relative_path(Path::new("items"), Path::new("items/b.md")),
        PathBuf::from("b.md")
    );
}

#[test]
fn sessions_count_distinct_items() {
    let mut files: Vec<(String, String)> = (1..=9)
        .map(|n| (format!("items/PAY-{n}.md"), "---\n---\n".to_string()))
        .collect();
    let listed = (1..=9).map(|n| format!("PAY-{n}")).collect::<Vec<_>>().join(", ");
    files.push((
        "sessions/full.md".into(),
        format!("---\nitems: [{listed}]\n---\n"),
    ));
    files.push((
        "sessions/repeats.md".into(),
        "---\nitems: [PAY-1, PAY-1, PAY-1, PAY-1, PAY-1, PAY-1, PAY-1, PAY-1, PAY-2]\n---\n".into(),
    ));
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let found = check_files(&borrowed);
    let got = codes(&found);
    assert_eq!(
        got,
        vec![("session-overloaded", "sessions/full.md".to_string(), 2)]
    );
    assert!(
        found[0].message.starts_with("9 items in one session"),
        "{found:?}"
    );
}

#[test]
fn a_record_depending_on_itself_says_so() {
    let found = check_files(&[("items/PAY-1.md", "---\ndepends_on: [PAY-1]\n---\n")]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].message, "PAY-1 depends on itself");
    assert_eq!(
        found[0].help.as_deref(),
        Some("remove `PAY-1` from its own `depends_on`")
    );
}
