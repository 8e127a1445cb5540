//! Files of record folders that are not records, each with the reason
//! shown by `--explain-formats`: templates (by name, by folder, or by a
//! placeholder title), redirect stubs, index pages, and documents attached
//! to a record in its own folder.

use super::Sources;
use crate::model::SourceFormat;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// True for a name that marks a template: the word `template`, or a
/// placeholder where the number or date goes (`NNNN-x`, `XXXX-x`,
/// `yyyymmdd-x`, `RFC-NNNN`).
pub fn is_template_name(name: &str) -> bool {
    // `0005-use-a-template-engine` is a record; `0000-template` is not.
    let identity = crate::parse::ids::name_identity(name, "ADR");
    if identity.date.is_some() || identity.number.is_some_and(|n| n > 0) {
        return false;
    }
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    words.iter().any(|w| {
        *w == "template"
            || *w == "templates"
            || (w.len() >= 3 && w.chars().all(|c| c == 'n'))
            || (w.len() >= 3 && w.chars().all(|c| c == 'x'))
            || matches!(*w, "yyyymmdd" | "yyyy" | "yyyymm")
    })
}

/// Files of source folders that belong to a record rather than being one:
/// files in a record's own folder (beside its `README.md` or `index.md`, or
/// named like a sibling record `X.md` beside `X/`), and files in a
/// `template` or `templates` folder. Each with the reason.
pub fn attachments(files: &[&Path], sources: &Sources) -> BTreeMap<PathBuf, String> {
    let all: BTreeSet<&Path> = files.iter().copied().collect();
    let mut out = BTreeMap::new();
    for &file in files {
        let Some(index) = sources.find(file) else { continue };
        let source = &sources.list[index];
        if source.backlog.is_some() || source.forced == Some(SourceFormat::BacklogMd) {
            continue;
        }
        let inside = file.strip_prefix(&source.path).unwrap_or(file);
        let mut folder = PathBuf::new();
        let mut parts: Vec<_> = inside.components().collect();
        parts.pop();
        for part in parts {
            folder.push(part);
            let name = part.as_os_str().to_string_lossy().to_lowercase();
            if name == "template" || name == "templates" {
                out.insert(file.to_path_buf(), "it is in a template folder".to_string());
                break;
            }
            let here = source.path.join(&folder);
            let is_doc = |doc: &str| {
                let path = here.join(doc);
                path != file && all.contains(path.as_path())
            };
            let sibling = here.with_extension("md");
            let owner = if is_doc("README.md") || is_doc("readme.md") || is_doc("index.md") {
                Some(here.clone())
            } else if all.contains(sibling.as_path()) {
                Some(sibling)
            } else {
                None
            };
            if let Some(owner) = owner {
                let owner = owner.to_string_lossy().replace('\\', "/");
                out.insert(
                    file.to_path_buf(),
                    format!("a document attached to the record `{owner}`"),
                );
                break;
            }
        }
    }
    out
}

/// True for a title that is still a template's placeholder: a word of
/// four or more `N` or `X` where the number goes (`RFC-NNNN Title`,
/// `KEP-XXXX`), or `YYYY-MM-DD`.
pub fn is_placeholder_title(title: &str) -> bool {
    let lower = title.to_lowercase();
    lower.contains("yyyy-mm-dd")
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.len() >= 4 && (w.chars().all(|c| c == 'n') || w.chars().all(|c| c == 'x')))
}

/// The lines of a body that say something: not blank, not headings, not
/// HTML comments, not code fences.
fn prose_lines(text: &str, body_start: usize) -> Vec<String> {
    crate::parse::lines::content_lines(text, body_start)
        .into_iter()
        .filter(|l| l.heading.is_none())
        .map(|l| crate::parse::lines::without_comments(l.text).trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with("```") && !l.starts_with("---"))
        .collect()
}

