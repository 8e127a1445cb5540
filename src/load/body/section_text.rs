//! A section's plain text as the body is read: its length, and the start of
//! it (enough for its first sentence) or all of it.

/// How much of each section's text the body's walk keeps.
#[derive(Clone, Copy, PartialEq)]
pub enum Keep {
    /// Enough for its first sentence, in [`crate::model::Section::lead`].
    Lead,
    /// All of it, returned beside the body.
    Whole,
}

/// A section's plain text as it is read: its pieces joined by spaces, its
/// length, and as much of it as is kept.
#[derive(Default)]
pub struct SectionText {
    /// What is kept of the text.
    pub kept: String,
    /// Characters so far, and up to the last piece that was not blank.
    so_far: usize,
    chars: usize,
    /// The kept start holds all the words its first sentence needs.
    lead_done: bool,
}

impl SectionText {
    /// Characters in the text, spaces at its ends left out.
    pub fn chars(&self) -> usize {
        self.chars
    }

    /// Adds `piece`, trimmed, of `piece_chars` characters.
    pub fn push(&mut self, piece: &str, piece_chars: usize, keep: Keep) {
        let finding_lead = keep == Keep::Lead && !self.lead_done;
        let keeping = keep == Keep::Whole || finding_lead;
        // A first sentence ends at a mark with a word after it…
        let is_mark = |b: &u8| matches!(b, b'.' | b'!' | b'?');
        let may_end = finding_lead
            && (self.kept.trim_end().as_bytes().last().is_some_and(is_mark)
                || piece.as_bytes().iter().any(is_mark));
        if self.so_far > 0 {
            self.so_far += 1;
            if keeping {
                self.kept.push(' ');
            }
        }
        self.so_far += piece_chars;
        if !piece.is_empty() {
            self.chars = self.so_far;
        }
        if keeping {
            self.kept.push_str(piece);
        }
        // …or once its words pass the limit, which they cannot do before its bytes.
        let may_be_long = self.kept.len() > crate::text::SENTENCE_LIMIT;
        if finding_lead && (may_end || may_be_long) {
            if let Some(end) = crate::text::first_sentence_end(&self.kept) {
                self.kept.truncate(end);
                self.lead_done = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_length_leaves_out_end_spaces_and_the_lead_ends_with_the_first_sentence() {
        let pieces = ["First one.", "", "Second é", "one.", ""];
        let mut lead = SectionText::default();
        let mut whole = SectionText::default();
        for piece in pieces {
            lead.push(piece, piece.chars().count(), Keep::Lead);
            whole.push(piece, piece.chars().count(), Keep::Whole);
        }
        let joined = pieces.join(" ");
        assert_eq!(whole.kept, joined);
        assert_eq!(whole.chars(), joined.trim().chars().count());
        assert_eq!(lead.chars(), whole.chars());
        assert_eq!(lead.kept, "First one.");
    }
}
