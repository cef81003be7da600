//! The documents: the booklet and the proceedings compiled side by side
//! (or the volume in parts), checked after layout and exported to PDF; the
//! prints beside them (the imposition, the changes insert, room signs, a
//! personal agenda).
//!
//! Its parts: `pdf` (export settings, the bleed box, split PDFs), `stream`
//! (a large volume exported part by part as it is laid out), `parts` (the
//! plan of a volume in parts and their layout), `join` (the parts' PDFs put
//! together), `split` (one contribution's pages cut out), `overflow` and
//! `glyphs`, `inks` (the checks after layout), `imposition`, `xmp`, and `event`
//! (the prints for the event itself). Never writes files: the commands do.

pub mod event;
pub(crate) mod glyphs;
mod graft;
pub(crate) mod imposition;
mod inks;
pub(crate) mod join;
pub(crate) mod overflow;
pub(crate) mod parts;
mod pdf;
pub(crate) mod split;
mod stream;
pub(crate) mod xmp;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::Datelike;
use typst::diag::SourceDiagnostic;
use typst::ecow::EcoVec;
use typst::foundations::Datetime;
use typst::syntax::FileId;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use crate::diag::{Diagnostic, Error, Result, Warned, dedup};
use crate::model::{Programme, Project};
use crate::progress::{EarlyPages, Progress, Superseded};
use crate::typeset::inputs;
use crate::typeset::world::ProjectWorld;
use crate::typeset::{Laid, PageEntry, anchor_pages, convert, page_table, typeset};
use crate::vpaths;
use crate::vpaths::file_id;
use parts::PartCache;
pub use stream::ExportCache;
use stream::{Caches, Runs};

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// The A5 programme booklet for attendees.
    Booklet,
    /// The A4 proceedings volume.
    Proceedings,
}

impl DocumentKind {
    /// Both documents, in the order they are reported.
    pub const ALL: [DocumentKind; 2] = [DocumentKind::Booklet, DocumentKind::Proceedings];

    /// The file name of its PDF.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Booklet => "booklet.pdf",
            Self::Proceedings => "proceedings.pdf",
        }
    }

    /// How messages name it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Booklet => "booklet",
            Self::Proceedings => "proceedings",
        }
    }

    /// The virtual path of its main Typst file.
    fn main(self) -> &'static str {
        match self {
            Self::Booklet => vpaths::BOOKLET,
            Self::Proceedings => vpaths::PROCEEDINGS,
        }
    }
}

/// A compiled document, ready to be written.
pub struct Rendered {
    /// Which document.
    pub kind: DocumentKind,
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// Its number of pages.
    pub pages: usize,
    /// For the proceedings: where each contribution begins and ends.
    pub page_table: Vec<PageEntry>,
    /// For the proceedings with `split`: one PDF per contribution, by id.
    pub parts: Vec<(String, Vec<u8>)>,
    /// The files its compilation read.
    pub inputs: Vec<FileId>,
    /// How many compilations laid it out: 1, or the number of parts.
    pub layout_parts: usize,
    /// The warnings its compilation gave.
    pub warnings: Vec<Diagnostic>,
    /// The families of system fonts it uses.
    pub system_fonts: Vec<String>,
    /// For the booklet: the page where each contribution's and each
    /// session's entry begins, by id.
    pub entry_pages: EntryPages,
    /// The laid-out document, kept when [`Layout::keep_pages`] asks (for a
    /// preview).
    pub document: Option<Arc<PagedDocument>>,
}

/// Pages where entries begin, by contribution and session id.
#[derive(Debug, Clone, Default)]
pub struct EntryPages {
    /// By contribution id.
    pub contributions: HashMap<String, usize>,
    /// By session id.
    pub sessions: HashMap<String, usize>,
}

/// The PDF date of a programme, as Typst wants it.
pub fn document_date(programme: &Programme) -> Datetime {
    let date = programme.conference.document_date;
    Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8)
        .expect("a valid chrono date is a valid Typst date")
}

