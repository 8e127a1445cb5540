//! Rebuilding the served site: a full build at start and after a template or
//! configuration change, and an incremental one after record edits, which
//! reloads only the changed files and renders only the pages they can change
//! (see [`super::affected`]). A failed rebuild keeps the last good pages and
//! reports the problem; the next change then rebuilds everything.

use super::affected::{affected_pages, Before, Side};
use super::changes::{Change, Known};
use super::inject::Problem;
use super::site::Site;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{self, Loaded};
use crate::model::Origin;
use crate::project::Project;
use crate::render::pages::Page;
use crate::render::templates::{self, Templates};
use crate::render::views::Views;
use crate::render::{markdown, PageRenderer, RenderedPage};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The reason given for the build `serve` starts with.
pub const FIRST_BUILD: &str = "first build";

/// What one rebuild did, for the terminal.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Pages rendered.
    pub pages: usize,
    /// Files removed from the site.
    pub removed: usize,
    /// True when everything was rendered.
    pub full: bool,
    /// How long it took.
    pub elapsed: Duration,
    /// Why it ran.
    pub reason: String,
    /// Errors to show (check errors, or why the rebuild failed).
    pub problems: Vec<Problem>,
    /// Warnings found by the checks.
    pub warnings: usize,
}

impl Outcome {
    /// The line printed after the rebuild.
    pub fn summary(&self) -> String {
        let ms = self.elapsed.as_millis();
        let noun = if self.pages == 1 { "page" } else { "pages" };
        let what = if self.reason == FIRST_BUILD {
            format!("built {} {noun}", self.pages)
        } else if self.full {
            format!("rebuilt all {} {noun}", self.pages)
        } else {
            format!("rebuilt {} {noun}", self.pages)
        };
        let removed = match self.removed {
            0 => String::new(),
            n => format!(", removed {n}"),
        };
        format!("{what}{removed} in {ms} ms ({})", self.reason)
    }
}

/// The last good build, kept for incremental rebuilds.
struct State {
    /// What loading found (parse errors and the like), for reloading files.
    load_diagnostics: Vec<Diagnostic>,
    project: Project,
    views: Views,
    templates: Templates,
    /// Site paths of the HTML pages.
    pages: HashSet<String>,
    /// Site path → repository file, of the linked files copied into the site.
    assets: HashMap<String, PathBuf>,
}

/// Changes to apply to the served site.
enum Update {
    /// Replace every file.
    Replace(HashMap<String, Arc<[u8]>>),
    /// Write some files, remove others.
    Patch {
        write: Vec<(String, Arc<[u8]>)>,
        remove: Vec<String>,
    },
}

/// Rebuilds the site of one records root.
pub struct Builder {
    root: PathBuf,
    state: Option<State>,
    failed: bool,
    /// The diagnostics of the latest load, even when rendering then failed.
    diagnostics: Vec<Diagnostic>,
    scratch: tempfile::TempDir,
}

impl Builder {
    /// A builder for the records repository at `root`; nothing is built yet.
    pub fn new(root: &Path) -> Result<Builder> {
        Ok(Builder {
            root: root.to_path_buf(),
            state: None,
            failed: false,
            diagnostics: Vec::new(),
            scratch: tempfile::tempdir().context("cannot create a temporary folder for the site")?,
        })
    }

    /// Sorts changed paths by what they need, with the current configuration.
    pub fn classify(&self, paths: &[PathBuf]) -> Change {
        let default = Config::default();
        let empty = HashSet::new();
        let (config, record_files, linked_files) = match &self.state {
            Some(state) => (
                &state.project.config,
                state
                    .project
                    .index
                    .records
                    .iter()
                    .map(|r| r.file.clone())
                    .collect(),
                state.assets.values().cloned().collect(),
            ),
            None => (&default, empty.clone(), empty),
        };
        let known = Known {
            config,
            record_files: &record_files,
            linked_files: &linked_files,
        };
        super::changes::classify(&self.root, &known, paths)
    }

    /// Rebuilds after `change` and updates `site`; `None` when nothing was to
    /// be done.
    pub fn rebuild(&mut self, change: Change, site: &std::sync::RwLock<Site>) -> Option<Outcome> {
        let started = Instant::now();
        let (result, full, reason) = match change {
            Change::Nothing => return None,
            Change::Records(files) if self.state.is_some() && !self.failed => {
                let reason = describe(&files);
                (self.incremental(&files), false, reason)
            }
            Change::Records(files) => (self.full(), true, describe(&files)),
            Change::Everything(reason) => (self.full(), true, reason),
        };
        let (pages, removed, mut problems) = match result {
            Ok((update, pages)) => {
                self.failed = false;
                let removed = apply(site, update);
                (pages, removed, Vec::new())
            }
            Err(error) => {
                self.failed = true;
                let problem = Problem {
                    place: "rebuild failed".into(),
                    message: format!("{error:#}; the last good pages are shown"),
                };
                (0, 0, vec![problem])
            }
        };
        let mut warnings = 0;
        for d in &self.diagnostics {
            match d.severity {
                Severity::Error => problems.push(Problem {
                    place: format!("{}:{}", d.file.display(), d.line),
                    message: format!("{}: {}", d.code.as_str(), crate::render::one_line(d)),
                }),
                Severity::Warning => warnings += 1,
                Severity::Info => {}
            }
        }
        let mut site = site.write().unwrap_or_else(|e| e.into_inner());
        site.snippet = super::inject::snippet(&problems);
        site.version += 1;
        Some(Outcome {
            pages,
            removed,
            full,
            elapsed: started.elapsed(),
            reason,
            problems,
            warnings,
        })
    }

