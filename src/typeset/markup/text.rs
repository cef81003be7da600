//! Plain text to Typst markup: paragraphs of escaped text, with the LaTeX
//! math among them typeset.
//!
//! Every character outside a formula goes through `escape_text`; a formula
//! becomes Typst math only through the LaTeX converter.

use super::formulas::{latex_math, text_math};
use super::{Converted, MathError, SourceSpan, breakable_tokens, source_of_formula};
use crate::escape::escape_text;
use crate::model::MathSyntax;

/// Converts a plain-text abstract: blank lines separate paragraphs, single
/// line breaks are spaces, every character shows as typed — except LaTeX
/// math (`$\alpha$`, `\(…\)`, `\[…\]`), which is typeset. A formula that
/// cannot be converted shows as typed, in monospace.
pub fn text_to_typst(text: &str, math: MathSyntax) -> String {
    text_to_typst_mapped(text, math).typst
}

/// Like [`text_to_typst`], also returning each formula's source range and
/// the formulas that could not be converted. Ranges refer to the text with
/// `\r\n` written `\n`.
pub fn text_to_typst_mapped(text: &str, math: MathSyntax) -> Converted {
    let text = text.replace("\r\n", "\n");
    let mut out = String::new();
    let mut spans = Vec::new();
    let mut unconverted = Vec::new();
    let mut offset = 0;
    for paragraph in text.split("\n\n") {
        let start = offset;
        offset += paragraph.len() + 2;
        if paragraph.trim().is_empty() {
            continue;
        }
        let mut last = 0;
        let mut pieces = String::new();
        let plain = |piece: &str, pieces: &mut String| {
            let mut joined = piece.split_whitespace().collect::<Vec<_>>().join(" ");
            if piece.starts_with(char::is_whitespace) && !pieces.is_empty() {
                joined.insert(0, ' ');
            }
            if piece.ends_with(char::is_whitespace) && !joined.is_empty() {
                joined.push(' ');
            }
            pieces.push_str(&escape_text(&breakable_tokens(&joined)));
        };
        for found in text_math(paragraph, math) {
            plain(&paragraph[last..found.whole.start], &mut pieces);
            let converted = latex_math(&paragraph[found.content.clone()], found.display);
            let typst = match converted {
                Ok(typst) => typst,
                Err(err) => {
                    unconverted.push(MathError::from_latex(err, start + found.content.start));
                    source_of_formula(&paragraph[found.whole.clone()])
                }
            };
            let generated = out.len() + pieces.len();
            pieces.push_str(&typst);
            spans.push(SourceSpan {
                generated: generated..out.len() + pieces.len(),
                source: start + found.whole.start..start + found.whole.end,
            });
            last = found.whole.end;
        }
        plain(&paragraph[last..], &mut pieces);
        out.push_str(pieces.trim_end());
        out.push_str("\n\n");
    }
    Converted {
        typst: out,
        spans,
        unconverted,
        missing_alt: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_paragraphs_are_kept() {
        assert_eq!(
            text_to_typst("one\ntwo\n\n#three\n", MathSyntax::Auto),
            "one two\n\n\\#three\n\n"
        );
    }

    #[test]
    fn plain_text_typesets_only_latex_math() {
        assert_eq!(
            text_to_typst("costs $5 or $10, not $\\alpha$", MathSyntax::Auto),
            "costs \\$5 or \\$10, not #math.equation(alt: \"alpha\", block: false, $α$.body);\n\n"
        );
        assert_eq!(
            text_to_typst("a \\(x_i\\) b", MathSyntax::Auto),
            "a #math.equation(alt: \"x sub i\", block: false, $x_(i)$.body); b\n\n"
        );
        assert_eq!(
            text_to_typst("a $x_i$ b", MathSyntax::Typst),
            "a \\$x\\_i\\$ b\n\n"
        );
        let text = "one\r\n\r\nsee $\\bad$";
        let converted = text_to_typst_mapped(text, MathSyntax::Auto);
        let err = &converted.unconverted[0];
        assert_eq!(&text.replace("\r\n", "\n")[err.range.clone()], "\\bad");
        assert_eq!(converted.typst, "one\n\nsee #raw(\"$\\\\bad$\");\n\n");
    }
}
