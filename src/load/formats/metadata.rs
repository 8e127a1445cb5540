//! Metadata any format may carry besides its own markers, read for every
//! decision format once its reader is done, to fill what it left empty:
//!
//! - front-matter keys in any case, `_`, `-` or a space between words
//!   (`created`, `Date`, `creation-date`, `last updated`);
//! - the lines before the first section: `Key: value` lines and bullets,
//!   bold labels (`**Status:** x`, `* **Status**: x`), a label whose value is
//!   the nested bullet under it, and the rows of a two-column table
//!   (`| Status | Implemented |`);
//! - a metadata sidecar beside a folder's `README.md` (`kep.yaml`);
//! - the date a file or record folder name starts with.
//!
//! Text inside HTML comments and code blocks is never read ([`content_lines`]).
//!
//! [`content_lines`]: crate::parse::lines::content_lines

use super::adr;
use super::draft::Draft;
use super::relations;
use super::Context;
use crate::model::{Kind, Relation};
use crate::parse::lines::{self, Line};
use crate::parse::status;
use serde_json::{Map, Value};

/// Keys whose value is the status.
pub const STATUS_KEYS: &[&str] = &[
    "status",
    "state",
    "current status",
    "decision status",
    "implementation status",
];
/// A key that is the status only when its value is a status word
/// (`**Implementation:** Partially implemented`).
const SOFT_STATUS_KEYS: &[&str] = &["implementation"];
/// Keys whose value is the record's date, most telling first.
const DATE_KEYS: &[&str] = &[
    "date",
    "decision date",
    "created",
    "creation date",
    "created date",
    "created on",
    "created at",
    "date created",
];
/// Keys whose date stands in when none of [`DATE_KEYS`] is written.
const UPDATED_KEYS: &[&str] = &[
    "last updated",
    "last update",
    "updated",
    "updated date",
    "last modified",
];
/// Keys holding relations to other records.
const RELATION_KEYS: &[(&str, Relation)] = &[
    ("supersedes", Relation::Supersedes),
    ("replaces", Relation::Supersedes),
    ("superseded by", Relation::SupersededBy),
    ("replaced by", Relation::SupersededBy),
    ("amends", Relation::Amends),
    ("updates", Relation::Amends),
    ("refines", Relation::Amends),
];

/// One `key: value` found in the body's header lines or a metadata table.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'a> {
    /// The key, lower case, words separated by single spaces.
    pub key: String,
    /// The value as written, a slice of the file.
    pub value: &'a str,
    /// Byte offset of the value in the file.
    pub at: usize,
    /// Where it was written, for `--explain-formats`.
    pub from: &'static str,
}

/// A key as compared: lower case, `_` and `-` as spaces, no trailing colon.
pub fn key_name(key: &str) -> String {
    key.trim()
        .trim_matches(['*', '_', '`'])
        .trim_end_matches(':')
        .trim_matches(['*', '_'])
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The header of a body: the lines before the first heading and those
/// between the first heading (the title) and the next one.
fn header<'l, 'a>(lines: &'l [Line<'a>]) -> impl Iterator<Item = &'l Line<'a>> {
    let mut headings = 0;
    lines.iter().take_while(move |line| {
        if line.heading.is_some() {
            headings += 1;
        }
        headings < 2
    })
}

/// The `key: value` entries of the body's header: lines, bullets, bold
/// labels, a label with its value as the nested bullet under it, and the rows
/// of two-column tables.
pub fn entries<'a>(lines: &[Line<'a>]) -> Vec<Entry<'a>> {
    let head: Vec<&Line<'a>> = header(lines).filter(|l| l.heading.is_none()).collect();
    let mut out = Vec::new();
    for (i, line) in head.iter().enumerate() {
        let trimmed = line.text.trim();
        if trimmed.starts_with('|') {
            if let Some(entry) = table_row(line) {
                out.push(entry);
            }
            continue;
        }
        let Some(kv) = lines::key_value(line.text) else {
            continue;
        };
        let value = kv.value.trim_end_matches(':').trim();
        if !value.is_empty() {
            out.push(Entry {
                key: key_name(&kv.key),
                value,
                at: line.span_of(value).start,
                from: if kv.bullet.is_some() { "bullet" } else { "line" },
            });
            continue;
        }
        // `* **Implementation Status:**` with the value as a nested bullet.
        let indent = line.text.len() - line.text.trim_start().len();
        let nested = head[i + 1..]
            .iter()
            .find(|l| !l.text.trim().is_empty())
            .filter(|l| l.text.len() - l.text.trim_start().len() > indent)
            .map(|l| l.text.trim_start())
            .and_then(|t| t.strip_prefix(['*', '-', '+']))
            .map(str::trim);
        if let Some(value) = nested.filter(|v| !v.is_empty()) {
            let next = head[i + 1..].iter().find(|l| !l.text.trim().is_empty());
            out.push(Entry {
                key: key_name(&kv.key),
                value,
                at: next.map(|l| l.span_of(value).start).unwrap_or(line.start),
                from: "nested bullet",
            });
        }
    }
    out
}

