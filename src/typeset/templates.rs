//! The built-in Typst templates, compiled into the binary.

use crate::vpaths::{
    AGENDA, BOOKLET, BOOKLET_PART, CHANGES, IMPOSE, LIB, PART, PROCEEDINGS, SIGNS,
};

const FILES: &[(&str, &str)] = &[
    (LIB, include_str!("../../templates/lib.typ")),
    (BOOKLET, include_str!("../../templates/booklet.typ")),
    (PROCEEDINGS, include_str!("../../templates/proceedings.typ")),
    (IMPOSE, include_str!("../../templates/impose.typ")),
    (CHANGES, include_str!("../../templates/changes.typ")),
    (SIGNS, include_str!("../../templates/signs.typ")),
    (AGENDA, include_str!("../../templates/agenda.typ")),
    (PART, WHOLE_VOLUME),
    (BOOKLET_PART, WHOLE_BOOKLET),
];

/// `part.json` for the proceedings compiled in one go: the whole volume (a
/// volume compiled in parts gives each part its own, see `parts`).
pub const WHOLE_VOLUME: &str = r#"{"front":true,"main":true,"back":true,"items":null,"skip":null,"take":null,"running":null,"first-page":1,"targets":null,"body-offset":null}"#;

/// `booklet-part.json` for the booklet compiled in one go: all of it (a
/// booklet compiled in parts gives each part its own, see `parts`).
pub const WHOLE_BOOKLET: &str =
    r#"{"front":true,"items":null,"back":true,"offset":0,"targets":null,"stand-in":null}"#;

/// Every built-in file with its virtual path.
pub fn all() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.iter().copied()
}

/// The built-in file at a virtual path, if there is one.
pub fn builtin(path: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}
