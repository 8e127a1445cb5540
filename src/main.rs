//! The `shoshin` binary: parses the command line and hands it to the library.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: loading and rendering allocate many small strings and values on
/// several threads, which it serves faster and with less memory held than the
/// system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = shoshin::cli::Cli::parse();
    match shoshin::commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}
