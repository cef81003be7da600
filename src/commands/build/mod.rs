//! The `build` and `check` commands: load, compile, make every output
//! file, then write them all (a check writes nothing). `session` keeps a
//! warm world between the builds of `watch` and `serve`.

mod options;
mod session;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Error, Result, Severity, Warned, dedup, display_path};
use crate::documents::event::changes::{self, Change, Printed};
use crate::documents::event::{Print, agenda};
use crate::documents::parts::PART_SIZE;
use crate::documents::{
    self, DocumentKind, EntryPages, Layout, PartCaches, Rendered, event, imposition,
};
use crate::exports::data as export;
use crate::exports::{calendar, crossref};
use crate::load;
pub use crate::model::PrintColour;
use crate::model::Project;
use crate::output::write_atomically;
use crate::progress::Progress;
use crate::typeset::fonts::FontSet;
use crate::typeset::inputs;
use crate::typeset::world::ProjectWorld;
pub use options::{BuildOptions, default_jobs};
pub use session::BuildSession;
use session::RenderCache;

/// A file that was written.
#[derive(Debug, Clone)]
pub struct Written {
    /// Where it was written.
    pub path: PathBuf,
    /// Its number of pages, for a PDF; `None` for a data file.
    pub pages: Option<usize>,
    /// File size in bytes.
    pub bytes: usize,
}

/// What a build or check did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// The PDFs written (empty for a check).
    pub written: Vec<Written>,
    /// Page counts of the documents compiled.
    pub pages: Vec<(DocumentKind, usize)>,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// The families of system fonts the documents use.
    pub system_fonts: Vec<String>,
    /// With `changes_since`: the changes found (none: no `changes.pdf`).
    pub changes: Option<Vec<Change>>,
    /// Number of sessions and contributions in the programme.
    pub sessions: usize,
    /// Number of contributions.
    pub contributions: usize,
    /// How many compilations laid out the proceedings (0 when not built):
    /// 1, or the number of parts of a large volume.
    pub proceedings_parts: usize,
    /// Likewise the booklet.
    pub booklet_parts: usize,
    /// Wall-clock time from loading to the last file written.
    pub elapsed: Duration,
}

/// Builds the project in `dir`: both PDFs (or the one asked for), written only
/// if every document compiled, each through a temporary file.
pub fn build(dir: &Path, options: &BuildOptions) -> Result<BuildReport> {
    run(dir, options, true)
}

/// Checks the project in `dir` as a build would, writing nothing.
pub fn check(dir: &Path, options: &BuildOptions) -> Result<BuildReport> {
    run(dir, options, false)
}

fn run(dir: &Path, options: &BuildOptions, write: bool) -> Result<BuildReport> {
    let started = Instant::now();
    if let Some(progress) = &options.progress {
        progress.tell("loading");
    }
    let project = load::load_as(dir, options.source_date_epoch.as_deref(), options.colour)?;
    let date = documents::document_date(&project.programme);
    let mut world = ProjectWorld::new(
        &project.root,
        &project.dir,
        date,
        font_set(&project, options),
    );
    let job = Job::new(&project, dir, options, write, started);
    build_in(&mut world, &job, None)
}

/// The fonts a build of `project` uses: its own `fonts/` folder, the
/// bundled fonts and, unless turned off, the system's.
fn font_set(project: &Project, options: &BuildOptions) -> FontSet {
    let system = project.system_fonts && !options.ignore_system_fonts;
    FontSet::new(&project.root, system, &project.programme.conference.lang)
}

/// One build of a loaded project: what to make, where, and whether to
/// write it.
struct Job<'a> {
    project: &'a Project,
    options: &'a BuildOptions,
    /// The folder the files go to.
    out_dir: PathBuf,
    /// Write the files (a build), or only make them (a check).
    write: bool,
    /// When the build began, loading included.
    started: Instant,
}

impl<'a> Job<'a> {
    fn new(
        project: &'a Project,
        dir: &Path,
        options: &'a BuildOptions,
        write: bool,
        started: Instant,
    ) -> Self {
        let out_dir = options.out.clone().unwrap_or_else(|| dir.join("out"));
        Self {
            project,
            options,
            out_dir,
            write,
            started,
        }
    }

    /// The documents asked for.
    fn kinds(&self) -> Vec<DocumentKind> {
        match self.options.only {
            Some(kind) => vec![kind],
            None => DocumentKind::ALL.to_vec(),
        }
    }

    /// What a cached document was made with: the same key, the same files.
    fn key(&self) -> u128 {
        let options = self.options;
        typst::utils::hash128(&(
            options.strict,
            options.split,
            options.crossref,
            options.impose,
            &options.source_date_epoch,
            &self.out_dir,
        ))
    }
}