/// Compiles the given documents in parallel and exports them to PDF.
///
/// Returns the PDFs, or the errors of every document, and the warnings of
/// all.
pub fn compile(
    world: &ProjectWorld,
    project: &Project,
    kinds: &[DocumentKind],
    split: bool,
    layout: Layout<'_>,
) -> Warned<Vec<Rendered>> {
    let programme = &project.programme;
    // The built-in templates can be compiled in parts, and a project's own
    // that reads `part.json` (`booklet-part.json`) as they do.
    let runs = parts::plan(programme, layout.part_size, parts::within_sessions(world))
        .filter(|_| parts::supported(world));
    // A booklet's entry holds far less than a volume's contribution: parts
    // of four times as many keep the memory a part needs as low (a booklet
    // of 10,000 contributions: 558 MB either way, 1.9 GB whole) and spare
    // three parts in four their cost of their own (16.0 s against 20.1 s).
    let booklet_size = layout.part_size.saturating_mul(4);
    let booklet_runs =
        parts::booklet_plan(programme, booklet_size).filter(|_| parts::booklet_supported(world));
    let (mut booklet_cache, mut cache) = match layout.parts {
        Some(PartCaches {
            booklet,
            proceedings,
        }) => (
            Some(Caches {
                parts: &mut booklet.0,
                exports: &mut booklet.1,
            }),
            Some(Caches {
                parts: &mut proceedings.0,
                exports: &mut proceedings.1,
            }),
        ),
        None => (None, None),
    };
    let progress = layout.progress.as_ref();
    let early = layout.early;
    let superseded = layout.superseded;
    let wanted = Wanted {
        split,
        keep_pages: layout.keep_pages,
        jobs: layout.jobs.max(1),
    };
    // Documents compile side by side, except where one is large enough to
    // be compiled in parts: then memory matters more than the overlap,
    // which gains little anyway (Typst keeps both cores busy on its own).
    let side_by_side = runs.is_none() && booklet_runs.is_none();
    let results: Vec<Warned<Rendered>> = std::thread::scope(|scope| {
        let mut results = Vec::new();
        let mut running = Vec::new();
        for &kind in kinds {
            let (runs, parts) = match kind {
                DocumentKind::Proceedings => (runs.as_ref().map(Runs::Volume), cache.take()),
                DocumentKind::Booklet => (
                    booklet_runs.as_ref().map(Runs::Booklet),
                    booklet_cache.take(),
                ),
            };
            if let Some(progress) = progress {
                progress.tell(format!("typesetting the {}", kind.name()));
            }
            let task = Task {
                world,
                project,
                kind,
                wanted,
                early: early.as_ref(),
                superseded: superseded.as_ref(),
            };
            let handle = scope.spawn(move || compile_one(task, runs, parts, progress));
            running.push((kind, handle));
            if !side_by_side {
                results.extend(running.drain(..).map(|(kind, handle)| joined(kind, handle)));
            }
        }
        results.extend(
            running
                .into_iter()
                .map(|(kind, handle)| joined(kind, handle)),
        );
        results
    });

    let mut rendered = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for Warned {
        output,
        warnings: mut w,
    } in results
    {
        match output {
            Ok(mut doc) => {
                doc.warnings = w.clone();
                if doc.kind == DocumentKind::Proceedings {
                    // Drawn by confpress after the export under a PDF
                    // standard, so Typst may not have read them: a replaced
                    // paper must still make the volume anew.
                    let papers = inputs::paper_paths(project).map(file_id);
                    doc.inputs.extend(papers);
                    doc.inputs
                        .sort_by_key(|id| id.vpath().get_with_slash().to_owned());
                    doc.inputs.dedup();
                }
                rendered.push(doc)
            }
            Err(Error(mut e)) => errors.append(&mut e),
        }
        warnings.append(&mut w);
    }
    // Both documents include the same abstracts: report a problem once.
    dedup(&mut warnings);
    if errors.is_empty() {
        Warned::new(Ok(rendered), warnings)
    } else {
        dedup(&mut errors);
        Warned::failed(Error(errors), warnings)
    }
}

