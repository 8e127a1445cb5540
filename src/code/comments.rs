//! The comments of a source file, by the comment syntax of its language:
//! the only text in which code may cite a decision.
//!
//! Each family of languages gets one small lexer: it knows the family's
//! line and block comments and its string literals, so that an id inside a
//! string (`"ADR-0007"`, a test fixture, a URL) is not taken for a
//! citation. The lexers are deliberately forgiving: an unterminated string
//! ends at the end of its line, an unterminated block comment at the end of
//! the file, and nothing they meet can make them fail or loop.

use std::ops::Range;
use std::path::Path;

/// The comment syntax of a family of languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `//` and `/* */`, strings in `"`; `'` holds one character (C, C++,
    /// C#, Java, Kotlin, Scala, Go, Rust, Swift, protobuf…).
    CLike,
    /// `//` and `/* */`, strings in `"`, `'` and `` ` `` (JavaScript,
    /// TypeScript, PHP, Dart, Groovy).
    Script,
    /// `#`, strings in `"` and `'`, `"""` and `'''` spanning lines (Python,
    /// Ruby, shell, YAML, TOML, Perl, R, Elixir, Terraform, Makefiles…).
    Hash,
    /// `--`, strings in `'` and `"` (SQL, Lua, Haskell, Elm, Ada).
    DoubleDash,
    /// `<!-- -->` (HTML, XML, SVG, Vue).
    Markup,
    /// `;`, strings in `"` (Lisp, Clojure, Scheme, assembly, INI).
    Semicolon,
}

impl Family {
    /// The family of a file, from its extension (or, for files without
    /// one such as `Makefile` and `Dockerfile`, its name); `None` when
    /// the file is not source code shoshin reads.
    pub fn of(path: &Path) -> Option<Family> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "makefile"
                | "dockerfile"
                | "containerfile"
                | "gemfile"
                | "rakefile"
                | "justfile"
                | "cmakelists.txt"
        ) {
            return Some(Family::Hash);
        }
        let extension = path.extension()?.to_string_lossy().to_ascii_lowercase();
        Some(match extension.as_str() {
            "rs" | "c" | "h" | "cc" | "cpp" | "cxx" | "hpp" | "hh" | "cs" | "java" | "kt" | "kts"
            | "scala" | "go" | "swift" | "proto" | "m" | "mm" | "zig" | "sol" | "fs" | "css" | "scss"
            | "less" => Family::CLike,
            "js" | "jsx" | "mjs" | "cjs" | "ts" | "tsx" | "mts" | "cts" | "php" | "dart" | "groovy"
            | "gradle" => Family::Script,
            "py" | "pyi" | "rb" | "sh" | "bash" | "zsh" | "fish" | "ps1" | "yaml" | "yml" | "toml" | "pl"
            | "pm" | "r" | "ex" | "exs" | "tf" | "hcl" | "nix" | "cmake" | "mk" | "cfg" | "conf" | "jl"
            | "cr" | "nim" => Family::Hash,
            "sql" | "lua" | "hs" | "elm" | "ada" | "adb" | "ads" => Family::DoubleDash,
            "html" | "htm" | "xml" | "svg" | "vue" | "xhtml" => Family::Markup,
            "lisp" | "lsp" | "el" | "clj" | "cljs" | "cljc" | "edn" | "scm" | "ss" | "rkt" | "asm" | "s"
            | "ini" => Family::Semicolon,
            _ => return None,
        })
    }

    fn line_comments(self) -> &'static [&'static str] {
        match self {
            Family::CLike | Family::Script => &["//"],
            Family::Hash => &["#"],
            Family::DoubleDash => &["--"],
            Family::Markup => &[],
            Family::Semicolon => &[";"],
        }
    }

    fn block_comment(self) -> Option<(&'static str, &'static str)> {
        match self {
            Family::CLike | Family::Script => Some(("/*", "*/")),
            Family::Markup => Some(("<!--", "-->")),
            _ => None,
        }
    }

    /// Quotes that open a string running to the same quote on that line.
    fn quotes(self) -> &'static [u8] {
        match self {
            Family::CLike | Family::Semicolon => b"\"",
            Family::Script => b"\"'`",
            Family::Hash | Family::DoubleDash => b"\"'",
            Family::Markup => b"",
        }
    }
}

