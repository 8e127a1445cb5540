//! `shoshin.yaml`: the records repository's configuration.
//!
//! Every key is optional and has a documented default (see docs/configuration.md). An
//! unknown key is an error that names the closest valid key.

use crate::diagnostic::{Code, Severity};
/// The status categories are part of the model; the configuration maps each
/// configured status onto one.
pub use crate::model::{DecisionCategory, ItemCategory};
use anyhow::{bail, Context, Result};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub mod readiness;
pub mod repositories;
pub mod sprints;

pub use repositories::{PortalConfig, RepositoryConfig};

/// The configuration file names looked for in the records root, in order.
pub const FILE_NAMES: [&str; 2] = ["shoshin.yaml", "shoshin.yml"];

/// The whole configuration.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// One sentence under the title.
    pub description: String,
    /// Absolute URL the site is published at; pages link relatively, this only
    /// serves files that need absolute URLs.
    pub base_url: String,
    /// Web address of the repository the records live in (such as
    /// `https://github.com/acme/payments`): record pages get an "Edit this
    /// record" link into it.
    pub repository_url: String,
    /// The branch those links edit (default `main`).
    pub repository_branch: String,
    /// The edit link's pattern, when the host is not laid out like GitHub
    /// or GitLab: `{repository_url}`, `{branch}` and `{path}` (the record's
    /// file, relative to the records root) are filled in.
    pub edit_url: String,
    /// Output folder, relative to the records root.
    pub output: String,
    /// Folders holding each kind of record.
    pub folders: Folders,
    /// Folder of template overrides, relative to the records root.
    pub templates: String,
    /// Folders or files (relative to the root) never read.
    pub ignore: Vec<String>,
    /// Status vocabularies and their categories.
    pub statuses: Statuses,
    /// Item types.
    pub types: Vec<String>,
    /// Extra heading aliases per section, added to the built-in ones.
    pub headings: BTreeMap<String, Vec<String>>,
    /// Severity per check code: `error`, `warning`, `info` or `off`.
    pub severity: BTreeMap<String, Level>,
    /// External ticket keys turned into links.
    pub links: Vec<LinkRule>,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// Limits for refinement sessions.
    pub sessions: SessionLimits,
    /// What the home page shows.
    pub home: HomeConfig,
    /// The Definition of Ready: rules, thresholds, per-type overrides.
    pub readiness: crate::config::readiness::ReadinessConfig,
    /// Folders written in an existing format (adr-tools, MADR, log4brains,
    /// Backlog.md), read in place; well-known folders are found without it.
    pub sources: Vec<SourceConfig>,
    /// History from git and the health page's settings.
    pub history: HistoryConfig,
    /// The folder holding the code that decisions' `applies_to` patterns
    /// and code comments refer to, relative to the records root (default:
    /// the records root itself).
    pub code_root: String,
    /// How long an accepted decision stays in force before it is due for
    /// review when it has no `review_by:` (`12 months`, `2 years`, `90
    /// days`); none by default.
    pub review_after: Option<String>,
    /// The team's sprints, each with its name and first and last day; when
    /// absent, sprints are inferred from the items' `sprint:` values.
    pub sprints: Vec<sprints::SprintConfig>,
    /// The repositories a portal gathers (see docs/portal.md); empty for a
    /// single records repository.
    pub repositories: Vec<RepositoryConfig>,
    /// Settings of a portal: where fetched repositories are kept.
    pub portal: PortalConfig,
    /// Not a key of `shoshin.yaml`: set by a command that needs only the
    /// start of each section's text (`check`), so that loading keeps no
    /// section's whole text (48 MB at 10,000 records).
    #[serde(skip)]
    pub leads_only: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Refinement records".into(),
            description: String::new(),
            base_url: String::new(),
            repository_url: String::new(),
            repository_branch: "main".into(),
            edit_url: String::new(),
            output: "public".into(),
            folders: Folders::default(),
            templates: "templates".into(),
            ignore: Vec::new(),
            statuses: Statuses::default(),
            types: ["story", "bug", "task", "spike", "epic"]
                .map(String::from)
                .to_vec(),
            headings: BTreeMap::new(),
            severity: BTreeMap::new(),
            links: Vec::new(),
            markdown: MarkdownConfig::default(),
            sessions: SessionLimits::default(),
            home: HomeConfig::default(),
            readiness: Default::default(),
            sources: Vec::new(),
            history: HistoryConfig::default(),
            code_root: String::new(),
            review_after: None,
            sprints: Vec::new(),
            repositories: Vec::new(),
            portal: PortalConfig::default(),
            leads_only: false,
        }
    }
}

