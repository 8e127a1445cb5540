//! What a change does to the records: two checked models (the records at a
//! base revision and at a head revision or the working tree) compared into
//! one [`Report`], which [`format`] prints for people, for pull-request
//! comments and for tools.
//!
//! Records are matched by id, so a moved file is a rename and a new title a
//! retitle; diagnostics are matched by code, record and message, never by
//! line, so an edit above a problem does not make it look new.

pub mod format;

use crate::diagnostic::{Diagnostic, Severity};
use crate::index::Index;
use crate::model::{DecisionCategory, Kind};
use crate::project::Project;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// One side of the comparison, as the report names it.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// What was compared: `main (merge base 3f2a9c1e0b)`, `working tree`.
    pub label: String,
    /// The commit, when the side is one.
    pub commit: Option<String>,
}

/// A record as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordRef {
    pub id: String,
    pub kind: &'static str,
    pub title: String,
    pub status: Option<String>,
    pub file: String,
}

/// A record whose file moved, its id kept.
#[derive(Debug, Clone, Serialize)]
pub struct Renamed {
    pub id: String,
    pub title: String,
    pub from: String,
    pub to: String,
}

/// A record whose title changed.
#[derive(Debug, Clone, Serialize)]
pub struct Retitled {
    pub id: String,
    pub file: String,
    pub from: String,
    pub to: String,
}

/// A record whose `status` changed.
#[derive(Debug, Clone, Serialize)]
pub struct StatusChange {
    pub id: String,
    pub kind: &'static str,
    pub title: String,
    pub file: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// An item whose readiness verdict changed, with the rules that explain it.
#[derive(Debug, Clone, Serialize)]
pub struct ReadinessChange {
    pub id: String,
    pub title: String,
    pub file: String,
    /// `ready`, `almost`, `not-ready`, `blocked`; `None` when not judged
    /// (a new item, or one in progress or closed).
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
    /// Rules that fail now and did not before, with what they say.
    pub now_failing: Vec<String>,
    /// Rules that failed before and pass now.
    pub now_passing: Vec<String>,
}

/// A decision whose standing changed: proposed, accepted, rejected,
/// deprecated or superseded (by its successors).
#[derive(Debug, Clone, Serialize)]
pub struct DecisionChange {
    pub id: String,
    pub title: String,
    pub file: String,
    /// The standing before, `None` for a new decision.
    pub from: Option<&'static str>,
    /// The standing after, `None` for a removed one.
    pub to: Option<&'static str>,
    /// The decisions in force that supersede it, after the change.
    pub superseded_by: Vec<String>,
}

/// A diagnostic as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub code: &'static str,
    pub severity: &'static str,
    /// The id of the record the file holds, when it holds one.
    pub record: Option<String>,
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// What a change does to the records.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub base: Side,
    pub head: Side,
    pub added: Vec<RecordRef>,
    pub removed: Vec<RecordRef>,
    pub renamed: Vec<Renamed>,
    pub retitled: Vec<Retitled>,
    pub statuses: Vec<StatusChange>,
    pub readiness: Vec<ReadinessChange>,
    pub decisions: Vec<DecisionChange>,
    /// Diagnostics of the head that the base did not have.
    pub introduced: Vec<Problem>,
    /// Diagnostics of the base that the head no longer has.
    pub resolved: Vec<Problem>,
}

impl Report {
    /// True when the change touches nothing the report shows.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.renamed.is_empty()
            && self.retitled.is_empty()
            && self.statuses.is_empty()
            && self.readiness.is_empty()
            && self.decisions.is_empty()
            && self.introduced.is_empty()
            && self.resolved.is_empty()
    }

    /// How many errors the change introduces.
    pub fn new_errors(&self) -> usize {
        self.introduced.iter().filter(|p| p.severity == "error").count()
    }
}

/// Compares the records of `base` with those of `head`.
pub fn compare(base: &Project, head: &Project, base_side: Side, head_side: Side) -> Report {
    let pairs = pair_records(&base.index, &head.index);
    let mut report = Report {
        base: base_side,
        head: head_side,
        added: Vec::new(),
        removed: Vec::new(),
        renamed: Vec::new(),
        retitled: Vec::new(),
        statuses: Vec::new(),
        readiness: Vec::new(),
        decisions: Vec::new(),
        introduced: Vec::new(),
        resolved: Vec::new(),
    };
    for pair in &pairs {
        match *pair {
            (Some(b), None) => {
                report.removed.push(record_ref(&base.index, b));
                decision_change(&mut report, base, head, Some(b), None);
            }
            (None, Some(h)) => {
                report.added.push(record_ref(&head.index, h));
                decision_change(&mut report, base, head, None, Some(h));
                readiness_change(&mut report, base, head, None, Some(h));
            }
            (Some(b), Some(h)) => {
                compare_record(&mut report, base, head, b, h);
                decision_change(&mut report, base, head, Some(b), Some(h));
                readiness_change(&mut report, base, head, Some(b), Some(h));
            }
            (None, None) => {}
        }
    }
    let (introduced, resolved) = compare_diagnostics(base, head);
    report.introduced = introduced;
    report.resolved = resolved;
    report
}

