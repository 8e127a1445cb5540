//! The tools `shoshin mcp` offers, each answered from the same model as
//! the other commands: the project loaded, indexed and checked. Answers are
//! compact JSON with bounded lists, so that an agent loads only what it
//! needs; every list says how many entries there were in all.

use crate::diagnostic::Diagnostic;
use crate::model::Kind;
use crate::project::Project;
use serde_json::{json, Map, Value};
use std::path::Path;

/// One tool: its name, what it does, and its arguments' JSON schema.
pub struct ToolInfo {
    /// The name agents call it by.
    pub name: &'static str,
    /// What it does, for the agent.
    pub description: &'static str,
    /// Its arguments (a JSON Schema object).
    pub schema: fn() -> Value,
}

/// Every tool, in the order they are listed.
pub const TOOLS: [ToolInfo; 6] = [
    ToolInfo {
        name: "search_records",
        description: "Search the records (backlog items, decisions, refinement sessions) by words in \
            their id, title, tags or text; optionally of one kind or status. Returns id, kind, title, \
            status and file of each match, at most `limit` (default 20).",
        schema: || {
            json!({"type": "object", "properties": {
                "query": {"type": "string", "description": "Words that must all appear (case-insensitive); empty lists everything."},
                "kind": {"type": "string", "enum": ["item", "decision", "session"]},
                "status": {"type": "string"},
                "limit": {"type": "integer", "minimum": 1, "maximum": 100}
            }})
        },
    },
    ToolInfo {
        name: "get_record",
        description: "One record by id: its front matter, sections (heading and first sentence), \
            readiness (verdict, score, what is missing), supersession chain, the records it names \
            and that name it, and its diagnostics. The body is included up to `max_body_chars` \
            (default 4000).",
        schema: || {
            json!({"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"},
                "max_body_chars": {"type": "integer", "minimum": 0, "maximum": 100000}
            }})
        },
    },
    ToolInfo {
        name: "why",
        description: "The decisions governing a code path (file or folder, relative to the code \
            root), as `shoshin why` answers: those in force, most specific pattern first, then those \
            not yet in force and the retired ones that used to govern it; each with id, title, \
            status, standing, the pattern that matched and the first sentence of its why. Also the \
            decision ids the file's comments cite. At most `limit` of each (default 20).",
        schema: || {
            json!({"type": "object", "required": ["path"], "properties": {
                "path": {"type": "string", "description": "A file or folder, relative to the code root (the records root unless `code_root` says otherwise)."},
                "limit": {"type": "integer", "minimum": 1, "maximum": 100}
            }})
        },
    },
    ToolInfo {
        name: "agenda",
        description: "The agenda of the next refinement session: the most important items that are \
            not ready, each with what is missing and who owns it.",
        schema: || json!({"type": "object", "properties": {"top": {"type": "integer", "minimum": 1, "maximum": 100}}}),
    },
    ToolInfo {
        name: "check",
        description: "Check the repository as `shoshin check` does, or only the diagnostics of one \
            file (path relative to the records root). Returns counts and at most `limit` \
            diagnostics (default 50): code, severity, file, line, column, message.",
        schema: || {
            json!({"type": "object", "properties": {
                "file": {"type": "string"},
                "limit": {"type": "integer", "minimum": 1, "maximum": 1000}
            }})
        },
    },
    ToolInfo {
        name: "create_record",
        description: "Create a record with the next free id from the repository's template (as \
            `shoshin new`), never overwriting a file; returns its id, path and diagnostics.",
        schema: || {
            json!({"type": "object", "required": ["kind", "title"], "properties": {
                "kind": {"type": "string", "enum": ["item", "decision", "session"]},
                "title": {"type": "string"}
            }})
        },
    },
];

/// What a tool call gives: its JSON answer, or a message saying what to
/// change in the call.
pub type Answer = Result<Value, String>;

fn text<'a>(args: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    args.get(key).and_then(Value::as_str)
}

fn number(args: &Map<String, Value>, key: &str, default: usize, max: usize) -> usize {
    (args.get(key).and_then(Value::as_u64))
        .map(|n| (n as usize).clamp(1, max))
        .unwrap_or(default)
}

fn kind_of(args: &Map<String, Value>) -> Result<Option<Kind>, String> {
    match text(args, "kind") {
        None => Ok(None),
        Some(word) => Kind::parse(word)
            .map(Some)
            .ok_or_else(|| format!("unknown kind `{word}`: use item, decision or session")),
    }
}

