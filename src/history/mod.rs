//! History from git: when each record was created and last changed, by whom,
//! every change of its `status`, and how many commits touched it.
//!
//! The repository's history is read once ([`walk`]), restricted to the
//! records folders, and turned into one [`Timeline`] per record
//! ([`timeline`]); [`health`] derives the refinement-health figures from the
//! timelines. Without history (not a repository, a shallow clone, or
//! `history.enabled: false`) dates fall back to front matter, then to the
//! file's time, and one `history-unavailable` warning says what is missing.
//!
//! `serve` rebuilds call [`History::reload`] after every edit: the walk is
//! cached, keyed by the `HEAD` commit, so it only runs again after a commit,
//! and while it is the same the timelines of unchanged records are kept.
//! Between runs, what each commit changed is kept in the git folder
//! ([`cache`]), so a new run compares only the commits it has not seen.

pub mod branch_ids;
mod cache;
pub mod facts;
pub mod health;
pub mod questions;
pub mod revisions;
pub mod sprints;
pub mod status;
pub mod timeline;
mod trees;
pub mod walk;

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::index::Index;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
pub use timeline::{Event, Source, Stamp, Timeline};
use walk::{Missing, Walked};

/// The history of every record.
#[derive(Debug, Default)]
pub struct History {
    /// One timeline per record, in the index's order.
    pub timelines: Vec<Timeline>,
    /// True when the dates come from git.
    pub from_git: bool,
    /// The time of the latest commit that touched a record, when there is history.
    pub head_time: Option<i64>,
    /// Why history is missing (`None` with history, or when turned off).
    pub missing: Option<Diagnostic>,
    /// The walk the timelines come from, to tell whether it is still current.
    walked: Option<Arc<Walked>>,
}

/// The walk of the last repository read, keyed by its git folder, `HEAD`,
/// the folders looked at and the open-questions headings read.
type CacheKey = (PathBuf, String, Vec<String>, Vec<String>);
static CACHE: Mutex<Option<(CacheKey, Arc<Walked>)>> = Mutex::new(None);

impl History {
    /// Reads the history of the records of `index` under `root`.
    pub fn load(root: &Path, config: &Config, index: &Index) -> History {
        let walked = config.history.enabled.then(|| walked(root, config, index));
        History::from_walk(walked, |walked| timeline::timelines(root, index, walked))
    }

    /// The history after records changed in the working tree, the same as
    /// [`History::load`]: while `HEAD` (and so the walk) is the one
    /// `previous` was made from, the timelines of records whose files did not
    /// change are taken from it rather than made again. `unchanged[i]` is the
    /// index in `previous` of record `i` when its file did not change. A
    /// commit or checkout made since moves `HEAD`, and everything is read
    /// again: the records whose file did not change but whose timeline did
    /// come second.
    pub fn reload(
        root: &Path,
        config: &Config,
        index: &Index,
        previous: History,
        unchanged: &[Option<usize>],
    ) -> (History, Vec<usize>) {
        let walked = config.history.enabled.then(|| walked(root, config, index));
        let same_walk = match (&walked, &previous.walked) {
            (Some(Ok(now)), Some(before)) => Arc::ptr_eq(now, before),
            (Some(Err(missing)), None) => previous.missing == Some(unavailable(missing)),
            (None, None) => !previous.from_git && previous.missing.is_none(),
            _ => false,
        };
        if !same_walk {
            let history = History::from_walk(walked, |walked| timeline::timelines(root, index, walked));
            let restamped = (0..index.records.len())
                .filter(|&i| {
                    unchanged[i].is_some_and(|j| previous.timelines.get(j) != history.timelines.get(i))
                })
                .collect();
            return (history, restamped);
        }
        let mut kept = previous.timelines;
        let history = History::from_walk(walked, |walked| {
            index
                .records
                .iter()
                .zip(unchanged)
                .map(|(record, old)| match old.and_then(|j| kept.get_mut(j)) {
                    Some(timeline) => std::mem::take(timeline),
                    None => timeline::timeline(root, record, walked),
                })
                .collect()
        });
        (history, Vec::new())
    }

