//! Each discovery rule, on a small folder written by the test.

use super::*;
use crate::config::Config;
use crate::load::{load, Loaded};

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
}

fn load_files(files: &[(&str, &str)]) -> Loaded {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), files);
    load(dir.path(), &Config::default())
}

/// (file, kind, id) of every record, sorted by file.
fn records(loaded: &Loaded) -> Vec<(String, &'static str, String)> {
    let mut out: Vec<_> = loaded
        .records
        .iter()
        .map(|r| {
            (
                r.file.to_string_lossy().replace('\\', "/"),
                r.kind.as_str(),
                r.id.clone(),
            )
        })
        .collect();
    out.sort();
    out
}

fn skipped(loaded: &Loaded, file: &str) -> Option<String> {
    loaded
        .skipped
        .iter()
        .find(|(p, _)| p.to_string_lossy().replace('\\', "/") == file)
        .map(|(_, reason)| reason.clone())
}

const ADR: &str = "# Use X\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n";

#[test]
fn folders_named_for_decisions_are_read_at_any_depth() {
    let loaded = load_files(&[
        (
            "svc/rfcs/0001-auth/README.md",
            "# RFC-0001 Auth\n\n**Status:** implemented\n",
        ),
        ("svc/rfcs/0002-oci/README.md", "# RFC-0002 OCI\n\nText.\n"),
        ("svc/rfcs/README.md", "# RFCs\n\nHow we write them.\n"),
        ("proposals-accepted/use-y.md", ADR),
        ("kb/adr/ADR-7.md", ADR),
        ("kb/adr/ADR-12.md", ADR),
        ("docs/guide.md", "# Guide\n\n## Status\n\nActive.\n"),
    ]);
    assert_eq!(
        records(&loaded),
        vec![
            ("kb/adr/ADR-12.md".into(), "decision", "ADR-12".into()),
            ("kb/adr/ADR-7.md".into(), "decision", "ADR-7".into()),
            ("proposals-accepted/use-y.md".into(), "decision", "use-y".into()),
            (
                "svc/rfcs/0001-auth/README.md".into(),
                "decision",
                "RFC-0001".into()
            ),
            (
                "svc/rfcs/0002-oci/README.md".into(),
                "decision",
                "RFC-0002".into()
            ),
        ]
    );
    assert!(skipped(&loaded, "svc/rfcs/README.md").is_some_and(|r| r.contains("describes the folder")));
}

#[test]
fn folders_of_record_shaped_names_are_read_and_other_files_need_a_status() {
    let loaded = load_files(&[
        ("tutorial/01-quick.md", "# Quick start\n"),
        ("tutorial/02-setup.md", "# Setup\n"),
        ("tutorial/03-run.md", "# Run\n\nSteps.\n"),
        (
            "designs/2018-06-18-name-resolution.md",
            "# Name resolution\n\nText.\n",
        ),
        ("designs/2019-02-12-toolchains.md", ADR),
        (
            "designs/20200101-remote.md",
            "---\nstatus: Draft\n---\n# Remote\n\nText.\n",
        ),
        ("designs/notes.md", "# Notes\n\nLoose notes.\n"),
        (
            "designs/template.md",
            "# Title\n\n## Status\n\n[proposed | accepted]\n",
        ),
        ("blog/2020-01-01-hello.md", "# Hello\n"),
        ("blog/2020-01-02-again.md", "# Again\n"),
    ]);
    let found = records(&loaded);
    let files: Vec<&str> = found.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        files,
        vec![
            "designs/2018-06-18-name-resolution.md",
            "designs/2019-02-12-toolchains.md",
            "designs/20200101-remote.md"
        ],
        "two dated files are a coincidence, three a convention"
    );
    assert_eq!(
        found[0].2, "2018-06-18-name-resolution",
        "a dated name is its own id"
    );
    let dated = &loaded.records.iter().find(|r| r.id == "20200101-remote").unwrap();
    assert_eq!(dated.date.as_deref(), Some("2020-01-01"), "the file name's date");
    assert!(skipped(&loaded, "designs/notes.md").is_some_and(|r| r.contains("neither named like")));
    assert!(skipped(&loaded, "designs/template.md").is_some_and(|r| r.contains("template")));
}

#[test]
fn folders_whose_files_state_a_status_are_read_and_goals_with_an_owner_are_items() {
    let goal = |title: &str, status: &str| {
        format!("## {title}\n\n| Metadata | |\n|---|---|\n| Point of contact | @ana |\n| Status | {status} |\n\n## Summary\n\nText.\n")
    };
    let (a, b, c) = (
        goal("Async", "Accepted"),
        goal("Polonius", "Accepted"),
        goal("Cargo", "Not accepted"),
    );
    let loaded = load_files(&[
        ("src/2024h2/async.md", &a),
        ("src/2024h2/polonius.md", &b),
        ("src/2024h2/cargo.md", &c),
        (
            "src/2024h2/goals.md",
            "# Goals\n\n* [Async](./async.md)\n* [Polonius](./polonius.md)\n* [Cargo](./cargo.md)\n",
        ),
        ("src/2024h2/notes.md", "# Notes\n\nWhat we talked about.\n"),
    ]);
    let found = records(&loaded);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found.iter().all(|r| r.1 == "item"), "{found:?}");
    assert!(skipped(&loaded, "src/2024h2/goals.md").is_some_and(|r| r.contains("index page")));
    assert!(skipped(&loaded, "src/2024h2/notes.md").is_some_and(|r| r.contains("states no status")));
}

