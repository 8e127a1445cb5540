//! Build script, with two jobs:
//!
//! - It tells the browser tests (`tests/it/browser.rs`) whether a headless
//!   Chromium and its WebDriver are installed, as the `has_chromium` cfg.
//!   Without them the browser tests are compiled as ignored, so the test
//!   count shows them; with `SHOSHIN_BROWSER_TESTS=require` (as CI sets) a
//!   missing Chromium fails the build instead. The accessibility test also
//!   needs axe-core (`npm ci --prefix tests/browser`), told as `has_axe`.
//! - It tells the workflow test whether `check-jsonschema` is installed, as
//!   the `has_workflow_linter` cfg (`SHOSHIN_LINT_TESTS=require` makes it
//!   mandatory, as CI does).
//! - It gives the load cache (`src/load/cache`) a fingerprint of the source
//!   code, `SHOSHIN_SOURCE_HASH`, so that a cache written by one build of
//!   shoshin is used by the same code only, however many times that code is
//!   built or installed (as CI does on every run), and never by changed code.
//! - It lists the files of `example-site/` for `shoshin demo`
//!   (`src/demo/`), which carries them in the binary so that an installed
//!   shoshin can write the demo without a clone at hand.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Where Debian's `chromium` and `chromium-driver` packages install them.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// axe-core, as `npm ci --prefix tests/browser` installs it.
const AXE: &str = "tests/browser/node_modules/axe-core/axe.min.js";

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    detect_chromium();
    detect_workflow_linter();
    hash_sources();
    embed_example_site();
}

fn detect_chromium() {
    println!("cargo::rustc-check-cfg=cfg(has_chromium)");
    println!("cargo::rerun-if-env-changed=SHOSHIN_BROWSER_TESTS");
    // Installing or removing a package changes the folder's modification time.
    println!("cargo::rerun-if-changed=/usr/bin");
    let found = Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file();
    if found {
        println!("cargo::rustc-cfg=has_chromium");
    } else if required() {
        panic!(
            "SHOSHIN_BROWSER_TESTS=require, but {CHROMIUM} or {CHROMEDRIVER} is missing: \
             install Debian's chromium and chromium-driver packages"
        );
    }
    println!("cargo::rustc-check-cfg=cfg(has_axe)");
    // `npm ci` changes the folder's modification time.
    println!("cargo::rerun-if-changed=tests/browser");
    if Path::new(AXE).is_file() {
        println!("cargo::rustc-cfg=has_axe");
    } else if required() {
        panic!("SHOSHIN_BROWSER_TESTS=require, but {AXE} is missing: run `npm ci --prefix tests/browser`");
    }
}

/// Tells the workflow test (`tests/it/install.rs`) whether `check-jsonschema`
/// (the schema checker with GitHub's workflow and action schemas built in)
/// runs here, as the `has_workflow_linter` cfg, and which command to run as
/// `SHOSHIN_WORKFLOW_LINTER`: `$SHOSHIN_CHECK_JSONSCHEMA` when set, else
/// `check-jsonschema` from the PATH. With `SHOSHIN_LINT_TESTS=require` (as
/// CI sets) a missing checker fails the build instead of ignoring the test.
fn detect_workflow_linter() {
    println!("cargo::rustc-check-cfg=cfg(has_workflow_linter)");
    println!("cargo::rerun-if-env-changed=SHOSHIN_CHECK_JSONSCHEMA");
    println!("cargo::rerun-if-env-changed=SHOSHIN_LINT_TESTS");
    let linter = std::env::var("SHOSHIN_CHECK_JSONSCHEMA").unwrap_or_else(|_| "check-jsonschema".into());
    let runs = std::process::Command::new(&linter)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if runs {
        println!("cargo::rustc-cfg=has_workflow_linter");
        println!("cargo::rustc-env=SHOSHIN_WORKFLOW_LINTER={linter}");
    } else if std::env::var("SHOSHIN_LINT_TESTS").as_deref() == Ok("require") {
        panic!("SHOSHIN_LINT_TESTS=require, but `{linter} --version` does not run: `pip install check-jsonschema`");
    }
}

/// True when the browser tests must run (`SHOSHIN_BROWSER_TESTS=require`).
fn required() -> bool {
    std::env::var("SHOSHIN_BROWSER_TESTS").as_deref() == Ok("require")
}

/// Hashes every file under `src/`, and `Cargo.lock`: the versions of the
/// parsers shoshin depends on count as much as its own code.
fn hash_sources() {
    println!("cargo::rerun-if-changed=src");
    println!("cargo::rerun-if-changed=Cargo.lock");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root.join("src"), &mut files);
    files.sort();
    files.push(root.join("Cargo.lock"));
    let mut hasher = std::hash::DefaultHasher::new();
    for file in &files {
        if let Ok(bytes) = std::fs::read(file) {
            file.strip_prefix(&root).unwrap_or(file).hash(&mut hasher);
            bytes.hash(&mut hasher);
        }
    }
    println!("cargo::rustc-env=SHOSHIN_SOURCE_HASH={:016x}", hasher.finish());
}

/// Every file under `dir`.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// Writes `example_site.rs` into the build's output folder: every file of
/// `example-site/` (but a site built there, hidden files and caches) as its
/// path relative to the folder, `/`-separated, and its bytes.
fn embed_example_site() {
    println!("cargo::rerun-if-changed=example-site");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let site = root.join("example-site");
    let mut files = Vec::new();
    collect(&site, &mut files);
    let mut entries: Vec<(String, PathBuf)> = files
        .into_iter()
        .filter_map(|file| {
            let relative = file.strip_prefix(&site).ok()?;
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let skipped = parts.first().is_some_and(|first| first == "public")
                || parts.iter().any(|part| part.starts_with('.'));
            (!skipped).then(|| (parts.join("/"), file.clone()))
        })
        .collect();
    entries.sort();
    let mut code = String::from("/// The files of `example-site/`: path and bytes, sorted by path.\npub static FILES: &[(&str, &[u8])] = &[\n");
    for (name, file) in &entries {
        code.push_str(&format!(
            "    ({name:?}, include_bytes!({:?})),\n",
            file.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("example_site.rs"), code).expect("the build's output folder is writable");
}
