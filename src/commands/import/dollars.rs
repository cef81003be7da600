//! Indico's inline maths. Indico shows `$…$` as inline formulas (MathJax);
//! an abstract's formulas are rewritten here as `\(…\)` (and `$$…$$` as
//! `\[…\]`), which confpress always reads as LaTeX, so that every formula of
//! an abstract is maths, not only those with a command in them.
//!
//! The rule, left to right as MathJax reads: `\$` is a dollar sign; a `$`
//! opens a formula that the next `$` of the paragraph closes, so touching
//! formulas (`2$<$$p_{T}$$<$6`) pair one by one; `$$` where a formula
//! opens is display maths. A price stays text: a pair that opens with a
//! digit and holds no LaTeX command is not a formula when a space comes
//! before its closing `$` or a digit after it (`$5 and $10`, `$5-$10`).
//! Inside a formula `¥` is the backslash (as Japanese keyboards type it).
//! Formulas already written `\(…\)` or `\[…\]` are left as they are.

/// The text with its `$…$` formulas written `\(…\)` and `$$…$$` ones
/// `\[…\]`; every other `$` stays (an escaped `\$` becomes a plain `$`).
pub(super) fn latex_delimited(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(at) = rest.find(['$', '\\']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // LaTeX's own delimiters: kept, with what they hold.
        if let Some(close) = ["\\(", "\\["]
            .iter()
            .position(|open| rest.starts_with(open))
            .and_then(|i| rest[2..].find(["\\)", "\\]"][i]).map(|end| end + 4))
        {
            out.push_str(&rest[..close]);
            rest = &rest[close..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("\\$") {
            out.push('$');
            rest = after;
            continue;
        }
        if let Some(after) = rest.strip_prefix('\\') {
            out.push('\\');
            rest = after;
            continue;
        }
        match formula(rest) {
            Some((len, inner, display)) => {
                let (open, close) = if display {
                    ("\\[", "\\]")
                } else {
                    ("\\(", "\\)")
                };
                out.push_str(open);
                out.push_str(&inner.replace('¥', "\\"));
                out.push_str(close);
                rest = &rest[len..];
            }
            None => {
                out.push('$');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The formula opening at the `$` that starts `text`: its length with the
/// delimiters, what it holds, and whether it is display maths.
fn formula(text: &str) -> Option<(usize, &str, bool)> {
    if let Some(inner) = text.strip_prefix("$$")
        && let Some(end) = closing(inner, "$$")
        && usable(&inner[..end])
    {
        return Some((end + 4, &inner[..end], true));
    }
    let inner = &text[1..];
    let end = closing(inner, "$")?;
    let content = &inner[..end];
    let after = inner[end + 1..].chars().next();
    let price = content.starts_with(|c: char| c.is_ascii_digit())
        && !crate::typeset::latex::is_latex(content)
        && (content.ends_with(char::is_whitespace) || after.is_some_and(|c| c.is_ascii_digit()));
    (usable(content) && !price).then_some((end + 2, content, false))
}

/// Where `close` ends a formula in `inner`: its next occurrence outside
/// braces and not escaped (`$\mbox{$x$}$` is one formula, as MathJax reads
/// it); with unbalanced braces, the next unescaped one.
fn closing(inner: &str, close: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut first = None;
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if inner[i..].starts_with(close) => {
                if depth == 0 {
                    return Some(i);
                }
                first.get_or_insert(i);
            }
            _ => {}
        }
    }
    first
}

/// A formula's content: something, within one paragraph, crossing no HTML
/// closing tag.
fn usable(content: &str) -> bool {
    !content.trim().is_empty()
        && !content.replace("\r\n", "\n").contains("\n\n")
        && !content.contains("</")
}

#[cfg(test)]
mod tests {
    use super::latex_delimited;

    #[test]
    fn every_formula_of_an_abstract_is_latex() {
        assert_eq!(
            latex_delimited(r"$^3$He$+$Au collisions at \(\sqrt{s_{NN}}\), $p$+Al"),
            r"\(^3\)He\(+\)Au collisions at \(\sqrt{s_{NN}}\), \(p\)+Al"
        );
        // Touching formulas pair one by one; `$$…$$` alone is display maths.
        assert_eq!(
            latex_delimited("2$<$$p_{T}$$<$6 GeV, $\\mu^{+}$$\\mu^{-}$; $$x^{2}$$"),
            r"2\(<\)\(p_{T}\)\(<\)6 GeV, \(\mu^{+}\)\(\mu^{-}\); \[x^{2}\]"
        );
        // The yen sign stands for the backslash inside formulas only.
        assert_eq!(latex_delimited("$¥pi^{0}$ ¥5"), r"\(\pi^{0}\) ¥5");
        assert_eq!(latex_delimited(r"$\sim$2 TeV"), r"\(\sim\)2 TeV");
        // A `$` inside braces belongs to the formula around it.
        assert_eq!(
            latex_delimited(r"at $\mbox{$\sqrt{s}$}=0.2$ TeV"),
            r"at \(\mbox{$\sqrt{s}$}=0.2\) TeV"
        );
    }

    #[test]
    fn prices_stay_text() {
        for text in [
            "costs $5 and $10",
            "$5-$10 a day",
            "a fee of $20,000 or $30,000.",
            "one $ alone",
            r"an escaped \$ sign",
        ] {
            assert!(!latex_delimited(text).contains("\\("), "{text}");
        }
        assert_eq!(latex_delimited(r"\$5"), "$5");
        assert_eq!(
            latex_delimited("costs $5 and $p_T$"),
            r"costs $5 and \(p_T\)"
        );
        // A formula never crosses a paragraph.
        assert_eq!(latex_delimited("a $x\n\ny$"), "a $x\n\ny$");
    }
}
