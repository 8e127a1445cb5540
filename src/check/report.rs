//! Prints diagnostics: rustc-style for people, JSON for tools, and GitHub
//! Actions workflow commands for annotations on pull requests.

use super::window::Window;
use crate::diagnostic::{Code, Counts, Diagnostic, Severity};
use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Chars, Config as TermConfig};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style, with the source line and a caret.
    Human,
    /// One JSON object on standard output.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
}

/// The text of every file diagnostics may point into, by the bytes of its
/// path (hashing a `Path` walks its components, for every record).
#[derive(Debug, Default)]
pub struct Sources<'a> {
    texts: FxHashMap<&'a OsStr, &'a str>,
}

impl<'a> Sources<'a> {
    /// Adds a file's text.
    pub fn add(&mut self, path: &'a Path, text: &'a str) {
        self.texts.insert(path.as_os_str(), text);
    }
}

/// How many diagnostics of one code human and GitHub output show for one
/// file; the rest are counted on one line (JSON lists them all).
pub const SHOWN_PER_FILE_AND_CODE: usize = 50;

/// Diagnostics rendered in parallel at a time, then written: the output is
/// streamed, never held whole.
const CHUNK: usize = 512;

/// Renders diagnostics rustc-style into a string (see [`write_human`]).
pub fn human(diagnostics: &[Diagnostic], sources: &Sources, display_root: &Path, color: bool) -> String {
    let mut out = Vec::new();
    let _ = write_human(diagnostics, sources, display_root, color, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes diagnostics rustc-style to `out`, a chunk at a time.
/// `display_root` is prefixed to file names. At most
/// [`SHOWN_PER_FILE_AND_CODE`] of one code are shown for one file, then how
/// many more there are; a long line is shown as a window around the span.
pub fn write_human(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    display_root: &Path,
    color: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let (shown, hidden) = capped(diagnostics);
    // The files borrow their texts: copying every file with a diagnostic
    // was most of this function's time on a large repository.
    let mut files: SimpleFiles<String, &str> = SimpleFiles::new();
    let mut ids: FxHashMap<&OsStr, usize> = FxHashMap::default();
    // Each file is added once, before the reports, which are then written in
    // parallel: on a repository with thousands of notes, they take a while.
    let placed: Vec<Option<(usize, &str)>> = shown
        .iter()
        .map(|d| {
            let text = sources
                .texts
                .get(d.file.as_os_str())
                .copied()
                .filter(|t| !t.is_empty())?;
            let id = *ids
                .entry(d.file.as_os_str())
                .or_insert_with(|| files.add(display_name(display_root, &d.file), text));
            Some((id, text))
        })
        .collect();
    let config = TermConfig {
        chars: Chars::ascii(),
        ..TermConfig::default()
    };
    for (chunk, placed) in shown.chunks(CHUNK).zip(placed.chunks(CHUNK)) {
        let reports: Vec<Vec<u8>> = chunk
            .par_iter()
            .zip(placed)
            .map(|(d, &placed)| report(d, placed, &files, &config, display_root, color))
            .collect();
        for report in reports {
            out.write_all(&report)?;
        }
    }
    for ((file, code), count) in hidden {
        writeln!(
            out,
            "note: {count} more {code} in {} not shown (the first {SHOWN_PER_FILE_AND_CODE} are); `--format json` lists them all\n",
            display_name(display_root, file)
        )?;
    }
    out.flush()
}

/// A file and a code, to count the diagnostics of each.
type FileAndCode<'a> = (&'a Path, Code);

/// The diagnostics to show, at most [`SHOWN_PER_FILE_AND_CODE`] of one code
/// for one file, and how many of each file and code are left out.
fn capped(diagnostics: &[Diagnostic]) -> (Vec<&Diagnostic>, Vec<(FileAndCode<'_>, usize)>) {
    let mut counts: FxHashMap<(&Path, Code), usize> = FxHashMap::default();
    let mut shown = Vec::with_capacity(diagnostics.len().min(4096));
    for d in diagnostics {
        let count = counts.entry((d.file.as_path(), d.code)).or_default();
        *count += 1;
        if *count <= SHOWN_PER_FILE_AND_CODE {
            shown.push(d);
        }
    }
    let mut hidden: Vec<_> = counts
        .into_iter()
        .filter(|(_, count)| *count > SHOWN_PER_FILE_AND_CODE)
        .map(|(key, count)| (key, count - SHOWN_PER_FILE_AND_CODE))
        .collect();
    hidden.sort_by(|a, b| a.0 .0.cmp(b.0 .0).then(a.0 .1.as_str().cmp(b.0 .1.as_str())));
    (shown, hidden)
}

/// A file's name as human output shows it.
fn display_name(display_root: &Path, file: &Path) -> String {
    display_root.join(file).to_string_lossy().replace('\\', "/")
}

/// One diagnostic rustc-style, with the lines it points at when its file's
/// text is `placed` in `files` (with that id), drawn with `config`.
fn report(
    d: &Diagnostic,
    placed: Option<(usize, &str)>,
    files: &SimpleFiles<String, &str>,
    config: &TermConfig,
    display_root: &Path,
    color: bool,
) -> Vec<u8> {
    if let Some((id, text)) = placed {
        let span = d.span.clone().unwrap_or_else(|| {
            let start = crate::text::line_offset(text, d.line);
            let line_end = text[start..].find('\n').map(|i| start + i).unwrap_or(text.len());
            start..line_end
        });
        let start = floor_boundary(text, span.start.min(text.len()));
        let span = start..span.end.min(text.len()).max(start);
        let mut buffer = codespan_reporting::term::termcolor::Buffer::no_color();
        if color {
            buffer = codespan_reporting::term::termcolor::Buffer::ansi();
        }
        let name = display_name(display_root, &d.file);
        let emitted = match Window::around(name, text, span.clone(), d.line, d.column) {
            Some((window, span)) => {
                term::emit_to_write_style(&mut buffer, config, &window, &labelled(d, (), span))
            }
            None => term::emit_to_write_style(&mut buffer, config, files, &labelled(d, id, span)),
        };
        if emitted.is_ok() {
            return buffer.into_inner();
        }
    }
    // No text to show: the position on its own line, rustc-style.
    let mut out = format!(
        "{}[{}]: {}\n  --> {}:{}:{}\n",
        d.severity.as_str(),
        d.code,
        d.message,
        display_name(display_root, &d.file),
        d.line,
        d.column
    );
    if let Some(help) = &d.help {
        out.push_str(&format!("   = help: {help}\n"));
    }
    out.push('\n');
    out.into_bytes()
}

/// The report of `d`, pointing at `span` of the file `id`.
fn labelled<Id: Copy>(d: &Diagnostic, id: Id, span: std::ops::Range<usize>) -> Report<Id> {
    let severity = match d.severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
        Severity::Info => ReportSeverity::Note,
    };
    let mut report = Report::new(severity)
        .with_code(d.code.as_str())
        .with_message(&d.message)
        .with_labels(vec![Label::primary(id, span)]);
    if let Some(help) = &d.help {
        report = report.with_notes(vec![format!("help: {help}")]);
    }
    report
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The summary line after human output.
pub fn summary_line(counts: Counts, records: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{} checked: {}, {}{}",
        plural(records, "record"),
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        if counts.infos > 0 {
            format!(", {}", plural(counts.infos, "note"))
        } else {
            String::new()
        }
    )
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: &'a str,
    file: String,
    line: usize,
    column: usize,
    message: String,
}

#[derive(Serialize)]
struct JsonSummary {
    records: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary,
}

/// The JSON object of DESIGN.md: `{"diagnostics":[…], "summary":{…}}`.
pub fn json(diagnostics: &[Diagnostic], records: usize) -> String {
    let mut out = Vec::new();
    let _ = write_json(diagnostics, records, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// [`json`], written to `out` as it is made.
pub fn write_json(
    diagnostics: &[Diagnostic],
    records: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let counts = Counts::of(diagnostics);
    let report = JsonReport {
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                code: d.code.as_str(),
                severity: d.severity.as_str(),
                file: d.file.to_string_lossy().replace('\\', "/"),
                line: d.line,
                column: d.column,
                message: d.one_line(),
            })
            .collect(),
        summary: JsonSummary {
            records,
            errors: counts.errors,
            warnings: counts.warnings,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    out.write_all(b"\n")?;
    out.flush()
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands, one per diagnostic; `display_root` is
/// prefixed to file names so annotations land on the repository's paths.
pub fn github(diagnostics: &[Diagnostic], display_root: &Path) -> String {
    let mut out = String::new();
    let (shown, hidden) = capped(diagnostics);
    for d in shown {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let file: PathBuf = display_root.join(&d.file);
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            escape_property(&file.to_string_lossy().replace('\\', "/")),
            d.line,
            d.column,
            escape_property(d.code.as_str()),
            escape_data(&d.one_line())
        ));
    }
    for ((file, code), count) in hidden {
        let file: PathBuf = display_root.join(file);
        out.push_str(&format!(
            "::notice file={}::{}\n",
            escape_property(&file.to_string_lossy().replace('\\', "/")),
            escape_data(&format!(
                "{count} more {code} not shown (the first {SHOWN_PER_FILE_AND_CODE} are); `shoshin check` lists them all"
            ))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    fn sample() -> (Diagnostic, &'static str) {
        let text = "---\nid: PAY-1\ndecisions: [ADR-0070]\n---\n";
        let start = text.find("ADR-0070").unwrap();
        let d = Diagnostic::new(
            Code::BrokenReference,
            "items/PAY-1.md",
            "`ADR-0070` is not a known decision",
        )
        .at(text, start..start + 8)
        .with_help("did you mean `ADR-0007`?");
        (d, text)
    }

    #[test]
    fn human_output_shows_place_source_caret_and_help() {
        let (d, text) = sample();
        let mut sources = Sources::default();
        let path = PathBuf::from("items/PAY-1.md");
        sources.add(&path, text);
        let out = human(&[d], &sources, Path::new(""), false);
        assert!(
            out.contains("error[broken-reference]: `ADR-0070` is not a known decision"),
            "{out}"
        );
        assert!(out.contains("--> items/PAY-1.md:3:13"), "{out}");
        assert!(out.contains("decisions: [ADR-0070]"), "{out}");
        assert!(out.contains("^^^^^^^^"), "{out}");
        assert!(out.contains("help: did you mean `ADR-0007`?"), "{out}");
    }

    #[test]
    fn human_output_without_source_still_names_the_place() {
        let (d, _) = sample();
        let out = human(&[d], &Sources::default(), Path::new("repo"), false);
        assert!(out.contains("--> repo/items/PAY-1.md:3:13"), "{out}");
    }

    #[test]
    fn json_has_exactly_the_documented_keys() {
        let (d, _) = sample();
        let value: serde_json::Value = serde_json::from_str(&json(&[d], 4)).unwrap();
        let first = &value["diagnostics"][0];
        let mut keys: Vec<_> = first.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["code", "column", "file", "line", "message", "severity"]);
        assert_eq!(first["line"], 3);
        assert_eq!(first["column"], 13);
        assert!(first["message"].as_str().unwrap().contains("ADR-0007"));
        assert_eq!(
            value["summary"],
            serde_json::json!({"records": 4, "errors": 1, "warnings": 0})
        );
    }

    #[test]
    fn github_commands_escape_their_data() {
        let (mut d, _) = sample();
        d.message = "a, b: 100%\nnext".into();
        let out = github(&[d], Path::new(""));
        assert_eq!(
            out,
            "::error file=items/PAY-1.md,line=3,col=13,title=broken-reference::a, b: 100%25%0Anext; did you mean `ADR-0007`?\n"
        );
    }
}
