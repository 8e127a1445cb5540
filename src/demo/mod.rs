//! `shoshin demo`'s records: the files of `example-site/`, carried in the
//! binary, written into a new git repository whose history is the one
//! `example-site/history.yaml` scripts ([`script`]), committed with gix at
//! fixed dates so that every run makes the same commits.
//!
//! The script and the versions it keeps (`history.yaml`, `history/`) are
//! not written: they are how the past is told, not records.

mod index_file;
pub mod script;

use anyhow::{bail, Context, Result};
use gix::objs::tree::EntryKind;
use gix::ObjectId;
use script::{Change, Script};
use std::collections::BTreeMap;
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/example_site.rs"));
}

/// The script's file, in `example-site/`.
pub const SCRIPT: &str = "history.yaml";
/// The folder of kept earlier versions, in `example-site/`.
pub const KEPT: &str = "history/";

/// What [`write`] made.
#[derive(Debug)]
pub struct Written {
    /// Commits made, the closing one included.
    pub commits: usize,
    /// Distinct commit authors.
    pub authors: usize,
    /// Files in the final tree.
    pub files: usize,
    /// Dates of the first and the last commit, `YYYY-MM-DD`.
    pub span: (String, String),
}

/// Writes the example records into `dir` (created when missing; it must be
/// empty) with their scripted history.
pub fn write(dir: &Path) -> Result<Written> {
    let files: BTreeMap<&str, &[u8]> = embedded::FILES.iter().copied().collect();
    replay(dir, &files)
}

/// Replays the script of `files` (the example's files by path) into `dir`.
pub fn replay(dir: &Path, files: &BTreeMap<&str, &[u8]>) -> Result<Written> {
    let Some(script_bytes) = files.get(SCRIPT) else {
        bail!("the example has no {SCRIPT}");
    };
    let script = script::parse(&String::from_utf8_lossy(script_bytes))?;
    let records: BTreeMap<&str, &[u8]> = files
        .iter()
        .filter(|(path, _)| **path != SCRIPT && !path.starts_with(KEPT))
        .map(|(p, b)| (*p, *b))
        .collect();
    let steps = steps(&script, files, &records)?;
    prepare(dir)?;
    let repo =
        gix::init(dir).with_context(|| format!("cannot create a git repository in {}", dir.display()))?;
    let mut tree = ObjectId::empty_tree(gix::hash::Kind::Sha1);
    let mut parent: Option<ObjectId> = None;
    let mut authors = std::collections::BTreeSet::new();
    for step in &steps {
        let mut editor = repo.edit_tree(tree)?;
        for (path, content) in &step.files {
            match content {
                Some(bytes) => {
                    let blob = repo.write_blob(bytes)?.detach();
                    editor.upsert(*path, EntryKind::Blob, blob)?;
                }
                None => {
                    editor.remove(*path)?;
                }
            }
        }
        tree = editor.write()?.detach();
        let author = &script.authors[&step.author];
        authors.insert(step.author.clone());
        let signature = gix::actor::Signature {
            name: author.name.as_str().into(),
            email: author.email.as_str().into(),
            time: gix::date::Time {
                seconds: step.time.0,
                offset: step.time.1,
            },
        };
        let (mut a, mut c) = Default::default();
        let id = repo.commit_as(
            signature.to_ref(&mut c),
            signature.to_ref(&mut a),
            "HEAD",
            &step.message,
            tree,
            parent,
        )?;
        parent = Some(id.detach());
    }
    let mut indexed = Vec::new();
    for (path, bytes) in &records {
        indexed.push((*path, repo.write_blob(bytes)?.detach(), bytes.len()));
        let target = dir.join(path);
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(&target, bytes).with_context(|| format!("cannot write {}", target.display()))?;
    }
    index_file::write(repo.git_dir(), &indexed)?;
    let day = |time: (i64, i32)| script::moment_date(time);
    Ok(Written {
        commits: steps.len(),
        authors: authors.len(),
        files: records.len(),
        span: (
            steps.first().map(|s| day(s.time)).unwrap_or_default(),
            steps.last().map(|s| day(s.time)).unwrap_or_default(),
        ),
    })
}

/// Creates `dir`, or checks that it is empty.
fn prepare(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty: give `shoshin demo` a new or empty folder",
                dir.display()
            );
        }
    } else {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    Ok(())
}

/// One commit to make: when, by whom, and each file's new content (`None`
/// removes it).
struct Step<'a> {
    time: (i64, i32),
    author: String,
    message: String,
    files: Vec<(&'a str, Option<Vec<u8>>)>,
}

/// The commits of `script`, then the closing one that brings every file to
/// its final content.
fn steps<'a>(
    script: &Script,
    files: &BTreeMap<&str, &[u8]>,
    records: &BTreeMap<&'a str, &'a [u8]>,
) -> Result<Vec<Step<'a>>> {
    let paths: Vec<&'a str> = records.keys().copied().collect();
    let kept = |path: &str| files.get(path).map(|b| String::from_utf8_lossy(b).into_owned());
    let mut state: BTreeMap<&'a str, Vec<u8>> = BTreeMap::new();
    let mut steps = Vec::new();
    let mut previous = i64::MIN;
    for commit in &script.commits {
        let time = script::moment(&commit.date)?;
        if time.0 < previous {
            bail!(
                "history.yaml: commit \"{}\" is dated before the one above it",
                commit.message
            );
        }
        previous = time.0;
        let mut changed = Vec::new();
        for (key, change) in &commit.files {
            let path = script::resolve(key, &paths)?;
            let final_bytes = records[path];
            let content = match change {
                Change::Word(word) if word == "final" => Some(final_bytes.to_vec()),
                Change::Word(word) if word == "removed" => None,
                Change::Word(word) => bail!("history.yaml: `{key}: {word}`: a file is `final`, `removed` or a version (`set:`, `from:`, `untick:`)"),
                Change::Version(version) => {
                    let text = script::apply(version, &String::from_utf8_lossy(final_bytes), kept)
                        .with_context(|| format!("in commit \"{}\", file {key}", commit.message))?;
                    Some(text.into_bytes())
                }
            };
            match &content {
                Some(bytes) => state.insert(path, bytes.clone()),
                None => state.remove(path),
            };
            changed.push((path, content));
        }
        steps.push(Step {
            time,
            author: commit.author.clone(),
            message: commit.message.clone(),
            files: changed,
        });
    }
    let closing: Vec<(&'a str, Option<Vec<u8>>)> = records
        .iter()
        .filter(|(path, bytes)| state.get(*path).map(Vec::as_slice) != Some(**bytes))
        .map(|(path, bytes)| (*path, Some(bytes.to_vec())))
        .collect();
    let time = script::moment(&script.last.date)?;
    if time.0 < previous {
        bail!("history.yaml: `final` is dated before the last commit");
    }
    steps.push(Step {
        time,
        author: script.last.author.clone(),
        message: script.last.message.clone(),
        files: closing,
    });
    Ok(steps)
}
