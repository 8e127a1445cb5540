//! The `shoshin` binary: parses the command line and hands it to the library.

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: loading and rendering allocate many small strings and values on
/// several threads, which it serves faster and with less memory held than the
/// system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its position in `mi_option_e` of
/// mimalloc 3, the version `libmimalloc-sys` builds by default), which that
/// crate does not name.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // shoshin is a short-lived batch (or a server rebuilding the same site
    // again): handing freed memory back to the system only to fault it in
    // again, zeroed, cost a third of `check`'s time on a large repository.
    // SAFETY: sets a plain integer option; mimalloc reads options at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
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
