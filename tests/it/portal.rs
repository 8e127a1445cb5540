//! A portal over several repositories, end to end: real git repositories
//! made in the test with fixed authors and dates, read from a local folder
//! and from a `file://` or `http://` URL at a branch, built into one site.

use crate::common;
use common::Repo;
use serde_json::Value;

const PAYMENTS_CONFIG: &str = "title: Payments\nfolders:\n  items: [backlog]\nstatuses:\n  items:\n    todo: open\n    doing: active\n    done: closed\n";

const PAY_1: &str = "---\nid: PAY-1\ntitle: Export invoices\nstatus: todo\ndecisions: [platform:ADR-0031, ADR-0007]\n---\n## Why\nFinance reconciles invoices by hand every month, in spreadsheets.\n\nSee [[platform:ADR-0099]], [[platfrm:ADR-0031]] and [[platform:ADR-0031]], also ADR-0007.\n";

const ADR_7: &str = "---\nid: ADR-0007\ntitle: Use Postgres\nstatus: accepted\ntags: [storage]\n---\n## Context\nInvoices need a store that keeps every cent.\n";

const ADR_31: &str = "---\nid: ADR-0031\ntitle: Events on Kafka\nstatus: accepted\ntags: [messaging]\n---\n## Context\nServices need events; the first user is [[payments:PAY-1]].\n";

/// Two repositories and a portal over them: `payments` (a local folder,
/// with its own statuses and items folder) and `platform` (a `file://`
/// URL, branch `records`), plus `ghost`, a URL that leads nowhere.
struct Organisation {
    payments: Repo,
    platform: Repo,
    /// Where the portal fetches `platform` from.
    platform_url: String,
    portal: Repo,
}

impl Organisation {
    fn new() -> Organisation {
        let payments = Repo::with(&[
            ("shoshin.yaml", PAYMENTS_CONFIG),
            ("backlog/PAY-1-export-invoices.md", PAY_1),
            ("decisions/ADR-0007-use-postgres.md", ADR_7),
        ]);
        payments.git_init();
        payments.commit("ana", "2026-03-02", "payments: first records");
        let platform = Repo::with(&[("decisions/ADR-0031-events-on-kafka.md", ADR_31)]);
        platform.git_init();
        platform.commit("ben", "2026-03-03", "platform: first decision");
        platform.git(&["checkout", "-q", "-b", "records"], "ben", "2026-03-03");
        let portal = Repo::new();
        let organisation = Organisation {
            platform_url: url(&platform),
            payments,
            platform,
            portal,
        };
        organisation.configure("");
        organisation
    }

    /// Writes the portal's configuration, with `extra` entries after the two.
    fn configure(&self, extra: &str) {
        let payments = self
            .payments
            .root()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let config = format!(
            "title: Acme\nrepositories:\n  - name: payments\n    path: ../{payments}\n  - name: platform\n    url: {}\n    branch: records\n{extra}",
            self.platform_url
        );
        self.portal.write("shoshin.yaml", &config);
    }

    /// Commits a second decision to `platform` and builds the portal, which
    /// must read that repository again.
    fn commit_a_decision_and_build(&self) -> common::Run {
        self.platform.write(
            "decisions/ADR-0032-schemas.md",
            "---\nid: ADR-0032\ntitle: Schemas in a registry\nstatus: proposed\n---\n## Context\nEvents need schemas.\n",
        );
        self.platform.commit("cleo", "2026-03-04", "platform: schemas");
        let run = self.build();
        assert!(
            run.stderr.contains("repository platform: read 2 records"),
            "{}",
            run.stderr
        );
        run
    }

