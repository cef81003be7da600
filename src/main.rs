//! The `confpress` command line: parse the arguments, run the command,
//! print what it did.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::args::{Cli, Command};
use cli::print;
use confpress::diag::Error;
use confpress::{build, eject, import, init, serve, watch};

fn main() -> ExitCode {
    confpress::alloc::one_heap_per_core();
    let result = match Cli::parse().command {
        Command::Build(args) => {
            let mut options: build::BuildOptions = (&args).into();
            let progress = print::Progress::start(args.verbose, args.quiet);
            options.progress = progress.sink();
            let result = build::build(&args.project.dir, &options);
            progress.finish();
            result.map(|r| {
                if !args.quiet {
                    print::build(&r, true)
                } else {
                    print::diagnostics(&r.warnings)
                }
            })
        }
        Command::Watch(args) => {
            let mut open = args.open;
            let mut options: build::BuildOptions = (&args.build).into();
            // Watch rebuilds are short: steps are shown only when asked.
            if args.build.verbose {
                options.progress = print::Progress::start(true, false).sink();
            }
            watch::watch(&args.build.project.dir, &options, args.poll, |event| {
                if let watch::Event::Built(Ok(report), _) = &event
                    && std::mem::take(&mut open)
                {
                    print::open_in_viewer(report);
                }
                print::watch_event(&event);
            })
        }
        Command::Serve(args) => {
            let mut options: build::BuildOptions = (&args.build).into();
            if args.build.verbose {
                options.progress = print::Progress::start(true, false).sink();
            }
            let settings = serve::ServeOptions {
                host: args.host,
                port: args.port,
                poll: args.poll,
            };
            serve::serve(
                &args.build.project.dir,
                &options,
                &settings,
                |event| match event {
                    serve::Event::Listening(addr) => print::serving(addr, args.open),
                    serve::Event::Watch(event) => print::watch_event(&event),
                },
            )
            .map(|never| match never {})
        }
        Command::Eject { project, out } => {
            let out = out.unwrap_or_else(|| project.dir.join("eject"));
            eject::eject(&project.dir, &out, &project.options()).map(|e| print::ejected(&e))
        }
        Command::Check(args) => {
            let options = build::BuildOptions {
                strict: args.strict,
                ignore_system_fonts: args.ignore_system_fonts,
                ..args.project.options()
            };
            let result = build::check(&args.project.dir, &options);
            if args.format == cli::args::Format::Json {
                // Everything goes into the JSON; the exit code still tells.
                print::json_findings(&result);
                return match result {
                    Ok(_) => ExitCode::SUCCESS,
                    Err(_) => ExitCode::FAILURE,
                };
            }
            result.map(|r| print::build(&r, false))
        }
        Command::Import(args) => {
            let file = args.file.clone();
            let options = import::ImportOptions::from(args);
            import::import(&file, &options).map(|r| print::imported(&r, &file, &options.out))
        }
        Command::Init { dir } => init::init(&dir).map(|written| print::initialised(&written, &dir)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error(diagnostics)) => {
            print::diagnostics(&diagnostics);
            ExitCode::FAILURE
        }
    }
}
