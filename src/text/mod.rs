//! Text as people write it, before anything is typeset: invisible
//! characters and normal forms (`chars`), sorting by the conference
//! language (`collation`), dates and labels in a language (`lang`),
//! names split into given and family parts (`people`), and the characters
//! glyph names of fonts stand for (`glyph_names`).
//!
//! Knows the model's types but nothing of loading or Typst.

pub(crate) mod chars;
pub(crate) mod collation;
pub(crate) mod glyph_names;
pub(crate) mod lang;
pub(crate) mod people;