/// A row `| Key | Value |` of a two-column table.
fn table_row<'a>(line: &Line<'a>) -> Option<Entry<'a>> {
    let inner = line.text.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells: Vec<&str> = inner.split('|').collect();
    if cells.len() != 2 {
        return None;
    }
    let key = key_name(cells[0]);
    let value = cells[1].trim();
    let separator = |c: &str| !c.trim().is_empty() && c.trim().chars().all(|ch| matches!(ch, '-' | ':'));
    if key.is_empty() || value.is_empty() || separator(cells[0]) || key.len() > 40 {
        return None;
    }
    Some(Entry {
        key,
        value,
        at: line.span_of(value).start,
        from: "table row",
    })
}

/// Front-matter keys by their compared names, first writing kept.
fn by_name(map: &Map<String, Value>) -> Vec<(String, &String, &Value)> {
    map.iter().map(|(k, v)| (key_name(k), k, v)).collect()
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Fills what the format's reader left empty: title, status, date and
/// relations, from front matter, the header lines, a sidecar and the file
/// name, in that order; then notes a missing status.
pub fn complete(ctx: &Context, draft: &mut Draft, lines: &[Line]) {
    let front = draft.front_matter.clone();
    let front = by_name(&front);
    let header = entries(lines);
    let sidecar = ctx.sidecar.as_ref();
    let side = sidecar.map(|(_, map)| by_name(map)).unwrap_or_default();

    if draft.title.is_none() {
        title(ctx, draft, &front, lines);
    }
    if let Some(title) = draft.title.take() {
        let number = draft.reading.number.or_else(|| own_number(ctx));
        draft.title = Some(clean_title(&title, number)).filter(|t| !t.is_empty());
    }
    if draft.status.is_none() && draft.reading.written_status.is_none() {
        status_from(ctx, draft, &front, &header, &side);
    }
    if draft.date.is_none() && !draft.date_tried {
        date_from(ctx, draft, &front, &header, &side);
    }
    relations_from(ctx, draft, &header);
    if draft.title.is_none() {
        if let Some(t) = side
            .iter()
            .find(|(k, _, _)| k == "title")
            .and_then(|(_, _, v)| scalar(v))
        {
            draft.note(ctx, "title", &t, 0, "the sidecar's `title`");
            draft.title = Some(t);
        }
    }
    if draft.status.is_none() && draft.reading.written_status.is_none() {
        let site = SITE_KEYS.iter().find(|k| draft.front_matter.contains_key(**k));
        match (site, draft.status_hint) {
            (Some(key), _) => draft.report(
                ctx,
                crate::diagnostic::Code::FormatNote,
                0..3,
                format!("the front matter is a site generator's (`{key}`) and carries no status, so this decision has none"),
                "add `status: accepted` (or another status) to the front matter",
            ),
            (None, Some(hint)) => adr::no_status(ctx, draft, hint),
            (None, None) => {}
        }
    }
}

/// Keys that Jekyll, Just the Docs or GitBook put in front matter.
const SITE_KEYS: &[&str] = &[
    "parent",
    "nav_order",
    "layout",
    "grand_parent",
    "has_children",
    "permalink",
    "nav_exclude",
];

/// The number a record's file or folder name starts with (`1441` for
/// `1441-kubectl-debug/README.md`), or ends with (`5` for `ADR-5.md`).
fn own_number(ctx: &Context) -> Option<u64> {
    let stem = ctx.stem();
    let leading: String = stem.chars().take_while(char::is_ascii_digit).collect();
    let trailing: String = {
        let t: Vec<char> = stem.chars().rev().take_while(char::is_ascii_digit).collect();
        t.into_iter().rev().collect()
    };
    leading.parse().ok().or_else(|| trailing.parse().ok())
}

fn title(ctx: &Context, draft: &mut Draft, front: &[(String, &String, &Value)], lines: &[Line]) {
    if let Some((_, key, value)) = front.iter().find(|(k, _, _)| k == "title") {
        if let Some(t) = scalar(value) {
            let at = draft.front_offset(ctx, key);
            draft.note(ctx, "title", &t, at, format!("front matter `{key}`"));
            draft.title = Some(t);
            return;
        }
    }
    // No `#` heading (the format's reader looked for one): a first `##` heading that names no section is the title.
    let Some(first) = lines.iter().find(|l| l.heading.is_some()) else {
        return;
    };
    let text = first.heading_text().unwrap_or_default();
    let lower = key_name(&text);
    let section = ctx.config.section_key(&lower).is_some()
        || [
            "summary",
            "abstract",
            "overview",
            "introduction",
            "motivation",
            "status",
            "tl dr",
        ]
        .contains(&lower.as_str());
    if first.heading == Some(2) && !section && !status::is_placeholder(&text) {
        draft.note(ctx, "title", &text, first.start, "first heading (`##`)");
        draft.title = Some(text);
    }
}

fn status_from(
    ctx: &Context,
    draft: &mut Draft,
    front: &[(String, &String, &Value)],
    header: &[Entry],
    side: &[(String, &String, &Value)],
) {
    for (name, key, value) in front {
        if STATUS_KEYS.contains(&name.as_str()) {
            if let Some(written) = scalar(value) {
                let at = draft.front_offset(ctx, key);
                let at = if ctx.text[at.min(ctx.text.len())..].starts_with(['"', '\'']) {
                    at + 1
                } else {
                    at
                };
                let from = format!("front matter `{key}`");
                if adr::read_status(ctx, draft, &written, at, &from) {
                    return;
                }
            }
        }
    }
    for entry in header {
        let soft = SOFT_STATUS_KEYS.contains(&entry.key.as_str());
        if !STATUS_KEYS.contains(&entry.key.as_str()) && !soft {
            continue;
        }
        let value = lines::without_comments(entry.value);
        let value = value.trim();
        if soft && !is_status_word(ctx, draft.kind, value) {
            continue;
        }
        let from = format!("`{}` {}", entry.key, entry.from);
        if adr::read_status(ctx, draft, value, entry.at, &from) {
            return;
        }
    }
    for (name, key, value) in side {
        if STATUS_KEYS.contains(&name.as_str()) {
            if let Some(written) = scalar(value) {
                if status::is_placeholder(&written) {
                    continue;
                }
                let reading = match draft.kind {
                    Kind::Item => status::item_status(&written, &[], ctx.config),
                    _ => status::decision_status(&written, ctx.config),
                };
                let file = ctx
                    .sidecar
                    .as_ref()
                    .map(|(p, _)| p.display().to_string())
                    .unwrap_or_default();
                if let status::StatusReading::Known { status, category, .. } = reading {
                    draft.note(ctx, "status", &status, 0, format!("`{key}` in `{file}`"));
                    draft.reading.written_status = Some(written);
                    draft.set_status(status, category);
                    return;
                }
            }
        }
    }
}

fn is_status_word(ctx: &Context, kind: Kind, value: &str) -> bool {
    match kind {
        Kind::Item => status::item_category(value, &[], ctx.config).is_some(),
        _ => status::decision_category(value, ctx.config).is_some(),
    }
}

fn date_from(
    ctx: &Context,
    draft: &mut Draft,
    front: &[(String, &String, &Value)],
    header: &[Entry],
    side: &[(String, &String, &Value)],
) {
    for keys in [DATE_KEYS, UPDATED_KEYS] {
        for wanted in keys {
            if let Some((_, key, value)) = front.iter().find(|(k, _, _)| k == wanted) {
                if let Some(written) = scalar(value) {
                    let at = draft.front_offset(ctx, key);
                    let from = format!("front matter `{key}`");
                    adr::read_date(ctx, draft, &written, at, &from);
                    return;
                }
            }
            if let Some(entry) = header.iter().find(|e| e.key == *wanted) {
                let value = lines::without_comments(entry.value);
                let from = format!("`{}` {}", entry.key, entry.from);
                adr::read_date(ctx, draft, value.trim(), entry.at, &from);
                return;
            }
            if let Some((_, key, value)) = side.iter().find(|(k, _, _)| k == wanted) {
                if let Some(written) = scalar(value) {
                    if let crate::parse::dates::DateReading::Date(date) =
                        crate::parse::dates::read_date(&written)
                    {
                        let file = ctx
                            .sidecar
                            .as_ref()
                            .map(|(p, _)| p.display().to_string())
                            .unwrap_or_default();
                        draft.note(ctx, "date", &date, 0, format!("`{key}` in `{file}`"));
                        draft.date = Some(date);
                        return;
                    }
                }
            }
        }
    }
    if let Some(date) = crate::parse::dates::from_file_name(&ctx.stem()) {
        draft.note(ctx, "date", &date, 0, "the date the file name starts with");
        draft.date = Some(date);
    }
}

/// Relation rows and lines of the header (`| Updates | ADR-8 |`,
/// `Superseded by: [5](0005-x.md)`).
fn relations_from(ctx: &Context, draft: &mut Draft, header: &[Entry]) {
    for entry in header {
        let Some((_, relation)) = RELATION_KEYS.iter().find(|(k, _)| *k == entry.key) else {
            continue;
        };
        let value = entry.value;
        if matches!(key_name(value).as_str(), "n a" | "none" | "no" | "") {
            continue;
        }
        let targets = relations::targets_in(value, entry.at, ctx.path, ctx.prefix());
        let written = targets
            .into_iter()
            .map(|(target, span)| relations::Written {
                relation: *relation,
                target,
                span,
            })
            .collect();
        draft.relate(ctx, written);
    }
}

/// A title without markup and without an id before it: `RFC-0002 Flux OCI`
/// is `Flux OCI`, ``Artifact `Revision` format`` is `Artifact Revision
/// format`, `Exploring [cobra](https://…) replacement` is `Exploring cobra
/// replacement`, `exec\_groups` is `exec_groups`.
pub fn clean_title(title: &str, number: Option<u64>) -> String {
    let text = lines::without_comments(title);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => {
                out.extend(chars.next());
            }
            '`' => {}
            _ => out.push(c),
        }
    }
    let out = LINK.replace_all(&out, "$1");
    let out = out.replace("**", "").replace("__", "");
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    strip_id(&out, number).to_string()
}

