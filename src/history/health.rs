//! The health of refinement, in figures: rework, scope change after
//! commitment, how long items take to become ready, stale ready items, and
//! for sessions their load, who facilitates and who proposes first.

use super::History;
use crate::config::{Config, ItemCategory};
use crate::index::Index;
use crate::model::{Kind, Relation};
use std::collections::BTreeMap;

/// Median and spread of a list of numbers.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Spread {
    /// How many numbers.
    pub count: usize,
    /// The smallest.
    pub min: u64,
    /// The lower quartile.
    pub p25: u64,
    /// The median.
    pub median: u64,
    /// The upper quartile.
    pub p75: u64,
    /// The largest.
    pub max: u64,
}

impl Spread {
    /// The spread of `values` (all zero when empty).
    pub fn of(mut values: Vec<u64>) -> Spread {
        if values.is_empty() {
            return Spread::default();
        }
        values.sort_unstable();
        let at = |q: usize| values[(values.len() - 1) * q / 100];
        Spread {
            count: values.len(),
            min: values[0],
            p25: at(25),
            median: at(50),
            p75: at(75),
            max: values[values.len() - 1],
        }
    }
}

/// The item figures (only meaningful with history).
#[derive(Debug, Clone, Default)]
pub struct ItemHealth {
    /// Items with at least one commit.
    pub with_history: usize,
    /// Items that went from a ready status back to an open one, with the date of the first time.
    pub reworked: Vec<(usize, String)>,
    /// Commits to items while they were ready or active, per item (only items with some).
    pub scope_changes: Vec<(usize, usize)>,
    /// Per item that became ready: commits up to it, and days from creation.
    pub to_ready: Vec<(usize, u64, u64)>,
    /// Ready items untouched for longer than configured: item and days.
    pub stale: Vec<(usize, u64)>,
}

/// Figures over the sessions.
#[derive(Debug, Clone, Default)]
pub struct SessionHealth {
    /// Items discussed per session.
    pub items: Spread,
    /// Minutes per session, of those with a duration.
    pub minutes: Spread,
    /// Sessions facilitated, per person.
    pub facilitators: BTreeMap<String, usize>,
    /// Sessions where each person proposed first.
    pub first_proposals: BTreeMap<String, usize>,
    /// The latest sessions the rotation looks at, newest first.
    pub recent: Vec<usize>,
    /// People who took part in the recent sessions but did not propose first in any.
    pub not_first_lately: Vec<String>,
}

/// Commits that changed records, per commit author: each commit counted
/// once, however many records it touched.
pub fn authors(history: &History) -> BTreeMap<String, usize> {
    let mut seen = std::collections::HashSet::new();
    let mut out = BTreeMap::new();
    for event in history.timelines.iter().flat_map(|t| &t.events) {
        let (Some(author), Some(commit)) = (&event.stamp.author, &event.stamp.commit) else {
            continue;
        };
        if seen.insert(commit.as_str()) {
            *out.entry(author.clone()).or_insert(0) += 1;
        }
    }
    out
}

