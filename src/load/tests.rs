use super::*;
use crate::test_support::repo;
use std::fs;

fn load_repo(files: &[(&str, &str)]) -> Loaded {
    let dir = repo(files);
    load(dir.path(), &Config::default())
}

#[test]
fn loads_the_three_kinds_with_fallbacks() {
    let loaded = load_repo(&[
        (
            "items/PAY-142-export-csv.md",
            "---\nstatus: ready\ndecisions: [ADR-0007]\n---\n# Export invoices as CSV\n",
        ),
        (
            "decisions/ADR-0007-postgres.md",
            "\u{feff}---\ntitle: Use Postgres\nstatus: accepted\ndate: 2026-01-03\n---\n## Context\nWhy.\n",
        ),
        (
            "sessions/2026-11-03-payments.md",
            "---\ndate: 2026-11-03\nitems: [PAY-142]\nduration: 1h\n---\nNotes.\n",
        ),
        ("README.md", "# Our records\n"),
        ("items/README.md", "How to write items.\n"),
    ]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let ids: Vec<_> = loaded.records.iter().map(|r| (r.id.as_str(), r.kind)).collect();
    assert_eq!(
        ids,
        vec![
            ("ADR-0007", Kind::Decision),
            ("PAY-142", Kind::Item),
            ("2026-11-03-payments", Kind::Session)
        ]
    );
    let item = &loaded.records[1];
    assert_eq!(item.title, "Export invoices as CSV");
    assert_eq!(item.references[0].target, "ADR-0007");
    assert_eq!(loaded.records[0].title, "Use Postgres");
    assert_eq!(loaded.records[0].date.as_deref(), Some("2026-01-03"));
    assert_eq!(loaded.records[2].duration, Some(60));
}

#[test]
fn kind_key_makes_a_record_anywhere() {
    let loaded = load_repo(&[
        (
            "docs/adr/use-kafka.md",
            "---\nkind: decision\nid: ADR-0100\nstatus: proposed\n---\n",
        ),
        ("docs/guide.md", "---\ntitle: A guide\n---\n"),
    ]);
    assert_eq!(loaded.records.len(), 1);
    assert_eq!(loaded.records[0].kind, Kind::Decision);
}

#[test]
fn yaml_errors_name_line_and_column_and_other_files_still_load() {
    let loaded = load_repo(&[
        (
            "items/PAY-1.md",
            "---\nid: PAY-1\ntitle: [unclosed\nstatus: ready\n---\nbody\n",
        ),
        ("items/PAY-2.md", "---\nid: PAY-2\n---\n"),
    ]);
    assert_eq!(loaded.records.len(), 2, "a broken record keeps its file-name id");
    let d = &loaded.diagnostics[0];
    assert_eq!(d.code, Code::ParseError);
    assert_eq!(d.file, PathBuf::from("items/PAY-1.md"));
    assert!(d.line >= 3, "{d:?}");
    assert!(d.message.contains("invalid YAML"), "{d:?}");
}

#[test]
fn hostile_files_get_diagnostics_not_panics() {
    let dir = repo(&[
        ("items/unclosed.md", "---\nid: X-1\n# no end\n"),
        ("items/empty.md", ""),
        ("items/list.md", "---\n- a\n---\n"),
    ]);
    fs::write(dir.path().join("items/binary.md"), b"\x00\x01\x02").unwrap();
    fs::write(
        dir.path().join("items/latin1.md"),
        b"---\nid: X-2\ntitle: caf\xe9\n---\n",
    )
    .unwrap();
    let loaded = load(dir.path(), &Config::default());
    let mut by_file: Vec<_> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.file.to_string_lossy().into_owned(), d.code, d.line))
        .collect();
    by_file.sort();
    assert_eq!(
        by_file,
        vec![
            ("items/binary.md".into(), Code::ParseError, 1),
            ("items/empty.md".into(), Code::ParseError, 1),
            ("items/latin1.md".into(), Code::ParseError, 3),
            ("items/list.md".into(), Code::ParseError, 2),
            ("items/unclosed.md".into(), Code::ParseError, 1),
        ]
    );
}

#[test]
fn output_templates_and_hidden_folders_are_not_read() {
    let loaded = load_repo(&[
        ("public/items/PAY-1.md", "---\nkind: item\n---\n"),
        ("templates/item.md", "---\nkind: item\n---\n"),
        (".git/x.md", "---\nkind: item\n---\n"),
        ("items/PAY-2.md", "---\n---\n"),
    ]);
    assert_eq!(loaded.records.len(), 1);
    assert_eq!(loaded.records[0].id, "PAY-2");
}

#[test]
fn folder_kinds_prefer_the_longest_folder() {
    let mut config = Config::default();
    config.folders.items = vec!["docs".into()];
    config.folders.decisions = vec!["docs/decisions/".into()];
    assert_eq!(
        kind_of_path(Path::new("docs/decisions/a.md"), &config),
        Some(Kind::Decision)
    );
    assert_eq!(kind_of_path(Path::new("docs/a.md"), &config), Some(Kind::Item));
    assert_eq!(kind_of_path(Path::new("other/a.md"), &config), None);
}

#[test]
fn a_sprint_written_as_a_list_is_reported_where_it_is() {
    let loaded = load_repo(&[(
        "items/PAY-1-export.md",
        "---\nstatus: ready\nsprint: [S14, S15]\n---\n# Export\n",
    )]);
    let found: Vec<_> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.message.as_str(), d.line))
        .collect();
    assert_eq!(
        found,
        vec![(
            "invalid-field",
            "`sprint` should be a single value, found a list",
            3
        )]
    );
}
