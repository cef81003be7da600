//! The `confpress` command line: parse, dispatch, print.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use confpress::build::{self, BuildOptions, BuildReport};
use confpress::diag::{Diagnostic, Error, count};
use confpress::documents::DocumentKind;
use confpress::import::{self, GroupBy, ImportOptions};
use confpress::load::display_path;
use confpress::{eject, init, report, watch};

/// Conference programme booklets and proceedings, typeset with Typst.
#[derive(Parser)]
#[command(name = "confpress", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the programme booklet and the proceedings as PDFs.
    Build(BuildArgs),
    /// Build, then rebuild whenever a file the build read changes.
    Watch(WatchArgs),
    /// Write the Typst project a build compiles, for the stock `typst` CLI.
    Eject {
        #[command(flatten)]
        project: ProjectArgs,
        /// Folder to write it to (must be new or empty) [default: DIR/eject].
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Check a project as a build would, without writing anything.
    Check(ProjectArgs),
    /// Create or update a project from a pretalx / frab schedule export (XML or JSON).
    Import(ImportArgs),
    /// Create a new project from the built-in example (Enzyme Conference 2023).
    Init {
        /// Folder to create the project in.
        dir: PathBuf,
    },
}

#[derive(Args)]
struct ProjectArgs {
    /// The project folder, holding conference.toml.
    #[arg(default_value = ".")]
    dir: PathBuf,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Folder for the PDFs [default: DIR/out].
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Build only one of the two documents.
    #[arg(long, value_enum)]
    only: Option<DocumentKind>,
    /// Also write booklet-imposed.pdf: two booklet pages per A4 sheet side in
    /// saddle-stitch order (print duplex, flip on the short edge).
    #[arg(long)]
    impose: bool,
    /// Also write one PDF per contribution (split/ID.pdf, with the volume's
    /// page numbers), proceedings.json and proceedings.bib.
    #[arg(long)]
    split: bool,
    /// Compile large proceedings in parts of about N contributions (0: always
    /// whole); for tests and measurements.
    #[arg(long, hide = true, value_name = "N")]
    part_size: Option<usize>,
}

#[derive(Args)]
struct ImportArgs {
    /// The schedule export: frab / pretalx XML or c3voc / pretalx JSON (told
    /// apart by content).
    file: PathBuf,
    /// The project folder to create or update.
    #[arg(long, short)]
    out: PathBuf,
    /// Sessions are runs of one track in one room (`room`), or whole tracks
    /// (`track`).
    #[arg(long, value_enum, default_value = "room")]
    group_by: GroupBy,
    /// IANA time zone of the venue, if the export names none.
    #[arg(long)]
    time_zone: Option<String>,
    /// Overwrite files that were edited since the last import.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct WatchArgs {
    #[command(flatten)]
    build: BuildArgs,
    /// Open the PDFs in the system viewer after the first build.
    #[arg(long)]
    open: bool,
    /// Look at the files every 300 ms instead of relying on the system's
    /// change notifications (for network shares and container mounts that
    /// send none).
    #[arg(long)]
    poll: bool,
}

