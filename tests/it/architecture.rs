//! The architecture, checked on the import graph of `src/`.
//!
//! shoshin is a pipeline: load → index → readiness and history → check →
//! render → write, with `serve` and the commands on top. Each file of `src/`
//! belongs to one layer ([`LAYERS`]); a file may import its own layer and
//! lower ones, never a later one. Import cycles of more than two files are
//! refused anywhere: two files that use each other are one unit in practice,
//! three or more are a knot nobody can change one piece of.
//!
//! An import is a `crate::…` or `super::…` path anywhere in a file (a `use`
//! or a path written inline), resolved to the file of the longest module
//! path it names. Test code is left out: files named `tests.rs`,
//! `test_support.rs`, and `#[cfg(test)] mod … { … }` blocks, since a test may
//! well build its input with a later stage.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first, by a file's first module name under `src/`
/// (`load` for `src/load/formats/adr.rs`, `lib` for `src/lib.rs`). Adding a
/// top-level module means adding it here.
const LAYERS: &[(&str, &[&str])] = &[
    // Below every stage: the model and the configuration, shared reading
    // (`parse`, `yaml`, `text`) and the file and diagnostic helpers.
    (
        "shared",
        &[
            "parse",
            "model",
            "config",
            "front_matter",
            "yaml",
            "text",
            "diagnostic",
            "diagram",
            "files",
            "safe_files",
            "timings",
            "terminal",
            "leftovers",
            "cache",
        ],
    ),
    ("load", &["load"]),
    ("index", &["index"]),
    ("readiness/history", &["readiness", "history", "code"]),
    ("check", &["check"]),
    // The repository loaded, indexed and checked: what the renderer takes.
    ("project", &["project", "portal"]),
    ("render", &["render", "export", "diff"]),
    ("write", &["write"]),
    (
        "serve/commands/main",
        &["serve", "demo", "lsp", "mcp", "commands", "cli", "lib", "main"],
    ),
];

/// Imports the architecture still has, each with the reason it is allowed
/// for now. The test fails when one of them is gone, so that the list only
/// shrinks.
const KNOWN: &[(&str, &str)] = &[];

/// A file's imports: (imported file, the path as written), both relative to
/// `src/`.
type Graph = BTreeMap<String, BTreeMap<String, String>>;

/// The layer number of a file (`load/mod.rs` → 1), `None` when the table
/// does not place it.
fn layer_of(file: &str) -> Option<usize> {
    let first = file.split('/').next().unwrap_or(file).trim_end_matches(".rs");
    LAYERS.iter().position(|(_, modules)| modules.contains(&first))
}

/// The module path of a file: `load/formats/adr.rs` → `[load, formats, adr]`,
/// `load/mod.rs` → `[load]`, `lib.rs` → `[]`.
fn module_path(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// The text of a file with comments, string and character literals blanked
/// out and `#[cfg(test)]` modules removed, so that only code is searched.
fn code_of(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |end| end + 2);
        } else if let Some((body, hashes)) = raw_string_start(rest).filter(|_| !out.ends_with(is_word_char)) {
            let close = format!("\"{}", "#".repeat(hashes));
            i += rest[body..]
                .find(&close)
                .map_or(rest.len(), |end| body + end + close.len());
            out.push_str("\"\"");
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() && rest.as_bytes()[j] != b'"' {
                j += if rest.as_bytes()[j] == b'\\' { 2 } else { 1 };
            }
            i += (j + 1).min(rest.len());
            out.push_str("\"\"");
        } else if let Some(length) = char_literal(rest) {
            i += length;
            out.push_str("' '");
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    without_test_modules(&out)
}

