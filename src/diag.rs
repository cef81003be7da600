//! Errors and warnings that point into a file.
//!
//! Every problem confpress reports — a TOML typo, a dangling reference, a
//! Typst error inside an abstract — becomes a [`Diagnostic`]. Library code
//! returns them; only the binary's `cli` prints them (see `report.rs`), so
//! all of them look alike.

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported, but the build goes on.
    Warning,
}

/// A piece of a file that a diagnostic points at.
#[derive(Debug, Clone)]
pub struct Location {
    /// The file's name as the user knows it (relative to the working directory
    /// where possible).
    pub file: String,
    /// The whole text of the file, to show the offending line.
    pub text: Arc<str>,
    /// The byte range the diagnostic is about.
    pub range: Range<usize>,
}

impl Location {
    /// Creates a location, clamping the range to the text so that a stale span
    /// can never panic the renderer.
    pub fn new(file: impl Into<String>, text: Arc<str>, range: Range<usize>) -> Self {
        let len = text.len();
        let mut start = range.start.min(len);
        let mut end = range.end.clamp(start, len);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        Self {
            file: file.into(),
            text,
            range: start..end,
        }
    }

    /// One-based line and column (in characters) of the range's start.
    pub fn line_col(&self) -> (usize, usize) {
        let before = &self.text[..self.range.start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }
}

/// One problem, with where it is and what might help.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in lowercase, without a final full stop.
    pub message: String,
    /// Where it is, if it is anywhere in particular.
    pub location: Option<Location>,
    /// Suggestions for fixing it.
    pub hints: Vec<String>,
    /// Further context, such as the chain of Typst calls that led here.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error without a location.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            hints: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A warning without a location.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// Attaches a location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// A one-line form, `file:line:col: message`, used where no terminal
    /// rendering is wanted (for example in tests of the library).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            let (line, column) = location.line_col();
            write!(f, "{}:{line}:{column}: ", location.file)?;
        }
        f.write_str(&self.message)
    }
}

/// The error type of every fallible confpress operation: one or more
/// diagnostics, all of them errors.
#[derive(Debug, Clone)]
pub struct Error(pub Vec<Diagnostic>);

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Self(vec![diagnostic])
    }
}

/// The message of the error a build stopped by a newer save ends in (see
/// [`crate::progress::Superseded`]).
const SUPERSEDED: &str = "stopped: a newer save makes this build moot";

impl Error {
    /// The error of a build stopped because a newer save made it moot.
    pub fn superseded() -> Self {
        Diagnostic::error(SUPERSEDED).into()
    }

    /// Whether this is the error of a build stopped by a newer save.
    pub fn is_superseded(&self) -> bool {
        matches!(self.0.as_slice(), [only] if only.message == SUPERSEDED)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Shorthand for results whose error is a list of diagnostics.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What an operation made, or its errors, with the warnings it gave along
/// the way, which are reported either way (as Typst's `Warned`).
#[derive(Debug)]
pub struct Warned<T> {
    /// What it made, or why it could not.
    pub output: Result<T>,
    /// The problems that did not stop it.
    pub warnings: Vec<Diagnostic>,
}

impl<T> Warned<T> {
    /// The outcome `output` with `warnings`.
    pub fn new(output: Result<T>, warnings: Vec<Diagnostic>) -> Self {
        Self { output, warnings }
    }

    /// Failed with `error`, warnings so far kept.
    pub fn failed(error: impl Into<Error>, warnings: Vec<Diagnostic>) -> Self {
        Self::new(Err(error.into()), warnings)
    }

    /// The same outcome with what it made turned by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Warned<U> {
        Warned::new(self.output.map(f), self.warnings)
    }
}

/// Drops repeated diagnostics (the same text at the same place), keeping the
/// first of each.
pub fn dedup(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| seen.insert(d.to_string()));
}

/// "1 file", "2 files": a count with its noun, for messages.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to
/// be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, c)| d <= 2.max(c.chars().count() / 3))
        // Ties go to the first in order, not to whichever a hash map gave
        // first: the same input always gets the same hint.
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Levenshtein distance between two strings, counted in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Shows a path the way a user typed it, with forward slashes.
pub fn display_path(path: &Path) -> String {
    let shown = path.to_string_lossy().replace('\\', "/");
    shown.strip_prefix("./").map(str::to_owned).unwrap_or(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text: Arc<str> = "a = 1\nné = \"x\"\n".into();
        let loc = Location::new("f.toml", text, 11..14);
        assert_eq!(loc.line_col(), (2, 5));
    }

    #[test]
    fn out_of_range_spans_are_clamped() {
        let text: Arc<str> = "é".into();
        let loc = Location::new("f", text, 1..99);
        assert_eq!(loc.range, 0..2);
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["title", "short-title", "venue"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("banana", keys), None);
    }

    #[test]
    fn equally_close_names_give_one_suggestion_in_any_order() {
        // `d1-s2` is one edit from both; a hash map lists them either way.
        let ids = ["d1-s3", "d1-s1"];
        assert_eq!(closest("d1-s2", ids), Some("d1-s1"));
        assert_eq!(closest("d1-s2", ids.iter().rev().copied()), Some("d1-s1"));
    }
}
