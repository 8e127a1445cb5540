//! Open questions over an item's history: when each entry of its
//! open-questions section appeared, by whom, whether the item was already
//! committed then (in progress, or inside the sprint it was taken into),
//! and when it was answered (checked, or taken out of the section).
//!
//! Made from the facts each commit's version gave ([`super::facts`]): the
//! set of entries of one version is compared with the previous one's, so
//! the work is linear in the item's commits, and only for items with
//! questions.

use super::timeline::{Stamp, Timeline};
use crate::config::{Config, ItemCategory};

/// One question raised on an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Raised {
    /// Its text.
    pub text: String,
    /// The commit that added it.
    pub stamp: Stamp,
    /// Whether the item was committed when it was added.
    pub after_commitment: bool,
    /// The sprint the item was in when it was added, when one was running.
    pub sprint: Option<String>,
    /// The commit that checked it or took it out, if any did.
    pub answered: Option<Stamp>,
}

/// A sprint's window, for telling whether a moment is inside it: from the
/// end of its first day (`start`, the commitment) to the end of its last
/// (`end`), in seconds since the Unix epoch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// The sprint's name.
    pub name: String,
    /// The commitment moment.
    pub start: i64,
    /// The end moment.
    pub end: i64,
}

/// The questions raised on an item, oldest first, and the moment it was
/// first committed (`None` when it never was).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemQuestions {
    /// Every question, in the order they appeared.
    pub raised: Vec<Raised>,
    /// When the item was first committed.
    pub committed_at: Option<i64>,
}

impl ItemQuestions {
    /// Questions raised before commitment and answered before it: the good case.
    pub fn answered_before_commitment(&self) -> usize {
        let Some(at) = self.committed_at else {
            return 0;
        };
        self.raised
            .iter()
            .filter(|q| !q.after_commitment && q.answered.as_ref().is_some_and(|a| a.time < at))
            .count()
    }

    /// Questions raised before commitment and still open when it came.
    pub fn open_at_commitment(&self) -> usize {
        let Some(at) = self.committed_at else {
            return 0;
        };
        self.raised
            .iter()
            .filter(|q| !q.after_commitment && q.answered.as_ref().is_none_or(|a| a.time >= at))
            .count()
    }

    /// Questions raised after commitment.
    pub fn after_commitment(&self) -> usize {
        self.raised.iter().filter(|q| q.after_commitment).count()
    }
}

