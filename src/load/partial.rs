//! Reloading only some files of the records root, for `serve`: after an edit
//! the changed files are read again with the same per-file loader as a full
//! load, and their results replace the old ones in a [`Loaded`].

use super::{kind_of_path, load_file, load_text, Candidate, FileResult, Loaded};
use crate::config::Config;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// True when a full load would read `relative` (a path under the records
/// root) as a possible record: a Markdown file outside hidden folders, the
/// output and templates folders and the ignored paths.
pub fn is_candidate(relative: &Path, config: &Config) -> bool {
    let markdown = relative
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    markdown && !is_skipped(relative, config)
}

/// True when a full load never looks at `relative`: it is inside a hidden
/// folder, `node_modules`, `target`, the output or templates folder, or an
/// ignored path.
pub fn is_skipped(relative: &Path, config: &Config) -> bool {
    let hidden = relative.components().any(|c| match c {
        Component::Normal(name) => {
            let name = name.to_string_lossy();
            name.starts_with('.') || name == "node_modules" || name == "target"
        }
        _ => true,
    });
    hidden
        || [config.output.as_str(), config.templates.as_str()]
            .into_iter()
            .chain(config.ignore.iter().map(String::as_str))
            .map(|p| Path::new(p.trim_matches('/')))
            .filter(|p| !p.as_os_str().is_empty())
            .any(|skip| relative.starts_with(skip))
}

/// Reads `changed` files again (paths relative to `root`) and updates
/// `loaded`: what the old versions gave is dropped, and each file that still
/// exists and is a candidate is loaded anew. Deleted files simply disappear.
///
/// Files of existing formats (adr-tools, MADR, Backlog.md…) are numbered and
/// resolved across their whole folder, and a new file outside the configured
/// record folders may start such a folder: then everything is loaded again.
pub fn reload(loaded: &mut Loaded, root: &Path, config: &Config, changed: &HashSet<PathBuf>) {
    reload_with_texts(loaded, root, config, changed, &HashMap::new());
}

/// [`reload`], with the text of some files given rather than read from
/// disk (`texts`, by path relative to `root`): an editor's unsaved text
/// under `shoshin lsp`. A given text counts even when the file is not on
/// disk yet. When everything must be loaded again (files of existing
/// formats), the given texts of files in the configured record folders
/// replace what the disk holds; files of existing formats are read as saved.
pub fn reload_with_texts(
    loaded: &mut Loaded,
    root: &Path,
    config: &Config,
    changed: &HashSet<PathBuf>,
    texts: &HashMap<PathBuf, String>,
) {
    let foreign = loaded
        .records
        .iter()
        .any(|r| r.format != crate::model::SourceFormat::Native)
        || !loaded.skipped.is_empty()
        || changed
            .iter()
            .any(|p| is_candidate(p, config) && kind_of_path(p, config).is_none());
    if foreign {
        *loaded = super::load(root, config);
        let unsaved: HashSet<PathBuf> = (texts.keys())
            .filter(|path| kind_of_path(path, config).is_some())
            .cloned()
            .collect();
        replace(loaded, root, config, &unsaved, texts);
        return;
    }
    replace(loaded, root, config, changed, texts);
}

