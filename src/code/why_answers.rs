//! What `shoshin why` answers from: for every decision, what its answer
//! shows (id, title, status, where it stands, date, the first sentence of
//! its why, its file and page, its successors) and its `applies_to`
//! patterns; and the ids of the other records, so that a comment naming
//! one is not taken for a decision's citation.
//!
//! It is made from the index after a load, and the why index
//! ([`super::why_index`]) keeps it beside the keys of the files it was
//! made from: when no file changed, it is read back and neither records
//! nor an index are built. Every text is kept once, in one string, and the
//! table holds spans of it as fixed-width numbers ([`Words`]), so reading
//! it back is a few copies rather than one allocation per text and a
//! decode per number.

use super::patterns::{Rule, Rules};
use crate::config::DecisionCategory;
use crate::index::Index;
use crate::model::Kind;
use serde::{Deserialize, Serialize};

/// Where a decision stands, in the order `why` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Accepted and not superseded.
    InForce,
    /// Proposed, or with a status outside the vocabulary: not yet in force.
    NotYetInForce,
    /// Superseded, rejected or deprecated: it used to govern.
    Retired,
}

impl Standing {
    /// Where the record `i` of `index` stands.
    pub fn of(index: &Index, i: usize) -> Standing {
        if index.is_retired(i) {
            Standing::Retired
        } else if index.decision_category(i) == Some(DecisionCategory::Accepted) {
            Standing::InForce
        } else {
            Standing::NotYetInForce
        }
    }
}

/// A text of [`Answers::text`], by its byte range.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Span {
    start: u32,
    end: u32,
}

/// Numbers of 32 bits kept as little-endian bytes: read back with one
/// copy, where a list of numbers is decoded one number at a time.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Words(#[serde(with = "serde_bytes")] Vec<u8>);

/// The start of a span that is not there.
const NONE: u32 = u32::MAX;

impl Words {
    fn push(&mut self, word: u32) {
        self.0.extend_from_slice(&word.to_le_bytes());
    }

    fn push_span(&mut self, span: Option<Span>) {
        let Span { start, end } = span.unwrap_or(Span {
            start: NONE,
            end: NONE,
        });
        self.push(start);
        self.push(end);
    }

    /// How many numbers are kept.
    fn len(&self) -> usize {
        self.0.len() / 4
    }

    /// The number `i`; 0 past the end (a damaged table reads as empty texts).
    fn get(&self, i: usize) -> u32 {
        let bytes = self.0.get(i * 4..i * 4 + 4).unwrap_or(&[0; 4]);
        u32::from_le_bytes(bytes.try_into().expect("4 bytes"))
    }

    fn span(&self, i: usize) -> Option<Span> {
        let (start, end) = (self.get(i), self.get(i + 1));
        (start != NONE).then_some(Span { start, end })
    }
}

/// Numbers per decision in [`Answers::decisions`]: the spans of its id,
/// title, status, date, why, file, page and successors, then its standing.
const FACTS: usize = 17;

/// Numbers per pattern in [`Answers::patterns`]: its decision, its span,
/// and where its literal prefix ends in the text (so a run need not look
/// for it in every pattern).
const PATTERN: usize = 4;

/// Every decision as `why` shows it, and every pattern.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Answers {
    /// Every text of the table, one after another.
    text: String,
    /// [`FACTS`] numbers per decision.
    decisions: Words,
    /// [`PATTERN`] numbers per pattern, in the index's order of decisions.
    patterns: Words,
    /// The spans of the ids of the records that are not decisions.
    others: Words,
}

/// One decision as `why` shows it.
#[derive(Debug)]
pub struct Decision<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub status: Option<&'a str>,
    pub standing: Standing,
    pub date: Option<&'a str>,
    /// The first sentence of its why.
    pub why: Option<&'a str>,
    /// Its file, relative to the records root.
    pub file: &'a str,
    /// Its page, relative to the site's root.
    pub page: &'a str,
    pub superseded_by: Vec<&'a str>,
}

