//! `shoshin man`: the manual page in roff, made by clap_mangen from the clap
//! definition: one page on standard output (the commands listed in it), or,
//! with `--output DIR`, `shoshin.1` and a `shoshin-COMMAND.1` page per
//! command, as packagers install them.

use super::OK;
use anyhow::{Context, Result};
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;

/// Prints the page, or writes every page into `output`.
pub fn run(output: Option<&Path>) -> Result<u8> {
    let command = crate::cli::Cli::command();
    match output {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut page)
                .context("cannot render the manual page")?;
            print(&page)
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(command, dir)
                .with_context(|| format!("cannot write the manual pages into {}", dir.display()))?;
            if !crate::terminal::quiet() {
                eprintln!("wrote the manual pages into {}", dir.display());
            }
            Ok(OK)
        }
    }
}

/// Writes `text` on standard output. A reader that stops early (`shoshin
/// man | head`) is not an error: what it read was what it wanted.
pub fn print(text: &[u8]) -> Result<u8> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write on standard output")
        }
        _ => Ok(OK),
    }
}
