//! What the site shows of records kept in other tools' formats: the team's
//! own status and priority words with the status category beside them,
//! and bodies without other tools' markup.

use crate::common;
use common::Repo;

#[test]
fn pages_show_the_teams_words_with_the_category_beside() {
    let repo = Repo::with(&[
        ("backlog/config.yml", "project_name: Demo\nstatuses: [To Do, In Progress, Done]\n"),
        (
            "backlog/tasks/task-1 - Export-invoices.md",
            "---\nid: task-1\ntitle: Export invoices\nstatus: To Do\npriority: high\nassignee: []\ncreated_date: '2026-01-03'\nlabels: []\ndependencies: []\n---\n\n## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\nFinance reconciles invoices by hand.\n<!-- SECTION:DESCRIPTION:END -->\n",
        ),
        (
            "doc/adr/0001-record-decisions.md",
            "# 1. Record decisions\n\nDate: 2020-01-01\n\n## Status\n\n✅ **Accepted**\n\n## Context\n\nWe need to remember why.\n\n> [!NOTE]\n> Written with adr-tools.\n",
        ),
    ]);
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let task = repo.read("public/items/TASK-1/index.html");
    assert!(
        task.contains(
            r#"<span class="badge badge-open">To Do<span class="badge-category"> · open</span></span>"#
        ),
        "{task}"
    );
    assert!(task.contains("<dt>Priority</dt><dd>high</dd>"), "{task}");
    assert!(task.contains("Finance reconciles invoices by hand."), "{task}");
    assert!(!task.contains("SECTION:DESCRIPTION"), "{task}");
    let backlog = repo.read("public/items/index.html");
    assert!(backlog.contains(r#"data-status="To Do""#), "{backlog}");
    assert!(
        backlog.contains(r#"<td class="num priority">high</td>"#),
        "{backlog}"
    );
    let decision = repo.read("public/decisions/ADR-0001/index.html");
    // The word is the category: nothing beside it.
    assert!(
        decision.contains(r#"<span class="badge badge-accepted">Accepted</span>"#),
        "{decision}"
    );
    assert!(
        decision.contains("<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">Note</p>\n<p>Written with adr-tools.</p>\n</div>"),
        "{decision}"
    );
}
