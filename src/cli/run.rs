//! One function a command: arguments into the library's options, the
//! library called, its report handed to [`print`]. `main` only dispatches.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use confpress::commands::{build, eject, import, init, publish, serve, watch};
use confpress::diag::Error;

use super::args::{
    BuildArgs, CheckArgs, Format, ImportArgs, ProjectArgs, PublishArgs, ServeArgs, WatchArgs,
};
use super::print;

/// What a command ended with: its report printed, or its errors.
type Outcome = Result<(), Error>;

/// The exit code of a command, its errors printed.
pub fn exit(outcome: Outcome) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error(diagnostics)) => {
            print::diagnostics(&diagnostics);
            ExitCode::FAILURE
        }
    }
}

/// `confpress build`.
pub fn build(args: &BuildArgs) -> Outcome {
    let mut options: build::BuildOptions = args.into();
    let spinner = print::Spinner::start(args.verbose, args.quiet);
    options.progress = spinner.sink();
    let result = build::build(&args.project.dir, &options);
    spinner.finish();
    result.map(|r| {
        if !args.quiet {
            print::build(&r, true)
        } else {
            print::diagnostics(&r.warnings)
        }
    })
}

/// `confpress watch`.
pub fn watch(args: &WatchArgs) -> Outcome {
    let mut open = args.open;
    let mut options: build::BuildOptions = (&args.build).into();
    // Watch rebuilds are short: steps are shown only when asked.
    if args.build.verbose {
        options.progress = print::Spinner::start(true, false).sink();
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

/// `confpress serve`: runs until interrupted, or fails.
pub fn serve(args: &ServeArgs) -> Outcome {
    let mut options: build::BuildOptions = (&args.build).into();
    if args.build.verbose {
        options.progress = print::Spinner::start(true, false).sink();
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

/// `confpress eject`.
pub fn eject(project: &ProjectArgs, out: Option<PathBuf>) -> Outcome {
    let out = out.unwrap_or_else(|| project.dir.join("eject"));
    eject::eject(&project.dir, &out, &project.options()).map(|e| print::ejected(&e))
}

/// `confpress check`: with `--format json`, everything goes into the JSON
/// and only the exit code tells.
pub fn check(args: &CheckArgs) -> ExitCode {
    let options = build::BuildOptions {
        strict: args.strict,
        ignore_system_fonts: args.ignore_system_fonts,
        ..args.project.options()
    };
    let result = build::check(&args.project.dir, &options);
    if args.format == Format::Json {
        print::json_findings(&result);
        return match result {
            Ok(_) => ExitCode::SUCCESS,
            Err(_) => ExitCode::FAILURE,
        };
    }
    exit(result.map(|r| print::build(&r, false)))
}

/// `confpress import`.
pub fn import(args: ImportArgs) -> Outcome {
    let file = args.file.clone();
    let options = import::ImportOptions::from(args);
    import::import(&file, &options).map(|r| print::imported(&r, &file, &options.out))
}

/// `confpress init`.
pub fn init(dir: &Path) -> Outcome {
    init::init(dir).map(|written| print::initialised(&written, dir))
}

/// `confpress publish`.
pub fn publish(args: &PublishArgs) -> Outcome {
    let options = publish::PublishOptions::from(args);
    publish::publish(&args.project.dir, &options).map(|r| print::published(&r))
}
