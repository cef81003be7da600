//! The `confpress` command line: parse the arguments and dispatch to the
//! command's function in `cli::run`, which calls the library and prints.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::args::{Cli, Command};
use cli::run;

fn main() -> ExitCode {
    confpress::alloc::one_heap_per_core();
    let outcome = match Cli::parse().command {
        Command::Build(args) => run::build(&args),
        Command::Watch(args) => run::watch(&args),
        Command::Serve(args) => run::serve(&args),
        Command::Eject { project, out } => run::eject(&project, out),
        Command::Check(args) => return run::check(&args),
        Command::Import(args) => run::import(args),
        Command::Publish(args) => run::publish(&args),
        Command::Init { dir } => run::init(&dir),
    };
    run::exit(outcome)
}
