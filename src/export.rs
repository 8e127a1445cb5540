//! The whole model as JSON, for `shoshin export` (and `data.json`).
//!
//! [`Model`] serialises record by record, so that the whole model is never
//! held in memory as one JSON tree (at 10,000 records that tree is several
//! times the size of the text).

use crate::model::{Estimate, FileLink, Kind, Relation, SourceFormat};
use crate::project::Project;
use crate::render::text_cache::{note_kept, Keyed};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Value};

/// The model: `{"diagnostics": [...], "records": [...], "summary": {...}}`.
///
/// Each record has at least `id`, `kind`, `title`, `status`, `file`, `date`,
/// then every other field, its resolved links and its backlinks.
pub struct Model<'a>(pub &'a Project);

impl Serialize for Model<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let project = self.0;
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("diagnostics", &diagnostics(project))?;
        map.serialize_entry("records", &Records(project))?;
        map.serialize_entry("summary", &summary(project))?;
        map.end()
    }
}

/// Records turned into JSON at a time by [`write_compact_json`]: enough to keep
/// both cores busy, few enough to hold little memory.
const CHUNK: usize = 256;

/// Writes the model as compact JSON to `out`, byte for byte what
/// `serde_json::to_writer(out, &Model(project))` gives, with the records
/// turned into JSON in parallel, a chunk at a time, so that the whole model
/// is never held in memory (for `data.json`). The whole texts of sections
/// come from `cache` when it has them, already as JSON strings; the cache
/// is written again when the bodies changed.
pub fn write_compact_json<W: std::io::Write>(
    project: &Project,
    cache: Option<&Keyed>,
    mut out: W,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let records = &project.index.records;
    let count = records.len();
    let mut writer = cache.and_then(|cache| cache.cache.writer_for(cache.keys));
    let mut found = 0;
    out.write_all(b"{\"diagnostics\":")?;
    serde_json::to_writer(&mut out, &diagnostics(project))?;
    out.write_all(b",\"records\":[")?;
    for start in (0..count).step_by(CHUNK) {
        let chunk = start..count.min(start + CHUNK);
        let kept: Vec<Option<Vec<String>>> = match cache {
            Some(cache) => cache.cache.get(&cache.keys[chunk.clone()]),
            None => vec![None; chunk.len()],
        };
        // Only texts that fit the record's sections, as JSON strings, are used.
        let kept: Vec<Option<Vec<String>>> = (kept.into_iter().zip(chunk.clone()))
            .map(|(texts, i)| {
                let sections = records[i].sections.len();
                texts.filter(|texts| texts.len() == sections && texts.iter().all(|t| is_json_string(t)))
            })
            .collect();
        found += kept.iter().filter(|texts| texts.is_some()).count();
        let parts: Vec<(Vec<u8>, Vec<String>)> = chunk
            .clone()
            .into_par_iter()
            .zip(kept)
            .map(|(i, kept)| -> serde_json::Result<(Vec<u8>, Vec<String>)> {
                let texts = match kept {
                    Some(texts) => texts,
                    None => escaped_section_texts(project, i)?,
                };
                let mut json = Vec::new();
                write_record(project, i, &texts, &mut json)?;
                Ok((json, texts))
            })
            .collect::<serde_json::Result<_>>()?;
        for (n, (part, texts)) in parts.iter().enumerate() {
            if start + n > 0 {
                out.write_all(b",")?;
            }
            out.write_all(part)?;
            if let (Some(writer), Some(cache)) = (writer.as_mut(), cache) {
                writer.add(cache.keys[start + n], texts);
            }
        }
    }
    out.write_all(b"],\"summary\":")?;
    serde_json::to_writer(&mut out, &summary(project))?;
    out.write_all(b"}")?;
    if let Some(writer) = writer {
        writer.finish();
    }
    if cache.is_some() {
        note_kept("section", found, count);
    }
    Ok(())
}

fn summary(project: &Project) -> Value {
    let counts = project.counts();
    json!({ "records": project.index.records.len(), "errors": counts.errors, "warnings": counts.warnings })
}

/// The records, each turned into JSON only when it is written.
struct Records<'a>(&'a Project);

impl Serialize for Records<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((0..self.0.index.records.len()).map(|i| Record(self.0, i)))
    }
}

/// Record `i`, with the whole texts of its sections read again from its
/// source when it is serialised.
struct Record<'a>(&'a Project, usize);

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Record(project, i) = *self;
        let texts =
            crate::load::body::section_texts(&project.index.records[i], &project.config, &project.root)
                .map_err(serde::ser::Error::custom)?;
        exported(project, i, &texts).serialize(serializer)
    }
}

fn diagnostics(project: &Project) -> Vec<Value> {
    project
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "code": d.code.as_str(),
                "severity": d.severity.as_str(),
                "file": d.file.to_string_lossy().replace('\\', "/"),
                "line": d.line,
                "column": d.column,
                "message": crate::check::report::one_line(d),
            })
        })
        .collect()
}

