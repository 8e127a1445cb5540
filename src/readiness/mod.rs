//! Readiness: the Definition of Ready, computed from each item rather than
//! claimed by its status.
//!
//! Every item still being refined or waiting (status category `open` or
//! `ready`, or no known status) is assessed once, after the index is built:
//! each rule of [`registry::RULES`] that applies to the item's type gives pass or
//! fail with a sentence ([`rules`]); the share of rules passed is the score;
//! the failures give the verdict. Items in progress or closed are not
//! assessed. [`crate::check::readiness`] turns the results into diagnostics, [`agenda`] picks
//! what the next refinement session should discuss; the renderer
//! (`render::readiness`) shapes them for the pages.

pub mod agenda;
pub mod registry;
pub mod rules;

use crate::config::readiness::RuleLevel;
use crate::config::{Config, ItemCategory};
use crate::index::Index;
use crate::model::Kind;
use registry::{Assess, Settings};
use serde::Serialize;

/// The overall judgement of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every rule passes.
    Ready,
    /// Only warnings fail (by default: no owner).
    Almost,
    /// At least one rule that is an error fails.
    NotReady,
    /// A dependency is not ready, in progress or done yet.
    Blocked,
}

impl Verdict {
    /// All verdicts, in display order.
    pub const ALL: [Verdict; 4] = [
        Verdict::Ready,
        Verdict::Almost,
        Verdict::NotReady,
        Verdict::Blocked,
    ];

    /// `ready`, `almost`, `not-ready` or `blocked`, as in data attributes and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::Almost => "almost",
            Verdict::NotReady => "not-ready",
            Verdict::Blocked => "blocked",
        }
    }

    /// Words for people: `ready`, `almost ready`, `not ready`, `blocked`.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::Almost => "almost ready",
            Verdict::NotReady => "not ready",
            Verdict::Blocked => "blocked",
        }
    }
}

/// How much a failed rule weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSeverity {
    /// The item is not ready while this fails.
    Error,
    /// The item is at most almost ready while this fails.
    Warning,
}

/// One rule applied to one item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleResult {
    /// Stable rule name: `why`, `acceptance_criteria`, …, `section:<key>`, `field:<key>`.
    pub rule: String,
    /// Short name for checklists: `Why`, `Acceptance criteria`, …
    pub label: String,
    /// The rule holds.
    pub passed: bool,
    /// How much a failure weighs.
    pub severity: RuleSeverity,
    /// What was found, or what is missing and how to fix it.
    pub message: String,
    /// Dependencies that are not ready yet (record indexes).
    #[serde(skip)]
    pub blocked_by: Vec<usize>,
}

/// The readiness of one item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The overall judgement.
    pub verdict: Verdict,
    /// Percentage of the rules passed, 0–100.
    pub score: u32,
    /// Every rule that applies, in checklist order.
    pub rules: Vec<RuleResult>,
}

impl Assessment {
    /// The rules that fail.
    pub fn failed(&self) -> impl Iterator<Item = &RuleResult> {
        self.rules.iter().filter(|r| !r.passed)
    }

    /// The rules that fail with severity error.
    pub fn failed_errors(&self) -> impl Iterator<Item = &RuleResult> {
        self.failed().filter(|r| r.severity == RuleSeverity::Error)
    }
}

/// The readiness of every item, by record index.
#[derive(Debug, Clone, Default)]
pub struct Readiness {
    assessments: Vec<Option<Assessment>>,
}

/// True when an item's readiness is judged: it is open or ready (or has no
/// known status), not in progress or closed.
pub fn is_assessed(index: &Index, i: usize) -> bool {
    index.records[i].kind == Kind::Item
        && matches!(
            index.item_category(i),
            None | Some(ItemCategory::Open | ItemCategory::Ready)
        )
}

/// The item's type, `story` when it has none.
pub fn item_type(record: &crate::model::Record) -> &str {
    record.item_type.as_deref().unwrap_or("story")
}

