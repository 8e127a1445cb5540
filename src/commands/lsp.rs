//! `shoshin lsp`: a language server for editors (see [`crate::lsp`]).

use super::{FAILED, OK};
use anyhow::Result;
use std::path::PathBuf;

/// Serves one editor over standard input and output; exits 0 after the
/// editor's `shutdown` and `exit`, 1 when it went away without them.
pub fn run(root: Option<PathBuf>) -> Result<u8> {
    let clean = crate::lsp::run(root)?;
    Ok(if clean { OK } else { FAILED })
}
