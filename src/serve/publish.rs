//! Putting an incremental rebuild into the served site in steps, so the
//! person editing sees the edit as soon as possible:
//!
//! 1. [`first`]: the edited records' own pages are rendered and put in
//!    place, and open pages showing them are told to reload. Until step 2
//!    starts, every other page waits (what the edit affects is not known
//!    yet); static files and linked files, which no record edit changes, do
//!    not;
//! 2. [`rest`]: once the pages the edit affects are known, only those and the
//!    whole-site generated files (`data.json`, the search index, the sitemap,
//!    the feed) are pending. The backlog, which every edit changes and which
//!    takes longest, is rendered beside step 1 and put in place as soon as
//!    both are done ([`Beside`]). The other pages are rendered in parallel,
//!    the list, tag and person pages started first and the record pages (the
//!    edited records' neighbours and the pages naming them) beside them, each
//!    put in place as soon as it is done, and last the generated files; each
//!    page showing one of them reloads once it is in place.
//!
//! In between the site is eventually consistent: a request for a pending
//! file waits until it is done (see [`super::site::Site::is_pending`]), and a
//! page is told to reload only once it is up to date, so nothing stale is
//! served after the reload for that page.

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

/// Step 1: renders the pages of the `edited` records and puts them
/// in place with `snippet` (the overlay of the new diagnostics); `settled`
/// are the other site paths no record edit changes. Returns the pages done.
pub fn first(
    renderer: &PageRenderer,
    edited: &HashSet<usize>,
    settled: HashSet<String>,
    snippet: String,
    shared: &Shared,
) -> Result<Vec<Page>> {
    let index = &renderer.project().index;
    let duplicates: HashSet<usize> = index.duplicates.iter().map(|&(d, _)| d).collect();
    let mut pages: Vec<Page> = edited
        .iter()
        .filter(|i| !duplicates.contains(i))
        .map(|&i| Page::Record(i))
        .collect();
    pages.sort_by_key(|page| match page {
        Page::Record(i) => *i,
        _ => 0,
    });
    let write = render(renderer, &pages)?;
    let mut fresh = settled;
    fresh.extend(write.iter().map(|(path, _)| path.clone()));
    {
        let mut site = write_site(shared);
        patch(&mut site, write, &[]);
        site.snippet = snippet;
        site.version += 1;
        site.fresh = Some(fresh);
        site.pending.clear();
        site.growing = true;
    }
    shared.publish();
    Ok(pages)
}

/// A page rendered beside step 1 (the backlog, which every edit changes and
/// which takes longest), put in place as soon as both it and step 1 are
/// done, whichever finishes last; open pages showing it reload then.
#[derive(Default)]
pub struct Beside {
    state: std::sync::Mutex<BesideState>,
}

/// How far the page and step 1 are.
#[derive(Default)]
enum BesideState {
    /// Neither is done.
    #[default]
    Neither,
    /// Step 1 was published; the page is not rendered (yet, or at all).
    FirstPublished,
    /// The page is rendered, before step 1 was published.
    Rendered(RenderedPage),
    /// The page is in place.
    Placed,
}

impl Beside {
    /// Step 1 was published: puts the page in place if it is waiting.
    pub fn first_published(&self, shared: &Shared) {
        let mut state = self.lock();
        *state = match std::mem::take(&mut *state) {
            BesideState::Rendered(page) => {
                place(page, shared);
                BesideState::Placed
            }
            _ => BesideState::FirstPublished,
        };
    }

    /// The page is rendered: puts it in place once step 1 was published.
    pub fn rendered(&self, page: RenderedPage, shared: &Shared) {
        let mut state = self.lock();
        *state = match *state {
            BesideState::FirstPublished => {
                place(page, shared);
                BesideState::Placed
            }
            _ => BesideState::Rendered(page),
        };
    }

