//! Turning user prose into Typst markup that cannot run code.
//!
//! Plain text is escaped character by character; Markdown is parsed with
//! pulldown-cmark and each element becomes a Typst function call whose text
//! arguments are escaped. Nothing a user writes in a `.md` or `.txt` file can
//! reach Typst as code.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::escape::{escape_text, string_literal};
use crate::model::MathSyntax;
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

/// Converts a plain-text abstract: blank lines separate paragraphs, single
/// line breaks are spaces, every character shows as typed — except LaTeX
/// math (`$\alpha$`, `\(…\)`, `\[…\]`), which is typeset. A formula that
/// cannot be converted shows as typed.
pub fn text_to_typst(text: &str, math: MathSyntax) -> String {
    text_to_typst_mapped(text, math, true)
        .map(|(typst, _)| typst)
        .unwrap_or_default()
}

/// Like [`text_to_typst`], but a formula that cannot be converted is an
/// error (unless `lenient`), and each formula's source range is returned.
/// Ranges refer to the text with `\r\n` written `\n`.
pub fn text_to_typst_mapped(
    text: &str,
    math: MathSyntax,
    lenient: bool,
) -> Result<(String, Vec<SourceSpan>), MathError> {
    let text = text.replace("\r\n", "\n");
    let mut out = String::new();
    let mut spans = Vec::new();
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
            let converted = latex::to_typst(&paragraph[found.content.clone()]);
            let typst = match converted {
                Ok(typst) => typst,
                Err(_) if lenient => continue,
                Err(err) => {
                    return Err(MathError::from_latex(err, start + found.content.start));
                }
            };
            plain(&paragraph[last..found.whole.start], &mut pieces);
            let generated = out.len() + pieces.len();
            pieces.push_str(&wrap_math(&typst, found.display));
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
    Ok((out, spans))
}

/// The byte ranges (delimiters included) of the LaTeX formulas of a text,
/// as [`text_to_typst`] finds them in `MathSyntax::Auto`: so that an
/// import can escape every other `$`.
pub fn latex_formulas(text: &str) -> Vec<Range<usize>> {
    text_math(text, MathSyntax::Auto)
        .into_iter()
        .map(|found| found.whole)
        .collect()
}

/// A formula found in plain text.
struct FoundMath {
    /// With its delimiters.
    whole: Range<usize>,
    /// Between them.
    content: Range<usize>,
    display: bool,
}

