//! The one place where diagnostics become text on a terminal.
//!
//! TOML errors, model errors and Typst errors are all rendered by
//! codespan-reporting, the renderer typst-cli uses, so they look alike: the
//! message, `file:line:col`, the offending line underlined, then hints.

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};

use crate::diag::{Diagnostic, Severity};

/// Writes diagnostics, errors and warnings alike, to `out`.
pub fn emit(out: &mut dyn WriteColor, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    let config = term::Config {
        tab_width: 2,
        ..Default::default()
    };
    let mut files = SimpleFiles::new();
    for diagnostic in diagnostics {
        let mut rendered = match diagnostic.severity {
            Severity::Error => Rendered::error(),
            Severity::Warning => Rendered::warning(),
        }
        .with_message(&diagnostic.message)
        .with_notes(
            diagnostic
                .hints
                .iter()
                .map(|h| format!("hint: {h}"))
                .chain(diagnostic.notes.iter().cloned())
                .collect(),
        );
        if let Some(location) = &diagnostic.location {
            let id = files.add(location.file.clone(), location.text.clone());
            rendered = rendered.with_labels(vec![Label::primary(id, location.range.clone())]);
        }
        term::emit(out, &config, &files, &rendered).map_err(std::io::Error::other)?;
    }
    Ok(())
}
