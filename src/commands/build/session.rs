//! Repeated builds of one project (`watch`, `serve`, the benchmarks): the
//! warm Typst world, and the documents of the last good build, so that a
//! rebuild lays out and writes only what an edit concerns.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use typst::syntax::FileId;

use super::{BuildOptions, BuildReport, Job, build_in, font_set};
use crate::diag::Result;
use crate::documents::{self, DocumentKind, PartCaches, Rendered};
use crate::load;
use crate::model::Project;
use crate::typeset::inputs::{self, Conversions};
use crate::typeset::world::ProjectWorld;

/// Repeated builds of one project that share a Typst world, so each rebuild
/// re-lays only what changed (used by `watch` and the benchmarks).
#[derive(Default)]
pub struct BuildSession {
    world: Option<ProjectWorld>,
    last: Option<Project>,
    cache: RenderCache,
}

/// The documents of the last good build and what each of them read, so that
/// a rebuild compiles only the documents an edit concerns.
#[derive(Default)]
pub(super) struct RenderCache {
    pub(super) documents: HashMap<DocumentKind, Cached>,
    /// The laid-out parts of documents laid out in parts, and their
    /// exports.
    pub(super) parts: PartCaches,
    /// The Markdown converted for the last build.
    pub(super) conversions: Conversions,
}

/// A document as last built, with what it depended on.
pub(super) struct Cached {
    /// The build options and output folder it was written with.
    key: u128,
    /// What the files it read held.
    fingerprint: Vec<(FileId, u128)>,
    rendered: Rendered,
}

/// The documents asked for that can be reused from the last build, and
/// those to lay out.
pub(super) fn reusable<'c>(
    cached: Option<&'c HashMap<DocumentKind, Cached>>,
    job: &Job,
    key: u128,
    world: &ProjectWorld,
) -> (Vec<&'c Rendered>, Vec<DocumentKind>) {
    let mut reused = Vec::new();
    let mut to_compile = Vec::new();
    for kind in job.kinds() {
        match cached.and_then(|d| fresh(d, kind, key, world, &job.out_dir)) {
            Some(rendered) => reused.push(rendered),
            None => to_compile.push(kind),
        }
    }
    (reused, to_compile)
}

/// Keeps the documents just written, with what they read, for the next
/// build.
pub(super) fn remember(
    cached: &mut HashMap<DocumentKind, Cached>,
    world: &ProjectWorld,
    key: u128,
    rendered: Vec<Rendered>,
) {
    for rendered in rendered {
        let fingerprint = world.fingerprint(&rendered.inputs);
        let entry = Cached {
            key,
            fingerprint,
            rendered,
        };
        cached.insert(entry.rendered.kind, entry);
    }
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

impl BuildSession {
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
        let project = load::load_as(dir, options.source_date_epoch.as_deref(), options.colour)?;
        let date = documents::document_date(&project.programme);
        let world = self.world.get_or_insert_with(|| {
            ProjectWorld::new(
                &project.root,
                &project.dir,
                date,
                font_set(&project, options),
            )
        });
        let job = Job::new(&project, dir, options, true, started);
        let result = build_in(world, &job, Some(&mut self.cache));
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
        let mut paths = inputs::read_by_confpress(project);
        paths.extend(world.dependencies());
        paths.sort();
        paths.dedup();
        paths
    }
}
