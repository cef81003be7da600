//! The formulas in user prose: where the LaTeX math of plain text lies, the
//! rewriting of LaTeX's `\(…\)` and `\[…\]` in Markdown as the `$`s
//! pulldown-cmark reads (with the way back to the author's positions), and
//! converted math put between its delimiters.
//!
//! Nothing here converts a formula: that is [`latex`]'s work.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::model::MathSyntax;
use crate::typeset::latex;

/// The byte ranges (delimiters included) of the LaTeX formulas of a text,
/// as [`text_to_typst`](super::text_to_typst) finds them in
/// `MathSyntax::Auto`: so that an import can escape every other `$`.
pub fn latex_formulas(text: &str) -> Vec<Range<usize>> {
    text_math(text, MathSyntax::Auto)
        .into_iter()
        .map(|found| found.whole)
        .collect()
}

/// A formula found in plain text.
pub(super) struct FoundMath {
    /// With its delimiters.
    pub(super) whole: Range<usize>,
    /// Between them.
    pub(super) content: Range<usize>,
    /// Whether it is display math (`\[…\]`, `$$…$$`), set apart.
    pub(super) display: bool,
}

/// The LaTeX formulas of a plain-text paragraph: `\(…\)` and `\[…\]`
/// always; `$…$` and `$$…$$` when they hold LaTeX (or `math = "latex"`),
/// with TeX's rule that `$` opens before a non-space and closes after one
/// and before no digit, so that "costs $5 or $10" stays text.
pub(super) fn text_math(text: &str, math: MathSyntax) -> Vec<FoundMath> {
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

/// A LaTeX formula (the text between its delimiters) as Typst math between
/// its delimiters, checked to parse: math the converter got wrong is refused
/// here, so that it can only ever be shown as its source, never break the
/// markup around it.
pub(super) fn latex_math(latex: &str, display: bool) -> Result<String, latex::LatexError> {
    // The author's own alt text (`\alt{…}`) wins over the spoken formula.
    let (alt, latex) = match latex::speech::given_alt(latex) {
        Some((alt, rest)) => (alt, rest),
        None => (latex::speech::latex(latex), latex.to_owned()),
    };
    let math = wrap_math(&latex::to_typst(&latex)?, display);
    if parses(&math) {
        Ok(with_alt(&math, &alt, display))
    } else {
        Err(latex::LatexError {
            range: 0..latex.len(),
            message: "confpress cannot convert this LaTeX formula".into(),
        })
    }
}

/// The author's Typst math (the text between the delimiters) between its
/// delimiters, every `#` and `//` a character; refused if it does not parse
/// on its own (it would swallow the text after it) or names `std`, through
/// which math reaches the standard library (`std.eval`, `std.read`).
pub(super) fn typst_math(formula: &str, display: bool) -> Result<String, latex::LatexError> {
    let typst = wrap_math(&characters(formula), display);
    let refuse = |message: &str| latex::LatexError {
        range: 0..formula.len(),
        message: message.into(),
    };
    let root = typst::syntax::parse(&typst);
    if root.diagnosis().errors {
        let (errors, _) = root.errors_and_warnings();
        let first = errors.first().map_or("", |e| e.message.as_str());
        Err(refuse(&format!("this Typst math does not parse: {first}")))
    } else if names_std(&root) {
        Err(refuse(
            "Typst math in prose cannot use `std`: it would run code",
        ))
    } else {
        Ok(with_alt(
            &typst,
            &latex::speech::typst(&characters(formula)),
            display,
        ))
    }
}

/// A formula with its alt text, which tagged PDF gives screen readers:
/// `#math.equation(alt: "…", block: …, $…$.body);` (the `;` ends the call,
/// so that text after the formula cannot continue it). The alt text is a
/// string literal; the formula parsed on its own before.
pub(super) fn with_alt(math: &str, alt: &str, display: bool) -> String {
    // A formula of spacing alone speaks no word; tagged PDF still wants one.
    let alt = if alt.trim().is_empty() {
        "formula"
    } else {
        alt
    };
    format!(
        "#math.equation(alt: {}, block: {display}, {math}.body);",
        crate::escape::string_literal(alt)
    )
}

/// Typst math with every `#` a character and no comment: an author's own
/// escape (`\\#`, `\\\\`) is kept whole, so that escaping never pairs a
/// backslash of theirs with one of ours and frees the `#` after it.
fn characters(formula: &str) -> String {
    let mut out = String::with_capacity(formula.len() + 8);
    let mut chars = formula.chars().peekable();
    let mut slashes = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                out.extend(chars.next());
            }
            '#' => out.push_str("\\#"),
            // `//` and `/*` (comments) as characters, each slash of them.
            '/' if slashes || matches!(chars.peek(), Some('/' | '*')) => {
                slashes = chars.peek() == Some(&'/');
                out.push_str("\\/");
                continue;
            }
            c => out.push(c),
        }
        slashes = false;
    }
    out
}

