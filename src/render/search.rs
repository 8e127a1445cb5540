//! The full-text search index, built with the site: `search-index.js`, a
//! script that assigns the index to `window.SHOSHIN_SEARCH`. It is loaded
//! with a `<script>` element rather than fetched, so search works from
//! `file://` as well as over HTTP, and `shoshin.js` searches it in the page.
//!
//! The index holds one entry per record page (`docs`: id, kind, title,
//! status, status category, and the URL when it is not `<kinds>/<id>/index.html`),
//! then one per person and per tag (name, `person` or `tag`, URL of their
//! page), and an inverted index (`terms`: each word → a
//! flat list of `doc, weight` pairs). Words in a title, a person's name or a
//! tag's name weigh more than words in an id, or in a tag or a person named
//! by a record, which weigh more than words of the body.
//!
//! Whole bodies are indexed when the bodies of all records together are at
//! most [`FULL_TEXT_BYTES`]; beyond that, only the first [`BODY_WORDS`]
//! words of each (`full_text` says which). Stop words are left out, and
//! words found in a large share of the records (`common`) keep only their
//! title matches, so the index stays small. The indexed text itself, for the
//! snippets under results, is in shards of `SHARD` records
//! (`search/text-N.js`), loaded only for the results shown; it is plain
//! text (a wiki link `[[ADR-1]]` reads as `ADR-1`).

use super::output::{Emit, GeneratedFile};
use super::renderer::PageRenderer;
use crate::index::Index;
use anyhow::Result;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashSet;

/// The file the index is written to, relative to the site root.
pub const INDEX_FILE: &str = "search-index.js";

/// Weight of a word in a record's title.
const TITLE_WEIGHT: u16 = 8;
/// Weight of a word in a record's id, tags or people.
const FIELD_WEIGHT: u16 = 4;
/// Weight of a word in a person's or a tag's name, for their own result:
/// above any record that names them, however often.
const NAME_WEIGHT: u16 = 4 * TITLE_WEIGHT;
/// Weight of one occurrence of a word in the body.
const BODY_WEIGHT: u16 = 1;
/// The body's share of a word's weight is capped, so a long body does not
/// outrank a title.
const BODY_CAP: u16 = 3;
/// How many words of each body are indexed (and kept for snippets) when the
/// bodies are too large to be indexed whole.
pub const BODY_WORDS: usize = 150;
/// Whole bodies are indexed when all records' bodies together are at most
/// this many bytes of Markdown (4 MiB: about 800 records of 5 KB). The
/// index of the example site (110 KB of records) is then about 3 times its
/// text; a repository beyond this indexes the start of each body, so that
/// the index the browser loads on first search stays a few megabytes.
pub const FULL_TEXT_BYTES: usize = 4 << 20;
/// Records per text shard.
const SHARD: usize = 100;
/// A word in more than one record in `COMMON_SHARE` (and in more than
/// `COMMON_MIN_DOCS` records) is common: it says little about a record and
/// its postings are most of an index, so only title matches are kept for it.
const COMMON_SHARE: usize = 20;
/// See `COMMON_SHARE`.
const COMMON_MIN_DOCS: usize = 100;

/// Words too common to search for, and the question words a query starts
/// with (`why postgres`); the page's script skips them as well. Sorted.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "for", "from", "has", "have", "how",
    "if", "in", "into", "is", "it", "its", "no", "not", "of", "on", "or", "so", "such", "that", "the",
    "their", "then", "there", "these", "this", "to", "was", "we", "were", "what", "when", "where", "which",
    "who", "why", "will", "with", "would",
];

/// The length of the longest stop word.
const STOP_WORD_LENGTH: usize = 5;

/// A word of at most 8 bytes as one number (its bytes, zero-padded), so
/// that the stop words are searched by comparing numbers.
fn packed(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    (bytes.len() <= 8).then(|| {
        let mut padded = [0u8; 8];
        padded[..bytes.len()].copy_from_slice(bytes);
        u64::from_le_bytes(padded)
    })
}

/// Slots of the table of stop words: a power of two, a few times their
/// number, so that most words are told apart by their first slot.
const STOP_SLOTS: usize = 256;

/// The slot where the search for the packed word `w` starts.
fn stop_slot(w: u64) -> usize {
    (w.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % STOP_SLOTS
}

/// Whether `word` is one of the [`STOP_WORDS`]: a look in a small hash
/// table of packed words (a binary search was a fifth of the cost of
/// indexing words).
fn is_stop_word(word: &str) -> bool {
    static TABLE: std::sync::OnceLock<[u64; STOP_SLOTS]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = [0; STOP_SLOTS];
        for w in STOP_WORDS.iter().filter_map(|w| packed(w)) {
            let mut slot = stop_slot(w);
            while table[slot] != 0 {
                slot = (slot + 1) % STOP_SLOTS;
            }
            table[slot] = w;
        }
        table
    });
    // Stop words are short: longer words need no look.
    let Some(w) = packed(word).filter(|_| word.len() <= STOP_WORD_LENGTH) else {
        return false;
    };
    let mut slot = stop_slot(w);
    // Packed words are never 0 (words are not empty): 0 is a free slot.
    loop {
        match table[slot] {
            0 => return false,
            found if found == w => return true,
            _ => slot = (slot + 1) % STOP_SLOTS,
        }
    }
}

