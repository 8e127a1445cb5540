//! Stage 3, check: every diagnostic over the index, all in one run.
//!
//! Each rule is a small function adding to one list; the configuration then
//! sets each diagnostic's severity (or drops it when its code is `off`).

pub mod code;
pub mod decisions;
mod diagrams;
mod ids;
pub mod readiness;
pub mod report;
pub mod sprints;
mod window;

use crate::config::{Config, DecisionCategory};
use crate::diagnostic::{self, Code, Diagnostic};
use crate::index::{graph, Index};
use crate::model::{Kind, Record, Relation};
use crate::parse::fields::{key_span, value_span};
use crate::parse::ids::split_qualified;
use std::path::{Component, Path, PathBuf};

/// Runs every rule. `found` holds the loader's diagnostics; `root` is used to
/// see whether linked files exist.
pub fn check(index: &Index, found: Vec<Diagnostic>, config: &Config, root: &Path) -> Vec<Diagnostic> {
    let mut out = found;
    duplicate_ids(index, &mut out);
    ids::ambiguous_ids(index, &mut out);
    ids::unusual_ids(index, &mut out);
    broken_references(index, &mut out);
    broken_links(index, root, &mut out);
    unknown_statuses(index, config, &mut out);
    unknown_types(index, config, &mut out);
    supersede_mismatches(index, &mut out);
    cycles(index, &mut out);
    stale_decision_links(index, &mut out);
    missing_rationale(index, &mut out);
    session_limits(index, config, &mut out);
    diagrams::not_rendered(index, &mut out);
    apply_severities(out, config)
}

/// Sets each diagnostic's configured severity, drops those turned off, and sorts.
pub fn apply_severities(diagnostics: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter_map(|mut d| {
            d.severity = config.severity_of(d.code)?;
            Some(d)
        })
        .collect();
    diagnostic::sort(&mut out);
    out.dedup();
    out
}

pub(crate) fn at(record: &Record, code: Code, span: std::ops::Range<usize>, message: String) -> Diagnostic {
    Diagnostic::new(code, &record.file, message).at(record.source(), span)
}

/// Makes diagnostics of one record after another, with their positions
/// found by going on from the one before ([`crate::text::Positions`]): a
/// file with ten thousand broken links costs one pass, not ten thousand.
#[derive(Default)]
pub(crate) struct Placer<'a> {
    current: Option<(&'a Record, crate::text::Positions<'a>)>,
}

impl<'a> Placer<'a> {
    /// [`at`], quicker when `record` is the record of the diagnostic before.
    pub(crate) fn at(
        &mut self,
        record: &'a Record,
        code: Code,
        span: std::ops::Range<usize>,
        message: String,
    ) -> Diagnostic {
        let same = matches!(&self.current, Some((r, _)) if std::ptr::eq(*r, record));
        if !same {
            self.current = Some((record, crate::text::Positions::new(record.source())));
        }
        let (_, positions) = self.current.as_mut().expect("set just above");
        Diagnostic::new(code, &record.file, message).at_position(positions, span)
    }
}

fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    crate::text::closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

fn duplicate_ids(index: &Index, out: &mut Vec<Diagnostic>) {
    for &(duplicate, first) in &index.duplicates {
        let record = &index.records[duplicate];
        let holder = &index.records[first];
        let prefix = crate::parse::ids::common_prefix([record.id.as_str()]).unwrap_or_default();
        let help = if prefix.is_empty() {
            "give this record an id of its own".to_string()
        } else {
            let next = crate::parse::ids::next_id(index.ids(), &prefix, 1);
            format!("give this record an id of its own, e.g. `{next}` (the next free one)")
        };
        let span = key_span(record, "id", Some(&record.id));
        out.push(
            at(
                record,
                Code::DuplicateId,
                span,
                format!("id `{}` is also used by {}", record.id, holder.file.display()),
            )
            .with_help(help),
        );
    }
}