/// Item figures from the timelines.
pub fn items(index: &Index, config: &Config, history: &History) -> ItemHealth {
    let category = |s: &str| super::status::item_category(s, config);
    let mut out = ItemHealth::default();
    for (i, record) in index.records.iter().enumerate() {
        if record.kind != Kind::Item {
            continue;
        }
        let Some(timeline) = history.of(i).filter(|t| !t.events.is_empty()) else {
            continue;
        };
        out.with_history += 1;
        let mut previous: Option<ItemCategory> = None;
        let mut reworked = None;
        let mut scope = 0;
        let mut ready_at = None;
        for (n, event) in timeline.events.iter().enumerate() {
            if matches!(previous, Some(ItemCategory::Ready | ItemCategory::Active)) {
                scope += 1;
            }
            let now = event.status.as_deref().and_then(category).or(previous);
            if previous == Some(ItemCategory::Ready) && now == Some(ItemCategory::Open) && reworked.is_none()
            {
                reworked = Some(event.stamp.date());
            }
            if now == Some(ItemCategory::Ready) && ready_at.is_none() {
                ready_at = Some((n + 1, event.stamp.time));
            }
            previous = now;
        }
        if let Some(date) = reworked {
            out.reworked.push((i, date));
        }
        if scope > 0 {
            out.scope_changes.push((i, scope));
        }
        if let (Some((passes, time)), Some(created)) = (ready_at, timeline.created()) {
            out.to_ready
                .push((i, passes as u64, ((time - created.time).max(0) / 86_400) as u64));
        }
        if let (Some(now), Some(changed), Some(ItemCategory::Ready)) =
            (history.head_time, timeline.changed(), index.item_category(i))
        {
            let days = ((now - changed.time).max(0) / 86_400) as u64;
            if days > config.history.stale_after_days as u64 {
                out.stale.push((i, days));
            }
        }
    }
    out.scope_changes
        .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out.stale.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// The readiness trend: for each of the last `months` months (oldest first,
/// up to the latest commit's), how many items were ready at its end.
pub fn ready_by_month(
    index: &Index,
    config: &Config,
    history: &History,
    months: usize,
) -> Vec<(String, u64)> {
    use chrono::{Datelike, NaiveDate};
    let Some(now) = history.head_time else {
        return Vec::new();
    };
    let Some(latest) = chrono::DateTime::from_timestamp(now, 0) else {
        return Vec::new();
    };
    let (mut year, mut month) = (latest.year(), latest.month());
    let mut ends = Vec::new();
    for _ in 0..months {
        let (next_year, next_month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let end = NaiveDate::from_ymd_opt(next_year, next_month, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc().timestamp());
        if let Some(end) = end {
            ends.push((format!("{year}-{month:02}"), end));
        }
        (year, month) = if month == 1 {
            (year - 1, 12)
        } else {
            (year, month - 1)
        };
    }
    ends.reverse();
    let mut counts = vec![0u64; ends.len()];
    for (i, record) in index.records.iter().enumerate() {
        let Some(timeline) = history.of(i).filter(|_| record.kind == Kind::Item) else {
            continue;
        };
        for (n, (_, end)) in ends.iter().enumerate() {
            let status = timeline
                .events
                .iter()
                .take_while(|e| e.stamp.time < *end)
                .filter_map(|e| e.status.as_deref())
                .last();
            if status.and_then(|s| super::status::item_category(s, config)) == Some(ItemCategory::Ready) {
                counts[n] += 1;
            }
        }
    }
    ends.into_iter().map(|(label, _)| label).zip(counts).collect()
}

/// Session figures, from the records alone.
pub fn sessions(index: &Index, config: &Config) -> SessionHealth {
    let mut sessions: Vec<usize> = (0..index.records.len())
        .filter(|&i| index.records[i].kind == Kind::Session)
        .collect();
    sessions.sort_by(|&a, &b| {
        let (ra, rb) = (&index.records[a], &index.records[b]);
        (&rb.date, &rb.id).cmp(&(&ra.date, &ra.id))
    });
    let mut out = SessionHealth {
        items: Spread::of(
            sessions
                .iter()
                .map(|&i| index.records[i].references_of(Relation::Item).count() as u64)
                .collect(),
        ),
        minutes: Spread::of(
            sessions
                .iter()
                .filter_map(|&i| index.records[i].duration)
                .collect(),
        ),
        ..SessionHealth::default()
    };
    for &i in &sessions {
        let record = &index.records[i];
        if let Some(f) = &record.facilitator {
            *out.facilitators.entry(f.clone()).or_default() += 1;
        }
        if let Some(p) = &record.first_proposal {
            *out.first_proposals.entry(p.clone()).or_default() += 1;
        }
    }
    out.recent = sessions
        .into_iter()
        .filter(|&i| index.records[i].first_proposal.is_some())
        .take(config.history.rotation_sessions)
        .collect();
    let mut people: Vec<String> = Vec::new();
    for &i in &out.recent {
        let record = &index.records[i];
        for p in &record.participants {
            if !people.contains(p) {
                people.push(p.clone());
            }
        }
    }
    let went_first: Vec<&String> = out
        .recent
        .iter()
        .filter_map(|&i| index.records[i].first_proposal.as_ref())
        .collect();
    people.retain(|p| !went_first.contains(&p));
    people.sort_by_key(|p| p.to_lowercase());
    out.not_first_lately = people;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_gives_median_and_quartiles() {
        let s = Spread::of(vec![5, 1, 3, 2, 4]);
        assert_eq!(
            (s.count, s.min, s.p25, s.median, s.p75, s.max),
            (5, 1, 2, 3, 4, 5)
        );
        assert_eq!(Spread::of(Vec::new()), Spread::default());
    }
}
