//! `confpress watch`: build, then rebuild whenever a file the build read
//! changes, keeping one Typst world alive so that only what changed is laid
//! out again.

use std::path::{Path, PathBuf};
use std::time::Instant;

use typst_kit::watcher::Watcher;

use crate::build::{BuildOptions, BuildReport, build_in};
use crate::diag::{Diagnostic, Result};
use crate::documents;
use crate::load::{self, CONFIG_FILE, Project};
use crate::model::AbstractFormat;
use crate::world::ProjectWorld;

/// Template files a project may add at any time to override the built-in ones.
const OVERRIDES: &[&str] = &["lib.typ", "booklet.typ", "proceedings.typ", "impose.typ"];

/// Builds the project in `dir` and rebuilds it after every change, calling
/// `report` with the outcome of each build. Returns only if watching the file
/// system fails.
pub fn watch(
    dir: &Path,
    options: &BuildOptions,
    mut report: impl FnMut(&Result<BuildReport>),
) -> Result<()> {
    let failed =
        |err: typst::diag::EcoString| Diagnostic::error(format!("cannot watch files: {err}"));
    let mut watcher = Watcher::new(None).map_err(failed)?;
    let mut world: Option<ProjectWorld> = None;
    let mut watched: Vec<PathBuf> = vec![dir.join(CONFIG_FILE)];
    loop {
        let started = Instant::now();
        let outcome = load::load(dir, options.source_date_epoch.as_deref()).and_then(|project| {
            let date = documents::document_date(&project.programme);
            let world =
                world.get_or_insert_with(|| ProjectWorld::new(&project.root, &project.dir, date));
            let result = build_in(world, &project, dir, options, true, started);
            // After an error, the last good set of files stays watched as well,
            // so that repairing any of them triggers a rebuild.
            let mut paths = inputs(&project, world);
            if result.is_err() {
                paths.extend(watched.iter().cloned());
            }
            watched = paths;
            result
        });
        // Keep memory flat over many edits: forget cache entries unused for a while.
        typst::comemo::evict(10);
        report(&outcome);
        watcher.update(watched.iter().cloned()).map_err(failed)?;
        watcher.wait().map_err(failed)?;
    }
}

/// Every file a build of `project` depends on: the configuration, what confpress
/// read itself (Markdown and text abstracts, preface, images, papers), what
/// Typst read, and the template overrides the project could add.
fn inputs(project: &Project, world: &mut ProjectWorld) -> Vec<PathBuf> {
    let dir = &project.dir;
    let programme = &project.programme;
    let mut paths = vec![dir.join(CONFIG_FILE)];
    paths.extend(
        OVERRIDES
            .iter()
            .map(|name| dir.join("templates").join(name)),
    );
    for contribution in &programme.contributions {
        if let Some(source) = &contribution.abstract_source
            && source.format != AbstractFormat::Typst
        {
            paths.push(dir.join(&source.path));
        }
    }
    if let Some(preface) = &programme.proceedings.preface_source {
        paths.push(dir.join(preface));
    }
    paths.extend(world.dependencies());
    paths.sort();
    paths.dedup();
    paths
}
