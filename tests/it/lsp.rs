//! `shoshin lsp` as an editor runs it: the binary as a child process,
//! JSON-RPC over its standard input and output with Content-Length framing.
//! Each test follows the protocol: initialize, documents opened and edited,
//! requests, then shutdown and exit.

#![cfg(feature = "lsp")]

use crate::common::Repo;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// How long a test waits for a message before failing: generous, so that
/// a busy machine does not fail it; only a hang reaches it.
const PATIENCE: Duration = Duration::from_secs(120);

const PAY_1: &str = "---
id: PAY-1
title: Export invoices as CSV
status: refining
estimate: 3
owner: alice
depends_on: [PAY-2]
decisions: [ADR-0001]
---
# Export invoices as CSV

## Why
Finance asks for a CSV export of every invoice at the end of each month.

## Acceptance criteria
- [ ] a CSV file with one line per invoice, see [[PAY-2]]
";

const PAY_2: &str = "---
id: PAY-2
title: Import bank statements
status: in-progress
estimate: 5
owner: bob
---
# Import bank statements

## Why
Reconciling payments by hand takes the team two days every month.

## Acceptance criteria
- [x] statements imported nightly
";

const ADR_1: &str = "---
id: ADR-0001
title: Use CSV for exports
status: accepted
date: 2026-11-02
deciders: [alice, carol]
items: [PAY-1]
---
# Use CSV for exports

## Context
Spreadsheets open CSV everywhere; see [[PAY-3]] for the next step.

## Decision
CSV, UTF-8.
";

/// A new item, not on disk, whose body names an item that does not exist
/// after non-ASCII text: `é` is one UTF-16 unit, `🙂` two.
const PAY_3: &str = "---
id: PAY-3
title: Archive exports
status: draft
owner: carol
---
# Archive exports

## Why
Voilà l'archivage 🙂 après [[PAY-9]] et le reste.
";

fn repository() -> Repo {
    Repo::with(&[
        ("shoshin.yaml", "history:\n  enabled: false\n"),
        ("items/PAY-1-export.md", PAY_1),
        ("items/PAY-2-import.md", PAY_2),
        ("decisions/ADR-0001-use-csv.md", ADR_1),
    ])
}

/// The server as a child process, and what it sent that was not read yet.
struct Server {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    /// Messages read while waiting for another one.
    held: Vec<Value>,
    next_id: i64,
    root_uri: String,
}

impl Server {
    fn start(repo: &Repo) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shoshin"))
            .arg("lsp")
            .current_dir(repo.root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("shoshin lsp starts");
        let output = child.stdout.take().unwrap();
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut output = BufReader::new(output);
            while let Some(message) = read_message(&mut output) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let input = child.stdin.take().unwrap();
        let root = repo.root().canonicalize().unwrap();
        Server {
            child,
            input,
            messages,
            held: Vec::new(),
            next_id: 1,
            root_uri: format!("file://{}", root.display()),
        }
    }

    /// Writes raw bytes with a Content-Length header.
    fn send_raw(&mut self, body: &str) {
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.input.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        let body = json!({"jsonrpc": "2.0", "method": method, "params": params});
        self.send_raw(&body.to_string());
    }

    /// Sends a request and waits for its response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.send_raw(&body.to_string());
        self.wait_for(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    /// The first message (held or new) that `wanted` accepts.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.held.iter().position(&wanted) {
            return self.held.remove(at);
        }
        loop {
            let message = self
                .messages
                .recv_timeout(PATIENCE)
                .unwrap_or_else(|_| panic!("no awaited message; held: {:#?}", self.held));
            if wanted(&message) {
                return message;
            }
            self.held.push(message);
        }
    }

    fn uri(&self, path: &str) -> String {
        format!("{}/{path}", self.root_uri)
    }

    /// The next diagnostics published for `path`.
    fn diagnostics(&mut self, path: &str) -> Vec<Value> {
        let uri = self.uri(path);
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(uri)
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self) -> Value {
        let params = json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {},
            "workspaceFolders": [{"uri": self.root_uri, "name": "records"}],
        });
        let response = self.request("initialize", params);
        self.notify("initialized", json!({}));
        response
    }

    fn open(&mut self, path: &str, text: &str) {
        let uri = self.uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    /// A position request at the first `needle` in `text`, `into` units into it.
    fn at(&mut self, method: &str, path: &str, text: &str, needle: &str, into: usize, extra: Value) -> Value {
        let (line, character) = position_of(text, needle, into);
        let mut params = json!({
            "textDocument": {"uri": self.uri(path)},
            "position": {"line": line, "character": character},
        });
        if let (Value::Object(p), Value::Object(e)) = (&mut params, extra) {
            p.extend(e);
        }
        self.request(method, params)
    }

    /// Shuts down and exits as the protocol says; the exit status.
    fn stop(mut self) -> i32 {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        drop(self.input);
        self.child.wait().unwrap().code().unwrap_or(-1)
    }
}

