//! Sorting the paths a file watcher reports into what they mean for the
//! site: record files to reload, a change that needs everything rebuilt
//! (configuration, templates, a linked file), or nothing (editor temporary
//! files, hidden folders, the output folder, unrelated files).

use crate::config::{Config, FILE_NAMES};
use crate::load::partial::{is_candidate, is_skipped};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What a batch of changed paths asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Nothing the site depends on changed.
    Nothing,
    /// Only these record files (relative to the root) changed: created,
    /// edited, deleted or renamed.
    Records(HashSet<PathBuf>),
    /// Reload and render everything, for the reason given.
    Everything(String),
}

/// What the classification needs to know about the current site.
pub struct Known<'a> {
    /// The configuration.
    pub config: &'a Config,
    /// Files of the records loaded now (relative), to see what a removed
    /// folder held.
    pub record_files: &'a [&'a Path],
    /// Non-record files that records link to, copied into the site.
    pub linked_files: &'a HashSet<PathBuf>,
}

/// True for the temporary and backup files editors write beside the file
/// being edited (`.x.swp`, `x~`, `.#x`, `#x#`, `4913`, `x.tmp`).
pub fn is_editor_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    name == "4913"
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with('~')
        || [".swp", ".swx", ".swo", ".tmp", ".bak"]
            .iter()
            .any(|e| name.ends_with(e))
}

/// Classifies changed paths (absolute, or relative to `root`); an empty path
/// means the watcher lost events, so everything is rebuilt.
pub fn classify(root: &Path, known: &Known, paths: &[PathBuf]) -> Change {
    let mut records = HashSet::new();
    if paths.iter().any(|p| p.as_os_str().is_empty()) {
        return Change::Everything("changes were missed by the file watcher".into());
    }
    for path in paths {
        let relative = match path.strip_prefix(root) {
            Ok(relative) => relative.to_path_buf(),
            Err(_) if path.is_relative() => path.clone(),
            Err(_) => continue,
        };
        if relative.as_os_str().is_empty() || is_editor_temporary(&relative) {
            continue;
        }
        let output = Path::new(known.config.output.trim_matches('/'));
        if !output.as_os_str().is_empty() && relative.starts_with(output) {
            continue;
        }
        if FILE_NAMES.iter().any(|name| relative == Path::new(name)) {
            return Change::Everything(format!("{} changed", relative.display()));
        }
        let templates = Path::new(known.config.templates.trim_matches('/'));
        if !templates.as_os_str().is_empty() && relative.starts_with(templates) && !is_hidden(&relative) {
            return Change::Everything(format!("{} changed", relative.display()));
        }
        if is_skipped(&relative, known.config) {
            continue;
        }
        let full = root.join(&relative);
        if full.is_dir() {
            // A folder created or renamed into place: every record file in it.
            for entry in walkdir::WalkDir::new(&full)
                .follow_links(true)
                .into_iter()
                .flatten()
            {
                if let Ok(inner) = entry.path().strip_prefix(root) {
                    if entry.file_type().is_file() && is_candidate(inner, known.config) {
                        records.insert(inner.to_path_buf());
                    }
                }
            }
            continue;
        }
        if is_candidate(&relative, known.config) {
            records.insert(relative);
            continue;
        }
        if known.linked_files.contains(&relative) {
            return Change::Everything(format!("{} changed", relative.display()));
        }
        // A folder deleted or renamed away: the records it held.
        records.extend(
            known
                .record_files
                .iter()
                .filter(|f| f.starts_with(&relative))
                .map(|f| f.to_path_buf()),
        );
    }
    if records.is_empty() {
        Change::Nothing
    } else {
        Change::Records(records)
    }
}

fn is_hidden(relative: &Path) -> bool {
    relative
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_in(root: &Path, record_files: &[&str], linked: &[&str], paths: &[&str]) -> Change {
        let config = Config::default();
        let record_files: Vec<&Path> = record_files.iter().map(Path::new).collect();
        let linked_files = linked.iter().map(PathBuf::from).collect();
        let known = Known {
            config: &config,
            record_files: &record_files,
            linked_files: &linked_files,
        };
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        classify(root, &known, &paths)
    }

    fn set(paths: &[&str]) -> Change {
        Change::Records(paths.iter().map(PathBuf::from).collect())
    }

    #[test]
    fn editor_files_hidden_folders_and_output_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        for path in [
            "items/.PAY-1.md.swp",
            "items/PAY-1.md~",
            "items/.#PAY-1.md",
            "items/4913",
            "items/#PAY-1.md#",
            "items/PAY-1.md.tmp",
            ".git/index",
            "public/items/PAY-1/index.html",
            "notes.txt",
        ] {
            assert_eq!(
                classify_in(dir.path(), &[], &[], &[path]),
                Change::Nothing,
                "{path}"
            );
        }
    }

    #[test]
    fn record_files_are_collected_and_config_or_templates_rebuild_everything() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            classify_in(
                dir.path(),
                &[],
                &[],
                &["items/PAY-1.md", "items/PAY-1.md~", "decisions/ADR-1.md"]
            ),
            set(&["items/PAY-1.md", "decisions/ADR-1.md"])
        );
        assert_eq!(
            classify_in(dir.path(), &[], &[], &["items/PAY-1.md", "shoshin.yaml"]),
            Change::Everything("shoshin.yaml changed".into())
        );
        assert_eq!(
            classify_in(dir.path(), &[], &[], &["templates/item.html"]),
            Change::Everything("templates/item.html changed".into())
        );
        assert_eq!(
            classify_in(dir.path(), &[], &["items/diagram.png"], &["items/diagram.png"]),
            Change::Everything("items/diagram.png changed".into())
        );
    }

    #[test]
    fn lost_events_rebuild_everything() {
        let dir = tempfile::tempdir().unwrap();
        let paths = vec![dir.path().join("items/PAY-1.md"), PathBuf::new()];
        let config = Config::default();
        let empty = HashSet::new();
        let known = Known {
            config: &config,
            record_files: &[],
            linked_files: &empty,
        };
        assert!(matches!(
            classify(dir.path(), &known, &paths),
            Change::Everything(_)
        ));
    }

    #[test]
    fn folders_renamed_in_or_away_give_their_records() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("items/new")).unwrap();
        std::fs::write(dir.path().join("items/new/PAY-9.md"), "# Nine").unwrap();
        assert_eq!(
            classify_in(dir.path(), &[], &[], &["items/new"]),
            set(&["items/new/PAY-9.md"])
        );
        assert_eq!(
            classify_in(
                dir.path(),
                &["items/old/PAY-1.md", "items/PAY-2.md"],
                &[],
                &["items/old"]
            ),
            set(&["items/old/PAY-1.md"])
        );
    }
}
