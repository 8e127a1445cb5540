//! The text cache: texts that `build` derives from record bodies for its
//! generated files, kept between builds in the repository's git folder
//! beside the records cache. `data.json` gives each section's whole text
//! (`.git/shoshin/sections.bin`, kept as JSON strings, ready to copy) and
//! the search index the indexed start of each body
//! (`.git/shoshin/search.bin`); each would otherwise parse every body once
//! more.
//!
//! An entry is a list of texts, keyed by a hash of the body they come from:
//! the texts of data.json and the search index depend on nothing else. The
//! file belongs to one build of shoshin (its fingerprint), and to one
//! configuration too when its entries depend on it (the body cache's);
//! another build or configuration ignores it and writes its own. A file
//! is read a run of entries at a time, so that it is never held whole, and
//! written again only when the records changed. Each entry has a checksum,
//! and every length is checked while decoding: a damaged entry is only
//! derived again from its body. Deleting the files is always safe.

use crate::config::Config;
use crate::model::Record;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The start of a text cache file; changed whenever the layout changes.
const MAGIC: &[u8; 8] = b"shoshinT";

/// Bytes of the header: magic, fingerprint, number of entries.
const HEADER: usize = 8 + 8 + 8;

/// Bytes of an entry in the table after the header: key, length, checksum.
const ROW: usize = 8 + 8 + 8;

/// Bytes read at a time, at most (unless one entry is larger).
const READ: u64 = 1 << 20;

/// A text cache with the key of every record's body (in the order of the
/// index's records), as a whole build hands it to what reads it.
pub struct Keyed<'a> {
    /// The cache.
    pub cache: TextCache,
    /// [`body_key`](crate::model::body_key) of each record's body.
    pub keys: &'a [u64],
}

/// Notes, under `--timings`, how many of `of` bodies' texts the text cache
/// `what` gave.
pub fn note_kept(what: &str, kept: usize, of: usize) {
    crate::timings::note(|| format!("{what} text cache: {kept} of {of} bodies' texts kept"));
}

/// One text cache file as the previous build left it.
pub struct TextCache {
    /// Where it is kept.
    file: PathBuf,
    /// This build of shoshin.
    fingerprint: u64,
    /// The keys of its entries, in their order in the file.
    order: Vec<u64>,
    /// Where each entry is in the file, by key.
    entries: FxHashMap<u64, Entry>,
    /// The open file, read a run of entries at a time, at their offset, by
    /// any number of threads at once (`None` when there was no usable file).
    reader: Option<std::fs::File>,
}

/// Where an entry is in its file, and its checksum.
#[derive(Clone, Copy)]
struct Entry {
    offset: u64,
    len: u64,
    checksum: u64,
}

impl TextCache {
    /// The text cache `name` (`sections.bin`, `search.bin`, `bodies.bin`)
    /// of the records repository at `root`, for entries that depend on
    /// `config` as well as on their bodies when it is given; `None` when
    /// `root` is not in a git repository.
    pub fn open(root: &Path, name: &str, config: Option<&Config>) -> Option<TextCache> {
        let file = crate::load::cache::folder(root)?.join(name);
        let mut cache = TextCache {
            file,
            fingerprint: crate::load::cache::fingerprint(MAGIC, config)?,
            order: Vec::new(),
            entries: FxHashMap::default(),
            reader: None,
        };
        // A FIFO or device in the cache's place is never opened.
        let regular = std::fs::metadata(&cache.file)
            .is_ok_and(|meta| meta.is_file() && meta.len() <= crate::safe_files::CACHE_LIMIT);
        if let Some(mut file) = regular.then(|| std::fs::File::open(&cache.file).ok()).flatten() {
            if let Some((order, entries)) = table(&mut file, cache.fingerprint) {
                cache.order = order;
                cache.entries = entries;
                cache.reader = Some(file);
            }
        }
        Some(cache)
    }

    /// The [`body_key`](crate::model::body_key) of each record's body,
    /// made in parallel.
    pub fn keys(records: &[Record]) -> Vec<u64> {
        records.par_iter().map(Record::body_key).collect()
    }

    /// How many entries the file holds.
    pub fn entry_count(&self) -> usize {
        self.order.len()
    }

    /// True when the file holds exactly the entries `keys`, in that order:
    /// a build with these bodies need not write it again.
    fn holds(&self, keys: &[u64]) -> bool {
        self.order == keys
    }

