//! The HTTP side of `serve`, on axum: site files from memory (HTML pages with
//! the reload script injected), the WebSocket that tells pages to reload, and
//! a plain-text list of the served files.
//!
//! Each page's reload script says which page it shows; the page is told to
//! reload once that page is up to date, so a record page reloads as soon as
//! its record is re-rendered and the backlog only once the list pages are. A
//! request for a file still being regenerated waits for the fresh one.

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
use tokio::sync::watch;

/// The message sent to an open page once it is up to date after a rebuild.
pub const RELOAD: &str = "reload";

/// The longest page path a reload script may report; longer ones are ignored.
const LONGEST_PAGE_PATH: usize = 4096;

/// The path listing every served file, one per line.
pub const LIST_PATH: &str = "/__shoshin/files";

/// What the server and the rebuild loop share.
pub struct Shared {
    /// The site being served.
    pub site: RwLock<Site>,
    /// Ticks each time the site changes: open pages and waiting requests
    /// then look at the site again.
    pub changed: watch::Sender<u64>,
}

impl Shared {
    /// An empty site, nobody listening yet.
    pub fn new() -> Shared {
        Shared {
            site: RwLock::new(Site::default()),
            changed: watch::channel(0).0,
        }
    }

    /// Tells open pages and waiting requests that the site changed.
    pub fn publish(&self) {
        self.changed.send_modify(|ticks| *ticks = ticks.wrapping_add(1));
    }

    /// Reads the site, even after a panic elsewhere while it was written.
    pub fn read(&self) -> std::sync::RwLockReadGuard<'_, Site> {
        self.site.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until `ready` holds for the site, then gives `answer` of it.
    async fn when<T>(&self, ready: impl Fn(&Site) -> bool, answer: impl FnOnce(&Site) -> T) -> T {
        loop {
            // Subscribed before looking, so no change in between is missed.
            let mut changes = self.changed.subscribe();
            {
                let site = self.read();
                if ready(&site) {
                    return answer(&site);
                }
            }
            if changes.changed().await.is_err() {
                return answer(&self.read());
            }
        }
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
    let changes = shared.changed.subscribe();
    let seen = shared.read().version;
    upgrade.on_upgrade(move |socket| talk(socket, shared, changes, seen))
}

/// Sends `reload` once per rebuild, when the page the client shows is up to
/// date, until the page goes away. The client names its page (its path) in a
/// text message; until it does, it is told to reload once the whole site is.
async fn talk(mut socket: WebSocket, shared: Arc<Shared>, mut changes: watch::Receiver<u64>, mut seen: u64) {
    let mut page: Option<String> = None;
    loop {
        tokio::select! {
            changed = changes.changed() => {
                if changed.is_err() {
                    break;
                }
                let due = {
                    let site = shared.read();
                    let ready = match &page {
                        Some(path) => !site.is_pending(path),
                        None => site.is_complete(),
                    };
                    (site.version > seen && ready).then_some(site.version)
                };
                if let Some(version) = due {
                    seen = version;
                    if socket.send(Message::Text(RELOAD.into())).await.is_err() {
                        break;
                    }
                }
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(Message::Text(path))) if path.len() <= LONGEST_PAGE_PATH => {
                    let site = shared.read();
                    // A page still pending was loaded before the rebuild: it
                    // reloads once it is regenerated.
                    if site.is_pending(&path) {
                        seen = seen.min(site.version.saturating_sub(1));
                    }
                    page = Some(path.to_string());
                }
                Some(Ok(_)) => {}
            },
        }
    }
}

async fn list(State(shared): State<Arc<Shared>>) -> Response {
    let text = shared
        .when(Site::is_complete, |site| {
            let mut paths: Vec<&String> = site.files.keys().collect();
            paths.sort();
            let mut text = String::new();
            for path in paths {
                text.push_str(path);
                text.push('\n');
            }
            text
        })
        .await;
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
    let path = uri.path();
    shared
        .when(|site| !site.is_pending(path), |site| respond(site, path))
        .await
}

/// The response for a request path, from the site as it is.
fn respond(site: &Site, path: &str) -> Response {
    match site.lookup(path) {
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
                crate::text::escape_html(path)
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
