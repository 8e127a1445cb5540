//! Names the file system or the reader may not hold: ids too long for a
//! file name, reserved or confusable ids, tags with no letters, empty files,
//! unreadable linked files, and `output:` folders a build must not replace.

use super::support::{diagnostics, find, leftovers, outside_output, run_within, GENEROUS};
use crate::common::Repo;

#[test]
fn ids_too_long_for_a_file_name_are_warned_of_and_still_get_a_page() {
    let chinese = "中".repeat(44);
    let long_id = "A".repeat(10_000);
    let repo = Repo::with(&[
        (
            &format!("items/{chinese}.md") as &str,
            "---\ntitle: Chinese name\n---\nBody.\n",
        ),
        (
            "items/long.md",
            &format!("---\nid: {long_id}\ntitle: Long id\n---\nBody.\n"),
        ),
    ]);
    let check = run_within(&repo, &["check", "--format", "json"], GENEROUS);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let all = diagnostics(&check);
    let (_, _, message) = find(&all, "unusual-id", "items/long.md");
    assert!(message.contains("too long for a file name"), "{message}");
    find(&all, "unusual-id", &format!("items/{chinese}.md"));

    let build = run_within(&repo, &["build"], GENEROUS);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let pages: Vec<String> = std::fs::read_dir(repo.root().join("public/items"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    for page in &pages {
        assert!(page.len() <= 200 && page.contains("~~"), "{page}");
        let html = repo.read(&format!("public/items/{page}/index.html"));
        assert!(
            html.contains("Chinese name") || html.contains("Long id"),
            "{page}"
        );
    }
}

#[test]
fn reserved_invisible_and_confusable_ids_are_unusual() {
    let repo = Repo::with(&[
        ("items/con.md", "---\nid: CON\n---\n"),
        ("items/com1.md", "---\nid: com1.txt\n---\n"),
        ("items/dot.md", "---\nid: \"PAY-9.\"\n---\n"),
        ("items/cyrillic.md", "---\nid: \"P\\u0410Y-1\"\n---\n"),
        ("items/zero-width.md", "---\nid: \"PAY-\\u200b2\"\n---\n"),
        ("items/fine.md", "---\nid: PAY-3\n---\n"),
    ]);
    let check = run_within(&repo, &["check", "--format", "json"], GENEROUS);
    let all = diagnostics(&check);
    for file in ["con", "com1", "dot"] {
        let (_, _, message) = find(&all, "unusual-id", &format!("items/{file}.md"));
        assert!(message.contains("Windows reserves"), "{message}");
    }
    let (_, _, message) = find(&all, "unusual-id", "items/cyrillic.md");
    assert!(message.contains("Cyrillic"), "{message}");
    let (_, _, message) = find(&all, "unusual-id", "items/zero-width.md");
    assert!(message.contains("invisible"), "{message}");
    assert!(!all.iter().any(|(_, file, _)| file == "items/fine.md"), "{all:?}");
}

#[test]
fn tags_without_letters_get_pages_of_their_own() {
    // The empty tag is no tag: it gets no page, and does not share one.
    let repo = Repo::with(&[
        (
            "items/PAY-1.md",
            "---\nid: PAY-1\ntitle: One dot\ntags: [\".\"]\n---\n",
        ),
        (
            "items/PAY-2.md",
            "---\nid: PAY-2\ntitle: Two dots\ntags: [\"..\"]\n---\n",
        ),
        (
            "items/PAY-3.md",
            "---\nid: PAY-3\ntitle: Empty tag\ntags: [\"\"]\n---\n",
        ),
    ]);
    let build = run_within(&repo, &["build"], GENEROUS);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let tags: Vec<String> = std::fs::read_dir(repo.root().join("public/tags"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(tags.len(), 2, "{tags:?}");
    for tag in &tags {
        let html = repo.read(&format!("public/tags/{tag}/index.html"));
        let titles = ["One dot", "Two dots", "Empty tag"]
            .iter()
            .filter(|t| html.contains(*t))
            .count();
        assert_eq!(titles, 1, "{tag} lists {titles} records");
    }
}

#[test]
fn empty_record_files_and_unreadable_linked_files_are_reported() {
    let repo = Repo::with(&[
        ("items/empty.md", ""),
        ("items/PAY-1.md", "---\nid: PAY-1\n---\nSee [spec](spec.txt).\n"),
        ("items/spec.txt", "the spec"),
    ]);
    let full = repo.root().join("items/spec.txt");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&full, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let unreadable = std::fs::read(&full).is_err();
    let check = run_within(&repo, &["check", "--format", "json"], GENEROUS);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let all = diagnostics(&check);
    let (_, _, message) = find(&all, "parse-error", "items/empty.md");
    assert!(message.contains("empty file"), "{message}");
    if unreadable {
        let (_, _, message) = find(&all, "unsafe-file", "items/PAY-1.md");
        assert!(
            message.contains("`spec.txt`") && message.contains("cannot be read"),
            "{message}"
        );
        repo.write(
            "shoshin.yaml",
            "severity:\n  unsafe-file: warning\n  parse-error: warning\n",
        );
        let build = run_within(&repo, &["build"], GENEROUS);
        assert_eq!(build.code, 0, "{}", build.stderr);
        assert!(!repo.root().join("public/files/items/spec.txt").exists());
    } else {
        println!("skipped the unreadable linked file: permissions do not stop this user (root)");
    }
}

#[test]
fn output_folders_outside_the_root_or_holding_records_are_refused() {
    let parent = tempfile::tempdir().unwrap();
    let repo = Repo::with(&[("items/PAY-1.md", "---\nid: PAY-1\n---\nBody.\n")]);
    for output in ["../elsewhere", "/tmp/shoshin-elsewhere", "items", "."] {
        repo.write("shoshin.yaml", &format!("output: {output}\n"));
        let before = outside_output(&repo);
        let build = run_within(&repo, &["build"], GENEROUS);
        assert_eq!(build.code, 2, "{output}: {}", build.stderr);
        assert!(build.stderr.contains("-o DIR"), "{output}: {}", build.stderr);
        assert_eq!(before, outside_output(&repo), "{output}");
    }
    // A folder of records that the configuration does not name, with a
    // planted marker, is not replaced either.
    repo.write("notes/PAY-2.md", "---\nkind: item\nid: PAY-2\n---\n");
    repo.write("notes/.shoshin-build", "");
    repo.write("shoshin.yaml", "output: notes\n");
    let before = outside_output(&repo);
    let build = run_within(&repo, &["build"], GENEROUS);
    assert_eq!(build.code, 2, "{}", build.stderr);
    assert!(build.stderr.contains("holds Markdown files"), "{}", build.stderr);
    assert_eq!(before, outside_output(&repo));
    assert_eq!(leftovers(repo.root()), Vec::<String>::new());
    // `-o` may still name any folder.
    let out = parent.path().join("site");
    repo.write("shoshin.yaml", "output: public\n");
    let build = run_within(&repo, &["build", "-o", out.to_str().unwrap()], GENEROUS);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(out.join("items/PAY-1/index.html").is_file());
}