fn broken_references(index: &Index, out: &mut Vec<Diagnostic>) {
    let mut placer = Placer::default();
    // Filed once per kind asked for, and only when a reference is broken:
    // comparing each broken id with every id took minutes on thousands.
    let mut nearby: rustc_hash::FxHashMap<Option<Kind>, crate::text::Nearby> = Default::default();
    for unresolved in &index.unresolved {
        let record = &index.records[unresolved.from];
        let reference = &unresolved.reference;
        let expected = reference.relation.target_kind();
        let kind = expected.map(Kind::as_str).unwrap_or("record");
        let target = &reference.target;
        let (message, help) = match unresolved.wrong_kind {
            Some(other) => {
                let actual = index.records[other].kind.as_str();
                let key = reference.relation.key();
                (
                    format!(
                        "`{target}` is {} {actual}, but `{key}` must name {} {kind}",
                        article(actual),
                        article(kind)
                    ),
                    format!(
                        "move `{target}` to the key for {actual}s, or name {} {kind} here",
                        article(kind)
                    ),
                )
            }
            None if index.repositories.is_some() && split_qualified(target).is_some() => {
                portal_reference_message(index, target, kind)
            }
            None => {
                let ids = nearby.entry(expected).or_insert_with(|| match expected {
                    Some(kind) => crate::text::Nearby::new(index.ids_of(kind)),
                    None => crate::text::Nearby::new(index.ids()),
                });
                let suggestion = ids.closest(target).map(|c| format!("did you mean `{c}`?"));
                (
                    format!("`{target}` is not a known {kind}: no record has this id"),
                    suggestion.unwrap_or_else(|| format!("create the {kind} or remove the reference")),
                )
            }
        };
        let diagnostic = placer
            .at(record, Code::BrokenReference, reference.span.clone(), message)
            .with_help(help);
        out.push(diagnostic);
    }
}

/// The message and help of a portal's broken `NAME:ID`: the repository
/// it names does not exist, or holds no record with that id.
fn portal_reference_message(index: &Index, target: &str, kind: &str) -> (String, String) {
    let Some((repositories, (name, local))) = index.repositories.as_ref().zip(split_qualified(target)) else {
        return (format!("`{target}` is not a known {kind}"), String::new());
    };
    if repositories.position(name).is_none() {
        let names = repositories.names.iter().map(String::as_str);
        let help = crate::text::closest(name, names)
            .map(|s| format!("did you mean `{s}:{local}`?"))
            .unwrap_or_else(|| format!("the portal's repositories are {}", repositories.names.join(", ")));
        return (
            format!("`{target}` names no repository `{name}` of the portal"),
            help,
        );
    }
    let prefix = format!("{name}:");
    let ids = index.ids().filter_map(|id| id.strip_prefix(&prefix));
    let help = crate::text::closest(local, ids)
        .map(|s| format!("did you mean `{prefix}{s}`?"))
        .unwrap_or_else(|| format!("create the {kind} in repository {name}, or remove the reference"));
    (
        format!("`{target}` is not a known {kind}: no record {local} in repository {name}"),
        help,
    )
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The path from folder `from` to `to`, both relative to the root.
fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to_parts: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to_parts[common..] {
        out.push(part);
    }
    out
}

fn broken_links(index: &Index, root: &Path, out: &mut Vec<Diagnostic>) {
    use crate::parse::links::{classify_linked_file, LinkedFile};
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // A link to a record's file leads to the record's page: no need to ask the
    // disk. Keyed by the paths' bytes, as the index's record files are.
    let record_files: rustc_hash::FxHashSet<&std::ffi::OsStr> =
        index.records.iter().map(|r| r.file.as_os_str()).collect();
    let mut placer = Placer::default();
    for record in &index.records {
        for link in &record.file_links {
            let target = link.path.as_ref().map(|p| {
                if record_files.contains(p.as_os_str()) {
                    LinkedFile::File
                } else {
                    classify_linked_file(root, &canonical_root, p)
                }
            });
            // A folder of the repository is there: the site leads to its
            // README or index, or leaves the text unlinked.
            if matches!(target, Some(LinkedFile::File | LinkedFile::Folder)) {
                continue;
            }
            let folder = record.file.parent().unwrap_or(Path::new(""));
            let wanted = link
                .path
                .as_ref()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned());
            let suggestion = wanted.and_then(|name| {
                let names = index.records.iter().filter_map(|r| r.file.file_name()?.to_str());
                let best = crate::text::closest(&name, names)?;
                let target = index
                    .records
                    .iter()
                    .find(|r| r.file.file_name().and_then(|n| n.to_str()) == Some(best))?;
                Some(relative_path(folder, &target.file))
            });
            let help = match suggestion {
                Some(path) => format!("did you mean `{}`?", path.to_string_lossy().replace('\\', "/")),
                None => "fix the path, relative to this file's folder, or remove the link".to_string(),
            };
            let destination = &link.destination;
            if let (Some(LinkedFile::Unsafe | LinkedFile::Unreadable), Some(path)) = (target, &link.path) {
                out.push(unsafe_link(record, link, root, &canonical_root, path));
                continue;
            }
            let message = match target {
                None => format!("link to `{destination}` leads outside the records repository"),
                Some(LinkedFile::Hidden) => {
                    format!("link to `{destination}`: hidden files are not published with the site")
                }
                _ => format!("link to `{destination}`: no such file"),
            };
            out.push(
                placer
                    .at(record, Code::BrokenLink, link.span.clone(), message)
                    .with_help(help),
            );
        }
    }
}