/// A file a build makes: all are made first, and written only then.
struct Output<'a> {
    /// Its name in the output folder.
    name: String,
    /// Its bytes: a rendered PDF's, borrowed, or made here.
    bytes: Cow<'a, [u8]>,
    /// Its number of pages, for a PDF; `None` for a data file, which is not
    /// written again when it did not change.
    pages: Option<usize>,
}

impl<'a> Output<'a> {
    fn pdf(name: &str, bytes: impl Into<Cow<'a, [u8]>>, pages: usize) -> Self {
        let name = name.to_owned();
        let (bytes, pages) = (bytes.into(), Some(pages));
        Self { name, bytes, pages }
    }

    fn data(name: &str, bytes: Vec<u8>) -> Self {
        let name = name.to_owned();
        let (bytes, pages) = (Cow::Owned(bytes), None);
        Self { name, bytes, pages }
    }
}

/// The documents of a build: those laid out now, and those of the last
/// build that nothing changed.
struct Made<'a> {
    rendered: &'a [Rendered],
    reused: &'a [&'a Rendered],
}

impl<'a> Made<'a> {
    /// Every document of the build.
    fn all(&self) -> impl Iterator<Item = &'a Rendered> + use<'a> {
        self.rendered.iter().chain(self.reused.iter().copied())
    }

    /// The document of `kind`, laid out now or reused.
    fn find(&self, kind: DocumentKind) -> Option<&'a Rendered> {
        self.all().find(|d| d.kind == kind)
    }

    /// The document of `kind`, if it was laid out now.
    fn laid_out(&self, kind: DocumentKind) -> Option<&'a Rendered> {
        self.rendered.iter().find(|d| d.kind == kind)
    }

    /// Page counts, in the order documents are reported.
    fn pages(&self) -> Vec<(DocumentKind, usize)> {
        let mut pages: Vec<(DocumentKind, usize)> = self.all().map(|d| (d.kind, d.pages)).collect();
        pages.sort_by_key(|(kind, _)| DocumentKind::ALL.iter().position(|k| k == kind));
        pages
    }

    /// The families of system fonts the documents use, once each.
    fn system_fonts(&self) -> Vec<String> {
        let mut fonts: Vec<String> = self
            .all()
            .flat_map(|d| d.system_fonts.iter().cloned())
            .collect();
        fonts.sort();
        fonts.dedup();
        fonts
    }
}

/// Compiles a loaded project in an existing world (which keeps Typst's caches
/// warm between builds) and writes the results. With a `cache`, documents
/// whose inputs did not change since the last build are neither compiled nor
/// written again.
fn build_in(
    world: &mut ProjectWorld,
    job: &Job,
    cache: Option<&mut RenderCache>,
) -> Result<BuildReport> {
    let (project, options) = (job.project, job.options);
    // Read first: a file that is not a programme.json stops the build
    // before anything is compiled or written.
    let printed = match &options.changes_since {
        Some(path) => Some(changes::read_printed(path)?),
        None => None,
    };
    let mut cache = cache;
    let mut files = match cache.as_deref_mut() {
        Some(cache) => inputs::virtual_files_with(project, &mut cache.conversions)?,
        None => inputs::virtual_files(project)?,
    };
    let input_warnings = std::mem::take(&mut files.warnings);
    world.reset(files, documents::document_date(&project.programme));

    let key = job.key();
    let (cached, parts) = match cache {
        Some(cache) => (Some(&mut cache.documents), Some(&mut cache.parts)),
        None => (None, None),
    };
    let (reused, to_compile) = session::reusable(cached.as_deref(), job, key, world);
    let Warned {
        output,
        warnings: compile_warnings,
    } = compile(world, project, options, &to_compile, parts);
    let rendered = match output {
        Ok(rendered) => rendered,
        // Its warnings are told by the build that takes its place.
        Err(error) if error.is_superseded() => return Err(error),
        Err(Error(mut errors)) => {
            errors.extend(compile_warnings);
            errors.extend(project.warnings.iter().cloned());
            errors.extend(input_warnings);
            return Err(Error(errors));
        }
    };
    let mut warnings = project.warnings.clone();
    warnings.extend(input_warnings);
    warnings.extend(compile_warnings);
    warnings.extend(reused.iter().flat_map(|d| d.warnings.iter().cloned()));
    let prints = event_prints(world, job, printed.as_ref(), &mut warnings)?;
    dedup(&mut warnings);
    if (options.strict || project.strict) && !warnings.is_empty() {
        return Err(as_errors(warnings));
    }
    let made = Made {
        rendered: &rendered,
        reused: &reused,
    };
    let (outputs, changes) = outputs(world, job, &made, prints)?;
    let (pages, system_fonts) = (made.pages(), made.system_fonts());
    let parts_of = |kind| made.find(kind).map_or(0, |d| d.layout_parts);
    let proceedings_parts = parts_of(DocumentKind::Proceedings);
    let booklet_parts = parts_of(DocumentKind::Booklet);
    let written = match job.write {
        true => write(&outputs, &job.out_dir, options.progress.as_ref())?,
        false => Vec::new(),
    };
    drop(outputs);
    if job.write
        && let Some(cached) = cached
    {
        session::remember(cached, world, key, rendered);
    }
    Ok(BuildReport {
        written,
        pages,
        warnings,
        system_fonts,
        changes,
        sessions: project.programme.sessions.len(),
        contributions: project.programme.contributions.len(),
        proceedings_parts,
        booklet_parts,
        elapsed: job.started.elapsed(),
    })
}

