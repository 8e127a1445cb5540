//! The language server's loop: the lifecycle (initialize, shutdown, exit),
//! document notifications, requests dispatched to the features, and the
//! diagnostics published after each re-check.
//!
//! Edits arriving together are checked once: the re-check runs when no
//! message is waiting, or before a request that needs the index.

use super::transport::{send, Event};
use super::workspace::{records_root, Workspace};
use super::{completion, convert, fixes, navigate, outline};
use anyhow::Result;
use lsp_server::{ErrorCode, Message, Notification, Request, Response, ResponseError};
use lsp_types::{
    CodeActionOrCommand, CodeActionProviderCapability, CompletionOptions, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, DocumentSymbolResponse, GotoDefinitionResponse, HoverProviderCapability,
    InitializeParams, InitializeResult, OneOf, PublishDiagnosticsParams, RenameOptions, ServerCapabilities,
    ServerInfo, TextDocumentPositionParams, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError};

/// Where the server is in the protocol's lifecycle.
#[derive(PartialEq)]
enum Stage {
    /// Waiting for `initialize`.
    Starting,
    /// Serving.
    Running,
    /// `shutdown` received: only `exit` is left.
    ShuttingDown,
}

/// The state of one editor session.
pub struct Server {
    /// The records root given on the command line, over the editor's folder.
    given_root: Option<PathBuf>,
    stage: Stage,
    /// `None` until initialized, or while the configuration cannot be read.
    workspace: Option<Workspace>,
    /// The root, once known, to try again after a configuration error.
    root: Option<PathBuf>,
    /// The diagnostics last published, by file relative to the root.
    published: HashMap<PathBuf, Vec<lsp_types::Diagnostic>>,
    /// Where the thread reading the history says it has finished.
    events: Sender<Event>,
}

/// A request's answer.
type Answer = std::result::Result<Value, ResponseError>;

fn error(code: ErrorCode, message: impl Into<String>) -> ResponseError {
    ResponseError {
        code: code as i32,
        message: message.into(),
        data: None,
    }
}

fn params<P: DeserializeOwned>(request: &Request) -> std::result::Result<P, ResponseError> {
    serde_json::from_value(request.params.clone()).map_err(|e| {
        error(
            ErrorCode::InvalidParams,
            format!("invalid params for {}: {e}", request.method),
        )
    })
}

fn json(value: impl serde::Serialize) -> Answer {
    serde_json::to_value(value).map_err(|e| error(ErrorCode::InternalError, e.to_string()))
}

impl Server {
    /// A server not yet initialized.
    pub fn new(given_root: Option<PathBuf>, events: Sender<Event>) -> Server {
        Server {
            given_root,
            stage: Stage::Starting,
            workspace: None,
            root: None,
            published: HashMap::new(),
            events,
        }
    }

    /// Handles messages until `exit` or the end of input; true when
    /// `shutdown` came first.
    pub fn serve(mut self, events: Receiver<Event>) -> Result<bool> {
        loop {
            let event = match events.try_recv() {
                Ok(event) => event,
                Err(TryRecvError::Disconnected) => break,
                Err(TryRecvError::Empty) => {
                    // Nothing waiting: the edits so far are checked now.
                    self.settle();
                    match events.recv() {
                        Ok(event) => event,
                        Err(_) => break,
                    }
                }
            };
            match event {
                Event::Closed => break,
                Event::HistoryRead => {
                    if let Some(workspace) = self.workspace.as_mut() {
                        workspace.history_arrived();
                    }
                }
                Event::Message(Message::Request(request)) => self.request(request),
                Event::Message(Message::Notification(n)) if n.method == "exit" => break,
                Event::Message(Message::Notification(n)) => self.notification(n),
                Event::Message(Message::Response(_)) => {}
            }
        }
        Ok(self.stage == Stage::ShuttingDown)
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let answer = match (&self.stage, request.method.as_str()) {
            (Stage::Starting, "initialize") => self.initialize(&request),
            (Stage::Starting, _) => Err(error(ErrorCode::ServerNotInitialized, "initialize first")),
            (Stage::Running, "initialize") => Err(error(ErrorCode::InvalidRequest, "already initialized")),
            (Stage::ShuttingDown, _) => Err(error(
                ErrorCode::InvalidRequest,
                "shutting down: only `exit` is left",
            )),
            (Stage::Running, "shutdown") => {
                self.stage = Stage::ShuttingDown;
                Ok(Value::Null)
            }
            (Stage::Running, _) => {
                self.settle();
                // A feature that fails answers with an error; the server goes on.
                std::panic::catch_unwind(AssertUnwindSafe(|| self.feature(&request))).unwrap_or_else(|_| {
                    Err(error(
                        ErrorCode::InternalError,
                        "internal error; see the server's log",
                    ))
                })
            }
        };
        let initialized = request.method == "initialize" && answer.is_ok();
        send(Response {
            id,
            response_result: answer,
        });
        if initialized {
            // Loaded after the answer, so that the editor is not kept
            // waiting; requests meanwhile wait for it.
            self.open_workspace();
            self.publish();
        }
    }

