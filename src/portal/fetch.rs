//! Where each repository of a portal is read from: a local folder as it
//! is, or a git URL (`https://` through [`super::http`], `file://`,
//! `ssh://`, `git://`) cloned and fetched with gix into the portal's cache
//! folder and its files written out at the branch or commit asked for.
//!
//! Each repository given by URL is kept as `CACHE/NAME/`: its git folder
//! (`.git`, fetched from the URL, `HEAD` at the commit read) and that
//! commit's files beside it, so that its history is read from its own git
//! like any repository's. A fetch that fails leaves the copy of the last
//! build in place, and the portal reads it (with a diagnostic).

use crate::config::RepositoryConfig;
use anyhow::{anyhow, bail, Context, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// A repository found: where its files are, and the commit they are at.
#[derive(Debug, Clone)]
pub struct Located {
    /// The repository's root folder.
    pub root: PathBuf,
    /// The commit read, when the folder is in git.
    pub commit: Option<String>,
    /// Why the URL could not be fetched, when the previous copy is read.
    pub stale: Option<String>,
}

/// The cache folder of `portal_root`'s fetched repositories.
pub fn cache_folder(portal_root: &Path, configured: Option<&str>) -> PathBuf {
    if let Some(folder) = configured.filter(|f| !f.trim().is_empty()) {
        return portal_root.join(folder.trim());
    }
    match gix::discover(portal_root) {
        Ok(repo) => repo.common_dir().join("shoshin").join("portal"),
        Err(_) => portal_root.join(".shoshin-portal"),
    }
}

/// Finds repository `entry` of the portal at `portal_root`; an error says
/// why it cannot be read at all.
pub fn locate(portal_root: &Path, cache: &Path, entry: &RepositoryConfig) -> Result<Located> {
    if let Some(path) = &entry.path {
        let root = portal_root.join(path.trim());
        if !root.is_dir() {
            bail!("the folder `{path}` does not exist (relative to the portal's root)");
        }
        return Ok(Located {
            commit: head_commit(&root),
            root,
            stale: None,
        });
    }
    let url = entry.url.as_deref().unwrap_or_default();
    let root = cache.join(&entry.name);
    match fetch(url, &root) {
        // A revision that names nothing is a mistake in the configuration,
        // not a network failure: the last copy is not shown for it.
        Ok(repo) => Ok(Located {
            commit: Some(check_out(&repo, &root, entry)?),
            root,
            stale: None,
        }),
        Err(error) if root.join(".git").is_dir() && head_commit(&root).is_some() => Ok(Located {
            commit: head_commit(&root),
            root,
            stale: Some(format!("{error:#}")),
        }),
        Err(error) => Err(error),
    }
}

/// The commit `HEAD` of the git repository at `root` is at.
pub fn head_commit(root: &Path) -> Option<String> {
    let repo = gix::discover(root).ok()?;
    Some(repo.head_id().ok()?.to_string())
}

/// The file in the git folder naming the branch a clone follows when
/// `branch:` is not given (the remote's default branch when cloned).
const DEFAULT_BRANCH_FILE: &str = "shoshin-portal-branch";

/// Clones `url` into `root/.git` (or fetches into it): a first copy is
/// an empty git folder with `url` as its remote `origin`, then fetched.
fn fetch(url: &str, root: &Path) -> Result<gix::Repository> {
    let git_dir = root.join(".git");
    if git_dir.is_dir() {
        let repo =
            gix::open(&git_dir).with_context(|| format!("cannot open the copy in {}", root.display()))?;
        fetch_into(&repo, url)?;
        return Ok(repo);
    }
    let cloned = init(url, &git_dir).and_then(|repo| {
        let default = fetch_into(&repo, url)?.unwrap_or_else(|| "main".into());
        std::fs::write(git_dir.join(DEFAULT_BRANCH_FILE), default)?;
        Ok(repo)
    });
    if cloned.is_err() {
        // A half-made copy would be taken for the previous one.
        let _ = std::fs::remove_dir_all(root);
    }
    cloned.map_err(|error| anyhow!("cannot clone {url}: {error:#}"))
}

/// An empty git folder at `git_dir` whose remote `origin` is `url`. It
/// keeps the commit read's files beside it: not bare.
fn init(url: &str, git_dir: &Path) -> Result<gix::Repository> {
    std::fs::create_dir_all(git_dir).with_context(|| format!("cannot create {}", git_dir.display()))?;
    let repo = gix::init_bare(git_dir)?;
    let mut remote = repo
        .remote_at(url)
        .map_err(|e| anyhow!("`{url}` is not a git URL: {e}"))?;
    let config_file = git_dir.join("config");
    let mut config =
        gix::config::File::from_path_no_includes(config_file.clone(), gix::config::Source::Local)?;
    remote.save_as_to("origin", &mut config)?;
    let text = config.to_string().replace("bare = true", "bare = false");
    std::fs::write(&config_file, text)?;
    Ok(gix::open(git_dir)?)
}

/// Fetches every branch of `url` into `refs/remotes/origin/`. Returns the
/// branch the remote's `HEAD` names, when it says.
fn fetch_into(repo: &gix::Repository, url: &str) -> Result<Option<String>> {
    let interrupt = AtomicBool::new(false);
    let remote = repo
        .find_remote("origin")
        .map_err(|e| anyhow!("the copy has no remote `origin`: {e}"))?
        .with_refspecs(
            ["+refs/heads/*:refs/remotes/origin/*"],
            gix::remote::Direction::Fetch,
        )
        .map_err(|e| anyhow!("cannot fetch from {url}: {e}"))?;
    let head = gix::refspec::parse("HEAD".into(), gix::refspec::parse::Operation::Fetch)
        .map_err(|e| anyhow!("{e}"))?
        .to_owned();
    let options = gix::remote::ref_map::Options {
        extra_refspecs: vec![head],
        ..Default::default()
    };
    let unreachable = |e: gix::Error| explain(format!("cannot reach {url}"), &e);
    let failed = |e: gix::Error| explain(format!("cannot fetch from {url}"), &e);
    let outcome = if super::http::is_http_url(url) {
        let address = remote
            .url(gix::remote::Direction::Fetch)
            .cloned()
            .ok_or_else(|| anyhow!("the copy's remote `origin` has no URL"))?;
        let transport = gix::protocol::transport::client::blocking_io::http::connect_http(
            super::http::UreqHttp::default(),
            address,
            gix::protocol::transport::Protocol::V2,
            false,
        );
        remote
            .to_connection_with_transport(transport)
            .prepare_fetch(gix::progress::Discard, options)
            .map_err(unreachable)?
            .receive(gix::progress::Discard, &interrupt)
            .map_err(failed)?
    } else {
        remote
            .connect(gix::remote::Direction::Fetch)
            .map_err(unreachable)?
            .prepare_fetch(gix::progress::Discard, options)
            .map_err(unreachable)?
            .receive(gix::progress::Discard, &interrupt)
            .map_err(failed)?
    };
    Ok(outcome.ref_map.remote_refs.iter().find_map(|r| match r {
        gix::protocol::handshake::Ref::Symbolic {
            full_ref_name,
            target,
            ..
        } if full_ref_name == "HEAD" => {
            Some(target.to_string().trim_start_matches("refs/heads/").to_string())
        }
        _ => None,
    }))
}

/// `what` failed, then why: gix's error and its sources, each said once
/// (an I/O error is often both an error and its own source).
fn explain(what: String, error: &gix::Error) -> anyhow::Error {
    let mut parts = vec![what];
    let mut cause: Option<&dyn std::error::Error> = Some(error);
    while let Some(error) = cause {
        let text = error.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        cause = error.source();
    }
    anyhow!(parts.join(": "))
}

/// Writes the files of the commit `entry` asks for into `root`, beside the
/// copy's git folder. Returns that commit.
fn check_out(repo: &gix::Repository, root: &Path, entry: &RepositoryConfig) -> Result<String> {
    let git_dir = root.join(".git");
    let wanted = wanted_commit(repo, &git_dir, entry)?;
    if head_commit(root).as_deref() != Some(wanted.as_str()) || !has_files(root) {
        write_files(repo, &wanted, root)?;
        // `HEAD` at the commit read, detached: the history starts there.
        std::fs::write(git_dir.join("HEAD"), format!("{wanted}\n"))?;
    }
    Ok(wanted)
}

/// True when `root` holds anything beside its git folder.
fn has_files(root: &Path) -> bool {
    std::fs::read_dir(root)
        .map(|entries| entries.flatten().any(|e| e.file_name() != ".git"))
        .unwrap_or(false)
}

/// The commit `rev:` or `branch:` (else the default branch) names.
fn wanted_commit(repo: &gix::Repository, git_dir: &Path, entry: &RepositoryConfig) -> Result<String> {
    if let Some(rev) = &entry.rev {
        return resolve(repo, rev.trim());
    }
    let branch = match &entry.branch {
        Some(branch) => branch.clone(),
        None => std::fs::read_to_string(git_dir.join(DEFAULT_BRANCH_FILE))
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|_| "main".into()),
    };
    for name in [
        format!("refs/remotes/origin/{branch}"),
        format!("refs/heads/{branch}"),
    ] {
        if let Ok(Some(mut reference)) = repo.try_find_reference(name.as_str()) {
            if let Ok(id) = reference.peel_to_id() {
                return Ok(id.to_string());
            }
        }
    }
    bail!("the branch `{branch}` is not in the repository")
}

