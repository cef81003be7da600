//! Every real schedule export in `tests/fixtures/schedules` (frab, pentabarf,
//! pretalx, wafer, c3voc and Indico exports of congresses, FOSDEM, DebConf,
//! small community events), imported and built as a new user would: the
//! test reports per file what was imported, printed and warned, and fails
//! on any text printed over other text in the booklet — by confpress's own
//! check after layout, and read back from the glyphs' baselines and sizes
//! with mupdf (skipped, saying so, without it).

use std::path::PathBuf;

use crate::common::{Pdf, Workspace};
use crate::words::{glyph_overprints, mutool_available};

/// The exports, by file name.
fn exports() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schedules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml" || e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_real_export_imports_and_builds_a_booklet_with_nothing_printed_over_anything() {
    let glyphs = mutool_available();
    let mut failures = Vec::new();
    let files = exports();
    assert!(files.len() >= 18, "{files:?}");
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let ws = Workspace::new();
        let import = ws.run(&["import", file.to_str().unwrap(), "--out", "proj"]);
        if import.code != Some(0) {
            failures.push(format!("{name}: import failed: {}", import.stderr));
            continue;
        }
        let build = ws.run(&["build", "proj", "--only", "booklet"]);
        if build.code != Some(0) {
            failures.push(format!("{name}: build failed: {}", build.stderr));
            continue;
        }
        let warnings = build.stderr.matches("\nwarning: ").count()
            + usize::from(build.stderr.starts_with("warning: "));
        let layout: Vec<&str> = (build.stderr.lines())
            .filter(|l| l.contains(" prints over ") || l.contains(" runs off page "))
            .collect();
        let bytes = ws.read("proj/out/booklet.pdf");
        let pages = Pdf::from_bytes(bytes.clone()).page_count();
        let overprints = if glyphs {
            glyph_overprints(&bytes)
        } else {
            Vec::new()
        };
        let imported = import.stdout.lines().next().unwrap_or_default().to_owned();
        let built = build.stdout.lines().last().unwrap_or_default().to_owned();
        eprintln!(
            "{name}: {imported} | {built} | booklet {pages} pages, {warnings} warnings, \
             {} layout warnings, {} overprinted pairs",
            layout.len(),
            overprints.len()
        );
        if !layout.is_empty() || !overprints.is_empty() {
            failures.push(format!(
                "{name}: {layout:?} {:?}",
                &overprints[..overprints.len().min(5)]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
