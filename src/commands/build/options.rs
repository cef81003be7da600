//! What a build is asked to make: the options of `build`, `check`,
//! `watch` and `serve`, and how many parts are laid out side by side.

use std::path::PathBuf;

use crate::documents::DocumentKind;
use crate::model::PrintColour;
use crate::progress::{EarlyPages, Progress, Superseded};

/// What to build, and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Folder for the PDFs; `DIR/out` when `None`.
    pub out: Option<PathBuf>,
    /// Build only this document.
    pub only: Option<DocumentKind>,
    /// The `SOURCE_DATE_EPOCH` environment variable, if set.
    pub source_date_epoch: Option<String>,
    /// Also write `booklet-imposed.pdf` (as `[booklet] imposition` does).
    pub impose: bool,
    /// Also write one PDF per contribution, `proceedings.json` and
    /// `proceedings.bib`.
    pub split: bool,
    /// Treat warnings as errors: nothing is written when there is one.
    pub strict: bool,
    /// Draw in this colour model, over `[print] colour`.
    pub colour: Option<PrintColour>,
    /// Also write `crossref.xml`, the Crossref deposit of the volume.
    pub crossref: bool,
    /// Also write `agenda.pdf`: the contributions whose ids this file lists.
    pub agenda: Option<PathBuf>,
    /// Also write `signs.pdf`, a door sign per room and day, on this paper
    /// ("a4" or "a3", landscape).
    pub signs: Option<String>,
    /// The `programme.json` of the build that went to the printer: write
    /// `changes.pdf`, the changes since then.
    pub changes_since: Option<PathBuf>,
    /// Compile with the project's and the bundled fonts only, not the
    /// system's (as `[fonts] system = false`).
    pub ignore_system_fonts: bool,
    /// Compile large proceedings in parts of about this many contributions
    /// (`parts::PART_SIZE`, 100, when `None`).
    pub part_size: Option<usize>,
    /// Told of each step of the build.
    pub progress: Option<Progress>,
    /// Keep the laid-out pages of the documents (in a [`BuildSession`], for a
    /// preview).
    pub keep_pages: bool,
    /// Lay out up to this many parts of a large volume or booklet side by side
    /// ([`default_jobs`] when `None`).
    pub jobs: Option<usize>,
    /// Told, in a rebuild, of each part of a large volume laid out anew,
    /// before the PDFs are made (for a preview).
    pub early_pages: Option<EarlyPages>,
    /// Asked, in a rebuild, whether a newer save has made it moot: then it
    /// stops with [`crate::diag::Error::superseded`] and writes nothing.
    pub superseded: Option<Superseded>,
}

/// How many parts are laid out side by side unless told: one per two
/// cores. One Typst compilation already keeps more than one core busy (on 2
/// cores, 1.3 on average), so a second part beside it on a 2-core machine
/// only adds the cost of guessing its first page (measured: 18 % slower).
pub fn default_jobs() -> usize {
    (std::thread::available_parallelism().map_or(1, usize::from) / 2).max(1)
}
