//! A large volume or booklet: each part checked, exported and split on a
//! thread of its own while the next is laid out (`exporter`), then the
//! parts' PDFs joined, so that memory follows a part rather than the
//! document. In a rebuild, a part whose pages are those of the last build is
//! not exported again.

mod exporter;

use std::sync::Arc;

use typst::syntax::FileId;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use super::parts::{self, BookletPlan, PartCache, Plan, Section, Stopped};
use super::{DocumentKind, EntryPages, Rendered, Task, glyphs, overflow, pdf};
use crate::diag::{Diagnostic, Error, Result, Warned};
use crate::progress::{Progress, Superseded};
use crate::typeset::PageEntry;
use crate::vpaths::file_id;
pub use exporter::ExportCache;
use exporter::{PartExporter, in_order, in_volume_order};

/// What a rebuild takes from the last build and keeps for the next: its
/// laid-out parts and their exports.
pub(super) struct Caches<'a> {
    pub(super) parts: &'a mut PartCache,
    pub(super) exports: &'a mut ExportCache,
}

impl Caches<'_> {
    /// The same caches, borrowed again (for a second layout).
    fn again(&mut self) -> Caches<'_> {
        Caches {
            parts: self.parts,
            exports: self.exports,
        }
    }
}

/// What a document laid out in parts is cut into.
#[derive(Clone, Copy)]
pub(super) enum Runs<'a> {
    /// The proceedings' plan.
    Volume(&'a Plan),
    /// The booklet's.
    Booklet(&'a BookletPlan),
}

impl Runs<'_> {
    /// Which document.
    fn kind(self) -> DocumentKind {
        match self {
            Runs::Volume(_) => DocumentKind::Proceedings,
            Runs::Booklet(_) => DocumentKind::Booklet,
        }
    }
}

/// How often a booklet is laid out again when its front came out of
/// another length than assumed (its page numbers moved a line); then it is
/// laid out whole.
const FRONT_TRIES: usize = 3;

/// The document laid out in parts, each part checked and exported (and
/// its contributions split off) as soon as it is laid out, then joined. With
/// `caches`, parts are taken from the last build where nothing they depend
/// on changed. A document that cannot meet the standards it claims by default
/// is laid out again and written with `fallback` (plain PDF) and a warning.
/// `None` when a booklet's front would not keep its length: it is then to
/// be laid out whole.
pub(super) fn compile_parts(
    task: Task,
    runs: Runs,
    mut caches: Option<Caches<'_>>,
    progress: Option<&Progress>,
    options: &PdfOptions,
    fallback: Option<&PdfOptions>,
) -> Option<Warned<Rendered>> {
    let first = caches.as_mut().map(Caches::again);
    let streamed = compile_settled(task, runs, first, progress, options)?;
    Some(match (streamed.output, fallback) {
        (Err(error), Some(plain)) if pdf::refused_by_standard(&error) => {
            let mut again = compile_settled(task, runs, caches, progress, plain)?;
            let programme = &task.project.programme;
            again
                .warnings
                .push(pdf::gave_up_standards(task.kind, programme, error));
            again
        }
        (output, _) => Warned::new(output, streamed.warnings),
    })
}

/// The document laid out in parts and exported; a booklet laid out again
/// while its front comes out of another length than assumed (at most
/// [`FRONT_TRIES`] times, else `None`).
fn compile_settled(
    task: Task,
    runs: Runs,
    mut caches: Option<Caches<'_>>,
    progress: Option<&Progress>,
    options: &PdfOptions,
) -> Option<Warned<Rendered>> {
    let Runs::Booklet(plan) = runs else {
        let mut moved = None;
        return Some(compile_streamed(
            task, runs, caches, progress, options, &mut moved,
        ));
    };
    let mut plan = plan.clone();
    // A rebuild assumes the front as long as the last build's.
    plan.front = caches.as_ref().map(|c| c.exports.front).filter(|&f| f > 0);
    for _ in 0..FRONT_TRIES {
        let mut moved = None;
        let again = caches.as_mut().map(Caches::again);
        let streamed = compile_streamed(
            task,
            Runs::Booklet(&plan),
            again,
            progress,
            options,
            &mut moved,
        );
        match moved {
            Some(front) => plan.front = Some(front),
            None => return Some(streamed),
        }
    }
    None
}

