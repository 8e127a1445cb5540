//! `shoshin why PATH...`: the decisions that govern code paths, from their
//! `applies_to` patterns, the most specific first; then those not in force
//! (proposed, then retired) that name the path; then the decisions the
//! file's comments cite.
//!
//! Exit 0 when any path matched something, 1 when none did, 2 on errors
//! (no records repository, a path outside the code root).
//!
//! `why` reads only what its answer needs ([`Decisions`]): of the records,
//! the answers' table the why index keeps ([`crate::code::why_index`]:
//! when no record file changed it is the answer, else the changed files
//! are read again, the others not at all, and the table made again from
//! their index); of the patterns, only those whose literal prefix leads to
//! the path are compiled; of the code root, only the folders on the way to
//! the paths asked about and the comments of those files. No readiness,
//! history or checks, and no walk of the whole code root.

use super::{FAILED, OK};
use crate::cli::WhyFormat;
use crate::code::patterns::Rule;
use crate::code::walk::{self, normalise};
use crate::code::why_answers::Answers;
use crate::config::Config;
use anyhow::{bail, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

pub use crate::code::why_answers::Standing;

/// One decision that names a path.
#[derive(Debug, Serialize)]
pub struct Governing {
    /// The decision's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its status as written.
    pub status: Option<String>,
    /// In force, not yet, or retired.
    pub standing: Standing,
    /// Its date.
    pub date: Option<String>,
    /// The first sentence of its why.
    pub why: Option<String>,
    /// The most specific of its patterns that matched, or `None` for a
    /// decision only cited in a comment.
    pub pattern: Option<String>,
    /// Its file, as a path from the current folder.
    pub file: String,
    /// The page on the published site, when `base_url` is set.
    pub url: Option<String>,
    /// The decisions superseding it.
    pub superseded_by: Vec<String>,
}

/// One comment of the file citing a decision.
#[derive(Debug, Serialize)]
pub struct Cited {
    /// The id as written.
    pub id: String,
    /// 1-based line of the comment.
    pub line: usize,
    /// True when a decision has this id.
    pub known: bool,
    /// Where that decision stands.
    pub standing: Option<Standing>,
}

/// The answer for one path.
#[derive(Debug, Serialize)]
pub struct Answer {
    /// The path relative to the code root, with `/` (empty for the root).
    pub path: String,
    /// The decisions naming it: in force, then not yet, then retired, the
    /// most specific pattern first within each.
    pub decisions: Vec<Governing>,
    /// The decision ids its comments cite.
    pub cited: Vec<Cited>,
}

/// What `why` reads of a records repository (see the module's
/// documentation); `mcp`'s `why` tool asks the same.
pub struct Decisions {
    root: PathBuf,
    config: Config,
    answers: Answers,
    /// The code root as configured, relative to the records root.
    pub code_root: PathBuf,
    /// The code root, absolute.
    code_abs: PathBuf,
}

impl Decisions {
    /// Reads the records of the repository at `root` and their patterns;
    /// an error when the code root is not a folder.
    pub fn open(root: &Path) -> Result<Decisions> {
        if !root.is_dir() {
            bail!(
                "{} is not a folder: give the records repository's root",
                root.display()
            );
        }
        let mut config = crate::project::load_config(root)?;
        // Only the first sentence of each section is shown.
        config.leads_only = true;
        let answers = {
            let _phase = crate::timings::phase("load");
            crate::code::why_index::answers(root, &config, &crate::render::markdown::record_url)
        };
        let (code_root, code_abs) = crate::code::code_root(root, &config);
        if !code_abs.is_dir() {
            bail!(
                "the code root `{}` is not a folder: fix `code_root` in shoshin.yaml (it is relative to the records root)",
                code_root.display()
            );
        }
        Ok(Decisions {
            root: root.to_path_buf(),
            config,
            answers,
            code_root,
            code_abs,
        })
    }

    /// The code root, absolute.
    pub fn code_root_path(&self) -> &Path {
        &self.code_abs
    }

    /// The decisions that govern `path` (relative to the code root, with
    /// `/`), and the ones its comments cite.
    pub fn answer(&self, path: String) -> Answer {
        let answers = &self.answers;
        // The files the full walk would list at or under the path: a
        // folder is governed by what governs the files in it, and only a
        // listed file's comments are read (not an ignored or hidden one).
        let files = walk::files_within(&self.code_abs, &self.root, &self.config, Path::new(&path));
        let folder = self.code_abs.join(&path).is_dir();
        let near = answers.rules_near(&path, folder);
        let mut rules = near.matching(&path);
        if folder {
            let under = format!("{path}/");
            let mut seen: Vec<*const Rule> = rules.iter().map(|r| *r as *const _).collect();
            for file in files
                .iter()
                .filter(|f| path.is_empty() || f.path.starts_with(&under))
            {
                for rule in near.matching(&file.path) {
                    if !seen.contains(&(rule as *const _)) {
                        seen.push(rule as *const _);
                        rules.push(rule);
                    }
                }
            }
            rules.sort_by(|a, b| a.specificity_order(b));
        }
        let mut decisions: Vec<Governing> = Vec::new();
        let mut listed: Vec<usize> = Vec::new();
        for rule in rules {
            if !listed.contains(&rule.decision) {
                listed.push(rule.decision);
                decisions.push(self.governing(rule.decision, Some(&rule.pattern)));
            }
        }
        // Stable: the most specific first within each standing.
        decisions.sort_by_key(|d| d.standing);
        let cited = files
            .iter()
            .filter(|f| f.path == path)
            .flat_map(|f| crate::code::citations_in_file(&self.code_abs, f, answers))
            .map(|c| Cited {
                id: c.id.clone(),
                line: c.line,
                known: c.decision.is_some(),
                standing: c.decision.map(|d| answers.decision(d).standing),
            })
            .collect();
        Answer {
            path,
            decisions,
            cited,
        }
    }

    /// The decision `d` of the answers' table, as the answer shows it.
    fn governing(&self, d: usize, pattern: Option<&str>) -> Governing {
        let decision = self.answers.decision(d);
        let base = self.config.base_url.trim_end_matches('/');
        Governing {
            id: decision.id.to_string(),
            title: decision.title.to_string(),
            status: decision.status.map(str::to_string),
            standing: decision.standing,
            date: decision.date.map(str::to_string),
            why: decision.why.map(str::to_string),
            pattern: pattern.map(str::to_string),
            file: super::display_root(&self.root)
                .join(decision.file)
                .to_string_lossy()
                .replace('\\', "/"),
            url: (!base.is_empty()).then(|| format!("{base}/{}", decision.page)),
            superseded_by: decision.superseded_by.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// Answers for `paths` (as typed, relative to the current folder) in the
/// records repository at `root`.
pub fn run(root: &Path, paths: &[PathBuf], format: WhyFormat) -> Result<u8> {
    let decisions = Decisions::open(root)?;
    let phase = crate::timings::phase("why");
    let mut answers = Vec::new();
    for path in paths {
        let relative = code_path(decisions.code_root_path(), path)?;
        answers.push(decisions.answer(relative));
    }
    drop(phase);
    let matched = answers
        .iter()
        .any(|a| !a.decisions.is_empty() || !a.cited.is_empty());
    match format {
        WhyFormat::Json => {
            let out = serde_json::json!({
                "code_root": decisions.code_root.to_string_lossy().replace('\\', "/"),
                "matched": matched,
                "paths": answers,
            });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        WhyFormat::Human => print!("{}", human(&answers)),
    }
    // The process is about to exit: freeing every record would only delay it.
    std::mem::forget(decisions);
    Ok(if matched { OK } else { FAILED })
}

/// `path` as typed made relative to the code root, with `/`: a path that
/// exists from the current folder is taken from there, any other is read
/// as relative to the code root (a file since deleted still has decisions).
fn code_path(code_root: &Path, path: &Path) -> Result<String> {
    let from_here = normalise(path);
    let relative = if let Ok(inside) = from_here.strip_prefix(code_root) {
        inside.to_path_buf()
    } else if path.exists() || path.is_absolute() {
        bail!(
            "{} is outside the code root {}: give a path under it",
            path.display(),
            code_root.display()
        );
    } else if path
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        bail!(
            "{} climbs out of the code root: give a path under it",
            path.display()
        );
    } else {
        path.to_path_buf()
    };
    let parts: Vec<String> = relative
        .components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(parts.join("/"))
}

/// The answers as people read them.
fn human(answers: &[Answer]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (n, answer) in answers.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let shown = if answer.path.is_empty() { "." } else { &answer.path };
        let _ = writeln!(out, "{shown}");
        if answer.decisions.is_empty() && answer.cited.is_empty() {
            let _ = writeln!(out, "  no decision governs this path or is cited in it");
            continue;
        }
        let mut heading = None;
        for d in &answer.decisions {
            let group = match d.standing {
                Standing::InForce => "in force",
                Standing::NotYetInForce => "not yet in force",
                Standing::Retired => "retired (used to govern it)",
            };
            if heading != Some(group) {
                let _ = writeln!(out, "  {group}:");
                heading = Some(group);
            }
            let mut facts: Vec<String> = d.status.iter().cloned().collect();
            if !d.superseded_by.is_empty() {
                facts.push(format!("superseded by {}", d.superseded_by.join(", ")));
            }
            facts.extend(d.date.iter().cloned());
            let _ = writeln!(out, "    {}  {}  ({})", d.id, d.title, facts.join(", "));
            if let Some(pattern) = &d.pattern {
                let _ = writeln!(out, "      applies to: {pattern}");
            }
            if let Some(why) = &d.why {
                let _ = writeln!(out, "      why: {why}");
            }
            let _ = writeln!(out, "      read: {}", d.url.as_ref().unwrap_or(&d.file));
        }
        if !answer.cited.is_empty() {
            let _ = writeln!(out, "  cited in this file:");
            for c in &answer.cited {
                let note = match (c.known, c.standing) {
                    (false, _) => " (no decision has this id)",
                    (true, Some(Standing::Retired)) => " (retired)",
                    (true, Some(Standing::NotYetInForce)) => " (not yet in force)",
                    _ => "",
                };
                let _ = writeln!(out, "    line {}: {}{note}", c.line, c.id);
            }
        }
    }
    out
}
