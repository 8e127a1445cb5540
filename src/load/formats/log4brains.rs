//! log4brains: MADR 2 with a log4brains patch: `- Status:`, `- Deciders:`,
//! `- Date:`, `- Tags:` bullets under the title, files named
//! `YYYYMMDD-slug.md` in the `adrFolder`s of `.log4brains.yml`.
//!
//! log4brains identifies an ADR by its slug, the file name without `.md`, and
//! so does shoshin: `docs/adr/20201016-use-the-slug.md` is
//! `20201016-use-the-slug`. Numbered files (`0007-x.md`) keep ADR ids.

use super::adr;
use super::draft::Draft;
use super::madr;
use super::Context;
use crate::model::SourceFormat;
use crate::parse::lines::content_lines;

/// Reads a log4brains record.
pub fn read(ctx: &Context) -> Draft {
    let mut draft = adr::draft(ctx, SourceFormat::Log4brains);
    draft.take_front_matter(ctx);
    let lines = content_lines(ctx.text, draft.body_start);
    adr::read_title(ctx, &mut draft, &lines);
    if !madr::read_header(ctx, &mut draft, &lines) {
        draft.status_hint = Some("a `- Status: accepted` line under the title");
    }
    if draft.date.is_none() {
        // log4brains falls back on the file name's date.
        let stem = ctx.stem();
        if stem.len() >= 8 && stem[..8].bytes().all(|b| b.is_ascii_digit()) {
            if let Some(date) = crate::parse::dates::normalise_date(&stem[..8]) {
                draft.note(ctx, "date", &date, 0, "the file name's `YYYYMMDD`");
                draft.date = Some(date);
            }
        }
    }
    madr::read_links_section(ctx, &mut draft, &lines);
    draft
}
