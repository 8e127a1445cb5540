//! Watching the records root with notify, and batching the events: after the
//! first event of a burst, events are collected until the files have been
//! quiet for [`QUIET`] (editors write a file in several steps), at most
//! [`LONGEST`].

use anyhow::{Context, Result};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long the files must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(60);
/// The longest a burst of events is collected before rebuilding anyway.
pub const LONGEST: Duration = Duration::from_millis(1000);

/// Starts watching `root` recursively; keep the watcher alive while events
/// are wanted.
pub fn start(root: &Path) -> Result<(RecommendedWatcher, Receiver<notify::Result<notify::Event>>)> {
    let (sender, events) = channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = sender.send(event);
    })
    .context("cannot start watching files")?;
    watcher
        .watch(root, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", root.display()))?;
    Ok((watcher, events))
}

/// Calls `rebuild` with the changed paths of each burst of events, until the
/// watcher stops.
pub fn batches(events: &Receiver<notify::Result<notify::Event>>, mut rebuild: impl FnMut(Vec<PathBuf>)) {
    while let Ok(first) = events.recv() {
        let mut paths = Vec::new();
        collect(first, &mut paths);
        let started = Instant::now();
        loop {
            match events.recv_timeout(QUIET) {
                Ok(event) => collect(event, &mut paths),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if started.elapsed() > LONGEST {
                break;
            }
        }
        if !paths.is_empty() {
            paths.sort();
            paths.dedup();
            rebuild(paths);
        }
    }
}

/// The path reported when events were lost: every file may have changed.
pub const EVERYTHING: &str = "";

fn collect(event: notify::Result<notify::Event>, paths: &mut Vec<PathBuf>) {
    match event {
        Ok(event) if event.need_rescan() => paths.push(PathBuf::from(EVERYTHING)),
        Ok(event) => {
            if !matches!(event.kind, EventKind::Access(_)) {
                paths.extend(event.paths);
            }
        }
        Err(error) => {
            eprintln!("warning: file watching: {error}; rebuilding everything");
            paths.push(PathBuf::from(EVERYTHING));
        }
    }
}