#[test]
fn templates_stubs_index_pages_and_attachments_are_skipped_with_the_reason() {
    let loaded = load_files(&[
        ("rfc/20240101-oci.md", "# OCI\n\nText.\n"),
        ("rfc/20240101-oci/1-primer.md", "# Primer\n\nText.\n"),
        ("rfc/20240202-cache.md", "# Cache\n\nText.\n"),
        ("rfc/yyyymmdd-template.md", "# Title\n\nText.\n"),
        (
            "rfc/2024-03-03-moved.md",
            "> This document was moved to [0030-x.md](./0030-x.md)\n",
        ),
        (
            "rfc/list.md",
            "# All\n\n- [OCI](20240101-oci.md)\n- [Cache](20240202-cache.md)\n- [X](0030-x.md)\n",
        ),
        ("keps/NNNN-kep-template/README.md", "# KEP-NNNN: Title\n"),
        ("keps/sig-cli/0042-debug/README.md", "# KEP-42: Debug\n"),
        ("keps/sig-cli/FAQ.md", "# FAQ\n\nQuestions.\n"),
        (
            "rfcs/RFC-0000/README.md",
            "# RFC-NNNN Title\n\n**Status:** provisional\n",
        ),
        ("rfcs/0001-auth/README.md", "# RFC-0001 Auth\n"),
    ]);
    let reason = |file: &str| {
        skipped(&loaded, file).unwrap_or_else(|| panic!("{file} not skipped: {:?}", records(&loaded)))
    };
    assert!(reason("rfc/20240101-oci/1-primer.md").contains("attached to the record `rfc/20240101-oci.md`"));
    assert!(reason("rfc/yyyymmdd-template.md").contains("template"));
    assert!(reason("rfc/2024-03-03-moved.md").contains("redirect stub"));
    assert!(reason("rfc/list.md").contains("index page"));
    assert!(reason("keps/NNNN-kep-template/README.md").contains("template"));
    assert!(reason("keps/sig-cli/FAQ.md").contains("subfolder"));
    assert!(reason("rfcs/RFC-0000/README.md").contains("placeholder"));
    let ids: Vec<String> = records(&loaded).into_iter().map(|r| r.2).collect();
    assert_eq!(
        ids,
        vec!["KEP-0042", "20240101-oci", "20240202-cache", "RFC-0001"]
    );
}

#[test]
fn dated_names_never_share_an_id() {
    let loaded = load_files(&[
        ("proposals/2025-03-24-use-x.md", ADR),
        ("proposals/2025-03-24-use-y.md", ADR),
        ("proposals/2025-07-01_use-z.md", ADR),
        ("proposals/202503-first.md", ADR),
        ("proposals/202503-second.md", ADR),
    ]);
    let ids: Vec<String> = records(&loaded).into_iter().map(|r| r.2).collect();
    assert_eq!(
        ids,
        vec![
            "2025-03-24-use-x",
            "2025-03-24-use-y",
            "2025-07-01_use-z",
            "202503-first",
            "202503-second"
        ]
    );
    let duplicates = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == crate::diagnostic::Code::DuplicateId || d.message.contains("ADR-2025"))
        .count();
    assert_eq!(duplicates, 0, "{:?}", loaded.diagnostics);
    let month = loaded.records.iter().find(|r| r.id == "202503-first").unwrap();
    assert_eq!(month.date, None, "a month is not a date");
}

#[test]
fn no_records_among_markdown_files_is_a_warning_naming_the_folder() {
    let loaded = load_files(&[
        ("notes/2024/a.md", "# A\n"),
        ("notes/2024/b.md", "# B\n"),
        ("notes/2024/c.md", "# C\n"),
        ("README.md", "# Project\n"),
    ]);
    assert!(loaded.records.is_empty());
    let warning = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == Code::FewRecords)
        .expect("a few-records warning");
    assert!(
        warning
            .message
            .contains("no records found among 4 Markdown files"),
        "{}",
        warning.message
    );
    assert!(
        warning.message.contains("`notes/2024` holds 3"),
        "{}",
        warning.message
    );
    assert!(
        warning
            .help
            .as_deref()
            .is_some_and(|h| h.contains("sources: [{path: notes/2024}]")),
        "{:?}",
        warning.help
    );
    assert_eq!(warning.file, Path::new("notes/2024"));
}

#[test]
fn records_or_no_markdown_give_no_few_records_warning() {
    let native = load_files(&[
        ("items/PAY-1.md", "---\ntitle: One\n---\n"),
        ("README.md", "# P\n"),
    ]);
    assert!(native.diagnostics.iter().all(|d| d.code != Code::FewRecords));
    let empty = load_files(&[("notes.txt", "x")]);
    assert!(empty.diagnostics.iter().all(|d| d.code != Code::FewRecords));
    let few =
        few_records(40, 2, &vec![Path::new("docs/a.md"); 30]).expect("2 records beside 30 unread files");
    assert!(few.message.starts_with("only 2 records found"), "{}", few.message);
}

#[test]
fn folder_names_and_template_names_are_recognised() {
    for name in [
        "adr",
        "ADRs",
        "rfcs",
        "proposals-done",
        "decision-records",
        "architecture-decision-record",
    ] {
        assert!(is_decision_folder_name(name), "{name}");
    }
    for name in ["adrenaline", "proposal", "docs", "rfc-"] {
        assert!(!is_decision_folder_name(name), "{name}");
    }
    use super::super::skip::is_template_name;
    for name in [
        "template",
        "adr-template",
        "0000-template",
        "yyyymmdd-template",
        "NNNN-kep-template",
        "TEMPLATE",
    ] {
        assert!(is_template_name(name), "{name}");
    }
    for name in [
        "0005-use-a-template-engine",
        "0000-use-markdown",
        "RFC-0000",
        "templating",
    ] {
        assert!(!is_template_name(name), "{name}");
    }
}
