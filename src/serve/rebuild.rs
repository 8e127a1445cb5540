//! Rebuilding the served site: a full build at start and after a template or
//! configuration change, and an incremental one after record edits, which
//! reloads only the changed files and renders only the pages they can change
//! (see [`super::affected`]). A failed rebuild keeps the last good pages and
//! reports the problem; the next change then rebuilds everything.

use super::affected::{affected_pages, Before, Side};
use super::changes::{Change, Known};
use super::http::Shared;
use super::outcome::{describe, problems, Outcome};
use super::publish::{self, site_path, write_site, Rest};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::history::History;
use crate::index::Index;
use crate::load::{self, Loaded};
use crate::model::Origin;
use crate::project::{Project, Steps};
use crate::readiness::Readiness;
use crate::render::markdown;
use crate::render::pages::Page;
use crate::render::templates::{self, Templates};
use crate::render::views::{Reuse, Views};
use crate::render::PageRenderer;
use anyhow::{Context, Result};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

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
    /// Site paths of the whole-site generated files (data, search, feeds).
    generated: HashSet<String>,
}

/// What a rebuild put into the site.
struct Done {
    /// Files written.
    written: usize,
    /// Files removed.
    removed: usize,
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
        // Borrowed, not copied: this runs before every rebuild.
        let (config, record_files, linked_files) = match &self.state {
            Some(state) => (
                &state.project.config,
                state
                    .project
                    .index
                    .records
                    .iter()
                    .map(|r| r.file.as_path())
                    .collect(),
                state.assets.values().cloned().collect(),
            ),
            None => (&default, Vec::new(), HashSet::new()),
        };
        let known = Known {
            config,
            record_files: &record_files,
            linked_files: &linked_files,
        };
        super::changes::classify(&self.root, &known, paths)
    }

    /// Rebuilds after `change` and updates the site of `shared`, telling open
    /// pages when theirs is up to date; `None` when nothing was to be done.
    pub fn rebuild(&mut self, change: Change, shared: &Shared) -> Option<Outcome> {
        let started = Instant::now();
        let _settle = Settle(shared);
        let mut first_reload = None;
        let (result, full, reason) = match change {
            Change::Nothing => return None,
            Change::Records(files) if self.state.is_some() && !self.failed => {
                let reason = describe(&files);
                (
                    self.incremental(&files, shared, started, &mut first_reload),
                    false,
                    reason,
                )
            }
            Change::Records(files) => (self.full(shared), true, describe(&files)),
            Change::Everything(reason) => (self.full(shared), true, reason),
        };
        self.failed = result.is_err();
        let (problems, warnings) = problems(&self.diagnostics, result.as_ref().err());
        let snippet = super::inject::snippet(&problems);
        {
            let mut site = write_site(shared);
            // Pages that reloaded after the first step reload again only when
            // what every page shows (the overlay) changed since.
            if first_reload.is_none() || site.snippet != snippet {
                site.version += 1;
            }
            site.snippet = snippet;
            site.pending.clear();
            site.fresh = None;
            site.growing = false;
        }
        shared.publish();
        let done = result.unwrap_or(Done {
            written: 0,
            removed: 0,
        });
        Some(Outcome {
            pages: done.written,
            removed: done.removed,
            full,
            elapsed: started.elapsed(),
            first_reload,
            reason,
            problems,
            warnings,
        })
    }

    /// Loads, checks and renders everything, and replaces the whole site.
    fn full(&mut self, shared: &Shared) -> Result<Done> {
        let config = crate::project::load_config(&self.root)?;
        let loaded = load::load(&self.root, &config);
        let load_diagnostics = loaded.diagnostics.clone();
        let project = Project::from_loaded(&self.root, config, loaded);
        self.diagnostics = project.diagnostics.clone();
        let output = self.scratch.path().join("site");
        let staging = crate::write::Staging::new(&output)?;
        let rendered = crate::render::render_site(&project, &staging);
        let templates = templates::load(&project.root.join(&project.config.templates));
        // The same views as the renderer's, so the next edit compares like with like.
        let mut views = Views::with_readiness(&project.index, &project.readiness);
        crate::render::sprints::add_pages(&mut views, &project.sprints);
        let shape = crate::render::shape::Shape::of(&project, &views);
        let pages: HashSet<String> = Page::all(&project.index, &views, &shape)
            .iter()
            .map(|p| site_path(&p.path(&project.index)))
            .collect();
        let assets = linked_assets(&project);
        let (templates, stats) = match (rendered, templates) {
            (Ok(stats), Ok(templates)) => (templates, stats),
            (Err(error), _) | (_, Err(error)) => return Err(error),
        };
        let files = read_folder(staging.path())?;
        // Deleting thousands of files takes a while: not on the way to the browser.
        std::thread::spawn(move || drop(staging));
        // What is neither a page, a linked file nor a static file of the
        // templates was generated from the whole project.
        let generated: HashSet<String> = files
            .keys()
            .filter(|path| {
                !pages.contains(*path)
                    && !assets.contains_key(*path)
                    && !templates.statics.iter().any(|(name, _)| name == *path)
            })
            .cloned()
            .collect();
        self.state = Some(State {
            load_diagnostics,
            project,
            views,
            templates,
            pages,
            assets,
            generated,
        });
        let mut site = write_site(shared);
        let removed = site.files.keys().filter(|k| !files.contains_key(*k)).count();
        site.files = files;
        Ok(Done {
            written: stats.pages,
            removed,
        })
    }

    /// Reloads `changed` record files and renders the pages they can change,
    /// the edited records' own pages first (see [`publish`]).
    ///
    /// Open record pages reload after the first step; list pages and the
    /// whole-site generated files are eventually consistent: they are
    /// regenerated after that, and requests for them wait meanwhile.
    fn incremental(
        &mut self,
        changed: &HashSet<PathBuf>,
        shared: &Shared,
        started: Instant,
        first_reload: &mut Option<Duration>,
    ) -> Result<Done> {
        let Some(state) = self.state.take() else {
            return self.full(shared);
        };
        let State {
            load_diagnostics,
            project: old,
            views: old_views,
            templates,
            pages: old_pages,
            assets: old_assets,
            generated: old_generated,
        } = state;
        // A section that appears or goes changes every page's menu.
        let old_shape = crate::render::shape::Shape::of(&old, &old_views);
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
        // What the edit cannot change is kept: the history of records whose
        // files did not change, and the readiness and views of those away
        // from the changed ones (see `Before`).
        let root = &self.root;
        let old_history = old.history;
        let mut restamped = Vec::new();
        let history = |index: &Index, config: &Config| {
            let unchanged = before.unchanged_records(index, changed);
            let (history, moved) = History::reload(root, config, index, old_history, &unchanged);
            restamped = moved;
            history
        };
        let views = |index: &Index, readiness: &Readiness| {
            let unchanged = before.unchanged_records(index, changed);
            let same = before.same_summaries(index, changed);
            let reuse = Reuse {
                old: &before.views,
                old_of: &unchanged,
                same: &same,
                same_directory: before.same_directory(index, changed),
            };
            Views::reusing(index, readiness, reuse)
        };
        let old_readiness = old.readiness;
        let readiness = |index: &Index, config: &Config| {
            let kept = before.same_readiness(index, changed);
            Readiness::reassess(index, config, old_readiness, &kept)
        };
        let steps = Steps {
            history,
            readiness,
            beside_checks: views,
        };
        let (project, mut views) = Project::from_loaded_with(root, old.config, loaded, steps);
        // Configured sprints have pages even when no item names them (yet).
        crate::render::sprints::add_pages(&mut views, &project.sprints);
        let renderer = PageRenderer::with_views(&project, &templates, views);
        let edited = edited(&project.index, changed);
        // Static files and linked files change only with a full rebuild.
        let settled: HashSet<String> = templates
            .statics
            .iter()
            .map(|(name, _)| name.clone())
            .chain(old_assets.keys().cloned())
            .collect();
        let snippet = super::inject::snippet(&problems(&project.diagnostics, None).0);
        let after = Side {
            index: &project.index,
            views: &renderer.views,
            diagnostics: &project.diagnostics,
            restamped: &restamped,
            shape: renderer.shape,
        };
        // The backlog, the longest page to render and one every edit
        // changes, is rendered beside the edited pages and the work of
        // finding what else the edit affects, rather than after them.
        let beside = publish::Beside::default();
        let (_, (first, ((all_pages, assets), affected))) = rayon::join(
            || {
                // A backlog that fails to render is rendered again with the
                // rest, which reports the error.
                if let Ok(page) = renderer.render(&Page::BACKLOG) {
                    beside.rendered(page, shared);
                }
            },
            || {
                let first = publish::first(&renderer, &edited, settled, snippet, shared);
                if first.is_ok() {
                    *first_reload = Some(started.elapsed());
                    beside.first_published(shared);
                }
                // What the site holds now, beside what the edit affects.
                let rest = rayon::join(
                    || {
                        let all_pages: HashSet<String> = renderer
                            .pages()
                            .iter()
                            .map(|p| site_path(&p.path(&project.index)))
                            .collect();
                        (all_pages, linked_assets(&project))
                    },
                    || affected_pages(&before, &after, changed),
                );
                (first, rest)
            },
        );
        self.diagnostics = project.diagnostics.clone();
        let published = first.and_then(|done| {
            let mut pages = if renderer.shape == old_shape {
                affected
            } else {
                renderer.pages()
            };
            pages.retain(|page| !done.contains(page));
            let placed = beside.placed();
            pages.retain(|page| *page != Page::BACKLOG || !placed);
            let rest = Rest {
                pages,
                gone: old_pages.difference(&all_pages).cloned().collect(),
                assets: &assets,
                old_assets: &old_assets,
                old_generated: &old_generated,
            };
            publish::rest(&self.root, &renderer, rest, shared).map(|mut published| {
                published.written += done.len() + usize::from(placed);
                published
            })
        });
        let views = renderer.into_views();
        let (done, generated) = match published {
            Ok(published) => (
                Ok(Done {
                    written: published.written,
                    removed: published.removed,
                }),
                published.generated,
            ),
            Err(error) => (Err(error), old_generated),
        };
        // Kept even when rendering failed: the next change then rebuilds
        // everything, from this state's configuration.
        self.state = Some(State {
            load_diagnostics,
            project,
            views,
            templates,
            pages: all_pages,
            assets,
            generated,
        });
        done
    }
}

/// Clears what is pending when a rebuild stops half-way (a panic), so that
/// no request waits for a file that will never come.
struct Settle<'a>(&'a Shared);

impl Drop for Settle<'_> {
    fn drop(&mut self) {
        let mut site = write_site(self.0);
        if !site.is_complete() {
            site.pending.clear();
            site.fresh = None;
            site.growing = false;
            drop(site);
            self.0.publish();
        }
    }
}

/// The records of the `changed` files, whose pages go first.
fn edited(index: &Index, changed: &HashSet<PathBuf>) -> HashSet<usize> {
    index
        .records
        .iter()
        .enumerate()
        .filter(|(_, record)| super::affected::is_changed(changed, &record.file))
        .map(|(i, _)| i)
        .collect()
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
    files.remove(crate::leftovers::LOCK_FILE);
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
}
