//! The Typst world: what a compilation can see.
//!
//! - the built-in templates under `/templates/` (a project's own
//!   `templates/*.typ` take precedence, file by file);
//! - virtual files under `/.confpress/`: the programme as JSON and every
//!   Markdown or text abstract converted to Typst, each in its own file so an
//!   edit invalidates only that file;
//! - the project folder itself, and nothing outside it (no packages, no
//!   network, no symlinks that lead out).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source, Span, SpanKind, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::datetime::Time;
use typst_kit::files::{FileLoader, FileStore};

use crate::diag::{Location, display_path};
use crate::typeset::fonts::FontSet;
use crate::typeset::inputs::{Inputs, Origin};
use crate::typeset::templates;
use crate::vpaths::{self, file_id};

/// The files and settings shared by every document of one project.
pub struct ProjectWorld {
    library: LazyHash<Library>,
    fonts: FontSet,
    files: FileStore<ProjectFiles>,
    now: Time,
    origins: HashMap<FileId, Origin>,
}

impl ProjectWorld {
    /// A world rooted at the canonical project folder `root`; `dir` is how the
    /// user named that folder, for messages.
    pub fn new(root: &Path, dir: &Path, date: Datetime, fonts: FontSet) -> Self {
        let virtual_files = HashMap::from([(file_id(vpaths::FONTS), fonts.fallbacks_json())]);
        Self {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            files: FileStore::new(ProjectFiles {
                root: root.to_path_buf(),
                dir: dir.to_path_buf(),
                virtual_files,
            }),
            now: Time::fixed(date).unwrap_or_else(|_| Time::system()),
            origins: HashMap::new(),
        }
    }

    /// Replaces the virtual files (programme JSON, converted abstracts) and
    /// marks every file stale, so the next compilation reads what changed and
    /// reuses the rest.
    pub fn reset(&mut self, inputs: Inputs, date: Datetime) {
        let loader = self.files.loader_mut();
        loader.virtual_files = inputs.files;
        loader
            .virtual_files
            .insert(file_id(vpaths::FONTS), self.fonts.fallbacks_json());
        self.origins = inputs.origins;
        self.files.reset();
        if let Ok(now) = Time::fixed(date) {
            self.now = now;
        }
    }

    /// Adds a virtual file that no compilation has read yet (such as the
    /// booklet's PDF for the imposition).
    pub fn add_virtual(&mut self, id: FileId, bytes: Bytes) {
        self.files.loader_mut().virtual_files.insert(id, bytes);
    }

    /// The world for one document, whose main file is `main`.
    pub fn document(&self, main: FileId) -> DocumentWorld<'_> {
        self.document_with(main, HashMap::new())
    }

    /// The world for one document that also sees `extra` files, which only
    /// it sees and which win over the project's (a part of the proceedings
    /// and its description).
    pub fn document_with(&self, main: FileId, extra: HashMap<FileId, Bytes>) -> DocumentWorld<'_> {
        DocumentWorld {
            project: self,
            main,
            extra,
            accessed: Mutex::new(HashSet::new()),
        }
    }

    /// A digest of what the files `ids` hold now (or of why they cannot be
    /// read), to tell whether a document that read them must be compiled again.
    pub fn fingerprint(&self, ids: &[FileId]) -> Vec<(FileId, u128)> {
        ids.iter()
            .map(|&id| {
                let digest = match self.files.file(id) {
                    Ok(bytes) => typst::utils::hash128(&bytes),
                    Err(err) => typst::utils::hash128(&format!("{err:?}")),
                };
                (id, digest)
            })
            .collect()
    }

    /// Whether the files of a `fingerprint` still hold what they held.
    pub fn unchanged(&self, fingerprint: &[(FileId, u128)]) -> bool {
        let ids: Vec<FileId> = fingerprint.iter().map(|(id, _)| *id).collect();
        self.fingerprint(&ids) == fingerprint
    }

    /// The bytes of a file of the project (virtual path), as a compilation
    /// would read them: inside the project folder only.
    pub fn project_file(&self, vpath: &str) -> Option<Bytes> {
        self.files.file(file_id(vpath)).ok()
    }

    /// The fonts compilations see.
    pub fn fonts(&self) -> &FontSet {
        &self.fonts
    }

    /// The source of a converted file, if it is one.
    pub fn origin(&self, id: FileId) -> Option<&Origin> {
        self.origins.get(&id)
    }

    /// Where `span` lies: in the file the user wrote (the Markdown of a
    /// converted abstract, their own template) or the built-in template.
    pub fn locate(&self, span: Span) -> Option<Location> {
        let (id, range) = match span.get() {
            SpanKind::Detached => return None,
            SpanKind::Number { id, num } => {
                let id = Self::uncopied(id);
                (id, self.files.source(id).ok()?.range(num, None)?)
            }
            SpanKind::Range { id, range } => (Self::uncopied(id), range),
        };
        let source = self.files.source(id).ok()?;
        if let Some(origin) = self.origin(id) {
            return Some(origin.locate(&range));
        }
        Some(Location::new(self.name(id), source.text().into(), range))
    }

    /// The template a part of a document was compiled from, for a span in
    /// the part's copy of it (which this world does not hold: the part's
    /// own world did); any other file as it is.
    fn uncopied(id: FileId) -> FileId {
        crate::vpaths::copied_template(id.vpath().get_with_slash())
            .map_or(id, crate::vpaths::file_id)
    }

    /// How a file is named in messages.
    pub fn name(&self, id: FileId) -> String {
        let loader = self.files.loader();
        let vpath = id.vpath();
        let relative = vpath.get_without_slash();
        if loader.virtual_files.contains_key(&id) {
            return format!("<generated>/{relative}");
        }
        if loader.project_file(vpath).is_some() {
            return display_path(&loader.dir.join(relative));
        }
        format!("<built-in>/{relative}")
    }

    /// The text of the template at `path` as a build uses it: the
    /// project's own if it has one, else the built-in one.
    pub fn template_text(&self, path: &str) -> Option<String> {
        let id = crate::vpaths::file_id(path);
        Some(self.files.source(id).ok()?.text().to_owned())
    }

    /// The real paths of the project files the last compilation read.
    pub fn dependencies(&mut self) -> Vec<PathBuf> {
        let (loader, ids) = self.files.dependencies();
        let mut paths: Vec<PathBuf> = ids
            .filter_map(|id| loader.project_file(id.vpath()))
            .collect();
        paths.sort();
        paths
    }
}