/// The outcome of a compilation thread; a panic in Typst becomes an error.
fn joined(
    kind: DocumentKind,
    handle: std::thread::ScopedJoinHandle<'_, Warned<Rendered>>,
) -> Warned<Rendered> {
    handle.join().unwrap_or_else(|_| {
        Warned::failed(
            Diagnostic::error(format!(
                "the Typst compiler crashed while laying out the {kind:?}; please report this"
            )),
            Vec::new(),
        )
    })
}

/// The parts of the last build of each document laid out in parts, and
/// their exports, so that a rebuild lays out and exports only the parts an
/// edit changed.
#[derive(Default)]
pub struct PartCaches {
    booklet: (PartCache, ExportCache),
    proceedings: (PartCache, ExportCache),
}

/// How to lay out the documents.
pub struct Layout<'a> {
    /// Compile large documents in parts of about this many contributions.
    pub part_size: usize,
    /// The parts of the last build and their exports, to reuse those that
    /// did not change.
    pub parts: Option<&'a mut PartCaches>,
    /// Told of each step of a long build.
    pub progress: Option<Progress>,
    /// Keep each laid-out document in its [`Rendered`] (for a preview).
    pub keep_pages: bool,
    /// Lay out up to this many parts of a large volume or booklet side by side.
    pub jobs: usize,
    /// Told of each part of a large volume laid out anew in a rebuild.
    pub early: Option<EarlyPages>,
    /// Asked between the parts of a large volume whether a newer save has
    /// made the build moot.
    pub superseded: Option<Superseded>,
}

/// What a compilation yields besides the PDF.
#[derive(Clone, Copy)]
struct Wanted {
    /// One PDF per contribution of the proceedings.
    split: bool,
    /// The laid-out document itself.
    keep_pages: bool,
    /// How many parts of a large volume may be laid out side by side.
    jobs: usize,
}

impl Default for Layout<'_> {
    fn default() -> Self {
        Self {
            part_size: parts::PART_SIZE,
            parts: None,
            progress: None,
            keep_pages: false,
            jobs: 1,
            early: None,
            superseded: None,
        }
    }
}

/// One document to lay out, and what its compilation should yield.
#[derive(Clone, Copy)]
struct Task<'a> {
    world: &'a ProjectWorld,
    project: &'a Project,
    kind: DocumentKind,
    wanted: Wanted,
    early: Option<&'a EarlyPages>,
    superseded: Option<&'a Superseded>,
}

/// Lays out one document whole.
fn lay_out(task: Task) -> Warned<Laid> {
    let world = task.world;
    let document_world = world.document(file_id(task.kind.main()));
    let Warned { output, warnings } = typeset(world, &document_world);
    let result = output.map(|document| Laid {
        page_table: page_table(&document),
        document,
        inputs: document_world.accessed(),
        parts: 1,
    });
    Warned::new(result, warnings)
}

/// Lays out, checks and exports one document.
fn compile_one(
    task: Task,
    runs: Option<Runs>,
    caches: Option<Caches<'_>>,
    progress: Option<&Progress>,
) -> Warned<Rendered> {
    let options = match pdf::export_options(&task.project.programme, task.kind) {
        Ok(options) => options,
        Err(error) => return Warned::failed(error, Vec::new()),
    };
    let fallback = pdf::fallback_options(&task.project.programme, task.kind);
    // A large document: each part is exported as soon as it is laid out,
    // and the PDFs joined, so that memory follows a part. (A booklet whose
    // front would not keep its length is laid out whole.)
    if let Some(runs) = runs
        && let Some(rendered) =
            stream::compile_parts(task, runs, caches, progress, &options, fallback.as_ref())
    {
        return rendered;
    }
    let Warned {
        output: laid,
        mut warnings,
    } = lay_out(task);
    let laid = match laid {
        Ok(laid) => laid,
        Err(errors) => return Warned::failed(errors, warnings),
    };
    let system_fonts = match check(task, &laid.document, &mut warnings) {
        Ok(fonts) => fonts,
        Err(errors) => return Warned::failed(errors, warnings),
    };
    let exported = export(
        task,
        laid,
        system_fonts,
        &options,
        fallback.as_ref(),
        &mut warnings,
    );
    Warned::new(exported, warnings)
}

