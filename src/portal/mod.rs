//! A portal: one site over many records repositories, listed under
//! `repositories:` in the portal's `shoshin.yaml` (see docs/portal.md).
//!
//! The portal is a driver over the same pipeline as one repository: each
//! repository is found ([`fetch`]), loaded with its own configuration and
//! its history read from its own git, exactly as a build of that
//! repository alone would; then the records of all of them are merged,
//! their ids qualified with the repository's name ([`merge`]), and indexed,
//! checked and rendered as one project. A repository that cannot be read
//! is a diagnostic naming it, and the rest of the portal is still built.

pub mod data;
pub mod fetch;
pub mod http;
pub mod merge;
pub mod reuse;

use crate::config::{Config, RepositoryConfig};
use crate::diagnostic::{Code, Diagnostic};
use crate::history::History;
use crate::project::{load_config, Project, Steps};
use crate::readiness::Readiness;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::path::Path;

/// Opens the project at `root`: a portal when its configuration lists
/// `repositories:`, else the one records repository, as
/// [`Project::open_with`] does.
pub fn open_with(root: &Path, adjust: impl FnOnce(&mut Config)) -> Result<Project> {
    let mut config = if root.is_dir() {
        load_config(root)?
    } else {
        return Project::open_with(root, adjust);
    };
    if config.repositories.is_empty() {
        return Project::open_with(root, adjust);
    }
    adjust(&mut config);
    Ok(open_portal(root, config))
}

/// [`open_with`] with the configuration as it is.
pub fn open(root: &Path) -> Result<Project> {
    open_with(root, |_| {})
}

/// One repository read, before merging.
struct Read {
    part: merge::Part,
    config: Config,
    history: History,
}

/// Reads every repository of the portal configured by `config`, merges
/// them and runs the index, checks and the rest on the whole.
fn open_portal(root: &Path, mut config: Config) -> Project {
    let cache = fetch::cache_folder(root, config.portal.cache_dir.as_deref());
    let (config_file, config_text) = config_file(root);
    let phase = crate::timings::phase("read the repositories");
    let results: Vec<Result<Read>> = config
        .repositories
        .par_iter()
        .map(|entry| read_repository(root, &cache, entry, &config))
        .collect();
    drop(phase);
    let names: Vec<String> = config.repositories.iter().map(|r| r.name.clone()).collect();
    let mut parts = Vec::new();
    let mut found = Vec::new();
    let (mut from_git, mut head_time) = (false, None);
    for (i, result) in results.into_iter().enumerate() {
        let entry = config.repositories[i].clone();
        let line = line_of_entry(&config_text, &entry.name);
        let diagnostic = |message: String, help: &str| {
            Diagnostic::new(Code::RepositoryUnreachable, &config_file, message)
                .at_line(line, 1)
                .with_help(help)
        };
        match result {
            Ok(read) => {
                if let Some(error) = &read.part.stale {
                    found.push(diagnostic(
                        format!(
                            "repository `{}` could not be fetched ({error}); its copy of the last build, at commit {}, is shown",
                            entry.name,
                            short(read.part.commit.as_deref())
                        ),
                        "check its `url:` and that this machine can reach it",
                    ));
                }
                from_git |= read.history.from_git;
                head_time = head_time.max(read.history.head_time);
                if let Some(missing) = read.history.missing.clone() {
                    let mut missing = merge::under(missing, Path::new(&entry.name));
                    missing.message = format!("repository `{}`: {}", entry.name, missing.message);
                    found.push(missing);
                }
                merge_vocabularies(&mut config, &read.config);
                if entry.title.is_none() && read.config.title != Config::default().title {
                    config.repositories[i].title = Some(read.config.title.clone());
                }
                let mut part = read.part;
                part.timelines = read.history.timelines;
                parts.push(part);
            }
            Err(error) => found.push(diagnostic(
                format!(
                    "repository `{}` cannot be read: {error:#}; the portal is built without it",
                    entry.name
                ),
                "check its `path:` or `url:` (and `branch:` or `rev:`) in the portal's configuration",
            )),
        }
    }
    let phase = crate::timings::phase("merge the repositories");
    let mut merged = merge::merge(parts, &names);
    merged.loaded.diagnostics.extend(found);
    let history = History::from_timelines(merged.timelines, from_git, head_time);
    drop(phase);
    let steps = Steps {
        history: move |_: &crate::index::Index, _: &Config| history,
        readiness: Readiness::assess,
        beside_checks: |_: &crate::index::Index, _: &Readiness| (),
    };
    Project::from_loaded_with(root, config, merged.loaded, steps).0
}

