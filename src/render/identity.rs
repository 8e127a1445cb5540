//! The site's title and landing text, from what the repository already
//! has when `shoshin.yaml` gives no `title:`.
//!
//! Looked for in this order (the first found wins, for each of the two):
//!
//! - the title: `title:` of `shoshin.yaml`; `project.name` of
//!   `.log4brains.yml`; `project_name` of Backlog.md's `backlog/config.yml`;
//!   the first `# ` heading (or a front-matter `title:`) of the records
//!   root's `index.md` or `README.md`, or, when it has none, of the folder
//!   holding every record (and of the folders above it);
//! - the landing text: the first paragraph of that same `index.md` or
//!   `README.md`, before its first subheading, as plain text (badges,
//!   images and HTML comments left out).
//!
//! When nothing gives a title, it says what the site holds: "Decision
//! records" for decisions only, "Backlog" for items only, otherwise
//! "Refinement records".

use crate::model::Kind;
use crate::project::Project;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The longest landing text kept, in characters; longer ones are cut at a
/// word and end with an ellipsis.
const LANDING_MAX: usize = 400;

/// The most of an index or README file read: a landing text is near the top.
const READ_MAX: u64 = 64 * 1024;

/// The site's title and landing text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The site title.
    pub title: String,
    /// The paragraph the home page opens with, if the repository has one.
    pub landing: Option<String>,
}

impl Identity {
    /// The title and landing text of `project`'s site.
    pub fn of(project: &Project) -> Identity {
        let records: Vec<(Kind, &Path)> = project
            .index
            .records
            .iter()
            .map(|r| (r.kind, r.file.as_path()))
            .collect();
        Identity::find(&project.root, &project.config.title, &records)
    }

    /// The identity of the repository at `root`, whose configured title is
    /// `configured` (the default when none is written) and whose records
    /// are `records` (kind and file relative to `root`).
    pub fn find(root: &Path, configured: &str, records: &[(Kind, &Path)]) -> Identity {
        let front = folders(records)
            .into_iter()
            .find_map(|folder| front_page(&root.join(folder)));
        let given = (configured != crate::config::Config::default().title).then(|| configured.to_string());
        let title = given
            .or_else(|| log4brains_name(root))
            .or_else(|| backlog_md_name(root))
            .or_else(|| front.as_ref().and_then(|f| f.title.clone()))
            .unwrap_or_else(|| default_title(records).to_string());
        Identity {
            title,
            landing: front.and_then(|f| f.landing),
        }
    }
}

/// A title that says what the site holds.
fn default_title(records: &[(Kind, &Path)]) -> &'static str {
    let has = |kind: Kind| records.iter().any(|(k, _)| *k == kind);
    match (has(Kind::Item), has(Kind::Decision), has(Kind::Session)) {
        (false, true, false) => "Decision records",
        (true, false, false) => "Backlog",
        _ => "Refinement records",
    }
}

