//! Stage 4, render: Markdown bodies and Tera templates into pages, in
//! parallel, each page written to the staging folder as soon as it is ready.

pub mod charts;
pub mod code_areas;
pub mod context;
pub mod document;
pub mod feed;
pub mod generated;
pub mod graph;
pub mod graph_data;
pub mod history;
pub mod home;
pub mod identity;
pub mod lists;
pub mod markdown;
pub mod message;
pub mod order;
pub mod output;
pub mod overview;
pub mod pages;
pub mod portal;
pub mod problems;
pub mod readiness;
pub mod record_page;
pub mod renderer;
pub mod search;
pub mod shape;
pub mod sidebar;
pub mod site_files;
pub mod sprints;
pub mod template_loops;
pub mod templates;
pub mod views;

pub use output::RenderedPage;
pub use renderer::PageRenderer;

use crate::diagnostic::Diagnostic;
use crate::files::SiteOutput;
use crate::project::Project;
use anyhow::{anyhow, Result};
use pages::Page;
use rayon::prelude::*;
use views::Views;

/// What a build rendered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// HTML pages written.
    pub pages: usize,
    /// Other files written (stylesheet, linked files).
    pub files: usize,
}

/// The message with its help, for pages.
pub fn one_line(d: &Diagnostic) -> String {
    d.one_line()
}

/// Renders the whole site into `staging`.
pub fn render_site(project: &Project, staging: &dyn SiteOutput) -> Result<Stats> {
    let phase = crate::timings::phase("prepare pages and folders");
    let mut views = Views::with_readiness(&project.index, &project.readiness);
    sprints::add_pages(&mut views, &project.sprints);
    let shape = shape::Shape::of(project, &views);
    let pages = Page::all(&project.index, &views, &shape);
    let paths: Vec<std::path::PathBuf> = pages.iter().map(|p| p.path(&project.index)).collect();
    // The folders (13,000 at 10,000 records, 50 ms) are created by a thread
    // of their own while the templates are parsed and the first pages
    // rendered; a page written before its folder exists creates it
    // ([`SiteOutput::write`]).
    std::thread::scope(|scope| {
        let folders = scope.spawn(|| staging.create_folders(&mut paths.iter().map(|p| p.as_path())));
        let rendered = render_pages(project, staging, &pages, views, phase);
        let folders = folders
            .join()
            .unwrap_or_else(|_| Err(anyhow!("creating the site's folders failed")));
        // A folder that could not be created failed its page's write first.
        let stats = rendered?;
        folders?;
        Ok(stats)
    })
}

/// Renders `pages` into `staging`: the pages, then the generated files,
/// static files and assets. `phase` is the timing of the preparation.
fn render_pages(
    project: &Project,
    staging: &dyn SiteOutput,
    pages: &[Page],
    views: Views,
    phase: crate::timings::Phase,
) -> Result<Stats> {
    let templates = templates::load(&project.root.join(&project.config.templates))?;
    let renderer = PageRenderer::with_views(project, &templates, views);
    drop(phase);
    let phase = crate::timings::phase("render and write pages");

    // Pages are rendered on the CPU pool and written on the file-system pool,
    // so that rendering goes on while writes wait on the disk.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<RenderedPage>(64);
    let (rendered, written) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            crate::files::io_pool().install(|| {
                receiver
                    .into_iter()
                    .par_bridge()
                    .try_for_each(|page| staging.write(&page.path, page.html.as_bytes()))
            })
        });
        let rendered = pages
            .par_iter()
            .map_with(sender, |sender, page| -> Result<Vec<std::path::PathBuf>> {
                let mut rendered = renderer.render(page)?;
                let assets = std::mem::take(&mut rendered.assets);
                sender
                    .send(rendered)
                    .map_err(|_| anyhow!("the site's files stopped being written"))?;
                Ok(assets)
            })
            .collect::<Result<Vec<_>>>();
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(anyhow!("writing the site's files failed")));
        (rendered, written)
    });
    written?;
    let assets = rendered?;
    drop(phase);
    let phase = crate::timings::phase("generated files");

    let mut files = generated::write_generated(&renderer, staging)?;
    drop(phase);
    let _phase = crate::timings::phase("static files and assets");
    for (name, text) in &templates.statics {
        staging.write(std::path::Path::new(name), text.as_bytes())?;
        files += 1;
    }
    let mut assets: Vec<_> = assets.into_iter().flatten().collect();
    assets.sort();
    assets.dedup();
    for asset in &assets {
        let target = markdown::asset_url(asset);
        staging.copy(&project.root.join(asset), std::path::Path::new(&target))?;
        files += 1;
    }
    Ok(Stats {
        pages: pages.len(),
        files,
    })
}
