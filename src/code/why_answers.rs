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
//! table holds spans of it, so reading it back costs a few allocations
//! rather than one per text.

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
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
struct Span {
    start: u32,
    end: u32,
}

/// One decision, as spans.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Facts {
    id: Span,
    title: Span,
    status: Option<Span>,
    standing: Standing,
    date: Option<Span>,
    why: Option<Span>,
    file: Span,
    page: Span,
    /// The ids of its successors, one per line.
    superseded_by: Span,
}

/// Every decision as `why` shows it, and every pattern.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Answers {
    /// Every text of the table, one after another.
    text: String,
    decisions: Vec<Facts>,
    /// Each pattern with its decision, in the index's order of decisions.
    patterns: Vec<(u32, Span)>,
    /// The ids of the records that are not decisions.
    others: Vec<Span>,
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
                answers.others.push(id);
                continue;
            }
            let decision = answers.decisions.len() as u32;
            let why = record
                .section("why")
                .map(|s| crate::text::first_sentence(&s.lead))
                .filter(|s| !s.is_empty());
            let successors: Vec<&str> = index.superseded_by[i]
                .iter()
                .map(|&s| index.records[s].id.as_str())
                .collect();
            let facts = Facts {
                id: answers.keep(&record.id),
                title: answers.keep(&record.title),
                status: record.status.as_deref().map(|s| answers.keep(s)),
                standing: Standing::of(index, i),
                date: record.date.as_deref().map(|s| answers.keep(s)),
                why: why.as_deref().map(|s| answers.keep(s)),
                file: answers.keep(&record.file.to_string_lossy().replace('\\', "/")),
                page: answers.keep(&page(i)),
                superseded_by: answers.keep(&successors.join("\n")),
            };
            answers.decisions.push(facts);
            for pattern in &record.applies_to {
                let span = answers.keep(pattern);
                answers.patterns.push((decision, span));
            }
        }
        answers
    }

    /// How many records the table was made from.
    pub fn len(&self) -> usize {
        self.decisions.len() + self.others.len()
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
        let facts = &self.decisions[d];
        let successors = self.text(facts.superseded_by);
        Decision {
            id: self.text(facts.id),
            title: self.text(facts.title),
            status: facts.status.map(|s| self.text(s)),
            standing: facts.standing,
            date: facts.date.map(|s| self.text(s)),
            why: facts.why.map(|s| self.text(s)),
            file: self.text(facts.file),
            page: self.text(facts.page),
            superseded_by: successors.lines().collect(),
        }
    }

    /// The patterns that may match `path` or, for a folder, a path under
    /// it: those whose literal prefix leads to it (see
    /// [`super::patterns`]). Only these are compiled.
    pub fn rules_near(&self, path: &str, folder: bool) -> Rules {
        let under = format!("{path}/");
        let rules = self
            .patterns
            .iter()
            .filter_map(|&(decision, span)| {
                let pattern = self.text(span);
                let prefix = Rule::literal_prefix(pattern);
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
        let decisions = self
            .decisions
            .iter()
            .enumerate()
            .map(|(d, facts)| (self.text(facts.id), Some(d)));
        decisions.chain(self.others.iter().map(|&id| (self.text(id), None)))
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
        let bytes = postcard::to_allocvec(&answers).unwrap();
        let back: Answers = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back.decision(1).title, "Round half even");
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
