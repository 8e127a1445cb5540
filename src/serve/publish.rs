//! Putting an incremental rebuild into the served site in two steps, so the
//! person editing sees the edit as soon as possible:
//!
//! 1. the pages nearest the edit (the edited records' own pages and their
//!    neighbours') are rendered and put in place, every other page the edit
//!    affects and every whole-site generated file is marked pending, and
//!    open pages are told: those showing a page that is up to date reload;
//! 2. the other affected pages (list, tag and person pages, records further
//!    away) and the generated files (`data.json`, the search index, the
//!    sitemap, the feed) are made and put in place.
//!
//! In between the site is eventually consistent: a request for a pending
//! file waits until step 2 is done (see [`super::site::Site::is_pending`]), so
//! nothing stale is served after the reload for that page.

use super::http::Shared;
use super::site::Site;
use crate::render::generated::generated_files;
use crate::render::pages::Page;
use crate::render::{PageRenderer, RenderedPage};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What an incremental rebuild puts into the site.
pub struct Work<'a> {
    /// The pages the edit can change.
    pub affected: Vec<Page>,
    /// Indices of the records whose pages go first.
    pub near: HashSet<usize>,
    /// Site paths of pages that no longer exist.
    pub gone: Vec<String>,
    /// Linked files now copied into the site, by site path.
    pub assets: &'a HashMap<String, PathBuf>,
    /// Linked files copied before the edit.
    pub old_assets: &'a HashMap<String, PathBuf>,
    /// Site paths of the generated files before the edit.
    pub old_generated: &'a HashSet<String>,
    /// What to inject into pages (the overlay of the new diagnostics).
    pub snippet: String,
}

/// What the two steps did.
pub struct Published {
    /// Files written.
    pub written: usize,
    /// Files removed.
    pub removed: usize,
    /// Site paths of the generated files now.
    pub generated: HashSet<String>,
}

/// Puts `work` into the site in two steps (see the module header); the time
/// from `started` to the end of step 1 goes in `first_reload`. On an error
/// in step 2 the pages of step 1 stay; the caller clears what is pending.
pub fn in_two_steps(
    root: &Path,
    renderer: &PageRenderer,
    work: Work,
    shared: &Shared,
    started: Instant,
    first_reload: &mut Option<Duration>,
) -> Result<Published> {
    let index = &renderer.project().index;
    let (first, later): (Vec<Page>, Vec<Page>) = work
        .affected
        .into_iter()
        .partition(|page| matches!(page, Page::Record(i) if work.near.contains(i)));

    // Step 1.
    let mut write = render(renderer, &first)?;
    for (url, file) in work.assets {
        if !work.old_assets.contains_key(url) {
            let bytes =
                std::fs::read(root.join(file)).with_context(|| format!("cannot read {}", file.display()))?;
            write.push((url.clone(), Arc::from(bytes)));
        }
    }
    let mut remove = work.gone;
    remove.extend(
        work.old_assets
            .keys()
            .filter(|url| !work.assets.contains_key(*url))
            .cloned(),
    );
    let mut written = write.len();
    let mut removed = remove.len();
    let pending: HashSet<String> = later
        .iter()
        .map(|page| site_path(&page.path(index)))
        .chain(work.old_generated.iter().cloned())
        .collect();
    {
        let mut site = write_site(shared);
        patch(&mut site, write, &remove);
        site.snippet = work.snippet;
        site.version += 1;
        site.pending = pending;
        site.growing = true;
    }
    shared.publish();
    *first_reload = Some(started.elapsed());

    // Step 2: the list pages (the backlog is the longest single job) and the
    // generated files (`data.json` and the search index) side by side.
    let (pages, generated) = rayon::join(|| render(renderer, &later), || generated_files(renderer));
    let mut write = pages?;
    let generated: Vec<(String, Arc<[u8]>)> = generated?
        .into_iter()
        .map(|file| (site_path(&file.path), Arc::from(file.bytes)))
        .collect();
    let generated_paths: HashSet<String> = generated.iter().map(|(path, _)| path.clone()).collect();
    let stale: Vec<String> = work.old_generated.difference(&generated_paths).cloned().collect();
    write.extend(generated);
    written += write.len();
    removed += stale.len();
    patch(&mut write_site(shared), write, &stale);
    Ok(Published {
        written,
        removed,
        generated: generated_paths,
    })
}

/// Renders `pages` in parallel, as site files.
fn render(renderer: &PageRenderer, pages: &[Page]) -> Result<Vec<(String, Arc<[u8]>)>> {
    pages
        .par_iter()
        .map(|page| {
            renderer
                .render(page)
                .map(|RenderedPage { path, html, .. }| (site_path(&path), Arc::from(html.into_bytes())))
        })
        .collect()
}

/// The site for writing, even after a panic elsewhere while it was written.
pub fn write_site(shared: &Shared) -> std::sync::RwLockWriteGuard<'_, Site> {
    shared.site.write().unwrap_or_else(|e| e.into_inner())
}

/// Writes some files of the site and removes others.
fn patch(site: &mut Site, write: Vec<(String, Arc<[u8]>)>, remove: &[String]) {
    for path in remove {
        site.files.remove(path);
    }
    site.files.extend(write);
}

/// A relative path as a site path, with `/` separators.
pub fn site_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