    /// A new file of the entries `keys`, in that order (see
    /// [`writer`](Self::writer)); `None` when the file holds exactly them
    /// already.
    pub fn writer_for(&self, keys: &[u64]) -> Option<Writer> {
        if self.holds(keys) {
            None
        } else {
            self.writer(keys.len())
        }
    }

    /// True when the file holds an entry for `key` (which may still turn
    /// out damaged when read).
    pub fn contains(&self, key: u64) -> bool {
        self.entries.contains_key(&key)
    }

    /// The texts kept under each of `keys`; `None` for a key with no entry,
    /// or whose entry cannot be read or is damaged.
    pub fn get(&self, keys: &[u64]) -> Vec<Option<Vec<String>>> {
        let mut found = vec![None; keys.len()];
        let Some(reader) = &self.reader else {
            return found;
        };
        let mut wanted: Vec<(usize, Entry)> = keys
            .iter()
            .enumerate()
            .filter_map(|(n, key)| Some((n, *self.entries.get(key)?)))
            .collect();
        wanted.sort_unstable_by_key(|(_, entry)| entry.offset);
        // Entries next to each other in the file are read together, up to
        // `READ` bytes at a time.
        let mut run_len = 0;
        let runs = wanted.chunk_by(|(_, a), (_, b)| {
            run_len += a.len;
            let together = a.offset + a.len == b.offset && run_len + b.len <= READ;
            if !together {
                run_len = 0;
            }
            together
        });
        for run in runs {
            let start = run[0].1.offset;
            let len: u64 = run.iter().map(|(_, entry)| entry.len).sum();
            let mut bytes = vec![0; usize::try_from(len).unwrap_or(0)];
            if read_at(reader, &mut bytes, start).is_err() {
                continue;
            }
            let mut at = 0;
            for &(n, entry) in run {
                let blob = &bytes[at..at + entry.len as usize];
                at += entry.len as usize;
                if checksum(blob) == entry.checksum {
                    found[n] = decode(blob);
                }
            }
        }
        found
    }

    /// A new file for `count` entries, written in order with
    /// [`Writer::add`] and put in place by [`Writer::finish`]; `None` when
    /// it cannot be created (a read-only repository: the next build only
    /// derives the texts again).
    pub fn writer(&self, count: usize) -> Option<Writer> {
        let dir = self.file.parent()?;
        std::fs::create_dir_all(dir).ok()?;
        let name = self.file.file_name()?.to_string_lossy();
        let temporary = dir.join(format!("{name}.{}.tmp", std::process::id()));
        let mut file = std::fs::File::create(&temporary).ok()?;
        // The table is known once every entry is written: it goes in last.
        let blobs_start = HEADER + count * ROW;
        let placeholder = file.write_all(&vec![0; blobs_start]);
        let writer = Writer {
            temporary,
            target: self.file.clone(),
            fingerprint: self.fingerprint,
            out: Some(std::io::BufWriter::with_capacity(1 << 20, file)),
            rows: Vec::with_capacity(count),
            count,
            failed: placeholder.is_err(),
        };
        Some(writer)
    }
}

/// A text cache file being written: entries are added in order, then
/// [`Writer::finish`] puts it in place of the old one. Dropped unfinished
/// (a build that failed), it is removed.
pub struct Writer {
    temporary: PathBuf,
    target: PathBuf,
    fingerprint: u64,
    /// The file (`None` once finished).
    out: Option<std::io::BufWriter<std::fs::File>>,
    rows: Vec<[u8; ROW]>,
    count: usize,
    failed: bool,
}

impl Writer {
    /// Adds the entry `key` holding `texts`.
    pub fn add(&mut self, key: u64, texts: &[impl AsRef<str>]) {
        let Some(out) = self.out.as_mut().filter(|_| !self.failed) else {
            return;
        };
        let blob = encode(texts);
        let mut row = [0; ROW];
        row[..8].copy_from_slice(&key.to_le_bytes());
        row[8..16].copy_from_slice(&(blob.len() as u64).to_le_bytes());
        row[16..].copy_from_slice(&checksum(&blob).to_le_bytes());
        self.rows.push(row);
        self.failed = out.write_all(&blob).is_err();
    }

