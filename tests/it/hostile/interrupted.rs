//! Builds stopped halfway: Ctrl-C and SIGTERM remove the staging folder
//! before exiting; after SIGKILL the next build removes it.

use super::support::{leftovers, run_within, GENEROUS};
use crate::common::Repo;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A repository whose build takes long enough to be stopped halfway.
fn big_repo() -> Repo {
    let repo = Repo::new();
    for i in 0..4_000 {
        repo.write(
            &format!("items/PAY-{i}.md"),
            &format!(
                "---\nid: PAY-{i}\ntags: [t{}]\n---\n# Item {i}\n\nSee [[PAY-{}]].\n",
                i % 50,
                (i + 1) % 4_000
            ),
        );
    }
    repo
}

/// Starts `build` and waits until its staging folder (one not in `known`)
/// exists and holds its lock file: from then on the build owns it.
fn start_build(repo: &Repo, known: &[String]) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shoshin"))
        .arg("build")
        .current_dir(repo.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let owned = || {
        leftovers(repo.root())
            .iter()
            .any(|name| !known.contains(name) && repo.root().join(name).join(".shoshin-lock").exists())
    };
    while !owned() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it was stopped"
        );
        assert!(started.elapsed() < GENEROUS, "no staging folder appeared");
        std::thread::sleep(Duration::from_millis(2));
    }
    child
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn wait(child: &mut Child) -> Option<i32> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        assert!(started.elapsed() < GENEROUS, "the stopped build did not exit");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn stopped_builds_leave_no_staging_folder_for_good() {
    let repo = big_repo();
    for name in ["INT", "TERM"] {
        let mut child = start_build(&repo, &[]);
        signal(&child, name);
        assert_eq!(wait(&mut child), Some(130), "SIG{name}");
        assert_eq!(leftovers(repo.root()), Vec::<String>::new(), "SIG{name}");
        assert!(!repo.root().join("public").exists(), "SIG{name}");
    }
    // Each killed build leaves its staging folder; the next one, killed
    // too, has removed the one before.
    let mut left = Vec::new();
    for _ in 0..2 {
        let mut child = start_build(&repo, &left);
        child.kill().unwrap();
        child.wait().unwrap();
        let now = leftovers(repo.root());
        assert_eq!(now.len(), 1, "{now:?}");
        assert!(!left.contains(&now[0]), "{now:?} was there before");
        left = now;
    }
    let build = run_within(&repo, &["build"], GENEROUS);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(leftovers(repo.root()), Vec::<String>::new());
    assert!(!repo.root().join("public/.shoshin-lock").exists());
    assert!(repo.root().join("public/items/PAY-7/index.html").is_file());
}
