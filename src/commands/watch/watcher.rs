//! Knowing when a file a build read has changed, however it was saved.
//!
//! Editors save in many ways: in place, by truncating and writing, by
//! writing a temporary file and renaming it over the original, by deleting
//! and recreating. A watch on the file itself follows its inode and is lost
//! with the first rename (inotify drops it), so confpress watches the
//! *folders* that hold the files, which outlive any save, and picks the
//! events of the files it cares about by their canonical paths. Folders that
//! do not exist (yet), or cannot be watched, are polled.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::diag::{Diagnostic, display_path};

/// After a change, how long to wait for the rest of an editor's save (a
/// rename and a delete, a truncate and a write) before rebuilding. An
/// editor's burst comes within a millisecond or two; what arrives later
/// (a slow truncate-then-write) is caught by the rebuild after a failed
/// build (see `watch`). 25 ms here gave a save → PDF latency of 39 ms on
/// Enzyme, 8 ms gives 20 ms.
const QUIET: Duration = Duration::from_millis(8);

/// How far behind a file's modification time may lag a clock read just
/// before it (the kernel's coarse clock advances by ticks): less than
/// [`QUIET`], so the save a build began for never counts as made during it.
const COARSE_CLOCK: Duration = Duration::from_millis(5);

/// The longest a burst of events may delay a rebuild.
const SETTLE: Duration = Duration::from_millis(300);

/// How often files that get no notifications are looked at.
pub const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// Watches a set of files for changes.
pub struct FileWatcher {
    /// The watched files by canonical path, each with the path as the build
    /// named it (for messages).
    files: HashMap<PathBuf, PathBuf>,
    /// The folders watched for notifications, with the folder each watch is
    /// on: a folder deleted and made anew is another and is watched again.
    folders: HashMap<PathBuf, Identity>,
    /// Files looked at on every poll, with what they were when last seen.
    polled: HashMap<PathBuf, Stamp>,
    /// The notification backend; `None` when everything is polled.
    notify: Option<Notify>,
    /// Whether the user was told that some files are polled.
    told: bool,
    /// What the user should know about the watching itself.
    notices: Vec<Diagnostic>,
    /// Raised by the notification thread when a watched file is saved.
    saved: Arc<AtomicBool>,
    /// The watched files, for the notification thread.
    shared: Arc<RwLock<HashSet<PathBuf>>>,
}

struct Notify {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
}

impl FileWatcher {
    /// A watcher that uses the system's file notifications where it can
    /// (`poll = false`) or looks at every file every [`POLL_INTERVAL`]
    /// (`poll = true`, for network and container file systems that send no
    /// notifications).
    pub fn new(poll: bool) -> Self {
        let mut watcher = Self {
            files: HashMap::new(),
            folders: HashMap::new(),
            polled: HashMap::new(),
            notify: None,
            told: poll,
            notices: Vec::new(),
            saved: Arc::default(),
            shared: Arc::default(),
        };
        if !poll {
            let (tx, events) = channel();
            let (saved, shared) = (watcher.saved.clone(), watcher.shared.clone());
            let handler = move |event: notify::Result<Event>| {
                if let Ok(event) = &event
                    && relevant_kind(&event.kind)
                    && let Ok(files) = shared.read()
                    && event.paths.iter().any(|path| files.contains(path))
                {
                    saved.store(true, Ordering::SeqCst);
                }
                // The receiver is gone only when the watcher is.
                let _ = tx.send(event);
            };
            match RecommendedWatcher::new(handler, notify::Config::default()) {
                Ok(inner) => {
                    watcher.notify = Some(Notify {
                        watcher: inner,
                        events,
                    })
                }
                Err(err) => {
                    watcher.fall_back(&format!("file notifications are unavailable ({err})"))
                }
            }
        }
        watcher
    }

