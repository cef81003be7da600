//! `confpress watch`: build, then rebuild whenever a file the build read
//! changes, keeping one Typst world alive so that only what changed is laid
//! out again.

use std::path::{Path, PathBuf};

use typst_kit::watcher::Watcher;

use crate::build::{BuildOptions, BuildReport, Session};
use crate::diag::{Diagnostic, Result};
use crate::load::CONFIG_FILE;

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
    let mut session = Session::new();
    let mut watched: Vec<PathBuf> = vec![dir.join(CONFIG_FILE)];
    loop {
        let outcome = session.build(dir, options);
        // After an error, the last good set of files stays watched as well,
        // so that repairing any of them triggers a rebuild.
        let mut paths = session.inputs();
        if outcome.is_err() {
            paths.extend(watched.iter().cloned());
            paths.push(dir.join(CONFIG_FILE));
        }
        paths.sort();
        paths.dedup();
        watched = paths;
        // Keep memory flat over many edits: forget cache entries unused for a while.
        typst::comemo::evict(10);
        report(&outcome);
        watcher.update(watched.iter().cloned()).map_err(failed)?;
        watcher.wait().map_err(failed)?;
    }
}
