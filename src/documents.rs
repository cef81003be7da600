//! The two documents: preparing their inputs, compiling them in parallel,
//! exporting PDFs.

use std::collections::HashMap;
use typst::foundations::{Bytes, Datetime, Smart};
use typst::model::{Document, DocumentInfo};
use typst::syntax::FileId;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use chrono::Datelike;

use crate::diag::Location;
use crate::diag::{Diagnostic, Error, Result, dedup};
use crate::glyphs;
use crate::join::Joiner;
use crate::model::{Contribution, MissingGlyphs, PdfStandard, Programme, Project};
use crate::overflow::{self, Problem};
use crate::parts::{PartCache, Section};
use crate::split::Splitter;
use crate::typeset::{Laid, PageEntry, anchor_pages, convert, page_table, typeset};
use crate::vpaths;
use crate::vpaths::file_id;
use crate::world::ProjectWorld;
use crate::xmp;
use typst::diag::SourceDiagnostic;
use typst::ecow::{eco_format, eco_vec};
use typst::syntax::Span;

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
    pub document: Option<std::sync::Arc<PagedDocument>>,
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
/// Returns the PDFs and the warnings; on failure, the error holds the errors
/// of every document followed by the warnings.
pub fn compile(
    world: &ProjectWorld,
    project: &Project,
    kinds: &[DocumentKind],
    split: bool,
    layout: Layout<'_>,
) -> Result<(Vec<Rendered>, Vec<Diagnostic>)> {
    let programme = &project.programme;
    // The built-in proceedings template can be compiled in parts, and a
    // project's own that reads `part.json` as it does.
    let runs = crate::parts::plan(
        programme,
        layout.part_size,
        crate::parts::within_sessions(world),
    )
    .filter(|_| crate::parts::supported(world));
    let mut parts = layout.parts;
    let progress = layout.progress.as_ref();
    let wanted = Wanted {
        split,
        keep_pages: layout.keep_pages,
        jobs: layout.jobs.max(1),
    };
    // Documents compile side by side, except beside a volume large enough
    // to be compiled in parts: then memory matters more than the overlap,
    // which gains little anyway (Typst keeps both cores busy on its own).
    let side_by_side = runs.is_none();
    let results: Vec<(DocumentKind, Result<Rendered>, Vec<Diagnostic>)> =
        std::thread::scope(|scope| {
            let mut results = Vec::new();
            let mut running = Vec::new();
            for &kind in kinds {
                let (runs, parts) = match kind {
                    DocumentKind::Proceedings => (runs.as_ref(), parts.take()),
                    DocumentKind::Booklet => (None, None),
                };
                if let Some(progress) = progress {
                    progress.tell(format!("typesetting the {}", kind.name()));
                }
                let handle = scope.spawn(move || {
                    compile_one(world, project, kind, wanted, runs, parts, progress)
                });
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
    for (_, result, mut w) in results {
        match result {
            Ok(mut doc) => {
                doc.warnings = w.clone();
                rendered.push(doc)
            }
            Err(Error(mut e)) => errors.append(&mut e),
        }
        warnings.append(&mut w);
    }
    // Both documents include the same abstracts: report a problem once.
    dedup(&mut warnings);
    if errors.is_empty() {
        Ok((rendered, warnings))
    } else {
        dedup(&mut errors);
        errors.append(&mut warnings);
        Err(Error(errors))
    }
}

/// The outcome of a compilation thread; a panic in Typst becomes an error.
fn joined(
    kind: DocumentKind,
    handle: std::thread::ScopedJoinHandle<'_, (Result<Rendered>, Vec<Diagnostic>)>,
) -> (DocumentKind, Result<Rendered>, Vec<Diagnostic>) {
    match handle.join() {
        Ok((result, warnings)) => (kind, result, warnings),
        Err(_) => (
            kind,
            Err(Diagnostic::error(format!(
                "the Typst compiler crashed while laying out the {kind:?}; please report this"
            ))
            .into()),
            Vec::new(),
        ),
    }
}

/// How to lay out the documents.
pub struct Layout<'a> {
    /// Compile large proceedings in parts of about this many contributions.
    pub part_size: usize,
    /// The parts of the last build, to reuse those that did not change.
    pub parts: Option<&'a mut PartCache>,
    /// Told of each step of a long build.
    pub progress: Option<crate::build::Progress>,
    /// Keep each laid-out document in its [`Rendered`] (for a preview).
    pub keep_pages: bool,
    /// Lay out up to this many parts of a large volume side by side.
    pub jobs: usize,
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
            part_size: crate::parts::PART_SIZE,
            parts: None,
            progress: None,
            keep_pages: false,
            jobs: 1,
        }
    }
}

