//! Folders of records in existing formats: declared under `sources:` in
//! `shoshin.yaml`, or found while walking the root: the folder `.adr-dir`
//! names, the `adrFolder`s of `.log4brains.yml`, a `backlog/` folder, and the
//! well-known ADR folders (`doc/adr`, `docs/adr`, `docs/decisions`,
//! `docs/architecture/decisions`, `architecture-decision-record(s)`), at any depth.

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Kind, SourceFormat};
use std::path::{Component, Path, PathBuf};

/// Folder paths (relative, `/`-separated) that hold ADRs wherever they are.
const WELL_KNOWN: &[&str] = &[
    "doc/adr",
    "docs/adr",
    "docs/adrs",
    "doc/adrs",
    "docs/decisions",
    "doc/decisions",
    "docs/architecture/decisions",
    "doc/architecture/decisions",
    "docs/architecture-decisions",
    "architecture-decision-record",
    "architecture-decision-records",
];

/// What a Backlog.md `config.yml` says that matters for reading its tasks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BacklogSettings {
    /// `statuses`, in board order.
    pub statuses: Vec<String>,
    /// `task_prefix`, default `task`.
    pub task_prefix: String,
}

/// A folder of records in an existing format.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The folder, relative to the records root.
    pub path: PathBuf,
    /// The format every file is read as, when declared; else detected per file.
    pub forced: Option<SourceFormat>,
    /// The format assumed when a file shows no marker of any.
    pub default: SourceFormat,
    /// The kind of its records, when declared.
    pub kind: Option<Kind>,
    /// The id prefix of numbered files.
    pub prefix: String,
    /// How it was found, for `--explain-formats`.
    pub found_by: String,
    /// For a Backlog.md folder: its settings.
    pub backlog: Option<BacklogSettings>,
    /// For a folder found by [`super::survey`]: the rule that found it.
    pub found: Option<super::survey::FoundBy>,
}

impl Source {
    /// A source at `path` read as `default` when a file shows no marker.
    pub fn new(path: PathBuf, default: SourceFormat, found_by: impl Into<String>) -> Source {
        Source {
            path,
            forced: None,
            default,
            kind: None,
            prefix: "ADR".into(),
            found_by: found_by.into(),
            backlog: None,
            found: None,
        }
    }
}

/// Every source of a records root, grown while the root is walked.
#[derive(Debug, Default)]
pub struct Sources {
    /// The sources, in the order found.
    pub list: Vec<Source>,
}

fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(part) => out.push(part),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

impl Sources {
    /// The sources declared in the configuration.
    pub fn from_config(config: &Config) -> Sources {
        let mut sources = Sources::default();
        for declared in &config.sources {
            let Some(path) = normalise(Path::new(declared.path.trim())) else {
                continue;
            };
            let kind = declared.kind.as_deref().and_then(Kind::parse);
            let default = declared.forced_or(kind);
            let mut source = Source::new(path, default, "`sources` in shoshin.yaml");
            source.forced = declared.format;
            source.kind = kind;
            if let Some(prefix) = &declared.prefix {
                source.prefix = prefix.trim().to_string();
            }
            sources.list.push(source);
        }
        sources
    }

    /// The source holding `file` (relative to the root): the deepest one.
    pub fn find(&self, file: &Path) -> Option<usize> {
        self.list
            .iter()
            .enumerate()
            .filter(|(_, s)| file.starts_with(&s.path))
            .max_by_key(|(_, s)| s.path.components().count())
            .map(|(i, _)| i)
    }

    /// The source holding the folder `folder` (itself or a folder above it).
    pub fn find_folder(&self, folder: &Path) -> Option<usize> {
        self.find(folder)
    }

    fn add(&mut self, source: Source) {
        if !self.list.iter().any(|s| s.path == source.path) {
            self.list.push(source);
        }
    }

    /// Looks at a folder met by the walk (`relative` to `root`) for the
    /// markers of existing formats, and adds the sources they name.
    pub fn visit_folder(&mut self, root: &Path, relative: &Path, diagnostics: &mut Vec<Diagnostic>) {
        let folder = root.join(relative);
        let as_text = relative.to_string_lossy().replace('\\', "/");
        if WELL_KNOWN
            .iter()
            .any(|w| as_text == *w || as_text.ends_with(&format!("/{w}")))
        {
            self.add(Source::new(
                relative.to_path_buf(),
                SourceFormat::AdrTools,
                "a well-known ADR folder",
            ));
        }
        let adr_dir = folder.join(".adr-dir");
        if adr_dir.is_file() {
            let marker = relative.join(".adr-dir");
            match std::fs::read_to_string(&adr_dir) {
                Ok(text) => match normalise(&relative.join(text.trim())) {
                    Some(path) if root.join(&path).is_dir() => {
                        self.add(Source::new(path, SourceFormat::AdrTools, "`.adr-dir`"));
                    }
                    _ => diagnostics.push(
                        Diagnostic::new(
                            Code::FormatOddity,
                            &marker,
                            format!(
                                "`.adr-dir` names `{}`, which is not a folder of this repository",
                                text.trim()
                            ),
                        )
                        .with_help("write the ADR folder's path, relative to the folder of `.adr-dir`"),
                    ),
                },
                Err(error) => diagnostics.push(Diagnostic::new(
                    Code::FormatOddity,
                    &marker,
                    format!("cannot read `.adr-dir`: {error}"),
                )),
            }
        }
        for name in [".log4brains.yml", ".log4brains.yaml"] {
            if folder.join(name).is_file() {
                self.read_log4brains(root, relative, name, diagnostics);
            }
        }
        let is_backlog = relative
            .file_name()
            .is_some_and(|n| n == "backlog" || n == ".backlog")
            && (folder.join("config.yml").is_file() || folder.join("tasks").is_dir());
        if is_backlog && self.find(relative).is_none_or(|i| self.list[i].path != relative) {
            let mut source = Source::new(
                relative.to_path_buf(),
                SourceFormat::BacklogMd,
                "a Backlog.md `backlog/` folder",
            );
            source.forced = Some(SourceFormat::BacklogMd);
            source.backlog = Some(read_backlog_config(&folder, relative, diagnostics));
            self.add(source);
        } else if let Some(i) = self.find(relative) {
            // A declared Backlog.md source gets its settings too.
            if self.list[i].path == relative
                && self.list[i].forced == Some(SourceFormat::BacklogMd)
                && self.list[i].backlog.is_none()
            {
                self.list[i].backlog = Some(read_backlog_config(&folder, relative, diagnostics));
            }
        }
    }

