//! The cache folder end to end: `check` and `build` give the same output
//! whether `.git/shoshin` holds the history cache or not, the files of
//! retired caches are removed, and every edit shows in the next build
//! (each body is read once per run: no text derived from one is kept).

use crate::common;
use common::{copy_dir, project_dir, tree, Repo};

/// The cache folder of a repository.
const FOLDER: &str = ".git/shoshin";

/// The example site, committed to a git repository of its own.
fn committed_example() -> Repo {
    let repo = Repo::new();
    copy_dir(&project_dir().join("example-site"), repo.root());
    repo.git_init();
    repo.commit("ana", "2026-01-01", "Records");
    repo
}

/// The names of the files in the repository's cache folder.
fn cache_files(repo: &Repo) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo.root().join(FOLDER))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn check_and_build_give_the_same_with_or_without_the_cache() {
    let repo = committed_example();
    let first = repo.run(&["check", "--format", "json"]);
    assert!(first.stdout.contains("\"diagnostics\""), "{}", first.stdout);
    assert_eq!(cache_files(&repo), ["history.bin"], "only the history is kept");
    let again = repo.run(&["check", "--format", "json", "--timings"]);
    assert_eq!((again.code, &again.stdout), (first.code, &first.stdout));
    assert!(
        again
            .stderr
            .contains("history cache: 1 of 1 commits kept, 0 compared"),
        "{}",
        again.stderr
    );

    let built = repo.run(&["build", "-o", "from-cache"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    std::fs::remove_dir_all(repo.root().join(FOLDER)).unwrap();
    let built = repo.run(&["build", "-o", "without"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let from_cache = tree(&repo.root().join("from-cache"));
    assert!(from_cache.len() > 50, "{} files", from_cache.len());
    assert!(
        from_cache == tree(&repo.root().join("without")),
        "the two sites differ"
    );
}

#[test]
fn the_files_of_retired_caches_are_removed() {
    let repo = committed_example();
    let folder = repo.root().join(FOLDER);
    std::fs::create_dir_all(&folder).unwrap();
    for name in [
        "records.bin",
        "sections.bin",
        "search.bin",
        "bodies.bin",
        "history.json",
    ] {
        std::fs::write(folder.join(name), "kept by an earlier version").unwrap();
    }
    let run = repo.run(&["check"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(cache_files(&repo), ["history.bin"]);
}

#[test]
fn an_edit_is_seen_by_the_next_check() {
    let repo = Repo::with(&[(
        "items/PAY-1.md",
        "---\ntitle: Export\nstatus: ready\ndepends_on: [PAY-2]\n---\n## Why\nFinance.\n",
    )]);
    repo.git_init();
    repo.commit("ana", "2026-01-01", "Records");
    let first = repo.run(&["check", "--format", "json"]);
    assert!(first.stdout.contains("PAY-2"), "{}", first.stdout);
    repo.replace("items/PAY-1.md", "depends_on: [PAY-2]\n", "");
    let second = repo.run(&["check", "--format", "json"]);
    assert!(!second.stdout.contains("PAY-2"), "{}", second.stdout);
    assert!(repo.root().join(FOLDER).join("history.bin").is_file());
}

#[test]
fn edits_show_in_the_search_texts_data_json_and_links() {
    let repo = committed_example();
    let build = |output: &str| {
        let built = repo.run(&["build", "-o", output]);
        assert_eq!(built.code, 0, "{}", built.stderr);
        repo.root().join(output)
    };
    build("before");

    // A new first paragraph (indexed for search) and a new last section
    // (whole in data.json) are seen.
    let file = "items/PAY-101-create-invoice-via-api.md";
    let text = repo.read(file);
    let body = text.find("\n---\n").unwrap() + 5;
    let edited = format!(
        "{}Quartz flamingo, as PAY-106 says.\n\n{}\n## Zanzibar\nOrange lighthouse.\n",
        &text[..body],
        &text[body..]
    );
    repo.write(file, &edited);
    let site = build("edited");
    let data = std::fs::read_to_string(site.join("data.json")).unwrap();
    assert!(
        data.contains(r#""text":"Orange lighthouse.""#),
        "data.json has the new section"
    );
    let shards: String = std::fs::read_dir(site.join("search"))
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    assert!(
        shards.contains("Quartz flamingo, as PAY-106 says."),
        "the search texts have the new paragraph"
    );

    // A record that body names is retitled: the body, unchanged, shows the
    // new title.
    repo.replace(
        "items/PAY-106-credit-notes-for-issued-invoices.md",
        "\ntitle: ",
        "\ntitle: Renamed flamingo — ",
    );
    let site = build("retitled");
    let page = std::fs::read_to_string(site.join("items/PAY-101/index.html")).unwrap();
    assert!(
        page.contains("title=\"Renamed flamingo — "),
        "the link shows the new title"
    );
}