/// Lays out one document: whole, or for the proceedings in the parts of `runs`.
fn lay_out(
    world: &ProjectWorld,
    kind: DocumentKind,
    runs: Option<&crate::parts::Plan>,
    parts: Option<&mut PartCache>,
    progress: Option<&crate::build::Progress>,
    jobs: usize,
) -> (Result<Laid>, Vec<Diagnostic>) {
    if let Some(runs) = runs {
        return crate::parts::compile(world, runs, parts, progress, jobs);
    }
    let document_world = world.document(file_id(kind.main()));
    let (document, warnings) = typeset(world, &document_world);
    let result = document.map(|document| Laid {
        page_table: page_table(&document),
        document,
        inputs: document_world.accessed(),
        parts: 1,
    });
    (result, warnings)
}

fn compile_one(
    world: &ProjectWorld,
    project: &Project,
    kind: DocumentKind,
    wanted: Wanted,
    runs: Option<&crate::parts::Plan>,
    parts: Option<&mut PartCache>,
    progress: Option<&crate::build::Progress>,
) -> (Result<Rendered>, Vec<Diagnostic>) {
    let programme = &project.programme;
    let options = match export_options(programme, kind) {
        Ok(options) => options,
        Err(error) => return (Err(error), Vec::new()),
    };
    // A large volume built once and not shown: each part is exported as soon
    // as it is laid out, and the PDFs joined, so that memory follows a part.
    if let Some(runs) = runs
        && parts.is_none()
        && !wanted.keep_pages
    {
        return compile_streamed(world, project, runs, wanted, progress, &options);
    }
    let (laid, mut warnings) = lay_out(world, kind, runs, parts, progress, wanted.jobs);
    let Laid {
        document,
        page_table,
        inputs,
        parts: layout_parts,
    } = match laid {
        Ok(laid) => laid,
        Err(errors) => return (Err(errors), warnings),
    };
    warnings.extend(layout_problems(
        kind,
        overflow::check(&document),
        &project.sources.places,
    ));
    let system_fonts = match missing_glyphs(world, project, glyphs::drawn(&document), &mut warnings)
    {
        Ok(fonts) => fonts,
        Err(errors) => return (Err(errors), warnings),
    };
    let entry_pages = if kind == DocumentKind::Booklet {
        EntryPages {
            contributions: anchor_pages(&document, "confpress-contribution"),
            sessions: anchor_pages(&document, "confpress-session"),
        }
    } else {
        EntryPages::default()
    };
    // Export errors point into the templates or the project's files.
    let document_world = world.document(file_id(kind.main()));
    let pages = document.pages().len();
    let result = match typst_pdf::pdf(&document, &options) {
        Ok(pdf) if kind == DocumentKind::Booklet => {
            set_bleed_box(pdf, programme).map(|pdf| Rendered {
                kind,
                pages,
                pdf,
                page_table: Vec::new(),
                parts: Vec::new(),
                inputs,
                layout_parts,
                warnings: Vec::new(),
                system_fonts,
                entry_pages,
                document: None,
            })
        }
        Ok(pdf) => {
            let parts = if wanted.split {
                split_parts(&document, programme, &page_table, &options)
            } else {
                Ok(Vec::new())
            };
            parts
                .map(|parts| Rendered {
                    kind,
                    pages,
                    pdf,
                    page_table,
                    parts,
                    inputs,
                    layout_parts,
                    warnings: Vec::new(),
                    system_fonts,
                    entry_pages,
                    document: None,
                })
                .map_err(|errors| Error(convert(world, &document_world, &errors)))
        }
        Err(errors) => Err(Error(convert(world, &document_world, &errors))),
    };
    let result = result.map(|mut rendered| {
        if wanted.keep_pages {
            rendered.document = Some(std::sync::Arc::new(document));
        }
        rendered
    });
    (result, warnings)
}

