//! The records of every repository made into the records of one portal:
//! each id qualified with its repository's name (`payments:ADR-0007`),
//! each file put under a folder of that name (`payments/decisions/…`), and
//! each reference written in a repository turned into the qualified id it
//! names ([`crate::index::repositories::Holders::qualify`]). The index,
//! checks and pages then work on the portal as on one repository.

use crate::diagnostic::Diagnostic;
use crate::history::Timeline;
use crate::index::repositories::Holders;
use crate::load::Loaded;
use crate::model::Record;
use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};

/// One repository read: its name, what loading it gave, and the timeline
/// of each of its records (in the order of `loaded.records`).
pub struct Part {
    /// The repository's name.
    pub name: String,
    /// Its records and the problems loading them found.
    pub loaded: Loaded,
    /// Per record of `loaded.records`, its history.
    pub timelines: Vec<Timeline>,
    /// Why it could not be fetched, when the copy of the last build is read.
    pub stale: Option<String>,
    /// The commit read, when it is in git.
    pub commit: Option<String>,
}

/// Every repository's records, qualified, with their timelines in the same
/// order: by file, as the index keeps them.
pub struct Merged {
    /// The portal's records and problems.
    pub loaded: Loaded,
    /// Per record of `loaded.records`, its history.
    pub timelines: Vec<Timeline>,
}

/// Merges the repositories `parts` (in the order of `names`, every
/// repository of the portal, read or not).
pub fn merge(parts: Vec<Part>, names: &[String]) -> Merged {
    // Which repositories (by position in `names`) hold each id.
    let holders = Holders::of(parts.iter().flat_map(|part| {
        let r = names.iter().position(|n| *n == part.name);
        let ids = part.loaded.records.iter().map(|record| record.id.as_str());
        ids.filter_map(move |id| Some((id, r?)))
    }));
    let mut loaded = Loaded::default();
    let mut pairs: Vec<(Record, Timeline)> = Vec::new();
    for part in parts {
        let Some(own) = names.iter().position(|n| *n == part.name) else {
            continue;
        };
        let folder = Path::new(&part.name);
        let record_files: FxHashSet<PathBuf> = part.loaded.records.iter().map(|r| r.file.clone()).collect();
        let mut timelines = part.timelines.into_iter();
        for mut record in part.loaded.records {
            record.id = format!("{}:{}", part.name, record.id);
            record.file = folder.join(&record.file);
            for reference in &mut record.references {
                reference.target = holders.qualify(&reference.target, own, names);
            }
            // Bare ids in prose name records of their own repository only.
            for (token, _) in &mut record.prose_tokens {
                if holders.holds(own, token) {
                    *token = format!("{}:{token}", part.name);
                }
            }
            // Links to records' files lead to their pages; the other
            // files of a repository are not part of the portal (its own
            // `check` reports a broken one).
            record
                .file_links
                .retain(|link| link.path.as_ref().is_some_and(|p| record_files.contains(p)));
            for link in &mut record.file_links {
                link.path = link.path.as_ref().map(|p| folder.join(p));
            }
            pairs.push((record, timelines.next().unwrap_or_default()));
        }
        loaded
            .diagnostics
            .extend(part.loaded.diagnostics.into_iter().map(|d| under(d, folder)));
        let unparsed = part.loaded.unparsed.into_iter();
        loaded
            .unparsed
            .extend(unparsed.map(|(path, text)| (folder.join(path), text)));
        let skipped = part.loaded.skipped.into_iter();
        loaded
            .skipped
            .extend(skipped.map(|(path, reason)| (folder.join(path), reason)));
    }
    pairs.sort_by(|a, b| a.0.file.cmp(&b.0.file));
    let (records, timelines) = pairs.into_iter().unzip();
    loaded.records = records;
    Merged { loaded, timelines }
}

/// A repository's diagnostic, its file put under the repository's folder.
pub fn under(mut diagnostic: Diagnostic, folder: &Path) -> Diagnostic {
    diagnostic.file = folder.join(&diagnostic.file);
    diagnostic
}