    fn read_log4brains(
        &mut self,
        root: &Path,
        relative: &Path,
        name: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let marker = relative.join(name);
        let text = std::fs::read_to_string(root.join(&marker)).unwrap_or_default();
        let value: serde_yaml::Value = match serde_yaml::from_str(&text) {
            Ok(value) => value,
            Err(error) => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::FormatOddity,
                        &marker,
                        format!("cannot read `{name}`: {error}"),
                    )
                    .with_help("fix its YAML, or declare the ADR folder under `sources:` in shoshin.yaml"),
                );
                return;
            }
        };
        let project = &value["project"];
        let mut folders: Vec<String> = project["adrFolder"]
            .as_str()
            .map(str::to_string)
            .into_iter()
            .collect();
        if let Some(packages) = project["packages"].as_sequence() {
            folders.extend(
                packages
                    .iter()
                    .filter_map(|p| p["adrFolder"].as_str().map(str::to_string)),
            );
        }
        for folder in folders {
            match normalise(&relative.join(folder.trim())) {
                Some(path) if root.join(&path).is_dir() => {
                    let mut source =
                        Source::new(path, SourceFormat::Log4brains, format!("`adrFolder` in `{name}`"));
                    source.forced = Some(SourceFormat::Log4brains);
                    self.list.retain(|s| s.path != source.path);
                    self.list.push(source);
                }
                _ => diagnostics.push(
                    Diagnostic::new(
                        Code::FormatNote,
                        &marker,
                        format!(
                            "`adrFolder: {folder}` names no folder of this repository; nothing read there"
                        ),
                    )
                    .with_help("fix the path, or ignore this note when that package's ADRs live elsewhere"),
                ),
            }
        }
    }
}

impl crate::config::SourceConfig {
    fn forced_or(&self, kind: Option<Kind>) -> SourceFormat {
        match (self.format, kind) {
            (Some(format), _) => format,
            (None, Some(Kind::Item)) => SourceFormat::BacklogMd,
            _ => SourceFormat::AdrTools,
        }
    }
}

fn read_backlog_config(folder: &Path, relative: &Path, diagnostics: &mut Vec<Diagnostic>) -> BacklogSettings {
    let mut settings = BacklogSettings {
        statuses: Vec::new(),
        task_prefix: "task".into(),
    };
    let path = folder.join("config.yml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return settings;
    };
    match serde_yaml::from_str::<serde_yaml::Value>(&text) {
        Ok(value) => {
            if let Some(list) = value["statuses"].as_sequence() {
                settings.statuses = list
                    .iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect();
            }
            if let Some(prefix) = value["task_prefix"].as_str().filter(|p| !p.trim().is_empty()) {
                settings.task_prefix = prefix.trim().to_string();
            }
        }
        Err(error) => diagnostics.push(
            Diagnostic::new(
                Code::FormatOddity,
                relative.join("config.yml"),
                format!("cannot read Backlog.md's `config.yml`: {error}"),
            )
            .with_help("fix its YAML; until then statuses are read by their names only"),
        ),
    }
    settings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_folders_adr_dir_log4brains_and_backlog_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in ["svc/docs/adr", "arch/records", "kb/adr", "backlog/tasks"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        std::fs::write(root.join(".adr-dir"), "arch/records\n").unwrap();
        std::fs::write(
            root.join(".log4brains.yml"),
            "project:\n  adrFolder: ./kb/adr\n  packages:\n    - adrFolder: ./gone\n",
        )
        .unwrap();
        std::fs::write(
            root.join("backlog/config.yml"),
            "statuses: [\"To Do\", \"Done\"]\ntask_prefix: back\n",
        )
        .unwrap();
        let mut sources = Sources::default();
        let mut diagnostics = Vec::new();
        for folder in ["", "svc/docs/adr", "backlog"] {
            sources.visit_folder(root, Path::new(folder), &mut diagnostics);
        }
        let found: Vec<_> = sources
            .list
            .iter()
            .map(|s| (s.path.to_string_lossy().to_string(), s.default))
            .collect();
        assert!(
            found.contains(&("arch/records".into(), SourceFormat::AdrTools)),
            "{found:?}"
        );
        assert!(
            found.contains(&("kb/adr".into(), SourceFormat::Log4brains)),
            "{found:?}"
        );
        assert!(
            found.contains(&("svc/docs/adr".into(), SourceFormat::AdrTools)),
            "{found:?}"
        );
        let backlog = &sources.list[sources.find(Path::new("backlog/tasks/a.md")).unwrap()];
        assert_eq!(backlog.backlog.as_ref().unwrap().task_prefix, "back");
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("./gone"), "{:?}", diagnostics[0]);
    }
}
