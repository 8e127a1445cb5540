//! What a rule of the Definition of Ready is, and everything read from the
//! table of rules ([`RULES`], declared in [`super::rules`] beside the rules'
//! functions): the names the configuration accepts, the level of each rule
//! per item type, and whether a format has a place for what a rule asks.
//! Nothing here names a rule: adding one is an entry in that table, its
//! function beside it, and a line in `docs/readiness.md`.

use super::rules::Outcome;
pub use super::rules::RULES;
use crate::config::readiness::{ReadinessConfig, RuleLevel};
use crate::index::Index;
use crate::model::{Record, SourceFormat};

use anyhow::{bail, Result};

/// What a rule looks at, once the settings of the item's type are known.
pub struct Item<'a> {
    /// The whole index, for the rules that follow references.
    pub index: &'a Index,
    /// The item.
    pub record: &'a Record,
    /// The settings of the item's type.
    pub settings: &'a Settings,
}

/// How a rule assesses an item.
pub enum Assess {
    /// One result, under the rule's own name and label.
    One(fn(&Item) -> Outcome),
    /// One result per thing configured (`section:risks`, `field:owner`), each
    /// with its own name and label.
    Each(fn(&Item) -> Vec<(String, String, Outcome)>),
}

/// One rule of the Definition of Ready.
pub struct Rule {
    /// Its key under `readiness.rules` (and `readiness.types.<type>.rules`).
    pub name: &'static str,
    /// Its level when nothing is configured.
    pub default: RuleLevel,
    /// A spike's own default, which the general `readiness.rules` does not
    /// override (only `readiness.types.spike.rules` does); `None`: as any item.
    pub spike: Option<RuleLevel>,
    /// The formats whose items have no place for what the rule asks: the
    /// rule is not counted against them unless the configuration writes its
    /// level.
    pub lacked_by: &'static [SourceFormat],
    /// What it checks.
    pub assess: Assess,
    /// Its name on the pages.
    pub label: &'static str,
    /// What it asks, in a sentence.
    pub help: &'static str,
}

