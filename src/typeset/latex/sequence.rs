//! Sequences of atoms: what ends them, groups, scripts and primes, the cells
//! and rows of environments, and the arguments of commands.
//!
//! Nesting is counted here: a sequence or an argument opened beyond
//! [`MAX_DEPTH`] is an error, so that no formula can exhaust the stack.

use super::LatexError;
use super::reader::{MAX_DEPTH, Parser};
use super::writer::{Atoms, group_atom, literal};

/// What ends a sequence of atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop<'a> {
    /// The end of the math.
    End,
    /// A closing brace.
    Brace,
    /// A closing bracket (an optional argument).
    Bracket,
    /// `\right`.
    Right,
    /// `\end{name}`.
    Env(&'a str),
    /// A `$`: math inside text (`\mbox{$\sqrt{s}$}`).
    Dollar,
}

/// How `&` and `\\` are written where a sequence appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Grid {
    /// Not in an environment: `&` is an error, `\\` a line break.
    None,
    /// A matrix: cells separated by `,`, rows by `;`.
    Matrix,
    /// Aligned equations and cases: `&` aligns, `\\` breaks the line.
    Align,
    /// Cases: `&` aligns, `\\` separates the cases.
    Cases,
}

impl<'a> Parser<'a> {
    /// Converts atoms until `stop`.
    pub(super) fn sequence(&mut self, stop: Stop<'a>, grid: Grid) -> Result<Atoms, LatexError> {
        if self.depth >= MAX_DEPTH {
            return self.error(self.pos..self.pos, "the formula is nested too deeply");
        }
        self.depth += 1;
        let result = self.sequence_inner(stop, grid);
        self.depth -= 1;
        result
    }

    fn sequence_inner(&mut self, stop: Stop<'a>, grid: Grid) -> Result<Atoms, LatexError> {
        let mut atoms = Atoms::default();
        loop {
            self.skip_space();
            let start = self.pos;
            let Some(c) = self.peek() else {
                return match stop {
                    Stop::End => Ok(atoms),
                    Stop::Brace => self.error(start..start, "a `{` is not closed"),
                    Stop::Bracket => self.error(start..start, "a `[` is not closed"),
                    Stop::Right => self.error(start..start, "`\\left` without `\\right`"),
                    Stop::Dollar => self.error(start..start, "a `$` inside text is not closed"),
                    Stop::Env(name) => {
                        self.error(start..start, format!("`\\begin{{{name}}}` is not ended"))
                    }
                };
            };
            match c {
                '}' => {
                    self.bump();
                    if stop == Stop::Brace {
                        return Ok(atoms);
                    }
                    return self.error(start..self.pos, "a `}` without its `{`");
                }
                ']' if stop == Stop::Bracket => {
                    self.bump();
                    return Ok(atoms);
                }
                '$' if stop == Stop::Dollar => {
                    self.bump();
                    return Ok(atoms);
                }
                '^' | '_' => {
                    self.bump();
                    self.script(c, &mut atoms)?;
                }
                '\'' => {
                    self.bump();
                    match atoms.0.last_mut() {
                        Some(last) if !is_cell_break(last) => last.push('\''),
                        _ => atoms.0.push("prime".into()),
                    }
                }
                '&' => {
                    self.bump();
                    self.cell_separator(grid, start, &mut atoms)?;
                }
                '{' => {
                    self.bump();
                    let group = self.sequence(Stop::Brace, grid)?;
                    atoms.0.extend(group_atom(group));
                }
                '\\' | '¥' if c == '\\' || self.at_yen_command() => {
                    self.bump();
                    if self.sequence_command(stop, grid, start, &mut atoms)? {
                        return Ok(atoms);
                    }
                }
                '~' => {
                    // A tie: a space that does not break.
                    self.bump();
                    atoms.0.push("space.nobreak".into());
                }
                c => {
                    self.bump();
                    self.character(c, &mut atoms);
                }
            }
        }
    }

    /// Attaches a `^` or `_` script (`sign`, already read) to the last atom,
    /// or to an empty one.
    fn script(&mut self, sign: char, atoms: &mut Atoms) -> Result<(), LatexError> {
        let script = self.argument()?;
        attach(sign, &script, atoms);
        Ok(())
    }

    /// Writes a `&` (already read, from `start`) as the grid writes it.
    fn cell_separator(
        &mut self,
        grid: Grid,
        start: usize,
        atoms: &mut Atoms,
    ) -> Result<(), LatexError> {
        match grid {
            Grid::Matrix => atoms.0.push(",".into()),
            Grid::Align => atoms.0.push("&".into()),
            // LaTeX sets a quad between a case and its condition.
            Grid::Cases => atoms.0.push("& quad".into()),
            Grid::None => {
                return self.error(
                    start..self.pos,
                    "`&` outside a matrix or an aligned environment",
                );
            }
        }
        Ok(())
    }