/// Reads one Content-Length framed message.
fn read_message(output: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if output.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    output.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The LSP position (line, UTF-16 column) `into` characters into the first
/// `needle` of `text`.
fn position_of(text: &str, needle: &str, into: usize) -> (usize, usize) {
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle:?}"));
    let at = at
        + needle[..]
            .char_indices()
            .nth(into)
            .map_or(needle.len(), |(i, _)| i);
    let before = &text[..at];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].encode_utf16().count())
}

fn labels(response: &Value) -> Vec<String> {
    let result = &response["result"];
    let items = result.get("items").unwrap_or(result);
    items
        .as_array()
        .unwrap_or_else(|| panic!("no completion items: {response}"))
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn diagnostics_follow_the_edits_with_the_ranges_of_check() {
    let repo = repository();
    let check: Value = repo.run(&["check", "--format", "json"]).json();
    let mut server = Server::start(&repo);
    let init = server.initialize();
    assert_eq!(init["result"]["serverInfo"]["name"], "shoshin", "{init}");
    assert!(
        init["result"]["capabilities"]["completionProvider"].is_object(),
        "{init}"
    );

    // The first diagnostics: the decision's broken reference, where check puts it.
    let adr = server.diagnostics("decisions/ADR-0001-use-csv.md");
    let expected = &check["diagnostics"][0];
    assert_eq!(expected["code"], "broken-reference");
    assert_eq!(adr.len(), 1, "{adr:?}");
    assert_eq!(adr[0]["code"], "broken-reference");
    assert_eq!(adr[0]["severity"], 1);
    assert_eq!(
        adr[0]["range"]["start"]["line"],
        expected["line"].as_u64().unwrap() - 1
    );
    assert_eq!(
        adr[0]["range"]["start"]["character"],
        expected["column"].as_u64().unwrap() - 1
    );
    assert_eq!(
        adr[0]["range"]["end"]["character"],
        expected["column"].as_u64().unwrap() - 1 + 9
    );
    assert!(adr[0]["message"].as_str().unwrap().contains("`PAY-3`"), "{adr:?}");

    // A new record, unsaved: its own broken reference after non-ASCII text,
    // and the decision's reference to it resolves.
    server.open("items/PAY-3-archive.md", PAY_3);
    let own = server.diagnostics("items/PAY-3-archive.md");
    let broken: Vec<&Value> = own.iter().filter(|d| d["code"] == "broken-reference").collect();
    assert_eq!(broken.len(), 1, "{own:?}");
    let (line, character) = position_of(PAY_3, "[[PAY-9]]", 0);
    assert_eq!(
        broken[0]["range"]["start"],
        json!({"line": line, "character": character})
    );
    assert_eq!(
        broken[0]["range"]["end"],
        json!({"line": line, "character": character + 9})
    );
    // `é`, `à` and `🙂`: the column counts UTF-16 units, not bytes or characters.
    assert_eq!(character, "Voilà l'archivage 🙂 après ".encode_utf16().count());
    assert_ne!(character, "Voilà l'archivage 🙂 après ".chars().count());
    assert_eq!(
        server.diagnostics("decisions/ADR-0001-use-csv.md"),
        Vec::<Value>::new()
    );

    // Fixed with a change of one range: the list is empty again.
    let (line, character) = position_of(PAY_3, "PAY-9", 0);
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": server.uri("items/PAY-3-archive.md"), "version": 2},
            "contentChanges": [{
                "range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character + 5}},
                "text": "PAY-2"
            }]
        }),
    );
    assert_eq!(server.diagnostics("items/PAY-3-archive.md"), Vec::<Value>::new());

    // The quick fix the info on PAY-1 suggests: `status: ready`.
    let actions = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": server.uri("items/PAY-1-export.md")},
            "range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 16}},
            "context": {"diagnostics": []}
        }),
    );
    let action = &actions["result"][0];
    assert_eq!(action["title"], "Set `status: ready`", "{actions}");
    let edit = &action["edit"]["changes"][server.uri("items/PAY-1-export.md")][0];
    assert_eq!(edit["newText"], "ready");
    assert_eq!(edit["range"]["start"], json!({"line": 3, "character": 8}));
    assert_eq!(server.stop(), 0);
}

