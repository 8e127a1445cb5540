//! The serialisable views templates receive (see `docs/templates.md`):
//! summaries of records, links to ids that may not exist, people and tags.

use crate::index::Index;
use crate::model::{Kind, Record};
use crate::render::markdown::record_url;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// A person or a tag: a name and the URL of its page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Named {
    /// Display name.
    pub name: String,
    /// Page URL, relative to the site root.
    pub url: String,
}

/// A record in a list or table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Id.
    pub id: String,
    /// `item`, `decision` or `session`.
    pub kind: Kind,
    /// Title.
    pub title: String,
    /// Page URL, relative to the site root.
    pub url: String,
    /// Status as written.
    pub status: Option<String>,
    /// Status category (`open`, `ready`, … `unknown`).
    pub status_category: Option<&'static str>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Item type.
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    /// Item priority: the rank, lower first.
    pub priority: Option<i64>,
    /// The priority as the team wrote it, when it is a word (`High`) that
    /// the rank was read from; pages show it instead of the rank.
    pub priority_label: Option<String>,
    /// Item estimate, as text.
    pub estimate: Option<String>,
    /// Item owner.
    pub owner: Option<Named>,
    /// Tags.
    pub tags: Vec<Named>,
    /// Decisions: the decisions that supersede it.
    pub superseded_by: Vec<LinkView>,
    /// The one-line why: `summary:`, a MADR decision outcome's first
    /// sentence, or the first sentence of the Why or Context section
    /// ([`one_line_why`]).
    pub why: Option<String>,
    /// Items being refined or waiting: readiness verdict and score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readiness: Option<Badge>,
}

/// The readiness of an item in a list: verdict and score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Badge {
    /// `ready`, `almost`, `not-ready` or `blocked`.
    pub verdict: &'static str,
    /// `ready`, `almost ready`, `not ready` or `blocked`.
    pub label: &'static str,
    /// Percentage of rules passed.
    pub score: u32,
}

impl Badge {
    /// The badge of an assessment.
    pub fn of(assessment: &crate::readiness::Assessment) -> Badge {
        Badge {
            verdict: assessment.verdict.as_str(),
            label: assessment.verdict.label(),
            score: assessment.score,
        }
    }
}

/// A reference to an id, which may not exist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkView {
    /// The id as written.
    pub id: String,
    /// False for a broken reference.
    pub exists: bool,
    /// Kind of the target.
    pub kind: Option<Kind>,
    /// Title of the target.
    pub title: Option<String>,
    /// URL of the target.
    pub url: Option<String>,
    /// Status of the target.
    pub status: Option<String>,
    /// Status category of the target.
    pub status_category: Option<&'static str>,
}

/// What [`Views::reusing`] may take from the views before an edit.
pub struct Reuse<'a> {
    /// The views before the edit.
    pub old: &'a Views,
    /// For each record, its index in `old` when its file did not change.
    pub old_of: &'a [Option<usize>],
    /// For each record, whether its old summary still holds, but for its
    /// readiness (nothing it shows changed).
    pub same: &'a [bool],
    /// Whether the people and tags are those of `old` (no record was added
    /// or removed, and the changed ones name the same people and tags).
    pub same_directory: bool,
}

