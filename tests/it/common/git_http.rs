//! A git server speaking the smart HTTP protocol on a loopback port, for
//! the tests of repositories given by `http(s)://` URL: each request is
//! answered by `git http-backend`, git's own server side, as a web server
//! would run it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The server, serving every repository under one folder until the test
/// ends.
pub struct GitHttpServer {
    port: u16,
    root: PathBuf,
    requests: Arc<AtomicUsize>,
}

impl GitHttpServer {
    /// Serves the repositories under `root`; `None` when this machine's
    /// git has no `http-backend`.
    pub fn start(root: &Path) -> Option<GitHttpServer> {
        let probe = Command::new("git")
            .args(["http-backend"])
            .env("REQUEST_METHOD", "GET")
            .env("GIT_PROJECT_ROOT", root)
            .env("PATH_INFO", "/")
            .stdin(Stdio::null())
            .output()
            .ok()?;
        if String::from_utf8_lossy(&probe.stdout).is_empty() {
            return None;
        }
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(AtomicUsize::new(0));
        let (served, count) = (root.to_path_buf(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                count.fetch_add(1, Ordering::SeqCst);
                let served = served.clone();
                std::thread::spawn(move || answer(stream, &served));
            }
        });
        Some(GitHttpServer {
            port,
            root: root.to_path_buf(),
            requests,
        })
    }

    /// The URL of the repository at `repo`, a folder under the root.
    pub fn url(&self, repo: &Path) -> String {
        let path = repo.strip_prefix(&self.root).unwrap();
        format!("http://127.0.0.1:{}/{}", self.port, path.display())
    }

    /// How many requests the server has had.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Answers one request (one per connection) through `git http-backend`.
fn answer(stream: TcpStream, root: &Path) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let length: usize = header("content-length").parse().unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let mut backend = Command::new("git")
        .arg("http-backend")
        .env("GIT_PROJECT_ROOT", root)
        .env("GIT_HTTP_EXPORT_ALL", "1")
        .env("REQUEST_METHOD", &method)
        .env("PATH_INFO", path)
        .env("QUERY_STRING", query)
        .env("CONTENT_TYPE", header("content-type"))
        .env("CONTENT_LENGTH", length.to_string())
        .env("HTTP_GIT_PROTOCOL", header("git-protocol"))
        .env("REMOTE_ADDR", "127.0.0.1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    backend.stdin.take().unwrap().write_all(&body).unwrap();
    let output = backend.wait_with_output().unwrap().stdout;
    let split = output
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| (at, 4))
        .or_else(|| output.windows(2).position(|w| w == b"\n\n").map(|at| (at, 2)));
    let (head, content) = match split {
        Some((at, gap)) => (
            String::from_utf8_lossy(&output[..at]).into_owned(),
            &output[at + gap..],
        ),
        None => (String::new(), &output[..]),
    };
    let mut status = "200 OK".to_string();
    let mut reply = String::new();
    for line in head.lines() {
        match line.split_once(':') {
            Some((name, value)) if name.eq_ignore_ascii_case("status") => status = value.trim().to_string(),
            Some(_) => reply.push_str(&format!("{line}\r\n")),
            None => {}
        }
    }
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\n{reply}Content-Length: {}\r\nConnection: close\r\n\r\n",
        content.len()
    );
    let _ = stream.write_all(content);
}
