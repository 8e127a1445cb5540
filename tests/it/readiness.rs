//! Readiness end to end: `check`, the pages, `agenda` and `export` agree on
//! what is ready and what is missing.

use crate::common;
use crate::fixture;
use common::Repo;
use serde_json::Value;
use shoshin::text::escape_html;

const WHY: &str = "## Why\nFinance reconciles every invoice by hand each month, which takes two days.\n";

fn export(repo: &Repo) -> Value {
    let run = repo.run(&["export"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

fn readiness_of<'a>(model: &'a Value, id: &str) -> &'a Value {
    let record = model["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no record {id}"));
    &record["readiness"]
}

fn rule<'a>(readiness: &'a Value, name: &str) -> &'a Value {
    readiness["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == name)
        .unwrap_or_else(|| panic!("no rule {name} in {readiness}"))
}

/// A page without the `<code>` and `<a>` tags messages gain on the site
/// (code spans, links to records).
fn page_text(page: &str) -> String {
    let links = regex::Regex::new(r#"</?code>|<a href="[^"]*">|</a>"#).unwrap();
    links.replace_all(page, "").into_owned()
}

/// `data-id` values of the agenda page, in order.
fn agenda_page_ids(html: &str) -> Vec<String> {
    html.split("<li data-id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

/// Item ids in the terminal agenda, in order.
fn agenda_text_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let (number, rest) = line.split_once(". ")?;
            number.parse::<usize>().ok()?;
            rest.split(' ').next().map(str::to_string)
        })
        .collect()
}

