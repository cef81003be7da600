//! The data files written beside the PDFs, made from the model and the
//! proceedings' page table: `programme.json`, `proceedings.json` and
//! `proceedings.bib` (`data`), `programme.ics` (`calendar`) and the Crossref
//! deposit (`crossref`).
//!
//! Makes bytes; never writes files (the commands do) and never lays out.

pub(crate) mod calendar;
pub(crate) mod crossref;
pub(crate) mod data;
