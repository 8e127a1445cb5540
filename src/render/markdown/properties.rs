//! Property tests of the Markdown renderer: whatever a body holds, rendering
//! never panics and never lets markup that runs code into the page.

use super::*;
use proptest::prelude::*;

/// Pieces of Markdown and of attacks, joined at random by the strategy.
const PIECES: &[&str] = &[
    "# Title\n",
    "## Why\n",
    "- [ ] task\n",
    "* item\n",
    "> quote\n",
    "```\ncode\n```\n",
    "`code`",
    "**bold**",
    "[[ADR-1]]",
    "[[NOPE-9]]",
    "ADR-1",
    "[link](../decisions/ADR-1.md#why)",
    "[x](javascript:alert(1))",
    "[x]( JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![i](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">a</a>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<div",
    "</div>",
    "{{ 7*7 }}",
    "{% raw %}",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "\n\n",
    "\n",
    " ",
    "é",
];

fn bodies() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..24).prop_map(|pieces| pieces.concat())
}

/// Every way `html` could run code: script elements, event-handler
/// attributes, frames, and links or sources with a script-capable scheme.
fn active_content(html: &str) -> Vec<String> {
    let fragment = scraper::Html::parse_fragment(html);
    let mut found = Vec::new();
    for node in fragment.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        if matches!(element.name(), "script" | "iframe" | "object" | "embed" | "svg") {
            found.push(format!("<{}>", element.name()));
        }
        for (name, value) in element.attrs() {
            let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            let value = value.to_ascii_lowercase();
            if name.starts_with("on") {
                found.push(format!("{name}="));
            }
            if matches!(name, "href" | "src" | "action" | "formaction")
                && ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| value.starts_with(s))
            {
                found.push(format!("{name}={value}"));
            }
        }
    }
    found
}

fn render_body(body: &str, raw_html: bool) -> String {
    let config = Config::parse(&format!("markdown:\n  raw_html: {raw_html}\n")).unwrap();
    let files = [
        ("items/PAY-1.md", format!("---\nid: PAY-1\n---\n{body}")),
        ("decisions/ADR-1.md", "---\nid: ADR-1\n---\n## Why\n".to_string()),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (dir, index, _) = crate::test_support::indexed(&files, &config);
    let ctx = MarkdownContext::new(&index, &config, dir.path());
    render(&ctx, index.get("PAY-1").unwrap(), "../../").html
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn rendered_bodies_never_carry_active_content(body in bodies(), raw_html in any::<bool>()) {
        let html = render_body(&body, raw_html);
        prop_assert_eq!(active_content(&html), Vec::<String>::new(), "{}", html);
    }
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    let found =
        active_content("<script>x</script><img src=x onerror=y><a href=' JavaScript:x'>a</a><svg></svg>");
    assert_eq!(found, ["<script>", "onerror=", "href=javascript:x", "<svg>"]);
}
