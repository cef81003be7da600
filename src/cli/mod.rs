//! The command layer: the command line ([`args`]) and everything printed
//! ([`print`]). The library below it returns reports and errors; it never
//! prints.

pub mod args;
pub mod print;