/// The byte ranges of the comments of `text`, read as `family` (the
/// comment markers included), in order.
pub fn comments(text: &str, family: Family) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        if let Some((open, close)) = family.block_comment() {
            if rest.starts_with(open.as_bytes()) {
                let end =
                    find(bytes, at + open.len(), close.as_bytes()).map_or(bytes.len(), |i| i + close.len());
                out.push(at..end);
                at = end;
                continue;
            }
        }
        if family
            .line_comments()
            .iter()
            .any(|m| rest.starts_with(m.as_bytes()))
        {
            let end = find(bytes, at, b"\n").unwrap_or(bytes.len());
            out.push(at..end);
            at = end;
            continue;
        }
        let byte = bytes[at];
        if family == Family::Hash && (rest.starts_with(b"\"\"\"") || rest.starts_with(b"'''")) {
            // A triple-quoted string (a Python docstring) spans lines.
            let quote = &rest[..3];
            at = find(bytes, at + 3, quote).map_or(bytes.len(), |i| i + 3);
        } else if family.quotes().contains(&byte) {
            at = string_end(bytes, at + 1, byte, byte == b'`');
        } else if byte == b'\'' && family == Family::CLike {
            at = char_literal_end(bytes, at);
        } else {
            at += 1;
        }
    }
    out
}

/// The first index at or after `from` where `needle` starts.
fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack.get(from..)?, needle).map(|i| from + i)
}

/// Where a string opened by `quote` (its content starting at `from`) ends:
/// after the closing quote, or at the end of the line when it has none
/// (only `multiline` strings, template literals, go on past a line).
fn string_end(bytes: &[u8], from: usize, quote: u8, multiline: bool) -> usize {
    let mut at = from;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'\n' if !multiline => return at,
            b if b == quote => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// In the C family `'` opens a character literal (`'x'`, `'\n'`,
/// `'\u{1F600}'`) or, in Rust, a lifetime or label (`'a`), which is no
/// string at all: skip a literal, step over a lifetime's quote.
fn char_literal_end(bytes: &[u8], at: usize) -> usize {
    let limit = (at + 12).min(bytes.len());
    if bytes.get(at + 1) == Some(&b'\\') {
        if let Some(close) = bytes[at + 2..limit]
            .iter()
            .position(|&b| b == b'\'' || b == b'\n')
        {
            return at + 2 + close + 1;
        }
        return at + 1;
    }
    // One character, perhaps several bytes of UTF-8, then the closing quote.
    let width = match bytes.get(at + 1) {
        Some(&b) if b < 0x80 => 1,
        Some(&b) if b >= 0xf0 => 4,
        Some(&b) if b >= 0xe0 => 3,
        Some(_) => 2,
        None => return at + 1,
    };
    if bytes.get(at + 1 + width) == Some(&b'\'') {
        at + width + 2
    } else {
        at + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, family: Family) -> Vec<&str> {
        comments(text, family).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn c_like_comments_are_found_and_strings_skipped() {
        let text = "let s = \"// ADR-1\"; // ADR-2\n/* ADR-3\n */ let c = '\"'; // ADR-4\nfn f<'a>(x: &'a str) {} // ADR-5";
        assert_eq!(
            texts(text, Family::CLike),
            ["// ADR-2", "/* ADR-3\n */", "// ADR-4", "// ADR-5"]
        );
    }

    #[test]
    fn script_strings_in_any_quote_hide_markers() {
        let text = "const a = 'ADR-1 // no'; const b = `x\n// no ${y}`; // ADR-2\n";
        assert_eq!(texts(text, Family::Script), ["// ADR-2"]);
    }

    #[test]
    fn hash_comments_skip_strings_and_docstrings() {
        let text = "x = \"# ADR-1\"  # ADR-2\n\"\"\"\n# ADR-3\n\"\"\"\n# ADR-4\ny = 'a # b'\n";
        assert_eq!(texts(text, Family::Hash), ["# ADR-2", "# ADR-4"]);
    }

    #[test]
    fn other_families_read_their_markers() {
        assert_eq!(texts("select '--x' -- ADR-1\n", Family::DoubleDash), ["-- ADR-1"]);
        assert_eq!(
            texts("<p>ADR-0</p><!-- ADR-1 -->", Family::Markup),
            ["<!-- ADR-1 -->"]
        );
        assert_eq!(texts("(x \"; no\") ; ADR-1", Family::Semicolon), ["; ADR-1"]);
    }

    #[test]
    fn unterminated_strings_and_comments_end_safely() {
        assert_eq!(texts("s = \"open\n// ADR-1", Family::CLike), ["// ADR-1"]);
        assert_eq!(texts("/* never closed", Family::CLike), ["/* never closed"]);
        assert_eq!(texts("'", Family::CLike), Vec::<&str>::new());
        assert_eq!(texts("'\\", Family::CLike), Vec::<&str>::new());
    }

    #[test]
    fn families_come_from_extensions_and_names() {
        assert_eq!(Family::of(Path::new("src/a.rs")), Some(Family::CLike));
        assert_eq!(Family::of(Path::new("a.TS")), Some(Family::Script));
        assert_eq!(Family::of(Path::new("x/Makefile")), Some(Family::Hash));
        assert_eq!(Family::of(Path::new("q.sql")), Some(Family::DoubleDash));
        assert_eq!(Family::of(Path::new("README.md")), None);
        assert_eq!(Family::of(Path::new("noext")), None);
    }
}
