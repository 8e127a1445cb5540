//! Decisions' `applies_to` patterns: which decisions govern a code path,
//! the most specific pattern first.
//!
//! Patterns are globs as ripgrep and `.gitignore` users know them
//! ([globset](https://docs.rs/globset)): `*` and `?` stay within one path
//! part, `**` spans any number of parts, `{a,b}` and `[ab]` choose. They
//! are relative to the code root and matched against paths written with
//! `/`.
//!
//! **Specificity**, to order several patterns that match one path: more
//! literal leading parts first (`src/ledger/round.rs` before `src/ledger/*`
//! before `src/**`), then fewer wildcards, then the longer pattern, then
//! the decision's id. Globs are compiled only when a path could match them:
//! a pattern can only match paths that start with its literal prefix, so
//! asking about one path among ten thousand patterns compiles a handful.
//! The commonest shapes need no glob at all ([`Shape`]): a file's path, a
//! folder's whole tree (`src/ledger/**`) and one `*` in the last part
//! (`services/*.proto`) are answered by comparing text.

use crate::index::Index;
use crate::model::Kind;
use globset::{Glob, GlobMatcher};

/// One pattern of one decision.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The decision (index in the [`Index`]).
    pub decision: usize,
    /// The pattern as written.
    pub pattern: String,
    /// Leading path parts without any wildcard.
    pub literal_parts: usize,
    /// `*`, `?`, `[` and `{` in the pattern.
    pub wildcards: usize,
    /// The text before the first wildcard: every path the pattern matches
    /// starts with it.
    pub prefix: String,
    /// How the pattern is matched.
    shape: Shape,
    /// The compiled glob, made the first time a path with the prefix is
    /// matched (`None` when the pattern does not compile).
    glob: std::sync::OnceLock<Option<GlobMatcher>>,
}

/// Every decision's patterns.
#[derive(Debug, Default)]
pub struct Rules {
    /// The rules, in the index's order of decisions, then as written.
    pub rules: Vec<Rule>,
}

/// How a pattern is matched: by comparing text for the commonest shapes,
/// else by its compiled glob.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// No wildcard and no escape: the path itself.
    Literal,
    /// The literal prefix (a folder with its `/`, or nothing) then `**`:
    /// every path under it.
    Tree,
    /// The literal prefix, one `*`, then this literal end, all in the last
    /// part: the paths in the prefix's folder whose name ends so.
    Star(String),
    /// Anything else.
    Glob,
}

impl Shape {
    fn of(pattern: &str, prefix: &str) -> Shape {
        let special = |c: char| matches!(c, '*' | '?' | '[' | '{' | '\\');
        let rest = &pattern[prefix.len()..];
        if pattern.contains([']', '}']) {
            // globset's to judge: it may refuse the pattern.
            Shape::Glob
        } else if rest.is_empty() {
            Shape::Literal
        } else if rest == "**" && (prefix.is_empty() || prefix.ends_with('/')) {
            Shape::Tree
        } else if let Some(end) = rest
            .strip_prefix('*')
            .filter(|end| !end.contains(special) && !end.contains('/'))
        {
            // `*` stays within a part, so the prefix must end one.
            if prefix.is_empty() || prefix.ends_with('/') {
                Shape::Star(end.to_string())
            } else {
                Shape::Glob
            }
        } else {
            Shape::Glob
        }
    }
}

/// A glob as shoshin compiles it: `*` never crosses a `/`.
pub fn compile(pattern: &str) -> Option<Glob> {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .ok()
}

impl Rules {
    /// The `applies_to` patterns of every decision of `index` (the loader
    /// already left out the ones that do not compile).
    pub fn new(index: &Index) -> Rules {
        let mut rules = Vec::new();
        for (i, record) in index.records.iter().enumerate() {
            if record.kind != Kind::Decision {
                continue;
            }
            for pattern in &record.applies_to {
                rules.push(Rule::new(i, pattern));
            }
        }
        Rules { rules }
    }

    /// True when no decision names a pattern.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rules matching `path` (relative to the code root, with `/`), the
    /// most specific first.
    pub fn matching(&self, path: &str) -> Vec<&Rule> {
        let mut found: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|rule| path.starts_with(&rule.prefix))
            .filter(|rule| rule.matches(path))
            .collect();
        found.sort_by(|a, b| a.specificity_order(b));
        found
    }
}

