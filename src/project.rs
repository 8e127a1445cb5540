//! A records repository loaded, indexed and checked: the input of every
//! command after `check`.

use crate::check;
use crate::config::Config;
use crate::diagnostic::{Counts, Diagnostic};
use crate::history::History;
use crate::index::Index;
use crate::load;
use crate::readiness::Readiness;
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

/// Stages 1–3 done: configuration, index and diagnostics.
pub struct Project {
    /// The records root.
    pub root: PathBuf,
    /// The configuration.
    pub config: Config,
    /// The index over every record.
    pub index: Index,
    /// The readiness of every item, computed once after the index.
    pub readiness: Readiness,
    /// The history of every record, from git when there is some.
    pub history: History,
    /// The sprints, their predictability and the questions raised after
    /// commitment, from the history.
    pub sprints: crate::history::sprints::Sprints,
    /// The code root: its files, the decisions' patterns over them, and
    /// the decisions its comments cite.
    pub code: crate::code::CodeMap,
    /// Every diagnostic, sorted, severities applied.
    pub diagnostics: Vec<Diagnostic>,
    /// Text of files that did not become records.
    pub unparsed: Vec<(PathBuf, String)>,
    /// Files of existing formats' folders that are not records, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

/// How [`Project::from_loaded_with`] makes the parts `serve` can keep
/// from the previous build, each from the new index.
pub struct Steps<H, R, B> {
    /// Makes the history (beside the readiness).
    pub history: H,
    /// Makes the readiness.
    pub readiness: R,
    /// Runs beside the checks, with the index and readiness.
    pub beside_checks: B,
}

/// Reads the configuration of the repository at `root`, with the names of
/// the readiness rules checked against the rule registry.
pub fn load_config(root: &Path) -> Result<Config> {
    Config::load(root, |config| {
        crate::readiness::registry::check_names(&config.readiness)
    })
}

impl Project {
    /// Loads, indexes and checks the records repository at `root`.
    pub fn open(root: &Path) -> Result<Project> {
        Project::open_with(root, |_| {})
    }

    /// [`Project::open`], for a command that needs only the start of each
    /// section's text (see [`Config::leads_only`]), as `check` does.
    pub fn open_for_checks(root: &Path) -> Result<Project> {
        Project::open_with(root, |config| config.leads_only = true)
    }

    /// [`Project::open`], with the configuration read from `root` changed
    /// by `adjust` before loading (`why` turns history off: it needs none).
    pub fn open_with(root: &Path, adjust: impl FnOnce(&mut Config)) -> Result<Project> {
        if !root.is_dir() {
            bail!(
                "{} is not a folder: give the records repository's root",
                root.display()
            );
        }
        let mut config = load_config(root)?;
        adjust(&mut config);
        let loaded = {
            let _phase = crate::timings::phase("load");
            load::load(root, &config)
        };
        Ok(Project::from_loaded(root, config, loaded))
    }

    /// Indexes and checks records already loaded (by `serve`, which reloads
    /// only the files that changed); the same result as [`Project::open`]
    /// when `loaded` is what a full load of `root` gives.
    pub fn from_loaded(root: &Path, config: Config, loaded: load::Loaded) -> Project {
        let steps = Steps {
            history: |index: &Index, config: &Config| History::load(root, config, index),
            readiness: Readiness::assess,
            beside_checks: |_: &Index, _: &Readiness| (),
        };
        Project::from_loaded_with(root, config, loaded, steps).0
    }

    /// [`Project::from_loaded`], with the history and readiness made by
    /// `steps` from the new index (`serve` keeps most of the previous ones,
    /// see [`History::reload`] and [`Readiness::reassess`]), and what
    /// `steps.beside_checks` makes while the checks run (`serve` makes the
    /// pages' views there), returned too.
    pub fn from_loaded_with<H, R, B, T>(
        root: &Path,
        config: Config,
        loaded: load::Loaded,
        steps: Steps<H, R, B>,
    ) -> (Project, T)
    where
        H: FnOnce(&Index, &Config) -> History + Send,
        R: FnOnce(&Index, &Config) -> Readiness + Send,
        B: FnOnce(&Index, &Readiness) -> T + Send,
        T: Send,
    {
        let code = |index: &Index, config: &Config| crate::code::CodeMap::build(root, config, index);
        Project::from_loaded_with_code(root, config, loaded, steps, code)
    }

