//! Mermaid diagrams (```` ```mermaid ```` blocks of a body) drawn as inline
//! SVG at build time, by the pure-Rust renderer `merman` (the `diagrams`
//! cargo feature, on by default), so that pages need no script for them
//! and work from `file://`.
//!
//! The check stage tries each block once (`diagram-not-rendered` when the
//! renderer cannot draw it) and the render stage asks again for the SVG:
//! both get the result kept from the first time, by source text.
//!
//! The SVG is the renderer's, but its labels are the record's text: it is
//! cleaned as any raw HTML of a body is, with a list of drawing elements
//! (no script, no `foreignObject`, no animation, no link, no image) and no
//! event handler, no reference to anything outside the drawing (`href`
//! only to `#…`, no `url(` but `url(#…)`, no `@import`).

use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// What drawing a diagram gives: its cleaned SVG, or why it could not be drawn.
pub type Drawn = Result<Arc<str>, String>;

/// Whether a fenced code block's info string (`mermaid`, `mermaid title=x`)
/// marks a Mermaid diagram.
pub fn is_mermaid(info: &str) -> bool {
    info.split_whitespace()
        .next()
        .is_some_and(|lang| lang.eq_ignore_ascii_case("mermaid"))
}

/// The Mermaid blocks of a Markdown text: the byte range of each block's
/// opening fence line and its source.
pub fn blocks(markdown: &str) -> Vec<(std::ops::Range<usize>, String)> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let mut found = Vec::new();
    let mut open: Option<(std::ops::Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(markdown, crate::parse::markup::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if is_mermaid(&info) => {
                let line_end = markdown[range.start..]
                    .find('\n')
                    .map_or(range.end, |n| range.start + n);
                open = Some((range.start..line_end, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, source)) = open.as_mut() {
                    source.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => found.extend(open.take()),
            _ => {}
        }
    }
    found
}

/// The diagram of `source` as cleaned SVG, or why it cannot be drawn; each
/// source is drawn once per run.
pub fn draw(source: &str) -> Drawn {
    static DRAWN: OnceLock<Mutex<FxHashMap<String, Drawn>>> = OnceLock::new();
    let cache = DRAWN.get_or_init(Default::default);
    if let Some(done) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(source) {
        return done.clone();
    }
    let drawn = render(source).map(|svg| Arc::from(clean(&svg)));
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(source.to_string(), drawn.clone());
    drawn
}

/// An id for the diagram's elements, the same in every build, unlike
/// another diagram's on the page: its styles are scoped by it.
fn diagram_id(source: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    source.hash(&mut hasher);
    format!("mermaid-{:016x}", hasher.finish())
}

#[cfg(feature = "diagrams")]
fn render(source: &str) -> Result<String, String> {
    use merman::{
        Engine, MermaidConfig, OperationControl, RenderOutput, RenderRequest, Renderer, SvgRequest,
    };
    thread_local! {
        static RENDERER: Renderer = {
            // Labels as SVG text rather than HTML in a `foreignObject`,
            // and the page's own font.
            let config = MermaidConfig::from_value(serde_json::json!({
                "htmlLabels": false,
                "flowchart": { "htmlLabels": false },
                "fontFamily": "system-ui, sans-serif",
                "securityLevel": "strict",
            }));
            Renderer::new().with_engine(Engine::new().with_site_config(config))
        };
    }
    let request = SvgRequest {
        options: merman::svg::SvgRenderOptions {
            diagram_id: Some(merman::svg::sanitize_svg_id(&diagram_id(source))),
            ..Default::default()
        },
        ..Default::default()
    };
    // A panic in the renderer is a diagram it cannot draw, not a failed build.
    let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        RENDERER
            .with(|renderer| renderer.render(RenderRequest::svg(source, OperationControl::new(), request)))
    }))
    .map_err(|_| "the renderer failed on it".to_string())?;
    match drawn {
        Ok(RenderOutput::Svg(Some(svg))) => Ok(svg.svg().to_string()),
        Ok(_) => Err("no Mermaid diagram type was recognised".to_string()),
        Err(e) => Err(first_line(&e.to_string())),
    }
}

#[cfg(not(feature = "diagrams"))]
fn render(source: &str) -> Result<String, String> {
    let _ = diagram_id(source);
    Err("this shoshin was built without the `diagrams` feature".to_string())
}

/// The first line of a message, without its final period.
#[cfg(feature = "diagrams")]
fn first_line(message: &str) -> String {
    message
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_string()
}

/// The SVG elements a diagram may hold: shapes, text, grouping, markers,
/// gradients and styles; nothing that runs, links, loads or embeds HTML.
const SVG_TAGS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "style",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "marker",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "pattern",
    "symbol",
    "filter",
    "feDropShadow",
    "feGaussianBlur",
    "feOffset",
    "feFlood",
    "feComposite",
    "feMerge",
    "feMergeNode",
    "feBlend",
    "feMorphology",
];