/// True for a redirect stub: at most three lines of prose, one of them a
/// link, saying the document moved (`moved`, `has moved`, `relocated`,
/// `now lives`, `can now be found`, `see … instead`); or one or two short
/// lines (80 characters beside the links' targets) around a link.
pub fn is_redirect_stub(text: &str, body_start: usize) -> bool {
    let lines = prose_lines(text, body_start);
    if lines.is_empty() || lines.len() > 3 {
        return false;
    }
    let all = lines.join(" ").to_lowercase();
    let links = all.contains("](") || all.contains("http://") || all.contains("https://");
    let says_moved = [
        "moved",
        "relocated",
        "now lives",
        "can now be found",
        "instead",
        "has been replaced",
    ]
    .iter()
    .any(|w| all.contains(w));
    // One or two short lines around a link (`See [the new place](../x.md).`)
    // point elsewhere as surely.
    let words_beside_links: usize = lines.iter().map(|l| without_link_targets(l).len()).sum();
    links && (says_moved || (lines.len() <= 2 && words_beside_links <= 80))
}

/// A line without the targets of its Markdown links (`[x](y)` becomes `[x]`).
fn without_link_targets(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..at + 1]);
        rest = match rest[at..].find(')') {
            Some(close) => &rest[at + close + 1..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// True for an index page: at least three list items or table rows that
/// link to other Markdown files or folders, making most of the page's prose.
pub fn is_index_page(text: &str, body_start: usize) -> bool {
    let lines = prose_lines(text, body_start);
    let links = |l: &&String| {
        let listed = l.starts_with(['*', '-', '+', '|']) || l.starts_with(|c: char| c.is_ascii_digit());
        let relative = l.contains(".md)") || l.contains(".md#") || l.contains("/)") || l.contains(".md>");
        listed && relative
    };
    let listing = lines.iter().filter(links).count();
    let table_rule = lines
        .iter()
        .filter(|l| l.starts_with("|-") || l.starts_with("| -"))
        .count();
    listing >= 3 && listing * 2 >= lines.len().saturating_sub(table_rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_stubs_say_they_moved_or_only_point_elsewhere() {
        assert!(is_redirect_stub(
            "> IMPORTANT: This document was moved to [x.md](./x.md)\n",
            0
        ));
        assert!(is_redirect_stub(
            "# Old title\n\nSee [the new page](../adr/0005-x.md).\n",
            0
        ));
        assert!(!is_redirect_stub("# Use X\n\nWe use X because Y and Z, see [notes](n.md) for the long story of how we got here and what else we tried.\n", 0));
        assert!(!is_redirect_stub("# Use X\n\nA record with no link.\n", 0));
        let long = "# X\n\nOne.\n\nTwo [a](a.md).\n\nThree.\n\nFour, it moved.\n";
        assert!(!is_redirect_stub(long, 0), "four lines are a document");
    }

    #[test]
    fn index_pages_are_mostly_links_to_records() {
        let index = "# Decisions\n\n* [One](0001-one.md)\n* [Two](0002-two.md)\n* [Three](0003-three/)\n";
        assert!(is_index_page(index, 0));
        let table = "# All\n\n| # | Title |\n|---|---|\n| 1 | [One](0001-one.md) |\n| 2 | [Two](0002-two.md) |\n| 3 | [Three](0003-three.md) |\n";
        assert!(is_index_page(table, 0));
        let record = "# Use X\n\nWe chose X.\n\nIt is fast.\n\nIt is cheap.\n\nIt is here.\n\n* [One](0001-one.md)\n* [Two](0002-two.md)\n* [Three](0003-three.md)\n\nAnd more prose.\n";
        assert!(!is_index_page(record, 0));
    }

    #[test]
    fn placeholder_titles_mark_templates() {
        assert!(is_placeholder_title("RFC-NNNN Title"));
        assert!(is_placeholder_title("KEP-XXXX: Your short, descriptive title"));
        assert!(is_placeholder_title("Meeting of YYYY-MM-DD"));
        assert!(!is_placeholder_title("Use Nginx for TLS"));
        assert!(!is_placeholder_title("XXL sizes"));
    }
}
