//! Cross-site scripting: payloads in every front-matter field, in file names,
//! in the configuration and in bodies never reach a page as markup. Each page
//! is parsed as HTML and its elements and attributes inspected; the payloads
//! must show up as text instead.

use crate::common;
use common::Repo;
use scraper::{Html, Selector};
use std::path::Path;

/// Every payload carries `XSS`, so that whatever it turns into can be found.
const PAYLOADS: &[&str] = &[
    "<script>alert('XSS')</script>",
    "<img src=x onerror=alert('XSS')>",
    "\"><svg onload=alert('XSS')>",
    "javascript:alert('XSS')",
    "data:text/html,<script>alert('XSS')</script>",
    "' onmouseover='alert(\"XSS\")",
    "<a href=\"javascript:alert('XSS')\">XSS</a>",
    "{{ \"xss-template\" | upper }} {% raw %}XSS",
    "<b unclosed XSS",
    "</textarea></title><xss-tag>XSS",
    "<iframe src=\"https://evil.example/XSS\"></iframe>",
    "<math><mi xlink:href=\"javascript:alert('XSS')\">XSS</mi></math>",
];

/// The payload as a YAML scalar (a JSON string is a double-quoted YAML one).
fn yaml(payload: &str) -> String {
    serde_json::to_string(payload).unwrap()
}

fn body() -> String {
    let mut body = String::from("## Why\n\n");
    for payload in PAYLOADS {
        body.push_str(&format!(
            "{payload}\n\n[click]({payload}) [[{payload}]] ![img]({payload})\n\n`{payload}`\n\n"
        ));
    }
    body.push_str("<javascript:alert('XSS')>\n\n[x]( JaVaScRiPt:alert('XSS'))\n\n## Acceptance criteria\n\n- [ ] it works\n");
    body
}

/// A repository with payloads everywhere; `raw_html` lets HTML in bodies
/// through the sanitiser instead of escaping it.
fn hostile_repo(raw_html: bool) -> Repo {
    let repo = Repo::with(&[(
        "shoshin.yaml",
        &format!(
            "markdown:\n  raw_html: {raw_html}\ntitle: {}\ndescription: {}\nseverity:\n  parse-error: warning\n  invalid-field: warning\n  broken-reference: warning\n  broken-link: warning\n  unknown-status: warning\n",
            yaml(PAYLOADS[0]),
            yaml(PAYLOADS[2])
        ),
    )]);
    for (n, payload) in PAYLOADS.iter().enumerate() {
        let p = yaml(payload);
        repo.write(
            &format!("items/I-{n}.md"),
            &format!(
                "---\nid: I-{n}\ntitle: {p}\ntype: {p}\nstatus: {p}\npriority: {p}\nestimate: {p}\nowner: {p}\n\
                 parent: {p}\ntags: [{p}]\ndepends_on: [{p}]\ndecisions: [{p}]\ntimebox: {p}\nconfidence: {p}\n\
                 custom_field: {p}\n---\n{}",
                body()
            ),
        );
        repo.write(
            &format!("decisions/D-{n}.md"),
            &format!(
                "---\nid: D-{n}\ntitle: {p}\nstatus: {p}\ndate: {p}\ndeciders: [{p}]\nconsulted: [{p}]\n\
                 informed: [{p}]\nsupersedes: [{p}]\namends: [{p}]\ntags: [{p}]\n---\n{}",
                body()
            ),
        );
        repo.write(
            &format!("sessions/S-{n}.md"),
            &format!(
                "---\nid: S-{n}\ntitle: {p}\ndate: {p}\nfacilitator: {p}\nparticipants: [{p}]\n\
                 first_proposal: {p}\nitems: [{p}, I-{n}]\ndecisions: [{p}]\nduration: {p}\n---\n{}",
                body()
            ),
        );
    }
    // Payloads as ids, and in a file name.
    repo.write(
        "items/id-payload.md",
        &format!("---\nid: {}\n---\n", yaml(PAYLOADS[1])),
    );
    repo.write(
        "items/<svg onload=alert('XSS')>.md",
        "---\ntitle: named by its file\n---\n",
    );
    repo
}

