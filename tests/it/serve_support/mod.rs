//! Helpers for the `serve` tests: the server as a child process that is
//! killed when dropped, a plain HTTP client, raw requests, a WebSocket
//! listener and polling.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long anything the server does may take before a test gives up. It is
/// generous: tests poll and return as soon as the condition holds.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A running `shoshin serve`, killed on drop.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub address: String,
    /// Where the server's terminal output goes.
    pub log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl Server {
    /// Starts `shoshin serve ROOT --port 0` and waits for its address.
    pub fn start(root: &Path) -> Server {
        let log_dir = tempfile::tempdir().unwrap();
        let log = log_dir.path().join("serve.log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_shoshin"))
            .args(["serve", "--port", "0"])
            .arg(root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("the shoshin binary starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let line = receiver.recv_timeout(PATIENCE).unwrap_or_default();
        let address = line
            .split("http://")
            .nth(1)
            .map(|rest| rest.trim().trim_end_matches('/').to_string())
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("serve printed no address: {line:?}")
            });
        Server {
            child,
            address,
            log,
            _log_dir: log_dir,
        }
    }

    /// `GET path`: the status and body.
    pub fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        let mut response = agent
            .get(&format!("http://{}{path}", self.address))
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        (status, body)
    }

    /// A request written byte for byte (clients normalise `..` away): the
    /// status code.
    pub fn raw_status(&self, target: &str) -> u16 {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        response
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status for {target}: {response:?}"))
    }

    /// True while the server process runs.
    pub fn is_alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// What the server printed on its terminal so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until the page at `path` satisfies `condition`, and returns it.
    pub fn wait_for(&self, path: &str, what: &str, condition: impl Fn(u16, &str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if condition(status, &body) {
                return body;
            }
            if started.elapsed() > PATIENCE {
                panic!(
                    "{path} never showed {what}; last ({status}):\n{body}\nserver log:\n{}",
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WebSocket connected to the server's reload socket.
pub struct ReloadListener {
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
}

impl ReloadListener {
    /// Connects to `/__shoshin/ws`.
    pub fn connect(server: &Server) -> ReloadListener {
        let (socket, _) = tungstenite::connect(format!("ws://{}/__shoshin/ws", server.address))
            .expect("the reload socket accepts");
        if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream.set_read_timeout(Some(PATIENCE)).unwrap();
        }
        ReloadListener { socket }
    }

    /// Connects to `/__shoshin/ws` as a page showing `page` (a request path
    /// such as `/items/PAY-1/`) would: it is told to reload once that page is
    /// up to date.
    pub fn showing(server: &Server, page: &str) -> ReloadListener {
        let mut listener = ReloadListener::connect(server);
        listener
            .socket
            .send(tungstenite::Message::Text(page.into()))
            .expect("the reload socket takes the page");
        listener
    }

    /// The next text message; panics when none comes in time.
    pub fn next_text(&mut self) -> String {
        loop {
            match self.socket.read().expect("a message before the timeout") {
                tungstenite::Message::Text(text) => return text.to_string(),
                tungstenite::Message::Close(_) => panic!("the server closed the reload socket"),
                _ => {}
            }
        }
    }
}