    fn initialize(&mut self, request: &Request) -> Answer {
        let init: InitializeParams = params(request)?;
        #[allow(deprecated)]
        let folder = (init.workspace_folders.iter().flatten())
            .find_map(|f| convert::path(&f.uri))
            .or_else(|| init.root_uri.as_ref().and_then(convert::path))
            .or_else(|| init.root_path.as_ref().map(PathBuf::from));
        let root = match (&self.given_root, folder) {
            (Some(given), _) => given.clone(),
            (None, Some(folder)) => records_root(&folder),
            (None, None) => {
                std::env::current_dir().map_err(|e| error(ErrorCode::InternalError, e.to_string()))?
            }
        };
        self.root = Some(root);
        self.stage = Stage::Running;
        json(InitializeResult {
            capabilities: capabilities(),
            server_info: Some(ServerInfo {
                name: "shoshin".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
    }

    /// Loads the workspace, without its history, which a thread reads
    /// meanwhile (the diagnostics that need it come when it is there); a
    /// configuration that cannot be read is shown to the user, and loading
    /// is tried again when it is saved.
    fn open_workspace(&mut self) {
        let Some(root) = &self.root else { return };
        match Workspace::open(root) {
            Ok(workspace) => {
                if let Some(read_history) = workspace.history_reader() {
                    let events = self.events.clone();
                    std::thread::spawn(move || {
                        read_history();
                        let _ = events.send(Event::HistoryRead);
                    });
                }
                self.workspace = Some(workspace);
            }
            Err(e) => {
                self.workspace = None;
                show_error(&format!("shoshin: {e:#}"));
            }
        }
    }

    fn notification(&mut self, n: Notification) {
        if self.stage != Stage::Running {
            return;
        }
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| self.document(n)));
        if outcome.is_err() {
            show_error("shoshin: an internal error; the workspace is loaded again");
            self.open_workspace();
        }
    }

    /// Document notifications: the editor's text, and files saved or
    /// changed on disk. Unknown notifications are ignored, as the protocol asks.
    fn document(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                self.set_text(&p.text_document.uri, Some(p.text_document.text));
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let Some((workspace, relative)) = self.document_of(&p.text_document.uri) else {
                    return;
                };
                let mut text = (workspace.open_text(&relative).cloned())
                    .or_else(|| workspace.text(&relative).map(String::from))
                    .unwrap_or_default();
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let start = convert::offset(&text, range.start);
                            let end = convert::offset(&text, range.end).max(start);
                            text.replace_range(start..end, &change.text);
                        }
                        None => text = change.text,
                    }
                }
                self.set_text(&p.text_document.uri, Some(text));
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                self.set_text(&p.text_document.uri, None);
            }
            "textDocument/didSave" => {
                let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) else {
                    return;
                };
                self.changed_on_disk(&p.text_document.uri);
            }
            "workspace/didChangeWatchedFiles" => {
                let Ok(p) = serde_json::from_value::<DidChangeWatchedFilesParams>(n.params) else {
                    return;
                };
                for change in p.changes {
                    self.changed_on_disk(&change.uri);
                }
            }
            _ => {}
        }
    }

    /// The workspace and the path of a document inside its root.
    fn document_of(&mut self, uri: &Uri) -> Option<(&mut Workspace, PathBuf)> {
        let path = convert::path(uri)?;
        let workspace = self.workspace.as_mut()?;
        let relative = workspace.relative(&path)?;
        Some((workspace, relative))
    }

    fn set_text(&mut self, uri: &Uri, text: Option<String>) {
        if let Some((workspace, relative)) = self.document_of(uri) {
            workspace.set_text(relative, text);
        }
    }

    fn changed_on_disk(&mut self, uri: &Uri) {
        if self.workspace.is_none() {
            // Perhaps the configuration that could not be read was fixed.
            self.open_workspace();
            self.published.clear();
            return;
        }
        if let Some((workspace, relative)) = self.document_of(uri) {
            workspace.changed(relative);
        }
    }

    /// Checks again what changed, and publishes what that changed.
    fn settle(&mut self) {
        let Some(workspace) = self.workspace.as_mut() else {
            return;
        };
        if !workspace.is_dirty() {
            return;
        }
        match std::panic::catch_unwind(AssertUnwindSafe(|| workspace.refresh())) {
            Ok(Ok(_)) => self.publish(),
            Ok(Err(e)) => {
                show_error(&format!("shoshin: {e:#}"));
                self.workspace = None;
            }
            Err(_) => {
                show_error("shoshin: an internal error; the workspace is loaded again");
                self.open_workspace();
                self.publish();
            }
        }
    }

    /// Publishes the diagnostics of every file whose list changed since
    /// the last time, an empty list for files that have none left.
    fn publish(&mut self) {
        let Some(workspace) = &self.workspace else { return };
        let mut now: HashMap<PathBuf, Vec<lsp_types::Diagnostic>> = HashMap::new();
        let mut disk_texts: HashMap<PathBuf, String> = HashMap::new();
        for found in &workspace.project().diagnostics {
            let text = match workspace.text(&found.file) {
                Some(text) => text,
                None => disk_texts.entry(found.file.clone()).or_insert_with(|| {
                    std::fs::read_to_string(workspace.root.join(&found.file)).unwrap_or_default()
                }),
            };
            now.entry(found.file.clone())
                .or_default()
                .push(convert::diagnostic(text, found));
        }
        let gone: Vec<PathBuf> = (self.published.keys())
            .filter(|file| !now.contains_key(*file))
            .cloned()
            .collect();
        for file in gone {
            self.published.remove(&file);
            notify_diagnostics(&workspace.root, &file, Vec::new());
        }
        for (file, diagnostics) in now {
            if self.published.get(&file) != Some(&diagnostics) {
                notify_diagnostics(&workspace.root, &file, diagnostics.clone());
                self.published.insert(file, diagnostics);
            }
        }
    }

    /// A request for one of the features.
    fn feature(&mut self, request: &Request) -> Answer {
        let Some(workspace) = &self.workspace else {
            return match request.method.as_str() {
                m if is_known(m) => Ok(Value::Null),
                m => Err(error(ErrorCode::MethodNotFound, format!("unknown method `{m}`"))),
            };
        };
        let at = |p: &TextDocumentPositionParams| -> Option<(PathBuf, usize)> {
            let relative = workspace.relative(&convert::path(&p.text_document.uri)?)?;
            let offset = convert::offset(workspace.text(&relative)?, p.position);
            Some((relative, offset))
        };
        match request.method.as_str() {
            "textDocument/completion" => {
                let p: lsp_types::CompletionParams = params(request)?;
                match at(&p.text_document_position) {
                    Some((file, offset)) => json(completion::complete(workspace, &file, offset)),
                    None => Ok(Value::Null),
                }
            }
            "textDocument/hover" => {
                let p: lsp_types::HoverParams = params(request)?;
                match at(&p.text_document_position_params)
                    .and_then(|(file, offset)| navigate::target_at(workspace, &file, offset))
                {
                    Some(navigate::Target::Record(i)) => json(navigate::hover(workspace, i)),
                    _ => Ok(Value::Null),
                }
            }
            "textDocument/definition" => {
                let p: lsp_types::GotoDefinitionParams = params(request)?;
                let location = match at(&p.text_document_position_params)
                    .and_then(|(file, offset)| navigate::target_at(workspace, &file, offset))
                {
                    Some(navigate::Target::Record(i)) => navigate::definition(workspace, i),
                    Some(navigate::Target::File(path)) => navigate::file_location(workspace, &path),
                    None => None,
                };
                json(location.map(GotoDefinitionResponse::Scalar))
            }
            "textDocument/references" => {
                let p: lsp_types::ReferenceParams = params(request)?;
                match at(&p.text_document_position)
                    .and_then(|(file, offset)| navigate::target_at(workspace, &file, offset))
                {
                    Some(navigate::Target::Record(i)) => {
                        json(navigate::references(workspace, i, p.context.include_declaration))
                    }
                    _ => Ok(Value::Null),
                }
            }
            "textDocument/prepareRename" => {
                let p: TextDocumentPositionParams = params(request)?;
                let Some((file, offset)) = at(&p) else {
                    return Ok(Value::Null);
                };
                let text = workspace.text(&file).unwrap_or_default();
                match navigate::word_at(text, offset) {
                    Some((span, word)) if workspace.record(word).is_some() => {
                        json(convert::range(text, span))
                    }
                    _ => Err(error(
                        ErrorCode::RequestFailed,
                        "not a record's id: nothing to rename here",
                    )),
                }
            }
            "textDocument/rename" => {
                let p: lsp_types::RenameParams = params(request)?;
                match at(&p.text_document_position)
                    .and_then(|(file, offset)| navigate::target_at(workspace, &file, offset))
                {
                    Some(navigate::Target::Record(i)) => navigate::rename(workspace, i, &p.new_name)
                        .map_err(|message| error(ErrorCode::RequestFailed, message))
                        .and_then(json),
                    _ => Err(error(
                        ErrorCode::RequestFailed,
                        "not a record's id: nothing to rename here",
                    )),
                }
            }
            "textDocument/documentSymbol" => {
                let p: lsp_types::DocumentSymbolParams = params(request)?;
                let Some(file) =
                    convert::path(&p.text_document.uri).and_then(|path| workspace.relative(&path))
                else {
                    return Ok(Value::Null);
                };
                let index = &workspace.project().index;
                match (workspace.record_of(&file), workspace.text(&file)) {
                    (Some(i), Some(text)) => json(DocumentSymbolResponse::Nested(outline::symbols(
                        text,
                        &index.records[i].sections,
                    ))),
                    _ => Ok(Value::Null),
                }
            }
            "textDocument/codeAction" => {
                let p: lsp_types::CodeActionParams = params(request)?;
                let Some(file) =
                    convert::path(&p.text_document.uri).and_then(|path| workspace.relative(&path))
                else {
                    return Ok(Value::Null);
                };
                let Some(text) = workspace.text(&file) else {
                    return Ok(Value::Null);
                };
                let wanted = convert::offset(text, p.range.start)..=convert::offset(text, p.range.end);
                let found = (workspace.project().diagnostics.iter()).filter(|d| {
                    d.file == file
                        && d.span
                            .as_ref()
                            .is_some_and(|s| s.start <= *wanted.end() && *wanted.start() <= s.end)
                });
                let actions = fixes::actions(&p.text_document.uri, text, found);
                json(
                    actions
                        .into_iter()
                        .map(CodeActionOrCommand::CodeAction)
                        .collect::<Vec<_>>(),
                )
            }
            m => Err(error(ErrorCode::MethodNotFound, format!("unknown method `{m}`"))),
        }
    }
}

/// Requests the server answers.
fn is_known(method: &str) -> bool {
    [
        "textDocument/completion",
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/references",
        "textDocument/prepareRename",
        "textDocument/rename",
        "textDocument/documentSymbol",
        "textDocument/codeAction",
    ]
    .contains(&method)
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..TextDocumentSyncOptions::default()
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["[", ":", " ", "-"].map(String::from).to_vec()),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

fn notify_diagnostics(root: &Path, file: &Path, diagnostics: Vec<lsp_types::Diagnostic>) {
    let Some(uri) = convert::uri(&root.join(file)) else {
        return;
    };
    let params = PublishDiagnosticsParams::new(uri, diagnostics, None);
    send(Notification::new(
        "textDocument/publishDiagnostics".into(),
        params,
    ));
}

fn show_error(message: &str) {
    let params = lsp_types::ShowMessageParams {
        typ: lsp_types::MessageType::ERROR,
        message: message.to_string(),
    };
    send(Notification::new("window/showMessage".into(), params));
}
