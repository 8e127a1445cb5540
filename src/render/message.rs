//! Diagnostic and readiness messages as HTML: they are written for the
//! terminal, with `code` in backticks and record ids in plain words; on the
//! site the backticks become `<code>` and each id of a record becomes a
//! link to its page. Everything else is escaped.

use crate::index::Index;
use crate::text::escape_html;

/// `text` as HTML for a page whose way back to the site's root is `root`
/// (`../../` on a record page).
pub fn html(index: &Index, text: &str, root: &str) -> String {
    let mut out = String::new();
    let pieces: Vec<&str> = text.split('`').collect();
    // An odd number of backticks leaves the last one unmatched: kept as text.
    let paired = pieces.len() % 2 == 1;
    for (n, piece) in pieces.iter().enumerate() {
        let last = n == pieces.len() - 1;
        if n % 2 == 1 && (paired || !last) {
            out.push_str("<code>");
            out.push_str(&escape_html(piece));
            out.push_str("</code>");
        } else {
            if n % 2 == 1 {
                out.push('`');
            }
            linked(index, piece, root, &mut out);
        }
    }
    out
}

/// Appends `text`, escaped, with each whole word that is a record's id
/// made a link to the record.
fn linked(index: &Index, text: &str, root: &str, out: &mut String) {
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest.find(is_word).unwrap_or(rest.len());
        out.push_str(&escape_html(&rest[..start]));
        rest = &rest[start..];
        let end = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
        let word = &rest[..end];
        // A sentence's full stop or a hyphen after an id is not part of it.
        let id = word.trim_end_matches(['.', '-']);
        match index.get(id).filter(|_| !id.is_empty()) {
            Some(i) => {
                let url = super::markdown::record_url(index, i);
                out.push_str(&format!(
                    "<a href=\"{}{}\">{}</a>{}",
                    escape_html(root),
                    escape_html(&url),
                    escape_html(id),
                    escape_html(&word[id.len()..])
                ));
            }
            None => out.push_str(&escape_html(word)),
        }
        rest = &rest[end..];
    }
}

#[cfg(test)]
mod tests {
    struct Fixture {
        index: crate::index::Index,
    }

    use crate::test_support::indexed;

    #[test]
    fn code_spans_and_ids_become_html() {
        let (_dir, index, _) = indexed(
            &[("items/PAY-1.md", "---\nid: PAY-1\n---\n")],
            &Default::default(),
        );
        let f = Fixture { index };
        let html = super::html(&f.index, "depends on PAY-1, which is `draft` <b>.", "../../");
        assert_eq!(
            html,
            "depends on <a href=\"../../items/PAY-1/index.html\">PAY-1</a>, which is <code>draft</code> &lt;b&gt;."
        );
        assert_eq!(super::html(&f.index, "a `b` c `d", ""), "a <code>b</code> c `d");
        assert_eq!(
            super::html(&f.index, "see PAY-1.", ""),
            "see <a href=\"items/PAY-1/index.html\">PAY-1</a>."
        );
        assert_eq!(
            super::html(&f.index, "PAY-10 and xPAY-1", ""),
            "PAY-10 and xPAY-1"
        );
    }
}