/// At a raw string (`r"`, `r#"`, `br"`…): where its text starts, and the
/// number of `#` that close it.
fn raw_string_start(text: &str) -> Option<(usize, usize)> {
    let after_r = text.strip_prefix("br").or_else(|| text.strip_prefix('r'))?;
    let hashes = after_r.len() - after_r.trim_start_matches('#').len();
    let prefix = text.len() - after_r.len();
    after_r[hashes..]
        .starts_with('"')
        .then_some((prefix + hashes + 1, hashes))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The length of a character literal at the start of `text` (`'a'`, `'\n'`,
/// `'{'`); `None` for a lifetime (`'a`).
fn char_literal(text: &str) -> Option<usize> {
    if !text.starts_with('\'') {
        return None;
    }
    let mut chars = text.char_indices().skip(1);
    let (_, first) = chars.next()?;
    let end = if first == '\\' {
        text[3..].find('\'')? + 3
    } else {
        let (at, next) = chars.next()?;
        (next == '\'').then_some(at)?
    };
    Some(end + 1)
}

/// `code` without the `#[cfg(test)] mod name { … }` blocks.
fn without_test_modules(code: &str) -> String {
    let mut out = code.to_string();
    while let Some(start) = out.find("#[cfg(test)]") {
        let after = &out[start + "#[cfg(test)]".len()..];
        let item = after.trim_start();
        let is_inline_module =
            item.starts_with("mod ") && item.find(['{', ';']).is_some_and(|i| item.as_bytes()[i] == b'{');
        if !is_inline_module {
            // A test-only item of one line (`mod tests;`, a `use`): drop the attribute only.
            out.replace_range(start..start + "#[cfg(test)]".len(), "");
            continue;
        }
        let open = start + (out.len() - start - item.len()) + item.find('{').unwrap_or(0);
        let mut depth = 0;
        let mut end = out.len();
        for (i, c) in out[open..].char_indices() {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            if depth == 0 {
                end = open + i + 1;
                break;
            }
        }
        out.replace_range(start..end, "");
    }
    out
}

/// The paths written after `crate::` or `super::` at `code[at..]`, a group
/// (`{a, b::{c, d}}`) expanded into one path each.
fn paths_at(code: &str, at: usize, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix.to_vec();
    let mut i = at;
    loop {
        let rest = &code[i..];
        let trimmed = rest.trim_start();
        i += rest.len() - trimmed.len();
        let word: String = trimmed
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !word.is_empty() {
            i += word.len();
            if word != "self" {
                path.push(word);
            }
            if code[i..].starts_with("::") {
                i += 2;
                continue;
            }
            out.push(path);
            return i;
        }
        if trimmed.starts_with('{') {
            i += 1;
            loop {
                let before = i;
                i = paths_at(code, i, &path, out);
                if i == before {
                    // Something a group does not hold: step over it.
                    i += code[i..].chars().next().map_or(1, char::len_utf8);
                }
                let rest = &code[i..];
                let trimmed = rest.trim_start().trim_start_matches(',').trim_start();
                i += rest.len() - trimmed.len();
                if trimmed.starts_with('}') || trimmed.is_empty() {
                    return (i + 1).min(code.len());
                }
            }
        }
        if trimmed.starts_with('*') {
            i += 1;
        }
        out.push(path);
        return i;
    }
}

/// The import graph of `files` (path relative to `src/` → text).
fn import_graph(files: &BTreeMap<String, String>) -> Graph {
    let modules: BTreeMap<Vec<String>, &String> = files
        .keys()
        .filter(|f| *f != "main.rs")
        .map(|f| (module_path(f), f))
        .collect();
    // Files of modules declared `#[cfg(test)] mod name;` are test code too.
    let test_modules: Vec<Vec<String>> = files
        .iter()
        .flat_map(|(file, text)| {
            let own = module_path(file);
            text.split("#[cfg(test)]").skip(1).filter_map(move |after| {
                let name = after.trim_start().strip_prefix("mod ")?.split(';').next()?.trim();
                let name_only = name.chars().all(is_word_char);
                name_only.then(|| own.iter().cloned().chain([name.to_string()]).collect())
            })
        })
        .collect();
    let mut graph = Graph::new();
    for (file, text) in files {
        if test_modules.iter().any(|m| module_path(file).starts_with(m)) {
            continue;
        }
        let code = code_of(text);
        let own = module_path(file);
        let imports = graph.entry(file.clone()).or_default();
        let mut at = 0;
        while let Some(found) = code[at..].find(['c', 's']) {
            let start = at + found;
            at = start + 1;
            let boundary = !code[..start].ends_with(|c: char| is_word_char(c) || c == ':');
            let (mut base, mut after) = if code[start..].starts_with("crate::") {
                (Vec::new(), start + "crate::".len())
            } else if code[start..].starts_with("super::") {
                (
                    own[..own.len().saturating_sub(1)].to_vec(),
                    start + "super::".len(),
                )
            } else {
                continue;
            };
            if !boundary {
                continue;
            }
            while code[after..].starts_with("super::") {
                base.pop();
                after += "super::".len();
            }
            let mut paths = Vec::new();
            at = paths_at(&code, after, &base, &mut paths).max(at);
            for path in paths {
                let target = (0..=path.len()).rev().find_map(|n| modules.get(&path[..n]));
                if let Some(target) = target.filter(|t| t.as_str() != file.as_str()) {
                    imports
                        .entry((*target).clone())
                        .or_insert_with(|| path[base.len()..].join("::"));
                }
            }
        }
    }
    graph
}

/// Every problem of the graph, one line each: imports of a later layer, and
/// cycles of more than two files.
fn problems(graph: &Graph) -> Vec<String> {
    let mut found = Vec::new();
    for (file, imports) in graph {
        let Some(own) = layer_of(file) else {
            found.push(format!("src/{file} is in no layer: add its module to LAYERS"));
            continue;
        };
        for (target, path) in imports {
            if let Some(theirs) = layer_of(target).filter(|&theirs| theirs > own) {
                found.push(format!(
                    "src/{file} imports `{path}` (src/{target}): {} imports the later layer {}",
                    LAYERS[own].0, LAYERS[theirs].0
                ));
            }
        }
    }
    for component in strongly_connected(graph).into_iter().filter(|c| c.len() > 2) {
        found.push(format!(
            "a cycle of {} files: {}",
            component.len(),
            describe_cycle(graph, &component)
        ));
    }
    found
}

/// The strongly connected components of the graph (Tarjan's algorithm).
fn strongly_connected(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a Graph,
        next: usize,
        index: BTreeMap<&'a str, (usize, usize)>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, (s.next, s.next));
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flat_map(|m| m.keys()) {
            if !s.index.contains_key(w.as_str()) {
                visit(s, w);
                let low = s.index[w.as_str()].1.min(s.index[v].1);
                s.index.get_mut(v).unwrap().1 = low;
            } else if s.on_stack.contains(w.as_str()) {
                let low = s.index[w.as_str()].0.min(s.index[v].1);
                s.index.get_mut(v).unwrap().1 = low;
            }
        }
        if s.index[v].0 == s.index[v].1 {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            component.sort();
            s.out.push(component);
        }
    }
    let mut state = State {
        graph,
        next: 0,
        index: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.out
}

/// One concrete cycle through the first file of a component, with the path
/// each step imports: `a.rs` → (`b::x`) `b.rs` → … → `a.rs`.
fn describe_cycle(graph: &Graph, component: &[String]) -> String {
    let inside: BTreeSet<&str> = component.iter().map(String::as_str).collect();
    let start = component[0].as_str();
    // Breadth first from the start's imports back to the start: a shortest cycle.
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for w in graph[v].keys().map(String::as_str).filter(|w| inside.contains(w)) {
            if w == start {
                let mut steps = vec![(v, w)];
                let mut at = v;
                while at != start {
                    let from = came_from[at];
                    steps.push((from, at));
                    at = from;
                }
                steps.reverse();
                let mut text = format!("src/{start}");
                for (from, to) in steps {
                    text.push_str(&format!(" → (`{}`) src/{to}", graph[from][to]));
                }
                return text;
            }
            if !came_from.contains_key(w) {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    component.join(", ")
}

/// Every `.rs` file under `src/` except test code, relative to `src/`.
fn source_files(src: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().map(Result::unwrap) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                folders.push(path);
            } else if name.ends_with(".rs") && name != "tests.rs" && name != "test_support.rs" {
                let relative = path
                    .strip_prefix(src)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(relative, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn no_layer_imports_a_later_one_and_no_cycle_has_more_than_two_files() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = problems(&import_graph(&source_files(&src)));
    let unexpected: Vec<&String> = found
        .iter()
        .filter(|p| !KNOWN.iter().any(|(known, _)| p.starts_with(known)))
        .collect();
    let gone: Vec<&str> = KNOWN
        .iter()
        .map(|(known, _)| *known)
        .filter(|known| !found.iter().any(|p| p.starts_with(known)))
        .collect();
    assert!(
        unexpected.is_empty() && gone.is_empty(),
        "the import graph of src/ breaks the architecture:\n{}\nallowed problems that are gone (remove them from KNOWN):\n{}",
        unexpected.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"),
        gone.join("\n"),
    );
}

/// Builds a graph from files written in the test.
fn graph_of(files: &[(&str, &str)]) -> Graph {
    import_graph(
        &files
            .iter()
            .map(|(f, t)| (f.to_string(), t.to_string()))
            .collect(),
    )
}

#[test]
fn a_loader_file_importing_the_renderer_is_named_with_its_import() {
    let graph = graph_of(&[
        ("load/mod.rs", "pub mod body;\n"),
        ("load/body.rs", "use crate::render::{markdown::html, Page};\n"),
        ("render/mod.rs", "pub mod markdown;\n"),
        ("render/markdown.rs", "use crate::load::body;\n"),
    ]);
    assert_eq!(
        problems(&graph),
        [
            "src/load/body.rs imports `render::markdown::html` (src/render/markdown.rs): load imports the later layer render",
            "src/load/body.rs imports `render::Page` (src/render/mod.rs): load imports the later layer render",
        ]
    );
}

#[test]
fn a_cycle_of_three_files_is_named_step_by_step_and_two_files_pass() {
    let graph = graph_of(&[
        ("model.rs", "pub fn f() { crate::config::g() }\n"),
        ("config.rs", "use crate::parse::ids;\n"),
        ("parse/ids.rs", "use super::super::model::Kind;\n"),
        ("parse/mod.rs", "pub mod ids;\n"),
        ("text.rs", "use crate::yaml::x; // crate::model::y in a comment\n"),
        (
            "yaml.rs",
            "fn t() { let s = \"crate::model::z\"; crate::text::w() }\n",
        ),
    ]);
    assert_eq!(
        problems(&graph),
        ["a cycle of 3 files: src/config.rs → (`parse::ids`) src/parse/ids.rs → (`model::Kind`) src/model.rs → (`config::g`) src/config.rs"]
    );
}

#[test]
fn test_modules_comments_and_strings_are_not_imports() {
    let code = "use crate::a;\n// crate::b\nlet s = r#\"crate::c\"#; let c = '{';\n#[cfg(test)]\nmod tests {\n    use crate::d;\n    fn f() { if x { crate::e() } }\n}\nfn g<'a>(x: &'a str) { crate::f::h(x) }\n";
    let graph = graph_of(&[
        ("a.rs", ""),
        ("b.rs", ""),
        ("c.rs", ""),
        ("d.rs", ""),
        ("e.rs", ""),
        ("f.rs", ""),
        ("main.rs", code),
    ]);
    let imported: Vec<&String> = graph["main.rs"].keys().collect();
    assert_eq!(imported, ["a.rs", "f.rs"]);
}
