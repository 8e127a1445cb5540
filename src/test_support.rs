//! Helpers shared by the unit tests: records repositories in temporary folders.

use crate::config::Config;
use crate::index::Index;

/// A temporary records repository holding `files` (path, text).
pub fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("a file has a folder")).expect("folders are created");
        std::fs::write(full, text).expect("the file is written");
    }
    dir
}

/// Loads and indexes a temporary repository; returns it with its index and
/// the loader's diagnostics.
pub fn indexed(
    files: &[(&str, &str)],
    config: &Config,
) -> (tempfile::TempDir, Index, Vec<crate::diagnostic::Diagnostic>) {
    let dir = repo(files);
    let loaded = crate::load::load(dir.path(), config);
    let index = Index::build(loaded.records, config);
    (dir, index, loaded.diagnostics)
}
