//! adr-tools / Michael Nygard's format: `# 1. Title`, a `Date:` line, and a
//! `## Status` section holding the status word and relation lines
//! (`Supercedes [1. X](0001-x.md)`, `Superseded by …`, `Amends …`,
//! `Amended by …`).

use super::adr;
use super::draft::Draft;
use super::Context;
use crate::model::SourceFormat;
use crate::parse::lines::{self, content_lines};

/// Reads an adr-tools record.
pub fn read(ctx: &Context) -> Draft {
    let mut draft = adr::draft(ctx, SourceFormat::AdrTools);
    draft.take_front_matter(ctx);
    let lines = content_lines(ctx.text, draft.body_start);
    match draft.front_string("title") {
        Some(title) => {
            let at = draft.front_offset(ctx, "title");
            draft.note(ctx, "title", &title, at, "front matter `title`");
            draft.title = Some(title);
        }
        None => adr::read_title(ctx, &mut draft, &lines),
    }
    // A status in the header (a `Status:` line or a metadata table row) is
    // the record's: a `## Status` section further down then describes
    // something else (an interface's status field, say).
    let header_status = super::metadata::entries(&lines)
        .iter()
        .any(|e| super::metadata::STATUS_KEYS.contains(&e.key.as_str()));

    let mut in_status = false;
    let mut status_found = false;
    let mut status_written = false;
    let mut in_date = false;
    let mut in_header = true;
    for line in &lines {
        if let Some(level) = line.heading {
            let heading = line.heading_text().unwrap_or_default().to_lowercase();
            let heading = heading.trim_end_matches(':');
            if level <= 3 {
                in_status = heading == "status" && !header_status;
                in_date = heading == "date";
                in_header &= in_status || in_date || level == 1;
            }
            continue;
        }
        let text = lines::without_comments(line.text);
        if text.trim().is_empty() {
            continue;
        }
        if in_status {
            status_written = true;
            let trimmed = line.text.trim();
            let trimmed = trimmed.trim_start_matches(['*', '-', '+']).trim_start();
            let at = line.span_of(trimmed).start;
            if status_found {
                // Later lines only add relations (`Amended by …`).
                let (_, written) = super::relations::split_status(trimmed, at, ctx.path, ctx.prefix());
                draft.relate(ctx, written);
            } else {
                adr::read_status(ctx, &mut draft, trimmed, at, "`## Status` section");
                status_found = draft.reading.written_status.is_some();
            }
            continue;
        }
        if in_date {
            in_date = false;
            if draft.date.is_none() {
                let trimmed = line.text.trim();
                adr::read_date(
                    ctx,
                    &mut draft,
                    trimmed,
                    line.span_of(trimmed).start,
                    "`## Date` section",
                );
            }
            continue;
        }
        if !in_header {
            continue;
        }
        if let Some(kv) = lines::key_value(line.text) {
            let at = line.span_of(kv.value).start;
            match kv.key.as_str() {
                "date" if draft.date.is_none() => {
                    adr::read_date(ctx, &mut draft, kv.value, at, "`Date:` line");
                }
                "status" if !status_found => {
                    status_written = true;
                    adr::read_status(ctx, &mut draft, kv.value, at, "`Status:` line");
                    status_found = draft.reading.written_status.is_some();
                }
                "deciders" | "decision-makers" if draft.deciders.is_empty() => {
                    draft.deciders = adr::people(kv.value);
                    let value = draft.deciders.join(", ");
                    draft.note(ctx, "deciders", &value, at, "`Deciders:` line");
                }
                _ => {}
            }
        }
    }
    if draft.date.is_none() {
        if let Some(date) = draft.front_string("date") {
            let at = draft.front_offset(ctx, "date");
            adr::read_date(ctx, &mut draft, &date, at, "front matter `date`");
        }
    }
    if !status_written {
        draft.status_hint = Some("a `## Status` section with a status such as `Accepted`");
    }
    draft
}
