//! The body cache: each record's body as HTML, kept between builds in
//! `.git/shoshin/bodies.bin` (a [`TextCache`] file), so that a build renders
//! again only the bodies that changed or whose links changed.
//!
//! An entry is keyed by a hash of the body, its file and the page's path to
//! the site root; the whole file belongs to one configuration. Beside the
//! HTML it keeps every lookup rendering made beyond those (each id and each
//! linked file, with a hash of what it found: a record's URL and title, a
//! file's existence); an entry is used only while every lookup still finds
//! the same, so a record renamed, retitled, added or removed, or a linked
//! file created or deleted, renders the bodies that name it again. The file
//! is written again only when an entry was added or one was no longer used.

use super::markdown::{self, Lookup, MarkdownContext, Rendered};
use super::text_cache::{TextCache, Writer};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The cache file's name in the caches' folder.
const FILE: &str = "bodies.bin";

/// Entries copied from the old file at a time when it is written again.
const COPY: usize = 256;

/// The body cache of one build.
pub struct BodyCache {
    /// The file as the previous build left it, for this configuration.
    old: TextCache,
    /// How many bodies this build renders.
    count: usize,
    /// The new file, once an entry was added.
    writer: Mutex<Option<Writer>>,
    /// Keys of the entries used from the old file.
    kept: Mutex<Vec<u64>>,
    /// Bodies rendered again.
    rendered: AtomicUsize,
}

impl BodyCache {
    /// The body cache of `project` for a build rendering `count` record
    /// pages; `None` when the project is not in git.
    pub fn open(project: &crate::project::Project, count: usize) -> Option<BodyCache> {
        // Every body depends on the configuration (its links, raw HTML).
        let old = TextCache::open(&project.root, FILE, Some(&project.config))?;
        Some(BodyCache {
            old,
            count,
            writer: Mutex::new(None),
            kept: Mutex::new(Vec::new()),
            rendered: AtomicUsize::new(0),
        })
    }

    /// True when the file holds an entry for the body of the record in
    /// `file` on a page whose path to the site root is `root` (whether its
    /// lookups still hold is known only when it is rendered).
    pub fn has(&self, file: &Path, root: &str, body_key: u64) -> bool {
        self.old.contains(entry_key(file, root, body_key))
    }

    /// The body of record `current` as HTML, on a page whose path to the
    /// site root is `root`: kept from an earlier build while its lookups
    /// hold, rendered otherwise. `body_key` is the record's
    /// [`body_key`](crate::model::Record::body_key).
    pub fn render(
        &self,
        ctx: &MarkdownContext,
        current: usize,
        root: &str,
        body_key: u64,
    ) -> std::io::Result<Rendered> {
        let key = entry_key(&ctx.index.records[current].file, root, body_key);
        let kept = self.old.get(&[key]).pop().flatten().and_then(decode);
        if let Some(rendered) = kept.filter(|r| r.lookups.iter().all(|l| l.holds(ctx, current))) {
            lock(&self.kept).push(key);
            return Ok(rendered);
        }
        let rendered = markdown::render(ctx, current, root)?;
        self.rendered.fetch_add(1, Ordering::Relaxed);
        let entry = encode(&rendered);
        let mut writer = lock(&self.writer);
        if writer.is_none() {
            *writer = self.old.writer(self.count);
        }
        if let Some(writer) = writer.as_mut() {
            writer.add(key, &entry);
        }
        Ok(rendered)
    }

    /// Writes the file again when this build rendered a body or no longer
    /// used an entry: the kept entries are copied from the old file.
    pub fn finish(self) {
        let rendered = self.rendered.into_inner();
        let kept = self.kept.into_inner().unwrap_or_else(|e| e.into_inner());
        let count = self.count;
        crate::timings::note(|| format!("body cache: {} of {count} bodies' HTML kept", kept.len()));
        let mut writer = self.writer.into_inner().unwrap_or_else(|e| e.into_inner());
        if rendered == 0 && kept.len() == self.old.entry_count() {
            return;
        }
        if writer.is_none() {
            writer = self.old.writer(count);
        }
        let Some(mut writer) = writer else { return };
        for keys in kept.chunks(COPY) {
            for (key, texts) in keys.iter().zip(self.old.get(keys)) {
                match texts {
                    Some(texts) => writer.add(*key, &texts),
                    // Unreadable now: the file is left as it was.
                    None => return,
                }
            }
        }
        writer.finish();
    }
}

/// The key of the entry for the body of the record in `file` on a page
/// whose path to the site root is `root`.
fn entry_key(file: &Path, root: &str, body_key: u64) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    (file, root, body_key).hash(&mut hasher);
    hasher.finish()
}

/// A mutex's value, even after a panic elsewhere while it was held.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// An entry's texts: the HTML, the number of linked files and each file,
/// then a tag and the query of each distinct lookup. A path that is not
/// UTF-8 makes an entry that never holds.
fn encode(rendered: &Rendered) -> Vec<String> {
    let never = || vec![String::new(), "0".to_string(), "never".to_string(), String::new()];
    let mut texts = vec![rendered.html.clone(), rendered.assets.len().to_string()];
    for asset in &rendered.assets {
        let Some(path) = asset.to_str() else {
            return never();
        };
        texts.push(path.to_string());
    }
    let mut lookups = rendered.lookups.clone();
    lookups.sort_unstable();
    lookups.dedup();
    for lookup in &lookups {
        let (tag, query) = match lookup {
            Lookup::Id(id, found) => (format!("id {found:x}"), id.as_str()),
            Lookup::File(path, found) => match path.to_str() {
                Some(path) => (format!("file {found:x}"), path),
                None => return never(),
            },
        };
        texts.push(tag);
        texts.push(query.to_string());
    }
    texts
}

/// The rendered body an entry's texts hold; `None` unless they are exactly
/// what [`encode`] makes.
fn decode(texts: Vec<String>) -> Option<Rendered> {
    let mut texts = texts.into_iter();
    let html = texts.next()?;
    let assets: usize = texts.next()?.parse().ok()?;
    let assets: Vec<PathBuf> = (0..assets)
        .map(|_| texts.next().map(PathBuf::from))
        .collect::<Option<_>>()?;
    let mut lookups = Vec::new();
    while let Some(tag) = texts.next() {
        let query = texts.next()?;
        let (kind, found) = tag.split_once(' ')?;
        let found = u64::from_str_radix(found, 16).ok()?;
        lookups.push(match kind {
            "id" => Lookup::Id(query, found),
            "file" => Lookup::File(PathBuf::from(query), found),
            _ => return None,
        });
    }
    Some(Rendered {
        html,
        assets,
        lookups,
    })
}

#[cfg(test)]
mod tests;
