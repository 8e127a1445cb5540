//! Decisions and the code they govern: the code root's files, the
//! decisions' `applies_to` patterns over them, and the decision ids that
//! code comments cite.
//!
//! Made once per run after the index (it needs the decision ids), beside
//! readiness and history; `shoshin why`, the checks of code areas and
//! citations, and the decision pages all read the one [`CodeMap`].

pub mod comments;
pub mod patterns;
pub mod scan;
pub mod walk;
pub mod why_answers;
pub mod why_index;

use crate::config::Config;
use crate::index::Index;
use crate::model::Kind;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};

/// A decision id written in a code comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The file, relative to the code root, with `/`.
    pub file: String,
    /// 1-based line of the id.
    pub line: usize,
    /// 1-based column of the id, in characters.
    pub column: usize,
    /// The id as written.
    pub id: String,
    /// The decision it names, when one has this id.
    pub decision: Option<usize>,
}

/// What the code root holds that the records care about.
#[derive(Debug, Default)]
pub struct CodeMap {
    /// The code root as a path from the records root (`.` by default), for
    /// messages and for file names relative to the records root.
    pub root: PathBuf,
    /// False when the configured code root is not a folder.
    pub exists: bool,
    /// Every file of the code root, sorted.
    pub files: Vec<walk::CodeFile>,
    /// Every decision's patterns.
    pub rules: patterns::Rules,
    /// For each rule (in the order of `rules.rules`), how many files it matches.
    pub matches: Vec<usize>,
    /// Every citation of a decision id in a comment, by file then position.
    pub citations: Vec<Citation>,
}

impl CodeMap {
    /// Walks the code root of the records repository at `root` and reads
    /// what `index` needs of it.
    pub fn build(root: &Path, config: &Config, index: &Index) -> CodeMap {
        let (relative, code_root) = code_root(root, config);
        let rules = patterns::Rules::new(index);
        if !code_root.is_dir() {
            let matches = vec![0; rules.rules.len()];
            return CodeMap {
                root: relative,
                rules,
                matches,
                ..CodeMap::default()
            };
        }
        let files = walk::files(&code_root, &walk::normalise(root), config);
        let matches = count_matches(&rules, &files);
        let sources = walk::sources(&code_root, &files);
        let ids = DecisionIds::new(index);
        let mut citations: Vec<Citation> = sources
            .iter()
            .flat_map(|(i, text)| cite(&files[*i].path, text, &ids))
            .collect();
        citations.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        CodeMap {
            root: relative,
            exists: true,
            files,
            rules,
            matches,
            citations,
        }
    }

    /// A path of the code root as a path from the records root, as
    /// diagnostics and pages name files (`src/a.rs`, or `../app/src/a.rs`).
    pub fn from_records_root(&self, path: &str) -> PathBuf {
        if self.root == Path::new(".") {
            PathBuf::from(path)
        } else {
            self.root.join(path)
        }
    }

    /// The citations of decision `i`.
    pub fn citations_of(&self, i: usize) -> impl Iterator<Item = &Citation> {
        self.citations.iter().filter(move |c| c.decision == Some(i))
    }

    /// The citations in the file `path` (relative to the code root).
    pub fn citations_in<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Citation> {
        self.citations.iter().filter(move |c| c.file == path)
    }
}

/// The code root of the records repository at `root`: as configured
/// (relative to the records root, `.` by default) and absolute.
pub fn code_root(root: &Path, config: &Config) -> (PathBuf, PathBuf) {
    let relative = PathBuf::from(match config.code_root.trim() {
        "" => ".",
        other => other,
    });
    let absolute = walk::normalise(&root.join(&relative));
    (relative, absolute)
}

/// The citations in the comments of one file of the code root, as
/// [`CodeMap::build`] finds them, for a command that asks about a few
/// files (`why`) and need not read them all.
/// `Citation::decision` is then an index of [`why_answers::Answers`].
pub fn citations_in_file(
    code_root: &Path,
    file: &walk::CodeFile,
    answers: &why_answers::Answers,
) -> Vec<Citation> {
    let Some(text) = walk::source(code_root, file) else {
        return Vec::new();
    };
    // Only the ids written in the file's comments are kept of the table:
    // no map of every id for the few a file cites.
    let written: FxHashSet<&str> = comment_ranges(&file.path, &text)
        .into_iter()
        .flat_map(|range| crate::parse::links::id_tokens(&text[range]).map(|(token, _)| token))
        .collect();
    cite(&file.path, &text, &DecisionIds::of(answers.ids(), Some(&written)))
}

