//! The backlog's views and the decision page in a real headless Chromium,
//! at phone (375 px) and desktop (1280 px) widths, in light and dark: the
//! board switched on without a server (from `file://` too), the phone's
//! cards and folded menu, the decision page's text within the first screen
//! and its sidebar; axe-core finds no serious or critical violation, and a
//! screenshot of each view is saved beside the others
//! (`target/browser-artifacts/`).

use crate::browser_support;

use browser_support::{artifacts, example_site, with_browser, Browser, StaticServer};
use serde_json::{json, Value};

const BACKLOG: &str = "items/index.html";
/// ADR-0010 is superseded by ADR-0015, which the bank-event items mention.
const RETIRED: &str = "decisions/ADR-0010/index.html";
const DECISION: &str = "decisions/ADR-0007/index.html";

/// The text of axe-core, or `None` (with a note) when it is not installed.
fn axe() -> Option<String> {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&file) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!(
                "skipping the axe scan: {}: {e}; run `npm ci --prefix tests/browser`",
                file.display()
            );
            None
        }
    }
}

/// How many elements match `css` and are displayed.
async fn displayed(browser: &Browser, css: &str) -> usize {
    let mut shown = 0;
    for e in browser
        .client
        .find_all(fantoccini::Locator::Css(css))
        .await
        .unwrap()
    {
        if e.is_displayed().await.unwrap() {
            shown += 1;
        }
    }
    shown
}

async fn screenshot(browser: &Browser, name: &str) {
    let png = browser.client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 5_000, "{name}");
    std::fs::write(artifacts().join(format!("{name}.png")), png).unwrap();
}

/// The page's serious and critical axe violations, prefixed with `what`.
async fn scan(browser: &Browser, axe: &Option<String>, what: &str, found: &mut Vec<String>) {
    if let Some(axe) = axe {
        for v in browser.axe_violations(axe).await {
            found.push(format!("{what}: {v}"));
        }
    }
}

/// Chooses the backlog's view `id` (`view-table`, `view-status`,
/// `view-verdict`) by its label, as a reader would.
async fn choose_view(browser: &Browser, id: &str) {
    browser.click(&format!("label[for='{id}']")).await;
    let checked = browser
        .run(&format!("return document.getElementById('{id}').checked"))
        .await;
    assert_eq!(checked, json!(true), "{id}");
}

#[test]
#[cfg_attr(not(has_chromium), ignore = "needs chromium and chromium-driver")]
fn the_backlog_board_table_and_phone_cards_in_light_and_dark() {
    let server = StaticServer::start(example_site());
    let axe = axe();
    let file_base = format!("file://{}/", example_site().display());
    with_browser(true, |browser| async move {
        let c = &browser.client;
        let mut violations = Vec::new();
        for dark in [false, true] {
            browser.color_scheme(dark).await;
            let scheme = if dark { "dark" } else { "light" };
            for (width, height) in [(1280, 900), (375, 812)] {
                c.set_window_size(width, height).await.unwrap();
                c.goto(&format!("{}{BACKLOG}", server.url)).await.unwrap();
                let what = format!("backlog {width} {scheme}");
                // The table of items still open; done and dropped ones folded.
                assert_eq!(displayed(&browser, "#backlog tbody tr").await, 32, "{what}");
                assert_eq!(displayed(&browser, ".closed-items tbody tr").await, 0, "{what}");
                assert_eq!(
                    browser.text(".closed-items summary").await,
                    "Done and dropped (10)"
                );
                let fits = browser
                    .run("return document.documentElement.scrollWidth <= window.innerWidth")
                    .await;
                assert_eq!(fits, json!(true), "{what}: the page scrolls sideways");
                if width == 375 {
                    // A card per item, its status and readiness in sight.
                    let card = browser
                        .run(
                            "const r = document.querySelector('#backlog tbody tr[data-verdict=\"ready\"]');
                             const seen = c => { const e = r.querySelector(c); const b = e.getBoundingClientRect();
                               return b.width > 0 && b.right <= window.innerWidth; };
                             return { status: seen('.status .badge'), readiness: seen('.verdict .readiness'),
                                      title: seen('.title a'), height: r.getBoundingClientRect().height };",
                        )
                        .await;
                    assert_eq!(card["status"], json!(true), "{what}: {card}");
                    assert_eq!(card["readiness"], json!(true), "{what}: {card}");
                    assert!(card["height"].as_f64().unwrap() < 160.0, "{what}: {card}");
                    // The menu folds behind a button, the header stays short.
                    assert_eq!(displayed(&browser, "nav[aria-label=Main] a").await, 0, "{what}");
                    let header = browser
                        .run("return document.querySelector('.site-header').getBoundingClientRect().height")
                        .await;
                    assert!(header.as_f64().unwrap() < 812.0 / 5.0, "{what}: header {header}");
                    browser.click(".menu-button").await;
                    assert!(
                        displayed(&browser, "nav[aria-label=Main] a").await >= 10,
                        "{what}"
                    );
                    browser.click(".menu-button").await;
                }
                screenshot(&browser, &format!("backlog-table-{width}-{scheme}")).await;
                scan(&browser, &axe, &what, &mut violations).await;

                // The boards: a card per open item, with what it needs.
                for (view, columns) in [("view-status", "status"), ("view-verdict", "verdict")] {
                    choose_view(&browser, view).await;
                    let what = format!("board by {columns} {width} {scheme}");
                    assert_eq!(displayed(&browser, "#backlog").await, 0, "{what}");
                    assert_eq!(
                        displayed(&browser, &format!(".view-{columns} .card")).await,
                        32,
                        "{what}"
                    );
                    let card = browser
                        .run(&format!(
                            "return Array.from(document.querySelectorAll('.view-{columns} .card')).map(c => c.textContent.replace(/\\s+/g, ' ').trim())"
                        ))
                        .await;
                    let cards: Vec<&str> = card
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter_map(Value::as_str)
                        .collect();
                    assert!(
                        cards
                            .iter()
                            .any(|c| c.starts_with("PAY-") && c.contains("est. ") && c.contains('%')),
                        "{what}: cards name id, title, estimate and readiness: {cards:?}"
                    );
                    let headings = browser
                        .run(&format!(
                            "return Array.from(document.querySelectorAll('.view-{columns} .board-column h2')).map(h => h.textContent.replace(/\\s+/g, ' ').trim())"
                        ))
                        .await;
                    if columns == "verdict" {
                        let headings = headings.to_string();
                        assert!(
                            headings.contains("ready") && headings.contains("not judged"),
                            "{headings}"
                        );
                    }
                    screenshot(&browser, &format!("backlog-board-{columns}-{width}-{scheme}")).await;
                    scan(&browser, &axe, &what, &mut violations).await;
                }
                choose_view(&browser, "view-table").await;
                assert_eq!(displayed(&browser, "#backlog tbody tr").await, 32);
            }
        }
        // From a file, with no server: the board still switches.
        browser.color_scheme(false).await;
        c.set_window_size(1280, 900).await.unwrap();
        c.goto(&format!("{file_base}{BACKLOG}")).await.unwrap();
        choose_view(&browser, "view-verdict").await;
        assert_eq!(displayed(&browser, ".view-verdict .card").await, 32);
        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        assert_eq!(violations, Vec::<String>::new());
    });
}