impl Answers {
    /// The table of `index`'s decisions; `page` gives the page of record `i`.
    pub fn of(index: &Index, page: impl Fn(usize) -> String) -> Answers {
        let mut answers = Answers::default();
        for (i, record) in index.records.iter().enumerate() {
            if record.kind != Kind::Decision {
                let id = answers.keep(&record.id);
                answers.others.push_span(Some(id));
                continue;
            }
            let decision = answers.decision_count() as u32;
            let why = record
                .section("why")
                .map(|s| crate::text::first_sentence(&s.lead))
                .filter(|s| !s.is_empty());
            let successors: Vec<&str> = index.superseded_by[i]
                .iter()
                .map(|&s| index.records[s].id.as_str())
                .collect();
            let spans = [
                Some(answers.keep(&record.id)),
                Some(answers.keep(&record.title)),
                record.status.as_deref().map(|s| answers.keep(s)),
                record.date.as_deref().map(|s| answers.keep(s)),
                why.as_deref().map(|s| answers.keep(s)),
                Some(answers.keep(&record.file.to_string_lossy().replace('\\', "/"))),
                Some(answers.keep(&page(i))),
                Some(answers.keep(&successors.join("\n"))),
            ];
            for span in spans {
                answers.decisions.push_span(span);
            }
            answers.decisions.push(Standing::of(index, i) as u32);
            for pattern in &record.applies_to {
                let span = answers.keep(pattern);
                answers.patterns.push(decision);
                answers.patterns.push_span(Some(span));
                answers
                    .patterns
                    .push(span.start + Rule::literal_prefix(pattern).len() as u32);
            }
        }
        answers
    }

    /// How many records the table was made from.
    pub fn len(&self) -> usize {
        self.decision_count() + self.others.len() / 2
    }

    fn decision_count(&self) -> usize {
        self.decisions.len() / FACTS
    }

    /// True when it was made from no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds `text` to the table's text.
    fn keep(&mut self, text: &str) -> Span {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        Span {
            start,
            end: self.text.len() as u32,
        }
    }

    /// The text of `span`; empty for a span of another table.
    fn text(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default()
    }

