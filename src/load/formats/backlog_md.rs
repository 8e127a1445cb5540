//! Backlog.md: tasks in `backlog/{tasks,drafts,completed}` and
//! `backlog/archive/{tasks,drafts}`, decisions in `backlog/decisions`, each a
//! Markdown file with front matter: `id`, `title`, `status` (from the board's
//! `statuses` in `backlog/config.yml`), `assignee`, `labels`, `dependencies`,
//! `parent_task_id`, `priority`, `created_date`, and an `## Acceptance
//! Criteria` task list between `<!-- AC:BEGIN -->` markers.
//!
//! Task ids are written `PREFIX-N` in upper case with the board's
//! `task_prefix` (`BACK-12`); `task-12`, `back-12` and `12` all name it, as in
//! Backlog.md. `priority` becomes a rank: high 1, medium 2, low 3.

use super::draft::Draft;
use super::Context;
use crate::config::ItemCategory;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Kind, Origin, Reference, Relation, SourceFormat};
use crate::parse::fields::FieldReader;
use crate::parse::status::{self, StatusReading};
use std::path::{Component, Path};

/// The names of the folders and file of `relative`, in lower case.
fn lowercase_parts(relative: &Path) -> Vec<String> {
    relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().to_lowercase()),
            _ => None,
        })
        .collect()
}

/// Why a file of a `backlog/` folder is not a record, when it is not.
pub fn not_a_record(relative: &Path) -> Option<String> {
    let parts = lowercase_parts(relative);
    if super::is_folder_doc(relative) {
        return Some("it describes the folder (README)".into());
    }
    let folder = parts.first().map(String::as_str).unwrap_or("");
    let inner = parts.get(1).map(String::as_str).unwrap_or("");
    match (parts.len(), folder, inner) {
        (1, _, _) => Some("a file of the `backlog/` folder itself, not a task".into()),
        (_, "tasks" | "drafts" | "completed" | "decisions", _) => None,
        (3.., "archive", "tasks" | "drafts" | "decisions") => None,
        (_, "docs", _) | (_, "archive", "docs") => Some("a Backlog.md document, not a task".into()),
        (_, "milestones", _) | (_, "archive", "milestones") => {
            Some("a Backlog.md milestone, not a task".into())
        }
        _ => Some(format!("Backlog.md keeps no tasks in `{folder}/`")),
    }
}

/// Where a Backlog.md task lies says what became of it, whatever its
/// `status` still says: `completed/` holds done tasks and `archive/tasks/`
/// tasks put away (both closed), `drafts/` and `archive/drafts/` drafts
/// (open). Returns that category and the folder's name, or `None` for
/// `tasks/`.
pub fn folder_category(relative: &Path) -> Option<(ItemCategory, &'static str)> {
    let parts = lowercase_parts(relative);
    let first = parts.first().map(String::as_str).unwrap_or("");
    let second = parts.get(1).map(String::as_str).unwrap_or("");
    match (first, second) {
        ("completed", _) => Some((ItemCategory::Closed, "completed/")),
        ("drafts", _) | ("archive", "drafts") => Some((ItemCategory::Open, "drafts/")),
        ("archive", "tasks") => Some((ItemCategory::Closed, "archive/tasks/")),
        _ => None,
    }
}

/// `task-12`, `back-12`, `12` → `BACK-12` for the board prefix `back`.
pub fn task_id(written: &str, prefix: &str) -> String {
    let t = written.trim();
    let upper = prefix.to_uppercase();
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return format!("{upper}-{t}");
    }
    match t.split_once('-') {
        Some((p, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.') => {
            if p.eq_ignore_ascii_case(prefix) || p.eq_ignore_ascii_case("task") {
                format!("{upper}-{n}")
            } else if p.eq_ignore_ascii_case("draft") {
                format!("DRAFT-{n}")
            } else {
                t.to_string()
            }
        }
        _ => t.to_string(),
    }
}

