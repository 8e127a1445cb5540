//! Readiness as the pages show it: badges for lists, the checklist of an item
//! page, the home page's readiness block and the agenda page (template
//! variables are documented in `docs/templates.md`).

use super::views::{person, Views};
use crate::config::ItemCategory;
use crate::index::Index;
use crate::model::Estimate;
use crate::project::Project;
use crate::readiness::agenda::{self, AgendaEntry};
use crate::readiness::{Assessment, Readiness, Verdict};
use serde_json::{json, Value};

/// The full readiness of an item page: badge fields plus every rule, each
/// rule's message also as HTML (`message_html`: code and record links).
pub fn checklist(index: &Index, assessment: &Assessment) -> Value {
    let rules: Vec<Value> = assessment
        .rules
        .iter()
        .map(|rule| {
            let mut value = serde_json::to_value(rule).unwrap_or_default();
            if let Value::Object(map) = &mut value {
                let html =
                    super::message::html(index, &rule.message, super::markdown::record_page_root(index));
                map.insert("message_html".into(), Value::String(html));
            }
            value
        })
        .collect();
    json!({
        "verdict": assessment.verdict.as_str(),
        "label": assessment.verdict.label(),
        "score": assessment.score,
        "rules": rules,
    })
}

fn failed_messages(assessment: &Assessment) -> Vec<String> {
    assessment
        .failed()
        .map(|r| format!("{}: {}", r.label, r.message))
        .collect()
}

/// Points of the items that are ready in status and in fact, and the number of
/// those estimated in sizes (which cannot be added up).
fn ready_points(index: &Index, readiness: &Readiness) -> (f64, usize, usize) {
    let mut points = 0.0;
    let mut items = 0;
    let mut sized = 0;
    for (i, assessment) in readiness.iter() {
        if assessment.verdict != Verdict::Ready || index.item_category(i) != Some(ItemCategory::Ready) {
            continue;
        }
        items += 1;
        match &index.records[i].estimate {
            Some(Estimate::Points(p)) => points += p,
            Some(Estimate::Size(_)) => sized += 1,
            None => {}
        }
    }
    (points, items, sized)
}

/// The home page's `readiness` variable.
pub fn home(project: &Project, views: &Views) -> Value {
    let index = &project.index;
    let readiness = &project.readiness;
    let top_n = project.config.home.top_items;
    // The same items as the home page's "top of the backlog": open or ready.
    let assessed: Vec<usize> = readiness
        .iter()
        .map(|(i, _)| i)
        .filter(|&i| {
            matches!(
                index.item_category(i),
                Some(ItemCategory::Open | ItemCategory::Ready)
            )
        })
        .collect();
    let top: Vec<usize> = agenda::by_priority(index, assessed)
        .into_iter()
        .take(top_n)
        .collect();
    let counts: Vec<Value> = Verdict::ALL
        .iter()
        .map(|v| {
            let count = top
                .iter()
                .filter(|&&i| readiness.get(i).is_some_and(|a| a.verdict == *v))
                .count();
            json!({ "verdict": v.as_str(), "label": v.label(), "count": count })
        })
        .filter(|c| c["count"] != 0)
        .collect();
    let attention: Vec<Value> = top
        .iter()
        .filter_map(|&i| {
            let a = readiness.get(i)?;
            (a.verdict != Verdict::Ready).then(|| {
                json!({
                    "record": views.summaries[i],
                    "verdict": a.verdict.as_str(),
                    "label": a.verdict.label(),
                    "score": a.score,
                    "reasons": failed_messages(a),
                })
            })
        })
        .collect();
    let (points, items, sized) = ready_points(index, readiness);
    let runway = project
        .sprints
        .planning_velocity(&project.config)
        .map(|velocity| {
            let sprints = (points / velocity * 10.0).round() / 10.0;
            json!({
                "ready_points": points,
                "ready_items": items,
                "sized_items": sized,
                "velocity": velocity,
                "sprints": sprints,
            })
        });
    json!({
        "top": top.len(),
        "counts": counts,
        "attention": attention,
        "runway": runway,
    })
}

fn entry_value(index: &Index, views: &Views, entry: &AgendaEntry) -> Value {
    json!({
        "record": views.summaries[entry.item],
        "verdict": entry.verdict.as_str(),
        "label": entry.verdict.label(),
        "score": entry.score,
        "missing": entry.missing.iter().map(|rule| {
            let mut value = serde_json::to_value(rule).unwrap_or_default();
            if let Value::Object(map) = &mut value {
                map.insert("message_html".into(), Value::String(super::message::html(index, &rule.message, "../")));
            }
            value
        }).collect::<Vec<_>>(),
        "owner": entry.owner.as_deref().map(person),
        "question_owners": entry.question_owners.iter().map(|p| person(p)).collect::<Vec<_>>(),
    })
}

/// The agenda page's context.
pub fn agenda_page(project: &Project, views: &Views) -> Value {
    let top = agenda::default_size(&project.config);
    let entries = agenda::agenda(&project.index, &project.readiness, top);
    json!({
        "top": top,
        "entries": entries.iter().map(|e| entry_value(&project.index, views, e)).collect::<Vec<_>>(),
    })
}

/// The backlog page's `verdicts` variable: each verdict with its number of items.
pub fn verdict_counts(readiness: &Readiness) -> Vec<Value> {
    Verdict::ALL
        .iter()
        .map(|v| {
            let count = readiness.iter().filter(|(_, a)| a.verdict == *v).count();
            json!({ "verdict": v.as_str(), "label": v.label(), "count": count })
        })
        .collect()
}