static LINK: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").expect("valid regex"));
static ID_PREFIX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^[A-Za-z]{2,10}[- ](\d+)(?:\s*[:.]|\s+[-–])?\s+").expect("valid regex")
});

/// `RFC-0002 X`, `KEP-1441: X`, `ADR 7: X`, `ADR-12 - X` without the id,
/// when the id carries the record's own number (`UTF-8 Support` keeps its
/// `UTF-8`).
fn strip_id(title: &str, number: Option<u64>) -> &str {
    let Some(caps) = ID_PREFIX.captures(title) else {
        return title;
    };
    let whole = caps.get(0).map(|m| m.end()).unwrap_or(0);
    let own = caps[1].parse::<u64>().ok().is_some_and(|n| Some(n) == number);
    if own && whole < title.len() {
        &title[whole..]
    } else {
        title
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines::content_lines;

    #[test]
    fn titles_lose_markup_and_ids() {
        let t = |title: &str, n: u64| clean_title(title, Some(n));
        assert_eq!(
            t("RFC-0002 Flux OCI support for Helm", 2),
            "Flux OCI support for Helm"
        );
        assert_eq!(t("RFC-0011: OpenTelemetry Tracing", 11), "OpenTelemetry Tracing");
        assert_eq!(
            t("KEP-2257 Kui: Kubectl Graphical Plugins", 2257),
            "Kui: Kubectl Graphical Plugins"
        );
        assert_eq!(
            t("KEP-3659: ApplySet: kubectl apply", 3659),
            "ApplySet: kubectl apply"
        );
        assert_eq!(t("ADR 7: Use Postgres", 7), "Use Postgres");
        assert_eq!(t("UTF-8 Support for names", 28), "UTF-8 Support for names");
        assert_eq!(t("RFC 2119 keywords", 3), "RFC 2119 keywords");
        assert_eq!(
            t("Artifact `Revision` format and `Digest`", 5),
            "Artifact Revision format and Digest"
        );
        assert_eq!(
            t("Exploring [cobra](https://github.com/spf13/cobra) replacement", 1),
            "Exploring cobra replacement"
        );
        assert_eq!(
            t("Enabling global exec\\_groups ", 1),
            "Enabling global exec_groups"
        );
        assert_eq!(t("**Expose Thanos APIs**", 1), "Expose Thanos APIs");
        assert_eq!(
            t("Amendment: Enabling migration", 30),
            "Amendment: Enabling migration"
        );
        assert_eq!(clean_title("KEP-12: X", None), "KEP-12: X");
    }

    #[test]
    fn header_entries_come_from_lines_bullets_bold_labels_and_tables() {
        let text = "# T\n\n**Status:** implemented (partially)\n\n* **Implementation**: Accepted\n\
                    * **Implementation Status:**\n  * Implemented\n\n| Metadata | Value |\n|---|---|\n\
                    | Date | 2020-04-30 |\n| Status | Approved |\n\n| Revision | Date | Info |\n| 1 | 2021-01-01 | x |\n\
                    ## Context\n\nStatus: ignored\n";
        let lines = content_lines(text, 0);
        let found: Vec<(String, &str)> = entries(&lines).into_iter().map(|e| (e.key, e.value)).collect();
        assert_eq!(
            found,
            vec![
                ("status".to_string(), "implemented (partially)"),
                ("implementation".to_string(), "Accepted"),
                ("implementation status".to_string(), "Implemented"),
                ("metadata".to_string(), "Value"),
                ("date".to_string(), "2020-04-30"),
                ("status".to_string(), "Approved"),
            ]
        );
    }

    #[test]
    fn comments_and_code_hold_no_entries() {
        let text = "# T\n\n<!-- Status: accepted -->\n```\nStatus: accepted\n```\n";
        assert!(entries(&content_lines(text, 0)).is_empty());
    }
}
