//! Names and titles as they will be printed: invisible characters removed
//! with a warning at the place they were typed, NFC, spaces collapsed.

use std::ops::Range;

use super::Checker;
use crate::diag::Diagnostic;
use crate::model::TextPlace;
use crate::text::chars;

impl Checker {
    /// `value` (written at `span` of the configuration) cleaned by
    /// [`chars::clean`], each removed character reported where it stands;
    /// `what` names the field in messages ("the name", "the title").
    pub(super) fn clean(&mut self, value: &str, span: Range<usize>, what: &str) -> String {
        let (clean, removed) = chars::clean(value);
        for (nth, removal) in removed.iter().enumerate() {
            let place = self.char_place(value, removal, &removed[..nth], span.clone());
            self.warnings.push(
                Diagnostic::warning(format!(
                    "{what} `{clean}` holds an invisible {}; it is left out",
                    chars::describe(removal.char)
                ))
                .at(self.at(place))
                .hint("such characters come from copying out of web pages and word processors; delete it to silence this warning"),
            );
        }
        if !clean.is_ascii() {
            // Only text beyond ASCII can lack a glyph in the bundled fonts.
            let at = self.at(span);
            self.sources.texts.push(TextPlace {
                what: what.to_owned(),
                contribution: self.current.clone(),
                text: clean.clone(),
                at,
            });
        }
        clean
    }

    /// Where in the configuration a character of a string value was typed:
    /// the character itself, or the escape that wrote it (`\u200E`); the
    /// whole value when neither can be found.
    fn char_place(
        &self,
        value: &str,
        removal: &chars::Removed,
        earlier: &[chars::Removed],
        span: Range<usize>,
    ) -> Range<usize> {
        let Some(raw) = self.text.get(span.clone()) else {
            return span;
        };
        // The string as written: quotes and all. Without escapes, the value
        // sits right after the opening quote(s).
        let quotes = raw
            .chars()
            .take_while(|&c| c == '"' || c == '\'')
            .count()
            .min(3);
        if raw.get(quotes..quotes + value.len()) == Some(value) {
            let start = span.start + quotes + removal.offset;
            return start..start + removal.char.len_utf8();
        }
        // Otherwise the n-th occurrence of the character, typed or escaped.
        let nth = earlier.iter().filter(|r| r.char == removal.char).count();
        let code = removal.char as u32;
        let forms = [
            removal.char.to_string(),
            format!("\\u{code:04X}"),
            format!("\\u{code:04x}"),
            format!("\\U{code:08X}"),
            format!("\\U{code:08x}"),
        ];
        let mut found: Vec<(usize, usize)> = forms
            .iter()
            .flat_map(|form| raw.match_indices(form.as_str()).map(|(i, m)| (i, m.len())))
            .collect();
        found.sort_unstable();
        match found.get(nth) {
            Some(&(i, len)) => span.start + i..span.start + i + len,
            None => span,
        }
    }
}