/// `search_records`.
pub fn search(project: &Project, args: &Map<String, Value>) -> Answer {
    let words: Vec<String> = (text(args, "query").unwrap_or_default().split_whitespace())
        .map(str::to_lowercase)
        .collect();
    let kind = kind_of(args)?;
    let status = text(args, "status").map(str::to_lowercase);
    let limit = number(args, "limit", 20, 100);
    let matches: Vec<&crate::model::Record> = (project.index.records.iter())
        .filter(|r| kind.is_none_or(|k| r.kind == k))
        .filter(|r| {
            status
                .as_deref()
                .is_none_or(|s| r.status.as_deref().map(str::to_lowercase).as_deref() == Some(s))
        })
        .filter(|r| {
            if words.is_empty() {
                return true;
            }
            let haystack = format!("{} {} {} {}", r.id, r.title, r.tags.join(" "), r.body()).to_lowercase();
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .collect();
    let records: Vec<Value> = (matches.iter().take(limit))
        .map(|r| json!({"id": r.id, "kind": r.kind.as_str(), "title": r.title, "status": r.status, "file": r.file}))
        .collect();
    Ok(json!({"total": matches.len(), "records": records}))
}

/// `get_record`.
pub fn get(project: &Project, args: &Map<String, Value>) -> Answer {
    let id = text(args, "id").ok_or("give the record's `id`")?;
    let index = &project.index;
    let Some(i) = index.get(id) else {
        let near = crate::text::closest(id, index.ids());
        return Err(match near {
            Some(near) => format!("no record has the id `{id}`; did you mean `{near}`?"),
            None => format!("no record has the id `{id}`"),
        });
    };
    let r = &index.records[i];
    let max_body = (args.get("max_body_chars").and_then(Value::as_u64)).unwrap_or(4000) as usize;
    let body = r.body();
    let cut: String = body.chars().take(max_body).collect();
    let ids = |list: &mut dyn Iterator<Item = usize>| -> Vec<String> {
        let mut ids: Vec<String> = list.map(|j| index.records[j].id.clone()).collect();
        ids.dedup();
        ids
    };
    let readiness = project.readiness.get(i).map(|a| {
        json!({
            "verdict": a.verdict.as_str(),
            "score": a.score,
            "missing": a.failed().map(|f| json!({"rule": f.rule, "message": f.message})).collect::<Vec<_>>(),
        })
    });
    let sections: Vec<Value> = (r.sections.iter())
        .map(|s| json!({"heading": s.heading, "key": s.key, "line": s.line, "first_sentence": crate::text::first_sentence(&s.lead)}))
        .collect();
    Ok(json!({
        "id": r.id,
        "kind": r.kind.as_str(),
        "title": r.title,
        "status": r.status,
        "file": r.file,
        "front_matter": serde_json::from_str::<Value>(r.front_matter.json()).unwrap_or(Value::Null),
        "sections": sections,
        "readiness": readiness,
        "supersession_chain": ids(&mut index.supersession_chain(i).into_iter()),
        "superseded_by": ids(&mut index.superseded_by[i].iter().copied()),
        "names": ids(&mut index.outgoing[i].iter().map(|l| l.to)),
        "named_by": ids(&mut index.incoming[i].iter().map(|l| l.from)),
        "diagnostics": diagnostics(project.diagnostics.iter().filter(|d| d.file == r.file), 20),
        "body": cut,
        "body_truncated": body.chars().count() > max_body,
    }))
}

/// `why`, in the repository at `root`: read as `shoshin why` reads it
/// (the records and their patterns, not a full check).
pub fn why(root: &Path, args: &Map<String, Value>) -> Answer {
    use crate::commands::why::Decisions;
    let path = text(args, "path").ok_or("give the `path` of a file or folder, relative to the code root")?;
    let limit = number(args, "limit", 20, 100);
    let decisions = Decisions::open(root).map_err(|e| format!("{e:#}"))?;
    let relative = in_code_root(decisions.code_root_path(), path)?;
    let answer = decisions.answer(relative);
    let listed: Vec<Value> = (answer.decisions.iter().take(limit))
        .map(|d| {
            // The record's file relative to the records root, as the other tools give it.
            let file = Path::new(&d.file)
                .strip_prefix(root)
                .unwrap_or(Path::new(&d.file));
            json!({
                "id": d.id, "title": d.title, "status": d.status, "standing": d.standing,
                "pattern": d.pattern, "why": d.why, "superseded_by": d.superseded_by, "file": file,
            })
        })
        .collect();
    let cited: Vec<Value> = (answer.cited.iter().take(limit))
        .map(|c| json!({"id": c.id, "line": c.line, "known": c.known, "standing": c.standing}))
        .collect();
    Ok(json!({
        "path": answer.path,
        "code_root": decisions.code_root.to_string_lossy().replace('\\', "/"),
        "total": answer.decisions.len(),
        "decisions": listed,
        "cited_total": answer.cited.len(),
        "cited": cited,
    }))
}

/// `path` (relative to the code root, or absolute inside it) as a path
/// relative to the code root with `/`; an error when it leaves it.
fn in_code_root(code_root: &Path, path: &str) -> Result<String, String> {
    let given = Path::new(path.trim());
    let relative = if given.is_absolute() {
        let inside = crate::code::walk::normalise(given);
        inside
            .strip_prefix(code_root)
            .map_err(|_| format!("`{path}` is outside the code root: give a path relative to it"))?
            .to_path_buf()
    } else {
        given.to_path_buf()
    };
    let mut parts = Vec::new();
    for part in relative.components() {
        match part {
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            std::path::Component::CurDir => {}
            _ => {
                return Err(format!(
                    "`{path}` climbs out of the code root: give a path under it"
                ))
            }
        }
    }
    Ok(parts.join("/"))
}

/// `agenda`.
pub fn agenda(project: &Project, args: &Map<String, Value>) -> Answer {
    use crate::readiness::agenda;
    let top = number(args, "top", agenda::default_size(&project.config), 100);
    let entries = agenda::agenda(&project.index, &project.readiness, top);
    let items: Vec<Value> = (entries.iter())
        .map(|e| {
            let r = &project.index.records[e.item];
            json!({
                "id": r.id, "title": r.title, "verdict": e.verdict.as_str(), "score": e.score,
                "owner": e.owner, "question_owners": e.question_owners,
                "missing": e.missing.iter().map(|m| m.message.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({"items": items}))
}

/// `check`.
pub fn check(project: &Project, args: &Map<String, Value>) -> Answer {
    let limit = number(args, "limit", 50, 1000);
    let found: Vec<&Diagnostic> = match text(args, "file") {
        Some(file) => {
            let file = Path::new(file.trim_start_matches("./"));
            (project.diagnostics.iter()).filter(|d| d.file == file).collect()
        }
        None => project.diagnostics.iter().collect(),
    };
    let counts = crate::diagnostic::Counts::of(&found.iter().map(|d| (*d).clone()).collect::<Vec<_>>());
    Ok(json!({
        "records": project.index.records.len(),
        "errors": counts.errors,
        "warnings": counts.warnings,
        "infos": counts.infos,
        "total": found.len(),
        "diagnostics": diagnostics(found.into_iter(), limit),
    }))
}

/// `create_record`, in the repository at `root`; `today` dates it.
pub fn create(root: &Path, args: &Map<String, Value>, today: &str) -> Answer {
    let kind = kind_of(args)?.ok_or("give the `kind`: item, decision or session")?;
    let title = text(args, "title").ok_or("give the `title`")?;
    let path = crate::commands::new::create(root, kind, title, today).map_err(|e| format!("{e:#}"))?;
    let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let project = Project::open_for_checks(root).map_err(|e| format!("{e:#}"))?;
    let id = (project.index.records.iter())
        .find(|r| r.file == relative)
        .map(|r| r.id.clone());
    let found = project.diagnostics.iter().filter(|d| d.file == relative);
    Ok(json!({"id": id, "file": relative, "diagnostics": diagnostics(found, 20)}))
}

/// At most `limit` diagnostics as JSON, as `check --format json` writes them.
fn diagnostics<'a>(found: impl Iterator<Item = &'a Diagnostic>, limit: usize) -> Vec<Value> {
    found
        .take(limit)
        .map(|d| {
            json!({
                "code": d.code.as_str(), "severity": d.severity.as_str(), "file": d.file,
                "line": d.line, "column": d.column, "message": d.one_line(),
            })
        })
        .collect()
}
