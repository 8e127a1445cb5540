//! Diagnostics: what `check` finds, with a stable code, a severity and a place.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails `check` and `build`.
    Error,
    /// Reported; fails only with `--deny-warnings`.
    Warning,
    /// A hint; never fails anything.
    Info,
}

impl Severity {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $severity:ident, $summary:literal; )*) => {
        /// Every check code shoshin knows, with its stable name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( #[doc = $summary] $variant, )* }

        impl Code {
            /// All codes, in documentation order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable kebab-case name, as written in output and configuration.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The severity when the configuration does not change it.
            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// One line saying what the code means.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }

            /// Looks a code up by its name.
            pub fn from_name(name: &str) -> Option<Code> {
                match name { $( $name => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

codes! {
    ParseError = "parse-error", Error, "the front matter is not valid YAML, or the file is not readable text";
    InvalidField = "invalid-field", Error, "a front-matter field has the wrong type or an unknown value";
    UnknownField = "unknown-field", Warning, "a front-matter key shoshin does not know is one letter or two away from one it knows (`stauts`): a typo, read as nothing";
    DuplicateId = "duplicate-id", Error, "two records have the same id";
    IdTakenOnBase = "id-taken-on-base", Error, "a record's id is already given to another record on the base branch (`check --base`, `diff`): parallel branches took the same number";
    AmbiguousId = "ambiguous-id", Warning, "two ids differ only in letter case or Unicode form";
    UnusualId = "unusual-id", Warning, "an id holds spaces, slashes, control characters or other characters unsafe in names";
    MissingId = "missing-id", Warning, "an item or decision has no id and its file name does not start with one";
    BrokenReference = "broken-reference", Error, "a reference names an id that no record has, or a record of the wrong kind";
    BrokenLink = "broken-link", Error, "a relative Markdown link points at a file that does not exist";
    UnsafeFile = "unsafe-file", Error, "a record or linked file that is a symbolic link out of the repository or into a hidden folder, not a regular file, or too large: it is not read";
    UnknownStatus = "unknown-status", Error, "a status that is not in the configured vocabulary";
    SupersedeMismatch = "supersede-mismatch", Error, "`supersedes` and `superseded_by` written on both sides disagree";
    SupersedeCycle = "supersede-cycle", Error, "decisions supersede each other in a cycle";
    DependencyCycle = "dependency-cycle", Error, "items depend on each other in a cycle";
    StaleDecisionLink = "stale-decision-link", Warning, "a record relies on a superseded or rejected decision";
    MissingRationale = "missing-rationale", Warning, "an accepted decision has no Context section";
    SessionOverloaded = "session-overloaded", Warning, "a session discussed more items than the configured maximum";
    SessionTooLong = "session-too-long", Warning, "a session lasted longer than the configured maximum";
    NotReady = "not-ready", Error, "an item's status says ready, but readiness rules fail";
    DependsOnUnready = "depends-on-unready", Warning, "an item depends on an item that is not ready, in progress or done";
    UnownedQuestion = "unowned-question", Warning, "an open question names nobody (`@name`) to answer it";
    SpikeWithoutTimebox = "spike-without-timebox", Warning, "a spike has no `timebox`";
    ReadyButRefining = "ready-but-refining", Info, "an item passes every readiness rule but its status is still open";
    FormatPlaceholder = "format-placeholder", Warning, "a template's placeholder was left in a record of an existing format";
    FormatOddity = "format-oddity", Warning, "a record of an existing format holds something its reader could not read: an unknown status, an unreadable date, a reused number";
    HistoryUnavailable = "history-unavailable", Warning, "there is no git history (not a repository, a shallow clone): dates come from front matter or the files";
    StaleReady = "stale-ready", Warning, "an item has been ready, untouched, for longer than `history.stale_after_days`";
    FormatNote = "format-note", Info, "what a reader of an existing format assumed or left out: no status written, a file that is not a record";
    DiagramNotRendered = "diagram-not-rendered", Warning, "a ```mermaid diagram the renderer cannot draw: the page shows its source as code";
    FewRecords = "few-records", Warning, "the root holds Markdown files but no or few records were found: which folders to declare under `sources:`";
    AppliesToNothing = "applies-to-nothing", Warning, "a decision's `applies_to` pattern matches no file under the code root";
    SupersededStillGoverns = "superseded-still-governs", Warning, "a decision superseded by an accepted one still says accepted and claims a code pattern its successor claims too";
    CitesRetiredDecision = "cites-retired-decision", Warning, "a code comment cites a superseded, rejected or deprecated decision";
    CitesUnknownDecision = "cites-unknown-decision", Warning, "a code comment cites a decision id that no record has";
    AcceptedWithoutDecider = "accepted-without-decider", Info, "an accepted decision names no deciders and its history records nobody who accepted it";
    RepositoryUnreachable = "repository-unreachable", Error, "a repository of a portal cannot be found, fetched or read: the portal is built without it, or with its copy of the last build";
    ReviewDue = "review-due", Warning, "a decision is past its review date (`review_by`, or `review_after` since it was accepted), as of the last commit";
    UnknownSprint = "unknown-sprint", Warning, "an item's `sprint:` names no sprint declared under `sprints:` in shoshin.yaml";
    SprintSpillover = "sprint-spillover", Info, "an item still names a sprint that has ended, and is not done: carry it over or close it";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in the records.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// Severity after the configuration was applied.
    pub severity: Severity,
    /// File relative to the records root.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte range in the file's text that the diagnostic points at, when known.
    pub span: Option<std::ops::Range<usize>>,
    /// What is wrong.
    pub message: String,
    /// How to fix it ("did you mean ADR-0007?").
    pub help: Option<String>,
}

impl Diagnostic {
    /// The message with its help appended, for one-line formats (GitHub
    /// annotations, JSON, pages).
    pub fn one_line(&self) -> String {
        match &self.help {
            Some(help) => format!("{}; {}", self.message, help),
            None => self.message.clone(),
        }
    }

    /// A diagnostic with the code's default severity, at line 1, column 1.
    pub fn new(code: Code, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            file: file.into(),
            line: 1,
            column: 1,
            span: None,
            message: message.into(),
            help: None,
        }
    }

    /// Points the diagnostic at a byte range of `text`, the file's contents.
    pub fn at(mut self, text: &str, span: std::ops::Range<usize>) -> Self {
        let (line, column) = crate::text::line_column(text, span.start);
        self.line = line;
        self.column = column;
        self.span = Some(span);
        self
    }

    /// Points the diagnostic at a byte range of the text of `positions`
    /// (the file's contents), going on from the position asked before.
    pub fn at_position(
        mut self,
        positions: &mut crate::text::Positions,
        span: std::ops::Range<usize>,
    ) -> Self {
        (self.line, self.column) = positions.of(span.start);
        self.span = Some(span);
        self
    }

    /// Points the diagnostic at a line and column without a span.
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = line.max(1);
        self.column = column.max(1);
        self
    }

    /// Adds the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Sorts diagnostics by file, position and code, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code, &a.message).cmp(&(&b.file, b.line, b.column, b.code, &b.message))
    });
}

/// Diagnostics sorted by [`sort`], found by file: each page of a record
/// shows its file's.
pub struct ByFile<'a> {
    sorted: &'a [Diagnostic],
    ranges: rustc_hash::FxHashMap<&'a std::ffi::OsStr, std::ops::Range<usize>>,
}

