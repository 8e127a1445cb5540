use super::*;

#[test]
fn plain_bodies_are_not_copied() {
    let cleaned = clean("# Title\n\nSome *text* with a < b and {x}.\n");
    assert!(matches!(cleaned.text, Cow::Borrowed(_)));
    assert!(cleaned.removed.is_empty());
}

#[test]
fn comments_are_dropped_whole_lines_and_inline_but_not_in_code() {
    let body = "## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\nDo it.\n<!-- SECTION:DESCRIPTION:END -->\n\nA <!-- note --> word.\n\n<!--\nmulti\nline\n-->\n`<!-- kept -->`\n\n```\n<!-- kept too -->\n```\n";
    let cleaned = clean(body);
    assert_eq!(
        cleaned.text,
        "## Description\n\nDo it.\n\nA word.\n\n`<!-- kept -->`\n\n```\n<!-- kept too -->\n```\n"
    );
    assert!(cleaned.removed.is_empty(), "comments need no note");
}

#[test]
fn an_unclosed_comment_runs_to_the_end() {
    assert_eq!(clean("Text.\n\n<!-- never closed\nmore\n").text, "Text.\n\n");
}

#[test]
fn shortcodes_are_removed_and_listed() {
    let body = "Intro {{< figure src=\"a.png\" >}} here.\n\n{{% notice tip %}}\nInside.\n{{% /notice %}}\n\n{% include note.html %}\n{% comment %}hidden{% endcomment %}\n`{% raw %}` stays.\n";
    let cleaned = clean(body);
    assert_eq!(cleaned.text, "Intro here.\n\nInside.\n\n`{% raw %}` stays.\n");
    let what: Vec<(&str, &str)> = cleaned
        .removed
        .iter()
        .map(|r| (r.what, r.text.as_str()))
        .collect();
    assert_eq!(
        what,
        [
            ("Hugo shortcode", "{{< figure src=\"a.png\" >}}"),
            ("Hugo shortcode", "{{% notice tip %}}"),
            ("Hugo shortcode", "{{% /notice %}}"),
            ("Liquid tag", "{% include note.html %}"),
            ("Liquid tag", "{% comment %}hidden{% endcomment %}"),
        ]
    );
    assert_eq!(cleaned.removed[0].offset, body.find("{{<").unwrap());
}

#[test]
fn mdx_imports_and_components_are_removed_but_not_prose_or_code() {
    let body = "import Tabs from '@theme/Tabs';\nimport { A, B } from \"./x\"\n\n# Title\n\n<Tabs>\n<TabItem value=\"a\" label=\"A > B\">\n\nFirst.\n\n</TabItem>\n</Tabs>\n\n<Chart data={{a: 1, b: \"<x>\"}} />\n\nReturns Option<String> and <HEADER>; import this from there.\n\n```ts\nimport x from \"y\"\n<Tabs />\n```\n";
    let cleaned = clean(body);
    assert_eq!(
        cleaned.text,
        "\n# Title\n\n\nFirst.\n\n\n\nReturns Option<String> and <HEADER>; import this from there.\n\n```ts\nimport x from \"y\"\n<Tabs />\n```\n"
    );
    let what: Vec<&str> = cleaned.removed.iter().map(|r| r.what).collect();
    assert_eq!(
        what,
        [
            "MDX import",
            "MDX import",
            "MDX component",
            "MDX component",
            "MDX component"
        ]
    );
}

#[test]
fn docusaurus_admonitions_become_alerts_with_their_titles() {
    let body = "Before.\n:::note\nA note.\n\nTwo paragraphs.\n:::\n\n:::danger[Take care]\nOuter.\n\n:::tip\nInner.\n:::\n\n```\n:::\n```\n:::\nAfter.\n";
    let cleaned = clean(body);
    assert_eq!(
        cleaned.text,
        "Before.\n> [!NOTE]\n> A note.\n>\n> Two paragraphs.\n\n\n> [!CAUTION]\n> Outer.\n>\n> > [!TIP]\n> > Inner.\n>\n>\n> ```\n> :::\n> ```\n\nAfter.\n"
    );
    let callouts: Vec<(usize, BlockQuoteKind, &str)> = cleaned
        .callouts
        .iter()
        .map(|(line, c)| (*line, c.kind, c.title.as_str()))
        .collect();
    assert_eq!(
        callouts,
        [
            (1, BlockQuoteKind::Note, "Note"),
            (7, BlockQuoteKind::Caution, "Take care"),
            (10, BlockQuoteKind::Tip, "Tip"),
        ]
    );
}

#[test]
fn mkdocs_admonitions_take_their_indented_block() {
    let body =
        "!!! warning \"Mind the gap\"\n    First line.\n\n    Second.\n\n??? example\n    Folded.\nAfter.\n";
    let cleaned = clean(body);
    assert_eq!(
        cleaned.text,
        "> [!WARNING]\n> First line.\n>\n> Second.\n\n\n> [!NOTE]\n> Folded.\n\nAfter.\n"
    );
    assert_eq!(cleaned.callouts[0].1.title, "Mind the gap");
    assert_eq!(
        cleaned.callouts[1],
        (
            6,
            Callout {
                kind: BlockQuoteKind::Note,
                title: "Example".into()
            }
        )
    );
}

#[test]
fn the_quick_look_finds_every_marker() {
    for text in [
        "a <!-- b -->",
        "{{< x >}}",
        "{% x %}",
        "{/* x */}",
        "x\n:::note\n",
        "!!! note",
        "x\nimport A from 'a'",
        "<Tabs>",
    ] {
        assert!(may_hold_markup(text), "{text}");
    }
    for text in ["a < b", "{x}", "a ::: b", "important", "x!!!"] {
        assert!(!may_hold_markup(text), "{text}");
    }
    // Comments alone are dropped without a note: nothing to list.
    assert!(clean("a <!-- b --> c").removed.is_empty());
    for text in ["  ::: note", "x\n   !!! tip", "import A from 'a'"] {
        assert!(may_hold_markup(text), "{text:?}");
    }
    assert!(!may_hold_markup("a\n x ::: y"));
}