    /// Watches exactly `paths` from now on. Folders are (re-)established
    /// from scratch where they changed, so files that were replaced, and
    /// folders that were removed and made again, are watched again.
    pub fn update(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        let mut files = HashMap::new();
        for path in paths {
            let canonical = canonical(&path);
            // A link is read through: its target's edits count too.
            if let Ok(target) = std::fs::canonicalize(&path)
                && target != canonical
            {
                files.insert(target, path.clone());
            }
            files.insert(canonical, path);
        }
        self.files = files;
        if let Ok(mut shared) = self.shared.write() {
            *shared = self.files.keys().cloned().collect();
        }

        let mut wanted: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
        for file in self.files.keys() {
            let folder = file.parent().unwrap_or(Path::new("/")).to_path_buf();
            wanted.entry(folder).or_default().push(file.clone());
        }
        // Folders no longer needed, or no longer the folder that was watched.
        let stale: Vec<PathBuf> = self
            .folders
            .iter()
            .filter(|(folder, id)| {
                !wanted.contains_key(*folder) || identity(folder).as_ref() != Some(*id)
            })
            .map(|(folder, _)| folder.clone())
            .collect();
        for folder in stale {
            self.folders.remove(&folder);
            if let Some(notify) = &mut self.notify {
                notify.watcher.unwatch(&folder).ok();
            }
        }

        let mut polled = HashMap::new();
        for (folder, files) in wanted {
            if !self.folders.contains_key(&folder) && !self.watch_folder(&folder) {
                for file in files {
                    // Keep what was seen before, so that a change made while
                    // the build ran is still noticed.
                    let stamp = self.polled.remove(&file).unwrap_or_else(|| stamp(&file));
                    polled.insert(file, stamp);
                }
            }
        }
        self.polled = polled;
    }

    /// Starts notifications for `folder`; false if it is polled instead.
    fn watch_folder(&mut self, folder: &Path) -> bool {
        let Some(id) = identity(folder) else {
            // Missing: its files are polled until it exists.
            return false;
        };
        let Some(notify) = &mut self.notify else {
            return false;
        };
        match notify.watcher.watch(folder, RecursiveMode::NonRecursive) {
            Ok(()) => {
                self.folders.insert(folder.to_path_buf(), id);
                true
            }
            Err(err) => {
                let shown = self.shown(folder);
                self.say_polling(&format!("cannot watch `{shown}` ({err})"));
                false
            }
        }
    }

    /// Blocks until a watched file has changed (or the watching changed in a
    /// way that needs a rebuild to re-establish).
    pub fn wait(&mut self) {
        self.wait_until(None);
    }

    /// [`Self::wait`], giving up at `deadline`: true if something changed.
    fn wait_until(&mut self, deadline: Option<Instant>) -> bool {
        loop {
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            let timeout = match (self.timeout(), left) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            let mut changed = match self.next_event(timeout) {
                Next::Event(event) => self.relevant(&event),
                Next::Timeout => false,
                Next::Lost => true,
            };
            if changed {
                self.settle();
            }
            changed |= self.poll();
            if changed {
                return true;
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return false;
            }
        }
    }

    /// Whether a watched file was modified at or after `time` (such as
    /// during the build that just ended, before its watches were set up).
    ///
    /// The kernel stamps a file's modification with a clock that runs up
    /// to a tick (4 ms) behind the one `time` was read from: a file written
    /// just after a build began (an editor's truncate, then its write, the
    /// build reading the empty file between) may carry an earlier time.
    /// So anything within [`COARSE_CLOCK`] before `time` counts; the save
    /// that started the build came at least [`QUIET`] before it.
    pub fn modified_since(&self, time: SystemTime) -> bool {
        let since = time.checked_sub(COARSE_CLOCK).unwrap_or(time);
        // A time in the future (a skewed clock, `touch -d`) is not a save
        // during the build, and would otherwise rebuild forever.
        let now = SystemTime::now();
        self.files.keys().any(|file| {
            std::fs::metadata(file)
                .and_then(|m| m.modified())
                .is_ok_and(|modified| modified >= since && modified <= now)
        })
    }

    /// Forgets the notifications that came before now: a build about to
    /// begin reads what they announce. (Left queued, a save made during a
    /// build, which the next build includes, made yet another build after
    /// it, for nothing.)
    pub fn forget_pending(&mut self) {
        if let Some(notify) = &self.notify {
            while notify.events.try_recv().is_ok() {}
        }
    }

    /// A flag the notification thread raises when a watched file is saved,
    /// lowered here: a build can ask it while it runs, at no cost (looking
    /// at a thousand abstracts' times took 10 ms on each asking). `None`
    /// when nothing comes by notification (everything polled).
    pub fn saves(&self) -> Option<Arc<AtomicBool>> {
        self.notify.as_ref()?;
        self.saved.store(false, Ordering::SeqCst);
        Some(self.saved.clone())
    }

