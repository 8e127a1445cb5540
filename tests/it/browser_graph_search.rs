//! The graph page's focused graph, a record's neighbourhood on a phone, and
//! search (typos, questions, people, kinds, the keyboard shortcut) in a
//! real headless Chromium, over HTTP and from `file://`; then axe-core and
//! screenshots of these views at phone and desktop widths, light and dark.
//! Needs what `browser.rs` needs. Screenshots go beside the others
//! (`target/browser-artifacts/`).

use crate::browser_support;

use browser_support::{artifacts, example_site, with_browser, Browser, StaticServer};
use fantoccini::Locator;
use serde_json::{json, Value};

const DECISION: &str = "decisions/ADR-0007/index.html";

/// Waits for the focused graph, then returns its boxes' ids and kinds, the
/// summary, and the widest box and the drawing's width in CSS pixels.
async fn focused(browser: &Browser) -> Value {
    browser
        .wait_until("return !!document.querySelector('[data-graph-view] svg.graph-focus')")
        .await;
    browser
        .run(
            "const svg = document.querySelector('[data-graph-view] svg.graph-focus');
             const boxes = Array.from(svg.querySelectorAll('a.node'));
             return { ids: boxes.map(a => a.querySelector('title').textContent.split(' ')[0]),
                      kinds: boxes.map(a => a.getAttribute('class').split(' ')[1]),
                      current: svg.querySelector('a.node.current title').textContent.split(' ')[0],
                      summary: document.querySelector('[data-graph-summary]').textContent,
                      svgWidth: svg.getBoundingClientRect().width,
                      narrowestBox: Math.min(...boxes.map(a => a.querySelector('rect').getBoundingClientRect().width)),
                      pageWidth: document.documentElement.scrollWidth };",
        )
        .await
}

async fn set_select(browser: &Browser, css: &str, value: &str) {
    browser
        .run(&format!(
            "const s = document.querySelector('{css}'); s.value = '{value}'; s.dispatchEvent(new Event('change')); return true;"
        ))
        .await;
}

async fn graph_checks(browser: &Browser, base: &str) {
    let c = &browser.client;
    c.goto(&format!("{base}graph/index.html?focus=ADR-0007"))
        .await
        .unwrap();
    let one = focused(browser).await;
    assert_eq!(one["current"], "ADR-0007", "{one}");
    let first_ring = one["ids"].as_array().unwrap().len();
    assert!((3..30).contains(&first_ring), "{one}");
    assert!(
        one["summary"].as_str().unwrap().starts_with("ADR-0007 and "),
        "{one}"
    );
    // Two links away: more records, still bounded.
    set_select(browser, "#graph-depth", "2").await;
    let two = focused(browser).await;
    assert!(two["ids"].as_array().unwrap().len() > first_ring, "{two}");
    assert!(two["ids"].as_array().unwrap().len() <= 60, "{two}");
    // Without sessions: no session but the centre.
    browser
        .run("const b = document.querySelector('[data-graph-kind][value=session]'); b.click(); return true;")
        .await;
    let no_sessions = focused(browser).await;
    assert!(
        !no_sessions["kinds"]
            .as_array()
            .unwrap()
            .contains(&json!("node-session")),
        "{no_sessions}"
    );
    browser
        .run("const b = document.querySelector('[data-graph-kind][value=session]'); b.click(); return true;")
        .await;
    // A status filter keeps the centre and the records of that status only.
    set_select(browser, "#graph-status", "accepted").await;
    let accepted = browser
        .run(
            "return Array.from(document.querySelectorAll('svg.graph-focus a.node:not(.current) title'))
               .map(t => t.textContent);",
        )
        .await;
    assert!(!accepted.as_array().unwrap().is_empty(), "{accepted}");
    assert!(
        accepted
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t.as_str().unwrap().ends_with("(accepted)")),
        "{accepted}"
    );
    set_select(browser, "#graph-status", "").await;
    // Words of a title find their record; "centre here" moves the centre.
    browser
        .run("const i = document.querySelector('#graph-focus'); i.value = 'postgres invoices'; return true;")
        .await;
    browser.click(".graph-controls button[type=submit]").await;
    assert_eq!(focused(browser).await["current"], "ADR-0007");
    browser.click(".graph-list button").await;
    let moved = focused(browser).await;
    assert_ne!(moved["current"], "ADR-0007", "{moved}");
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
}

