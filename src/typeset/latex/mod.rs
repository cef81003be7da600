//! LaTeX math to Typst math.
//!
//! Authors coming from Indico, EasyChair or LaTeX write `$\alpha + \frac{1}{2}$`.
//! This converts the common subset (Greek, operators, relations, arrows,
//! `\frac`, `\sqrt`, big operators with limits, font commands, accents,
//! `\left…\right`, `\text`, matrices, `cases` and `aligned`) into Typst math.
//! The output is built from a fixed vocabulary of Typst names; every
//! character the author typed is emitted as a single escaped symbol or a
//! string literal, so nothing written in LaTeX can ever run as Typst code.
//! An unknown command is an error naming it, never a guess.

use std::ops::Range;

use crate::escape::string_literal;

/// A LaTeX construct that cannot be converted, with its byte range in the
/// math that was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatexError {
    /// Where in the math source.
    pub range: Range<usize>,
    /// What is wrong.
    pub message: String,
}

/// Whether `math` is written in LaTeX: a backslash command (`\alpha`) or a
/// braced script (`x_{ij}`) is never Typst math, which groups with
/// parentheses.
pub fn is_latex(math: &str) -> bool {
    let bytes = math.as_bytes();
    bytes.windows(2).any(|w| {
        (w[0] == b'\\' && w[1].is_ascii_alphabetic())
            || (matches!(w[0], b'^' | b'_') && w[1] == b'{')
    })
}

/// Converts LaTeX math (the text between the delimiters) to Typst math (to be
/// put between `$`s).
pub fn to_typst(math: &str) -> Result<String, LatexError> {
    let mut parser = Parser {
        src: math,
        pos: 0,
        depth: 0,
    };
    let out = parser.sequence(Stop::End, Grid::None)?;
    Ok(out.join())
}

/// What ends a sequence of atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop<'a> {
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
}

/// How `&` and `\\` are written where a sequence appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grid {
    /// Not in an environment: `&` is an error, `\\` a line break.
    None,
    /// A matrix: cells separated by `,`, rows by `;`.
    Matrix,
    /// Aligned equations and cases: `&` aligns, `\\` breaks the line.
    Align,
    /// Cases: `&` aligns, `\\` separates the cases.
    Cases,
}

/// A converted sequence: Typst math atoms, each of which scripts attach to.
#[derive(Debug, Default)]
struct Atoms(Vec<String>);

impl Atoms {
    fn join(&self) -> String {
        self.0.join(" ")
    }

    /// The atoms as one function argument or script.
    fn arg(&self) -> String {
        let joined = self.join();
        if joined.is_empty() {
            "zws".into()
        } else {
            joined
        }
    }
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    /// How many groups, arguments and environments are open: bounded, so
    /// that no formula can exhaust the stack.
    depth: usize,
}

