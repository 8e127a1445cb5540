//! `shoshin lsp`: a language server on standard input and output. It
//! loads the records repository of the editor's workspace, checks it as
//! `shoshin check` does, and checks again after each edit, with the open
//! documents' unsaved text laid over the files on disk.
//!
//! - [`transport`]: messages in and out, a malformed one answered with an error;
//! - [`workspace`]: the project, the editor's texts, incremental re-checks;
//! - [`affected`]: what an edit can change, and what the next check keeps;
//! - [`incremental`]: the re-check of records edited in place;
//! - [`convert`]: positions (UTF-16 columns), ranges, diagnostics and URIs;
//! - [`completion`], [`navigate`] (hover, definition, references, rename),
//!   [`outline`] (document symbols) and [`fixes`] (code actions): the features.

pub mod affected;
pub mod completion;
pub mod convert;
pub mod fixes;
pub mod incremental;
pub mod navigate;
pub mod outline;
pub mod transport;
pub mod workspace;

mod server;

use anyhow::Result;
use std::path::PathBuf;

/// Serves one editor until it says `exit` or closes standard input; true
/// when it asked to shut down first, as the protocol wants.
pub fn run(root: Option<PathBuf>) -> Result<bool> {
    let (events, received) = std::sync::mpsc::channel();
    transport::read_stdin(events.clone());
    server::Server::new(root, events).serve(received)
}