/// Characters a document drew as empty boxes, reported at the fields that
/// hold them (added to `warnings`, or the errors when the project refuses
/// them); otherwise the families of system fonts it used.
fn missing_glyphs(
    world: &ProjectWorld,
    project: &Project,
    drawn: glyphs::Drawn,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<String>> {
    let tofu = glyphs::report(&drawn.missing, project);
    if project.missing_glyphs == MissingGlyphs::Error && !tofu.is_empty() {
        return Err(Error(tofu));
    }
    warnings.extend(tofu);
    Ok(glyphs::system_fonts(&drawn.families, world.fonts()))
}

/// The export settings of a document: [`pdf_options`], and for the
/// proceedings the PDF standard the project asks for.
fn export_options(programme: &Programme, kind: DocumentKind) -> Result<PdfOptions> {
    let mut options = pdf_options(programme, kind.file_name());
    if kind == DocumentKind::Proceedings
        && let Some(standard) = programme.proceedings.pdf_standard
    {
        let chosen = match standard {
            PdfStandard::A2b => typst_pdf::PdfStandard::A_2b,
            PdfStandard::A3b => typst_pdf::PdfStandard::A_3b,
            PdfStandard::Ua1 => typst_pdf::PdfStandard::Ua_1,
        };
        match typst_pdf::PdfStandards::new(&[chosen]) {
            Ok(standards) => options.standards = standards,
            Err(err) => {
                let message = format!("PDF standard {}: {}", standard.name(), err.message());
                return Err(Diagnostic::error(message).into());
            }
        }
    }
    Ok(options)
}

/// The proceedings laid out in parts, each part checked and exported (and
/// its contributions split off) as soon as it is laid out, then joined.
fn compile_streamed(
    world: &ProjectWorld,
    project: &Project,
    runs: &crate::parts::Plan,
    wanted: Wanted,
    progress: Option<&crate::build::Progress>,
    options: &PdfOptions,
) -> (Result<Rendered>, Vec<Diagnostic>) {
    let kind = DocumentKind::Proceedings;
    let document_world = world.document(file_id(kind.main()));
    let exporter = PartExporter {
        world,
        document_world: &document_world,
        programme: &project.programme,
        options,
        split: wanted.split,
        joiner: Joiner::new(),
        findings: Vec::new(),
        drawn: glyphs::Drawn::default(),
        split_pdfs: Vec::new(),
        pages: 0,
        front: 0,
    };
    // Each part is exported on a thread of its own while the next is laid
    // out (Typst's layout leaves a core partly idle); one part waits at
    // most, so memory still follows a part.
    let (laid, mut warnings, exporter) = std::thread::scope(|scope| {
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
        let (laid, warnings) =
            crate::parts::compile_streamed(world, runs, progress, wanted.jobs, &mut handoff);
        drop(handoff);
        let (exporter, exported) = match worker.join() {
            Ok(joined) => joined,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        // The exporter's error first: a part it refused stopped the layout.
        (exported.and(laid), warnings, exporter)
    });
    let laid = match laid {
        Ok(laid) => laid,
        Err(errors) => return (Err(errors), warnings),
    };
    let PartExporter {
        joiner,
        mut findings,
        drawn,
        split_pdfs,
        pages,
        front,
        ..
    } = exporter;
    // Pages counted in the volume, in its order.
    for (section, body_start, finding) in &mut findings {
        if *section != Section::Front {
            finding.page += front + *body_start;
        }
    }
    findings.sort_by_key(|(_, _, finding)| finding.page);
    let findings = findings
        .into_iter()
        .map(|(_, _, finding)| finding)
        .collect();
    warnings.extend(layout_problems(kind, findings, &project.sources.places));
    let system_fonts = match missing_glyphs(world, project, drawn, &mut warnings) {
        Ok(fonts) => fonts,
        Err(errors) => return (Err(errors), warnings),
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
            return (Err(error.into()), warnings);
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
    (Ok(rendered), warnings)
}

/// A part handed to the exporter: its pages, section, first page after the
/// front matter and contributions (see [`crate::parts::Sink::part`]).
type Handed = (PagedDocument, Section, usize, Vec<PageEntry>);

/// Hands each part to the exporter's thread, waiting while it still
/// exports the one before.
struct Handoff(std::sync::mpsc::SyncSender<Handed>);

impl crate::parts::Sink for Handoff {
    fn part(
        &mut self,
        document: PagedDocument,
        section: Section,
        body_start: usize,
        rows: Vec<PageEntry>,
    ) -> Result<()> {
        // Refused only when the exporter stopped at an error, which is
        // reported instead of this one.
        self.0
            .send((document, section, body_start, rows))
            .map_err(|_| Error(Vec::new()))
    }
}

/// Checks, exports and splits the parts of a volume built in parts, on the
/// exporter's thread, and collects what the join and the report need.
struct PartExporter<'a> {
    world: &'a ProjectWorld,
    /// Export errors point into the templates or the project's files.
    document_world: &'a crate::world::DocumentWorld<'a>,
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

impl PartExporter<'_> {
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
        let pdf = typst_pdf::pdf(document, self.options).map_err(export_error)?;
        if self.split && matches!(section, Section::Body { .. }) {
            let parts =
                split_parts(document, self.programme, rows, self.options).map_err(export_error)?;
            self.split_pdfs.extend(parts);
        }
        self.joiner.add(section, pdf);
        Ok(())
    }
}

/// One tagged PDF per contribution, holding exactly its pages of the volume
/// (so the printed page numbers are the volume's), titled as the contribution.
fn split_parts(
    document: &PagedDocument,
    programme: &Programme,
    table: &[PageEntry],
    options: &PdfOptions,
) -> typst::diag::SourceResult<Vec<(String, Vec<u8>)>> {
    let splitter = Splitter::new(document);
    let by_id = programme.contributions_by_id();
    table
        .iter()
        .map(|entry| {
            let contribution = by_id.get(entry.id.as_str()).copied();
            let info = contribution_info(document, contribution);
            let part = splitter.cut(entry.first, entry.last, info);
            let part_options = PdfOptions {
                standards: options.standards.clone(),
                ..pdf_options(programme, &entry.id)
            };
            let pdf = typst_pdf::pdf(&part, &part_options)?;
            let pdf = match contribution.and_then(|c| c.doi.as_deref()) {
                Some(doi) => xmp::add_doi(&pdf, doi).map_err(|err| {
                    eco_vec![SourceDiagnostic::error(
                        Span::detached(),
                        eco_format!("cannot write the DOI into split/{}.pdf: {err}", entry.id)
                    )]
                })?,
                None => pdf,
            };
            Ok((entry.id.clone(), pdf))
        })
        .collect()
}

/// The metadata of one contribution's PDF: the volume's (language, date),
/// with the contribution's title, authors and keywords.
fn contribution_info(volume: &PagedDocument, contribution: Option<&Contribution>) -> DocumentInfo {
    let mut info = volume.info().clone();
    if let Some(contribution) = contribution {
        info.title = Some(contribution.title.as_str().into());
        info.author = contribution
            .authors
            .iter()
            .map(|a| a.name.as_str().into())
            .collect();
        info.keywords = contribution
            .keywords
            .iter()
            .map(|k| k.as_str().into())
            .collect();
        info.description = None;
    }
    info
}

/// Export settings: a stable identifier and a fixed date, so that the same
/// inputs give the same bytes.
fn pdf_options(programme: &Programme, file_name: &str) -> PdfOptions {
    PdfOptions {
        ident: Smart::Custom(format!(
            "confpress/{}/{file_name}",
            programme.conference.title
        )),
        creator: Smart::Custom(Some(crate::version::CREATOR.to_owned())),
        timestamp: Some(Timestamp::new_utc(document_date(programme))),
        page_ranges: None,
        standards: Default::default(),
        tagged: true,
        pretty: false,
    }
}

/// Typst writes a TrimBox when a page has bleed; a print shop also wants the
/// BleedBox, which lies inside the media box when crop marks need a slug.
fn set_bleed_box(pdf: Vec<u8>, programme: &Programme) -> Result<Vec<u8>> {
    let print = &programme.print;
    if print.bleed_mm == 0.0 && !print.crop_marks {
        return Ok(pdf);
    }
    let failed = |err: lopdf::Error| {
        Error::from(Diagnostic::error(format!(
            "cannot set the bleed box of the booklet: {err}"
        )))
    };
    let mut doc = lopdf::Document::load_mem(&pdf).map_err(failed)?;
    let slug = (print.slug_mm / 25.4 * 72.0) as f32;
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    for id in pages {
        let page = doc
            .get_object_mut(id)
            .and_then(lopdf::Object::as_dict_mut)
            .map_err(failed)?;
        let media: Vec<f32> = page
            .get(b"MediaBox")
            .and_then(lopdf::Object::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_float().ok()).collect())
            .map_err(failed)?;
        if let [x0, y0, x1, y1] = media[..] {
            let bleed_box = [x0 + slug, y0 + slug, x1 - slug, y1 - slug];
            page.set(
                "BleedBox",
                bleed_box
                    .into_iter()
                    .map(lopdf::Object::Real)
                    .collect::<Vec<_>>(),
            );
        }
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|err| {
        Diagnostic::error(format!("cannot set the bleed box of the booklet: {err}"))
    })?;
    Ok(out)
}

