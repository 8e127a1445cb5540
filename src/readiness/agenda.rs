//! The agenda of the next refinement session: the most important items that
//! are not ready yet, each with what is missing and who can supply it.
//!
//! `shoshin agenda` prints it and the site's agenda page shows it; both come
//! from [`agenda`], so they always agree.

use super::{Readiness, RuleResult, Verdict};
use crate::config::{Config, ItemCategory};
use crate::index::Index;
use crate::model::Relation;

/// One item on the agenda.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaEntry {
    /// Record index of the item.
    pub item: usize,
    /// Its verdict (never `ready`).
    pub verdict: Verdict,
    /// Its score, 0–100.
    pub score: u32,
    /// The rules that fail, in checklist order.
    pub missing: Vec<RuleResult>,
    /// The item's owner.
    pub owner: Option<String>,
    /// Owners of its open questions, each once, in order.
    pub question_owners: Vec<String>,
}

/// How many items an agenda holds when not told: the session limit
/// (`sessions.max_items`, 8 by default).
pub fn default_size(config: &Config) -> usize {
    config.sessions.max_items
}

/// Items in priority order: lower `priority` first, items without one last,
/// then by id.
pub fn by_priority(index: &Index, mut items: Vec<usize>) -> Vec<usize> {
    items.sort_by(|&a, &b| {
        let (ra, rb) = (&index.records[a], &index.records[b]);
        (ra.priority.is_none(), ra.priority, &ra.id).cmp(&(rb.priority.is_none(), rb.priority, &rb.id))
    });
    items
}

/// The items that wait for `item`: every item not closed that depends on
/// it, directly or through others (each once; cycles are safe).
pub fn blocked_by(index: &Index, item: usize) -> Vec<usize> {
    // A flag per record, not a search of the list found so far: a chain of
    // 10,000 items made that search cubic.
    let mut seen = vec![false; index.records.len()];
    seen[item] = true;
    let mut found = Vec::new();
    let mut stack = vec![item];
    while let Some(i) = stack.pop() {
        for link in index.links_to(i, Relation::DependsOn) {
            let waiting = link.from;
            if !seen[waiting] && index.item_category(waiting) != Some(ItemCategory::Closed) {
                seen[waiting] = true;
                found.push(waiting);
                stack.push(waiting);
            }
        }
    }
    found
}

/// Items in the order a session should take them: an item is as urgent as
/// the most urgent item that waits for it (its own `priority` or a lower
/// one of an item that depends on it), and among equally urgent items the
/// one that blocks more comes first; then by own priority and id. A draft
/// that blocks two items of priority 26 is therefore taken before them,
/// not after: nothing that waits for it can move until it is refined.
pub fn by_urgency(index: &Index, items: Vec<usize>) -> Vec<usize> {
    let mut keyed: Vec<(usize, Option<i64>, usize)> = items
        .into_iter()
        .map(|i| {
            let blocked = blocked_by(index, i);
            let urgency = std::iter::once(i)
                .chain(blocked.iter().copied())
                .filter_map(|j| index.records[j].priority)
                .min();
            (i, urgency, blocked.len())
        })
        .collect();
    keyed.sort_by(|(a, ua, na), (b, ub, nb)| {
        let (ra, rb) = (&index.records[*a], &index.records[*b]);
        (
            ua.is_none(),
            ua,
            std::cmp::Reverse(na),
            ra.priority.is_none(),
            ra.priority,
            &ra.id,
        )
            .cmp(&(
                ub.is_none(),
                ub,
                std::cmp::Reverse(nb),
                rb.priority.is_none(),
                rb.priority,
                &rb.id,
            ))
    });
    keyed.into_iter().map(|(i, _, _)| i).collect()
}

/// The `top` most important assessed items that are not ready: first those
/// the session can make ready, then the blocked ones (whose dependencies
/// must be ready first, so their blockers take their places), each group
/// [`by_urgency`].
pub fn agenda(index: &Index, readiness: &Readiness, top: usize) -> Vec<AgendaEntry> {
    let (blocked, open): (Vec<usize>, Vec<usize>) = readiness
        .iter()
        .filter(|(_, a)| a.verdict != Verdict::Ready)
        .map(|(i, _)| i)
        .partition(|&i| readiness.get(i).is_some_and(|a| a.verdict == Verdict::Blocked));
    by_urgency(index, open)
        .into_iter()
        .chain(by_urgency(index, blocked))
        .take(top)
        .filter_map(|i| {
            let assessment = readiness.get(i)?;
            let record = &index.records[i];
            let mut question_owners: Vec<String> = Vec::new();
            for task in super::rules::open_question_tasks(record) {
                if let Some(owner) = &task.owner {
                    if !question_owners.contains(owner) {
                        question_owners.push(owner.clone());
                    }
                }
            }
            Some(AgendaEntry {
                item: i,
                verdict: assessment.verdict,
                score: assessment.score,
                missing: assessment.failed().cloned().collect(),
                owner: record.owner.clone(),
                question_owners,
            })
        })
        .collect()
}

/// The agenda as text for the terminal.
pub fn text(index: &Index, entries: &[AgendaEntry], top: usize) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if entries.is_empty() {
        out.push_str("Nothing for the agenda: every open item is ready.\n");
        return out;
    }
    let n = entries.len();
    let (items, are) = if n == 1 { ("item", "is") } else { ("items", "are") };
    let heading = if n < top {
        format!("all {n} {items} that {are} not ready")
    } else {
        format!("the {n} most important {items} that {are} not ready")
    };
    let _ = writeln!(out, "Agenda for the next refinement session: {heading}.");
    for (n, entry) in entries.iter().enumerate() {
        let record = &index.records[entry.item];
        let _ = writeln!(out, "\n{}. {} {}", n + 1, record.id, record.title);
        let mut facts = Vec::new();
        if let Some(priority) = record.priority {
            facts.push(format!("priority {priority}"));
        }
        if let Some(status) = &record.status {
            facts.push(format!("status {status}"));
        }
        facts.push(format!("{} ({}%)", entry.verdict.label(), entry.score));
        facts.push(match &entry.owner {
            Some(owner) => format!("owner {owner}"),
            None => "no owner".to_string(),
        });
        let blocks: Vec<&str> = blocked_by(index, entry.item)
            .into_iter()
            .map(|i| index.records[i].id.as_str())
            .collect();
        if !blocks.is_empty() {
            facts.push(format!("blocks {}", blocks.join(", ")));
        }
        let _ = writeln!(out, "   {}", facts.join(" · "));
        for rule in &entry.missing {
            let _ = writeln!(out, "   - {}: {}", rule.label, rule.message);
        }
        if !entry.question_owners.is_empty() {
            let _ = writeln!(out, "   questions for: {}", entry.question_owners.join(", "));
        }
    }
    out
}