/// The commit the revision `rev` names: a tag (annotated or not), a whole
/// commit id, or the first digits of one (at least four, naming one object).
fn resolve(repo: &gix::Repository, rev: &str) -> Result<String> {
    let commit_of = |id: gix::ObjectId| -> Result<String> {
        let object = repo.find_object(id)?;
        let commit = object
            .peel_to_commit()
            .map_err(|_| anyhow!("`rev: {rev}` names no commit"))?;
        Ok(commit.id.to_string())
    };
    let names = [
        format!("refs/tags/{rev}"),
        format!("refs/remotes/origin/{rev}"),
        format!("refs/heads/{rev}"),
    ];
    for name in names {
        if let Ok(Some(mut reference)) = repo.try_find_reference(name.as_str()) {
            if let Ok(id) = reference.peel_to_id() {
                return commit_of(id.detach());
            }
        }
    }
    let hex = rev.len() >= 4 && rev.len() <= 40 && rev.bytes().all(|b| b.is_ascii_hexdigit());
    if hex {
        if rev.len() == 40 {
            let id = gix::ObjectId::from_hex(rev.as_bytes())?;
            if repo.find_object(id).is_ok() {
                return commit_of(id);
            }
        } else if let Ok(prefix) = gix::hash::Prefix::from_hex(rev) {
            match repo.objects.lookup_prefix(prefix, None) {
                Ok(Some(Ok(id))) => return commit_of(id),
                Ok(Some(Err(()))) => bail!(
                    "`rev: {rev}` names more than one object of the repository: give more of the commit id"
                ),
                _ => {}
            }
        }
    }
    bail!("`rev: {rev}` names no commit or tag of the repository: give a commit id (whole or its first digits) or a tag name, `git ls-remote` lists the tags")
}

