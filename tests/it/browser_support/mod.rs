//! Helpers for the browser tests: the example site built once, a small
//! static HTTP server for it, and a headless Chromium driven through
//! `chromedriver` (WebDriver) with fantoccini.

#![allow(dead_code)]

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// How long starting chromedriver may take before a test gives up.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The example site, built once per test binary: (kept temporary folder, site root).
pub fn example_site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("site");
            let project = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("example-site");
            let output = Command::new(env!("CARGO_BIN_EXE_shoshin"))
                .arg("build")
                .arg(&project)
                .arg("-o")
                .arg(&out)
                .env("NO_COLOR", "1")
                .output()
                .expect("the shoshin binary runs");
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            (dir, out)
        })
        .1
}

/// Every HTML page of a built site, as paths relative to its root, sorted.
pub fn html_pages(site: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(site)
        .into_iter()
        .map(|entry| entry.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| p.strip_prefix(site).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    pages.sort();
    pages
}

/// Where screenshots go: `browser-artifacts/` in Cargo's target folder.
pub fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("browser-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A static file server on 127.0.0.1 that records the paths it could not serve.
pub struct StaticServer {
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    /// Paths requested that do not exist.
    pub missing: Arc<Mutex<Vec<String>>>,
}

impl StaticServer {
    /// Serves `root` from a background thread for the rest of the test.
    pub fn start(root: &Path) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let missing = Arc::new(Mutex::new(Vec::new()));
        let (root, log) = (root.to_path_buf(), missing.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, log) = (root.clone(), log.clone());
                std::thread::spawn(move || answer(stream, &root, &log));
            }
        });
        StaticServer { url, missing }
    }
}

fn answer(mut stream: TcpStream, root: &Path, missing: &Mutex<Vec<String>>) {
    let mut request = String::new();
    if BufReader::new(&stream).read_line(&mut request).is_err() {
        return;
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let safe = !path.split('/').any(|part| part == "..");
    let (status, body, kind) = match std::fs::read(&file) {
        Ok(body) if safe => ("200 OK", body, content_type(&file)),
        _ => {
            if path != "/favicon.ico" {
                missing.lock().unwrap().push(path.clone());
            }
            let body = std::fs::read(root.join("404.html")).unwrap_or_default();
            ("404 Not Found", body, "text/html; charset=utf-8")
        }
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// A chromedriver child process, killed on drop, and one browser session.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

/// Only one browser runs at a time: the machines these tests run on are small.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Starts chromedriver on a port it really holds. A port found free can be
/// taken by another test's server before chromedriver binds it; chromedriver
/// then exits (or talks to nobody), and the session would be asked of the
/// wrong server. So a start counts only once chromedriver's own `/status`
/// answers, and a lost port is retried with another.
fn start_chromedriver() -> (Child, u16) {
    for _attempt in 0..5 {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let started = std::time::Instant::now();
        loop {
            if driver.try_wait().ok().flatten().is_some() {
                break;
            }
            if chromedriver_answers(port) {
                return (driver, port);
            }
            if started.elapsed() >= PATIENCE {
                let _ = driver.kill();
                let _ = driver.wait();
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("chromedriver did not start on a free port in five attempts");
}

/// Whether the server on `port` is chromedriver and ready for a session.
fn chromedriver_answers(port: u16) -> bool {
    ureq::get(&format!("http://127.0.0.1:{port}/status"))
        .call()
        .ok()
        .and_then(|response| response.into_body().read_to_string().ok())
        .is_some_and(|body| body.contains("\"ready\""))
}

/// Runs `test` with a fresh headless Chromium, one test at a time.
pub fn with_browser<F, Fut>(javascript: bool, test: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let browser = Browser::start(javascript).await;
        test(browser).await;
    });
}

impl Browser {
    /// Starts chromedriver on a free port and opens a session.
    async fn start(javascript: bool) -> Browser {
        let (driver, port) = start_chromedriver();
        let profile = tempfile::tempdir().unwrap();
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--allow-file-access-from-files".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        if !javascript {
            args.push("--blink-settings=scriptEnabled=false".into());
        }
        let capabilities = json!({
            "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let capabilities = capabilities.as_object().unwrap().clone();
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with headless Chromium");
        let session = client.session_id().await.unwrap().unwrap_or_default();
        Browser {
            client,
            driver,
            port,
            session,
            _profile: profile,
        }
    }

    /// Browser console entries of level SEVERE since the last call (the
    /// console's errors, failed loads), read from chromedriver's log endpoint.
    pub async fn console_errors(&self) -> Vec<String> {
        let url = format!("http://127.0.0.1:{}/session/{}/se/log", self.port, self.session);
        let body = json!({ "type": "browser" }).to_string();
        let text = tokio::task::spawn_blocking(move || {
            ureq::post(&url)
                .header("Content-Type", "application/json")
                .send(body)
                .expect("chromedriver returns the browser log")
                .into_body()
                .read_to_string()
                .unwrap()
        })
        .await
        .unwrap();
        let log: Value = serde_json::from_str(&text).unwrap();
        log["value"]
            .as_array()
            .expect("a list of log entries")
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Makes pages see `prefers-color-scheme: dark` (or light), through
    /// Chromium's DevTools protocol; it lasts for the session.
    pub async fn color_scheme(&self, dark: bool) {
        let url = format!(
            "http://127.0.0.1:{}/session/{}/goog/cdp/execute",
            self.port, self.session
        );
        let scheme = if dark { "dark" } else { "light" };
        let body = json!({
            "cmd": "Emulation.setEmulatedMedia",
            "params": { "features": [{ "name": "prefers-color-scheme", "value": scheme }] },
        })
        .to_string();
        tokio::task::spawn_blocking(move || {
            ureq::post(&url)
                .header("Content-Type", "application/json")
                .send(body)
                .expect("chromedriver runs DevTools commands")
        })
        .await
        .unwrap();
    }

    /// Runs axe-core (`axe`, its script's text) on the page and gives its
    /// serious and critical violations, one line each.
    pub async fn axe_violations(&self, axe: &str) -> Vec<String> {
        self.run(&format!("{axe}\nreturn true;")).await;
        let violations = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations
                   .filter(v => v.impact === 'serious' || v.impact === 'critical')
                   .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))),
                   e => done(['axe did not run: ' + e]));",
                vec![],
            )
            .await
            .unwrap();
        violations
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Runs `script` in the page and returns its value.
    pub async fn run(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .text()
            .await
            .unwrap_or_else(|e| panic!("the text of {css}: {e}"))
    }

    /// Waits until `script` returns true.
    pub async fn wait_until(&self, script: &str) {
        let started = std::time::Instant::now();
        while self.run(script).await != json!(true) {
            assert!(started.elapsed() < PATIENCE, "never true: {script}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    /// Ends the session (which quits Chromium), then chromedriver.
    fn drop(&mut self) {
        let url = format!("http://127.0.0.1:{}/session/{}", self.port, self.session);
        let _ = ureq::delete(&url).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