    /// Loads, checks and renders everything.
    fn full(&mut self) -> Result<(Update, usize)> {
        let config = Config::load(&self.root)?;
        let loaded = load::load(&self.root, &config);
        let load_diagnostics = loaded.diagnostics.clone();
        let project = Project::from_loaded(&self.root, config, loaded);
        self.diagnostics = project.diagnostics.clone();
        let output = self.scratch.path().join("site");
        let staging = crate::write::Staging::new(&output)?;
        let rendered = crate::render::render_site(&project, &staging);
        let templates = templates::load(&project.root.join(&project.config.templates));
        let views = Views::new(&project.index);
        let pages: HashSet<String> = Page::all(&project.index, &views)
            .iter()
            .map(|p| site_path(&p.path(&project.index)))
            .collect();
        let assets = linked_assets(&project);
        let result = match (rendered, templates) {
            (Ok(stats), Ok(templates)) => Ok((templates, stats)),
            (Err(error), _) | (_, Err(error)) => Err(error),
        };
        match result {
            Ok((templates, stats)) => {
                let files = read_folder(staging.path())?;
                // Deleting thousands of files takes a while: not on the way to the browser.
                std::thread::spawn(move || drop(staging));
                self.state = Some(State {
                    load_diagnostics,
                    project,
                    views,
                    templates,
                    pages,
                    assets,
                });
                Ok((Update::Replace(files), stats.pages))
            }
            Err(error) => Err(error),
        }
    }

    /// Reloads `changed` record files and renders the pages they can change.
    fn incremental(&mut self, changed: &HashSet<PathBuf>) -> Result<(Update, usize)> {
        let Some(state) = self.state.take() else {
            return self.full();
        };
        let State {
            load_diagnostics,
            project: old,
            views: old_views,
            templates,
            pages: old_pages,
            assets: old_assets,
        } = state;
        let before = Before::capture(&old.index, old_views, old.diagnostics, changed);
        // The unchanged records move on to the new index as they are; only the
        // references the index added (links to record files) are taken off.
        let mut records = old.index.records;
        for record in &mut records {
            record.references.retain(|r| r.origin != Origin::MarkdownLink);
        }
        let mut loaded = Loaded {
            records,
            diagnostics: load_diagnostics,
            unparsed: old.unparsed,
            skipped: old.skipped,
        };
        load::partial::reload(&mut loaded, &self.root, &old.config, changed);
        let load_diagnostics = loaded.diagnostics.clone();
        let project = Project::from_loaded(&self.root, old.config, loaded);
        self.diagnostics = project.diagnostics.clone();

        let renderer = PageRenderer::new(&project, &templates);
        let after = Side {
            index: &project.index,
            views: &renderer.views,
            diagnostics: &project.diagnostics,
        };
        // The list pages show every record, so they are always rendered; the
        // biggest of them (the backlog) is the longest single job, so they
        // start while the other affected pages are being worked out.
        let lists = Page::LISTS;
        let render = |pages: &[Page]| -> Result<Vec<RenderedPage>> {
            pages.par_iter().map(|p| renderer.render(p)).collect()
        };
        let (rendered_lists, rendered_others) = rayon::join(
            || render(&lists),
            || {
                let mut others = affected_pages(&before, &after, changed);
                others.retain(|page| !lists.contains(page));
                render(&others)
            },
        );
        let rendered: Result<Vec<RenderedPage>> = rendered_lists.and_then(|mut lists| {
            lists.extend(rendered_others?);
            Ok(lists)
        });
        let generated = crate::render::generated::generated_files(&renderer);
        let all_pages: HashSet<String> = renderer
            .pages()
            .iter()
            .map(|p| site_path(&p.path(&project.index)))
            .collect();
        let views = renderer.into_views();
        let assets = linked_assets(&project);
        let update = rendered.and_then(|rendered| {
            let mut write: Vec<(String, Arc<[u8]>)> = rendered
                .into_iter()
                .map(|page| (site_path(&page.path), Arc::from(page.html.into_bytes())))
                .collect();
            write.extend(
                generated?
                    .into_iter()
                    .map(|file| (site_path(&file.path), Arc::from(file.bytes))),
            );
            let mut remove: Vec<String> = old_pages.difference(&all_pages).cloned().collect();
            for (url, file) in &assets {
                if !old_assets.contains_key(url) {
                    let bytes = std::fs::read(self.root.join(file))
                        .with_context(|| format!("cannot read {}", file.display()))?;
                    write.push((url.clone(), Arc::from(bytes)));
                }
            }
            remove.extend(
                old_assets
                    .keys()
                    .filter(|url| !assets.contains_key(*url))
                    .cloned(),
            );
            let count = write.len();
            Ok((Update::Patch { write, remove }, count))
        });
        // Kept even when rendering failed: the next change then rebuilds
        // everything, from this state's configuration.
        self.state = Some(State {
            load_diagnostics,
            project,
            views,
            templates,
            pages: all_pages,
            assets,
        });
        update
    }
}

