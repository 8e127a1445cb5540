//! One module per subcommand. Each returns the process exit status:
//! 0 clean (or a site built, problems and all), 1 check failures (or a
//! `build --strict` stopped by them); errors (exit 2) are returned as `Err`.

pub mod agenda;
pub mod build;
pub mod check;
pub mod completions;
pub mod demo;
pub mod diff;
pub mod export;
pub mod init;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod man;
#[cfg(feature = "lsp")]
pub mod mcp;
pub mod new;
pub mod renumber;
#[cfg(feature = "serve")]
pub mod serve;
pub mod why;

use crate::cli::{Cli, Command};
use anyhow::Result;
use std::path::{Path, PathBuf};

/// Exit status: nothing wrong.
pub const OK: u8 = 0;
/// Exit status: check errors, or warnings with `--deny-warnings`.
pub const FAILED: u8 = 1;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<u8> {
    crate::terminal::set(cli.color, cli.verbosity());
    if cli.timings || cli.verbose {
        crate::timings::enable();
    }
    let code = run_command(cli.command);
    eprint!("{}", crate::timings::report());
    code
}

fn run_command(command: Command) -> Result<u8> {
    match command {
        Command::Init { dir } => init::run(&dir.unwrap_or_else(|| PathBuf::from("."))),
        Command::New { kind, title, root } => new::run(&root, kind, &title.join(" ")),
        Command::Check {
            root,
            format,
            deny_warnings,
            explain_formats: false,
            base,
            portal_data,
        } => check::run_with(
            &root_or_here(root),
            format,
            deny_warnings,
            check::Against {
                base: base.as_deref(),
                portal_data: portal_data.as_deref(),
            },
        ),
        Command::Check {
            root,
            format,
            deny_warnings,
            explain_formats: true,
            base: _,
            portal_data: _,
        } => check::run_explaining_formats(&root_or_here(root), format, deny_warnings),
        Command::Diff {
            base,
            head,
            root,
            format,
            fail_on_new_errors,
        } => diff::run(diff::Request {
            root: &root,
            base: base.as_deref(),
            head: head.as_deref(),
            format,
            fail_on_new_errors,
        }),
        Command::Renumber {
            old,
            new,
            root,
            dry_run,
            file,
        } => renumber::run(
            &root,
            renumber::Ids { old: &old, new: &new },
            file.as_deref(),
            dry_run,
        ),
        Command::Build {
            root,
            output,
            base_url,
            strict,
            deny_warnings,
        } => build::run(
            &root_or_here(root),
            output.as_deref(),
            base_url,
            build::Strictness {
                strict,
                deny_warnings,
            },
        ),
        Command::Export { root } => export::run(&root_or_here(root)),
        Command::Demo { dir } => demo::run(dir.as_deref()),
        Command::Why { paths, root, format } => why::run(&root, &paths, format),
        Command::Agenda { root, top } => agenda::run(&root_or_here(root), top),
        Command::Completions { shell } => completions::run(shell),
        Command::Man { output } => man::run(output.as_deref()),
        #[cfg(feature = "serve")]
        Command::Serve {
            root,
            port,
            bind,
            open,
        } => serve::run(&root_or_here(root), port, bind, open),
        #[cfg(feature = "lsp")]
        Command::Lsp { root } => lsp::run(root),
        #[cfg(feature = "lsp")]
        Command::Mcp { root } => mcp::run(&root_or_here(root)),
        #[cfg(not(feature = "serve"))]
        Command::Serve { .. } => Err(anyhow::anyhow!(
            "this shoshin was built without the `serve` feature; install it with default features \
             (`cargo install --locked shoshin`) or use a prebuilt binary to preview the site"
        )),
    }
}

fn root_or_here(root: Option<PathBuf>) -> PathBuf {
    root.unwrap_or_else(|| PathBuf::from("."))
}

/// The root as it should prefix file names in messages: empty for `.`.
pub fn display_root(root: &Path) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::new()
    } else {
        root.to_path_buf()
    }
}

/// Leaves `project` to the end of the process instead of freeing it: at the
/// end of `check` or `build` the process is about to exit, and freeing
/// every record, section and string one by one (tens of milliseconds at
/// 10,000 records) would only delay it.
fn exit_without_freeing(project: crate::project::Project) {
    std::mem::forget(project);
}
