//! The exporter of a document laid out in parts: each part checked,
//! exported and (for the proceedings) split on a thread of its own, or taken
//! from the last build's exports; what the join and the report need
//! collected.

use std::collections::HashMap;

use typst::diag::SourceDiagnostic;
use typst::model::{Destination, Document, DocumentInfo};
use typst_layout::{Page, PagedDocument};
use typst_pdf::PdfOptions;

use super::super::join::{Joiner, is_page_link};
use super::super::parts::Section;
use super::super::{DocumentKind, glyphs, graft, inks, overflow, pdf, split};
use crate::diag::{Error, Result};
use crate::model::Programme;
use crate::progress::{EarlyPages, EarlyPart};
use crate::typeset::world::{DocumentWorld, ProjectWorld};
use crate::typeset::{PageEntry, convert, retain_links};
use crate::vpaths::{self, file_id};

/// The parts of a volume as the last build exported them, by what decided
/// their export (their pages, the export settings, the programme, the
/// camera-ready papers they draw), so that a rebuild exports only the parts
/// an edit changed and joins them with the others.
#[derive(Default)]
pub struct ExportCache {
    pub(super) parts: HashMap<u128, Exported>,
    /// How long the body's parts were, by their first page after the front
    /// matter, and the front matter.
    pub(super) lengths: HashMap<usize, usize>,
    pub(super) front: usize,
}

/// One part as exported, with what the checks after layout found in it.
#[derive(Clone)]
pub(super) struct Exported {
    pdf: Vec<u8>,
    /// The headings raised for its own export (see [`Joiner::add_raised`]).
    raised: (usize, usize),
    findings: Vec<overflow::Finding>,
    drawn: glyphs::Drawn,
    split: Vec<(String, Vec<u8>)>,
}

/// The layout problems of the parts, their pages counted in the volume
/// (after a front matter `front` pages long), in its order.
pub(super) fn in_volume_order(
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

/// Checks, exports and splits the parts of a volume built in parts, on the
/// exporter's thread, and collects what the join and the report need.
pub(super) struct PartExporter<'a> {
    /// Which document its parts are of.
    pub(super) kind: DocumentKind,
    pub(super) world: &'a ProjectWorld,
    /// Export errors point into the templates or the project's files.
    pub(super) document_world: &'a DocumentWorld<'a>,
    pub(super) programme: &'a Programme,
    pub(super) options: &'a PdfOptions,
    pub(super) split: bool,
    /// What every part's export depends on besides its pages: the export
    /// settings, `split` and the programme.
    pub(super) salt: u128,
    /// The parts the last build exported, to take those whose pages are the same.
    pub(super) last: Option<&'a ExportCache>,
    /// The parts of this build, for the next.
    pub(super) done: HashMap<u128, Exported>,
    pub(super) joiner: Joiner,
    /// Layout problems, with the section and body page they were found in.
    pub(super) findings: Vec<(Section, usize, overflow::Finding)>,
    pub(super) drawn: glyphs::Drawn,
    pub(super) split_pdfs: Vec<(String, Vec<u8>)>,
    /// Pages of the volume so far.
    pub(super) pages: usize,
    /// The length of the front matter.
    pub(super) front: usize,
    /// Every part's pages, for a preview, when asked for.
    pub(super) kept: Option<Vec<(Section, Vec<Page>, DocumentInfo)>>,
    /// Told of a body part laid out anew as long as the last build's.
    pub(super) early: Option<&'a EarlyPages>,
    /// How long the body's parts are, by their first page after the front
    /// matter.
    pub(super) lengths: HashMap<usize, usize>,
}

impl<'a> PartExporter<'a> {
    /// An exporter of the parts of the volume `document_world` compiles,
    /// with nothing exported yet.
    pub(super) fn new(
        world: &'a ProjectWorld,
        document_world: &'a DocumentWorld<'a>,
        programme: &'a Programme,
        options: &'a PdfOptions,
        split: bool,
    ) -> Self {
        let data = world.fingerprint(&[file_id(vpaths::DATA)]);
        Self {
            kind: DocumentKind::Proceedings,
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
    pub(super) fn part(
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
                document: self.kind.name(),
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
        let mut findings = overflow::check(document);
        findings.extend(inks::check(document, self.programme));
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
pub(super) fn in_order(kept: Vec<(Section, Vec<Page>, DocumentInfo)>) -> PagedDocument {
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