/// The checks after layout: content off the page or printed over other
/// content, and characters no font drew (added to `warnings`, or the errors
/// when the project refuses them). Returns the families of system fonts
/// the document uses.
fn check(
    task: Task,
    document: &PagedDocument,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<String>> {
    let Task {
        world,
        project,
        kind,
        ..
    } = task;
    let places = &project.sources.places;
    let mut findings = overflow::check(document);
    findings.extend(inks::check(document, &project.programme));
    warnings.extend(overflow::problems(
        &format!("the {}", kind.name()),
        findings,
        places,
        &|span| world.locate(span),
    ));
    glyphs::missing(world, project, glyphs::drawn(document), warnings)
}

/// A laid-out document exported: its PDF (the booklet's with its bleed
/// box; the proceedings with one PDF per contribution when split), with
/// what the build reports of it.
/// A document that cannot meet the standards it claims by default is
/// written with `fallback` (plain PDF) and a warning in `warnings`.
fn export(
    task: Task,
    laid: Laid,
    system_fonts: Vec<String>,
    options: &PdfOptions,
    fallback: Option<&PdfOptions>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Rendered> {
    let Task {
        world,
        project,
        kind,
        wanted,
        ..
    } = task;
    let programme = &project.programme;
    let Laid {
        document,
        page_table,
        inputs,
        parts: layout_parts,
    } = laid;
    let entry_pages = match kind {
        DocumentKind::Booklet => EntryPages {
            contributions: anchor_pages(&document, "confpress-contribution"),
            sessions: anchor_pages(&document, "confpress-session"),
        },
        DocumentKind::Proceedings => EntryPages::default(),
    };
    // Export errors point into the templates or the project's files.
    let document_world = world.document(file_id(kind.main()));
    let export_error =
        |errors: EcoVec<SourceDiagnostic>| Error(convert(world, &document_world, &errors));
    let (pdf, options) = match typst_pdf::pdf(&document, options).map_err(export_error) {
        Ok(pdf) => (pdf, options),
        Err(error) => match fallback {
            Some(plain) if pdf::refused_by_standard(&error) => {
                warnings.push(pdf::gave_up_standards(kind, programme, error));
                (
                    typst_pdf::pdf(&document, plain).map_err(export_error)?,
                    plain,
                )
            }
            _ => return Err(error),
        },
    };
    let (pdf, page_table, parts) = match kind {
        DocumentKind::Booklet => (pdf::set_bleed_box(pdf, programme)?, Vec::new(), Vec::new()),
        DocumentKind::Proceedings if wanted.split => {
            let pdf = graft::papers(pdf, &document, world)?;
            let parts = pdf::split_parts(&document, programme, &page_table, options, world)
                .map_err(export_error)?;
            (pdf, page_table, parts)
        }
        DocumentKind::Proceedings => (
            graft::papers(pdf, &document, world)?,
            page_table,
            Vec::new(),
        ),
    };
    Ok(Rendered {
        kind,
        pages: document.pages().len(),
        pdf,
        page_table,
        parts,
        inputs,
        layout_parts,
        warnings: Vec::new(),
        system_fonts,
        entry_pages,
        document: wanted.keep_pages.then(|| Arc::new(document)),
    })
}