/// Drops what the `changed` files gave and loads them again, each from its
/// text in `texts` or else from disk.
fn replace(
    loaded: &mut Loaded,
    root: &Path,
    config: &Config,
    changed: &HashSet<PathBuf>,
    texts: &HashMap<PathBuf, String>,
) {
    loaded.records.retain(|r| !changed.contains(&r.file));
    loaded.diagnostics.retain(|d| !changed.contains(&d.file));
    loaded.unparsed.retain(|(path, _)| !changed.contains(path));
    let mut candidates: Vec<Candidate> = changed
        .iter()
        .filter(|path| is_candidate(path, config) && (texts.contains_key(*path) || root.join(path).is_file()))
        .map(|path| Candidate {
            path: path.clone(),
            folder_kind: kind_of_path(path, config),
            source: None,
            skip: None,
        })
        .collect();
    candidates.sort_by(|a, b| a.path.cmp(&b.path));
    let sources = super::formats::Sources::from_config(config);
    let results: Vec<FileResult> = candidates
        .par_iter()
        .map(|candidate| match texts.get(&candidate.path) {
            Some(text) => load_text(root, candidate, text.clone(), &sources, config),
            None => load_file(root, candidate, &sources, config),
        })
        .collect();
    for result in results {
        match result {
            FileResult::Record(record, found) => {
                loaded.records.push(*record);
                loaded.diagnostics.extend(found);
            }
            FileResult::NotARecord => {}
            FileResult::Failed(path, text, found) => {
                loaded.unparsed.push((path, text));
                loaded.diagnostics.extend(found);
            }
            FileResult::Skipped(path, reason, found) => {
                loaded.skipped.push((path, reason));
                loaded.diagnostics.extend(found);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }

    #[test]
    fn candidates_skip_hidden_output_and_ignored_paths() {
        let config = Config {
            ignore: vec!["drafts/".into()],
            ..Config::default()
        };
        assert!(is_candidate(Path::new("items/PAY-1.md"), &config));
        assert!(!is_candidate(Path::new("items/PAY-1.md.swp"), &config));
        assert!(!is_candidate(Path::new("items/.#PAY-1.md"), &config));
        assert!(!is_candidate(Path::new(".git/PAY-1.md"), &config));
        assert!(!is_candidate(Path::new("public/items/x.md"), &config));
        assert!(!is_candidate(Path::new("templates/item.md"), &config));
        assert!(!is_candidate(Path::new("drafts/PAY-2.md"), &config));
        assert!(!is_candidate(Path::new("../items/PAY-1.md"), &config));
    }

    #[test]
    fn a_given_text_is_read_as_the_same_text_on_disk_would_be() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let config = Config::default();
        write(root, "items/PAY-1.md", "---\ntitle: One\n---\n");
        let mut loaded = super::super::load(root, &config);
        // An unsaved edit, and a new file that is not on disk at all.
        let texts = HashMap::from([
            (
                PathBuf::from("items/PAY-1.md"),
                "\u{feff}---\ntitle: [broken\n---\n".to_string(),
            ),
            (
                PathBuf::from("items/PAY-2.md"),
                "---\ntitle: Two\n---\n".to_string(),
            ),
        ]);
        let changed: HashSet<PathBuf> = texts.keys().cloned().collect();
        reload_with_texts(&mut loaded, root, &config, &changed, &texts);
        for (path, text) in &texts {
            write(root, path.to_str().unwrap(), text);
        }
        let fresh = super::super::load(root, &config);
        let files = |l: &Loaded| l.records.iter().map(|r| r.file.clone()).collect::<HashSet<_>>();
        assert_eq!(files(&loaded), files(&fresh));
        assert_eq!(loaded.diagnostics, fresh.diagnostics);
        assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
    }

    #[test]
    fn reloading_a_file_equals_loading_everything_again() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let config = Config::default();
        write(root, "items/PAY-1.md", "---\ntitle: One\n---\n");
        write(root, "items/PAY-2.md", "---\ntitle: Two\n---\n");
        let mut loaded = super::super::load(root, &config);

        write(root, "items/PAY-1.md", "---\ntitle: [broken\n---\n");
        std::fs::remove_file(root.join("items/PAY-2.md")).unwrap();
        write(root, "items/PAY-3.md", "---\ntitle: Three\n---\n");
        let changed: HashSet<PathBuf> = ["items/PAY-1.md", "items/PAY-2.md", "items/PAY-3.md"]
            .into_iter()
            .map(PathBuf::from)
            .collect();
        reload(&mut loaded, root, &config, &changed);

        let fresh = super::super::load(root, &config);
        let titles = |l: &Loaded| {
            let mut t: Vec<(PathBuf, String)> = l
                .records
                .iter()
                .map(|r| (r.file.clone(), r.title.clone()))
                .collect();
            t.sort();
            t
        };
        assert_eq!(titles(&loaded), titles(&fresh));
        assert_eq!(loaded.diagnostics, fresh.diagnostics);
        assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
    }
}
