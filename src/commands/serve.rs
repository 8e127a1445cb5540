//! `shoshin serve`: live preview while writing records (see [`crate::serve`]).

use super::OK;
use anyhow::Result;
use std::net::IpAddr;
use std::path::Path;

/// Serves the site of the records repository at `root` until stopped.
pub fn run(root: &Path, port: u16, bind: IpAddr, open: bool) -> Result<u8> {
    crate::serve::run(&crate::serve::Options {
        root: root.to_path_buf(),
        bind,
        port,
        open,
    })?;
    Ok(OK)
}