/// The questions of one item's `timeline`; `windows` are the sprints (any
/// order).
pub fn of_item(timeline: &Timeline, windows: &[Window], config: &Config) -> ItemQuestions {
    let mut out = ItemQuestions::default();
    let has_questions = timeline
        .events
        .iter()
        .any(|e| e.facts.as_ref().is_some_and(|f| !f.questions.is_empty()));
    let category = |s: &str| super::status::item_category(s, config);
    let window_of = |sprint: Option<&str>, time: i64| {
        let sprint = sprint?;
        windows
            .iter()
            .find(|w| w.name == sprint && w.start <= time && time < w.end)
    };
    // Open entries by text, each with its index in `out.raised`.
    let mut open: rustc_hash::FxHashMap<String, usize> = Default::default();
    let mut status: Option<ItemCategory> = None;
    let mut sprint: Option<&str> = None;
    for (n, event) in timeline.events.iter().enumerate() {
        let time = event.stamp.time;
        let facts = event.facts.as_deref();
        let now_status = event.status.as_deref().and_then(category).or(status);
        let now_sprint = facts.and_then(|f| f.sprint.as_deref());
        // The state before this commit; a record's first version stands for itself.
        let (before_status, before_sprint) = if n == 0 {
            (now_status, now_sprint)
        } else {
            (status, sprint)
        };
        let running = window_of(before_sprint, time).or_else(|| window_of(now_sprint, time));
        let committed =
            before_status == Some(ItemCategory::Active) || window_of(before_sprint, time).is_some();
        if out.committed_at.is_none() {
            if now_status == Some(ItemCategory::Active) || committed || window_of(now_sprint, time).is_some()
            {
                out.committed_at = Some(time);
            } else if let Some(w) = windows.iter().find(|w| Some(w.name.as_str()) == now_sprint) {
                // Taken into a sprint ahead of it: committed when it starts.
                if w.start > time {
                    out.committed_at = Some(w.start);
                }
            }
        }
        if has_questions {
            let entries = facts.map(|f| f.questions.as_slice()).unwrap_or_default();
            let mut still: rustc_hash::FxHashMap<String, usize> = Default::default();
            for entry in entries {
                let known = open
                    .remove(&entry.text)
                    .or_else(|| still.get(&entry.text).copied());
                let slot = match known {
                    Some(slot) => slot,
                    None => {
                        let answered_already = out
                            .raised
                            .iter()
                            .rposition(|q| q.text == entry.text && q.answered.is_some());
                        // An answered question written again unchecked is open again.
                        if let (Some(again), false) = (answered_already, entry.done) {
                            out.raised[again].answered = None;
                            still.insert(entry.text.clone(), again);
                            continue;
                        }
                        if answered_already.is_some() {
                            continue;
                        }
                        out.raised.push(Raised {
                            text: entry.text.clone(),
                            stamp: event.stamp.clone(),
                            after_commitment: committed,
                            sprint: running.map(|w| w.name.clone()),
                            answered: None,
                        });
                        out.raised.len() - 1
                    }
                };
                if entry.done {
                    if out.raised[slot].answered.is_none() {
                        out.raised[slot].answered = Some(event.stamp.clone());
                    }
                } else {
                    still.insert(entry.text.clone(), slot);
                }
            }
            // Entries no longer listed were answered by taking them out.
            for (_, slot) in open.drain() {
                if out.raised[slot].answered.is_none() {
                    out.raised[slot].answered = Some(event.stamp.clone());
                }
            }
            open = still;
        }
        status = now_status;
        sprint = now_sprint;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::facts::{Facts, Question};
    use crate::history::Event;
    use std::sync::Arc;

    fn event(time: i64, status: &str, questions: &[(&str, bool)]) -> Event {
        Event {
            stamp: Stamp {
                time,
                offset: 0,
                author: Some("ana".into()),
                commit: None,
            },
            status: Some(status.into()),
            facts: Some(Arc::new(Facts {
                questions: questions
                    .iter()
                    .map(|&(text, done)| Question {
                        text: text.into(),
                        done,
                    })
                    .collect(),
                ..Facts::default()
            })),
        }
    }

    #[test]
    fn questions_are_followed_from_raised_to_answered_across_commitment() {
        let timeline = Timeline {
            events: vec![
                event(10, "ready", &[("A?", false), ("B?", false)]),
                event(20, "ready", &[("A?", true), ("B?", false)]),
                event(30, "in-progress", &[("A?", true), ("B?", false)]),
                event(40, "in-progress", &[("A?", true), ("C?", false)]),
            ],
            ..Timeline::default()
        };
        let asked = of_item(&timeline, &[], &crate::config::Config::default());
        assert_eq!(asked.committed_at, Some(30));
        let seen: Vec<(&str, bool, Option<i64>)> = asked
            .raised
            .iter()
            .map(|q| {
                (
                    q.text.as_str(),
                    q.after_commitment,
                    q.answered.as_ref().map(|a| a.time),
                )
            })
            .collect();
        // B was taken out at 40: answered then, after commitment.
        assert_eq!(
            seen,
            [
                ("A?", false, Some(20)),
                ("B?", false, Some(40)),
                ("C?", true, None)
            ]
        );
        assert_eq!(asked.answered_before_commitment(), 1);
        assert_eq!(asked.open_at_commitment(), 1);
        assert_eq!(asked.after_commitment(), 1);
    }

    #[test]
    fn inside_a_running_sprint_counts_as_committed() {
        let windows = [Window {
            name: "S1".into(),
            start: 100,
            end: 200,
        }];
        let mut planned = event(50, "ready", &[]);
        Arc::make_mut(planned.facts.as_mut().unwrap()).sprint = Some("S1".into());
        let mut asked_mid = event(150, "ready", &[("D?", false)]);
        Arc::make_mut(asked_mid.facts.as_mut().unwrap()).sprint = Some("S1".into());
        let timeline = Timeline {
            events: vec![planned, asked_mid],
            ..Timeline::default()
        };
        let asked = of_item(&timeline, &windows, &crate::config::Config::default());
        assert_eq!(asked.committed_at, Some(100), "from the sprint's start");
        assert!(asked.raised[0].after_commitment);
        assert_eq!(asked.raised[0].sprint.as_deref(), Some("S1"));
    }
}