    fn build(&self) -> common::Run {
        let run = self.portal.run(&["build", "--timings"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run
    }
}

fn url(repo: &Repo) -> String {
    format!("file://{}", repo.root().display())
}

fn messages(diagnostics: &[Value], code: &str) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            format!(
                "{}:{}: {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn cross_repository_references_resolve_and_broken_ones_name_the_repository() {
    let org = Organisation::new();
    let diagnostics = org.portal.diagnostics();
    let broken = messages(&diagnostics, "broken-reference");
    assert_eq!(broken.len(), 2, "{broken:#?}");
    assert!(
        broken[0].contains("payments/backlog/PAY-1-export-invoices.md:10: `platform:ADR-0099` is not a known record: no record ADR-0099 in repository platform"),
        "{broken:#?}"
    );
    assert!(broken[1].contains("names no repository `platfrm`"), "{broken:#?}");
    let help = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("platfrm"))
        .unwrap();
    assert!(
        help["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `platform:ADR-0031`?"),
        "{help}"
    );
    // The repository's own statuses: `todo` is known in payments.
    assert!(
        messages(&diagnostics, "unknown-status").is_empty(),
        "{diagnostics:#?}"
    );
    assert!(
        messages(&diagnostics, "unusual-id").is_empty(),
        "{diagnostics:#?}"
    );

    org.build();
    let item = org.portal.read("public/r/payments/items/PAY-1/index.html");
    assert!(
        item.contains(
            r#"<a href="../../../../r/platform/decisions/ADR-0031/index.html">platform:ADR-0031</a>"#
        ),
        "{item}"
    );
    // An unqualified id is its own repository's record.
    assert!(
        item.contains(
            r#"href="../../../../r/payments/decisions/ADR-0007/index.html" title="Use Postgres">ADR-0007</a>"#
        ),
        "{item}"
    );
    assert!(
        item.contains("payments/backlog/PAY-1-export-invoices.md"),
        "{item}"
    );
    // The other side shows the link back.
    let decision = org.portal.read("public/r/platform/decisions/ADR-0031/index.html");
    assert!(
        decision.contains(r#"href="../../../../r/payments/items/PAY-1/index.html""#),
        "{decision}"
    );
    // Each repository's history comes from its own git.
    assert!(item.contains("by <span class=\"person\">ana</span>"), "{item}");
    assert!(
        decision.contains("by <span class=\"person\">ben</span>"),
        "{decision}"
    );
}

#[test]
fn an_unreachable_repository_is_reported_and_the_rest_still_builds() {
    let org = Organisation::new();
    let nowhere = org.portal.root().join("no-such-repository");
    org.configure(&format!(
        "  - name: ghost\n    url: file://{}\n",
        nowhere.display()
    ));
    let diagnostics = org.portal.diagnostics();
    let unreachable = messages(&diagnostics, "repository-unreachable");
    assert_eq!(unreachable.len(), 1, "{diagnostics:#?}");
    assert!(
        unreachable[0].starts_with("shoshin.yaml:8: repository `ghost` cannot be read"),
        "{unreachable:?}"
    );
    let run = org.build();
    assert!(
        run.stderr.contains("repository `ghost` cannot be read"),
        "{}",
        run.stderr
    );
    assert!(org
        .portal
        .read("public/r/platform/decisions/ADR-0031/index.html")
        .contains("Events on Kafka"));

    // Once fetched, a repository that becomes unreachable is read from its last copy.
    std::fs::rename(org.platform.root(), org.platform.root().with_extension("moved")).unwrap();
    let diagnostics = org.portal.diagnostics();
    let unreachable = messages(&diagnostics, "repository-unreachable");
    assert!(
        unreachable
            .iter()
            .any(|m| m.contains("repository `platform` could not be fetched")
                && m.contains("copy of the last build")),
        "{unreachable:#?}"
    );
    std::fs::rename(org.platform.root().with_extension("moved"), org.platform.root()).unwrap();
    assert!(
        messages(&diagnostics, "broken-reference").len() == 2,
        "{diagnostics:#?}"
    );
}

#[test]
fn a_repository_over_http_is_cloned_then_fetched_again() {
    let mut org = Organisation::new();
    let served = org.platform.root().parent().unwrap().to_path_buf();
    let Some(server) = common::git_http::GitHttpServer::start(&served) else {
        println!("skipped: this machine's git has no `http-backend` to serve a repository over HTTP");
        return;
    };
    org.platform_url = server.url(org.platform.root());
    org.configure("");
    let run = org.build();
    assert!(
        run.stderr.contains("repository platform: read 1 records"),
        "{}",
        run.stderr
    );
    let decision = org.portal.read("public/r/platform/decisions/ADR-0031/index.html");
    assert!(decision.contains("Events on Kafka"), "{decision}");
    assert!(
        decision.contains("by <span class=\"person\">ben</span>"),
        "{decision}"
    );

    let before = server.requests();
    let run = org.commit_a_decision_and_build();
    assert!(
        server.requests() > before,
        "the second build asked nothing of the server: {}",
        run.stderr
    );
    let page = org.portal.read("public/r/platform/decisions/ADR-0032/index.html");
    assert!(page.contains("Schemas in a registry"), "{page}");

    // A repository the server does not have: its answer, named.
    org.configure(&format!(
        "  - name: ghost\n    url: {}\n",
        server.url(&served.join("no-such-repository"))
    ));
    let diagnostics = org.portal.diagnostics();
    let unreachable = messages(&diagnostics, "repository-unreachable");
    assert_eq!(unreachable.len(), 1, "{diagnostics:#?}");
    assert!(
        unreachable[0].contains("repository `ghost` cannot be read") && unreachable[0].contains("HTTP 404"),
        "{unreachable:?}"
    );
}

#[test]
fn a_moved_branch_is_fetched_again() {
    let org = Organisation::new();
    org.build();
    org.commit_a_decision_and_build();
    let page = org.portal.read("public/r/platform/decisions/ADR-0032/index.html");
    assert!(page.contains("by <span class=\"person\">cleo</span>"), "{page}");
}

#[test]
fn portal_configuration_mistakes_name_the_line_and_the_fix() {
    let portal = Repo::with(&[(
        "shoshin.yaml",
        "repositories:\n  - name: a\n    path: a\n  - name: a\n    url: file:///x\n",
    )]);
    let run = portal.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("shoshin.yaml"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("line 4: repository name `a` is given twice (first on line 2)"),
        "{}",
        run.stderr
    );
}

#[test]
fn search_and_the_graph_cover_every_repository() {
    let org = Organisation::new();
    org.build();
    let search = org.portal.read("public/search-index.js");
    for id in ["payments:PAY-1", "payments:ADR-0007", "platform:ADR-0031"] {
        assert!(search.contains(id), "{id} not in the search index");
    }
    let graph = org.portal.read("public/graph-data.js");
    assert!(
        graph.contains("r/platform/decisions/ADR-0031/index.html"),
        "{graph}"
    );
    assert!(graph.contains("r/payments/items/PAY-1/index.html"), "{graph}");
}

#[test]
fn the_portal_has_a_page_per_repository_and_names_each_records_repository() {
    let org = Organisation::new();
    org.build();
    let home = org.portal.read("public/index.html");
    assert!(
        home.contains(r#"<a href="r/payments/index.html">Payments</a> <code>payments</code>"#),
        "{home}"
    );
    assert!(
        home.contains(r#"<a href="r/platform/index.html">platform</a> <code>platform</code>"#),
        "{home}"
    );
    let payments = org.portal.read("public/r/payments/index.html");
    assert!(
        payments.contains("<h1>Payments <code>payments</code></h1>"),
        "{payments}"
    );
    assert!(
        payments.contains(r#"<h3 id="in-force-g-1">storage</h3>"#),
        "{payments}"
    );
    assert!(payments.contains("payments:ADR-0007"), "{payments}");
    assert!(payments.contains("payments:PAY-1"), "{payments}");
    assert!(!payments.contains("platform:ADR-0031"), "{payments}");
    let all = org.portal.read("public/repositories/index.html");
    let (payments_at, platform_at) = (
        all.find("id=\"repo-payments\"").unwrap(),
        all.find("id=\"repo-platform\"").unwrap(),
    );
    assert!(payments_at < platform_at, "{all}");
    assert!(all[payments_at..platform_at].contains("storage"), "{all}");
    assert!(
        all[platform_at..].contains("messaging") && all[platform_at..].contains("Events on Kafka"),
        "{all}"
    );
    let item = org.portal.read("public/r/payments/items/PAY-1/index.html");
    assert!(
        item.contains(r#"<dt>Repository</dt><dd><a href="../../../../r/payments/index.html">Payments</a> (<code>payments</code>)</dd>"#),
        "{item}"
    );
    let search = org.portal.read("public/search/index.html");
    assert!(search.contains("data-search-repositories"), "{search}");
    assert!(
        search.contains(r#"value="platform"> platform</label>"#),
        "{search}"
    );
}

#[test]
fn a_repository_checks_its_references_against_the_portals_data() {
    let org = Organisation::new();
    org.build();
    let data = org.portal.root().join("public/data.json");
    // Alone, the repository knows no other repository.
    let alone = org.payments.diagnostics();
    assert_eq!(messages(&alone, "broken-reference").len(), 4, "{alone:#?}");
    let run = org.payments.run(&[
        "check",
        "--format",
        "json",
        "--portal-data",
        data.to_str().unwrap(),
    ]);
    let value: Value = run.json();
    let diagnostics = value["diagnostics"].as_array().unwrap();
    let broken = messages(diagnostics, "broken-reference");
    assert_eq!(broken.len(), 2, "{broken:#?}");
    assert!(
        broken[0].contains("no record ADR-0099 in repository platform of the portal"),
        "{broken:#?}"
    );
    assert!(
        broken[1].contains("names no repository `platfrm` of the portal"),
        "{broken:#?}"
    );
    let missing = org.payments.run(&["check", "--portal-data", "no-such-file.json"]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(
        missing
            .stderr
            .contains("--portal-data: cannot read no-such-file.json"),
        "{}",
        missing.stderr
    );
}

/// The `--timings` notes saying which repositories were read and which reused.
fn reading_notes(run: &common::Run) -> Vec<String> {
    let mut notes: Vec<String> = run
        .stderr
        .lines()
        .filter_map(|line| line.trim().strip_prefix("repository "))
        .map(|note| note.split(" at commit").next().unwrap().to_string())
        .collect();
    notes.sort();
    notes
}

#[test]
fn a_second_build_reads_again_only_the_repository_whose_commit_moved() {
    let org = Organisation::new();
    let build = |output: &str| {
        let run = org.portal.run(&["build", "--timings", "-o", output]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run
    };
    assert_eq!(
        reading_notes(&build("one")),
        ["payments: read 2 records", "platform: read 1 records"]
    );
    assert_eq!(
        reading_notes(&build("one")),
        ["payments: reused 2 records", "platform: reused 1 records"]
    );

    org.platform.write(
        "decisions/ADR-0032-schemas.md",
        "---\nid: ADR-0032\ntitle: Schemas in a registry\nstatus: proposed\n---\n## Context\nEvents need schemas, first for [[payments:PAY-1]].\n",
    );
    org.platform.commit("cleo", "2026-03-04", "platform: schemas");
    assert_eq!(
        reading_notes(&build("two")),
        ["payments: reused 2 records", "platform: read 2 records"]
    );
    // The same site as a build that keeps nothing.
    std::fs::remove_dir_all(org.portal.root().join(".shoshin-portal/.reuse")).unwrap();
    assert_eq!(
        reading_notes(&build("fresh")),
        ["payments: read 2 records", "platform: read 2 records"]
    );
    let (reused, fresh) = (
        common::tree(&org.portal.root().join("two")),
        common::tree(&org.portal.root().join("fresh")),
    );
    assert!(reused.len() > 10);
    for ((path, bytes), (fresh_path, fresh_bytes)) in reused.iter().zip(&fresh) {
        assert_eq!(path, fresh_path);
        assert!(
            bytes == fresh_bytes,
            "{} differs:\n{}\n---\n{}",
            path.display(),
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(fresh_bytes)
        );
    }
    assert_eq!(reused.len(), fresh.len());

    // A change not committed in a working tree (`path:`) is read at once.
    org.payments.replace(
        "backlog/PAY-1-export-invoices.md",
        "title: Export invoices",
        "title: Export every invoice",
    );
    assert_eq!(
        reading_notes(&build("three")),
        ["payments: read 2 records", "platform: reused 2 records"]
    );
    let page = org.portal.read("three/r/payments/items/PAY-1/index.html");
    assert!(page.contains("Export every invoice"), "{page}");
}

#[test]
fn rev_may_be_a_tag_or_the_first_digits_of_a_commit() {
    let org = Organisation::new();
    org.platform
        .git(&["tag", "-a", "v1", "-m", "first"], "ben", "2026-03-03");
    let first = org.platform.git(&["rev-parse", "HEAD"], "ben", "2026-03-03");
    org.platform.write(
        "decisions/ADR-0032-schemas.md",
        "---\nid: ADR-0032\ntitle: Schemas in a registry\nstatus: proposed\n---\n## Context\nEvents need schemas.\n",
    );
    org.platform.commit("cleo", "2026-03-04", "platform: schemas");
    let configure = |rev: &str| {
        org.portal.write(
            "shoshin.yaml",
            &format!(
                "title: Acme\nrepositories:\n  - name: platform\n    url: {}\n    rev: {rev}\n",
                url(&org.platform)
            ),
        );
    };
    // The same commit both times: read once, then reused.
    for (rev, verb) in [("v1", "read"), (&first.trim()[..8], "reused")] {
        configure(rev);
        let run = org.portal.run(&["build", "--timings"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            reading_notes(&run),
            [format!("platform: {verb} 1 records")],
            "rev: {rev}"
        );
        assert!(
            run.stderr.contains(&format!("at commit {}", &first.trim()[..12])),
            "rev: {rev}: {}",
            run.stderr
        );
    }
    configure("v9");
    let diagnostics = org.portal.diagnostics();
    let unreachable = messages(&diagnostics, "repository-unreachable");
    assert_eq!(unreachable.len(), 1, "{diagnostics:#?}");
    assert!(
        unreachable[0].contains("shoshin.yaml:3: repository `platform` cannot be read")
            && unreachable[0].contains("`rev: v9` names no commit or tag of the repository"),
        "{unreachable:?}"
    );
}

/// Serves one answer, `status` with `body`, to the first request on a local
/// port; returns the address of `data.json` there.
fn serve_once(status: &'static str, body: String) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => request.extend_from_slice(&buffer[..n]),
            }
        }
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
    });
    format!("http://127.0.0.1:{port}/data.json")
}

#[test]
fn the_portals_data_may_be_given_by_its_address() {
    let org = Organisation::new();
    org.build();
    let data = org.portal.read("public/data.json");
    let address = serve_once("200 OK", data);
    let run = org
        .payments
        .run(&["check", "--format", "json", "--portal-data", &address]);
    let value: Value = run.json();
    let broken = messages(value["diagnostics"].as_array().unwrap(), "broken-reference");
    assert_eq!(broken.len(), 2, "{broken:#?}");
    assert!(
        broken[0].contains("no record ADR-0099 in repository platform of the portal"),
        "{broken:#?}"
    );

    let address = serve_once("404 Not Found", String::new());
    let missing = org.payments.run(&["check", "--portal-data", &address]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(
        missing.stderr.contains(&format!(
            "--portal-data: cannot download {address}: the server answered HTTP 404"
        )),
        "{}",
        missing.stderr
    );
    // Nothing listening: a clear message, not a hang.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let address = format!("http://127.0.0.1:{closed}/data.json");
    let refused = org.payments.run(&["check", "--portal-data", &address]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains(&format!("--portal-data: cannot download {address}:")),
        "{}",
        refused.stderr
    );
}
