//! Site files generated from the whole project rather than one page each:
//! the feed, the sitemap, the search index, the data export. Each is
//! declared once in [`GENERATED`]. Any record can change any of them, so
//! `build` and every `serve` rebuild regenerate them all.
//!
//! The feed and the sitemap are rendered from built-in templates of their
//! own names (`feed.xml`, `sitemap.xml`), which a records repository
//! overrides like the pages' templates. The search index is made whole in
//! memory, several files, each handed on as soon as it is made;
//! `data.json`, several times larger than the rest of the site's generated
//! files together, is written as it is made, so that `build` never holds it
//! whole.

use super::output::{Emit, GeneratedFile};
use super::renderer::PageRenderer;
use crate::files::SiteOutput;
use anyhow::{Context, Result};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// How a generated file is made.
#[derive(Clone, Copy)]
enum Make {
    /// Rendered from the template of the file's name, with the context the
    /// function makes.
    Template(fn(&PageRenderer) -> Result<Value>),
    /// Made whole in memory: one file or several, each handed to an [`Emit`].
    Produce(fn(&PageRenderer, Emit) -> Result<()>),
    /// Written to the file as it is made.
    Stream(fn(&PageRenderer, &mut dyn Write) -> Result<()>),
}

/// One generated file (or family of files).
struct Generated {
    /// The file's path in the site, which is its template's name too; for a
    /// family of files, the name `--timings` gives it.
    name: &'static str,
    /// How it is made.
    make: Make,
}

/// Every generated file of the site, in the order `serve` lists them.
const GENERATED: [Generated; 6] = [
    Generated {
        name: "search index",
        make: Make::Produce(super::search::index_file),
    },
    Generated {
        name: super::sidebar::FILE,
        make: Make::Produce(super::sidebar::file),
    },
    Generated {
        name: "graph-data.js",
        make: Make::Produce(super::graph_data::data_file),
    },
    Generated {
        name: "sitemap.xml",
        make: Make::Template(super::site_files::sitemap),
    },
    Generated {
        name: "feed.xml",
        make: Make::Template(super::feed::context),
    },
    Generated {
        name: "data.json",
        make: Make::Stream(super::site_files::write_data_json),
    },
];

/// The templates of the generated files rendered from one.
pub fn template_names() -> impl Iterator<Item = &'static str> {
    GENERATED
        .iter()
        .filter(|file| matches!(file.make, Make::Template(_)))
        .map(|file| file.name)
}

/// Makes `file` in memory, handing each file to `emit`.
fn make_in_memory(renderer: &PageRenderer, file: &Generated, emit: Emit) -> Result<()> {
    match file.make {
        Make::Template(context) => {
            let text = renderer.render_template(file.name, context(renderer)?)?;
            emit(GeneratedFile {
                path: file.name.into(),
                bytes: text.into_bytes(),
            })
        }
        Make::Produce(produce) => produce(renderer, emit),
        Make::Stream(stream) => {
            let mut bytes = Vec::new();
            stream(renderer, &mut bytes)?;
            emit(GeneratedFile {
                path: file.name.into(),
                bytes,
            })
        }
    }
}

/// Every generated file of the site, in a stable order, in memory (for
/// `serve`, which serves them from memory).
pub fn generated_files(renderer: &PageRenderer) -> Result<Vec<GeneratedFile>> {
    let mut files = Vec::new();
    for file in &GENERATED {
        make_in_memory(renderer, file, &mut |made| {
            files.push(made);
            Ok(())
        })?;
    }
    Ok(files)
}

/// Writes every generated file of the site into `staging`, each as soon as
/// it is made; returns how many. The files made in memory and the streamed
/// ones are made side by side: each has a part that runs on one thread.
pub fn write_generated(renderer: &PageRenderer, staging: &dyn SiteOutput) -> Result<usize> {
    let streamed = |file: &&Generated| matches!(file.make, Make::Stream(_));
    let (produced, streamed) = rayon::join(
        || -> Result<usize> {
            let mut count = 0;
            for file in GENERATED.iter().filter(|f| !streamed(f)) {
                let _phase = crate::timings::phase(file.name);
                make_in_memory(renderer, file, &mut |made| {
                    count += 1;
                    staging.write(&made.path, &made.bytes)
                })?;
            }
            Ok(count)
        },
        || -> Result<usize> {
            let mut count = 0;
            for file in GENERATED.iter().filter(streamed) {
                let Make::Stream(stream) = file.make else {
                    continue;
                };
                let _phase = crate::timings::phase(file.name);
                let path = Path::new(file.name);
                let out = staging.create(path)?;
                let mut writer = std::io::BufWriter::with_capacity(1 << 20, out);
                stream(renderer, &mut writer)?;
                writer
                    .flush()
                    .with_context(|| format!("cannot write {}", path.display()))?;
                count += 1;
            }
            Ok(count)
        },
    );
    Ok(produced? + streamed?)
}
