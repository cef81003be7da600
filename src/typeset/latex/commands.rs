//! Commands and environments: each LaTeX command the converter knows, with
//! its arguments, as Typst math; `\begin{…}` environments as matrices,
//! cases and aligned rows.
//!
//! Only names of Typst's own vocabulary are written here; what the author
//! typed reaches the output through the writer's literals and string
//! literals. An unknown command or environment is an error naming it.

use std::ops::Range;

use super::LatexError;
use super::reader::Parser;
use super::sequence::{Grid, Stop};
use super::switches::is_switch;
use super::tables::{accent_function, operator, symbol};
use super::writer::{group_atom, literal, string};

impl<'a> Parser<'a> {
    /// Converts one command (its name already read) to an atom, or to
    /// nothing for commands that only change spacing or style.
    pub(super) fn command(
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
            "kern" | "mkern" | "hskip" | "mskip" | "hspace" | "mspace" => {
                self.dimension_space(name)?
            }
            "enspace" | "enskip" => "#h(0.5em)".into(),
            "negmedspace" => "#h(-0.2222em)".into(),
            "negthickspace" => "#h(-0.2778em)".into(),
            // Sizes: a formula takes the size of the text around it.
            "tiny" | "scriptsize" | "footnotesize" | "small" | "normalsize" | "large" | "Large"
            | "LARGE" | "huge" | "Huge" | "relax" | "mathstrut" | "strut" | "nobreak"
            | "allowbreak" => return Ok(None),
            name if is_switch(name) => return Ok(None),
            "ensuremath" | "mathord" | "mathop" | "mathrel" | "mathbin" => {
                return Ok(group_atom(self.argument()?));
            }
            "smash" => {
                self.optional()?;
                return Ok(group_atom(self.argument()?));
            }
            "phantom" | "hphantom" | "vphantom" => format!("#hide(${}$)", self.argument()?.arg()),
            "verb" => self.verbatim(range.clone())?,
            "!" | "negthinspace" | "displaystyle" | "textstyle" | "scriptstyle"
            | "scriptscriptstyle" | "limits" | "nolimits" | "nonumber" | "notag" => {
                return Ok(None);
            }
            // Sized delimiters: Typst sizes them itself.
            "big" | "Big" | "bigg" | "Bigg" | "bigl" | "bigr" | "Bigl" | "Bigr" | "biggl"
            | "biggr" | "Biggl" | "Biggr" | "bigm" | "Bigm" => return self.delimiter(),
            "left" => self.left_right()?,
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
            "frac" | "dfrac" | "tfrac" | "cfrac" => self.two_arguments("frac")?,
            "binom" | "dbinom" | "tbinom" => self.two_arguments("binom")?,
            "sqrt" => self.root()?,
            "text" | "textrm" | "textnormal" | "mbox" | "hbox" | "textup" | "textit" | "textbf"
            | "textsf" | "texttt" | "emph" => self.text(name)?,
            "mathrm" | "mathup" | "operatorname" => self.upright(name)?,
            "mathbb" | "mathcal" | "mathbf" | "mathit" | "mathsf" | "mathtt" | "mathfrak"
            | "mathscr" | "boldsymbol" | "bm" | "pmb" | "mathnormal" => self.font(name)?,
            "hat" | "widehat" | "tilde" | "widetilde" | "bar" | "vec" | "dot" | "ddot"
            | "dddot" | "acute" | "grave" | "breve" | "check" | "mathring" | "overline"
            | "underline" | "overbrace" | "underbrace" | "overrightarrow" | "overleftarrow" => {
                let body = self.argument()?.arg();
                format!("{}({body})", accent_function(name))
            }
            "overset" | "stackrel" | "underset" => self.stacked(name)?,
            "not" => self.negated()?,
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

    /// `\left` (already read) with its delimiter, the body and `\right` with
    /// its delimiter, as one `lr`.
    fn left_right(&mut self) -> Result<String, LatexError> {
        let open = self.delimiter()?;
        let body = self.sequence(Stop::Right, Grid::None)?;
        let close = self.delimiter()?;
        let mut inner = String::new();
        inner.push_str(open.as_deref().unwrap_or(""));
        inner.push(' ');
        inner.push_str(&body.join());
        inner.push(' ');
        inner.push_str(close.as_deref().unwrap_or(""));
        Ok(if open.is_none() || close.is_none() {
            // One invisible side: `lr` still scales the other.
            format!("lr({})", inner.trim())
        } else {
            format!("lr({inner})")
        })
    }

    /// Two arguments as the Typst `function` of two (`\frac`, `\binom`).
    fn two_arguments(&mut self, function: &str) -> Result<String, LatexError> {
        let first = self.argument()?;
        let second = self.argument()?;
        Ok(format!("{function}({}, {})", first.arg(), second.arg()))
    }

    /// `\sqrt` with its optional index.
    fn root(&mut self) -> Result<String, LatexError> {
        let index = self.optional()?;
        let body = self.argument()?;
        Ok(match index {
            Some(index) => format!("root({}, {})", index.arg(), body.arg()),
            None => format!("sqrt({})", body.arg()),
        })
    }

    /// `\text` and its kin: the argument as a string literal, in the style
    /// the command names.
    fn text(&mut self, name: &str) -> Result<String, LatexError> {
        let atoms = self.text_argument()?;
        let text = match atoms.0.len() {
            0 => string(""),
            1 => atoms.join(),
            _ => format!("scripts({})", atoms.join()),
        };
        Ok(match name {
            "textit" | "emph" => format!("italic({text})"),
            "textbf" => format!("bold({text})"),
            "textsf" => format!("sans({text})"),
            "texttt" => format!("mono({text})"),
            _ => text,
        })
    }

    /// `\verb|…|` (already read): the text between two equal characters, in
    /// monospace.
    fn verbatim(&mut self, range: Range<usize>) -> Result<String, LatexError> {
        let Some(delim) = self.bump() else {
            return self.error(range, "`\\verb` without its text");
        };
        let from = self.pos;
        while self.peek().is_some_and(|c| c != delim) {
            self.bump();
        }
        let text = &self.src[from..self.pos];
        if self.bump().is_none() {
            return self.error(range.start..self.pos, "`\\verb` text is not closed");
        }
        Ok(format!("mono({})", string(text)))
    }

    /// `\mathrm` and `\operatorname`: upright math, or an upright word.
    fn upright(&mut self, name: &str) -> Result<String, LatexError> {
        // A word stays a word (`\mathrm{kg}`); anything else is math.
        self.skip_space();
        let start = self.pos;
        let body = self.argument()?;
        let raw = self.src[start..self.pos].trim_matches(['{', '}']);
        // One letter stays a math letter (`\mathrm{d}x` has no gap).
        let word = raw.chars().count() > 1 && raw.chars().all(|c| c.is_alphanumeric() || c == ' ');
        let body = if word { string(raw) } else { body.arg() };
        Ok(match name {
            "operatorname" => format!("op({body})"),
            _ => format!("upright({body})"),
        })
    }

    /// A font command (`\mathbb`, `\mathbf`…) as Typst's font function.
    fn font(&mut self, name: &str) -> Result<String, LatexError> {
        let body = self.argument()?.arg();
        Ok(match name {
            "mathbb" => format!("bb({body})"),
            "mathcal" => format!("cal({body})"),
            "mathscr" => format!("scr({body})"),
            "mathbf" => format!("bold(upright({body}))"),
            "mathit" | "mathnormal" => format!("italic({body})"),
            "mathsf" => format!("sans({body})"),
            "mathtt" => format!("mono({body})"),
            "mathfrak" => format!("frak({body})"),
            _ => format!("bold({body})"),
        })
    }

    /// `\overset`, `\stackrel` and `\underset`: a base with a limit.
    fn stacked(&mut self, name: &str) -> Result<String, LatexError> {
        let over = self.argument()?.arg();
        let base = self.argument()?.arg();
        let op = if name == "underset" { "_" } else { "^" };
        Ok(format!("limits({base}){op}({over})"))
    }

    /// `\not`: a negated relation, or the next atom struck through.
    fn negated(&mut self) -> Result<String, LatexError> {
        let next = self.argument()?;
        let joined = next.join();
        Ok(match joined.as_str() {
            "\\=" => "≠".into(),
            "∈" => "∉".into(),
            "⊂" => "⊄".into(),
            "⊆" => "⊈".into(),
            "≡" => "≢".into(),
            "∼" => "≁".into(),
            "≈" => "≉".into(),
            _ => format!("cancel({})", next.arg()),
        })
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
