//! `shoshin mcp` as a coding agent runs it: the binary as a child process,
//! newline-delimited JSON-RPC over its standard input and output.

#![cfg(feature = "lsp")]

use crate::common::Repo;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// Only a hang reaches this; see `lsp.rs`.
const PATIENCE: Duration = Duration::from_secs(120);

struct Server {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn start(repo: &Repo) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shoshin"))
            .args(["mcp", "."])
            .current_dir(repo.root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("shoshin mcp starts");
        let output = BufReader::new(child.stdout.take().unwrap());
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            for line in output.lines() {
                let Ok(line) = line else { break };
                let value: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
                if sender.send(value).is_err() {
                    break;
                }
            }
        });
        let input = child.stdin.take().unwrap();
        Server {
            child,
            input,
            messages,
            next_id: 1,
        }
    }

    fn send_line(&mut self, line: &str) {
        writeln!(self.input, "{line}").unwrap();
        self.input.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send_line(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string());
        self.response(json!(id))
    }

    fn response(&mut self, id: Value) -> Value {
        self.wait_for(|m| m["id"] == id)
    }

    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self.messages.recv_timeout(PATIENCE).expect("a response");
            if wanted(&message) {
                return message;
            }
        }
    }

    fn initialize(&mut self) -> Value {
        let response = self.request(
            "initialize",
            json!({
                "protocolVersion": "2025-11-25",
                "capabilities": {},
                "clientInfo": {"name": "test", "version": "1"}
            }),
        );
        self.send_line(r#"{"jsonrpc": "2.0", "method": "notifications/initialized"}"#);
        response
    }

    /// Calls a tool; its JSON answer (`structuredContent`), or the whole
    /// result when the tool reported an error.
    fn call(&mut self, tool: &str, arguments: Value) -> Value {
        let response = self.request("tools/call", json!({"name": tool, "arguments": arguments}));
        let result = &response["result"];
        assert!(result.is_object(), "{response}");
        if result["isError"] == true {
            return result.clone();
        }
        let text = result["content"][0]["text"].as_str().unwrap();
        let parsed: Value = serde_json::from_str(text).unwrap();
        assert_eq!(parsed, result["structuredContent"]);
        parsed
    }

    fn stop(mut self) -> i32 {
        drop(self.input);
        let status = self.child.wait().unwrap();
        status.code().unwrap_or(-1)
    }
}

fn repository() -> Repo {
    Repo::with(&[
        ("shoshin.yaml", "history:\n  enabled: false\n"),
        (
            "items/PAY-1-export.md",
            "---\nid: PAY-1\ntitle: Export invoices as CSV\nstatus: refining\nowner: alice\ndecisions: [ADR-0002]\n---\n\n## Why\nFinance asks for a CSV export of every invoice at the end of each month.\n",
        ),
        (
            "decisions/ADR-0001-use-xml.md",
            "---\nid: ADR-0001\ntitle: Use XML for exports\nstatus: superseded\ndate: 2026-01-02\n---\n\n## Context\nXML was what the old bank read.\n",
        ),
        (
            "decisions/ADR-0002-use-csv.md",
            "---\nid: ADR-0002\ntitle: Use CSV for exports\nstatus: accepted\ndate: 2026-11-02\nsupersedes: [ADR-0001]\nitems: [PAY-1, PAY-9]\n---\n\n## Context\nSpreadsheets open CSV everywhere.\n",
        ),
    ])
}

