//! Typst's quoting: text that markup shows exactly as written, and string
//! literals. Every piece of user text that reaches Typst source goes through
//! one of these.

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

#[cfg(test)]
mod tests {
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
