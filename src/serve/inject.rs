//! What `serve` adds to every HTML page it sends: a small script that tells
//! the server which page it shows and reloads the page once the site is
//! rebuilt and that page is up to date, and, while the records have errors, an
//! overlay listing them. Built pages never contain either.

use crate::text::escape_html;

/// The first line of what is injected, so tests and tools can strip it.
pub const BEGIN: &str = "<!-- shoshin serve -->";
/// The last line of what is injected.
pub const END: &str = "<!-- /shoshin serve -->";

/// The WebSocket path the reload script connects to.
pub const SOCKET_PATH: &str = "/__shoshin/ws";

/// At most this many problems are listed in the overlay.
const SHOWN: usize = 50;

/// A problem shown in the overlay: an error diagnostic or a failed rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: `items/PAY-1.md:3`, or a template or configuration file.
    pub place: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

const SCRIPT: &str = r#"<script>
(function () {
  var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__shoshin/ws";
  var wasOpen = false;
  function connect() {
    var socket = new WebSocket(url);
    socket.onopen = function () {
      if (wasOpen) { location.reload(); }
      wasOpen = true;
      socket.send(location.pathname);
    };
    socket.onmessage = function (event) { if (event.data === "reload") { location.reload(); } };
    socket.onclose = function () { setTimeout(connect, 1000); };
  }
  connect();
})();
</script>"#;

const OVERLAY_STYLE: &str =
    "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;\
margin:0;padding:1rem 1.25rem;background:#2b0b0b;color:#ffe9e9;border-top:4px solid #e5484d;\
font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 16px rgba(0,0,0,.4)";

/// The file and line of a problem: its own colours, so that the site's
/// `code` style (a light background) never puts light text on it (11:1
/// against its background).
const PLACE_STYLE: &str =
    "color:#ffd7d7;background:#4a1414;padding:0 .3em;border-radius:3px;font:inherit;font-weight:600";

/// The HTML injected before `</body>`: the reload script, and the overlay
/// when there are problems.
pub fn snippet(problems: &[Problem]) -> String {
    let mut html = String::with_capacity(1024);
    html.push_str(BEGIN);
    html.push('\n');
    if !problems.is_empty() {
        let count = problems.len();
        let noun = if count == 1 { "error" } else { "errors" };
        html.push_str(&format!(
            "<div id=\"shoshin-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\">\
<button type=\"button\" onclick=\"this.parentNode.remove()\" aria-label=\"Hide\" \
style=\"float:right;background:none;border:0;color:inherit;font-size:1.4rem;cursor:pointer\">×</button>\
<strong>shoshin: {count} {noun}</strong> (this page reloads by itself once they are fixed)<ul style=\"margin:.5rem 0 0;padding-left:1.2rem\">"
        ));
        for problem in problems.iter().take(SHOWN) {
            html.push_str(&format!(
                "<li><code style=\"{PLACE_STYLE}\">{}</code> {}</li>",
                escape_html(&problem.place),
                escape_html(&problem.message)
            ));
        }
        if count > SHOWN {
            html.push_str(&format!(
                "<li>… and {} more: run <code>shoshin check</code></li>",
                count - SHOWN
            ));
        }
        html.push_str("</ul></div>\n");
    }
    html.push_str(SCRIPT);
    html.push('\n');
    html.push_str(END);
    html
}

/// `page` with `snippet` inserted before its last `</body>` (at the end when
/// it has none).
pub fn into_page(page: &[u8], snippet: &str) -> Vec<u8> {
    let at = find_last(page, b"</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + snippet.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// `page` without what [`into_page`] inserted.
pub fn strip(page: &str) -> String {
    match (page.find(BEGIN), page.find(END)) {
        (Some(start), Some(end)) if end >= start => format!("{}{}", &page[..start], &page[end + END.len()..]),
        _ => page.to_string(),
    }
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_closing_body_and_strips_off_again() {
        let page = "<html><body><p>x</p></body></html>";
        let served = String::from_utf8(into_page(page.as_bytes(), &snippet(&[]))).unwrap();
        assert!(served.contains("/__shoshin/ws"));
        assert!(
            served.ends_with("</script>\n<!-- /shoshin serve --></body></html>"),
            "{served}"
        );
        assert!(!served.contains("shoshin-overlay"));
        assert_eq!(strip(&served), page);
    }

    #[test]
    fn problems_are_listed_escaped_in_the_overlay() {
        let problems = vec![Problem {
            place: "items/PAY-1.md:2".into(),
            message: "invalid YAML near <b>".into(),
        }];
        let html = snippet(&problems);
        assert!(html.contains("shoshin-overlay"));
        assert!(html.contains("shoshin: 1 error</strong>"));
        assert!(html.contains(&format!(
            "<code style=\"{PLACE_STYLE}\">items/PAY-1.md:2</code> invalid YAML near &lt;b&gt;"
        )));
    }

    /// The WCAG contrast ratio of two `#rrggbb` colours.
    fn contrast(a: &str, b: &str) -> f64 {
        let luminance = |hex: &str| {
            let channel = |i: usize| {
                let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
                if c <= 0.03928 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
        };
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn the_problem_s_place_is_readable_on_its_background() {
        let colour = |key: &str| {
            let start = PLACE_STYLE.find(key).unwrap() + key.len();
            PLACE_STYLE[start..start + 7].to_string()
        };
        let ratio = contrast(&colour("color:"), &colour("background:"));
        assert!(ratio >= 4.5, "{ratio}");
    }

    #[test]
    fn a_page_without_body_gets_the_snippet_at_the_end() {
        let served = into_page(b"plain", "<!--x-->");
        assert_eq!(served, b"plain<!--x-->");
    }
}
