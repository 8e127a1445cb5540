//! Times a one-file edit under `shoshin serve`: from writing the file to the
//! reload message reaching a connected browser socket, which is what a user
//! waits for. Two sockets listen: one showing the edited record's page (the
//! page the person editing looks at) and one showing the backlog, which
//! reloads only once the list pages are regenerated. Run by `benches/run.sh`,
//! or by hand:
//!
//! ```sh
//! cargo bench --bench serve_reload -- ROOT [EDITS]
//! ```
//!
//! ROOT is a records repository (its first item file is edited and restored);
//! EDITS defaults to 7. Prints one line per edit, the backlog's median and
//! maximum, and last a `median_ms max_ms` line for the record page.

#[path = "../tests/it/serve_support/mod.rs"]
mod serve_support;

use serve_support::{ReloadListener, Server};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn first_item(root: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("items"))
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .next()
        .expect("the repository has an items/ folder with records")
}

/// The record's id: its `id:` line, else the file name up to the second `-`.
fn id_of(file: &Path, text: &str) -> String {
    if let Some(line) = text.lines().find(|l| l.starts_with("id: ")) {
        return line.trim_start_matches("id: ").trim().to_string();
    }
    let name = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    name.splitn(3, '-').take(2).collect::<Vec<_>>().join("-")
}

/// The median and the maximum, in milliseconds.
fn median_and_max(times: &mut [Duration]) -> (f64, f64) {
    times.sort();
    let median = times[times.len() / 2].as_secs_f64() * 1000.0;
    let max = times.last().map_or(0.0, |t| t.as_secs_f64() * 1000.0);
    (median, max)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench serve_reload -- ROOT [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(7).max(1);
    let file = first_item(&root);
    let original = std::fs::read_to_string(&file).expect("the item reads");
    let id = id_of(&file, &original);

    let server = Server::start(&root);
    let mut record = ReloadListener::showing(&server, &format!("/items/{id}/"));
    let mut backlog = ReloadListener::showing(&server, "/items/");
    let mut record_times = Vec::new();
    let mut backlog_times = Vec::new();
    for edit in 0..edits {
        // Let the previous rebuild finish (the file list is answered once
        // every file is regenerated) and the watcher settle, so each edit is
        // timed on its own.
        server.get("/__shoshin/files");
        std::thread::sleep(Duration::from_millis(300));
        let started = Instant::now();
        std::fs::write(&file, format!("{original}\nEdited for timing, pass {edit}.\n"))
            .expect("the item writes");
        let message = record.next_text();
        let record_elapsed = started.elapsed();
        assert_eq!(message, "reload", "unexpected message");
        let message = backlog.next_text();
        let backlog_elapsed = started.elapsed();
        assert_eq!(message, "reload", "unexpected message");
        println!(
            "edit {edit}: record page {:.1} ms, backlog {:.1} ms",
            record_elapsed.as_secs_f64() * 1000.0,
            backlog_elapsed.as_secs_f64() * 1000.0
        );
        record_times.push(record_elapsed);
        backlog_times.push(backlog_elapsed);
    }
    std::fs::write(&file, &original).expect("the item is restored");
    let log = server.log();
    eprintln!("{}", log.lines().rfind(|l| l.contains("rebuilt")).unwrap_or(""));
    let (median, max) = median_and_max(&mut backlog_times);
    println!("backlog: median_ms max_ms");
    println!("backlog: {median:.1} {max:.1}");
    let (median, max) = median_and_max(&mut record_times);
    println!("median_ms max_ms");
    println!("{median:.1} {max:.1}");
}