/// The prints for the event a build is asked for, made before anything is
/// written so that what their check after layout finds counts under
/// `--strict`.
struct EventPrints {
    signs: Option<Print>,
    agenda: Option<Print>,
    /// The changes since print, with their insert when there are any.
    changes: Option<(Vec<Change>, Option<Print>)>,
}

/// Makes the signs, the agenda and the changes insert `job` asks for;
/// their warnings go to `warnings`.
fn event_prints(
    world: &mut ProjectWorld,
    job: &Job,
    printed: Option<&Printed>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<EventPrints> {
    let (project, options) = (job.project, job.options);
    let programme = &project.programme;
    let signs = match &options.signs {
        Some(paper) => Some(signs(world, project, paper, warnings)?),
        None => None,
    };
    let agenda = match &options.agenda {
        Some(path) => {
            let entries = agenda::agenda(path, programme)?;
            Some(event::agenda(world, programme, &entries)?)
        }
        None => None,
    };
    let changes = match printed {
        Some(printed) => {
            let changes = changes::compare(printed, programme);
            let insert = match changes.is_empty() {
                true => None,
                false => Some(event::changes(world, programme, &changes)?),
            };
            Some((changes, insert))
        }
        None => None,
    };
    let insert = changes.as_ref().and_then(|c| c.1.as_ref());
    for print in [signs.as_ref(), agenda.as_ref(), insert]
        .into_iter()
        .flatten()
    {
        warnings.extend(print.warnings.iter().cloned());
    }
    Ok(EventPrints {
        signs,
        agenda,
        changes,
    })
}

/// Every file of the build, in the order they are written and reported:
/// the documents, their split PDFs and data, the deposit, the imposition,
/// the signs, the agenda, the changes insert, the data exports. Also the
/// changes since print, when asked.
fn outputs<'a>(
    world: &mut ProjectWorld,
    job: &Job,
    made: &Made<'a>,
    prints: EventPrints,
) -> Result<(Vec<Output<'a>>, Option<Vec<Change>>)> {
    let (project, options) = (job.project, job.options);
    let programme = &project.programme;
    // Rendered PDFs are borrowed; only the files made here are owned.
    let mut outputs: Vec<Output> = made
        .rendered
        .iter()
        .map(|d| Output::pdf(d.kind.file_name(), d.pdf.as_slice(), d.pages))
        .collect();
    if let Some(proceedings) = made.laid_out(DocumentKind::Proceedings)
        && options.split
    {
        outputs.extend(split_outputs(project, proceedings));
    }
    if options.crossref {
        let Some(proceedings) = made.find(DocumentKind::Proceedings) else {
            return Err(Diagnostic::error("`--crossref` needs the proceedings")
                .hint("build without `--only booklet`")
                .into());
        };
        let xml = crossref::deposit(project, &proceedings.page_table)?;
        outputs.push(Output::data("crossref.xml", xml.into_bytes()));
    }
    if let Some(booklet) = made.laid_out(DocumentKind::Booklet)
        && (options.impose || programme.booklet.imposition)
    {
        let imposed = imposition::impose(world, programme, &booklet.pdf, booklet.pages)?;
        let pages = booklet.pages.div_ceil(4) * 2;
        outputs.push(Output::pdf("booklet-imposed.pdf", imposed, pages));
    }
    if let Some(print) = prints.signs {
        outputs.push(Output::pdf("signs.pdf", print.pdf, print.pages));
    }
    if let Some(print) = prints.agenda {
        outputs.push(Output::pdf("agenda.pdf", print.pdf, print.pages));
    }
    let changes = match prints.changes {
        Some((changes, insert)) => {
            changes_insert(job, insert, &mut outputs)?;
            Some(changes)
        }
        None => None,
    };
    let booklet_pages = made.find(DocumentKind::Booklet).map(|d| &d.entry_pages);
    outputs.extend(data_exports(project, booklet_pages));
    Ok((outputs, changes))
}

