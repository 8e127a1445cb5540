//! A record file's whole text, as [`crate::model::Record::source`] gives it.
//!
//! Loading reads every file it parses. A file the records cache vouches for
//! as unchanged since it was cached (same size, times and inode; see
//! [`crate::load::cache`]) is decoded from the cache without being read:
//! its text is read only if something asks for it, which is rare (the line
//! of a diagnostic, and its snippet). Read so, the text must still be the
//! one the cache entry was made from; a file changed or gone since loading
//! gives an empty text instead, so that no diagnostic points at a line of
//! a text the record was not loaded from.

use crate::model::Kind;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// A record file's text, read while loading or on first use.
#[derive(Clone, Default)]
pub struct SourceText {
    /// The text, once read.
    text: OnceLock<String>,
    /// Where to read it, for a text not read while loading.
    unread: Option<Box<Unread>>,
}

/// A file not read while loading, and what its text must hash to.
#[derive(Clone)]
struct Unread {
    /// The records root.
    root: Arc<Path>,
    /// The file, relative to the root.
    file: PathBuf,
    /// The kind its folder gives, part of the cache key.
    folder_kind: Option<Kind>,
    /// The records cache's key of the text the record was decoded for.
    key: u64,
}

impl SourceText {
    /// A text read while loading.
    pub fn read(text: String) -> SourceText {
        SourceText {
            text: OnceLock::from(text),
            unread: None,
        }
    }

    /// The text of `file` under `root`, not read yet: the records cache
    /// entry `key` vouched for it.
    pub fn unread(root: Arc<Path>, file: &Path, folder_kind: Option<Kind>, key: u64) -> SourceText {
        SourceText {
            text: OnceLock::new(),
            unread: Some(Box::new(Unread {
                root,
                file: file.to_path_buf(),
                folder_kind,
                key,
            })),
        }
    }

    /// The text: read from the file on first use when loading did not read
    /// it; empty when the file changed or went away since.
    pub fn get(&self) -> &str {
        self.text.get_or_init(|| match &self.unread {
            Some(unread) => unread.read().unwrap_or_default(),
            None => String::new(),
        })
    }

    /// True when loading did not read the file and nothing has asked for
    /// its text since.
    pub fn is_unread(&self) -> bool {
        self.unread.is_some() && self.text.get().is_none()
    }

    /// Lets go of the text; [`SourceText::get`] gives an empty text after.
    pub fn clear(&mut self) {
        self.text = OnceLock::from(String::new());
        self.unread = None;
    }
}

impl Unread {
    /// The file's text, when it is still the one the cache entry was made from.
    fn read(&self) -> Option<String> {
        let text = std::fs::read_to_string(self.root.join(&self.file)).ok()?;
        let text = crate::text::without_bom(text);
        let key = crate::load::cache::Cache::key(&self.file, self.folder_kind, &text);
        (key == self.key).then_some(text)
    }
}

impl std::fmt::Debug for SourceText {
    /// The text, read if need be, so that a record decoded without reading
    /// its file shows as the same record parsed from it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.get(), f)
    }
}

impl From<String> for SourceText {
    fn from(text: String) -> SourceText {
        SourceText::read(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "---\nid: PAY-1\n---\nBody.\n";

    fn unread_in(dir: &Path, text: &str) -> SourceText {
        let file = Path::new("items/PAY-1.md");
        std::fs::create_dir_all(dir.join("items")).unwrap();
        std::fs::write(dir.join(file), text).unwrap();
        let key = crate::load::cache::Cache::key(file, Some(Kind::Item), TEXT);
        SourceText::unread(Arc::from(dir), file, Some(Kind::Item), key)
    }

    #[test]
    fn an_unread_text_is_read_on_first_use_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let source = unread_in(dir.path(), &format!("\u{feff}{TEXT}"));
        assert!(source.is_unread());
        assert_eq!(source.get(), TEXT, "read, without its byte-order mark");
        assert!(!source.is_unread());
        std::fs::remove_file(dir.path().join("items/PAY-1.md")).unwrap();
        assert_eq!(source.get(), TEXT, "kept once read");
    }

    #[test]
    fn a_file_changed_or_gone_since_loading_gives_an_empty_text() {
        let dir = tempfile::tempdir().unwrap();
        let changed = unread_in(dir.path(), &TEXT.replace("Body", "Other body"));
        assert_eq!(changed.get(), "");
        let gone = unread_in(dir.path(), TEXT);
        std::fs::remove_file(dir.path().join("items/PAY-1.md")).unwrap();
        assert_eq!(gone.get(), "");
    }

    #[test]
    fn a_cleared_text_is_empty() {
        let mut source = SourceText::read(TEXT.to_string());
        assert_eq!(source.get(), TEXT);
        source.clear();
        assert_eq!(source.get(), "");
        assert!(!source.is_unread());
    }
}