    /// The decision `d` (an index of [`Rule::decision`]).
    pub fn decision(&self, d: usize) -> Decision<'_> {
        let at = d * FACTS;
        let text = |field: usize| self.decisions.span(at + 2 * field).map(|s| self.text(s));
        let standing = match self.decisions.get(at + FACTS - 1) {
            0 => Standing::InForce,
            2 => Standing::Retired,
            _ => Standing::NotYetInForce,
        };
        Decision {
            id: text(0).unwrap_or_default(),
            title: text(1).unwrap_or_default(),
            status: text(2),
            standing,
            date: text(3),
            why: text(4),
            file: text(5).unwrap_or_default(),
            page: text(6).unwrap_or_default(),
            superseded_by: text(7).unwrap_or_default().lines().collect(),
        }
    }

    /// The patterns that may match `path` or, for a folder, a path under
    /// it: those whose literal prefix leads to it (see
    /// [`super::patterns`]). Only these are compiled.
    pub fn rules_near(&self, path: &str, folder: bool) -> Rules {
        let under = format!("{path}/");
        let rules = (0..self.patterns.len() / PATTERN)
            .filter_map(|p| {
                let decision = self.patterns.get(p * PATTERN);
                let span = self.patterns.span(p * PATTERN + 1)?;
                let prefix_end = self.patterns.get(p * PATTERN + 3).clamp(span.start, span.end);
                let pattern = self.text(span);
                let prefix = self.text(Span {
                    start: span.start,
                    end: prefix_end,
                });
                let near =
                    path.starts_with(prefix) || (folder && (path.is_empty() || prefix.starts_with(&under)));
                near.then(|| Rule::new(decision as usize, pattern))
            })
            .collect();
        Rules { rules }
    }

    /// Every record id, with the decision it is (`None` for a record of
    /// another kind): what a comment may cite.
    pub fn ids(&self) -> impl Iterator<Item = (&str, Option<usize>)> {
        let span = |words: &Words, i: usize| words.span(i).map_or("", |s| self.text(s));
        let decisions = (0..self.decision_count()).map(move |d| (span(&self.decisions, d * FACTS), Some(d)));
        let others = (0..self.others.len() / 2).map(move |o| (span(&self.others, o * 2), None));
        decisions.chain(others)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const ROUND: &str = "---\nid: ADR-0001\ntitle: Round half up\nstatus: superseded\nsuperseded_by: [ADR-0002]\napplies_to: [src/ledger/**]\n---\n## Context\nShops round so. More.\n";
    const EVEN: &str = "---\nid: ADR-0002\ntitle: Round half even\nstatus: accepted\ndate: 2026-01-10\napplies_to: [src/ledger/round.rs, 'src/*.rs']\n---\n## Context\nThe bank rounds so. More.\n";
    const ITEM: &str = "---\nid: PAY-1\ntitle: Export\nstatus: open\n---\nText.\n";

    fn answers() -> Answers {
        let files = [
            ("decisions/ADR-0001-round.md", ROUND),
            ("decisions/ADR-0002-even.md", EVEN),
            ("items/PAY-1.md", ITEM),
        ];
        let (_dir, index, _) = crate::test_support::indexed(&files, &Config::default());
        Answers::of(&index, |i| format!("page-{i}"))
    }

    #[test]
    fn each_decision_reads_back_as_the_index_gave_it() {
        let answers = answers();
        assert_eq!(answers.len(), 3);
        let ids: Vec<(&str, Option<usize>)> = answers.ids().collect();
        assert_eq!(
            ids,
            [("ADR-0001", Some(0)), ("ADR-0002", Some(1)), ("PAY-1", None)]
        );
        let old = answers.decision(0);
        assert_eq!(
            (old.id, old.title, old.status, old.standing),
            ("ADR-0001", "Round half up", Some("superseded"), Standing::Retired)
        );
        assert_eq!(old.superseded_by, ["ADR-0002"]);
        assert_eq!(old.why, Some("Shops round so."));
        assert_eq!(old.file, "decisions/ADR-0001-round.md");
        let new = answers.decision(1);
        assert_eq!(
            (new.standing, new.date, new.page),
            (Standing::InForce, Some("2026-01-10"), "page-1")
        );
        assert!(new.superseded_by.is_empty());
        // Kept and read back, it is the same table.
        assert_eq!(old.date, None, "a missing date stays missing");
        let bytes = postcard::to_allocvec(&answers).unwrap();
        let back: Answers = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back.decision(1).title, "Round half even");
        assert_eq!(back.ids().collect::<Vec<_>>(), ids);
        assert_eq!(back.rules_near("src/ledger/round.rs", false).rules.len(), 3);
    }

    #[test]
    fn a_damaged_table_reads_as_empty_texts() {
        let mut answers = answers();
        answers.decisions.0.truncate(FACTS * 4 + 10);
        let cut = answers.decision(1);
        assert_eq!((cut.id, cut.title), ("ADR-0002", ""));
        assert_eq!(answers.decision(7).id, "", "past the end");
    }

    #[test]
    fn only_the_patterns_whose_prefix_leads_to_the_path_are_near() {
        let answers = answers();
        let patterns = |rules: Rules| -> Vec<String> { rules.rules.into_iter().map(|r| r.pattern).collect() };
        assert_eq!(
            patterns(answers.rules_near("src/ledger/round.rs", false)),
            ["src/ledger/**", "src/ledger/round.rs", "src/*.rs"]
        );
        assert_eq!(patterns(answers.rules_near("src/api.rs", false)), ["src/*.rs"]);
        // A folder: also the patterns of the paths under it.
        assert_eq!(
            patterns(answers.rules_near("src", true)),
            ["src/ledger/**", "src/ledger/round.rs", "src/*.rs"]
        );
        assert!(answers.rules_near("docs", true).rules.is_empty());
        assert_eq!(answers.rules_near("", true).rules.len(), 3);
    }
}
