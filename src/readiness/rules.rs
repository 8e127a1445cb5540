//! The rules of the Definition of Ready: the table of rules ([`RULES`]),
//! each declared once with its name in `shoshin.yaml`, default level, label
//! and help, and one function each. A rule looks at one item and says
//! whether it passes, in a sentence a product owner understands: what was
//! found, or what is missing and how to add it.
//!
//! Adding a rule: its function here, its entry in [`RULES`], and a line in
//! `docs/readiness.md`; the configuration, the checklist and the pages read
//! the table.

use super::registry::{Assess, Rule};
use crate::config::readiness::RuleLevel;
use crate::config::{DecisionCategory, ItemCategory};
use crate::index::Index;
use crate::model::{Estimate, Record, Relation, Section, SourceFormat, Task};

use crate::config::readiness::{size_rank, EstimateLimit};

/// What one rule found about one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The rule holds.
    pub passed: bool,
    /// What was found, or what is missing and how to fix it.
    pub message: String,
    /// Dependencies (record indexes) that are not ready yet.
    pub blocked_by: Vec<usize>,
}

/// The decision formats: an item read from one (a goal, a proposal) has no
/// estimate, timebox, acceptance criteria or spike questions.
const DECISION_FORMATS: &[SourceFormat] = &[
    SourceFormat::AdrTools,
    SourceFormat::Madr2,
    SourceFormat::Madr3,
    SourceFormat::Madr4,
    SourceFormat::Log4brains,
];

/// The decision formats and Backlog.md, which has no `estimate` or `timebox` field.
const NO_ESTIMATE_FORMATS: &[SourceFormat] = &[
    SourceFormat::BacklogMd,
    SourceFormat::AdrTools,
    SourceFormat::Madr2,
    SourceFormat::Madr3,
    SourceFormat::Madr4,
    SourceFormat::Log4brains,
];

/// The rules, in the order of an item's checklist.
pub const RULES: &[Rule] = &[
    Rule {
        name: "why",
        default: RuleLevel::Error,
        spike: None,
        lacked_by: &[],
        assess: Assess::One(|item| why(item.record, item.settings.why_min_chars)),
        label: "Why",
        help: "a Why section of at least `why_min_chars` characters (default 50)",
    },
    Rule {
        name: "acceptance_criteria",
        default: RuleLevel::Error,
        spike: Some(RuleLevel::Off),
        lacked_by: DECISION_FORMATS,
        assess: Assess::One(|item| acceptance_criteria(item.record)),
        label: "Acceptance criteria",
        help: "at least one acceptance criterion (not for spikes)",
    },
    Rule {
        name: "timebox",
        default: RuleLevel::Off,
        spike: Some(RuleLevel::Error),
        lacked_by: NO_ESTIMATE_FORMATS,
        assess: Assess::One(|item| timebox(item.record)),
        label: "Timebox",
        help: "spikes: a `timebox`",
    },
    Rule {
        name: "questions",
        default: RuleLevel::Off,
        spike: Some(RuleLevel::Error),
        lacked_by: DECISION_FORMATS,
        assess: Assess::One(|item| questions(item.record)),
        label: "Questions",
        help: "spikes: a Questions section",
    },
    Rule {
        name: "estimate",
        default: RuleLevel::Error,
        spike: None,
        lacked_by: NO_ESTIMATE_FORMATS,
        assess: Assess::One(|item| estimate(item.record, item.settings.max_estimate.as_ref())),
        label: "Estimate",
        help: "an estimate, at most `max_estimate` when set",
    },
    Rule {
        name: "dependencies",
        default: RuleLevel::Error,
        spike: None,
        lacked_by: &[],
        assess: Assess::One(|item| dependencies(item.index, item.record)),
        label: "Dependencies",
        help: "every `depends_on` exists and is ready, in progress or done",
    },
    Rule {
        name: "decisions",
        default: RuleLevel::Error,
        spike: None,
        lacked_by: &[],
        assess: Assess::One(|item| decisions(item.index, item.record)),
        label: "Decisions",
        help: "every linked decision exists and is in force",
    },
    Rule {
        name: "open_questions",
        default: RuleLevel::Error,
        spike: None,
        lacked_by: &[],
        assess: Assess::One(|item| open_questions(item.record)),
        label: "Open questions",
        help: "no open question left unchecked",
    },
    Rule {
        name: "owner",
        default: RuleLevel::Warning,
        spike: None,
        lacked_by: &[],
        assess: Assess::One(|item| owner(item.record)),
        label: "Owner",
        help: "an owner (a warning by default)",
    },
    Rule {
        name: "confidence",
        default: RuleLevel::Warning,
        spike: None,
        lacked_by: &[],
        // Only items that state a confidence are held to it: the others'
        // checklists and scores stay as they were.
        assess: Assess::Each(|item| {
            confidence(item.record)
                .map(|outcome| ("confidence".to_string(), "Confidence".to_string(), outcome))
                .into_iter()
                .collect()
        }),
        label: "Confidence",
        help: "the team's `confidence` is not `low` (a warning by default: a low-confidence item is almost ready at best)",
    },
    Rule {
        name: "required",
        default: RuleLevel::Error,
        spike: None,
        lacked_by: &[],
        assess: Assess::Each(|item| {
            let sections = item.settings.required_sections.iter().map(|key| {
                let outcome = required_section(item.record, key);
                (format!("section:{key}"), section_title(key), outcome)
            });
            let fields = item.settings.required_fields.iter().map(|key| {
                let outcome = required_field(item.record, key);
                (format!("field:{key}"), format!("`{key}`"), outcome)
            });
            sections.chain(fields).collect()
        }),
        label: "Required",
        help: "the `required_sections` and `required_fields`",
    },
];

