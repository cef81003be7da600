//! The command line as clap reads it, and how each command's arguments
//! become the library's options. Library types carry no clap derives: the
//! value enums here mirror them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use confpress::commands::build::BuildOptions;
use confpress::commands::build::PrintColour;
use confpress::commands::import::{GroupBy, ImportOptions};
use confpress::documents::DocumentKind;

/// Conference programme booklets and proceedings, typeset with Typst.
#[derive(Parser)]
#[command(name = "confpress", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the programme booklet and the proceedings as PDFs.
    Build(BuildArgs),
    /// Build, then rebuild whenever a file the build read changes.
    Watch(WatchArgs),
    /// Watch, and show the documents in the web browser, updated live.
    Serve(ServeArgs),
    /// Write the Typst project a build compiles, for the stock `typst` CLI.
    Eject {
        #[command(flatten)]
        project: ProjectArgs,
        /// Folder to write it to (must be new or empty) [default: DIR/eject].
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Check a project as a build would, without writing anything.
    Check(CheckArgs),
    /// Create or update a project from a pretalx / frab schedule export (XML or JSON).
    Import(ImportArgs),
    /// Build the proceedings and write their delivery to a publisher or
    /// digital library.
    Publish(PublishArgs),
    /// Create a new project from the built-in example (Enzyme Conference 2023).
    Init {
        /// Folder to create the project in.
        dir: PathBuf,
    },
}

#[derive(Args)]
pub struct ProjectArgs {
    /// The project folder, holding conference.toml.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Treat warnings as errors (exit 1 when there is one).
    #[arg(long)]
    pub strict: bool,
    /// Use only the project's fonts/ folder and the bundled fonts, not the
    /// system's.
    #[arg(long)]
    pub ignore_system_fonts: bool,
    /// How to report: `text` for people, `json` (on standard output, every
    /// error and warning with its file, line and column) for scripts.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// `check --format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Messages with source lines, on standard error.
    Text,
    /// One JSON document on standard output.
    Json,
}

#[derive(Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Folder for the PDFs [default: DIR/out].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Build only one of the two documents.
    #[arg(long, value_enum)]
    pub only: Option<Document>,
    /// Also write booklet-imposed.pdf: two booklet pages per A4 sheet side in
    /// saddle-stitch order (print duplex, flip on the short edge).
    #[arg(long)]
    pub impose: bool,
    /// Also write one PDF per contribution (split/ID.pdf, with the volume's
    /// page numbers), proceedings.json and proceedings.bib.
    #[arg(long)]
    pub split: bool,
    /// Also write crossref.xml, the Crossref 5.3.1 deposit of the volume's
    /// DOIs (needs [proceedings] doi-prefix, publisher, depositor,
    /// depositor-email and url-pattern).
    #[arg(long)]
    pub crossref: bool,
    /// Also write changes.pdf, an insert listing what changed since the
    /// build whose programme.json is FILE (keep the one that went to the
    /// printer), and print the same list.
    #[arg(long, value_name = "FILE")]
    pub changes_since: Option<PathBuf>,
    /// Also write signs.pdf: for every room and day, a landscape door sign
    /// with its sessions and talks (on A4, or on A3 with `--signs a3`).
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "a4", value_name = "PAPER")]
    pub signs: Option<SignPaper>,
    /// Also write agenda.pdf: one page of the contributions whose ids FILE
    /// lists (one per line), in time order with rooms, clashes marked.
    #[arg(long, value_name = "FILE")]
    pub agenda: Option<PathBuf>,
    /// Draw the documents in these colours, whatever [print] colour says:
    /// one project gives the press's copy and the screen's.
    #[arg(long, value_enum, value_name = "MODEL")]
    pub colour: Option<ColourArg>,
    /// Treat warnings (layout problems, low-resolution images…) as errors:
    /// nothing is written when there is one.
    #[arg(long)]
    pub strict: bool,
    /// Use only the project's fonts/ folder and the bundled fonts, not the
    /// system's, so that the PDFs do not depend on the machine.
    #[arg(long)]
    pub ignore_system_fonts: bool,
    /// Print only problems: no list of the files written.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print each step of the build as it starts, with the time so far.
    #[arg(long, short)]
    pub verbose: bool,
    /// Lay out up to N parts of a large volume or booklet side by side [default: half
    /// the cores, as Typst keeps more than one busy in each].
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Compile large documents in parts of about N contributions (0: always
    /// whole); for tests and measurements.
    #[arg(long, hide = true, value_name = "N")]
    pub part_size: Option<usize>,
}