/// Record `i` as `shoshin export` and `data.json` give it: every field of
/// the record, its resolved links and its backlinks. Serialised straight
/// from the model, with the keys in the order of their names (the order of a
/// JSON object's keys); nested objects are in that order too.
#[derive(serde::Serialize)]
struct ExportedRecord<'a> {
    #[serde(flatten)]
    head: RecordHead<'a>,
    sections: Vec<ExportedSection<'a>>,
    #[serde(flatten)]
    tail: RecordTail<'a>,
}

/// The fields of an exported record before `sections`.
#[derive(serde::Serialize)]
struct RecordHead<'a> {
    amends: Vec<&'a str>,
    backlinks: Vec<Backlink<'a>>,
    confidence: &'a Option<String>,
    consulted: &'a [String],
    date: &'a Option<String>,
    deciders: &'a [String],
    decisions: Vec<&'a str>,
    depends_on: Vec<&'a str>,
    duration: Option<u64>,
    estimate: &'a Option<Estimate>,
    facilitator: &'a Option<String>,
    file: String,
    file_links: &'a [FileLink],
    first_proposal: &'a Option<String>,
    format: SourceFormat,
    front_matter: FrontMatterOut<'a>,
    id: &'a str,
    informed: &'a [String],
    items: Vec<&'a str>,
    kind: Kind,
    mentions: Vec<&'a str>,
    owner: &'a Option<String>,
    parent: Option<&'a str>,
    participants: &'a [String],
    priority: Option<i64>,
    readiness: Value,
}

/// How an exported record's front matter is written: as the map, laid out
/// as the rest is, or copied as it is kept (compact JSON, for `data.json`).
#[derive(serde::Serialize)]
#[serde(untagged)]
enum FrontMatterOut<'a> {
    Map(&'a crate::front_matter::FrontMatter),
    Raw(&'a serde_json::value::RawValue),
}

/// The fields of an exported record after `sections`.
#[derive(serde::Serialize)]
struct RecordTail<'a> {
    status: &'a Option<String>,
    status_category: Option<&'a str>,
    superseded_by: Vec<&'a str>,
    supersedes: Vec<&'a str>,
    tags: &'a [String],
    timebox: &'a Option<String>,
    title: &'a str,
    #[serde(rename = "type")]
    item_type: &'a Option<String>,
}

/// A record that links to the exported one, and how.
#[derive(serde::Serialize)]
struct Backlink<'a> {
    id: &'a str,
    relation: Relation,
}

/// A section with its whole text, which the loaded model does not keep (it
/// is read again from the source).
#[derive(serde::Serialize)]
struct ExportedSection<'a> {
    heading: &'a str,
    key: Option<&'a str>,
    level: u8,
    line: usize,
    tasks: Vec<ExportedTask<'a>>,
    text: &'a str,
}

/// A task of a section.
#[derive(serde::Serialize)]
struct ExportedTask<'a> {
    done: bool,
    line: usize,
    owner: &'a Option<String>,
    text: &'a str,
}

/// Record `i`, whose sections have the whole `texts`, ready to serialise.
fn exported<'a>(project: &'a Project, i: usize, texts: &'a [String]) -> ExportedRecord<'a> {
    let index = &project.index;
    let record = &index.records[i];
    let written = |relation: Relation| -> Vec<&str> {
        record
            .references_of(relation)
            .map(|r| r.target.as_str())
            .collect()
    };
    let ids = |list: &[usize]| -> Vec<&str> { list.iter().map(|&j| index.records[j].id.as_str()).collect() };
    let sections = record
        .sections
        .iter()
        .zip(texts.iter())
        .map(|(section, text)| ExportedSection {
            heading: &section.heading,
            key: section.key.as_deref(),
            level: section.level,
            line: section.line,
            tasks: section
                .tasks
                .iter()
                .map(|t| ExportedTask {
                    done: t.done,
                    line: t.line,
                    owner: &t.owner,
                    text: &t.text,
                })
                .collect(),
            text,
        })
        .collect();
    let head = RecordHead {
        amends: written(Relation::Amends),
        backlinks: index.incoming[i]
            .iter()
            .map(|l| Backlink {
                id: &index.records[l.from].id,
                relation: l.relation,
            })
            .collect(),
        confidence: &record.confidence,
        consulted: &record.consulted,
        date: &record.date,
        deciders: &record.deciders,
        decisions: written(Relation::Decision),
        depends_on: written(Relation::DependsOn),
        duration: record.duration,
        estimate: &record.estimate,
        facilitator: &record.facilitator,
        file: record.file.to_string_lossy().replace('\\', "/"),
        file_links: &record.file_links,
        first_proposal: &record.first_proposal,
        format: record.format,
        front_matter: FrontMatterOut::Map(&record.front_matter),
        id: &record.id,
        informed: &record.informed,
        items: written(Relation::Item),
        kind: record.kind,
        mentions: index.outgoing[i]
            .iter()
            .filter(|l| l.relation == Relation::Mention)
            .map(|l| index.records[l.to].id.as_str())
            .collect(),
        owner: &record.owner,
        parent: record
            .references_of(Relation::Parent)
            .next()
            .map(|r| r.target.as_str()),
        participants: &record.participants,
        priority: record.priority,
        readiness: serde_json::to_value(project.readiness.get(i)).unwrap_or_default(),
    };
    let tail = RecordTail {
        status: &record.status,
        status_category: index.status_category_name(i),
        superseded_by: ids(&index.superseded_by[i]),
        supersedes: ids(&index.supersedes[i]),
        tags: &record.tags,
        timebox: &record.timebox,
        title: &record.title,
        item_type: &record.item_type,
    };
    ExportedRecord { head, sections, tail }
}

