//! Git's smart HTTP protocol carried by ureq, so that a portal's
//! repositories given by an `https://` (or `http://`) URL are cloned and
//! fetched like the others.
//!
//! gix speaks the protocol and asks for plain requests through its `Http`
//! trait; this module answers them with the HTTP client (and TLS, rustls
//! with built-in roots) that `check --portal-data` already uses, so no
//! second HTTP stack comes into the binary.
//!
//! A request's body is written by gix after the request is opened; the
//! requests of a fetch are small (the commits wanted and had), so the body
//! is kept in memory and sent when gix first reads the answer.

use gix::protocol::transport::client::blocking_io::http::{
    GetResponse, Http, PostBodyDataKind, PostResponse,
};
use std::io::{self, BufRead, BufReader, Cursor, Read, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a server may take to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// The answer's body, read as it arrives (a pack can be large).
type Body = BufReader<Box<dyn Read + Send>>;

/// True for an `http://` or `https://` address.
pub fn is_http_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// ureq as gix's HTTP client.
pub struct UreqHttp {
    agent: ureq::Agent,
    /// The repository's address after a redirect the server asked for.
    redirected_base: Option<String>,
}

impl Default for UreqHttp {
    fn default() -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .user_agent(concat!("shoshin/", env!("CARGO_PKG_VERSION")))
            // Statuses are git's to interpret (401 asks for credentials).
            .http_status_as_error(false)
            .max_redirects(5)
            .https_only(false)
            .build()
            .into();
        UreqHttp {
            agent,
            redirected_base: None,
        }
    }
}

/// One request: its address and headers, and the body gix writes.
struct Request {
    agent: ureq::Agent,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Splits gix's `Name: value` header lines.
fn header_pairs(lines: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<(String, String)> {
    lines
        .into_iter()
        .filter_map(|line| {
            let (name, value) = line.as_ref().split_once(':')?;
            Some((name.trim().to_string(), value.trim().to_string()))
        })
        .collect()
}

/// Sends `request` (a POST when it has a body); the answer's headers as
/// `Name: value` lines, and its body. An answer that is not a success is
/// an error, as gix wants it: permission denied for 401, other otherwise.
fn send(request: Request, post: bool) -> io::Result<(String, Body, String)> {
    let Request {
        agent,
        url,
        headers,
        body,
    } = request;
    let result = if post {
        let mut builder = agent.post(&url);
        for (name, value) in &headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        builder.send(&body[..])
    } else {
        let mut builder = agent.get(&url);
        for (name, value) in &headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        builder.call()
    };
    let response = result.map_err(|error| match error {
        ureq::Error::Io(error) => error,
        other => io::Error::other(format!("{url}: {other}")),
    })?;
    let status = response.status().as_u16();
    if status == 401 {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{url}: the server asks for credentials (HTTP 401)"),
        ));
    }
    if !(200..300).contains(&status) {
        return Err(io::Error::other(format!(
            "{url}: the server answered HTTP {status}"
        )));
    }
    let final_url = ureq::ResponseExt::get_uri(&response).to_string();
    let mut lines = String::new();
    for (name, value) in response.headers() {
        if let Ok(value) = value.to_str() {
            lines.push_str(&format!("{}: {value}\r\n", name.as_str()));
        }
    }
    let reader: Box<dyn Read + Send> = Box::new(response.into_body().into_reader());
    Ok((lines, BufReader::new(reader), final_url))
}

/// What gix holds of an answer it has not read yet: the request, sent on
/// the first read, or what it brought back.
enum Exchange {
    Waiting(Request),
    Answered {
        headers: Option<Cursor<Vec<u8>>>,
        body: Option<Body>,
    },
    Failed(io::ErrorKind, String),
}

impl Exchange {
    /// Sends the request if it is still waiting.
    fn answer(&mut self) {
        let waiting = std::mem::replace(self, Exchange::Failed(io::ErrorKind::Other, String::new()));
        *self = match waiting {
            Exchange::Waiting(request) => match send(request, true) {
                Ok((headers, body, _)) => Exchange::Answered {
                    headers: Some(Cursor::new(headers.into_bytes())),
                    body: Some(body),
                },
                Err(error) => Exchange::Failed(error.kind(), error.to_string()),
            },
            done => done,
        };
    }
}

