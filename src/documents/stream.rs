//! A large volume: each part checked, exported and split on a thread of its
//! own while the next is laid out, then the parts' PDFs joined, so that
//! memory follows a part rather than the volume. In a rebuild, a part whose
//! pages are those of the last build is not exported again.

use std::collections::HashMap;
use std::sync::Arc;

use typst::diag::SourceDiagnostic;
use typst::model::{Destination, Document, DocumentInfo};
use typst_layout::{Page, PagedDocument};
use typst_pdf::PdfOptions;

use super::join::{Joiner, is_page_link};
use super::parts::{self, PartCache, Plan, Section, Stopped};
use super::{DocumentKind, EntryPages, Rendered, Task, glyphs, graft, overflow, pdf, split};
use crate::diag::{Diagnostic, Error, Result, Warned};
use crate::model::Programme;
use crate::progress::{EarlyPages, EarlyPart, Progress, Superseded};
use crate::typeset::world::{DocumentWorld, ProjectWorld};
use crate::typeset::{Laid, PageEntry, convert, retain_links};
use crate::vpaths::{self, file_id};

/// The parts of a volume as the last build exported them, by what decided
/// their export (their pages, the export settings, the programme, the
/// camera-ready papers they draw), so that a rebuild exports only the parts
/// an edit changed and joins them with the others.
#[derive(Default)]
pub struct ExportCache {
    parts: HashMap<u128, Exported>,
    /// How long the body's parts were, by their first page after the front
    /// matter, and the front matter.
    lengths: HashMap<usize, usize>,
    front: usize,
}

/// One part as exported, with what the checks after layout found in it.
#[derive(Clone)]
struct Exported {
    pdf: Vec<u8>,
    /// The headings raised for its own export (see [`Joiner::add_raised`]).
    raised: (usize, usize),
    findings: Vec<overflow::Finding>,
    drawn: glyphs::Drawn,
    split: Vec<(String, Vec<u8>)>,
}

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

/// The proceedings laid out in parts, each part checked and exported (and
/// its contributions split off) as soon as it is laid out, then joined. With
/// `caches`, parts are taken from the last build where nothing they depend
/// on changed. A document that cannot meet the standards it claims by default
/// is laid out again and written with `fallback` (plain PDF) and a warning.
pub(super) fn compile_parts(
    task: Task,
    runs: &Plan,
    mut caches: Option<Caches<'_>>,
    progress: Option<&Progress>,
    options: &PdfOptions,
    fallback: Option<&PdfOptions>,
) -> Warned<Rendered> {
    let first = caches.as_mut().map(Caches::again);
    let streamed = compile_streamed(task, runs, first, progress, options);
    match (streamed.output, fallback) {
        (Err(error), Some(plain)) if pdf::refused_by_standard(&error) => {
            let mut again = compile_streamed(task, runs, caches, progress, plain);
            let programme = &task.project.programme;
            again
                .warnings
                .push(pdf::gave_up_standards(task.kind, programme, error));
            again
        }
        (output, _) => Warned::new(output, streamed.warnings),
    }
}

/// The proceedings laid out in parts, each exported as soon as it is laid out, then joined.
fn compile_streamed(
    task: Task,
    runs: &Plan,
    caches: Option<Caches<'_>>,
    progress: Option<&Progress>,
    options: &PdfOptions,
) -> Warned<Rendered> {
    let Task {
        world,
        project,
        wanted,
        ..
    } = task;
    let kind = DocumentKind::Proceedings;
    let document_world = world.document(file_id(kind.main()));
    let programme = &project.programme;
    let (parts_cache, export_cache) = match caches {
        Some(Caches { parts, exports }) => (Some(parts), Some(exports)),
        None => (None, None),
    };
    let mut exporter = PartExporter::new(world, &document_world, programme, options, wanted.split);
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
        progress.tell("joining the parts of the proceedings".to_owned());
    }
    let pdf = match joiner.finish() {
        Ok(pdf) => pdf,
        Err(err) => {
            let error = Diagnostic::error(format!(
                "cannot join the parts of the proceedings: {err}; please report this"
            ))
            .hint("`--part-size 0` lays the volume out in one piece");
            return Warned::failed(error, warnings);
        }
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
        entry_pages: EntryPages::default(),
        document: kept.map(|kept| Arc::new(in_order(kept))),
    };
    Warned::new(Ok(rendered), warnings)
}

