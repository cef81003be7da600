//! Benchmarks on the shapes real meetings have (issue 30): a congress
//! imported from its frab export (35C3, 927 events) and a physics meeting
//! from Indico (Quark Matter 2017), each built cold; the booklet's cost per
//! page type (the programme at a glance against the average page); and,
//! where a stock `typst` CLI is available, the ejected project compiled with
//! the templates *as they were when issue 30 began* (taken from git), so
//! that later template changes do not move the yardstick.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::{cold, cold_with, compile_ejected, confpress, ms};

/// The commit whose templates are the fixed baseline.
const BASELINE: &str = "9fe9262";

/// The real exports measured: name, file under `tests/fixtures/schedules`.
const SHAPES: &[(&str, &str)] = &[
    ("35C3 (frab, 927 events)", "frab-35c3.xml"),
    ("Quark Matter 2017 (Indico)", "indico-qm2017-extract.json"),
];

/// Measures every shape and prints the results.
pub fn run(typst: Option<&Path>, scratch: &Path, runs: usize) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schedules");
    for (name, file) in SHAPES {
        let dir = scratch.join(format!("shape-{file}"));
        let status = confpress(&[
            "import",
            fixtures.join(file).to_str().unwrap(),
            "--out",
            dir.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
        if !status.success() {
            println!("\n{name}: does not import; not measured");
            continue;
        }
        let (t, mem) = cold(&dir, &dir.join("out"), runs);
        println!(
            "\n{name}: cold build of both PDFs {} , peak {mem:.0} MiB",
            ms(t)
        );
        let (tb, mem_b) = cold_with(
            &dir,
            &dir.join("out-b"),
            runs,
            &["--only", "booklet"],
            false,
        );
        println!("  booklet alone: {} , peak {mem_b:.0} MiB", ms(tb));
        page_costs(&dir, scratch, runs);
        if let Some(typst) = typst {
            match baseline(typst, &dir, scratch) {
                Some((base, base_mem)) => println!(
                    "  typst compile (ejected, templates of {BASELINE}): {} , peak {base_mem:.0} MiB ; time ratio {:.2} (target ≤ 0.60), memory ratio {:.2} (target ≤ 0.35)",
                    ms(base),
                    t.as_secs_f64() / base.as_secs_f64(),
                    mem / base_mem
                ),
                None => println!(
                    "  baseline templates of {BASELINE} not found (no git history): not measured"
                ),
            }
        }
    }
}

/// The glance's cost per page against the booklet's average: the booklet
/// built as it is and with the glance left out (a project template, the
/// built-in one as `eject` writes it, that does not call it), the
/// difference spread over the glance's pages.
fn page_costs(dir: &Path, scratch: &Path, runs: usize) {
    let ejected = scratch.join("ejected-costs");
    let _ = std::fs::remove_dir_all(&ejected);
    eject(dir, &ejected);
    // The booklet alone, built into `out`: its time and pages.
    let booklet = |out: &str| {
        let time = cold_with(dir, &scratch.join(out), runs, &["--only", "booklet"], false).0;
        (time, pages(&scratch.join(out).join("booklet.pdf")))
    };
    let (with, pages_with) = booklet("costs-with");
    let text = std::fs::read_to_string(ejected.join("templates/booklet.typ")).unwrap();
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let override_file = templates.join("booklet.typ");
    std::fs::write(&override_file, text.replace("\n  at-a-glance()\n", "\n")).unwrap();
    let (without, pages_without) = booklet("costs-without");
    std::fs::remove_file(&override_file).unwrap();
    let glance_pages = pages_with.saturating_sub(pages_without).max(1);
    let per_glance = (with.saturating_sub(without)).as_secs_f64() / glance_pages as f64;
    let per_other = without.as_secs_f64() / pages_without.max(1) as f64;
    let average = with.as_secs_f64() / pages_with.max(1) as f64;
    println!(
        "  per page: glance {:.0} ms ({glance_pages} pages), others {:.1} ms, average {:.1} ms ; glance {:.1} × the average (target ≤ 3)",
        per_glance * 1000.0,
        per_other * 1000.0,
        average * 1000.0,
        per_glance / average
    );
}

/// A project ejected (its templates written out beside it) into `out`.
pub fn eject(dir: &Path, out: &Path) {
    let status = confpress(&[
        "eject",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .stdout(std::process::Stdio::null())
    .status()
    .unwrap();
    assert!(status.success());
}

/// The number of pages of a PDF (its page tree's count).
fn pages(pdf: &Path) -> usize {
    lopdf::Document::load(pdf).map_or(0, |d| d.get_pages().len())
}

/// The stock CLI on the ejected project with the baseline templates: both
/// documents, their total time and the larger peak.
fn baseline(typst: &Path, dir: &Path, scratch: &Path) -> Option<(Duration, f64)> {
    let ejected = scratch.join("ejected-baseline");
    let _ = std::fs::remove_dir_all(&ejected);
    eject(dir, &ejected);
    for name in ["booklet", "proceedings", "lib"] {
        let out = Command::new("git")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["show", &format!("{BASELINE}:templates/{name}.typ")])
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        std::fs::write(ejected.join(format!("templates/{name}.typ")), out.stdout).ok()?;
    }
    Some(compile_ejected(typst, &ejected, false))
}
