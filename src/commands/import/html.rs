//! Abstracts from schedule exports — HTML (frab), Markdown (pretalx) or both
//! mixed — turned into the Markdown confpress abstracts are written in.
//!
//! Known tags become their Markdown equivalent, every other tag is dropped
//! with its content kept (script and style lose their content too), entities
//! are decoded. The result is Markdown, which confpress converts to Typst with
//! every character escaped; `$` is escaped here as well, because confpress
//! reads `$…$` in Markdown as math and speakers' dollar signs are not —
//! except around LaTeX math (`$\mu$`, `$1\times10^{10}$`), which Indico
//! abstracts are full of and confpress typesets.

/// Converts one abstract or description to Markdown.
pub fn to_markdown(source: &str) -> String {
    let source = source.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::new();
    // Link targets of the open `<a>` tags, innermost last.
    let mut links: Vec<Option<String>> = Vec::new();
    let mut skip_until: Option<&'static str> = None;
    // A `<` inside a LaTeX formula (`\(1.2<y<2.2\)`) is maths, not a tag.
    let formulas = latex_spans(&source);
    let mut rest = source.as_str();
    while !rest.is_empty() {
        let offset = source.len() - rest.len();
        let tag_start = rest
            .match_indices('<')
            .map(|(i, _)| i)
            .find(|&i| !formulas.iter().any(|f| f.contains(&(offset + i))));
        let Some(open) = tag_start else {
            if skip_until.is_none() {
                out.push_str(&text(rest));
            }
            break;
        };
        let (before, after) = rest.split_at(open);
        let tag = parse_tag(after);
        // Line breaks between two tags are HTML layout, not text: the tags
        // make their own Markdown breaks.
        let between_tags = rest.len() < source.len()
            && before.trim().is_empty()
            && before.contains('\n')
            && tag.is_some();
        if skip_until.is_none() && !between_tags {
            out.push_str(&text(before));
        }
        let Some(tag) = tag else {
            // A lone `<`, as in "a < b": text.
            if skip_until.is_none() {
                out.push('<');
            }
            rest = &after[1..];
            continue;
        };
        rest = &after[tag.len..];
        if let Some(end) = skip_until {
            if tag.closing && tag.name == end {
                skip_until = None;
            }
            continue;
        }
        match (tag.name.as_str(), tag.closing) {
            ("script", false) => skip_until = Some("script"),
            ("style", false) => skip_until = Some("style"),
            ("p" | "div" | "ul" | "ol" | "blockquote" | "table" | "pre", _) => out.push_str("\n\n"),
            ("br", _) => out.push_str("  \n"),
            ("hr", _) => out.push_str("\n\n---\n\n"),
            ("li", false) => out.push_str("\n- "),
            ("tr", true) => out.push('\n'),
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => out.push_str("\n\n**"),
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => out.push_str("**\n\n"),
            ("strong" | "b", _) => out.push_str("**"),
            ("em" | "i", _) => out.push('*'),
            ("code" | "tt", _) => out.push('`'),
            ("a", false) => {
                links.push(tag.href);
                out.push('[');
            }
            ("a", true) => match links.pop() {
                Some(Some(href)) => {
                    out.push_str("](");
                    out.push_str(&href.replace(' ', "%20").replace(')', "%29"));
                    out.push(')');
                }
                _ => out.push(']'),
            },
            _ => {}
        }
    }
    // Links left open by broken HTML.
    for _ in links {
        out.push(']');
    }
    tidy(&out)
}

/// Where the formulas written `\(…\)` or `\[…\]` lie, each within a
/// paragraph and crossing no closing tag.
fn latex_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(['\\']).map(|i| from + i) {
        let close = match text[at + 1..].chars().next() {
            Some('(') => "\\)",
            Some('[') => "\\]",
            _ => {
                from = at + 1;
                continue;
            }
        };
        match text[at + 2..].find(close).map(|end| at + 2 + end) {
            Some(end) if !text[at..end].contains("\n\n") && !text[at..end].contains("</") => {
                spans.push(at..end + 2);
                from = end + 2;
            }
            _ => from = at + 2,
        }
    }
    spans
}

/// One HTML tag: `<a href="…">`, `</p>`, `<br/>`.
struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
    /// Its length in bytes, up to and including `>`.
    len: usize,
}

