//! What a rebuild did, for the terminal, and the problems it shows in the
//! overlay of every page.

use super::inject::Problem;
use crate::diagnostic::{Diagnostic, Severity};
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

/// The reason given for the build `serve` starts with.
pub const FIRST_BUILD: &str = "first build";

/// What one rebuild did, for the terminal.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Pages rendered.
    pub pages: usize,
    /// Files removed from the site.
    pub removed: usize,
    /// True when everything was rendered.
    pub full: bool,
    /// How long it took.
    pub elapsed: Duration,
    /// When the pages nearest the edit were in place and open record pages
    /// could reload, for a rebuild done in two steps.
    pub first_reload: Option<Duration>,
    /// Why it ran.
    pub reason: String,
    /// Errors to show (check errors, or why the rebuild failed).
    pub problems: Vec<Problem>,
    /// Warnings found by the checks.
    pub warnings: usize,
}

impl Outcome {
    /// The line printed after the rebuild.
    pub fn summary(&self) -> String {
        let ms = self.elapsed.as_millis();
        let noun = if self.pages == 1 { "page" } else { "pages" };
        let what = if self.reason == FIRST_BUILD {
            format!("built {} {noun}", self.pages)
        } else if self.full {
            format!("rebuilt all {} {noun}", self.pages)
        } else {
            format!("rebuilt {} {noun}", self.pages)
        };
        let removed = match self.removed {
            0 => String::new(),
            n => format!(", removed {n}"),
        };
        let first = match self.first_reload {
            Some(first) => format!(", the edited record's pages in {} ms", first.as_millis()),
            None => String::new(),
        };
        format!("{what}{removed} in {ms} ms{first} ({})", self.reason)
    }
}

/// The problems to show for `diagnostics` and a failed rebuild, and the
/// number of warnings.
pub fn problems(diagnostics: &[Diagnostic], failure: Option<&anyhow::Error>) -> (Vec<Problem>, usize) {
    let mut problems = Vec::new();
    if let Some(error) = failure {
        problems.push(Problem {
            place: "rebuild failed".into(),
            message: format!("{error:#}; the last good pages are shown"),
        });
    }
    let mut warnings = 0;
    for d in diagnostics {
        match d.severity {
            Severity::Error => problems.push(Problem {
                place: format!("{}:{}", d.file.display(), d.line),
                message: format!("{}: {}", d.code.as_str(), crate::render::one_line(d)),
            }),
            Severity::Warning => warnings += 1,
            Severity::Info => {}
        }
    }
    (problems, warnings)
}

/// `items/PAY-1.md changed`, `3 files changed (items/PAY-1.md, …)`.
pub fn describe(files: &HashSet<PathBuf>) -> String {
    let mut names: Vec<String> = files
        .iter()
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect();
    names.sort();
    match names.len() {
        1 => format!("{} changed", names[0]),
        n => {
            format!(
                "{n} files changed: {}",
                names.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
            ) + if n > 3 { ", …" } else { "" }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(first_reload: Option<Duration>) -> Outcome {
        Outcome {
            pages: 7,
            removed: 1,
            full: false,
            elapsed: Duration::from_millis(23),
            first_reload,
            reason: "items/PAY-1.md changed".into(),
            problems: Vec::new(),
            warnings: 0,
        }
    }

    #[test]
    fn the_summary_says_what_was_rebuilt_and_why() {
        assert_eq!(
            outcome(None).summary(),
            "rebuilt 7 pages, removed 1 in 23 ms (items/PAY-1.md changed)"
        );
        assert_eq!(
            outcome(Some(Duration::from_millis(9))).summary(),
            "rebuilt 7 pages, removed 1 in 23 ms, the edited record's pages in 9 ms (items/PAY-1.md changed)"
        );
    }
}
