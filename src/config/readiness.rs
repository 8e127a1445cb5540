//! The `readiness:` section of `shoshin.yaml`: which Definition-of-Ready rules
//! apply, how strict they are, and what changes per item type.
//!
//! A rule's level is looked up in this order: the item type's own `rules`, the
//! built-in type defaults (spikes: a timebox and a Questions section instead of
//! acceptance criteria), the general `rules`, the built-in default.

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

/// One level per rule; a missing entry keeps the default.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RuleLevels {
    /// Rule 1: a Why section of at least `why_min_chars` characters.
    pub why: Option<RuleLevel>,
    /// Rule 2: at least one acceptance criterion.
    pub acceptance_criteria: Option<RuleLevel>,
    /// Rule 3: an estimate, at most `max_estimate`.
    pub estimate: Option<RuleLevel>,
    /// Rule 4: every dependency exists and is ready, in progress or done.
    pub dependencies: Option<RuleLevel>,
    /// Rule 5: every linked decision exists and is in force.
    pub decisions: Option<RuleLevel>,
    /// Rule 6: no unchecked open question.
    pub open_questions: Option<RuleLevel>,
    /// Rule 7: an owner (a warning by default).
    pub owner: Option<RuleLevel>,
    /// Spikes: a `timebox`.
    pub timebox: Option<RuleLevel>,
    /// Spikes: a Questions section.
    pub questions: Option<RuleLevel>,
    /// The `required_sections` and `required_fields`.
    pub required: Option<RuleLevel>,
}

impl RuleLevels {
    /// The level set for a rule by name, if any.
    pub fn get(&self, rule: &str) -> Option<RuleLevel> {
        match rule {
            "why" => self.why,
            "acceptance_criteria" => self.acceptance_criteria,
            "estimate" => self.estimate,
            "dependencies" => self.dependencies,
            "decisions" => self.decisions,
            "open_questions" => self.open_questions,
            "owner" => self.owner,
            "timebox" => self.timebox,
            "questions" => self.questions,
            "required" => self.required,
            _ => None,
        }
    }
}

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

/// The rules of the Definition of Ready, in checklist order.
pub const RULES: [&str; 10] = [
    "why",
    "acceptance_criteria",
    "timebox",
    "questions",
    "estimate",
    "dependencies",
    "decisions",
    "open_questions",
    "owner",
    "required",
];

/// The level of a rule when nothing is configured, for an item type.
pub fn built_in_level(rule: &str, item_type: &str) -> RuleLevel {
    match (item_type, rule) {
        ("spike", "acceptance_criteria") => RuleLevel::Off,
        ("spike", "timebox" | "questions") => RuleLevel::Error,
        (_, "timebox" | "questions") => RuleLevel::Off,
        (_, "owner") => RuleLevel::Warning,
        _ => RuleLevel::Error,
    }
}

/// The settings that apply to one item type, overrides resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Level of each rule in [`RULES`], in the same order.
    pub levels: Vec<(&'static str, RuleLevel)>,
    /// Shortest Why.
    pub why_min_chars: usize,
    /// Largest estimate.
    pub max_estimate: Option<EstimateLimit>,
    /// Section keys required.
    pub required_sections: Vec<String>,
    /// Fields required.
    pub required_fields: Vec<String>,
    /// The rules whose level the configuration writes (for every type or
    /// for this one), rather than leaving the built-in default.
    pub configured: Vec<&'static str>,
}

impl Settings {
    /// Whether the configuration writes the level of `rule`.
    pub fn is_configured(&self, rule: &str) -> bool {
        self.configured.contains(&rule)
    }

    /// The level of one rule.
    pub fn level(&self, rule: &str) -> RuleLevel {
        self.levels
            .iter()
            .find(|(r, _)| *r == rule)
            .map(|(_, l)| *l)
            .unwrap_or(RuleLevel::Off)
    }
}

