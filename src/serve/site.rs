//! The site `serve` serves: every file of the rendered site held in memory,
//! and the mapping from request paths to those files. Request paths are
//! percent-decoded and normalised; nothing outside the site is ever reachable.
//!
//! After a record edit the site is eventually consistent: the pages the edit
//! shows first (the edited record's page and its neighbours) are replaced
//! before the rest, and until the rest is done its paths are *pending*. A
//! request for a pending path waits for the fresh file (see [`Site::is_pending`]),
//! so what is served is never a stale page after the reload for that page.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The rendered site in memory, with the problems of the last rebuild.
#[derive(Debug, Default)]
pub struct Site {
    /// Site path (`items/PAY-1/index.html`) → contents.
    pub files: HashMap<String, Arc<[u8]>>,
    /// What is injected into HTML pages (see [`super::inject`]).
    pub snippet: String,
    /// Counts rebuilds; each open page is told to reload once per version,
    /// as soon as it is no longer pending.
    pub version: u64,
    /// Site paths still being regenerated for the current version: list
    /// pages, pages further from the edit, and the whole-site generated files.
    pub pending: HashSet<String>,
    /// While set, only these site paths are up to date: requests for any
    /// other file wait (between the first steps of an incremental rebuild).
    pub fresh: Option<HashSet<String>>,
    /// True while files may still appear that are not in the site yet (a new
    /// search shard, say): requests for missing files wait too.
    pub growing: bool,
}

/// What a request path resolved to.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// A file of the site, by site path.
    File(String),
    /// A folder requested without its trailing slash: redirect there, so
    /// relative links resolve.
    Redirect(String),
    /// No such file.
    NotFound,
    /// A path that is malformed or tries to leave the site.
    BadRequest,
}

impl Site {
    /// Resolves a raw (still percent-encoded) request path.
    pub fn lookup(&self, raw_path: &str) -> Lookup {
        let Some(path) = normalise(raw_path) else {
            return Lookup::BadRequest;
        };
        if path.is_empty() || path.ends_with('/') {
            let index = format!("{path}index.html");
            return if self.files.contains_key(&index) {
                Lookup::File(index)
            } else {
                Lookup::NotFound
            };
        }
        if self.files.contains_key(&path) {
            return Lookup::File(path);
        }
        if self.files.contains_key(&format!("{path}/index.html")) {
            return Lookup::Redirect(format!("/{path}/"));
        }
        Lookup::NotFound
    }
}

impl Site {
    /// True when the file a raw request path names is still being
    /// regenerated: a request for it waits until it is done.
    pub fn is_pending(&self, raw_path: &str) -> bool {
        if self.is_complete() {
            return false;
        }
        let Some(path) = normalise(raw_path) else {
            return false;
        };
        let candidates = if path.is_empty() || path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![format!("{path}/index.html"), path]
        };
        if candidates.iter().any(|c| self.pending.contains(c)) {
            return true;
        }
        if let Some(fresh) = &self.fresh {
            return !candidates.iter().any(|c| fresh.contains(c));
        }
        self.growing && candidates.iter().all(|c| !self.files.contains_key(c))
    }

    /// True once every file of the current version is in place.
    pub fn is_complete(&self) -> bool {
        self.pending.is_empty() && !self.growing && self.fresh.is_none()
    }
}

/// The site path of a raw request path: percent-decoded, `.` and empty
/// segments dropped, a trailing `/` kept. `None` when the path does not start
/// with `/`, is not UTF-8 once decoded, holds a NUL, a control character or a
/// backslash, or has a `..` segment.
pub fn normalise(raw_path: &str) -> Option<String> {
    let rest = raw_path.strip_prefix('/')?;
    let decoded = percent_encoding::percent_decode_str(rest).decode_utf8().ok()?;
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return None;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s => segments.push(s),
        }
    }
    let mut path = segments.join("/");
    let folder = decoded.ends_with('/') || decoded.is_empty() || decoded.ends_with("/.");
    if folder && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

/// The `Content-Type` of a site path, from its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        let mut site = Site::default();
        for path in ["index.html", "items/PAY-1/index.html", "style.css"] {
            site.files.insert(path.to_string(), Arc::from(&b"x"[..]));
        }
        site
    }

    #[test]
    fn folders_serve_their_index_and_redirect_without_slash() {
        let site = site();
        assert_eq!(site.lookup("/"), Lookup::File("index.html".into()));
        assert_eq!(
            site.lookup("/items/PAY-1/"),
            Lookup::File("items/PAY-1/index.html".into())
        );
        assert_eq!(
            site.lookup("/items/PAY-1"),
            Lookup::Redirect("/items/PAY-1/".into())
        );
        assert_eq!(
            site.lookup("/items/%50AY-1/index.html"),
            Lookup::File("items/PAY-1/index.html".into())
        );
        assert_eq!(site.lookup("//style.css"), Lookup::File("style.css".into()));
        assert_eq!(site.lookup("/nope.html"), Lookup::NotFound);
        assert_eq!(site.lookup("/items/"), Lookup::NotFound);
    }

    #[test]
    fn pending_files_and_while_growing_missing_files_wait() {
        let mut site = site();
        assert!(!site.is_pending("/items/PAY-1/"));
        site.pending.insert("items/index.html".into());
        site.pending.insert("data.json".into());
        assert!(site.is_pending("/items/"));
        assert!(site.is_pending("/items"));
        assert!(site.is_pending("/data.json"));
        assert!(!site.is_pending("/items/PAY-1/"));
        assert!(!site.is_pending("/search/text-9.js"));
        assert!(!site.is_complete());
        site.growing = true;
        assert!(site.is_pending("/search/text-9.js"));
        assert!(!site.is_pending("/style.css"));
        assert!(!site.is_pending("/../x"));
        site.fresh = Some(HashSet::from(["style.css".to_string()]));
        assert!(site.is_pending("/items/PAY-1/"));
        assert!(!site.is_pending("/style.css"));
    }

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        let site = site();
        for path in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2FCargo.toml",
            "/items/../../Cargo.toml",
            "/..%5cCargo.toml",
            "/items\\..\\index.html",
            "/index.html%00",
            "/%ff",
            "relative",
        ] {
            assert_eq!(site.lookup(path), Lookup::BadRequest, "{path}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("files/x.PNG"), "image/png");
        assert_eq!(content_type("files/x"), "application/octet-stream");
    }
}
