//! Mermaid blocks drawn as inline SVG at build time, and a block the
//! renderer cannot draw kept as code with a `diagram-not-rendered` warning.

use crate::common;
use common::Repo;

const DECISION: &str = "---\ntitle: Queue the bank webhooks\nstatus: accepted\n---\n## Context\n\nThe bank calls us; we must answer fast.\n\n```mermaid\nflowchart LR\n  Bank -->|webhook| Receiver[Webhook receiver]\n  Receiver --> Queue[(Queue)]\n  Queue --> Ledger\n```\n\n## Decision\n\n```mermaid\nsequenceDiagram\n  participant Bank\n  participant Receiver\n  Bank->>Receiver: POST /events\n  Receiver-->>Bank: 202 Accepted\n```\n\nAnd one that is not a diagram:\n\n```mermaid\nflowchart LR\n  A -->\n```\n";

#[test]
#[cfg_attr(not(feature = "diagrams"), ignore = "needs the `diagrams` feature")]
fn a_flowchart_and_a_sequence_diagram_become_svg_and_a_broken_one_stays_code() {
    let repo = Repo::with(&[("decisions/ADR-1-queue.md", DECISION)]);
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = repo.read("public/decisions/ADR-1/index.html");
    assert_eq!(
        page.matches(r#"<figure class="diagram"><svg"#).count(),
        2,
        "{page}"
    );
    // The flowchart's labels and the sequence's messages are in the SVGs
    // (as SVG text: a label of several words may be split into lines).
    for label in ["receiver", "Queue", "Ledger", "events", "Accepted"] {
        assert!(page.contains(label), "{label} in {page}");
    }
    let figures = &page[page.find("<figure class=\"diagram\">").unwrap()..page.rfind("</figure>").unwrap()];
    assert!(!figures.contains("<script"), "{figures}");
    assert!(!figures.contains("foreignObject"), "{figures}");
    // The broken block is shown as code, and reported where it starts.
    assert!(
        page.contains(r#"<pre><code class="language-mermaid">flowchart LR"#),
        "{page}"
    );
    assert!(
        run.stdout.contains("diagram-not-rendered") || run.stderr.contains("diagram-not-rendered"),
        "{}",
        run.stderr
    );
    let check = repo.run(&["check", "--format", "json"]);
    let found: serde_json::Value = check.json();
    let diagnostics = found["diagnostics"].as_array().unwrap();
    let diagram: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["code"] == "diagram-not-rendered")
        .collect();
    assert_eq!(diagram.len(), 1, "{found}");
    assert_eq!(diagram[0]["line"], 28);
    assert_eq!(diagram[0]["severity"], "warning");
}

#[test]
fn a_diagram_source_cannot_carry_script_into_the_page() {
    // Mermaid's own link syntax and a label written as HTML.
    let hostile = "---\ntitle: Hostile\nstatus: accepted\n---\n```mermaid\nflowchart LR\n  A[\"<img src=x onerror=alert(1)>\"] --> B\n  click A href \"javascript:alert(2)\"\n  style B fill:url(https://example.com/x)\n```\n";
    let repo = Repo::with(&[("decisions/ADR-2-hostile.md", hostile)]);
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = repo.read("public/decisions/ADR-2/index.html");
    for gone in ["<img", "href=\"javascript", "url(https://example.com"] {
        assert!(!page.contains(gone), "{gone} in {page}");
    }
}
