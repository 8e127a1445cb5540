//! Times a one-file edit under `shoshin serve`: from writing the file to the
//! reload message reaching a connected browser socket, which is what a user
//! waits for. Run by `benches/run.sh`, or by hand:
//!
//! ```sh
//! cargo bench --bench serve_reload -- ROOT [EDITS]
//! ```
//!
//! ROOT is a records repository (its first item file is edited and restored);
//! EDITS defaults to 7. Prints one line per edit and a `median_ms max_ms` line.

#[path = "../tests/serve_support/mod.rs"]
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

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench serve_reload -- ROOT [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(7);
    let file = first_item(&root);
    let original = std::fs::read_to_string(&file).expect("the item reads");

    let server = Server::start(&root);
    let mut listener = ReloadListener::connect(&server);
    let mut times = Vec::new();
    for edit in 0..edits {
        // Let the watcher settle so each edit is timed on its own.
        std::thread::sleep(Duration::from_millis(300));
        let started = Instant::now();
        std::fs::write(&file, format!("{original}\nEdited for timing, pass {edit}.\n"))
            .expect("the item writes");
        let message = listener.next_text();
        let elapsed = started.elapsed();
        assert_eq!(message, "reload", "unexpected message");
        println!("edit {edit}: {:.1} ms", elapsed.as_secs_f64() * 1000.0);
        times.push(elapsed);
    }
    std::fs::write(&file, &original).expect("the item is restored");
    times.sort();
    let median = times[times.len() / 2].as_secs_f64() * 1000.0;
    let max = times.last().map_or(0.0, |t| t.as_secs_f64() * 1000.0);
    let log = server.log();
    eprintln!("{}", log.lines().rfind(|l| l.contains("rebuilt")).unwrap_or(""));
    println!("median_ms max_ms");
    println!("{median:.1} {max:.1}");
}
