//! Print for the event itself, beside the booklet: the changes since print
//! (`changes`), room signs (`signs`) and a personal agenda (`agenda`): the
//! data each template lays out, and here the documents made of them.

pub(crate) mod agenda;
pub mod changes;
pub(crate) mod signs;

use typst::foundations::Bytes;
use typst_layout::PagedDocument;

use super::pdf::pdf_options;
use crate::diag::{Diagnostic, Error, Result};
use crate::model::Programme;
use crate::typeset::world::ProjectWorld;
use crate::typeset::{convert, typeset};
use crate::vpaths;
use crate::vpaths::file_id;

/// A document beside the booklet and the proceedings (the imposition, the
/// changes insert, the agenda, the signs): its `data` files put into the
/// world, the template `main` compiled and exported as `file_name`. Returns
/// the laid-out document (for what it marks) and the PDF.
pub(super) fn extra<const N: usize>(
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
    let document = typeset(world, &document_world).output?;
    let pdf = typst_pdf::pdf(&document, &pdf_options(programme, file_name))
        .map_err(|errors| Error(convert(world, &document_world, &errors)))?;
    Ok((document, pdf))
}

/// The insert of programme changes since print, in the booklet's size: the
/// PDF and its pages.
pub fn changes(
    world: &mut ProjectWorld,
    programme: &Programme,
    changes: &[changes::Change],
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
    entries: &[agenda::Entry],
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
    let signs = signs::signs(programme);
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
