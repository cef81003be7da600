//! The integration tests: the real `confpress` binary on real projects, its
//! PDFs read back. One test binary for all suites, so that the typst crates
//! are linked once rather than once per suite (each link is hundreds of
//! megabytes on disk and seconds of time).

mod common;

mod booklet;
mod cli;
mod enzyme;
mod errors;
mod exports;
mod import;
mod literal;
mod proceedings;
mod watch;
