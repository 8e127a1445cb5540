//! The load cache: what loading each record file gave (its record and its
//! diagnostics), kept between runs in the repository's git folder
//! (`.git/shoshin/records.bin`), beside the history cache. A later run
//! parses again only the files whose bytes, path or folder changed: the rest
//! are decoded from the cache, which costs a fraction of parsing their front
//! matter and Markdown. A file whose [`stamp`] (size, times, inode) is the
//! one the cache kept is not even read: its text is read only if something
//! asks for it ([`crate::source_text`]).
//!
//! Entries are keyed by a hash of the file's path, the kind its folder
//! gives and its bytes. The whole cache belongs to one build of shoshin and
//! one configuration (its fingerprint); any other build or configuration
//! ignores it and writes its own. Deleting the file is always safe; a file
//! that cannot be read or decoded only means loading parses again. Only
//! records in shoshin's own format are kept: the readers of existing formats
//! look at other files of their folder too.

mod codec;
pub mod stamp;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::{Kind, Record};
use crate::source_text::SourceText;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::io::{Seek, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// The start of a cache file; changed whenever the file's layout changes.
const MAGIC: &[u8; 8] = b"shoshinS";

/// Bytes of the header: magic, fingerprint, checksum of the entries,
/// number of entries.
const HEADER: usize = 8 + 8 + 8 + 8;

/// The cache as the previous run left it.
pub struct Cache {
    /// Where it is kept.
    file: PathBuf,
    /// This build of shoshin and this configuration.
    fingerprint: u64,
    /// The file's bytes (empty when there was no usable cache).
    bytes: Vec<u8>,
    /// Where each entry's encoding is in `bytes`, by key.
    entries: FxHashMap<u64, Range<usize>>,
    /// What each kept file stamp vouches for, by the stamp's hash.
    stamps: FxHashMap<u64, Vouched>,
    /// When this run opened the cache: stamps of files changed since
    /// shortly before are not kept ([`stamp::SETTLED`]).
    opened_at: SystemTime,
}

/// What a file's stamp vouches for: the file's text is the one of the
/// entry `key`, whose body has the [`crate::model::body_key`] `body_key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vouched {
    /// The entry's key.
    pub key: u64,
    /// The body key of the record's body.
    pub body_key: u64,
}

/// How one file was loaded, and its record and diagnostics when it is one.
pub type FileLoaded<'a> = (&'a Use, Option<(&'a Record, &'a [Diagnostic])>);

/// What loading one file did with the cache.
pub enum Use {
    /// The file is not cached (not a record in shoshin's format, or no cache).
    None,
    /// Its record came from the cache entry `key`: vouched for by its
    /// stamp (`unread`, not read) or by its bytes.
    Hit {
        /// The entry's key and the record's body key.
        vouched: Vouched,
        /// The file's stamp, to keep when settled.
        stamp: Option<stamp::Stamp>,
        /// True when the file was not read.
        unread: bool,
    },
    /// Its record was parsed, and can be kept under this key.
    Miss {
        /// The entry's key and the record's body key.
        vouched: Vouched,
        /// The file's stamp, to keep when settled.
        stamp: Option<stamp::Stamp>,
    },
}

impl Vouched {
    /// Lets `record` go of its text, which its file keeps: the text is read
    /// again on first use ([`SourceText::unread`]), and the body by whatever
    /// renders it ([`Record::body_text`]). A loaded repository then holds
    /// no record's text: 50 MB at 10,000 records.
    pub fn leave_in_file(self, record: &mut Record, root: &Arc<Path>, folder_kind: Option<Kind>) {
        record.source = SourceText::unread(Arc::clone(root), &record.file, folder_kind, self.key);
        record.released = Some(self.body_key);
    }
}

impl Use {
    /// The entry and stamp to keep for the file, if any.
    fn kept(&self) -> Option<(Vouched, Option<stamp::Stamp>)> {
        match *self {
            Use::None => None,
            Use::Hit { vouched, stamp, .. } | Use::Miss { vouched, stamp } => Some((vouched, stamp)),
        }
    }
}

impl Cache {
    /// The cache of the records repository at `root`, read from its git
    /// folder; `None` when `root` is not in a git repository (there is
    /// nowhere to keep it).
    pub fn open(root: &Path, config: &Config) -> Option<Cache> {
        let file = folder(root)?.join("records.bin");
        // Every setting can change what loading gives.
        let fingerprint = fingerprint(MAGIC, Some(config))?;
        let mut cache = Cache {
            file,
            fingerprint,
            bytes: Vec::new(),
            entries: FxHashMap::default(),
            stamps: FxHashMap::default(),
            opened_at: SystemTime::now(),
        };
        if let Some(bytes) = crate::safe_files::read_cache(&cache.file) {
            if let Some((entries, stamps)) = index(&bytes, fingerprint) {
                cache.bytes = bytes;
                cache.entries = entries;
                cache.stamps = stamps;
            }
        }
        Some(cache)
    }