/// Pairs the records of two indexes by id; a record whose id is held by
/// several records on one side is paired by id and file. Ordered by the
/// head's file, then the removed records by the base's.
fn pair_records(base: &Index, head: &Index) -> Vec<(Option<usize>, Option<usize>)> {
    let mut base_by_id: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, record) in base.records.iter().enumerate() {
        base_by_id.entry(record.id.as_str()).or_default().push(i);
    }
    let mut head_count: FxHashMap<&str, usize> = FxHashMap::default();
    for record in &head.records {
        *head_count.entry(record.id.as_str()).or_default() += 1;
    }
    let mut taken = vec![false; base.records.len()];
    let mut pairs = Vec::new();
    for (h, record) in head.records.iter().enumerate() {
        let candidates = base_by_id
            .get(record.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let unique = candidates.len() == 1 && head_count[record.id.as_str()] == 1;
        let found = if unique {
            Some(candidates[0])
        } else {
            candidates
                .iter()
                .copied()
                .find(|&b| !taken[b] && base.records[b].file == record.file)
        };
        if let Some(b) = found {
            taken[b] = true;
        }
        pairs.push((found, Some(h)));
    }
    pairs.extend(
        (0..base.records.len())
            .filter(|&b| !taken[b])
            .map(|b| (Some(b), None)),
    );
    pairs
}

fn file_of(index: &Index, i: usize) -> String {
    index.records[i].file.to_string_lossy().replace('\\', "/")
}

fn record_ref(index: &Index, i: usize) -> RecordRef {
    let record = &index.records[i];
    RecordRef {
        id: record.id.clone(),
        kind: record.kind.as_str(),
        title: record.title.clone(),
        status: record.status.clone(),
        file: file_of(index, i),
    }
}

/// The renames, retitles and status changes of one record.
fn compare_record(report: &mut Report, base: &Project, head: &Project, b: usize, h: usize) {
    let (before, after) = (&base.index.records[b], &head.index.records[h]);
    if before.file != after.file {
        report.renamed.push(Renamed {
            id: after.id.clone(),
            title: after.title.clone(),
            from: file_of(&base.index, b),
            to: file_of(&head.index, h),
        });
    }
    if before.title != after.title {
        report.retitled.push(Retitled {
            id: after.id.clone(),
            file: file_of(&head.index, h),
            from: before.title.clone(),
            to: after.title.clone(),
        });
    }
    if before.status != after.status {
        report.statuses.push(StatusChange {
            id: after.id.clone(),
            kind: after.kind.as_str(),
            title: after.title.clone(),
            file: file_of(&head.index, h),
            from: before.status.clone(),
            to: after.status.clone(),
        });
    }
}

/// A decision's standing: what its status category says, or `superseded`
/// when an accepted decision replaces it.
fn standing(index: &Index, i: usize) -> Option<&'static str> {
    if index.records[i].kind != Kind::Decision {
        return None;
    }
    let category = index.decision_category(i);
    if index.is_retired(i)
        && !matches!(
            category,
            Some(DecisionCategory::Rejected | DecisionCategory::Deprecated)
        )
    {
        return Some("superseded");
    }
    Some(category.map_or("unknown", DecisionCategory::as_str))
}

fn decision_change(report: &mut Report, base: &Project, head: &Project, b: Option<usize>, h: Option<usize>) {
    let from = b.and_then(|b| standing(&base.index, b));
    let to = h.and_then(|h| standing(&head.index, h));
    if from == to || (from.is_none() && to.is_none()) {
        return;
    }
    let (index, i) = match h {
        Some(h) => (&head.index, h),
        None => (&base.index, b.unwrap_or_default()),
    };
    let superseded_by = match h {
        Some(h) => head
            .index
            .current_successors(h)
            .into_iter()
            .map(|s| head.index.records[s].id.clone())
            .collect(),
        None => Vec::new(),
    };
    report.decisions.push(DecisionChange {
        id: index.records[i].id.clone(),
        title: index.records[i].title.clone(),
        file: file_of(index, i),
        from,
        to,
        superseded_by,
    });
}

fn readiness_change(report: &mut Report, base: &Project, head: &Project, b: Option<usize>, h: Option<usize>) {
    let before = b.and_then(|b| base.readiness.get(b));
    let after = h.and_then(|h| head.readiness.get(h));
    let verdict = |a: Option<&crate::readiness::Assessment>| a.map(|a| a.verdict.as_str());
    if verdict(before) == verdict(after) {
        return;
    }
    let failing = |a: Option<&crate::readiness::Assessment>| -> Vec<(String, String)> {
        a.map(|a| {
            a.failed()
                .map(|r| (r.rule.clone(), format!("{}: {}", r.label, r.message)))
                .collect()
        })
        .unwrap_or_default()
    };
    let (was, is) = (failing(before), failing(after));
    let now_failing = is
        .iter()
        .filter(|(rule, _)| !was.iter().any(|(r, _)| r == rule))
        .map(|(_, text)| text.clone())
        .collect();
    let now_passing = was
        .iter()
        .filter(|(rule, _)| after.is_some() && !is.iter().any(|(r, _)| r == rule))
        .map(|(_, text)| text.split(':').next().unwrap_or(text).to_string())
        .collect();
    let (index, i) = match h {
        Some(h) => (&head.index, h),
        None => (&base.index, b.unwrap_or_default()),
    };
    report.readiness.push(ReadinessChange {
        id: index.records[i].id.clone(),
        title: index.records[i].title.clone(),
        file: file_of(index, i),
        from: verdict(before),
        to: verdict(after),
        now_failing,
        now_passing,
    });
}

