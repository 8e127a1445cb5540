//! Chooses the format of one file from its folder, its name and its content.
//!
//! In order: a format forced by `sources:`; front matter with `kind:` or a
//! native `id:` is native, with Backlog.md's keys (`id` and `created_date`,
//! `assignee` or `dependencies`) Backlog.md; front matter with MADR keys
//! (`status`, `deciders`, `decision-makers`…) MADR 3 (`deciders`) or 4; `-
//! Status:` bullets log4brains (in a log4brains folder or a `YYYYMMDD-` file)
//! else MADR 2; a `## Status` section or a `Status:` line adr-tools. Outside
//! the source folders and the decision folders, only numbered or dated file
//! names with such a marker are read, so an ordinary document never becomes
//! a decision.

use super::Context;
use crate::model::{Kind, SourceFormat};
use crate::parse::lines::{self, content_lines};

const MADR_KEYS: &[&str] = &["status", "deciders", "decision-makers", "consulted", "informed"];
const MADR_HEADINGS: &[&str] = &[
    "context and problem statement",
    "decision outcome",
    "considered options",
    "decision drivers",
];

/// The format of the file of `ctx`, or `None` for native.
pub fn detect(ctx: &Context) -> Option<SourceFormat> {
    let source = ctx.source.map(|(_, s)| s);
    if let Some(forced) = source.and_then(|s| s.forced) {
        return (forced != SourceFormat::Native).then_some(forced);
    }
    // An unclosed front matter is reported by the reader; the text is all body.
    let split = crate::parse::front_matter::split(ctx.text).unwrap_or(crate::parse::front_matter::Split {
        yaml: None,
        body_start: 0,
    });
    let keys = split
        .yaml
        .clone()
        .map(|yaml| top_level_keys(&ctx.text[yaml]))
        .unwrap_or_default();
    let front = split.yaml.as_ref();
    let has = |key: &str| keys.contains(&key);
    if has("kind") {
        return None;
    }
    if has("id")
        && ["created_date", "assignee", "dependencies", "parent_task_id"]
            .iter()
            .any(|k| has(k))
    {
        return Some(SourceFormat::BacklogMd);
    }
    // An `id:` alone does not make a file native: its status may be written
    // in the body (`* Status: accepted`, a `## Status` section, a table).
    let native_id = has("id") && (has("status") || !body_states_status(ctx.text, split.body_start));
    if native_id || ctx.folder_kind == Some(Kind::Item) || ctx.folder_kind == Some(Kind::Session) {
        return None;
    }
    let stem = ctx.stem();
    let digits = stem.chars().take_while(char::is_ascii_digit).count();
    let numbered = digits > 0 && stem[digits..].starts_with(['-', '_', ' ', '.']);
    let dated = digits == 8 && numbered;
    let in_source = source.is_some();
    let trusted = in_source || ctx.folder_kind == Some(Kind::Decision);

    let lines = content_lines(ctx.text, split.body_start);
    let header: Vec<_> = lines
        .iter()
        .take_while(|l| l.heading.is_none_or(|level| level == 1))
        .filter_map(|l| lines::key_value(l.text))
        .collect();
    let headings: Vec<String> = lines
        .iter()
        .filter_map(|l| l.heading_text())
        .map(|h| h.to_lowercase())
        .collect();
    let madr_headings = headings.iter().any(|h| MADR_HEADINGS.contains(&h.as_str()));
    let status_bullet = header.iter().any(|kv| kv.key == "status" && kv.bullet.is_some());
    let status_line = header.iter().any(|kv| kv.key == "status" && kv.bullet.is_none());
    let status_heading = headings.iter().any(|h| h.trim_end_matches(':') == "status");
    let log4brains_folder = source.is_some_and(|s| s.default == SourceFormat::Log4brains);

    let madr_place = in_source || numbered || (madr_headings && ctx.folder_kind.is_none());
    if MADR_KEYS.iter().any(|k| has(k)) && madr_place {
        return Some(if has("deciders") && !has("decision-makers") {
            SourceFormat::Madr3
        } else {
            SourceFormat::Madr4
        });
    }
    if !(trusted || numbered) {
        return None;
    }
    if status_bullet {
        return Some(if log4brains_folder || dated {
            SourceFormat::Log4brains
        } else {
            SourceFormat::Madr2
        });
    }
    if status_heading || status_line {
        return Some(SourceFormat::AdrTools);
    }
    if madr_headings && (trusted || numbered) {
        let version_4 = front.is_some() || headings.iter().any(|h| h == "confirmation");
        return Some(if version_4 {
            SourceFormat::Madr4
        } else {
            SourceFormat::Madr2
        });
    }
    if in_source {
        // Backlog.md tasks always have front matter: a file without it, in
        // a folder of items, is read for its body's metadata instead.
        return source.map(|s| match s.default {
            SourceFormat::BacklogMd if front.is_none() => SourceFormat::AdrTools,
            format => format,
        });
    }
    None
}

