//! `repositories:` in `shoshin.yaml`: the repositories a portal gathers
//! into one site (see docs/portal.md), and their validation with the line
//! of each mistake.

use super::Folders;
use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};

/// One repository of a portal.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RepositoryConfig {
    /// Short name (`[a-z0-9-]+`): the `NAME` of `NAME:ID` and of its pages'
    /// addresses.
    pub name: String,
    /// A local folder, relative to the portal's root.
    #[serde(default)]
    pub path: Option<String>,
    /// A git URL (`file://`, `ssh://`, `git://`), cloned and fetched into
    /// the portal's cache folder.
    #[serde(default)]
    pub url: Option<String>,
    /// The branch of `url` to read (default: the remote's default branch).
    #[serde(default)]
    pub branch: Option<String>,
    /// The revision of `url` to read instead of a branch's tip: a commit id
    /// (whole, or its first digits when they name one commit) or a tag.
    #[serde(default)]
    pub rev: Option<String>,
    /// The records folders, instead of those the repository's own
    /// `shoshin.yaml` names.
    #[serde(default)]
    pub folders: Option<Folders>,
    /// The configuration file inside the repository to read instead of its
    /// `shoshin.yaml`.
    #[serde(default)]
    pub config: Option<String>,
    /// The repository's title on the portal (default: its own `title:`).
    #[serde(default)]
    pub title: Option<String>,
}

/// `portal:` in `shoshin.yaml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PortalConfig {
    /// Where repositories given by `url:` are cloned, relative to the
    /// portal's root (default `.git/shoshin/portal`, or
    /// `.shoshin-portal` when the root is not a git repository).
    pub cache_dir: Option<String>,
}

/// True for a repository name: lower-case ASCII letters, digits and
/// dashes, 1 to 40 of them.
pub fn is_valid_name(name: &str) -> bool {
    crate::parse::ids::is_repository_name(name)
}

/// A name made valid: what the "did you mean" of a bad name offers.
fn suggested_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "team-a".into()
    } else {
        out.chars().take(40).collect()
    }
}

/// The line (1-based) of the `nth` (0-based) `name:` key giving `name` in
/// `text`, or of `repositories:` when it cannot be found.
fn line_of(text: &str, name: &str, nth: usize) -> usize {
    let mut seen = 0;
    let mut fallback = 1;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start().trim_start_matches('-').trim_start();
        if line.starts_with("repositories:") {
            fallback = i + 1;
        }
        let Some(value) = trimmed.strip_prefix("name:") else {
            continue;
        };
        let value = value
            .split(" #")
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\'']);
        if value == name {
            if seen == nth {
                return i + 1;
            }
            seen += 1;
        }
    }
    fallback
}

/// Checks every repository entry: a valid, unique name and one location.
/// Each error gives the line in `text` (the configuration file) and the fix.
pub fn validate(repositories: &[RepositoryConfig], text: &str) -> Result<()> {
    for (i, repository) in repositories.iter().enumerate() {
        let name = &repository.name;
        let earlier = repositories[..i].iter().filter(|r| &r.name == name).count();
        let line = line_of(text, name, earlier);
        if !is_valid_name(name) {
            bail!(
                "line {line}: repository name `{name}` must be 1 to 40 lower-case letters, digits and dashes; did you mean `{}`?",
                suggested_name(name)
            );
        }
        if earlier > 0 {
            bail!(
                "line {line}: repository name `{name}` is given twice (first on line {}): give each repository its own name",
                line_of(text, name, 0)
            );
        }
        match (&repository.path, &repository.url) {
            (Some(_), Some(_)) => bail!(
                "line {line}: repository `{name}` has both `path:` and `url:`: keep `path:` for a local folder or `url:` for a git URL"
            ),
            (None, None) => bail!(
                "line {line}: repository `{name}` needs `path:` (a local folder relative to the portal's root) or `url:` (a git URL)"
            ),
            (Some(path), None) => {
                if std::path::Path::new(path.trim()).is_absolute() || path.trim().is_empty() {
                    bail!("line {line}: repository `{name}` has `path: {path}`: give a folder relative to the portal's root, e.g. `../{name}`");
                }
                if repository.branch.is_some() || repository.rev.is_some() {
                    bail!("line {line}: repository `{name}` is a local folder: `branch:` and `rev:` go with `url:` only; remove them");
                }
            }
            (None, Some(_)) => {
                if repository.branch.is_some() && repository.rev.is_some() {
                    bail!("line {line}: repository `{name}` has both `branch:` and `rev:`: keep one");
                }
                if let Some(rev) = &repository.rev {
                    let rev = rev.trim();
                    if rev.is_empty() || rev.starts_with('-') || rev.contains(char::is_whitespace) {
                        bail!("line {line}: repository `{name}` has `rev: {rev}`: give a commit id (whole or its first digits) or a tag, or use `branch:`");
                    }
                }
            }
        }
        if let Some(config) = &repository.config {
            let path = std::path::Path::new(config);
            if path.is_absolute()
                || path
                    .components()
                    .any(|c| matches!(c, std::path::Component::ParentDir))
            {
                bail!("line {line}: repository `{name}` has `config: {config}`: give a file inside the repository, e.g. `shoshin.yaml`");
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    fn error(text: &str) -> String {
        format!("{:#}", Config::parse(text).unwrap_err())
    }

    #[test]
    fn repositories_are_read() {
        let config = Config::parse(
            "repositories:\n  - name: payments\n    path: ../payments\n  - name: platform\n    url: file:///srv/platform.git\n    branch: main\n",
        )
        .unwrap();
        assert_eq!(config.repositories.len(), 2);
        assert_eq!(config.repositories[1].branch.as_deref(), Some("main"));
    }

    #[test]
    fn mistakes_name_their_line_and_the_fix() {
        let twice = error("title: x\nrepositories:\n  - name: a\n    path: a\n  - name: a\n    path: b\n");
        assert!(
            twice.contains("line 5: repository name `a` is given twice (first on line 3)"),
            "{twice}"
        );
        let both = error("repositories:\n  - name: a\n    path: a\n    url: file:///x\n");
        assert!(
            both.contains("line 2: repository `a` has both `path:` and `url:`"),
            "{both}"
        );
        let bad = error("repositories:\n  - name: Pay Ments\n    path: a\n");
        assert!(bad.contains("line 2: repository name `Pay Ments`"), "{bad}");
        assert!(bad.contains("did you mean `pay-ments`?"), "{bad}");
        let neither = error("repositories:\n  - name: a\n");
        assert!(neither.contains("needs `path:`"), "{neither}");
        let unknown = error("repositories:\n  - name: a\n    pth: a\n");
        assert!(unknown.contains("did you mean `path`?"), "{unknown}");
    }
}