/// Replaces the files of `root` (all but `.git`) by those of `commit`.
fn write_files(repo: &gix::Repository, commit: &str, root: &Path) -> Result<()> {
    let id = gix::ObjectId::from_hex(commit.as_bytes())?;
    let tree = repo
        .find_object(id)?
        .peel_to_tree()
        .map_err(|e| anyhow!("commit {commit} has no tree: {e}"))?;
    for entry in std::fs::read_dir(root)?.flatten() {
        if entry.file_name() == ".git" {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(&path)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    write_tree(repo, &tree, root)
}

/// Writes the blobs of `tree` under `folder`; links and submodules are
/// left out, and no name can leave the folder.
fn write_tree(repo: &gix::Repository, tree: &gix::Tree<'_>, folder: &Path) -> Result<()> {
    for entry in tree.iter() {
        let entry = entry?;
        let name = entry.filename().to_string();
        if name.is_empty() || name == "." || name == ".." || name == ".git" || name.contains(['/', '\\']) {
            continue;
        }
        let path = folder.join(&name);
        let mode = entry.mode();
        if mode.is_tree() {
            std::fs::create_dir_all(&path)?;
            let subtree = repo.find_object(entry.oid())?.into_tree();
            write_tree(repo, &subtree, &path)?;
        } else if mode.is_blob() {
            let blob = repo.find_object(entry.oid())?;
            std::fs::write(&path, &blob.data)?;
        }
    }
    Ok(())
}
