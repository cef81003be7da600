//! confpress: conference programme booklets and proceedings from a TOML file,
//! typeset by an embedded Typst.
//!
//! The pipeline, one direction of dependency (see `ARCHITECTURE.md`):
//! `config` → `load` → `assemble` → the checked `model` → `inputs` (files
//! read and converted once) → `world` → `typeset` → [`documents`] → the
//! commands ([`build`], [`watch`], [`eject`], [`import`], [`init`]). The
//! binary parses arguments, calls a command and prints its report; the
//! library never prints.

mod agenda;
pub mod alloc;
mod assemble;
pub mod build;
mod calendar;
pub mod changes;
mod chars;
mod collation;
mod config;
mod crossref;
pub mod diag;
pub mod documents;
pub mod eject;
mod escape;
mod export;
mod fonts;
mod glance;
mod glyphs;
mod images;
pub mod import;
mod imposition;
pub mod init;
mod inputs;
mod join;
mod lang;
mod latex;
mod load;
mod markup;
mod model;
mod output;
mod overflow;
mod parts;
mod people;
mod preflight;
mod qr;
pub mod report;
pub mod serve;
mod signs;
mod split;
mod templates;
mod typeset;
mod version;
mod vpaths;
pub mod watch;
mod watcher;
mod world;
mod xmp;