/// The `search-index.js` and `search/text-N.js` producer, for
/// `generated_files`. The shards are made a batch at a time, each handed on
/// once made, so that their text is not held all at once; the index last.
pub fn index_file(renderer: &PageRenderer, emit: Emit) -> Result<()> {
    let project = renderer.project();
    let index = build(&project.index, &mut |first, texts| {
        let shards: Vec<GeneratedFile> = texts
            .par_chunks(SHARD)
            .enumerate()
            .map(|(k, shard)| -> Result<GeneratedFile> {
                let n = first + k;
                let text = format!(
                    "window.SHOSHIN_TEXT = window.SHOSHIN_TEXT || {{}};\nwindow.SHOSHIN_TEXT[{n}] = {};\n",
                    serde_json::to_string(shard)?
                );
                Ok(GeneratedFile {
                    path: format!("search/text-{n}.js").into(),
                    bytes: text.into_bytes(),
                })
            })
            .collect::<Result<_>>()?;
        shards.into_iter().try_for_each(&mut *emit)
    })?;
    let text = format!("window.SHOSHIN_SEARCH = {};\n", serde_json::to_string(&index)?);
    drop(index);
    emit(GeneratedFile {
        path: INDEX_FILE.into(),
        bytes: text.into_bytes(),
    })
}

/// The records a word is found in: (doc, weight from the title and fields,
/// weight from the body). Weights are added without overflowing: a
/// title of one word repeated still only weighs the most a `u16` can.
type Postings = Vec<(u32, u16, u16)>;

/// The postings of some consecutive records, by word: made for parts of
/// the records in parallel, then joined in record order.
type PostingsByWord = FxHashMap<String, Postings>;

/// Records whose postings one task collects before joining them: enough that
/// joining (one step per distinct word) costs little beside collecting.
const PART: usize = 256;

/// The index as `search-index.js` holds it, written straight to JSON (a
/// `serde_json::Value` of it would take a value of 32 bytes per number).
/// The fields are in the order serde_json writes an object's keys.
#[derive(Serialize)]
pub struct SearchIndex {
    common: Vec<String>,
    docs: Vec<Value>,
    /// Whether whole bodies are indexed (else their first [`BODY_WORDS`]).
    full_text: bool,
    /// How many of `docs` are records (with texts); people and tags follow.
    records: usize,
    shard: usize,
    stop: &'static [&'static str],
    terms: Terms,
    version: u32,
}

/// Each word with its flat list of `doc, weight` pairs, sorted by word.
struct Terms(Vec<(String, Vec<u32>)>);

impl Serialize for Terms {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (word, postings) in &self.0 {
            map.serialize_entry(word, postings)?;
        }
        map.end()
    }
}

/// Records whose texts [`build`] holds, and hands on, together: whole shards.
const BATCH: usize = SHARD * 8;

/// The search index of every record that has a page. The indexed start of
/// each record's body goes to `shards` a batch of whole shards at a time, in
/// order (the number of the batch's first shard, and its texts), and is not
/// held after.
pub fn build(index: &Index, shards: &mut dyn FnMut(usize, Vec<String>) -> Result<()>) -> Result<SearchIndex> {
    build_with(index, FULL_TEXT_BYTES, shards)
}

