use super::*;
use crate::config::Config;

fn record_of(files: &[(&str, &str)], config_text: &str, id: &str) -> Record {
    let config = Config::parse(config_text).unwrap();
    let (_dir, index, _) = crate::test_support::indexed(files, &config);
    let i = index.get(id).unwrap();
    index.records[i].clone()
}

#[test]
fn madr_bullets_and_the_adr_tools_status_section_are_left_out() {
    let madr = "# Use Postgres\n\n* Status: accepted\n* Deciders: Ana, Bo\n* Date: 2024-01-02\n\nTechnical Story: PAY-1\n\n## Context\n\nWe need a database.\n";
    let record = record_of(&[("decisions/ADR-1-pg.md", madr)], "", "ADR-1");
    let end = repeated_facts_end(record.body(), &record);
    assert!(
        record.body()[end..].trim_start().starts_with("Technical Story"),
        "{end}"
    );

    let adr_tools = "# 2. Use queues\n\nDate: 2024-02-03\n\n## Status\n\nSuperseded by [3. Use the bus](0003-use-the-bus.md)\n\n## Context\n\nWebhooks get lost.\n";
    let files = [
        ("doc/adr/0002-use-queues.md", adr_tools),
        ("doc/adr/0003-use-the-bus.md", "# 3. Use the bus\n\nDate: 2024-03-01\n\n## Status\n\nAccepted\n\nSupersedes [2. Use queues](0002-use-queues.md)\n\n## Context\n\nText.\n"),
    ];
    let record = record_of(&files, "", "ADR-0002");
    let end = repeated_facts_end(record.body(), &record);
    assert!(
        record.body()[end..].trim_start().starts_with("## Context"),
        "{:?}",
        &record.body()[end..]
    );
    let toc = toc(&record);
    assert_eq!(
        toc,
        serde_json::json!([{ "text": "Context", "anchor": "context" }])
    );
}

#[test]
fn a_status_section_with_more_to_say_and_prose_stay() {
    let adr_tools = "# 2. Use queues\n\nDate: 2024-02-03\n\n## Status\n\nAccepted, but only for EU merchants\n\n## Context\n\nText.\n";
    let record = record_of(&[("doc/adr/0002-use-queues.md", adr_tools)], "", "ADR-0002");
    let end = repeated_facts_end(record.body(), &record);
    assert!(
        record.body()[end..].trim_start().starts_with("## Status"),
        "{:?}",
        &record.body()[end..]
    );

    let native = "---\nstatus: accepted\n---\nWe chose this on a Monday.\nStatus: fine\n";
    let record = record_of(&[("decisions/ADR-1-x.md", native)], "", "ADR-1");
    assert_eq!(repeated_facts_end(record.body(), &record), 0);
}

#[test]
fn the_toc_lists_the_top_level_headings_with_the_renderer_s_anchors() {
    let text = "---\ntitle: T\n---\n## Context\n\nA.\n\n### Detail\n\n## Options\n\n## Options\n";
    let record = record_of(&[("decisions/ADR-1-x.md", text)], "", "ADR-1");
    assert_eq!(
        toc(&record),
        serde_json::json!([
            { "text": "Context", "anchor": "context" },
            { "text": "Options", "anchor": "options" },
            { "text": "Options", "anchor": "options-1" },
        ])
    );
}

#[test]
fn edit_links_follow_the_repository_s_host() {
    let files = [("decisions/ADR-1-a b.md", "---\nid: ADR-1\ntitle: T\n---\n")];
    let record = record_of(&files, "", "ADR-1");
    let config = |text: &str| Config::parse(text).unwrap();
    assert_eq!(edit_url(&config(""), &record), None);
    assert_eq!(
        edit_url(&config("repository_url: https://github.com/acme/pay/\n"), &record).as_deref(),
        Some("https://github.com/acme/pay/edit/main/decisions/ADR-1-a%20b.md")
    );
    assert_eq!(
        edit_url(
            &config("repository_url: https://gitlab.com/acme/pay\nrepository_branch: trunk\n"),
            &record
        )
        .as_deref(),
        Some("https://gitlab.com/acme/pay/-/edit/trunk/decisions/ADR-1-a%20b.md")
    );
    assert_eq!(
        edit_url(
            &config("repository_url: https://git.example/pay\nedit_url: '{repository_url}/_edit/{branch}/records/{path}'\n"),
            &record
        )
        .as_deref(),
        Some("https://git.example/pay/_edit/main/records/decisions/ADR-1-a%20b.md")
    );
    assert_eq!(
        edit_url(&config("repository_url: 'javascript:alert(1)'\n"), &record),
        None,
        "only web addresses become links"
    );
}
