//! Unit tests of the readiness rules, verdicts, checks and agenda, on small
//! repositories written to a temporary folder.

use super::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::load;
use std::fs;

struct Fixture {
    index: Index,
    config: Config,
    readiness: Readiness,
}

impl Fixture {
    fn new(files: &[(&str, &str)], config_text: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let full = dir.path().join(path);
            fs::create_dir_all(full.parent().unwrap()).unwrap();
            fs::write(full, text).unwrap();
        }
        let config = Config::parse(config_text).unwrap();
        let loaded = load::load(dir.path(), &config);
        let index = Index::build(loaded.records, &config);
        let readiness = Readiness::assess(&index, &config);
        Fixture {
            index,
            config,
            readiness,
        }
    }

    fn of(&self, id: &str) -> &Assessment {
        let i = self.index.get(id).unwrap_or_else(|| panic!("no record {id}"));
        self.readiness
            .get(i)
            .unwrap_or_else(|| panic!("{id} is not assessed"))
    }

    fn rule(&self, id: &str, rule: &str) -> &RuleResult {
        self.of(id)
            .rules
            .iter()
            .find(|r| r.rule == rule)
            .unwrap_or_else(|| panic!("{id} has no rule {rule}: {:?}", self.of(id).rules))
    }

    fn diagnostics(&self) -> Vec<Diagnostic> {
        crate::check::readiness::diagnostics(&self.index, &self.readiness, &self.config)
    }
}

const WHY: &str = "## Why\nFinance reconciles every invoice by hand each month, which takes two days.\n";
const CRITERIA: &str = "## Acceptance criteria\n- [ ] A CSV download on the invoice list\n";

/// A complete ready item with extra front matter and body.
fn item(front: &str, body: &str) -> String {
    format!("---\nstatus: ready\nestimate: 3\nowner: ana\n{front}---\n{WHY}\n{CRITERIA}\n{body}")
}

fn one(text: &str) -> Fixture {
    Fixture::new(&[("items/PAY-1.md", text)], "")
}

#[test]
fn a_complete_item_is_ready_with_every_default_rule_passing() {
    let f = one(&item("", ""));
    let a = f.of("PAY-1");
    assert_eq!(a.verdict, Verdict::Ready);
    assert_eq!(a.score, 100);
    let names: Vec<&str> = a.rules.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "why",
            "acceptance_criteria",
            "estimate",
            "dependencies",
            "decisions",
            "open_questions",
            "owner"
        ]
    );
    assert!(f.diagnostics().is_empty(), "{:?}", f.diagnostics());
}

#[test]
fn why_needs_a_section_of_the_configured_length() {
    let f = one("---\nstatus: refining\n---\n# T\n");
    assert_eq!(
        f.rule("PAY-1", "why").message,
        "no Why: add a `## Why` section and say whose problem this solves and why it matters now"
    );
    let f = one("---\nstatus: refining\n---\n## Why\nBecause.\n");
    let why = f.rule("PAY-1", "why");
    assert!(!why.passed);
    assert!(
        why.message
            .starts_with("the Why is too short (8 characters, at least 50)"),
        "{}",
        why.message
    );
    let f = Fixture::new(
        &[(
            "items/PAY-1.md",
            "---\nstatus: refining\n---\n## Context\nBecause.\n",
        )],
        "readiness:\n  why_min_chars: 5\n",
    );
    assert!(f.rule("PAY-1", "why").passed);
    assert_eq!(
        f.rule("PAY-1", "why").message,
        "the Why explains the need (8 characters)"
    );
}

#[test]
fn acceptance_criteria_must_be_a_task_list() {
    let f = one("---\n---\n## Why\nx\n");
    assert_eq!(
        f.rule("PAY-1", "acceptance_criteria").message,
        "no acceptance criteria: add a task list under `## Acceptance criteria`"
    );
    let f = one("---\n---\n## Acceptance criteria\nTo be written.\n");
    assert!(f
        .rule("PAY-1", "acceptance_criteria")
        .message
        .contains("has no task list"));
    let f = one(&item("", ""));
    assert_eq!(
        f.rule("PAY-1", "acceptance_criteria").message,
        "1 acceptance criterion"
    );
}

