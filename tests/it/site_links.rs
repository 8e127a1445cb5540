//! The built example site, read as files: every internal link, source and
//! form action of every page resolves to a file of the site, every `#anchor`
//! to an element of its page, and nothing is loaded from another host.
//! Runs without a browser (the browser tests repeat the crawl in Chromium).

use crate::browser_support;

use browser_support::{example_site, html_pages};
use std::path::{Component, Path, PathBuf};

/// `href`, `src` and `action` attribute values of a page, entities decoded.
fn targets(html: &str) -> Vec<(String, String)> {
    let attribute = regex::Regex::new(r#"\s(href|src|action)="([^"]*)""#).unwrap();
    attribute
        .captures_iter(html)
        .map(|c| {
            (
                c[1].to_string(),
                c[2].replace("&amp;", "&").replace("&#x2F;", "/"),
            )
        })
        .collect()
}

fn is_external(target: &str) -> bool {
    ["http:", "https:", "mailto:", "tel:", "ftp:", "//"]
        .iter()
        .any(|scheme| target.starts_with(scheme))
}

/// `target` resolved against the folder of `page`, within the site.
fn resolve(page: &str, target: &str) -> PathBuf {
    let mut path = PathBuf::new();
    let folder = Path::new(page).parent().unwrap_or(Path::new(""));
    for component in folder.join(target).components() {
        match component {
            Component::ParentDir => assert!(path.pop(), "{page}: {target} leaves the site"),
            Component::Normal(part) => path.push(part),
            _ => {}
        }
    }
    path
}

#[test]
fn every_internal_link_of_every_page_resolves_with_its_anchor() {
    let site = example_site();
    let pages = html_pages(site);
    assert!(pages.len() > 100, "{} pages", pages.len());
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        for (attribute, target) in targets(&html) {
            if attribute != "href" && is_external(&target) {
                broken.push(format!("{page}: {attribute} loads from another host: {target}"));
            }
            if is_external(&target) || target.starts_with("data:") {
                continue;
            }
            let (rest, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let rest = rest.split('?').next().unwrap_or_default();
            let file = if rest.is_empty() {
                PathBuf::from(page)
            } else {
                let decoded = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
                resolve(page, &decoded)
            };
            let full = site.join(&file);
            let full = if full.is_dir() {
                full.join("index.html")
            } else {
                full
            };
            checked += 1;
            if !full.is_file() {
                broken.push(format!("{page}: {target} (no file {})", file.display()));
            } else if !anchor.is_empty() {
                let html = std::fs::read_to_string(&full).unwrap();
                if !html.contains(&format!("id=\"{anchor}\"")) {
                    broken.push(format!("{page}: {target} (no element with id {anchor})"));
                }
            }
        }
    }
    assert_eq!(broken, Vec::<String>::new());
    assert!(checked > 3_000, "only {checked} links checked");
}

#[test]
fn pages_are_complete_without_scripts() {
    let site = example_site();
    for page in html_pages(site) {
        let html = std::fs::read_to_string(site.join(&page)).unwrap();
        // The one script is the site's own, deferred (and the data of the
        // sidebar of decision pages); nothing inline writes content.
        let scripts: Vec<_> = html.match_indices("<script").collect();
        let sidebar = page.starts_with("decisions/ADR-");
        assert_eq!(scripts.len(), if sidebar { 2 } else { 1 }, "{page}");
        assert_eq!(
            html.contains(r#"in-force.js" defer></script>"#),
            sidebar,
            "{page}"
        );
        assert!(html.contains(r#"shoshin.js" defer></script>"#), "{page}");
        assert!(
            html.contains("<h1>") || html.contains("<h1 "),
            "{page} has a heading"
        );
        assert!(
            html.contains(r#"<nav aria-label="Main">"#),
            "{page} has the navigation"
        );
    }
    let backlog = std::fs::read_to_string(site.join("items/index.html")).unwrap();
    assert_eq!(
        backlog.matches("<tr data-id=").count(),
        42,
        "every item is in a table"
    );
    // The open items on two boards (by status, by readiness); the done and
    // dropped ones in a folded section of their own.
    assert_eq!(backlog.matches(r#"<li class="card">"#).count(), 64);
    let closed = backlog
        .split(r#"<details class="closed-items">"#)
        .nth(1)
        .expect("a folded section of done and dropped items");
    assert_eq!(closed.matches("<tr data-id=").count(), 10);
    assert!(
        closed.matches("data-status=\"done\"").count() + closed.matches("data-status=\"dropped\"").count()
            == 10,
        "{closed}"
    );
}

#[test]
fn the_link_checker_reads_and_resolves_links() {
    assert_eq!(
        targets(r#"<a href="../x/index.html#top">x</a><img src="a.png">"#),
        [
            ("href".to_string(), "../x/index.html#top".to_string()),
            ("src".into(), "a.png".into())
        ]
    );
    assert_eq!(
        resolve("items/PAY-1/index.html", "../../tags/a/index.html"),
        PathBuf::from("tags/a/index.html")
    );
    assert!(is_external("https://example.com"));
}