/// The byte ranges of the comments in `text`, the source file `path`:
/// the only text in which code cites a record; none for a file whose
/// comment syntax is unknown.
pub fn comment_ranges(path: &str, text: &str) -> Vec<std::ops::Range<usize>> {
    match comments::Family::of(Path::new(path)) {
        Some(family) => comments::comments(text, family),
        None => Vec::new(),
    }
}

/// How many files each rule matches. The files are sorted, so the files a
/// rule can match (those starting with its literal prefix) are one run
/// found by binary search, and [`Rule::matches`](patterns::Rule::matches)
/// compiles no glob for the commonest shapes: ten thousand patterns cost
/// little.
fn count_matches(rules: &patterns::Rules, files: &[walk::CodeFile]) -> Vec<usize> {
    use rayon::prelude::*;
    rules
        .rules
        .par_iter()
        .map(|rule| {
            let start = files.partition_point(|f| f.path.as_str() < rule.prefix.as_str());
            files[start..]
                .iter()
                .take_while(|f| f.path.starts_with(&rule.prefix))
                .filter(|f| rule.matches(&f.path))
                .count()
        })
        .collect()
}

/// The ids a comment may cite: every decision's, and the prefixes they
/// share (`ADR-`), so that `ADR-0099` with no decision of its own is seen
/// as a citation of an unknown decision rather than as any word.
struct DecisionIds<'a> {
    known: FxHashMap<&'a str, usize>,
    /// Ids of other kinds of record: never a decision citation.
    others: FxHashSet<&'a str>,
    prefixes: FxHashSet<&'a str>,
}

impl<'a> DecisionIds<'a> {
    fn new(index: &'a Index) -> Self {
        let ids = index
            .records
            .iter()
            .enumerate()
            .map(|(i, record)| (record.id.as_str(), (record.kind == Kind::Decision).then_some(i)));
        DecisionIds::of(ids, None)
    }

