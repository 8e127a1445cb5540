//! Helpers for the end-to-end tests: a records repository in a temporary
//! folder, and the `shoshin` binary run against it.

#![allow(dead_code)]

pub mod git_http;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A records repository in a temporary folder.
pub struct Repo {
    pub dir: tempfile::TempDir,
}

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Stdout read as one JSON value (`--format json`, `export`); the test
    /// fails showing both outputs when it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON value ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

impl Repo {
    /// An empty repository.
    pub fn new() -> Repo {
        Repo {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A repository holding `files`.
    pub fn with(files: &[(&str, &str)]) -> Repo {
        let repo = Repo::new();
        for (path, text) in files {
            repo.write(path, text);
        }
        repo
    }

    /// The repository's root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file, creating folders.
    pub fn write(&self, path: &str, text: &str) {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }

    /// Reads a file of the repository (or of its output).
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Replaces the first `from` in a file by `to`; `from` must be there.
    pub fn replace(&self, path: &str, from: &str, to: &str) {
        let text = self.read(path);
        assert!(text.contains(from), "{path} has no {from:?}");
        self.write(path, &text.replacen(from, to, 1));
    }

    /// Makes the folder a git repository (branch `main`), with no commit yet.
    pub fn git_init(&self) {
        self.git(&["init", "-q", "-b", "main"], "nobody", "2026-01-01");
    }

    /// Commits every change (`git add -A`) as `author` at noon UTC+1 on `date`
    /// (`YYYY-MM-DD`): the same author and date for author and committer.
    pub fn commit(&self, author: &str, date: &str, message: &str) {
        self.git(&["add", "-A"], author, date);
        self.git(&["commit", "-q", "--allow-empty", "-m", message], author, date);
    }

    /// Runs `git` in the repository, as `author` on `date`, away from any
    /// global or system configuration.
    pub fn git(&self, args: &[&str], author: &str, date: &str) -> String {
        let when = format!("{date}T12:00:00+01:00");
        let email = format!("{author}@example.com");
        let output = Command::new("git")
            .args(args)
            .current_dir(self.root())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", author)
            .env("GIT_AUTHOR_EMAIL", &email)
            .env("GIT_AUTHOR_DATE", &when)
            .env("GIT_COMMITTER_NAME", author)
            .env("GIT_COMMITTER_EMAIL", &email)
            .env("GIT_COMMITTER_DATE", &when)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The diagnostics `check --format json` reports, in its order.
    pub fn diagnostics(&self) -> Vec<serde_json::Value> {
        let report = self.run(&["check", "--format", "json"]).json();
        match report["diagnostics"].as_array() {
            Some(diagnostics) => diagnostics.clone(),
            None => panic!("no diagnostics list in {report:#}"),
        }
    }

    /// Runs shoshin with `args`, in the repository's root.
    pub fn run(&self, args: &[&str]) -> Run {
        shoshin(self.root(), args)
    }
}

/// Runs the binary in `dir`.
pub fn shoshin(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_shoshin"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the shoshin binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The project's own folder (where `example-site/` is).
pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, relative, sorted, with its bytes.
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Copies a folder recursively (to build the example site without touching it).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(|e| e.ok()) {
        let relative = entry.path().strip_prefix(from).unwrap();
        if relative.starts_with("public") {
            continue;
        }
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
