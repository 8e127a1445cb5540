//! Template overrides that would recurse forever, or read the environment:
//! a template error (exit 2) naming the templates, no site and no staging
//! folder left behind.

use super::support::{leftovers, outside_output, run_with_env, run_within, GENEROUS};
use crate::common::Repo;

/// Template files: (name, text).
type Templates<'a> = &'a [(&'a str, &'a str)];

fn repo_with(templates: &[(&str, &str)]) -> Repo {
    let repo = Repo::with(&[("items/PAY-1.md", "---\nid: PAY-1\ntags: [a]\n---\nBody.\n")]);
    for (name, text) in templates {
        repo.write(&format!("templates/{name}"), text);
    }
    repo
}

#[test]
fn recursive_template_overrides_are_a_template_error_naming_the_loop() {
    let cases: [(Templates, &[&str]); 3] = [
        (
            &[("tags.html", "{% include \"tags.html\" %}")],
            &["tags.html -> tags.html"],
        ),
        (
            &[
                ("tags.html", "{% include \"part.html\" %}"),
                ("part.html", "{% if true %}{% include \"tags.html\" %}{% endif %}"),
            ],
            &["part.html", "tags.html"],
        ),
        (
            &[(
                "tags.html",
                "{% macro down(n) %}{{ self::down(n=n + 1) }}{% endmacro down %}{{ self::down(n=1) }}",
            )],
            &["macro down of tags.html"],
        ),
    ];
    for (templates, named) in cases {
        let repo = repo_with(templates);
        let before = outside_output(&repo);
        let run = run_within(&repo, &["build"], GENEROUS);
        assert_eq!(run.code, 2, "{templates:?}: {}", run.stderr);
        assert!(run.stderr.contains("in a loop"), "{}", run.stderr);
        for name in named {
            assert!(run.stderr.contains(name), "{name}: {}", run.stderr);
        }
        assert!(!repo.root().join("public").exists());
        assert_eq!(leftovers(repo.root()), Vec::<String>::new());
        assert_eq!(before, outside_output(&repo));
    }
}

#[test]
fn templates_cannot_read_the_environment() {
    let repo = repo_with(&[("tags.html", "token={{ get_env(name=\"SHOSHIN_TEST_TOKEN\") }}")]);
    let run = run_with_env(
        &repo,
        &["build"],
        &[("SHOSHIN_TEST_TOKEN", "ghs_fake_token_value")],
        GENEROUS,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("get_env is not available"), "{}", run.stderr);
    assert!(!run.stderr.contains("ghs_fake_token_value"));
    assert!(!repo.root().join("public").exists());
    assert_eq!(leftovers(repo.root()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_fifo_in_the_templates_folder_is_refused_not_opened() {
    let repo = repo_with(&[]);
    std::fs::create_dir_all(repo.root().join("templates")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(repo.root().join("templates/part.html"))
        .status()
        .unwrap();
    assert!(status.success());
    let run = run_within(&repo, &["build"], GENEROUS);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("templates/part.html") && run.stderr.contains("FIFO"),
        "{}",
        run.stderr
    );
    assert_eq!(leftovers(repo.root()), Vec::<String>::new());
}
