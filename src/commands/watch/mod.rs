//! `confpress watch`: build, then rebuild whenever a file the build read
//! changes, keeping one Typst world alive so that only what changed is laid
//! out again.

mod watcher;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::SystemTime;

use crate::commands::build::{BuildOptions, BuildReport, BuildSession};
use crate::commands::watch::watcher::FileWatcher;
use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Result};
use crate::progress::Superseded;

/// How long a failed build waits for the rest of a save before it is
/// reported.
const HALF_WRITTEN: std::time::Duration = std::time::Duration::from_millis(50);

/// What `watch` tells its caller.
pub enum Event<'a> {
    /// A rebuild begins (a file changed).
    Building,
    /// A build or rebuild ended; the session holds the documents of the last
    /// good build.
    Built(&'a Result<BuildReport>, &'a BuildSession),
    /// Something about the watching itself, such as a fallback to polling.
    Notice(&'a Diagnostic),
}

/// Builds the project in `dir` and rebuilds it after every change, calling
/// `report` with the outcome of each build. With `poll`, files are looked at
/// periodically instead of through the system's notifications. Never returns.
pub fn watch(dir: &Path, options: &BuildOptions, poll: bool, mut report: impl FnMut(Event)) -> ! {
    let mut watcher = FileWatcher::new(poll);
    let mut session = BuildSession::new();
    let config = dir.join(CONFIG_FILE);
    // Watch the configuration from the start: an edit made during the first
    // build is not lost.
    watcher.update([config.clone()]);
    let mut watched: Vec<PathBuf> = vec![config.clone()];
    let mut first = true;
    loop {
        if !std::mem::take(&mut first) {
            report(Event::Building);
        }
        // What was saved until now, this build reads.
        watcher.forget_pending();
        let started = SystemTime::now();
        // A save of a file the last build read, made while this one runs,
        // stops it between its steps: the next build begins at once.
        let superseded = watcher
            .saves()
            .map(|saved| Superseded(Arc::new(move || saved.load(Ordering::SeqCst))));
        let options = BuildOptions {
            superseded,
            ..options.clone()
        };
        let outcome = session.build(dir, &options);
        // After an error, the last good set of files stays watched as well,
        // so that repairing any of them triggers a rebuild.
        let mut paths = session.inputs();
        if outcome.is_err() {
            paths.extend(watched.iter().cloned());
            paths.push(config.clone());
        }
        paths.sort();
        paths.dedup();
        watched = paths;
        // Keep memory flat over many edits: forget cache entries unused for a while.
        typst::comemo::evict(10);
        // Watch before telling: an edit made as soon as the build is
        // reported must be seen.
        watcher.update(watched.iter().cloned());
        if outcome.as_ref().is_err_and(|error| error.is_superseded()) {
            continue;
        }
        // An editor that saves by truncating and then writing can be read
        // between the two: the build fails on a half-written file. Look
        // again a moment later; if a file changed since the build began,
        // build again instead of showing that error.
        if outcome.is_err() {
            std::thread::sleep(HALF_WRITTEN);
            if watcher.modified_since(started) {
                continue;
            }
        }
        report(Event::Built(&outcome, &session));
        for notice in watcher.take_notices() {
            report(Event::Notice(&notice));
        }
        // A save during the build (perhaps half done when the build read it,
        // in a folder watched only from now on) is built at once.
        if !watcher.modified_since(started) {
            watcher.wait();
        }
    }
}