fn pass(message: impl Into<String>) -> Outcome {
    Outcome {
        passed: true,
        message: message.into(),
        blocked_by: Vec::new(),
    }
}

fn fail(message: impl Into<String>) -> Outcome {
    Outcome {
        passed: false,
        message: message.into(),
        blocked_by: Vec::new(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The sentences the record templates of `shoshin new`
/// (`templates/new-*.md`) put under a heading for the writer to replace, by
/// section key. A section holding only its sentence counts as empty, and
/// the sentence does not count towards a section's length.
pub const TEMPLATE_TEXT: &[(&str, &str)] = &[
    ("why", "Who needs this, and what problem does it solve for them?"),
    ("risks", "What could go wrong?"),
    (
        "why",
        "What is the problem, and which forces make a decision necessary now?",
    ),
    ("decision", "We will …"),
    (
        "consequences",
        "What becomes easier, what becomes harder, and what we must watch.",
    ),
];

/// The template's sentence `section` still starts with, if any.
pub fn template_left(section: &Section) -> Option<&'static str> {
    let key = section.key.as_deref()?;
    TEMPLATE_TEXT
        .iter()
        .find(|(k, text)| *k == key && section.lead.trim_start().starts_with(text))
        .map(|(_, text)| *text)
}

/// Characters of `section` the writer wrote: its length without the
/// template's sentence (and the space after it).
pub fn written_chars(section: &Section) -> usize {
    match template_left(section) {
        Some(text) => section.chars.saturating_sub(text.chars().count() + 1),
        None => section.chars,
    }
}

/// The task-list entries of `section` that say something: an empty `- [ ]`
/// (as the templates leave) is no entry.
fn written_tasks(section: &Section) -> impl Iterator<Item = &Task> {
    section.tasks.iter().filter(|t| !t.text.trim().is_empty())
}

/// Rule 1: a Why section of at least `min_chars` characters.
pub fn why(record: &Record, min_chars: usize) -> Outcome {
    const FIX: &str = "say whose problem this solves and why it matters now";
    let Some(section) = record.section("why") else {
        return fail(format!("no Why: add a `## Why` section and {FIX}"));
    };
    let length = written_chars(section);
    if let (0, Some(text)) = (length, template_left(section)) {
        return fail(format!(
            "the Why still holds the template's question (“{text}”): answer it: {FIX}"
        ));
    }
    if length == 0 {
        fail(format!("the Why section is empty: {FIX}"))
    } else if length < min_chars {
        fail(format!(
            "the Why is too short ({length} characters, at least {min_chars}): {FIX}"
        ))
    } else {
        pass(format!("the Why explains the need ({length} characters)"))
    }
}

/// Rule 2: at least one acceptance criterion, as a task list.
pub fn acceptance_criteria(record: &Record) -> Outcome {
    match record.section("acceptance_criteria") {
        None => fail("no acceptance criteria: add a task list under `## Acceptance criteria`"),
        Some(section) if section.tasks.is_empty() => {
            fail("the Acceptance criteria section has no task list: write each criterion as `- [ ] …`")
        }
        Some(section) => match written_tasks(section).count() {
            0 => fail("the Acceptance criteria list has only empty entries (`- [ ]` with nothing after it): write each criterion after its box"),
            n => pass(plural(n, "acceptance criterion", "acceptance criteria")),
        },
    }
}

/// Spikes: a timebox.
pub fn timebox(record: &Record) -> Outcome {
    match record.timebox.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(timebox) => pass(format!("timeboxed to {timebox}")),
        None => fail("no timebox: say how long the spike may take, e.g. `timebox: 2d`"),
    }
}

/// Spikes: a Questions section saying what the spike must answer.
pub fn questions(record: &Record) -> Outcome {
    match record.section("questions") {
        Some(s) if written_chars(s) > 0 || written_tasks(s).next().is_some() => {
            pass("the Questions section says what the spike must answer")
        }
        Some(_) => fail("the Questions section is empty: list what the spike must answer"),
        None => fail("no Questions section: list what the spike must answer under `## Questions`"),
    }
}

/// Rule 3: an estimate, at most `limit` when one is set.
pub fn estimate(record: &Record, limit: Option<&EstimateLimit>) -> Outcome {
    let Some(estimate) = &record.estimate else {
        return fail("no estimate: estimate it together in the session, e.g. `estimate: 3`");
    };
    let too_big = match (estimate, limit) {
        (Estimate::Points(points), Some(EstimateLimit::Points(max))) => {
            (*points > *max).then(|| Estimate::Points(*max).to_string())
        }
        (Estimate::Size(size), Some(EstimateLimit::Size(max))) => match (size_rank(size), size_rank(max)) {
            (Some(rank), Some(max_rank)) if rank > max_rank => Some(max.to_uppercase()),
            _ => None,
        },
        _ => None,
    };
    match too_big {
        Some(max) => fail(format!(
            "estimated at {estimate}, above the maximum of {max}: split it into smaller items"
        )),
        None => pass(format!("estimated at {estimate}")),
    }
}

/// Targets of one relation as written, each once, in order.
fn written(record: &Record, relation: Relation) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    record
        .references_of(relation)
        .map(|r| r.target.as_str())
        .filter(|t| seen.insert(*t))
        .collect()
}