#[test]
fn sprint_names_come_from_the_configuration() {
    let config = "history:\n  enabled: false\nsprints:\n  - { name: 2026-S1, start: 2026-01-05, end: 2026-01-16 }\n  - { name: 2026-S2, start: 2026-01-19, end: 2026-01-30 }\n";
    let text = "---\nid: PAY-1\ntitle: Export\nsprint: \n---\n";
    let repo = Repo::with(&[("shoshin.yaml", config), ("items/PAY-1-export.md", text)]);
    let mut server = Server::start(&repo);
    server.initialize();
    server.open("items/PAY-1-export.md", text);
    let response = server.at(
        "textDocument/completion",
        "items/PAY-1-export.md",
        text,
        "sprint: ",
        8,
        json!({}),
    );
    assert_eq!(labels(&response), ["2026-S1", "2026-S2"]);
    assert_eq!(server.stop(), 0);
}

#[test]
fn completion_hover_definition_references_and_symbols() {
    let repo = repository();
    let mut server = Server::start(&repo);
    server.initialize();
    let text = format!("{PAY_3}See [[\n");
    let draft = "---\nid: PAY-4\ntitle: Draft\ndepends_on: [\n---\n";
    server.open("items/PAY-3-archive.md", &text);
    server.open("items/PAY-4-draft.md", draft);

    // After `[[`: every record's id.
    let lines = text.lines().count();
    let response = server.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": server.uri("items/PAY-3-archive.md")},
               "position": {"line": lines - 1, "character": 6}}),
    );
    let ids = labels(&response);
    for id in ["PAY-1", "PAY-2", "ADR-0001"] {
        assert!(ids.contains(&id.to_string()), "{id} missing from {ids:?}");
    }

    // In `depends_on:`: items only.
    let response = server.at(
        "textDocument/completion",
        "items/PAY-4-draft.md",
        draft,
        "[\n",
        1,
        json!({}),
    );
    let ids = labels(&response);
    assert!(ids.contains(&"PAY-1".to_string()), "{ids:?}");
    assert!(!ids.iter().any(|id| id.starts_with("ADR")), "{ids:?}");

    // Statuses from the configuration.
    let status = "---\nid: PAY-5\nstatus: \n---\n";
    server.open("items/PAY-5-status.md", status);
    let response = server.at(
        "textDocument/completion",
        "items/PAY-5-status.md",
        status,
        "status: ",
        8,
        json!({}),
    );
    let words = labels(&response);
    assert!(
        words.contains(&"refining".to_string()) && words.contains(&"ready".to_string()),
        "{words:?}"
    );

    // Hover on an id: title, kind, status, readiness and why.
    let hover = server.at(
        "textDocument/hover",
        "items/PAY-1-export.md",
        PAY_1,
        "PAY-2]",
        2,
        json!({}),
    );
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{hover}"));
    assert!(
        shown.contains("PAY-2") && shown.contains("Import bank statements"),
        "{shown}"
    );
    assert!(shown.contains("in-progress"), "{shown}");
    assert!(shown.contains("Why: Reconciling payments by hand"), "{shown}");
    let hover = server.at(
        "textDocument/hover",
        "items/PAY-3-archive.md",
        &text,
        "[[PAY-9",
        4,
        json!({}),
    );
    assert_eq!(hover["result"], Value::Null, "{hover}");
    let hover = server.at(
        "textDocument/hover",
        "decisions/ADR-0001-use-csv.md",
        ADR_1,
        "PAY-1",
        0,
        json!({}),
    );
    let shown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("Readiness:"), "{shown}");

    // Definition: the other record's `id:`.
    let definition = server.at(
        "textDocument/definition",
        "items/PAY-1-export.md",
        PAY_1,
        "[[PAY-2]]",
        3,
        json!({}),
    );
    assert_eq!(
        definition["result"]["uri"],
        server.uri("items/PAY-2-import.md"),
        "{definition}"
    );
    assert_eq!(
        definition["result"]["range"]["start"],
        json!({"line": 1, "character": 4})
    );

    // References: everything that names PAY-1 (the decision and PAY-1's own id).
    let references = server.at(
        "textDocument/references",
        "items/PAY-1-export.md",
        PAY_1,
        "PAY-1",
        0,
        json!({"context": {"includeDeclaration": true}}),
    );
    let found: Vec<(String, u64)> = references["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{references}"))
        .iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap().to_string(),
                l["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        found.contains(&(server.uri("items/PAY-1-export.md"), 1)),
        "{found:?}"
    );
    assert!(
        found.contains(&(server.uri("decisions/ADR-0001-use-csv.md"), 6)),
        "{found:?}"
    );
    assert_eq!(found.len(), 2, "{found:?}");

    // Document symbols: the sections, nested under the title.
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": server.uri("items/PAY-1-export.md")}}),
    );
    let top = &symbols["result"][0];
    assert_eq!(top["name"], "Export invoices as CSV", "{symbols}");
    let children: Vec<&str> = top["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(children, ["Why", "Acceptance criteria"]);
    assert_eq!(server.stop(), 0);
}

