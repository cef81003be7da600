//! The `build` and `check` commands: load, compile, write.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Error, Result, Severity, dedup, display_path};
use crate::documents::{self, DocumentKind, Layout, Rendered};
use crate::export;
use crate::fonts::FontSet;
use crate::load;
use crate::model::Project;
use crate::output::write_atomically;
use crate::parts::PartCache;
use crate::world::ProjectWorld;
use typst::syntax::FileId;

/// What to build, and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Folder for the PDFs; `DIR/out` when `None`.
    pub out: Option<PathBuf>,
    /// Build only this document.
    pub only: Option<DocumentKind>,
    /// The `SOURCE_DATE_EPOCH` environment variable, if set.
    pub source_date_epoch: Option<String>,
    /// Also write `booklet-imposed.pdf` (as `[booklet] imposition` does).
    pub impose: bool,
    /// Also write one PDF per contribution, `proceedings.json` and
    /// `proceedings.bib`.
    pub split: bool,
    /// Treat warnings as errors: nothing is written when there is one.
    pub strict: bool,
    /// Also write `crossref.xml`, the Crossref deposit of the volume.
    pub crossref: bool,
    /// Also write `agenda.pdf`: the contributions whose ids this file lists.
    pub agenda: Option<PathBuf>,
    /// Also write `signs.pdf`, a door sign per room and day, on this paper
    /// ("a4" or "a3", landscape).
    pub signs: Option<String>,
    /// The `programme.json` of the build that went to the printer: write
    /// `changes.pdf`, the changes since then.
    pub changes_since: Option<PathBuf>,
    /// Compile with the project's and the bundled fonts only, not the
    /// system's (as `[fonts] system = false`).
    pub ignore_system_fonts: bool,
    /// Compile large proceedings in parts of about this many contributions
    /// (`parts::PART_SIZE`, 100, when `None`).
    pub part_size: Option<usize>,
    /// Told of each step of the build.
    pub progress: Option<Progress>,
    /// Keep the laid-out pages of the documents (in a [`Session`], for a
    /// preview).
    pub keep_pages: bool,
    /// Lay out up to this many parts of a large volume side by side
    /// ([`default_jobs`] when `None`).
    pub jobs: Option<usize>,
}

/// How many parts are laid out side by side unless told: one per two
/// cores. One Typst compilation already keeps more than one core busy (on 2
/// cores, 1.3 on average), so a second part beside it on a 2-core machine
/// only adds the cost of guessing its first page (measured: 18 % slower).
pub fn default_jobs() -> usize {
    (std::thread::available_parallelism().map_or(1, usize::from) / 2).max(1)
}

/// Told of each step of a build ("typesetting the booklet", "part 3 of
/// 12"), for a progress display; called from the threads that do the work.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(String) + Send + Sync>);

impl Progress {
    /// Tells of a step.
    pub fn tell(&self, step: impl Into<String>) {
        (self.0)(step.into());
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}

/// A PDF that was written.
#[derive(Debug, Clone)]
pub struct Written {
    /// Where it was written.
    pub path: PathBuf,
    /// Number of pages.
    pub pages: usize,
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
    pub changes: Option<Vec<crate::changes::Change>>,
    /// Number of sessions and contributions in the programme.
    pub sessions: usize,
    /// Number of contributions.
    pub contributions: usize,
    /// How many compilations laid out the proceedings (0 when not built):
    /// 1, or the number of parts of a large volume.
    pub proceedings_parts: usize,
    /// Wall-clock time from loading to the last file written.
    pub elapsed: Duration,
}

/// Builds the project in `dir`: both PDFs (or the one asked for), written only
/// if every document compiled, each through a temporary file.
pub fn build(dir: &Path, options: &BuildOptions) -> Result<BuildReport> {
    run(dir, options, true)
}

/// Repeated builds of one project that share a Typst world, so each rebuild
/// re-lays only what changed (used by `watch` and the benchmarks).
#[derive(Default)]
pub struct Session {
    world: Option<ProjectWorld>,
    last: Option<Project>,
    cache: RenderCache,
}

/// The documents of the last good build and what each of them read, so that
/// a rebuild compiles only the documents an edit concerns.
#[derive(Default)]
pub(crate) struct RenderCache {
    documents: HashMap<DocumentKind, Cached>,
    parts: PartCache,
}

struct Cached {
    /// The build options and output folder it was written with.
    key: u128,
    /// What the files it read held.
    fingerprint: Vec<(FileId, u128)>,
    rendered: Rendered,
}

/// The last rendering of `kind`, if nothing it read has changed since and
/// its PDF is still on disk.
fn fresh<'a>(
    documents: &'a HashMap<DocumentKind, Cached>,
    kind: DocumentKind,
    key: u128,
    world: &ProjectWorld,
    out_dir: &Path,
) -> Option<&'a Rendered> {
    let cached = documents.get(&kind)?;
    (cached.key == key
        && out_dir.join(kind.file_name()).is_file()
        && world.unchanged(&cached.fingerprint))
    .then_some(&cached.rendered)
}