/// The deepest nesting a formula may have.
const MAX_DEPTH: usize = 64;

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
        // A `%` comment runs to the end of the line.
        if self.peek() == Some('%') {
            while self.bump().is_some_and(|c| c != '\n') {}
            self.skip_space();
        }
    }

    fn error<T>(&self, range: Range<usize>, message: impl Into<String>) -> Result<T, LatexError> {
        Err(LatexError {
            range,
            message: message.into(),
        })
    }

    /// Reads a command name after its backslash: letters, or one other
    /// character (`\,`, `\{`).
    fn command_name(&mut self) -> (&'a str, usize) {
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

    /// Converts atoms until `stop`.
    fn sequence(&mut self, stop: Stop<'a>, grid: Grid) -> Result<Atoms, LatexError> {
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
                '^' | '_' => {
                    self.bump();
                    let script = self.argument()?;
                    let op = if c == '^' { "^" } else { "_" };
                    match atoms.0.last_mut() {
                        Some(last) => {
                            last.push_str(op);
                            last.push('(');
                            last.push_str(&script.arg());
                            last.push(')');
                        }
                        None => atoms.0.push(format!("zws{op}({})", script.arg())),
                    }
                }
                '\'' => {
                    self.bump();
                    match atoms.0.last_mut() {
                        Some(last) => last.push('\''),
                        None => atoms.0.push("prime".into()),
                    }
                }
                '&' => {
                    self.bump();
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
                }
                '{' => {
                    self.bump();
                    let group = self.sequence(Stop::Brace, grid)?;
                    atoms.0.extend(group_atom(group));
                }
                '\\' => {
                    self.bump();
                    let (name, end) = self.command_name();
                    let range = start..end;
                    match name {
                        "right" if stop == Stop::Right => return Ok(atoms),
                        "end" => {
                            let env = self.word_argument()?;
                            if stop == Stop::Env(env) {
                                return Ok(atoms);
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
                                    Grid::Align | Grid::None => "\\",
                                }
                                .into(),
                            );
                        }
                        _ => {
                            if let Some(atom) = self.command(name, range)? {
                                atoms.0.push(atom);
                            }
                        }
                    }
                }
                '~' => {
                    // A tie: a space that does not break.
                    self.bump();
                    atoms.0.push("space.nobreak".into());
                }
                c => {
                    self.bump();
                    if c.is_ascii_digit() {
                        // A number is one atom: `10^{10}` raises 10, as LaTeX
                        // would print it.
                        let mut number = c.to_string();
                        while let Some(d) = self.peek().filter(char::is_ascii_digit) {
                            self.bump();
                            number.push(d);
                        }
                        atoms.0.push(number);
                    } else {
                        atoms.0.push(literal(c));
                    }
                }
            }
        }
    }

    /// A command's argument: a group, a command or one character.
    fn argument(&mut self) -> Result<Atoms, LatexError> {
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
            Some('}') => self.error(start..start + 1, "an argument is missing before `}`"),
            Some(c) => {
                self.bump();
                Ok(Atoms(vec![literal(c)]))
            }
        }
    }

    /// An optional `[…]` argument.
    fn optional(&mut self) -> Result<Option<Atoms>, LatexError> {
        self.skip_space();
        if self.peek() == Some('[') {
            self.bump();
            Ok(Some(self.sequence(Stop::Bracket, Grid::None)?))
        } else {
            Ok(None)
        }
    }

    /// A `{word}` argument taken as it is: an environment's name, a colour.
    fn word_argument(&mut self) -> Result<&'a str, LatexError> {
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

    /// A `{…}` argument taken as text (`\text{…}`), braces balanced.
    fn text_argument(&mut self) -> Result<String, LatexError> {
        self.skip_space();
        let start = self.pos;
        if self.peek() != Some('{') {
            return match self.bump() {
                Some(c) => Ok(c.to_string()),
                None => self.error(start..start, "an argument is missing at the end"),
            };
        }
        self.bump();
        let mut depth = 1;
        let mut text = String::new();
        while let Some(c) = self.bump() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(text);
                    }
                }
                '\\' => {
                    // Escaped characters and spaces in text: `\%`, `\ `.
                    match self.bump() {
                        Some(e) if !e.is_ascii_alphabetic() => text.push(e),
                        Some(_) => {
                            let from = self.pos - 1;
                            while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                                self.bump();
                            }
                            let name = &self.src[from..self.pos];
                            return self.error(
                                from - 1..self.pos,
                                format!("`\\{name}` inside `\\text` is not supported"),
                            );
                        }
                        None => {}
                    }
                    continue;
                }
                _ => {}
            }
            text.push(c);
        }
        self.error(start..self.pos, "a `{` is not closed")
    }

    /// A delimiter after `\left`, `\right`, `\big`…: its Typst form, or
    /// `None` for the invisible `.`.
    fn delimiter(&mut self) -> Result<Option<String>, LatexError> {
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

    /// Converts one command (its name already read) to an atom, or to
    /// nothing for commands that only change spacing or style.
    fn command(
        &mut self,
        name: &'a str,
        range: Range<usize>,
    ) -> Result<Option<String>, LatexError> {
        if let Some(symbol) = symbol(name) {
            return Ok(Some(symbol.into()));
        }
        if let Some(op) = operator(name) {
            return Ok(Some(op.into()));
        }
        let atom = match name {
            // Characters LaTeX needs escaped.
            "{" | "}" | "%" | "$" | "&" | "#" | "_" | "|" => {
                let c = name.chars().next().unwrap_or(' ');
                if c == '|' { "‖".into() } else { literal(c) }
            }
            // Spacing.
            "," | "thinspace" => "thin".into(),
            ":" | ">" | "medspace" => "med".into(),
            ";" | "thickspace" => "thick".into(),
            " " | "space" => "space".into(),
            "quad" => "quad".into(),
            "qquad" => "wide".into(),
            "!" | "negthinspace" | "displaystyle" | "textstyle" | "scriptstyle"
            | "scriptscriptstyle" | "limits" | "nolimits" | "nonumber" | "notag" => {
                return Ok(None);
            }
            // Sized delimiters: Typst sizes them itself.
            "big" | "Big" | "bigg" | "Bigg" | "bigl" | "bigr" | "Bigl" | "Bigr" | "biggl"
            | "biggr" | "Biggl" | "Biggr" | "bigm" | "Bigm" => return self.delimiter(),
            "left" => {
                let open = self.delimiter()?;
                let body = self.sequence(Stop::Right, Grid::None)?;
                let close = self.delimiter()?;
                let mut inner = String::new();
                inner.push_str(open.as_deref().unwrap_or(""));
                inner.push(' ');
                inner.push_str(&body.join());
                inner.push(' ');
                inner.push_str(close.as_deref().unwrap_or(""));
                if open.is_none() || close.is_none() {
                    // One invisible side: `lr` still scales the other.
                    format!("lr({})", inner.trim())
                } else {
                    format!("lr({inner})")
                }
            }
            "right" => return self.error(range, "`\\right` without `\\left`"),
            "middle" => match self.delimiter()? {
                Some(d) => format!("mid({d})"),
                None => return Ok(None),
            },
            // Labels, tags and colours do not print in a booklet.
            "label" | "tag" | "color" => {
                self.word_argument()?;
                return Ok(None);
            }
            "textcolor" => {
                self.word_argument()?;
                self.argument()?.join()
            }
            "frac" | "dfrac" | "tfrac" | "cfrac" => {
                let num = self.argument()?;
                let den = self.argument()?;
                format!("frac({}, {})", num.arg(), den.arg())
            }
            "binom" | "dbinom" | "tbinom" => {
                let n = self.argument()?;
                let k = self.argument()?;
                format!("binom({}, {})", n.arg(), k.arg())
            }
            "sqrt" => {
                let index = self.optional()?;
                let body = self.argument()?;
                match index {
                    Some(index) => format!("root({}, {})", index.arg(), body.arg()),
                    None => format!("sqrt({})", body.arg()),
                }
            }
            "text" | "textrm" | "textnormal" | "mbox" | "hbox" | "textup" | "textit" | "textbf"
            | "textsf" | "texttt" | "emph" => {
                let text = string_literal(&self.text_argument()?);
                match name {
                    "textit" | "emph" => format!("italic({text})"),
                    "textbf" => format!("bold({text})"),
                    "textsf" => format!("sans({text})"),
                    "texttt" => format!("mono({text})"),
                    _ => text,
                }
            }
            "mathrm" | "operatorname" => {
                // A word stays a word (`\mathrm{kg}`); anything else is math.
                self.skip_space();
                let start = self.pos;
                let body = self.argument()?;
                let raw = self.src[start..self.pos].trim_matches(['{', '}']);
                // One letter stays a math letter (`\mathrm{d}x` has no gap).
                let word =
                    raw.chars().count() > 1 && raw.chars().all(|c| c.is_alphanumeric() || c == ' ');
                let body = if word {
                    string_literal(raw)
                } else {
                    body.arg()
                };
                match name {
                    "operatorname" => format!("op({body})"),
                    _ => format!("upright({body})"),
                }
            }
            "mathbb" | "mathcal" | "mathbf" | "mathit" | "mathsf" | "mathtt" | "mathfrak"
            | "mathscr" | "boldsymbol" | "bm" | "pmb" | "mathnormal" => {
                let body = self.argument()?.arg();
                match name {
                    "mathbb" => format!("bb({body})"),
                    "mathcal" => format!("cal({body})"),
                    "mathscr" => format!("scr({body})"),
                    "mathbf" => format!("bold(upright({body}))"),
                    "mathit" | "mathnormal" => format!("italic({body})"),
                    "mathsf" => format!("sans({body})"),
                    "mathtt" => format!("mono({body})"),
                    "mathfrak" => format!("frak({body})"),
                    _ => format!("bold({body})"),
                }
            }
            "hat" | "widehat" | "tilde" | "widetilde" | "bar" | "vec" | "dot" | "ddot"
            | "dddot" | "acute" | "grave" | "breve" | "check" | "mathring" | "overline"
            | "underline" | "overbrace" | "underbrace" | "overrightarrow" | "overleftarrow" => {
                let body = self.argument()?.arg();
                let f = match name {
                    "hat" | "widehat" => "hat",
                    "tilde" | "widetilde" => "tilde",
                    "bar" => "macron",
                    "vec" | "overrightarrow" => "arrow",
                    "overleftarrow" => "arrow.l",
                    "dot" => "dot",
                    "ddot" => "dot.double",
                    "dddot" => "dot.triple",
                    "acute" => "acute",
                    "grave" => "grave",
                    "breve" => "breve",
                    "check" => "caron",
                    "mathring" => "circle",
                    other => other,
                };
                format!("{f}({body})")
            }
            "overset" | "stackrel" | "underset" => {
                let over = self.argument()?.arg();
                let base = self.argument()?.arg();
                let op = if name == "underset" { "_" } else { "^" };
                format!("limits({base}){op}({over})")
            }
            "not" => {
                let next = self.argument()?;
                let joined = next.join();
                match joined.as_str() {
                    "\\=" => "≠".into(),
                    "∈" => "∉".into(),
                    "⊂" => "⊄".into(),
                    "⊆" => "⊈".into(),
                    "≡" => "≢".into(),
                    "∼" => "≁".into(),
                    "≈" => "≉".into(),
                    _ => format!("cancel({})", next.arg()),
                }
            }
            "pmod" => {
                let body = self.argument()?.arg();
                format!("quad \\( mod {body} \\)")
            }
            "begin" => {
                let env = self.word_argument()?;
                return self.environment(env, range).map(Some);
            }
            _ => {
                return self.error(range, format!("unsupported LaTeX command `\\{name}`"));
            }
        };
        Ok(Some(atom))
    }

    /// `\begin{env}` (already read) to its `\end`.
    fn environment(&mut self, env: &'a str, range: Range<usize>) -> Result<String, LatexError> {
        let delim = match env {
            "matrix" | "smallmatrix" | "array" => Some("#none"),
            "pmatrix" => Some("\"(\""),
            "bmatrix" => Some("\"[\""),
            "Bmatrix" => Some("\"{\""),
            "vmatrix" => Some("\"|\""),
            "Vmatrix" => Some("\"‖\""),
            _ => None,
        };
        if let Some(delim) = delim {
            if env == "array" {
                // The column specification (`{cc}`) only aligns.
                self.word_argument()?;
            }
            let body = self.sequence(Stop::Env(env), Grid::Matrix)?;
            let mut cells = body.join();
            // A `\\` before `\end` ends the last row, it does not add one.
            while cells.ends_with(';') || cells.ends_with("; ") {
                cells = cells.trim_end().trim_end_matches(';').trim_end().to_owned();
            }
            return Ok(format!("mat(delim: {delim}, {cells})"));
        }
        match env {
            "cases" | "dcases" => {
                let body = self.sequence(Stop::Env(env), Grid::Cases)?;
                let rows = body.join();
                let rows = rows.trim_end().trim_end_matches(',');
                Ok(format!("cases({rows})"))
            }
            "aligned" | "align" | "align*" | "gathered" | "gather" | "gather*" | "split"
            | "equation" | "equation*" | "alignat" | "alignat*" | "eqnarray" | "eqnarray*"
            | "multline" | "multline*" => {
                if env.starts_with("alignat") {
                    self.word_argument()?;
                }
                let body = self.sequence(Stop::Env(env), Grid::Align)?;
                let rows = body.join();
                Ok(rows.trim_end().trim_end_matches('\\').trim_end().to_owned())
            }
            _ => self.error(
                range.start..self.pos,
                format!("unsupported LaTeX environment `\\begin{{{env}}}`"),
            ),
        }
    }
}

