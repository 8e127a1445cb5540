//! Accuracy of the readers on real folders: every corpus in
//! `../shared/corpora` (beside the project) is copied to a temporary folder,
//! exported with `shoshin export`, and compared with the answer key
//! `expected.json`, field by field, with the strict rules of the scoring
//! script in `../shared/tools`:
//!
//! - a record the export lacks is wrong on every field the key gives;
//! - a file the key says is not a record must not be exported as an item,
//!   decision or session;
//! - `kind` and `title` compare case- and punctuation-insensitively; `date`
//!   compares its first ten characters; a field the key leaves empty is not
//!   counted, except `status`;
//! - `status` must match the key (case and decoration aside) and must not
//!   fall in the `unknown` category; where the key has none, the export must
//!   have none (or `superseded`, when the key names a successor).
//!
//! The test prints the accuracy of each corpus and every mismatch, and
//! fails below 98% overall. Without `../shared/corpora` (a plain clone) it
//! says so and passes.

use crate::common;

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The share of fields that must be right, over all corpora.
const REQUIRED: f64 = 0.98;

fn corpora_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora")
}

/// Lower case, every run of non-word characters one space (the scoring
/// script's `norm`).
fn norm(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A copy of `corpus` in a temporary folder (the corpora may be read-only,
/// and shoshin writes its caches and site beside the records).
fn copy_of(corpus: &Path) -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().expect("a temporary folder");
    let copy = work.path().join(corpus.file_name().unwrap_or_default());
    std::fs::create_dir_all(&copy).expect("the copy's folder");
    common::copy_dir(corpus, &copy);
    (work, copy)
}

/// Runs shoshin with `args` and the folder `root` last.
fn shoshin(args: &[&str], root: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_shoshin"))
        .args(args)
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("shoshin runs")
}

/// The records `shoshin export` gives for `copy`, by file.
fn export(copy: &Path) -> Result<HashMap<String, Value>, String> {
    let out = shoshin(&["export"], copy);
    let model: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("export failed (exit {:?}): {e}", out.status.code()))?;
    let records = model["records"].as_array().cloned().unwrap_or_default();
    Ok(records
        .into_iter()
        .map(|r| (r["file"].as_str().unwrap_or("").to_string(), r))
        .collect())
}

/// Compares one key entry with the exported record: (fields counted,
/// fields right, mismatches).
fn compare(corpus: &str, entry: &Value, record: Option<&Value>) -> (usize, usize, Vec<String>) {
    let file = entry["file"].as_str().unwrap_or("");
    let mut misses = Vec::new();
    if entry["record"] != Value::Bool(true) {
        let wrong =
            record.is_some_and(|r| matches!(r["kind"].as_str(), Some("item" | "decision" | "session")));
        if wrong {
            misses.push(format!("{corpus}/{file}: read as a record"));
        }
        return (1, usize::from(!wrong), misses);
    }
    let (mut counted, mut right) = (0, 0);
    for field in ["kind", "title", "status", "date"] {
        let expected = &entry[field];
        if expected.is_null() && field != "status" {
            continue;
        }
        let got = record.map(|r| &r[field]).unwrap_or(&Value::Null);
        let ok = match record {
            None => false,
            Some(r) => match field {
                "date" => {
                    let got = got.as_str().unwrap_or("");
                    got.get(..10).unwrap_or(got) == expected.as_str().unwrap_or("")
                }
                "status" if expected.is_null() => {
                    let successor = entry["superseded_by"].as_array().is_some_and(|s| !s.is_empty());
                    norm(got).is_empty() || (successor && norm(got) == "superseded")
                }
                "status" => norm(got) == norm(expected) && r["status_category"] != "unknown",
                _ => norm(got) == norm(expected),
            },
        };
        counted += 1;
        right += usize::from(ok);
        if !ok {
            let found = if record.is_none() { " (not found)" } else { "" };
            misses.push(format!(
                "{corpus}/{file}: {field} = {got}, key says {expected}{found}"
            ));
        }
    }
    (counted, right, misses)
}

#[test]
fn the_readers_get_the_fields_of_real_folders_right() {
    let dir = corpora_dir();
    let key_file = dir.join("expected.json");
    let Ok(key_text) = std::fs::read_to_string(&key_file) else {
        println!(
            "skipped: no answer key at {} (the shared corpora are not beside this clone)",
            key_file.display()
        );
        return;
    };
    let key: Vec<Value> = serde_json::from_str(&key_text).expect("expected.json is a JSON list");
    let mut by_corpus: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for entry in &key {
        let corpus = entry["corpus"].as_str().expect("every entry names its corpus");
        by_corpus.entry(corpus.to_string()).or_default().push(entry);
    }

    let (mut total, mut right) = (0, 0);
    let mut misses = Vec::new();
    for (corpus, entries) in &by_corpus {
        let (_work, copy) = copy_of(&dir.join(corpus));
        let records = export(&copy).unwrap_or_else(|e| {
            misses.push(format!("{corpus}: {e}"));
            HashMap::new()
        });
        let (mut t, mut r) = (0, 0);
        for entry in entries {
            let file = entry["file"].as_str().unwrap_or("");
            let (counted, ok, found) = compare(corpus, entry, records.get(file));
            t += counted;
            r += ok;
            misses.extend(found);
        }
        println!(
            "{corpus:45} {r:4}/{t:<4} {:6.1}%",
            100.0 * r as f64 / t.max(1) as f64
        );
        total += t;
        right += r;
    }
    let accuracy = right as f64 / total.max(1) as f64;
    println!("{:45} {right:4}/{total:<4} {:6.1}%", "all", 100.0 * accuracy);
    for miss in &misses {
        println!("{miss}");
    }
    assert!(total > 0, "the answer key holds no fields");
    assert!(
        accuracy >= REQUIRED,
        "{:.1}% of the fields right, {:.0}% needed; mismatches above",
        100.0 * accuracy,
        100.0 * REQUIRED
    );
}