/// The body gix writes into a POST.
pub struct Upload(Arc<Mutex<Exchange>>);

impl Write for Upload {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut exchange = self.0.lock().map_err(|_| io::Error::other("poisoned"))?;
        match &mut *exchange {
            Exchange::Waiting(request) => {
                request.body.extend_from_slice(bytes);
                Ok(bytes.len())
            }
            _ => Err(io::Error::other("the request was already sent")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Which part of the answer a [`Lazy`] reader gives.
#[derive(Clone, Copy)]
enum Part {
    Headers,
    Body,
}

/// A part of an answer, or of one still to come.
pub struct Lazy(Reading);

enum Reading {
    Pending(Arc<Mutex<Exchange>>, Part),
    Headers(Cursor<Vec<u8>>),
    Body(Body),
}

impl Lazy {
    /// The part itself, once the request is answered.
    fn ready(&mut self) -> io::Result<&mut dyn BufRead> {
        if let Reading::Pending(exchange, part) = &self.0 {
            let part = *part;
            let mut exchange = exchange.lock().map_err(|_| io::Error::other("poisoned"))?;
            exchange.answer();
            let taken = match (&mut *exchange, part) {
                (Exchange::Answered { headers, .. }, Part::Headers) => headers.take().map(Reading::Headers),
                (Exchange::Answered { body, .. }, Part::Body) => body.take().map(Reading::Body),
                (Exchange::Failed(kind, why), _) => return Err(io::Error::new(*kind, why.clone())),
                _ => None,
            };
            drop(exchange);
            self.0 = taken.ok_or_else(|| io::Error::other("the answer was already read"))?;
        }
        match &mut self.0 {
            Reading::Headers(headers) => Ok(headers),
            Reading::Body(body) => Ok(body),
            Reading::Pending(..) => unreachable!("answered above"),
        }
    }
}

impl Read for Lazy {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.ready()?.read(buf)
    }
}

impl BufRead for Lazy {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.ready()?.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(part) = self.ready() {
            part.consume(amount);
        }
    }
}

impl Http for UreqHttp {
    type Headers = Lazy;
    type ResponseBody = Lazy;
    type PostBody = Upload;

    fn get(
        &mut self,
        url: &str,
        base_url: &str,
        headers: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> gix::Result<GetResponse<Self::Headers, Self::ResponseBody>> {
        let request = Request {
            agent: self.agent.clone(),
            url: url.to_string(),
            headers: header_pairs(headers),
            body: Vec::new(),
        };
        let (headers, body, final_url) = send(request, false).map_err(gix::Error::from_error)?;
        // Redirected to another address: the repository is there, as git
        // takes it, when the path asked for after the base is kept.
        if final_url != url {
            let tail = url.strip_prefix(base_url).unwrap_or_default();
            if let Some(base) = final_url.strip_suffix(tail).filter(|_| !tail.is_empty()) {
                self.redirected_base = Some(base.to_string());
            }
        }
        Ok(GetResponse {
            headers: Lazy(Reading::Headers(Cursor::new(headers.into_bytes()))),
            body: Lazy(Reading::Body(body)),
        })
    }

    fn post(
        &mut self,
        url: &str,
        _base_url: &str,
        headers: impl IntoIterator<Item = impl AsRef<str>>,
        _body: PostBodyDataKind,
    ) -> gix::Result<PostResponse<Self::Headers, Self::ResponseBody, Self::PostBody>> {
        let exchange = Arc::new(Mutex::new(Exchange::Waiting(Request {
            agent: self.agent.clone(),
            url: url.to_string(),
            headers: header_pairs(headers),
            body: Vec::new(),
        })));
        Ok(PostResponse {
            post_body: Upload(exchange.clone()),
            headers: Lazy(Reading::Pending(exchange.clone(), Part::Headers)),
            body: Lazy(Reading::Pending(exchange, Part::Body)),
        })
    }

    fn configure(&mut self, _config: &dyn std::any::Any) -> gix::Result<()> {
        Ok(())
    }

    fn redirected_base_url(&self) -> Option<String> {
        self.redirected_base.clone()
    }
}
