//! "Did you mean" among thousands of record ids, without comparing a
//! misspelt id with every one of them.
//!
//! Two words within two edits of each other (a character inserted, deleted,
//! replaced, or two swapped) become the same word when at most two
//! characters are deleted from each. So every id is filed under each form it
//! takes with up to two characters deleted, and a lookup deletes up to two
//! characters of the word asked for and looks those forms up: a few dozen
//! lookups instead of one comparison per id. The ids found are then scored
//! as [`super::closest`] scores them.

/// Many words, filed for finding the ones close to a given word.
pub struct Nearby<'a> {
    /// The words given.
    words: Vec<&'a str>,
    /// `(hash of a deletion form, index into words)`, sorted.
    forms: Vec<(u64, u32)>,
}

/// The most characters deleted from each side: words further apart than two
/// edits are not suggested.
const DELETIONS: usize = 2;

impl<'a> Nearby<'a> {
    /// Files `words` (duplicates are fine).
    pub fn new(words: impl IntoIterator<Item = &'a str>) -> Nearby<'a> {
        let words: Vec<&str> = words.into_iter().collect();
        let mut forms = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let chars: Vec<char> = word.to_lowercase().chars().collect();
            deletion_forms(&chars, |hash| forms.push((hash, i as u32)));
        }
        forms.sort_unstable();
        forms.dedup();
        Nearby { words, forms }
    }

    /// The word closest to `word`, when one is within two edits and close
    /// enough for [`super::closest`].
    pub fn closest(&self, word: &str) -> Option<&'a str> {
        let chars: Vec<char> = word.to_lowercase().chars().collect();
        let mut found: Vec<u32> = Vec::new();
        deletion_forms(&chars, |hash| {
            let start = self.forms.partition_point(|&(h, _)| h < hash);
            let same = self.forms[start..].iter().take_while(|&&(h, _)| h == hash);
            found.extend(same.map(|&(_, i)| i));
        });
        found.sort_unstable();
        found.dedup();
        super::closest(word, found.into_iter().map(|i| self.words[i as usize]))
    }
}

/// Calls `each` with the hash of every form of `chars` with at most
/// [`DELETIONS`] characters deleted (the same form may come more than once).
fn deletion_forms(chars: &[char], mut each: impl FnMut(u64)) {
    fn go(chars: &mut Vec<char>, from: usize, left: usize, each: &mut impl FnMut(u64)) {
        each(hash(chars));
        if left == 0 {
            return;
        }
        for at in from..chars.len() {
            let removed = chars.remove(at);
            go(chars, at, left - 1, each);
            chars.insert(at, removed);
        }
    }
    go(&mut chars.to_vec(), 0, DELETIONS, &mut each);
}

fn hash(chars: &[char]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    chars.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_closest_finds_within_two_edits() {
        let ids = ["ADR-0007", "ADR-0012", "PAY-142", "PAY-1420", "PAY-9", "ÉTAT-3"];
        let nearby = Nearby::new(ids);
        for word in [
            "ADR-0070",
            "adr-0012",
            "ADR-007",
            "ADR-00007",
            "PAY-142",
            "PAY-41",
            "PAY-14200",
            "état-3",
            "PAY-8",
        ] {
            assert_eq!(nearby.closest(word), super::super::closest(word, ids), "{word}");
        }
    }

    #[test]
    fn suggests_nothing_three_edits_away_or_for_nothing_near() {
        let nearby = Nearby::new(["ADR-0007-use-postgres"]);
        assert_eq!(
            nearby.closest("ADR-0007-use-postgres"),
            Some("ADR-0007-use-postgres")
        );
        assert_eq!(
            nearby.closest("ADR-0007-use-postgresql"),
            Some("ADR-0007-use-postgres")
        );
        assert_eq!(nearby.closest("ADR-0007-use-postgresqll"), None);
        assert_eq!(nearby.closest("completely-different"), None);
        assert_eq!(Nearby::new([]).closest("ADR-1"), None);
    }
}
