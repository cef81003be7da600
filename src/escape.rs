//! Quoting: for Typst, text that markup shows exactly as written, and string
//! literals (every piece of user text that reaches Typst source goes through
//! one of these); for XML (the Crossref deposit, the preview's SVG), text.

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

/// Text as XML character data or attribute value.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot carry.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn xml_text_cannot_become_markup() {
        assert_eq!(
            xml("a < b & <script> \"q\"\u{7}"),
            "a &lt; b &amp; &lt;script&gt; &quot;q&quot;"
        );
    }
    use super::*;

    #[test]
    fn escapes_every_markup_character() {
        assert_eq!(escape_text("#a $b$ *c*"), "\\#a \\$b\\$ \\*c\\*");
        assert_eq!(escape_text("// not a comment"), "\\/\\/ not a comment");
    }

    #[test]
    fn string_literals_escape_quotes_and_backslashes() {
        assert_eq!(
            string_literal("a \"b\" \\ c\n"),
            "\"a \\\"b\\\" \\\\ c\\n\""
        );
    }
}
