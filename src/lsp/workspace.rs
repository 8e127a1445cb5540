//! The records repository as the language server sees it: the project
//! loaded, indexed and checked as `shoshin check` does, with the text of
//! the documents open in the editor laid over the files on disk.
//!
//! An edit marks its file; the next [`Workspace::refresh`] loads only the
//! marked files again (from the editor's text when open) and runs index and
//! checks over the records kept from before, as `serve` does after an edit.
//! What the edit cannot change is kept (see [`super::affected`]): the
//! history of unchanged records (git is not read again), the readiness of
//! items that name none of the edited records or their neighbours, and the
//! code map when no decision's id or patterns changed.
//!
//! The git history is read last: the workspace opens without it, so that
//! the diagnostics that need none are published at once, while a thread
//! walks the history ([`Workspace::history_reader`]); when it is there
//! ([`Workspace::history_arrived`]), the next refresh adds the diagnostics
//! made from it, and from then on every check is the whole of `check`'s.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::history::History;
use crate::index::Index;
use crate::load::{self, Loaded};
use crate::model::{Origin, Record, SourceFormat};
use crate::project::{Project, Steps};
use crate::readiness::Readiness;
use anyhow::Result;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The project, the editor's texts and what changed since the last check.
pub struct Workspace {
    /// The records root, absolute.
    pub root: PathBuf,
    /// The text of each open document, by path relative to the root.
    texts: HashMap<PathBuf, String>,
    /// The last check; `None` only while it is being replaced.
    project: Option<Project>,
    /// What loading found, kept to reload single files.
    load_diagnostics: Vec<Diagnostic>,
    /// Files changed since the last check, relative to the root.
    dirty: HashSet<PathBuf>,
    /// The configuration changed: everything is loaded again.
    reload_all: bool,
    /// The git history is read (or turned off): checks use it.
    history_read: bool,
    /// The history has just been read: the next refresh takes it in.
    history_due: bool,
}