/// Finds, configures, loads and reads the history of one repository.
fn read_repository(root: &Path, cache: &Path, entry: &RepositoryConfig, portal: &Config) -> Result<Read> {
    let located = fetch::locate(root, cache, entry)?;
    let mut config = repository_config(&located.root, entry)?;
    if let Some(folders) = &entry.folders {
        config.folders = folders.clone();
    }
    config.leads_only = portal.leads_only;
    // A repository's own `repositories:` (a portal inside a portal) is not followed.
    config.repositories.clear();
    // A repository whose commit (and, for a working tree, whose files)
    // did not change since the last build is not read again.
    let key = reuse::Key {
        commit: located.commit.clone(),
        files: entry
            .path
            .is_some()
            .then(|| reuse::files_stamp(&located.root, &config.output)),
    };
    let store = reuse::store(cache, &config);
    let (loaded, history, verb) = match reuse::read(&store, &entry.name, &key) {
        Some(kept) => (kept.loaded, kept.history, "reused"),
        None => {
            let loaded = crate::load::load(&located.root, &config);
            let history = History::of_records(&located.root, &config, &loaded.records);
            reuse::write(&store, &entry.name, &key, &loaded, &history);
            (loaded, history, "read")
        }
    };
    crate::timings::note(|| {
        format!(
            "repository {}: {verb} {} records at commit {}",
            entry.name,
            loaded.records.len(),
            short(located.commit.as_deref())
        )
    });
    Ok(Read {
        part: merge::Part {
            name: entry.name.clone(),
            loaded,
            timelines: Vec::new(),
            stale: located.stale,
            commit: located.commit,
        },
        config,
        history,
    })
}

/// The configuration of a repository: its own `shoshin.yaml`, or the file
/// its entry's `config:` names.
fn repository_config(root: &Path, entry: &RepositoryConfig) -> Result<Config> {
    let Some(file) = &entry.config else {
        return load_config(root).with_context(|| format!("in repository `{}`", entry.name));
    };
    let text = std::fs::read_to_string(root.join(file))
        .with_context(|| format!("cannot read `{file}` (`config:`) in repository `{}`", entry.name))?;
    Config::parse(&text)
        .and_then(|config| crate::readiness::registry::check_names(&config.readiness).map(|()| config))
        .with_context(|| format!("invalid configuration in `{file}` of repository `{}`", entry.name))
}

/// Adds a repository's statuses and item types to the portal's, so that
/// each record's status is read in the vocabulary of its repository.
fn merge_vocabularies(portal: &mut Config, repository: &Config) {
    for (status, category) in &repository.statuses.items {
        portal.statuses.items.entry(status.clone()).or_insert(*category);
    }
    for (status, category) in &repository.statuses.decisions {
        portal
            .statuses
            .decisions
            .entry(status.clone())
            .or_insert(*category);
    }
    for kind in &repository.types {
        if !portal.types.contains(kind) {
            portal.types.push(kind.clone());
        }
    }
}

/// The portal's configuration file name and text, for pointing at its lines.
fn config_file(root: &Path) -> (String, String) {
    for name in crate::config::FILE_NAMES {
        if let Ok(text) = std::fs::read_to_string(root.join(name)) {
            return (name.to_string(), text);
        }
    }
    (crate::config::FILE_NAMES[0].to_string(), String::new())
}

/// The line of the `name:` of repository `name` in the configuration text.
fn line_of_entry(text: &str, name: &str) -> usize {
    text.lines()
        .position(|line| {
            let value = line
                .trim_start()
                .trim_start_matches('-')
                .trim_start()
                .strip_prefix("name:");
            value.is_some_and(|v| {
                v.split(" #")
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_matches(['"', '\''])
                    == name
            })
        })
        .map_or(1, |i| i + 1)
}

/// A commit id shortened for messages.
fn short(commit: Option<&str>) -> &str {
    commit.map_or("(not in git)", |c| c.get(..12).unwrap_or(c))
}
