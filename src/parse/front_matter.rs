//! Splits a record's text into front matter and body.

use std::ops::Range;

/// The parts of a record's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// Byte range of the YAML between the fences, if the file has front matter.
    pub yaml: Option<Range<usize>>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Why the front matter could not be split.
#[derive(Debug, Clone, PartialEq)]
pub struct Unclosed {
    /// Byte offset of the opening fence.
    pub fence: usize,
}

/// Splits `text` (byte-order mark already removed).
///
/// Front matter starts with a first line of `---` and ends at the next line of
/// `---` or `...`; trailing spaces and `\r\n` line ends are accepted. A text that
/// does not start with `---` has no front matter and is all body.
pub fn split(text: &str) -> Result<Split, Unclosed> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Ok(Split {
            yaml: None,
            body_start: 0,
        });
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut line_start = yaml_start;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map(|i| line_start + i)
            .unwrap_or(text.len());
        let line = text[line_start..line_end].trim_end();
        if line == "---" || line == "..." {
            let body_start = (line_end + 1).min(text.len());
            return Ok(Split {
                yaml: Some(yaml_start..line_start),
                body_start,
            });
        }
        line_start = line_end + 1;
    }
    Err(Unclosed { fence: 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\nid: A-1\n---\n# Title\n";
        let split = split(text).unwrap();
        assert_eq!(&text[split.yaml.unwrap()], "id: A-1\n");
        assert_eq!(&text[split.body_start..], "# Title\n");
    }

    #[test]
    fn accepts_crlf_and_trailing_spaces_and_dots() {
        let text = "--- \r\nid: A-1\r\n...\r\nbody";
        let split = split(text).unwrap();
        assert_eq!(&text[split.yaml.unwrap()], "id: A-1\r\n");
        assert_eq!(&text[split.body_start..], "body");
    }

    #[test]
    fn no_fence_means_no_front_matter() {
        assert_eq!(
            split("# Title\n---\n").unwrap(),
            Split {
                yaml: None,
                body_start: 0
            }
        );
        assert_eq!(
            split("").unwrap(),
            Split {
                yaml: None,
                body_start: 0
            }
        );
    }

    #[test]
    fn an_unclosed_fence_is_an_error() {
        assert!(split("---\nid: A-1\n# Title\n").is_err());
        assert!(split("---").is_err());
    }

    #[test]
    fn empty_front_matter_at_end_of_file() {
        let split = split("---\n---").unwrap();
        assert_eq!(split.yaml, Some(4..4));
        assert_eq!(split.body_start, 7);
    }

    mod properties {
        use super::super::split;
        use proptest::prelude::*;

        /// Lines of YAML that are never a closing fence.
        fn yaml_lines() -> impl Strategy<Value = String> {
            proptest::collection::vec("[ -~]{0,20}", 0..6).prop_map(|lines| {
                lines
                    .into_iter()
                    .filter(|l| !matches!(l.trim_end(), "---" | "..."))
                    .map(|l| l + "\n")
                    .collect()
            })
        }

        proptest! {
            #[test]
            fn any_text_splits_or_fails_without_panicking(text in "(---\\r?\\n)?[\\PC\\n\\r-]{0,200}") {
                match split(&text) {
                    Ok(parts) => {
                        prop_assert!(parts.body_start <= text.len());
                        prop_assert!(text.is_char_boundary(parts.body_start));
                        if let Some(yaml) = parts.yaml {
                            prop_assert!(yaml.end <= parts.body_start);
                            prop_assert!(text.is_char_boundary(yaml.start) && text.is_char_boundary(yaml.end));
                            prop_assert_eq!(text[..yaml.start].trim_end(), "---");
                        } else {
                            prop_assert_eq!(parts.body_start, 0);
                        }
                    }
                    Err(unclosed) => prop_assert_eq!(unclosed.fence, 0),
                }
            }

            #[test]
            fn front_matter_and_body_come_back_as_written(yaml in yaml_lines(), body in "[\\PC\\n]{0,80}") {
                let text = format!("---\n{yaml}---\n{body}");
                let parts = split(&text).unwrap();
                prop_assert_eq!(&text[parts.yaml.unwrap()], yaml.as_str());
                prop_assert_eq!(&text[parts.body_start..], body.as_str());
            }
        }
    }
}
