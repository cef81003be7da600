//! The built-in Typst templates, compiled into the binary.

/// Virtual path of the booklet's main file.
pub const BOOKLET: &str = "/templates/booklet.typ";
/// Virtual path of the proceedings' main file.
pub const PROCEEDINGS: &str = "/templates/proceedings.typ";
/// Virtual path of the imposition's main file.
pub const IMPOSE: &str = "/templates/impose.typ";
/// Virtual path of the shared template library.
pub const LIB: &str = "/templates/lib.typ";
/// Virtual path of the description of what the proceedings template lays out
/// (see `parts`).
pub const PART: &str = "/templates/part.json";
/// Virtual path of the programme data.
pub const DATA: &str = "/.confpress/programme.json";

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