#[test]
fn tools_answer_from_the_records_and_create_one_with_a_free_id() {
    let repo = repository();
    let mut server = Server::start(&repo);
    let init = server.initialize();
    assert_eq!(init["result"]["serverInfo"]["name"], "shoshin", "{init}");
    assert!(init["result"]["capabilities"]["tools"].is_object(), "{init}");

    let listed = server.request("tools/list", json!({}));
    let names: Vec<&str> = listed["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "search_records",
            "get_record",
            "why",
            "agenda",
            "check",
            "create_record"
        ]
    );

    let found = server.call("search_records", json!({"query": "csv"}));
    let ids: Vec<&str> = found["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ADR-0002", "PAY-1"], "{found}");
    let found = server.call(
        "search_records",
        json!({"query": "exports", "kind": "decision", "limit": 1}),
    );
    assert_eq!(found["total"], 2, "{found}");
    assert_eq!(found["records"].as_array().unwrap().len(), 1, "{found}");

    let record = server.call("get_record", json!({"id": "ADR-0001"}));
    assert_eq!(record["title"], "Use XML for exports");
    assert_eq!(record["superseded_by"], json!(["ADR-0002"]), "{record}");
    assert!(
        record["supersession_chain"]
            .as_array()
            .unwrap()
            .contains(&json!("ADR-0002")),
        "{record}"
    );
    assert_eq!(
        record["sections"][0]["first_sentence"],
        "XML was what the old bank read."
    );
    let item = server.call("get_record", json!({"id": "PAY-1"}));
    assert_eq!(item["readiness"]["verdict"], "not-ready", "{item}");
    assert_eq!(item["named_by"], json!(["ADR-0002"]), "{item}");
    let missing = server.call("get_record", json!({"id": "PAY-2"}));
    assert_eq!(missing["isError"], true, "{missing}");
    assert!(
        missing["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("did you mean `PAY-1`"),
        "{missing}"
    );

    let checked = server.call("check", json!({"file": "decisions/ADR-0002-use-csv.md"}));
    assert_eq!(checked["errors"], 1, "{checked}");
    assert_eq!(checked["diagnostics"][0]["code"], "broken-reference", "{checked}");
    assert_eq!(checked["diagnostics"][0]["line"], 7, "{checked}");

    let agenda = server.call("agenda", json!({}));
    assert_eq!(agenda["items"][0]["id"], "PAY-1", "{agenda}");

    let created = server.call(
        "create_record",
        json!({"kind": "decision", "title": "Keep CSV headers"}),
    );
    assert_eq!(created["id"], "ADR-0003", "{created}");
    let file = created["file"].as_str().unwrap();
    assert!(
        file.starts_with("decisions/ADR-0003-keep-csv-headers"),
        "{created}"
    );
    assert!(repo.read(file).contains("Keep CSV headers"));
    let again = server.call("get_record", json!({"id": "ADR-0003"}));
    assert_eq!(again["title"], "Keep CSV headers", "{again}");
    assert_eq!(server.stop(), 0);
}