impl Rule {
    /// The rule of `pattern` for decision `decision`.
    pub fn new(decision: usize, pattern: &str) -> Rule {
        let is_wild = |c: char| matches!(c, '*' | '?' | '[' | '{');
        let literal_parts = pattern
            .split('/')
            .take_while(|part| !part.contains(is_wild))
            .count();
        let wildcards = pattern.chars().filter(|&c| is_wild(c)).count();
        Rule {
            decision,
            pattern: pattern.to_string(),
            literal_parts,
            wildcards,
            prefix: Rule::literal_prefix(pattern).to_string(),
            shape: Shape::of(pattern, Rule::literal_prefix(pattern)),
            glob: std::sync::OnceLock::new(),
        }
    }

    /// True when the pattern matches `path`; compiles it once, on the
    /// first call.
    pub fn matches(&self, path: &str) -> bool {
        let Some(rest) = path.strip_prefix(self.prefix.as_str()) else {
            return false;
        };
        match &self.shape {
            Shape::Literal => rest.is_empty(),
            Shape::Tree => !rest.is_empty(),
            Shape::Star(end) => !rest.contains('/') && rest.ends_with(end.as_str()),
            Shape::Glob => self
                .glob
                .get_or_init(|| matcher(&self.pattern))
                .as_ref()
                .is_some_and(|glob| glob.is_match(path)),
        }
    }

    /// The text of `pattern` before its first wildcard: every path it
    /// matches starts with it.
    pub fn literal_prefix(pattern: &str) -> &str {
        // An escaped character (`\*`) ends the prefix too: the path holds it unescaped.
        match pattern.find(['*', '?', '[', '{', '\\']) {
            Some(at) => &pattern[..at],
            None => pattern,
        }
    }

    /// Most specific first: see the module's documentation.
    pub fn specificity_order(&self, other: &Rule) -> std::cmp::Ordering {
        (
            other.literal_parts,
            self.wildcards,
            other.pattern.len(),
            self.decision,
        )
            .cmp(&(
                self.literal_parts,
                other.wildcards,
                self.pattern.len(),
                other.decision,
            ))
    }
}

/// A matcher for one pattern, or `None` when it does not compile.
pub fn matcher(pattern: &str) -> Option<GlobMatcher> {
    compile(pattern).map(|g| g.compile_matcher())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(pattern: &str, decision: usize) -> Rule {
        Rule::new(decision, pattern)
    }

    #[test]
    fn the_most_specific_pattern_comes_first() {
        let rules = Rules {
            rules: vec![
                rule("**/*.rs", 0),
                rule("src/**", 1),
                rule("src/ledger/*", 2),
                rule("src/ledger/round.rs", 3),
                rule("src/*/round.rs", 4),
                rule("docs/**", 5),
            ],
        };
        let order: Vec<&str> = rules
            .matching("src/ledger/round.rs")
            .iter()
            .map(|r| r.pattern.as_str())
            .collect();
        assert_eq!(
            order,
            [
                "src/ledger/round.rs",
                "src/ledger/*",
                "src/*/round.rs",
                "src/**",
                "**/*.rs"
            ]
        );
    }

    #[test]
    fn a_star_stays_in_its_path_part() {
        let set = Rules {
            rules: vec![rule("src/*.rs", 0)],
        };
        assert_eq!(set.matching("src/a.rs").len(), 1);
        assert!(set.matching("src/deep/a.rs").is_empty());
        assert_eq!(
            matcher("services/*.{proto,rs}").map(|m| m.is_match("services/pay.proto")),
            Some(true)
        );
    }

    #[test]
    fn the_commonest_shapes_need_no_glob() {
        let shape = |pattern: &str| rule(pattern, 0).shape;
        assert_eq!(shape("src/ledger/round.rs"), Shape::Literal);
        assert_eq!(shape("src/ledger/**"), Shape::Tree);
        assert_eq!(shape("**"), Shape::Tree);
        assert_eq!(shape("services/*.proto"), Shape::Star(".proto".into()));
        assert_eq!(shape("*"), Shape::Star(String::new()));
        for glob in [
            "src/ledger*",
            "src/**/*.rs",
            "src/*/x.rs",
            "src/*.{rs,ts}",
            "a]b",
            "a\\*b",
            "src/?.rs",
        ] {
            assert_eq!(shape(glob), Shape::Glob, "{glob}");
        }
    }

    #[test]
    fn prefixes_and_counts_are_read() {
        let r = rule("src/ledger/**/*.rs", 0);
        assert_eq!(
            (r.literal_parts, r.wildcards, r.prefix.as_str()),
            (2, 3, "src/ledger/")
        );
        let r = rule("Cargo.toml", 0);
        assert_eq!(
            (r.literal_parts, r.wildcards, r.prefix.as_str()),
            (1, 0, "Cargo.toml")
        );
    }
}
