//! The git index (`.git/index`, version 2) of the demo's working tree, so
//! that `git status` in the demo finds every file committed and unchanged.
//! gix is used here without its index feature; the format is small: a
//! header, one entry per file sorted by path, and a SHA-1 of it all.

use anyhow::Result;
use gix::ObjectId;
use std::path::Path;

/// Writes the index of `files` (path, blob id and size, any order) into the
/// git folder `git_dir`. Times and inode numbers are left at zero: git then
/// compares contents once and finds them equal.
pub fn write(git_dir: &Path, files: &[(&str, ObjectId, usize)]) -> Result<()> {
    let mut sorted: Vec<&(&str, ObjectId, usize)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut out = Vec::new();
    out.extend_from_slice(b"DIRC");
    out.extend_from_slice(&2u32.to_be_bytes());
    out.extend_from_slice(&(sorted.len() as u32).to_be_bytes());
    for (path, id, size) in sorted {
        let start = out.len();
        // ctime, mtime (seconds and nanoseconds each), dev, ino.
        out.extend_from_slice(&[0u8; 24]);
        out.extend_from_slice(&0o100644u32.to_be_bytes());
        // uid, gid.
        out.extend_from_slice(&[0u8; 8]);
        out.extend_from_slice(&(*size as u32).to_be_bytes());
        out.extend_from_slice(id.as_bytes());
        let flags = path.len().min(0xFFF) as u16;
        out.extend_from_slice(&flags.to_be_bytes());
        out.extend_from_slice(path.as_bytes());
        // One to eight NULs, so that each entry is a multiple of 8 bytes long.
        let padding = 8 - (out.len() - start) % 8;
        out.extend(std::iter::repeat_n(0u8, padding));
    }
    let mut hasher = gix::hash::hasher(gix::hash::Kind::Sha1);
    hasher.update(&out);
    let checksum = hasher.try_finalize()?;
    out.extend_from_slice(checksum.as_bytes());
    std::fs::write(git_dir.join("index"), out)?;
    Ok(())
}
