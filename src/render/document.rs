//! What makes a record's page read like a document: its table of contents,
//! the lines at the top of a body that only repeat the page's facts (left
//! out of the page), and the "Edit this record" link into the repository.

use crate::config::Config;
use crate::model::{Record, SourceFormat};
use serde_json::{json, Value};

/// Field names that lines at the top of a body (MADR 2 and log4brains
/// bullets, adr-tools's `Date:` line) give, and the page's facts show.
const FACT_NAMES: &[&str] = &[
    "status",
    "date",
    "deciders",
    "decision-makers",
    "decision makers",
    "consulted",
    "informed",
];

/// Words opening a line of an adr-tools Status section that says how the
/// decision relates to others: the banner and the chain say it already.
const STATUS_LINKS: &[&str] = &[
    "superseded by",
    "supersedes",
    "superseded",
    "amended by",
    "amends",
    "clarified by",
    "clarifies",
];

/// Whether `line` gives one of the page's facts: `Date: 2024-01-02`,
/// `* Status: accepted`, `- **Deciders:** Ana, Bo`.
fn is_fact_line(line: &str) -> bool {
    let line = line.trim();
    let line = line
        .strip_prefix(['*', '-', '+'])
        .map_or(line, |rest| rest.trim_start());
    let line = line.trim_start_matches('*');
    let Some((name, _)) = line.split_once(':') else {
        return false;
    };
    let name = name.trim().trim_end_matches('*').trim().to_lowercase();
    FACT_NAMES.contains(&name.as_str())
}

/// Whether `line`, in an adr-tools Status section, only repeats a fact:
/// the status itself, or a link to the decision that replaced it.
fn is_status_line(line: &str, status: Option<&str>) -> bool {
    let lower = line.trim().trim_end_matches('.').to_lowercase();
    status.is_some_and(|s| s.trim().eq_ignore_ascii_case(&lower))
        || STATUS_LINKS
            .iter()
            .any(|start| lower.starts_with(start) && lower.contains("]("))
}

/// Where the lines at the top of `body` that repeat the page's facts end
/// (a byte offset in `body`), 0 when there are none. Whole blocks only:
/// paragraphs or lists every line of which is a fact, and an adr-tools
/// `## Status` section holding only the status and its links.
pub fn repeated_facts_end(body: &str, record: &Record) -> usize {
    let mut end = 0;
    let mut offset = 0;
    let mut lines = body.split_inclusive('\n').peekable();
    // Blocks: runs of lines that are not blank.
    let mut block: Vec<&str> = Vec::new();
    let mut in_status = false;
    let mut first = true;
    while let Some(line) = lines.next() {
        let blank = line.trim().is_empty();
        if !blank {
            block.push(line);
        }
        offset += line.len();
        let block_done = blank || lines.peek().is_none_or(|next| next.trim().is_empty());
        if !block_done || block.is_empty() {
            continue;
        }
        let heading = block[0].trim_start().starts_with('#');
        let keep_going = if first && heading && block[0].trim_start().starts_with("# ") && block.len() == 1 {
            // The title, which the page leaves out anyway.
            true
        } else if heading && block.len() == 1 {
            let text = block[0].trim().trim_start_matches('#').trim().to_lowercase();
            in_status = record.format == SourceFormat::AdrTools && text == "status";
            in_status
        } else if in_status {
            block.iter().all(|l| is_status_line(l, record.status.as_deref()))
        } else {
            block.iter().all(|l| is_fact_line(l))
        };
        first = false;
        block.clear();
        if !keep_going {
            break;
        }
        if !in_status {
            end = offset;
        }
        if in_status {
            // The section ends at the next heading: hidden only if all of it
            // repeats facts.
            let next_is_heading = lines
                .clone()
                .find(|l| !l.trim().is_empty())
                .is_none_or(|l| l.trim_start().starts_with('#'));
            if next_is_heading {
                end = offset;
                in_status = false;
            }
        }
    }
    end
}

/// The table of contents of a record's page: its body's headings of the
/// top level used (level 2 in most records), with the anchors the Markdown
/// renderer gives them. The heading of a section the page leaves out (an
/// adr-tools Status section repeating the facts) is not listed.
pub fn toc(record: &Record) -> Value {
    let body = record.body();
    let hidden = repeated_facts_end(body, record);
    let body_line = record.source()[..record.body_start.min(record.source().len())]
        .matches('\n')
        .count()
        + 1;
    let hidden_lines = body[..hidden.min(body.len())].matches('\n').count();
    let mut seen: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    let shown: Vec<(&crate::model::Section, String)> = record
        .sections
        .iter()
        .filter(|s| s.level > 1)
        .map(|s| {
            // The anchors of `markdown::render`: the slug, numbered after
            // the first of the same.
            let base = crate::text::slug(&s.heading);
            let count = seen.entry(base.clone()).or_insert(0);
            let anchor = if *count == 0 {
                base
            } else {
                format!("{base}-{count}")
            };
            *count += 1;
            (s, anchor)
        })
        .filter(|(s, _)| s.line >= body_line + hidden_lines)
        .collect();
    let top = shown.iter().map(|(s, _)| s.level).min().unwrap_or(2);
    Value::Array(
        shown
            .into_iter()
            .filter(|(s, _)| s.level == top)
            .map(|(s, anchor)| json!({ "text": s.heading, "anchor": anchor }))
            .collect(),
    )
}

/// The address that edits `record`'s file in its repository, from
/// `repository_url` (or the `edit_url` pattern) of `shoshin.yaml`; `None`
/// without one, or when the address would not be a web one.
pub fn edit_url(config: &Config, record: &Record) -> Option<String> {
    let repository = config.repository_url.trim().trim_end_matches('/');
    let pattern = config.edit_url.trim();
    if repository.is_empty() && pattern.is_empty() {
        return None;
    }
    let path: String = record
        .file
        .to_string_lossy()
        .replace('\\', "/")
        .split('/')
        .map(percent_encode)
        .collect::<Vec<_>>()
        .join("/");
    let branch = match config.repository_branch.trim() {
        "" => "main",
        b => b,
    };
    let pattern = if !pattern.is_empty() {
        pattern.to_string()
    } else if repository.contains("gitlab") {
        "{repository_url}/-/edit/{branch}/{path}".to_string()
    } else if repository.contains("bitbucket") {
        "{repository_url}/src/{branch}/{path}?mode=edit".to_string()
    } else {
        "{repository_url}/edit/{branch}/{path}".to_string()
    };
    let url = pattern
        .replace("{repository_url}", repository)
        .replace("{branch}", branch)
        .replace("{path}", &path);
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

/// `segment` with the characters a URL's path cannot hold as they are
/// percent-encoded.
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests;
