//! Build benchmarks (`cargo bench`): cold builds of both PDFs for the Enzyme
//! project and for synthetic projects of 1,000 and 5,000 contributions, their
//! peak memory, and the rebuild time after editing one abstract, each beside
//! the target from issue 5. Where a stock `typst` CLI is available (on PATH or
//! in $TYPST), the ejected project is compiled with it as the baseline.
//!
//! Real shapes (a frab congress, an Indico meeting) are measured by
//! [`shapes`]. `cargo bench -- --quick` measures the Enzyme project, N = 200
//! and the real shapes once each; `-- --scale N` only the synthetic project of
//! N contributions (at N ≤ 1,000 with `serve`'s latency on a volume page).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use confpress::commands::build::{BuildOptions, BuildSession};

#[path = "../examples/scale.rs"]
mod scale;

mod shapes;

// Screenshots are the tests' business.
#[allow(dead_code)]
#[path = "../tests/integration/browser.rs"]
mod browser;

/// Wall time and peak resident memory (MiB) of one child process.
// The child is reaped by `wait4`, which also reports its peak memory.
#[allow(clippy::zombie_processes)]
fn measure(mut command: Command) -> (Duration, f64) {
    let started = Instant::now();
    // Warnings of real exports would bury the figures.
    let child = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the command starts");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, with valid pointers to locals.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    assert!(
        pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{command:?} failed"
    );
    (elapsed, usage.ru_maxrss as f64 / 1024.0)
}

fn confpress(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_confpress"));
    command.args(args);
    command
}

/// The best of `runs` cold builds (a new process each time).
fn cold(dir: &Path, out: &Path, runs: usize) -> (Duration, f64) {
    cold_with(dir, out, runs, &[], false)
}

