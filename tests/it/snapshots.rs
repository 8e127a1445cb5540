//! Snapshot tests of the main pages, on a small fixed repository. Review
//! changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test`).

use crate::common;
use common::Repo;

/// The records, committed to git: ADR-1 accepted by bo, then superseded by
/// ana, so that pages show history.
fn fixture() -> Repo {
    let repo = records();
    repo.git_init();
    let adr_1 = "decisions/ADR-1-floats.md";
    let superseded = repo.read(adr_1);
    repo.write(
        adr_1,
        &superseded.replace("status: superseded", "status: accepted"),
    );
    repo.commit("bo", "2025-02-01", "First records");
    repo.write(adr_1, &superseded);
    repo.commit("ana", "2026-03-15", "Minor units replace floats");
    repo
}

fn records() -> Repo {
    Repo::with(&[
        ("shoshin.yaml", "title: Snapshot team\ndescription: Records used by the snapshot tests.\n"),
        (
            "items/PAY-1-export-csv.md",
            "---\ntitle: Export invoices as CSV\ntype: story\nstatus: ready\npriority: 1\nestimate: 3\nowner: ana\ndepends_on: [PAY-2]\ndecisions: [ADR-2]\ntags: [invoicing]\n---\n## Why\nFinance reconciles invoices in spreadsheets every month.\n\n## Acceptance criteria\n- [x] A CSV download on the invoice list\n- [ ] Amounts in minor units, see [[ADR-2]]\n",
        ),
        ("items/PAY-2-invoice-list.md", "---\ntitle: Invoice list\nstatus: done\npriority: 2\nowner: bo\n---\n## Why\nThe list comes first.\n"),
        (
            "decisions/ADR-1-floats.md",
            "---\ntitle: Store amounts as floats\nstatus: superseded\ndate: 2025-02-01\ndeciders: [bo]\n---\n## Context\nWe needed amounts quickly.\n",
        ),
        (
            "decisions/ADR-2-minor-units.md",
            "---\ntitle: Store amounts in minor units\nstatus: accepted\ndate: 2026-03-15\ndeciders: [ana, bo]\nsupersedes: [ADR-1]\ntags: [money]\n---\n## Context\nFloats lose cents. PAY-1 needs exact sums.\n\n## Decision\nIntegers of minor units.\n",
        ),
        (
            "sessions/2026-03-20-refinement.md",
            "---\nid: S-1\ntitle: March refinement\ndate: 2026-03-20\nfacilitator: bo\nparticipants: [ana, bo]\nfirst_proposal: ana\nitems: [PAY-1]\ndecisions: [ADR-2]\nduration: 45\n---\nWe split the export.\n\n## Follow-ups\n- [ ] Ask finance for a sample @ana\n",
        ),
    ])
}

#[test]
fn main_pages() {
    let repo = fixture();
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (name, page) in [
        ("home", "public/index.html"),
        ("backlog", "public/items/index.html"),
        ("item", "public/items/PAY-1/index.html"),
        ("decision_log", "public/decisions/index.html"),
        ("decision_superseded", "public/decisions/ADR-1/index.html"),
        ("decision", "public/decisions/ADR-2/index.html"),
        ("session", "public/sessions/S-1/index.html"),
        ("person", "public/people/ana/index.html"),
        ("agenda", "public/agenda/index.html"),
        ("search", "public/search/index.html"),
        ("graph", "public/graph/index.html"),
        ("not_found", "public/404.html"),
        ("search_index", "public/search-index.js"),
        ("sitemap", "public/sitemap.xml"),
        ("health", "public/health/index.html"),
        ("feed", "public/feed.xml"),
    ] {
        insta::assert_snapshot!(name, repo.read(page));
    }
}