    /// Converts a command met in a sequence (its backslash, from `start`,
    /// already read): `true` when it is the one that ends the sequence
    /// (`\right`, or the `\end` of its environment).
    fn sequence_command(
        &mut self,
        stop: Stop<'a>,
        grid: Grid,
        start: usize,
        atoms: &mut Atoms,
    ) -> Result<bool, LatexError> {
        let (name, end) = self.command_name();
        let range = start..end;
        match name {
            "right" if stop == Stop::Right => return Ok(true),
            "end" => {
                let env = self.word_argument()?;
                if stop == Stop::Env(env) {
                    return Ok(true);
                }
                return self.error(
                    range.start..self.pos,
                    format!("`\\end{{{env}}}` without its `\\begin{{{env}}}`"),
                );
            }
            "\\" | "cr" | "newline" => {
                // An optional spacing argument: `\\[2pt]`.
                if self.peek() == Some('[') {
                    while self.bump().is_some_and(|c| c != ']') {}
                }
                atoms.0.push(
                    match grid {
                        Grid::Matrix => ";",
                        Grid::Cases => ",",
                        Grid::Align => "\\",
                        // Followed by an atom, so that the break never
                        // escapes the `$` that closes the math.
                        Grid::None => "\\ zws",
                    }
                    .into(),
                );
            }
            // Switches and infixes take the rest of the group, to `stop`.
            name if self.rest_of_group(name, stop, grid, atoms)? => return Ok(true),
            "textsuperscript" | "textsubscript" => {
                let text = self.text_argument()?;
                let op = if name == "textsuperscript" { '^' } else { '_' };
                attach(op, &text, atoms);
            }
            _ => {
                if let Some(atom) = self.command(name, range)? {
                    atoms.0.push(atom);
                }
            }
        }
        Ok(false)
    }

    /// Writes one other character (already read): a run of digits as one
    /// number, anything else as its literal.
    fn character(&mut self, c: char, atoms: &mut Atoms) {
        if c.is_ascii_digit() {
            // A number is one atom: `10^{10}` raises 10, as LaTeX
            // would print it.
            let mut number = c.to_string();
            loop {
                // A decimal point between digits belongs to the number.
                let rest = &self.src[self.pos..];
                let point = rest.starts_with('.')
                    && rest[1..].starts_with(|d: char| d.is_ascii_digit())
                    && !number.contains('.');
                match self.peek() {
                    Some(d) if d.is_ascii_digit() || point => {
                        self.bump();
                        number.push(d);
                    }
                    _ => break,
                }
            }
            atoms.0.push(number);
        } else {
            atoms.0.push(literal(c));
        }
    }

    /// A command's argument: a group, a command or one character.
    pub(super) fn argument(&mut self) -> Result<Atoms, LatexError> {
        if self.depth >= MAX_DEPTH {
            return self.error(self.pos..self.pos, "the formula is nested too deeply");
        }
        self.depth += 1;
        let result = self.argument_inner();
        self.depth -= 1;
        result
    }

    fn argument_inner(&mut self) -> Result<Atoms, LatexError> {
        self.skip_space();
        let start = self.pos;
        match self.peek() {
            None => self.error(start..start, "an argument is missing at the end"),
            Some('{') => {
                self.bump();
                self.sequence(Stop::Brace, Grid::None)
            }
            Some('\\') => {
                self.bump();
                let (name, end) = self.command_name();
                let range = start..end;
                Ok(Atoms(self.command(name, range)?.into_iter().collect()))
            }
            Some('¥') if self.at_yen_command() => {
                self.bump();
                let (name, end) = self.command_name();
                let range = start..end;
                Ok(Atoms(self.command(name, range)?.into_iter().collect()))
            }
            Some('}') => self.error(start..start + 1, "an argument is missing before `}`"),
            Some(c) => {
                self.bump();
                Ok(Atoms(vec![literal(c)]))
            }
        }
    }

    /// An optional `[…]` argument.
    pub(super) fn optional(&mut self) -> Result<Option<Atoms>, LatexError> {
        self.skip_space();
        if self.peek() == Some('[') {
            self.bump();
            Ok(Some(self.sequence(Stop::Bracket, Grid::None)?))
        } else {
            Ok(None)
        }
    }
}

/// Attaches `script` as a `^` or `_` (`sign`) to the last atom, or to an
/// empty one.
fn attach(sign: char, script: &Atoms, atoms: &mut Atoms) {
    let op = if sign == '^' { "^" } else { "_" };
    match atoms.0.last_mut() {
        Some(last) if !is_cell_break(last) => {
            last.push_str(op);
            last.push('(');
            last.push_str(&script.arg());
            last.push(')');
        }
        _ => atoms.0.push(format!("zws{op}({})", script.arg())),
    }
}

/// Whether `atom` is one the environments write between cells and rows
/// (a typed `,`, `;` or `&` is escaped, so never looks like one): a script
/// or prime after it starts the new cell.
fn is_cell_break(atom: &str) -> bool {
    matches!(atom, "," | ";" | "&" | "& quad" | "\\")
}
