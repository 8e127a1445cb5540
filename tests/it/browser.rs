//! The example site in a real headless Chromium, over HTTP and from
//! `file://`: search, filters, a crawl of every page, an accessibility scan
//! with axe-core, screenshots, and the site with JavaScript turned off.
//!
//! Needs Debian's `chromium` and `chromium-driver` (the build script sets
//! `has_chromium` when they are installed; without them these tests are
//! ignored, and CI requires them) and axe-core: `npm ci --prefix tests/browser`.

use crate::browser_support;

use browser_support::{artifacts, example_site, html_pages, with_browser, Browser, StaticServer};
use fantoccini::Locator;
use serde_json::{json, Value};
use std::collections::{BTreeSet, VecDeque};

/// A word found only in the body of ADR-0007 ("Use Postgres for invoices").
const BODY_WORD: &str = "mongodb";
const DECISION: &str = "decisions/ADR-0007/index.html";

/// Types a word into the header's search box on the home page, checks the
/// decision is listed first with its kind, status and a highlighted
/// snippet, then follows it.
async fn search_and_open(browser: &Browser, home: &str, base: &str) {
    let c = &browser.client;
    c.goto(home).await.unwrap();
    let input = c.find(Locator::Css("#site-search-q")).await.unwrap();
    input.send_keys(BODY_WORD).await.unwrap();
    browser
        .wait_until("return document.querySelectorAll('.search-popup .search-result').length > 0")
        .await;
    let first = browser
        .run(
            "const li = document.querySelector('.search-popup .search-result');
             return { text: li.querySelector('a').textContent, kind: li.querySelector('.kind').textContent,
                      status: li.querySelector('.badge').textContent,
                      marks: Array.from(li.querySelectorAll('.snippet mark')).map(m => m.textContent) };",
        )
        .await;
    assert!(first["text"].as_str().unwrap().starts_with("ADR-0007"), "{first}");
    assert_eq!(first["kind"], "decision");
    assert_eq!(first["status"], "accepted");
    assert_eq!(
        first["marks"],
        json!(["MongoDB"]),
        "the matched word is highlighted in the snippet"
    );
    browser.click(".search-popup .search-result a").await;
    browser
        .wait_until(&format!("return location.href === '{base}{DECISION}'"))
        .await;
    let title = browser.text("h1").await;
    assert!(title.contains("Use Postgres for invoices"), "{title}");
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn searching_a_body_word_over_http_lists_its_decision_first_and_opens_it() {
    let server = StaticServer::start(example_site());
    with_browser(true, |browser| async move {
        search_and_open(&browser, &format!("{}index.html", server.url), &server.url).await;
        // The search page lists every match; a title word ranks its record first.
        let c = &browser.client;
        c.goto(&format!("{}search/index.html?q=postgres", server.url))
            .await
            .unwrap();
        browser
            .wait_until("return document.querySelectorAll('.search-result').length > 1")
            .await;
        let first = browser
            .run("return document.querySelector('.search-result a').textContent")
            .await;
        assert!(first.as_str().unwrap().starts_with("ADR-0007"), "{first}");
        let status = browser.text("[data-search-status]").await;
        assert!(status.contains("match “postgres”"), "{status}");
    });
    assert_eq!(*server.missing.lock().unwrap(), Vec::<String>::new());
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn searching_a_body_word_from_a_file_url_lists_its_decision_first_and_opens_it() {
    let base = format!("file://{}/", example_site().display());
    with_browser(true, |browser| async move {
        search_and_open(&browser, &format!("{base}index.html"), &base).await;
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn the_backlog_filters_and_sorts_in_the_page() {
    let server = StaticServer::start(example_site());
    with_browser(true, |browser| async move {
        let c = &browser.client;
        c.goto(&format!("{}items/index.html", server.url)).await.unwrap();
        browser
            .wait_until("return !!document.querySelector('#filter-backlog-status')")
            .await;
        let count =
            "return Array.from(document.querySelectorAll('#backlog tbody tr')).filter(r => !r.hidden).length";
        let all = browser.run(count).await;
        // Items still open: the done and dropped ones are in a folded table.
        assert_eq!(all, json!(32));
        browser
            .click("#filter-backlog-status option[value='ready']")
            .await;
        let shown = browser
            .run("return Array.from(document.querySelectorAll('#backlog tbody tr')).filter(r => !r.hidden).map(r => r.dataset.status)")
            .await;
        let shown = shown.as_array().unwrap();
        assert!(!shown.is_empty() && shown.len() < 32, "{shown:?}");
        assert!(shown.iter().all(|s| s == "ready"), "{shown:?}");
        let status = browser.text(".filters .count").await;
        assert_eq!(status, format!("Showing {} of 32.", shown.len()));

        // Sorting by id, descending on the second click.
        let button = c
            .find(Locator::Css("#backlog thead th:first-child button"))
            .await
            .unwrap();
        button.click().await.unwrap();
        button.click().await.unwrap();
        let ids = browser
            .run("return Array.from(document.querySelectorAll('#backlog tbody tr')).map(r => r.dataset.id)")
            .await;
        let ids: Vec<&str> = ids
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort_by_key(|id| std::cmp::Reverse(id.to_lowercase()));
        assert_eq!(ids, sorted);
        let sort = browser
            .run("return document.querySelector('#backlog thead th').getAttribute('aria-sort')")
            .await;
        assert_eq!(sort, "descending");

        // The decision log filters by status, hiding empty months.
        c.goto(&format!("{}decisions/index.html", server.url))
            .await
            .unwrap();
        browser
            .wait_until("return !!document.querySelector('#filter-decision-log-status')")
            .await;
        browser
            .click("#filter-decision-log-status option[value='superseded']")
            .await;
        let shown = browser
            .run("return Array.from(document.querySelectorAll('.log-entry')).filter(e => !e.hidden && !e.closest('section').hidden).map(e => e.dataset.status)")
            .await;
        let shown = shown.as_array().unwrap();
        assert!(
            !shown.is_empty() && shown.iter().all(|s| s == "superseded"),
            "{shown:?}"
        );

        // Oldest first reverses the log.
        let dates = "return Array.from(document.querySelectorAll('.log-entry time')).map(t => t.getAttribute('datetime'))";
        let newest: Vec<Value> = browser.run(dates).await.as_array().unwrap().clone();
        browser.click("#order-decision-log option[value='oldest']").await;
        let oldest: Vec<Value> = browser.run(dates).await.as_array().unwrap().clone();
        assert!(newest.len() > 10 && newest[0] != oldest[0], "{newest:?}");
        assert_eq!(
            oldest.iter().rev().collect::<Vec<_>>(),
            newest.iter().collect::<Vec<_>>()
        );
        assert_eq!(browser.console_errors().await, Vec::<String>::new());
    });
}

/// Visits every page reachable from `base`'s home page by links and form
/// actions; gives the pages visited (relative to `base`) and, per page, the
/// console errors and a missing or empty `h1`. With `fetch_files`,
/// stylesheets, scripts and other linked files are fetched too, so the
/// server sees every request.
async fn crawl(browser: &Browser, base: &str, fetch_files: bool) -> (BTreeSet<String>, Vec<String>) {
    let mut queue = VecDeque::from([format!("{base}index.html")]);
    let mut visited = BTreeSet::new();
    let mut errors = Vec::new();
    while let Some(url) = queue.pop_front() {
        if !visited.insert(url.trim_start_matches(base).to_string()) {
            continue;
        }
        browser.client.goto(&url).await.unwrap();
        for e in browser.console_errors().await {
            errors.push(format!("{url}: {e}"));
        }
        let heading = browser.client.find(Locator::Css("main h1")).await;
        let heading = match heading {
            Ok(h) => h.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if heading.trim().is_empty() {
            errors.push(format!("{url}: no heading"));
        }
        let links = browser
            .run("return Array.from(document.querySelectorAll('a[href], link[href], script[src], form[action]')).map(e => new URL(e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'), location.href).href.split('#')[0])")
            .await;
        for link in links.as_array().unwrap().iter().filter_map(Value::as_str) {
            if !link.starts_with(base) {
                continue;
            }
            if link.ends_with(".html") {
                queue.push_back(link.to_string());
            } else if fetch_files {
                browser
                    .run(&format!("return fetch('{link}').then(r => r.status)"))
                    .await;
            }
        }
    }
    (visited, errors)
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn a_crawl_over_http_reaches_every_page_with_no_broken_link_and_no_console_error() {
    let site = example_site();
    let server = StaticServer::start(site);
    let base = server.url.clone();
    let visited = std::sync::Arc::new(std::sync::Mutex::new(BTreeSet::new()));
    let seen = visited.clone();
    with_browser(true, |browser| async move {
        let (pages, errors) = crawl(&browser, &base, true).await;
        *seen.lock().unwrap() = pages;
        assert_eq!(errors, Vec::<String>::new());
    });
    let visited = visited.lock().unwrap().clone();
    let expected: BTreeSet<String> = html_pages(site).into_iter().filter(|p| p != "404.html").collect();
    let unreached: Vec<&String> = expected.difference(&visited).collect();
    assert_eq!(unreached, Vec::<&String>::new(), "pages the crawl never reached");
    assert_eq!(visited, expected);
    assert_eq!(
        *server.missing.lock().unwrap(),
        Vec::<String>::new(),
        "broken links"
    );
}

/// Pages the accessibility scan covers: home, backlog, decision log, item,
/// decision, search (with results), graph.
const SCANNED: [&str; 7] = [
    "index.html",
    "items/index.html",
    "decisions/index.html",
    "items/PAY-101/index.html",
    DECISION,
    "search/index.html?q=ledger",
    "graph/index.html",
];

#[test]
#[cfg_attr(
    not(all(has_chromium, has_axe)),
    ignore = "needs chromium, chromium-driver and axe-core: npm ci --prefix tests/browser"
)]
fn axe_finds_no_serious_or_critical_violations() {
    let axe_file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_file)
        .unwrap_or_else(|e| panic!("{}: {e}; run `npm ci --prefix tests/browser`", axe_file.display()));
    let server = StaticServer::start(example_site());
    with_browser(true, |browser| async move {
        let mut found = Vec::new();
        for page in SCANNED {
            browser
                .client
                .goto(&format!("{}{page}", server.url))
                .await
                .unwrap();
            if page.starts_with("search/") {
                browser
                    .wait_until("return document.querySelectorAll('.search-result').length > 0")
                    .await;
            }
            for v in browser.axe_violations(&axe).await {
                found.push(format!("{page}: {v}"));
            }
        }
        assert_eq!(found, Vec::<String>::new());
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn screenshots_of_the_main_pages_at_phone_and_desktop_widths() {
    let server = StaticServer::start(example_site());
    let folder = artifacts();
    let shots = folder.clone();
    with_browser(true, |browser| async move {
        for (width, height) in [(375, 812), (1280, 900)] {
            browser.client.set_window_size(width, height).await.unwrap();
            for (name, page) in [
                ("home", "index.html"),
                ("backlog", "items/index.html"),
                ("item", "items/PAY-101/index.html"),
                ("decision", DECISION),
                ("graph", "graph/index.html"),
            ] {
                browser
                    .client
                    .goto(&format!("{}{page}", server.url))
                    .await
                    .unwrap();
                let png = browser.client.screenshot().await.unwrap();
                std::fs::write(shots.join(format!("{name}-{width}.png")), png).unwrap();
            }
            // The header's search box with its results open.
            browser
                .client
                .goto(&format!("{}index.html", server.url))
                .await
                .unwrap();
            let input = browser.client.find(Locator::Css("#site-search-q")).await.unwrap();
            input.send_keys("ledger").await.unwrap();
            browser
                .wait_until("return document.querySelectorAll('.search-popup .search-result').length > 0")
                .await;
            let png = browser.client.screenshot().await.unwrap();
            std::fs::write(shots.join(format!("search-{width}.png")), png).unwrap();
        }
    });
    for name in ["home", "backlog", "item", "decision", "graph", "search"] {
        for width in [375, 1280] {
            let png = std::fs::read(folder.join(format!("{name}-{width}.png"))).unwrap();
            assert!(
                png.starts_with(b"\x89PNG") && png.len() > 5_000,
                "{name}-{width}.png"
            );
        }
    }
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn with_javascript_off_every_page_is_complete_and_reached_by_links() {
    let server = StaticServer::start(example_site());
    with_browser(false, |browser| async move {
        let c = &browser.client;
        let displayed = |css: &'static str| async move {
            let mut shown = 0;
            for e in c.find_all(Locator::Css(css)).await.unwrap() {
                if e.is_displayed().await.unwrap() {
                    shown += 1;
                }
            }
            shown
        };
        c.goto(&format!("{}items/index.html", server.url)).await.unwrap();
        assert_eq!(displayed("#backlog tbody tr").await, 32);
        assert_eq!(displayed(".filters").await, 0, "scripts did not run");
        // Eleven pages (Code areas among them: the example's decisions
        // govern code paths), and Problems: the demo builds with warnings.
        assert_eq!(displayed("nav[aria-label=Main] a").await, 12);
        assert_eq!(
            displayed("nav[aria-label=Main] a[href$='problems/index.html']").await,
            1
        );
        c.goto(&format!("{}decisions/index.html", server.url))
            .await
            .unwrap();
        assert_eq!(displayed(".log-entry a.log-title").await, 17);
        c.goto(&format!("{}search/index.html", server.url)).await.unwrap();
        let note = browser.text("main").await;
        assert!(note.contains("needs JavaScript"), "{note}");
        c.goto(&format!("{}graph/index.html", server.url)).await.unwrap();
        // The graph around the most connected record, drawn at build time.
        assert!(displayed(".graph-focused svg.graph a.node").await >= 3);
        c.goto(&format!("{}{DECISION}", server.url)).await.unwrap();
        assert!(displayed(".neighbourhood a.node").await >= 2);

        // Every page is reached by following links, each with its heading.
        let (visited, errors) = crawl(&browser, &server.url, false).await;
        assert_eq!(errors, Vec::<String>::new());
        let expected: BTreeSet<String> = html_pages(example_site())
            .into_iter()
            .filter(|p| p != "404.html")
            .collect();
        assert_eq!(visited, expected);
    });
}