#[test]
fn estimates_are_required_and_bounded_by_max_estimate() {
    let f = one("---\n---\n");
    assert!(f.rule("PAY-1", "estimate").message.starts_with("no estimate"));
    let files = [
        ("items/PAY-1.md", "---\nestimate: 13\n---\n"),
        ("items/PAY-2.md", "---\nestimate: 8\n---\n"),
        ("items/PAY-3.md", "---\nestimate: XL\n---\n"),
    ];
    let f = Fixture::new(&files, "readiness:\n  max_estimate: 8\n");
    assert_eq!(
        f.rule("PAY-1", "estimate").message,
        "estimated at 13, above the maximum of 8: split it into smaller items"
    );
    assert!(f.rule("PAY-2", "estimate").passed);
    // Sizes are not compared with points…
    assert!(f.rule("PAY-3", "estimate").passed);
    // …but with sizes.
    let f = Fixture::new(&files, "readiness:\n  max_estimate: L\n");
    assert!(!f.rule("PAY-3", "estimate").passed);
    assert!(f.rule("PAY-1", "estimate").passed);
}

#[test]
fn a_draft_dependency_blocks_and_a_missing_one_fails() {
    let f = Fixture::new(
        &[
            ("items/PAY-1.md", &item("depends_on: [PAY-2, PAY-3]\n", "")),
            ("items/PAY-2.md", "---\nstatus: draft\n---\n"),
            ("items/PAY-3.md", "---\nstatus: done\n---\n"),
            ("items/PAY-4.md", &item("depends_on: [PAY-3, PAY-404]\n", "")),
        ],
        "",
    );
    let a = f.of("PAY-1");
    assert_eq!(a.verdict, Verdict::Blocked);
    let rule = f.rule("PAY-1", "dependencies");
    assert_eq!(
        rule.message,
        "blocked by PAY-2 (draft): it must be ready, in progress or done first"
    );
    assert_eq!(rule.blocked_by, vec![f.index.get("PAY-2").unwrap()]);
    assert_eq!(f.of("PAY-4").verdict, Verdict::NotReady);
    assert_eq!(
        f.rule("PAY-4", "dependencies").message,
        "depends on PAY-404, which does not exist"
    );
}

#[test]
fn linked_decisions_must_be_in_force_and_a_superseded_one_names_its_successor() {
    let f = Fixture::new(
        &[
            (
                "items/PAY-1.md",
                &item("decisions: [ADR-1, ADR-3, ADR-4, ADR-5]\n", ""),
            ),
            ("items/PAY-2.md", &item("decisions: [ADR-2]\n", "")),
            ("decisions/ADR-1.md", "---\nstatus: superseded\n---\n"),
            (
                "decisions/ADR-2.md",
                "---\nstatus: accepted\nsupersedes: [ADR-1]\n---\n",
            ),
            ("decisions/ADR-3.md", "---\nstatus: proposed\n---\n"),
            ("decisions/ADR-4.md", "---\nstatus: rejected\n---\n"),
            ("decisions/ADR-5.md", "---\nstatus: deprecated\n---\n"),
        ],
        "",
    );
    let rule = f.rule("PAY-1", "decisions");
    assert!(!rule.passed);
    assert_eq!(
        rule.message,
        "relies on ADR-1, which is superseded by ADR-2: link ADR-2 instead; \
         relies on ADR-3, which is still proposed: decide it first; \
         relies on ADR-4, which was rejected; relies on ADR-5, which is deprecated"
    );
    assert!(f.rule("PAY-2", "decisions").passed);
    assert_eq!(
        f.rule("PAY-2", "decisions").message,
        "every linked decision is in force: ADR-2"
    );
}

#[test]
fn open_questions_fail_until_checked_and_name_their_owners() {
    let f = one(&item(
        "",
        "## Open questions\n- [ ] Which fees are legal? @fatima\n- [x] Comma or semicolon? @bo\n- [ ] Who pays?\n",
    ));
    let rule = f.rule("PAY-1", "open_questions");
    assert_eq!(
        rule.message,
        "2 questions still open: “Which fees are legal?” (@fatima), “Who pays?” (nobody owns it); answer and check them"
    );
    let f = one(&item("", "## Open questions\n- [x] Comma? @bo\n"));
    assert_eq!(
        f.rule("PAY-1", "open_questions").message,
        "every open question is answered (1)"
    );
}

#[test]
fn a_missing_owner_is_only_a_warning_so_the_item_is_almost_ready() {
    let text = item("", "").replace("owner: ana\n", "");
    let f = one(&text);
    let a = f.of("PAY-1");
    assert_eq!(a.verdict, Verdict::Almost);
    assert_eq!(a.score, 86);
    let owner = f.rule("PAY-1", "owner");
    assert_eq!(owner.severity, RuleSeverity::Warning);
    assert!(owner.message.starts_with("no owner"));
    // A status of `ready` with only warnings failing is not an error.
    assert!(f.diagnostics().is_empty(), "{:?}", f.diagnostics());
}

