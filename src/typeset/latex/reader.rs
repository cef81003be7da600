//! The reader of LaTeX math: characters, spaces and comments, command names,
//! and the arguments taken as they are written (a `{word}`, `\text{…}`, a
//! delimiter).
//!
//! It keeps the position and the depth of nesting; what the atoms become is
//! the business of the sequence, command and writer modules.

use std::ops::Range;

use super::LatexError;
use super::writer::literal;

/// The state of a conversion: the math and how far it has been read.
pub(super) struct Parser<'a> {
    /// The LaTeX math being converted.
    pub(super) src: &'a str,
    /// The byte position of the next character to read.
    pub(super) pos: usize,
    /// How many groups, arguments and environments are open: bounded, so
    /// that no formula can exhaust the stack.
    pub(super) depth: usize,
}

/// The deepest nesting a formula may have.
pub(super) const MAX_DEPTH: usize = 64;

impl<'a> Parser<'a> {
    /// The next character, not read yet.
    pub(super) fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    /// Reads the next character.
    pub(super) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Skips spaces and `%` comments.
    pub(super) fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
        // A `%` comment runs to the end of the line.
        if self.peek() == Some('%') {
            while self.bump().is_some_and(|c| c != '\n') {}
            self.skip_space();
        }
    }

    /// A conversion error at `range`.
    pub(super) fn error<T>(
        &self,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Result<T, LatexError> {
        Err(LatexError {
            range,
            message: message.into(),
        })
    }

    /// Reads a command name after its backslash: letters, or one other
    /// character (`\,`, `\{`).
    pub(super) fn command_name(&mut self) -> (&'a str, usize) {
        let start = self.pos;
        if self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                self.bump();
            }
            let end = self.pos;
            // Spaces after a command word are not part of the math.
            while self.peek().is_some_and(char::is_whitespace) {
                self.bump();
            }
            (&self.src[start..end], end)
        } else {
            self.bump();
            (&self.src[start..self.pos], self.pos)
        }
    }

    /// A `{word}` argument taken as it is: an environment's name, a colour.
    pub(super) fn word_argument(&mut self) -> Result<&'a str, LatexError> {
        self.skip_space();
        let start = self.pos;
        if self.peek() != Some('{') {
            return self.error(start..start, "a `{name}` is missing");
        }
        self.bump();
        let from = self.pos;
        while self.peek().is_some_and(|c| c != '}') {
            self.bump();
        }
        if self.bump().is_none() {
            return self.error(start..self.pos, "a `{` is not closed");
        }
        Ok(self.src[from..self.pos - 1].trim())
    }

    /// Whether a yen sign here stands for a backslash: Japanese keyboards
    /// and fonts show the backslash as `¥`, and a few abstracts were typed
    /// so (`¥sqrt{s}`). Only before a letter; `¥5` stays a yen.
    pub(super) fn at_yen_command(&self) -> bool {
        let mut rest = self.src[self.pos..].chars();
        rest.next() == Some('¥') && rest.next().is_some_and(|c| c.is_ascii_alphabetic())
    }

    /// A delimiter after `\left`, `\right`, `\big`…: its Typst form, or
    /// `None` for the invisible `.`.
    pub(super) fn delimiter(&mut self) -> Result<Option<String>, LatexError> {
        self.skip_space();
        let start = self.pos;
        let Some(c) = self.bump() else {
            return self.error(start..start, "a delimiter is missing at the end");
        };
        let delim = match c {
            '.' => return Ok(None),
            '(' | ')' | '[' | ']' | '|' | '/' | '<' | '>' => {
                let c = match c {
                    '<' => '⟨',
                    '>' => '⟩',
                    c => c,
                };
                literal(c)
            }
            '\\' => {
                let (name, _) = self.command_name();
                match name {
                    "{" | "lbrace" => literal('{'),
                    "}" | "rbrace" => literal('}'),
                    "|" | "Vert" => "‖".into(),
                    "vert" => literal('|'),
                    "langle" => "⟨".into(),
                    "rangle" => "⟩".into(),
                    "lfloor" => "⌊".into(),
                    "rfloor" => "⌋".into(),
                    "lceil" => "⌈".into(),
                    "rceil" => "⌉".into(),
                    "lvert" | "rvert" => literal('|'),
                    "lVert" | "rVert" => "‖".into(),
                    "backslash" => literal('\\'),
                    _ => {
                        return self
                            .error(start..self.pos, format!("`\\{name}` is not a delimiter"));
                    }
                }
            }
            other => {
                return self.error(start..self.pos, format!("`{other}` is not a delimiter"));
            }
        };
        Ok(Some(delim))
    }
}
