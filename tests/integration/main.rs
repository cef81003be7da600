//! The integration tests: the real `confpress` binary on real projects, its
//! PDFs read back. One test binary for all suites rather than one per suite:
//! the PDF readers are linked once, and the suites share the test threads
//! instead of running one after another.

mod common;
mod congress_glance;

mod accessibility;
mod agenda;
pub mod booklet;
mod booklet_parts;
mod browser;
mod changes;
mod cli;
mod corpus;
mod emoji;
mod enzyme;
mod errors;
mod exports;
mod glance;
mod glance_layout;
mod import;
mod import_indico;
mod import_papers;
mod import_shapes;
mod import_sheets;
mod import_tolerance;
mod literal;
mod math;
mod names;
mod overflow;
mod print_colour;
pub mod proceedings;
mod publication;
mod publish;
mod qr;
mod serve;
mod signs;
mod watch;
mod watch_saves;
mod watching;
mod words;
