//! Plain TeX as physics abstracts still write it: switches that style the
//! rest of their group (`p_{\rm T}`, `{\bf 744}`), infix fractions
//! (`a \over b`, `n \choose k`) and spacing by a dimension (`\kern0.1em`,
//! `\hspace{2pt}`).
//!
//! A switch or an infix takes the rest of the sequence it stands in (to the
//! closing brace, `\right`, `\end` or the end of the math), as TeX does.

use super::LatexError;
use super::reader::Parser;
use super::sequence::{Grid, Stop};
use super::writer::Atoms;

/// Whether `atom` separates the cells or rows of an environment (a typed
/// `,` or `&` is escaped, so never looks like one).
fn is_separator(atom: &str, grid: Grid) -> bool {
    match grid {
        Grid::None => false,
        Grid::Matrix => atom == "," || atom == ";",
        Grid::Cases => atom == "& quad" || atom == ",",
        Grid::Align => atom == "&" || atom == "\\",
    }
}

/// The Typst function an old-style font switch stands for (`\rm` → `upright`).
fn switch_style(name: &str) -> Option<fn(String) -> String> {
    Some(match name {
        "rm" => |body| format!("upright({body})"),
        "bf" => |body| format!("bold(upright({body}))"),
        "it" | "mit" | "sl" | "em" => |body| format!("italic({body})"),
        "sf" => |body| format!("upright(sans({body}))"),
        "tt" => |body| format!("mono({body})"),
        "cal" => |body| format!("cal({body})"),
        "boldmath" => |body| format!("bold({body})"),
        _ => return None,
    })
}

/// Switches met where one argument is expected (`x^\rm T`): TeX styles
/// nothing there, and neither does the converter.
pub(super) fn is_switch(name: &str) -> bool {
    switch_style(name).is_some()
}

/// Whether `name` puts what comes before it over what comes after.
fn is_infix(name: &str) -> bool {
    matches!(name, "over" | "choose" | "atop" | "brace" | "brack")
}

impl<'a> Parser<'a> {
    /// A switch or infix `name` (already read): converts the rest of the
    /// sequence, to `stop`, into `atoms`, the stop read; `false` (nothing
    /// read) for any other command.
    pub(super) fn rest_of_group(
        &mut self,
        name: &str,
        stop: Stop<'a>,
        grid: Grid,
        atoms: &mut Atoms,
    ) -> Result<bool, LatexError> {
        let style = switch_style(name);
        if style.is_none() && !is_infix(name) {
            return Ok(false);
        }
        // In an environment the scope ends with the cell, as in TeX: what
        // follows the cell's separator is set as it was.
        let mut rest = self.sequence(stop, grid)?.0;
        let end = rest
            .iter()
            .position(|atom| is_separator(atom, grid))
            .unwrap_or(rest.len());
        let after = rest.split_off(end);
        let below = Atoms(rest).arg();
        if let Some(style) = style {
            atoms.0.push(style(below));
            atoms.0.extend(after);
            return Ok(true);
        }
        let start = atoms
            .0
            .iter()
            .rposition(|atom| is_separator(atom, grid))
            .map_or(0, |i| i + 1);
        let above = Atoms(atoms.0.split_off(start)).arg();
        atoms.0.push(match name {
            "over" => format!("frac({above}, {below})"),
            "choose" => format!("binom({above}, {below})"),
            "brace" => format!("mat(delim: \"{{\", {above} ; {below})"),
            "brack" => format!("mat(delim: \"[\", {above} ; {below})"),
            _ => format!("mat(delim: #none, {above} ; {below})"),
        });
        atoms.0.extend(after);
        Ok(true)
    }

    /// `\kern`, `\mkern`, `\hspace`… (already read) with their dimension,
    /// as a Typst space of that width in em.
    pub(super) fn dimension_space(&mut self, name: &str) -> Result<String, LatexError> {
        self.skip_space();
        if self.peek() == Some('*') {
            self.bump();
            self.skip_space();
        }
        let start = self.pos;
        let braced = self.peek() == Some('{');
        if braced {
            self.bump();
            self.skip_space();
        }
        let from = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | ','))
        {
            self.bump();
        }
        let number = self.src[from..self.pos].replace(',', ".");
        self.skip_space();
        let unit_from = self.pos;
        // TeX units are two letters (`0.1em`).
        for _ in 0..2 {
            if self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                self.bump();
            }
        }
        let unit = &self.src[unit_from..self.pos];
        if braced {
            self.skip_space();
            if self.bump() != Some('}') {
                return self.error(start..self.pos, format!("`\\{name}` wants `{{length}}`"));
            }
        }
        let Some(factor) = em_per_unit(unit) else {
            return self.error(
                start..self.pos,
                format!("`\\{name}` wants a length like `0.1em`, not `{}`", unit),
            );
        };
        let Ok(value) = number.parse::<f64>() else {
            return self.error(
                start..self.pos,
                format!("`\\{name}` wants a length like `0.1em`"),
            );
        };
        // No space in a formula is wider than a line.
        let em = (value * factor).clamp(-20.0, 20.0);
        let mut written = format!("{em:.4}");
        while written.ends_with('0') {
            written.pop();
        }
        if written.ends_with('.') {
            written.pop();
        }
        if written == "-0" {
            written = "0".into();
        }
        Ok(format!("#h({written}em)"))
    }
}

/// How many em a TeX unit is, at the 10 pt TeX's dimensions assume.
fn em_per_unit(unit: &str) -> Option<f64> {
    Some(match unit {
        "em" => 1.0,
        "ex" => 0.43,
        "mu" => 1.0 / 18.0,
        "pt" | "bp" | "dd" => 0.1,
        "pc" => 1.2,
        "mm" => 0.2845,
        "cm" => 2.845,
        "in" => 7.227,
        "px" => 0.075,
        _ => return None,
    })
}
