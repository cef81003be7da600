//! The built-in Typst templates, compiled into the binary.

use crate::vpaths::{BOOKLET, IMPOSE, LIB, PROCEEDINGS};

const FILES: &[(&str, &str)] = &[
    (LIB, include_str!("../templates/lib.typ")),
    (BOOKLET, include_str!("../templates/booklet.typ")),
    (PROCEEDINGS, include_str!("../templates/proceedings.typ")),
    (IMPOSE, include_str!("../templates/impose.typ")),
];

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
