//! A section's plain text as the body is read: its length, the start of
//! it (enough for its first sentence) and, when asked, all of it.

/// A section's plain text as it is read: its pieces joined by spaces, its
/// length, and the start that holds its first sentence.
#[derive(Default)]
pub struct SectionText {
    /// The start of the text, up to its first sentence's end once found.
    pub lead: String,
    /// All of the text, when it is kept.
    pub whole: Option<String>,
    /// Characters so far, and up to the last piece that was not blank.
    so_far: usize,
    chars: usize,
    /// The lead holds all the words its first sentence needs.
    lead_done: bool,
}

impl SectionText {
    /// An empty text, keeping all of it when `whole`.
    pub fn new(whole: bool) -> SectionText {
        SectionText {
            whole: whole.then(String::new),
            ..SectionText::default()
        }
    }

    /// Characters in the text, spaces at its ends left out.
    pub fn chars(&self) -> usize {
        self.chars
    }

    /// Adds `piece`, trimmed, of `piece_chars` characters: after a space,
    /// or right after the text before when it `runs_on` (the same word,
    /// split by inline markup).
    pub fn push(&mut self, piece: &str, piece_chars: usize, runs_on: bool) {
        let finding_lead = !self.lead_done;
        // A first sentence ends at a mark with a word after it…
        let is_mark = |b: &u8| matches!(b, b'.' | b'!' | b'?');
        let may_end = finding_lead
            && (self.lead.trim_end().as_bytes().last().is_some_and(is_mark)
                || piece.as_bytes().iter().any(is_mark));
        if self.so_far > 0 && !runs_on {
            self.so_far += 1;
            if let Some(whole) = &mut self.whole {
                whole.push(' ');
            }
            if finding_lead {
                self.lead.push(' ');
            }
        }
        self.so_far += piece_chars;
        if !piece.is_empty() {
            self.chars = self.so_far;
        }
        if let Some(whole) = &mut self.whole {
            whole.push_str(piece);
        }
        if finding_lead {
            self.lead.push_str(piece);
        }
        // …or once its words pass the limit, which they cannot do before its bytes.
        let may_be_long = self.lead.len() > crate::text::SENTENCE_LIMIT;
        if finding_lead && (may_end || may_be_long) {
            if let Some(end) = crate::text::first_sentence_end(&self.lead) {
                self.lead.truncate(end);
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
        let mut text = SectionText::new(true);
        let mut lead_only = SectionText::new(false);
        for piece in pieces {
            text.push(piece, piece.chars().count(), false);
            lead_only.push(piece, piece.chars().count(), false);
        }
        let joined = pieces.join(" ");
        assert_eq!(text.whole.as_deref(), Some(joined.as_str()));
        assert_eq!((lead_only.whole, lead_only.lead.as_str()), (None, "First one."));
        assert_eq!(text.chars(), joined.trim().chars().count());
        assert_eq!(text.lead, "First one.");
    }

    #[test]
    fn pieces_that_run_on_join_without_a_space() {
        let mut text = SectionText::new(true);
        for (piece, runs_on) in [
            ("Polling the bank (", false),
            ("ADR-4", true),
            (") fails.", true),
            ("Next.", false),
        ] {
            text.push(piece, piece.chars().count(), runs_on);
        }
        assert_eq!(
            text.whole.as_deref(),
            Some("Polling the bank (ADR-4) fails. Next.")
        );
        assert_eq!(text.lead, "Polling the bank (ADR-4) fails.");
        assert_eq!(
            text.chars(),
            "Polling the bank (ADR-4) fails. Next.".chars().count()
        );
    }
}