/// The (role, record index) pairs of one person.
pub type Roles = Vec<(&'static str, usize)>;

/// People and tags, each with the records that name them.
#[derive(Debug, Default, Clone)]
pub struct Directory {
    /// Person slug → display name and (role, record) pairs.
    pub people: BTreeMap<String, (String, Roles)>,
    /// Tag slug → display name and records.
    pub tags: BTreeMap<String, (String, Vec<usize>)>,
    /// Sprint slug → the sprint's name, for every sprint an item names:
    /// each gets a page.
    pub sprints: BTreeMap<String, String>,
}

/// The key of a tag's or a person's page: its [`slug`](crate::text::slug),
/// so that `Payments` and `payments` share one; a name with no letter or
/// digit (`.`, `..`, the empty tag) is kept whole, escaped, so that such
/// names do not all share the page `-`.
pub fn name_slug(name: &str) -> String {
    if name.chars().any(char::is_alphanumeric) {
        crate::text::slug(name)
    } else {
        format!("-{}", crate::parse::ids::path_segment(name))
    }
}

/// The URL of a person's page.
pub fn person_url(name: &str) -> String {
    format!(
        "people/{}/index.html",
        crate::parse::ids::path_segment(&name_slug(name))
    )
}

/// The page of a sprint, relative to the site root.
pub fn sprint_url(name: &str) -> String {
    format!(
        "sprints/{}/index.html",
        crate::parse::ids::path_segment(&name_slug(name))
    )
}

/// The page of a tag, relative to the site root.
pub fn tag_url(name: &str) -> String {
    format!(
        "tags/{}/index.html",
        crate::parse::ids::path_segment(&name_slug(name))
    )
}

/// A person view.
pub fn person(name: &str) -> Named {
    Named {
        name: name.to_string(),
        url: person_url(name),
    }
}

/// Views shared by all pages, computed once.
pub struct Views {
    /// One summary per record, by record index; shared, so that the views
    /// `serve` makes after an edit reuse unchanged ones without copying them.
    pub summaries: Vec<Arc<Summary>>,
    /// People and tags.
    pub directory: Directory,
    /// Each summary as a JSON value, made on first use: pages that Tera
    /// writes clone it rather than serialise the summary again.
    /// `add_readiness` clears them.
    summary_json: Vec<OnceLock<Arc<Value>>>,
    /// For each record, the records of its kind before and after it in
    /// the order they were loaded (file order: `ADR-0003` between `ADR-0002`
    /// and `ADR-0004`), for a page's previous and next links.
    pub neighbours: Vec<[Option<usize>; 2]>,
}

/// Each record's previous and next record of the same kind, in load order.
fn neighbours(index: &Index) -> Vec<[Option<usize>; 2]> {
    let mut out = vec![[None, None]; index.records.len()];
    let mut last: BTreeMap<Kind, usize> = BTreeMap::new();
    for (i, record) in index.records.iter().enumerate() {
        if let Some(before) = last.insert(record.kind, i) {
            out[i][0] = Some(before);
            out[before][1] = Some(i);
        }
    }
    out
}

impl Views {
    /// Computes every summary and the directory.
    pub fn new(index: &Index) -> Views {
        let summaries: Vec<Arc<Summary>> = (0..index.records.len())
            .into_par_iter()
            .map(|i| Arc::new(summary(index, i)))
            .collect();
        Views {
            summary_json: empty_json(summaries.len()),
            summaries,
            directory: directory(index),
            neighbours: neighbours(index),
        }
    }

    /// [`Views::new`] with each assessed item's readiness badge, as every
    /// page shows them.
    pub fn with_readiness(index: &Index, readiness: &crate::readiness::Readiness) -> Views {
        let mut views = Views::new(index);
        views.add_readiness(readiness);
        views
    }

    /// The views of `index` with `readiness`, after an edit: the same as
    /// [`Views::with_readiness`], reusing what `reuse` says still holds.
    pub fn reusing(index: &Index, readiness: &crate::readiness::Readiness, reuse: Reuse) -> Views {
        let Reuse {
            old,
            old_of,
            same,
            same_directory,
        } = reuse;
        let summaries: Vec<Arc<Summary>> = (0..index.records.len())
            .into_par_iter()
            .map(|i| {
                let badge = readiness.get(i).map(Badge::of);
                match old_of[i] {
                    // Unchanged, readiness too: the same summary, shared.
                    Some(j) if same.get(i) == Some(&true) && old.summaries[j].readiness == badge => {
                        Arc::clone(&old.summaries[j])
                    }
                    Some(j) if same.get(i) == Some(&true) => Arc::new(Summary {
                        readiness: badge,
                        ..Summary::clone(&old.summaries[j])
                    }),
                    _ => Arc::new(Summary {
                        readiness: badge,
                        ..summary(index, i)
                    }),
                }
            })
            .collect();
        // A summary equal to the old one serialises to the same JSON.
        let summary_json = (0..summaries.len())
            .map(|i| {
                let cell = OnceLock::new();
                if let Some(j) = old_of[i] {
                    if let Some(json) = old.summary_json[j].get() {
                        if same_summary(&old.summaries[j], &summaries[i]) {
                            let _ = cell.set(json.clone());
                        }
                    }
                }
                cell
            })
            .collect();
        let directory = if same_directory {
            old.directory.clone()
        } else {
            directory(index)
        };
        Views {
            summaries,
            directory,
            summary_json,
            neighbours: neighbours(index),
        }
    }

    /// A link view of a record known to exist.
    pub fn link_to(&self, i: usize) -> LinkView {
        let s = &self.summaries[i];
        LinkView {
            id: s.id.clone(),
            exists: true,
            kind: Some(s.kind),
            title: Some(s.title.clone()),
            url: Some(s.url.clone()),
            status: s.status.clone(),
            status_category: s.status_category,
        }
    }

    /// A link view of an id, which may not exist.
    pub fn link(&self, index: &Index, id: &str) -> LinkView {
        match index.get(id) {
            Some(i) => self.link_to(i),
            None => LinkView {
                id: id.to_string(),
                exists: false,
                kind: None,
                title: None,
                url: None,
                status: None,
                status_category: None,
            },
        }
    }

    /// Adds each assessed item's readiness badge to its summary.
    pub fn add_readiness(&mut self, readiness: &crate::readiness::Readiness) {
        for (i, assessment) in readiness.iter() {
            Arc::make_mut(&mut self.summaries[i]).readiness = Some(Badge::of(assessment));
        }
        self.summary_json = empty_json(self.summaries.len());
    }

    /// Summaries of several records.
    pub fn summaries_of(&self, records: impl IntoIterator<Item = usize>) -> Vec<&Summary> {
        records.into_iter().map(|i| &*self.summaries[i]).collect()
    }

    /// The summary of record `i` as a JSON value, as templates receive it.
    pub fn summary_value(&self, i: usize) -> Value {
        Value::clone(self.summary_json_of(i))
    }

    /// Summaries of several records, as a JSON array.
    pub fn summary_list(&self, records: impl IntoIterator<Item = usize>) -> Value {
        Value::Array(records.into_iter().map(|i| self.summary_value(i)).collect())
    }

    /// The summary of record `i` serialised, once, on first use.
    fn summary_json_of(&self, i: usize) -> &Value {
        self.summary_json[i]
            .get_or_init(|| Arc::new(serde_json::to_value(&*self.summaries[i]).unwrap_or_default()))
    }
}

/// Whether two shared summaries are equal: the same one, or equal values.
pub fn same_summary(a: &Arc<Summary>, b: &Arc<Summary>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

/// One empty JSON cell per summary.
fn empty_json(count: usize) -> Vec<OnceLock<Arc<Value>>> {
    (0..count).map(|_| OnceLock::new()).collect()
}

/// The status a record's pages show: as the team wrote it in an existing
/// format (`To Do`, `Accepted` without its emoji), else the status read.
/// Records without a status in the vocabulary show none.
pub fn shown_status(record: &Record) -> Option<String> {
    record.status.as_ref()?;
    record
        .reading
        .as_ref()
        .and_then(|reading| reading.written_status.as_deref())
        .and_then(crate::history::status::status_words)
        .or_else(|| record.status.clone())
}

/// The priority word a record's file gives (`High`, `medium`), when its
/// rank was read from a word rather than written as a number.
fn priority_word(record: &Record) -> Option<String> {
    record.priority?;
    match record.front_matter.get("priority")? {
        Value::String(word) if word.trim().parse::<f64>().is_err() => Some(word.trim().to_string()),
        _ => None,
    }
}

/// The summary of record `i`.
fn summary(index: &Index, i: usize) -> Summary {
    let record = &index.records[i];
    Summary {
        id: record.id.clone(),
        kind: record.kind,
        title: record.title.clone(),
        url: record_url(index, i),
        status: shown_status(record),
        status_category: index.status_category_name(i),
        date: record.date.clone(),
        item_type: record
            .item_type
            .clone()
            .or_else(|| (record.kind == Kind::Item).then(|| "story".to_string())),
        priority: record.priority,
        priority_label: priority_word(record),
        estimate: record.estimate.as_ref().map(|e| e.to_string()),
        owner: record.owner.as_deref().map(person),
        tags: record
            .tags
            .iter()
            .map(|t| Named {
                name: t.clone(),
                url: tag_url(t),
            })
            .collect(),
        superseded_by: index.superseded_by[i]
            .iter()
            .map(|&s| {
                let r = &index.records[s];
                LinkView {
                    id: r.id.clone(),
                    exists: true,
                    kind: Some(r.kind),
                    title: Some(r.title.clone()),
                    url: Some(record_url(index, s)),
                    status: shown_status(r),
                    status_category: index.status_category_name(s),
                }
            })
            .collect(),
        why: one_line_why(record),
        readiness: None,
    }
}

/// A record's why in one line, as lists show it: its `summary:`, else for a
/// decision the first sentence of a MADR "Decision Outcome" section (which
/// gives the chosen option and its reason), else the first sentence of its
/// Why or Context section.
pub fn one_line_why(record: &Record) -> Option<String> {
    let first = |section: &crate::model::Section| {
        Some(crate::text::first_sentence(&section.lead)).filter(|s| !s.is_empty())
    };
    if let Some(summary) = record.summary.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        return Some(summary.to_string());
    }
    if record.kind == Kind::Decision {
        let outcome = record
            .sections
            .iter()
            .find(|s| s.key.as_deref() == Some("decision") && s.heading.to_lowercase().contains("outcome"));
        if let Some(why) = outcome.and_then(first) {
            return Some(why);
        }
    }
    record.section("why").and_then(first)
}

/// Every person named by a record, with the role they play in it.
pub fn roles(record: &Record) -> Vec<(&'static str, &str)> {
    let mut out = Vec::new();
    if let Some(owner) = &record.owner {
        out.push(("owner", owner.as_str()));
    }
    out.extend(record.deciders.iter().map(|p| ("decider", p.as_str())));
    out.extend(record.consulted.iter().map(|p| ("consulted", p.as_str())));
    out.extend(record.informed.iter().map(|p| ("informed", p.as_str())));
    if let Some(f) = &record.facilitator {
        out.push(("facilitator", f.as_str()));
    }
    out.extend(record.participants.iter().map(|p| ("participant", p.as_str())));
    if let Some(f) = &record.first_proposal {
        out.push(("first proposal", f.as_str()));
    }
    out
}

/// The people (role, name, slug) and tags (name, slug) one record names.
type NamesOf<'a> = (Vec<(&'static str, &'a str, String)>, Vec<(&'a String, String)>);

