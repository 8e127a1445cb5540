//! One record's story: the commits that touched it, with the status each
//! left, and the dates shown when there is no git history.

use super::walk::Walked;
use crate::index::Index;
use crate::model::Record;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A moment: when, and by whom when git says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Seconds since the Unix epoch.
    pub time: i64,
    /// Time zone offset in seconds east of UTC.
    pub offset: i32,
    /// The commit's author.
    pub author: Option<String>,
    /// The commit id (hex).
    pub commit: Option<String>,
}

impl Stamp {
    /// The date in the author's time zone, `YYYY-MM-DD`.
    pub fn date(&self) -> String {
        use chrono::Datelike;
        let moment = self.date_time();
        match moment.year() {
            // What `%Y-%m-%d` gives, without parsing the format each time.
            year @ 0..=9999 => format!("{year:04}-{:02}-{:02}", moment.month(), moment.day()),
            _ => moment.format("%Y-%m-%d").to_string(),
        }
    }

    /// The moment in RFC 3339, with the author's offset.
    pub fn rfc3339(&self) -> String {
        self.date_time()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }

    /// The moment in UTC, `YYYY-MM-DDTHH:MM:SSZ` (sorts as text).
    pub fn rfc3339_utc(&self) -> String {
        chrono::DateTime::from_timestamp(self.time, 0)
            .unwrap_or_default()
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    }

    fn date_time(&self) -> chrono::DateTime<chrono::FixedOffset> {
        let offset = chrono::FixedOffset::east_opt(self.offset)
            .unwrap_or(chrono::FixedOffset::east_opt(0).expect("zero offset"));
        chrono::DateTime::from_timestamp(self.time, 0)
            .unwrap_or_default()
            .with_timezone(&offset)
    }
}

/// One commit's change to a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// When and by whom.
    pub stamp: Stamp,
    /// The status the record had after the commit.
    pub status: Option<String>,
    /// What the record said about sprints after the commit, when anything
    /// (see [`super::facts`]).
    pub facts: Option<std::sync::Arc<super::facts::Facts>>,
}

/// Where a timeline's dates come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Commits.
    Git,
    /// The record's `date`.
    FrontMatter,
    /// The file's modification time.
    File,
    /// Nothing known.
    #[default]
    Unknown,
}

/// The story of one record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    /// Every commit that touched the record, oldest first (empty without git).
    pub events: Vec<Event>,
    /// The date used without commits (front matter or file time).
    pub fallback: Option<Stamp>,
    /// Where the dates come from.
    pub source: Source,
}

/// A change of status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition<'a> {
    /// The status before (`None` for the first one).
    pub from: Option<&'a str>,
    /// The status after.
    pub to: &'a str,
    /// The commit that made it.
    pub stamp: &'a Stamp,
}

impl Timeline {
    /// When the record was created.
    pub fn created(&self) -> Option<&Stamp> {
        self.events.first().map(|e| &e.stamp).or(self.fallback.as_ref())
    }

    /// When the record last changed.
    pub fn changed(&self) -> Option<&Stamp> {
        self.events.last().map(|e| &e.stamp).or(self.fallback.as_ref())
    }

    /// The number of commits that touched the record: its refinement passes.
    pub fn passes(&self) -> usize {
        self.events.len()
    }

    /// Each change of status, the first status included, oldest first.
    pub fn transitions(&self) -> Vec<Transition<'_>> {
        let mut out = Vec::new();
        let mut current: Option<&str> = None;
        for event in &self.events {
            if let Some(status) = event.status.as_deref() {
                if current != Some(status) {
                    out.push(Transition {
                        from: current,
                        to: status,
                        stamp: &event.stamp,
                    });
                    current = Some(status);
                }
            }
        }
        out
    }
}

/// The timeline of every record of `index`, in its order.
pub fn timelines(root: &Path, index: &Index, walked: Option<&Walked>) -> Vec<Timeline> {
    use rayon::prelude::*;
    index
        .records
        .par_iter()
        .map(|record| timeline(root, record, walked))
        .collect()
}

/// The timeline of one record: its commits when `walked` has some, else
/// the date of its front matter or of its file.
pub fn timeline(root: &Path, record: &Record, walked: Option<&Walked>) -> Timeline {
    let events: Vec<Event> = walked
        .and_then(|w| Some((w, w.files.get(&record.file)?)))
        .map(|(w, changes)| {
            changes
                .iter()
                .map(|c| {
                    let commit = &w.commits[c.commit];
                    Event {
                        stamp: Stamp {
                            time: commit.time,
                            offset: commit.offset,
                            author: Some(commit.author.clone()),
                            commit: Some(commit.id.clone()),
                        },
                        status: c.status.clone(),
                        facts: c.facts.clone(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    if !events.is_empty() {
        return Timeline {
            events,
            fallback: None,
            source: Source::Git,
        };
    }
    let from_date = record.date.as_deref().and_then(|d| {
        let date = chrono::NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok()?;
        Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
    });
    let (time, source) = match from_date {
        Some(time) => (Some(time), Source::FrontMatter),
        None => {
            let modified = std::fs::metadata(root.join(&record.file))
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_secs() as i64);
            (modified, Source::File)
        }
    };
    match time {
        Some(time) => Timeline {
            events: Vec::new(),
            fallback: Some(Stamp {
                time,
                offset: 0,
                author: None,
                commit: None,
            }),
            source,
        },
        None => Timeline::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_what_the_year_month_day_format_gives() {
        // 1970, 2001, a day that is another date east of UTC, years 9999 and
        // 10000, and before 1970.
        let times = [
            0,
            1_000_000_000,
            1_700_000_000 - 3_600,
            253_402_300_799,
            253_402_300_800,
            -86_400 * 800_000,
        ];
        for time in times {
            for offset in [0, 14 * 3_600, -12 * 3_600] {
                let stamp = Stamp {
                    time,
                    offset,
                    author: None,
                    commit: None,
                };
                assert_eq!(
                    stamp.date(),
                    stamp.date_time().format("%Y-%m-%d").to_string(),
                    "{time} {offset}"
                );
            }
        }
    }
}