#[test]
fn bad_input_gets_errors_and_the_server_goes_on() {
    let repo = repository();
    let mut server = Server::start(&repo);
    server.initialize();

    // Unparsable lines are skipped; a message of the wrong shape is an invalid request.
    server.send_line("{not json");
    server.send_line(r#"{"jsonrpc": "2.0", "id": 40, "method": 7}"#);
    // The id could not be read from it: the error carries none.
    let invalid = server.wait_for(|m| m["id"].is_null() && m.get("error").is_some());
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");

    let unknown = server.request("shoshin/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let no_tool = server.request("tools/call", json!({"name": "nothing", "arguments": {}}));
    assert!(no_tool["error"]["code"].is_i64(), "{no_tool}");
    let wrong = server.call("create_record", json!({"kind": "epic", "title": "x"}));
    assert_eq!(wrong["isError"], true, "{wrong}");
    let empty = server.call("create_record", json!({"kind": "item", "title": "  "}));
    assert_eq!(empty["isError"], true, "{empty}");

    let still = server.call("search_records", json!({"query": "xml"}));
    assert_eq!(still["total"], 1, "{still}");
    assert_eq!(server.stop(), 0);
}

/// Decisions over code: a superseded one and its successor over the whole
/// ledger, a narrow one over one file; the file cites one in a comment and
/// holds another id in a string.
fn ledger() -> Repo {
    let decision = |id: &str, title: &str, status: &str, extra: &str| {
        format!("---\nid: {id}\ntitle: {title}\nstatus: {status}\ndate: 2026-01-10\n{extra}---\n## Why\n{title} so the ledger matches the bank.\n")
    };
    Repo::with(&[
        ("shoshin.yaml", "history:\n  enabled: false\n"),
        (
            "decisions/ADR-0001-round-half-up.md",
            &decision(
                "ADR-0001",
                "Round half up",
                "superseded",
                "applies_to: [src/ledger/**]\n",
            ),
        ),
        (
            "decisions/ADR-0002-round-half-even.md",
            &decision(
                "ADR-0002",
                "Round half even",
                "accepted",
                "supersedes: [ADR-0001]\napplies_to: [src/ledger/**]\n",
            ),
        ),
        (
            "decisions/ADR-0003-round-in-one-place.md",
            &decision(
                "ADR-0003",
                "Round in one place",
                "accepted",
                "applies_to: [src/ledger/round.rs]\n",
            ),
        ),
        (
            "src/ledger/round.rs",
            "// Rounds as ADR-0003 says.\nconst NOTE: &str = \"ADR-0001\";\nfn round() {}\n",
        ),
        ("src/web/page.ts", "export const x = 1;\n"),
    ])
}

#[test]
fn why_gives_the_decisions_governing_a_path_bounded_with_the_total() {
    let repo = ledger();
    let mut server = Server::start(&repo);
    server.initialize();

    let answer = server.call("why", json!({"path": "src/ledger/round.rs"}));
    assert_eq!(answer["path"], "src/ledger/round.rs", "{answer}");
    assert_eq!(answer["total"], 3, "{answer}");
    let ids: Vec<(&str, &str)> = answer["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["standing"].as_str().unwrap()))
        .collect();
    assert_eq!(
        ids,
        [
            ("ADR-0003", "in-force"),
            ("ADR-0002", "in-force"),
            ("ADR-0001", "retired")
        ],
        "{answer}"
    );
    let first = &answer["decisions"][0];
    assert_eq!(first["pattern"], "src/ledger/round.rs", "{answer}");
    assert_eq!(
        first["why"], "Round in one place so the ledger matches the bank.",
        "{answer}"
    );
    assert_eq!(
        first["file"], "decisions/ADR-0003-round-in-one-place.md",
        "{answer}"
    );
    assert_eq!(
        answer["decisions"][2]["superseded_by"],
        json!(["ADR-0002"]),
        "{answer}"
    );
    // The comment's citation, not the string's id.
    assert_eq!(answer["cited_total"], 1, "{answer}");
    assert_eq!(answer["cited"][0]["id"], "ADR-0003", "{answer}");
    assert_eq!(answer["cited"][0]["line"], 1, "{answer}");

    // Bounded: the total still counts them all.
    let one = server.call("why", json!({"path": "./src/ledger/round.rs", "limit": 1}));
    assert_eq!(one["total"], 3, "{one}");
    assert_eq!(one["decisions"].as_array().unwrap().len(), 1, "{one}");
    assert_eq!(one["decisions"][0]["id"], "ADR-0003", "{one}");

    // A folder is governed by what governs its files.
    let folder = server.call("why", json!({"path": "src/ledger"}));
    assert_eq!(folder["total"], 3, "{folder}");
    let nothing = server.call("why", json!({"path": "src/web/page.ts"}));
    assert_eq!(nothing["total"], 0, "{nothing}");
    assert_eq!(nothing["decisions"], json!([]), "{nothing}");

    let outside = server.call("why", json!({"path": "../elsewhere.rs"}));
    assert_eq!(outside["isError"], true, "{outside}");
    assert!(
        outside["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("climbs out of the code root"),
        "{outside}"
    );
    let missing = server.call("why", json!({}));
    assert_eq!(missing["isError"], true, "{missing}");
    assert_eq!(server.stop(), 0);
}
