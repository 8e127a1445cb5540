//! The records model: what the loader produces and every later stage reads.

pub mod reading;

use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::PathBuf;

/// The three kinds of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A backlog item: story, bug, task, spike or epic.
    Item,
    /// An architecture decision record.
    Decision,
    /// The notes of a refinement session.
    Session,
}

/// What shoshin says of one kind of record, declared once: [`KINDS`].
#[derive(Debug)]
pub struct KindInfo {
    /// The kind.
    pub kind: Kind,
    /// Its name (`item`), as `kind:` values, exports and templates write it.
    pub name: &'static str,
    /// Its default records folder, also the site folder of its pages.
    pub plural: &'static str,
    /// Its name on the pages (`Items`).
    pub label: &'static str,
    /// The other words a `kind:` value may use for it.
    pub words: &'static [&'static str],
    /// The id prefix `shoshin new` uses in a repository with none yet, and
    /// the width of the number after it (`ADR-0001`).
    pub id_prefix: (&'static str, usize),
}

/// The kinds, in the order of [`Kind::ALL`].
pub const KINDS: [KindInfo; 3] = [
    KindInfo {
        kind: Kind::Item,
        name: "item",
        plural: "items",
        label: "Items",
        words: &["story", "ticket", "task", "backlog-item"],
        id_prefix: ("ITEM", 1),
    },
    KindInfo {
        kind: Kind::Decision,
        name: "decision",
        plural: "decisions",
        label: "Decisions",
        words: &["adr"],
        id_prefix: ("ADR", 4),
    },
    KindInfo {
        kind: Kind::Session,
        name: "session",
        plural: "sessions",
        label: "Sessions",
        words: &["meeting", "refinement"],
        id_prefix: ("S", 3),
    },
];

impl Kind {
    /// All kinds.
    pub const ALL: [Kind; 3] = [Kind::Item, Kind::Decision, Kind::Session];

    /// What [`KINDS`] says of this kind.
    pub fn info(self) -> &'static KindInfo {
        &KINDS[self as usize]
    }

    /// `item`, `decision` or `session`.
    pub fn as_str(self) -> &'static str {
        self.info().name
    }

    /// The site folder of this kind's pages (`items`, `decisions`, `sessions`).
    pub fn plural(self) -> &'static str {
        self.info().plural
    }

    /// Reads a `kind:` value: a kind's name, its plural or one of its words
    /// (`item`, `items`, `story`, `adr`, `meeting`…), in any case.
    pub fn parse(word: &str) -> Option<Kind> {
        let word = word.trim().to_lowercase();
        KINDS
            .iter()
            .find(|info| info.name == word || info.plural == word || info.words.contains(&word.as_str()))
            .map(|info| info.kind)
    }
}

/// An estimate: story points or a t-shirt size.
#[derive(Debug, Clone, PartialEq)]
pub enum Estimate {
    /// Story points.
    Points(f64),
    /// `XS`, `S`, `M`, `L`, `XL` (and `XXL`…).
    Size(String),
}

impl Serialize for Estimate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Estimate::Points(p) if p.fract() == 0.0 && p.abs() < 1e15 => serializer.serialize_i64(*p as i64),
            Estimate::Points(p) => serializer.serialize_f64(*p),
            Estimate::Size(s) => serializer.serialize_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for Estimate {
    /// Reads what [`Estimate`]'s `Serialize` writes: a number or a size.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Points(f64),
            Size(String),
        }
        Ok(match Written::deserialize(deserializer)? {
            Written::Points(p) => Estimate::Points(p),
            Written::Size(s) => Estimate::Size(s),
        })
    }
}

impl std::fmt::Display for Estimate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Estimate::Points(p) if p.fract() == 0.0 => write!(f, "{}", *p as i64),
            Estimate::Points(p) => write!(f, "{p}"),
            Estimate::Size(s) => f.write_str(s),
        }
    }
}

/// How one record names another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// `parent:` an epic.
    Parent,
    /// `depends_on:` an item.
    DependsOn,
    /// `decisions:` a decision.
    Decision,
    /// `items:` an item.
    Item,
    /// `supersedes:` a decision.
    Supersedes,
    /// `superseded_by:` a decision.
    SupersededBy,
    /// `amends:` a decision.
    Amends,
    /// `related:` a decision given as context: neither superseded nor amended.
    Related,
    /// A mention in the body: `[[ID]]`, a relative link, or a bare id.
    Mention,
}

impl Relation {
    /// The kind of record this relation must point at, if it is fixed.
    pub fn target_kind(self) -> Option<Kind> {
        match self {
            Relation::Parent | Relation::DependsOn | Relation::Item => Some(Kind::Item),
            Relation::Decision
            | Relation::Supersedes
            | Relation::SupersededBy
            | Relation::Amends
            | Relation::Related => Some(Kind::Decision),
            Relation::Mention => None,
        }
    }
}

