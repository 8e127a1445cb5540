//! Sprint predictability from the history: for each sprint, the items
//! committed at its start, those added and removed during it, those done
//! by its end, the completion ratio, and the questions raised after
//! commitment; a velocity from the completed sprints when none is
//! configured.
//!
//! Definitions (documented in docs/site.md#sprints):
//!
//! - A sprint is configured (`sprints:` in `shoshin.yaml`) or, without
//!   that, inferred from the items' `sprint:` values: from the day of the
//!   first commit at which any item carried the value to the day of the
//!   last. Days are UTC days.
//! - Committed: the items carrying the sprint at the last commit at or
//!   before its first day (a commit made on the first day is the planning),
//!   unless closed before that day began.
//! - Added: items that carried it at a commit after that and up to its
//!   last day, without being committed. Removed: committed or added items
//!   that no longer carry it at the end, or that were dropped.
//! - Done: at the last commit at or before the last day, the item carries
//!   the sprint and its status is in the closed category and not a
//!   dropped one ([`DROPPED`]).
//!
//! The work is per item, only for the sprints each item ever carried:
//! linear in the commits of the items that have a `sprint:`.

use super::questions::{self, ItemQuestions, Window};
use super::timeline::Timeline;
use super::History;
use crate::config::{Config, ItemCategory};
use crate::index::Index;
use crate::model::Kind;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Closed statuses that mean the work was given up, not done.
pub const DROPPED: &[&str] = &[
    "dropped",
    "cancelled",
    "canceled",
    "won't do",
    "wont do",
    "won't fix",
    "wontfix",
    "rejected",
    "abandoned",
    "duplicate",
    "obsolete",
    "declined",
    "withdrawn",
    "not accepted",
];

/// Seconds in a day.
const DAY: i64 = 86_400;

/// How many of the latest completed sprints the velocity and the average
/// completion look at.
pub const RECENT: usize = 3;

/// Where a sprint is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Its last day is before the latest commit's: its figures are final.
    Finished,
    /// The latest commit falls inside it.
    Running,
    /// It has not started.
    Planned,
}

/// One item in a sprint.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The item, by index.
    pub item: usize,
    /// Its estimate in points when it entered the sprint (committed: at
    /// the start; added: when added), when a number.
    pub points: Option<f64>,
    /// Its `confidence` then.
    pub confidence: Option<String>,
    /// Committed at the start (else added during).
    pub committed: bool,
    /// Done by the end.
    pub done: bool,
    /// Taken out, or dropped, during the sprint.
    pub removed: bool,
    /// Its status at the end (or now, for a running sprint).
    pub status: Option<String>,
}

/// One sprint's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Sprint {
    /// The name items write in `sprint:`.
    pub name: String,
    /// The first day.
    pub start: NaiveDate,
    /// The last day.
    pub end: NaiveDate,
    /// Declared in `sprints:` (else inferred).
    pub configured: bool,
    /// Finished, running or planned.
    pub phase: Phase,
    /// Every item committed or added, committed first, then by id.
    pub members: Vec<Member>,
    /// Questions raised after commitment on its items while it ran.
    pub questions_after: usize,
}

impl Sprint {
    /// The moment of commitment: the end of the first day.
    pub fn start_moment(&self) -> i64 {
        moment(self.start)
    }

    /// The end of the last day.
    pub fn end_moment(&self) -> i64 {
        moment(self.end)
    }

    /// Committed items.
    pub fn committed(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.committed)
    }

    /// Items added during the sprint.
    pub fn added(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| !m.committed)
    }

    /// Committed items done by the end, as a share of those committed, in
    /// percent (`None` when nothing was committed).
    pub fn completion(&self) -> Option<u64> {
        let committed = self.committed().count();
        let done = self.committed().filter(|m| m.done).count();
        percent(done as f64, committed as f64)
    }

    /// The same, by the points of the committed items that had some.
    pub fn completion_by_points(&self) -> Option<u64> {
        let committed: f64 = self.committed().filter_map(|m| m.points).sum();
        let done: f64 = self.committed().filter(|m| m.done).filter_map(|m| m.points).sum();
        percent(done, committed)
    }

    /// Points committed.
    pub fn points_committed(&self) -> f64 {
        self.committed().filter_map(|m| m.points).sum()
    }

    /// Points of every item done in the sprint, added ones included.
    pub fn points_done(&self) -> f64 {
        self.members
            .iter()
            .filter(|m| m.done)
            .filter_map(|m| m.points)
            .sum()
    }
}

fn percent(part: f64, whole: f64) -> Option<u64> {
    (whole > 0.0).then(|| (part * 100.0 / whole).round() as u64)
}

/// The end of `day`, in seconds since the Unix epoch (UTC).
fn moment(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .map_or(0, |d| d.and_utc().timestamp())
        .saturating_add(DAY)
}

/// The UTC day of a moment.
fn day_of(time: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(time, 0)
        .unwrap_or_default()
        .date_naive()
}