    /// The history of a walk (`None` when history is turned off), with the
    /// timelines `timelines` makes from it.
    fn from_walk(
        walked: Option<Result<Arc<Walked>, Missing>>,
        timelines: impl FnOnce(Option<&Walked>) -> Vec<Timeline>,
    ) -> History {
        match walked {
            Some(Ok(walked)) => History {
                timelines: timelines(Some(&walked)),
                from_git: true,
                head_time: Some(walked.head_time),
                missing: None,
                walked: Some(walked),
            },
            Some(Err(missing)) => History {
                timelines: timelines(None),
                from_git: false,
                head_time: None,
                missing: Some(unavailable(&missing)),
                walked: None,
            },
            None => History {
                timelines: timelines(None),
                ..History::default()
            },
        }
    }

    /// The history of `records` (loaded from the repository at `root`,
    /// before any index): what a portal reads of each of its repositories.
    pub fn of_records(root: &Path, config: &Config, records: &[crate::model::Record]) -> History {
        let walked = config
            .history
            .enabled
            .then(|| walked_alone(root, config, record_folders(config, records)));
        History::from_walk(walked, |walked| {
            use rayon::prelude::*;
            records
                .par_iter()
                .map(|record| timeline::timeline(root, record, walked))
                .collect()
        })
    }

    /// A history made of timelines already read (a portal's, from each
    /// repository's [`History::of_records`]).
    pub fn from_timelines(timelines: Vec<Timeline>, from_git: bool, head_time: Option<i64>) -> History {
        History {
            timelines,
            from_git,
            head_time,
            ..History::default()
        }
    }

    /// The timeline of record `i`.
    pub fn of(&self, i: usize) -> Option<&Timeline> {
        self.timelines.get(i)
    }
}

/// The folders (relative to the records root) whose files can be records:
/// the configured ones and the top folder of every record found.
pub fn record_folders(config: &Config, records: &[crate::model::Record]) -> Vec<String> {
    let mut folders: Vec<String> = config
        .folders
        .items
        .iter()
        .chain(&config.folders.decisions)
        .chain(&config.folders.sessions)
        .map(|f| f.trim_matches('/').to_string())
        .collect();
    for record in records {
        if let Some(std::path::Component::Normal(first)) = record.file.components().next() {
            if record.file.components().count() > 1 {
                folders.push(first.to_string_lossy().into_owned());
            } else {
                folders.push(String::new());
            }
        }
    }
    folders.sort();
    folders.dedup();
    // A folder inside another one is already covered by it.
    let all = folders.clone();
    folders.retain(|f| {
        !all.iter()
            .any(|other| other != f && (other.is_empty() || f.starts_with(&format!("{other}/"))))
    });
    folders
}

fn walked(root: &Path, config: &Config, index: &Index) -> Result<Arc<Walked>, Missing> {
    walked_in(root, config, record_folders(config, &index.records))
}

/// Walks the history of `folders` (see [`record_folders`]) ahead of
/// [`History::load`], which then finds the walk made: the walk needs only
/// where the records are, so it can run while the index is built.
pub fn prefetch(root: &Path, config: &Config, folders: Vec<String>) {
    // A history that cannot be read is reported by `History::load`.
    let _ = walked_in(root, config, folders);
}

/// The walk of `folders` at `HEAD`, made once per process for each.
fn walked_in(root: &Path, config: &Config, folders: Vec<String>) -> Result<Arc<Walked>, Missing> {
    let (repo, head) = walk::head_of(root)?;
    let headings = facts::question_headings(config);
    let key = (
        repo.git_dir().to_path_buf(),
        head.to_string(),
        folders.clone(),
        headings.clone(),
    );
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((cached_key, walked)) = cache.as_ref() {
        if *cached_key == key {
            return Ok(walked.clone());
        }
    }
    let walked = Arc::new(walk_at(root, config, repo, head, &folders, &headings)?);
    *cache = Some((key, walked.clone()));
    Ok(walked)
}

/// The walk of `folders` at `HEAD`, made without the process's one kept
/// walk ([`walked_in`]): a portal reads many repositories at once, each
/// once, and walks waiting for that slot's lock would run one at a time.
fn walked_alone(root: &Path, config: &Config, folders: Vec<String>) -> Result<Arc<Walked>, Missing> {
    let (repo, head) = walk::head_of(root)?;
    let headings = facts::question_headings(config);
    Ok(Arc::new(walk_at(root, config, repo, head, &folders, &headings)?))
}

