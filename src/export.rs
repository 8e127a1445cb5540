//! The whole model as JSON, for `shoshin export` (and `data.json`).
//!
//! [`Model`] serialises record by record, so that the whole model is never
//! held in memory as one JSON tree (at 10,000 records that tree is several
//! times the size of the text).

use crate::model::Relation;
use crate::project::Project;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Map, Value};

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
            .map(|i| serde_json::to_vec(&record(project, i)))
            .collect::<serde_json::Result<_>>()?;
        for (n, part) in parts.iter().enumerate() {
            if start + n > 0 {
                out.write_all(b",")?;
            }
            out.write_all(part)?;
        }
    }
    out.write_all(b"],\"summary\":")?;
    serde_json::to_writer(&mut out, &summary(project))?;
    out.write_all(b"}")?;
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
        serializer.collect_seq((0..self.0.index.records.len()).map(|i| record(self.0, i)))
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

/// Record `i` as JSON.
fn record(project: &Project, i: usize) -> Value {
    let index = &project.index;
    let record = &index.records[i];
    let mut value = serde_json::to_value(record).unwrap_or_default();
    let object = value.as_object_mut().expect("a record serialises to an object");
    object.insert(
        "file".into(),
        json!(record.file.to_string_lossy().replace('\\', "/")),
    );
    object.insert("status_category".into(), json!(index.status_category_name(i)));
    object.insert("readiness".into(), json!(project.readiness.get(i)));
    object.remove("references");
    object.remove("prose_tokens");
    object.insert("sections".into(), sections(record, &project.config));
    let mut written: Map<String, Value> = Map::new();
    for (key, relation) in crate::model::REFERENCE_KEYS {
        let ids: Vec<&str> = record
            .references_of(relation)
            .map(|r| r.target.as_str())
            .collect();
        written.insert(key.into(), json!(ids));
    }
    written.insert(
        "parent".into(),
        json!(record
            .references_of(Relation::Parent)
            .next()
            .map(|r| r.target.as_str())),
    );
    let ids = |list: &[usize]| {
        list.iter()
            .map(|&j| index.records[j].id.as_str())
            .collect::<Vec<_>>()
    };
    written.insert("supersedes".into(), json!(ids(&index.supersedes[i])));
    written.insert("superseded_by".into(), json!(ids(&index.superseded_by[i])));
    let mentions: Vec<&str> = index.outgoing[i]
        .iter()
        .filter(|l| l.relation == Relation::Mention)
        .map(|l| index.records[l.to].id.as_str())
        .collect();
    written.insert("mentions".into(), json!(mentions));
    let backlinks: Vec<Value> = index.incoming[i]
        .iter()
        .map(|l| json!({ "id": index.records[l.from].id, "relation": l.relation }))
        .collect();
    written.insert("backlinks".into(), json!(backlinks));
    object.extend(written);
    value
}

/// A record's sections with their whole text, which the loaded model does
/// not keep (it is read again from the source).
fn sections(record: &crate::model::Record, config: &crate::config::Config) -> Value {
    /// A section as exported.
    #[derive(serde::Serialize)]
    struct Exported<'a> {
        heading: &'a str,
        key: Option<&'a str>,
        level: u8,
        line: usize,
        text: String,
        tasks: &'a [crate::model::Task],
    }
    let texts = crate::load::body::section_texts(record, config);
    let exported: Vec<Exported> = record
        .sections
        .iter()
        .zip(texts)
        .map(|(section, text)| Exported {
            heading: &section.heading,
            key: section.key.as_deref(),
            level: section.level,
            line: section.line,
            text,
            tasks: &section.tasks,
        })
        .collect();
    serde_json::to_value(exported).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parallel_compact_json_is_the_serialised_model() {
        let dir = crate::test_support::repo(&[
            (
                "items/PAY-1.md",
                "---\ntitle: One\ndepends_on: [PAY-2, NOPE-1]\n---\n## Why\nSee ADR-1.\n",
            ),
            ("items/PAY-2.md", "---\ntitle: Two \"quoted\"\n---\n"),
            ("decisions/ADR-1.md", "---\nstatus: accepted\n---\n"),
        ]);
        let project = Project::open(dir.path()).unwrap();
        let mut compact = Vec::new();
        write_compact_json(&project, &mut compact).unwrap();
        assert_eq!(
            String::from_utf8(compact).unwrap(),
            serde_json::to_string(&Model(&project)).unwrap()
        );
    }
}