fn main() -> ExitCode {
    confpress::alloc::share_one_heap();
    let cli = Cli::parse();
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let result = match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                out: args.out,
                only: args.only,
                source_date_epoch: epoch,
                impose: args.impose,
                split: args.split,
                part_size: args.part_size,
            };
            build::build(&args.project.dir, &options).map(|r| print_build(&r, true))
        }
        Command::Watch(args) => {
            let build = args.build;
            let options = BuildOptions {
                out: build.out,
                only: build.only,
                source_date_epoch: epoch,
                impose: build.impose,
                split: build.split,
                part_size: build.part_size,
            };
            let mut open = args.open;
            watch::watch(
                &build.project.dir,
                &options,
                args.poll,
                |event| match event {
                    watch::Event::Built(Ok(report)) => {
                        print_rebuild(report);
                        if std::mem::take(&mut open) {
                            open_in_viewer(report);
                        }
                    }
                    watch::Event::Built(Err(Error(diagnostics))) => print_diagnostics(diagnostics),
                    watch::Event::Notice(notice) => print_diagnostics(std::slice::from_ref(notice)),
                },
            )
        }
        Command::Eject { project, out } => {
            let out = out.unwrap_or_else(|| project.dir.join("eject"));
            let options = BuildOptions {
                source_date_epoch: epoch,
                ..Default::default()
            };
            eject::eject(&project.dir, &out, &options).map(|ejected| {
                println!(
                    "wrote {} files to {}",
                    ejected.files,
                    display_path(&ejected.dir)
                );
                println!("compile them there with:");
                for command in &ejected.commands {
                    println!("  {command}");
                }
            })
        }
        Command::Check(args) => {
            let options = BuildOptions {
                source_date_epoch: epoch,
                ..Default::default()
            };
            build::check(&args.dir, &options).map(|r| print_build(&r, false))
        }
        Command::Import(args) => {
            let options = ImportOptions {
                out: args.out,
                group_by: args.group_by,
                time_zone: args.time_zone,
                force: args.force,
            };
            import::import(&args.file, &options).map(|report| {
                print_diagnostics(&report.warnings);
                println!(
                    "imported {} in {} over {} from {} ({}) into {}",
                    count(report.events, "event"),
                    count(report.sessions, "session"),
                    count(report.days, "day"),
                    display_path(&args.file),
                    report.format,
                    display_path(&options.out)
                );
                println!(
                    "wrote {}, left {} unchanged",
                    count(report.written.len(), "file"),
                    report.unchanged
                );
                println!(
                    "build it with: confpress build {}",
                    display_path(&options.out)
                );
            })
        }
        Command::Init { dir } => init::init(&dir).map(|written| {
            for path in written {
                println!("wrote {}", display_path(&path));
            }
            println!("build it with: confpress build {}", display_path(&dir));
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error(diagnostics)) => {
            print_diagnostics(&diagnostics);
            ExitCode::FAILURE
        }
    }
}

fn print_build(report: &BuildReport, wrote: bool) {
    print_diagnostics(&report.warnings);
    let mut out = std::io::stdout().lock();
    for w in &report.written {
        let path = display_path(&w.path);
        let size = w.bytes.div_ceil(1024);
        let _ = match w.pages {
            0 => writeln!(out, "wrote {path} ({size} KiB)"),
            1 => writeln!(out, "wrote {path} (1 page, {size} KiB)"),
            n => writeln!(out, "wrote {path} ({n} pages, {size} KiB)"),
        };
    }
    let verb = if wrote { "built" } else { "checked" };
    let parts = match report.proceedings_parts {
        0 | 1 => String::new(),
        n => format!(" (the proceedings in {n} parts)"),
    };
    let _ = writeln!(
        out,
        "{verb} {}, {}, {} in {:.2} s{parts}",
        count(report.sessions, "session"),
        count(report.contributions, "contribution"),
        count(report.pages.len(), "document"),
        report.elapsed.as_secs_f64()
    );
}

/// One line per rebuild: which files, how long.
fn print_rebuild(report: &BuildReport) {
    print_diagnostics(&report.warnings);
    let files: Vec<String> = report
        .written
        .iter()
        .filter(|w| w.path.extension().is_some_and(|e| e == "pdf"))
        .map(|w| display_path(&w.path))
        .collect();
    if files.is_empty() {
        println!(
            "no PDF affected, checked in {} ms",
            report.elapsed.as_millis()
        );
    } else {
        println!(
            "rebuilt {} in {} ms",
            files.join(", "),
            report.elapsed.as_millis()
        );
    }
}

/// Opens the written PDFs with the desktop's viewer, ignoring failures: this
/// is a convenience, not part of the build.
fn open_in_viewer(report: &BuildReport) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    for w in report
        .written
        .iter()
        .filter(|w| w.path.extension().is_some_and(|e| e == "pdf"))
    {
        let _ = std::process::Command::new(opener).arg(&w.path).spawn();
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let color = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut stderr = StandardStream::stderr(color);
    if report::emit(&mut stderr, diagnostics).is_err() {
        for diagnostic in diagnostics {
            eprintln!("{diagnostic}");
        }
    }
}
