//! The HTTP side of `serve`, on axum: site files from memory (HTML pages with
//! the reload script injected), the WebSocket that tells pages to reload, and
//! a plain-text list of the served files.

use super::inject::{into_page, SOCKET_PATH};
use super::site::{content_type, Lookup, Site};
use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// The message sent to every open page after a rebuild.
pub const RELOAD: &str = "reload";

/// The path listing every served file, one per line.
pub const LIST_PATH: &str = "/__shoshin/files";

/// What the server and the rebuild loop share.
pub struct Shared {
    /// The site being served.
    pub site: RwLock<Site>,
    /// Sends the site version after each rebuild.
    pub reload: broadcast::Sender<u64>,
}

impl Shared {
    /// An empty site, nobody listening yet.
    pub fn new() -> Shared {
        Shared {
            site: RwLock::new(Site::default()),
            reload: broadcast::channel(16).0,
        }
    }

    /// Tells every open page to reload.
    pub fn announce(&self) {
        let version = self.site.read().map(|s| s.version).unwrap_or_default();
        // No receiver just means no page is open.
        let _ = self.reload.send(version);
    }
}

impl Default for Shared {
    fn default() -> Self {
        Shared::new()
    }
}

/// The routes: the reload socket, the file list, and the site for the rest.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(SOCKET_PATH, get(socket))
        .route(LIST_PATH, get(list))
        .fallback(file)
        .with_state(shared)
}

async fn socket(upgrade: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> Response {
    // Subscribed before the handshake completes, so no rebuild is missed.
    let rebuilt = shared.reload.subscribe();
    upgrade.on_upgrade(move |socket| talk(socket, rebuilt))
}

/// Sends `reload` after each rebuild until the page goes away.
async fn talk(mut socket: WebSocket, mut rebuilt: broadcast::Receiver<u64>) {
    loop {
        tokio::select! {
            version = rebuilt.recv() => match version {
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {
                    if socket.send(Message::Text(RELOAD.into())).await.is_err() {
                        break;
                    }
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
        }
    }
}

async fn list(State(shared): State<Arc<Shared>>) -> Response {
    let site = shared.site.read().unwrap_or_else(|e| e.into_inner());
    let mut paths: Vec<&String> = site.files.keys().collect();
    paths.sort();
    let mut text = String::new();
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

async fn file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "only GET and HEAD\n",
        )
            .into_response();
    }
    let site = shared.site.read().unwrap_or_else(|e| e.into_inner());
    match site.lookup(uri.path()) {
        Lookup::File(path) => {
            let bytes = site.files[&path].clone();
            let kind = content_type(&path);
            let body = if kind.starts_with("text/html") {
                Body::from(into_page(&bytes, &site.snippet))
            } else {
                Body::from(bytes.to_vec())
            };
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "no-store")],
                body,
            )
                .into_response()
        }
        Lookup::Redirect(location) => {
            (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)], "").into_response()
        }
        Lookup::NotFound => {
            // The page reloads by itself should the file appear.
            let page = format!(
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head>\
<body><h1>Not found</h1><p>Nothing is served at <code>{}</code>. <a href=\"/\">Home</a></p></body></html>",
                crate::text::escape_html(uri.path())
            );
            (
                StatusCode::NOT_FOUND,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                into_page(page.as_bytes(), &site.snippet),
            )
                .into_response()
        }
        Lookup::BadRequest => (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "bad request: the path is malformed or leaves the site\n",
        )
            .into_response(),
    }
}
