//! Completion: ids after `[[`; in the front matter, ids of the right kind
//! under a reference key, statuses and types from the configuration, people
//! already named in the repository, and the keys themselves.

use super::workspace::Workspace;
use crate::model::{Kind, Record, REFERENCE_KEYS};
use lsp_types::{CompletionItem, CompletionItemKind, CompletionList};
use std::collections::BTreeSet;
use std::path::Path;

/// At most this many entries are sent; the list says it is incomplete, so
/// the editor asks again as more is typed.
const LIMIT: usize = 200;

/// Front-matter keys of each kind, in the order the design lists them.
fn keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Item => &[
            "id",
            "title",
            "type",
            "status",
            "priority",
            "estimate",
            "owner",
            "parent",
            "depends_on",
            "decisions",
            "tags",
            "timebox",
            "confidence",
            "sprint",
        ],
        Kind::Decision => &[
            "id",
            "title",
            "status",
            "date",
            "deciders",
            "consulted",
            "informed",
            "supersedes",
            "superseded_by",
            "amends",
            "related",
            "items",
            "tags",
            "summary",
            "applies_to",
            "review_by",
        ],
        Kind::Session => &[
            "id",
            "title",
            "date",
            "facilitator",
            "participants",
            "first_proposal",
            "items",
            "decisions",
            "duration",
        ],
    }
}

/// Keys whose values are people.
const PEOPLE_KEYS: [&str; 8] = [
    "owner",
    "deciders",
    "decision-makers",
    "consulted",
    "informed",
    "facilitator",
    "participants",
    "first_proposal",
];

/// What may be written at the cursor.
#[derive(Debug, PartialEq)]
enum Context {
    /// Any record's id (after `[[`).
    AnyId,
    /// The value of a front-matter key.
    Value(String),
    /// A front-matter key.
    Key,
}