#[test]
fn the_comparison_is_as_strict_as_the_scoring_script() {
    let entry: Value = serde_json::json!({
        "file": "a.md", "record": true, "kind": "decision", "title": "Use X",
        "status": "to do", "date": "2020-01-02", "superseded_by": []
    });
    let good = serde_json::json!({
        "kind": "decision", "title": "use x.", "status": "To Do",
        "status_category": "open", "date": "2020-01-02"
    });
    assert_eq!(compare("c", &entry, Some(&good)).1, 4);
    let unknown = serde_json::json!({
        "kind": "decision", "title": "Use X", "status": "to do",
        "status_category": "unknown", "date": "2020-01-03"
    });
    let (counted, right, misses) = compare("c", &entry, Some(&unknown));
    assert_eq!((counted, right), (4, 2), "{misses:?}");
    assert_eq!(
        compare("c", &entry, None).1,
        0,
        "a missing record is wrong everywhere"
    );
    let not_a_record = serde_json::json!({"file": "README.md", "record": false});
    assert_eq!(
        compare("c", &not_a_record, Some(&good)),
        (1, 0, vec!["c/README.md: read as a record".to_string()])
    );
}

/// The corpora beside the project, or `None` (said on the output) when a
/// plain clone has none.
fn corpora() -> Option<Vec<PathBuf>> {
    let Ok(entries) = std::fs::read_dir(corpora_dir()) else {
        println!(
            "skipped: no corpora at {} (the shared corpora are not beside this clone)",
            corpora_dir().display()
        );
        return None;
    };
    let mut folders: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    Some(folders)
}

/// The text of an HTML page a reader sees as text: code (`<code>`,
/// `<pre>`), where markup of other tools may be quoted on purpose, left out.
fn prose_of(html: &str) -> String {
    let mut prose = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<code") {
        prose.push_str(&rest[..start]);
        match rest[start..].find("</code>") {
            Some(end) => rest = &rest[start + end + "</code>".len()..],
            None => {
                rest = "";
            }
        }
    }
    prose.push_str(rest);
    prose
}

#[test]
fn every_corpus_builds_a_page_per_record_without_foreign_markup() {
    let Some(folders) = corpora() else { return };
    let mut failures = Vec::new();
    for corpus in &folders {
        let name = corpus
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let (_work, copy) = copy_of(corpus);
        let build = shoshin(&["build"], &copy);
        if build.status.code() != Some(0) {
            failures.push(format!(
                "{name}: build exited {:?}: {}",
                build.status.code(),
                String::from_utf8_lossy(&build.stderr)
            ));
            continue;
        }
        let records = export(&copy).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!records.is_empty(), "{name}: no records read");
        let site = copy.join("public");
        let sources = markdown_of(corpus);
        for record in records.values() {
            let kind = record["kind"].as_str().unwrap_or("");
            let id = record["id"].as_str().unwrap_or("");
            let page = site.join(format!(
                "{kind}s/{}/index.html",
                shoshin::parse::ids::path_segment(id)
            ));
            if !page.is_file() {
                failures.push(format!("{name}: no page for {kind} {id} ({})", record["file"]));
            }
        }
        for entry in walkdir::WalkDir::new(&site).into_iter().flatten() {
            if entry.path().extension().is_none_or(|e| e != "html") {
                continue;
            }
            let html = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let prose = prose_of(&html);
            for garbage in ["&lt;!--", "{{&lt;", "{{%", "{%"] {
                let shown = prose.matches(garbage).count();
                let allowed = match garbage {
                    "&lt;!--" => escaped_on_purpose(&prose, &sources),
                    _ => 0,
                };
                if shown > allowed {
                    let page = entry.path().strip_prefix(&site).unwrap_or(entry.path());
                    failures.push(format!("{name}: {} shows `{garbage}`", page.display()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every Markdown text of `folder`, one after the other.
fn markdown_of(folder: &Path) -> String {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect()
}

/// How many comments `prose` shows that the sources wrote escaped (`<\\!--
/// X -->`) so that readers see them.
fn escaped_on_purpose(prose: &str, sources: &str) -> usize {
    prose
        .split("&lt;!--")
        .skip(1)
        .filter(|after| {
            let comment = after.split("--&gt;").next().unwrap_or("");
            sources.contains(&format!("<\\!--{comment}-->"))
        })
        .count()
}

#[test]
fn prose_leaves_code_out() {
    assert_eq!(
        prose_of("a<code>&lt;!-- x --&gt;</code>b<code class=\"y\">{%</code>c"),
        "abc"
    );
    assert_eq!(prose_of("&lt;!-- shown --&gt;"), "&lt;!-- shown --&gt;");
    let page = "&lt;!-- A --&gt; and &lt;!-- B --&gt;";
    assert_eq!(escaped_on_purpose(page, "<\\!-- A -->"), 1);
    assert_eq!(escaped_on_purpose(page, "<!-- A --> <!-- B -->"), 0);
}