/// The front-matter keys that hold references, with what each means.
pub const REFERENCE_KEYS: [(&str, Relation); 8] = [
    ("parent", Relation::Parent),
    ("depends_on", Relation::DependsOn),
    ("decisions", Relation::Decision),
    ("items", Relation::Item),
    ("supersedes", Relation::Supersedes),
    ("superseded_by", Relation::SupersededBy),
    ("amends", Relation::Amends),
    ("related", Relation::Related),
];

impl Relation {
    /// The front-matter key of the relation (`the body` for mentions).
    pub fn key(self) -> &'static str {
        REFERENCE_KEYS
            .iter()
            .find(|(_, r)| *r == self)
            .map(|(k, _)| *k)
            .unwrap_or("the body")
    }
}

/// Where a reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A front-matter key.
    FrontMatter,
    /// `[[ID]]` in the body.
    WikiLink,
    /// A relative Markdown link to the other record's file.
    MarkdownLink,
    /// An id written in prose that matches a record.
    BareId,
}

/// One reference from a record to an id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// The id referred to, as written.
    pub target: String,
    /// What the reference means.
    pub relation: Relation,
    /// How it was written.
    pub origin: Origin,
    /// Byte range in the record's source text.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// A relative Markdown link in a body, to a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileLink {
    /// The link destination as written.
    pub destination: String,
    /// The linked path, relative to the records root, normalised; `None` when
    /// the link climbs out of the root.
    pub path: Option<PathBuf>,
    /// Byte range of the link in the record's source text.
    #[serde(skip)]
    pub span: Range<usize>,
}

/// A task-list entry (`- [ ] text @owner`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// The entry's text, as Markdown source.
    pub text: String,
    /// Checked (`[x]`).
    pub done: bool,
    /// The first `@name` in the text.
    pub owner: Option<String>,
    /// 1-based line in the source.
    pub line: usize,
}

/// A `##`-level (or any level) section of the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The heading as written.
    pub heading: String,
    /// The canonical key from the heading aliases (`why`, `acceptance_criteria`…).
    pub key: Option<String>,
    /// Heading level, 1–6.
    pub level: u8,
    /// 1-based line of the heading.
    pub line: usize,
    /// The start of the section's plain text (without the heading, whitespace
    /// folded): whole words, enough for its first sentence (see
    /// [`crate::text::first_sentence`]).
    #[serde(skip)]
    pub lead: String,
    /// The section's whole plain text, as `data.json` and `shoshin export`
    /// give it: read in the same pass as the rest of the body when the
    /// command needs it (unless [`crate::config::Config::leads_only`]), empty
    /// otherwise.
    #[serde(skip)]
    pub text: String,
    /// Characters in the section's plain text, spaces at its ends left out.
    #[serde(skip)]
    pub chars: usize,
    /// Task-list entries in the section.
    pub tasks: Vec<Task>,
}

/// One record, as loaded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// Unique id.
    pub id: String,
    /// Item, decision or session.
    pub kind: Kind,
    /// Title: front matter, else the first `# ` heading, else the file name.
    pub title: String,
    /// Source file, relative to the records root.
    pub file: PathBuf,
    /// `status`, as written.
    pub status: Option<String>,
    /// `date` as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `type` (items).
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    /// `priority` (items): lower is more important.
    pub priority: Option<i64>,
    /// `estimate` (items).
    pub estimate: Option<Estimate>,
    /// `owner` (items).
    pub owner: Option<String>,
    /// `timebox` (spikes).
    pub timebox: Option<String>,
    /// `confidence` (items).
    pub confidence: Option<String>,
    /// `tags`.
    pub tags: Vec<String>,
    /// `summary`: the record's why in one line, for lists (the decisions
    /// in force); absent from exports when not written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// `deciders` (decisions).
    pub deciders: Vec<String>,
    /// `consulted` (decisions).
    pub consulted: Vec<String>,
    /// `informed` (decisions).
    pub informed: Vec<String>,
    /// `facilitator` (sessions).
    pub facilitator: Option<String>,
    /// `participants` (sessions).
    pub participants: Vec<String>,
    /// `first_proposal` (sessions).
    pub first_proposal: Option<String>,
    /// `duration` in minutes (sessions).
    pub duration: Option<u64>,
    /// `applies_to` (decisions): glob patterns of the code paths the
    /// decision governs, relative to the code root.
    pub applies_to: Vec<String>,
    /// `review_by` (decisions) as `YYYY-MM-DD`: when it is due for review.
    pub review_by: Option<String>,
    /// Every reference this record makes (front matter and body).
    pub references: Vec<Reference>,
    /// Relative links to files.
    pub file_links: Vec<FileLink>,
    /// Body sections.
    pub sections: Vec<Section>,
    /// The front matter as parsed, every key.
    pub front_matter: crate::front_matter::FrontMatter,
    /// The whole file text (byte-order mark removed), as loading read it.
    #[serde(skip)]
    pub source: String,
    /// Byte offset where the body starts in `source`.
    #[serde(skip)]
    pub body_start: usize,
    /// Id candidates in the body's prose, resolved into mentions by the index.
    #[serde(skip)]
    pub prose_tokens: Vec<(String, Range<usize>)>,
    /// The format the file is written in: `native`, or an existing format
    /// such as `adr-tools` read where it is.
    pub format: SourceFormat,
    /// What the reader of an existing format understood, field by field;
    /// `None` for native records.
    #[serde(skip)]
    pub reading: Option<Box<reading::Reading>>,
}

