//! Turning user prose into Typst markup that cannot run code.
//!
//! Plain text is escaped character by character; Markdown is parsed with
//! pulldown-cmark and each element becomes a Typst function call whose text
//! arguments are escaped. Nothing a user writes in a `.md` or `.txt` file can
//! reach Typst as code.
//!
//! Plain text is converted by [`text`], Markdown by [`markdown`], and the
//! formulas in both are found by [`formulas`]; what they share (breaking
//! long words, the first paragraph, spans and errors) is here.

mod formulas;
mod markdown;
mod text;

#[cfg(test)]
mod property;

use std::ops::Range;

pub use formulas::latex_formulas;
pub use markdown::{markdown_to_typst, markdown_to_typst_mapped, plain_paragraphs};
pub use text::{text_to_typst, text_to_typst_mapped};

use crate::typeset::latex;

/// `text` with an invisible break opportunity (U+200B) between the
/// characters of every run of 30 or more without a space (a long URL, a row
/// of "====="), so that it cannot run off the page; never before a
/// combining mark. Shorter words are left alone.
pub fn breakable_tokens(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    const LONG: usize = 30;
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if token.chars().count() >= LONG {
            for (i, c) in token.chars().enumerate() {
                if i > 0 && !is_combining_mark(c) && c != '\u{200d}' {
                    out.push('\u{200b}');
                }
                out.push(c);
            }
        } else {
            out.push_str(token);
        }
        token.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut token, &mut out);
            out.push(c);
        } else {
            token.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

/// Prose converted to Typst, with what a message about it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    /// The Typst markup.
    pub typst: String,
    /// Where each piece of math came from.
    pub spans: Vec<SourceSpan>,
    /// The LaTeX formulas that could not be converted, printed as their
    /// source: a warning each.
    pub unconverted: Vec<MathError>,
    /// The images without alt text (where, and the alt text given): a
    /// warning each.
    pub missing_alt: Vec<(Range<usize>, String)>,
}

/// A LaTeX formula shown as typed, set off in monospace: a string literal,
/// so its text is data.
fn source_of_formula(source: &str) -> String {
    format!("#raw({});", crate::escape::string_literal(source))
}

/// A formula that could not be converted: where in the source, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathError {
    /// Byte range in the Markdown or text source.
    pub range: Range<usize>,
    /// What is wrong.
    pub message: String,
}

impl MathError {
    fn from_latex(err: latex::LatexError, base: usize) -> Self {
        Self {
            range: base + err.range.start..base + err.range.end,
            message: err.message,
        }
    }
}

/// The first paragraph of a text (up to the first blank line), cut after
/// `words` words with an ellipsis. Works on Markdown and plain text alike.
pub fn first_paragraph(text: &str, words: usize) -> String {
    let text = text.replace("\r\n", "\n");
    let paragraph = text
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty())
        .unwrap_or("");
    let all: Vec<&str> = paragraph.split_whitespace().collect();
    if all.len() <= words {
        all.join(" ")
    } else {
        format!(
            "{}…",
            all[..words]
                .join(" ")
                .trim_end_matches([',', ';', ':', '.'])
        )
    }
}

/// A stretch of generated Typst that came from a stretch of Markdown: math,
/// the only part of a Markdown file Typst reads as syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpan {
    /// Byte range in the generated Typst.
    pub generated: Range<usize>,
    /// Byte range in the Markdown source.
    pub source: Range<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_tokens_get_break_opportunities_and_short_words_do_not() {
        assert_eq!(breakable_tokens("a short text"), "a short text");
        let long = "=".repeat(30);
        let broken = breakable_tokens(&format!("x {long} y"));
        assert_eq!(broken.matches('\u{200b}').count(), 29);
        assert_eq!(broken.replace('\u{200b}', ""), format!("x {long} y"));
        // Never between a letter and its combining mark.
        let accents = "e\u{301}".repeat(20);
        assert!(!breakable_tokens(&accents).contains("\u{200b}\u{301}"));
    }

    #[test]
    fn short_abstracts_cut_the_first_paragraph() {
        assert_eq!(
            first_paragraph("one two, three four\n\nsecond", 3),
            "one two, three…"
        );
        assert_eq!(first_paragraph("\n\nshort one\n\nsecond", 5), "short one");
    }
}