/// Lays out the volume's parts, each exported on a thread of its own while
/// the next is laid out (Typst's layout leaves a core partly idle); one part
/// waits at most, so memory still follows a part. The exporter's error
/// comes first: a part it refused stopped the layout, which then returned
/// an empty volume.
fn lay_out_and_export<'a>(
    task: Task,
    runs: &Plan,
    cache: Option<&mut PartCache>,
    progress: Option<&Progress>,
    exporter: PartExporter<'a>,
) -> (Warned<Laid>, PartExporter<'a>) {
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
        let laid = parts::compile_streamed(task.world, runs, cache, progress, jobs, &mut handoff);
        drop(handoff);
        let (exporter, exported) = match worker.join() {
            Ok(joined) => joined,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let output = exported.and(laid.output);
        (Warned::new(output, laid.warnings), exporter)
    })
}

/// The layout problems of the parts, their pages counted in the volume
/// (after a front matter `front` pages long), in its order.
fn in_volume_order(
    mut findings: Vec<(Section, usize, overflow::Finding)>,
    front: usize,
) -> Vec<overflow::Finding> {
    for (section, body_start, finding) in &mut findings {
        if *section != Section::Front {
            finding.page += front + *body_start;
        }
    }
    findings.sort_by_key(|(_, _, finding)| finding.page);
    findings
        .into_iter()
        .map(|(_, _, finding)| finding)
        .collect()
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

/// Checks, exports and splits the parts of a volume built in parts, on the
/// exporter's thread, and collects what the join and the report need.
struct PartExporter<'a> {
    world: &'a ProjectWorld,
    /// Export errors point into the templates or the project's files.
    document_world: &'a DocumentWorld<'a>,
    programme: &'a Programme,
    options: &'a PdfOptions,
    split: bool,
    /// What every part's export depends on besides its pages: the export
    /// settings, `split` and the programme.
    salt: u128,
    /// The parts the last build exported, to take those whose pages are the same.
    last: Option<&'a ExportCache>,
    /// The parts of this build, for the next.
    done: HashMap<u128, Exported>,
    joiner: Joiner,
    /// Layout problems, with the section and body page they were found in.
    findings: Vec<(Section, usize, overflow::Finding)>,
    drawn: glyphs::Drawn,
    split_pdfs: Vec<(String, Vec<u8>)>,
    /// Pages of the volume so far.
    pages: usize,
    /// The length of the front matter.
    front: usize,
    /// Every part's pages, for a preview, when asked for.
    kept: Option<Vec<(Section, Vec<Page>, DocumentInfo)>>,
    /// Told of a body part laid out anew as long as the last build's.
    early: Option<&'a EarlyPages>,
    /// How long the body's parts are, by their first page after the front
    /// matter.
    lengths: HashMap<usize, usize>,
}

impl<'a> PartExporter<'a> {
    /// An exporter of the parts of the volume `document_world` compiles,
    /// with nothing exported yet.
    fn new(
        world: &'a ProjectWorld,
        document_world: &'a DocumentWorld<'a>,
        programme: &'a Programme,
        options: &'a PdfOptions,
        split: bool,
    ) -> Self {
        let data = world.fingerprint(&[file_id(vpaths::DATA)]);
        Self {
            world,
            document_world,
            programme,
            options,
            split,
            salt: typst::utils::hash128(&(options, split, data)),
            last: None,
            done: HashMap::new(),
            joiner: Joiner::new(),
            findings: Vec::new(),
            drawn: glyphs::Drawn::default(),
            split_pdfs: Vec::new(),
            pages: 0,
            front: 0,
            kept: None,
            early: None,
            lengths: HashMap::new(),
        }
    }

