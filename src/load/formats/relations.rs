//! Relations written in prose by existing formats: `Superseded by [5. X](0005-x.md)`,
//! `Supercedes …`, `Amends …` lines (adr-tools), `superseded by ADR-0005` or
//! `accepted; supersedes ADR-0045` inside a status (MADR), `⌛️ Superseded
//! [0019](0019-x.md)`. Each becomes a relation to a target: a linked file, an
//! ADR number, or an id as written.

use crate::model::reading::Target;
use crate::model::Relation;
use regex::Regex;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

/// One relation found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// What it means.
    pub relation: Relation,
    /// What it points at.
    pub target: Target,
    /// Where the target is written, in the whole file.
    pub span: Range<usize>,
}

static PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(superseded by|superceded by|superseeded by|replaced by|supersedes|supercedes|superseeds|replaces|amended by|amends|superseded|superceded)\b",
    )
    .expect("valid regex")
});
static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?[^)]*\)").expect("valid regex"));
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:\b([a-z][a-z0-9]*)[-_ ]?|#)?\b(\d{1,6})\b").expect("valid regex"));

fn relation_of(phrase: &str) -> Option<Relation> {
    let p = phrase.to_lowercase();
    if p.ends_with(" by") && !p.starts_with("amended") || p == "superseded" || p == "superceded" {
        Some(Relation::SupersededBy)
    } else if p.starts_with("supers") || p.starts_with("superc") || p == "replaces" {
        Some(Relation::Supersedes)
    } else if p == "amends" {
        Some(Relation::Amends)
    } else {
        // `Amended by` has no relation of its own: the amending record's `amends` says it.
        None
    }
}

/// Splits a status text (found at byte `offset` of the file `file`) into the
/// status words before the first relation phrase and the relations written
/// after it. A text that starts with `Superseded by` has the word
/// `superseded`; a text that only holds relations has no words.
pub fn split_status(text: &str, offset: usize, file: &Path, prefix: &str) -> (String, Vec<Written>) {
    let phrases: Vec<_> = PHRASE.find_iter(text).collect();
    let Some(first) = phrases.first() else {
        return (text.trim().to_string(), Vec::new());
    };
    let mut words = text[..first.start()].trim().to_string();
    let mut found = Vec::new();
    for (i, phrase) in phrases.iter().enumerate() {
        let end = phrases.get(i + 1).map(|p| p.start()).unwrap_or(text.len());
        let segment = &text[phrase.end()..end];
        let segment = segment.split(';').next().unwrap_or(segment);
        let relation = relation_of(phrase.as_str());
        let targets = targets_in(segment, offset + phrase.end(), file, prefix);
        let bare_word = matches!(
            phrase.as_str().to_lowercase().as_str(),
            "superseded" | "superceded"
        );
        let no_words = crate::parse::status::clean(&words).is_empty();
        if bare_word && targets.is_empty() {
            // `Superseded` on its own is a status word, not a relation.
            if no_words {
                words = text[..phrase.end()].trim().to_string();
            }
            continue;
        }
        if i == 0 && no_words && relation == Some(Relation::SupersededBy) {
            words = "superseded".to_string();
        }
        if let Some(relation) = relation {
            found.extend(targets.into_iter().map(|(target, span)| Written {
                relation,
                target,
                span,
            }));
        }
    }
    (words, found)
}

/// The targets of a relation: every link in `segment`, else its first
/// numbered or id-like word.
pub fn targets_in(segment: &str, offset: usize, file: &Path, prefix: &str) -> Vec<(Target, Range<usize>)> {
    let mut out = Vec::new();
    for link in LINK.captures_iter(segment) {
        let whole = link.get(0).expect("match");
        let destination = link.get(2).map(|m| m.as_str()).unwrap_or("");
        let span = offset + whole.start()..offset + whole.end();
        if crate::parse::links::is_relative_file_link(destination) {
            if let Some(path) = crate::parse::links::resolve_link(file, destination) {
                out.push((Target::Path(path), span));
                continue;
            }
        }
        if let Some((target, _)) = numbered(link.get(1).map(|m| m.as_str()).unwrap_or(""), 0, prefix) {
            out.push((target, span));
        }
    }
    if out.is_empty() {
        out.extend(numbered(segment, offset, prefix));
    }
    out
}

/// The first `ADR-0005`, `ADR 5`, `#5`, `0005` or other id in `text`.
fn numbered(text: &str, offset: usize, prefix: &str) -> Option<(Target, Range<usize>)> {
    if let Some(token) = crate::parse::links::id_tokens(text).next() {
        let (word, range) = token;
        let same_prefix = word.split_once(['-', '_']).is_some_and(|(p, n)| {
            (p.eq_ignore_ascii_case(prefix) || p.eq_ignore_ascii_case("adr")) && n.parse::<u64>().is_ok()
        });
        if !same_prefix {
            return Some((
                Target::Id(word.to_string()),
                offset + range.start..offset + range.end,
            ));
        }
    }
    let caps = NUMBERED.captures(text)?;
    let whole = caps.get(0)?;
    let number: u64 = caps.get(2)?.as_str().parse().ok()?;
    match caps.get(1) {
        Some(p) if !(p.as_str().eq_ignore_ascii_case(prefix) || p.as_str().eq_ignore_ascii_case("adr")) => {
            None
        }
        _ => Some((
            Target::Number(number),
            offset + whole.start()..offset + whole.end(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (String, Vec<Written>) {
        split_status(text, 0, Path::new("doc/adr/0003-x.md"), "ADR")
    }

    #[test]
    fn superseded_by_inside_a_status() {
        let (words, found) = split("superseded by ADR-0005");
        assert_eq!(words, "superseded");
        assert_eq!(found[0].relation, Relation::SupersededBy);
        assert_eq!(found[0].target, Target::Number(5));
        assert_eq!(found[0].span, 14..22);
        let (words, found) = split("accepted; supersedes ADR-0045");
        assert_eq!(words, "accepted;");
        assert_eq!(
            (found[0].relation, &found[0].target),
            (Relation::Supersedes, &Target::Number(45))
        );
    }

    #[test]
    fn links_are_targets() {
        let text = "⌛️ Superseded [0019](0019-use-go.md)";
        let (words, found) = split(text);
        assert_eq!(words, "superseded");
        assert_eq!(found[0].relation, Relation::SupersededBy);
        assert_eq!(
            found[0].target,
            Target::Path(std::path::PathBuf::from("doc/adr/0019-use-go.md"))
        );
        assert_eq!(&text[found[0].span.clone()], "[0019](0019-use-go.md)");
        let (words, found) = split("Supercedes [1. Record decisions](0001-record-decisions.md)");
        assert!(words.is_empty());
        assert_eq!(found[0].relation, Relation::Supersedes);
        let (_, found) = split("Amended by [9. Help scripts](0009-help-scripts.md)");
        assert!(found.is_empty());
    }

    #[test]
    fn a_bare_superseded_is_a_word() {
        assert_eq!(split("Superseded").0, "Superseded");
        assert_eq!(split("⌛ Superseded").0, "⌛ Superseded");
        assert!(split("Superseded").1.is_empty());
        let (_, found) = split("Superseded by PAY-12");
        assert_eq!(found[0].target, Target::Id("PAY-12".into()));
    }
}