/// Folders per record kind, relative to the records root.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Folders {
    /// Item folders (default `items`).
    pub items: Vec<String>,
    /// Decision folders (default `decisions`).
    pub decisions: Vec<String>,
    /// Session folders (default `sessions`).
    pub sessions: Vec<String>,
}

impl Default for Folders {
    fn default() -> Self {
        Folders {
            items: vec!["items".into()],
            decisions: vec!["decisions".into()],
            sessions: vec!["sessions".into()],
        }
    }
}

/// Status vocabularies: each status name with its category, in display order.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Statuses {
    /// Item statuses.
    pub items: IndexMap<String, ItemCategory>,
    /// Decision statuses.
    pub decisions: IndexMap<String, DecisionCategory>,
}

impl Default for Statuses {
    fn default() -> Self {
        use DecisionCategory as D;
        use ItemCategory as I;
        let items = [
            ("draft", I::Open),
            ("refining", I::Open),
            ("ready", I::Ready),
            ("in-progress", I::Active),
            ("done", I::Closed),
            ("dropped", I::Closed),
        ];
        let decisions = [
            ("proposed", D::Proposed),
            ("accepted", D::Accepted),
            ("rejected", D::Rejected),
            ("deprecated", D::Deprecated),
            ("superseded", D::Superseded),
        ];
        Statuses {
            items: items.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            decisions: decisions.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        }
    }
}

/// A severity setting in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as information.
    Info,
    /// Do not report.
    Off,
}

/// An external ticket pattern: `pattern` is a regular expression, `url` may use
/// `{0}` for the whole match and `{1}`… for its groups.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinkRule {
    /// Regular expression matched in prose.
    pub pattern: String,
    /// URL template.
    pub url: String,
}

/// Markdown options.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Let raw HTML in bodies through (default false: it is escaped).
    pub raw_html: bool,
}

/// Limits for refinement sessions.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionLimits {
    /// More items than this is `session-overloaded` (default 8).
    pub max_items: usize,
    /// Longer than this many minutes is `session-too-long` (default 90).
    pub max_minutes: u64,
}

impl Default for SessionLimits {
    fn default() -> Self {
        SessionLimits {
            max_items: 8,
            max_minutes: 90,
        }
    }
}

/// History from git, and the health page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct HistoryConfig {
    /// Read the git history (default true); false skips it and its warning.
    pub enabled: bool,
    /// A ready item untouched for more days than this before the latest
    /// commit is `stale-ready` (default 90).
    pub stale_after_days: u32,
    /// How many of the latest sessions the first-proposal rotation looks at (default 6).
    pub rotation_sessions: usize,
    /// Changes listed under "what changed recently" on the home page (default 10).
    pub recent_changes: usize,
}

impl Default for HistoryConfig {
    fn default() -> Self {
        HistoryConfig {
            enabled: true,
            stale_after_days: 90,
            rotation_sessions: 6,
            recent_changes: 10,
        }
    }
}

/// What the home page shows.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct HomeConfig {
    /// Items in "top of the backlog" (default 10).
    pub top_items: usize,
    /// Recent decisions and sessions shown (default 5).
    pub recent: usize,
}

impl Default for HomeConfig {
    fn default() -> Self {
        HomeConfig {
            top_items: 10,
            recent: 5,
        }
    }
}