/// The LaTeX formulas of a plain-text paragraph: `\(…\)` and `\[…\]`
/// always; `$…$` and `$$…$$` when they hold LaTeX (or `math = "latex"`),
/// with TeX's rule that `$` opens before a non-space and closes after one
/// and before no digit, so that "costs $5 or $10" stays text.
fn text_math(text: &str, math: MathSyntax) -> Vec<FoundMath> {
    let mut found = Vec::new();
    if math == MathSyntax::Typst {
        return found;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        let pair = if rest.starts_with("\\(") {
            Some(("\\(", "\\)", false))
        } else if rest.starts_with("\\[") {
            Some(("\\[", "\\]", true))
        } else if rest.starts_with("$$") {
            Some(("$$", "$$", true))
        } else if rest.starts_with('$') {
            Some(("$", "$", false))
        } else {
            None
        };
        let Some((open, close, display)) = pair else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let from = i + open.len();
        let end = text[from..].find(close).map(|e| from + e);
        let accepted = end.is_some_and(|end| {
            let content = &text[from..end];
            let dollars = open.starts_with('$');
            let tex_rule = !dollars
                || (!content.starts_with(char::is_whitespace)
                    && !content.ends_with(char::is_whitespace)
                    && !text[end + close.len()..].starts_with(|c: char| c.is_ascii_digit()));
            !content.trim().is_empty()
                && tex_rule
                && (!dollars || math == MathSyntax::Latex || latex::is_latex(content))
        });
        match end {
            Some(end) if accepted => {
                found.push(FoundMath {
                    whole: i..end + close.len(),
                    content: from..end,
                    display,
                });
                i = end + close.len();
            }
            _ => i += open.len(),
        }
    }
    found
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

/// Typst math between its delimiters (with spaces for display math).
fn wrap_math(typst: &str, display: bool) -> String {
    if display {
        format!("$ {typst} $")
    } else {
        format!("${typst}$")
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

/// Converts Markdown (CommonMark with strikethrough) to Typst markup.
///
/// Raw HTML is shown as text, never interpreted. `base` is the virtual folder
/// of the Markdown file, against which relative image paths resolve. A
/// formula that cannot be converted shows as typed.
pub fn markdown_to_typst(markdown: &str, base: &str, math: MathSyntax) -> String {
    markdown_to_typst_mapped(markdown, base, math, true)
        .map(|(typst, _)| typst)
        .unwrap_or_default()
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

/// Like [`markdown_to_typst`], also returning where each piece of math came
/// from, so that a Typst error in it can point at the Markdown file; a
/// LaTeX formula that cannot be converted is an error unless `lenient`.
///
/// `$…$` and `$$…$$` are Typst math, or LaTeX math when they hold a
/// backslash command (see [`MathSyntax`]); `\(…\)` and `\[…\]` are LaTeX.
/// A `#` inside Typst math is escaped: math may typeset, never run code. An
/// unbalanced `$` is ordinary text.
pub fn markdown_to_typst_mapped(
    markdown: &str,
    base: &str,
    math: MathSyntax,
    lenient: bool,
) -> Result<(String, Vec<SourceSpan>), MathError> {
    let (markdown, shifts) = latex_delimiters(markdown, math);
    let original = |pos: usize| shifts.original(pos);
    let mut spans = Vec::new();
    let mut out = String::new();
    let mut lists: Vec<bool> = Vec::new();
    // Text inside a code block is collected and written as one string literal.
    let mut code: Option<String> = None;
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    for (event, range) in Parser::new_ext(&markdown, options).into_offset_iter() {
        match event {
            Event::InlineMath(ref formula) | Event::DisplayMath(ref formula) if code.is_none() => {
                let display = matches!(event, Event::DisplayMath(_));
                let start = out.len();
                let latex = match math {
                    MathSyntax::Auto => latex::is_latex(formula),
                    MathSyntax::Latex => true,
                    MathSyntax::Typst => false,
                };
                let typst = if latex {
                    match latex::to_typst(formula) {
                        Ok(typst) => typst,
                        Err(_) if lenient => {
                            out.push_str(&escape_text(&markdown[range]));
                            continue;
                        }
                        Err(err) => {
                            // The formula's own text, if pulldown-cmark gave it
                            // unchanged, locates the error exactly.
                            let delimiter = if display { 2 } else { 1 };
                            let inner = range.start + delimiter;
                            let exact = markdown.get(inner..inner + formula.len())
                                == Some(formula.as_ref());
                            let range = if exact {
                                original(inner + err.range.start)..original(inner + err.range.end)
                            } else {
                                original(range.start)..original(range.end)
                            };
                            return Err(MathError {
                                range,
                                message: err.message,
                            });
                        }
                    }
                } else {
                    formula.replace('#', "\\#").replace("//", "\\/\\/")
                };
                out.push_str(&wrap_math(&typst, display));
                spans.push(SourceSpan {
                    generated: start..out.len(),
                    source: original(range.start)..original(range.end),
                });
            }
            Event::Text(text) if code.is_some() => code.get_or_insert_default().push_str(&text),
            Event::Start(tag @ Tag::CodeBlock(_)) => {
                start_tag(&mut out, &mut lists, tag, base);
                code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                out.push_str(&string_literal(code.take().unwrap_or_default().trim_end()));
                end_tag(&mut out, &mut lists, TagEnd::CodeBlock);
            }
            Event::Start(tag) => start_tag(&mut out, &mut lists, tag, base),
            Event::End(tag) => end_tag(&mut out, &mut lists, tag),
            Event::Text(text) => out.push_str(&escape_text(&breakable_tokens(&text))),
            Event::Code(code) => {
                out.push_str("#raw(");
                out.push_str(&string_literal(&code));
                out.push(')');
            }
            Event::Html(html) | Event::InlineHtml(html) => out.push_str(&escape_text(&html)),
            Event::SoftBreak => out.push('\n'),
            Event::HardBreak => out.push_str("#linebreak()\n"),
            Event::Rule => out.push_str("#line(length: 100%, stroke: 0.5pt)\n\n"),
            _ => {}
        }
    }
    Ok((out, spans))
}

/// Where text was taken out: positions in the rewritten Markdown mapped back
/// to the author's.
struct Shifts(Vec<(usize, usize)>);

impl Shifts {
    fn original(&self, pos: usize) -> usize {
        match self.0.iter().rev().find(|(new, _)| *new <= pos) {
            Some((new, old)) => old + (pos - new),
            None => pos,
        }
    }
}

/// The paragraphs of a Markdown text as plain text (markup dropped, code
/// and math as written), for metadata such as a Crossref abstract.
pub fn plain_paragraphs(markdown: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(text) | Event::Code(text) => current.push_str(&text),
            Event::InlineMath(math) | Event::DisplayMath(math) => {
                current.push('$');
                current.push_str(&math);
                current.push('$');
            }
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => {
                let paragraph = current.split_whitespace().collect::<Vec<_>>().join(" ");
                if !paragraph.is_empty() {
                    paragraphs.push(paragraph);
                }
                current.clear();
            }
            _ => {}
        }
    }
    paragraphs
}

/// Rewrites LaTeX's `\(…\)` and `\[…\]` (outside code) as `$…$` and
/// `$$…$$`, which pulldown-cmark reads as math; CommonMark would otherwise
/// take `\(` for an escaped parenthesis.
fn latex_delimiters(markdown: &str, math: MathSyntax) -> (String, Shifts) {
    let mut shifts = Shifts(Vec::new());
    if math == MathSyntax::Typst || !(markdown.contains("\\(") || markdown.contains("\\[")) {
        return (markdown.to_owned(), shifts);
    }
    // Code spans and blocks keep their backslashes.
    let code: Vec<Range<usize>> = Parser::new_ext(markdown, Options::ENABLE_MATH)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect();
    let in_code = |pos: usize| code.iter().any(|r| r.contains(&pos));
    let mut out = String::with_capacity(markdown.len());
    let mut last = 0;
    let mut i = 0;
    while let Some(found) = markdown[i..].find('\\').map(|f| f + i) {
        let rest = &markdown[found..];
        let pair = if rest.starts_with("\\(") {
            Some(("\\)", "$"))
        } else if rest.starts_with("\\[") {
            Some(("\\]", "$$"))
        } else {
            None
        };
        let Some((close, dollars)) = pair else {
            i = found + 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
            continue;
        };
        let from = found + 2;
        // The formula ends before the paragraph does.
        let end = markdown[from..]
            .find(close)
            .map(|e| from + e)
            .filter(|&end| !markdown[from..end].contains("\n\n"));
        match end {
            Some(end) if !in_code(found) && !markdown[from..end].trim().is_empty() => {
                let content = &markdown[from..end];
                let trimmed_start = from + (content.len() - content.trim_start().len());
                let trimmed_end = end - (content.len() - content.trim_end().len());
                out.push_str(&markdown[last..found]);
                out.push_str(dollars);
                shifts.0.push((out.len(), trimmed_start));
                out.push_str(&markdown[trimmed_start..trimmed_end]);
                out.push_str(dollars);
                shifts.0.push((out.len(), end + 2));
                last = end + 2;
                i = end + 2;
            }
            _ => i = from,
        }
    }
    out.push_str(&markdown[last..]);
    (out, shifts)
}

fn start_tag(out: &mut String, lists: &mut Vec<bool>, tag: Tag, base: &str) {
    match tag {
        Tag::Paragraph => {}
        Tag::Heading { level, .. } => {
            let size = match level {
                HeadingLevel::H1 => "1.15em",
                HeadingLevel::H2 => "1.05em",
                _ => "1em",
            };
            out.push_str(&format!(
                "#block(above: 1em, below: 0.6em, sticky: true, text(size: {size}, strong["
            ));
        }
        Tag::BlockQuote(_) => out.push_str("#quote(block: true)["),
        Tag::CodeBlock(kind) => {
            out.push_str("#raw(block: true, ");
            if let CodeBlockKind::Fenced(lang) = kind
                && !lang.trim().is_empty()
            {
                out.push_str("lang: ");
                out.push_str(&string_literal(
                    lang.split_whitespace().next().unwrap_or(""),
                ));
                out.push_str(", ");
            }
        }
        Tag::List(start) => {
            lists.push(start.is_some());
            match start {
                Some(n) => out.push_str(&format!("#enum(start: {n}, ")),
                None => out.push_str("#list("),
            }
        }
        Tag::Item => out.push('['),
        Tag::Emphasis => out.push_str("#emph["),
        Tag::Strong => out.push_str("#strong["),
        Tag::Strikethrough => out.push_str("#strike["),
        Tag::Link { dest_url, .. } => {
            out.push_str("#link(");
            out.push_str(&string_literal(&dest_url));
            out.push_str(")[");
        }
        // confpress downloads nothing: an image on the web is shown as its
        // address (a link), captioned as the image would be.
        Tag::Image { dest_url, .. }
            if dest_url.contains("://") || dest_url.starts_with("data:") =>
        {
            out.push_str("#figure(kind: \"remote-image\", supplement: none, link(");
            out.push_str(&string_literal(&dest_url));
            out.push_str("), caption: [");
        }
        Tag::Image { dest_url, .. } => {
            let path = if dest_url.starts_with('/') {
                dest_url.to_string()
            } else {
                format!("{}/{}", base.trim_end_matches('/'), dest_url)
            };
            out.push_str("#figure(image(");
            out.push_str(&string_literal(&path));
            out.push_str(", width: 80%), caption: [");
        }
        _ => {}
    }
}

fn end_tag(out: &mut String, lists: &mut Vec<bool>, tag: TagEnd) {
    match tag {
        TagEnd::Paragraph => out.push_str("\n\n"),
        TagEnd::Heading(_) => out.push_str("]))\n\n"),
        TagEnd::BlockQuote(_) => out.push_str("]\n\n"),
        TagEnd::CodeBlock => out.push_str(")\n\n"),
        TagEnd::List(_) => {
            lists.pop();
            out.push_str(")\n\n");
        }
        TagEnd::Item => out.push_str("],"),
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => out.push(']'),
        TagEnd::Image => out.push_str("])"),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
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
    fn an_image_on_the_web_becomes_its_link() {
        let typst = markdown_to_typst(
            "![A plot][1]\n\n[1]: http://example.org/a\"b.png\n",
            "/abstracts",
            MathSyntax::Auto,
        );
        assert_eq!(
            typst.trim(),
            r#"#figure(kind: "remote-image", supplement: none, link("http://example.org/a\"b.png"), caption: [A plot])"#
        );
        let local = markdown_to_typst("![A plot](plot.png)", "/abstracts", MathSyntax::Auto);
        assert!(local.contains(r#"image("/abstracts/plot.png""#), "{local}");
    }

    use super::*;

    #[test]
    fn markdown_becomes_function_calls() {
        let typst = markdown_to_typst("Hello *world* and `#code`.", "/abstracts", MathSyntax::Auto);
        assert_eq!(typst, "Hello #emph[world] and #raw(\"#code\")\\.\n\n");
    }

    #[test]
    fn code_blocks_are_string_literals() {
        let typst = markdown_to_typst("```rust\nlet x = \"#y\";\n```", "/", MathSyntax::Auto);
        assert_eq!(
            typst,
            "#raw(block: true, lang: \"rust\", \"let x = \\\"#y\\\";\")\n\n"
        );
    }

    #[test]
    fn math_is_typst_math_that_cannot_run_code() {
        let (typst, spans) = markdown_to_typst_mapped(
            "Area $pi r^2$ and $#panic()$.\n\n$$sum_i x_i$$\n",
            "/",
            MathSyntax::Auto,
            false,
        )
        .unwrap();
        assert_eq!(
            typst,
            "Area $pi r^2$ and $\\#panic()$\\.\n\n$ sum_i x_i $\n\n"
        );
        assert_eq!(spans[0].source, 5..13);
        assert_eq!(&typst[spans[0].generated.clone()], "$pi r^2$");
    }

    #[test]
    fn an_unbalanced_dollar_is_text() {
        assert_eq!(
            markdown_to_typst("costs $5 only", "/", MathSyntax::Auto),
            "costs \\$5 only\n\n"
        );
    }

    #[test]
    fn html_in_markdown_is_text() {
        let typst = markdown_to_typst("a <b>bold</b>", "/", MathSyntax::Auto);
        assert!(typst.contains("\\<b\\>"), "{typst}");
    }

    #[test]
    fn short_abstracts_cut_the_first_paragraph() {
        assert_eq!(
            first_paragraph("one two, three four\n\nsecond", 3),
            "one two, three…"
        );
        assert_eq!(first_paragraph("\n\nshort one\n\nsecond", 5), "short one");
    }

    #[test]
    fn text_paragraphs_are_kept() {
        assert_eq!(
            text_to_typst("one\ntwo\n\n#three\n", MathSyntax::Auto),
            "one two\n\n\\#three\n\n"
        );
    }

    #[test]
    fn latex_math_becomes_typst_math() {
        let typst = markdown_to_typst(
            r"Rate $1\times10^{10}$ and $$\frac{a}{b}$$ and \(\alpha\) or \[ \beta \].",
            "/",
            MathSyntax::Auto,
        );
        assert_eq!(
            typst,
            "Rate $1 × 10^(10)$ and $ frac(a, b) $ and $α$ or $ β $\\.\n\n"
        );
        // Typst math stays Typst math; code keeps its backslashes.
        assert_eq!(
            markdown_to_typst(r"$x^2$ and `\(x\)`", "/", MathSyntax::Auto),
            "$x^2$ and #raw(\"\\\\(x\\\\)\")\n\n"
        );
        // Forced: no command needed.
        assert_eq!(
            markdown_to_typst("$ab$", "/", MathSyntax::Latex),
            "$a b$\n\n"
        );
    }

    #[test]
    fn an_unsupported_command_is_an_error_at_its_place() {
        let source = "First line.\n\nSee $x + \\notacommand$ here.";
        let err = markdown_to_typst_mapped(source, "/", MathSyntax::Auto, false).unwrap_err();
        assert_eq!(&source[err.range.clone()], "\\notacommand");
        assert_eq!(err.message, "unsupported LaTeX command `\\notacommand`");
        let source = "Also \\( \\nope \\) here.";
        let err = markdown_to_typst_mapped(source, "/", MathSyntax::Auto, false).unwrap_err();
        assert_eq!(&source[err.range.clone()], "\\nope");
        // Lenient (short abstracts): the formula is shown as typed.
        assert_eq!(
            markdown_to_typst("$\\nope$", "/", MathSyntax::Auto),
            "\\$\\\\nope\\$\n\n"
        );
    }

    #[test]
    fn plain_text_typesets_only_latex_math() {
        assert_eq!(
            text_to_typst("costs $5 or $10, not $\\alpha$", MathSyntax::Auto),
            "costs \\$5 or \\$10, not $α$\n\n"
        );
        assert_eq!(
            text_to_typst("a \\(x_i\\) b", MathSyntax::Auto),
            "a $x_(i)$ b\n\n"
        );
        assert_eq!(
            text_to_typst("a $x_i$ b", MathSyntax::Typst),
            "a \\$x\\_i\\$ b\n\n"
        );
        let text = "one\r\n\r\nsee $\\bad$";
        let err = text_to_typst_mapped(text, MathSyntax::Auto, false).unwrap_err();
        assert_eq!(&text.replace("\r\n", "\n")[err.range.clone()], "\\bad");
    }
}
