//! Markdown to Typst markup: pulldown-cmark's events, each element a Typst
//! function call whose text arguments are escaped; and Markdown to plain
//! paragraphs for metadata.
//!
//! Text is escaped, code and addresses are string literals, raw HTML is
//! shown as text; the only Typst syntax that comes from the author is math,
//! with every `#` escaped (or converted from LaTeX), so it may typeset but
//! never run code.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::formulas::{Shifts, latex_delimiters, latex_math, typst_math};
use super::{Converted, MathError, SourceSpan, breakable_tokens, source_of_formula};
use crate::escape::{escape_text, string_literal};
use crate::model::MathSyntax;
use crate::typeset::latex;

/// Converts Markdown (CommonMark with strikethrough) to Typst markup.
///
/// Raw HTML is shown as text, never interpreted. `base` is the virtual folder
/// of the Markdown file, against which relative image paths resolve. A
/// formula that cannot be converted shows as typed, in monospace.
pub fn markdown_to_typst(markdown: &str, base: &str, math: MathSyntax) -> String {
    markdown_to_typst_mapped(markdown, base, math).typst
}

/// Like [`markdown_to_typst`], also returning where each piece of math came
/// from, so that a Typst error in it can point at the Markdown file, and
/// the LaTeX formulas that could not be converted (each shown as typed).
///
/// `$…$` and `$$…$$` are Typst math, or LaTeX math when they hold a
/// backslash command (see [`MathSyntax`]); `\(…\)` and `\[…\]` are LaTeX.
/// A `#` inside Typst math is escaped: math may typeset, never run code. An
/// unbalanced `$` is ordinary text.
pub fn markdown_to_typst_mapped(markdown: &str, base: &str, math: MathSyntax) -> Converted {
    let original = markdown;
    let (markdown, shifts) = latex_delimiters(markdown, math);
    let mut writer = MarkdownWriter {
        original,
        markdown: &markdown,
        shifts: &shifts,
        base,
        math,
        out: String::new(),
        spans: Vec::new(),
        unconverted: Vec::new(),
        lists: Vec::new(),
        code: None,
        image_alts: image_alts(&markdown),
        missing_alt: Vec::new(),
    };
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    for (event, range) in Parser::new_ext(&markdown, options).into_offset_iter() {
        writer.event(event, range);
    }
    Converted {
        typst: writer.out,
        spans: writer.spans,
        unconverted: writer.unconverted,
        missing_alt: writer.missing_alt,
    }
}

/// The Typst being written from the events of a Markdown text, with what
/// writing it needs to know.
struct MarkdownWriter<'a> {
    /// The Markdown as the author wrote it.
    original: &'a str,
    /// The Markdown, its LaTeX delimiters rewritten as `$`s.
    markdown: &'a str,
    /// Where the rewriting moved text: for positions in the author's Markdown.
    shifts: &'a Shifts,
    /// The virtual folder relative image paths resolve against.
    base: &'a str,
    /// How the math is written.
    math: MathSyntax,
    /// The Typst written so far.
    out: String,
    /// Where each piece of math came from.
    spans: Vec<SourceSpan>,
    /// The LaTeX formulas that could not be converted.
    unconverted: Vec<MathError>,
    /// The lists open, innermost last: whether each is numbered.
    lists: Vec<bool>,
    /// Text inside a code block is collected and written as one string literal.
    code: Option<String>,
    /// The alt text of each image, in order (read ahead: an image's start
    /// is written before its text is seen), and where one had none.
    image_alts: std::collections::VecDeque<(String, Option<Range<usize>>)>,
    /// The images without alt text: where, and the alt text given.
    missing_alt: Vec<(Range<usize>, String)>,
}

/// Each image's alt text (`![this](plot.png)`), in order; an image without
/// one gets its file's name, so that it never reaches a tagged PDF bare,
/// and its range (in `markdown`) to warn at.
fn image_alts(markdown: &str) -> std::collections::VecDeque<(String, Option<Range<usize>>)> {
    let mut alts = std::collections::VecDeque::new();
    let mut current: Option<(String, String, Range<usize>)> = None;
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                current = Some((String::new(), dest_url.to_string(), range));
            }
            Event::Text(text) | Event::Code(text) | Event::InlineMath(text) => {
                if let Some((alt, _, _)) = &mut current {
                    alt.push_str(&text);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt, url, range)) = current.take() {
                    let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
                    let name = url.rsplit('/').next().unwrap_or_default();
                    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
                    alts.push_back(if alt.is_empty() {
                        (stem.replace(['-', '_'], " "), Some(range))
                    } else {
                        (alt, None)
                    });
                }
            }
            _ => {}
        }
    }
    alts
}

