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

mod common;

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

/// The records `shoshin export` gives for a copy of `corpus`, by file.
fn export(corpus: &Path) -> Result<HashMap<String, Value>, String> {
    let work = tempfile::tempdir().map_err(|e| e.to_string())?;
    let copy = work.path().join(corpus.file_name().unwrap_or_default());
    std::fs::create_dir_all(&copy).map_err(|e| e.to_string())?;
    // A copy: the export may write caches, and the corpora may be read-only.
    common::copy_dir(corpus, &copy);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shoshin"))
        .arg("export")
        .arg(&copy)
        .env("NO_COLOR", "1")
        .output()
        .map_err(|e| e.to_string())?;
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
        let records = export(&dir.join(corpus)).unwrap_or_else(|e| {
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