/// The `unsafe-file` error for a link to a file that is never read: a
/// symbolic link out of the repository or into a hidden folder, a FIFO, a
/// device, a file too large, or one this user cannot read.
fn unsafe_link(
    record: &Record,
    link: &crate::model::FileLink,
    root: &Path,
    canonical_root: &Path,
    path: &Path,
) -> Diagnostic {
    let destination = &link.destination;
    let (message, help) = match crate::parse::links::linked_file_refusal(root, canonical_root, path).1 {
        // "leads outside the records repository" stays in the words, as
        // before links were followed to their targets.
        Some(refusal @ crate::safe_files::Refusal::Outside { .. }) => (
            format!(
                "link to `{destination}` leads outside the records repository: {}; it is not published",
                refusal.describe()
            ),
            refusal.help(),
        ),
        Some(refusal) => (
            format!(
                "link to `{destination}`: {}; it is not published",
                refusal.describe()
            ),
            refusal.help(),
        ),
        None => (
            format!("link to `{destination}`: the file cannot be read, so it is not published"),
            "check the file's permissions",
        ),
    };
    at(record, Code::UnsafeFile, link.span.clone(), message).with_help(help)
}

fn unknown_statuses(index: &Index, config: &Config, out: &mut Vec<Diagnostic>) {
    for (i, record) in index.records.iter().enumerate() {
        let Some(status) = &record.status else {
            continue;
        };
        // A status in any case or decoration, or a synonym of a category
        // (`Accepted`, `Approved`, `To Do`), is known.
        let placed = match record.kind {
            Kind::Item => index.item_category(i).is_some(),
            Kind::Decision => index.decision_category(i).is_some(),
            Kind::Session => true,
        };
        if placed {
            continue;
        }
        let vocabulary: Vec<&str> = match record.kind {
            Kind::Item => config.statuses.items.keys().map(String::as_str).collect(),
            Kind::Decision => config.statuses.decisions.keys().map(String::as_str).collect(),
            Kind::Session => continue,
        };
        if vocabulary.contains(&status.as_str()) {
            continue;
        }
        let help = did_you_mean(status, vocabulary.iter().copied()).unwrap_or_else(|| {
            format!(
                "use one of: {} (or add it under `statuses:` in shoshin.yaml)",
                vocabulary.join(", ")
            )
        });
        let span = key_span(record, "status", Some(status));
        out.push(
            at(
                record,
                Code::UnknownStatus,
                span,
                format!("unknown {} status `{status}`", record.kind.as_str()),
            )
            .with_help(help),
        );
    }
}

fn unknown_types(index: &Index, config: &Config, out: &mut Vec<Diagnostic>) {
    // A tool's own type words (Backlog.md's `feature`, `chore`) are shown as
    // written: only native records are held to `types:`.
    let native_items = index
        .records
        .iter()
        .filter(|r| r.kind == Kind::Item && r.format == crate::model::SourceFormat::Native);
    for record in native_items {
        let Some(item_type) = &record.item_type else {
            continue;
        };
        if config.types.iter().any(|t| t == item_type) {
            continue;
        }
        let help = did_you_mean(item_type, config.types.iter().map(String::as_str)).unwrap_or_else(|| {
            format!(
                "use one of: {} (or add it under `types:`)",
                config.types.join(", ")
            )
        });
        let span = key_span(record, "type", Some(item_type));
        out.push(
            at(
                record,
                Code::InvalidField,
                span,
                format!("unknown item type `{item_type}`"),
            )
            .with_help(help),
        );
    }
}

