//! The caches end to end: `check` and `build` give the same output whether
//! the records are parsed or read from `.git/shoshin/records.bin`, and
//! whether the texts of `data.json` and the search index are derived again
//! or read from the text caches beside it.

use crate::common;
use common::{copy_dir, project_dir, tree, Repo};

const CACHE: &str = ".git/shoshin/records.bin";

/// The example site, committed to a git repository of its own.
fn committed_example() -> Repo {
    let repo = Repo::new();
    copy_dir(&project_dir().join("example-site"), repo.root());
    repo.git_init();
    repo.commit("ana", "2026-01-01", "Records");
    repo
}

#[test]
fn check_and_build_give_the_same_from_the_cache_as_from_the_files() {
    let repo = committed_example();
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

/// The `--timings` note of the records cache in `stderr`.
fn records_cache_note(stderr: &str) -> &str {
    let line = stderr.lines().find(|l| l.contains("records cache:"));
    line.unwrap_or_else(|| panic!("no records cache note in\n{stderr}"))
        .trim()
}

/// What a run printed, without its `--timings` lines (which measure it).
fn without_timings(stderr: &str) -> String {
    let end = stderr.find("timings:\n").unwrap_or(stderr.len());
    stderr[..end].to_string()
}

#[test]
fn files_their_stamps_vouch_for_are_not_read_and_give_the_same_check_and_site() {
    let repo = committed_example();
    let records = ["items", "decisions", "sessions"]
        .map(|folder| repo.root().join(folder).read_dir().unwrap().count())
        .iter()
        .sum::<usize>();
    // A stamp is kept only for a file last changed two seconds before the
    // run that read it.
    std::thread::sleep(std::time::Duration::from_millis(2300));
    let parsed = repo.run(&["check", "--timings"]);
    let note = format!("records cache: 0 files decoded (0 without reading them), {records} parsed and kept");
    assert_eq!(records_cache_note(&parsed.stderr), note);
    assert!(
        parsed.stderr.contains("warning[missing-rationale]"),
        "{}",
        parsed.stderr
    );

    // The diagnostics, with their lines and snippets, come out the same:
    // a record whose diagnostic shows its text reads its file then.
    let vouched = repo.run(&["check", "--timings"]);
    let note =
        format!("records cache: {records} files decoded ({records} without reading them), 0 parsed and kept");
    assert_eq!(records_cache_note(&vouched.stderr), note);
    assert_eq!(
        (vouched.code, &vouched.stdout, without_timings(&vouched.stderr)),
        (parsed.code, &parsed.stdout, without_timings(&parsed.stderr))
    );

    // The site is the same as one built from the files; the bodies no cache
    // holds yet are read again from their files.
    let built = repo.run(&["build", "-o", "vouched", "--timings"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    // Only the files a diagnostic shows were read.
    let shown: std::collections::BTreeSet<&str> = parsed
        .stderr
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--> "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert!(!shown.is_empty() && shown.len() < records / 4, "{shown:?}");
    let note = format!(
        "sources not held while rendering: {records} of {records} records ({} never read)",
        records - shown.len()
    );
    assert!(built.stderr.contains(&note), "no '{note}' in\n{}", built.stderr);
    std::fs::remove_dir_all(repo.root().join(".git/shoshin")).unwrap();
    let built = repo.run(&["build", "-o", "read"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(
        tree(&repo.root().join("vouched")) == tree(&repo.root().join("read")),
        "the two sites differ"
    );

    // An edited file is read again, whatever its size and times: its stamp
    // changed.
    std::thread::sleep(std::time::Duration::from_millis(2300));
    let file = "decisions/ADR-0014-structured-json-logs-with-trace-ids.md";
    assert!(repo
        .run(&["check"])
        .stderr
        .contains("ADR-0014 is accepted but says nothing about why"));
    repo.replace(file, "status: accepted", "status: proposed");
    let edited = repo.run(&["check", "--timings"]);
    let vouched = records - 1;
    let note =
        format!("records cache: {vouched} files decoded ({vouched} without reading them), 1 parsed and kept");
    assert_eq!(records_cache_note(&edited.stderr), note);
    assert!(
        !edited.stderr.contains("ADR-0014 is accepted"),
        "{}",
        edited.stderr
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

#[test]
fn the_text_caches_give_the_same_site_and_follow_edits() {
    let repo = Repo::new();
    copy_dir(&project_dir().join("example-site"), repo.root());
    repo.git_init();
    let caches = ["sections.bin", "search.bin"].map(|name| repo.root().join(".git/shoshin").join(name));
    let build = |output: &str| {
        let built = repo.run(&["build", "-o", output]);
        assert_eq!(built.code, 0, "{}", built.stderr);
        tree(&repo.root().join(output))
    };

    let derived = build("derived");
    for cache in &caches {
        assert!(cache.is_file(), "the first build keeps {}", cache.display());
    }
    assert!(build("from-caches") == derived, "the sites differ");
    let timed = repo.run(&["build", "-o", "timed", "--timings"]);
    let records = repo.root().join("items").read_dir().unwrap().count()
        + repo.root().join("decisions").read_dir().unwrap().count()
        + repo.root().join("sessions").read_dir().unwrap().count();
    for cache in ["search", "section"] {
        let note = format!("{cache} text cache: {records} of {records} bodies' texts kept");
        assert!(timed.stderr.contains(&note), "no '{note}' in\n{}", timed.stderr);
    }
    let note = format!("body cache: {records} of {records} bodies' HTML kept");
    assert!(timed.stderr.contains(&note), "no '{note}' in\n{}", timed.stderr);
    // Every body is in the body cache: no source is held while rendering.
    let note = format!("sources not held while rendering: {records} of {records} records");
    assert!(timed.stderr.contains(&note), "no '{note}' in\n{}", timed.stderr);
    // A damaged entry is derived again from its body, read again from its
    // file.
    for cache in &caches {
        let mut bytes = std::fs::read(cache).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x20;
        std::fs::write(cache, &bytes).unwrap();
    }
    assert!(build("from-damaged-caches") == derived, "the sites differ");

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
    build("edited");
    let site = repo.root().join("edited");
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

    // A record that body names is retitled: the body, unchanged, rendered
    // again from its file, shows the new title.
    repo.replace(
        "items/PAY-106-credit-notes-for-issued-invoices.md",
        "\ntitle: ",
        "\ntitle: Renamed flamingo — ",
    );
    build("retitled");
    let page = std::fs::read_to_string(repo.root().join("retitled/items/PAY-101/index.html")).unwrap();
    assert!(
        page.contains("title=\"Renamed flamingo — "),
        "the link shows the new title"
    );
}
