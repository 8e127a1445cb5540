use super::*;

fn render_in(files: &[(&str, &str)], config_text: &str, id: &str) -> Rendered {
    let config = Config::parse(config_text).unwrap();
    let (dir, index, _) = crate::test_support::indexed(files, &config);
    let ctx = MarkdownContext::new(&index, &config, dir.path());
    render(&ctx, index.get(id).unwrap(), "../../")
}

#[test]
fn links_wiki_links_files_bare_ids_and_tickets() {
    let files = [
        (
            "items/PAY-1.md",
            "---\n---\n[[ADR-7]], [ledger](../decisions/ADR-7-ledger.md#why), ADR-7 and JIRA-12; `ADR-7`; [[NOPE-1]]; [doc](../docs/a.txt)\n",
        ),
        ("decisions/ADR-7-ledger.md", "---\ntitle: Ledger <b>\n---\n"),
        ("docs/a.txt", "text"),
    ];
    let out = render_in(
        &files,
        "links:\n  - pattern: 'JIRA-(\\d+)'\n    url: 'https://jira.example/browse/JIRA-{1}'\n",
        "PAY-1",
    );
    let html = out.html;
    assert!(
        html.contains(r#"<a href="../../decisions/ADR-7/index.html">ADR-7</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="../../decisions/ADR-7/index.html#why">ledger</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="../../decisions/ADR-7/index.html" title="Ledger &lt;b&gt;">ADR-7</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="https://jira.example/browse/JIRA-12">JIRA-12</a>"#),
        "{html}"
    );
    assert!(
        html.contains("<code>ADR-7</code>"),
        "ids in code stay code: {html}"
    );
    assert!(
        html.contains(r#"<span class="broken-link">NOPE-1</span>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="../../files/docs/a.txt">doc</a>"#),
        "{html}"
    );
    assert_eq!(out.assets, vec![PathBuf::from("docs/a.txt")]);
}

#[test]
fn raw_html_is_escaped_unless_allowed() {
    let files = [(
        "items/PAY-1.md",
        "---\n---\n<script>alert(1)</script>\n\nHi <b onclick=x>there</b>\n",
    )];
    let escaped = render_in(&files, "", "PAY-1").html;
    assert!(!escaped.contains("<script>"), "{escaped}");
    assert!(
        escaped.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{escaped}"
    );
    assert!(!escaped.contains("<b onclick"), "{escaped}");
    let allowed = render_in(&files, "markdown:\n  raw_html: true\n", "PAY-1").html;
    assert!(allowed.contains("<p>Hi <b>there</b></p>"), "{allowed}");
    assert!(
        !allowed.contains("script") && !allowed.contains("onclick"),
        "{allowed}"
    );
}

#[test]
fn unsafe_urls_are_never_emitted() {
    let files = [(
        "items/PAY-1.md",
        "---\n---\n[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](java\tscript:alert(1)) ![i](data:text/html,hi) [ok](https://ok.example) <javascript:alert(1)>\n",
    )];
    let html = render_in(&files, "", "PAY-1").html;
    assert!(!html.to_lowercase().contains("href=\"javascript"), "{html}");
    assert!(!html.contains("src=\"data:"), "{html}");
    assert!(html.contains(r#"<span class="broken-link">x</span>"#), "{html}");
    assert!(html.contains(r#"<a href="https://ok.example">ok</a>"#), "{html}");
}

#[test]
fn headings_get_unique_anchors() {
    let files = [("items/PAY-1.md", "---\n---\n## Why\n\n## Why\n")];
    let html = render_in(&files, "", "PAY-1").html;
    assert!(html.contains(r#"<h2 id="why">Why</h2>"#), "{html}");
    assert!(html.contains(r#"<h2 id="why-1">Why</h2>"#), "{html}");
}

#[test]
fn safe_url_rules() {
    assert!(is_safe_url("../a.md"));
    assert!(is_safe_url("https://x"));
    assert!(is_safe_url("a/b:c"));
    assert!(!is_safe_url("javascript:x"));
    assert!(!is_safe_url(" javascript:x"));
    assert!(!is_safe_url("vbscript:x"));
    assert!(!is_safe_url("data:text/html,x"));
}

#[test]
fn a_leading_title_heading_is_not_repeated() {
    let files = [(
        "items/PAY-1.md",
        "---\n---\n# Export\n\nText.\n\n# Later heading\n",
    )];
    let html = render_in(&files, "", "PAY-1").html;
    assert!(!html.contains(">Export</h1>"), "{html}");
    assert!(
        html.contains(r#"<h1 id="later-heading">Later heading</h1>"#),
        "{html}"
    );
}

#[test]
fn comments_are_dropped_whether_raw_html_is_allowed_or_not() {
    let files = [(
        "items/PAY-1.md",
        "---\n---\n<!-- markdownlint-disable MD013 -->\n## Why\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\nBecause <!-- inline --> finance.\n<!-- SECTION:DESCRIPTION:END -->\n\n`<!-- code -->`\n",
    )];
    for config in ["", "markdown:\n  raw_html: true\n"] {
        let html = render_in(&files, config, "PAY-1").html;
        assert_eq!(html.matches("&lt;!--").count(), 1, "only the code's: {html}");
        assert!(
            !html.contains("SECTION") && !html.contains("markdownlint"),
            "{html}"
        );
        assert!(html.contains("<p>Because finance.</p>"), "{html}");
        assert!(html.contains("<code>&lt;!-- code --&gt;</code>"), "{html}");
    }
}

#[test]
fn alerts_and_admonitions_are_callouts() {
    let files = [(
        "items/PAY-1.md",
        "---\n---\n> [!WARNING]\n> Mind the *gap*.\n\n:::tip[Read this first]\nA tip.\n:::\n\n!!! danger \"Do not\"\n    Touch <it>.\n\n> A plain quote.\n",
    )];
    for config in ["", "markdown:\n  raw_html: true\n"] {
        let html = render_in(&files, config, "PAY-1").html;
        assert!(
            html.contains("<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Warning</p>\n<p>Mind the <em>gap</em>.</p>\n</div>"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Read this first</p>\n<p>A tip.</p>\n</div>"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"callout callout-caution\" role=\"note\">\n<p class=\"callout-title\">Do not</p>"),
            "{html}"
        );
        assert!(
            html.contains("<blockquote>\n<p>A plain quote.</p>\n</blockquote>"),
            "{html}"
        );
        assert!(
            !html.contains("[!WARNING]") && !html.contains(":::") && !html.contains("!!!"),
            "{html}"
        );
    }
}

#[test]
fn shortcodes_and_mdx_are_left_out() {
    let files = [(
        "items/PAY-1.md",
        "---\n---\nimport Tabs from '@theme/Tabs';\n\n## Why\n\nSee {{< figure src=\"a.png\" >}} and {% include x.html %} here.\n\n<Tabs>\nInside.\n</Tabs>\n\n<Chart data={[1, 2]} />\n\n`{{< kept >}}`\n",
    )];
    let html = render_in(&files, "", "PAY-1").html;
    assert!(html.contains("<p>See and here.</p>"), "{html}");
    assert!(html.contains("<p>Inside.</p>"), "{html}");
    assert!(html.contains("<code>{{&lt; kept &gt;}}</code>"), "{html}");
    for gone in ["import", "Tabs", "Chart", "figure", "include"] {
        assert!(!html.contains(gone), "{gone}: {html}");
    }
}

#[test]
fn a_link_to_a_folder_leads_to_its_readme_or_stays_plain_text() {
    let files = [
        (
            "items/PAY-1.md",
            "---\n---\n[the ledger](../decisions/0007-ledger/) · [docs](../docs) · [empty](../empty/) · [gone](../nowhere/)\n",
        ),
        ("decisions/0007-ledger/README.md", "---\nid: ADR-7\ntitle: Ledger\n---\n"),
        ("docs/README.md", "About the docs."),
        ("empty/notes.txt", "x"),
    ];
    let out = render_in(&files, "", "PAY-1");
    let html = out.html;
    assert!(
        html.contains(r#"<a href="../../decisions/ADR-7/index.html">the ledger</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="../../files/docs/README.md">docs</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<span class="folder-link" title="a folder of the repository">empty</span>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<span class="broken-link">gone</span>"#),
        "{html}"
    );
    assert_eq!(out.assets, vec![PathBuf::from("docs/README.md")]);
}

#[test]
fn numbered_references_in_double_brackets_are_links_not_wiki_links() {
    let files = [
        (
            "items/PAY-1.md",
            "---\n---\nA query log [[1]](https://example.com/a_b_c) - and [[2]](../docs/a.txt), then [[PAY-1]].\n",
        ),
        ("docs/a.txt", "text"),
    ];
    let html = render_in(&files, "", "PAY-1").html;
    assert!(
        html.contains(r#"A query log <a href="https://example.com/a_b_c">[1]</a> - and "#),
        "{html}"
    );
    assert!(html.contains(r#">[2]</a>, then "#), "{html}");
    assert!(!html.contains("broken-link"), "{html}");
    assert!(!html.contains("(https://"), "{html}");
    assert!(
        html.contains(r#"<a href="../../items/PAY-1/index.html">PAY-1</a>"#),
        "{html}"
    );
}

#[test]
fn links_to_retired_decisions_are_struck_through() {
    let files = [
        (
            "items/PAY-1.md",
            "---\n---\n[[ADR-1]], [old](../decisions/ADR-1-old.md), ADR-1 and ADR-2.\n",
        ),
        (
            "decisions/ADR-1-old.md",
            "---\ntitle: Old\nstatus: accepted\nsuperseded_by: [ADR-2]\n---\n",
        ),
        (
            "decisions/ADR-2-new.md",
            "---\ntitle: New\nstatus: accepted\n---\n",
        ),
    ];
    let html = render_in(&files, "", "PAY-1").html;
    let retired = r#"<span class="retired-link" title="no longer in force">"#;
    assert!(
        html.contains(&format!(
            r#"{retired}<a href="../../decisions/ADR-1/index.html">ADR-1</a></span>"#
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            r#"{retired}<a href="../../decisions/ADR-1/index.html">old</a></span>"#
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            r#"{retired}<a href="../../decisions/ADR-1/index.html" title="Old">ADR-1</a></span>"#
        )),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="../../decisions/ADR-2/index.html" title="New">ADR-2</a>."#),
        "a decision in force is not struck through: {html}"
    );
}

#[test]
fn lines_repeating_the_facts_are_not_shown() {
    let files = [(
        "decisions/ADR-1-pg.md",
        "# Use Postgres\n\n* Status: accepted\n* Date: 2024-01-02\n\n## Context\n\nWe need a database.\n",
    )];
    let html = render_in(&files, "", "ADR-1").html;
    assert!(!html.contains("Status:"), "{html}");
    assert!(!html.contains("2024-01-02"), "{html}");
    assert!(html.starts_with(r#"<h2 id="context">Context</h2>"#), "{html}");
}
