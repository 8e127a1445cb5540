use super::*;
use crate::project::Project;

/// A records repository in git whose item links to a decision by id, by
/// wiki link and by file, and to a document that does not exist yet.
fn repository() -> tempfile::TempDir {
    let dir = crate::test_support::repo(&[
        (
            "items/PAY-1.md",
            "---\ntitle: Export\n---\nSee ADR-1, [[ADR-1]], [the file](../decisions/ADR-1-ledger.md) \
             and [the spec](../docs/spec.md).\n",
        ),
        (
            "decisions/ADR-1-ledger.md",
            "---\ntitle: Ledger\nstatus: accepted\n---\nWhy.\n",
        ),
    ]);
    gix::init(dir.path()).expect("a git repository");
    dir
}

/// Renders every record's body through the body cache, as a build does;
/// returns the HTML by id and how many bodies were rendered again.
fn build(dir: &std::path::Path) -> (Vec<(String, String)>, usize) {
    let project = Project::open(dir).unwrap();
    let ctx = MarkdownContext::new(&project.index, &project.config, &project.root);
    let count = project.index.records.len();
    let cache = BodyCache::open(&project, count).expect("a repository in git");
    let keys = TextCache::keys(&project.index.records);
    let bodies = (0..count)
        .map(|i| {
            (
                project.index.records[i].id.clone(),
                cache.render(&ctx, i, "../../", keys[i]).unwrap().html,
            )
        })
        .collect();
    let rendered = cache.rendered.load(Ordering::Relaxed);
    cache.finish();
    (bodies, rendered)
}

fn html_of<'a>(bodies: &'a [(String, String)], id: &str) -> &'a str {
    &bodies.iter().find(|(i, _)| i == id).unwrap().1
}

#[test]
fn kept_bodies_are_the_rendered_ones_until_what_they_link_to_changes() {
    let dir = repository();
    let (first, rendered) = build(dir.path());
    assert_eq!(rendered, 2, "nothing kept yet");
    assert!(html_of(&first, "PAY-1").contains(r#"title="Ledger""#));
    assert!(html_of(&first, "PAY-1").contains("broken-link"), "no spec yet");

    let (second, rendered) = build(dir.path());
    assert_eq!(rendered, 0, "every body kept");
    assert_eq!(second, first);

    // The decision is retitled: only the item's body, which names it, is
    // rendered again (the decision's own body did not change).
    let decision = dir.path().join("decisions/ADR-1-ledger.md");
    std::fs::write(
        &decision,
        "---\ntitle: General ledger\nstatus: accepted\n---\nWhy.\n",
    )
    .unwrap();
    let (third, rendered) = build(dir.path());
    assert_eq!(rendered, 1, "the item naming the decision");
    assert!(html_of(&third, "PAY-1").contains(r#"title="General ledger""#));

    // The linked document now exists: the item links to it.
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/spec.md"), "Spec.").unwrap();
    let (fourth, rendered) = build(dir.path());
    assert_eq!(rendered, 1);
    assert!(html_of(&fourth, "PAY-1").contains("files/docs/spec.md"));
    assert!(!html_of(&fourth, "PAY-1").contains("broken-link"));

    // The decision moves to another id: the item's links to it break.
    std::fs::write(&decision, "---\nid: ADR-2\ntitle: General ledger\n---\nWhy.\n").unwrap();
    let (fifth, _) = build(dir.path());
    assert!(!html_of(&fifth, "PAY-1").contains("decisions/ADR-1/"));
    assert!(
        html_of(&fifth, "PAY-1").contains("decisions/ADR-2/"),
        "the file link follows"
    );
}

#[test]
fn a_changed_configuration_renders_every_body_again() {
    let dir = repository();
    build(dir.path());
    std::fs::write(
        dir.path().join("shoshin.yaml"),
        "links:\n  - pattern: 'Why'\n    url: 'https://example.com/why'\n",
    )
    .unwrap();
    let (bodies, rendered) = build(dir.path());
    assert_eq!(rendered, 2);
    assert!(html_of(&bodies, "ADR-1").contains("https://example.com/why"));
}

#[test]
fn entries_decode_to_what_was_encoded() {
    let rendered = Rendered {
        html: "<p>x</p>".into(),
        assets: vec![PathBuf::from("docs/a b.txt"), PathBuf::from("ç.png")],
        lookups: vec![
            Lookup::Id("ADR-1".into(), 7),
            Lookup::File(PathBuf::from("docs/a b.txt"), u64::MAX),
            Lookup::Id("ADR-1".into(), 7),
        ],
    };
    let decoded = decode(encode(&rendered)).unwrap();
    assert_eq!(decoded.html, rendered.html);
    assert_eq!(decoded.assets, rendered.assets);
    // Each distinct lookup once.
    assert_eq!(decoded.lookups, rendered.lookups[..2].to_vec());
    let mut cut = encode(&rendered);
    cut.pop();
    assert!(decode(cut).is_none(), "a lookup without its query");
    assert!(
        decode(vec!["<p>".into(), "2".into(), "a".into()]).is_none(),
        "a missing asset"
    );
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_text_makes_an_entry_that_never_holds() {
    use std::os::unix::ffi::OsStrExt;
    let rendered = Rendered {
        html: "<p>x</p>".into(),
        assets: vec![PathBuf::from(std::ffi::OsStr::from_bytes(b"a\xff"))],
        lookups: Vec::new(),
    };
    assert!(decode(encode(&rendered)).is_none());
}
