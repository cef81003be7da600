//! Turning user prose into Typst markup that cannot run code.
//!
//! Plain text is escaped character by character; Markdown is parsed with
//! pulldown-cmark and each element becomes a Typst function call whose text
//! arguments are escaped. Nothing a user writes in a `.md` or `.txt` file can
//! reach Typst as code.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Escapes text so that Typst markup shows it literally.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '#'
                | '$'
                | '*'
                | '_'
                | '`'
                | '@'
                | '<'
                | '>'
                | '['
                | ']'
                | '~'
                | '='
                | '-'
                | '+'
                | '/'
                | '.'
                | ':'
                | '{'
                | '}'
                | '"'
                | '\''
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Quotes text as a Typst string literal.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

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
/// line breaks are spaces, every character shows as typed.
pub fn text_to_typst(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::new();
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let joined = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&escape_text(&breakable_tokens(&joined)));
        out.push_str("\n\n");
    }
    out
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
/// of the Markdown file, against which relative image paths resolve.
pub fn markdown_to_typst(markdown: &str, base: &str) -> String {
    markdown_to_typst_mapped(markdown, base).0
}

/// A stretch of generated Typst that came from a stretch of Markdown: math,
/// the only part of a Markdown file Typst reads as syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpan {
    /// Byte range in the generated Typst.
    pub generated: std::ops::Range<usize>,
    /// Byte range in the Markdown source.
    pub source: std::ops::Range<usize>,
}

/// Like [`markdown_to_typst`], also returning where each piece of math came
/// from, so that a Typst error in it can point at the Markdown file.
///
/// `$…$` and `$$…$$` are Typst math. A `#` inside is escaped: math may
/// typeset, never run code. An unbalanced `$` is ordinary text.
pub fn markdown_to_typst_mapped(markdown: &str, base: &str) -> (String, Vec<SourceSpan>) {
    let mut spans = Vec::new();
    let mut out = String::new();
    let mut lists: Vec<bool> = Vec::new();
    // Text inside a code block is collected and written as one string literal.
    let mut code: Option<String> = None;
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::InlineMath(ref math) | Event::DisplayMath(ref math) if code.is_none() => {
                let display = matches!(event, Event::DisplayMath(_));
                let start = out.len();
                out.push_str(if display { "$ " } else { "$" });
                out.push_str(&math.replace('#', "\\#").replace("//", "\\/\\/"));
                out.push_str(if display { " $" } else { "$" });
                spans.push(SourceSpan {
                    generated: start..out.len(),
                    source: range,
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
    (out, spans)
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
        );
        assert_eq!(
            typst.trim(),
            r#"#figure(kind: "remote-image", supplement: none, link("http://example.org/a\"b.png"), caption: [A plot])"#
        );
        let local = markdown_to_typst("![A plot](plot.png)", "/abstracts");
        assert!(local.contains(r#"image("/abstracts/plot.png""#), "{local}");
    }

    use super::*;

    #[test]
    fn escapes_every_markup_character() {
        assert_eq!(escape_text("#a $b$ *c*"), "\\#a \\$b\\$ \\*c\\*");
        assert_eq!(escape_text("// not a comment"), "\\/\\/ not a comment");
    }

    #[test]
    fn markdown_becomes_function_calls() {
        let typst = markdown_to_typst("Hello *world* and `#code`.", "/abstracts");
        assert_eq!(typst, "Hello #emph[world] and #raw(\"#code\")\\.\n\n");
    }

    #[test]
    fn code_blocks_are_string_literals() {
        let typst = markdown_to_typst("```rust\nlet x = \"#y\";\n```", "/");
        assert_eq!(
            typst,
            "#raw(block: true, lang: \"rust\", \"let x = \\\"#y\\\";\")\n\n"
        );
    }

    #[test]
    fn math_is_typst_math_that_cannot_run_code() {
        let (typst, spans) =
            markdown_to_typst_mapped("Area $pi r^2$ and $#panic()$.\n\n$$sum_i x_i$$\n", "/");
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
            markdown_to_typst("costs $5 only", "/"),
            "costs \\$5 only\n\n"
        );
    }

    #[test]
    fn html_in_markdown_is_text() {
        let typst = markdown_to_typst("a <b>bold</b>", "/");
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
            text_to_typst("one\ntwo\n\n#three\n"),
            "one two\n\n\\#three\n\n"
        );
    }
}
