//! The command line, as clap derive types.

use crate::check::report::Format;
use crate::terminal::{Color, Verbosity};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Examples shown under `shoshin --help`.
const EXAMPLES: &str = "\
Examples:
  shoshin init records               Scaffold a records repository with a CI workflow
  shoshin new item \"Export as CSV\"   Create a backlog item with the next free id
  shoshin check                      Check the records here; exit 1 on errors
  shoshin check --format github      The same, as annotations on a pull request
  shoshin build -o public            Build the site into ./public
  shoshin serve --open               Live preview: pages reload as you save
  shoshin agenda --top 5             The five items the next session should refine
  shoshin completions bash > ~/.local/share/bash-completion/completions/shoshin

Documentation: docs/commands.md in the source, or `shoshin man`.";

/// shoshin: check refinement records (backlog items, decisions, sessions) and
/// build a static site of backlog readiness and decision history.
#[derive(Debug, Parser)]
#[command(
    name = "shoshin",
    version,
    about,
    long_about = None,
    propagate_version = true,
    after_help = EXAMPLES
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print how long each stage took (load, index, check, render, write) on
    /// standard error after the command.
    #[arg(long, global = true)]
    pub timings: bool,
    /// Colour messages on standard error: `auto` colours a terminal unless
    /// `NO_COLOR` is set.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = Color::Auto)]
    pub color: Color,
    /// Print only errors on standard error: no warnings, notes or summary.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print how many records of each kind were read, how long each
    /// stage took and what the caches gave (as `--timings`).
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

impl Cli {
    /// `--quiet`, `--verbose` or neither.
    pub fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (_, true) => Verbosity::Verbose,
            _ => Verbosity::Normal,
        }
    }
}