/// The completion list at byte `offset` of the file `relative`.
pub fn complete(workspace: &Workspace, relative: &Path, offset: usize) -> CompletionList {
    let Some(text) = workspace.text(relative) else {
        return CompletionList::default();
    };
    let offset = floor_boundary(text, offset);
    let typed = typed_prefix(&text[..offset]);
    let kind = (workspace.record_of(relative))
        .map(|i| workspace.project().index.records[i].kind)
        .or_else(|| crate::load::kind_of_path(relative, &workspace.project().config))
        .unwrap_or(Kind::Item);
    let items = match context(text, offset) {
        Some(Context::AnyId) => ids(workspace, None, typed),
        Some(Context::Value(key)) => values(workspace, kind, &key, typed),
        Some(Context::Key) => (keys(kind).iter())
            .filter(|k| k.starts_with(typed))
            .map(|k| CompletionItem {
                label: k.to_string(),
                kind: Some(CompletionItemKind::PROPERTY),
                insert_text: Some(format!("{k}: ")),
                ..CompletionItem::default()
            })
            .collect(),
        None => Vec::new(),
    };
    CompletionList {
        is_incomplete: items.len() >= LIMIT,
        items,
    }
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The part of a word already typed before the cursor.
fn typed_prefix(before: &str) -> &str {
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@')))
        .map(|i| i + before[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    &before[start..]
}

/// What may be written at byte `offset` of `text`.
fn context(text: &str, offset: usize) -> Option<Context> {
    let line_start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let before = &text[line_start..offset];
    if let Some(open) = before.rfind("[[") {
        if !before[open..].contains("]]") {
            return Some(Context::AnyId);
        }
    }
    let yaml = match crate::parse::front_matter::split(text) {
        Ok(split) => split.yaml?,
        // Front matter still being written: everything after the fence.
        Err(unclosed) => (unclosed.fence + 4).min(text.len())..text.len(),
    };
    if !(yaml.start <= line_start && offset <= yaml.end.max(line_start)) {
        return None;
    }
    if let Some((key, _)) = before.split_once(':') {
        if !before.starts_with([' ', '\t', '-']) {
            return Some(Context::Value(key.trim().to_string()));
        }
    }
    let trimmed = before.trim_start();
    if trimmed.starts_with('-') {
        // A list entry: the key is the last top-level line above.
        let above = &text[yaml.start..line_start];
        let key = above
            .lines()
            .rev()
            .find(|l| l.starts_with(|c: char| !c.is_whitespace() && c != '-' && c != '#'))?;
        let (key, _) = key.split_once(':')?;
        return Some(Context::Value(key.trim().to_string()));
    }
    (!before.starts_with([' ', '\t'])).then_some(Context::Key)
}

/// Ids of records of `kind` (any kind for `None`) starting with `typed`.
fn ids(workspace: &Workspace, kind: Option<Kind>, typed: &str) -> Vec<CompletionItem> {
    let records = &workspace.project().index.records;
    let lower = typed.to_lowercase();
    (records.iter())
        .filter(|r| kind.is_none_or(|k| r.kind == k))
        .filter(|r| r.id.to_lowercase().starts_with(&lower))
        .take(LIMIT)
        .map(|r| CompletionItem {
            label: r.id.clone(),
            kind: Some(CompletionItemKind::REFERENCE),
            detail: Some(format!("{} · {}", r.kind.as_str(), r.title)),
            ..CompletionItem::default()
        })
        .collect()
}

/// Values for front-matter `key` of a record of `kind`.
fn values(workspace: &Workspace, kind: Kind, key: &str, typed: &str) -> Vec<CompletionItem> {
    if let Some((_, relation)) = REFERENCE_KEYS.iter().find(|(k, _)| *k == key) {
        return ids(workspace, relation.target_kind(), typed);
    }
    let config = &workspace.project().config;
    let words: Vec<String> = match key {
        "status" => match kind {
            Kind::Item => config.statuses.items.keys().cloned().collect(),
            Kind::Decision => config.statuses.decisions.keys().cloned().collect(),
            Kind::Session => Vec::new(),
        },
        "type" => config.types.clone(),
        "confidence" => ["low", "medium", "high"].map(String::from).to_vec(),
        "sprint" => config.sprints.iter().map(|s| s.name.clone()).collect(),
        key if PEOPLE_KEYS.contains(&key) => people(&workspace.project().index.records),
        _ => Vec::new(),
    };
    let item_kind = if PEOPLE_KEYS.contains(&key) {
        CompletionItemKind::VALUE
    } else {
        CompletionItemKind::ENUM_MEMBER
    };
    (words.into_iter())
        .filter(|w| w.starts_with(typed))
        .take(LIMIT)
        .map(|w| CompletionItem {
            label: w,
            kind: Some(item_kind),
            ..CompletionItem::default()
        })
        .collect()
}

/// Everyone named in the repository's records, sorted.
fn people(records: &[Record]) -> Vec<String> {
    let mut names = BTreeSet::new();
    for r in records {
        let single = [&r.owner, &r.facilitator, &r.first_proposal];
        names.extend(single.into_iter().flatten().cloned());
        let lists = [&r.deciders, &r.consulted, &r.informed, &r.participants];
        names.extend(lists.into_iter().flatten().cloned());
    }
    names.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<Context> {
        let offset = text.find('|').unwrap();
        let text = text.replace('|', "");
        context(&text, offset)
    }

    #[test]
    fn the_context_follows_the_cursor() {
        assert_eq!(at("---\ntitle: x\n---\nSee [[PA|"), Some(Context::AnyId));
        assert_eq!(at("---\ntitle: x\n---\nSee [[PA]] |"), None);
        assert_eq!(
            at("---\ndepends_on: [P|]\n---\n"),
            Some(Context::Value("depends_on".into()))
        );
        assert_eq!(
            at("---\ndecisions:\n  - A|\n---\n"),
            Some(Context::Value("decisions".into()))
        );
        assert_eq!(at("---\nsta|\n---\n"), Some(Context::Key));
        assert_eq!(at("---\nstatus: re|"), Some(Context::Value("status".into())));
    }

    /// Every key shoshin interprets is offered for some kind of record
    /// (`kind` itself aside, and `decision-makers`, MADR's name for
    /// `deciders`), and every key offered is one it interprets.
    #[test]
    fn the_keys_offered_are_the_keys_shoshin_reads() {
        let kinds = [Kind::Item, Kind::Decision, Kind::Session];
        let offered: Vec<&str> = kinds.iter().flat_map(|k| keys(*k).iter().copied()).collect();
        for key in crate::front_matter::KNOWN_KEYS {
            if !["kind", "decision-makers"].contains(key) {
                assert!(offered.contains(key), "{key} is not offered");
            }
        }
        for key in offered {
            assert!(crate::front_matter::KNOWN_KEYS.contains(&key), "{key}");
        }
    }

    #[test]
    fn the_typed_prefix_is_the_word_before_the_cursor() {
        assert_eq!(typed_prefix("depends_on: [PAY-1"), "PAY-1");
        assert_eq!(typed_prefix("[[ADR"), "ADR");
        assert_eq!(typed_prefix("owner: "), "");
    }
}