#[test]
fn a_ready_item_without_criteria_fails_check_until_one_is_added() {
    let text = format!("---\nid: PAY-1\ntitle: Export\nstatus: ready\nestimate: 3\nowner: ana\n---\n{WHY}");
    let repo = Repo::with(&[("items/PAY-1-export.md", &text)]);
    repo.git_init();
    repo.commit("ana", "2026-01-05", "Export");
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error[not-ready]: status is `ready`, but 1 readiness rule fails: Acceptance criteria"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> items/PAY-1-export.md:4:9"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("4 | status: ready"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("help: no acceptance criteria: add a task list under `## Acceptance criteria`"),
        "{}",
        run.stderr
    );

    repo.write(
        "items/PAY-1-export.md",
        &format!("{text}\n## Acceptance criteria\n- [ ] A CSV download on the invoice list\n"),
    );
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("not-ready"), "{}", run.stderr);
    assert!(
        run.stderr.contains("1 record checked: 0 errors, 0 warnings"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_draft_dependency_blocks_and_a_superseded_decision_names_its_successor() {
    let repo = fixture::repo("readiness-blocked");
    let run = repo.run(&["check"]);
    fixture::assert_expected("readiness-blocked", "check.txt", &run.stderr);

    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = repo.read("public/items/PAY-1/index.html");
    assert!(
        page.contains(
            r#"<section class="readiness-checklist" aria-labelledby="sec-readiness" data-verdict="blocked""#
        ),
        "{page}"
    );
    assert!(
        page.contains("blocked <span class=\"score\">86%</span>"),
        "{page}"
    );
    assert!(
        page.contains("<strong>Dependencies</strong>: blocked by <a href=\"../../items/PAY-2/index.html\">PAY-2</a> (draft): it must be ready, in progress or done first"),
        "{page}"
    );

    let model = export(&repo);
    let decisions = rule(readiness_of(&model, "PAY-3"), "decisions");
    assert_eq!(decisions["passed"], false);
    assert_eq!(
        decisions["message"],
        "relies on ADR-1, which is superseded by ADR-2: link ADR-2 instead"
    );
    let page = repo.read("public/items/PAY-3/index.html");
    assert!(
        page_text(&page).contains(
            "<strong>Decisions</strong>: relies on ADR-1, which is superseded by ADR-2: link ADR-2 instead"
        ),
        "{page}"
    );
}

#[test]
fn configuration_changes_the_verdicts_and_spikes_follow_spike_rules() {
    let repo = Repo::with(&[
        (
            "items/PAY-1-short.md",
            "---\nstatus: refining\nestimate: 13\nowner: ana\n---\n## Why\nMerchants asked for it.\n\n## Acceptance criteria\n- [ ] Done\n",
        ),
        (
            "items/PAY-2-spike.md",
            "---\ntype: spike\nstatus: refining\nestimate: 2\nowner: dara\ntimebox: 2d\n---\n## Why\nWe do not know whether the statement on the bus has every booking.\n\n## Questions\n- Are fees included?\n",
        ),
    ]);
    let model = export(&repo);
    assert_eq!(readiness_of(&model, "PAY-1")["verdict"], "not-ready");
    let spike = readiness_of(&model, "PAY-2");
    assert_eq!(spike["verdict"], "ready");
    let names: Vec<&str> = spike["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            "why",
            "timebox",
            "questions",
            "estimate",
            "dependencies",
            "decisions",
            "open_questions",
            "owner"
        ]
    );

    // A lower threshold clears the Why; a maximum estimate fails the estimate.
    repo.write(
        "shoshin.yaml",
        "readiness:\n  why_min_chars: 20\n  max_estimate: 8\n",
    );
    let model = export(&repo);
    let item = readiness_of(&model, "PAY-1");
    assert_eq!(rule(item, "why")["passed"], true);
    assert_eq!(
        rule(item, "estimate")["message"],
        "estimated at 13, above the maximum of 8: split it into smaller items"
    );
    assert_eq!(item["verdict"], "not-ready");

    // Turning the estimate rule off makes it ready.
    repo.write(
        "shoshin.yaml",
        "readiness:\n  why_min_chars: 20\n  rules:\n    estimate: off\n",
    );
    let model = export(&repo);
    assert_eq!(readiness_of(&model, "PAY-1")["verdict"], "ready");
    assert_eq!(readiness_of(&model, "PAY-1")["score"], 100);

    // The spike's own rules can be changed too.
    repo.write(
        "shoshin.yaml",
        "readiness:\n  types:\n    spike:\n      rules: { acceptance_criteria: error }\n",
    );
    let model = export(&repo);
    assert_eq!(readiness_of(&model, "PAY-2")["verdict"], "not-ready");

    // A mistake in the configuration is a usage error with a suggestion.
    repo.write("shoshin.yaml", "readiness:\n  rules:\n    estmate: off\n");
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `estimate`?"), "{}", run.stderr);
}

#[test]
fn the_agenda_holds_at_most_top_items_by_priority_and_the_page_agrees() {
    let mut files: Vec<(String, String)> = (1..=11)
        .map(|n| {
            (
                format!("items/PAY-{n}.md"),
                format!("---\ntitle: Item {n}\nstatus: refining\npriority: {}\nowner: ana\n---\n## Open questions\n- [ ] Who signs it off? @fatima\n", 12 - n),
            )
        })
        .collect();
    files.push((
        "items/PAY-20.md".into(),
        format!("---\nstatus: ready\npriority: 0\nestimate: 1\nowner: bo\n---\n{WHY}\n## Acceptance criteria\n- [ ] Yes\n"),
    ));
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let repo = Repo::with(&refs);
    let run = repo.run(&["agenda", "--top", "8"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids = agenda_text_ids(&run.stdout);
    assert_eq!(
        ids,
        vec!["PAY-11", "PAY-10", "PAY-9", "PAY-8", "PAY-7", "PAY-6", "PAY-5", "PAY-4"],
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("   - Estimate: no estimate"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("   questions for: fatima"), "{}", run.stdout);
    assert_eq!(
        agenda_text_ids(&repo.run(&["agenda", "--top", "3"]).stdout).len(),
        3
    );

    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(agenda_page_ids(&repo.read("public/agenda/index.html")), ids);
}

#[test]
fn the_example_site_agenda_page_matches_the_command() {
    let repo = Repo::new();
    common::copy_dir(&common::project_dir().join("example-site"), repo.root());
    let run = repo.run(&["agenda", "--top", "8"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids = agenda_text_ids(&run.stdout);
    assert_eq!(ids.len(), 8, "{}", run.stdout);
    assert_eq!(ids[0], "PAY-141", "{}", run.stdout);
    // The draft that blocks two items is on the agenda (before the items
    // that wait for it); the blocked PAY-118 gives it its place.
    assert!(run.stdout.contains("8. PAY-129 "), "{}", run.stdout);
    assert!(run.stdout.contains("blocks PAY-130, PAY-131"), "{}", run.stdout);
    assert!(!run.stdout.contains(". PAY-118 "), "{}", run.stdout);
    assert_eq!(repo.run(&["build"]).code, 0);
    let page = repo.read("public/agenda/index.html");
    assert_eq!(agenda_page_ids(&page), ids);
    // Each entry shows the same missing rules as the terminal.
    let model = export(&repo);
    for id in &ids {
        for r in readiness_of(&model, id)["rules"].as_array().unwrap() {
            if r["passed"] == false {
                let message = r["message"].as_str().unwrap();
                assert!(run.stdout.contains(message), "{id}: {message}");
                assert!(
                    page_text(&page).contains(&escape_html(&message.replace('`', ""))),
                    "{id}: {message}"
                );
            }
        }
    }
}

#[test]
fn the_export_agrees_with_the_pages_on_the_example_site() {
    let repo = Repo::new();
    common::copy_dir(&common::project_dir().join("example-site"), repo.root());
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let model = export(&repo);
    let backlog = repo.read("public/items/index.html");
    let mut verdicts = std::collections::BTreeSet::new();
    for record in model["records"].as_array().unwrap() {
        if record["kind"] != "item" {
            continue;
        }
        let id = record["id"].as_str().unwrap();
        let page = repo.read(&format!("public/items/{id}/index.html"));
        let row = backlog
            .split(&format!("<tr data-id=\"{id}\""))
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .unwrap_or_else(|| panic!("{id} has no backlog row"));
        let readiness = &record["readiness"];
        if readiness.is_null() {
            assert!(!page.contains("readiness-checklist"), "{id}");
            assert!(row.contains(r#"data-verdict="""#), "{id}: {row}");
            continue;
        }
        let verdict = readiness["verdict"].as_str().unwrap();
        let score = readiness["score"].as_u64().unwrap();
        verdicts.insert(verdict.to_string());
        assert!(
            page.contains(&format!(r#"data-verdict="{verdict}" data-score="{score}""#)),
            "{id}"
        );
        assert!(
            row.contains(&format!(r#"data-verdict="{verdict}" data-score="{score}""#)),
            "{id}: {row}"
        );
        for r in readiness["rules"].as_array().unwrap() {
            let class = if r["passed"] == true {
                "rule rule-pass".to_string()
            } else {
                format!("rule rule-fail rule-{}", r["severity"].as_str().unwrap())
            };
            let line = format!(
                r#"<li class="{class}" data-rule="{}">"#,
                r["rule"].as_str().unwrap()
            );
            assert!(page.contains(&line), "{id}: {line}");
            assert!(
                page_text(&page).contains(&escape_html(&r["message"].as_str().unwrap().replace('`', ""))),
                "{id}: {}",
                r["message"]
            );
        }
    }
    // The example shows every verdict.
    assert_eq!(
        verdicts.into_iter().collect::<Vec<_>>(),
        vec!["almost", "blocked", "not-ready", "ready"]
    );
    // The home page has the runway (velocity is configured) and the items to work on.
    let home = repo.read("public/index.html");
    assert!(home.contains("Ready runway: 46 points in 13 ready items, at 20 points per sprint: <strong>2.3 sprints</strong>"), "{home}");
    assert!(
        home.contains(r#"<h2 id="not-ready-yet">Not ready yet</h2>"#),
        "{home}"
    );
}

#[test]
fn hints_and_spike_warnings_come_with_their_severities() {
    let repo = fixture::repo("readiness-hints");
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    fixture::assert_expected("readiness-hints", "check.json", &run.stdout);
    // The severity of each code can be changed like any other.
    repo.write(
        "shoshin.yaml",
        "severity:\n  spike-without-timebox: error\n  unowned-question: off\n",
    );
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error[spike-without-timebox]: PAY-2 is a spike without a timebox"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("unowned-question"), "{}", run.stderr);
}