/// The document laid out in parts, each exported as soon as it is laid
/// out, then joined. When a booklet's front came out of another length than
/// assumed, `moved` is that length and nothing is joined.
fn compile_streamed(
    task: Task,
    runs: Runs,
    caches: Option<Caches<'_>>,
    progress: Option<&Progress>,
    options: &PdfOptions,
    moved: &mut Option<usize>,
) -> Warned<Rendered> {
    let Task {
        world,
        project,
        wanted,
        ..
    } = task;
    let kind = runs.kind();
    let document_world = world.document(file_id(kind.main()));
    let programme = &project.programme;
    let (parts_cache, export_cache) = match caches {
        Some(Caches { parts, exports }) => (Some(parts), Some(exports)),
        None => (None, None),
    };
    let split = wanted.split && kind == DocumentKind::Proceedings;
    let mut exporter = PartExporter::new(world, &document_world, programme, options, split);
    exporter.kind = kind;
    exporter.last = export_cache.as_deref();
    if wanted.keep_pages {
        exporter.kept = Some(Vec::new());
    }
    exporter.early = task.early;
    let (laid, exporter) = lay_out_and_export(task, runs, parts_cache, progress, exporter);
    let Warned {
        output: laid,
        mut warnings,
    } = laid;
    // Stopped between its parts by a newer save: nothing more is checked,
    // joined or written, and the caches keep the last build's parts and
    // exports, which are still true.
    if task.superseded.is_some_and(Superseded::now) {
        return Warned::failed(Error::superseded(), warnings);
    }
    let laid = match laid {
        Ok(laid) => laid,
        Err(errors) => return Warned::failed(errors, warnings),
    };
    if laid.front_moved.is_some() {
        *moved = laid.front_moved;
        return Warned::failed(Error(Vec::new()), warnings);
    }
    let PartExporter {
        joiner,
        findings,
        drawn,
        split_pdfs,
        pages,
        front,
        done,
        kept,
        lengths,
        ..
    } = exporter;
    let findings = in_volume_order(findings, front);
    let places = &project.sources.places;
    warnings.extend(overflow::problems(
        &format!("the {}", kind.name()),
        findings,
        places,
        &|span| world.locate(span),
    ));
    let system_fonts = match glyphs::missing(world, project, drawn, &mut warnings) {
        Ok(fonts) => fonts,
        Err(errors) => return Warned::failed(errors, warnings),
    };
    if let Some(progress) = progress {
        progress.tell(format!("joining the parts of the {}", kind.name()));
    }
    let pdf = match joiner.finish() {
        Ok(pdf) => pdf,
        Err(err) => {
            let error = Diagnostic::error(format!(
                "cannot join the parts of the {}: {err}; please report this",
                kind.name()
            ))
            .hint("`--part-size 0` lays the documents out in one piece");
            return Warned::failed(error, warnings);
        }
    };
    let pdf = match kind {
        DocumentKind::Booklet => match pdf::set_bleed_box(pdf, programme) {
            Ok(pdf) => pdf,
            Err(errors) => return Warned::failed(errors, warnings),
        },
        DocumentKind::Proceedings => pdf,
    };
    if let Some(cache) = export_cache {
        cache.parts = done;
        cache.lengths = lengths;
        cache.front = front;
    }
    let rendered = Rendered {
        kind,
        pdf,
        pages,
        page_table: laid.page_table,
        parts: split_pdfs,
        inputs: laid.inputs,
        layout_parts: laid.parts,
        warnings: Vec::new(),
        system_fonts,
        entry_pages: laid.entry_pages,
        document: kept.map(|kept| Arc::new(in_order(kept))),
    };
    Warned::new(Ok(rendered), warnings)
}

/// What the layout of a document in parts leaves besides the pages it
/// handed to the exporter.
struct Layouted {
    /// For the proceedings: where each contribution lies.
    page_table: Vec<PageEntry>,
    inputs: Vec<FileId>,
    /// How many compilations it took.
    parts: usize,
    /// For the booklet: where each entry begins.
    entry_pages: EntryPages,
    /// A booklet's front length, when it came out other than assumed.
    front_moved: Option<usize>,
}

/// Lays out the volume's parts, each exported on a thread of its own while
/// the next is laid out (Typst's layout leaves a core partly idle); one part
/// waits at most, so memory still follows a part. The exporter's error
/// comes first: a part it refused stopped the layout, which then returned
/// an empty volume.
fn lay_out_and_export<'a>(
    task: Task,
    runs: Runs,
    cache: Option<&mut PartCache>,
    progress: Option<&Progress>,
    exporter: PartExporter<'a>,
) -> (Warned<Layouted>, PartExporter<'a>) {
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<Handed>(1);
        let worker = scope.spawn(move || {
            let mut exporter = exporter;
            let exported =
                receive
                    .into_iter()
                    .try_for_each(|(document, section, body_start, rows)| {
                        exporter.part(&document, section, body_start, &rows)
                    });
            (exporter, exported)
        });
        let mut handoff = Handoff(send, task.superseded);
        let jobs = task.wanted.jobs;
        let world = task.world;
        let laid = match runs {
            Runs::Volume(plan) => {
                parts::compile_streamed(world, plan, cache, progress, jobs, &mut handoff).map(
                    |laid| Layouted {
                        page_table: laid.page_table,
                        inputs: laid.inputs,
                        parts: laid.parts,
                        entry_pages: EntryPages::default(),
                        front_moved: None,
                    },
                )
            }
            Runs::Booklet(plan) => {
                parts::compile_booklet_streamed(world, plan, cache, progress, jobs, &mut handoff)
                    .map(|laid| {
                        let (contributions, sessions) = laid.targets.pages();
                        Layouted {
                            page_table: Vec::new(),
                            inputs: laid.inputs,
                            parts: laid.parts,
                            entry_pages: EntryPages {
                                contributions,
                                sessions,
                            },
                            front_moved: laid.front_moved,
                        }
                    })
            }
        };
        drop(handoff);
        let (exporter, exported) = match worker.join() {
            Ok(joined) => joined,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let output = exported.and(laid.output);
        (Warned::new(output, laid.warnings), exporter)
    })
}

/// A part handed to the exporter: its pages, section, first page after the
/// front matter and contributions (see [`parts::Sink::part`]).
type Handed = (PagedDocument, Section, usize, Vec<PageEntry>);

/// Hands each part to the exporter's thread, waiting while it still
/// exports the one before; takes no more once a newer save has made the
/// build moot.
struct Handoff<'a>(std::sync::mpsc::SyncSender<Handed>, Option<&'a Superseded>);

impl parts::Sink for Handoff<'_> {
    fn part(
        &mut self,
        document: PagedDocument,
        section: Section,
        body_start: usize,
        rows: Vec<PageEntry>,
    ) -> Result<(), Stopped> {
        // Moot: the layout stops here (see `compile_streamed`).
        if self.stopping() {
            return Err(Stopped);
        }
        // Refused only when the exporter has stopped at an error, which is
        // reported instead.
        self.0
            .send((document, section, body_start, rows))
            .map_err(|_| Stopped)
    }

    fn stopping(&self) -> bool {
        self.1.is_some_and(Superseded::now)
    }
}