#[test]
#[cfg_attr(not(has_chromium), ignore = "needs chromium and chromium-driver")]
fn the_graph_page_draws_the_graph_around_one_record_filtered_over_http_and_from_a_file() {
    let server = StaticServer::start(example_site());
    with_browser(true, |browser| async move {
        graph_checks(&browser, &server.url).await;
        graph_checks(&browser, &format!("file://{}/", example_site().display())).await;
    });
    assert_eq!(*server.missing.lock().unwrap(), Vec::<String>::new());
}

#[test]
#[cfg_attr(not(has_chromium), ignore = "needs chromium and chromium-driver")]
fn on_a_phone_the_graphs_fit_the_screen_with_readable_boxes() {
    let server = StaticServer::start(example_site());
    with_browser(true, |browser| async move {
        let c = &browser.client;
        c.set_window_size(375, 812).await.unwrap();
        c.goto(&format!("{}graph/index.html?focus=ADR-0007", server.url))
            .await
            .unwrap();
        let graph = focused(&browser).await;
        assert!(graph["pageWidth"].as_f64().unwrap() <= 375.0, "{graph}");
        // One box a row, drawn at its size (not a whole graph shrunk).
        assert!(graph["narrowestBox"].as_f64().unwrap() >= 280.0, "{graph}");
        // A record page shows its neighbourhood in one column, at about its size.
        c.goto(&format!("{}{DECISION}", server.url)).await.unwrap();
        let shown = browser
            .run(
                "const wide = document.querySelector('.neighbourhood svg.graph-wide');
                 const narrow = document.querySelector('.neighbourhood svg.graph-narrow');
                 return { wide: getComputedStyle(wide).display, narrow: narrow.getBoundingClientRect().width,
                          font: parseFloat(getComputedStyle(narrow.querySelector('text')).fontSize) * narrow.getBoundingClientRect().width / narrow.viewBox.baseVal.width };",
            )
            .await;
        assert_eq!(shown["wide"], "none", "{shown}");
        assert!(shown["narrow"].as_f64().unwrap() >= 300.0, "{shown}");
        assert!(
            shown["font"].as_f64().unwrap() >= 12.0,
            "text at least 12 px: {shown}"
        );
    });
}

/// Searches `query` on the search page and returns the results' link
/// texts, kinds and snippets, and the status line.
async fn search_page(browser: &Browser, base: &str, query: &str) -> Value {
    let c = &browser.client;
    c.goto(&format!("{base}search/index.html?q={query}"))
        .await
        .unwrap();
    browser
        .wait_until("return document.querySelector('[data-search-status]').textContent !== ''")
        .await;
    browser
        .run(
            "return { results: Array.from(document.querySelectorAll('.search-result')).map(li => ({
                        text: li.querySelector('a').textContent, kind: li.querySelector('.kind').textContent,
                        snippet: (li.querySelector('.snippet') || {}).textContent || '' })),
                      status: document.querySelector('[data-search-status]').textContent };",
        )
        .await
}