/// The folders whose `index.md` or `README.md` may open the site, in
/// order: the root, then the folder holding every record and the folders
/// between it and the root, innermost first.
fn folders(records: &[(Kind, &Path)]) -> Vec<PathBuf> {
    let mut common: Option<PathBuf> = None;
    for (_, file) in records {
        let parent = file.parent().unwrap_or(Path::new("")).to_path_buf();
        common = Some(match common {
            None => parent,
            Some(so_far) => so_far
                .components()
                .zip(parent.components())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    let mut out = vec![PathBuf::new()];
    let mut folder = common.unwrap_or_default();
    while !folder.as_os_str().is_empty() {
        out.push(folder.clone());
        if !folder.pop() {
            break;
        }
    }
    out
}

/// A title and landing text read from one front page.
struct FrontPage {
    title: Option<String>,
    landing: Option<String>,
}

/// The `index.md` (preferred) or `README.md` of `folder`, any letter case, read.
fn front_page(folder: &Path) -> Option<FrontPage> {
    let entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let named = |name: &str| {
        entries
            .iter()
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .min()
            .cloned()
    };
    let file = named("index.md").or_else(|| named("README.md"))?;
    let page = parse_front_page(&read_start(&file)?);
    (page.title.is_some() || page.landing.is_some()).then_some(page)
}

/// The start of a regular file (never a symbolic link) as text.
fn read_start(file: &Path) -> Option<String> {
    if !std::fs::symlink_metadata(file).ok()?.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .ok()?
        .take(READ_MAX)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The title (first `# ` heading, else front matter `title:`) and the first
/// paragraph before any subheading, of a Markdown text.
fn parse_front_page(text: &str) -> FrontPage {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (front_title, body) = split_front_matter(text);
    let mut title: Option<String> = None;
    let mut landing: Option<String> = None;
    let mut current: Option<String> = None;
    let mut in_heading: Option<HeadingLevel> = None;
    let mut in_image = 0usize;
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if level != HeadingLevel::H1 && (title.is_some() || landing.is_some()) {
                    break;
                }
                in_heading = Some(level);
                current = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                let text = clean(current.take().unwrap_or_default());
                if in_heading == Some(HeadingLevel::H1) && title.is_none() && !text.is_empty() {
                    title = Some(text);
                }
                in_heading = None;
            }
            Event::Start(Tag::Paragraph) if landing.is_none() && in_heading.is_none() => {
                current = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) => {
                let text = clean(current.take().unwrap_or_default());
                if landing.is_none() && !text.is_empty() {
                    landing = Some(shorten(&text));
                }
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_image == 0 => {
                if let Some(current) = current.as_mut() {
                    current.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(current) = current.as_mut() {
                    current.push(' ');
                }
            }
            _ => {}
        }
        if title.is_some() && landing.is_some() {
            break;
        }
    }
    FrontPage {
        title: title.or(front_title),
        landing,
    }
}

/// The front matter's `title:` and the body after the front matter.
fn split_front_matter(text: &str) -> (Option<String>, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (None, text);
    };
    let Some(end) = rest.find("\n---") else {
        return (None, text);
    };
    let body = rest[end + 4..].split_once('\n').map_or("", |(_, b)| b);
    let title = crate::yaml::parse_mapping(&rest[..end])
        .ok()
        .and_then(|map| {
            map.get("title")
                .and_then(|t| t.as_str())
                .map(|t| clean(t.to_string()))
        })
        .filter(|t| !t.is_empty());
    (title, body)
}

/// Whitespace runs made one space, trimmed.
fn clean(text: String) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut at a word to at most [`LANDING_MAX`] characters.
fn shorten(text: &str) -> String {
    if text.chars().count() <= LANDING_MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(LANDING_MAX).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', ' ']))
}

/// `project.name` of `.log4brains.yml` in `root`.
fn log4brains_name(root: &Path) -> Option<String> {
    let map = crate::yaml::parse_mapping(&read_start(&root.join(".log4brains.yml"))?).ok()?;
    named(map.get("project")?.get("name")?)
}

/// `project_name` of Backlog.md's `backlog/config.yml` in `root`.
fn backlog_md_name(root: &Path) -> Option<String> {
    let map = crate::yaml::parse_mapping(&read_start(&root.join("backlog").join("config.yml"))?).ok()?;
    named(map.get("project_name")?)
}

/// A non-empty string value, cleaned.
fn named(value: &serde_json::Value) -> Option<String> {
    Some(clean(value.as_str()?.to_string())).filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, file: &str, text: &str) {
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn decisions(files: &[&'static str]) -> Vec<(Kind, &'static Path)> {
        files.iter().map(|f| (Kind::Decision, Path::new(*f))).collect()
    }

    const DEFAULT: &str = "Refinement records";

    #[test]
    fn the_records_folder_index_gives_title_and_landing_text() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "docs/adr/index.md",
            "<!-- home page -->\n# Architecture knowledge base\n\n[![badge](b.svg)](x)\n\nWelcome to the\n**decisions** of `X`.\n\n## Usage\n\nNot this.\n",
        );
        let id = Identity::find(
            dir.path(),
            DEFAULT,
            &decisions(&["docs/adr/0001-a.md", "docs/adr/0002-b.md"]),
        );
        assert_eq!(id.title, "Architecture knowledge base");
        assert_eq!(id.landing.as_deref(), Some("Welcome to the decisions of X."));
    }

    #[test]
    fn tool_names_win_over_headings_and_the_configured_title_over_all() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "README.md", "# Some repository\n\nWhat it is.\n");
        write(dir.path(), ".log4brains.yml", "project:\n  name: Brains\n");
        let records = decisions(&["adr/1.md"]);
        let id = Identity::find(dir.path(), DEFAULT, &records);
        assert_eq!(
            (id.title.as_str(), id.landing.as_deref()),
            ("Brains", Some("What it is."))
        );
        assert_eq!(Identity::find(dir.path(), "Ours", &records).title, "Ours");
        std::fs::remove_file(dir.path().join(".log4brains.yml")).unwrap();
        write(dir.path(), "backlog/config.yml", "project_name: \"Tasks app\"\n");
        assert_eq!(Identity::find(dir.path(), DEFAULT, &records).title, "Tasks app");
    }

    #[test]
    fn without_anything_the_title_says_what_the_site_holds() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), ".log4brains.yml", "project: [not, a, mapping");
        let id = Identity::find(dir.path(), DEFAULT, &decisions(&["doc/adr/1.md"]));
        assert_eq!(
            id,
            Identity {
                title: "Decision records".into(),
                landing: None
            }
        );
        let items = [(Kind::Item, Path::new("backlog/tasks/a.md"))];
        assert_eq!(Identity::find(dir.path(), DEFAULT, &items).title, "Backlog");
    }

    #[test]
    fn a_long_first_paragraph_is_cut_at_a_word() {
        let long = "word ".repeat(200);
        let page = parse_front_page(&format!("---\ntitle: From front matter\n---\n{long}\n"));
        assert_eq!(page.title.as_deref(), Some("From front matter"));
        let landing = page.landing.unwrap();
        assert!(
            landing.ends_with("word…") && landing.chars().count() <= LANDING_MAX + 1,
            "{landing}"
        );
    }
}
