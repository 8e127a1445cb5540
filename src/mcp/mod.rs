//! `shoshin mcp`: a Model Context Protocol server on standard input and
//! output (newline-delimited JSON-RPC, by the official Rust SDK `rmcp`) for
//! coding agents. Its tools ([`tools`]) search and read records, say which
//! decisions govern a code path, check, give the agenda and create
//! records, each call answered from the repository as it is on disk at
//! that moment.

pub mod tools;

use crate::project::Project;
use anyhow::{Context, Result};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::{Map, Value};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The server: the records root it answers about.
#[derive(Clone)]
pub struct Records {
    root: PathBuf,
}

impl Records {
    /// Answers one tool call; an unknown tool is a protocol error, a call
    /// the tool cannot answer is a tool result marked as an error.
    pub fn call(&self, name: &str, args: &Map<String, Value>) -> Result<CallToolResult, ErrorData> {
        if !tools::TOOLS.iter().any(|t| t.name == name) {
            return Err(ErrorData::invalid_params(
                format!("unknown tool `{name}`; the tools are listed by tools/list"),
                None,
            ));
        }
        let answer = if name == "create_record" {
            let today = chrono::Local::now().format("%Y-%m-%d").to_string();
            tools::create(&self.root, args, &today)
        } else if name == "why" {
            tools::why(&self.root, args)
        } else {
            match Project::open_for_checks(&self.root) {
                Err(e) => Err(format!("{e:#}")),
                Ok(project) => match name {
                    "search_records" => tools::search(&project, args),
                    "get_record" => tools::get(&project, args),
                    "agenda" => tools::agenda(&project, args),
                    _ => tools::check(&project, args),
                },
            }
        };
        Ok(match answer {
            Ok(value) => {
                let text = serde_json::to_string(&value).unwrap_or_default();
                let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
                result.structured_content = Some(value);
                result
            }
            Err(message) => CallToolResult::error(vec![ContentBlock::text(message)]),
        })
    }
}

/// The tools as the protocol lists them.
fn listed() -> Vec<Tool> {
    (tools::TOOLS.iter())
        .map(|t| {
            let schema = match (t.schema)() {
                Value::Object(map) => map,
                _ => Map::new(),
            };
            Tool::new(t.name, t.description, Arc::new(schema))
        })
        .collect()
}

impl ServerHandler for Records {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("shoshin", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "shoshin's records: backlog items, decisions and refinement sessions. Search them, \
                 read one with its readiness and supersession chain, ask which decisions govern the code \
                 you touch, check files after editing them, and create records with a free id.",
            )
    }

    fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> impl Future<Output = Result<ListToolsResult, ErrorData>> + Send + '_ {
        std::future::ready(Ok(ListToolsResult::with_all_items(listed())))
    }

    fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> impl Future<Output = Result<CallToolResponse, ErrorData>> + Send + '_ {
        let args = request.arguments.unwrap_or_default();
        let records = self.clone();
        async move {
            // Loading the repository reads files and uses every core: off
            // the runtime's threads.
            let name = request.name.to_string();
            tokio::task::spawn_blocking(move || records.call(&name, &args))
                .await
                .map_err(|e| ErrorData::internal_error(e.to_string(), None))?
                .map(CallToolResponse::from)
        }
    }
}

/// Serves one agent over standard input and output until it disconnects.
pub fn run(root: &Path) -> Result<()> {
    if !root.is_dir() {
        anyhow::bail!(
            "{} is not a folder: give the records repository's root",
            root.display()
        );
    }
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the MCP server's runtime")?;
    runtime.block_on(async {
        let service = Records { root }
            .serve(rmcp::transport::stdio())
            .await
            .context("the MCP client did not start a session")?;
        service.waiting().await.context("the MCP session failed")?;
        Ok(())
    })
}
