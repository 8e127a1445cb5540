//! Watching the records root with notify, and batching the events: after the
//! first event of a burst, events are collected until the files have been
//! quiet for [`QUIET`] (editors write a file in several steps), at most
//! [`LONGEST`]. Once every file of the burst was closed after writing (the
//! editor is done with it), [`SETTLED`] of quiet is enough.

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long the files must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(40);
/// How long the files must be quiet when every file of the burst was last
/// closed after writing: only what comes at once (a save of several files,
/// an editor removing its backup) is still collected.
pub const SETTLED: Duration = Duration::from_millis(5);
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
        let mut burst = Burst::default();
        burst.add(first);
        let started = Instant::now();
        loop {
            match events.recv_timeout(burst.quiet()) {
                Ok(event) => burst.add(event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if started.elapsed() > LONGEST {
                break;
            }
        }
        let mut paths = burst.paths;
        if !paths.is_empty() {
            paths.sort();
            paths.dedup();
            rebuild(paths);
        }
    }
}

/// The events of one burst.
#[derive(Default)]
struct Burst {
    /// The changed paths, in the order reported.
    paths: Vec<PathBuf>,
    /// For each changed path, whether its latest event closed it after writing.
    closed: HashMap<PathBuf, bool>,
}

impl Burst {
    fn add(&mut self, event: notify::Result<notify::Event>) {
        if let Ok(event) = &event {
            let closed = event.kind == EventKind::Access(AccessKind::Close(AccessMode::Write));
            if closed || !matches!(event.kind, EventKind::Access(_)) {
                for path in &event.paths {
                    self.closed.insert(path.clone(), closed);
                }
            }
        }
        collect(event, &mut self.paths);
    }

    /// How long to wait for more events.
    fn quiet(&self) -> Duration {
        let done = !self.paths.is_empty() && self.paths.iter().all(|p| self.closed.get(p) == Some(&true));
        if done {
            SETTLED
        } else {
            QUIET
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

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind};

    fn event(kind: EventKind, path: &str) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(kind).add_path(PathBuf::from(path)))
    }

    const WRITTEN: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Any));
    const CLOSED: EventKind = EventKind::Access(AccessKind::Close(AccessMode::Write));

    #[test]
    fn a_burst_settles_quickly_only_once_every_file_was_closed_after_writing() {
        let mut burst = Burst::default();
        burst.add(event(WRITTEN, "items/PAY-1.md"));
        assert_eq!(burst.quiet(), QUIET, "still being written");
        burst.add(event(CLOSED, "items/PAY-1.md"));
        assert_eq!(burst.quiet(), SETTLED);
        burst.add(event(EventKind::Create(CreateKind::File), "items/PAY-2.md"));
        assert_eq!(burst.quiet(), QUIET, "another file is not written yet");
        burst.add(event(CLOSED, "items/PAY-2.md"));
        assert_eq!(burst.quiet(), SETTLED);
        burst.add(event(EventKind::Remove(RemoveKind::File), "items/PAY-1.md~"));
        assert_eq!(burst.quiet(), QUIET, "a removal has no close");
        // Closing is a signal only: the paths are those of changes.
        burst.add(event(
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            "items/PAY-3.md",
        ));
        assert_eq!(
            burst.paths,
            ["items/PAY-1.md", "items/PAY-2.md", "items/PAY-1.md~"].map(PathBuf::from)
        );
    }

    #[test]
    fn lost_events_never_settle_quickly() {
        let mut burst = Burst::default();
        burst.add(Ok(
            notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan)
        ));
        assert_eq!(burst.paths, [PathBuf::from(EVERYTHING)]);
        assert_eq!(burst.quiet(), QUIET);
    }
}