    /// The stamp of the file `path` (relative to `root`) in a folder giving
    /// `folder_kind`, as this run sees it.
    pub fn stamp(&self, root: &Path, path: &Path, folder_kind: Option<Kind>) -> Option<stamp::Stamp> {
        stamp::of(root, path, folder_kind, self.opened_at)
    }

    /// The record and diagnostics of the file `path` under `root`, without
    /// reading it, when its `stamp` is one the cache kept. The record's
    /// text is read on first use ([`SourceText::unread`]); its source
    /// counts as released ([`Record::released`]), its body read again by
    /// whatever renders it.
    pub fn vouched(
        &self,
        stamp: &stamp::Stamp,
        root: &Arc<Path>,
        path: &Path,
        folder_kind: Option<Kind>,
    ) -> Option<(Record, Vec<Diagnostic>, Vouched)> {
        let vouched = *self.stamps.get(&stamp.hash)?;
        let range = self.entries.get(&vouched.key)?;
        let (mut record, diagnostics) = codec::decode(&self.bytes[range.clone()], path)?;
        vouched.leave_in_file(&mut record, root, folder_kind);
        Some((record, diagnostics, vouched))
    }

    /// The key of the file at `path` (relative to the root), in a folder
    /// giving `folder_kind`, whose text is `text`.
    pub fn key(path: &Path, folder_kind: Option<Kind>, text: &str) -> u64 {
        let mut hasher = std::hash::DefaultHasher::new();
        path.hash(&mut hasher);
        folder_kind.hash(&mut hasher);
        text.hash(&mut hasher);
        hasher.finish()
    }

    /// The record and diagnostics kept under `key` for the file `path` whose
    /// text is `text`; `text` back when there are none.
    pub fn get(&self, key: u64, path: &Path, text: String) -> Result<(Record, Vec<Diagnostic>), String> {
        let decoded = self
            .entries
            .get(&key)
            .and_then(|range| codec::decode(&self.bytes[range.clone()], path))
            .filter(|(record, _)| text.is_char_boundary(record.body_start));
        match decoded {
            Some((mut record, diagnostics)) => {
                record.source = text.into();
                Ok((record, diagnostics))
            }
            None => Err(text),
        }
    }

    /// True when the record just parsed, with its diagnostics, can be kept.
    pub fn can_keep(record: &Record, diagnostics: &[Diagnostic]) -> bool {
        codec::can_encode(record, diagnostics)
    }

    /// Writes the cache for the files just loaded, when it differs from the
    /// one read: a new or changed file was parsed, or a kept entry is no
    /// longer used. Written whole to a temporary file and renamed into
    /// place; failing to write (a read-only repository) only means the next
    /// run parses again.
    ///
    /// `loaded` gives how each file was loaded, and its record when it was
    /// parsed.
    pub fn save(&self, loaded: &[FileLoaded]) {
        let (mut kept, mut parsed, mut unread) = (0, 0, 0);
        for (used, _) in loaded {
            match used {
                Use::Hit { unread: true, .. } => (kept, unread) = (kept + 1, unread + 1),
                Use::Hit { .. } => kept += 1,
                Use::Miss { .. } => parsed += 1,
                Use::None => {}
            }
        }
        crate::timings::note(|| {
            format!("records cache: {kept} files decoded ({unread} without reading them), {parsed} parsed and kept")
        });
        let stamps = self.stamps_to_keep(loaded);
        if parsed == 0 && kept == self.entries.len() && stamps == self.stamps {
            return;
        }
        let Some(dir) = self.file.parent() else { return };
        let temporary = dir.join(format!("records.bin.{}.tmp", std::process::id()));
        let written = std::fs::create_dir_all(dir).is_ok()
            && self.write(&temporary, loaded, kept + parsed, &stamps).is_ok()
            && std::fs::rename(&temporary, &self.file).is_ok();
        if !written {
            let _ = std::fs::remove_file(&temporary);
        }
    }

    /// The stamps of the files just loaded that the next run can trust:
    /// those of settled files whose record is kept.
    fn stamps_to_keep(&self, loaded: &[FileLoaded]) -> FxHashMap<u64, Vouched> {
        loaded
            .iter()
            .filter_map(|(used, _)| match used.kept()? {
                (vouched, Some(stamp)) if stamp.settled => Some((stamp.hash, vouched)),
                _ => None,
            })
            .collect()
    }