    /// [`Project::from_loaded_with`], with the code map made by `code`
    /// from the new index (the language server keeps the previous one when
    /// an edit changed neither the decisions' ids nor their patterns).
    pub fn from_loaded_with_code<H, R, B, T, C>(
        root: &Path,
        config: Config,
        loaded: load::Loaded,
        steps: Steps<H, R, B>,
        code: C,
    ) -> (Project, T)
    where
        H: FnOnce(&Index, &Config) -> History + Send,
        R: FnOnce(&Index, &Config) -> Readiness + Send,
        B: FnOnce(&Index, &Readiness) -> T + Send,
        T: Send,
        C: FnOnce(&Index, &Config) -> crate::code::CodeMap + Send,
    {
        let Steps {
            history,
            readiness,
            beside_checks,
        } = steps;
        let phase = crate::timings::phase("index");
        // The history's walk of git needs only where the records are: it
        // starts while the index is built.
        let folders = config
            .history
            .enabled
            .then(|| crate::history::record_folders(&config, &loaded.records));
        let (index, ()) = rayon::join(
            || Index::build(loaded.records, &config),
            || {
                if let Some(folders) = folders {
                    crate::history::prefetch(root, &config, folders);
                }
            },
        );
        drop(phase);
        let phase = crate::timings::phase("readiness and history");
        // Readiness and history each need only the index: side by side.
        let (readiness, (history, code)) = rayon::join(
            || readiness(&index, &config),
            || rayon::join(|| history(&index, &config), || code(&index, &config)),
        );
        let mut found = loaded.diagnostics;
        found.extend(crate::check::readiness::diagnostics(&index, &readiness, &config));
        let sprints = crate::history::sprints::compute(&index, &config, &history);
        found.extend(history_and_code_diagnostics(
            &index, &config, &history, &sprints, &code,
        ));
        drop(phase);
        let phase = crate::timings::phase("check");
        let (diagnostics, beside) = rayon::join(
            || check::check(&index, found, &config, root),
            || beside_checks(&index, &readiness),
        );
        drop(phase);
        let project = Project {
            root: root.to_path_buf(),
            config,
            index,
            readiness,
            history,
            sprints,
            code,
            diagnostics,
            unparsed: loaded.unparsed,
            skipped: loaded.skipped,
        };
        (project, beside)
    }

    /// Counts of the diagnostics.
    pub fn counts(&self) -> Counts {
        Counts::of(&self.diagnostics)
    }

    /// The text of every file a diagnostic points into, for showing it.
    pub fn sources(&self) -> check::report::Sources<'_> {
        // Only the files a diagnostic points into: a large repository has
        // far more records than diagnostics.
        let named: rustc_hash::FxHashSet<&std::ffi::OsStr> =
            self.diagnostics.iter().map(|d| d.file.as_os_str()).collect();
        let mut sources = check::report::Sources::default();
        let records = (self.index.records.iter()).filter(|record| named.contains(record.file.as_os_str()));
        for record in records {
            sources.add(&record.file, record.source());
        }
        for (path, text) in &self.unparsed {
            if named.contains(path.as_os_str()) {
                sources.add(path, text);
            }
        }
        sources
    }

    /// The output folder: `-o` when given, else the configured one in the root.
    pub fn output(&self, given: Option<&Path>) -> PathBuf {
        given
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.root.join(&self.config.output))
    }
}

/// What the history, the sprints and the code map add to loading's
/// diagnostics before the checks run: made by the pipeline, and again by
/// the language server's re-check of an edit.
pub fn history_and_code_diagnostics(
    index: &Index,
    config: &Config,
    history: &History,
    sprints: &crate::history::sprints::Sprints,
    code: &crate::code::CodeMap,
) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = history.missing.iter().cloned().collect();
    found.extend(crate::history::stale_ready(index, history, config));
    found.extend(check::sprints::diagnostics(index, sprints, history, config));
    found.extend(check::code::diagnostics(index, code, history, config));
    found
}
