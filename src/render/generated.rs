//! Site files generated from the whole project rather than rendered from a
//! page template: feeds, search indexes, data exports. Any record can change
//! any of them, so `build` and every `serve` rebuild regenerate them all.
//!
//! Most are made whole in memory ([`Producer`]), each handed on as soon as
//! it is made; `data.json`, several times larger than the rest of the
//! site's generated files together, is written as it is made
//! ([`Streamer`]), so that `build` never holds it whole.

use super::PageRenderer;
use crate::write::Staging;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One generated file.
#[derive(Debug, Clone)]
pub struct GeneratedFile {
    /// Where the file goes, relative to the site root.
    pub path: PathBuf,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Where a producer hands each file it made, as soon as it is made.
pub type Emit<'e> = &'e mut dyn FnMut(GeneratedFile) -> Result<()>;

/// Makes some of the generated files, handing each to an [`Emit`].
type Producer = fn(&PageRenderer, Emit) -> Result<()>;

/// Writes one generated file, as it is made, to a writer.
type Streamer = fn(&PageRenderer, &mut dyn Write) -> Result<()>;

/// The files made whole in memory, each producer with the name `--timings`
/// gives it. Each feature adds its producer here.
const PRODUCERS: &[(&str, Producer)] = &[
    ("search index", super::search::index_file),
    ("sitemap.xml", super::site_files::sitemap),
    ("feed.xml", super::history::feed),
];

/// The files written as they are made, with their paths.
const STREAMERS: &[(&str, Streamer)] = &[("data.json", super::site_files::write_data_json)];

/// Every generated file of the site, in a stable order, in memory (for
/// `serve`, which serves them from memory).
pub fn generated_files(renderer: &PageRenderer) -> Result<Vec<GeneratedFile>> {
    let mut files = Vec::new();
    for (_, produce) in PRODUCERS {
        produce(renderer, &mut |file| {
            files.push(file);
            Ok(())
        })?;
    }
    for (path, stream) in STREAMERS {
        let mut bytes = Vec::new();
        stream(renderer, &mut bytes)?;
        files.push(GeneratedFile {
            path: path.into(),
            bytes,
        });
    }
    Ok(files)
}

/// Writes every generated file of the site into `staging`, each as soon as
/// it is made; returns how many. The files made in memory and the streamed
/// ones are made side by side: each has a part that runs on one thread.
pub fn write_generated(renderer: &PageRenderer, staging: &Staging) -> Result<usize> {
    let (produced, streamed) = rayon::join(
        || -> Result<usize> {
            let mut count = 0;
            for (name, produce) in PRODUCERS {
                let _phase = crate::timings::phase(name);
                produce(renderer, &mut |file| {
                    count += 1;
                    staging.write(&file.path, &file.bytes)
                })?;
            }
            Ok(count)
        },
        || -> Result<usize> {
            for (name, stream) in STREAMERS {
                let _phase = crate::timings::phase(name);
                let path = Path::new(name);
                let file = staging.create(path)?;
                let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
                stream(renderer, &mut writer)?;
                writer
                    .flush()
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            Ok(STREAMERS.len())
        },
    );
    Ok(produced? + streamed?)
}
