//! The command line, the binary's layer: the arguments ([`args`]), one
//! function a command ([`run`]) and everything printed ([`print`]). The
//! library below it returns reports and errors; it never prints.

pub mod args;
pub mod print;
pub mod run;