/// Lays out `booklet` (the booklet's PDF, `pages` long) two pages per sheet
/// side in saddle-stitch order.
pub fn impose(
    world: &mut ProjectWorld,
    programme: &Programme,
    booklet: &[u8],
    pages: usize,
) -> Result<Vec<u8>> {
    let b = &programme.booklet;
    let offset = programme.print.bleed_mm + programme.print.slug_mm;
    let plan = crate::imposition::plan(pages, b.width_mm, b.height_mm, offset);
    let json = serde_json::to_vec(&plan)
        .map_err(|err| Diagnostic::error(format!("cannot plan the imposition: {err}")))?;
    let data = [
        (vpaths::IMPOSITION, json),
        (vpaths::BOOKLET_PDF, booklet.to_vec()),
    ];
    let (_, pdf) = extra(
        world,
        programme,
        vpaths::IMPOSE,
        data,
        "booklet-imposed.pdf",
    )?;
    Ok(pdf)
}

/// A document beside the booklet and the proceedings (the imposition, the
/// changes insert, the agenda, the signs): its `data` files put into the
/// world, the template `main` compiled and exported as `file_name`. Returns
/// the laid-out document (for what it marks) and the PDF.
fn extra<const N: usize>(
    world: &mut ProjectWorld,
    programme: &Programme,
    main: &str,
    data: [(&str, Vec<u8>); N],
    file_name: &str,
) -> Result<(PagedDocument, Vec<u8>)> {
    for (path, bytes) in data {
        world.add_virtual(file_id(path), Bytes::new(bytes));
    }
    let document_world = world.document(file_id(main));
    let document = typeset(world, &document_world).0?;
    let pdf = typst_pdf::pdf(&document, &pdf_options(programme, file_name))
        .map_err(|errors| Error(convert(world, &document_world, &errors)))?;
    Ok((document, pdf))
}