/// True when the body states a status in a format's way: a `Status:` line,
/// bullet or table row in its header, or a `## Status` section.
fn body_states_status(text: &str, body_start: usize) -> bool {
    let lines = content_lines(text, body_start);
    let section = lines
        .iter()
        .filter_map(|l| l.heading_text())
        .any(|h| h.trim_end_matches(':').eq_ignore_ascii_case("status"));
    section
        || super::metadata::entries(&lines)
            .iter()
            .any(|e| super::metadata::STATUS_KEYS.contains(&e.key.as_str()))
}

/// The top-level keys of front-matter YAML, read line by line (no parsing:
/// detection runs on every file, native ones included).
fn top_level_keys(yaml: &str) -> Vec<&str> {
    yaml.lines()
        .filter(|line| line.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '"' || c == '\''))
        .filter_map(|line| line.split_once(':'))
        .map(|(key, _)| key.trim().trim_matches(['"', '\'']))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use std::path::Path;

    fn detect_at(path: &str, text: &str, folder_kind: Option<Kind>) -> Option<SourceFormat> {
        let config = Config::default();
        let ctx = Context {
            path: Path::new(path),
            text,
            source: None,
            folder_kind,
            config: &config,
            sidecar: None,
        };
        detect(&ctx)
    }

    #[test]
    fn formats_are_told_apart_by_their_markers() {
        let adr_tools = "# 1. Use X\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n";
        assert_eq!(
            detect_at("doc/0001-use-x.md", adr_tools, None),
            Some(SourceFormat::AdrTools)
        );
        let madr2 = "# Use X\n\n* Status: accepted\n\n## Context and Problem Statement\n";
        assert_eq!(
            detect_at("doc/0001-use-x.md", madr2, None),
            Some(SourceFormat::Madr2)
        );
        let log4brains = "# Use X\n\n- Status: accepted\n";
        assert_eq!(
            detect_at("doc/20200101-use-x.md", log4brains, None),
            Some(SourceFormat::Log4brains)
        );
        let madr3 = "---\nstatus: accepted\ndeciders: [Ana]\n---\n# Use X\n";
        assert_eq!(
            detect_at("doc/0001-use-x.md", madr3, None),
            Some(SourceFormat::Madr3)
        );
        let madr4 = "---\nstatus: accepted\ndecision-makers: [Ana]\n---\n# Use X\n";
        assert_eq!(
            detect_at("doc/0001-use-x.md", madr4, None),
            Some(SourceFormat::Madr4)
        );
        let backlog = "---\nid: task-1\ntitle: X\nassignee: []\ndependencies: []\n---\n";
        assert_eq!(
            detect_at("anywhere/task-1 - X.md", backlog, None),
            Some(SourceFormat::BacklogMd)
        );
    }

    #[test]
    fn native_records_and_ordinary_documents_stay_as_they_are() {
        let native = "---\nid: ADR-0001\nstatus: accepted\n---\n# Use X\n";
        assert_eq!(
            detect_at("decisions/ADR-0001.md", native, Some(Kind::Decision)),
            None
        );
        let unnumbered = "---\ntitle: Use X\nstatus: accepted\n---\n";
        assert_eq!(
            detect_at("decisions/use-x.md", unnumbered, Some(Kind::Decision)),
            None
        );
        let readme = "# Project\n\n## Status\n\nActive development.\n";
        assert_eq!(detect_at("README.md", readme, None), None);
        assert_eq!(detect_at("docs/guide.md", readme, None), None);
        let item = "# 1. Story\n\n## Status\n\nready\n";
        assert_eq!(detect_at("items/0001-story.md", item, Some(Kind::Item)), None);
    }
}