impl Workspace {
    /// Loads, indexes and checks the repository at `root`.
    pub fn open(root: &Path) -> Result<Workspace> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let (project, load_diagnostics) = full(&root, &HashMap::new(), false)?;
        let history_read = !project.config.history.enabled;
        Ok(Workspace {
            root,
            texts: HashMap::new(),
            project: Some(project),
            load_diagnostics,
            dirty: HashSet::new(),
            reload_all: false,
            history_read,
            history_due: false,
        })
    }

    /// What reads the git history of the records, to run on a thread of
    /// its own, while the history is not read yet; then call
    /// [`Workspace::history_arrived`]. The walk it makes is kept for the
    /// process, so that the checks find it.
    pub fn history_reader(&self) -> Option<impl FnOnce() + Send + 'static> {
        if self.history_read {
            return None;
        }
        let project = self.project();
        let root = self.root.clone();
        let config = project.config.clone();
        let folders = crate::history::record_folders(&config, &project.index.records);
        Some(move || crate::history::prefetch(&root, &config, folders))
    }

    /// The history has been read: the next refresh checks with it.
    pub fn history_arrived(&mut self) {
        if !self.history_read {
            self.history_read = true;
            self.history_due = true;
        }
    }

    /// The last check.
    pub fn project(&self) -> &Project {
        self.project.as_ref().expect("a project outside refresh")
    }

    /// `path` relative to the root, when it is inside it.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        if let Ok(inside) = path.strip_prefix(&self.root) {
            return Some(inside.to_path_buf());
        }
        // The editor may name the root through a link or by another spelling.
        let parent = path.parent()?.canonicalize().ok()?;
        let inside = parent.strip_prefix(&self.root).ok()?;
        Some(inside.join(path.file_name()?))
    }

    /// Sets the editor's text of a document; `None` when it was closed, and
    /// the file on disk counts again.
    pub fn set_text(&mut self, relative: PathBuf, text: Option<String>) {
        match text {
            Some(text) => self.texts.insert(relative.clone(), text),
            None => self.texts.remove(&relative),
        };
        // Files of existing formats are read as saved (their folder is
        // read as a whole), and a Markdown file outside the record folders
        // that is not a record (a README, notes) could only become one by
        // starting such a folder: both load everything again, which waits
        // for a save rather than running on every key.
        let project = self.project();
        let record = self.record_of(&relative);
        let foreign = record.is_some_and(|i| project.index.records[i].format != SourceFormat::Native);
        let outside = record.is_none() && load::kind_of_path(&relative, &project.config).is_none();
        if !foreign && !outside {
            self.changed(relative);
        }
    }

    /// The editor's text of an open document.
    pub fn open_text(&self, relative: &Path) -> Option<&String> {
        self.texts.get(relative)
    }

    /// Marks a file as changed (on disk, or in the editor).
    pub fn changed(&mut self, relative: PathBuf) {
        if crate::config::FILE_NAMES
            .iter()
            .any(|name| relative == Path::new(name))
        {
            self.reload_all = true;
        }
        self.dirty.insert(relative);
    }

    /// True when something changed since the last check.
    pub fn is_dirty(&self) -> bool {
        !self.dirty.is_empty() || self.reload_all || self.history_due
    }

    /// The text of a file as the last check read it: the editor's, the
    /// record's, or that of a file that did not become a record.
    pub fn text(&self, relative: &Path) -> Option<&str> {
        if let Some(text) = self.texts.get(relative) {
            return Some(text);
        }
        let project = self.project();
        if let Some(record) = self.record_of(relative) {
            return Some(project.index.records[record].source());
        }
        (project.unparsed.iter())
            .find(|(path, _)| path == relative)
            .map(|(_, text)| text.as_str())
    }

    /// The record of a file.
    pub fn record_of(&self, relative: &Path) -> Option<usize> {
        let records = &self.project().index.records;
        // Records are sorted by file.
        records
            .binary_search_by(|r| r.file.as_path().cmp(relative))
            .ok()
            .or_else(|| records.iter().position(|r| r.file == relative))
    }

    /// The record of an id.
    pub fn record(&self, id: &str) -> Option<&Record> {
        let index = &self.project().index;
        index.get(id).map(|i| &index.records[i])
    }

    /// Checks again what changed since the last check; false when nothing had.
    pub fn refresh(&mut self) -> Result<bool> {
        if !self.is_dirty() {
            return Ok(false);
        }
        let dirty = std::mem::take(&mut self.dirty);
        // The history just read changes every record's timeline.
        let history_due = std::mem::take(&mut self.history_due);
        if std::mem::take(&mut self.reload_all) {
            let (project, load_diagnostics) = full(&self.root, &self.texts, self.history_read)?;
            self.project = Some(project);
            self.load_diagnostics = load_diagnostics;
            return Ok(true);
        }
        let project = self.project.as_mut().expect("a project outside refresh");
        let history_read = self.history_read;
        if !history_due
            && super::incremental::update(
                project,
                &mut self.load_diagnostics,
                &dirty,
                &self.texts,
                history_read,
            )
        {
            return Ok(true);
        }
        let old = self.project.take().expect("a project outside refresh");
        let (project, load_diagnostics) = partial(
            &self.root,
            old,
            std::mem::take(&mut self.load_diagnostics),
            &dirty,
            &self.texts,
            self.history_read,
        );
        self.project = Some(project);
        self.load_diagnostics = load_diagnostics;
        Ok(true)
    }
}

/// Loads everything, the editor's texts over the disk's; without the
/// history while it is not `history_read`.
fn full(
    root: &Path,
    texts: &HashMap<PathBuf, String>,
    history_read: bool,
) -> Result<(Project, Vec<Diagnostic>)> {
    let config = crate::project::load_config(root)?;
    let mut loaded = load::load(root, &config);
    if !texts.is_empty() {
        let open: HashSet<PathBuf> = texts.keys().cloned().collect();
        load::partial::reload_with_texts(&mut loaded, root, &config, &open, texts);
    }
    let load_diagnostics = loaded.diagnostics.clone();
    let steps = Steps {
        history: |index: &Index, config: &Config| History::load(root, config, index),
        readiness: Readiness::assess,
        beside_checks: ignore as fn(&Index, &Readiness),
    };
    let code = |index: &Index, config: &Config| crate::code::CodeMap::build(root, config, index);
    Ok((
        checked(root, config, loaded, steps, code, history_read),
        load_diagnostics,
    ))
}