    /// What the user should know about the watching (a fallback to polling),
    /// each said once.
    pub fn take_notices(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.notices)
    }

    /// Waits for the rest of a burst of events.
    fn settle(&mut self) {
        let start = Instant::now();
        while start.elapsed() < SETTLE {
            match self.next_event(Some(QUIET)) {
                Next::Event(_) => {}
                Next::Timeout | Next::Lost => break,
            }
        }
    }

    fn timeout(&self) -> Option<Duration> {
        (self.notify.is_none() || !self.polled.is_empty()).then_some(POLL_INTERVAL)
    }

    fn next_event(&mut self, timeout: Option<Duration>) -> Next {
        let Some(notify) = &self.notify else {
            std::thread::sleep(timeout.unwrap_or(POLL_INTERVAL));
            return Next::Timeout;
        };
        let received = match timeout {
            Some(timeout) => notify.events.recv_timeout(timeout),
            None => notify
                .events
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
        };
        match received {
            Ok(event) => Next::Event(event),
            Err(RecvTimeoutError::Timeout) => Next::Timeout,
            Err(RecvTimeoutError::Disconnected) => {
                self.notify = None;
                self.folders.clear();
                self.fall_back("file notifications stopped");
                Next::Lost
            }
        }
    }

    /// Whether an event concerns a watched file (or a watched folder itself,
    /// removed or moved away with the files in it).
    fn relevant(&mut self, event: &notify::Result<Event>) -> bool {
        let event = match event {
            Ok(event) => event,
            // The backend lost track (such as an overflowing event queue):
            // anything may have changed.
            Err(_) => return true,
        };
        if event.need_rescan() {
            return true;
        }
        relevant_kind(&event.kind)
            && event
                .paths
                .iter()
                .any(|path| self.files.contains_key(path) || self.folders.contains_key(path))
    }

    /// Looks at the polled files; true if any changed since last seen.
    fn poll(&mut self) -> bool {
        let mut changed = false;
        for (file, seen) in &mut self.polled {
            let now = stamp(file);
            if now != *seen {
                *seen = now;
                changed = true;
            }
        }
        changed
    }

    /// Turns notifications off: from now on every file is polled.
    fn fall_back(&mut self, reason: &str) {
        self.notify = None;
        self.folders.clear();
        self.say_polling(reason);
    }

    fn say_polling(&mut self, reason: &str) {
        if std::mem::replace(&mut self.told, true) {
            return;
        }
        let every = POLL_INTERVAL.as_millis();
        self.notices.push(
            Diagnostic::warning(format!(
                "{reason}; checking for changes every {every} ms instead"
            ))
            .hint("`confpress watch --poll` polls from the start"),
        );
    }

    /// A folder as the user named it, for messages.
    fn shown(&self, folder: &Path) -> String {
        self.files
            .iter()
            .find(|(canonical, _)| canonical.parent() == Some(folder))
            .and_then(|(_, named)| named.parent())
            .map_or_else(|| display_path(folder), display_path)
    }
}

enum Next {
    Event(notify::Result<Event>),
    Timeout,
    /// Notifications stopped for good.
    Lost,
}

/// Whether a kind of event can mean new content. Opening and reading (the
/// build's own) and metadata changes cannot.
fn relevant_kind(kind: &EventKind) -> bool {
    use notify::event::ModifyKind;
    match kind {
        EventKind::Any | EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_) | ModifyKind::Other) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// The absolute path of `path` with its folder's symbolic links resolved
/// (the file itself may be missing), as notifications name it.
fn canonical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(folder), Some(name)) => match std::fs::canonicalize(folder) {
            Ok(folder) => folder.join(name),
            Err(_) => absolute,
        },
        _ => absolute,
    }
}

/// Which folder (or file) a path is now: a path made anew is another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Identity(u64, u64);