    fn write(
        &self,
        path: &Path,
        loaded: &[FileLoaded],
        count: usize,
        stamps: &FxHashMap<u64, Vouched>,
    ) -> std::io::Result<()> {
        let mut file = std::fs::File::create(path)?;
        // The checksum is known once every entry is written: it goes in last.
        file.write_all(&[0; HEADER])?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        let mut checksum = FxHasher::default();
        // Parsed records are encoded in parallel, a part at a time, and
        // written in order.
        for part in loaded.chunks(256) {
            let entries: Vec<(u64, Cow<[u8]>)> = part
                .par_iter()
                .filter_map(|(used, record)| match (used, record) {
                    (Use::Hit { vouched, .. }, _) => {
                        let range = self.entries[&vouched.key].clone();
                        Some((vouched.key, Cow::Borrowed(&self.bytes[range])))
                    }
                    (Use::Miss { vouched, .. }, Some((record, diagnostics))) => {
                        let mut encoded = Vec::new();
                        codec::encode(record, diagnostics, &mut encoded);
                        Some((vouched.key, Cow::Owned(encoded)))
                    }
                    _ => None,
                })
                .collect();
            for (key, bytes) in entries {
                let head = entry_head(key, bytes.len());
                checksum.write(&head);
                checksum.write(&bytes);
                out.write_all(&head)?;
                out.write_all(&bytes)?;
            }
        }
        // The stamps, in a stable order: the same files give the same bytes.
        let mut stamps: Vec<(&u64, &Vouched)> = stamps.iter().collect();
        stamps.sort_unstable_by_key(|(hash, _)| **hash);
        let count_bytes = (stamps.len() as u64).to_le_bytes();
        checksum.write(&count_bytes);
        out.write_all(&count_bytes)?;
        for (hash, vouched) in stamps {
            for word in [*hash, vouched.key, vouched.body_key] {
                checksum.write(&word.to_le_bytes());
                out.write_all(&word.to_le_bytes())?;
            }
        }
        let checksum = checksum.finish();
        let mut file = out.into_inner().map_err(|e| e.into_error())?;
        let mut header = Vec::with_capacity(HEADER);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&self.fingerprint.to_le_bytes());
        header.extend_from_slice(&checksum.to_le_bytes());
        header.extend_from_slice(&(count as u64).to_le_bytes());
        file.seek(std::io::SeekFrom::Start(0))?;
        file.write_all(&header)
    }
}

/// The folder where the caches of the records repository at `root` are
/// kept: `shoshin` in its git folder (shared by its worktrees); `None` when
/// `root` is not in a git repository.
pub fn folder(root: &Path) -> Option<PathBuf> {
    let repo = gix::discover(root).ok()?;
    Some(repo.common_dir().join("shoshin"))
}

/// Identifies a cache file of the layout `magic` written by this build of
/// shoshin (a hash of its sources and `Cargo.lock`, made by `build.rs`),
/// and, for a cache whose every entry can depend on it, by this
/// `config`uration. Every cache file in [`folder`] is fingerprinted so.
pub fn fingerprint(magic: &[u8], config: Option<&Config>) -> Option<u64> {
    let mut hasher = std::hash::DefaultHasher::new();
    magic.hash(&mut hasher);
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    env!("SHOSHIN_SOURCE_HASH").hash(&mut hasher);
    if let Some(config) = config {
        serde_json::to_string(config).ok()?.hash(&mut hasher);
    }
    Some(hasher.finish())
}

/// Where each entry of a cache file's `bytes` is, and its stamps, when it
/// was written for `fingerprint` and is whole.
type Indexed = (FxHashMap<u64, Range<usize>>, FxHashMap<u64, Vouched>);

/// The entries and stamps of a cache file's `bytes`, when it was written
/// for `fingerprint` and is whole.
fn index(bytes: &[u8], fingerprint: u64) -> Option<Indexed> {
    let word = |at: usize| -> Option<u64> {
        let slice = bytes.get(at..at + 8)?;
        Some(u64::from_le_bytes(slice.try_into().ok()?))
    };
    if bytes.get(..8)? != MAGIC || word(8)? != fingerprint {
        return None;
    }
    let count = usize::try_from(word(24)?).ok()?;
    let mut checksum = FxHasher::default();
    let mut entries = FxHashMap::default();
    entries.reserve(count.min(bytes.len() / 16));
    let mut at = HEADER;
    for _ in 0..count {
        let key = word(at)?;
        let len = usize::try_from(word(at + 8)?).ok()?;
        let start = at + 16;
        let end = start.checked_add(len).filter(|&end| end <= bytes.len())?;
        checksum.write(&bytes[at..start]);
        checksum.write(&bytes[start..end]);
        entries.insert(key, start..end);
        at = end;
    }
    let stamp_count = usize::try_from(word(at)?).ok()?;
    checksum.write(&(stamp_count as u64).to_le_bytes());
    at += 8;
    let mut stamps = FxHashMap::default();
    stamps.reserve(stamp_count.min(bytes.len() / 24));
    for _ in 0..stamp_count {
        let (hash, key, body_key) = (word(at)?, word(at + 8)?, word(at + 16)?);
        for word in [hash, key, body_key] {
            checksum.write(&word.to_le_bytes());
        }
        stamps.insert(hash, Vouched { key, body_key });
        at += 24;
    }
    (at == bytes.len() && checksum.finish() == word(16)?).then_some((entries, stamps))
}

/// What precedes an entry's encoding: its key and its length.
fn entry_head(key: u64, len: usize) -> [u8; 16] {
    let mut head = [0; 16];
    head[..8].copy_from_slice(&key.to_le_bytes());
    head[8..].copy_from_slice(&(len as u64).to_le_bytes());
    head
}

#[cfg(test)]
mod tests;
