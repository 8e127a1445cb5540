//! The home page's context: counts, what needs attention, the top of the
//! backlog, recent decisions, sessions and changes, and readiness figures.

use super::context::object;
use super::order::{by_priority, newest_first, of_kind};
use super::views::Views;
use crate::config::{DecisionCategory, ItemCategory};
use crate::diagnostic::Counts;
use crate::model::Kind;
use crate::project::Project;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The home page's context.
pub fn context(project: &Project, views: &Views) -> Value {
    let index = &project.index;
    let items = of_kind(index, Kind::Item);
    let count_items = |c: ItemCategory| {
        items
            .iter()
            .filter(|&&i| index.item_category(i) == Some(c))
            .count()
    };
    let decisions = of_kind(index, Kind::Decision);
    let in_force = decisions
        .iter()
        .filter(|&&i| index.decision_category(i) == Some(DecisionCategory::Accepted) && !index.is_retired(i))
        .count();
    let mut reasons: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let by_file = crate::diagnostic::ByFile::new(&project.diagnostics);
    for &i in &items {
        let found = by_file.of(&index.records[i].file);
        for d in found
            .iter()
            .filter(|d| d.severity != crate::diagnostic::Severity::Info)
        {
            reasons.entry(i).or_default().push(d.one_line());
        }
    }
    let attention: Vec<Value> = by_priority(index, reasons.keys().copied().collect())
        .into_iter()
        .take(20)
        .map(|i| {
            object([
                ("record", views.summary_value(i)),
                ("reasons", json!(reasons[&i])),
            ])
        })
        .collect();
    let open_or_ready: Vec<usize> = items
        .iter()
        .copied()
        .filter(|&i| {
            matches!(
                index.item_category(i),
                Some(ItemCategory::Open | ItemCategory::Ready)
            )
        })
        .collect();
    let top = by_priority(index, open_or_ready)
        .into_iter()
        .take(project.config.home.top_items);
    let recent = project.config.home.recent;
    let counts = Counts::of(&project.diagnostics);
    json!({
        "counts": {
            "items": items.len(),
            "decisions": decisions.len(),
            "sessions": of_kind(index, Kind::Session).len(),
            "ready_items": count_items(ItemCategory::Ready),
            "open_items": count_items(ItemCategory::Open),
            "accepted_decisions": in_force,
        },
        "attention": attention,
        "recent_decisions": views.summaries_of(newest_first(project, Kind::Decision).into_iter().take(recent)),
        "recent_sessions": views.summaries_of(newest_first(project, Kind::Session).into_iter().take(recent)),
        "recent_changes": super::history::recent_changes(project, views),
        "top_items": views.summaries_of(top),
        "diagnostics": { "errors": counts.errors, "warnings": counts.warnings },
        "readiness": super::readiness::home(project, views),
        "due_for_review": super::code_areas::due_for_review(project, views),
        "portal": super::portal::overview(project),
    })
}