    /// Checks, exports and (with `--split`) splits one part, or takes it from
    /// the last build when its pages are those the last build exported.
    fn part(
        &mut self,
        document: &PagedDocument,
        section: Section,
        body_start: usize,
        rows: &[PageEntry],
    ) -> Result<()> {
        let pages = document.pages().len();
        if section == Section::Front {
            self.front = pages;
        }
        self.pages += pages;
        if let Some(kept) = &mut self.kept {
            kept.push((section, document.pages().to_vec(), document.info().clone()));
        }
        // Only a rebuild, with the last build's exports at hand, asks.
        let identity = self.last.map(|_| {
            let papers = graft::papers_drawn(document, self.world);
            let rows = format!("{rows:?}");
            let pages = document.pages();
            typst::utils::hash128(&(self.salt, section, body_start, pages, rows, papers))
        });
        let last = self.last.zip(identity);
        if matches!(section, Section::Body { .. }) {
            self.lengths.insert(body_start, pages);
        }
        let exported = match last.and_then(|(last, identity)| last.parts.get(&identity)) {
            Some(exported) => exported.clone(),
            None => {
                self.tell_early(document, section, body_start);
                self.export(document, section, rows)?
            }
        };
        self.findings.extend(
            exported
                .findings
                .iter()
                .cloned()
                .map(|finding| (section, body_start, finding)),
        );
        self.drawn
            .missing
            .extend(exported.drawn.missing.iter().copied());
        self.drawn
            .families
            .extend(exported.drawn.families.iter().cloned());
        self.split_pdfs.extend(exported.split.iter().cloned());
        self.joiner
            .add_raised(section, exported.pdf.clone(), exported.raised);
        if let Some(identity) = identity {
            self.done.insert(identity, exported);
        }
        Ok(())
    }

    /// Shows a body part laid out anew before it is exported, when it stands
    /// where the same part of the last build stood: as long as it, after a
    /// front matter assumed as long as the last build's (the join tells for
    /// sure).
    fn tell_early(&self, document: &PagedDocument, section: Section, body_start: usize) {
        let (Some(early), Some(last)) = (self.early, self.last) else {
            return;
        };
        let pages = document.pages();
        let as_long = last.lengths.get(&body_start) == Some(&pages.len());
        if matches!(section, Section::Body { .. }) && as_long && last.front > 0 {
            early.tell(EarlyPart {
                document: DocumentKind::Proceedings.name(),
                at: last.front + body_start,
                pages,
            });
        }
    }

    /// Checks, exports and (with `--split`) splits one part.
    fn export(
        &self,
        document: &PagedDocument,
        section: Section,
        rows: &[PageEntry],
    ) -> Result<Exported> {
        let findings = overflow::check(document);
        let drawn = glyphs::drawn(document);
        let export_error = |errors: typst::ecow::EcoVec<SourceDiagnostic>| {
            Error(convert(self.world, self.document_world, &errors))
        };
        // A part that begins inside a session begins with its contributions'
        // headings: raised for its own export, lowered back by the join.
        let raised = split::raise_leading_headings(document);
        let (exported, raised) = match &raised {
            Some((raised_document, by, count)) => (raised_document, (*by, *count)),
            None => (document, (0, 0)),
        };
        let pdf = typst_pdf::pdf(exported, self.options).map_err(export_error)?;
        let pdf = graft::papers(pdf, exported, self.world)?;
        let split = if self.split && matches!(section, Section::Body { .. }) {
            pdf::split_parts(document, self.programme, rows, self.options, self.world)
                .map_err(export_error)?
        } else {
            Vec::new()
        };
        Ok(Exported {
            pdf,
            raised,
            findings,
            drawn,
            split,
        })
    }
}

/// The parts' pages as one document, for a preview: the front matter, the
/// body in order, the back matter. The page-link marks of the front and back
/// matter, which only the join reads, are left out.
fn in_order(kept: Vec<(Section, Vec<Page>, DocumentInfo)>) -> PagedDocument {
    let rank = |section: &Section| match section {
        Section::Front => 0,
        Section::Body { .. } => 1,
        Section::Back => 2,
    };
    let info = kept
        .iter()
        .find(|(section, ..)| *section == Section::Front)
        .map(|(.., info)| info.clone())
        .unwrap_or_default();
    let mut kept = kept;
    // A stable sort: the body's parts keep their order.
    kept.sort_by_key(|(section, ..)| rank(section));
    let mut pages = Vec::new();
    for (section, part, _) in kept {
        for mut page in part {
            if matches!(section, Section::Front | Section::Back) {
                retain_links(
                    &mut page.frame,
                    &mut |destination| !matches!(destination, Destination::Url(url) if is_page_link(url)),
                );
            }
            pages.push(page);
        }
    }
    PagedDocument::new(pages.into_iter().collect(), info)
}
