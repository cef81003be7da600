//! Large proceedings, and large booklets, compiled in parts and joined.
//!
//! One Typst compilation of a volume with thousands of contributions keeps
//! the layout of every page and every cache entry at once, and its running
//! heads and indices look through the whole document. So a large volume is
//! laid out in parts of about [`PART_SIZE`] contributions each (see [`Plan`]
//! for where they are cut), then the front matter and the indices, which
//! learn from the parts where every contribution landed. Each part goes to a
//! [`Sink`] as soon as it is laid out (the build exports it to PDF, and the
//! join writes one outline, one set of page labels and one tagged structure
//! for the volume). Typst's caches are trimmed after each part laid out, so
//! memory follows the size of a part, not of the volume.
//!
//! Each part compiles its own copy of the proceedings template (so that the
//! elements of different parts never share a location) next to a `part.json`
//! saying what to lay out; the template reads the same file, with the whole
//! volume in it, when the volume is compiled in one go.
//!
//! Its parts: `plan` (where the parts are cut), `spec` (what `part.json`
//! says), `part` (one part compiled, or taken from the cache), `ahead`
//! (parts laid out side by side on other threads), `compile` (the volume
//! laid out part after part) and `links` (the links of the front and back
//! matter into the body); `booklet` does the same for the booklet.

mod ahead;
mod booklet;
mod booklet_plan;
mod compile;
mod links;
mod part;
mod plan;
mod spec;

use std::collections::HashMap;

use typst_layout::PagedDocument;

use crate::diag::{Error, Warned};
pub use crate::documents::join::Section;
use crate::progress::Progress;
use crate::typeset::world::ProjectWorld;
use crate::typeset::{Laid, PageEntry};
use crate::vpaths;
pub use booklet::{BookletPlan, booklet_plan, compile_booklet_streamed};
use compile::Volume;
use part::CompiledPart;
pub use plan::{Plan, plan};

/// About how many contributions one part of a large volume holds.
pub const PART_SIZE: usize = 100;

/// Laid-out parts of the last build, so a rebuild compiles only the parts
/// whose inputs changed.
#[derive(Default)]
pub struct PartCache {
    parts: HashMap<u128, CompiledPart>,
}

/// Takes each laid-out part of a volume (see [`compile_streamed`]), to
/// export it before the next is laid out.
pub trait Sink {
    /// One part: `document` holds its pages (the front and back matter's
    /// links to the rest of the volume as [`crate::documents::join::page_link`] marks),
    /// and `rows` where its contributions lie, pages counted in `document`.
    /// A body part's or the back matter's first page is the `body_start`-th
    /// page after the front matter (from 0). [`Stopped`] when the sink
    /// takes no more parts: the layout then stops.
    fn part(
        &mut self,
        document: PagedDocument,
        section: Section,
        body_start: usize,
        rows: Vec<PageEntry>,
    ) -> Result<(), Stopped>;

    /// Whether the sink will take no more parts: asked before each part is
    /// laid out, so that no layout is made that the sink would refuse.
    fn stopping(&self) -> bool {
        false
    }
}

/// A [`Sink`]'s word that it takes no more parts, having stopped at an
/// error of its own, which its owner reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped;

/// Why a layout in parts ended before its end.
enum Halt {
    /// A part failed: its errors.
    Failed(Error),
    /// The sink takes no more parts.
    Stopped,
}

impl From<Error> for Halt {
    fn from(error: Error) -> Self {
        Halt::Failed(error)
    }
}

impl From<Stopped> for Halt {
    fn from(_: Stopped) -> Self {
        Halt::Stopped
    }
}

/// Halts when `sink` will take no more parts, before another is laid out
/// for nothing.
fn unless_stopping(sink: &dyn Sink) -> Result<(), Halt> {
    if sink.stopping() {
        Err(Halt::Stopped)
    } else {
        Ok(())
    }
}

/// Lays out the proceedings in the parts of `plan`, handing each part to
/// `sink` as soon as it is laid out and then forgetting its pages, so that
/// memory follows one part rather than the volume. The front matter comes
/// last. With a `cache` (a rebuild), a part whose inputs did not change is
/// taken from the last build, and this build's parts are kept there. Returns
/// the page table, the files read and how many compilations it took, with an
/// empty document: its pages have gone to the sink. When the sink has
/// [`Stopped`], no more parts are laid out and the volume returned is empty
/// (no pages, no page table, no inputs): the sink's owner knows why it
/// stopped and reports that.
pub fn compile_streamed(
    world: &ProjectWorld,
    plan: &Plan,
    cache: Option<&mut PartCache>,
    progress: Option<&Progress>,
    jobs: usize,
    sink: &mut dyn Sink,
) -> Warned<Laid> {
    Volume::new(world, plan, sink, cache, progress, jobs).compile()
}

/// Whether the volume's template can be laid out in parts: the built-in one,
/// or a project's own that, like it (ejected and edited, say), reads what
/// to lay out from `part.json`. Any other is compiled whole.
pub fn supported(world: &ProjectWorld) -> bool {
    world
        .template_text(vpaths::PROCEEDINGS)
        .is_none_or(|text| text.contains("\"part.json\""))
}

/// Whether the volume's template can lay out part of a session (it reads
/// `skip` and `take` from `part.json`, as the built-in one does); one that
/// cannot is laid out in parts that end before sessions.
pub fn within_sessions(world: &ProjectWorld) -> bool {
    world
        .template_text(vpaths::PROCEEDINGS)
        .is_none_or(|text| text.contains("\"skip\"") && text.contains("\"take\""))
}

/// Whether the booklet's template can be laid out in parts: the built-in
/// one, or a project's own that, like it, reads what to lay out from
/// `booklet-part.json`. Any other is compiled whole.
pub fn booklet_supported(world: &ProjectWorld) -> bool {
    world
        .template_text(vpaths::BOOKLET)
        .is_none_or(|text| text.contains("\"booklet-part.json\""))
}