#[derive(Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// Open the PDFs in the system viewer after the first build.
    #[arg(long)]
    pub open: bool,
    /// Look at the files every 300 ms instead of relying on the system's
    /// change notifications (for network shares and container mounts that
    /// send none).
    #[arg(long)]
    pub poll: bool,
}

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// The port to serve on [default: the first free one from 3000]; 0 takes
    /// any free port.
    #[arg(long)]
    pub port: Option<u16>,
    /// The address to serve on. Only this machine can see the preview at
    /// 127.0.0.1; 0.0.0.0 shows it to the whole network.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// Open the preview in the web browser.
    #[arg(long)]
    pub open: bool,
    /// Look at the files every 300 ms instead of relying on the system's
    /// change notifications.
    #[arg(long)]
    pub poll: bool,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The export: a schedule (frab / pretalx XML, c3voc / pretalx JSON,
    /// Indico JSON) or accepted papers (an aclpub2 / OpenReview set's folder
    /// or `papers.yml`, HotCRP JSON), told apart by content.
    pub file: PathBuf,
    /// The project folder to create or update.
    #[arg(long, short, required_unless_present = "into", conflicts_with = "into")]
    pub out: Option<PathBuf>,
    /// An existing project whose contributions the papers join, matched by
    /// id or title (a schedule imported before, say).
    #[arg(long)]
    pub into: Option<PathBuf>,
    /// Sessions are runs of one track in one room (`room`), whole tracks
    /// (`track`), or none, each talk on its own in its track (`none`; the
    /// default, except for Indico, whose sessions are its slots).
    #[arg(long, value_enum)]
    pub group_by: Option<Grouping>,
    /// IANA time zone of the venue, if the export names none.
    #[arg(long)]
    pub time_zone: Option<String>,
    /// Overwrite files that were edited since the last import.
    #[arg(long)]
    pub force: bool,
    /// Import every submission, not only the accepted ones.
    #[arg(long)]
    pub all: bool,
    /// The folder of the camera-ready PDFs (`ID.pdf`), when not beside the
    /// export.
    #[arg(long)]
    pub papers: Option<PathBuf>,
}

/// `--signs`: the paper of the door signs.
#[derive(Clone, Copy, ValueEnum)]
pub enum SignPaper {
    /// A4, landscape.
    A4,
    /// A3, landscape.
    A3,
}

/// `--only`: one of the two documents.
#[derive(Clone, Copy, ValueEnum)]
pub enum Document {
    /// The A5 programme booklet for attendees.
    Booklet,
    /// The A4 proceedings volume.
    Proceedings,
}

/// `--group-by`: how imported events become sessions.
#[derive(Clone, Copy, ValueEnum)]
pub enum Grouping {
    /// One session per run of consecutive events of one track in one room on
    /// one day.
    Room,
    /// One session per track, across days and rooms.
    Track,
    /// No sessions: each talk on its own, in its track.
    None,
}

impl From<Document> for DocumentKind {
    fn from(document: Document) -> Self {
        match document {
            Document::Booklet => Self::Booklet,
            Document::Proceedings => Self::Proceedings,
        }
    }
}

impl From<Grouping> for GroupBy {
    fn from(grouping: Grouping) -> Self {
        match grouping {
            Grouping::Room => Self::Room,
            Grouping::Track => Self::Track,
            Grouping::None => Self::Events,
        }
    }
}