/// A folder of records in an existing format, declared in `shoshin.yaml`:
/// `sources: [{path: doc/adr, format: adr-tools, kind: decision, prefix: ADR}]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// The folder, relative to the records root.
    pub path: String,
    /// The format every file in it is read as; detected per file when absent.
    #[serde(default)]
    pub format: Option<crate::model::SourceFormat>,
    /// `item` or `decision`; by default, decision (items for Backlog.md).
    #[serde(default)]
    pub kind: Option<String>,
    /// The id prefix of numbered files: `0007-x.md` is `ADR-0007` by default.
    #[serde(default)]
    pub prefix: Option<String>,
}

/// `review_after:` read: a number of calendar months or of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewPeriod {
    /// Months (`12 months`, `1 year` is 12).
    Months(u32),
    /// Days (`90 days`, `2 weeks` is 14).
    Days(u32),
}

impl ReviewPeriod {
    /// Reads `12 months`, `1 year`, `6 weeks`, `90 days` (singular or
    /// plural, any case); `None` for anything else, or zero.
    pub fn parse(text: &str) -> Option<ReviewPeriod> {
        let mut words = text.split_whitespace();
        let number: u32 = words.next()?.parse().ok().filter(|n| *n > 0)?;
        let unit = words.next()?.to_lowercase();
        if words.next().is_some() {
            return None;
        }
        let period = match unit.trim_end_matches('s') {
            "day" => ReviewPeriod::Days(number),
            "week" => ReviewPeriod::Days(number.checked_mul(7)?),
            "month" => ReviewPeriod::Months(number),
            "year" => ReviewPeriod::Months(number.checked_mul(12)?),
            _ => return None,
        };
        Some(period)
    }
}

/// Built-in heading aliases per section key, lower case.
pub const DEFAULT_HEADINGS: &[(&str, &[&str])] = &[
    (
        "why",
        &[
            "why",
            "context",
            "context and problem statement",
            "description",
            "problem",
            "problem statement",
            "background",
            // The why of RFC and KEP templates.
            "motivation",
            "context and motivation",
        ],
    ),
    ("acceptance_criteria", &["acceptance criteria", "acceptance"]),
    ("risks", &["risks", "what could go wrong?", "what could go wrong"]),
    ("open_questions", &["open questions"]),
    ("questions", &["questions"]),
    ("out_of_scope", &["out of scope", "non-goals"]),
    ("notes", &["notes"]),
    (
        "options",
        &["options considered", "considered options", "options"],
    ),
    ("decision", &["decision", "decision outcome"]),
    ("consequences", &["consequences"]),
    (
        "follow_ups",
        &["follow-ups", "follow ups", "followups", "action items"],
    ),
    ("steps_to_reproduce", &["steps to reproduce"]),
];

impl Config {
    /// Reads the configuration of the records repository at `root`, or the
    /// defaults when it has none.
    ///
    /// `later_checks` are the checks of what later stages declare (the names
    /// of the readiness rules), run on the configuration read, so that a
    /// mistake there is reported like any other.
    pub fn load(root: &Path, later_checks: fn(&Config) -> Result<()>) -> Result<Config> {
        for name in FILE_NAMES {
            let path = root.join(name);
            if path.is_file() {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                return Config::parse(&text)
                    .and_then(|config| later_checks(&config).map(|()| config))
                    .with_context(|| format!("invalid configuration in {name}"));
            }
        }
        Ok(Config::default())
    }

