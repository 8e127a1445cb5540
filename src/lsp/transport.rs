//! Messages in and out over standard input and output, framed by
//! `lsp-server` (Content-Length headers). Unlike `lsp-server`'s own stdio
//! transport, a malformed message does not end the server: it gets a
//! JSON-RPC error and the next message is read.

use lsp_server::{ErrorCode, Message, RequestId, Response};
use std::io::Write;
use std::sync::mpsc::Sender;

/// What the server's loop waits for: the editor's messages, and the news
/// that the history read in the background is there.
pub enum Event {
    /// A message from the editor.
    Message(Message),
    /// The walk of the git history started after the first diagnostics
    /// has finished: the diagnostics that need it can be made.
    HistoryRead,
    /// Standard input ended (or `exit` was read): nothing more will come.
    Closed,
}

/// Starts the thread reading standard input; its messages arrive on
/// `events`, and [`Event::Closed`] at the end of input or after `exit`.
pub fn read_stdin(events: Sender<Event>) {
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        loop {
            match Message::read(&mut input) {
                Ok(Some(message)) => {
                    let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                    if events.send(Event::Message(message)).is_err() || exit {
                        break;
                    }
                }
                Ok(None) => break,
                Err(error) if error.kind() == std::io::ErrorKind::InvalidData => {
                    // `lsp-server` stops at the first bad header line or
                    // after the body, so reading goes on from a line start.
                    malformed(&error.to_string());
                }
                Err(_) => break,
            }
        }
        let _ = events.send(Event::Closed);
    });
}

/// Sends one message.
pub fn send(message: impl Into<Message>) {
    let stdout = std::io::stdout();
    // One message at a time: the reader's error replies write here too.
    let mut out = stdout.lock();
    let _ = message.into().write(&mut out);
}

/// Replies to input that is not a JSON-RPC message: with its id when one
/// can be read from it (an invalid request), else with a parse error, whose
/// id JSON-RPC sets to null.
fn malformed(error: &str) {
    // `lsp-server` quotes the payload after a colon: the error alone is enough.
    let reason = error.split(": \"").next().unwrap_or(error);
    let payload = error
        .find("`: \"")
        .map(|at| &error[at + 3..])
        .and_then(|quoted| serde_json::from_str::<String>(quoted).ok());
    let id = payload
        .as_deref()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
        .and_then(|value| match value.get("id")? {
            serde_json::Value::Number(n) => n
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .map(RequestId::from),
            serde_json::Value::String(s) => Some(RequestId::from(s.clone())),
            _ => None,
        });
    match id {
        Some(id) => send(Response::new_err(
            id,
            ErrorCode::InvalidRequest as i32,
            format!("invalid request: {reason}"),
        )),
        None => {
            // `lsp-server` has no null id: this one reply is framed here.
            let body = serde_json::json!({
                "jsonrpc": "2.0",
                "id": null,
                "error": {"code": ErrorCode::ParseError as i32, "message": format!("parse error: {reason}")},
            })
            .to_string();
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let _ = write!(out, "Content-Length: {}\r\n\r\n{body}", body.len());
            let _ = out.flush();
        }
    }
}
