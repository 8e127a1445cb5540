//! Helpers for the hostile cases: a run that must end within a time limit,
//! a snapshot of every file outside the output folder, and the diagnostics
//! of a `--format json` run.

use crate::common::{Repo, Run};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs shoshin in `repo` with `args`; panics (after killing it) when it has
/// not ended within `limit`: a hang is the defect, not a slow machine.
pub fn run_within(repo: &Repo, args: &[&str], limit: Duration) -> Run {
    run_with_env(repo, args, &[], limit)
}

/// [`run_within`], with the environment variables `env` set.
pub fn run_with_env(repo: &Repo, args: &[&str], env: &[(&str, &str)], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shoshin"))
        .args(args)
        .current_dir(repo.root())
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the shoshin binary runs");
    // Read both pipes beside the wait, so a large output cannot fill a pipe
    // and stall the child.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || read_all(&mut stdout));
    let err = std::thread::spawn(move || read_all(&mut stderr));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("shoshin {args:?} did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn read_all(pipe: &mut impl std::io::Read) -> String {
    let mut bytes = Vec::new();
    let _ = pipe.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// What a path is, for comparing folders before and after a run.
#[derive(Debug, PartialEq, Eq)]
pub enum Entry {
    File(Vec<u8>),
    Link(PathBuf),
    Folder,
    Other,
}

/// Every path under `dir` but those under `skip` (relative), without
/// following links.
pub fn snapshot(dir: &Path, skip: &[&str]) -> Vec<(PathBuf, Entry)> {
    let mut all = Vec::new();
    let walker = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in walker.filter_entry(|e| {
        let relative = e.path().strip_prefix(dir).unwrap();
        !skip.iter().any(|s| relative.starts_with(s))
    }) {
        let entry = entry.unwrap();
        let kind = entry.file_type();
        let what = if kind.is_symlink() {
            Entry::Link(std::fs::read_link(entry.path()).unwrap())
        } else if kind.is_dir() {
            Entry::Folder
        } else if kind.is_file() {
            Entry::File(std::fs::read(entry.path()).unwrap_or_default())
        } else {
            Entry::Other
        };
        all.push((entry.path().strip_prefix(dir).unwrap().to_path_buf(), what));
    }
    all
}

/// Every path of the repository that shoshin must leave alone: all but the
/// output folder `public` and shoshin's caches in `.git/shoshin`.
pub fn outside_output(repo: &Repo) -> Vec<(PathBuf, Entry)> {
    snapshot(repo.root(), &["public", ".git/shoshin"])
}

/// The diagnostics of a `--format json` run, as (code, file, message).
pub fn diagnostics(run: &Run) -> Vec<(String, String, String)> {
    let value: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_string();
            (text("code"), text("file"), text("message"))
        })
        .collect()
}

/// The one diagnostic with `code` naming `file`; panics naming all of them
/// when there is none.
pub fn find<'a>(all: &'a [(String, String, String)], code: &str, file: &str) -> &'a (String, String, String) {
    all.iter()
        .find(|(c, f, _)| c == code && f == file)
        .unwrap_or_else(|| panic!("no {code} names {file}: {all:#?}"))
}

/// True when `needle` occurs in any file under `dir`.
pub fn any_file_holds(dir: &Path, needle: &str) -> Option<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .find(|e| {
            std::fs::read(e.path())
                .map(|bytes| String::from_utf8_lossy(&bytes).contains(needle))
                .unwrap_or(false)
        })
        .map(|e| e.path().to_path_buf())
}

/// The names in `dir` that start with `.shoshin`: staging folders and
/// previous sites left behind.
pub fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".shoshin"))
        .collect()
}

/// A generous limit for one run on a slow machine, in a debug build.
pub const GENEROUS: Duration = Duration::from_secs(120);
