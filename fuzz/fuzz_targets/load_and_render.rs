//! Fuzzes the whole pipeline on one file: the input is written as a record
//! beside a fixed decision and session, then loaded, indexed, checked and
//! every page rendered in memory. Any panic is a bug: bad input must only
//! ever give diagnostics.

#![no_main]

use libfuzzer_sys::fuzz_target;
use shoshin::project::Project;
use shoshin::render::{templates, PageRenderer};
use std::sync::OnceLock;

/// One repository for the whole run; each input replaces the fuzzed file.
fn repository() -> &'static tempfile::TempDir {
    static REPOSITORY: OnceLock<tempfile::TempDir> = OnceLock::new();
    REPOSITORY.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (path, text) in [
            ("decisions/ADR-1.md", "---\nid: ADR-1\nstatus: accepted\n---\n## Why\nBecause.\n"),
            ("sessions/S-1.md", "---\nid: S-1\ndate: 2026-01-01\nitems: [PAY-1]\n---\nNotes.\n"),
        ] {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("items")).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let root = repository().path();
    std::fs::write(root.join("items/PAY-1.md"), data).unwrap();
    let project = Project::open(root).expect("a folder always opens");
    let templates = templates::load(&root.join("templates")).expect("the built-in templates load");
    let renderer = PageRenderer::new(&project, &templates);
    for page in renderer.pages() {
        renderer.render(&page).expect("every page renders");
    }
});
