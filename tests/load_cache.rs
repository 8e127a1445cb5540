//! The load cache end to end: `check` and `build` give the same output
//! whether the records are parsed or read from `.git/shoshin/records.bin`.

mod common;
use common::{copy_dir, project_dir, tree, Repo};

const CACHE: &str = ".git/shoshin/records.bin";

#[test]
fn check_and_build_give_the_same_from_the_cache_as_from_the_files() {
    let repo = Repo::new();
    copy_dir(&project_dir().join("example-site"), repo.root());
    repo.git_init();
    repo.commit("ana", "2026-01-01", "Records");
    let cache = repo.root().join(CACHE);

    let parsed = repo.run(&["check", "--format", "json"]);
    assert!(parsed.stdout.contains("\"diagnostics\""), "{}", parsed.stdout);
    assert!(cache.is_file(), "the first run keeps what it loaded");
    let written = std::fs::metadata(&cache).unwrap().modified().unwrap();
    let cached = repo.run(&["check", "--format", "json"]);
    assert_eq!((cached.code, &cached.stdout), (parsed.code, &parsed.stdout));
    // Every file was found in the cache: it was not written again.
    assert_eq!(std::fs::metadata(&cache).unwrap().modified().unwrap(), written);

    let built = repo.run(&["build", "-o", "from-cache"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    std::fs::remove_file(&cache).unwrap();
    let built = repo.run(&["build", "-o", "from-files"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let from_cache = tree(&repo.root().join("from-cache"));
    assert!(from_cache.len() > 50, "{} files", from_cache.len());
    assert!(
        from_cache == tree(&repo.root().join("from-files")),
        "the two sites differ"
    );
}

#[test]
fn an_edit_is_seen_by_the_next_check() {
    let repo = Repo::with(&[(
        "items/PAY-1.md",
        "---\ntitle: Export\nstatus: ready\ndepends_on: [PAY-2]\n---\n## Why\nFinance.\n",
    )]);
    repo.git_init();
    let first = repo.run(&["check", "--format", "json"]);
    assert!(first.stdout.contains("PAY-2"), "{}", first.stdout);
    repo.replace("items/PAY-1.md", "depends_on: [PAY-2]\n", "");
    let second = repo.run(&["check", "--format", "json"]);
    assert!(!second.stdout.contains("PAY-2"), "{}", second.stdout);
    assert!(repo.root().join(CACHE).is_file());
}
