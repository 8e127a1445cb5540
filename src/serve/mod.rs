//! `shoshin serve`: builds the site into memory, serves it over HTTP, watches
//! the records root and rebuilds on every change, and tells open pages to
//! reload over a WebSocket.
//!
//! - [`site`]: the site in memory and request-path resolution;
//! - [`inject`]: the reload script and error overlay added to pages;
//! - [`http`]: the axum routes;
//! - [`changes`]: what a batch of changed paths means;
//! - [`affected`]: which pages a record edit can change;
//! - [`rebuild`]: full and incremental rebuilds;
//! - [`publish`]: an incremental rebuild put in place in two steps, the pages
//!   nearest the edit first;
//! - [`outcome`]: what a rebuild did, for the terminal and the overlay;
//! - [`watch`]: the file watcher and its debounce.

pub mod affected;
pub mod changes;
pub mod http;
pub mod inject;
pub mod outcome;
pub mod publish;
pub mod rebuild;
pub mod site;
pub mod watch;

use anyhow::{anyhow, Context, Result};
use changes::Change;
use http::Shared;
use outcome::Outcome;
use rebuild::Builder;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

pub use crate::cli::DEFAULT_PORT;

/// How `serve` was asked to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The records root.
    pub root: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
}

/// Serves until the process is stopped (Ctrl+C).
pub fn run(options: &Options) -> Result<()> {
    let root = options
        .root
        .canonicalize()
        .with_context(|| format!("cannot open the records root {}", options.root.display()))?;
    if !root.is_dir() {
        anyhow::bail!(
            "{} is not a folder: give the records repository's root",
            options.root.display()
        );
    }
    let listener = bind(options.bind, options.port)?;
    let address = listener.local_addr()?;

    // Watching starts before the first build, so no edit is missed.
    let (_watcher, events) = watch::start(&root)?;
    let shared = Arc::new(Shared::new());
    let mut builder = Builder::new(&root)?;
    if let Some(outcome) = builder.rebuild(Change::Everything(outcome::FIRST_BUILD.into()), &shared) {
        report(&outcome);
    }
    let url = format!("http://{address}/");
    println!("serving {} at {url}", root.display());
    let _ = std::io::stdout().flush();
    eprintln!("watching for changes; press Ctrl+C to stop");

    let loop_shared = Arc::clone(&shared);
    std::thread::spawn(move || {
        watch::batches(&events, |paths| {
            let change = builder.classify(&paths);
            if let Some(outcome) = builder.rebuild(change, &loop_shared) {
                report(&outcome);
            }
        })
    });

    if options.open {
        if let Err(error) = open::that_detached(&url) {
            eprintln!("warning: cannot open a browser ({error}); open {url} yourself");
        }
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, http::router(shared))
            .await
            .context("the server stopped")
    })
}

/// Binds the listening socket, with an error naming the port when it is taken.
fn bind(ip: IpAddr, port: u16) -> Result<std::net::TcpListener> {
    let address = SocketAddr::new(ip, port);
    std::net::TcpListener::bind(address).map_err(|error| match error.kind() {
        std::io::ErrorKind::AddrInUse => anyhow!(
            "port {port} on {ip} is already in use: stop the program using it, or choose another port with --port (--port 0 picks a free one)"
        ),
        std::io::ErrorKind::AddrNotAvailable => anyhow!(
            "cannot listen on {ip}: this machine has no such address; use --bind 127.0.0.1 or another local address"
        ),
        _ => anyhow!("cannot listen on {address}: {error}"),
    })
}

/// Prints what a rebuild did, and the errors it found.
fn report(outcome: &Outcome) {
    eprintln!("{}", outcome.summary());
    if !outcome.problems.is_empty() {
        let count = outcome.problems.len();
        eprintln!(
            "  {count} {} (shown on every page):",
            if count == 1 { "error" } else { "errors" }
        );
        for problem in outcome.problems.iter().take(10) {
            eprintln!("  {}: {}", problem.place, problem.message);
        }
        if count > 10 {
            eprintln!("  … and {} more; run `shoshin check` for all", count - 10);
        }
    }
    if outcome.warnings > 0 {
        eprintln!("  {} warnings; run `shoshin check` to see them", outcome.warnings);
    }
}
