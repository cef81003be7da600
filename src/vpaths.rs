//! The layout of the Typst project a build compiles: where every file sits
//! in the compiler's virtual file system. `eject` writes this same layout to
//! disk. The built-in templates name a few of these paths too
//! (`/.confpress/programme.json`, `/.confpress/imposition.json`,
//! `/.confpress/booklet.pdf`, `part.json` beside the proceedings' main file,
//! `booklet-part.json` beside the booklet's).

use std::path::Path;

use typst::syntax::{FileId, RootedPath, VirtualPath, VirtualRoot};

use crate::diag::display_path;

/// The booklet's main file.
pub const BOOKLET: &str = "/templates/booklet.typ";
/// The proceedings' main file.
pub const PROCEEDINGS: &str = "/templates/proceedings.typ";
/// The imposition's main file.
pub const IMPOSE: &str = "/templates/impose.typ";
/// The shared template library.
pub const LIB: &str = "/templates/lib.typ";
/// What the proceedings template lays out (see `parts`), beside its main file.
pub const PART: &str = "/templates/part.json";
/// What the booklet template lays out (see `parts`), beside its main file.
pub const BOOKLET_PART: &str = "/templates/booklet-part.json";
/// The programme data.
pub const DATA: &str = "/.confpress/programme.json";
/// The QR code of a contribution's URL, without its extension: `.svg`, or
/// `.json` (its modules) for the press.
pub fn qr(id: &str) -> String {
    format!("/.confpress/qr/{id}")
}

/// The QR code of the conference's URL, without its extension (see [`qr`]).
pub const QR_CONFERENCE: &str = "/.confpress/qr-conference";

/// The personal agenda.
pub const AGENDA: &str = "/templates/agenda.typ";
/// Its entries, as JSON.
pub const AGENDA_DATA: &str = "/.confpress/agenda.json";
/// The room signs.
pub const SIGNS: &str = "/templates/signs.typ";
/// The signs' contents, as JSON.
pub const SIGNS_DATA: &str = "/.confpress/signs.json";
/// The signs' paper size, as a JSON string ("a4", "a3").
pub const SIGNS_PAPER: &str = "/.confpress/signs-paper.json";
/// The insert of programme changes since print.
pub const CHANGES: &str = "/templates/changes.typ";
/// The changes it lists, as JSON.
pub const CHANGES_DATA: &str = "/.confpress/changes.json";
/// The fallback font families the templates use after their own (see `fonts`).
pub const FONTS: &str = "/.confpress/fonts.json";
/// The welcome text, converted.
pub const WELCOME: &str = "/.confpress/welcome.typ";
/// The proceedings' preface, converted from Markdown.
pub const PREFACE: &str = "/.confpress/preface.typ";
/// The imposition's sheet plan.
pub const IMPOSITION: &str = "/.confpress/imposition.json";
/// The booklet's PDF, for the imposition to place.
pub const BOOKLET_PDF: &str = "/.confpress/booklet.pdf";

/// A file of the project itself, such as a Typst abstract or a BibTeX file.
pub fn project_file(relative: &Path) -> String {
    format!("/{}", display_path(relative))
}

/// The `n`th information page of the booklet, converted from Markdown.
pub fn info(n: usize) -> String {
    format!("/.confpress/info/{n}.typ")
}

/// A contribution's Markdown or text abstract, converted to Typst.
pub fn abstract_full(id: &str) -> String {
    format!("/.confpress/abstracts/{id}.typ")
}

/// The first paragraph of a contribution's abstract, cut short.
pub fn abstract_short(id: &str) -> String {
    format!("/.confpress/abstracts/{id}.short.typ")
}

/// An image confpress converted or downscaled.
pub fn image(slug: &str, extension: &str) -> String {
    format!("/.confpress/images/{slug}.{extension}")
}

/// The main file of one part of a volume compiled in parts (a copy of the
/// proceedings template), and its `part.json` beside it.
pub fn part(name: &str) -> (String, String) {
    let dir = format!("/.confpress/parts/{name}");
    (format!("{dir}/proceedings.typ"), format!("{dir}/part.json"))
}

/// The main file of one part of a booklet compiled in parts (a copy of the
/// booklet template), and its `booklet-part.json` beside it.
pub fn booklet_part(name: &str) -> (String, String) {
    let dir = format!("/.confpress/booklet-parts/{name}");
    (
        format!("{dir}/booklet.typ"),
        format!("{dir}/booklet-part.json"),
    )
}

/// The template a part's main file is a copy of ([`part`], [`booklet_part`]),
/// if `path` is one: its text, and so its spans, are the template's.
pub fn copied_template(path: &str) -> Option<&'static str> {
    let (dir, file) = path.rsplit_once('/')?;
    match (dir.rsplit_once('/')?.0, file) {
        ("/.confpress/parts", "proceedings.typ") => Some(PROCEEDINGS),
        ("/.confpress/booklet-parts", "booklet.typ") => Some(BOOKLET),
        _ => None,
    }
}

/// The file id Typst knows a virtual path by.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("confpress's own virtual paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parts_copy_is_known_as_its_template() {
        assert_eq!(copied_template(&part("7").0), Some(PROCEEDINGS));
        assert_eq!(copied_template(&booklet_part("front").0), Some(BOOKLET));
        assert_eq!(copied_template(BOOKLET), None);
        assert_eq!(copied_template(&part("7").1), None);
    }
}