/// Whether a syntax tree names the standard library's module.
fn names_std(node: &typst::syntax::SyntaxNode) -> bool {
    use typst::syntax::SyntaxKind;
    (matches!(node.kind(), SyntaxKind::MathIdent | SyntaxKind::Ident) && node.full_text() == "std")
        || node.children().any(names_std)
}

/// Whether `typst` parses as Typst markup without errors.
fn parses(typst: &str) -> bool {
    !typst::syntax::parse(typst).diagnosis().errors
}

/// Typst math between its delimiters (with spaces for display math). A
/// trailing `\\` (a line break) is kept apart from the closing `$`, which it
/// would otherwise escape.
pub(super) fn wrap_math(typst: &str, display: bool) -> String {
    if display {
        format!("$ {typst} $")
    } else if typst.ends_with('\\') {
        format!("${typst} $")
    } else {
        format!("${typst}$")
    }
}

/// Where text was taken out: positions in the rewritten Markdown mapped back
/// to the author's; and where each formula written `\(…\)` or `\[…\]`
/// now opens, for these are LaTeX whatever they hold (`\(^3\)`).
pub(super) struct Shifts(Vec<(usize, usize)>, Vec<usize>);

impl Shifts {
    /// Whether the formula opening at `pos` (in the rewritten Markdown) was
    /// written with LaTeX's delimiters.
    pub(super) fn latex_delimited(&self, pos: usize) -> bool {
        self.1.binary_search(&pos).is_ok()
    }

    /// The position in the author's Markdown of `pos` in the rewritten one.
    pub(super) fn original(&self, pos: usize) -> usize {
        match self.0.iter().rev().find(|(new, _)| *new <= pos) {
            Some((new, old)) => old + (pos - new),
            None => pos,
        }
    }
}

/// Rewrites LaTeX's `\(…\)` and `\[…\]` (outside code) as `$…$` and
/// `$$…$$`, which pulldown-cmark reads as math; CommonMark would otherwise
/// take `\(` for an escaped parenthesis.
pub(super) fn latex_delimiters(markdown: &str, math: MathSyntax) -> (String, Shifts) {
    let mut shifts = Shifts(Vec::new(), Vec::new());
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
                shifts.1.push(out.len());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converted_math_that_would_not_parse_is_refused() {
        // What the LaTeX converter once made of `\left< x \right/`.
        assert!(!parses("$lr(⟨ x \\/)$"));
        assert!(parses("$lr(⟨ x ⟩)$"));
        // A trailing line break is kept apart from the closing `$`.
        assert!(parses(&wrap_math("x \\", false)));
        assert_eq!(
            latex_math("\\alpha", false).unwrap(),
            "#math.equation(alt: \"alpha\", block: false, $α$.body);"
        );
        // The author's own alt text wins.
        assert_eq!(
            latex_math("E = mc^2 \\alt{energy equals m c squared}", false).unwrap(),
            "#math.equation(alt: \"energy equals m c squared\", block: false, $E \\= m c^(2)$.body);"
        );
        // The author's Typst math: typesets, never reaches the library.
        assert_eq!(
            typst_math("x^2 #y", false).unwrap(),
            "#math.equation(alt: \"x squared number sign y\", block: false, $x^2 \\#y$.body);"
        );
        // An escape of the author's stays theirs: the `#` never comes free.
        assert_eq!(
            typst_math("\\#panic() // a /* b", false).unwrap(),
            "#math.equation(alt: \"number sign panic open paren close paren divided by divided by a divided by times b\", block: false, $\\#panic() \\/\\/ a \\/* b$.body);"
        );
        assert_eq!(
            typst_math("a\\\\#x", false).unwrap(),
            "#math.equation(alt: \"a number sign x\", block: false, $a\\\\\\#x$.body);"
        );
        for bad in ["std.eval(\"1\")", "a + std.read(\"/x\")", "\""] {
            assert!(typst_math(bad, false).is_err(), "{bad}");
        }
    }
}