async fn search_checks(browser: &Browser, base: &str) {
    // A misspelt word finds the decision it meant.
    let typo = search_page(browser, base, "postgress").await;
    assert!(
        typo["results"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("ADR-0007"),
        "{typo}"
    );
    // A question: its question word is skipped.
    let question = search_page(browser, base, "why%20postgres").await;
    assert!(
        question["results"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("ADR-0007"),
        "{question}"
    );
    // Not every word matches: those matching some are still listed.
    let some = search_page(browser, base, "postgres%20zzyzx").await;
    assert!(
        some["status"]
            .as_str()
            .unwrap()
            .starts_with("Nothing matches every word"),
        "{some}"
    );
    assert!(some["results"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("ADR-0007"));
    // A person is a result of their own, first.
    let person = search_page(browser, base, "fatima").await;
    assert_eq!(person["results"][0]["kind"], "person", "{person}");
    assert_eq!(person["results"][0]["text"], "fatima", "{person}");
    // A word deep in a body is found, and snippets hold no wiki-link syntax.
    let ledger = search_page(browser, base, "ledger").await;
    let snippets: Vec<&str> = ledger["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["snippet"].as_str().unwrap())
        .collect();
    assert!(snippets.iter().any(|s| s.contains("ADR-0003")), "{ledger}");
    assert!(snippets.iter().all(|s| !s.contains("[[")), "{ledger}");
    // The kind filter keeps one kind.
    browser.click("[data-search-kinds] input[value=decision]").await;
    browser
        .wait_until("return Array.from(document.querySelectorAll('.search-result .kind')).every(k => k.textContent === 'decision')")
        .await;
    // `/` from anywhere on a page puts the cursor in the header's box.
    browser
        .client
        .goto(&format!("{base}items/index.html"))
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    browser
        .wait_until("return document.activeElement && document.activeElement.id === 'site-search-q'")
        .await;
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
}

#[test]
#[cfg_attr(not(has_chromium), ignore = "needs chromium and chromium-driver")]
fn search_forgives_typos_questions_and_finds_people_over_http_and_from_a_file() {
    let server = StaticServer::start(example_site());
    with_browser(true, |browser| async move {
        search_checks(&browser, &server.url).await;
        search_checks(&browser, &format!("file://{}/", example_site().display())).await;
    });
    assert_eq!(*server.missing.lock().unwrap(), Vec::<String>::new());
}

/// The pages of these views, with what to do before looking at them.
const VIEWS: &[(&str, &str)] = &[
    ("graph-focused", "graph/index.html?focus=ADR-0007&depth=2"),
    ("neighbourhood", DECISION),
    ("search-typo", "search/index.html?q=postgress"),
    ("search-person", "search/index.html?q=fatima"),
];

#[test]
#[cfg_attr(
    not(all(has_chromium, has_axe)),
    ignore = "needs chromium, chromium-driver and axe-core (npm ci --prefix tests/browser)"
)]
fn the_graph_and_search_pass_axe_at_both_widths_light_and_dark_with_screenshots() {
    let axe_file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_file)
        .unwrap_or_else(|e| panic!("{}: {e}; run `npm ci --prefix tests/browser`", axe_file.display()));
    let server = StaticServer::start(example_site());
    let shots = artifacts();
    let folder = shots.clone();
    with_browser(true, |browser| async move {
        let mut found = Vec::new();
        for (width, height) in [(375, 812), (1280, 900)] {
            browser.client.set_window_size(width, height).await.unwrap();
            for scheme in ["light", "dark"] {
                browser.color_scheme(scheme == "dark").await;
                for (name, page) in VIEWS {
                    browser
                        .client
                        .goto(&format!("{}{page}", server.url))
                        .await
                        .unwrap();
                    if name.starts_with("graph") {
                        browser
                            .wait_until("return !!document.querySelector('svg.graph-focus')")
                            .await;
                    }
                    if name.starts_with("search") {
                        browser
                            .wait_until("return document.querySelectorAll('.search-result').length > 0")
                            .await;
                    }
                    let dark = browser
                        .run("return matchMedia('(prefers-color-scheme: dark)').matches")
                        .await;
                    assert_eq!(dark, json!(scheme == "dark"));
                    for v in browser.axe_violations(&axe).await {
                        found.push(format!("{name} {width} {scheme}: {v}"));
                    }
                    let png = browser.client.screenshot().await.unwrap();
                    std::fs::write(shots.join(format!("{name}-{width}-{scheme}.png")), png).unwrap();
                }
            }
        }
        assert_eq!(found, Vec::<String>::new());
    });
    for (name, _) in VIEWS {
        for width in [375, 1280] {
            for scheme in ["light", "dark"] {
                let png = std::fs::read(folder.join(format!("{name}-{width}-{scheme}.png"))).unwrap();
                assert!(
                    png.starts_with(b"\x89PNG") && png.len() > 5_000,
                    "{name}-{width}-{scheme}.png"
                );
            }
        }
    }
}