#[test]
fn rename_edits_every_file_that_names_the_id_and_refuses_a_taken_one() {
    let repo = repository();
    let mut server = Server::start(&repo);
    server.initialize();
    server.open("items/PAY-3-archive.md", &PAY_3.replace("PAY-9", "PAY-2"));

    let refused = server.at(
        "textDocument/rename",
        "items/PAY-2-import.md",
        PAY_2,
        "PAY-2",
        0,
        json!({"newName": "PAY-1"}),
    );
    let message = refused["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{refused}"));
    assert!(
        message.contains("already used by items/PAY-1-export.md"),
        "{message}"
    );

    let renamed = server.at(
        "textDocument/rename",
        "items/PAY-2-import.md",
        PAY_2,
        "PAY-2",
        0,
        json!({"newName": "PAY-20"}),
    );
    let changes = renamed["result"]["changes"]
        .as_object()
        .unwrap_or_else(|| panic!("{renamed}"));
    let mut files: Vec<&str> = changes.keys().map(String::as_str).collect();
    files.sort();
    let expected = [
        server.uri("items/PAY-1-export.md"),
        server.uri("items/PAY-2-import.md"),
        server.uri("items/PAY-3-archive.md"),
    ];
    assert_eq!(files, expected.iter().map(String::as_str).collect::<Vec<_>>());
    // PAY-1 names it twice: in `depends_on` and as `[[PAY-2]]`.
    let edits = changes[&server.uri("items/PAY-1-export.md")].as_array().unwrap();
    assert_eq!(edits.len(), 2, "{edits:?}");
    for edit in edits
        .iter()
        .chain(changes[&server.uri("items/PAY-2-import.md")].as_array().unwrap())
    {
        assert_eq!(edit["newText"], "PAY-20");
        let start = &edit["range"]["start"];
        let end = &edit["range"]["end"];
        assert_eq!(end["line"], start["line"]);
        assert_eq!(
            end["character"].as_u64().unwrap() - start["character"].as_u64().unwrap(),
            5
        );
    }
    let (line, character) = position_of(PAY_1, "[[PAY-2]]", 2);
    assert!(
        edits
            .iter()
            .any(|e| e["range"]["start"] == json!({"line": line, "character": character})),
        "{edits:?}"
    );
    assert_eq!(server.stop(), 0);
}