/// `taskset`, to pin a process to one core, if the machine has it.
fn taskset() -> Option<PathBuf> {
    ["/usr/bin/taskset", "/bin/taskset"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// The best of `runs` cold builds with extra arguments, on one core when
/// `one_core` (and `taskset` exists).
fn cold_with(
    dir: &Path,
    out: &Path,
    runs: usize,
    extra: &[&str],
    one_core: bool,
) -> (Duration, f64) {
    (0..runs)
        .map(|_| {
            let mut args = vec![
                "build",
                dir.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ];
            args.extend(extra);
            let command = match taskset().filter(|_| one_core) {
                Some(taskset) => {
                    let mut command = Command::new(taskset);
                    command
                        .args(["-c", "0", env!("CARGO_BIN_EXE_confpress")])
                        .args(&args);
                    command
                }
                None => confpress(&args),
            };
            measure(command)
        })
        .min_by_key(|(t, _)| *t)
        .unwrap()
}

fn rebuild(dir: &Path, out: &Path, file: &Path, edit: impl Fn(&str, usize) -> String) -> Duration {
    let options = BuildOptions {
        out: Some(out.to_path_buf()),
        ..Default::default()
    };
    let mut session = BuildSession::new();
    session.build(dir, &options).expect("first build");
    let original = std::fs::read_to_string(file).unwrap();
    let mut best = Duration::MAX;
    for i in 0..3 {
        std::fs::write(file, edit(&original, i)).unwrap();
        let started = Instant::now();
        session.build(dir, &options).expect("rebuild");
        best = best.min(started.elapsed());
    }
    std::fs::write(file, original).unwrap();
    best
}

/// The edits a rebuild is measured after.
fn edit_by(how: &str) -> fn(&str, usize) -> String {
    match how {
        "welcome" => {
            |text, i| text.replace("Welcome to Boulder", &format!("Welcome ({i}) to Boulder"))
        }
        _ => |text, i| format!("{text}\nEdited, take {i}.\n"),
    }
}

/// [`rebuild`] in a process of its own (this benchmark run again), so that
/// the memory of its warm session does not stay with this process, whose
/// children would inherit its peak (`wait4` reports a child's peak memory
/// from before its `exec` too).
fn rebuild_in_child(dir: &Path, out: &Path, file: &Path, how: &str) -> Duration {
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--rebuild-child", how])
        .args([dir, out, file])
        .output()
        .expect("the benchmark runs itself");
    assert!(output.status.success(), "{output:?}");
    let micros: u64 = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("micros");
    Duration::from_micros(micros)
}

/// Watch latency, as a user sees it: `confpress watch` runs on `dir`; each
/// of `edits` saves of `file` is timed from the write until the watcher says
/// it rewrote the PDFs (they are on disk by then). Returns the times.
fn watch_latency(
    dir: &Path,
    file: &Path,
    edits: usize,
    edit: impl Fn(&str, usize) -> String,
) -> Vec<Duration> {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = confpress(&["watch", dir.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("confpress watch starts");
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for_rebuild = || loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("watch answers");
        if line.starts_with("rebuilt ") || line.starts_with("built ") {
            return;
        }
    };
    wait_for_rebuild();
    let original = std::fs::read_to_string(file).unwrap();
    let mut times = Vec::new();
    for i in 0..edits {
        // Let the watcher settle between saves, as between keystrokes and a save.
        std::thread::sleep(Duration::from_millis(400));
        let started = Instant::now();
        std::fs::write(file, edit(&original, i)).unwrap();
        wait_for_rebuild();
        times.push(started.elapsed());
    }
    let _ = child.kill();
    let _ = child.wait();
    std::fs::write(file, original).unwrap();
    times
}

/// Which page of which document a serve latency is measured on: the
/// document's kind and a JavaScript expression the preview page evaluates to
/// the page's index once it has the state of the build.
struct Shown<'a> {
    kind: &'a str,
    page: &'a str,
}

/// `confpress serve` in a headless browser: from the write of an edit to
/// the edited page painted in the browser (the page's SVG in place, two
/// animation frames later), per edit. `None` without a chromium.
fn serve_latency(
    dir: &Path,
    file: &Path,
    shown: Shown,
    edits: usize,
    edit: impl Fn(&str, usize) -> String,
) -> Option<Vec<Duration>> {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut browser = browser::Browser::start("the serve latency")?;
    let mut child = confpress(&["serve", dir.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("confpress serve starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("serve speaks").unwrap();
        if let Some(rest) = line.strip_prefix("serving the preview at ") {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    browser.open(&url);
    let patience = Duration::from_secs(120);
    // The page's script declares `state` and `switchTo`; wait until it ran.
    browser.wait_for(
        "typeof state !== 'undefined' && state && state.documents.length",
        "the build",
        patience,
    );
    let page = browser.wait_for(
        &format!("(switchTo('{}'), String({}))", shown.kind, shown.page),
        "the page's index",
        patience,
    );
    let page: usize = page.as_str().unwrap().parse().expect("a page index");
    browser.wait_for(
        &format!("document.querySelector('.page[data-index=\"{page}\"]')"),
        "the page's place",
        patience,
    );
    browser.eval(&format!(
        "document.querySelector('.page[data-index=\"{page}\"]').scrollIntoView(); 0"
    ));
    let loaded =
        format!("document.querySelector('.page[data-index=\"{page}\"]')?.dataset.loaded || ''");
    browser.wait_for(&loaded, "the page", Duration::from_secs(60));
    // Note the wall-clock time at which the page's new SVG is painted.
    browser.eval(&format!(
        "window.__painted = null; new MutationObserver(() => requestAnimationFrame(() => requestAnimationFrame(() => window.__painted = Date.now()))).observe(document.querySelector('.page[data-index=\"{page}\"]'), {{ attributes: true, attributeFilter: ['data-loaded'] }}); 0"
    ));
    let original = std::fs::read_to_string(file).unwrap();
    let mut times = Vec::new();
    for i in 0..edits {
        std::thread::sleep(Duration::from_millis(400));
        browser.eval("window.__painted = null; 0");
        let written = std::time::SystemTime::now();
        std::fs::write(file, edit(&original, i)).unwrap();
        let painted = browser.wait_for(
            "window.__painted",
            "the edited page",
            Duration::from_secs(60),
        );
        let painted =
            std::time::UNIX_EPOCH + Duration::from_millis(painted.as_f64().unwrap() as u64);
        times.push(painted.duration_since(written).unwrap_or_default());
    }
    let _ = child.kill();
    let _ = child.wait();
    std::fs::write(file, original).unwrap();
    Some(times)
}

/// Prints the median of serve's `latencies` (`None`: no chromium) for
/// `what` (the save and the page), beside its `target`.
fn report_serve(latencies: Option<Vec<Duration>>, what: &str, target: &str) {
    match latencies {
        Some(latencies) => println!(
            "  serve, {what} painted in chromium: {}  (target ≤ {target})",
            median_of(latencies)
        ),
        None => println!("  serve latency: not measured (no chromium)"),
    }
}

/// "median M of [each in ms, sorted]", for latencies of several edits.
fn median_of(mut latencies: Vec<Duration>) -> String {
    latencies.sort();
    let each: Vec<u128> = latencies.iter().map(Duration::as_millis).collect();
    format!("median {} of {each:?}", ms(latencies[latencies.len() / 2]))
}

/// The stock Typst CLI on the ejected project: booklet, then proceedings.
fn typst_baseline(typst: &Path, dir: &Path, scratch: &Path) -> (Duration, f64) {
    typst_baseline_on(typst, dir, scratch, false)
}

/// The stock Typst CLI on the ejected project, on one core when `one_core`.
fn typst_baseline_on(typst: &Path, dir: &Path, scratch: &Path, one_core: bool) -> (Duration, f64) {
    let ejected = scratch.join("ejected");
    let _ = std::fs::remove_dir_all(&ejected);
    shapes::eject(dir, &ejected);
    compile_ejected(typst, &ejected, one_core)
}

/// The stock CLI compiling an ejected project's two documents with the
/// README's commands (on one core when `one_core`): their total time and
/// the larger peak.
fn compile_ejected(typst: &Path, ejected: &Path, one_core: bool) -> (Duration, f64) {
    let mut total = Duration::ZERO;
    let mut peak: f64 = 0.0;
    for name in ["booklet", "proceedings"] {
        let mut command = match taskset().filter(|_| one_core) {
            Some(taskset) => {
                let mut command = Command::new(taskset);
                command.args(["-c", "0"]).arg(typst);
                command
            }
            None => Command::new(typst),
        };
        command
            .current_dir(ejected)
            .args(ejected_command(ejected, name));
        let (t, m) = measure(command);
        total += t;
        peak = peak.max(m);
    }
    (total, peak)
}

/// The arguments of `typst` that the ejected project's README gives for
/// `name` (so the baseline does the same work: fonts, date, PDF standards).
fn ejected_command(ejected: &Path, name: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(ejected.join("README.txt")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("typst ") && l.contains(&format!("templates/{name}.typ")))
        .expect("the README names the command");
    line.split_whitespace().skip(1).map(str::to_owned).collect()
}

fn which_typst() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("TYPST") {
        return Some(PathBuf::from(path));
    }
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join("typst"))
        .find(|p| p.is_file())
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// The Enzyme project (cold, rebuild, watch and serve) and the real shapes.
fn enzyme_and_shapes(enzyme: &Path, typst: Option<&Path>, scratch: &Path, runs: usize) {
    let (t, mem) = cold(enzyme, &scratch.join("enzyme-out"), runs);
    println!("\nEnzyme 2023: cold build {} , peak {mem:.0} MiB", ms(t));
    if let Some(typst) = typst {
        let (base, base_mem) = typst_baseline(typst, enzyme, scratch);
        println!(
            "  typst compile (ejected): {} , peak {base_mem:.0} MiB",
            ms(base)
        );
        println!(
            "  ratio {:.2}  (target ≤ 0.60)",
            t.as_secs_f64() / base.as_secs_f64()
        );
    }
    // The Enzyme project has no abstracts: edit the config's welcome text instead.
    let copy = scratch.join("enzyme");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::copy(enzyme.join("conference.toml"), copy.join("conference.toml")).unwrap();
    let r = rebuild_in_child(
        &copy,
        &scratch.join("enzyme-watch"),
        &copy.join("conference.toml"),
        "welcome",
    );
    println!("  rebuild after an edit: {}  (target ≤ 30 ms)", ms(r));
    let latencies = watch_latency(&copy, &copy.join("conference.toml"), 5, |text, i| {
        text.replace("Welcome to Boulder", &format!("Welcome [{i}] to Boulder"))
    });
    println!(
        "  watch, save → new PDFs on disk: {}  (target ≤ 30 ms)",
        median_of(latencies)
    );

    let welcome = Shown {
        kind: "booklet",
        page: "1",
    };
    let latencies = serve_latency(
        &copy,
        &copy.join("conference.toml"),
        welcome,
        5,
        |text, i| text.replace("Welcome to Boulder", &format!("Welcome <{i}> to Boulder")),
    );
    report_serve(latencies, "save → edited page", "100 ms");

    shapes::run(typst, scratch, runs.min(3));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--rebuild-child") {
        let [how, dir, out, file] = [1, 2, 3, 4].map(|i| args[at + i].as_str());
        let r = rebuild(
            Path::new(dir),
            Path::new(out),
            Path::new(file),
            edit_by(how),
        );
        println!("{}", r.as_micros());
        return;
    }
    let quick = std::env::args().any(|a| a == "--quick");
    // `--scale N`: only the synthetic project of N contributions.
    let only_scale: Option<usize> = args
        .iter()
        .position(|a| a == "--scale")
        .and_then(|at| args.get(at + 1)?.parse().ok());
    let scratch = tempfile::tempdir().unwrap();
    let typst = which_typst();
    let enzyme = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let runs = if quick { 1 } else { 5 };
    println!("confpress benchmarks (best of {runs} cold runs, whole process; 2 cores here)");
    if typst.is_none() {
        println!("no `typst` CLI found (PATH or $TYPST): baselines are not measured");
    }

    if only_scale.is_none() {
        enzyme_and_shapes(&enzyme, typst.as_deref(), scratch.path(), runs);
    }

    let sizes: &[usize] = match &only_scale {
        Some(n) => std::slice::from_ref(n),
        None if quick => &[200],
        None => &[1000, 5000, 10000],
    };
    let mut times = Vec::new();
    for &n in sizes {
        let dir = scratch.path().join(format!("scale-{n}"));
        scale::generate(n, &dir).unwrap();
        let (t, mem) = cold(
            &dir,
            &dir.join("out"),
            if n > 1000 { 1 } else { runs.min(3) },
        );
        times.push((n, t));
        println!("\nN = {n}: cold build {} , peak {mem:.0} MiB", ms(t));
        if n >= 5000 {
            println!("  (target: peak < 2048 MiB)");
        }
        if n <= 5000 {
            let (tj, mem_j) = cold_with(&dir, &dir.join("out-jobs"), 1, &["--jobs", "2"], false);
            println!(
                "  with --jobs 2: {} , peak {mem_j:.0} MiB ({:.2} × the default)",
                ms(tj),
                tj.as_secs_f64() / t.as_secs_f64()
            );
        }
        if n == 1000 && taskset().is_some() {
            // This machine's speed drifts by up to half within minutes: on
            // one core the two are compared in interleaved rounds.
            let rounds = if quick { 1 } else { 5 };
            let mut pairs = Vec::new();
            for round in 0..rounds {
                let ours = || cold_with(&dir, &dir.join("out-1core"), 1, &["--jobs", "1"], true).0;
                let stock = || {
                    typst
                        .as_ref()
                        .map(|typst| typst_baseline_on(typst, &dir, scratch.path(), true).0)
                };
                // Each goes first every other round.
                let pair = if round % 2 == 0 {
                    let t = ours();
                    (t, stock())
                } else {
                    let b = stock();
                    (ours(), b)
                };
                pairs.push(pair);
            }
            let mean = |it: &mut dyn Iterator<Item = Duration>| {
                let all: Vec<Duration> = it.collect();
                all.iter().sum::<Duration>() / all.len().max(1) as u32
            };
            let t1 = mean(&mut pairs.iter().map(|p| p.0));
            print!(
                "  on one core ({rounds} interleaved rounds): mean {}",
                ms(t1)
            );
            if pairs.iter().all(|p| p.1.is_some()) {
                let b1 = mean(&mut pairs.iter().filter_map(|p| p.1));
                let mut ratios: Vec<f64> = pairs
                    .iter()
                    .filter_map(|(t, b)| Some(t.as_secs_f64() / (*b)?.as_secs_f64()))
                    .collect();
                ratios.sort_by(f64::total_cmp);
                print!(
                    " ; typst compile on one core: mean {} ; ratio of means {:.2}, median ratio of a round {:.2} (target ≤ 1.0)",
                    ms(b1),
                    t1.as_secs_f64() / b1.as_secs_f64(),
                    ratios[ratios.len() / 2]
                );
            }
            println!();
        }
        if let Some(typst) = &typst {
            let (base, base_mem) = typst_baseline(typst, &dir, scratch.path());
            println!(
                "  typst compile (ejected): {} , peak {base_mem:.0} MiB",
                ms(base)
            );
            println!(
                "  time ratio {:.2}, memory ratio {:.2} (target ≤ 0.50)",
                t.as_secs_f64() / base.as_secs_f64(),
                mem / base_mem
            );
        }
        let middle = dir.join(format!("abstracts/c{}.md", n / 2));
        let r = rebuild_in_child(&dir, &dir.join("watch-out"), &middle, "append");
        println!(
            "  rebuild after editing one abstract: {}  ({:.2} × cold; target ≤ 0.10)",
            ms(r),
            r.as_secs_f64() / t.as_secs_f64()
        );
        if n <= 1000 {
            // The first contribution begins on the page labelled 1.
            let shown = Shown {
                kind: "proceedings",
                page: "doc().pages.findIndex(p => p.label === '1')",
            };
            let first = dir.join("abstracts/c0.md");
            let latencies = serve_latency(&dir, &first, shown, 5, edit_by("append"));
            report_serve(latencies, "save one abstract → its page", "300 ms");
        }
    }
    for pair in times.windows(2) {
        let ((n1, t1), (n2, t2)) = (pair[0], pair[1]);
        let target = if n2 == 10000 { "≤ 2.2" } else { "≤ 5.5" };
        println!(
            "\nN = {n1} → {n2}: time ratio {:.2} (target {target})",
            t2.as_secs_f64() / t1.as_secs_f64()
        );
    }

    // Other shapes: a poster list (no sessions), a volume by title.
    let posters: &[usize] = if quick { &[200] } else { &[1000, 4000] };
    let mut poster_times = Vec::new();
    for &n in posters {
        let dir = scratch.path().join(format!("posters-{n}"));
        scale::generate_shape(n, &dir, scale::Shape::Posters).unwrap();
        let (t, mem) = cold(&dir, &dir.join("out"), 1);
        poster_times.push(t);
        println!(
            "\n{n} posters outside sessions: cold build {} , peak {mem:.0} MiB  (target: peak < 2048 MiB)",
            ms(t)
        );
    }
    if let [t1, t4] = poster_times[..] {
        println!(
            "  1,000 → 4,000 posters: time ratio {:.2} (target ≤ 4.5)",
            t4.as_secs_f64() / t1.as_secs_f64()
        );
    }
    // One poster session of them all: cut inside the session.
    let n = if quick { 200 } else { 4000 };
    let dir = scratch.path().join(format!("poster-session-{n}"));
    scale::generate_shape(n, &dir, scale::Shape::PosterSession).unwrap();
    let (t, mem) = cold(&dir, &dir.join("out"), 1);
    println!(
        "\n{n} posters in one session: cold build {} , peak {mem:.0} MiB  (target: peak < 2048 MiB)",
        ms(t)
    );
    let n = if quick { 200 } else { 1000 };
    let dir = scratch.path().join(format!("title-{n}"));
    scale::generate_shape(n, &dir, scale::Shape::ByTitle).unwrap();
    let (t, mem) = cold(&dir, &dir.join("out"), 1);
    println!(
        "\nN = {n}, the volume by title: cold build {} , peak {mem:.0} MiB",
        ms(t)
    );
}