fn status_words(record: &Record) -> String {
    record.status.clone().unwrap_or_else(|| "no status".to_string())
}

/// True when an item counts as a met dependency: ready, in progress or done.
pub fn dependency_met(index: &Index, item: usize) -> bool {
    matches!(
        index.item_category(item),
        Some(ItemCategory::Ready | ItemCategory::Active | ItemCategory::Closed)
    )
}

/// Rule 4: every dependency exists and is ready, in progress or done.
pub fn dependencies(index: &Index, record: &Record) -> Outcome {
    let targets = written(record, Relation::DependsOn);
    if targets.is_empty() {
        return pass("no dependencies");
    }
    let mut problems = Vec::new();
    let mut blocked_by = Vec::new();
    let mut met = Vec::new();
    for target in targets {
        match index
            .get(target)
            .filter(|&j| index.records[j].kind == record.kind)
        {
            None => problems.push(format!("depends on {target}, which does not exist")),
            Some(j) if !dependency_met(index, j) => {
                blocked_by.push(j);
                problems.push(format!(
                    "blocked by {target} ({}): it must be ready, in progress or done first",
                    status_words(&index.records[j])
                ));
            }
            Some(j) => met.push(format!("{target} ({})", status_words(&index.records[j]))),
        }
    }
    if problems.is_empty() {
        pass(format!(
            "every dependency is ready, in progress or done: {}",
            met.join(", ")
        ))
    } else {
        Outcome {
            passed: false,
            message: problems.join("; "),
            blocked_by,
        }
    }
}

/// Rule 5: every linked decision exists and is in force.
pub fn decisions(index: &Index, record: &Record) -> Outcome {
    let targets = written(record, Relation::Decision);
    if targets.is_empty() {
        return pass("no linked decisions");
    }
    let mut problems = Vec::new();
    for target in &targets {
        let Some(j) = index
            .get(target)
            .filter(|&j| index.records[j].kind == crate::model::Kind::Decision)
        else {
            problems.push(format!("names {target}, which is not a known decision"));
            continue;
        };
        let successors: Vec<&str> = index
            .current_successors(j)
            .iter()
            .map(|&s| index.records[s].id.as_str())
            .collect();
        let problem = match index.decision_category(j) {
            Some(DecisionCategory::Proposed) => Some(format!(
                "relies on {target}, which is still proposed: decide it first"
            )),
            Some(DecisionCategory::Rejected) => Some(format!("relies on {target}, which was rejected")),
            _ if index.is_retired(j) && !successors.is_empty() => Some(format!(
                "relies on {target}, which is superseded by {}: link {} instead",
                successors.join(", "),
                successors.join(", ")
            )),
            Some(DecisionCategory::Deprecated) => Some(format!("relies on {target}, which is deprecated")),
            _ if index.is_retired(j) => Some(format!("relies on {target}, which is superseded")),
            _ => None,
        };
        problems.extend(problem);
    }
    if problems.is_empty() {
        pass(format!(
            "every linked decision is in force: {}",
            targets.join(", ")
        ))
    } else {
        fail(problems.join("; "))
    }
}