fn parse_tag(text: &str) -> Option<Tag> {
    let end = text.find('>')?;
    let inner = &text[1..end];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() || !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        // `<!-- comment -->` and `<!DOCTYPE>` are dropped; anything else is text.
        return inner.starts_with('!').then_some(Tag {
            name: String::new(),
            closing: false,
            href: None,
            len: end + 1,
        });
    }
    let href = attribute(inner, "href");
    Some(Tag {
        name,
        closing,
        href,
        len: end + 1,
    })
}

/// The value of attribute `name` in a tag's inside.
fn attribute(inner: &str, name: &str) -> Option<String> {
    let lower = inner.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let value = &inner[at..];
    let value = match value.chars().next()? {
        quote @ ('"' | '\'') => value[1..].split(quote).next()?,
        _ => value.split([' ', '/']).next()?,
    };
    Some(decode_entities(value))
}

/// A run of text: entities decoded, `$` escaped; LaTeX formulas (`$\mu$`,
/// `$1\times10^{10}$`, `$p_{T}$`) written `\(…\)` or `\[…\]`, which confpress
/// always reads as LaTeX math.
fn text(raw: &str) -> String {
    let decoded = decode_entities(raw);
    let mut out = String::with_capacity(decoded.len());
    let mut last = 0;
    for formula in crate::typeset::markup::latex_formulas(&decoded) {
        out.push_str(&decoded[last..formula.start].replace('$', "\\$"));
        let written = &decoded[formula.clone()];
        let (open, close, inner) = if let Some(inner) = written
            .strip_prefix("$$")
            .and_then(|w| w.strip_suffix("$$"))
        {
            ("\\[", "\\]", inner)
        } else if let Some(inner) = written.strip_prefix('$').and_then(|w| w.strip_suffix('$')) {
            ("\\(", "\\)", inner)
        } else {
            ("", "", written) // already \(…\) or \[…\]
        };
        out.push_str(open);
        out.push_str(inner);
        out.push_str(close);
        last = formula.end;
    }
    out.push_str(&decoded[last..].replace('$', "\\$"));
    out
}

/// Collapses runs of blank lines and trims each line's end.
fn tidy(markdown: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in markdown.lines() {
        // Keep the two spaces of a hard line break.
        let line = if line.ends_with("  ") && !line.trim().is_empty() {
            line.trim_start_matches('\n')
        } else {
            line.trim_end()
        };
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Decodes HTML character references: numeric ones and the named ones that
/// occur in European schedule texts.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|i| i + 1);
        let decoded = end
            .filter(|&end| rest[end..].starts_with(';'))
            .and_then(|end| entity(&rest[1..end]).map(|c| (c, end + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace());
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "shy" => '\u{ad}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "aacute" => 'á',
        "ccedil" => 'ç',
        "ntilde" => 'ñ',
        "oslash" => 'ø',
        "aring" => 'å',
        "euro" => '€',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_become_markdown() {
        let html = "<h2>Airport</h2>\n<ul>\n<li>Air &amp; traffic</li>\n<li><b>Bold</b> and <em>it</em></li>\n</ul><p>See <a href=\"https://x.org/a b\">the site</a>.</p>";
        assert_eq!(
            to_markdown(html),
            "**Airport**\n\n- Air & traffic\n- **Bold** and *it*\n\n\
             See [the site](https://x.org/a%20b).\n"
        );
    }

    #[test]
    fn markdown_passes_and_dollars_are_escaped() {
        let md = "Costs $5 and [a link](https://x.org).\r\n\r\n* one\r\n* two";
        assert_eq!(
            to_markdown("of $1\\times10^{10}$ per $5, $g$-$2$, $$x^{2}$$"),
            "of \\(1\\times10^{10}\\) per \\$5, \\$g\\$-\\$2\\$, \\[x^{2}\\]\n"
        );
        assert_eq!(
            to_markdown(md),
            "Costs \\$5 and [a link](https://x.org).\n\n* one\n* two\n"
        );
    }

    #[test]
    fn a_formula_is_never_a_tag() {
        assert_eq!(
            to_markdown("for \\(1.2<y<2.2\\) and \\(a<b\\), <b>c</b> > d"),
            "for \\(1.2<y<2.2\\) and \\(a<b\\), **c** > d\n"
        );
    }

    #[test]
    fn scripts_comments_and_stray_brackets() {
        assert_eq!(
            to_markdown("a < b <!-- hidden --><script>alert(1)</script>c&gt;d &unknown; &#228;"),
            "a < b c>d &unknown; ä\n"
        );
    }
}
