//! A large volume built once: each part checked, exported and split on a
//! thread of its own while the next is laid out, then the parts' PDFs
//! joined, so that memory follows a part rather than the volume.

use typst::diag::SourceDiagnostic;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use super::join::Joiner;
use super::parts::{self, Plan, Section, Stopped};
use super::{DocumentKind, EntryPages, Rendered, Task, glyphs, graft, overflow, pdf, split};
use crate::diag::{Diagnostic, Error, Result, Warned};
use crate::model::Programme;
use crate::progress::Progress;
use crate::typeset::world::{DocumentWorld, ProjectWorld};
use crate::typeset::{Laid, PageEntry, convert};
use crate::vpaths::file_id;

/// The proceedings laid out in parts, each part checked and exported (and
/// its contributions split off) as soon as it is laid out, then joined.
pub(super) fn compile_streamed(
    task: Task,
    runs: &Plan,
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
    let exporter = PartExporter::new(world, &document_world, programme, options, wanted.split);
    let (laid, exporter) = lay_out_and_export(task, runs, progress, exporter);
    let Warned {
        output: laid,
        mut warnings,
    } = laid;
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
        document: None,
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
        let mut handoff = Handoff(send);
        let jobs = task.wanted.jobs;
        let laid = parts::compile_streamed(task.world, runs, progress, jobs, &mut handoff);
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
/// exports the one before.
struct Handoff(std::sync::mpsc::SyncSender<Handed>);

impl parts::Sink for Handoff {
    fn part(
        &mut self,
        document: PagedDocument,
        section: Section,
        body_start: usize,
        rows: Vec<PageEntry>,
    ) -> Result<(), Stopped> {
        // Refused only when the exporter has stopped at an error, which is
        // reported instead.
        self.0
            .send((document, section, body_start, rows))
            .map_err(|_| Stopped)
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
    joiner: Joiner,
    /// Layout problems, with the section and body page they were found in.
    findings: Vec<(Section, usize, overflow::Finding)>,
    drawn: glyphs::Drawn,
    split_pdfs: Vec<(String, Vec<u8>)>,
    /// Pages of the volume so far.
    pages: usize,
    /// The length of the front matter.
    front: usize,
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
        Self {
            world,
            document_world,
            programme,
            options,
            split,
            joiner: Joiner::new(),
            findings: Vec::new(),
            drawn: glyphs::Drawn::default(),
            split_pdfs: Vec::new(),
            pages: 0,
            front: 0,
        }
    }

    /// Checks, exports and (with `--split`) splits one part.
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
        self.findings.extend(
            overflow::check(document)
                .into_iter()
                .map(|finding| (section, body_start, finding)),
        );
        let drawn = glyphs::drawn(document);
        self.drawn.missing.extend(drawn.missing);
        self.drawn.families.extend(drawn.families);
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
        if self.split && matches!(section, Section::Body { .. }) {
            let parts = pdf::split_parts(document, self.programme, rows, self.options, self.world)
                .map_err(export_error)?;
            self.split_pdfs.extend(parts);
        }
        self.joiner.add_raised(section, pdf, raised);
        Ok(())
    }
}
