//! Simple charts drawn at build time as inline SVG, so the health page needs
//! no JavaScript: horizontal bars with their label and value written out.

use crate::text::escape_html;

/// Height of one bar row, in SVG units.
const ROW: u64 = 22;
/// Width of the label column.
const LABEL: u64 = 150;
/// Width of the longest bar.
const BAR: u64 = 300;

/// A horizontal bar chart of `rows` (label, value); empty for no rows.
pub fn bars(rows: &[(String, u64)]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let height = ROW * rows.len() as u64;
    let width = LABEL + BAR + 50;
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    let title: Vec<String> = rows.iter().map(|(l, v)| format!("{l}: {v}")).collect();
    svg.push_str(&format!("<title>{}</title>", escape_html(&title.join(", "))));
    for (n, (label, value)) in rows.iter().enumerate() {
        let y = ROW * n as u64;
        let length = (BAR * value).div_ceil(max).max(if *value > 0 { 1 } else { 0 });
        let text_y = y + ROW / 2 + 4;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{text_y}\" text-anchor=\"end\">{}</text><rect x=\"{LABEL}\" y=\"{}\" width=\"{length}\" height=\"{}\"/><text x=\"{}\" y=\"{text_y}\">{value}</text>",
            LABEL - 6,
            escape_html(label),
            y + 3,
            ROW - 6,
            LABEL + length + 4,
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_scaled_to_the_largest_value_and_labels_escaped() {
        let svg = bars(&[("a<b".into(), 2), ("c".into(), 4)]);
        assert!(svg.contains("a&lt;b"), "{svg}");
        assert!(svg.contains("width=\"150\" height=\"16\""), "{svg}");
        assert!(svg.contains("width=\"300\" height=\"16\""), "{svg}");
        assert_eq!(bars(&[]), "");
    }
}