/// [`Project::from_loaded_with_code`], without reading the history unless
/// `history_read`: then every record has an empty timeline, and only the
/// diagnostics that need no history are made.
fn checked<H, R, C>(
    root: &Path,
    mut config: Config,
    loaded: Loaded,
    steps: Steps<H, R, fn(&Index, &Readiness)>,
    code: C,
    history_read: bool,
) -> Project
where
    H: FnOnce(&Index, &Config) -> History + Send,
    R: FnOnce(&Index, &Config) -> Readiness + Send,
    C: FnOnce(&Index, &Config) -> crate::code::CodeMap + Send,
{
    let enabled = config.history.enabled;
    if history_read || !enabled {
        return Project::from_loaded_with_code(root, config, loaded, steps, code).0;
    }
    // Turned off for the pipeline, so that it does not walk git either.
    config.history.enabled = false;
    let steps = Steps {
        history: |_: &Index, _: &Config| History::default(),
        readiness: steps.readiness,
        beside_checks: steps.beside_checks,
    };
    let (mut project, ()) = Project::from_loaded_with_code(root, config, loaded, steps, code);
    project.config.history.enabled = enabled;
    project
}

/// Loads the `changed` files again and checks the whole with the other
/// records as they were.
fn partial(
    root: &Path,
    old: Project,
    load_diagnostics: Vec<Diagnostic>,
    changed: &HashSet<PathBuf>,
    texts: &HashMap<PathBuf, String>,
    history_read: bool,
) -> (Project, Vec<Diagnostic>) {
    let Project {
        config,
        index,
        history: old_history,
        readiness: old_readiness,
        code: old_code,
        unparsed,
        skipped,
        ..
    } = old;
    let before = super::affected::Before::capture(&index, changed);
    // The index adds references for links to record files: taken off, so
    // that the records are again what loading gave.
    let mut records = index.records;
    for record in &mut records {
        record.references.retain(|r| r.origin != Origin::MarkdownLink);
    }
    let mut loaded = Loaded {
        records,
        diagnostics: load_diagnostics,
        unparsed,
        skipped,
    };
    load::partial::reload_with_texts(&mut loaded, root, &config, changed, texts);
    let load_diagnostics = loaded.diagnostics.clone();
    let history = |index: &Index, config: &Config| {
        let unchanged = before.unchanged_records(index, changed);
        History::reload(root, config, index, old_history, &unchanged).0
    };
    let readiness = |index: &Index, config: &Config| {
        let kept = before.same_readiness(index, changed);
        Readiness::reassess(index, config, old_readiness, &kept)
    };
    let steps = Steps {
        history,
        readiness,
        beside_checks: ignore as fn(&Index, &Readiness),
    };
    let code = |index: &Index, config: &Config| {
        if before.same_code(index, changed, config) {
            old_code
        } else {
            crate::code::CodeMap::build(root, config, index)
        }
    };
    let project = checked(root, config, loaded, steps, code, history_read);
    (project, load_diagnostics)
}

/// Nothing beside the checks: the language server makes no pages.
fn ignore(_: &Index, _: &Readiness) {}

/// The records root for a workspace folder: the folder holding
/// `shoshin.yaml`, looking in the folder and then above it; the folder
/// itself when there is none.
pub fn records_root(folder: &Path) -> PathBuf {
    folder
        .ancestors()
        .find(|dir| (crate::config::FILE_NAMES.iter()).any(|name| dir.join(name).is_file()))
        .unwrap_or(folder)
        .to_path_buf()
}