/// One document's view of the project: the project's world with a main file.
pub struct DocumentWorld<'a> {
    project: &'a ProjectWorld,
    main: FileId,
    extra: HashMap<FileId, Bytes>,
    /// Every file this document asked for, so a later build can tell whether
    /// an edit concerns it.
    accessed: Mutex<HashSet<FileId>>,
}

impl DocumentWorld<'_> {
    /// The project files this document read (or tried to read), in a stable
    /// order; its own extra files are not among them.
    pub fn accessed(&self) -> Vec<FileId> {
        let set = self.accessed.lock().unwrap_or_else(|e| e.into_inner());
        let mut ids: Vec<FileId> = set
            .iter()
            .filter(|id| !self.extra.contains_key(id))
            .copied()
            .collect();
        ids.sort_by_key(|id| id.vpath().get_with_slash().to_owned());
        ids
    }

    /// Counts `id` among the files this document read (for a file whose
    /// text reached it another way, such as a template copied into a part).
    pub fn read_also(&self, id: FileId) {
        self.note(id);
    }

    fn note(&self, id: FileId) {
        self.accessed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id);
    }
}

impl World for DocumentWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.project.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.project.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.note(id);
        match self.extra.get(&id) {
            Some(bytes) => {
                let text = std::str::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
                Ok(Source::new(id, text.to_owned()))
            }
            None => self.project.files.source(id),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.note(id);
        match self.extra.get(&id) {
            Some(bytes) => Ok(bytes.clone()),
            None => self.project.files.file(id),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.project.fonts.font(index)
    }

    fn today(&self, offset: Option<Duration>) -> Option<Datetime> {
        self.project.now.today(offset)
    }
}

/// Serves files: virtual ones, then the project's, then the built-in templates.
struct ProjectFiles {
    root: PathBuf,
    dir: PathBuf,
    virtual_files: HashMap<FileId, Bytes>,
}

impl ProjectFiles {
    /// The real path of a project file, if it exists inside the project.
    fn project_file(&self, vpath: &VirtualPath) -> Option<PathBuf> {
        let path = vpath.realize(&self.root).ok()?;
        let real = fs::canonicalize(path).ok()?;
        real.starts_with(&self.root).then_some(real)
    }
}

impl FileLoader for ProjectFiles {
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.virtual_files.get(&id) {
            return Ok(bytes.clone());
        }
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::Other(Some(
                format!(
                    "confpress does not load packages ({spec}); copy what you need into the project folder"
                )
                .into(),
            ))));
        }
        let vpath = id.vpath();
        let path = vpath.realize(&self.root).map_err(FileError::from)?;
        match fs::canonicalize(&path) {
            Ok(real) if !real.starts_with(&self.root) => Err(FileError::AccessDenied),
            Ok(real) if real.is_dir() => Err(FileError::IsDirectory),
            Ok(real) => fs::read(&real)
                .map(Bytes::new)
                .map_err(|e| FileError::from_io(e, &real)),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                match templates::builtin(vpath.get_with_slash()) {
                    Some(text) => Ok(Bytes::from_string(text)),
                    None => Err(FileError::NotFound(path)),
                }
            }
            Err(err) => Err(FileError::from_io(err, &path)),
        }
    }
}
