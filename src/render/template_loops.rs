//! Finds loops among templates before anything is rendered: a template that
//! includes itself, two that include each other, a macro that calls itself.
//! Tera follows them until the stack overflows, which aborts the process
//! (no error, no exit code, a staging folder left behind), so a loop is
//! refused as a template error naming the templates in it.
//!
//! Includes and macro calls can sit deep in any node or expression (inside
//! a `for`, an `if`, a filter's argument). Rather than walk every kind of
//! Tera's syntax tree, this reads them from the tree's `Debug` text, where
//! they are spelled `Include(…, ["name"], …)` and `MacroCall { namespace:
//! "ns", name: "m"`: text written in a template is quoted and escaped there,
//! so it cannot pass for either.

use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use tera::Tera;

/// A template or a macro of a template file, in the call graph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Template(String),
    Macro(String, String),
}

impl Node {
    fn label(&self) -> String {
        match self {
            Node::Template(name) => name.clone(),
            Node::Macro(file, name) => format!("macro {name} of {file}"),
        }
    }
}

/// The names of the first loop found, in order, the first repeated at the
/// end; `None` when the templates have no loop.
pub fn find_loop(tera: &Tera) -> Option<Vec<String>> {
    let graph = call_graph(tera);
    let mut state: BTreeMap<&Node, Visit> = BTreeMap::new();
    for start in graph.keys() {
        let mut path = Vec::new();
        if let Some(found) = visit(start, &graph, &mut state, &mut path) {
            return Some(found.iter().map(|n| n.label()).collect());
        }
    }
    None
}

#[derive(Clone, Copy, PartialEq)]
enum Visit {
    Open,
    Done,
}

/// Depth-first search, with an explicit path: a loop is a node met again
/// while still open. The depth is bounded by the number of templates and
/// macros, which a repository writes by hand.
fn visit<'a>(
    node: &'a Node,
    graph: &'a BTreeMap<Node, Vec<Node>>,
    state: &mut BTreeMap<&'a Node, Visit>,
    path: &mut Vec<&'a Node>,
) -> Option<Vec<&'a Node>> {
    match state.get(node) {
        Some(Visit::Done) => return None,
        Some(Visit::Open) => {
            let from = path.iter().position(|n| *n == node).unwrap_or(0);
            let mut found: Vec<&Node> = path[from..].to_vec();
            found.push(node);
            return Some(found);
        }
        None => {}
    }
    state.insert(node, Visit::Open);
    path.push(node);
    for next in graph.get(node).into_iter().flatten() {
        if let Some(found) = visit(next, graph, state, path) {
            return Some(found);
        }
    }
    path.pop();
    state.insert(node, Visit::Done);
    None
}

/// What each template and macro includes, extends and calls.
fn call_graph(tera: &Tera) -> BTreeMap<Node, Vec<Node>> {
    let mut graph = BTreeMap::new();
    for name in tera.get_template_names() {
        let Ok(template) = tera.get_template(name) else {
            continue;
        };
        let imports: Vec<(String, String)> = template.imported_macro_files.clone();
        let resolve = |namespace: &str| -> Option<String> {
            if namespace == "self" {
                return Some(name.to_string());
            }
            imports
                .iter()
                .find(|(_, ns)| ns == namespace)
                .map(|(file, _)| file.clone())
        };
        let mut edges = calls(&format!("{:?}", template.ast), &resolve);
        if let Some(parent) = &template.parent {
            edges.push(Node::Template(parent.clone()));
        }
        graph.insert(Node::Template(name.to_string()), edges);
        for (macro_name, definition) in &template.macros {
            let text = format!("{:?}", definition);
            graph.insert(
                Node::Macro(name.to_string(), macro_name.clone()),
                calls(&text, &resolve),
            );
        }
    }
    graph
}

/// The templates included and macros called in `debug`, the `Debug` text of
/// part of a syntax tree; `resolve` finds the file a namespace names.
fn calls(debug: &str, resolve: &dyn Fn(&str) -> Option<String>) -> Vec<Node> {
    static PATTERNS: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    let (include, quoted, call) = PATTERNS.get_or_init(|| {
        let string = r#""((?:[^"\\]|\\.)*)""#;
        (
            Regex::new(&format!(
                r#"Include\(WS \{{ left: (?:true|false), right: (?:true|false) \}}, \[((?:{string}(?:, )?)*)\]"#
            ))
            .expect("a valid pattern"),
            Regex::new(string).expect("a valid pattern"),
            Regex::new(&format!(r#"MacroCall \{{ namespace: {string}, name: {string}"#))
                .expect("a valid pattern"),
        )
    });
    let mut found = Vec::new();
    for names in include.captures_iter(debug) {
        for name in quoted.captures_iter(&names[1]) {
            found.push(Node::Template(name[1].to_string()));
        }
    }
    for called in call.captures_iter(debug) {
        if let Some(file) = resolve(&called[1]) {
            found.push(Node::Macro(file, called[2].to_string()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        tera
    }

    #[test]
    fn includes_and_macro_calls_in_a_loop_are_found() {
        let own = tera(&[("a.html", "{% if x %}{% include \"a.html\" %}{% endif %}")]);
        assert_eq!(find_loop(&own).unwrap(), ["a.html", "a.html"]);
        let pair = tera(&[
            ("a.html", "{% for i in x %}{% include \"b.html\" %}{% endfor %}"),
            ("b.html", "{% include \"a.html\" %}"),
        ]);
        assert_eq!(find_loop(&pair).unwrap(), ["a.html", "b.html", "a.html"]);
        let recursive = tera(&[(
            "m.html",
            "{% macro tree(n) %}{{ self::tree(n=n | default(value=1)) }}{% endmacro tree %}",
        )]);
        assert_eq!(
            find_loop(&recursive).unwrap(),
            ["macro tree of m.html", "macro tree of m.html"]
        );
        let through_parent = tera(&[
            (
                "base.html",
                "{% block b %}{% endblock b %}{% include \"child.html\" %}",
            ),
            (
                "child.html",
                "{% extends \"base.html\" %}{% block b %}x{% endblock b %}",
            ),
        ]);
        assert!(find_loop(&through_parent).is_some());
    }

    #[test]
    fn templates_without_loops_and_text_that_looks_like_one_pass() {
        let fine = tera(&[
            ("m.html", "{% macro a() %}{{ self::b() }}{% endmacro a %}{% macro b() %}b{% endmacro b %}"),
            (
                "page.html",
                "{% import \"m.html\" as m %}{{ m::a() }}{% include \"part.html\" %} Include(WS { left: true, right: true }, [\"page.html\"]",
            ),
            ("part.html", "MacroCall { namespace: \"self\", name: \"x\""),
        ]);
        assert_eq!(find_loop(&fine), None);
        let built_in = crate::render::templates::load(tempfile::tempdir().unwrap().path()).unwrap();
        assert_eq!(find_loop(&built_in.tera), None);
    }
}