/// Reads a Backlog.md task or decision.
pub fn read(ctx: &Context) -> Result<Draft, Vec<Diagnostic>> {
    let settings = ctx
        .source
        .and_then(|(_, s)| s.backlog.clone())
        .unwrap_or_default();
    let prefix = if settings.task_prefix.is_empty() {
        "task".to_string()
    } else {
        settings.task_prefix.clone()
    };
    let split = crate::parse::front_matter::split(ctx.text).map_err(|unclosed| {
        vec![Diagnostic::new(
            Code::ParseError,
            ctx.path,
            "the front matter opened on line 1 is never closed",
        )
        .at(ctx.text, unclosed.fence..unclosed.fence + 3)
        .with_help("add a line `---` after the last front-matter key")]
    })?;
    let relative = ctx
        .source
        .and_then(|(_, s)| ctx.path.strip_prefix(&s.path).ok())
        .unwrap_or(ctx.path);
    let in_decisions = relative.components().any(|c| c.as_os_str() == "decisions");
    let kind = if in_decisions { Kind::Decision } else { Kind::Item };
    let stem = ctx.stem();
    let mut draft = Draft::new(ctx, SourceFormat::BacklogMd, kind, String::new());
    draft.take_front_matter(ctx);
    let yaml = split.yaml.unwrap_or(0..0);
    let map = draft.front_matter.clone();
    let mut reader = FieldReader {
        map: &map,
        source: ctx.text,
        yaml,
        file: ctx.path,
        diagnostics: Vec::new(),
    };
    let canonical = |id: &str| {
        if kind == Kind::Item {
            task_id(id, &prefix)
        } else {
            id.trim().to_string()
        }
    };

    let written_id = reader.string("id");
    draft.id = match &written_id {
        Some(id) => {
            let at = reader.locate("id", Some(id)).start;
            draft.note(ctx, "id", &canonical(id), at, "front matter `id`");
            canonical(id)
        }
        None => {
            let from_name = crate::parse::ids::id_from_file_stem(&stem).unwrap_or_else(|| stem.clone());
            draft.report(
                ctx,
                Code::FormatNote,
                0..0,
                format!("no `id`; the file name gives `{}`", canonical(&from_name)),
                "add `id:` to the front matter",
            );
            canonical(&from_name)
        }
    };
    if let Some(title) = reader.string("title") {
        let at = reader.locate("title", None).start;
        draft.note(ctx, "title", &title, at, "front matter `title`");
        draft.title = Some(title);
    } else {
        let lines = crate::parse::lines::content_lines(ctx.text, draft.body_start);
        super::adr::read_title(ctx, &mut draft, &lines);
    }

    if let Some(written) = reader.string("status") {
        let span = reader.locate("status", Some(&written));
        let reading = match kind {
            Kind::Item => status::item_status(&written, &settings.statuses, ctx.config),
            _ => status::decision_status(&written, ctx.config),
        };
        draft.reading.written_status = Some(written.clone());
        match reading {
            StatusReading::Known {
                status,
                category,
                how,
            } => {
                let by_position = how == status::How::Position;
                let how = if by_position {
                    " (by its place in `config.yml` statuses)"
                } else {
                    ""
                };
                draft.note(
                    ctx,
                    "status",
                    &crate::parse::status::shown(&status, category),
                    span.start,
                    format!("front matter `status`: `{written}`{how}"),
                );
                if by_position {
                    draft.report(
                        ctx,
                        Code::FormatNote,
                        span,
                        format!(
                            "status `{written}` is placed in the `{}` category by its place on the board",
                            category.as_str()
                        ),
                        "add it under `statuses:` in shoshin.yaml to say otherwise",
                    );
                }
                draft.set_status(status, category);
            }
            StatusReading::Placeholder => draft.report(
                ctx,
                Code::FormatPlaceholder,
                span,
                format!("the status is the template's placeholder `{written}`, not a status"),
                "write one of the board's statuses",
            ),
            StatusReading::Unknown => draft.report(
                ctx,
                Code::FormatOddity,
                span,
                format!(
                    "status `{written}` is not one shoshin can place, so this {} has no status",
                    kind.as_str()
                ),
                &format!(
                    "use one of: {}, or add it under `statuses:` in shoshin.yaml",
                    status::vocabulary(kind, ctx.config)
                ),
            ),
        }
    } else {
        draft.report(
            ctx,
            Code::FormatNote,
            0..0,
            format!("no `status`, so this {} has none", kind.as_str()),
            "add `status:` to the front matter",
        );
    }

    if kind == Kind::Item {
        if let Some((category, folder)) = folder_category(relative) {
            let at = reader.locate("status", None).start;
            let written = draft.status.clone().unwrap_or_else(|| "none".into());
            draft.note(
                ctx,
                "category",
                category.as_str(),
                at,
                format!("the `{folder}` folder, whatever the status (`{written}`) says"),
            );
            draft.reading.place_category = Some(category);
        }
        if let Some(item_type) = reader.string("type") {
            let at = reader.locate("type", Some(&item_type)).start;
            draft.note(ctx, "type", &item_type, at, "front matter `type`");
            draft.item_type = Some(item_type);
        }
    }
    let date_key = if reader.map.contains_key("date") {
        "date"
    } else {
        "created_date"
    };
    if let Some(written) = reader.string(date_key) {
        let at = reader.locate(date_key, Some(&written)).start;
        super::adr::read_date(
            ctx,
            &mut draft,
            &written,
            at,
            &format!("front matter `{date_key}`"),
        );
    }
    let assignees: Vec<String> = reader
        .list("assignee")
        .into_iter()
        .map(|a| a.trim_start_matches('@').to_string())
        .collect();
    if let Some(first) = assignees.first() {
        let at = reader.locate("assignee", None).start;
        draft.note(
            ctx,
            "owner",
            first,
            at,
            format!("front matter `assignee`: {}", assignees.join(", ")),
        );
        draft.owner = Some(first.clone());
    }
    draft.tags = super::real_tags(reader.list("labels"));
    if !draft.tags.is_empty() {
        let at = reader.locate("labels", None).start;
        draft.note(ctx, "tags", &draft.tags.join(", "), at, "front matter `labels`");
    }
    if let Some(priority) = reader.string("priority") {
        let rank = match priority.to_lowercase().as_str() {
            "high" | "critical" | "urgent" => Some(1),
            "medium" | "normal" => Some(2),
            "low" => Some(3),
            other => other.parse().ok(),
        };
        let at = reader.locate("priority", Some(&priority)).start;
        match rank {
            Some(rank) => {
                draft.note(
                    ctx,
                    "priority",
                    &rank.to_string(),
                    at,
                    format!("front matter `priority`: `{priority}`"),
                );
                draft.priority = Some(rank);
            }
            None => draft.report(
                ctx,
                Code::FormatOddity,
                at..at + priority.len(),
                format!("priority `{priority}` is not high, medium, low or a number"),
                "write `priority: high`, `medium` or `low`",
            ),
        }
    }
    for (key, relation) in [
        ("dependencies", Relation::DependsOn),
        ("parent_task_id", Relation::Parent),
        ("parent", Relation::Parent),
    ] {
        for written in reader.list(key) {
            let span = reader.locate(key, Some(&written));
            let target = task_id(&written, &prefix);
            draft.note(
                ctx,
                if relation == Relation::Parent {
                    "parent"
                } else {
                    "depends_on"
                },
                &target,
                span.start,
                format!("front matter `{key}`"),
            );
            draft.references.push(Reference {
                target,
                relation,
                origin: Origin::FrontMatter,
                span,
            });
        }
    }
    draft.diagnostics.extend(reader.diagnostics);
    Ok(draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_ids_follow_the_board_prefix() {
        assert_eq!(task_id("task-24.1", "back"), "BACK-24.1");
        assert_eq!(task_id("BACK-7", "back"), "BACK-7");
        assert_eq!(task_id("345", "back"), "BACK-345");
        assert_eq!(task_id("task-3", "task"), "TASK-3");
        assert_eq!(task_id("draft-2", "task"), "DRAFT-2");
        assert_eq!(task_id("decision-1", "task"), "decision-1");
    }

    #[test]
    fn completed_archived_and_draft_tasks_take_their_folders_category() {
        let dir = tempfile::tempdir().unwrap();
        let task = |id: &str, status: &str| {
            format!("---\nid: {id}\ntitle: T {id}\nstatus: {status}\ntype: feature\npriority: high\nlabels: [web, '[label]']\ncreated_date: '2025-01-02'\n---\n")
        };
        for (path, text) in [
            (
                "backlog/config.yml",
                "statuses: [\"To Do\", \"In Progress\", \"Done\"]\ntask_prefix: back\n".to_string(),
            ),
            ("backlog/tasks/back-1 - Open.md", task("back-1", "To Do")),
            ("backlog/completed/back-2 - Done.md", task("back-2", "Done")),
            (
                "backlog/archive/tasks/back-3 - Put away.md",
                task("back-3", "To Do"),
            ),
            ("backlog/drafts/draft-1 - Idea.md", task("draft-1", "To Do")),
        ] {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        let config = crate::config::Config::default();
        let loaded = crate::load::load(dir.path(), &config);
        let index = crate::index::Index::build(loaded.records, &config);
        let category = |id: &str| {
            let i = index.get(id).unwrap_or_else(|| panic!("{id}"));
            (index.item_category(i), index.records[i].status.clone())
        };
        assert_eq!(category("BACK-1").0, Some(ItemCategory::Open));
        assert_eq!(category("BACK-2").0, Some(ItemCategory::Closed));
        let archived = category("BACK-3");
        assert_eq!(
            archived.0,
            Some(ItemCategory::Closed),
            "archived, not open backlog"
        );
        assert_ne!(archived.1.as_deref(), Some("dropped"), "the status stays as read");
        assert_eq!(category("DRAFT-1").0, Some(ItemCategory::Open));
        let record = &index.records[index.get("BACK-1").unwrap()];
        assert_eq!(record.item_type.as_deref(), Some("feature"));
        assert_eq!(record.priority, Some(1));
        assert_eq!(record.tags, vec!["web"], "`[label]` is a placeholder");
    }

    #[test]
    fn only_task_folders_hold_records() {
        assert!(not_a_record(Path::new("tasks/task-1 - A.md")).is_none());
        assert!(not_a_record(Path::new("archive/tasks/task-1 - A.md")).is_none());
        assert!(not_a_record(Path::new("decisions/decision-1 - A.md")).is_none());
        assert!(not_a_record(Path::new("docs/doc-1 - A.md")).is_some());
        assert!(not_a_record(Path::new("milestones/m-1 - A.md")).is_some());
        assert!(not_a_record(Path::new("tasks/readme.md")).is_some());
        assert!(not_a_record(Path::new("readme.md")).is_some());
    }
}
