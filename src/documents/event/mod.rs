//! Print for the event itself, beside the booklet: the changes since print
//! (`changes`), room signs (`signs`) and a personal agenda (`agenda`): the
//! data each template lays out, and here the documents made of them.

pub(crate) mod agenda;
pub mod changes;
pub(crate) mod signs;

use typst::foundations::Bytes;
use typst_layout::PagedDocument;

use std::collections::HashMap;

use super::overflow;
use super::pdf::pdf_options;
use crate::diag::{Diagnostic, Error, Result};
use crate::model::Programme;
use crate::typeset::world::ProjectWorld;
use crate::typeset::{convert, typeset};
use crate::vpaths;
use crate::vpaths::file_id;

/// A print beside the booklet: its PDF, its number of pages, and what the
/// check after layout found wrong on its pages.
pub struct Print {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Its number of pages.
    pub pages: usize,
    /// Text printed over text or off the page, as warnings.
    pub warnings: Vec<Diagnostic>,
}

/// A document beside the booklet and the proceedings (the imposition, the
/// changes insert, the agenda, the signs): its `data` files put into the
/// world, the template `main` compiled and exported as `file_name`, and
/// checked after layout (its `name` in the warnings: "the agenda"). Returns
/// the laid-out document (for what it marks) and the print.
pub(super) fn extra<const N: usize>(
    world: &mut ProjectWorld,
    programme: &Programme,
    (main, name): (&str, &str),
    data: [(&str, Vec<u8>); N],
    file_name: &str,
) -> Result<(PagedDocument, Print)> {
    for (path, bytes) in data {
        world.add_virtual(file_id(path), Bytes::new(bytes));
    }
    let document_world = world.document(file_id(main));
    let document = typeset(world, &document_world).output?;
    let pdf = typst_pdf::pdf(&document, &pdf_options(programme, file_name))
        .map_err(|errors| Error(convert(world, &document_world, &errors)))?;
    let mut findings = overflow::check(&document);
    findings.extend(super::inks::check(&document, programme));
    let warnings = overflow::problems(name, findings, &HashMap::new(), &|span| world.locate(span));
    let pages = document.pages().len();
    Ok((
        document,
        Print {
            pdf,
            pages,
            warnings,
        },
    ))
}

/// The insert of programme changes since print, in the booklet's size.
pub fn changes(
    world: &mut ProjectWorld,
    programme: &Programme,
    changes: &[changes::Change],
) -> Result<Print> {
    let json = serde_json::to_vec(changes)
        .map_err(|err| Diagnostic::error(format!("cannot list the changes: {err}")))?;
    let data = [(vpaths::CHANGES_DATA, json)];
    let insert = (vpaths::CHANGES, "the changes insert");
    Ok(extra(world, programme, insert, data, "changes.pdf")?.1)
}

/// A personal agenda of `entries`, one page in the booklet's size.
pub fn agenda(
    world: &mut ProjectWorld,
    programme: &Programme,
    entries: &[agenda::Entry],
) -> Result<Print> {
    let json = serde_json::to_vec(entries)
        .map_err(|err| Diagnostic::error(format!("cannot list the agenda: {err}")))?;
    let data = [(vpaths::AGENDA_DATA, json)];
    let agenda = (vpaths::AGENDA, "the agenda");
    Ok(extra(world, programme, agenda, data, "agenda.pdf")?.1)
}

/// The room signs as made.
pub struct Signs {
    /// The print.
    pub print: Print,
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
    let signs = (vpaths::SIGNS, "the signs");
    let (document, print) = extra(world, programme, signs, data, "signs.pdf")?;
    let overflowed = crate::typeset::metadata_values(&document, "confpress-sign-overflow")
        .into_iter()
        .filter_map(|v| {
            Some((
                v.get("room")?.as_str()?.to_owned(),
                v.get("day")?.as_str()?.to_owned(),
            ))
        })
        .collect();
    Ok(Signs { print, overflowed })
}
