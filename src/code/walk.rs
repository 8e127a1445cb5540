//! Walking the code root: every file a pattern may match, and the text of
//! the source files whose comments may cite decisions.
//!
//! The walk is ripgrep's ([ignore](https://docs.rs/ignore)): `.gitignore`,
//! `.ignore` and `.git/info/exclude` are respected (in a folder that is
//! not a git repository too), hidden files and folders are skipped, and
//! symbolic links are never followed, so the walk cannot leave the code
//! root. The records repository's own folders (records, templates, the
//! output, `ignore:`) are never read as code, and source files are read
//! with the loader's limits: not larger than a record may be, not binary,
//! UTF-8.

use crate::config::Config;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A file under the code root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CodeFile {
    /// The path relative to the code root, with `/`.
    pub path: String,
}

/// The folders of the records repository that hold no code, as absolute
/// paths of the records root: record folders, templates, output and
/// `ignore:`.
fn records_folders(root: &Path, config: &Config) -> Vec<PathBuf> {
    let folders = config
        .folders
        .items
        .iter()
        .chain(&config.folders.decisions)
        .chain(&config.folders.sessions);
    folders
        .chain(config.sources.iter().map(|s| &s.path))
        .chain([&config.templates, &config.output])
        .chain(&config.ignore)
        .map(|folder| folder.trim().trim_matches('/'))
        .filter(|folder| !folder.is_empty())
        .map(|folder| normalise(&root.join(folder)))
        .collect()
}

/// `path` made absolute and without `.` or `..` parts, without touching
/// the file system (the folder may not exist).
pub fn normalise(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Every file under `code_root` (absolute), sorted by path, leaving out
/// the records repository's own folders (`root` is the records root).
pub fn files(code_root: &Path, root: &Path, config: &Config) -> Vec<CodeFile> {
    walk(code_root, root, config, None)
}

/// The files of [`files`] that are `within` (a path relative to the code
/// root) or under it, found by walking only the folders on the way to it:
/// the same `.gitignore` and hidden-file rules apply, since the walk still
/// starts at the code root and reads every ignore file on the way.
pub fn files_within(code_root: &Path, root: &Path, config: &Config, within: &Path) -> Vec<CodeFile> {
    walk(code_root, root, config, Some(within.to_path_buf()))
}

fn walk(code_root: &Path, root: &Path, config: &Config, within: Option<PathBuf>) -> Vec<CodeFile> {
    let skip = records_folders(root, config);
    let base = code_root.to_path_buf();
    // The parallel walker decides on a folder before opening it, where the
    // sequential one opens every folder it then skips: asked about one
    // path, only the folders on the way to it are opened, by one thread.
    let threads = if within.is_some() {
        1
    } else {
        rayon::current_num_threads()
    };
    let walker = ignore::WalkBuilder::new(code_root)
        .threads(threads)
        .follow_links(false)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .parents(false)
        .filter_entry(move |entry| {
            let name = entry.file_name();
            let on_the_way = within.as_ref().is_none_or(|within| {
                let relative = entry.path().strip_prefix(&base).unwrap_or(entry.path());
                within.starts_with(relative) || relative.starts_with(within)
            });
            on_the_way
                && !(name == "node_modules" || name == "target" || skip.iter().any(|s| entry.path() == s))
        })
        .build_parallel();
    let found = std::sync::Mutex::new(Vec::new());
    walker.visit(&mut Collect {
        code_root,
        found: &found,
    });
    let mut out = found
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    out.sort();
    out
}

/// Gathers the files each thread of the parallel walk finds, then hands
/// them over at once when the thread is done.
struct Collect<'a> {
    code_root: &'a Path,
    found: &'a std::sync::Mutex<Vec<CodeFile>>,
}

/// One thread's files.
struct Files<'a> {
    code_root: &'a Path,
    files: Vec<CodeFile>,
    found: &'a std::sync::Mutex<Vec<CodeFile>>,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for Collect<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Files {
            code_root: self.code_root,
            files: Vec::new(),
            found: self.found,
        })
    }
}

impl ignore::ParallelVisitor for Files<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        let file = entry
            .ok()
            .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
            .and_then(|entry| {
                let relative = entry.path().strip_prefix(self.code_root).ok()?;
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                Some(CodeFile {
                    path: parts.join("/"),
                })
            });
        self.files.extend(file);
        ignore::WalkState::Continue
    }
}

impl Drop for Files<'_> {
    fn drop(&mut self) {
        let mut found = self
            .found
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        found.append(&mut self.files);
    }
}

/// The text of a source file (relative to `code_root`), read as [`sources`]
/// reads it: `None` when it is too large, binary or not UTF-8.
pub fn source(code_root: &Path, file: &CodeFile) -> Option<String> {
    super::comments::Family::of(Path::new(&file.path))?;
    let bytes = crate::safe_files::read_limited(&code_root.join(&file.path), crate::safe_files::RECORD_LIMIT)
        .ok()?
        .ok()?;
    if bytes.contains(&0) {
        return None;
    }
    String::from_utf8(bytes).ok()
}

/// The text of each source file among `files` (those whose language
/// [`super::comments::Family::of`] knows), read in parallel; files too
/// large, binary or not UTF-8 are left out.
pub fn sources(code_root: &Path, files: &[CodeFile]) -> Vec<(usize, String)> {
    files
        .par_iter()
        .enumerate()
        .filter_map(|(i, file)| Some((i, source(code_root, file)?)))
        .collect()
}
