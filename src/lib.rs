//! shoshin: checks a repository of refinement records (backlog items,
//! decisions, refinement sessions) and builds a static site from it.
//!
//! The crate is a pipeline, one module per stage:
//!
//! 1. [`load`]: walk the records root, split front matter, parse records;
//! 2. [`index`]: ids, references, backlinks, supersession;
//! 3. [`check`]: diagnostics over the index;
//! 4. [`render`]: Markdown and templates into pages, in parallel;
//! 5. [`write`]: the pages into a temporary folder swapped in atomically.
//!
//! `check` runs stages 1–3, `build` all five; [`serve`] runs them into memory
//! and again, incrementally, after each edit. [`commands`] holds one module per
//! subcommand; `main.rs` only parses the command line and calls them.

pub mod cache;
pub mod check;
pub mod cli;
pub mod code;
pub mod commands;
pub mod config;
pub mod demo;
pub mod diagnostic;
pub mod diagram;
pub mod diff;
pub mod export;
pub mod files;
pub mod front_matter;
pub mod history;
pub mod index;
pub mod leftovers;
pub mod load;
#[cfg(feature = "lsp")]
pub mod lsp;
#[cfg(feature = "lsp")]
pub mod mcp;
pub mod model;
pub mod parse;
pub mod portal;
pub mod project;
pub mod readiness;
pub mod render;
pub mod safe_files;
#[cfg(feature = "serve")]
pub mod serve;
pub mod terminal;
#[cfg(test)]
pub(crate) mod test_support;
pub mod text;
pub mod timings;
pub mod write;
pub mod yaml;