/// Everything in `html` that could run code or came in as markup.
fn injected(html: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let mut found = Vec::new();
    for node in document.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name();
        if matches!(name, "iframe" | "object" | "embed" | "frame" | "math" | "xss-tag") {
            found.push(format!("element <{name}>"));
        }
        if name == "script" {
            let text: String = scraper::ElementRef::wrap(node).unwrap().text().collect();
            let source = element.attr("src").unwrap_or("");
            if text.contains("XSS") || source.contains("XSS") {
                found.push(format!("script {source} {text}"));
            }
        }
        for (attribute, value) in element.attrs() {
            if attribute.starts_with("on") {
                found.push(format!("<{name} {attribute}=\"{value}\">"));
            }
            let url: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let is_url = matches!(attribute, "href" | "src" | "action" | "formaction" | "xlink:href");
            // `data:,` (an empty document) is the site's own blank favicon.
            let scripted = ["javascript:", "vbscript:", "data:"]
                .iter()
                .any(|s| url.starts_with(s));
            if is_url && scripted && url != "data:," {
                found.push(format!("<{name} {attribute}=\"{value}\">"));
            }
        }
    }
    found
}

/// Every file under `folder` whose name ends in `.extension`.
fn files_ending(folder: &Path, extension: &str) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .map(|entry| entry.unwrap().into_path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect()
}

#[test]
fn no_payload_reaches_a_page_as_markup() {
    for raw_html in [false, true] {
        assert_no_markup_injected(&hostile_repo(raw_html));
    }
}

fn assert_no_markup_injected(repo: &Repo) {
    let build = repo.run(&["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(!build.stderr.contains("panicked"), "{}", build.stderr);
    let pages = files_ending(&repo.root().join("public"), "html");
    assert!(pages.len() > 3 * PAYLOADS.len(), "{} pages", pages.len());
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let found = injected(&html);
        assert!(found.is_empty(), "{}: {found:#?}", page.display());
        assert!(
            !html.contains("XSS-TEMPLATE"),
            "{}: template syntax in content was evaluated",
            page.display()
        );
    }
}

#[test]
fn payloads_show_as_text() {
    let repo = hostile_repo(false);
    assert_eq!(repo.run(&["build"]).code, 0);
    let title = Selector::parse("h1").unwrap();
    for (n, payload) in PAYLOADS.iter().enumerate() {
        for page in [
            format!("items/I-{n}"),
            format!("decisions/D-{n}"),
            format!("sessions/S-{n}"),
        ] {
            let html = repo.read(&format!("public/{page}/index.html"));
            let document = Html::parse_document(&html);
            let heading: String = document.select(&title).flat_map(|h| h.text()).collect();
            assert!(heading.contains(payload), "{page}: {heading:?} lacks {payload:?}");
            let text: String = document.root_element().text().collect();
            assert!(text.contains("it works"), "{page}: the body is missing");
        }
    }
    let home = Html::parse_document(&repo.read("public/index.html"));
    let text: String = home.root_element().text().collect();
    assert!(text.contains(PAYLOADS[0]), "the site title shows as text");
}

#[test]
fn the_checker_sees_injected_markup() {
    let found = injected(
        "<p><script>alert('XSS')</script><img src=x onerror=y><a href=' JaVaScript:x'>a</a><xss-tag></xss-tag></p>",
    );
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(injected(
        "<p>&lt;script&gt;alert('XSS')&lt;/script&gt;</p><a title=\"XSS\" href=\"a.html\">a</a>"
    )
    .is_empty());
}

/// The JSON value assigned by each `window.NAME = VALUE;` line of a generated
/// script (lines assigning something else are left out).
fn assigned_values(script: &str) -> Vec<&str> {
    script
        .lines()
        .filter_map(|line| line.split_once(" = "))
        .map(|(_, value)| value.trim_end().trim_end_matches(';'))
        .filter(|value| !value.starts_with("window."))
        .collect()
}

#[test]
fn payloads_stay_inside_json_strings_in_scripts_and_data() {
    let repo = hostile_repo(false);
    assert_eq!(repo.run(&["build"]).code, 0);
    let site = repo.root().join("public");
    let data = repo.read("public/data.json");
    let model: serde_json::Value = serde_json::from_str(&data).expect("data.json is JSON");
    assert!(model.to_string().contains("XSS"), "the payloads are in the model");
    let mut scripts = files_ending(&site, "js");
    scripts.retain(|path| !path.ends_with("shoshin.js"));
    assert!(!scripts.is_empty(), "the search index is generated");
    let mut payloads_seen = false;
    for script in scripts {
        let text = std::fs::read_to_string(&script).unwrap();
        let values = assigned_values(&text);
        assert!(!values.is_empty(), "{}: no assignment", script.display());
        for value in values {
            let parsed: serde_json::Value = serde_json::from_str(value)
                .unwrap_or_else(|e| panic!("{}: not one JSON value ({e}): {value:.200}", script.display()));
            payloads_seen |= parsed.to_string().contains("XSS");
        }
    }
    assert!(
        payloads_seen,
        "the payloads are in the search data, as JSON strings"
    );
}
