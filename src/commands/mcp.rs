//! `shoshin mcp`: a Model Context Protocol server for coding agents (see
//! [`crate::mcp`]).

use super::OK;
use anyhow::Result;
use std::path::Path;

/// Serves one agent over standard input and output until it disconnects.
pub fn run(root: &Path) -> Result<u8> {
    crate::mcp::run(root)?;
    Ok(OK)
}