impl Readiness {
    /// Assesses every item of the index, in parallel.
    pub fn assess(index: &Index, config: &Config) -> Readiness {
        Readiness::reassess(index, config, Readiness::default(), &[])
    }

    /// The same as [`Readiness::assess`], taking from `previous` the
    /// assessment of each record `i` for which `kept[i]` holds: `serve` says
    /// so after an edit when record `i` is the same record at the same place
    /// and nothing its rules look at (the records it names) changed.
    pub fn reassess(index: &Index, config: &Config, previous: Readiness, kept: &[bool]) -> Readiness {
        use rayon::prelude::*;
        let n = index.records.len();
        let mut previous = previous.assessments;
        let known = previous.len();
        let kept = |i: usize| i < known && kept.get(i).copied().unwrap_or(false);
        let mut settings: std::collections::HashMap<&str, Settings> = std::collections::HashMap::new();
        for (i, record) in index.records.iter().enumerate() {
            let kind = item_type(record);
            if !kept(i) && !settings.contains_key(kind) {
                settings.insert(kind, Settings::of(&config.readiness, kind));
            }
        }
        let fresh: Vec<Option<Assessment>> = (0..n)
            .into_par_iter()
            .map(|i| {
                if kept(i) || !is_assessed(index, i) {
                    return None;
                }
                let settings = &settings[item_type(&index.records[i])];
                Some(assess_item(index, i, settings))
            })
            .collect();
        let assessments = fresh
            .into_iter()
            .enumerate()
            .map(|(i, fresh)| if kept(i) { previous[i].take() } else { fresh })
            .collect();
        Readiness { assessments }
    }

    /// The assessment of record `i`, `None` when it is not assessed.
    pub fn get(&self, i: usize) -> Option<&Assessment> {
        self.assessments.get(i).and_then(Option::as_ref)
    }

    /// Every assessed record index with its assessment.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Assessment)> {
        self.assessments
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.as_ref().map(|a| (i, a)))
    }
}

/// Applies the rules of `settings` to item `i`.
pub fn assess_item(index: &Index, i: usize, settings: &Settings) -> Assessment {
    let record = &index.records[i];
    let item = registry::Item {
        index,
        record,
        settings,
    };
    let mut results = Vec::new();
    for &(rule, level) in &settings.levels {
        // A format with no place for what the rule asks is not held to it,
        // unless the configuration asks for the rule all the same.
        if rule.lacked_by.contains(&record.format) && !settings.is_configured(rule.name) {
            continue;
        }
        let severity = match level {
            RuleLevel::Off => continue,
            RuleLevel::Error => RuleSeverity::Error,
            RuleLevel::Warning => RuleSeverity::Warning,
        };
        let outcomes = match rule.assess {
            Assess::One(assess) => vec![(rule.name.to_string(), rule.label.to_string(), assess(&item))],
            Assess::Each(assess) => assess(&item),
        };
        results.extend(outcomes.into_iter().map(|(rule, label, outcome)| RuleResult {
            rule,
            label,
            passed: outcome.passed,
            severity,
            message: outcome.message,
            blocked_by: outcome.blocked_by,
        }));
    }
    let passed = results.iter().filter(|r| r.passed).count();
    let score = if results.is_empty() {
        100
    } else {
        ((passed * 100 + results.len() / 2) / results.len()) as u32
    };
    let verdict = verdict(&results);
    Assessment {
        verdict,
        score,
        rules: results,
    }
}

fn verdict(results: &[RuleResult]) -> Verdict {
    let failed: Vec<&RuleResult> = results.iter().filter(|r| !r.passed).collect();
    if failed.is_empty() {
        Verdict::Ready
    } else if failed
        .iter()
        .any(|r| r.severity == RuleSeverity::Error && !r.blocked_by.is_empty())
    {
        Verdict::Blocked
    } else if failed.iter().all(|r| r.severity == RuleSeverity::Warning) {
        Verdict::Almost
    } else {
        Verdict::NotReady
    }
}

#[cfg(test)]
mod tests;