fn supersede_mismatches(index: &Index, out: &mut Vec<Diagnostic>) {
    for (older, record) in index.records.iter().enumerate() {
        if record.kind != Kind::Decision {
            continue;
        }
        let written_by: Vec<usize> = index
            .links_from(older, Relation::SupersededBy)
            .map(|l| l.to)
            .collect();
        if !written_by.is_empty() {
            // Every newer decision that says it supersedes this one must be listed here too.
            for link in index.links_to(older, Relation::Supersedes) {
                if !written_by.contains(&link.from) {
                    let newer = &index.records[link.from];
                    let span = value_span(record, "superseded_by");
                    let listed: Vec<&str> =
                        written_by.iter().map(|&i| index.records[i].id.as_str()).collect();
                    out.push(
                        at(
                            record,
                            Code::SupersedeMismatch,
                            span,
                            format!(
                                "{} says it supersedes {}, but {} says it is superseded by {}",
                                newer.id,
                                record.id,
                                record.id,
                                listed.join(", ")
                            ),
                        )
                        .with_help(format!(
                            "add {} to `superseded_by`, or remove {} from its `supersedes`",
                            newer.id, record.id
                        )),
                    );
                }
            }
        }
        let accepted_successor = index.superseded_by[older]
            .iter()
            .find(|&&s| index.decision_category(s) == Some(DecisionCategory::Accepted));
        if let (Some(&newer), Some(DecisionCategory::Accepted)) =
            (accepted_successor, index.decision_category(older))
        {
            let status = record.status.clone().unwrap_or_default();
            let span = key_span(record, "status", Some(&status));
            out.push(
                at(
                    record,
                    Code::SupersedeMismatch,
                    span,
                    format!(
                        "{} is superseded by {}, but its status is still `{status}`",
                        record.id, index.records[newer].id
                    ),
                )
                .with_help("set `status: superseded`"),
            );
        }
    }
    for (newer, record) in index.records.iter().enumerate() {
        let written: Vec<usize> = index
            .links_from(newer, Relation::Supersedes)
            .map(|l| l.to)
            .collect();
        if written.is_empty() {
            continue;
        }
        for link in index.links_to(newer, Relation::SupersededBy) {
            if !written.contains(&link.from) {
                let older = &index.records[link.from];
                let span = value_span(record, "supersedes");
                out.push(
                    at(
                        record,
                        Code::SupersedeMismatch,
                        span,
                        format!(
                            "{} says it is superseded by {}, but {}'s `supersedes` does not list it",
                            older.id, record.id, record.id
                        ),
                    )
                    .with_help(format!(
                        "add {} to `supersedes`, or remove {} from its `superseded_by`",
                        older.id, record.id
                    )),
                );
            }
        }
    }
}

fn cycles(index: &Index, out: &mut Vec<Diagnostic>) {
    let rules = [
        (
            Code::SupersedeCycle,
            index.supersedes.clone(),
            "supersede each other in a cycle",
            "supersedes",
        ),
        (
            Code::DependencyCycle,
            index.edges(Relation::DependsOn),
            "depend on each other in a cycle",
            "depends_on",
        ),
    ];
    for (code, edges, what, key) in rules {
        for cycle in graph::cycles(&edges) {
            let first = cycle[0];
            let record = &index.records[first];
            let names: Vec<&str> = cycle
                .iter()
                .take(8)
                .map(|&i| index.records[i].id.as_str())
                .collect();
            let more = if cycle.len() > 8 {
                format!(" and {} more", cycle.len() - 8)
            } else {
                String::new()
            };
            let next = edges[first]
                .iter()
                .find(|t| cycle.contains(t))
                .map(|&t| index.records[t].id.as_str());
            let span = key_span(record, key, next);
            let span = if span.is_empty() {
                value_span(record, "superseded_by")
            } else {
                span
            };
            let diagnostic = if cycle.len() == 1 {
                let verb = if key == "supersedes" {
                    "supersedes"
                } else {
                    "depends on"
                };
                at(record, code, span, format!("{} {verb} itself", record.id))
                    .with_help(format!("remove `{}` from its own `{key}`", record.id))
            } else {
                at(record, code, span, format!("{}{more} {what}", names.join(", ")))
                    .with_help(format!("remove one `{key}` entry so that the chain has a start"))
            };
            out.push(diagnostic);
        }
    }
}