#[test]
fn malformed_messages_and_unknown_methods_get_errors_not_a_crash() {
    let repo = repository();
    let mut server = Server::start(&repo);

    // Before initialize: refused, not served.
    let early = server.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    server.initialize();

    server.send_raw("{not json");
    let parse = server.wait_for(|m| m["id"].is_null() && m.get("error").is_some());
    assert_eq!(parse["error"]["code"], -32700, "{parse}");

    server.send_raw(r#"{"jsonrpc": "2.0", "id": 77, "method": 5}"#);
    let invalid = server.wait_for(|m| m["id"] == 77);
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");

    let unknown = server.request("shoshin/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");

    let bad = server.request("textDocument/hover", json!({"textDocument": 3}));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");

    // Still serving.
    let hover = server.at(
        "textDocument/hover",
        "items/PAY-1-export.md",
        PAY_1,
        "PAY-2]",
        0,
        json!({}),
    );
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("PAY-2"),
        "{hover}"
    );
    assert_eq!(server.stop(), 0);
}

/// A ready item that depends on a draft one: its `not-ready` comes from
/// its readiness, which depends on the other item's status.
const PAY_5: &str = "---
id: PAY-5
title: Send invoices by mail
status: ready
estimate: 3
owner: alice
depends_on: [PAY-6]
---
# Send invoices by mail

## Why
Customers without a portal account still get their invoices.

## Acceptance criteria
- [ ] a mail with the PDF attached for every invoice
";

const PAY_6: &str = "---
id: PAY-6
title: Render invoices as PDF
status: draft
estimate: 2
owner: bob
---
# Render invoices as PDF

## Why
A mail needs a file to attach.

## Acceptance criteria
- [ ] one PDF per invoice
";

/// The (code, line) of each diagnostic `check --format json` gives for `file`.
fn check_codes(repo: &Repo, file: &str) -> Vec<(String, u64)> {
    let mut codes: Vec<(String, u64)> = repo
        .diagnostics()
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    codes.sort();
    codes
}

/// The (code, 1-based line) of published diagnostics, as `check` numbers lines.
fn published_codes(diagnostics: &[Value]) -> Vec<(String, u64)> {
    let mut codes: Vec<(String, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap() + 1,
            )
        })
        .collect();
    codes.sort();
    codes
}

#[test]
fn an_edit_in_one_file_changes_the_readiness_diagnostics_of_another() {
    let repo = Repo::with(&[
        ("shoshin.yaml", "history:\n  enabled: false\n"),
        ("items/PAY-5-mail.md", PAY_5),
        ("items/PAY-6-pdf.md", PAY_6),
        ("items/PAY-1-export.md", PAY_1),
        ("items/PAY-2-import.md", PAY_2),
        ("decisions/ADR-0001-use-csv.md", ADR_1),
    ]);
    let before = check_codes(&repo, "items/PAY-5-mail.md");
    assert!(before.iter().any(|(code, _)| code == "not-ready"), "{before:?}");
    let mut server = Server::start(&repo);
    server.initialize();
    let first = server.diagnostics("items/PAY-5-mail.md");
    assert_eq!(published_codes(&first), before);
    let untouched = server.diagnostics("items/PAY-1-export.md");

    // PAY-6 becomes in progress in the editor, unsaved: PAY-5 is ready now.
    let started = PAY_6.replace("status: draft", "status: in-progress");
    server.open("items/PAY-6-pdf.md", PAY_6);
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": server.uri("items/PAY-6-pdf.md"), "version": 2},
            "contentChanges": [{"text": started}]
        }),
    );
    let after = server.diagnostics("items/PAY-5-mail.md");
    assert!(!after.iter().any(|d| d["code"] == "not-ready"), "{after:?}");
    // Exactly what `check` says once the edit is saved.
    repo.write("items/PAY-6-pdf.md", &started);
    assert_eq!(published_codes(&after), check_codes(&repo, "items/PAY-5-mail.md"));
    assert_eq!(
        published_codes(&untouched),
        check_codes(&repo, "items/PAY-1-export.md")
    );

    // And back: the diagnostic returns.
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": server.uri("items/PAY-6-pdf.md"), "version": 3},
            "contentChanges": [{"text": PAY_6}]
        }),
    );
    let again = server.diagnostics("items/PAY-5-mail.md");
    assert_eq!(published_codes(&again), before);
    assert_eq!(server.stop(), 0);
}