/// Whether an attribute value, or a style, could reach outside the drawing
/// or run something.
fn reaches_out(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let outside_url = lower.match_indices("url(").any(|(at, _)| {
        !lower[at + 4..]
            .trim_start_matches([' ', '\'', '"'])
            .starts_with('#')
    });
    outside_url
        || lower.contains("@import")
        || lower.contains("javascript:")
        || lower.contains("expression(")
        || lower.contains("</")
}

/// `svg` with only drawing elements and attributes that stay inside it.
pub fn clean(svg: &str) -> String {
    use std::borrow::Cow;
    let prefixes: std::collections::HashSet<String> = ('a'..='z').map(String::from).collect();
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(SVG_TAGS.iter().copied().collect())
        .clean_content_tags(["script", "foreignObject", "foreignobject"].into_iter().collect())
        .generic_attribute_prefixes(prefixes.iter().map(String::as_str).collect())
        .url_schemes(std::collections::HashSet::new())
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|_element, attribute, value| {
            let name = attribute.to_ascii_lowercase();
            if name.starts_with("on") || reaches_out(value) {
                None
            } else if name == "href" || name.ends_with(":href") {
                value.starts_with('#').then_some(Cow::Borrowed(value))
            } else {
                Some(Cow::Borrowed(value))
            }
        });
    let cleaned = builder.clean(svg).to_string();
    // A style element whose rules reach outside the drawing goes whole.
    drop_outreaching_styles(&cleaned)
}

/// `html` without the `<style>` elements whose text [`reaches_out`].
fn drop_outreaching_styles(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<style") {
        let Some(end) = rest[start..]
            .find("</style>")
            .map(|e| start + e + "</style>".len())
        else {
            break;
        };
        out.push_str(&rest[..start]);
        let element = &rest[start..end];
        let text = element
            .find('>')
            .map_or("", |gt| &element[gt + 1..element.len() - 8]);
        if !reaches_out(text) {
            out.push_str(element);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_keeps_the_drawing_and_drops_what_runs_or_reaches_out() {
        let svg = r##"<svg viewBox="0 0 10 10" onload="alert(1)"><style>#d{fill:red}</style><script>alert(2)</script><a href="javascript:alert(3)"><rect width="5" height="5" fill="url(#g)" onclick="x()"/></a><foreignObject><div>hi</div></foreignObject><use href="https://example.com/x.svg#a"/><path d="M0 0" style="fill:url(https://example.com/x)"/><text x="1">a &lt;b&gt;</text><style>@import url(https://example.com/x.css);</style></svg>"##;
        let cleaned = clean(svg);
        assert!(cleaned.starts_with(r#"<svg viewBox="0 0 10 10">"#), "{cleaned}");
        assert!(cleaned.contains("<style>#d{fill:red}</style>"), "{cleaned}");
        assert!(cleaned.contains(r#"fill="url(#g)""#), "{cleaned}");
        assert!(cleaned.contains("<text x=\"1\">a &lt;b&gt;</text>"), "{cleaned}");
        for gone in [
            "alert",
            "onclick",
            "<a",
            "foreignObject",
            "hi",
            "example.com",
            "<use",
            "@import",
        ] {
            assert!(!cleaned.contains(gone), "{gone} in {cleaned}");
        }
    }

    #[test]
    fn blocks_are_found_with_their_fence_line() {
        let markdown = "Text\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\n```rust\nfn x() {}\n```\n";
        let found = blocks(markdown);
        assert_eq!(found.len(), 1);
        assert_eq!(&markdown[found[0].0.clone()], "```mermaid");
        assert_eq!(found[0].1, "flowchart LR\n  A --> B\n");
        assert!(is_mermaid("Mermaid title=x") && !is_mermaid("mermaidx") && !is_mermaid(""));
    }

    #[cfg(feature = "diagrams")]
    #[test]
    fn a_flowchart_and_a_sequence_diagram_are_drawn_and_nonsense_is_not() {
        let flowchart = draw("flowchart LR\n  A[Request] --> B[(Postgres)]\n").unwrap();
        assert!(flowchart.starts_with("<svg"), "{flowchart}");
        assert!(flowchart.contains("Postgres"), "{flowchart}");
        assert!(!flowchart.contains("foreignObject"), "{flowchart}");
        let sequence = draw("sequenceDiagram\n  Alice->>Bob: pay\n").unwrap();
        assert!(
            sequence.contains("Alice") && sequence.contains("pay"),
            "{sequence}"
        );
        assert_eq!(
            draw("flowchart LR\n  A[x] --> B\n"),
            draw("flowchart LR\n  A[x] --> B\n")
        );
        assert!(draw("notadiagram\n  x\n").is_err());
    }
}
