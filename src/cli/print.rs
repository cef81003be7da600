//! The one place that prints: reports of what a command did, and
//! diagnostics (through `confpress::report`).

use std::io::{IsTerminal, Write};
use std::path::Path;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use confpress::commands::build::BuildReport;
use confpress::commands::eject::Ejected;
use confpress::commands::import::ImportReport;
use confpress::diag::display_path;
use confpress::diag::{Diagnostic, count};
use confpress::report;

/// What `build` wrote (`wrote = true`) or `check` checked.
pub fn build(report: &BuildReport, wrote: bool) {
    diagnostics(&report.warnings);
    let mut out = std::io::stdout().lock();
    for w in &report.written {
        let path = display_path(&w.path);
        let size = w.bytes.div_ceil(1024);
        let _ = match w.pages {
            None => writeln!(out, "wrote {path} ({size} KiB)"),
            Some(1) => writeln!(out, "wrote {path} (1 page, {size} KiB)"),
            Some(n) => writeln!(out, "wrote {path} ({n} pages, {size} KiB)"),
        };
    }
    if let Some(changes) = &report.changes {
        print_changes(&mut out, changes);
    }
    if !report.system_fonts.is_empty() {
        let _ = writeln!(
            out,
            "used system fonts: {} (--ignore-system-fonts builds without them)",
            report.system_fonts.join(", ")
        );
    }
    let verb = if wrote { "built" } else { "checked" };
    let in_parts = [
        ("booklet", report.booklet_parts),
        ("proceedings", report.proceedings_parts),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 1)
    .map(|(name, n)| format!("the {name} in {n} parts"))
    .collect::<Vec<_>>();
    let parts = match in_parts.is_empty() {
        true => String::new(),
        false => format!(" ({})", in_parts.join(", ")),
    };
    let _ = writeln!(
        out,
        "{verb} {}, {}, {} in {:.2} s{parts}",
        count(report.sessions, "session"),
        count(report.contributions, "contribution"),
        count(report.pages.len(), "document"),
        report.elapsed.as_secs_f64()
    );
}

/// What a long build shows while it runs: with `--verbose`, each step on
/// its own line with the time so far; on a terminal, a spinner with the
/// current step once the build has taken a second; otherwise nothing.
pub struct Spinner {
    sink: Option<confpress::progress::Progress>,
    bar: Option<(
        indicatif::ProgressBar,
        std::sync::Arc<std::sync::atomic::AtomicBool>,
    )>,
}

