//! Hostile input: every malformed or adversarial file gets a diagnostic naming
//! it, nothing panics, and every other record still gets its page.

mod floods;
#[cfg(unix)]
mod interrupted;
#[cfg(unix)]
mod limits;
mod names;
mod support;
#[cfg(unix)]
mod symlinks;
mod templates;

use crate::common::Repo;
use std::collections::BTreeSet;

/// Files that must each be named by at least one diagnostic.
fn hostile_files(repo: &Repo) -> Vec<&'static str> {
    let deep_flow = format!("---\nid: N-1\nx: {}\n---\n", "[".repeat(100_000));
    let deep_block: String = (0..3000).map(|i| format!("{}a:\n", "  ".repeat(i))).collect();
    let mut bomb = String::from(
        "---\nid: B-1\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..10u8 {
        let (name, previous) = ((b'a' + level) as char, (b'a' + level - 1) as char);
        let refs = vec![format!("*{previous}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    bomb.push_str("---\n");
    repo.write("items/deep-flow.md", &deep_flow);
    repo.write(
        "items/deep-block.md",
        &format!("---\nid: N-2\nx:\n{deep_block}---\n"),
    );
    repo.write("items/alias-bomb.md", &bomb);
    repo.write("items/unclosed.md", "---\nid: U-1\ntitle: never closed\n");
    repo.write("items/not-a-mapping.md", "---\n- just\n- a list\n---\n");
    repo.write("items/case.md", "---\nid: pay-1\n---\n");
    repo.write("items/nfc.md", "---\nid: \"CAF\u{c9}-1\"\n---\n");
    repo.write("items/nfd.md", "---\nid: \"CAFE\u{301}-1\"\n---\n");
    repo.write("items/slash.md", "---\nid: \"a/b\"\n---\n");
    repo.write("items/dots.md", "---\nid: \"..\"\n---\n");
    repo.write("items/percent.md", "---\nid: \"%2e%2e\"\n---\n");
    repo.write("items/space.md", "---\nid: \"a b\"\n---\n");
    repo.write("items/control.md", "---\nid: \"a\\u0007b\"\n---\n");
    repo.write(
        "items/self.md",
        "---\nid: SELF-1\ndepends_on: [SELF-1]\n---\nSee [[SELF-1]].\n",
    );
    repo.write("items/empty.md", "");
    std::fs::write(
        repo.root().join("items/binary.md"),
        [0x89, b'P', b'N', b'G', 0, 0, 0, 13],
    )
    .unwrap();
    std::fs::write(
        repo.root().join("items/nul.md"),
        b"---\nid: X-1\n---\nhello\0world\n",
    )
    .unwrap();
    std::fs::write(
        repo.root().join("items/latin1.md"),
        b"---\nid: X-2\ntitle: caf\xe9\n---\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", repo.root().join("items/loop")).unwrap();
    let mut expected = vec![
        "items/deep-flow.md",
        "items/deep-block.md",
        "items/alias-bomb.md",
        "items/unclosed.md",
        "items/not-a-mapping.md",
        "items/nfd.md",
        "items/slash.md",
        "items/dots.md",
        "items/percent.md",
        "items/space.md",
        "items/control.md",
        "items/self.md",
        "items/empty.md",
        "items/binary.md",
        "items/nul.md",
        "items/latin1.md",
        "items/loop",
        "items/case.md",
    ];
    if unreadable(repo, "items/locked.md") {
        expected.push("items/locked.md");
    }
    expected
}

/// Writes a record its reader may not open; false where permissions do not
/// stop this user (root), so the case cannot be made.
fn unreadable(repo: &Repo, path: &str) -> bool {
    repo.write(path, "---\nid: LOCK-1\n---\n");
    let full = repo.root().join(path);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&full, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    std::fs::read(&full).is_err()
}

#[test]
fn every_hostile_file_is_named_nothing_panics_and_the_rest_builds() {
    let repo = Repo::with(&[
        // Hostile files are expected here: let their errors through as warnings so the site builds.
        (
            "shoshin.yaml",
            "severity:\n  parse-error: warning\n  dependency-cycle: warning\n  invalid-field: warning\n",
        ),
        (
            "items/PAY-1-good.md",
            "---\nid: PAY-1\ntitle: A good item\n---\nFine.\n",
        ),
        (
            "items/big.md",
            &format!("---\nid: BIG-1\n---\n{}", "word ".repeat(4_000_000)),
        ),
    ]);
    for i in 0..10_000 {
        let depends = if i + 1 < 10_000 {
            format!("depends_on: [C-{}]\n", i + 1)
        } else {
            String::new()
        };
        repo.write(
            &format!("items/chain/C-{i}.md"),
            &format!("---\nid: C-{i}\n{depends}---\n"),
        );
    }
    let expected = hostile_files(&repo);
    // In git: what the cache folder holds must not change what a run says.
    repo.git_init();

    let run = repo.run(&["check", "--format", "json"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let value: serde_json::Value = run.json();
    let named: BTreeSet<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    for file in &expected {
        assert!(named.contains(file), "no diagnostic names {file}: {named:?}");
    }
    assert!(
        !named.contains("items/PAY-1-good.md") && !named.contains("items/big.md"),
        "{named:?}"
    );
    // The same again.
    let again = repo.run(&["check", "--format", "json"]);
    assert_eq!(again.stdout, run.stdout);

    let build = repo.run(&["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(!build.stderr.contains("panicked"), "{}", build.stderr);
    assert!(repo.read("public/items/PAY-1/index.html").contains("A good item"));
    assert!(repo.root().join("public/items/BIG-1/index.html").is_file());
    assert!(repo.root().join("public/items/C-0/index.html").is_file());
    assert!(repo.root().join("public/items/C-9999/index.html").is_file());
    for (id, segment) in [
        ("a/b", "a~2Fb"),
        ("..", "~2E."),
        ("a b", "a~20b"),
        ("%2e%2e", "~252e~252e"),
    ] {
        assert!(
            repo.root()
                .join("public/items")
                .join(segment)
                .join("index.html")
                .is_file(),
            "{id}"
        );
    }
}