    /// Parses and validates configuration text.
    pub fn parse(text: &str) -> Result<Config> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let config: Config = crate::yaml::from_str(text).map_err(|e| {
            let help = suggestion_for_unknown(&e.message)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            anyhow::anyhow!("line {}, column {}: {}{}", e.line, e.column, e.message, help)
        })?;
        config.validate()?;
        sprints::validate(&config.sprints, text)?;
        repositories::validate(&config.repositories, text)?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        for name in self.severity.keys() {
            if Code::from_name(name).is_none() {
                let names = Code::ALL.iter().map(|c| c.as_str());
                let help = crate::text::closest(name, names)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                bail!("`severity` names an unknown check code `{name}`{help}");
            }
        }
        for key in self.headings.keys() {
            if !DEFAULT_HEADINGS.iter().any(|(k, _)| k == key) {
                let help = crate::text::closest(key, DEFAULT_HEADINGS.iter().map(|(k, _)| *k))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                bail!("`headings` names an unknown section `{key}`{help}");
            }
        }
        for rule in &self.links {
            regex::Regex::new(&rule.pattern).with_context(|| {
                format!(
                    "`links` pattern `{}` is not a valid regular expression",
                    rule.pattern
                )
            })?;
        }
        let section_keys: Vec<&str> = DEFAULT_HEADINGS.iter().map(|(k, _)| *k).collect();
        self.readiness.validate(&section_keys, &self.types)?;
        if self.statuses.items.is_empty() || self.statuses.decisions.is_empty() {
            bail!("`statuses.items` and `statuses.decisions` must each list at least one status");
        }
        for source in &self.sources {
            if let Some(kind) = &source.kind {
                if crate::model::Kind::parse(kind).is_none() {
                    bail!(
                        "`sources` entry `{}` has an unknown kind `{kind}`: use `item` or `decision`",
                        source.path
                    );
                }
            }
            if source.path.trim().trim_matches('/').is_empty() {
                bail!("`sources` entries need a `path`: the folder, relative to the records root");
            }
        }
        if let Some(text) = &self.review_after {
            if ReviewPeriod::parse(text).is_none() {
                bail!("`review_after` must be a period such as `12 months`, `2 years`, `6 weeks` or `90 days`; `{text}` is not");
            }
        }
        let code_root = std::path::Path::new(self.code_root.trim());
        if code_root.is_absolute() {
            bail!(
                "`code_root` must be relative to the records root (e.g. `..` or `../app`); `{}` is not",
                self.code_root
            );
        }
        self.validate_output()
    }

    /// `review_after`, read: `None` when it is not set.
    pub fn review_period(&self) -> Option<ReviewPeriod> {
        self.review_after.as_deref().and_then(ReviewPeriod::parse)
    }

    /// `output` names a folder inside the records root that holds no
    /// records: the build replaces it whole. (`-o` on the command line may
    /// name any folder.)
    fn validate_output(&self) -> Result<()> {
        const ALLOWED: &str = "`output` in shoshin.yaml must name a folder inside the records root that holds no records, e.g. `public`; to build somewhere else, give `-o DIR` on the command line";
        let output = std::path::Path::new(self.output.trim());
        let inside = output
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
        let normal: std::path::PathBuf = output
            .components()
            .filter(|c| matches!(c, std::path::Component::Normal(_)))
            .collect();
        if !inside || normal.as_os_str().is_empty() {
            bail!("{ALLOWED}; `{}` is not", self.output);
        }
        let record_folders = [
            &self.folders.items,
            &self.folders.decisions,
            &self.folders.sessions,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .chain(self.sources.iter().map(|s| s.path.as_str()));
        for folder in record_folders {
            let folder = std::path::Path::new(folder.trim().trim_matches('/'));
            if !folder.as_os_str().is_empty() && (folder.starts_with(&normal) || normal.starts_with(folder)) {
                bail!(
                    "{ALLOWED}; `{}` holds the records folder `{}`",
                    self.output,
                    folder.display()
                );
            }
        }
        Ok(())
    }

    /// The severity of `code`, or `None` when it is turned off.
    pub fn severity_of(&self, code: Code) -> Option<Severity> {
        match self.severity.get(code.as_str()) {
            None => Some(code.default_severity()),
            Some(Level::Error) => Some(Severity::Error),
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Info) => Some(Severity::Info),
            Some(Level::Off) => None,
        }
    }

    /// The section key a heading belongs to, from built-in and configured aliases.
    pub fn section_key(&self, heading: &str) -> Option<&str> {
        let wanted = heading.trim().trim_end_matches(':').trim().to_lowercase();
        for (key, aliases) in DEFAULT_HEADINGS {
            if aliases.contains(&wanted.as_str()) {
                return Some(key);
            }
            if let Some(extra) = self.headings.get(*key) {
                if extra.iter().any(|a| a.trim().to_lowercase() == wanted) {
                    return Some(key);
                }
            }
        }
        None
    }
}

