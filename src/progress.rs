//! Telling a caller how a long build goes: the steps the library reports
//! as it works, for whatever display the binary shows, and the pages of a
//! part laid out anew, for a preview.

/// Told of each step of a build ("typesetting the booklet", "part 3 of
/// 12"), for a progress display; called from the threads that do the work.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(String) + Send + Sync>);

impl Progress {
    /// Tells of a step.
    pub fn tell(&self, step: impl Into<String>) {
        (self.0)(step.into());
    }
}

/// Told of a part of a large volume laid out anew in a rebuild, before it
/// is exported: the document, the index of its first page in the document
/// and its pages. Called only when the part is as long as it was in the last
/// build, so the pages stand where the last build's did (a preview can show
/// them at once).
#[derive(Clone)]
pub struct EarlyPages(pub std::sync::Arc<dyn Fn(EarlyPart<'_>) + Send + Sync>);

/// A part handed to [`EarlyPages`].
pub struct EarlyPart<'a> {
    /// `booklet` or `proceedings`.
    pub document: &'static str,
    /// The index of its first page in the document, from 0.
    pub at: usize,
    /// Its pages.
    pub pages: &'a [typst_layout::Page],
}

impl EarlyPages {
    /// Tells of a part.
    pub fn tell(&self, part: EarlyPart<'_>) {
        (self.0)(part);
    }
}

/// Asked between the steps of a long rebuild whether a newer save has made
/// it moot: then the rebuild stops, writes nothing, and the next begins (a
/// chair typing does not wait for PDFs that are already out of date).
#[derive(Clone)]
pub struct Superseded(pub std::sync::Arc<dyn Fn() -> bool + Send + Sync>);

impl Superseded {
    /// Whether a newer save has made the build moot.
    pub fn now(&self) -> bool {
        (self.0)()
    }
}

impl std::fmt::Debug for Superseded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Superseded(..)")
    }
}

impl std::fmt::Debug for EarlyPages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EarlyPages(..)")
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}
