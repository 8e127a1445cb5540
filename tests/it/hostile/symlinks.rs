//! Files judged by where they really are: a record or linked file that is a
//! symbolic link to `.git/config` (where CI keeps its token) or out of the
//! repository is refused, never published; a FIFO is never opened.

use super::support::{any_file_holds, diagnostics, find, outside_output, run_within, GENEROUS};
use crate::common::Repo;
use std::os::unix::fs::symlink;

/// The token `actions/checkout` leaves in `.git/config`, fake.
const TOKEN: &str = "AUTHORIZATION: basic c2VjcmV0LXRva2Vu";
/// What a file outside the repository holds (standing for `/etc/passwd`).
const MARKER: &str = "root:x:0:0:outside-marker";

/// A git repository whose `.git/config` holds [`TOKEN`], one good item
/// whose body links to `leak.txt` (a link into `.git`), a record that is a
/// link to `.git/config`, one that is a link to a file outside, and a folder
/// that is a link to `.git`. Returns the repository and the outside folder.
fn leaky_repo() -> (Repo, tempfile::TempDir) {
    let repo = Repo::with(&[(
        "items/PAY-1-good.md",
        "---\nid: PAY-1\ntitle: A good item\n---\nSee [x](leak.txt) and [y](../docs/out.txt).\n",
    )]);
    repo.git_init();
    let config = repo.root().join(".git/config");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        "[http \"https://github.com/\"]\n\textraheader = {TOKEN}\n"
    ));
    std::fs::write(&config, text).unwrap();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("passwd.md");
    std::fs::write(
        &secret,
        format!("---\nid: OUT-1\ntitle: {MARKER}\n---\n{MARKER}\n"),
    )
    .unwrap();
    let root = repo.root();
    symlink("../.git/config", root.join("items/leak.txt")).unwrap();
    symlink("../.git/config", root.join("items/PAY-2-config.md")).unwrap();
    symlink(&secret, root.join("items/PAY-3-passwd.md")).unwrap();
    std::fs::create_dir_all(root.join("docs")).unwrap();
    symlink(&secret, root.join("docs/out.txt")).unwrap();
    symlink("../.git", root.join("items/git")).unwrap();
    (repo, outside)
}

#[test]
fn records_and_linked_files_that_are_links_to_secrets_are_refused_never_published() {
    let (repo, outside) = leaky_repo();
    let before = outside_output(&repo);

    let check = run_within(&repo, &["check", "--format", "json"], GENEROUS);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let all = diagnostics(&check);
    let (_, _, message) = find(&all, "unsafe-file", "items/PAY-2-config.md");
    assert!(message.contains("`.git/config`"), "{message}");
    let (_, _, message) = find(&all, "unsafe-file", "items/PAY-3-passwd.md");
    assert!(
        message.contains("passwd.md") && message.contains("outside"),
        "{message}"
    );
    let (_, _, message) = find(&all, "unsafe-file", "items/git");
    assert!(message.contains("`.git`"), "{message}");
    let links: Vec<&str> = all
        .iter()
        .filter(|(code, file, _)| code == "unsafe-file" && file == "items/PAY-1-good.md")
        .map(|(_, _, message)| message.as_str())
        .collect();
    assert!(
        links
            .iter()
            .any(|m| m.contains("`leak.txt`") && m.contains("`.git/config`")),
        "{links:?}"
    );
    assert!(
        links
            .iter()
            .any(|m| m.contains("`../docs/out.txt`") && m.contains("outside")),
        "{links:?}"
    );
    assert!(!check.stdout.contains(TOKEN) && !check.stdout.contains(MARKER));

    // Let the errors through so that a site is written, and look into it.
    repo.write("shoshin.yaml", "severity:\n  unsafe-file: warning\n");
    let before = {
        let mut before = before;
        before.retain(|(path, _)| path != std::path::Path::new("shoshin.yaml"));
        before
    };
    let build = run_within(&repo, &["build"], GENEROUS);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(build.stderr.contains("unsafe-file"), "{}", build.stderr);
    assert!(build.stderr.contains("items/PAY-2-config.md"), "{}", build.stderr);
    let public = repo.root().join("public");
    assert!(repo.read("public/items/PAY-1/index.html").contains("A good item"));
    assert_eq!(any_file_holds(&public, "c2VjcmV0LXRva2Vu"), None);
    assert_eq!(any_file_holds(&public, "outside-marker"), None);
    assert!(!public.join("files/items/leak.txt").exists());
    let mut after = outside_output(&repo);
    after.retain(|(path, _)| path != std::path::Path::new("shoshin.yaml"));
    assert_eq!(before, after, "a file outside the output folder changed");
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        1,
        "the outside folder changed"
    );
}

/// Makes a FIFO at `path` with `mkfifo`.
fn mkfifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn a_fifo_linked_or_named_like_a_record_is_never_opened() {
    let repo = Repo::with(&[(
        "items/PAY-1-good.md",
        "---\nid: PAY-1\ntitle: A good item\n---\nSee [pipe](pipe.txt).\n",
    )]);
    mkfifo(&repo.root().join("items/pipe.txt"));
    mkfifo(&repo.root().join("items/PAY-2-pipe.md"));
    let before = outside_output(&repo);

    let check = run_within(&repo, &["check", "--format", "json"], GENEROUS);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let all = diagnostics(&check);
    let (_, _, message) = find(&all, "unsafe-file", "items/PAY-1-good.md");
    assert!(
        message.contains("`pipe.txt`") && message.contains("FIFO"),
        "{message}"
    );
    let (_, _, message) = find(&all, "unsafe-file", "items/PAY-2-pipe.md");
    assert!(message.contains("FIFO"), "{message}");

    repo.write("shoshin.yaml", "severity:\n  unsafe-file: warning\n");
    let build = run_within(&repo, &["build"], GENEROUS);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(repo.read("public/items/PAY-1/index.html").contains("A good item"));
    assert!(!repo.root().join("public/files/items/pipe.txt").exists());
    let mut after = outside_output(&repo);
    after.retain(|(path, _)| path != std::path::Path::new("shoshin.yaml"));
    assert_eq!(before, after, "a file outside the output folder changed");

    // `serve` reads the same files: it starts, and serves the page.
    #[cfg(feature = "serve")]
    {
        let server = crate::serve_support::Server::start(repo.root());
        let (status, page) = server.get("/items/PAY-1/");
        assert_eq!(status, 200, "{}", server.log());
        assert!(page.contains("A good item"), "{page}");
    }
}