/// The port `serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold a records repository, with a CI workflow that publishes the site.
    Init {
        /// Folder to create or fill (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Create a record with the next free id, from a template, and print its path.
    New {
        /// Kind of record.
        #[arg(value_enum)]
        kind: NewKind,
        /// Title of the record.
        #[arg(required = true, num_args = 1..)]
        title: Vec<String>,
        /// The records repository (default: the current folder).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Check every record and reference; exit 1 on errors (the gate for CI).
    Check {
        /// The records repository (default: the current folder).
        root: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// List, per file, the format recognised and the fields read.
        #[arg(long)]
        explain_formats: bool,
        /// Also report each id that this revision (a branch, tag or commit)
        /// already gives another record (`id-taken-on-base`), e.g. `--base origin/main`.
        #[arg(long, value_name = "REV")]
        base: Option<String>,
        /// Check the references to other repositories (`NAME:ID`) against
        /// the `data.json` a portal published: a file, or its `https://`
        /// address on the portal's site.
        #[arg(long, value_name = "FILE|URL")]
        portal_data: Option<PathBuf>,
    },
    /// Build the site of whatever can be read, problems shown on it; exit 0
    /// unless `--strict`.
    ///
    /// `check` is the gate; `build` publishes. Records with problems still
    /// get their pages, each problem shown on its record's page and on the
    /// problems page, and the exit status is 0. With `--strict`, errors exit
    /// 1 and keep the previous site. A template that does not compile or an
    /// I/O error always keeps the previous site (exit 2).
    Build {
        /// The records repository (default: the current folder).
        root: Option<PathBuf>,
        /// Output folder (default: `output` of shoshin.yaml, `public`, in the root).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Absolute URL the site is published at (overrides `base_url`).
        #[arg(long)]
        base_url: Option<String>,
        /// Exit 1 on errors and keep the previous site, as `check` would fail.
        #[arg(long)]
        strict: bool,
        /// Exit 1 on warnings too, and keep the previous site (implies `--strict`).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Build the site into memory, serve it, and rebuild and reload open pages on every change.
    ///
    /// Part of the default `serve` feature: a shoshin installed with
    /// `--no-default-features` does not have it.
    #[cfg_attr(not(feature = "serve"), command(hide = true))]
    Serve {
        /// The records repository (default: the current folder).
        root: Option<PathBuf>,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = DEFAULT_PORT)]
        port: u16,
        /// Address to listen on; only this machine can connect by default.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Write the example records, with a scripted git history, into a new
    /// folder and build their site; prints the path of its index.html.
    Demo {
        /// Where to write them: a new or empty folder (default: a new temporary folder, kept).
        dir: Option<PathBuf>,
    },
    /// Print the whole model as JSON on standard output.
    Export {
        /// The records repository (default: the current folder).
        root: Option<PathBuf>,
    },
    /// Show what a change does to the records: added, removed, renamed and
    /// retitled records, status changes, readiness verdicts, decisions,
    /// problems introduced and resolved.
    ///
    /// BASE defaults to the merge base of `HEAD` with the default branch
    /// (`origin/HEAD`, else `main`, else `master`); HEAD defaults to the
    /// working tree. Exit 0, or 1 with `--fail-on-new-errors` when the
    /// change introduces an error.
    Diff {
        /// The revision to compare from: a branch, tag or commit.
        base: Option<String>,
        /// The revision to compare to (default: the working tree).
        head: Option<String>,
        /// The records repository (default: the current folder).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format: `markdown` fits a pull-request comment or a job summary.
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
        /// Exit 1 when the change introduces an error.
        #[arg(long)]
        fail_on_new_errors: bool,
    },
    /// Give a record a new id and rewrite every reference to it: front
    /// matter, `[[wiki links]]`, relative links and the file name.
    Renumber {
        /// The record's id now.
        old: String,
        /// The id to give it; refused when any branch already uses it.
        new: String,
        /// The records repository (default: the current folder).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print what would change, and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// The record's file, when several records hold OLD (after a merge
        /// of two branches that took the same id).
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
    },
    /// Print the decisions that govern code paths, the most specific
    /// pattern first, then retired ones; exit 1 when none matched.
    Why {
        /// Code paths (files or folders), from the current folder or the code root.
        #[arg(required = true, num_args = 1..)]
        paths: Vec<PathBuf>,
        /// The records repository (default: the current folder).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = WhyFormat::Human)]
        format: WhyFormat,
    },
    /// Print the agenda of the next refinement session: the most important
    /// items that are not ready, with what is missing and who owns it.
    Agenda {
        /// The records repository (default: the current folder).
        root: Option<PathBuf>,
        /// How many items at most (default: `sessions.max_items`, 8).
        #[arg(long)]
        top: Option<usize>,
    },
    /// A language server for editors on standard input and output:
    /// diagnostics as you type, completion, hover, go to definition, find
    /// references, rename, document symbols and quick fixes.
    #[cfg(feature = "lsp")]
    Lsp {
        /// The records repository (default: the one holding the editor's
        /// workspace folder, found by its `shoshin.yaml`).
        root: Option<PathBuf>,
    },
    /// A Model Context Protocol server for coding agents on standard input
    /// and output: search and read records, check, the agenda, create records.
    #[cfg(feature = "lsp")]
    Mcp {
        /// The records repository (default: the current folder).
        root: Option<PathBuf>,
    },
    /// Print a shell completion script on standard output.
    ///
    /// For instance `shoshin completions bash >
    /// ~/.local/share/bash-completion/completions/shoshin`, or `shoshin
    /// completions zsh > ~/.zfunc/_shoshin`; docs/install.md lists each shell.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on standard output, or write one page per
    /// command into a folder.
    Man {
        /// Write `shoshin.1` and a `shoshin-COMMAND.1` per command into this
        /// folder instead.
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
}

/// Output formats of `shoshin diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Text for a terminal.
    Human,
    /// Markdown, for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
    Markdown,
    /// One JSON object, for tools.
    Json,
}

/// Kinds `shoshin new` can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// A backlog item.
    Item,
    /// A decision record.
    Decision,
    /// Notes of a refinement session.
    Session,
}

/// How `shoshin why` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WhyFormat {
    /// For people.
    Human,
    /// One JSON object, for tools and editors.
    Json,
}
