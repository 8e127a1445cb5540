//! Build script: tells the browser tests (`tests/browser.rs`) whether a
//! headless Chromium and its WebDriver are installed, as the `has_chromium`
//! cfg. Without them the browser tests are compiled as ignored, so the test
//! count shows them; with `SHOSHIN_BROWSER_TESTS=require` (as CI sets) a
//! missing Chromium fails the build instead.

use std::path::Path;

/// Where Debian's `chromium` and `chromium-driver` packages install them.
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

fn main() {
    println!("cargo::rustc-check-cfg=cfg(has_chromium)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=SHOSHIN_BROWSER_TESTS");
    // Installing or removing a package changes the folder's modification time.
    println!("cargo::rerun-if-changed=/usr/bin");
    let found = Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file();
    if found {
        println!("cargo::rustc-cfg=has_chromium");
    } else if std::env::var("SHOSHIN_BROWSER_TESTS").as_deref() == Ok("require") {
        panic!(
            "SHOSHIN_BROWSER_TESTS=require, but {CHROMIUM} or {CHROMEDRIVER} is missing: \
             install Debian's chromium and chromium-driver packages"
        );
    }
}