/// The `SOURCE_DATE_EPOCH` environment variable, which fixes the document
/// date of every command that compiles.
fn source_date_epoch() -> Option<String> {
    std::env::var("SOURCE_DATE_EPOCH").ok()
}

impl From<&BuildArgs> for BuildOptions {
    fn from(args: &BuildArgs) -> Self {
        Self {
            out: args.out.clone(),
            only: args.only.map(Into::into),
            source_date_epoch: source_date_epoch(),
            impose: args.impose,
            split: args.split,
            crossref: args.crossref,
            changes_since: args.changes_since.clone(),
            agenda: args.agenda.clone(),
            signs: args.signs.map(|p| match p {
                SignPaper::A4 => "a4".to_owned(),
                SignPaper::A3 => "a3".to_owned(),
            }),
            strict: args.strict,
            colour: args.colour.map(|c| match c {
                ColourArg::Rgb => PrintColour::Rgb,
                ColourArg::Cmyk => PrintColour::Cmyk,
            }),
            ignore_system_fonts: args.ignore_system_fonts,
            part_size: args.part_size,
            // Set by the command from `--verbose` and the terminal.
            progress: None,
            keep_pages: false,
            jobs: args.jobs.map(usize::from),
            // Set by `serve`.
            early_pages: None,
            superseded: None,
        }
    }
}

impl ProjectArgs {
    /// The options of a command that compiles the project as it is (`check`,
    /// `eject`).
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            source_date_epoch: source_date_epoch(),
            ..Default::default()
        }
    }
}

impl From<ImportArgs> for ImportOptions {
    fn from(args: ImportArgs) -> Self {
        let into = args.into.is_some();
        Self {
            out: args.out.or(args.into).unwrap_or_default(),
            group_by: args.group_by.map(Into::into),
            time_zone: args.time_zone,
            force: args.force,
            all: args.all,
            papers: args.papers,
            into,
        }
    }
}

#[derive(Args)]
pub struct PublishArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Where the volume goes.
    #[arg(long, value_enum)]
    pub to: PublishTarget,
    /// The delivery folder [default: DIR/out/publish/TARGET].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Treat warnings (a missing ORCID iD, layout problems…) as errors:
    /// nothing is written when there is one.
    #[arg(long)]
    pub strict: bool,
    /// Use only the project's fonts/ folder and the bundled fonts.
    #[arg(long)]
    pub ignore_system_fonts: bool,
}

/// `--colour`: the colour model.
#[derive(Clone, Copy, ValueEnum)]
pub enum ColourArg {
    /// RGB, for screens and office printers.
    Rgb,
    /// CMYK for an offset press: text in black ink alone.
    Cmyk,
}

/// `--to`: the publisher or digital library.
#[derive(Clone, Copy, ValueEnum)]
pub enum PublishTarget {
    /// The ACL Anthology: volume XML, PDFs by Anthology id, BibTeX.
    Anthology,
    /// CEUR-WS: index.html after its template, paperN.pdf.
    Ceur,
    /// PMLR: the volume BibTeX and PDFs named by key.
    Pmlr,
    /// ACM eRights: the rights CSV.
    Acm,
    /// IEEE Xplore: the camera-ready PDFs as the authors made them, a packing list.
    Ieee,
}

impl From<&PublishArgs> for confpress::commands::publish::PublishOptions {
    fn from(args: &PublishArgs) -> Self {
        use confpress::commands::publish::Target;
        Self {
            target: match args.to {
                PublishTarget::Anthology => Target::Anthology,
                PublishTarget::Ceur => Target::Ceur,
                PublishTarget::Pmlr => Target::Pmlr,
                PublishTarget::Acm => Target::Acm,
                PublishTarget::Ieee => Target::Ieee,
            },
            out: args.out.clone(),
            build: BuildOptions {
                strict: args.strict,
                ignore_system_fonts: args.ignore_system_fonts,
                source_date_epoch: source_date_epoch(),
                ..BuildOptions::default()
            },
        }
    }
}