fn stale_decision_links(index: &Index, out: &mut Vec<Diagnostic>) {
    for (from, record) in index.records.iter().enumerate() {
        if record.kind == Kind::Session {
            continue;
        }
        let relations = [Relation::Decision, Relation::Amends];
        for link in index.outgoing[from]
            .iter()
            .filter(|l| relations.contains(&l.relation))
        {
            if !index.is_retired(link.to) {
                continue;
            }
            let decision = &index.records[link.to];
            let successors: Vec<&str> = index
                .current_successors(link.to)
                .iter()
                .map(|&s| index.records[s].id.as_str())
                .collect();
            let state = match index.decision_category(link.to) {
                Some(DecisionCategory::Rejected) => "was rejected".to_string(),
                Some(DecisionCategory::Deprecated) => "is deprecated".to_string(),
                _ if !successors.is_empty() => {
                    format!("is superseded by {}", successors.join(", "))
                }
                _ => "is superseded".to_string(),
            };
            let help = if successors.is_empty() {
                "remove the link, or link the decision that governs now".to_string()
            } else {
                format!("link {} instead", successors.join(", "))
            };
            let span = record
                .references
                .iter()
                .find(|r| r.relation == link.relation && r.target == decision.id)
                .map(|r| r.span.clone())
                .unwrap_or(0..0);
            out.push(
                at(
                    record,
                    Code::StaleDecisionLink,
                    span,
                    format!("relies on {}, which {state}", decision.id),
                )
                .with_help(help),
            );
        }
    }
}

fn missing_rationale(index: &Index, out: &mut Vec<Diagnostic>) {
    for (i, record) in index.records.iter().enumerate() {
        if record.kind != Kind::Decision || index.decision_category(i) != Some(DecisionCategory::Accepted) {
            continue;
        }
        let has_context = record
            .section("why")
            .is_some_and(|s| crate::readiness::rules::written_chars(s) > 0);
        if !has_context {
            let status = record.status.clone().unwrap_or_default();
            let span = key_span(record, "status", Some(&status));
            out.push(
                at(
                    record,
                    Code::MissingRationale,
                    span,
                    format!("{} is accepted but says nothing about why", record.id),
                )
                .with_help(
                    "add a `## Context` section: the problem, the forces, what made this decision necessary",
                ),
            );
        }
    }
}

fn session_limits(index: &Index, config: &Config, out: &mut Vec<Diagnostic>) {
    for record in index.records.iter().filter(|r| r.kind == Kind::Session) {
        let distinct: std::collections::BTreeSet<&str> = record
            .references_of(Relation::Item)
            .map(|r| r.target.as_str())
            .collect();
        let items = distinct.len();
        if items > config.sessions.max_items {
            let span = value_span(record, "items");
            out.push(
                at(
                    record,
                    Code::SessionOverloaded,
                    span,
                    format!(
                        "{items} items in one session; the limit is {}",
                        config.sessions.max_items
                    ),
                )
                .with_help("keep a session to 5–8 well-prepared items; move the rest to the next one"),
            );
        }
        if let Some(minutes) = record.duration.filter(|&m| m > config.sessions.max_minutes) {
            let span = value_span(record, "duration");
            out.push(
                at(
                    record,
                    Code::SessionTooLong,
                    span,
                    format!(
                        "the session lasted {minutes} minutes; the limit is {}",
                        config.sessions.max_minutes
                    ),
                )
                .with_help("split long sessions; attention drops after about an hour and a half"),
            );
        }
    }
}

#[cfg(test)]
mod tests;
