//! Reads are bounded: a record far over its limit is refused before it is
//! read, and caches that are links to `/dev/zero` or FIFOs are never read.

use super::support::{diagnostics, find, outside_output, run_within, GENEROUS};
use crate::common::Repo;
use std::os::unix::fs::symlink;

#[test]
fn a_two_gigabyte_record_is_refused_without_being_read() {
    let repo = Repo::with(&[("items/PAY-1.md", "---\nid: PAY-1\n---\nFine.\n")]);
    // Sparse: two gigabytes on paper, nothing on the disk.
    let huge = std::fs::File::create(repo.root().join("items/huge.md")).unwrap();
    huge.set_len(2 << 30).unwrap();
    let before = outside_output(&repo);
    let check = run_within(&repo, &["check", "--format", "json", "--timings"], GENEROUS);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let all = diagnostics(&check);
    let (_, _, message) = find(&all, "unsafe-file", "items/huge.md");
    assert!(
        message.contains("2048 MB") && message.contains("limit of 64 MB"),
        "{message}"
    );
    assert_eq!(before, outside_output(&repo));
}

#[test]
fn caches_that_are_devices_or_fifos_are_never_read() {
    let repo = Repo::with(&[("items/PAY-1.md", "---\nid: PAY-1\ntitle: Fine\n---\nFine.\n")]);
    repo.git_init();
    repo.commit("ana", "2026-01-02", "first");
    let cache = repo.root().join(".git/shoshin");
    std::fs::create_dir_all(&cache).unwrap();
    symlink("/dev/zero", cache.join("history.bin")).unwrap();
    let check = run_within(&repo, &["check", "--format", "json"], GENEROUS);
    assert_eq!(check.code, 0, "{}", check.stderr);
    std::fs::remove_file(cache.join("history.bin")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(cache.join("history.bin"))
        .status()
        .unwrap();
    assert!(fifo.success());
    let build = run_within(&repo, &["build"], GENEROUS);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        std::fs::metadata(cache.join("history.bin")).unwrap().is_file(),
        "replaced by a cache file"
    );
    assert!(repo.read("public/items/PAY-1/index.html").contains("Fine"));
}