impl Session {
    /// A session with no build yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Loads and builds the project in `dir`, reusing the world of earlier builds.
    pub fn build(&mut self, dir: &Path, options: &BuildOptions) -> Result<BuildReport> {
        let started = Instant::now();
        if let Some(progress) = &options.progress {
            progress.tell("loading");
        }
        let project = load::load(dir, options.source_date_epoch.as_deref())?;
        let date = documents::document_date(&project.programme);
        let world = self.world.get_or_insert_with(|| {
            ProjectWorld::new(
                &project.root,
                &project.dir,
                date,
                font_set(&project, options),
            )
        });
        let result = build_in(
            world,
            &project,
            dir,
            options,
            true,
            started,
            Some(&mut self.cache),
        );
        self.last = Some(project);
        result
    }

    /// The laid-out pages of `kind` from the last good build that compiled
    /// it, when the build kept them ([`BuildOptions::keep_pages`]).
    pub fn document(
        &self,
        kind: DocumentKind,
    ) -> Option<std::sync::Arc<typst_layout::PagedDocument>> {
        self.cache.documents.get(&kind)?.rendered.document.clone()
    }

    /// The conference title of the last project loaded.
    pub fn title(&self) -> Option<String> {
        Some(self.last.as_ref()?.programme.conference.title.clone())
    }

    /// Every file the last loaded project depends on: the configuration, what
    /// confpress read itself (Markdown and text abstracts, preface), what Typst
    /// read, and the template overrides the project could add.
    pub fn inputs(&mut self) -> Vec<PathBuf> {
        let (Some(project), Some(world)) = (&self.last, &mut self.world) else {
            return Vec::new();
        };
        let mut paths = crate::inputs::read_by_confpress(project);
        paths.extend(world.dependencies());
        paths.sort();
        paths.dedup();
        paths
    }
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
    let project = load::load(dir, options.source_date_epoch.as_deref())?;
    let date = documents::document_date(&project.programme);
    let mut world = ProjectWorld::new(
        &project.root,
        &project.dir,
        date,
        font_set(&project, options),
    );
    build_in(&mut world, &project, dir, options, write, started, None)
}

/// The fonts a build of `project` uses: its own `fonts/` folder, the
/// bundled fonts and, unless turned off, the system's.
fn font_set(project: &Project, options: &BuildOptions) -> FontSet {
    let system = project.system_fonts && !options.ignore_system_fonts;
    FontSet::new(&project.root, system, &project.programme.conference.lang)
}

