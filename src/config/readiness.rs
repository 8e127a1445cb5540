//! The `readiness:` section of `shoshin.yaml`: which Definition-of-Ready rules
//! apply, how strict they are, and what changes per item type.
//!
//! The rules themselves, their defaults and how a level is looked up are
//! declared in the rule registry, `crate::readiness::registry`.

use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a failed rule counts, or `off` to skip the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// A failure makes the item not ready.
    Error,
    /// A failure makes the item "almost" ready at worst.
    Warning,
    /// The rule is not applied.
    Off,
}

/// One level per rule name; a rule not named keeps its default. The names
/// are those of the rule registry (`crate::readiness::registry`), which
/// checks them once the configuration is read.
pub type RuleLevels = BTreeMap<String, RuleLevel>;

/// An upper bound on estimates: points, or a t-shirt size.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum EstimateLimit {
    /// At most this many story points.
    Points(f64),
    /// At most this size (`XS` … `XXL`).
    Size(String),
}

/// The t-shirt sizes, smallest first.
pub const SIZES: [&str; 7] = ["XXS", "XS", "S", "M", "L", "XL", "XXL"];

/// The rank of a t-shirt size in [`SIZES`].
pub fn size_rank(size: &str) -> Option<usize> {
    let upper = size.trim().to_uppercase();
    SIZES.iter().position(|s| *s == upper)
}

/// What an item type changes; every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct TypeRules {
    /// Rule levels for this type.
    pub rules: RuleLevels,
    /// Replaces the general `why_min_chars`.
    pub why_min_chars: Option<usize>,
    /// Replaces the general `max_estimate`.
    pub max_estimate: Option<EstimateLimit>,
    /// Sections this type needs, on top of the general ones.
    pub required_sections: Vec<String>,
    /// Front-matter fields this type needs, on top of the general ones.
    pub required_fields: Vec<String>,
}

/// The `readiness:` section.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReadinessConfig {
    /// Rule levels for every item type.
    pub rules: RuleLevels,
    /// The shortest Why that passes rule 1 (default 50 characters).
    pub why_min_chars: usize,
    /// The largest estimate that passes rule 3 (default: no limit).
    pub max_estimate: Option<EstimateLimit>,
    /// Section keys (`risks`, `steps_to_reproduce`, …) every item needs.
    pub required_sections: Vec<String>,
    /// Front-matter fields every item needs.
    pub required_fields: Vec<String>,
    /// Overrides per item type.
    pub types: BTreeMap<String, TypeRules>,
    /// Story points the team finishes per sprint; shows the ready runway.
    pub velocity: Option<f64>,
}

impl Default for ReadinessConfig {
    fn default() -> Self {
        ReadinessConfig {
            rules: RuleLevels::default(),
            why_min_chars: 50,
            max_estimate: None,
            required_sections: Vec::new(),
            required_fields: Vec::new(),
            types: BTreeMap::new(),
            velocity: None,
        }
    }
}

impl ReadinessConfig {
    /// Checks names against the known sections and item types.
    pub fn validate(&self, section_keys: &[&str], item_types: &[String]) -> Result<()> {
        let check_sections = |list: &[String], place: &str| -> Result<()> {
            for key in list {
                if !section_keys.contains(&key.as_str()) {
                    let help = did_you_mean(key, section_keys.iter().copied());
                    bail!("`{place}` names an unknown section `{key}`{help}");
                }
            }
            Ok(())
        };
        check_sections(&self.required_sections, "readiness.required_sections")?;
        check_limit(self.max_estimate.as_ref(), "readiness.max_estimate")?;
        for (name, rules) in &self.types {
            if !item_types.iter().any(|t| t == name) {
                let help = did_you_mean(name, item_types.iter().map(String::as_str));
                bail!("`readiness.types` names an unknown item type `{name}`{help}");
            }
            check_sections(
                &rules.required_sections,
                &format!("readiness.types.{name}.required_sections"),
            )?;
            check_limit(
                rules.max_estimate.as_ref(),
                &format!("readiness.types.{name}.max_estimate"),
            )?;
        }
        if self.velocity.is_some_and(|v| v <= 0.0 || !v.is_finite()) {
            bail!("`readiness.velocity` must be a positive number of story points per sprint");
        }
        Ok(())
    }
}

fn check_limit(limit: Option<&EstimateLimit>, place: &str) -> Result<()> {
    match limit {
        Some(EstimateLimit::Size(size)) if size_rank(size).is_none() => {
            bail!("`{place}` must be story points or a size from XXS to XXL, found `{size}`")
        }
        Some(EstimateLimit::Points(p)) if *p < 0.0 => bail!("`{place}` must not be negative"),
        _ => Ok(()),
    }
}

fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    crate::text::closest(word, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}