/// Lays out the documents of `kinds` (none: nothing to do).
fn compile(
    world: &ProjectWorld,
    project: &Project,
    options: &BuildOptions,
    kinds: &[DocumentKind],
    parts: Option<&mut PartCaches>,
) -> Warned<Vec<Rendered>> {
    if kinds.is_empty() {
        return Warned::new(Ok(Vec::new()), Vec::new());
    }
    let layout = Layout {
        progress: options.progress.clone(),
        part_size: options.part_size.unwrap_or(PART_SIZE),
        parts,
        keep_pages: options.keep_pages,
        jobs: options.jobs.unwrap_or_else(default_jobs),
        early: options.early_pages.clone(),
        superseded: options.superseded.clone(),
    };
    documents::compile(world, project, kinds, options.split, layout)
}

/// Every warning made an error (`--strict`).
fn as_errors(warnings: Vec<Diagnostic>) -> Error {
    let errors = warnings.into_iter().map(|w| Diagnostic {
        severity: Severity::Error,
        ..w
    });
    Error(errors.collect())
}

/// The room signs on `paper`; a day too long for one sign is warned about.
fn signs(
    world: &mut ProjectWorld,
    project: &Project,
    paper: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Print> {
    let event::Signs { print, overflowed } = event::signs(world, &project.programme, paper)?;
    for (room, day) in overflowed {
        warnings.push(
            Diagnostic::warning(format!(
                "the sign of room `{room}` for {day} does not fit one page, even in small type and two columns"
            ))
            .hint("use `--signs a3`, or split the day's sign by hand"),
        );
    }
    Ok(print)
}

/// With `--split`: each contribution's PDF, `proceedings.json` and
/// `proceedings.bib`.
fn split_outputs<'a>(project: &Project, proceedings: &'a Rendered) -> Vec<Output<'a>> {
    let programme = &project.programme;
    let table = &proceedings.page_table;
    // The parts were made from the page table, entry by entry.
    let mut outputs: Vec<Output> = table
        .iter()
        .zip(&proceedings.parts)
        .map(|(entry, (id, pdf))| {
            let pages = entry.last + 1 - entry.first;
            Output::pdf(&export::split_file(id), pdf.as_slice(), pages)
        })
        .collect();
    let json = export::proceedings_json(programme, table, true);
    outputs.push(Output::data("proceedings.json", json));
    let bib = export::proceedings_bib(programme, table);
    outputs.push(Output::data("proceedings.bib", bib));
    outputs
}

/// The insert of the changes since print; when there are none, an insert
/// left from an earlier comparison is removed (it would now be wrong).
fn changes_insert(job: &Job, insert: Option<Print>, outputs: &mut Vec<Output>) -> Result<()> {
    if let Some(print) = insert {
        outputs.push(Output::pdf("changes.pdf", print.pdf, print.pages));
    } else if job.write {
        let stale = job.out_dir.join("changes.pdf");
        if stale.is_file() {
            std::fs::remove_file(&stale).map_err(|err| {
                Diagnostic::error(format!(
                    "cannot remove the outdated `{}`: {err}",
                    display_path(&stale)
                ))
            })?;
        }
    }
    Ok(())
}

/// The data files the project asks for: `programme.json` (with the
/// booklet's pages, when it was built) and `programme.ics`.
fn data_exports<'a>(project: &Project, booklet_pages: Option<&EntryPages>) -> Vec<Output<'a>> {
    let programme = &project.programme;
    let mut outputs = Vec::new();
    if programme.export.json {
        let json = export::programme_json(programme, &project.sources, booklet_pages);
        outputs.push(Output::data("programme.json", json));
    }
    if programme.export.ics
        && let Some(ics) = calendar::programme_ics(programme)
    {
        outputs.push(Output::data("programme.ics", ics));
    }
    outputs
}

/// Writes `outputs` into `out_dir`, each through a temporary file. Data
/// files that did not change are left alone (and unreported), so a rebuild
/// touches only what it changed.
fn write(outputs: &[Output], out_dir: &Path, progress: Option<&Progress>) -> Result<Vec<Written>> {
    if let Some(progress) = progress {
        progress.tell("writing");
    }
    let mut written = Vec::new();
    for output in outputs {
        let path = out_dir.join(&output.name);
        if output.pages.is_none() && std::fs::read(&path).is_ok_and(|old| old == *output.bytes) {
            continue;
        }
        write_atomically(&path, &output.bytes).map_err(|err| {
            Diagnostic::error(format!("cannot write `{}`: {err}", display_path(&path)))
        })?;
        written.push(Written {
            path,
            pages: output.pages,
            bytes: output.bytes.len(),
        });
    }
    Ok(written)
}