#[cfg(unix)]
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some(Identity(meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<Identity> {
    std::fs::metadata(path).ok().map(|_| Identity(0, 0))
}

/// What a polled file looks like: its identity, length and modification
/// time, or nothing when it is missing.
type Stamp = Option<(Identity, u64, Option<SystemTime>)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((identity(path)?, meta.len(), meta.modified().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn waits_out(watcher: &mut FileWatcher, limit: Duration) -> bool {
        watcher.wait_until(Some(Instant::now() + limit))
    }

    /// A folder with one file, `a.toml`.
    fn one_file() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        fs::write(&file, "1").unwrap();
        (dir, file)
    }

    /// Saves `file` as many editors do: a new file renamed over it.
    fn save_by_rename(file: &Path, text: &str) {
        let tmp = file.with_extension("toml.tmp");
        fs::write(&tmp, text).unwrap();
        fs::rename(&tmp, file).unwrap();
    }

    /// A file whose modification time is a little before a build's start
    /// (the kernel's clock lagging the one the build read) was saved
    /// during the build; one saved as long before as the save that started
    /// it was not.
    #[test]
    fn a_save_stamped_just_before_the_build_began_counts_as_during_it() {
        let (_dir, file) = one_file();
        let mut watcher = FileWatcher::new(true);
        watcher.update([file.clone()]);
        let started = SystemTime::now();
        let stamp = |before: Duration| {
            let at = started - before;
            fs::File::options()
                .write(true)
                .open(&file)
                .unwrap()
                .set_modified(at)
                .unwrap();
        };
        stamp(Duration::from_millis(3));
        assert!(watcher.modified_since(started));
        stamp(QUIET);
        assert!(!watcher.modified_since(started));
    }

    /// Whether `flag` is raised within `limit`.
    fn raised_within(flag: &AtomicBool, limit: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < limit {
            if flag.load(Ordering::SeqCst) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    #[test]
    fn notifications_before_a_build_are_forgotten_and_later_ones_are_not() {
        let (_dir, file) = one_file();
        let mut watcher = FileWatcher::new(false);
        watcher.update([file.clone()]);
        save_by_rename(&file, "2");
        // Let the notification arrive, then begin a "build".
        std::thread::sleep(Duration::from_millis(200));
        watcher.forget_pending();
        assert!(!waits_out(&mut watcher, Duration::from_millis(400)));
        save_by_rename(&file, "3");
        assert!(waits_out(&mut watcher, Duration::from_secs(5)));
    }

    #[test]
    fn a_save_during_a_build_raises_the_flag_and_another_file_does_not() {
        let (dir, file) = one_file();
        let mut watcher = FileWatcher::new(false);
        watcher.update([file.clone()]);
        let saved = watcher.saves().expect("notifications here");
        fs::write(dir.path().join("b.toml"), "not watched").unwrap();
        assert!(!raised_within(&saved, Duration::from_millis(300)));
        save_by_rename(&file, "2");
        assert!(raised_within(&saved, Duration::from_secs(5)));
        // Lowered for the next build; a plain write raises it again.
        let saved = watcher.saves().unwrap();
        assert!(!saved.load(Ordering::SeqCst));
        fs::write(&file, "3").unwrap();
        assert!(raised_within(&saved, Duration::from_secs(5)));
        assert!(FileWatcher::new(true).saves().is_none(), "polling: no flag");
    }

    #[test]
    fn a_file_saved_by_rename_stays_watched_through_a_relative_path() {
        let (_dir, file) = one_file();
        // A relative path, as a user types it.
        let cwd = std::env::current_dir().unwrap();
        let relative = pathdiff(&file, &cwd);
        let mut watcher = FileWatcher::new(false);
        for n in 0..4 {
            watcher.update([relative.clone()]);
            save_by_rename(&file, &n.to_string());
            assert!(
                waits_out(&mut watcher, Duration::from_secs(5)),
                "rename-save {n} not seen"
            );
        }
    }

    #[test]
    fn falling_back_to_polling_is_said_once_and_still_sees_changes() {
        let (_dir, file) = one_file();
        let mut watcher = FileWatcher::new(false);
        watcher.update([file.clone()]);
        watcher.fall_back("the watch limit is reached");
        watcher.fall_back("again");
        let notices = watcher.take_notices();
        assert_eq!(notices.len(), 1);
        assert_eq!(
            notices[0].message,
            "the watch limit is reached; checking for changes every 300 ms instead"
        );
        watcher.update([file.clone()]);
        save_by_rename(&file, "22");
        assert!(waits_out(&mut watcher, Duration::from_secs(5)));
        assert!(watcher.take_notices().is_empty());
    }

    #[test]
    fn a_save_during_the_build_is_seen_but_not_a_future_time() {
        let (_dir, file) = one_file();
        let mut watcher = FileWatcher::new(false);
        let before = SystemTime::now() - Duration::from_secs(5);
        watcher.update([file.clone()]);
        assert!(watcher.modified_since(before), "written after `before`");
        let later = SystemTime::now() + Duration::from_secs(1);
        assert!(!watcher.modified_since(later));
        let future = SystemTime::now() + Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(future)
            .unwrap();
        assert!(!watcher.modified_since(before), "a future time is no save");
    }

    #[test]
    fn files_beside_the_watched_ones_are_not_changes() {
        let (dir, file) = one_file();
        let mut watcher = FileWatcher::new(false);
        watcher.update([file.clone()]);
        fs::write(dir.path().join(".a.toml.swp"), "swap").unwrap();
        fs::write(dir.path().join("a.toml~"), "backup").unwrap();
        assert!(!waits_out(&mut watcher, Duration::from_millis(400)));
    }

    /// `to` relative to `from` (both absolute), with `..` where needed.
    fn pathdiff(to: &Path, from: &Path) -> PathBuf {
        let to: Vec<_> = to.components().collect();
        let from: Vec<_> = from.components().collect();
        let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
        let mut path = PathBuf::new();
        for _ in common..from.len() {
            path.push("..");
        }
        for part in &to[common..] {
            path.push(part);
        }
        path
    }
}
