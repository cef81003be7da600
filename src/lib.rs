//! confpress: conference programme booklets and proceedings from a TOML file,
//! typeset by an embedded Typst.
//!
//! A folder is a layer, and a module imports only from its own folder,
//! earlier layers and the flat base (see `ARCHITECTURE.md`; `tests/tidy.rs`
//! keeps it so):
//!
//! base → `config` → `model` → `text` → `load` → `typeset` → [`documents`]
//! → `exports` → [`commands`] → the binary's `cli`.
//!
//! The binary parses arguments, calls a command and prints its report; the
//! library never prints.

// The base: small helpers every layer may use.
pub mod alloc;
pub mod diag;
mod escape;
mod output;
pub mod progress;
pub mod report;
mod version;
mod vpaths;

// The layers, in the order they may depend on each other.
pub mod commands;
mod config;
pub mod documents;
mod exports;
mod load;
mod model;
mod text;
mod typeset;