/// Every sprint, and the questions of each item.
#[derive(Debug, Clone, Default)]
pub struct Sprints {
    /// The sprints, by start date.
    pub sprints: Vec<Sprint>,
    /// The questions of each item that had some, by item index.
    pub questions: BTreeMap<usize, ItemQuestions>,
    /// Points done per sprint, averaged over the last [`RECENT`]
    /// finished sprints, when there are some.
    pub velocity: Option<f64>,
}

impl Sprints {
    /// The sprint named `name`.
    pub fn named(&self, name: &str) -> Option<&Sprint> {
        self.sprints.iter().find(|s| s.name == name)
    }

    /// The finished sprints with a commitment, oldest first.
    pub fn finished(&self) -> impl Iterator<Item = &Sprint> {
        self.sprints
            .iter()
            .filter(|s| s.phase == Phase::Finished && s.committed().next().is_some())
    }

    /// The velocity to plan with: the configured one, else the computed one.
    pub fn planning_velocity(&self, config: &Config) -> Option<f64> {
        config.readiness.velocity.or(self.velocity)
    }
}

/// The `sprint:` an item names now (in the working tree), as text.
pub fn sprint_of(record: &crate::model::Record) -> Option<String> {
    // Most records have none: look for the key before parsing the map.
    if record.kind != Kind::Item || !record.front_matter.json().contains("\"sprint\":") {
        return None;
    }
    match record.front_matter.get("sprint")? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What an item's history says at a moment: its status and its facts at
/// the last commit before `time`.
struct State<'a> {
    status: Option<&'a str>,
    facts: Option<&'a super::facts::Facts>,
}

fn state_at(timeline: &Timeline, time: i64) -> Option<State<'_>> {
    let upto = timeline.events.partition_point(|e| e.stamp.time < time);
    let last = timeline.events[..upto].last()?;
    let status = timeline.events[..upto]
        .iter()
        .rev()
        .find_map(|e| e.status.as_deref());
    Some(State {
        status,
        facts: last.facts.as_deref(),
    })
}

impl State<'_> {
    fn sprint(&self) -> Option<&str> {
        self.facts.and_then(|f| f.sprint.as_deref())
    }
}

/// Whether a status counts as dropped (closed, but not done).
pub fn is_dropped(status: &str) -> bool {
    DROPPED.contains(&status.trim().to_lowercase().as_str())
}

/// The sprints of the items of `index`, from `history`.
pub fn compute(index: &Index, config: &Config, history: &History) -> Sprints {
    let items: Vec<(usize, &Timeline)> = (0..index.records.len())
        .filter(|&i| index.records[i].kind == Kind::Item)
        .filter_map(|i| Some((i, history.of(i).filter(|t| !t.events.is_empty())?)))
        .filter(|(_, t)| t.events.iter().any(|e| e.facts.is_some()))
        .collect();
    let head = history.head_time.unwrap_or(0);
    let mut sprints = declared(config, &items);
    for sprint in &mut sprints {
        sprint.phase = if sprint.end_moment() <= head {
            Phase::Finished
        } else if sprint.start_moment() <= head {
            Phase::Running
        } else {
            Phase::Planned
        };
    }
    let position: BTreeMap<&str, usize> = sprints
        .iter()
        .enumerate()
        .map(|(n, s)| (s.name.as_str(), n))
        .collect();
    let windows: Vec<Window> = sprints
        .iter()
        .map(|s| Window {
            name: s.name.clone(),
            start: s.start_moment(),
            end: s.end_moment(),
        })
        .collect();
    let mut members: Vec<Vec<Member>> = vec![Vec::new(); sprints.len()];
    let mut asked_after: Vec<usize> = vec![0; sprints.len()];
    let mut out = Sprints::default();
    let category = |s: &str| super::status::item_category(s, config);
    for &(i, timeline) in &items {
        let mut carried: Vec<&str> = timeline
            .events
            .iter()
            .filter_map(|e| e.facts.as_ref()?.sprint.as_deref())
            .collect();
        carried.sort_unstable();
        carried.dedup();
        for name in carried {
            let Some(&n) = position.get(name) else {
                continue;
            };
            let sprint = &sprints[n];
            if let Some(member) = member(timeline, sprint, head, &category) {
                members[n].push(Member { item: i, ..member });
            }
        }
        let asked = questions::of_item(timeline, &windows, config);
        if !asked.raised.is_empty() {
            for q in asked.raised.iter().filter(|q| q.after_commitment) {
                if let Some(&n) = q.sprint.as_deref().and_then(|s| position.get(s)) {
                    asked_after[n] += 1;
                }
            }
            out.questions.insert(i, asked);
        }
    }
    for ((sprint, mut list), asked) in sprints.iter_mut().zip(members).zip(asked_after) {
        sprint.questions_after = asked;
        list.sort_by(|a, b| {
            (!a.committed, &index.records[a.item].id).cmp(&(!b.committed, &index.records[b.item].id))
        });
        sprint.members = list;
    }
    out.sprints = sprints;
    let recent: Vec<f64> = out
        .finished()
        .map(Sprint::points_done)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .take(RECENT)
        .collect();
    out.velocity = (!recent.is_empty() && recent.iter().any(|p| *p > 0.0))
        .then(|| (recent.iter().sum::<f64>() / recent.len() as f64 * 10.0).round() / 10.0);
    out
}

