//! Text inside a formula (`\text{…}`, `\mbox{…}`): runs of text as string
//! literals, the few commands text may hold (`\textmu`, `\AA`, escaped
//! characters, spaces), and math inside the text (`\mbox{$\sqrt{s}$}`).

use super::LatexError;
use super::reader::Parser;
use super::sequence::{Grid, Stop};
use super::tables::text_symbol;
use super::writer::{Atoms, string};

impl Parser<'_> {
    /// A `{…}` argument taken as text (`\text{…}`), braces balanced: its
    /// atoms, each run of text one string literal, math inside it
    /// (`\mbox{$\sqrt{s}$}`) as math.
    pub(super) fn text_argument(&mut self) -> Result<Atoms, LatexError> {
        self.skip_space();
        let start = self.pos;
        if self.peek() != Some('{') {
            return match self.bump() {
                Some(c) => Ok(Atoms(vec![string(&c.to_string())])),
                None => self.error(start..start, "an argument is missing at the end"),
            };
        }
        self.bump();
        let mut depth = 1;
        let mut text = String::new();
        let mut atoms = Atoms::default();
        while let Some(c) = self.bump() {
            match c {
                // Braces in text only group.
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        flush_text(&mut text, &mut atoms);
                        return Ok(atoms);
                    }
                }
                '$' => {
                    flush_text(&mut text, &mut atoms);
                    let math = self.sequence(Stop::Dollar, Grid::None)?;
                    atoms.0.extend(math.0);
                }
                '\\' => self.text_command(&mut text)?,
                c => text.push(c),
            }
        }
        self.error(start..self.pos, "a `{` is not closed")
    }

    /// A command inside text (its backslash read): an escaped character, a
    /// space, a text symbol (`\textmu`, `\AA`); switches of font and size
    /// are left aside (text in a formula is set upright).
    fn text_command(&mut self, text: &mut String) -> Result<(), LatexError> {
        let from = self.pos - 1;
        let (name, _) = self.command_name();
        if let Some(symbol) = text_symbol(name) {
            text.push_str(symbol);
            return Ok(());
        }
        match name {
            " " | "," | ";" | ":" | ">" | "\\" | "quad" | "qquad" | "enspace" => text.push(' '),
            "!" | "/" | "-" | "relax" | "tiny" | "scriptsize" | "footnotesize" | "small"
            | "normalsize" | "large" | "Large" | "LARGE" | "huge" | "Huge" | "rm" | "bf" | "it"
            | "sf" | "tt" | "sl" | "em" | "normalfont" | "upshape" | "itshape" | "bfseries" => {}
            e if e.chars().count() == 1 && !e.chars().all(|c| c.is_ascii_alphabetic()) => {
                text.push_str(e);
            }
            "" => return self.error(from..self.pos, "a `\\` at the end of the text"),
            _ => {
                return self.error(
                    from..self.pos,
                    format!("`\\{name}` inside `\\text` is not supported"),
                );
            }
        }
        Ok(())
    }
}

/// Writes the text read so far, if any, as one string literal.
fn flush_text(text: &mut String, atoms: &mut Atoms) {
    if !text.is_empty() {
        atoms.0.push(string(text));
        text.clear();
    }
}
