//! What the ADR formats (adr-tools, MADR, log4brains) share: ids from
//! numbered file names, the title heading, and reading a written status or
//! date into the draft with a diagnostic for every oddity.

use super::draft::Draft;
use super::{relations, Context};
use crate::diagnostic::Code;
use crate::model::{Kind, SourceFormat};
use crate::parse::dates::{self, DateReading};
use crate::parse::lines::Line;
use crate::parse::status::{self, StatusReading};

/// The id, number and slug a file name gives, by the rules of
/// [`crate::parse::ids::name_identity`]: `0007-use-x.md` is `ADR-0007` (with the
/// folder's prefix), number 7, slug `use-x`; `2025-03-24-use-x.md` is
/// `2025-03-24-use-x`, no number.
pub fn identity(ctx: &Context) -> (String, Option<u64>, String) {
    let found = crate::parse::ids::name_identity(&ctx.stem(), ctx.prefix());
    (found.id, found.number, found.slug)
}

/// A new decision draft with the file name's id.
pub fn draft(ctx: &Context, format: SourceFormat) -> Draft {
    let (id, number, slug) = identity(ctx);
    let kind = ctx
        .source
        .and_then(|(_, s)| s.kind)
        .or(ctx.folder_kind)
        .unwrap_or(Kind::Decision);
    let mut draft = Draft::new(ctx, format, kind, id);
    draft.reading.number = number;
    draft.reading.slug = slug;
    draft
}

/// Reads the first level-1 heading as the title, without a leading number
/// (`# 1. Record decisions`, `# ADR 7: Use X`).
pub fn read_title(ctx: &Context, draft: &mut Draft, lines: &[Line]) {
    let Some(line) = lines.iter().find(|l| l.heading == Some(1)) else {
        return;
    };
    let text = line.heading_text().unwrap_or_default();
    if status::is_placeholder(&text) {
        draft.report(
            ctx,
            Code::FormatPlaceholder,
            line.span(),
            format!("the title is the template's placeholder `{text}`"),
            "write the decision's title in the first heading",
        );
        return;
    }
    let title = strip_number(&text);
    if !title.is_empty() {
        draft.note(ctx, "title", &title, line.start, "first `#` heading");
        draft.title = Some(title);
    }
}

fn strip_number(text: &str) -> String {
    let t = text.trim();
    let lower = t.to_lowercase();
    let t = if lower.starts_with("adr") {
        t[3..].trim_start_matches([' ', '-', '_'])
    } else {
        t
    };
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &t[digits..];
        if rest.starts_with(['.', ':', ' ', '-', ')']) {
            return rest
                .trim_start_matches(['.', ':', ' ', '-', ')', '–'])
                .trim()
                .to_string();
        }
    }
    text.trim().to_string()
}

/// Reads a written status (at byte `at` of the file): relations inside it,
/// the status word kept as written and placed in a category of the record's
/// kind, or a diagnostic for a placeholder or a word no category has.
/// Returns true when a status was read.
pub fn read_status(ctx: &Context, draft: &mut Draft, written: &str, at: usize, from: &str) -> bool {
    let span = at..at + written.len();
    if let Some(inner) = status::inside_brackets(written) {
        if let StatusReading::Known { .. } = status_of(ctx, draft, inner) {
            still_in_brackets(ctx, draft, written, span);
            let inner_at = at + written.find(inner).unwrap_or(0);
            return read_status(ctx, draft, inner, inner_at, from);
        }
    }
    if status::is_placeholder(written) {
        draft.report(
            ctx,
            Code::FormatPlaceholder,
            span,
            format!(
                "the status is the template's placeholder `{}`, not a status",
                written.trim()
            ),
            &format!(
                "replace it with one of: {}",
                status::vocabulary(draft.kind, ctx.config)
            ),
        );
        return false;
    }
    let (words, written_relations) = relations::split_status(written, at, ctx.path, ctx.prefix());
    draft.relate(ctx, written_relations);
    if status::clean(&words).is_empty() {
        return false;
    }
    draft.reading.written_status = Some(written.trim().to_string());
    match status_of(ctx, draft, &words) {
        StatusReading::Known { status, category, .. } => {
            draft.note(
                ctx,
                "status",
                &crate::parse::status::shown(&status, category),
                at,
                format!("{from}: `{}`", written.trim()),
            );
            draft.set_status(status, category);
            true
        }
        StatusReading::Placeholder => false,
        StatusReading::Unknown => {
            let kind = draft.kind;
            let key = if kind == Kind::Item { "items" } else { "decisions" };
            draft.report(
                ctx,
                Code::FormatOddity,
                span,
                format!(
                    "status `{}` is in no {} status category, so this {} has no status",
                    written.trim(),
                    kind.as_str(),
                    kind.as_str()
                ),
                &format!(
                    "use one of: {}, or add `{}: <category>` under `statuses.{key}` in shoshin.yaml",
                    status::vocabulary(kind, ctx.config),
                    status::clean(&words)
                ),
            );
            false
        }
    }
}

