//! A running `confpress watch` driven by the watch suites: its output read
//! line by line, and waits for what an edit should lead to.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::common::{Pdf, Workspace};

/// How long any one expected outcome may take. Generous: the suites share
/// the test threads with everything else, and a deaf watcher never answers.
const PATIENCE: Duration = Duration::from_secs(20);

/// How the project folder is named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectPath {
    /// `proj`, relative to the working directory (as the README shows).
    Relative,
    /// The absolute path of the same folder.
    Absolute,
}

/// A running `confpress watch`, killed when dropped.
pub struct Watching {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(stream: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

impl Watching {
    /// Watches `proj` of the workspace, named relatively.
    pub fn start(ws: &Workspace) -> Self {
        Self::start_with(ws, &[])
    }

    /// Watches `proj` of the workspace, named relatively, with extra options.
    pub fn start_with(ws: &Workspace, options: &[&str]) -> Self {
        Self::start_at(ws, ProjectPath::Relative, options)
    }

    /// Watches `proj` of the workspace, named as `path` says.
    pub fn start_at(ws: &Workspace, path: ProjectPath, options: &[&str]) -> Self {
        Self::run("watch", ws, path, options)
    }

    /// Serves `proj` of the workspace (`confpress serve`), named relatively.
    pub fn serve(ws: &Workspace, options: &[&str]) -> Self {
        Self::run("serve", ws, ProjectPath::Relative, options)
    }

    fn run(command: &str, ws: &Workspace, path: ProjectPath, options: &[&str]) -> Self {
        let absolute = ws.path().join("proj");
        let project = match path {
            ProjectPath::Relative => Path::new("proj"),
            ProjectPath::Absolute => absolute.as_path(),
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_confpress"))
            .arg(command)
            .arg(project)
            .args(options)
            .current_dir(ws.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("confpress watch starts");
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        Self {
            child,
            stdout,
            stderr,
        }
    }

    /// Waits for a line on stdout starting with `prefix`.
    #[track_caller]
    pub fn expect_stdout(&self, prefix: &str) -> String {
        expect(&self.stdout, prefix)
    }

    /// Waits for a line on stderr starting with `prefix`.
    #[track_caller]
    pub fn expect_stderr(&self, prefix: &str) -> String {
        expect(&self.stderr, prefix)
    }

    /// Waits until a rebuild has written a `pdf` (path in the workspace) whose
    /// text contains `marker`. Builds of in-between states (an editor's
    /// half-done save) may come first; they are passed over.
    #[track_caller]
    pub fn expect_pdf_text(&self, ws: &Workspace, pdf: &str, marker: &str, step: &str) {
        let path = ws.path().join(pdf);
        let holds = || {
            std::fs::read(&path)
                .ok()
                .is_some_and(|bytes| Pdf::from_bytes(bytes).text().contains(marker))
        };
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stdout.recv_timeout(left) {
                Ok(line) => {
                    let rebuilt = line.starts_with("rebuilt ");
                    seen.push(line);
                    if rebuilt && holds() {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
        let errors: Vec<String> = self.stderr.try_iter().collect();
        panic!(
            "{step}: no rebuild put {marker:?} into {pdf} within {PATIENCE:?}; \
             stdout {seen:?}; stderr {errors:?}"
        );
    }

    /// Waits until a rebuild line names `pdf` and returns it.
    #[track_caller]
    pub fn expect_rebuilt(&self, pdf: &str, step: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stdout.recv_timeout(left) {
                Ok(line) if line.starts_with("rebuilt ") && line.contains(pdf) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!("{step}: no rebuild of {pdf} within {PATIENCE:?}; stdout {seen:?}");
    }

    /// What was printed on stderr so far.
    pub fn stderr_lines(&self) -> Vec<String> {
        self.stderr.try_iter().collect()
    }

    /// Forgets what was printed so far.
    pub fn drain(&self) {
        self.stdout.try_iter().for_each(drop);
        self.stderr.try_iter().for_each(drop);
    }

    /// Asserts that nothing is printed for `quiet`.
    #[track_caller]
    pub fn expect_silence(&self, quiet: Duration, step: &str) {
        std::thread::sleep(quiet);
        let out: Vec<String> = self.stdout.try_iter().collect();
        let err: Vec<String> = self.stderr.try_iter().collect();
        assert!(
            out.is_empty() && err.is_empty(),
            "{step}: expected no output, got stdout {out:?}, stderr {err:?}"
        );
    }

    /// The resident memory of the watching process in KiB, where the system
    /// says (Linux).
    pub fn resident_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}

#[track_caller]
fn expect(rx: &Receiver<String>, prefix: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) if line.starts_with(prefix) => return line,
            Ok(line) => seen.push(line),
            Err(_) => break,
        }
    }
    panic!("no line starting with {prefix:?}; saw {seen:?}");
}
