//! Export settings and what is done to the PDFs Typst writes: the PDF
//! standard asked for, a fixed identifier and date (the same inputs give
//! the same bytes), the booklet's bleed box, and one PDF per contribution
//! cut from the volume, with its DOI in the metadata.

use typst::diag::SourceDiagnostic;
use typst::ecow::{eco_format, eco_vec};
use typst::foundations::Smart;
use typst::model::{Document, DocumentInfo};
use typst::syntax::Span;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use super::split::Splitter;
use super::{DocumentKind, document_date, graft, xmp};
use crate::diag::{Diagnostic, Error, Result};
use crate::model::{Contribution, PdfStandard, Programme};
use crate::typeset::PageEntry;
use crate::typeset::world::ProjectWorld;

/// The export settings of a document: [`pdf_options`], and for the
/// proceedings the PDF standard the project asks for.
pub(super) fn export_options(programme: &Programme, kind: DocumentKind) -> Result<PdfOptions> {
    let mut options = pdf_options(programme, kind.file_name());
    let wanted = match kind {
        DocumentKind::Proceedings => programme.proceedings.pdf_standards.clone(),
        DocumentKind::Booklet => programme.booklet.pdf_standards.clone(),
    };
    if !wanted.is_empty() {
        let chosen: Vec<typst_pdf::PdfStandard> = (wanted.iter())
            .map(|standard| match standard {
                PdfStandard::A2b => typst_pdf::PdfStandard::A_2b,
                PdfStandard::A3b => typst_pdf::PdfStandard::A_3b,
                PdfStandard::Ua1 => typst_pdf::PdfStandard::Ua_1,
            })
            .collect();
        match typst_pdf::PdfStandards::new(&chosen) {
            Ok(standards) => options.standards = standards,
            Err(err) => {
                let names: Vec<&str> = wanted.iter().map(|s| s.name()).collect();
                let message = format!("PDF standard {}: {}", names.join(" and "), err.message());
                return Err(Diagnostic::error(message).into());
            }
        }
    }
    Ok(options)
}

/// Plain export settings to fall back on when a document cannot meet the
/// standards it claims by default (`pdf-standard` not written): `None`
/// when the standards were asked for, or there are none.
pub(super) fn fallback_options(programme: &Programme, kind: DocumentKind) -> Option<PdfOptions> {
    let (standards, required) = match kind {
        DocumentKind::Proceedings => (
            &programme.proceedings.pdf_standards,
            programme.proceedings.pdf_standards_required,
        ),
        DocumentKind::Booklet => (
            &programme.booklet.pdf_standards,
            programme.booklet.pdf_standards_required,
        ),
    };
    (!required && !standards.is_empty()).then(|| pdf_options(programme, kind.file_name()))
}

/// Whether an export failed because the PDF standards refused something
/// (Typst's exporter names them first: "PDF/UA-1 error: …").
pub(super) fn refused_by_standard(error: &Error) -> bool {
    !error.0.is_empty() && error.0.iter().all(|d| d.message.starts_with("PDF/"))
}