/// The status `written` stands for, in the vocabulary of the draft's kind.
fn status_of(ctx: &Context, draft: &Draft, written: &str) -> StatusReading {
    match draft.kind {
        Kind::Item => status::item_status(written, &[], ctx.config),
        _ => status::decision_status(written, ctx.config),
    }
}

/// Reads a written date (at byte `at`), with a diagnostic for a placeholder,
/// an unreadable date, or one that cannot be read without guessing.
/// Returns true when a date was read.
pub fn read_date(ctx: &Context, draft: &mut Draft, written: &str, at: usize, from: &str) -> bool {
    let span = at..at + written.len();
    if let Some(inner) = status::inside_brackets(written) {
        if let DateReading::Date(_) = dates::read_date(inner) {
            still_in_brackets(ctx, draft, written, span);
            let inner_at = at + written.find(inner).unwrap_or(0);
            return read_date(ctx, draft, inner, inner_at, from);
        }
    }
    match dates::read_date(written) {
        DateReading::Date(date) => {
            draft.note(ctx, "date", &date, at, format!("{from}: `{}`", written.trim()));
            draft.date = Some(date);
            return true;
        }
        DateReading::Placeholder => draft.report(
            ctx,
            Code::FormatPlaceholder,
            span,
            format!("the date is the template's placeholder `{}`", written.trim()),
            "write the date of the decision as YYYY-MM-DD",
        ),
        DateReading::Doubtful(why) => draft.report(
            ctx,
            Code::FormatOddity,
            span,
            format!("the date `{}` {why}, so this record has no date", written.trim()),
            "write the date as YYYY-MM-DD",
        ),
        DateReading::Unreadable => draft.report(
            ctx,
            Code::FormatOddity,
            span,
            format!(
                "`{}` is not a date shoshin can read, so this record has no date",
                written.trim()
            ),
            "write the date as YYYY-MM-DD",
        ),
    }
    draft.date_tried = true;
    false
}

fn still_in_brackets(ctx: &Context, draft: &mut Draft, written: &str, span: std::ops::Range<usize>) {
    draft.report(
        ctx,
        Code::FormatPlaceholder,
        span,
        format!(
            "`{}` is still in the template's brackets; the value inside is read",
            written.trim()
        ),
        "remove the brackets",
    );
}

/// Names in a `Deciders:` value: separated by commas, semicolons or `and`.
pub fn people(value: &str) -> Vec<String> {
    value
        .replace(" and ", ",")
        .split([',', ';'])
        .filter(|p| !status::is_placeholder(p))
        .map(|p| p.trim().trim_matches(['*', '_', '[', ']']).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Notes that a decision states no status.
pub fn no_status(ctx: &Context, draft: &mut Draft, expected: &str) {
    draft.report(
        ctx,
        Code::FormatNote,
        0..0,
        "no status written, so this decision has none".into(),
        &format!("add {expected}"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_stripped_from_titles() {
        assert_eq!(
            strip_number("1. Record architecture decisions"),
            "Record architecture decisions"
        );
        assert_eq!(strip_number("ADR 7: Use Postgres"), "Use Postgres");
        assert_eq!(strip_number("ADR-0007 - Use Postgres"), "Use Postgres");
        assert_eq!(strip_number("2FA for admins"), "2FA for admins");
    }

    #[test]
    fn people_are_split() {
        assert_eq!(people("Ana, Bo and Cy"), vec!["Ana", "Bo", "Cy"]);
        assert!(people("[list everyone involved]").is_empty());
    }
}