/// The configured sprints, or those inferred from the items' values.
fn declared(config: &Config, items: &[(usize, &Timeline)]) -> Vec<Sprint> {
    let sprint = |name: &str, start, end, configured| Sprint {
        name: name.to_string(),
        start,
        end,
        configured,
        phase: Phase::Planned,
        members: Vec::new(),
        questions_after: 0,
    };
    let mut out: Vec<Sprint> = if config.sprints.is_empty() {
        let mut seen: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
        for (_, timeline) in items {
            for event in &timeline.events {
                if let Some(name) = event.facts.as_ref().and_then(|f| f.sprint.as_deref()) {
                    let span = seen.entry(name).or_insert((event.stamp.time, event.stamp.time));
                    span.0 = span.0.min(event.stamp.time);
                    span.1 = span.1.max(event.stamp.time);
                }
            }
        }
        seen.into_iter()
            .map(|(name, (first, last))| sprint(name, day_of(first), day_of(last), false))
            .collect()
    } else {
        config
            .sprints
            .iter()
            .map(|s| sprint(&s.name, s.start_date(), s.end_date(), true))
            .collect()
    };
    out.sort_by(|a, b| (a.start, &a.name).cmp(&(b.start, &b.name)));
    out
}

/// How the item of `timeline` took part in `sprint`, if it did.
fn member(
    timeline: &Timeline,
    sprint: &Sprint,
    head: i64,
    category: &dyn Fn(&str) -> Option<ItemCategory>,
) -> Option<Member> {
    let (start, end) = (sprint.start_moment(), sprint.end_moment());
    let name = sprint.name.as_str();
    let at_start = state_at(timeline, start);
    let done = |status: Option<&str>| {
        status.is_some_and(|s| category(s) == Some(ItemCategory::Closed) && !is_dropped(s))
    };
    // Closed before the first day began: not part of the commitment (an
    // item finished on the first day still is).
    let closed_before = state_at(timeline, start - DAY)
        .and_then(|s| s.status)
        .is_some_and(|st| category(st) == Some(ItemCategory::Closed));
    let committed = !closed_before && at_start.as_ref().is_some_and(|s| s.sprint() == Some(name));
    let entered = if committed {
        at_start.as_ref().and_then(|s| s.facts)
    } else {
        let during = timeline
            .events
            .iter()
            .filter(|e| e.stamp.time >= start && e.stamp.time < end)
            .find(|e| e.facts.as_ref().and_then(|f| f.sprint.as_deref()) == Some(name))?;
        // An item already done when it was tagged (a tidy-up) did not enter the sprint.
        let status = state_at(timeline, during.stamp.time + 1)?.status;
        if done(status) {
            return None;
        }
        during.facts.as_deref()
    };
    let at_end = state_at(timeline, end.min(head.saturating_add(1)));
    let carries = at_end.as_ref().is_some_and(|s| s.sprint() == Some(name));
    let status = at_end.as_ref().and_then(|s| s.status);
    Some(Member {
        item: 0,
        points: entered.and_then(|f| f.points()),
        confidence: entered.and_then(|f| f.confidence.clone()),
        committed,
        done: carries && done(status),
        removed: !carries || status.is_some_and(is_dropped),
        status: status.map(str::to_string),
    })
}

impl Sprints {
    /// `data.json`'s and `export`'s `sprints`: every sprint's figures and items.
    pub fn to_json(&self, index: &Index) -> serde_json::Value {
        use serde_json::{json, Value};
        let id = |i: usize| index.records[i].id.clone();
        let list: Vec<Value> = self
            .sprints
            .iter()
            .map(|s| {
                let ids = |f: &dyn Fn(&Member) -> bool| -> Vec<String> {
                    s.members.iter().filter(|m| f(m)).map(|m| id(m.item)).collect()
                };
                json!({
                    "name": s.name,
                    "start": s.start.to_string(),
                    "end": s.end.to_string(),
                    "configured": s.configured,
                    "phase": s.phase,
                    "committed": ids(&|m| m.committed),
                    "added": ids(&|m| !m.committed),
                    "removed": ids(&|m| m.removed),
                    "done": ids(&|m| m.done),
                    "committed_points": s.points_committed(),
                    "done_points": s.points_done(),
                    "completion": s.completion(),
                    "completion_points": s.completion_by_points(),
                    "questions_after_commitment": s.questions_after,
                })
            })
            .collect();
        json!({ "sprints": list, "velocity": self.velocity })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_ends_at_the_next_midnight_utc() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        assert_eq!(moment(day), 1_767_657_600);
        assert_eq!(day_of(moment(day) - 1), day);
        assert!(is_dropped("Won't Do"));
        assert!(!is_dropped("done"));
    }
}