impl<'a> ByFile<'a> {
    /// Finds the run of each file in `sorted`.
    pub fn new(sorted: &'a [Diagnostic]) -> Self {
        let mut ranges = rustc_hash::FxHashMap::default();
        let mut start = 0;
        for (end, pair) in sorted.windows(2).enumerate() {
            if pair[0].file != pair[1].file {
                ranges.insert(sorted[start].file.as_os_str(), start..end + 1);
                start = end + 1;
            }
        }
        if let Some(last) = sorted.last() {
            ranges.insert(last.file.as_os_str(), start..sorted.len());
        }
        ByFile { sorted, ranges }
    }

    /// The diagnostics of `file`.
    pub fn of(&self, file: &std::path::Path) -> &'a [Diagnostic] {
        self.ranges
            .get(file.as_os_str())
            .map_or(&[], |range| &self.sorted[range.clone()])
    }
}

/// Counts of diagnostics by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of infos.
    pub infos: usize,
}

impl Counts {
    /// Counts the diagnostics of a slice.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }

    /// True when these counts fail a run: errors, or warnings when they are denied.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.errors > 0 || (deny_warnings && self.warnings > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_diagnostics_of_a_file_are_found_in_the_sorted_list() {
        let mut all: Vec<Diagnostic> = ["b.md", "a.md", "c.md", "b.md"]
            .iter()
            .map(|f| Diagnostic::new(Code::ParseError, *f, "x"))
            .collect();
        sort(&mut all);
        let by_file = ByFile::new(&all);
        let of = |file: &str| by_file.of(std::path::Path::new(file)).len();
        assert_eq!((of("a.md"), of("b.md"), of("c.md"), of("d.md")), (1, 2, 1, 0));
        assert!(by_file
            .of(std::path::Path::new("b.md"))
            .iter()
            .all(|d| d.file.as_os_str() == "b.md"));
        assert_eq!(ByFile::new(&all[..0]).of(std::path::Path::new("a.md")).len(), 0);
    }

    #[test]
    fn codes_round_trip_through_their_names() {
        for code in Code::ALL {
            assert_eq!(Code::from_name(code.as_str()), Some(*code));
        }
        assert_eq!(Code::from_name("no-such-code"), None);
    }

    #[test]
    fn at_computes_line_and_column() {
        let text = "a\nbc ADR-1\n";
        let d = Diagnostic::new(Code::BrokenReference, "x.md", "m").at(text, 5..10);
        assert_eq!((d.line, d.column), (2, 4));
    }

    #[test]
    fn warnings_fail_only_when_denied() {
        let counts = Counts {
            errors: 0,
            warnings: 1,
            infos: 3,
        };
        assert!(!counts.fails(false));
        assert!(counts.fails(true));
    }
}