/// [`build`], indexing whole bodies when they are at most `full_text_bytes`
/// together.
fn build_with(
    index: &Index,
    full_text_bytes: usize,
    shards: &mut dyn FnMut(usize, Vec<String>) -> Result<()>,
) -> Result<SearchIndex> {
    let duplicates: HashSet<usize> = index.duplicates.iter().map(|&(d, _)| d).collect();
    let records: Vec<usize> = (0..index.records.len())
        .filter(|i| !duplicates.contains(i))
        .collect();
    let body_bytes: usize = records.iter().map(|&i| index.records[i].body().len()).sum();
    let full_text = body_bytes <= full_text_bytes;
    let limit = if full_text { usize::MAX } else { BODY_WORDS };
    let mut docs = Vec::with_capacity(records.len());
    let mut postings = PostingsByWord::default();
    for (batch, part) in records.chunks(BATCH).enumerate() {
        let first = batch * BATCH;
        let documents: Vec<(Value, String)> = part.par_iter().map(|&i| document(index, i, limit)).collect();
        let (part_docs, texts): (Vec<Value>, Vec<String>) = documents.into_iter().unzip();
        docs.extend(part_docs);
        let part_postings = part
            .par_iter()
            .enumerate()
            .with_min_len(PART)
            .fold(PostingsByWord::default, |mut postings, (k, &i)| {
                add_postings(&mut postings, index, i, (first + k) as u32, &texts[k]);
                postings
            })
            .reduce(PostingsByWord::default, join_postings);
        postings = join_postings(postings, part_postings);
        shards(first / SHARD, texts)?;
    }
    let record_docs = docs.len();
    add_names(index, &records, &mut docs, &mut postings);
    let mut postings: Vec<(String, Postings)> = postings.into_iter().collect();
    postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let common_above = COMMON_MIN_DOCS.max(docs.len() / COMMON_SHARE);
    let mut common = Vec::new();
    let mut terms = Vec::new();
    for (word, list) in postings {
        let is_common = list.len() > common_above;
        let mut flat = Vec::new();
        for (doc, fields, body) in list {
            // A common word only finds the records with it in their title.
            if !is_common || fields >= TITLE_WEIGHT {
                flat.push(doc);
                flat.push(u32::from(fields) + u32::from(body.min(BODY_CAP)));
            }
        }
        if is_common {
            common.push(word.clone());
        }
        if !flat.is_empty() {
            terms.push((word, flat));
        }
    }
    Ok(SearchIndex {
        common,
        docs,
        full_text,
        records: record_docs,
        shard: SHARD,
        stop: STOP_WORDS,
        terms: Terms(terms),
        version: 1,
    })
}

/// Adds a `docs` entry for each person and each tag the `records` name,
/// after the records' entries, found by the words of their names: a search
/// for a name lists its page first.
fn add_names(index: &Index, records: &[usize], docs: &mut Vec<Value>, postings: &mut PostingsByWord) {
    use super::views::{name_slug, person_url, roles, tag_url};
    let mut people = std::collections::BTreeMap::new();
    let mut tags = std::collections::BTreeMap::new();
    for &i in records {
        let record = &index.records[i];
        for (_, person) in roles(record) {
            people.entry(name_slug(person)).or_insert(person);
        }
        for tag in &record.tags {
            tags.entry(name_slug(tag)).or_insert(tag.as_str());
        }
    }
    let named = people
        .into_values()
        .map(|name| (name, "person", person_url(name)))
        .chain(tags.into_values().map(|name| (name, "tag", tag_url(name))));
    for (name, kind, url) in named {
        let doc = docs.len() as u32;
        docs.push(json!([name, kind, name, "", "", url]));
        for_each_word(name, |word| {
            let list = postings.entry(word.to_string()).or_default();
            if list.last().is_none_or(|&(d, _, _)| d != doc) {
                list.push((doc, NAME_WEIGHT, 0));
            }
        });
    }
}

/// Record `i`'s `docs` entry and the indexed text of its body: its first
/// `limit` words.
fn document(index: &Index, i: usize, limit: usize) -> (Value, String) {
    let record = &index.records[i];
    let url = super::markdown::record_url(index, i);
    let mut entry = json!([
        record.id,
        record.kind.as_str(),
        record.title,
        super::views::shown_status(record).unwrap_or_default(),
        index.status_category_name(i).unwrap_or(""),
    ]);
    if url != format!("{}/{}/index.html", record.kind.plural(), record.id) {
        entry.as_array_mut().expect("an array").push(json!(url));
    }
    (entry, plain_text_start(record.body(), limit))
}

/// Adds the words of record `i`, document `doc` of the index, to
/// `postings`, whose last document is before `doc`: its title, id, tags and
/// people, then `text`, the indexed start of its body.
fn add_postings(postings: &mut PostingsByWord, index: &Index, i: usize, doc: u32, text: &str) {
    let record = &index.records[i];
    let mut add = |text: &str, weight: u16, body: bool| {
        for_each_word(text, |word| {
            // A word seen before is not allocated again.
            let list = match postings.get_mut(word) {
                Some(list) => list,
                None => postings.entry(word.to_string()).or_default(),
            };
            if list.last().is_none_or(|&(d, _, _)| d != doc) {
                list.push((doc, 0, 0));
            }
            let last = list.last_mut().expect("a posting for this document");
            if body {
                last.2 = last.2.saturating_add(weight);
            } else {
                last.1 = last.1.saturating_add(weight);
            }
        });
    };
    add(&record.title, TITLE_WEIGHT, false);
    add(&record.id, FIELD_WEIGHT, false);
    for tag in &record.tags {
        add(tag, FIELD_WEIGHT, false);
    }
    for (_, person) in super::views::roles(record) {
        add(person, FIELD_WEIGHT, false);
    }
    // A decision's code paths (`src/ledger/**`): a search for a path finds it.
    for pattern in &record.applies_to {
        add(pattern, FIELD_WEIGHT, false);
    }
    add(text, BODY_WEIGHT, true);
}

