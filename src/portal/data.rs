//! `shoshin check --portal-data FILE` (or `URL`): a repository's references to other
//! repositories of its portal (`NAME:ID`), checked against the `data.json`
//! the portal published, without cloning the others.
//!
//! A repository alone knows no other repository: each `NAME:ID` it writes
//! is a `broken-reference`. With the portal's data, those whose record the
//! portal has (of the right kind) are dropped, and the others say what is
//! wrong in the portal's terms.

use super::http::is_http_url;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Kind;
use crate::parse::ids::split_qualified;
use crate::project::Project;
use anyhow::{anyhow, bail, Context, Result};
use rustc_hash::FxHashMap;
use std::path::Path;
use std::time::Duration;

/// How long downloading a portal's `data.json` may take, whole.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest `data.json` downloaded (a portal of 100,000 records
/// publishes about a tenth of this).
const DOWNLOAD_LIMIT: u64 = 1 << 30;

/// The text at `url`, or why it could not be had.
fn download(url: &str) -> Result<String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(DOWNLOAD_TIMEOUT))
        .user_agent(concat!("shoshin/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let failed = |error: ureq::Error| {
        let why = match error {
            ureq::Error::StatusCode(code) => format!("the server answered HTTP {code}"),
            ureq::Error::Timeout(_) => format!("no answer within {} s", DOWNLOAD_TIMEOUT.as_secs()),
            other => other.to_string(),
        };
        anyhow!("--portal-data: cannot download {url}: {why}; give the address of the `data.json` the portal's site publishes, or download it and give the file")
    };
    let mut response = agent.get(url).call().map_err(failed)?;
    response
        .body_mut()
        .with_config()
        .limit(DOWNLOAD_LIMIT)
        .read_to_string()
        .map_err(failed)
}

/// What a portal's `data.json` says of its records.
#[derive(Debug, Default)]
pub struct PortalData {
    /// The portal's repositories.
    repositories: Vec<String>,
    /// Each record's qualified id, with its kind.
    kinds: FxHashMap<String, String>,
}

impl PortalData {
    /// Reads a portal's `data.json`: a file, or the `http://` or
    /// `https://` address of the one its site publishes.
    pub fn read(file: &Path) -> Result<PortalData> {
        let text = match file.to_str().filter(|f| is_http_url(f)) {
            Some(url) => download(url)?,
            None => std::fs::read_to_string(file)
                .with_context(|| format!("--portal-data: cannot read {}", file.display()))?,
        };
        PortalData::parse(&text).with_context(|| format!("--portal-data: {}", file.display()))
    }

    /// Reads the text of a portal's `data.json`.
    pub fn parse(text: &str) -> Result<PortalData> {
        let value: serde_json::Value =
            serde_json::from_str(text).context("not JSON: give the data.json of a portal's site")?;
        let Some(names) = value["summary"]["repositories"].as_array() else {
            bail!("not the data.json of a portal: it lists no repositories (`summary.repositories`); build the portal with this version of shoshin");
        };
        let repositories = names
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect();
        let kinds = value["records"]
            .as_array()
            .map(|records| {
                records
                    .iter()
                    .filter_map(|r| Some((r["id"].as_str()?.to_string(), r["kind"].as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        Ok(PortalData { repositories, kinds })
    }

    /// Replaces the `broken-reference` diagnostics of `project`'s
    /// references to other repositories with what the portal says of them.
    pub fn check(&self, project: &mut Project) {
        let index = &project.index;
        // The diagnostic of each unresolved qualified reference, by file and span.
        let mut verdicts: FxHashMap<(std::path::PathBuf, usize), Option<(String, String)>> =
            FxHashMap::default();
        for unresolved in &index.unresolved {
            let reference = &unresolved.reference;
            let Some((name, local)) = split_qualified(&reference.target) else {
                continue;
            };
            let file = index.records[unresolved.from].file.clone();
            let expected = reference.relation.target_kind();
            let verdict = self.verdict(&reference.target, name, local, expected);
            verdicts.insert((file, reference.span.start), verdict);
        }
        let diagnostics = std::mem::take(&mut project.diagnostics);
        project.diagnostics = diagnostics
            .into_iter()
            .filter_map(|mut d| {
                if d.code != Code::BrokenReference {
                    return Some(d);
                }
                let key = (d.file.clone(), d.span.as_ref().map_or(usize::MAX, |s| s.start));
                match verdicts.get(&key) {
                    None => Some(d),
                    Some(None) => None,
                    Some(Some((message, help))) => {
                        d.message = message.clone();
                        d.help = Some(help.clone());
                        Some(d)
                    }
                }
            })
            .collect::<Vec<Diagnostic>>();
    }

    /// `None` when the portal has the record `target` names (of the
    /// `expected` kind); else the message and help of its diagnostic.
    fn verdict(
        &self,
        target: &str,
        name: &str,
        local: &str,
        expected: Option<Kind>,
    ) -> Option<(String, String)> {
        if !self.repositories.iter().any(|r| r == name) {
            let help = crate::text::closest(name, self.repositories.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}:{local}`?"))
                .unwrap_or_else(|| format!("the portal's repositories are {}", self.repositories.join(", ")));
            return Some((
                format!("`{target}` names no repository `{name}` of the portal"),
                help,
            ));
        }
        let kind_name = expected.map(Kind::as_str).unwrap_or("record");
        match self.kinds.get(target) {
            Some(kind) if expected.is_none_or(|k| k.as_str() == kind) => None,
            Some(kind) => Some((
                format!("`{target}` is {kind} in the portal, but this reference must name a {kind_name}"),
                format!("name a {kind_name} here"),
            )),
            None => {
                let prefix = format!("{name}:");
                let ids = self.kinds.keys().filter_map(|id| id.strip_prefix(&prefix));
                let help = crate::text::closest(local, ids)
                    .map(|s| format!("did you mean `{prefix}{s}`?"))
                    .unwrap_or_else(|| {
                        format!("create the {kind_name} in repository {name}, or remove the reference")
                    });
                Some((
                    format!("`{target}` is not a known {kind_name}: no record {local} in repository {name} of the portal"),
                    help,
                ))
            }
        }
    }
}