/// From a serde "unknown field `x`, expected one of `a`, `b`" message, the
/// expected name closest to `x`.
fn suggestion_for_unknown(message: &str) -> Option<String> {
    let start = message.find("unknown field `")?;
    let rest = &message[start + "unknown field `".len()..];
    let (unknown, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    crate::text::closest(unknown, expected.iter().copied()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_to_an_empty_file() {
        let config = Config::parse("").unwrap();
        assert_eq!(config.output, "public");
        assert_eq!(config.folders.items, vec!["items"]);
        assert_eq!(config.statuses.items["ready"], ItemCategory::Ready);
        assert_eq!(config.sessions.max_items, 8);
    }

    #[test]
    fn unknown_keys_name_the_closest_valid_key() {
        let error = Config::parse("tittle: x\n").unwrap_err().to_string();
        assert!(error.contains("unknown field `tittle`"), "{error}");
        assert!(error.contains("did you mean `title`?"), "{error}");
        let nested = Config::parse("sessions:\n  max_itms: 3\n")
            .unwrap_err()
            .to_string();
        assert!(nested.contains("did you mean `max_items`?"), "{nested}");
    }

    #[test]
    fn severities_are_validated_and_applied() {
        let config = Config::parse("severity:\n  broken-link: warning\n  missing-id: off\n").unwrap();
        assert_eq!(config.severity_of(Code::BrokenLink), Some(Severity::Warning));
        assert_eq!(config.severity_of(Code::MissingId), None);
        assert_eq!(config.severity_of(Code::DuplicateId), Some(Severity::Error));
        let error = Config::parse("severity:\n  brokn-link: off\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("did you mean `broken-link`?"), "{error}");
    }

    #[test]
    fn custom_status_vocabularies_replace_the_defaults() {
        let config = Config::parse("statuses:\n  items:\n    todo: open\n    doing: active\n").unwrap();
        assert_eq!(config.statuses.items.len(), 2);
        assert!(Config::parse("statuses:\n  items:\n    todo: nearly\n").is_err());
    }

    #[test]
    fn headings_match_aliases_case_insensitively() {
        let config = Config::parse("headings:\n  why: [Rationale]\n").unwrap();
        assert_eq!(config.section_key("Context and Problem Statement"), Some("why"));
        assert_eq!(config.section_key("rationale:"), Some("why"));
        assert_eq!(
            config.section_key("Acceptance Criteria"),
            Some("acceptance_criteria")
        );
        assert_eq!(config.section_key("Something else"), None);
    }

    #[test]
    fn review_periods_are_read_and_validated() {
        let config = Config::parse("review_after: 12 months\ncode_root: ..\n").unwrap();
        assert_eq!(config.review_period(), Some(ReviewPeriod::Months(12)));
        assert_eq!(config.code_root, "..");
        assert_eq!(ReviewPeriod::parse("2 Years"), Some(ReviewPeriod::Months(24)));
        assert_eq!(ReviewPeriod::parse("1 week"), Some(ReviewPeriod::Days(7)));
        assert_eq!(ReviewPeriod::parse("0 days"), None);
        let error = Config::parse("review_after: soon\n").unwrap_err().to_string();
        assert!(error.contains("`review_after` must be a period"), "{error}");
        assert!(Config::parse("code_root: /abs\n").is_err());
    }

    #[test]
    fn invalid_link_patterns_are_errors() {
        assert!(Config::parse("links:\n  - pattern: 'JIRA-(\\d+'\n    url: x\n").is_err());
    }
}
