//! Decisions over time: who moved a decision to its status and when (from
//! the history), when it is due for review, and the two checks of them,
//! `accepted-without-decider` and `review-due`.
//!
//! **The recorded approver** of a decision is the author of the commit that
//! gave it its current status, as the history records it: a decision
//! accepted in a commit has one; while the new status is not committed, it
//! has none. Without history (not a repository, history off) nothing can
//! be said, and `accepted-without-decider` is not reported.
//!
//! **As of when** a review is due: the date of the latest commit to the
//! records, so that two builds of one commit agree whatever day they run.
//! Outside git there is no commit: the newest `date` of any record stands
//! in for it (never today's date), and without one no review is reported.

use crate::config::{Config, DecisionCategory, ReviewPeriod};
use crate::diagnostic::{Code, Diagnostic};
use crate::history::{History, Stamp};
use crate::index::Index;
use crate::model::Kind;
use crate::parse::fields::key_span;
use chrono::NaiveDate;

/// The commit that gave decision `i` its current status, when the history
/// has it (see the module's documentation).
pub fn status_set_by<'a>(
    index: &Index,
    history: &'a History,
    config: &Config,
    i: usize,
) -> Option<&'a Stamp> {
    let current = index.decision_category(i)?;
    let timeline = history.of(i)?;
    let transitions = timeline.transitions();
    let last = transitions.last()?;
    let committed = crate::history::status::decision_category(last.to, config);
    (committed == Some(current)).then_some(last.stamp)
}

/// Why a decision is due for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The decision (index in the [`Index`]).
    pub decision: usize,
    /// The review date, `YYYY-MM-DD`.
    pub date: String,
    /// `review_by`, or `review_after` (from when it was accepted).
    pub from: &'static str,
}

/// The date reviews are judged against: see the module's documentation.
pub fn as_of(index: &Index, history: &History) -> Option<NaiveDate> {
    if let Some(time) = history.head_time {
        let stamp = Stamp {
            time,
            offset: 0,
            author: None,
            commit: None,
        };
        return parse_date(&stamp.date());
    }
    // `YYYY-MM-DD` sorts as text sorts: the latest well-formed date is the
    // greatest, and only it is parsed.
    index
        .records
        .iter()
        .filter_map(|r| r.date.as_deref())
        .filter(|d| looks_like_a_date(d))
        .max()
        .and_then(parse_date)
}

/// True when `text` has the shape `YYYY-MM-DD` (digits and dashes).
fn looks_like_a_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The review date of decision `i` when it is in force: its `review_by`,
/// else `review_after` from when it was accepted (the commit that accepted
/// it, else its `date`).
pub fn review_date(index: &Index, history: &History, config: &Config, i: usize) -> Option<Due> {
    let record = &index.records[i];
    if record.kind != Kind::Decision
        || index.decision_category(i) != Some(DecisionCategory::Accepted)
        || index.is_retired(i)
    {
        return None;
    }
    if let Some(date) = &record.review_by {
        return Some(Due {
            decision: i,
            date: date.clone(),
            from: "review_by",
        });
    }
    let period = config.review_period()?;
    let accepted = status_set_by(index, history, config, i)
        .map(Stamp::date)
        .or_else(|| record.date.clone())?;
    let start = parse_date(&accepted)?;
    let due = match period {
        ReviewPeriod::Months(n) => start.checked_add_months(chrono::Months::new(n))?,
        ReviewPeriod::Days(n) => start.checked_add_days(chrono::Days::new(n.into()))?,
    };
    Some(Due {
        decision: i,
        date: due.format("%Y-%m-%d").to_string(),
        from: "review_after",
    })
}

/// The decisions past their review date, the longest overdue first.
pub fn due_for_review(index: &Index, history: &History, config: &Config) -> Vec<Due> {
    let Some(today) = as_of(index, history) else {
        return Vec::new();
    };
    let mut due: Vec<Due> = (0..index.records.len())
        .filter_map(|i| review_date(index, history, config, i))
        .filter(|due| parse_date(&due.date).is_some_and(|date| date < today))
        .collect();
    due.sort_by(|a, b| {
        (&a.date, &index.records[a.decision].id).cmp(&(&b.date, &index.records[b.decision].id))
    });
    due
}

/// `review-due`: each decision past its review date.
pub fn review_due(index: &Index, history: &History, config: &Config, out: &mut Vec<Diagnostic>) {
    let due = due_for_review(index, history, config);
    let Some(today) = as_of(index, history).filter(|_| !due.is_empty()) else {
        return;
    };
    let basis = if history.head_time.is_some() {
        "the last commit"
    } else {
        "the newest record date"
    };
    for item in due {
        let record = &index.records[item.decision];
        let (key, value) = match item.from {
            "review_by" => ("review_by", record.review_by.as_deref()),
            _ => ("status", record.status.as_deref()),
        };
        let span = key_span(record, key, value);
        let message = match item.from {
            "review_by" => format!(
                "{} was due for review on {} (`review_by`), before {basis} ({today})",
                record.id, item.date
            ),
            _ => format!(
                "{} was due for review on {} (`review_after: {}` in shoshin.yaml since it was accepted), before {basis} ({today})",
                record.id,
                item.date,
                config.review_after.as_deref().unwrap_or_default()
            ),
        };
        out.push(super::at(record, Code::ReviewDue, span, message).with_help(
            "review the decision with its deciders: confirm it with a new `review_by:` date, or supersede or deprecate it",
        ));
    }
}

/// `accepted-without-decider`: an accepted decision that names no deciders
/// and whose history records nobody who accepted it. Without history there
/// is no record to consult (`history-unavailable` says so): nothing is
/// reported.
pub fn accepted_without_decider(
    index: &Index,
    history: &History,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) {
    if !history.from_git {
        return;
    }
    for (i, record) in index.records.iter().enumerate() {
        if record.kind != Kind::Decision
            || index.decision_category(i) != Some(DecisionCategory::Accepted)
            || !record.deciders.is_empty()
        {
            continue;
        }
        if status_set_by(index, history, config, i).is_some_and(|stamp| stamp.author.is_some()) {
            continue;
        }
        let span = key_span(record, "status", record.status.as_deref());
        out.push(
            super::at(
                record,
                Code::AcceptedWithoutDecider,
                span,
                format!(
                    "{} is accepted, but names no deciders and no commit records who accepted it",
                    record.id
                ),
            )
            .with_help(
                "name who decided under `deciders:` (or `decision-makers:`), or commit the decision so that its history records who accepted it",
            ),
        );
    }
}
