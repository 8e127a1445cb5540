//! The project's own documentation, read as Markdown: every relative link in
//! `README.md`, `docs/` and `benches/` leads to a file of the repository,
//! and every `#anchor` to a heading of the page it names. The reference moved
//! from one long README into pages that link to each other; this keeps a
//! renamed heading or page from leaving links that lead nowhere. The
//! GitHub workflow `docs/ci.md` shows must be the one `shoshin init` writes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The documentation pages: the README and every `.md` file of `docs/` and `benches/`.
fn pages() -> Vec<PathBuf> {
    let root = repository();
    let mut pages = vec![root.join("README.md")];
    for folder in ["docs", "benches"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "md"))
            .collect();
        found.sort();
        pages.extend(found);
    }
    pages
}

/// The lines of a page outside fenced code blocks.
fn unfenced(text: &str) -> Vec<&str> {
    let mut fenced = false;
    text.lines()
        .filter(|line| {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                return false;
            }
            !fenced
        })
        .collect()
}

/// The text of a page outside fenced code blocks, with code spans removed:
/// what a reader sees as prose, where links are links.
fn prose(text: &str) -> String {
    let code_span = regex::Regex::new("`[^`\n]*`").unwrap();
    unfenced(text)
        .iter()
        .map(|line| format!("{}\n", code_span.replace_all(line, "")))
        .collect()
}

/// A heading's anchor as GitHub makes it: lower case, punctuation dropped,
/// spaces turned into dashes.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown page's headings (a repeated heading gets `-1`, `-2`, …).
fn anchors(page: &Path) -> HashSet<String> {
    let text = std::fs::read_to_string(page).unwrap();
    let mut seen: HashSet<String> = HashSet::new();
    for line in unfenced(&text) {
        let Some(heading) = line.strip_prefix('#') else {
            continue;
        };
        let heading = heading.trim_start_matches('#');
        if !heading.starts_with(' ') {
            continue;
        }
        let base = slug(heading);
        let mut anchor = base.clone();
        let mut n = 0;
        while seen.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        seen.insert(anchor);
    }
    seen
}

/// Every relative link target of a page, as written.
fn relative_links(text: &str) -> Vec<String> {
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    link.captures_iter(&prose(text))
        .map(|c| c[1].to_string())
        .filter(|target| {
            !["http:", "https:", "mailto:", "file:"]
                .iter()
                .any(|scheme| target.starts_with(scheme))
        })
        .collect()
}

/// What is wrong with one link of `page`, if anything.
fn broken(page: &Path, target: &str) -> Option<String> {
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (target, None),
    };
    let file = if path.is_empty() {
        page.to_path_buf()
    } else {
        page.parent().unwrap().join(path)
    };
    if !file.exists() {
        return Some("no such file".to_string());
    }
    match anchor {
        Some(anchor) if file.extension().is_some_and(|e| e == "md") && !anchors(&file).contains(anchor) => {
            Some(format!("no heading with the anchor #{anchor}"))
        }
        _ => None,
    }
}

#[test]
fn every_relative_link_of_the_documentation_resolves() {
    let root = repository();
    let mut problems = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for target in relative_links(&text) {
            checked += 1;
            if let Some(problem) = broken(&page, &target) {
                let name = page.strip_prefix(&root).unwrap().display().to_string();
                problems.push(format!("{name}: ({target}): {problem}"));
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} links found: is the documentation where this test looks?"
    );
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
}

#[test]
fn the_link_checker_finds_a_missing_file_and_a_missing_anchor() {
    let page = repository().join("docs/index.md");
    assert_eq!(broken(&page, "glossary.md"), None);
    assert_eq!(broken(&page, "no-such-page.md"), Some("no such file".to_string()));
    assert_eq!(
        broken(&page, "commands.md#no-such-heading"),
        Some("no heading with the anchor #no-such-heading".to_string())
    );
    assert_eq!(broken(&page, "commands.md#exit-status"), None);
    assert_eq!(broken(&page, "site.md#record-templates-for-shoshin-new"), None);
    assert_eq!(slug(" `--format json`"), "--format-json");
    assert_eq!(
        relative_links("see [a](a.md) and `[b](b.md)` and [c](https://x.example)\n```\n[d](d.md)\n```\n"),
        ["a.md"]
    );
}

#[test]
fn the_ci_page_shows_the_workflow_init_writes() {
    let root = repository();
    let page = std::fs::read_to_string(root.join("docs/ci.md")).unwrap();
    let workflow = std::fs::read_to_string(root.join("templates/init/workflow.yml"))
        .unwrap()
        .replace("{action}", &shoshin::commands::init::action());
    let start = page.find("```yaml\n").expect("docs/ci.md shows a YAML block") + "```yaml\n".len();
    let shown = &page[start..start + page[start..].find("```").unwrap()];
    assert_eq!(
        shown, workflow,
        "docs/ci.md's first YAML block differs from templates/init/workflow.yml"
    );
}