/// Compiles a loaded project in an existing world (which keeps Typst's caches
/// warm between builds) and writes the results. With a `cache`, documents
/// whose inputs did not change since the last build are neither compiled nor
/// written again.
pub(crate) fn build_in(
    world: &mut ProjectWorld,
    project: &Project,
    dir: &Path,
    options: &BuildOptions,
    write: bool,
    started: Instant,
    cache: Option<&mut RenderCache>,
) -> Result<BuildReport> {
    // Read first: a file that is not a programme.json stops the build
    // before anything is compiled or written.
    let printed = match &options.changes_since {
        Some(path) => Some(crate::changes::read_printed(path)?),
        None => None,
    };
    let files = crate::inputs::virtual_files(project)?;
    let date = documents::document_date(&project.programme);
    world.reset(files, date);

    let out_dir = options.out.clone().unwrap_or_else(|| dir.join("out"));
    let key = typst::utils::hash128(&(
        options.strict,
        options.split,
        options.crossref,
        options.impose,
        &options.source_date_epoch,
        &out_dir,
    ));
    let kinds: Vec<DocumentKind> = match options.only {
        Some(kind) => vec![kind],
        None => DocumentKind::ALL.to_vec(),
    };
    let (documents, parts) = match cache {
        Some(cache) => (Some(&mut cache.documents), Some(&mut cache.parts)),
        None => (None, None),
    };
    let mut reused: Vec<&Rendered> = Vec::new();
    let mut to_compile: Vec<DocumentKind> = Vec::new();
    for &kind in &kinds {
        match documents
            .as_deref()
            .and_then(|d| fresh(d, kind, key, world, &out_dir))
        {
            Some(rendered) => reused.push(rendered),
            None => to_compile.push(kind),
        }
    }
    let (rendered, compile_warnings) = if to_compile.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let layout = Layout {
            progress: options.progress.clone(),
            part_size: options.part_size.unwrap_or(crate::parts::PART_SIZE),
            parts,
            keep_pages: options.keep_pages,
            jobs: options.jobs.unwrap_or_else(default_jobs),
        };
        documents::compile(world, project, &to_compile, options.split, layout).map_err(
            |mut err| {
                err.0.extend(project.warnings.iter().cloned());
                err
            },
        )?
    };
    let mut warnings = project.warnings.clone();
    warnings.extend(compile_warnings);
    warnings.extend(reused.iter().flat_map(|d| d.warnings.iter().cloned()));
    let signs = match &options.signs {
        Some(paper) => {
            let documents::Signs {
                pdf,
                pages,
                overflowed,
            } = documents::signs(world, &project.programme, paper)?;
            for (room, day) in overflowed {
                warnings.push(
                    Diagnostic::warning(format!(
                        "the sign of room `{room}` for {day} does not fit one page, even in small type and two columns"
                    ))
                    .hint("use `--signs a3`, or split the day's sign by hand"),
                );
            }
            Some((pdf, pages))
        }
        None => None,
    };
    dedup(&mut warnings);
    if (options.strict || project.strict) && !warnings.is_empty() {
        return Err(Error(
            warnings
                .into_iter()
                .map(|w| Diagnostic {
                    severity: Severity::Error,
                    ..w
                })
                .collect(),
        ));
    }
    let mut pages: Vec<(DocumentKind, usize)> = rendered
        .iter()
        .chain(reused.iter().copied())
        .map(|d| (d.kind, d.pages))
        .collect();
    pages.sort_by_key(|(kind, _)| DocumentKind::ALL.iter().position(|k| k == kind));
    let proceedings_parts = rendered
        .iter()
        .chain(reused.iter().copied())
        .find(|d| d.kind == DocumentKind::Proceedings)
        .map_or(0, |d| d.layout_parts);
    let mut system_fonts: Vec<String> = rendered
        .iter()
        .chain(reused.iter().copied())
        .flat_map(|d| d.system_fonts.iter().cloned())
        .collect();
    system_fonts.sort();
    system_fonts.dedup();

    // Rendered PDFs are borrowed; only the files made here are owned.
    let mut files: Vec<(String, Cow<[u8]>, usize)> = rendered
        .iter()
        .map(|d| {
            (
                d.kind.file_name().to_owned(),
                Cow::Borrowed(d.pdf.as_slice()),
                d.pages,
            )
        })
        .collect();
    if let Some(proceedings) = rendered
        .iter()
        .find(|d| d.kind == DocumentKind::Proceedings)
        && options.split
    {
        let programme = &project.programme;
        let table = &proceedings.page_table;
        // The parts were made from the page table, entry by entry.
        for (entry, (id, pdf)) in table.iter().zip(&proceedings.parts) {
            let pages = entry.last + 1 - entry.first;
            files.push((export::split_file(id), Cow::Borrowed(pdf.as_slice()), pages));
        }
        files.push((
            "proceedings.json".into(),
            Cow::Owned(export::proceedings_json(programme, table, true)),
            0,
        ));
        files.push((
            "proceedings.bib".into(),
            Cow::Owned(export::proceedings_bib(programme, table)),
            0,
        ));
    }
    if options.crossref {
        let Some(proceedings) = rendered
            .iter()
            .chain(reused.iter().copied())
            .find(|d| d.kind == DocumentKind::Proceedings)
        else {
            return Err(Diagnostic::error("`--crossref` needs the proceedings")
                .hint("build without `--only booklet`")
                .into());
        };
        let xml = crate::crossref::deposit(project, &proceedings.page_table)?;
        files.push(("crossref.xml".into(), Cow::Owned(xml.into_bytes()), 0));
    }
    let booklet = rendered.iter().find(|d| d.kind == DocumentKind::Booklet);
    if let Some(booklet) = booklet
        && (options.impose || project.programme.booklet.imposition)
    {
        let imposed = documents::impose(world, &project.programme, &booklet.pdf, booklet.pages)?;
        files.push((
            "booklet-imposed.pdf".to_owned(),
            Cow::Owned(imposed),
            booklet.pages.div_ceil(4) * 2,
        ));
    }

    if let Some((pdf, pages)) = signs {
        files.push(("signs.pdf".into(), Cow::Owned(pdf), pages));
    }
    if let Some(path) = &options.agenda {
        let entries = crate::agenda::agenda(path, &project.programme)?;
        let (pdf, pages) = documents::agenda(world, &project.programme, &entries)?;
        files.push(("agenda.pdf".into(), Cow::Owned(pdf), pages));
    }
    let programme = &project.programme;
    let changes = match &printed {
        Some(printed) => {
            let changes = crate::changes::compare(printed, programme);
            if !changes.is_empty() {
                let (pdf, pages) = documents::changes(world, programme, &changes)?;
                files.push(("changes.pdf".into(), Cow::Owned(pdf), pages));
            } else if write {
                // An insert from an earlier comparison would now be wrong.
                let stale = out_dir.join("changes.pdf");
                if stale.is_file() {
                    std::fs::remove_file(&stale).map_err(|err| {
                        Diagnostic::error(format!(
                            "cannot remove the outdated `{}`: {err}",
                            display_path(&stale)
                        ))
                    })?;
                }
            }
            Some(changes)
        }
        None => None,
    };
    if programme.export.json {
        let booklet_pages = rendered
            .iter()
            .chain(reused.iter().copied())
            .find(|d| d.kind == DocumentKind::Booklet)
            .map(|d| &d.entry_pages);
        let json = export::programme_json(programme, &project.sources, booklet_pages);
        files.push(("programme.json".into(), Cow::Owned(json), 0));
    }
    if programme.export.ics
        && let Some(ics) = crate::calendar::programme_ics(programme)
    {
        files.push(("programme.ics".into(), Cow::Owned(ics), 0));
    }

    let mut written = Vec::new();
    if write && let Some(progress) = &options.progress {
        progress.tell("writing");
    }
    if write {
        for (name, pdf, pages) in &files {
            let path = out_dir.join(name);
            // Data files that did not change are left alone (and unreported),
            // so a rebuild touches only what it changed.
            if *pages == 0 && std::fs::read(&path).is_ok_and(|old| old == **pdf) {
                continue;
            }
            write_atomically(&path, pdf).map_err(|err| {
                Diagnostic::error(format!("cannot write `{}`: {err}", display_path(&path)))
            })?;
            written.push(Written {
                path,
                pages: *pages,
                bytes: pdf.len(),
            });
        }
    }
    drop(files);
    if write && let Some(documents) = documents {
        for rendered in rendered {
            let fingerprint = world.fingerprint(&rendered.inputs);
            documents.insert(
                rendered.kind,
                Cached {
                    key,
                    fingerprint,
                    rendered,
                },
            );
        }
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
        elapsed: started.elapsed(),
    })
}
