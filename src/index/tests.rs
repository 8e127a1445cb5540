use super::*;

fn index_of(files: &[(&str, &str)]) -> Index {
    crate::test_support::indexed(files, &Config::default()).1
}

#[test]
fn resolves_every_kind_of_reference_and_keeps_backlinks() {
    let index = index_of(&[
        ("items/PAY-1.md", "---\ndecisions: [ADR-1]\n---\nSee [[PAY-2]], [the other](PAY-3-x.md) and PAY-2 again, not PAY-99.\n"),
        ("items/PAY-2.md", "---\n---\n"),
        ("items/PAY-3-x.md", "---\n---\n"),
        ("decisions/ADR-1.md", "---\nstatus: accepted\n---\n"),
    ]);
    let from = index.get("PAY-1").unwrap();
    let mut targets: Vec<_> = index.outgoing[from]
        .iter()
        .map(|l| (index.records[l.to].id.as_str(), l.origin))
        .collect();
    targets.sort_by_key(|(id, _)| id.to_string());
    assert_eq!(
        targets,
        vec![
            ("ADR-1", Origin::FrontMatter),
            ("PAY-2", Origin::WikiLink),
            ("PAY-2", Origin::BareId),
            ("PAY-3", Origin::MarkdownLink)
        ]
    );
    let adr = index.get("ADR-1").unwrap();
    assert_eq!(index.incoming[adr][0].from, from);
    assert!(
        index.unresolved.is_empty(),
        "bare ids that match nothing are not references"
    );
}

#[test]
fn unresolved_and_wrong_kind_references_are_kept() {
    let index = index_of(&[
        (
            "items/PAY-1.md",
            "---\ndecisions: [ADR-9, PAY-2]\n---\n[[NOPE-1]]\n",
        ),
        ("items/PAY-2.md", "---\n---\n"),
    ]);
    let targets: Vec<_> = index
        .unresolved
        .iter()
        .map(|u| (u.reference.target.as_str(), u.wrong_kind.is_some()))
        .collect();
    assert_eq!(
        targets,
        vec![("ADR-9", false), ("PAY-2", true), ("NOPE-1", false)]
    );
}

#[test]
fn supersession_is_inferred_from_either_side() {
    let index = index_of(&[
        ("decisions/ADR-1.md", "---\nstatus: superseded\n---\n"),
        (
            "decisions/ADR-2.md",
            "---\nstatus: superseded\nsupersedes: [ADR-1]\n---\n",
        ),
        ("decisions/ADR-3.md", "---\nstatus: accepted\n---\n"),
        (
            "decisions/ADR-0.md",
            "---\nstatus: accepted\nsuperseded_by: ADR-3\n---\n",
        ),
        ("decisions/ADR-4.md", "---\nstatus: accepted\n---\n"),
    ]);
    let adr = |id: &str| index.get(id).unwrap();
    // ADR-2 is superseded by ADR-3 only through ADR-3 being written nowhere: add it.
    assert_eq!(index.superseded_by[adr("ADR-1")], vec![adr("ADR-2")]);
    assert_eq!(index.supersedes[adr("ADR-3")], vec![adr("ADR-0")]);
    assert!(index.is_retired(adr("ADR-0")), "an accepted successor retires it");
    assert!(!index.is_retired(adr("ADR-4")));
    assert_eq!(index.current_successors(adr("ADR-1")), vec![adr("ADR-2")]);
    let chain: Vec<_> = index
        .supersession_chain(adr("ADR-2"))
        .iter()
        .map(|&i| index.records[i].id.clone())
        .collect();
    assert_eq!(chain, vec!["ADR-1", "ADR-2"]);
}

#[test]
fn duplicates_keep_the_first_file() {
    let index = index_of(&[
        ("items/a.md", "---\nid: PAY-1\n---\n"),
        ("items/b.md", "---\nid: PAY-1\n---\n"),
    ]);
    assert_eq!(index.duplicates, vec![(1, 0)]);
    assert_eq!(index.get("PAY-1"), Some(0));
}
