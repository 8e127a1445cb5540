//! Record pages are written natively (`src/render/native`) unless a template
//! they use is overridden. These tests build the same repositories both ways
//! and compare the sites byte for byte, so that the native pages and the
//! built-in templates cannot drift apart.

use crate::common;
use common::{assert_native_pages_equal_tera_pages, Repo};

#[test]
fn the_example_site_is_the_same_written_natively_or_by_tera() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::project_dir().join("example-site"), dir.path());
    assert_native_pages_equal_tera_pages(dir.path());
}

/// Records that take every branch of the record templates: broken links,
/// epics and children, a supersession chain with two successors, amendments,
/// odd values (0, decimals, lists in unknown fields), follow-ups with and
/// without owners, warnings shown on pages, and a git history with status
/// changes.
fn every_branch() -> Repo {
    let repo = Repo::with(&[
        ("shoshin.yaml", "title: Branches & <edges>\ndescription: \"Team 'Q'\"\nseverity:\n  broken-reference: warning\n  unknown-status: warning\n  not-ready: warning\n  invalid-field: warning\n"),
        ("items/E-1-epic.md", "---\ntitle: The epic\ntype: epic\nstatus: refining\npriority: 0\nestimate: 2.5\nowner: ana\ntags: [money, \"a&b\"]\ntimebox: 2 weeks\nconfidence: high\ndate: 2026-01-02\nrisk: [low, medium]\nnotes: 3\n---\n## Why\nBecause.\n"),
        ("items/I-1-child.md", "---\ntitle: A child\nparent: E-1\nstatus: ready\npriority: 1\nestimate: 3\nowner: bo\ndepends_on: [I-2, GONE-1]\ndecisions: [D-1, D-2, D-3, NOPE-9]\n---\n## Why\nSee [[I-2]] and [[GONE-2]].\n\n## Acceptance criteria\n- [x] done\n- [ ] not yet\n"),
        ("items/I-2-other.md", "---\ntitle: \"<Other>\"\nparent: E-1\nstatus: weird-status\n---\nNo sections.\n"),
        ("items/I-3-bare.md", "---\n---\n"),
        ("decisions/D-1-old.md", "---\ntitle: Old way\nstatus: superseded\ndate: 2025-01-01\ndeciders: [ana]\nconsulted: [bo, cy]\ninformed: [dee]\n---\n## Context\nOld.\n"),
        ("decisions/D-2-mid.md", "---\ntitle: Middle way\nstatus: superseded\ndate: 2025-06-01\nsupersedes: [D-1]\n---\nMid.\n"),
        ("decisions/D-3-new.md", "---\ntitle: New way\nstatus: accepted\ndate: 2026-01-01\nsupersedes: [D-2, GONE-3]\ntags: [money]\n---\n## Decision\nNew.\n"),
        ("decisions/D-4-also.md", "---\ntitle: Also new\nstatus: accepted\ndate: 2026-02-01\nsupersedes: [D-2]\namends: [D-3]\n---\nAlso.\n"),
        ("decisions/D-5-proposed.md", "---\ntitle: Maybe\nstatus: proposed\n---\nMaybe.\n"),
        ("decisions/D-6-undated.md", "---\ntitle: Rejected idea\nstatus: rejected\n---\nNo.\n"),
        ("sessions/2026-01-05-s.md", "---\nid: S-1\ntitle: January\ndate: 2026-01-05\nfacilitator: cy\nfirst_proposal: ana\nparticipants: [ana, bo, cy]\nitems: [I-1, E-1, GONE-4]\ndecisions: [D-3, D-5, D-1]\nduration: 50\n---\nWe met about I-1.\n\n## Follow-ups\n- [ ] Ask finance @bo\n- [x] Write it down\n"),
        ("sessions/2026-02-05-t.md", "---\nid: S-2\ntitle: February\nduration: an hour\n---\n"),
    ]);
    repo.git_init();
    repo.commit("ana", "2026-01-10", "First records");
    repo.replace("items/E-1-epic.md", "status: refining", "status: ready");
    repo.replace("decisions/D-2-mid.md", "status: superseded", "status: accepted");
    repo.commit("Someone Else", "2026-02-10", "Refine the epic");
    repo.replace("decisions/D-2-mid.md", "status: accepted", "status: superseded");
    repo.commit("bo", "2026-03-10", "Replace the middle way");
    repo
}

#[test]
fn records_taking_every_branch_are_the_same_written_natively_or_by_tera() {
    let repo = every_branch();
    let item = {
        let run = repo.run(&["build"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        repo.read("public/items/I-1/index.html")
    };
    // The pages do take the branches this fixture is for.
    for expected in [
        "GONE-1 (missing)",
        "rule rule-fail",
        "<dt>Epic</dt>",
        "not decided yet",
    ] {
        assert!(
            item.contains(expected) || repo.read("public/sessions/S-1/index.html").contains(expected),
            "{expected}"
        );
    }
    let decision = repo.read("public/decisions/D-2/index.html");
    assert!(
        decision.contains("Superseded by") && decision.contains(" and "),
        "{decision}"
    );
    assert!(repo
        .read("public/items/E-1/index.html")
        .contains("Children of E-1"));
    assert_native_pages_equal_tera_pages(repo.root());
}

#[test]
fn an_overridden_macro_shows_on_record_pages() {
    let repo = every_branch();
    let macros = std::fs::read_to_string(common::project_dir().join("templates/macros.html")).unwrap();
    repo.write(
        "templates/macros.html",
        &macros.replace("(missing)", "(gone from the records)"),
    );
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let item = repo.read("public/items/I-1/index.html");
    assert!(item.contains("GONE-1 (gone from the records)"), "{item}");
}