/// A group as atoms: several become one (scripts then attach to the whole).
fn group_atom(group: Atoms) -> Option<String> {
    match group.0.len() {
        0 => Some("zws".into()),
        1 => group.0.into_iter().next(),
        _ => Some(format!("scripts({})", group.join())),
    }
}

/// One character the author typed, as a Typst math atom that shows exactly
/// it: letters and digits as they are, everything else escaped (so `#`, `"`
/// or `/` can never be syntax).
fn literal(c: char) -> String {
    if c.is_alphanumeric() {
        c.to_string()
    } else if c == '-' {
        // A minus sign, as LaTeX sets it (an escaped `-` would be a hyphen).
        "−".into()
    } else if c.is_ascii() {
        format!("\\{c}")
    } else {
        // Non-ASCII symbols (≤, α typed directly) are text, not syntax.
        c.to_string()
    }
}

/// Operators Typst knows by the LaTeX name (upright, limits where LaTeX has them).
fn operator(name: &str) -> Option<&'static str> {
    const OPERATORS: &[&str] = &[
        "arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "coth", "csc", "deg", "det",
        "dim", "exp", "gcd", "hom", "inf", "ker", "lg", "lim", "liminf", "limsup", "ln", "log",
        "max", "min", "Pr", "sec", "sin", "sinh", "sup", "tan", "tanh",
    ];
    OPERATORS
        .iter()
        .copied()
        .find(|&op| op == name)
        .or(match name {
            "bmod" | "mod" => Some("mod"),
            _ => None,
        })
}

