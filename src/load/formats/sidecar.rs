//! Metadata kept in a file beside a record rather than in it: a folder per
//! record whose `README.md` holds the prose and a `kep.yaml` (Kubernetes
//! enhancement proposals), `metadata.yaml` or `metadata.yml` holds the
//! title, status, dates and relations. Other YAML files in the folder
//! (examples, configuration) are not metadata.

use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The names a metadata sidecar may have.
pub const NAMES: &[&str] = &["kep.yaml", "metadata.yaml", "metadata.yml"];

/// Larger files are not read as a sidecar.
const MAX_BYTES: u64 = 256 * 1024;

/// The sidecar beside `path` (relative to `root`) when `path` is a folder's
/// `README.md` or `index.md`: its path relative to the root and its keys.
/// A sidecar that is not a YAML mapping is left alone.
pub fn find(root: &Path, path: &Path) -> Option<(PathBuf, Map<String, Value>)> {
    if !super::is_folder_doc(path) {
        return None;
    }
    let folder = path.parent()?;
    NAMES.iter().find_map(|name| {
        let relative = folder.join(name);
        let full = root.join(&relative);
        // Only a plain, small file: a link could lead out of the repository.
        let meta = std::fs::symlink_metadata(&full).ok()?;
        if !meta.is_file() || meta.len() > MAX_BYTES {
            return None;
        }
        let text = std::fs::read_to_string(&full).ok()?;
        let map = crate::yaml::parse_mapping(&text).ok()?;
        Some((relative, map))
    })
}
