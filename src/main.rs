//! The `shoshin` binary: parses the command line and hands it to the library.

use clap::Parser;
use std::process::ExitCode;

/// jemalloc: loading and rendering allocate many small strings and values
/// on several threads. With one arena shared by every thread it holds the
/// least memory beyond what is live, in the same time as mimalloc (see
/// `benches/RESULTS.md`). Huge pages are left to the system's setting:
/// asked for always, each one is zeroed whole when first touched, and a
/// build of 10,000 records peaked 17–29 MB higher for no gain in time.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// A C string for jemalloc to read.
#[cfg(not(target_env = "msvc"))]
#[repr(transparent)]
pub struct Settings(*const std::ffi::c_char);

// SAFETY: it points at a string constant, never written.
#[cfg(not(target_env = "msvc"))]
unsafe impl Sync for Settings {}

/// jemalloc's settings, read as it starts (the symbol is jemalloc's
/// `malloc_conf`, with the prefix `tikv-jemalloc-sys` gives its symbols);
/// the environment variable `_RJEM_MALLOC_CONF` can add to them.
#[cfg(not(target_env = "msvc"))]
#[export_name = "_rjem_malloc_conf"]
pub static MALLOC_CONF: Settings = Settings(c"narenas:1".as_ptr());

/// Makes jemalloc keep what is freed instead of handing it back to the
/// system after a while: `serve` rebuilds the same site again and again, and
/// memory handed back between two edits is faulted in again, zeroed, by the
/// next rebuild (on the benchmark repository the backlog reloaded 10–20 ms
/// later). `check` and `build`, which end soon, hand back what they no
/// longer need and peak about 25 MB lower.
#[cfg(not(target_env = "msvc"))]
fn keep_freed_memory() {
    let never: isize = -1;
    // The default of arenas made later, and the one arena (`narenas:1`).
    for name in [c"arenas.dirty_decay_ms", c"arena.0.dirty_decay_ms"] {
        // SAFETY: each setting is an `ssize_t`, copied from `never`.
        unsafe {
            tikv_jemalloc_sys::mallctl(
                name.as_ptr(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                (&never as *const isize).cast_mut().cast(),
                std::mem::size_of::<isize>(),
            )
        };
    }
}

/// mimalloc where jemalloc does not build (Windows with MSVC).
#[cfg(target_env = "msvc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its position in `mi_option_e` of
/// mimalloc 3, the version `libmimalloc-sys` builds by default), which that
/// crate does not name.
#[cfg(target_env = "msvc")]
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // shoshin is a short-lived batch (or a server rebuilding the same site
    // again): handing freed memory back to the system only to fault it in
    // again, zeroed, cost a third of `check`'s time on a large repository.
    // SAFETY: sets a plain integer option; mimalloc reads options at any time.
    #[cfg(target_env = "msvc")]
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, -1)
    };
    let cli = shoshin::cli::Cli::parse();
    #[cfg(not(target_env = "msvc"))]
    if matches!(cli.command, shoshin::cli::Command::Serve { .. }) {
        keep_freed_memory();
    }
    let outcome = shoshin::commands::run(cli);
    shoshin::leftovers::wait_while_stopping();
    match outcome {
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