/// Applies an update; returns how many files were removed.
fn apply(site: &std::sync::RwLock<Site>, update: Update) -> usize {
    let mut site = site.write().unwrap_or_else(|e| e.into_inner());
    match update {
        Update::Replace(files) => {
            let removed = site.files.keys().filter(|k| !files.contains_key(*k)).count();
            site.files = files;
            removed
        }
        Update::Patch { write, remove } => {
            let removed = remove.len();
            for path in remove {
                site.files.remove(&path);
            }
            site.files.extend(write);
            removed
        }
    }
}

/// A relative path as a site path, with `/` separators.
fn site_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Every file of a rendered site folder, by site path.
fn read_folder(folder: &Path) -> Result<HashMap<String, Arc<[u8]>>> {
    let mut files = HashMap::new();
    for entry in walkdir::WalkDir::new(folder) {
        let entry =
            entry.with_context(|| format!("cannot read the rendered site in {}", folder.display()))?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(folder).unwrap_or(entry.path());
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("cannot read {}", entry.path().display()))?;
            files.insert(site_path(relative), Arc::from(bytes));
        }
    }
    files.remove(crate::write::MARKER);
    Ok(files)
}

/// The repository files that record pages link to and the site copies, by
/// site path: links to files that exist and are not records.
fn linked_assets(project: &Project) -> HashMap<String, PathBuf> {
    let index = &project.index;
    let records: HashSet<&Path> = index.records.iter().map(|r| r.file.as_path()).collect();
    let duplicates: HashSet<usize> = index.duplicates.iter().map(|&(d, _)| d).collect();
    let mut assets = HashMap::new();
    for (i, record) in index.records.iter().enumerate() {
        if duplicates.contains(&i) {
            continue;
        }
        for link in &record.file_links {
            if let Some(path) = &link.path {
                if !records.contains(path.as_path()) && project.root.join(path).is_file() {
                    assets.insert(markdown::asset_url(path), path.clone());
                }
            }
        }
    }
    assets
}

/// `items/PAY-1.md changed`, `3 files changed (items/PAY-1.md, …)`.
fn describe(files: &HashSet<PathBuf>) -> String {
    let mut names: Vec<String> = files.iter().map(|f| site_path(f)).collect();
    names.sort();
    match names.len() {
        1 => format!("{} changed", names[0]),
        n => {
            format!(
                "{n} files changed: {}",
                names.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
            ) + if n > 3 { ", …" } else { "" }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Index;

    /// Incremental rebuilds reuse the index's records as loader output; that
    /// holds only while the index adds nothing but `MarkdownLink` references.
    #[test]
    fn index_records_without_markdown_links_are_the_loaded_records() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("items")).unwrap();
        std::fs::write(
            root.join("items/PAY-1.md"),
            "---\ntitle: One\n---\nSee [two](PAY-2.md), [[PAY-2]] and PAY-2.\n",
        )
        .unwrap();
        std::fs::write(
            root.join("items/PAY-2.md"),
            "---\ntitle: Two\ndepends_on: [PAY-1]\n---\n",
        )
        .unwrap();
        let config = Config::default();
        let loaded = load::load(root, &config);
        let expected: Vec<_> = loaded
            .records
            .iter()
            .map(|r| (r.file.clone(), r.references.clone()))
            .collect();
        let index = Index::build(loaded.records, &config);
        assert!(index.records[0]
            .references
            .iter()
            .any(|r| r.origin == Origin::MarkdownLink));
        let stripped: Vec<_> = index
            .records
            .into_iter()
            .map(|mut r| {
                r.references.retain(|x| x.origin != Origin::MarkdownLink);
                (r.file, r.references)
            })
            .collect();
        assert_eq!(stripped, expected);
    }

    #[test]
    fn the_summary_says_what_was_rebuilt_and_why() {
        let outcome = Outcome {
            pages: 7,
            removed: 1,
            full: false,
            elapsed: Duration::from_millis(23),
            reason: "items/PAY-1.md changed".into(),
            problems: Vec::new(),
            warnings: 0,
        };
        assert_eq!(
            outcome.summary(),
            "rebuilt 7 pages, removed 1 in 23 ms (items/PAY-1.md changed)"
        );
    }
}