impl Record {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        self.source.get(self.body_start..).unwrap_or_default()
    }

    /// The whole file text (byte-order mark removed).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The first section with the canonical `key`.
    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key.as_deref() == Some(key))
    }

    /// References of one relation.
    pub fn references_of(&self, relation: Relation) -> impl Iterator<Item = &Reference> {
        self.references.iter().filter(move |r| r.relation == relation)
    }
}

/// The format a record's file is written in.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub enum SourceFormat {
    /// shoshin's own: front matter with the keys of the design.
    #[default]
    #[serde(rename = "native")]
    Native,
    /// adr-tools / Michael Nygard: `# 1. Title`, `Date:`, `## Status`.
    #[serde(rename = "adr-tools")]
    AdrTools,
    /// MADR 2: `* Status:`, `* Deciders:`, `* Date:` bullets.
    #[serde(rename = "madr-2")]
    Madr2,
    /// MADR 3: front matter with `status`, `date`, `deciders`.
    #[serde(rename = "madr-3")]
    Madr3,
    /// MADR 4: front matter with `status`, `date`, `decision-makers`.
    #[serde(rename = "madr-4")]
    Madr4,
    /// log4brains: `- Status:` bullets, `YYYYMMDD-slug.md` names.
    #[serde(rename = "log4brains")]
    Log4brains,
    /// Backlog.md: `backlog/tasks/*.md` with `id`, `status`, `dependencies`.
    #[serde(rename = "backlog-md")]
    BacklogMd,
}

impl SourceFormat {
    /// Every format, native first.
    pub const ALL: [SourceFormat; 7] = [
        SourceFormat::Native,
        SourceFormat::AdrTools,
        SourceFormat::Madr2,
        SourceFormat::Madr3,
        SourceFormat::Madr4,
        SourceFormat::Log4brains,
        SourceFormat::BacklogMd,
    ];

    /// The name used in `shoshin.yaml`, in output and in the export.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Native => "native",
            SourceFormat::AdrTools => "adr-tools",
            SourceFormat::Madr2 => "madr-2",
            SourceFormat::Madr3 => "madr-3",
            SourceFormat::Madr4 => "madr-4",
            SourceFormat::Log4brains => "log4brains",
            SourceFormat::BacklogMd => "backlog-md",
        }
    }
}

impl std::fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Category of an item status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemCategory {
    /// Not ready yet: draft, refining.
    Open,
    /// Ready to be taken into a sprint.
    Ready,
    /// Being worked on.
    Active,
    /// Done or dropped.
    Closed,
}

impl ItemCategory {
    /// The name, as configured and as pages show it.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemCategory::Open => "open",
            ItemCategory::Ready => "ready",
            ItemCategory::Active => "active",
            ItemCategory::Closed => "closed",
        }
    }
}

/// Category of a decision status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DecisionCategory {
    /// Under discussion.
    Proposed,
    /// In force (unless superseded).
    Accepted,
    /// Turned down.
    Rejected,
    /// No longer recommended, with no successor.
    Deprecated,
    /// Replaced by another decision.
    Superseded,
}

impl DecisionCategory {
    /// The name, as configured and as pages show it.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionCategory::Proposed => "proposed",
            DecisionCategory::Accepted => "accepted",
            DecisionCategory::Rejected => "rejected",
            DecisionCategory::Deprecated => "deprecated",
            DecisionCategory::Superseded => "superseded",
        }
    }
}

/// The category a status falls in: the item or decision categories that
/// readiness and the site use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusCategory {
    /// An item status's category.
    Item(ItemCategory),
    /// A decision status's category.
    Decision(DecisionCategory),
}

impl StatusCategory {
    /// The category's name (`open`, `accepted`…).
    pub fn as_str(self) -> &'static str {
        match self {
            StatusCategory::Item(c) => c.as_str(),
            StatusCategory::Decision(c) => c.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Kind, KINDS};

    #[test]
    fn the_table_of_kinds_is_in_the_order_of_the_kinds_and_reads_every_word() {
        for (kind, info) in Kind::ALL.into_iter().zip(&KINDS) {
            assert_eq!(info.kind, kind);
            assert_eq!(kind.info().name, kind.as_str());
            for word in [info.name, info.plural].iter().chain(info.words) {
                assert_eq!(Kind::parse(&word.to_uppercase()), Some(kind), "{word}");
            }
        }
        assert_eq!(Kind::parse(" ADR "), Some(Kind::Decision));
        assert_eq!(Kind::parse("epic"), None);
    }
}