/// Writes record `i` as compact JSON to `out`, byte for byte what
/// serialising it gives, with the whole text of each section given already
/// as a JSON string (`escaped`, one per section): the text cache keeps them
/// so, and copying them costs far less than escaping 48 MB of text again.
fn write_record(
    project: &Project,
    i: usize,
    escaped: &[String],
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    let blank = vec![String::new(); escaped.len()];
    let mut record = exported(project, i, &blank);
    // Compact JSON: the front matter goes in as it is kept.
    record.head.front_matter = FrontMatterOut::Raw(project.index.records[i].front_matter.raw());
    // The head's object, open: its closing brace taken off.
    serde_json::to_writer(&mut *out, &record.head)?;
    out.pop();
    out.extend_from_slice(b",\"sections\":[");
    for (n, (section, text)) in record.sections.iter().zip(escaped).enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"heading\":");
        serde_json::to_writer(&mut *out, section.heading)?;
        out.extend_from_slice(b",\"key\":");
        serde_json::to_writer(&mut *out, &section.key)?;
        out.extend_from_slice(b",\"level\":");
        serde_json::to_writer(&mut *out, &section.level)?;
        out.extend_from_slice(b",\"line\":");
        serde_json::to_writer(&mut *out, &section.line)?;
        out.extend_from_slice(b",\"tasks\":");
        serde_json::to_writer(&mut *out, &section.tasks)?;
        out.extend_from_slice(b",\"text\":");
        out.extend_from_slice(text.as_bytes());
        out.push(b'}');
    }
    out.push(b']');
    // The tail's object goes on the same object: its opening brace becomes
    // the comma after the sections.
    let tail_start = out.len();
    serde_json::to_writer(&mut *out, &record.tail)?;
    out[tail_start] = b',';
    Ok(())
}

/// The whole texts of record `i`'s sections, each as a JSON string.
fn escaped_section_texts(project: &Project, i: usize) -> serde_json::Result<Vec<String>> {
    crate::load::body::section_texts(&project.index.records[i], &project.config, &project.root)
        .map_err(serde_json::Error::io)?
        .iter()
        .map(serde_json::to_string)
        .collect()
}

/// True for what the text cache may hand [`write_record`] as one
/// section's text: a JSON string (the cache's checksums vouch for the rest).
fn is_json_string(text: &str) -> bool {
    text.len() >= 2 && text.starts_with('"') && text.ends_with('"')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::text_cache::TextCache;

    #[test]
    fn the_parallel_compact_json_is_the_serialised_model_with_or_without_the_text_cache() {
        let dir = crate::test_support::repo(&[
            (
                "items/PAY-1.md",
                "---\ntitle: One\ndepends_on: [PAY-2, NOPE-1]\n---\n# One\n\n## Why\nSee ADR-1 — \"quoted\", \\ and \u{1}.\n\n\
                 ### Detail\nMore.\n\n## Acceptance criteria\n- [ ] CSV @ana\n- [x] Totals\n",
            ),
            ("items/PAY-2.md", "---\ntitle: Two \"quoted\"\n---\n"),
            ("decisions/ADR-1.md", "---\nstatus: accepted\n---\n## Context\n\n"),
        ]);
        gix::init(dir.path()).expect("a git repository");
        let project = Project::open(dir.path()).unwrap();
        let model = serde_json::to_string(&Model(&project)).unwrap();
        assert!(
            model.contains(r#""text":"See ADR-1 — \"quoted\", \\ and \u0001. More.""#),
            "{model}"
        );
        let compact = |cache: Option<&Keyed>| {
            let mut compact = Vec::new();
            write_compact_json(&project, cache, &mut compact).unwrap();
            String::from_utf8(compact).unwrap()
        };
        assert_eq!(compact(None), model);
        // Filling the cache, then reading from it.
        let keys = TextCache::keys(&project.index.records);
        for _ in 0..2 {
            let cache = TextCache::open(dir.path(), "sections.bin", None).unwrap();
            assert_eq!(compact(Some(&Keyed { cache, keys: &keys })), model);
        }
        let cache = TextCache::open(dir.path(), "sections.bin", None).unwrap();
        assert_eq!(cache.entry_count(), 3, "every record's sections are kept");
    }
}