/// The settings that apply to one item type, overrides resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Each rule of [`RULES`] with its level, in the same order.
    pub levels: Vec<(&'static Rule, RuleLevel)>,
    /// Shortest Why.
    pub why_min_chars: usize,
    /// Largest estimate.
    pub max_estimate: Option<crate::config::readiness::EstimateLimit>,
    /// Section keys required.
    pub required_sections: Vec<String>,
    /// Fields required.
    pub required_fields: Vec<String>,
    /// The rules whose level the configuration writes (for every type or
    /// for this one), rather than leaving the built-in default.
    pub configured: Vec<&'static str>,
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.name == other.name
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl Settings {
    /// The settings for items of `item_type`. A rule's level is looked up in
    /// this order: the item type's own `rules`, a spike's own default, the
    /// general `rules`, the rule's default.
    pub fn of(config: &ReadinessConfig, item_type: &str) -> Settings {
        let own = config.types.get(item_type);
        let own_level = |rule: &Rule| own.and_then(|t| t.rules.get(rule.name)).copied();
        let spike = |rule: &Rule| rule.spike.filter(|_| item_type == "spike");
        let levels = RULES
            .iter()
            .map(|rule| {
                let level = own_level(rule)
                    .or_else(|| spike(rule))
                    .or_else(|| config.rules.get(rule.name).copied())
                    .unwrap_or(rule.default);
                (rule, level)
            })
            .collect();
        let configured = RULES
            .iter()
            .filter(|rule| own_level(rule).is_some() || config.rules.contains_key(rule.name))
            .map(|rule| rule.name)
            .collect();
        let mut required_sections = config.required_sections.clone();
        let mut required_fields = config.required_fields.clone();
        if let Some(own) = own {
            required_sections.extend(own.required_sections.iter().cloned());
            required_fields.extend(own.required_fields.iter().cloned());
        }
        required_sections.dedup();
        required_fields.dedup();
        Settings {
            levels,
            why_min_chars: own.and_then(|t| t.why_min_chars).unwrap_or(config.why_min_chars),
            max_estimate: own
                .and_then(|t| t.max_estimate.clone())
                .or_else(|| config.max_estimate.clone()),
            required_sections,
            required_fields,
            configured,
        }
    }

    /// Whether the configuration writes the level of `rule`.
    pub fn is_configured(&self, rule: &str) -> bool {
        self.configured.contains(&rule)
    }

    /// The level of one rule, `off` for a name that is no rule.
    pub fn level(&self, rule: &str) -> RuleLevel {
        self.levels
            .iter()
            .find(|(r, _)| r.name == rule)
            .map_or(RuleLevel::Off, |(_, level)| *level)
    }
}

/// Checks that `readiness.rules` and each `readiness.types.<type>.rules`
/// name rules of [`RULES`], suggesting the closest name for a mistake.
pub fn check_names(config: &ReadinessConfig) -> Result<()> {
    let general = config
        .rules
        .keys()
        .map(|name| (name, "readiness.rules".to_string()));
    let per_type = config.types.iter().flat_map(|(item_type, rules)| {
        let place = format!("readiness.types.{item_type}.rules");
        rules.rules.keys().map(move |name| (name, place.clone()))
    });
    for (name, place) in general.chain(per_type) {
        if !RULES.iter().any(|rule| rule.name == name) {
            let help = crate::text::closest(name, RULES.iter().map(|rule| rule.name))
                .map(|closest| format!("; did you mean `{closest}`?"))
                .unwrap_or_default();
            let known: Vec<&str> = RULES.iter().map(|rule| rule.name).collect();
            bail!(
                "`{place}` names an unknown rule `{name}`{help} (the rules: {})",
                known.join(", ")
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::readiness::EstimateLimit;
    use crate::config::Config;

    fn readiness(text: &str) -> ReadinessConfig {
        Config::parse(text).unwrap().readiness
    }

    /// The configuration read and its rule names checked, or the error.
    fn error(text: &str) -> String {
        let outcome = Config::parse(text).and_then(|config| check_names(&config.readiness));
        outcome.unwrap_err().to_string()
    }

    #[test]
    fn defaults_are_the_seven_rules_with_owner_a_warning() {
        let settings = Settings::of(&ReadinessConfig::default(), "story");
        assert_eq!(settings.level("why"), RuleLevel::Error);
        assert_eq!(settings.level("acceptance_criteria"), RuleLevel::Error);
        assert_eq!(settings.level("owner"), RuleLevel::Warning);
        assert_eq!(settings.level("timebox"), RuleLevel::Off);
        assert_eq!(settings.why_min_chars, 50);
    }

    #[test]
    fn spikes_need_a_timebox_and_questions_instead_of_criteria() {
        let settings = Settings::of(&ReadinessConfig::default(), "spike");
        assert_eq!(settings.level("acceptance_criteria"), RuleLevel::Off);
        assert_eq!(settings.level("timebox"), RuleLevel::Error);
        assert_eq!(settings.level("questions"), RuleLevel::Error);
        // A general setting does not undo the spike defaults…
        let config = readiness("readiness:\n  rules:\n    acceptance_criteria: warning\n");
        assert_eq!(
            Settings::of(&config, "spike").level("acceptance_criteria"),
            RuleLevel::Off
        );
        assert_eq!(
            Settings::of(&config, "story").level("acceptance_criteria"),
            RuleLevel::Warning
        );
        // …but the type's own setting does.
        let config = readiness("readiness:\n  types:\n    spike:\n      rules: { timebox: warning }\n");
        assert_eq!(
            Settings::of(&config, "spike").level("timebox"),
            RuleLevel::Warning
        );
    }

    #[test]
    fn type_overrides_replace_thresholds_and_add_requirements() {
        let config = readiness(
            "readiness:\n  why_min_chars: 80\n  max_estimate: 8\n  required_sections: [risks]\n  types:\n    bug:\n      why_min_chars: 20\n      required_sections: [steps_to_reproduce]\n      rules: { owner: error }\n",
        );
        let bug = Settings::of(&config, "bug");
        assert_eq!(bug.why_min_chars, 20);
        assert_eq!(bug.required_sections, vec!["risks", "steps_to_reproduce"]);
        assert_eq!(bug.level("owner"), RuleLevel::Error);
        assert_eq!(bug.max_estimate, Some(EstimateLimit::Points(8.0)));
        let story = Settings::of(&config, "story");
        assert_eq!(story.why_min_chars, 80);
        assert_eq!(story.required_sections, vec!["risks"]);
        assert_eq!(story.level("owner"), RuleLevel::Warning);
    }

    #[test]
    fn rules_can_be_turned_off() {
        let config = readiness("readiness:\n  rules:\n    owner: off\n    estimate: off\n");
        let story = Settings::of(&config, "story");
        assert_eq!(story.level("owner"), RuleLevel::Off);
        assert_eq!(story.level("estimate"), RuleLevel::Off);
    }

    #[test]
    fn mistakes_are_errors_with_a_suggestion() {
        assert!(error("readiness:\n  rules:\n    estmate: off\n").contains("did you mean `estimate`?"));
        assert!(error("readiness:\n  why_min_char: 3\n").contains("did you mean `why_min_chars`?"));
        assert!(error("readiness:\n  required_sections: [risk]\n").contains("did you mean `risks`?"));
        assert!(error("readiness:\n  types:\n    spkie: {}\n").contains("did you mean `spike`?"));
        assert!(error("readiness:\n  max_estimate: huge\n").contains("XXS to XXL"));
        assert!(error("readiness:\n  velocity: 0\n").contains("positive"));
        assert!(error("readiness:\n  rules:\n    owner: maybe\n").contains("unknown variant"));
    }

    #[test]
    fn every_rule_is_documented_with_a_label_and_help() {
        let docs =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/readiness.md")).unwrap();
        for rule in RULES {
            assert!(
                docs.contains(&format!("`{}`", rule.name)),
                "docs/readiness.md does not name `{}`",
                rule.name
            );
            assert!(
                !rule.label.is_empty() && !rule.help.is_empty(),
                "{} needs a label and help",
                rule.name
            );
        }
        let names: std::collections::BTreeSet<&str> = RULES.iter().map(|rule| rule.name).collect();
        assert_eq!(names.len(), RULES.len(), "two rules share a name");
    }
}