/// The walk of `folders` from `head`, through the repository's history
/// cache: what [`walked_in`] and [`walked_alone`] both make.
fn walk_at(
    root: &Path,
    config: &Config,
    repo: gix::Repository,
    head: gix::ObjectId,
    folders: &[String],
    headings: &[String],
) -> Result<Walked, Missing> {
    let store = crate::cache::Store::of(&repo, config);
    walk::walk(root, repo, head, folders, headings, &store)
}

/// The one warning that says why there is no history and how to get it.
fn unavailable(missing: &Missing) -> Diagnostic {
    let (what, help) = match missing {
        Missing::NotARepository => (
            "the records folder is not in a git repository, so there is no history".to_string(),
            "commit the records to git (`git init && git add . && git commit`); in CI, check out the \
             whole history (actions/checkout with `fetch-depth: 0`)",
        ),
        Missing::Shallow => (
            "the repository is a shallow clone, so its history is incomplete and not shown".to_string(),
            "fetch the whole history: `git fetch --unshallow`, or in CI actions/checkout with \
             `fetch-depth: 0`",
        ),
        Missing::NoCommits => (
            "the repository has no commit yet, so there is no history".to_string(),
            "commit the records (`git add . && git commit`); in CI, check out the whole history \
             (`fetch-depth: 0`)",
        ),
        Missing::Unreadable(error) => (
            format!("the git history could not be read ({error})"),
            "check the repository with `git fsck`; in CI, check out the whole history (`fetch-depth: 0`)",
        ),
    };
    let file = crate::config::FILE_NAMES[0];
    let mut diagnostic = Diagnostic::new(
        Code::HistoryUnavailable,
        file,
        format!("{what}: dates come from front matter, then from the files' times"),
    );
    diagnostic.help = Some(format!(
        "{help}; or turn history off in {file} with `history: {{ enabled: false }}`"
    ));
    diagnostic
}