/// The warning for a document written as plain PDF because it could not
/// meet its default standards: the first refusal, where it is, and how to
/// decide.
pub(super) fn gave_up_standards(
    kind: DocumentKind,
    programme: &Programme,
    error: Error,
) -> Diagnostic {
    let standards = match kind {
        DocumentKind::Proceedings => &programme.proceedings.pdf_standards,
        DocumentKind::Booklet => &programme.booklet.pdf_standards,
    };
    let names: Vec<&str> = standards.iter().map(|s| s.title()).collect();
    let count = error.0.len();
    let first = error.0.into_iter().next().expect("a refusal");
    let more = match count {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    let table = match kind {
        DocumentKind::Proceedings => "[proceedings]",
        DocumentKind::Booklet => "[booklet]",
    };
    // "PDF/UA-1 error: missing alt text" → "missing alt text".
    let reason = (first.message.split_once(" error: ")).map_or(first.message.as_str(), |(_, r)| r);
    let mut warning = Diagnostic::warning(format!(
        "the {} is written as plain PDF, not {} as by default: {reason}{more}",
        kind.name(),
        names.join(" and "),
    ));
    warning.location = first.location;
    warning.hints = first.hints;
    warning.hints.push(format!(
        "fix what is named here, or decide in {table}: `pdf-standard = []` for plain PDF, or `pdf-standard = [\"{}\"]` to require it (the build then stops here)",
        standards.iter().map(|s| s.name()).collect::<Vec<_>>().join("\", \"")
    ));
    warning
}

/// One tagged PDF per contribution, holding exactly its pages of the volume
/// (so the printed page numbers are the volume's), titled as the contribution.
pub(super) fn split_parts(
    document: &PagedDocument,
    programme: &Programme,
    table: &[PageEntry],
    options: &PdfOptions,
    world: &ProjectWorld,
) -> typst::diag::SourceResult<Vec<(String, Vec<u8>)>> {
    let splitter = Splitter::new(document);
    let by_id = programme.contributions_by_id();
    table
        .iter()
        .map(|entry| {
            let contribution = by_id.get(entry.id.as_str()).copied();
            let info = contribution_info(document, contribution);
            let part = splitter.cut(entry.first, entry.last, info, true);
            let part_options = PdfOptions {
                standards: options.standards.clone(),
                ..pdf_options(programme, &entry.id)
            };
            let pdf = typst_pdf::pdf(&part, &part_options)?;
            let pdf = graft::papers(pdf, &part, world).map_err(|err| {
                eco_vec![SourceDiagnostic::error(
                    Span::detached(),
                    eco_format!("split/{}.pdf: {}", entry.id, err.to_string().trim())
                )]
            })?;
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
pub(super) fn pdf_options(programme: &Programme, file_name: &str) -> PdfOptions {
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
pub(super) fn set_bleed_box(pdf: Vec<u8>, programme: &Programme) -> Result<Vec<u8>> {
    let print = &programme.print;
    if print.bleed_mm == 0.0 && !print.crop_marks {
        return Ok(pdf);
    }
    let slug = (print.slug_mm / 25.4 * 72.0) as f32;
    rewrite(pdf, "set the bleed box of the booklet", |doc| {
        let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
        for id in pages {
            let page = doc
                .get_object_mut(id)
                .and_then(lopdf::Object::as_dict_mut)?;
            let media: Vec<f32> = page
                .get(b"MediaBox")
                .and_then(lopdf::Object::as_array)
                .map(|a| a.iter().filter_map(|v| v.as_float().ok()).collect())?;
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
        Ok(())
    })
}

/// In CMYK every transparency group blends in CMYK. Typst wraps each page it
/// places from a PDF (the imposed sheets) in a group blending in sRGB, so
/// that a RIP would turn the page's black-ink text into four-colour black on
/// its way through the group; blending in the press's own space keeps every
/// colour as the booklet gives it.
pub(super) fn blend_in_cmyk(pdf: Vec<u8>, programme: &Programme) -> Result<Vec<u8>> {
    if programme.print.colour != crate::model::PrintColour::Cmyk {
        return Ok(pdf);
    }
    rewrite(pdf, "make the imposed sheets blend in CMYK", |doc| {
        for object in doc.objects.values_mut() {
            let dict = match object {
                lopdf::Object::Dictionary(dict) => dict,
                lopdf::Object::Stream(stream) => &mut stream.dict,
                _ => continue,
            };
            if let Ok(lopdf::Object::Dictionary(group)) = dict.get_mut(b"Group")
                && group.has(b"CS")
            {
                group.set("CS", lopdf::Object::Name(b"DeviceCMYK".to_vec()));
            }
        }
        doc.prune_objects();
        Ok(())
    })
}

/// `pdf` read, changed by `edit` and written again; an error says it
/// "cannot {what}".
fn rewrite(
    pdf: Vec<u8>,
    what: &str,
    edit: impl FnOnce(&mut lopdf::Document) -> std::result::Result<(), lopdf::Error>,
) -> Result<Vec<u8>> {
    let failed = |err: &dyn std::fmt::Display| {
        Error::from(Diagnostic::error(format!("cannot {what}: {err}")))
    };
    let mut doc = lopdf::Document::load_mem(&pdf).map_err(|e| failed(&e))?;
    edit(&mut doc).map_err(|e| failed(&e))?;
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| failed(&e))?;
    Ok(out)
}