impl Server {
    /// The diagnostics published last for `path`, among the messages read
    /// and not taken yet: none when nothing was published for it.
    fn latest_diagnostics(&self, path: &str) -> Vec<Value> {
        let uri = json!(self.uri(path));
        (self.held.iter().rev())
            .find(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
            .map(|m| m["params"]["diagnostics"].as_array().unwrap().clone())
            .unwrap_or_default()
    }

    /// Replaces the editor's whole text of `path`.
    fn change(&mut self, path: &str, version: i64, text: &str) {
        let uri = self.uri(path);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }
}

#[test]
fn after_edits_in_two_files_the_diagnostics_are_those_of_check() {
    let repo = repository();
    let mut server = Server::start(&repo);
    server.initialize();
    let (pay_1, pay_2, adr) = (
        "items/PAY-1-export.md",
        "items/PAY-2-import.md",
        "decisions/ADR-0001-use-csv.md",
    );
    server.open(pay_1, PAY_1);
    server.open(adr, ADR_1);
    // A broken dependency, then ready; the decision's broken link fixed and
    // its status misspelt; then PAY-2 depends on PAY-1, which depends on it
    // again: a cycle across the two items.
    let broken = PAY_1.replace("depends_on: [PAY-2]", "depends_on: [PAY-22]");
    server.change(pay_1, 2, &broken);
    let fixed = ADR_1.replace("[[PAY-3]]", "[[PAY-1]]");
    server.change(adr, 2, &fixed);
    let misspelt = fixed.replace("status: accepted", "status: acceptd");
    server.change(adr, 3, &misspelt);
    let ready = broken.replace("status: refining", "status: ready");
    server.change(pay_1, 3, &ready);
    server.open(pay_2, PAY_2);
    let cycle = PAY_2.replace("owner: bob\n", "owner: bob\ndepends_on: [PAY-1]\n");
    server.change(pay_2, 2, &cycle);
    let last = ready.replace("depends_on: [PAY-22]", "depends_on: [PAY-2]");
    server.change(pay_1, 4, &last);
    // A request is answered after the edits before it are checked and
    // their diagnostics published.
    server.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": server.uri(pay_1)}}),
    );
    let published: Vec<_> = [pay_1, pay_2, adr]
        .iter()
        .map(|file| published_codes(&server.latest_diagnostics(file)))
        .collect();
    repo.write(pay_1, &last);
    repo.write(pay_2, &cycle);
    repo.write(adr, &misspelt);
    let checked: Vec<_> = [pay_1, pay_2, adr]
        .iter()
        .map(|file| check_codes(&repo, file))
        .collect();
    assert!(
        checked[0].iter().any(|(code, _)| code == "dependency-cycle")
            || checked[1].iter().any(|(code, _)| code == "dependency-cycle"),
        "{checked:?}"
    );
    assert!(
        checked[2].iter().any(|(code, _)| code == "unknown-status"),
        "{checked:?}"
    );
    assert_eq!(published, checked);
    assert_eq!(server.stop(), 0);
}

#[test]
fn the_diagnostics_of_the_history_come_after_the_first_ones() {
    // PAY-7 is ready since January, and the latest commit is of June:
    // `stale-ready`, which only the history tells.
    let stale = "---
id: PAY-7
title: Send reminders
status: ready
estimate: 2
---
# Send reminders

## Why
Customers forget to pay; see [[PAY-404]].

## Acceptance criteria
- [ ] a reminder a week after the due date
";
    let repo = Repo::with(&[("items/PAY-7-remind.md", stale)]);
    repo.git_init();
    repo.commit("ana", "2026-01-05", "PAY-7");
    repo.write("items/PAY-2-import.md", PAY_2);
    repo.commit("ana", "2026-06-01", "PAY-2");
    let expected = check_codes(&repo, "items/PAY-7-remind.md");
    assert!(
        expected.iter().any(|(code, _)| code == "stale-ready"),
        "{expected:?}"
    );
    let mut server = Server::start(&repo);
    server.initialize();
    // First what needs no history: the broken reference alone.
    let first = published_codes(&server.diagnostics("items/PAY-7-remind.md"));
    let without: Vec<_> = (expected.iter())
        .filter(|(code, _)| code != "stale-ready")
        .cloned()
        .collect();
    assert_eq!(first, without);
    // Then, once the history is read, everything `check` says.
    let then = published_codes(&server.diagnostics("items/PAY-7-remind.md"));
    assert_eq!(then, expected);
    assert_eq!(server.stop(), 0);
}
