//! Small text helpers shared by the stages: positions, similarity, slugs.

mod nearby;
pub use nearby::Nearby;

/// `text` without a leading byte-order mark, which record files may have.
pub fn without_bom(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.replace_range(..'\u{feff}'.len_utf8(), "");
    }
    text
}

/// 1-based line and character column of a byte offset in `text`.
///
/// An offset past the end, or inside a character, is clamped to a valid one.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Turns byte offsets of a text into 1-based line numbers, counting line
/// ends only as far as asked, and on from the last offset asked while the
/// offsets grow (as they do while a text is read from start to end).
#[derive(Debug, Clone)]
pub struct LineCounter<'a> {
    text: &'a str,
    /// The last offset asked, and the line holding it.
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    /// A counter over `text`.
    pub fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter { text, at: 0, line: 1 }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.at {
            (self.at, self.line) = (0, 1);
        }
        let skipped = &self.text.as_bytes()[self.at..offset];
        self.line += skipped.iter().filter(|&&b| b == b'\n').count();
        self.at = offset;
        self.line
    }
}

/// Turns byte offsets of a text into 1-based lines and character columns,
/// as [`line_column`] does, but going on from the last offset asked while
/// the offsets grow: ten thousand diagnostics on one long line cost one pass
/// over it, not ten thousand.
#[derive(Debug, Clone)]
pub struct Positions<'a> {
    text: &'a str,
    /// The last offset asked, and its line and column.
    at: usize,
    line: usize,
    column: usize,
}

impl<'a> Positions<'a> {
    /// Positions in `text`.
    pub fn new(text: &'a str) -> Positions<'a> {
        Positions {
            text,
            at: 0,
            line: 1,
            column: 1,
        }
    }

    /// The text positions are taken in.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The 1-based line and character column of byte `offset`.
    pub fn of(&mut self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.at {
            (self.at, self.line, self.column) = (0, 1, 1);
        }
        let skipped = &self.text[self.at..offset];
        match skipped.rfind('\n') {
            Some(last) => {
                self.line += skipped.matches('\n').count();
                self.column = skipped[last + 1..].chars().count() + 1;
            }
            None => self.column += skipped.chars().count(),
        }
        self.at = offset;
        (self.line, self.column)
    }
}

/// Byte offset of the start of 1-based `line` in `text` (the end when past it).
pub fn line_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map(|(i, _)| i + 1)
        .unwrap_or(text.len())
}

/// The candidate closest to `word`, when one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    const ENOUGH: f64 = 0.5;
    let lower = word.to_lowercase();
    let length = lower.chars().count();
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let other = candidate.to_lowercase();
        // The distance is at least the difference in length: a candidate
        // that cannot reach the best score so far (or `ENOUGH`) is skipped
        // without computing it.
        let (short, long) = {
            let other = other.chars().count();
            (length.min(other), length.max(other))
        };
        let at_most = if long == 0 {
            1.0
        } else {
            1.0 - ((long - short) as f64) / (long as f64)
        };
        if at_most < ENOUGH || best.is_some_and(|(b, _)| at_most < b) {
            continue;
        }
        let score = strsim::normalized_damerau_levenshtein(&lower, &other);
        if best.is_none_or(|(b, c)| score > b || (score == b && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= ENOUGH).map(|(_, c)| c)
}

/// A lower-case slug for names and tags: letters and digits, runs of anything
/// else folded into one `-`. Never empty.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push('-');
    }
    out
}

/// The longest a first sentence grows, in characters, before it is cut.
pub const SENTENCE_LIMIT: usize = 200;

