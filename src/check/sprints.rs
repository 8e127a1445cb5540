//! The checks of sprints: an item naming a sprint that `sprints:` does not
//! declare (`unknown-sprint`), and an item still in a sprint that has ended
//! without being done (`sprint-spillover`).

use crate::config::{Config, ItemCategory};
use crate::diagnostic::{Code, Diagnostic};
use crate::history::sprints::{is_dropped, sprint_of, Phase, Sprints};
use crate::history::History;
use crate::index::Index;
use crate::parse::fields::value_span;

/// Every sprint diagnostic of the items of `index`.
pub fn diagnostics(index: &Index, sprints: &Sprints, history: &History, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, record) in index.records.iter().enumerate() {
        let Some(name) = sprint_of(record) else {
            continue;
        };
        // Found only for a diagnostic: it reads the front matter again.
        let span = || value_span(record, "sprint");
        if !config.sprints.is_empty() && config.sprints.iter().all(|s| s.name != name) {
            let names = config.sprints.iter().map(|s| s.name.as_str());
            let help = match crate::text::closest(&name, names) {
                Some(close) => format!("did you mean `{close}`? Otherwise add the sprint to `sprints:` in shoshin.yaml, with its start and end"),
                None => "add the sprint to `sprints:` in shoshin.yaml, with its start and end, or name one that is there".to_string(),
            };
            out.push(
                super::at(
                    record,
                    Code::UnknownSprint,
                    span(),
                    format!(
                        "{} is in sprint `{name}`, which `sprints:` in shoshin.yaml does not declare",
                        record.id
                    ),
                )
                .with_help(&help),
            );
            continue;
        }
        let Some(sprint) = sprints.named(&name).filter(|s| s.phase == Phase::Finished) else {
            continue;
        };
        let status = record.status.as_deref().unwrap_or("");
        let open = !matches!(index.item_category(i), Some(ItemCategory::Closed) | None);
        if open && !is_dropped(status) && history.from_git {
            out.push(
                super::at(
                    record,
                    Code::SprintSpillover,
                    span(),
                    format!(
                        "{} is still in sprint `{name}`, which ended on {}, and is not done (status `{status}`)",
                        record.id, sprint.end
                    ),
                )
                .with_help("carry it over: set `sprint:` to the sprint it moves to (or remove it), or close it"),
            );
        }
    }
    out
}
