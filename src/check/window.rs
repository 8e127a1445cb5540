//! A long source line shown as a window around a diagnostic's span: a
//! minified or generated file may hold one line of 100 KB, and printing it
//! whole for each of its diagnostics made human output quadratic.

use codespan_reporting::files::{Error, Files};
use std::ops::Range;

/// Lines longer than this (in bytes) are shown as a window.
pub const LONG_LINE: usize = 240;

/// Bytes of context kept on each side of the span.
const CONTEXT: usize = 80;

/// What stands for the text cut off at either end.
const CUT: &str = "...";

/// One window of one line, standing for the whole file: codespan asks it
/// for line and column numbers, and it answers with the real ones.
pub struct Window {
    name: String,
    text: String,
    line: usize,
    /// The real column of the window's first character, less one.
    first_column: usize,
}

impl Window {
    /// The window of `text` around `span` when the line holding its start
    /// is long, with the span within the window; `None` for a short line.
    /// `line` and `column` are the span's real position.
    pub fn around(
        name: String,
        text: &str,
        span: Range<usize>,
        line: usize,
        column: usize,
    ) -> Option<(Window, Range<usize>)> {
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.start..]
            .find('\n')
            .map_or(text.len(), |i| span.start + i);
        if line_end - line_start <= LONG_LINE {
            return None;
        }
        let end = span.end.clamp(span.start, line_end);
        let from = floor_boundary(text, span.start.saturating_sub(CONTEXT).max(line_start));
        let to = ceil_boundary(text, (end + CONTEXT).min(line_end));
        let (before, after) = (
            if from > line_start { CUT } else { "" },
            if to < line_end { CUT } else { "" },
        );
        let window = format!("{before}{}{after}", &text[from..to]);
        let shift = before.len();
        let chars_before_span = before.chars().count() + text[from..span.start].chars().count();
        let window_span = span.start - from + shift..end - from + shift;
        let first_column = column.saturating_sub(chars_before_span + 1);
        Some((
            Window {
                name,
                text: window,
                line,
                first_column,
            },
            window_span,
        ))
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

impl<'a> Files<'a> for Window {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, Error> {
        Ok(&self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, _: (), _: usize) -> Result<usize, Error> {
        Ok(0)
    }

    fn line_number(&'a self, _: (), _: usize) -> Result<usize, Error> {
        Ok(self.line)
    }

    fn column_number(&'a self, _: (), _: usize, byte_index: usize) -> Result<usize, Error> {
        let byte_index = floor_boundary(&self.text, byte_index.min(self.text.len()));
        Ok(self.first_column + self.text[..byte_index].chars().count() + 1)
    }

    fn line_range(&'a self, _: (), line_index: usize) -> Result<Range<usize>, Error> {
        match line_index {
            0 => Ok(0..self.text.len()),
            _ => Err(Error::LineTooLarge {
                given: line_index,
                max: 0,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_the_span_and_keeps_its_real_column() {
        let text = format!("---\n{}[[X-1]]{}\n", "é".repeat(300), "b".repeat(300));
        let start = text.find("[[").unwrap();
        let (window, span) = Window::around("f.md".into(), &text, start..start + 7, 2, 301).unwrap();
        assert_eq!(&window.text[span.clone()], "[[X-1]]");
        assert!(window.text.starts_with("...") && window.text.ends_with("..."));
        assert!(window.text.len() < 2 * CONTEXT + 20, "{}", window.text);
        assert_eq!(window.column_number((), 0, span.start).unwrap(), 301);
        assert_eq!(window.line_number((), 0).unwrap(), 2);
        assert!(Window::around("f.md".into(), "short line", 0..5, 1, 1).is_none());
    }
}
