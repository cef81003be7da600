//! confpress: conference programme booklets and proceedings from a TOML file,
//! typeset by an embedded Typst.
//!
//! The pipeline is `load` (TOML → checked [`model::Programme`]) →
//! `documents` (programme → Typst world → PDFs) → `output` (atomic writes).
//! The binary in `main.rs` only parses arguments, calls [`build`] or [`init`],
//! and prints through [`report`].

pub mod alloc;
pub mod assemble;
pub mod build;
pub mod calendar;
pub mod config;
pub mod diag;
pub mod documents;
pub mod eject;
pub mod export;
pub mod fonts;
pub mod glance;
pub mod images;
pub mod import;
pub mod imposition;
pub mod init;
pub mod inputs;
pub mod lang;
pub mod load;
pub mod markup;
pub mod model;
pub mod output;
pub mod parts;
pub mod people;
pub mod report;
pub mod split;
pub mod templates;
pub mod typeset;
pub mod vpaths;
pub mod watch;
pub mod watcher;
pub mod world;
