//! The whole model as JSON, for `shoshin export` (and `data.json`).
//!
//! [`Model`] serialises record by record, so that the whole model is never
//! held in memory as one JSON tree (at 10,000 records that tree is several
//! times the size of the text).

use crate::model::{Estimate, FileLink, Kind, Relation, SourceFormat};
use crate::project::Project;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Value};

/// The model: `{"diagnostics": [...], "records": [...], "sprints": {...}, "summary": {...}}`.
///
/// Each record has at least `id`, `kind`, `title`, `status`, `file`, `date`,
/// then every other field, its resolved links and its backlinks.
pub struct Model<'a>(pub &'a Project);

impl Serialize for Model<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let project = self.0;
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("diagnostics", &diagnostics(project))?;
        map.serialize_entry("records", &Records(project))?;
        map.serialize_entry("sprints", &sprints(project))?;
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
/// is never held in memory (for `data.json`).
pub fn write_compact_json<W: std::io::Write>(project: &Project, mut out: W) -> std::io::Result<()> {
    use rayon::prelude::*;
    let count = project.index.records.len();
    out.write_all(b"{\"diagnostics\":")?;
    serde_json::to_writer(&mut out, &diagnostics(project))?;
    out.write_all(b",\"records\":[")?;
    for start in (0..count).step_by(CHUNK) {
        let parts: Vec<Vec<u8>> = (start..count.min(start + CHUNK))
            .into_par_iter()
            .map(|i| -> serde_json::Result<Vec<u8>> {
                let mut json = Vec::new();
                write_record(project, i, &mut json)?;
                Ok(json)
            })
            .collect::<serde_json::Result<_>>()?;
        for (n, part) in parts.iter().enumerate() {
            if start + n > 0 {
                out.write_all(b",")?;
            }
            out.write_all(part)?;
        }
    }
    out.write_all(b"],\"sprints\":")?;
    serde_json::to_writer(&mut out, &sprints(project))?;
    out.write_all(b",\"summary\":")?;
    serde_json::to_writer(&mut out, &summary(project))?;
    out.write_all(b"}")?;
    Ok(())
}

/// Every sprint's figures and the computed velocity.
fn sprints(project: &Project) -> Value {
    project.sprints.to_json(&project.index)
}

fn summary(project: &Project) -> Value {
    let counts = project.counts();
    let mut summary = json!({ "records": project.index.records.len(), "errors": counts.errors, "warnings": counts.warnings });
    // A portal's repositories, for `check --portal-data` in each of them.
    if let Some(repositories) = &project.index.repositories {
        summary["repositories"] = json!(repositories.names);
    }
    summary
}

/// The records, each turned into JSON only when it is written.
struct Records<'a>(&'a Project);

impl Serialize for Records<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((0..self.0.index.records.len()).map(|i| Record(self.0, i)))
    }
}

/// Record `i`, turned into JSON only when it is serialised.
struct Record<'a>(&'a Project, usize);

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Record(project, i) = *self;
        exported(project, i).serialize(serializer)
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
                "message": d.one_line(),
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
    /// Left out when empty, as `related` and `review_by`: only decisions
    /// that govern code paths or carry review dates have them.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    applies_to: &'a [String],
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_by: &'a Option<String>,
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

/// A section with its whole text.
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

/// Record `i`, ready to serialise.
fn exported(project: &Project, i: usize) -> ExportedRecord<'_> {
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
        .map(|section| ExportedSection {
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
            text: &section.text,
        })
        .collect();
    let head = RecordHead {
        amends: written(Relation::Amends),
        applies_to: &record.applies_to,
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
        related: written(Relation::Related),
        review_by: &record.review_by,
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
/// serialising it gives, with its front matter copied as it is kept.
fn write_record(project: &Project, i: usize, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let mut record = exported(project, i);
    // Compact JSON: the front matter goes in as it is kept.
    record.head.front_matter = FrontMatterOut::Raw(project.index.records[i].front_matter.raw());
    // The head's object, open: its closing brace taken off.
    serde_json::to_writer(&mut *out, &record.head)?;
    out.pop();
    out.extend_from_slice(b",\"sections\":[");
    for (n, section) in record.sections.iter().enumerate() {
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
        serde_json::to_writer(&mut *out, section.text)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parallel_compact_json_is_the_serialised_model() {
        let dir = crate::test_support::repo(&[
            (
                "items/PAY-1.md",
                "---\ntitle: One\ndepends_on: [PAY-2, NOPE-1]\n---\n# One\n\n## Why\nSee ADR-1 — \"quoted\", \\ and \u{1}.\n\n\
                 ### Detail\nMore.\n\n## Acceptance criteria\n- [ ] CSV @ana\n- [x] Totals\n",
            ),
            ("items/PAY-2.md", "---\ntitle: Two \"quoted\"\n---\n"),
            ("decisions/ADR-1.md", "---\nstatus: accepted\n---\n## Context\n\n"),
        ]);
        let project = Project::open(dir.path()).unwrap();
        let model = serde_json::to_string(&Model(&project)).unwrap();
        assert!(
            model.contains(r#""text":"See ADR-1 — \"quoted\", \\ and \u0001. More.""#),
            "{model}"
        );
        let mut compact = Vec::new();
        write_compact_json(&project, &mut compact).unwrap();
        assert_eq!(String::from_utf8(compact).unwrap(), model);
    }
}