/// Commands that stand for one symbol.
fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        // Greek, lower case.
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "epsilon" => "ϵ",
        "varepsilon" => "ε",
        "zeta" => "ζ",
        "eta" => "η",
        "theta" => "θ",
        "vartheta" => "ϑ",
        "iota" => "ι",
        "kappa" => "κ",
        "varkappa" => "ϰ",
        "lambda" => "λ",
        "mu" => "μ",
        "nu" => "ν",
        "xi" => "ξ",
        "omicron" => "ο",
        "pi" => "π",
        "varpi" => "ϖ",
        "rho" => "ρ",
        "varrho" => "ϱ",
        "sigma" => "σ",
        "varsigma" => "ς",
        "tau" => "τ",
        "upsilon" => "υ",
        "phi" => "ϕ",
        "varphi" => "φ",
        "chi" => "χ",
        "psi" => "ψ",
        "omega" => "ω",
        // Greek, upper case.
        "Gamma" => "Γ",
        "Delta" => "Δ",
        "Theta" => "Θ",
        "Lambda" => "Λ",
        "Xi" => "Ξ",
        "Pi" => "Π",
        "Sigma" => "Σ",
        "Upsilon" => "Υ",
        "Phi" => "Φ",
        "Psi" => "Ψ",
        "Omega" => "Ω",
        // Big operators (Typst sets their limits as LaTeX does).
        "sum" => "∑",
        "prod" => "∏",
        "coprod" => "∐",
        "int" => "∫",
        "iint" => "∬",
        "iiint" => "∭",
        "oint" => "∮",
        "bigcup" => "⋃",
        "bigcap" => "⋂",
        "bigoplus" => "⨁",
        "bigotimes" => "⨂",
        "bigvee" => "⋁",
        "bigwedge" => "⋀",
        "bigsqcup" => "⨆",
        // Binary operators.
        "times" => "×",
        "cdot" => "⋅",
        "pm" => "±",
        "mp" => "∓",
        "div" => "÷",
        "ast" => "∗",
        "star" => "⋆",
        "circ" => "∘",
        "bullet" => "∙",
        "oplus" => "⊕",
        "ominus" => "⊖",
        "otimes" => "⊗",
        "odot" => "⊙",
        "cup" => "∪",
        "cap" => "∩",
        "sqcup" => "⊔",
        "sqcap" => "⊓",
        "setminus" => "∖",
        "wedge" | "land" => "∧",
        "vee" | "lor" => "∨",
        "dagger" => "†",
        "ddagger" => "‡",
        "wr" => "≀",
        // Relations.
        "leq" | "le" => "≤",
        "geq" | "ge" => "≥",
        "leqslant" => "⩽",
        "geqslant" => "⩾",
        "neq" | "ne" => "≠",
        "ll" => "≪",
        "gg" => "≫",
        "lesssim" => "≲",
        "gtrsim" => "≳",
        "approx" => "≈",
        "sim" => "∼",
        "simeq" => "≃",
        "cong" => "≅",
        "equiv" => "≡",
        "propto" => "∝",
        "doteq" => "≐",
        "in" => "∈",
        "notin" => "∉",
        "ni" | "owns" => "∋",
        "subset" => "⊂",
        "supset" => "⊃",
        "subseteq" => "⊆",
        "supseteq" => "⊇",
        "subsetneq" => "⊊",
        "supsetneq" => "⊋",
        "perp" => "⊥",
        "parallel" => "∥",
        "mid" => "∣",
        "nmid" => "∤",
        "vdash" => "⊢",
        "models" => "⊨",
        "prec" => "≺",
        "succ" => "≻",
        "preceq" => "⪯",
        "succeq" => "⪰",
        "asymp" => "≍",
        // Arrows.
        "to" | "rightarrow" => "→",
        "leftarrow" | "gets" => "←",
        "leftrightarrow" => "↔",
        "Rightarrow" => "⇒",
        "Leftarrow" => "⇐",
        "Leftrightarrow" => "⇔",
        "longrightarrow" => "⟶",
        "longleftarrow" => "⟵",
        "longleftrightarrow" => "⟷",
        "Longrightarrow" | "implies" => "⟹",
        "Longleftarrow" | "impliedby" => "⟸",
        "Longleftrightarrow" | "iff" => "⟺",
        "mapsto" => "↦",
        "longmapsto" => "⟼",
        "uparrow" => "↑",
        "downarrow" => "↓",
        "updownarrow" => "↕",
        "Uparrow" => "⇑",
        "Downarrow" => "⇓",
        "nearrow" => "↗",
        "searrow" => "↘",
        "swarrow" => "↙",
        "nwarrow" => "↖",
        "hookrightarrow" => "↪",
        "hookleftarrow" => "↩",
        "rightleftharpoons" => "⇌",
        "leftrightarrows" => "⇆",
        "rightleftarrows" => "⇄",
        // Letters and other symbols.
        "infty" => "∞",
        "partial" => "∂",
        "nabla" => "∇",
        "forall" => "∀",
        "exists" => "∃",
        "nexists" => "∄",
        "neg" | "lnot" => "¬",
        "emptyset" | "varnothing" => "∅",
        "hbar" => "ℏ",
        "hslash" => "ℏ",
        "ell" => "ℓ",
        "Re" => "ℜ",
        "Im" => "ℑ",
        "aleph" => "ℵ",
        "wp" => "℘",
        "prime" => "′",
        "angle" => "∠",
        "triangle" => "△",
        "square" | "Box" => "□",
        "degree" | "circledast" => "°",
        "ldots" | "dots" | "dotsc" | "dotsb" | "dotso" => "…",
        "cdots" => "⋯",
        "vdots" => "⋮",
        "ddots" => "⋱",
        "langle" => "⟨",
        "rangle" => "⟩",
        "lfloor" => "⌊",
        "rfloor" => "⌋",
        "lceil" => "⌈",
        "rceil" => "⌉",
        "lbrace" => "\\{",
        "rbrace" => "\\}",
        "vert" | "lvert" | "rvert" => "\\|",
        "Vert" | "lVert" | "rVert" => "‖",
        "backslash" => "\\\\",
        "colon" => "\\:",
        "AA" => "Å",
        "checkmark" => "✓",
        "therefore" => "∴",
        "because" => "∵",
        "top" => "⊤",
        "bot" => "⊥",
        "flat" => "♭",
        "sharp" => "♯",
        "natural" => "♮",
        "clubsuit" => "♣",
        "diamondsuit" => "♢",
        "heartsuit" => "♡",
        "spadesuit" => "♠",
        "diamond" => "⋄",
        "surd" => "√",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(latex: &str) -> String {
        to_typst(latex).unwrap_or_else(|e| panic!("{latex}: {e:?}"))
    }

    #[test]
    fn detects_latex_by_its_commands() {
        assert!(is_latex(r"\alpha + 1"));
        assert!(!is_latex("x^2 + y"));
        assert!(!is_latex(r"a \, b"));
        assert!(is_latex("p_{T}"));
        assert!(!is_latex("x_(i j)"));
    }

    #[test]
    fn letters_are_separate_atoms_and_numbers_one() {
        assert_eq!(ok("ab + 12"), "a b \\+ 12");
        assert_eq!(ok(r"1\times10^{10}"), "1 × 10^(10)");
        assert_eq!(ok(r"600~\text{m}^2"), "600 space.nobreak \"m\"^(2)");
    }

    #[test]
    fn fractions_roots_and_scripts() {
        assert_eq!(
            ok(r"\frac{1}{2}\alpha + \sum_{i=1}^{n} x_i"),
            "frac(1, 2) α \\+ ∑_(i \\= 1)^(n) x_(i)"
        );
        assert_eq!(ok(r"\sqrt[3]{x}"), "root(3, x)");
        assert_eq!(ok(r"\frac12"), "frac(1, 2)");
        assert_eq!(ok(r"{a+b}^2"), "scripts(a \\+ b)^(2)");
    }

    #[test]
    fn fonts_text_and_operators() {
        assert_eq!(ok(r"\mathbb{R}^n"), "bb(R)^(n)");
        assert_eq!(ok(r"\text{if } x"), "\"if \" x");
        assert_eq!(ok(r"\operatorname{Tr} A"), "op(\"Tr\") A");
        assert_eq!(ok(r"\lim_{x\to0}"), "lim_(x → 0)");
        assert_eq!(ok(r"\mathrm{d}x"), "upright(d) x");
        assert_eq!(ok(r"\mathrm{kg}"), "upright(\"kg\")");
        assert_eq!(ok(r"e^{-x}"), "e^(− x)");
    }

    #[test]
    fn delimiters_and_environments() {
        assert_eq!(ok(r"\left( x \right)"), "lr(\\( x \\))");
        assert_eq!(ok(r"\left. x \right|"), "lr(x \\|)");
        assert_eq!(
            ok(r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"),
            "mat(delim: \"(\", a , b ; c , d)"
        );
        assert_eq!(
            ok(r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}"),
            "f \\( x \\) \\= cases(1 & quad x \\> 0 , 0 & quad \"else\")"
        );
        assert_eq!(
            ok(r"\begin{aligned} a &= b \\ &= c \end{aligned}"),
            "a & \\= b \\ & \\= c"
        );
    }

    #[test]
    fn nothing_typed_becomes_typst_code() {
        assert_eq!(ok(r#"\text{#panic() "x"}"#), r##""#panic() \"x\"""##);
        assert_eq!(ok(r"\alpha # \$"), "α \\# \\$");
        assert_eq!(ok(r"a/b // c"), "a \\/ b \\/ \\/ c");
    }

    #[test]
    fn no_input_panics_or_nests_without_end() {
        let deep = "{".repeat(100_000);
        assert_eq!(
            to_typst(&deep).unwrap_err().message,
            "the formula is nested too deeply"
        );
        assert!(to_typst(&r"\frac".repeat(50_000)).is_err());
        assert!(to_typst(&r"\sqrt{".repeat(50_000)).is_err());
        // Every short string of awkward characters converts or fails cleanly.
        let pieces = [
            "\\",
            "{",
            "}",
            "^",
            "_",
            "&",
            "é",
            "\\left",
            "\\right",
            "[",
            "]",
            "\\begin{cases}",
            "\\end{cases}",
            "\\text{",
            "%",
            "~",
            "'",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let _ = to_typst(&format!("{a}{b}{c}"));
                }
            }
        }
    }

    #[test]
    fn unknown_commands_are_errors_at_their_place() {
        let err = to_typst(r"x + \notacommand y").unwrap_err();
        assert_eq!(err.range, 4..16);
        assert_eq!(err.message, "unsupported LaTeX command `\\notacommand`");
        let err = to_typst(r"\begin{tikzpicture}\end{tikzpicture}").unwrap_err();
        assert!(err.message.contains("tikzpicture"), "{err:?}");
        assert!(to_typst(r"\frac{1}{2").is_err());
        assert!(to_typst(r"a } b").is_err());
        assert!(to_typst(r"\left( x").is_err());
    }

    /// Every construct the converter knows compiles in Typst without an
    /// error (a conversion that succeeds must never fail later).
    #[test]
    fn every_conversion_compiles_in_typst() {
        use std::collections::HashMap;
        use typst::foundations::{Bytes, Datetime};
        use typst_layout::PagedDocument;

        let samples = [
            r"\frac{1}{2}\alpha + \sum_{i=1}^{n} x_i",
            r"\int_0^\infty e^{-x^2}\,\mathrm{d}x = \frac{\sqrt{\pi}}{2}",
            r"\sqrt[3]{y} \cdot \mathbf{x} \times \mathbb{R}^n \to \mathcal{L} \mathfrak{g} \mathscr{F}",
            r"\left( \frac{a}{b} \right)^2 \left\{ x \middle| x > 0 \right\} \left. y \right|_0",
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix} \begin{bmatrix} 1 \end{bmatrix} \begin{vmatrix} a \end{vmatrix} \begin{matrix} 1 & 2 \end{matrix}",
            r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
            r"\begin{aligned} a &= b \\ &\leq c \end{aligned}",
            r"\hat{x} \tilde{y} \bar{z} \vec{v} \dot{a} \ddot{b} \overline{ab} \underline{c} \underbrace{x+y}_{z} \overbrace{u}",
            r"\operatorname{Tr}(A) \neq \det A, \lim_{n\to\infty} \max_i \sin\theta \log x",
            r"\binom{n}{k} \not= \not\in \overset{!}{=} \underset{x}{\arg\min}",
            r"a \quad b \qquad c \; d \: e \, f \! g ~ h \ i",
            r"\{ \} \% \$ \& \# \_ \| \langle x \rangle \lfloor y \rfloor \lceil z \rceil",
            r#"\text{#panic() "quoted" // not code} \textbf{bold} \textit{it} \mbox{box}"#,
            r"x' f'' \prime 10^{34} 1\times10^{10} a_{\mu} e^{+}e^{-} 600~\text{m}^2",
            r"\Gamma\Delta\Theta\Lambda\Xi\Pi\Sigma\Upsilon\Phi\Psi\Omega \epsilon\varepsilon\phi\varphi",
            r"\big( \Big[ \bigg\{ \Bigg\langle x \Bigg\rangle \bigg\} \Big] \big)",
            r"\pmod{n} a \bmod b \displaystyle \limits \nolimits \label{x} \tag{1} \color{red} \textcolor{blue}{x}",
            r"{a+b}^2 ^2 _3 {}",
        ];
        let mut source = String::new();
        for sample in samples {
            let typst = to_typst(sample).unwrap_or_else(|e| panic!("{sample}: {e:?}"));
            source.push_str(&format!("${typst}$\n\n$ {typst} $\n\n"));
        }

        let dir = tempfile::tempdir().unwrap();
        let date = Datetime::from_ymd(2024, 5, 6).unwrap();
        let world = crate::typeset::world::ProjectWorld::new(
            dir.path(),
            dir.path(),
            date,
            crate::typeset::fonts::builtin(),
        );
        let main = crate::vpaths::file_id("/main.typ");
        let files = HashMap::from([(main, Bytes::from_string(source.clone()))]);
        let result = typst::compile::<PagedDocument>(&world.document_with(main, files));
        if let Err(errors) = &result.output {
            let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
            panic!("{messages:#?}\n{source}");
        }
    }
}