#[test]
#[cfg_attr(not(has_chromium), ignore = "needs chromium and chromium-driver")]
fn the_decision_page_reads_like_a_document_in_light_and_dark() {
    let server = StaticServer::start(example_site());
    let axe = axe();
    with_browser(true, |browser| async move {
        let c = &browser.client;
        let mut violations = Vec::new();
        for dark in [false, true] {
            browser.color_scheme(dark).await;
            let scheme = if dark { "dark" } else { "light" };
            for (width, height) in [(1280, 900), (375, 812)] {
                c.set_window_size(width, height).await.unwrap();
                for (name, page) in [("decision", DECISION), ("decision-retired", RETIRED)] {
                    c.goto(&format!("{}{page}", server.url)).await.unwrap();
                    let what = format!("{name} {width} {scheme}");
                    let top = browser
                        .run("return document.querySelector('.body h2').getBoundingClientRect().top")
                        .await;
                    let inner = browser.run("return window.innerHeight").await;
                    eprintln!("{what}: the text's first heading at {top} px of {inner}");
                    if width == 1280 {
                        assert!(
                            top.as_f64().unwrap() < inner.as_f64().unwrap() - 40.0,
                            "{what}: the context starts below the first screen ({top} px)"
                        );
                        // The sidebar: the decisions in force, from the one shared file.
                        browser
                            .wait_until(
                                "return document.querySelectorAll('.decision-sidebar details').length > 1",
                            )
                            .await;
                        assert!(displayed(&browser, ".toc-side a").await >= 3, "{what}");
                    }
                    let fits = browser
                        .run("return document.documentElement.scrollWidth <= window.innerWidth")
                        .await;
                    assert_eq!(fits, json!(true), "{what}: the page scrolls sideways");
                    assert!(displayed(&browser, ".prev-next a").await >= 1, "{what}");
                    screenshot(&browser, &format!("{name}-{width}-{scheme}")).await;
                    scan(&browser, &axe, &what, &mut violations).await;
                }
                // The retired decision names its replacement once in the
                // banner and once in the chain.
                let named = browser
                    .run("return Array.from(document.querySelectorAll('main a')).filter(a => a.getAttribute('href').includes('ADR-0015/') && !a.closest('.neighbourhood, .doc-aside, .prev-next, .history')).length")
                    .await;
                assert_eq!(named, json!(2), "{width} {scheme}");
            }
        }
        assert_eq!(browser.console_errors().await, Vec::<String>::new());
        assert_eq!(violations, Vec::<String>::new());
    });
}

#[test]
#[cfg_attr(not(has_chromium), ignore = "needs chromium and chromium-driver")]
fn the_health_page_fits_a_phone() {
    let server = StaticServer::start(example_site());
    with_browser(true, |browser| async move {
        let c = &browser.client;
        c.set_window_size(375, 812).await.unwrap();
        c.goto(&format!("{}health/index.html", server.url)).await.unwrap();
        let fits = browser
            .run("return document.documentElement.scrollWidth <= window.innerWidth")
            .await;
        assert_eq!(fits, json!(true), "the health page scrolls sideways");
        screenshot(&browser, "health-375").await;
    });
}