    /// True once the page is in place.
    pub fn placed(&self) -> bool {
        matches!(*self.lock(), BesideState::Placed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BesideState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Puts `page`, rendered beside step 1, in place, as fresh for the current
/// version.
fn place(page: RenderedPage, shared: &Shared) {
    let (path, bytes) = site_file(page);
    {
        let mut site = write_site(shared);
        site.pending.remove(&path);
        if let Some(fresh) = site.fresh.as_mut() {
            fresh.insert(path.clone());
        }
        site.files.insert(path, bytes);
    }
    shared.publish();
}

/// What step 2 puts into the site.
pub struct Rest<'a> {
    /// The pages the edit can change that neither step 1 nor [`Beside`]
    /// put in place.
    pub pages: Vec<Page>,
    /// Site paths of pages that no longer exist.
    pub gone: Vec<String>,
    /// Linked files now copied into the site, by site path.
    pub assets: &'a HashMap<String, PathBuf>,
    /// Linked files copied before the edit.
    pub old_assets: &'a HashMap<String, PathBuf>,
    /// Site paths of the generated files before the edit.
    pub old_generated: &'a HashSet<String>,
}

/// What step 2 did.
pub struct Published {
    /// Files written.
    pub written: usize,
    /// Files removed.
    pub removed: usize,
    /// Site paths of the generated files now.
    pub generated: HashSet<String>,
}

/// Step 2: marks only `rest`'s pages and the generated files pending, then
/// makes them and puts them in place. On an error the pages of step 1 stay;
/// the caller clears what is pending.
pub fn rest(root: &Path, renderer: &PageRenderer, rest: Rest, shared: &Shared) -> Result<Published> {
    let index = &renderer.project().index;
    let mut write = Vec::new();
    for (url, file) in rest.assets {
        if !rest.old_assets.contains_key(url) {
            let limit = crate::safe_files::LINKED_FILE_LIMIT;
            let bytes = crate::safe_files::read_limited(&root.join(file), limit)
                .with_context(|| format!("cannot read {}", file.display()))?
                .map_err(|refusal| {
                    anyhow::anyhow!("not reading {}: {}", file.display(), refusal.describe())
                })?;
            write.push((url.clone(), Arc::from(bytes)));
        }
    }
    let mut remove = rest.gone;
    remove.extend(
        rest.old_assets
            .keys()
            .filter(|url| !rest.assets.contains_key(*url))
            .cloned(),
    );
    let mut written = write.len();
    let mut removed = remove.len();
    {
        let mut site = write_site(shared);
        patch(&mut site, write, &remove);
        site.pending = rest
            .pages
            .iter()
            .map(|page| site_path(&page.path(index)))
            .chain(rest.old_generated.iter().cloned())
            .collect();
        site.fresh = None;
    }
    shared.publish();

    // The pages first, then the generated files (`data.json` and the search
    // index), which no page needs: made beside the lists, they would
    // slow them down.
    written += put_pages(renderer, rest.pages, shared)?;
    let generated: Vec<(String, Arc<[u8]>)> = generated_files(renderer)?
        .into_iter()
        .map(|file| (site_path(&file.path), Arc::from(file.bytes)))
        .collect();
    let generated_paths: HashSet<String> = generated.iter().map(|(path, _)| path.clone()).collect();
    let stale: Vec<String> = rest.old_generated.difference(&generated_paths).cloned().collect();
    written += generated.len();
    removed += stale.len();
    patch(&mut write_site(shared), generated, &stale);
    Ok(Published {
        written,
        removed,
        generated: generated_paths,
    })
}

/// Renders `pages` in parallel and puts each in place as soon as it is
/// done: the list, tag and person pages are started first, the backlog (the
/// longest single job) before them all, and the record pages fill the other
/// cores meanwhile.
/// Returns how many were written.
fn put_pages(renderer: &PageRenderer, pages: Vec<Page>, shared: &Shared) -> Result<usize> {
    let (records, mut pages): (Vec<Page>, Vec<Page>) = pages
        .into_iter()
        .partition(|page| matches!(page, Page::Record(_)));
    // The first pages go to one thread in turn: the longest job, the
    // backlog, goes before the home page and the other lists.
    pages.sort_by_key(|page| *page != Page::BACKLOG);
    pages.extend(records);
    pages.par_iter().try_for_each(|page| -> Result<()> {
        let (path, bytes) = site_file(renderer.render(page)?);
        {
            let mut site = write_site(shared);
            site.pending.remove(&path);
            site.files.insert(path, bytes);
        }
        shared.publish();
        Ok(())
    })?;
    Ok(pages.len())
}

/// Renders `pages` in parallel, as site files.
fn render(renderer: &PageRenderer, pages: &[Page]) -> Result<Vec<(String, Arc<[u8]>)>> {
    pages
        .par_iter()
        .map(|page| renderer.render(page).map(site_file))
        .collect()
}

/// A rendered page as a site file: its site path and bytes.
fn site_file(page: RenderedPage) -> (String, Arc<[u8]>) {
    (site_path(&page.path), Arc::from(page.html.into_bytes()))
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
