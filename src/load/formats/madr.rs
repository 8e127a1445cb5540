//! MADR, the Markdown Architectural Decision Records: version 2 writes its
//! metadata as bullets under the title (`* Status: accepted`, `* Deciders:`,
//! `* Date:`, `Technical Story:`) with relations under `## Links`; versions 3
//! and 4 write it as front matter (`status`, `date`, `deciders` or
//! `decision-makers`, `consulted`, `informed`), the status possibly carrying a
//! relation (`superseded by ADR-0005`, `accepted; supersedes ADR-0045`).

use super::adr;
use super::draft::Draft;
use super::Context;
use crate::model::{Relation, SourceFormat};
use crate::parse::lines::{self, content_lines, Line};
use serde_json::Value;

/// Reads a MADR 2 record (metadata bullets).
pub fn read_bullets(ctx: &Context) -> Draft {
    let mut draft = adr::draft(ctx, SourceFormat::Madr2);
    draft.take_front_matter(ctx);
    let lines = content_lines(ctx.text, draft.body_start);
    adr::read_title(ctx, &mut draft, &lines);
    if !read_header(ctx, &mut draft, &lines) {
        draft.status_hint = Some("a `* Status: accepted` line under the title");
    }
    read_links_section(ctx, &mut draft, &lines);
    draft
}

/// Reads a MADR 3 or 4 record (front matter).
pub fn read_front_matter(ctx: &Context, format: SourceFormat) -> Draft {
    let mut draft = adr::draft(ctx, format);
    draft.take_front_matter(ctx);
    let lines = content_lines(ctx.text, draft.body_start);
    if let Some(title) = draft.front_string("title") {
        let at = draft.front_offset(ctx, "title");
        draft.note(ctx, "title", &title, at, "front matter `title`");
        draft.title = Some(title);
    } else {
        adr::read_title(ctx, &mut draft, &lines);
    }
    let mut status_read = false;
    if let Some(status) = draft.front_string("status") {
        let at = draft.front_offset(ctx, "status");
        let at = if ctx.text[at..].starts_with(['"', '\'']) {
            at + 1
        } else {
            at
        };
        adr::read_status(ctx, &mut draft, &status, at, "front matter `status`");
        status_read = true;
    }
    if let Some(date) = draft.front_string("date") {
        let at = draft.front_offset(ctx, "date");
        adr::read_date(ctx, &mut draft, &date, at, "front matter `date`");
    }
    for (key, field) in [
        ("decision-makers", "deciders"),
        ("deciders", "deciders"),
        ("consulted", "consulted"),
        ("informed", "informed"),
    ] {
        let names = list(draft.front_matter.get(key));
        if names.is_empty() {
            continue;
        }
        let at = draft.front_offset(ctx, key);
        draft.note(ctx, field, &names.join(", "), at, format!("front matter `{key}`"));
        let target = match field {
            "consulted" => &mut draft.consulted,
            "informed" => &mut draft.informed,
            _ => &mut draft.deciders,
        };
        for name in names {
            if !target.contains(&name) {
                target.push(name);
            }
        }
    }
    draft.tags = super::real_tags(list(draft.front_matter.get("tags")));
    native_references(ctx, &mut draft);
    if !status_read {
        // Some teams keep MADR 2 bullets under a site generator's front matter.
        status_read = read_header(ctx, &mut draft, &lines);
    }
    if !status_read {
        draft.status_hint = Some("`status: accepted` (or another status) to the front matter");
    }
    read_links_section(ctx, &mut draft, &lines);
    draft
}

/// shoshin's own relation keys, when a team mixes them into MADR front
/// matter: `supersedes`, `superseded_by`, `amends`, `items`, `decisions`.
fn native_references(ctx: &Context, draft: &mut Draft) {
    let Some(yaml) = crate::parse::front_matter::split(ctx.text)
        .ok()
        .and_then(|s| s.yaml)
    else {
        return;
    };
    let map = draft.front_matter.clone();
    let mut reader = crate::parse::fields::FieldReader {
        map: &map,
        source: ctx.text,
        yaml,
        file: ctx.path,
        diagnostics: Vec::new(),
    };
    for (key, relation) in [
        ("supersedes", Relation::Supersedes),
        ("superseded_by", Relation::SupersededBy),
        ("amends", Relation::Amends),
        ("items", Relation::Item),
        ("decisions", Relation::Decision),
    ] {
        for reference in reader.references(key, relation) {
            let at = reference.span.start;
            draft.note(
                ctx,
                "reference",
                &reference.target,
                at,
                format!("front matter `{key}`"),
            );
            draft.references.push(reference);
        }
    }
    draft.diagnostics.extend(reader.diagnostics);
}

fn list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => adr::people(s),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty() && !crate::parse::status::is_placeholder(s))
            .collect(),
        _ => Vec::new(),
    }
}

/// Reads `Status:`, `Date:`, `Deciders:`, `Consulted:`, `Informed:`, `Tags:`
/// and `Technical Story:` lines (bullets or not) before the first section.
/// Returns true when a status line was written.
pub fn read_header(ctx: &Context, draft: &mut Draft, lines: &[Line]) -> bool {
    let mut status_written = false;
    for line in lines {
        if line.heading.is_some_and(|level| level >= 2) {
            break;
        }
        let Some(kv) = lines::key_value(line.text) else {
            continue;
        };
        let at = line.span_of(kv.value).start;
        let value = lines::without_comments(kv.value);
        let value = value.trim();
        match kv.key.as_str() {
            "status" if !status_written => {
                status_written = true;
                adr::read_status(ctx, draft, value, at, "`Status:` line");
            }
            "date" if draft.date.is_none() => {
                adr::read_date(ctx, draft, value, at, "`Date:` line");
            }
            "deciders" | "decision-makers" | "decision makers" => {
                draft.deciders = adr::people(value);
                let names = draft.deciders.join(", ");
                draft.note(ctx, "deciders", &names, at, "`Deciders:` line");
            }
            "consulted" => draft.consulted = adr::people(value),
            "informed" => draft.informed = adr::people(value),
            "tags" => {
                draft.tags = super::tags_from_line(value);
            }
            "technical story" => draft.note(ctx, "technical story", value, at, "`Technical Story:` line"),
            _ => {}
        }
    }
    status_written
}

/// Reads relation bullets under `## Links`: `* Supersedes [ADR-3](0003-x.md)`,
/// `* Superseded by …`, `* Amends …`.
pub fn read_links_section(ctx: &Context, draft: &mut Draft, lines: &[Line]) {
    let mut in_links = false;
    for line in lines {
        if line.heading.is_some() {
            in_links = line
                .heading_text()
                .is_some_and(|h| h.eq_ignore_ascii_case("links"));
            continue;
        }
        if in_links {
            let text = line.text.trim().trim_start_matches(['*', '-', '+']).trim_start();
            if text.is_empty() {
                continue;
            }
            let at = line.span_of(text).start;
            let (_, written) = super::relations::split_status(text, at, ctx.path, ctx.prefix());
            draft.relate(ctx, written);
        }
    }
}