impl MarkdownWriter<'_> {
    /// Writes one event; `range` is where it lies in the Markdown.
    fn event(&mut self, event: Event, range: Range<usize>) {
        let out = &mut self.out;
        let lists = &mut self.lists;
        let base = self.base;
        match event {
            Event::InlineMath(ref formula) | Event::DisplayMath(ref formula)
                if self.code.is_none() =>
            {
                let display = matches!(event, Event::DisplayMath(_));
                self.formula(formula, display, range);
            }
            Event::Text(text) if self.code.is_some() => {
                self.code.get_or_insert_default().push_str(&text)
            }
            Event::Start(tag @ Tag::CodeBlock(_)) => {
                start_tag(out, lists, tag);
                self.code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                out.push_str(&string_literal(
                    self.code.take().unwrap_or_default().trim_end(),
                ));
                end_tag(out, lists, TagEnd::CodeBlock);
            }
            Event::Start(Tag::Image { dest_url, .. })
                if !(dest_url.contains("://") || dest_url.starts_with("data:")) =>
            {
                let path = if dest_url.starts_with('/') {
                    dest_url.to_string()
                } else {
                    format!("{}/{}", base.trim_end_matches('/'), dest_url)
                };
                let (alt, missing) = self.image_alts.pop_front().unwrap_or_default();
                if let Some(range) = missing {
                    let range = self.shifts.original(range.start)..self.shifts.original(range.end);
                    self.missing_alt.push((range, alt.clone()));
                }
                out.push_str("#figure(image(");
                out.push_str(&string_literal(&path));
                out.push_str(", width: 80%, alt: ");
                out.push_str(&string_literal(&alt));
                out.push_str("), caption: [");
            }
            Event::Start(tag @ Tag::Image { .. }) => {
                // A remote image is a link; its alt text is its caption.
                self.image_alts.pop_front();
                start_tag(out, lists, tag);
            }
            Event::Start(tag) => start_tag(out, lists, tag),
            Event::End(tag) => end_tag(out, lists, tag),
            Event::Text(text) => out.push_str(&escape_text(&breakable_tokens(&text))),
            Event::Code(code) => {
                out.push_str("#raw(");
                out.push_str(&string_literal(&code));
                out.push(')');
                out.push_str(END);
            }
            Event::Html(html) | Event::InlineHtml(html) => out.push_str(&escape_text(&html)),
            Event::SoftBreak => out.push('\n'),
            Event::HardBreak => out.push_str("#linebreak()\n"),
            Event::Rule => out.push_str("#line(length: 100%, stroke: 0.5pt)\n\n"),
            _ => {}
        }
    }

    /// Writes a formula: Typst math with every `#` escaped, or LaTeX math
    /// converted; a formula that cannot be converted, or Typst math that
    /// does not parse or reaches for `std`, is shown as the author typed it
    /// (in monospace) and remembered with its place.
    fn formula(&mut self, formula: &str, display: bool, range: Range<usize>) {
        let start = self.out.len();
        let latex = match self.math {
            MathSyntax::Auto => {
                self.shifts.latex_delimited(range.start) || latex::is_latex(formula)
            }
            MathSyntax::Latex => true,
            MathSyntax::Typst => false,
        };
        let converted = if latex {
            latex_math(formula, display)
        } else {
            typst_math(formula, display)
        };
        let typst = match converted {
            Ok(typst) => typst,
            Err(err) => {
                let typed = self.shifts.original(range.start)..self.shifts.original(range.end);
                let typed = self
                    .original
                    .get(typed)
                    .unwrap_or(&self.markdown[range.clone()]);
                self.out.push_str(&source_of_formula(typed.trim_end()));
                let err = self.formula_error(err, formula, display, range);
                self.unconverted.push(err);
                return;
            }
        };
        self.out.push_str(&typst);
        self.spans.push(SourceSpan {
            generated: start..self.out.len(),
            source: self.shifts.original(range.start)..self.shifts.original(range.end),
        });
    }

    /// A LaTeX formula's error, at its place in the author's Markdown.
    fn formula_error(
        &self,
        err: latex::LatexError,
        formula: &str,
        display: bool,
        range: Range<usize>,
    ) -> MathError {
        let original = |pos: usize| self.shifts.original(pos);
        // The formula's own text, if pulldown-cmark gave it
        // unchanged, locates the error exactly.
        let delimiter = if display { 2 } else { 1 };
        let inner = range.start + delimiter;
        let exact = self.markdown.get(inner..inner + formula.len()) == Some(formula);
        let range = if exact {
            original(inner + err.range.start)..original(inner + err.range.end)
        } else {
            original(range.start)..original(range.end)
        };
        MathError {
            range,
            message: err.message,
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

/// Ends an embedded expression (after its closing bracket or parenthesis):
/// Typst swallows the `;`, and the author's next character — a `(`, a `[`,
/// a `.` — prints as typed instead of continuing the call.
const END: &str = ";";

fn start_tag(out: &mut String, lists: &mut Vec<bool>, tag: Tag) {
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
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
            out.push(']');
            out.push_str(END);
        }
        TagEnd::Image => {
            out.push_str("])");
            out.push_str(END);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_on_the_web_becomes_its_link() {
        let typst = markdown_to_typst(
            "![A plot][1]\n\n[1]: http://example.org/a\"b.png\n",
            "/abstracts",
            MathSyntax::Auto,
        );
        assert_eq!(
            typst.trim(),
            r#"#figure(kind: "remote-image", supplement: none, link("http://example.org/a\"b.png"), caption: [A plot]);"#
        );
        let local = markdown_to_typst("![A plot](plot.png)", "/abstracts", MathSyntax::Auto);
        assert!(local.contains(r#"image("/abstracts/plot.png""#), "{local}");
    }

    #[test]
    fn markdown_becomes_function_calls() {
        let typst = markdown_to_typst("Hello *world* and `#code`.", "/abstracts", MathSyntax::Auto);
        assert_eq!(typst, "Hello #emph[world]; and #raw(\"#code\");\\.\n\n");
    }

    #[test]
    fn what_follows_an_element_prints_as_typed() {
        // Each of these once continued the call before it.
        for (markdown, shown) in [
            ("A *U*(1) field", "A #emph[U];(1) field"),
            ("**B**[x]", "#strong[B];\\[x\\]"),
            ("`code`(a)", "#raw(\"code\");(a)"),
            ("[a](b)(c)", "#link(\"b\")[a];(c)"),
            ("~~s~~.field", "#strike[s];\\.field"),
            (
                "![a](p.png)(1)",
                "#figure(image(\"/p.png\", width: 80%, alt: \"a\"), caption: [a]);(1)",
            ),
        ] {
            let typst = markdown_to_typst(markdown, "/", MathSyntax::Auto);
            assert_eq!(typst.trim_end(), shown);
            let parsed = typst::syntax::parse(&typst);
            assert!(
                !parsed.diagnosis().errors,
                "{typst}: {:?}",
                parsed.errors_and_warnings()
            );
        }
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
        let Converted { typst, spans, .. } = markdown_to_typst_mapped(
            "Area $pi r^2$ and $#panic()$.\n\n$$sum_i x_i$$\n",
            "/",
            MathSyntax::Auto,
        );
        assert_eq!(
            typst,
            "Area #math.equation(alt: \"pi r squared\", block: false, $pi r^2$.body); and #math.equation(alt: \"number sign panic open paren close paren\", block: false, $\\#panic()$.body);\\.\n\n#math.equation(alt: \"sum from i of x sub i\", block: true, $ sum_i x_i $.body);\n\n"
        );
        assert_eq!(spans[0].source, 5..13);
        assert_eq!(
            &typst[spans[0].generated.clone()],
            "#math.equation(alt: \"pi r squared\", block: false, $pi r^2$.body);"
        );
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
    fn latex_math_becomes_typst_math() {
        let typst = markdown_to_typst(
            r"Rate $1\times10^{10}$ and $$\frac{a}{b}$$ and \(\alpha\) or \[ \beta \].",
            "/",
            MathSyntax::Auto,
        );
        assert_eq!(
            typst,
            "Rate #math.equation(alt: \"1 times 10 to the power 10\", block: false, $1 × 10^(10)$.body); and #math.equation(alt: \"a over b\", block: true, $ frac(a, b) $.body); and #math.equation(alt: \"alpha\", block: false, $α$.body); or #math.equation(alt: \"beta\", block: true, $ β $.body);\\.\n\n"
        );
        // Typst math stays Typst math; code keeps its backslashes.
        assert_eq!(
            markdown_to_typst(r"$x^2$ and `\(x\)`", "/", MathSyntax::Auto),
            "#math.equation(alt: \"x squared\", block: false, $x^2$.body); and #raw(\"\\\\(x\\\\)\");\n\n"
        );
        // Forced: no command needed.
        assert_eq!(
            markdown_to_typst("$ab$", "/", MathSyntax::Latex),
            "#math.equation(alt: \"a b\", block: false, $a b$.body);\n\n"
        );
        // LaTeX's delimiters are LaTeX whatever they hold; `$…$` without a
        // command stays Typst math.
        assert_eq!(
            markdown_to_typst(r"\(^3\)He\(+\)Au, $x^2$", "/", MathSyntax::Auto),
            "#math.equation(alt: \"cubed\", block: false, $zws^(3)$.body);He#math.equation(alt: \"plus\", block: false, $\\+$.body);Au, #math.equation(alt: \"x squared\", block: false, $x^2$.body);\n\n"
        );
    }

    #[test]
    fn an_unsupported_command_is_shown_as_typed_and_remembered_at_its_place() {
        let source = "First line.\n\nSee $x + \\notacommand$ here.";
        let converted = markdown_to_typst_mapped(source, "/", MathSyntax::Auto);
        let err = &converted.unconverted[0];
        assert_eq!(&source[err.range.clone()], "\\notacommand");
        assert_eq!(err.message, "unsupported LaTeX command `\\notacommand`");
        assert_eq!(
            converted.typst,
            "First line\\.\n\nSee #raw(\"$x + \\\\notacommand$\"); here\\.\n\n"
        );
        // LaTeX's delimiters are shown as the author typed them.
        let source = "Also \\( \\nope \\)(1) here.";
        let converted = markdown_to_typst_mapped(source, "/", MathSyntax::Auto);
        assert_eq!(&source[converted.unconverted[0].range.clone()], "\\nope");
        assert_eq!(
            converted.typst,
            "Also #raw(\"\\\\( \\\\nope \\\\)\");(1) here\\.\n\n"
        );
    }
}
