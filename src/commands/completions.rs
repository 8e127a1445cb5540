//! `shoshin completions SHELL`: a completion script for bash, zsh, fish,
//! PowerShell or Elvish, made by clap_complete from the same clap
//! definition that parses the command line, so it never falls behind it.

use anyhow::Result;
use clap::CommandFactory;

/// Prints the completion script for `shell` on standard output.
pub fn run(shell: clap_complete::Shell) -> Result<u8> {
    super::man::print(&script(shell))
}

/// The completion script for `shell`.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut command = crate::cli::Cli::command();
    // Written into memory first: clap_complete panics when its writer
    // fails, as standard output does when a pipe is closed early.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "shoshin", &mut script);
    script
}