    /// From every record id, with the decision it is (`None` for a record
    /// of another kind); of the ids themselves, only those `written` (all
    /// when `None`) are kept, the prefixes of all.
    fn of(ids: impl Iterator<Item = (&'a str, Option<usize>)>, written: Option<&FxHashSet<&str>>) -> Self {
        let mut known = FxHashMap::default();
        let mut others = FxHashSet::default();
        let mut prefixes = FxHashSet::default();
        for (id, decision) in ids {
            let kept = written.is_none_or(|written| written.contains(id));
            let Some(decision) = decision else {
                if kept {
                    others.insert(id);
                }
                continue;
            };
            if kept {
                known.entry(id).or_insert(decision);
            }
            if let Some(prefix) = numbered_prefix(id) {
                prefixes.insert(prefix);
            }
        }
        DecisionIds {
            known,
            others,
            prefixes,
        }
    }
}

/// `ADR-` for `ADR-0007`: the id up to its last dash, when digits follow it.
fn numbered_prefix(id: &str) -> Option<&str> {
    let dash = id.rfind('-')?;
    let number = &id[dash + 1..];
    (dash > 0 && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then_some(&id[..=dash])
}

/// The citations in the comments of `text`, the file `path`.
fn cite(path: &str, text: &str, ids: &DecisionIds) -> Vec<Citation> {
    let Some(family) = comments::Family::of(Path::new(path)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut positions = crate::text::Positions::new(text);
    for range in comments::comments(text, family) {
        let comment = &text[range.clone()];
        for (token, span) in crate::parse::links::id_tokens(comment) {
            let decision = ids.known.get(token).copied();
            let looks_like_decision = numbered_prefix(token).is_some_and(|p| ids.prefixes.contains(p));
            if decision.is_none() && (!looks_like_decision || ids.others.contains(token)) {
                continue;
            }
            let (line, column) = positions.of(range.start + span.start);
            out.push(Citation {
                file: path.to_string(),
                line,
                column,
                id: token.to_string(),
                decision,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The counts by prefix run equal those of matching every file against
    /// every pattern, one glob at a time, on patterns of every shape.
    #[test]
    fn counting_by_prefix_run_equals_matching_each_pattern() {
        let paths = [
            "Cargo.toml",
            "README.md",
            "a.rs",
            "src/a.rs",
            "src/b.rs",
            "src/c.py",
            "src/ab.rs",
            "src/lib.rs",
            "src/ledger/round.rs",
            "src/ledger/sum.rs",
            "src/ledger/deep/x.rs",
            "src/ledger.rs",
            "src/ledgers/a.rs",
            "src/web/page.html",
            "src/web/app.ts",
            "src-old/a.rs",
            "services/pay.proto",
            "services/pay.rs",
            "services/x/pay.proto",
            "docs/a]b.md",
            "docs/a*b.md",
            "docs/{x}.md",
            "z/y/x/w.rs",
            "README.md",
            "docs/guide.md",
            "src/ledger/deep/round.rs",
        ];
        let mut files: Vec<walk::CodeFile> = paths
            .iter()
            .map(|p| walk::CodeFile { path: p.to_string() })
            .collect();
        files.sort();
        let patterns = [
            "**",
            "**/*.rs",
            "*",
            "*.rs",
            "src/**",
            "src/*",
            "src/*.rs",
            "src/?.rs",
            "src/??.rs",
            "src/[ab].rs",
            "src/[!a].rs",
            "src/[a-b]*.rs",
            "src/{a,b}.rs",
            "src/{ledger,web}/**",
            "src/ledger/**",
            "src/ledger/*",
            "src/ledger/**/*.rs",
            "src/ledger/*.rs",
            "src/ledger/*round.rs",
            "src/*.",
            "*.md",
            "docs/*.md",
            "src/ledger/round.rs",
            "src/ledger",
            "src/ledger/",
            "src/ledger.rs",
            "src/ledger*",
            "src/ledger*/**",
            "src",
            "src/",
            "src-old/**",
            "services/*.{proto,rs}",
            "services/**/*.proto",
            "**/pay.proto",
            "docs/a]b.md",
            "docs/a\\*b.md",
            "docs/a\\]b.md",
            "docs/\\{x}.md",
            "z/**/w.rs",
            "z/y/**",
            "z/y//**",
            "./src/a.rs",
            "Cargo.toml",
            "cargo.toml",
            "nothing/**",
        ];
        let rules = patterns::Rules {
            rules: patterns
                .iter()
                .filter(|p| patterns::compile(p).is_some())
                .enumerate()
                .map(|(i, p)| patterns::Rule::new(i, p))
                .collect(),
        };
        assert!(rules.rules.len() >= patterns.len() - 1, "the patterns compile");
        let fast = count_matches(&rules, &files);
        for (rule, count) in rules.rules.iter().zip(&fast) {
            let matcher = patterns::matcher(&rule.pattern).expect("compiles");
            let slow = files.iter().filter(|f| matcher.is_match(f.path.as_str())).count();
            assert_eq!(*count, slow, "pattern `{}`", rule.pattern);
            // And `why`'s lookup of one path agrees with the glob.
            for file in &files {
                let found = rules.matching(&file.path).iter().any(|r| std::ptr::eq(*r, rule));
                assert_eq!(
                    found,
                    matcher.is_match(file.path.as_str()),
                    "`{}` on {}",
                    rule.pattern,
                    file.path
                );
            }
        }
        // The patterns are not all trivial: several match many files, some none.
        assert!(fast.iter().any(|&n| n > 10) && fast.contains(&0), "{fast:?}");
    }

    #[test]
    fn numbered_prefixes_are_read() {
        assert_eq!(numbered_prefix("ADR-0007"), Some("ADR-"));
        assert_eq!(numbered_prefix("pay-adr-12"), Some("pay-adr-"));
        assert_eq!(numbered_prefix("ADR-7a"), None);
        assert_eq!(numbered_prefix("-7"), None);
    }

    #[test]
    fn citations_are_read_from_comments_only() {
        let ids = DecisionIds {
            known: FxHashMap::from_iter([("ADR-0007", 3)]),
            others: FxHashSet::from_iter(["PAY-12"]),
            prefixes: FxHashSet::from_iter(["ADR-"]),
        };
        let text = "let s = \"ADR-0007\";\n// see ADR-0007 and ADR-0099, PAY-12, v1-2\nfn f() {}\n";
        let found = cite("src/a.rs", text, &ids);
        let seen: Vec<(usize, usize, &str, Option<usize>)> = found
            .iter()
            .map(|c| (c.line, c.column, c.id.as_str(), c.decision))
            .collect();
        assert_eq!(seen, [(2, 8, "ADR-0007", Some(3)), (2, 21, "ADR-0099", None)]);
        assert!(cite("notes.txt", "// ADR-0007", &ids).is_empty());
    }
}
