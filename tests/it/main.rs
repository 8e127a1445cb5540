//! The integration tests, as one test binary: each module is what used to be
//! a test binary of its own (`cargo test --test it hostile::` runs one of
//! them). One binary links shoshin's library and the test dependencies once,
//! instead of once per file.
//!
//! The support modules (`common`, `browser_support`, `serve_support`,
//! `fixture`) are declared here, once, and imported by the modules that use
//! them. `fixture` reads the fixture folders of `tests/fixtures/` and compares
//! outputs with their expected files (`SHOSHIN_BLESS=1` rewrites them).

mod architecture;
mod authoring;
mod browser;
mod browser_graph_search;
mod browser_support;
mod browser_views;
mod build;
mod check;
mod commands;
mod common;
mod corpora;
mod demo;
mod diagrams;
mod diff;
mod discovery;
mod doc_links;
mod fields;
mod fixture;
mod formats;
mod formats_odd;
mod history;
mod hostile;
mod install;
mod load_cache;
mod lsp;
mod markup;
mod mcp;
mod new_ids;
mod portal;
mod readiness;
mod renumber;
mod review;
#[cfg(feature = "serve")]
mod serve;
#[cfg(feature = "serve")]
mod serve_support;
mod site_files;
mod site_links;
mod site_shape;
mod snapshots;
mod sprints;
mod why;
mod xss;