impl Spinner {
    /// Starts showing a build's progress.
    pub fn start(verbose: bool, quiet: bool) -> Self {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::time::{Duration, Instant};
        let started = Instant::now();
        if verbose {
            let sink = confpress::progress::Progress(Arc::new(move |step: String| {
                eprintln!("[{:6.2} s] {step}", started.elapsed().as_secs_f64());
            }));
            return Self {
                sink: Some(sink),
                bar: None,
            };
        }
        if quiet || !std::io::stderr().is_terminal() {
            return Self {
                sink: None,
                bar: None,
            };
        }
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.set_message("loading");
        let done = Arc::new(AtomicBool::new(false));
        let (shown, flag) = (bar.clone(), done.clone());
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !flag.load(Ordering::SeqCst) {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        let messages = bar.clone();
        let sink =
            confpress::progress::Progress(Arc::new(move |step: String| messages.set_message(step)));
        Self {
            sink: Some(sink),
            bar: Some((bar, done)),
        }
    }

    /// What the build is told to report to.
    pub fn sink(&self) -> Option<confpress::progress::Progress> {
        self.sink.clone()
    }

    /// Clears the spinner before the report is printed.
    pub fn finish(self) {
        if let Some((bar, done)) = self.bar {
            done.store(true, std::sync::atomic::Ordering::SeqCst);
            bar.finish_and_clear();
        }
    }
}

/// The changes since print, by day: "  10:00  moved  id “title”: was → now (p. 5)".
fn print_changes(out: &mut impl Write, changes: &[confpress::documents::event::changes::Change]) {
    if changes.is_empty() {
        let _ = writeln!(out, "no changes since print: no changes.pdf written");
        return;
    }
    let _ = writeln!(out, "{} since print:", count(changes.len(), "change"));
    let mut day: Option<&Option<String>> = None;
    for c in changes {
        if day != Some(&c.day_label) {
            day = Some(&c.day_label);
            let _ = writeln!(
                out,
                "  {}",
                c.day_label.as_deref().unwrap_or("not scheduled")
            );
        }
        let detail = match (&c.was, &c.now) {
            (Some(was), Some(now)) => format!(": {was} → {now}"),
            (Some(was), None) => format!(" (was {was})"),
            (None, Some(now)) => format!(": {now}"),
            (None, None) => String::new(),
        };
        let page = c
            .page
            .map(|p| format!(" (booklet p. {p})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "    {:5}  {:13} {} “{}”{detail}{page}",
            c.start.as_deref().unwrap_or(""),
            c.kind.label(),
            c.id,
            c.title
        );
    }
}

/// What `watch` and `serve` say after each build: what was rebuilt, or
/// what stopped it; notices about the watching itself.
pub fn watch_event(event: &confpress::commands::watch::Event) {
    use confpress::commands::watch::Event;
    match event {
        Event::Building => {}
        Event::Built(Ok(report), _) => rebuild(report),
        Event::Built(Err(confpress::diag::Error(errors)), _) => diagnostics(errors),
        Event::Notice(notice) => diagnostics(std::slice::from_ref(*notice)),
    }
}

/// Where `serve` shows the preview; with `open`, opens it in the browser.
pub fn serving(addr: std::net::SocketAddr, open: bool) {
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_owned()
    } else if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    let url = format!("http://{host}:{}/", addr.port());
    println!("serving the preview at {url} (Ctrl+C to stop)");
    if open {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        let _ = std::process::Command::new(opener).arg(&url).spawn();
    }
}

/// One line per rebuild of `watch`: which files, how long.
pub fn rebuild(report: &BuildReport) {
    diagnostics(&report.warnings);
    let files: Vec<String> = report
        .written
        .iter()
        .filter(|w| w.path.extension().is_some_and(|e| e == "pdf"))
        .map(|w| display_path(&w.path))
        .collect();
    if files.is_empty() {
        println!(
            "no PDF affected, checked in {} ms",
            report.elapsed.as_millis()
        );
    } else {
        println!(
            "rebuilt {} in {} ms",
            files.join(", "),
            report.elapsed.as_millis()
        );
    }
}

/// What `eject` wrote and how to compile it.
pub fn ejected(ejected: &Ejected) {
    println!(
        "wrote {} files to {}",
        ejected.files,
        display_path(&ejected.dir)
    );
    println!("compile them there with:");
    for command in &ejected.commands {
        println!("  {command}");
    }
}

/// What `import` read and wrote.
pub fn imported(report: &ImportReport, file: &Path, out: &Path) {
    diagnostics(&report.warnings);
    let committees = match report.committees {
        0 => String::new(),
        n => format!(" and {}", count(n, "committee")),
    };
    if report.joined {
        println!(
            "joined {}{committees} from {} ({}) to {}",
            count(report.events, "paper"),
            display_path(file),
            report.format,
            display_path(out)
        );
    } else if report.papers {
        println!(
            "imported {}{committees} in {} from {} ({}) into {}",
            count(report.events, "paper"),
            count(report.sessions, "session"),
            display_path(file),
            report.format,
            display_path(out)
        );
    } else {
        schedule_imported(report, file, out);
    }
    println!(
        "wrote {}, left {} unchanged",
        count(report.written.len(), "file"),
        report.unchanged
    );
    println!("build it with: confpress build {}", display_path(out));
}

/// The first line of what a schedule import did.
fn schedule_imported(report: &ImportReport, file: &Path, out: &Path) {
    let untimed = match report.untimed {
        0 => String::new(),
        n => format!(" and {} without a time", count(n, "contribution")),
    };
    println!(
        "imported {}{untimed} in {} over {} from {} ({}) into {}",
        count(report.events, "event"),
        count(report.sessions, "session"),
        count(report.days, "day"),
        display_path(file),
        report.format,
        display_path(out)
    );
}

/// What `init` wrote.
pub fn initialised(written: &[std::path::PathBuf], dir: &Path) {
    for path in written {
        println!("wrote {}", display_path(path));
    }
    println!("build it with: confpress build {}", display_path(dir));
}

/// Opens the written PDFs with the desktop's viewer, ignoring failures: this
/// is a convenience, not part of the build.
pub fn open_in_viewer(report: &BuildReport) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    for w in report
        .written
        .iter()
        .filter(|w| w.path.extension().is_some_and(|e| e == "pdf"))
    {
        let _ = std::process::Command::new(opener).arg(&w.path).spawn();
    }
}

/// A check's findings as one JSON document on standard output: `ok`, then
/// every error and warning with its severity, message, place (file, line,
/// column, when it has one), hints and notes.
pub fn json_findings(result: &Result<BuildReport, confpress::diag::Error>) {
    let diagnostics: &[Diagnostic] = match result {
        Ok(report) => &report.warnings,
        Err(confpress::diag::Error(diagnostics)) => diagnostics,
    };
    let findings: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let place = d.location.as_ref().map(|l| {
                let (line, column) = l.line_col();
                serde_json::json!({ "file": l.file, "line": line, "column": column })
            });
            serde_json::json!({
                "severity": match d.severity {
                    confpress::diag::Severity::Error => "error",
                    confpress::diag::Severity::Warning => "warning",
                },
                "message": d.message,
                "place": place,
                "hints": d.hints,
                "notes": d.notes,
            })
        })
        .collect();
    let document = serde_json::json!({ "ok": result.is_ok(), "findings": findings });
    let text = serde_json::to_string_pretty(&document).unwrap_or_default();
    println!("{text}");
}

/// Errors and warnings, with their source lines, on standard error.
pub fn diagnostics(diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let color = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut stderr = StandardStream::stderr(color);
    if report::emit(&mut stderr, diagnostics).is_err() {
        for diagnostic in diagnostics {
            eprintln!("{diagnostic}");
        }
    }
}

/// What `publish` wrote.
pub fn published(report: &confpress::commands::publish::PublishReport) {
    diagnostics(&report.warnings);
    println!(
        "wrote {} for {} into {}",
        count(report.files.len(), "file"),
        report.target.name(),
        display_path(&report.dir)
    );
}