#[test]
fn spikes_are_judged_by_timebox_and_questions_not_criteria() {
    let spike = "---\ntype: spike\nstatus: ready\nestimate: 2\nowner: dara\ntimebox: 3d\n---\n## Why\nWe do not know whether the bank's statement covers every booking we need.\n\n## Questions\n- Are fees included?\n";
    let f = one(spike);
    let a = f.of("PAY-1");
    assert_eq!(a.verdict, Verdict::Ready, "{:?}", a.rules);
    assert!(a.rules.iter().all(|r| r.rule != "acceptance_criteria"));
    assert_eq!(f.rule("PAY-1", "timebox").message, "timeboxed to 3d");
    let f = one(&spike
        .replace("timebox: 3d\n", "")
        .replace("## Questions", "## Notes"));
    assert_eq!(f.of("PAY-1").verdict, Verdict::NotReady);
    assert!(f.rule("PAY-1", "timebox").message.starts_with("no timebox"));
    assert!(f
        .rule("PAY-1", "questions")
        .message
        .starts_with("no Questions section"));
    let codes: Vec<Code> = f.diagnostics().iter().map(|d| d.code).collect();
    assert!(codes.contains(&Code::SpikeWithoutTimebox), "{codes:?}");
}

#[test]
fn required_sections_and_fields_come_from_the_configuration() {
    let f = Fixture::new(
        &[
            ("items/PAY-1.md", &item("type: bug\n", "")),
            (
                "items/PAY-2.md",
                &item("type: bug\ncomponent: ledger\n", "## Steps to reproduce\n1. Issue it.\n"),
            ),
            ("items/PAY-3.md", &item("", "")),
        ],
        "readiness:\n  types:\n    bug:\n      required_sections: [steps_to_reproduce]\n      required_fields: [component]\n",
    );
    assert_eq!(
        f.rule("PAY-1", "section:steps_to_reproduce").message,
        "no Steps to reproduce section: add `## Steps to reproduce`"
    );
    assert_eq!(
        f.rule("PAY-1", "field:component").message,
        "no `component`: add `component: …` to the front matter"
    );
    assert_eq!(f.of("PAY-1").verdict, Verdict::NotReady);
    assert_eq!(f.of("PAY-2").verdict, Verdict::Ready);
    // Stories are not bugs.
    assert_eq!(f.of("PAY-3").rules.len(), 7);
}

#[test]
fn turning_a_rule_off_removes_it_from_the_verdict_and_the_score() {
    let text = "---\nstatus: refining\nowner: ana\n---\n## Why\nFinance reconciles every invoice by hand each month, which takes two days.\n\n## Acceptance criteria\n- [ ] CSV\n";
    let on = Fixture::new(&[("items/PAY-1.md", text)], "");
    assert_eq!(on.of("PAY-1").verdict, Verdict::NotReady);
    let off = Fixture::new(
        &[("items/PAY-1.md", text)],
        "readiness:\n  rules:\n    estimate: off\n",
    );
    assert_eq!(off.of("PAY-1").verdict, Verdict::Ready);
    assert!(off.of("PAY-1").rules.iter().all(|r| r.rule != "estimate"));
    let warning = Fixture::new(
        &[("items/PAY-1.md", text)],
        "readiness:\n  rules:\n    estimate: warning\n",
    );
    assert_eq!(warning.of("PAY-1").verdict, Verdict::Almost);
}

#[test]
fn only_items_being_refined_or_waiting_are_assessed() {
    let f = Fixture::new(
        &[
            ("items/PAY-1.md", "---\nstatus: in-progress\n---\n"),
            ("items/PAY-2.md", "---\nstatus: done\n---\n"),
            ("items/PAY-3.md", "---\n---\n"),
            ("decisions/ADR-1.md", "---\nstatus: accepted\n---\n"),
        ],
        "",
    );
    let assessed: Vec<&str> = f
        .readiness
        .iter()
        .map(|(i, _)| f.index.records[i].id.as_str())
        .collect();
    assert_eq!(assessed, vec!["PAY-3"]);
}

#[test]
fn not_ready_points_at_the_status_and_names_each_failed_rule() {
    let f = one("---\nid: PAY-1\nstatus: ready\nestimate: 3\n---\n## Why\nFinance reconciles every invoice by hand each month, which takes two days.\n");
    let found = f.diagnostics();
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!((d.code, d.line, d.column), (Code::NotReady, 3, 9));
    assert_eq!(
        d.message,
        "status is `ready`, but 1 readiness rule fails: Acceptance criteria"
    );
    assert_eq!(
        d.help.as_deref(),
        Some("no acceptance criteria: add a task list under `## Acceptance criteria`; or set `status: refining` until it is ready")
    );
}

