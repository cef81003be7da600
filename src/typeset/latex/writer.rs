//! The writer of Typst math: converted atoms, groups, and the one way a
//! character the author typed is written.
//!
//! Every typed character goes through [`literal`] (one character as a math
//! atom) or [`string`] (typed text as a string literal), which show it
//! exactly and never as Typst syntax; nothing may emit a typed character
//! otherwise.

use crate::escape::string_literal;

/// A converted sequence: Typst math atoms, each of which scripts attach to.
#[derive(Debug, Default)]
pub(super) struct Atoms(pub(super) Vec<String>);

impl Atoms {
    /// The atoms as they are written in a row.
    pub(super) fn join(&self) -> String {
        self.0.join(" ")
    }

    /// The atoms as one function argument or script.
    pub(super) fn arg(&self) -> String {
        let joined = self.join();
        if joined.is_empty() {
            "zws".into()
        } else {
            joined
        }
    }
}

/// A group as atoms: several become one (scripts then attach to the whole).
pub(super) fn group_atom(group: Atoms) -> Option<String> {
    match group.0.len() {
        0 => Some("zws".into()),
        1 => group.0.into_iter().next(),
        _ => Some(format!("scripts({})", group.join())),
    }
}

/// One character the author typed, as a Typst math atom that shows exactly
/// it: letters and digits as they are, everything else escaped (so `#`, `"`
/// or `/` can never be syntax).
pub(super) fn literal(c: char) -> String {
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

/// Text the author typed (`\text{…}`, `\verb|…|`, an upright word) as a
/// Typst string literal: shown exactly, every quote and backslash escaped.
pub(super) fn string(text: &str) -> String {
    string_literal(text)
}