    /// Writes the table and puts the file in place, when every promised
    /// entry was added; otherwise leaves the old file.
    pub fn finish(mut self) {
        let complete = !self.failed && self.rows.len() == self.count;
        // Once renamed, there is no temporary file left for `drop` to remove.
        self.failed = !(complete
            && self.write_table().is_ok()
            && std::fs::rename(&self.temporary, &self.target).is_ok());
    }

    fn write_table(&mut self) -> std::io::Result<()> {
        let out = self.out.take().ok_or(std::io::ErrorKind::Other)?;
        let mut file = out.into_inner().map_err(|e| e.into_error())?;
        let mut head = Vec::with_capacity(HEADER + self.rows.len() * ROW);
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&self.fingerprint.to_le_bytes());
        head.extend_from_slice(&(self.count as u64).to_le_bytes());
        for row in &self.rows {
            head.extend_from_slice(row);
        }
        file.seek(SeekFrom::Start(0))?;
        file.write_all(&head)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if self.out.is_some() || self.failed {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// The keys of a file's entries in order, and where each is, when the file
/// was written for `fingerprint` and its table fits its length.
fn table(file: &mut std::fs::File, fingerprint: u64) -> Option<(Vec<u64>, FxHashMap<u64, Entry>)> {
    let length = file.metadata().ok()?.len();
    let mut header = [0; HEADER];
    file.read_exact(&mut header).ok()?;
    let word = |bytes: &[u8], at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    if &header[..8] != MAGIC || word(&header, 8) != fingerprint {
        return None;
    }
    let count = usize::try_from(word(&header, 16)).ok()?;
    let table_len = count.checked_mul(ROW).filter(|&len| (len as u64) <= length)?;
    let mut rows = vec![0; table_len];
    file.read_exact(&mut rows).ok()?;
    let mut order = Vec::with_capacity(count);
    let mut entries = FxHashMap::default();
    entries.reserve(count);
    let mut offset = (HEADER + table_len) as u64;
    for row in rows.chunks_exact(ROW) {
        let (key, len) = (word(row, 0), word(row, 8));
        let entry = Entry {
            offset,
            len,
            checksum: word(row, 16),
        };
        offset = offset.checked_add(len).filter(|&end| end <= length)?;
        order.push(key);
        entries.insert(key, entry);
    }
    (offset == length).then_some((order, entries))
}

/// Fills `bytes` from `file` at `offset`, without moving a shared cursor:
/// threads read entries of one file at once.
#[cfg(unix)]
fn read_at(file: &std::fs::File, bytes: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

/// Fills `bytes` from `file` at `offset` (Windows: in a loop, as
/// `seek_read` may read less).
#[cfg(windows)]
fn read_at(file: &std::fs::File, mut bytes: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, bytes, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                bytes = &mut std::mem::take(&mut bytes)[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// The checksum of an entry's bytes.
fn checksum(blob: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(blob);
    hasher.finish()
}

/// An entry's bytes: the number of texts, then each text's length and bytes.
fn encode(texts: &[impl AsRef<str>]) -> Vec<u8> {
    let size: usize = texts.iter().map(|t| 4 + t.as_ref().len()).sum();
    let mut blob = Vec::with_capacity(4 + size);
    blob.extend_from_slice(&(texts.len() as u32).to_le_bytes());
    for text in texts {
        let text = text.as_ref().as_bytes();
        blob.extend_from_slice(&(text.len() as u32).to_le_bytes());
        blob.extend_from_slice(text);
    }
    blob
}

/// The texts of an entry's bytes; `None` unless they are exactly an
/// [`encode`]d list of UTF-8 texts.
fn decode(mut blob: &[u8]) -> Option<Vec<String>> {
    let number = |blob: &mut &[u8]| -> Option<usize> {
        let (head, rest) = blob.split_first_chunk::<4>()?;
        *blob = rest;
        Some(u32::from_le_bytes(*head) as usize)
    };
    let count = number(&mut blob)?;
    let mut texts = Vec::with_capacity(count.min(blob.len() / 4));
    for _ in 0..count {
        let len = number(&mut blob)?;
        let (text, rest) = blob.split_at_checked(len)?;
        texts.push(std::str::from_utf8(text).ok()?.to_string());
        blob = rest;
    }
    blob.is_empty().then_some(texts)
}

#[cfg(test)]
mod tests;
