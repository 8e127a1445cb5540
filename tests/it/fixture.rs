//! Fixture folders with their expected output: `tests/fixtures/<name>/` holds
//! a small records repository as real files (Markdown records, a
//! `shoshin.yaml` when needed) and, in `expected/`, what shoshin must print
//! or write for it.
//!
//! [`repo`] copies a fixture, all but `expected/`, into a temporary folder;
//! [`assert_expected`] compares an output with its expected file and, when it
//! differs, fails with a line diff. After an intended change of output, run
//! the tests with `SHOSHIN_BLESS=1` to write the new outputs into the
//! expected files, and read the change with `git diff tests/fixtures`.

use crate::common::{project_dir, Repo};
use std::path::{Path, PathBuf};

/// The environment variable that turns comparisons into rewrites.
const BLESS: &str = "SHOSHIN_BLESS";

/// The folder of fixture `name`.
pub fn dir(name: &str) -> PathBuf {
    project_dir().join("tests/fixtures").join(name)
}

/// A temporary repository holding fixture `name`'s records: every file of
/// its folder but those under `expected/`.
pub fn repo(name: &str) -> Repo {
    let from = dir(name);
    assert!(from.is_dir(), "no fixture folder {}", from.display());
    let repo = Repo::new();
    for entry in walkdir::WalkDir::new(&from).sort_by_file_name() {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(&from).unwrap();
        if relative.starts_with("expected") || !entry.file_type().is_file() {
            continue;
        }
        let target = repo.root().join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(entry.path(), &target).unwrap();
    }
    repo
}

/// Asserts that `actual` is the text of `expected/<file>` in fixture
/// `name`; with `SHOSHIN_BLESS=1`, writes `actual` there instead.
#[track_caller]
pub fn assert_expected(name: &str, file: &str, actual: &str) {
    let path = dir(name).join("expected").join(file);
    if std::env::var(BLESS).as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with {BLESS}=1 to write it from this output:\n{actual}",
            shown(&path)
        )
    });
    if expected != actual {
        panic!(
            "the output differs from {} (- expected, + actual); \
             if the change is intended, run with {BLESS}=1 and review `git diff`:\n{}",
            shown(&path),
            line_diff(&expected, actual)
        );
    }
}

/// A path as the project names it (relative to its root).
fn shown(path: &Path) -> String {
    let root = project_dir();
    path.strip_prefix(&root).unwrap_or(path).display().to_string()
}

/// A readable line diff: lines only in `old` start with `-`, lines only in
/// `new` with `+`, and shared lines next to a change with two spaces; runs of
/// unchanged lines further away are elided.
pub fn line_diff(old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let ops = edit_script(&old, &new);
    // Keep two lines of context around each change.
    let near_change = |i: usize| {
        let from = i.saturating_sub(2);
        let to = (i + 3).min(ops.len());
        ops[from..to].iter().any(|op| !matches!(op, Op::Same(_)))
    };
    let mut out = String::new();
    let mut elided = false;
    for (i, op) in ops.iter().enumerate() {
        match op {
            Op::Same(_) if !near_change(i) => {
                if !elided {
                    out.push_str("  ...\n");
                    elided = true;
                }
                continue;
            }
            Op::Same(line) => out.push_str(&format!("  {line}\n")),
            Op::Removed(line) => out.push_str(&format!("- {line}\n")),
            Op::Added(line) => out.push_str(&format!("+ {line}\n")),
        }
        elided = false;
    }
    if ops.iter().all(|op| matches!(op, Op::Same(_))) {
        // Every line is the same: the texts differ in their line endings.
        out.push_str("(the lines are the same; the line endings or the final newline differ)\n");
    }
    out
}

/// One line of an edit script.
enum Op<'a> {
    Same(&'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// The shortest edit script from `old` to `new` by longest common
/// subsequence, after the common first and last lines are set aside (the
/// outputs compared here are small, and differ in few places).
fn edit_script<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Op<'a>> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<Op> = old[..prefix].iter().map(|l| Op::Same(l)).collect();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push(Op::Same(a[i]));
            (i, j) = (i + 1, j + 1);
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(Op::Removed(a[i]));
            i += 1;
        } else {
            ops.push(Op::Added(b[j]));
            j += 1;
        }
    }
    ops.extend(old[old.len() - suffix..].iter().map(|l| Op::Same(l)));
    ops
}

#[test]
fn the_diff_names_removed_and_added_lines_with_context() {
    let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
    let new = "a\nb\nc\nD\ne\nf\ng\nh\ni\n";
    assert_eq!(
        line_diff(old, new),
        "  ...\n  b\n  c\n- d\n+ D\n  e\n  f\n  g\n  h\n+ i\n"
    );
}