impl ReadinessConfig {
    /// The settings for items of `item_type`.
    pub fn settings_for(&self, item_type: &str) -> Settings {
        let own = self.types.get(item_type);
        let levels = RULES
            .iter()
            .map(|&rule| {
                let typed_default = matches!(
                    (item_type, rule),
                    ("spike", "acceptance_criteria" | "timebox" | "questions")
                );
                let level = own
                    .and_then(|t| t.rules.get(rule))
                    .or_else(|| typed_default.then(|| built_in_level(rule, item_type)))
                    .or_else(|| self.rules.get(rule))
                    .unwrap_or_else(|| built_in_level(rule, item_type));
                (rule, level)
            })
            .collect();
        let mut required_sections = self.required_sections.clone();
        let mut required_fields = self.required_fields.clone();
        if let Some(own) = own {
            required_sections.extend(own.required_sections.iter().cloned());
            required_fields.extend(own.required_fields.iter().cloned());
        }
        required_sections.dedup();
        required_fields.dedup();
        let configured = RULES
            .iter()
            .copied()
            .filter(|rule| {
                own.and_then(|t| t.rules.get(rule))
                    .or_else(|| self.rules.get(rule))
                    .is_some()
            })
            .collect();
        Settings {
            configured,
            levels,
            why_min_chars: own.and_then(|t| t.why_min_chars).unwrap_or(self.why_min_chars),
            max_estimate: own
                .and_then(|t| t.max_estimate.clone())
                .or_else(|| self.max_estimate.clone()),
            required_sections,
            required_fields,
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn readiness(text: &str) -> ReadinessConfig {
        Config::parse(text).unwrap().readiness
    }

    #[test]
    fn defaults_are_the_seven_rules_with_owner_a_warning() {
        let settings = ReadinessConfig::default().settings_for("story");
        assert_eq!(settings.level("why"), RuleLevel::Error);
        assert_eq!(settings.level("acceptance_criteria"), RuleLevel::Error);
        assert_eq!(settings.level("owner"), RuleLevel::Warning);
        assert_eq!(settings.level("timebox"), RuleLevel::Off);
        assert_eq!(settings.why_min_chars, 50);
    }

    #[test]
    fn spikes_need_a_timebox_and_questions_instead_of_criteria() {
        let settings = ReadinessConfig::default().settings_for("spike");
        assert_eq!(settings.level("acceptance_criteria"), RuleLevel::Off);
        assert_eq!(settings.level("timebox"), RuleLevel::Error);
        assert_eq!(settings.level("questions"), RuleLevel::Error);
        // A general setting does not undo the spike defaults…
        let config = readiness("readiness:\n  rules:\n    acceptance_criteria: warning\n");
        assert_eq!(
            config.settings_for("spike").level("acceptance_criteria"),
            RuleLevel::Off
        );
        assert_eq!(
            config.settings_for("story").level("acceptance_criteria"),
            RuleLevel::Warning
        );
        // …but the type's own setting does.
        let config = readiness("readiness:\n  types:\n    spike:\n      rules: { timebox: warning }\n");
        assert_eq!(config.settings_for("spike").level("timebox"), RuleLevel::Warning);
    }

    #[test]
    fn type_overrides_replace_thresholds_and_add_requirements() {
        let config = readiness(
            "readiness:\n  why_min_chars: 80\n  max_estimate: 8\n  required_sections: [risks]\n  types:\n    bug:\n      why_min_chars: 20\n      required_sections: [steps_to_reproduce]\n      rules: { owner: error }\n",
        );
        let bug = config.settings_for("bug");
        assert_eq!(bug.why_min_chars, 20);
        assert_eq!(bug.required_sections, vec!["risks", "steps_to_reproduce"]);
        assert_eq!(bug.level("owner"), RuleLevel::Error);
        assert_eq!(bug.max_estimate, Some(EstimateLimit::Points(8.0)));
        let story = config.settings_for("story");
        assert_eq!(story.why_min_chars, 80);
        assert_eq!(story.required_sections, vec!["risks"]);
        assert_eq!(story.level("owner"), RuleLevel::Warning);
    }

    #[test]
    fn rules_can_be_turned_off() {
        let config = readiness("readiness:\n  rules:\n    owner: off\n    estimate: off\n");
        let story = config.settings_for("story");
        assert_eq!(story.level("owner"), RuleLevel::Off);
        assert_eq!(story.level("estimate"), RuleLevel::Off);
    }

    #[test]
    fn mistakes_are_errors_with_a_suggestion() {
        let error = |text: &str| Config::parse(text).unwrap_err().to_string();
        assert!(error("readiness:\n  rules:\n    estmate: off\n").contains("did you mean `estimate`?"));
        assert!(error("readiness:\n  why_min_char: 3\n").contains("did you mean `why_min_chars`?"));
        assert!(error("readiness:\n  required_sections: [risk]\n").contains("did you mean `risks`?"));
        assert!(error("readiness:\n  types:\n    spkie: {}\n").contains("did you mean `spike`?"));
        assert!(error("readiness:\n  max_estimate: huge\n").contains("XXS to XXL"));
        assert!(error("readiness:\n  velocity: 0\n").contains("positive"));
        assert!(error("readiness:\n  rules:\n    owner: maybe\n").contains("unknown variant"));
    }
}