/// The first sentence of a plain-text paragraph, at most about 200 characters.
pub fn first_sentence(text: &str) -> String {
    let end = first_sentence_end(text).unwrap_or(text.len());
    let sentence = text[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    if sentence.chars().count() > SENTENCE_LIMIT {
        let cut: String = sentence.chars().take(SENTENCE_LIMIT - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        sentence
    }
}

/// The end of the words of `text` that [`first_sentence`] takes: up to the
/// end of the sentence (a word ending in `.`, `!` or `?` with more words
/// after it) or past the limit. `None` when it takes all of `text`. Its
/// words are read one at a time: summaries take this of every record's long
/// sections.
pub fn first_sentence_end(text: &str) -> Option<usize> {
    let mut chars = 0;
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        if chars > 0 {
            chars += 1;
        }
        chars += word.chars().count();
        if chars > SENTENCE_LIMIT || (word.ends_with(['.', '!', '?']) && words.peek().is_some()) {
            // `word` is a slice of `text`: its end is an offset in `text`.
            return Some(word.as_ptr() as usize - text.as_ptr() as usize + word.len());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_up_to_first_sentence_end_has_the_same_first_sentence() {
        let long = "word ".repeat(60);
        let texts = [
            "Short. Then more.".to_string(),
            format!("{long}and the rest"),
            format!("Ünïcödé  {long}"),
            format!("One sentence. {long}"),
            "x".repeat(300),
        ];
        for text in &texts {
            match first_sentence_end(text) {
                Some(end) => assert_eq!(first_sentence(&text[..end]), first_sentence(text), "{text}"),
                None => assert_eq!(
                    first_sentence(text),
                    text.split_whitespace().collect::<Vec<_>>().join(" ")
                ),
            }
        }
        assert_eq!(first_sentence_end("Short. Then more."), Some(6));
        assert_eq!(first_sentence_end("No end"), None);
        assert!(first_sentence_end(&texts[1]).unwrap() < texts[1].len());
    }

    #[test]
    fn the_line_counter_agrees_with_counting_forwards_and_back() {
        let text = "a\nbé\n\nlast";
        let offsets: Vec<usize> = (0..=text.len() + 2)
            .filter(|&o| o > text.len() || text.is_char_boundary(o))
            .collect();
        let mut positions = Positions::new(text);
        for offset in [0, 3, 4, 9, text.len(), 2, 5, text.len() + 4] {
            assert_eq!(positions.of(offset), line_column(text, offset), "{offset}");
        }
        let mut lines = LineCounter::new(text);
        for &offset in offsets.iter().chain(offsets.iter().rev()) {
            assert_eq!(lines.line(offset), line_column(text, offset).0, "offset {offset}");
        }
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncdé f", 9), (2, 6));
        assert_eq!(line_column("ab", 0), (1, 1));
        assert_eq!(line_column("ab", 99), (1, 3));
    }

    #[test]
    fn line_offset_finds_line_starts() {
        let text = "a\nbb\nccc";
        assert_eq!(line_offset(text, 1), 0);
        assert_eq!(line_offset(text, 3), 5);
        assert_eq!(line_offset(text, 9), text.len());
    }

    #[test]
    fn closest_suggests_near_misses_only() {
        let ids = ["ADR-0007", "ADR-0012", "PAY-142"];
        assert_eq!(closest("ADR-0070", ids), Some("ADR-0007"));
        assert_eq!(closest("adr-0012", ids), Some("ADR-0012"));
        assert_eq!(closest("completely-different", ids), None);
    }

    #[test]
    fn closest_skips_only_candidates_that_cannot_win() {
        // Every candidate scored, as `closest` did before it skipped any.
        let scored = |word: &str, candidates: &[&'static str]| -> Option<&'static str> {
            let mut best: Option<(f64, &str)> = None;
            for &c in candidates {
                let score = strsim::normalized_damerau_levenshtein(&word.to_lowercase(), &c.to_lowercase());
                if best.is_none_or(|(b, x)| score > b || (score == b && c < x)) {
                    best = Some((score, c));
                }
            }
            best.filter(|(score, _)| *score >= 0.5).map(|(_, c)| c)
        };
        let candidates = [
            "PAY-1-search-statement-descriptors.md",
            "PAY-12-search-statement-descriptors.md",
            "PAY-2-search-statement.md",
            "pay-1.md",
            "PAY-1.md",
            "",
            "ÉTAT-1.md",
            "x",
            "ADR-0007-use-postgres.md",
        ];
        for word in [
            "PAY-1-search-statement-descriptor.md",
            "pay-1.md",
            "PAY-11.md",
            "état-1.md",
            "",
            "y",
            "ADR-0007-use-postgresql.md",
            "completely-different-and-much-longer-than-anything-here.md",
        ] {
            for n in 0..=candidates.len() {
                let some = &candidates[..n];
                let reversed: Vec<&str> = some.iter().rev().copied().collect();
                assert_eq!(closest(word, some.iter().copied()), scored(word, some), "{word}");
                assert_eq!(
                    closest(word, reversed.iter().copied()),
                    scored(word, some),
                    "{word}"
                );
            }
        }
    }

    #[test]
    fn slugs_are_lower_case_and_never_empty() {
        assert_eq!(slug("Ana María"), "ana-maría");
        assert_eq!(slug("  PCI scope! "), "pci-scope");
        assert_eq!(slug("../"), "-");
    }

    /// The first sentence taken the plain way: every word joined, then cut.
    fn first_sentence_of_the_whole_text(text: &str) -> String {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let end = text
            .char_indices()
            .find(|&(i, c)| matches!(c, '.' | '!' | '?') && text[i + c.len_utf8()..].starts_with(' '))
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(text.len());
        let sentence = &text[..end];
        if sentence.chars().count() > 200 {
            let cut: String = sentence.chars().take(199).collect();
            format!("{}…", cut.trim_end())
        } else {
            sentence.to_string()
        }
    }

    #[test]
    fn the_first_sentence_is_what_joining_every_word_and_cutting_gives() {
        let long = "é ".repeat(150);
        let texts = [
            String::new(),
            "  ".into(),
            "One.".into(),
            "One. Two.".into(),
            "e.g. this! And? that".into(),
            "Ends with a stop.\n\n".into(),
            format!("{long}. Then more."),
            format!("{}x. y", "a".repeat(199)),
            format!("{} b. c", "a".repeat(198)),
            format!("{}  é. c", "a".repeat(199)),
            "Why?\tBecause.".into(),
        ];
        for text in &texts {
            assert_eq!(
                first_sentence(text),
                first_sentence_of_the_whole_text(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn first_sentence_stops_at_the_period() {
        assert_eq!(first_sentence("We poll.  Then we wait."), "We poll.");
        assert_eq!(first_sentence("v1.2 is out"), "v1.2 is out");
    }
}

/// `bytes` as text, with any invalid UTF-8 replaced by U+FFFD. The same as
/// `String::from_utf8_lossy`, but valid text (nearly all of it) is checked
/// by the standard library's faster validation: the history reads every
/// changed version of every record through this.
pub fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Escapes text for HTML content and quoted attribute values: `&`, `<`, `>`,
/// `"` and `'`. (Slashes stay as they are, so relative URLs stay readable.)
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped_html(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape_html`] does.
pub fn push_escaped_html(out: &mut String, text: &str) {
    // The special characters are ASCII and rare: find them with `memchr`'s
    // vector search and copy the runs between them whole. Each search's
    // next hit is kept, so no byte is searched twice.
    let bytes = text.as_bytes();
    let after = |at: usize, found: Option<usize>| found.map(|i| at + i);
    let brackets = |at: usize| after(at, memchr::memchr3(b'&', b'<', b'>', &bytes[at..]));
    let quotes = |at: usize| after(at, memchr::memchr2(b'"', b'\'', &bytes[at..]));
    let (mut next_bracket, mut next_quote) = (brackets(0), quotes(0));
    let mut plain_from = 0;
    while let Some(i) = next_bracket.into_iter().chain(next_quote).min() {
        let entity = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        out.push_str(&text[plain_from..i]);
        out.push_str(entity);
        plain_from = i + 1;
        if next_bracket == Some(i) {
            next_bracket = brackets(plain_from);
        } else {
            next_quote = quotes(plain_from);
        }
    }
    out.push_str(&text[plain_from..]);
}

#[cfg(test)]
mod escape_tests {
    /// `text` escaped one character at a time.
    fn escaped_by_character(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                other => other.to_string(),
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn escaping_is_character_by_character(text in "\\PC{0,40}") {
            proptest::prop_assert_eq!(super::escape_html(&text), escaped_by_character(&text));
        }

        /// Texts thick with special characters, in runs and next to
        /// each other.
        #[test]
        fn escaping_special_characters_in_any_order_is_character_by_character(text in "[a&<>\"'é ]{0,100}") {
            proptest::prop_assert_eq!(super::escape_html(&text), escaped_by_character(&text));
        }
    }

    #[test]
    fn escapes_markup_but_not_slashes() {
        assert_eq!(
            super::escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(super::escape_html("../a/b"), "../a/b");
    }

    /// Long runs of plain text between the special characters: the
    /// searches' vector paths, and hits near a run's end.
    #[test]
    fn escapes_long_texts_with_few_special_characters() {
        let plain = "plain text ".repeat(20);
        let text = format!("{plain}<{plain}'\"{plain}&{plain}>");
        assert_eq!(super::escape_html(&text), escaped_by_character(&text));
        assert_eq!(super::escape_html(&plain), plain);
    }

    #[test]
    fn lossy_keeps_valid_text_and_replaces_invalid_bytes() {
        assert!(matches!(
            super::lossy("état".as_bytes()),
            std::borrow::Cow::Borrowed("état")
        ));
        assert_eq!(super::lossy(b"a\xffb"), "a\u{fffd}b");
    }
}