/// The postings of `earlier` records followed by those of `later` ones.
fn join_postings(mut earlier: PostingsByWord, mut later: PostingsByWord) -> PostingsByWord {
    if earlier.len() < later.len() {
        // Move the fewer words: prepend `earlier`'s lists to `later`'s.
        for (word, mut list) in earlier {
            let entry = later.entry(word).or_default();
            list.append(entry);
            *entry = list;
        }
        later
    } else {
        for (word, mut list) in later {
            earlier.entry(word).or_default().append(&mut list);
        }
        earlier
    }
}

/// The searchable words of `text`: lower case, split at anything but
/// letters, digits, `-` and `_`, stop words dropped. A word with a hyphen
/// (`PAY-12`, `read-only`) is indexed whole and by its parts.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |word| out.push(word.to_string()));
    out
}

/// Calls `found` with each of the [`words`] of `text`, in order.
fn for_each_word(text: &str, mut found: impl FnMut(&str)) {
    let lower = if text.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        std::borrow::Cow::Owned(text.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    for token in lower.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_')) {
        let token = token.trim_matches(['-', '_']);
        let mut push = |w: &str| {
            let long_enough = w.chars().nth(1).is_some();
            let stop = is_stop_word(w);
            if long_enough && w.len() <= 40 && !stop {
                found(w);
            }
        };
        push(token);
        if token.contains(['-', '_']) {
            token.split(['-', '_']).for_each(&mut push);
        }
    }
}

/// The first `limit` words of a Markdown body without markup or headings,
/// joined by single spaces. The body is read only as far as those words need.
pub fn plain_text_start(markdown: &str, limit: usize) -> String {
    // Comments, shortcodes and MDX are no words of the record.
    let cleaned = crate::parse::markup::clean(markdown);
    let markdown: &str = &cleaned.text;
    // The parser reads all of a text's blocks before its first word: give it
    // the start of a long body first, and the whole body only when that
    // start does not hold the words.
    let text = match start_of(markdown, limit).map(|start| plain_text_until(start, limit)) {
        Some((text, true)) => text,
        _ => plain_text_until(markdown, limit).0,
    };
    first_words(&text, limit)
}

/// The first `limit` words of `text`, joined by single spaces.
fn first_words(text: &str, limit: usize) -> String {
    text.split_whitespace().take(limit).collect::<Vec<_>>().join(" ")
}

/// A start of `markdown` that reads as the same words as far as it goes:
/// it ends at a blank line, so no paragraph, heading or inline markup is
/// cut, and nothing after it can define a link used before it. `None` when
/// the body is short or has no such place.
fn start_of(markdown: &str, limit: usize) -> Option<&str> {
    // Enough bytes for `limit` words of prose with their markup, mostly.
    let from = limit.saturating_mul(START_BYTES_PER_WORD);
    let after = markdown.as_bytes().get(from..)?;
    // Just after a line break: a character boundary.
    let blank = from + after.windows(2).position(|pair| pair == b"\n\n")? + 1;
    let (start, rest) = markdown.split_at(blank);
    // A link reference definition (`[x]: url`) applies to the whole text.
    (!rest.contains("]:")).then_some(start)
}

/// Bytes of Markdown per word that [`start_of`] reads before looking for a
/// blank line.
const START_BYTES_PER_WORD: usize = 12;

/// The plain text of `markdown` until a word after the first `limit` has
/// begun, and whether one has.
fn plain_text_until(markdown: &str, limit: usize) -> (String, bool) {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut text = String::new();
    let mut in_heading = false;
    let mut counter = WordCounter::default();
    // GFM: an alert's `[!NOTE]` marker is no word either. A wiki link
    // `[[ADR-1]]` reads as its text, `ADR-1`, not as brackets.
    let options = pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_GFM
        | pulldown_cmark::Options::ENABLE_WIKILINKS;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(pulldown_cmark::Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if !in_heading => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                text.push(' ')
            }
            _ => {}
        }
        // Once a word after the first `limit` has begun, those are complete.
        if counter.count(&text) > limit {
            return (text, true);
        }
    }
    (text, false)
}

/// Counts the words of a growing text, reading each character once.
#[derive(Default)]
struct WordCounter {
    read: usize,
    words: usize,
    in_word: bool,
}

impl WordCounter {
    /// The number of words begun in `text`, which only grows between calls.
    fn count(&mut self, text: &str) -> usize {
        for c in text[self.read..].chars() {
            if c.is_whitespace() {
                self.in_word = false;
            } else if !self.in_word {
                self.in_word = true;
                self.words += 1;
            }
        }
        self.read = text.len();
        self.words
    }
}

#[cfg(test)]
mod tests;
