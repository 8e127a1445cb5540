//! `diagram-not-rendered`: a ```` ```mermaid ```` block the diagram renderer
//! cannot draw (a syntax error, a diagram type it does not know, or a
//! shoshin built without the `diagrams` feature). Its page shows the
//! source as a code block; the diagnostic says where and why.

use super::at;
use crate::diagnostic::{Code, Diagnostic};
use crate::index::Index;

/// Tries every Mermaid block of every body (the renderer keeps each result
/// for the site), and reports those it cannot draw.
pub fn not_rendered(index: &Index, out: &mut Vec<Diagnostic>) {
    for record in &index.records {
        let body = record.body();
        // Most bodies have no diagram: only those naming one are parsed.
        if !body.contains("mermaid") && !body.contains("Mermaid") {
            continue;
        }
        let offset = record.source().len() - body.len();
        for (fence, source) in crate::diagram::blocks(body) {
            if let Err(why) = crate::diagram::draw(&source) {
                let span = offset + fence.start..offset + fence.end;
                out.push(
                    at(
                        record,
                        Code::DiagramNotRendered,
                        span,
                        format!("this Mermaid diagram cannot be drawn ({why}); the page shows its source"),
                    )
                    .with_help("fix the diagram's syntax (mermaid.live shows where), or draw it another way"),
                );
            }
        }
    }
}
