//! What a user meets when installing and running shoshin as a command-line
//! tool: shell completions and the manual page name every command, the
//! global `--color`, `--quiet` and `--verbose` flags, the examples of
//! `--help`, the README's list of commands, and the GitHub workflows and
//! Action checked against GitHub's schemas.

use crate::common::{project_dir, shoshin, Repo};
use clap::{CommandFactory, ValueEnum};

/// Every subcommand a user can see, from clap's own definition.
fn subcommands() -> Vec<String> {
    shoshin::cli::Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect()
}

/// Whether `word` stands in `text` as a word of its own.
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'));
        edge(before) && edge(after)
    })
}

#[test]
fn completions_for_every_shell_name_every_subcommand() {
    let shells = ["bash", "zsh", "fish", "powershell", "elvish"];
    let mut offered: Vec<String> = clap_complete::Shell::value_variants()
        .iter()
        .map(|s| s.to_string())
        .collect();
    offered.sort();
    let mut tested = shells.map(String::from).to_vec();
    tested.sort();
    assert_eq!(offered, tested, "a shell was added or removed: test it here");
    let commands = subcommands();
    assert!(commands.len() >= 9, "{commands:?}");
    for shell in shells {
        let run = shoshin(&project_dir(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.len() > 1000, "{shell}: {}", run.stdout);
        for command in &commands {
            assert!(
                has_word(&run.stdout, command),
                "{shell} completions lack `{command}`"
            );
        }
        // Options of a subcommand are completed too.
        assert!(run.stdout.contains("deny-warnings"), "{shell}");
    }
    let bad = shoshin(&project_dir(), &["completions", "tcsh"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("possible values: bash, elvish, fish, powershell, zsh"),
        "{}",
        bad.stderr
    );
}

#[test]
fn the_manual_page_lists_every_subcommand_and_a_folder_gets_a_page_each() {
    let run = shoshin(&project_dir(), &["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH shoshin 1"));
    let listed = &run.stdout[run.stdout.find(".SH SUBCOMMANDS").expect("a SUBCOMMANDS section")..];
    for command in subcommands() {
        assert!(
            listed.contains(&format!("shoshin\\-{command}(1)")),
            "the page lacks `{command}`"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let run = shoshin(&project_dir(), &["man", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(out.join("shoshin.1"))
        .unwrap()
        .contains(".TH shoshin 1"));
    for command in subcommands() {
        let page = std::fs::read_to_string(out.join(format!("shoshin-{command}.1")))
            .unwrap_or_else(|e| panic!("shoshin-{command}.1: {e}"));
        assert!(page.contains(&format!(".TH shoshin-{command} 1")), "{page}");
    }
}

#[test]
fn help_shows_examples_of_real_commands() {
    let run = shoshin(&project_dir(), &["--help"]);
    assert_eq!(run.code, 0);
    let examples = &run.stdout[run.stdout.find("Examples:").expect("examples under --help")..];
    let used: Vec<&str> = examples
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("shoshin "))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    assert!(used.len() >= 6, "{examples}");
    let commands = subcommands();
    for command in used {
        assert!(
            commands.iter().any(|c| c == command),
            "`shoshin {command}` is not a command"
        );
    }
}

#[test]
fn the_readme_lists_every_command() {
    let readme = std::fs::read_to_string(project_dir().join("README.md")).unwrap();
    let start = readme
        .find("## Commands")
        .expect("the README has a Commands section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |end| end + 3)];
    for command in subcommands() {
        assert!(
            section.contains(&format!("`shoshin {command}")),
            "the README's Commands section does not list `shoshin {command}`"
        );
    }
}

/// A repository with one error (a broken reference) and one warning.
fn repo_with_an_error_and_a_warning() -> Repo {
    Repo::with(&[(
        "items/PAY-1-a.md",
        "---\nid: PAY-1\ntitle: A\nstatus: proposed\ndepends_on: [PAY-99]\n---\n\nText.\n",
    )])
}

#[test]
fn color_quiet_and_verbose_shape_what_is_said_on_standard_error() {
    let repo = repo_with_an_error_and_a_warning();
    let plain = repo.run(&["check"]);
    assert_eq!(plain.code, 1, "{}", plain.stderr);
    assert!(!plain.stderr.contains('\u{1b}'), "NO_COLOR: no colour");
    assert!(plain.stderr.contains("error["), "{}", plain.stderr);
    assert!(plain.stderr.contains("warning["), "{}", plain.stderr);
    assert!(
        plain.stderr.contains("1 record checked"),
        "the summary line: {}",
        plain.stderr
    );

    // `--color always` wins over NO_COLOR (the helper sets it).
    let colored = repo.run(&["--color", "always", "check"]);
    assert!(colored.stderr.contains("\u{1b}["), "{}", colored.stderr);
    let never = repo.run(&["check", "--color", "never"]);
    assert!(!never.stderr.contains('\u{1b}'));

    let quiet = repo.run(&["check", "--quiet"]);
    assert_eq!(quiet.code, 1, "the exit status does not change");
    assert!(quiet.stderr.contains("error["), "{}", quiet.stderr);
    assert!(!quiet.stderr.contains("warning["), "{}", quiet.stderr);
    assert!(
        !quiet.stderr.contains("record checked"),
        "no summary: {}",
        quiet.stderr
    );
    let build = repo.run(&["-q", "build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(!build.stderr.contains("built "), "{}", build.stderr);
    assert!(
        build.stdout.trim_end().ends_with("index.html"),
        "the result still goes to stdout"
    );

    let verbose = repo.run(&["check", "--verbose"]);
    assert!(
        verbose.stderr.contains("read 1 item, 0 decisions, 0 sessions in"),
        "{}",
        verbose.stderr
    );
    assert!(verbose.stderr.contains("timings:"), "{}", verbose.stderr);
    assert!(verbose.stderr.contains("warning["));

    let both = repo.run(&["check", "--quiet", "--verbose"]);
    assert_eq!(both.code, 2);
    assert!(both.stderr.contains("cannot be used with"), "{}", both.stderr);
}

/// Every workflow file the repository holds, the one `shoshin init` writes,
/// and the Action, checked against GitHub's schemas with `check-jsonschema`.
#[test]
#[cfg_attr(
    not(has_workflow_linter),
    ignore = "needs check-jsonschema: pip install check-jsonschema (then touch build.rs)"
)]
fn the_workflows_and_the_action_pass_githubs_schemas() {
    #[cfg(has_workflow_linter)]
    {
        let root = project_dir();
        let scaffold = tempfile::tempdir().unwrap();
        let init = shoshin(scaffold.path(), &["init", "records"]);
        assert_eq!(init.code, 0, "{}", init.stderr);
        let mut workflows = vec![scaffold.path().join("records/.github/workflows/shoshin.yml")];
        for entry in std::fs::read_dir(root.join(".github/workflows")).unwrap() {
            workflows.push(entry.unwrap().path());
        }
        assert!(
            workflows.iter().any(|w| w.ends_with("release.yml")),
            "{workflows:?}"
        );
        lint("vendor.github-workflows", &workflows).unwrap();
        lint("vendor.github-actions", &[root.join("action.yml")]).unwrap();

        // The checker does fail: a step with neither `run` nor `uses`.
        let broken = scaffold.path().join("broken.yml");
        std::fs::write(
            &broken,
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - name: nothing\n",
        )
        .unwrap();
        let failure = lint("vendor.github-workflows", &[broken]).unwrap_err();
        assert!(failure.contains("broken.yml"), "{failure}");
    }
}

/// Runs the schema checker on `files`; its report when it fails.
#[cfg(has_workflow_linter)]
fn lint(schema: &str, files: &[std::path::PathBuf]) -> Result<(), String> {
    let output = std::process::Command::new(env!("SHOSHIN_WORKFLOW_LINTER"))
        .arg("--builtin-schema")
        .arg(schema)
        .args(files)
        .output()
        .expect("check-jsonschema runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.success() {
        Ok(())
    } else {
        Err(report)
    }
}