/// The unchecked tasks of the Open questions section.
pub fn open_question_tasks(record: &Record) -> Vec<&Task> {
    record
        .section("open_questions")
        .map(|s| written_tasks(s).filter(|t| !t.done).collect())
        .unwrap_or_default()
}

/// `text`, cut to `max` characters with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// Rule 6: no open question left unchecked.
pub fn open_questions(record: &Record) -> Outcome {
    let open = open_question_tasks(record);
    if open.is_empty() {
        let answered = record
            .section("open_questions")
            .map_or(0, |s| written_tasks(s).count());
        return if answered == 0 {
            pass("no open questions")
        } else {
            pass(format!("every open question is answered ({answered})"))
        };
    }
    let listed: Vec<String> = open
        .iter()
        .map(|t| {
            let owner = t
                .owner
                .as_deref()
                .map(|o| format!(" (@{o})"))
                .unwrap_or_else(|| " (nobody owns it)".to_string());
            let text = shorten(&remove_owner(&t.text, t.owner.as_deref()), 80);
            format!("“{text}”{owner}")
        })
        .collect();
    fail(format!(
        "{} still open: {}; answer and check {}",
        plural(open.len(), "question", "questions"),
        listed.join(", "),
        if open.len() == 1 { "it" } else { "them" }
    ))
}

/// A task's text without its `@owner`.
pub fn remove_owner(text: &str, owner: Option<&str>) -> String {
    match owner {
        Some(owner) => text.replace(&format!("@{owner}"), "").trim().to_string(),
        None => text.trim().to_string(),
    }
}

/// Rule 7: an owner.
pub fn owner(record: &Record) -> Outcome {
    match record.owner.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        Some(owner) => pass(format!("owned by {owner}")),
        None => fail("no owner: name the person who answers for it, e.g. `owner: <name>`"),
    }
}

/// "Are we genuinely ready to build this?": the `confidence` field. Only
/// `low` fails; `None` for an item that does not say.
pub fn confidence(record: &Record) -> Option<Outcome> {
    let level = record
        .confidence
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())?;
    Some(if level.eq_ignore_ascii_case("low") {
        fail(
            "the team's confidence is low: talk through what makes it uncertain (a spike, a question \
             to answer, a split), then raise `confidence` or keep it out of the sprint",
        )
    } else {
        pass(format!("confidence {}", level.to_lowercase()))
    })
}

/// The display name of a section key: its first built-in heading, capitalised.
pub fn section_title(key: &str) -> String {
    let heading = crate::config::DEFAULT_HEADINGS
        .iter()
        .find(|(k, _)| *k == key)
        .and_then(|(_, aliases)| aliases.first().copied())
        .unwrap_or(key);
    let mut chars = heading.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A required section: present and not empty.
pub fn required_section(record: &Record, key: &str) -> Outcome {
    let title = section_title(key);
    match record.section(key) {
        Some(s) if written_chars(s) > 0 || written_tasks(s).next().is_some() => {
            pass(format!("has a {title} section"))
        }
        Some(s) if template_left(s).is_some() => fail(format!(
            "the {title} section still holds only the template's text: replace it"
        )),
        Some(_) => fail(format!("the {title} section is empty")),
        None => fail(format!("no {title} section: add `## {title}`")),
    }
}

/// A required front-matter field: present and not empty.
pub fn required_field(record: &Record, key: &str) -> Outcome {
    let present = match record.front_matter.get(key) {
        None | Some(serde_json::Value::Null) => false,
        Some(serde_json::Value::String(s)) => !s.trim().is_empty(),
        Some(serde_json::Value::Array(list)) => !list.is_empty(),
        Some(_) => true,
    };
    if present {
        pass(format!("`{key}` is set"))
    } else {
        fail(format!("no `{key}`: add `{key}: …` to the front matter"))
    }
}