/// The insert of programme changes since print, in the booklet's size: the
/// PDF and its pages.
pub fn changes(
    world: &mut ProjectWorld,
    programme: &Programme,
    changes: &[crate::changes::Change],
) -> Result<(Vec<u8>, usize)> {
    let json = serde_json::to_vec(changes)
        .map_err(|err| Diagnostic::error(format!("cannot list the changes: {err}")))?;
    let data = [(vpaths::CHANGES_DATA, json)];
    let (document, pdf) = extra(world, programme, vpaths::CHANGES, data, "changes.pdf")?;
    Ok((pdf, document.pages().len()))
}

/// A personal agenda of `entries`, one page in the booklet's size: the PDF
/// and its pages.
pub fn agenda(
    world: &mut ProjectWorld,
    programme: &Programme,
    entries: &[crate::agenda::Entry],
) -> Result<(Vec<u8>, usize)> {
    let json = serde_json::to_vec(entries)
        .map_err(|err| Diagnostic::error(format!("cannot list the agenda: {err}")))?;
    let data = [(vpaths::AGENDA_DATA, json)];
    let (document, pdf) = extra(world, programme, vpaths::AGENDA, data, "agenda.pdf")?;
    Ok((pdf, document.pages().len()))
}

/// The room signs as made.
pub struct Signs {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Its number of pages.
    pub pages: usize,
    /// The signs whose day did not fit one page, as (room, day).
    pub overflowed: Vec<(String, String)>,
}

