//! The problems page: every diagnostic `check` found, by severity, each
//! with its file and line and a link to the page of its record when it has
//! one. `build` publishes records with problems; this page is where a team
//! sees them all at once (the menu links to it only when there are some).

use super::context::object;
use crate::diagnostic::{Diagnostic, Severity};
use crate::project::Project;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;

/// The context of the problems page.
pub fn page(project: &Project) -> Value {
    let index = &project.index;
    // Duplicates get no page of their own: their problems link nowhere.
    let duplicates: std::collections::HashSet<usize> = index.duplicates.iter().map(|&(d, _)| d).collect();
    let pages: HashMap<&Path, usize> = index
        .records
        .iter()
        .enumerate()
        .filter(|(i, _)| !duplicates.contains(i))
        .map(|(i, r)| (r.file.as_path(), i))
        .collect();
    let groups: Vec<Value> = [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Info, "Notes"),
    ]
    .into_iter()
    .filter_map(|(severity, label)| {
        let problems: Vec<Value> = project
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| problem(project, &pages, d))
            .collect();
        (!problems.is_empty()).then(|| {
            object([
                ("severity", json!(severity.as_str())),
                ("label", json!(label)),
                ("count", json!(problems.len())),
                ("problems", Value::Array(problems)),
            ])
        })
    })
    .collect();
    let counts = project.counts();
    object([("counts", json!(counts)), ("groups", Value::Array(groups))])
}

/// One row: code, severity, `file:line`, message with its help, and the
/// record's page when the file is a record that has one.
fn problem(project: &Project, pages: &HashMap<&Path, usize>, d: &Diagnostic) -> Value {
    let file = d.file.to_string_lossy().replace('\\', "/");
    let record = pages.get(d.file.as_path()).map(|&i| {
        let r = &project.index.records[i];
        json!({ "id": r.id, "title": r.title, "url": super::markdown::record_url(&project.index, i) })
    });
    json!({
        "code": d.code.as_str(),
        "severity": d.severity.as_str(),
        "file": file,
        "line": d.line,
        "message": d.one_line(),
        "message_html": super::message::html(&project.index, &d.one_line(), "../"),
        "record": record,
    })
}