fn directory(index: &Index) -> Directory {
    // Slugs are made in parallel; the lists are then filled in record order.
    let named: Vec<NamesOf> = index
        .records
        .par_iter()
        .map(|record| {
            let people = roles(record)
                .into_iter()
                .map(|(role, name)| (role, name, name_slug(name)))
                .collect();
            let tags = record.tags.iter().map(|t| (t, name_slug(t))).collect();
            (people, tags)
        })
        .collect();
    let mut directory = Directory::default();
    for record in &index.records {
        if let Some(name) = crate::history::sprints::sprint_of(record) {
            directory.sprints.insert(name_slug(&name), name);
        }
    }
    for (i, (people, tags)) in named.into_iter().enumerate() {
        for (role, name, slug) in people {
            let entry = directory
                .people
                .entry(slug)
                .or_insert_with(|| (name.to_string(), Vec::new()));
            // Records come in order: only this record's roles can repeat.
            if !entry
                .1
                .iter()
                .rev()
                .take_while(|&&(_, j)| j == i)
                .any(|&(r, _)| r == role)
            {
                entry.1.push((role, i));
            }
        }
        for (tag, slug) in tags {
            let entry = directory
                .tags
                .entry(slug)
                .or_insert_with(|| (tag.clone(), Vec::new()));
            if entry.1.last() != Some(&i) {
                entry.1.push(i);
            }
        }
    }
    directory
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::readiness::Readiness;
    use crate::test_support::indexed;

    #[test]
    fn the_one_line_why_is_the_summary_then_the_outcome_then_the_context() {
        let files = [
            (
                "decisions/ADR-1-a.md",
                "---\nsummary: Cents never drift.\n---\n## Context\n\nFloats lose cents. More.\n",
            ),
            (
                "decisions/ADR-2-b.md",
                "---\nstatus: accepted\n---\n## Context and Problem Statement\n\nWe need a queue. More.\n\n## Decision Outcome\n\nChosen option: \"SQS\", because it is managed. More.\n",
            ),
            (
                "decisions/ADR-3-c.md",
                "---\n---\n## Context\n\nWebhooks get lost. More.\n\n## Decision\n\nWe will queue them.\n",
            ),
        ];
        let config = Config::default();
        let (_dir, index, _) = indexed(&files, &config);
        let views = Views::new(&index);
        let why = |id: &str| views.summaries[index.get(id).unwrap()].why.clone();
        assert_eq!(why("ADR-1").as_deref(), Some("Cents never drift."));
        assert_eq!(
            why("ADR-2").as_deref(),
            Some("Chosen option: \"SQS\", because it is managed.")
        );
        assert_eq!(why("ADR-3").as_deref(), Some("Webhooks get lost."));
    }

    #[test]
    fn neighbours_are_the_records_of_the_same_kind_in_file_order() {
        let files = [
            ("decisions/ADR-1-a.md", "---\n---\n"),
            ("decisions/ADR-2-b.md", "---\n---\n"),
            ("items/PAY-1.md", "---\n---\n"),
            ("decisions/ADR-3-c.md", "---\n---\n"),
        ];
        let config = Config::default();
        let (_dir, index, _) = indexed(&files, &config);
        let views = Views::new(&index);
        let around = |id: &str| {
            views.neighbours[index.get(id).unwrap()].map(|n| n.map(|n| index.records[n].id.clone()))
        };
        assert_eq!(around("ADR-1"), [None, Some("ADR-2".to_string())]);
        assert_eq!(
            around("ADR-2"),
            [Some("ADR-1".to_string()), Some("ADR-3".to_string())]
        );
        assert_eq!(around("PAY-1"), [None, None]);
    }

    /// Every summary of `views` as JSON, as pages receive them.
    fn json(views: &Views) -> Vec<Value> {
        (0..views.summaries.len())
            .map(|i| views.summary_value(i))
            .collect()
    }

    #[test]
    fn views_reused_after_an_edit_equal_views_made_afresh() {
        let config = Config::default();
        let files = [
            (
                "decisions/ADR-1.md",
                "---\ntitle: Old way\nstatus: accepted\n---\n",
            ),
            (
                "items/PAY-1.md",
                "---\ntitle: One\ntags: [a]\n---\n## Why\n\nBecause. More.\n",
            ),
            (
                "items/PAY-2.md",
                "---\ntitle: Two\nowner: ana\n---\n## Why\n\nTwo reasons.\n",
            ),
        ];
        let (dir, index, _) = indexed(&files, &config);
        let readiness = Readiness::assess(&index, &config);
        let old = Views::with_readiness(&index, &readiness);
        // Every summary serialised, as the pages Tera writes would.
        json(&old);

        // A new decision supersedes ADR-1 (whose summary shows it) and PAY-1's Why changes.
        let new_files = [
            (
                "decisions/ADR-2.md",
                "---\ntitle: New way\nsupersedes: [ADR-1]\n---\n",
            ),
            (
                "items/PAY-1.md",
                "---\ntitle: One\ntags: [b]\n---\n## Why\n\nOther reasons.\n",
            ),
        ];
        for (path, text) in new_files {
            std::fs::write(dir.path().join(path), text).unwrap();
        }
        let index = Index::build(crate::load::load(dir.path(), &config).records, &config);
        let readiness = Readiness::assess(&index, &config);
        // ADR-1, ADR-2 (new), PAY-1 (changed), PAY-2.
        let unchanged = [Some(0), None, None, Some(2)];
        // ADR-1 is near ADR-2, PAY-2 near nothing changed.
        let same = [false, false, false, true];
        let reuse = Reuse {
            old: &old,
            old_of: &unchanged,
            same: &same,
            same_directory: false,
        };
        let reused = Views::reusing(&index, &readiness, reuse);
        let fresh = Views::with_readiness(&index, &readiness);
        assert_eq!(reused.summaries, fresh.summaries);
        assert_eq!(json(&reused), json(&fresh));
        assert_eq!(reused.summaries[2].why.as_deref(), Some("Other reasons."));
        assert_eq!(reused.summaries[0].superseded_by[0].id, "ADR-2");
        assert_eq!(
            format!("{:?}", reused.directory),
            format!("{:?}", fresh.directory)
        );
    }
}
