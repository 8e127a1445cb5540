//! `shoshin init [DIR]`: a records repository to start from: configuration,
//! the three folders with one sample record each, and a GitHub Actions
//! workflow that checks pull requests and publishes the site.

use super::OK;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

const FILES: [(&str, &str); 6] = [
    ("shoshin.yaml", include_str!("../../templates/init/shoshin.yaml")),
    (
        "items/ITEM-1-write-down-the-first-backlog-item.md",
        include_str!("../../templates/init/item.md"),
    ),
    (
        "decisions/ADR-0001-record-decisions-in-this-repository.md",
        include_str!("../../templates/init/decision.md"),
    ),
    (
        "sessions/{date}-first-refinement-session.md",
        include_str!("../../templates/init/session.md"),
    ),
    (
        ".github/workflows/shoshin.yml",
        include_str!("../../templates/init/workflow.yml"),
    ),
    // The site, and what a build stopped halfway may leave beside it.
    (
        ".gitignore",
        "/public/\n.shoshin-staging-*/\n.shoshin-previous-*/\n",
    ),
];

/// The shoshin Action the workflow uses, at this version's release tag:
/// `OWNER/shoshin@v0.1.0` for the `repository` of Cargo.toml.
pub fn action() -> String {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let path = repository
        .trim_end_matches('/')
        .trim_end_matches(".git")
        .trim_start_matches("https://github.com/");
    format!("{path}@v{}", env!("CARGO_PKG_VERSION"))
}

/// Scaffolds `dir`, keeping any file that already exists.
pub fn run(dir: &Path) -> Result<u8> {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let (created, kept) = scaffold(dir, &today)?;
    for path in &created {
        println!("created {}", path.display());
    }
    if crate::terminal::quiet() {
        return Ok(OK);
    }
    for path in &kept {
        eprintln!("kept {} (it already exists)", path.display());
    }
    eprintln!(
        "next: `shoshin check {}` then `shoshin build {}`",
        dir.display(),
        dir.display()
    );
    Ok(OK)
}

/// Writes the scaffold; returns the files created and those left as they were.
pub fn scaffold(dir: &Path, today: &str) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let mut created = Vec::new();
    let mut kept = Vec::new();
    for (name, text) in FILES {
        let path = dir.join(name.replace("{date}", today));
        if path.exists() {
            kept.push(path);
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let text = text.replace("{date}", today).replace("{action}", &action());
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        created.push(path);
    }
    Ok((created, kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scaffold_checks_clean_and_keeps_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".gitignore"), "mine\n").unwrap();
        let (created, kept) = scaffold(dir.path(), "2026-11-22").unwrap();
        assert_eq!(created.len(), 5);
        assert_eq!(kept, vec![dir.path().join(".gitignore")]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
            "mine\n"
        );
        let project = crate::project::Project::open(dir.path()).unwrap();
        assert_eq!(project.index.records.len(), 3);
        // The folder is not a git repository yet: that is the only warning.
        let codes: Vec<&str> = project.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["history-unavailable"], "{:?}", project.diagnostics);
        let workflow = std::fs::read_to_string(dir.path().join(".github/workflows/shoshin.yml")).unwrap();
        // `check` gates pull requests; `build` publishes on main, problems
        // and all; both with the Action's prebuilt binary, never compiling.
        let uses = format!("uses: {}", action());
        assert_eq!(action(), format!("OWNER/shoshin@v{}", env!("CARGO_PKG_VERSION")));
        let check = workflow
            .find(&format!("{uses}\n        with:\n          build: \"false\""))
            .unwrap();
        let build = workflow
            .find(&format!("{uses}\n        with:\n          check: \"false\""))
            .unwrap();
        assert!(workflow[..check].contains("if: github.event_name == 'pull_request'"));
        assert!(workflow[check..build].contains("if: github.event_name == 'push'"));
        assert!(!workflow.contains("--strict\n"));
        assert!(!workflow.contains("cargo install"));
        assert!(!workflow.contains("{action}"));
        assert!(workflow.contains("actions/deploy-pages"));
    }
}