#[test]
fn a_refining_item_that_passes_everything_gets_a_hint() {
    let f = one(&item("", "").replace("status: ready", "status: refining"));
    let found = f.diagnostics();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, Code::ReadyButRefining);
    assert_eq!(
        found[0].message,
        "passes every readiness rule, but its status is still `refining`"
    );
    assert_eq!(
        found[0].help.as_deref(),
        Some("if the team agrees it is ready, set `status: ready`")
    );
}

#[test]
fn depends_on_unready_and_unowned_questions_skip_closed_items() {
    let f = Fixture::new(
        &[
            (
                "items/PAY-1.md",
                "---\nstatus: refining\ndepends_on: [PAY-2]\n---\n## Open questions\n- [ ] Who pays?\n",
            ),
            ("items/PAY-2.md", "---\nstatus: draft\n---\n"),
            (
                "items/PAY-3.md",
                "---\nstatus: done\ndepends_on: [PAY-2]\n---\n## Open questions\n- [ ] Who pays?\n",
            ),
        ],
        "",
    );
    let found: Vec<(Code, String, usize)> = f
        .diagnostics()
        .iter()
        .map(|d| (d.code, d.file.to_string_lossy().into_owned(), d.line))
        .collect();
    assert_eq!(
        found,
        vec![
            (Code::DependsOnUnready, "items/PAY-1.md".to_string(), 3),
            (Code::UnownedQuestion, "items/PAY-1.md".to_string(), 6),
        ]
    );
    let message = &f.diagnostics()[0].message;
    assert_eq!(message, "blocked: depends on PAY-2, which is still `draft`");
}

#[test]
fn the_agenda_lists_the_most_important_unready_items_first() {
    let f = Fixture::new(
        &[
            (
                "items/PAY-1.md",
                "---\npriority: 3\nowner: ana\n---\n## Open questions\n- [ ] Fees? @fatima\n",
            ),
            ("items/PAY-2.md", &item("priority: 1\n", "")),
            ("items/PAY-3.md", "---\npriority: 2\n---\n"),
            ("items/PAY-4.md", "---\n---\n"),
            ("items/PAY-5.md", "---\npriority: 9\nstatus: done\n---\n"),
        ],
        "",
    );
    let entries = agenda::agenda(&f.index, &f.readiness, 8);
    let ids: Vec<&str> = entries
        .iter()
        .map(|e| f.index.records[e.item].id.as_str())
        .collect();
    assert_eq!(ids, vec!["PAY-3", "PAY-1", "PAY-4"]);
    assert_eq!(entries[1].question_owners, vec!["fatima"]);
    assert_eq!(agenda::agenda(&f.index, &f.readiness, 2).len(), 2);
    let text = agenda::text(&f.index, &entries, 8);
    assert!(text.contains("\n2. PAY-1 "), "{text}");
    assert!(text.contains("   questions for: fatima\n"), "{text}");
    assert!(text.contains("   - Estimate: no estimate"), "{text}");
}

#[test]
fn an_item_that_blocks_others_takes_their_urgency_and_blocked_ones_wait() {
    // PAY-1 (priority 28) blocks PAY-2 (26), which blocks PAY-3 (27);
    // PAY-4 (25) is blocked by PAY-5 (20).
    let f = Fixture::new(
        &[
            ("items/PAY-1.md", "---\npriority: 28\n---\n"),
            ("items/PAY-2.md", "---\npriority: 26\ndepends_on: [PAY-1]\n---\n"),
            ("items/PAY-3.md", "---\npriority: 27\ndepends_on: [PAY-2]\n---\n"),
            ("items/PAY-4.md", "---\npriority: 25\ndepends_on: [PAY-5]\n---\n"),
            ("items/PAY-5.md", "---\npriority: 20\n---\n"),
            ("items/PAY-6.md", "---\npriority: 26\n---\n"),
        ],
        "",
    );
    let ids = |top| -> Vec<String> {
        agenda::agenda(&f.index, &f.readiness, top)
            .iter()
            .map(|e| f.index.records[e.item].id.clone())
            .collect()
    };
    assert_eq!(
        agenda::blocked_by(&f.index, f.index.get("PAY-1").unwrap()).len(),
        2
    );
    // Unblocked first: PAY-5 (20), PAY-1 (as urgent as PAY-2, 26, blocking
    // two, before PAY-6 of the same priority); then the blocked ones.
    assert_eq!(ids(8), ["PAY-5", "PAY-1", "PAY-6", "PAY-4", "PAY-2", "PAY-3"]);
    assert_eq!(ids(2), ["PAY-5", "PAY-1"]);
    let entries = agenda::agenda(&f.index, &f.readiness, 2);
    let text = agenda::text(&f.index, &entries, 2);
    assert!(
        text.contains("priority 28 · ") && text.contains("blocks PAY-2, PAY-3"),
        "{text}"
    );
}
