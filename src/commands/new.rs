//! `shoshin new item|decision|session TITLE`: a new record with the next free
//! id, from a template (built in, or `templates/new-<kind>.md` of the records
//! repository), and its path printed.
//!
//! "Free" means free on every branch: besides the working tree's records,
//! the ids of the record files on the tip of every local and
//! remote-tracking branch count, so two branches made in parallel do not
//! both take the next number.

use super::OK;
use crate::cli::NewKind;
use crate::model::Kind;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The built-in record templates, by kind.
pub const TEMPLATES: [(Kind, &str); 3] = [
    (Kind::Item, include_str!("../../templates/new-item.md")),
    (Kind::Decision, include_str!("../../templates/new-decision.md")),
    (Kind::Session, include_str!("../../templates/new-session.md")),
];

/// Creates the record and prints its path.
pub fn run(root: &Path, kind: NewKind, title: &str) -> Result<u8> {
    let kind = match kind {
        NewKind::Item => Kind::Item,
        NewKind::Decision => Kind::Decision,
        NewKind::Session => Kind::Session,
    };
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let path = create(root, kind, title, &today)?;
    let shown = path.strip_prefix(".").unwrap_or(&path);
    println!("{}", shown.display());
    Ok(OK)
}

/// Creates a record of `kind` titled `title` under `root`; returns its path.
pub fn create(root: &Path, kind: Kind, title: &str, today: &str) -> Result<PathBuf> {
    let title = title.trim();
    if title.is_empty() {
        bail!(
            "the title is empty: write `shoshin new {} \"A title\"`",
            kind.as_str()
        );
    }
    let config = crate::project::load_config(root)?;
    let loaded = {
        let _phase = crate::timings::phase("load");
        crate::load::load(root, &config)
    };
    let ids: Vec<&str> = loaded
        .records
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.id.as_str())
        .collect();
    let on_branches = {
        let _phase = crate::timings::phase("ids on every branch");
        crate::history::branch_ids::ids_on_every_branch(root, &config, &loaded.records)
    };
    let all_ids: Vec<&str> = (loaded.records.iter().map(|r| r.id.as_str()))
        .chain(on_branches.iter().map(String::as_str))
        .collect();
    let (default_prefix, width) = kind.info().id_prefix;
    let prefix =
        crate::parse::ids::common_prefix(ids.iter().copied()).unwrap_or_else(|| default_prefix.to_string());
    let id = match kind {
        Kind::Session => crate::parse::ids::dated_id(ids.iter().copied(), today),
        _ => None,
    }
    .unwrap_or_else(|| crate::parse::ids::next_id(all_ids.iter().copied(), &prefix, width));
    let folders = match kind {
        Kind::Item => &config.folders.items,
        Kind::Decision => &config.folders.decisions,
        Kind::Session => &config.folders.sessions,
    };
    let folder = root.join(folders.first().map(String::as_str).unwrap_or(kind.plural()));
    let slug = crate::text::slug(title);
    let slug: String = slug.chars().take(60).collect();
    let name = match kind {
        Kind::Session => format!("{today}-{slug}.md"),
        _ => format!("{id}-{slug}.md"),
    };
    let path = folder.join(name);
    if path.exists() {
        bail!("{} already exists", path.display());
    }
    let template_name = format!("new-{}.md", kind.as_str());
    let user_template = root.join(&config.templates).join(&template_name);
    let template = if user_template.is_file() {
        std::fs::read_to_string(&user_template)
            .with_context(|| format!("cannot read {}", user_template.display()))?
    } else {
        TEMPLATES
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, t)| t.to_string())
            .unwrap_or_default()
    };
    // The title is written as a YAML double-quoted string, which JSON string syntax is.
    let quoted = serde_json::to_string(title)?;
    let text = template
        .replace("{id}", &id)
        .replace("{title}", &quoted)
        .replace("{date}", today);
    std::fs::create_dir_all(&folder).with_context(|| format!("cannot create {}", folder.display()))?;
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_repository_pattern_and_quotes_the_title() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("decisions")).unwrap();
        std::fs::write(
            dir.path().join("decisions/ADR-0007-x.md"),
            "---\nstatus: accepted\n---\n",
        )
        .unwrap();
        let path = create(dir.path(), Kind::Decision, "Use: Postgres \"now\"", "2026-11-22").unwrap();
        assert_eq!(path, dir.path().join("decisions/ADR-0008-use-postgres-now.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("id: ADR-0008\n"), "{text}");
        assert!(text.contains("date: 2026-11-22\n"), "{text}");
        let config = crate::config::Config::default();
        let loaded = crate::load::load(dir.path(), &config);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let record = loaded.records.iter().find(|r| r.id == "ADR-0008").unwrap();
        assert_eq!(record.title, "Use: Postgres \"now\"");
    }

    #[test]
    fn an_empty_repository_gets_default_ids() {
        let dir = tempfile::tempdir().unwrap();
        let item = create(dir.path(), Kind::Item, "First", "2026-11-22").unwrap();
        assert!(item.ends_with("items/ITEM-1-first.md"), "{}", item.display());
        let session = create(dir.path(), Kind::Session, "Payments", "2026-11-22").unwrap();
        assert!(session.ends_with("sessions/2026-11-22-payments.md"));
        assert!(std::fs::read_to_string(session).unwrap().contains("id: S-001"));
    }
}
