//! Staging folders of builds that did not finish. A build writes its site
//! into `.shoshin-staging-*` beside the output folder; a build stopped by
//! Ctrl-C, SIGTERM or SIGKILL used to leave it there for good (105 MB for
//! four stopped builds of 10,000 items).
//!
//! Two things remove them now. A signal (SIGINT, SIGTERM, SIGHUP) removes
//! the staging folders of this process before it exits. And each staging
//! folder holds a lock file, locked for as long as its build runs: the next
//! build removes every staging folder whose lock nobody holds (its build was
//! killed), and leaves alone those of builds still running beside it.

use anyhow::{Context, Result};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// How staging folders' names start.
pub const STAGING_PREFIX: &str = ".shoshin-staging-";

/// The lock file in a staging folder, removed before the site is swapped in.
pub const LOCK_FILE: &str = ".shoshin-lock";

/// A staging folder without a lock file (made by an older shoshin, or a
/// build killed between making the folder and its lock) is removed once it
/// is this old: no build runs that long without having locked it.
const UNLOCKED_GRACE: Duration = Duration::from_secs(10 * 60);

/// How often a signal's handler tries to remove a staging folder that
/// running writers keep filling.
const REMOVAL_TRIES: usize = 1_000;

/// The exit status after a signal, as shells report SIGINT (128 + 2).
const INTERRUPTED: i32 = 130;

/// Staging folders of this process, removed when a signal stops it.
static ACTIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Set as a signal's handler starts: the build's own threads then fail on
/// the folder being removed, and their error must not end the process
/// before the handler has removed the folder and exited with its status.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Blocks for good once a signal is being handled (the handler ends the
/// process); returns at once otherwise. Called before the process exits.
pub fn wait_while_stopping() {
    while STOPPING.load(Ordering::SeqCst) {
        std::thread::park();
    }
}

/// A staging folder in use: locked, and removed on a signal, until dropped.
#[derive(Debug)]
pub struct Held {
    folder: PathBuf,
    lock: Option<File>,
}

/// Locks a new staging folder and registers it for removal on a signal.
pub fn hold(staging: &Path) -> Result<Held> {
    // Registered first: from the moment its lock file exists, a signal
    // removes the folder.
    if let Ok(mut active) = ACTIVE.lock() {
        active.push(staging.to_path_buf());
    }
    let mut held = Held {
        folder: staging.to_path_buf(),
        lock: None,
    };
    let path = staging.join(LOCK_FILE);
    let file = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    file.lock()
        .with_context(|| format!("cannot lock {}", path.display()))?;
    held.lock = Some(file);
    Ok(held)
}

impl Held {
    /// Removes the lock file, which is no page of the site, before the
    /// folder is swapped in; the folder stays registered for a signal.
    pub fn remove_lock(&mut self) -> Result<()> {
        let path = self.folder.join(LOCK_FILE);
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        self.lock = None;
        Ok(())
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Ok(mut active) = ACTIVE.lock() {
            active.retain(|p| p != &self.folder);
        }
    }
}

/// Removes, in `parent`, the staging folders no running build holds.
/// Returns how many were removed. Errors are ignored: a leftover that
/// cannot be removed now will be tried again by the next build.
pub fn remove_stale(parent: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_staging = name.to_string_lossy().starts_with(STAGING_PREFIX);
        // Never through a link: only real folders beside the output.
        if !is_staging || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let folder = entry.path();
        if is_stale(&folder) && crate::files::remove_folder(&folder).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// True when no running build holds `folder`.
fn is_stale(folder: &Path) -> bool {
    match File::open(folder.join(LOCK_FILE)) {
        // Its build holds the lock while it runs; the lock goes with it
        // when it is killed.
        Ok(lock) => lock.try_lock().is_ok(),
        Err(_) => std::fs::metadata(folder)
            .and_then(|meta| meta.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > UNLOCKED_GRACE),
    }
}

/// On SIGINT, SIGTERM or SIGHUP, removes this process's staging folders
/// and exits. Installed once, before the first staging folder is made.
pub fn install_signal_handler() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        // An error means another handler is installed already: the folders
        // are then left to the next build.
        let _ = ctrlc::set_handler(|| {
            STOPPING.store(true, Ordering::SeqCst);
            let folders = ACTIVE.lock().map(|a| a.clone()).unwrap_or_default();
            for folder in &folders {
                // Writers still running may add a file between the listing
                // and the removal of a folder (`remove_dir_all` then fails
                // on a folder no longer empty): tried until it is gone.
                for _ in 0..REMOVAL_TRIES {
                    if std::fs::remove_dir_all(folder).is_ok() || !folder.exists() {
                        break;
                    }
                }
            }
            if !folders.is_empty() {
                eprintln!("interrupted: the unfinished site was removed; the previous site is unchanged");
            }
            std::process::exit(INTERRUPTED);
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unheld_staging_folders_are_removed_and_held_ones_kept() {
        let parent = tempfile::tempdir().unwrap();
        let held = parent.path().join(".shoshin-staging-held");
        let stale = parent.path().join(".shoshin-staging-stale");
        let fresh = parent.path().join(".shoshin-staging-fresh");
        let other = parent.path().join("public");
        for folder in [&held, &stale, &fresh, &other] {
            std::fs::create_dir(folder).unwrap();
            std::fs::write(folder.join("page.html"), "x").unwrap();
        }
        let _lock = hold(&held).unwrap();
        drop(hold(&stale).unwrap());
        assert_eq!(remove_stale(parent.path()), 1);
        assert!(held.is_dir() && !stale.exists() && fresh.is_dir() && other.is_dir());
    }
}
