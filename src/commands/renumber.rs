//! `shoshin renumber OLD NEW`: gives a record a new id and rewrites every
//! reference to it, for when two branches took the same number.
//!
//! What is rewritten: the id wherever the front matter of any record writes
//! it (its own `id:`, `supersedes:`, `depends_on:` lists and scalars), `[[OLD]]`
//! wiki links, ids in prose that name it, relative Markdown links to its
//! file, the file name when it starts with the id, and the id in comments
//! of the source files under the code root (read as `why` reads them:
//! comments only, never strings or code). NEW is refused when a record
//! holds it in the working tree or on any branch.

use super::OK;
use crate::model::Record;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// One rewrite inside one file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    range: std::ops::Range<usize>,
    replacement: String,
    /// What was rewritten, for the printed list: `front matter`, `wiki link`…
    what: &'static str,
}

/// The id a record has and the one it is to get.
#[derive(Debug, Clone, Copy)]
pub struct Ids<'a> {
    pub old: &'a str,
    pub new: &'a str,
}

/// Renames the id and prints every change (only prints with `dry_run`).
/// `file` says which record when several hold the id.
pub fn run(root: &Path, ids: Ids<'_>, file: Option<&Path>, dry_run: bool) -> Result<u8> {
    let Ids { old, new } = ids;
    let plan = plan(root, ids, file)?;
    if plan.shared {
        println!(
            "{old} is held by several records: only this record's own id, its file name and the links \
             to its file change; references by id elsewhere are left, as they may mean the other one"
        );
    }
    let shown = |p: &Path| super::display_root(root).join(p).display().to_string();
    for (file, edits, text) in &plan.edits {
        for edit in edits {
            let (line, _) = crate::text::line_column(text, edit.range.start);
            println!(
                "{}:{line}: {} `{}` → `{}`",
                shown(file),
                edit.what,
                &text[edit.range.clone()],
                edit.replacement
            );
        }
    }
    if let Some((from, to)) = &plan.rename {
        println!("{} → {} (file renamed)", shown(from), shown(to));
    }
    if dry_run {
        println!("dry run: nothing was changed");
        return Ok(OK);
    }
    for (file, edits, text) in &plan.edits {
        let path = root.join(file);
        std::fs::write(&path, apply(text, edits))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some((from, to)) = &plan.rename {
        let (from, to) = (root.join(from), root.join(to));
        std::fs::rename(&from, &to)
            .with_context(|| format!("cannot rename {} to {}", from.display(), to.display()))?;
    }
    println!("{old} is now {new}");
    Ok(OK)
}

/// What a renumbering changes: per file (relative to the root), the edits
/// and the text they apply to; and the file to rename.
struct Plan {
    edits: Vec<(PathBuf, Vec<Edit>, String)>,
    rename: Option<(PathBuf, PathBuf)>,
    /// Several records held the old id.
    shared: bool,
}

fn plan(root: &Path, ids: Ids<'_>, file: Option<&Path>) -> Result<Plan> {
    let Ids { old, new } = ids;
    if new.is_empty()
        || !new
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        || new.starts_with('.')
    {
        bail!("`{new}` cannot be an id: use letters, digits, `-`, `_` and `.`, e.g. `ADR-0012`");
    }
    let config = crate::project::load_config(root)?;
    let loaded = crate::load::load(root, &config);
    let records = &loaded.records;
    let holders: Vec<&Record> = records.iter().filter(|r| r.id == old).collect();
    if holders.is_empty() {
        let ids = records.iter().map(|r| r.id.as_str());
        let hint = crate::text::closest(old, ids)
            .map(|m| format!(" (did you mean `{m}`?)"))
            .unwrap_or_default();
        bail!("no record has the id `{old}`{hint}: nothing to renumber");
    }
    let listed = || {
        (holders.iter())
            .map(|r| r.file.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let target = match file {
        Some(file) => {
            let file = file.strip_prefix(root).unwrap_or(file);
            let Some(found) = holders.iter().find(|r| r.file == file) else {
                bail!(
                    "{} does not hold `{old}`; the records that do: {}",
                    file.display(),
                    listed()
                );
            };
            found
        }
        None if holders.len() > 1 => bail!(
            "{} records hold `{old}`: {}; say which to renumber with `--file PATH`",
            holders.len(),
            listed()
        ),
        None => &holders[0],
    };
    let shared = holders.len() > 1;
    if let Some(holder) = records.iter().find(|r| r.id == new) {
        bail!(
            "`{new}` is already the id of {}: choose a free id (`shoshin new` shows the next one)",
            holder.file.display()
        );
    }
    let elsewhere = crate::history::branch_ids::ids_on_every_branch(root, &config, records);
    if elsewhere.iter().any(|id| id == new) {
        bail!("`{new}` is already taken on another branch: choose an id no branch uses");
    }
    let rename = renamed_file(&target.file, old, new);
    if let Some(to) = &rename {
        if root.join(to).exists() {
            bail!("{} already exists: choose another id", to.display());
        }
    }
    let mut edits = Vec::new();
    for record in records {
        let mut found = edits_of(record, target, Ids { old, new }, rename.as_ref());
        if shared {
            // Only this record's own id and the links to its file are surely its.
            let own = record.file == target.file;
            found.retain(|e| e.what == "link" || (own && e.what == "front matter"));
        }
        if !found.is_empty() {
            edits.push((record.file.clone(), found, record.source().to_string()));
        }
    }
    if !shared {
        // An id several records hold may mean the other one in a comment.
        edits.extend(code_comment_edits(root, &config, Ids { old, new }));
    }
    Ok(Plan {
        edits,
        rename: rename.map(|to| (target.file.clone(), to)),
        shared,
    })
}

/// The edits in the comments of the code root's source files (paths
/// relative to the records root): every whole OLD in a comment.
fn code_comment_edits(
    root: &Path,
    config: &crate::config::Config,
    ids: Ids<'_>,
) -> Vec<(PathBuf, Vec<Edit>, String)> {
    let (relative, code_root) = crate::code::code_root(root, config);
    if !code_root.is_dir() {
        return Vec::new();
    }
    let files = crate::code::walk::files(&code_root, &crate::code::walk::normalise(root), config);
    let mut out = Vec::new();
    for (i, text) in crate::code::walk::sources(&code_root, &files) {
        if !text.contains(ids.old) {
            continue;
        }
        let path = &files[i].path;
        let edits: Vec<Edit> = crate::code::comment_ranges(path, &text)
            .into_iter()
            .flat_map(|comment| whole_occurrences(&text[comment.clone()], ids.old, comment.start))
            .map(|range| Edit {
                range,
                replacement: ids.new.to_string(),
                what: "code comment",
            })
            .collect();
        if !edits.is_empty() {
            let file = if relative == Path::new(".") {
                PathBuf::from(path)
            } else {
                relative.join(path)
            };
            out.push((file, edits, text));
        }
    }
    out
}

/// The target's file name with NEW in place of the OLD it starts with
/// (in the case the name writes it); `None` when the name holds no id.
fn renamed_file(file: &Path, old: &str, new: &str) -> Option<PathBuf> {
    let name = file.file_name()?.to_str()?;
    let rest_after = |prefix: &str| {
        let rest = name.strip_prefix(prefix)?;
        rest.starts_with(['-', '_', ' ', '.']).then_some(rest)
    };
    let renamed = if let Some(rest) = rest_after(old) {
        format!("{new}{rest}")
    } else if let Some(rest) = rest_after(&old.to_lowercase()) {
        format!("{}{rest}", new.to_lowercase())
    } else {
        return None;
    };
    Some(file.with_file_name(renamed))
}

/// True when `c` can continue an id, so that `ADR-1` is not found in `ADR-12`.
fn id_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Every whole occurrence of `id` in `text`, as byte ranges offset by `base`.
fn whole_occurrences(text: &str, id: &str, base: usize) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(id) {
        let start = from + at;
        let end = start + id.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(id_char) && !after.is_some_and(id_char) {
            found.push(base + start..base + end);
        }
        from = end;
    }
    found
}

/// The edits renumbering makes in `record`.
fn edits_of(record: &Record, target: &Record, ids: Ids<'_>, rename: Option<&PathBuf>) -> Vec<Edit> {
    let Ids { old, new } = ids;
    let source = record.source();
    let body_start = record.body_start.min(source.len());
    let edit = |range, what| Edit {
        range,
        replacement: new.to_string(),
        what,
    };
    let mut edits: Vec<Edit> = whole_occurrences(&source[..body_start], old, 0)
        .into_iter()
        .map(|range| edit(range, "front matter"))
        .collect();
    // `[[OLD]]`, `[[OLD|text]]`, `[[OLD#part]]`.
    for range in whole_occurrences(&source[body_start..], old, body_start) {
        let before = source[..range.start].trim_end_matches(' ');
        let after = source[range.end..].trim_start_matches(' ');
        if before.ends_with("[[") && (after.starts_with("]]") || after.starts_with(['|', '#'])) {
            edits.push(edit(range, "wiki link"));
        }
    }
    for (token, range) in &record.prose_tokens {
        if token == old && source.get(range.clone()) == Some(old) {
            edits.push(edit(range.clone(), "mention"));
        }
    }
    if let Some(to) = rename {
        let old_name = target
            .file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let new_name = to.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        for link in &record.file_links {
            if link.path.as_deref() != Some(target.file.as_path()) {
                continue;
            }
            let Some(text) = source.get(link.span.clone()) else {
                continue;
            };
            if let Some(at) = text.rfind(old_name) {
                let start = link.span.start + at;
                edits.push(Edit {
                    range: start..start + old_name.len(),
                    replacement: new_name.to_string(),
                    what: "link",
                });
            }
        }
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits.dedup_by(|later, earlier| later.range.start < earlier.range.end);
    edits
}

/// `text` with `edits` (sorted, not overlapping) applied.
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.replacement);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_ids_are_found() {
        let text = "ADR-1, ADR-12, xADR-1, [ADR-1]";
        let found: Vec<&str> = whole_occurrences(text, "ADR-1", 0)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found.len(), 2);
        assert_eq!(whole_occurrences(text, "ADR-1", 0)[1], 24..29);
    }

    #[test]
    fn the_file_name_follows_the_id() {
        let to = renamed_file(Path::new("decisions/ADR-7-use-x.md"), "ADR-7", "ADR-9");
        assert_eq!(to, Some(PathBuf::from("decisions/ADR-9-use-x.md")));
        let lower = renamed_file(Path::new("decisions/adr-7-use-x.md"), "ADR-7", "ADR-9");
        assert_eq!(lower, Some(PathBuf::from("decisions/adr-9-use-x.md")));
        assert_eq!(
            renamed_file(Path::new("decisions/ADR-77.md"), "ADR-7", "ADR-9"),
            None
        );
        assert_eq!(
            renamed_file(Path::new("sessions/2026-01-01.md"), "S-1", "S-2"),
            None
        );
    }
}
