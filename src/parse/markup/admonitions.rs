//! Docusaurus (`:::note Title` … `:::`) and MkDocs (`!!! note "Title"`,
//! `??? note`, with an indented block) admonitions rewritten as GitHub
//! alerts, `> [!NOTE]` and every line of the block quoted, so that one
//! renderer draws all three as callouts. Lines in fenced code are left
//! alone.

use super::Callout;
use pulldown_cmark::BlockQuoteKind;

/// `text` with its admonitions rewritten, and each callout by the 0-based
/// line of its marker in the new text.
pub fn admonitions(text: &str) -> (String, Vec<(usize, Callout)>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut callouts = Vec::new();
    let out = convert(&lines, &mut callouts);
    if callouts.is_empty() {
        return (text.to_string(), callouts);
    }
    let mut joined = out.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    (joined, callouts)
}

/// The lines rewritten; callouts are pushed with their line in the result.
fn convert(lines: &[&str], callouts: &mut Vec<(usize, Callout)>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut fence: Option<(char, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(open) = fence {
            if closes_fence(line, open) {
                fence = None;
            }
            out.push(line.to_string());
            i += 1;
            continue;
        }
        if let Some(open) = opens_fence(line) {
            fence = Some(open);
            out.push(line.to_string());
            i += 1;
            continue;
        }
        let (callout, inner, next) = if let Some((word, title)) = docusaurus_opener(line) {
            let end = docusaurus_end(lines, i + 1);
            let inner: Vec<&str> = lines[i + 1..end].to_vec();
            (callout(word, title), inner, end + 1)
        } else if let Some((word, title)) = mkdocs_opener(line) {
            let mut end = i + 1;
            let mut last = i;
            while end < lines.len() && (lines[end].trim().is_empty() || indented(lines[end])) {
                if !lines[end].trim().is_empty() {
                    last = end;
                }
                end += 1;
            }
            let inner: Vec<&str> = lines[i + 1..=last].iter().map(|l| dedent(l)).collect();
            (callout(word, title), inner, last + 1)
        } else {
            out.push(line.to_string());
            i += 1;
            continue;
        };
        let marker = out.len();
        out.push(format!("> [!{}]", super::kind_name(callout.kind).to_uppercase()));
        callouts.push((marker, callout));
        let mut nested = Vec::new();
        let converted = convert(&inner, &mut nested);
        for (line, callout) in nested {
            callouts.push((marker + 1 + line, callout));
        }
        out.extend(converted.into_iter().map(|l| {
            if l.trim().is_empty() {
                ">".to_string()
            } else {
                format!("> {l}")
            }
        }));
        // A blank line ends the quote: what follows is not inside it.
        out.push(String::new());
        i = next;
    }
    out
}

/// The alert kind an admonition's kind word is drawn as.
fn kind_of(word: &str) -> BlockQuoteKind {
    match word.to_ascii_lowercase().as_str() {
        "tip" | "hint" | "success" | "check" | "done" => BlockQuoteKind::Tip,
        "important" => BlockQuoteKind::Important,
        "warning" | "caution" | "attention" => BlockQuoteKind::Warning,
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => BlockQuoteKind::Caution,
        _ => BlockQuoteKind::Note,
    }
}

fn callout(word: &str, title: Option<String>) -> Callout {
    let title = title.filter(|t| !t.is_empty()).unwrap_or_else(|| {
        let mut chars = word.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    });
    Callout {
        kind: kind_of(word),
        title,
    }
}

/// The admonition kind `rest` starts with (a letter, then letters, digits,
/// `-` or `_`) and what follows it.
fn kind_word(rest: &str) -> Option<(&str, &str)> {
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_')
        .unwrap_or(rest.len());
    let (word, after) = rest.split_at(end);
    word.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some((word, after))
}

/// `:::note`, `:::tip Title`, `:::info[Title]`, `:::warning{title="x"}`.
fn docusaurus_opener(line: &str) -> Option<(&str, Option<String>)> {
    let rest = up_to_three_spaces(line)?.strip_prefix(":::")?;
    let rest = rest.trim_start_matches(':').trim_start();
    let (word, after) = kind_word(rest)?;
    let title = after.trim();
    let title = if let Some(inner) = title.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        inner.trim().to_string()
    } else if let Some(inner) = title.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        quoted(inner.trim().strip_prefix("title=").unwrap_or("")).unwrap_or_default()
    } else {
        title.to_string()
    };
    Some((word, Some(title)))
}

/// The line of the `:::` closing the admonition opened before `from`
/// (the end of `lines` when it is never closed).
fn docusaurus_end(lines: &[&str], from: usize) -> usize {
    let mut depth = 0usize;
    let mut fence: Option<(char, usize)> = None;
    for (i, line) in lines.iter().enumerate().skip(from) {
        if let Some(open) = fence {
            if closes_fence(line, open) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = opens_fence(line) {
            fence = Some(open);
        } else if docusaurus_opener(line).is_some() {
            depth += 1;
        } else if up_to_three_spaces(line).is_some_and(|l| {
            let t = l.trim_end();
            t.len() >= 3 && t.bytes().all(|b| b == b':')
        }) {
            if depth == 0 {
                return i;
            }
            depth -= 1;
        }
    }
    lines.len()
}

/// `!!! note`, `!!! warning "Title"`, `??? tip`, `???+ note "Title"`.
fn mkdocs_opener(line: &str) -> Option<(&str, Option<String>)> {
    let rest = line
        .strip_prefix("!!! ")
        .or_else(|| line.strip_prefix("??? "))
        .or_else(|| line.strip_prefix("???+ "))?
        .trim();
    let (word, _) = kind_word(rest)?;
    let title = rest.find('"').and_then(|q| quoted(&rest[q..]));
    Some((word, title))
}

/// The text between double quotes at the start of `text`.
fn quoted(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?;
    Some(inner[..inner.rfind('"')?].to_string())
}

fn up_to_three_spaces(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches(' ');
    (line.len() - trimmed.len() <= 3).then_some(trimmed)
}

fn indented(line: &str) -> bool {
    line.starts_with("    ") || line.starts_with('\t')
}

fn dedent(line: &str) -> &str {
    line.strip_prefix("    ")
        .or_else(|| line.strip_prefix('\t'))
        .unwrap_or(line.trim_start())
}

/// The fence character and length a line opens a fenced code block with.
fn opens_fence(line: &str) -> Option<(char, usize)> {
    let t = up_to_three_spaces(line)?;
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

fn closes_fence(line: &str, (c, n): (char, usize)) -> bool {
    up_to_three_spaces(line).is_some_and(|t| {
        let run = t.chars().take_while(|x| *x == c).count();
        run >= n && t[run..].trim().is_empty()
    })
}