/// The diagnostics of one side as problems, keyed by code, record (or file
/// when no record holds it) and message.
fn problems(project: &Project) -> Vec<((&'static str, String, String), Problem)> {
    let by_file: FxHashMap<&std::path::Path, &str> = project
        .index
        .records
        .iter()
        .map(|r| (r.file.as_path(), r.id.as_str()))
        .collect();
    project
        .diagnostics
        .iter()
        .map(|d: &Diagnostic| {
            let record = by_file.get(d.file.as_path()).map(|id| id.to_string());
            let file = d.file.to_string_lossy().replace('\\', "/");
            let message = d.one_line();
            let key = (
                d.code.as_str(),
                record.clone().unwrap_or_else(|| file.clone()),
                message.clone(),
            );
            let problem = Problem {
                code: d.code.as_str(),
                severity: severity_name(d.severity),
                record,
                file,
                line: d.line,
                message,
            };
            (key, problem)
        })
        .collect()
}

fn severity_name(severity: Severity) -> &'static str {
    severity.as_str()
}

/// The diagnostics the head has and the base had not (introduced), and the
/// other way round (resolved), counting repeats.
fn compare_diagnostics(base: &Project, head: &Project) -> (Vec<Problem>, Vec<Problem>) {
    let before = problems(base);
    let after = problems(head);
    let mut count: FxHashMap<&(&'static str, String, String), isize> = FxHashMap::default();
    for (key, _) in &before {
        *count.entry(key).or_default() += 1;
    }
    let mut introduced = Vec::new();
    for (key, problem) in &after {
        let left = count.entry(key).or_default();
        if *left > 0 {
            *left -= 1;
        } else {
            introduced.push(problem.clone());
        }
    }
    let mut still: FxHashMap<&(&'static str, String, String), isize> = FxHashMap::default();
    for (key, _) in &after {
        *still.entry(key).or_default() += 1;
    }
    let mut resolved = Vec::new();
    for (key, problem) in &before {
        let left = still.entry(key).or_default();
        if *left > 0 {
            *left -= 1;
        } else {
            resolved.push(problem.clone());
        }
    }
    (introduced, resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, Project) {
        let dir = crate::test_support::repo(files);
        let mut config = crate::config::Config::default();
        config.history.enabled = false;
        let loaded = crate::load::load(dir.path(), &config);
        let project = Project::from_loaded(dir.path(), config, loaded);
        (dir, project)
    }

    fn side(label: &str) -> Side {
        Side {
            label: label.to_string(),
            commit: None,
        }
    }

    #[test]
    fn a_problem_moved_down_a_line_is_neither_new_nor_resolved() {
        let broken = "---\nid: PAY-1\ntitle: A\nstatus: refining\ndepends_on: [PAY-9]\n---\n";
        let moved = "---\nid: PAY-1\ntitle: A\nowner: ana\nstatus: refining\ndepends_on: [PAY-9]\n---\n";
        let (_a, base) = project(&[("items/PAY-1-a.md", broken)]);
        let (_b, head) = project(&[("items/PAY-1-a.md", moved)]);
        let lines = |p: &Project| -> Vec<usize> {
            (p.diagnostics.iter())
                .filter(|d| d.code == crate::diagnostic::Code::BrokenReference)
                .map(|d| d.line)
                .collect()
        };
        assert_eq!((lines(&base), lines(&head)), (vec![5], vec![6]));
        let report = compare(&base, &head, side("base"), side("head"));
        assert!(report.introduced.is_empty(), "{:?}", report.introduced);
        assert!(report.resolved.is_empty(), "{:?}", report.resolved);
    }

    #[test]
    fn records_sharing_an_id_are_paired_by_file() {
        let record = |title: &str| format!("---\nid: ADR-2\ntitle: {title}\nstatus: proposed\n---\n");
        let (_a, base) = project(&[("decisions/ADR-2-kafka.md", &record("Kafka"))]);
        let (_b, head) = project(&[
            ("decisions/ADR-2-kafka.md", &record("Kafka")),
            ("decisions/ADR-2-redis.md", &record("Redis")),
        ]);
        let report = compare(&base, &head, side("base"), side("head"));
        assert_eq!(report.added.len(), 1, "{:?}", report.added);
        assert_eq!(report.added[0].file, "decisions/ADR-2-redis.md");
        assert!(report.renamed.is_empty() && report.retitled.is_empty());
        assert!(report.introduced.iter().any(|p| p.code == "duplicate-id"));
    }
}