/// The room signs on `paper` ("a4", "a3").
pub fn signs(world: &mut ProjectWorld, programme: &Programme, paper: &str) -> Result<Signs> {
    let signs = crate::signs::signs(programme);
    if signs.is_empty() {
        return Err(Diagnostic::error(
            "no room signs to make: nothing has a day, a time and a room",
        )
        .hint("give sessions or contributions a `day`, a `start` and a `room`")
        .into());
    }
    let json = serde_json::to_vec(&signs)
        .map_err(|err| Diagnostic::error(format!("cannot list the signs: {err}")))?;
    let data = [
        (vpaths::SIGNS_DATA, json),
        (
            vpaths::SIGNS_PAPER,
            serde_json::to_vec(paper).unwrap_or_default(),
        ),
    ];
    let (document, pdf) = extra(world, programme, vpaths::SIGNS, data, "signs.pdf")?;
    let overflowed = crate::typeset::metadata_values(&document, "confpress-sign-overflow")
        .into_iter()
        .filter_map(|v| {
            Some((
                v.get("room")?.as_str()?.to_owned(),
                v.get("day")?.as_str()?.to_owned(),
            ))
        })
        .collect();
    Ok(Signs {
        pdf,
        pages: document.pages().len(),
        overflowed,
    })
}

/// How many layout problems of one document are reported one by one.
const LAYOUT_PROBLEMS_SHOWN: usize = 12;

/// Content that ran off the page or over other content (see `overflow`), as
/// warnings at the contributions' entries in `conference.toml`.
fn layout_problems(
    kind: DocumentKind,
    findings: Vec<overflow::Finding>,
    places: &HashMap<String, Location>,
) -> Vec<Diagnostic> {
    let name = kind.name();
    let mut warnings: Vec<Diagnostic> = findings
        .iter()
        .take(LAYOUT_PROBLEMS_SHOWN)
        .map(|finding| {
            let page = finding.page;
            let whose = match &finding.contribution {
                Some(id) => format!(" (contribution `{id}`)"),
                None => String::new(),
            };
            let message = match &finding.problem {
                Problem::OutsidePage(what) => {
                    format!("{what} runs off page {page} of the {name}{whose}")
                }
                Problem::Overprints(what, other) => {
                    format!("{what} prints over {other} on page {page} of the {name}{whose}")
                }
            };
            let mut warning = Diagnostic::warning(message).hint(
                "something that cannot break across pages is taller than a page, or a word is \
                 wider than its column: shorten it (long author lists: `[booklet] max-authors`, \
                 or a `collaboration`)",
            );
            if let Some(place) = finding.contribution.as_ref().and_then(|id| places.get(id)) {
                warning = warning.at(place.clone());
            }
            warning
        })
        .collect();
    if findings.len() > LAYOUT_PROBLEMS_SHOWN {
        warnings.push(Diagnostic::warning(format!(
            "and {} more layout problems in the {name}",
            findings.len() - LAYOUT_PROBLEMS_SHOWN
        )));
    }
    warnings
}