/// `stale-ready`: items whose status is ready and that no commit touched
/// for longer than `history.stale_after_days` before the latest commit to a record.
pub fn stale_ready(index: &Index, history: &History, config: &Config) -> Vec<Diagnostic> {
    let Some(now) = history.head_time else {
        return Vec::new();
    };
    let limit = config.history.stale_after_days;
    let mut out = Vec::new();
    for (i, record) in index.records.iter().enumerate() {
        if index.item_category(i) != Some(crate::config::ItemCategory::Ready) {
            continue;
        }
        let Some(changed) = history.of(i).and_then(|t| t.changed()) else {
            continue;
        };
        let days = (now - changed.time).max(0) / 86_400;
        if days > limit as i64 {
            let span = crate::parse::fields::key_span(record, "status", record.status.as_deref());
            let mut d = Diagnostic::new(
                Code::StaleReady,
                &record.file,
                format!(
                    "{} has been ready and unchanged since {} ({days} days before the latest commit, \
                     more than {limit})",
                    record.id,
                    changed.date()
                ),
            )
            .at(record.source(), span);
            d.help = Some(
                "look at it again in refinement: confirm it is still ready (and commit), take it \
                 into a sprint, or move it back to refining"
                    .into(),
            );
            out.push(d);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::indexed;

    fn git(dir: &Path, args: &[&str], date: &str) {
        let when = format!("{date}T12:00:00+00:00");
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "ana")
            .env("GIT_AUTHOR_EMAIL", "ana@example.com")
            .env("GIT_AUTHOR_DATE", &when)
            .env("GIT_COMMITTER_NAME", "ana")
            .env("GIT_COMMITTER_EMAIL", "ana@example.com")
            .env("GIT_COMMITTER_DATE", &when)
            .output()
            .expect("git runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    }

    fn commit_all(dir: &Path, date: &str) {
        git(dir, &["add", "-A"], date);
        git(dir, &["commit", "-q", "-m", "change"], date);
    }

    /// The walk cache holds one repository: tests that rely on it run one at a time.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    #[test]
    fn the_walk_is_reused_until_head_moves() {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let config = Config::default();
        let (dir, index, _) = indexed(&[("items/PAY-1.md", "---\nstatus: draft\n---\n")], &config);
        git(dir.path(), &["init", "-q", "-b", "main"], "2026-01-01");
        commit_all(dir.path(), "2026-01-01");
        let first = walked(dir.path(), &config, &index).expect("history");
        // An edit that is not committed (what `serve` sees while editing) reuses the walk.
        std::fs::write(dir.path().join("items/PAY-1.md"), "---\nstatus: ready\n---\n").unwrap();
        let again = walked(dir.path(), &config, &index).expect("history");
        assert!(Arc::ptr_eq(&first, &again));
        commit_all(dir.path(), "2026-01-02");
        let after_commit = walked(dir.path(), &config, &index).expect("history");
        assert!(!Arc::ptr_eq(&first, &after_commit));
        let changes = &after_commit.files[Path::new("items/PAY-1.md")];
        let statuses: Vec<_> = changes.iter().map(|c| c.status.as_deref()).collect();
        assert_eq!(statuses, [Some("draft"), Some("ready")]);
    }

    /// What a timeline shows, to compare timelines.
    fn shown(history: &History) -> Vec<String> {
        history.timelines.iter().map(|t| format!("{t:?}")).collect()
    }

    fn reindexed(dir: &Path, config: &Config) -> Index {
        Index::build(crate::load::load(dir, config).records, config)
    }

    #[test]
    fn a_reload_keeps_unchanged_timelines_until_head_moves_and_equals_a_load() {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let config = Config::default();
        let (dir, index, _) = indexed(
            &[
                (
                    "items/PAY-1.md",
                    "---
status: draft
---
",
                ),
                (
                    "items/PAY-2.md",
                    "---
status: draft
---
",
                ),
            ],
            &config,
        );
        git(dir.path(), &["init", "-q", "-b", "main"], "2026-01-01");
        commit_all(dir.path(), "2026-01-01");
        let first = History::load(dir.path(), &config, &index);
        // An uncommitted edit, and a new record with neither commits nor date.
        std::fs::write(
            dir.path().join("items/PAY-1.md"),
            "---
status: ready
---
",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("items/PAY-0.md"),
            "---
status: draft
---
",
        )
        .unwrap();
        let index = reindexed(dir.path(), &config);
        // PAY-0 is new, PAY-1 changed, PAY-2 was record 1.
        let unchanged = [None, None, Some(1)];
        let (reloaded, restamped) = History::reload(dir.path(), &config, &index, first, &unchanged);
        assert!(restamped.is_empty());
        assert_eq!(
            shown(&reloaded),
            shown(&History::load(dir.path(), &config, &index))
        );
        assert_eq!(reloaded.timelines[0].source, Source::File);
        assert_eq!(reloaded.timelines[2].passes(), 1);

        // A commit while serving: the next reload reads the new history.
        commit_all(dir.path(), "2026-01-05");
        std::fs::write(
            dir.path().join("items/PAY-2.md"),
            "---
status: ready
---
",
        )
        .unwrap();
        let index = reindexed(dir.path(), &config);
        let unchanged = [Some(0), Some(1), None];
        let (after_commit, restamped) = History::reload(dir.path(), &config, &index, reloaded, &unchanged);
        // PAY-0 and PAY-1 have a commit now; PAY-2 changed, so its page is made anyway.
        assert_eq!(restamped, [0, 1]);
        assert_eq!(
            shown(&after_commit),
            shown(&History::load(dir.path(), &config, &index))
        );
        let dates: Vec<String> = after_commit.timelines[1]
            .transitions()
            .iter()
            .map(|t| format!("{} {}", t.to, t.stamp.date()))
            .collect();
        assert_eq!(dates, ["draft 2026-01-01", "ready 2026-01-05"]);
        assert_eq!(after_commit.timelines[0].source, Source::Git);
    }

    #[test]
    fn record_folders_are_the_configured_ones_and_those_records_are_in() {
        let config = Config::default();
        let (_dir, index, _) = indexed(
            &[("docs/adr/0001-use-x.md", "---\nkind: decision\n---\n")],
            &config,
        );
        assert_eq!(
            record_folders(&config, &index.records),
            ["decisions", "docs", "items", "sessions"]
        );
    }
}
