//! The corpus test: every distinct formula of four real Indico exports and of
//! the titles of LHC papers (`tests/fixtures/formulas/`, see its
//! PROVENANCE.md) converts, and what it converts to compiles in Typst.
//! Prints the count per source.
//!
//! Also the helper the other unit tests compile their conversions with.

use std::collections::HashMap;
use std::path::Path;

use typst::foundations::{Bytes, Datetime};
use typst_layout::PagedDocument;

use super::to_typst;

/// The sources whose formulas make the corpus, one fixture file each.
const SOURCES: [&str; 5] = [
    "indico-chep2015-sessions",
    "indico-qm2017-contributions",
    "indico-qm2019-contributions",
    "indico-acat2024-contributions",
    "cds-paper-titles",
];

/// The Typst errors of compiling `source` as a document of its own.
pub(super) fn compile_errors(source: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let date = Datetime::from_ymd(2024, 5, 6).unwrap();
    let world = crate::typeset::world::ProjectWorld::new(
        dir.path(),
        dir.path(),
        date,
        crate::typeset::fonts::builtin(),
    );
    let main = crate::vpaths::file_id("/main.typ");
    let files = HashMap::from([(main, Bytes::from_string(source.to_owned()))]);
    let result = typst::compile::<PagedDocument>(&world.document_with(main, files));
    match result.output {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|e| e.message.to_string()).collect(),
    }
}

/// Whether converted math holds no code but the converter's own: outside
/// string literals, every `#` is escaped or starts one of the converter's
/// calls (`#h(…em)`, `#hide(`, `#none`).
pub(super) fn only_own_code(typst: &str) -> bool {
    let mut chars = typst.char_indices().peekable();
    let mut previous = ' ';
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
                previous = ' ';
                continue;
            }
            '"' => {
                // A string literal, its escapes included.
                while let Some((_, s)) = chars.next() {
                    match s {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '#' => {
                let rest = &typst[i + 1..];
                let own = rest.starts_with("hide($") || rest.starts_with("none,") || {
                    let number = rest.strip_prefix("h(").and_then(|r| r.split_once("em)"));
                    number.is_some_and(|(n, _)| n.parse::<f64>().is_ok())
                };
                if !own || previous == '\\' {
                    return false;
                }
            }
            _ => {}
        }
        previous = c;
    }
    true
}

/// A converted formula set inline and as a display, as an abstract shows it.
pub(super) fn as_document(typst: &str) -> String {
    format!("${typst}$\n\n$ {typst} $\n\n")
}

#[test]
fn every_formula_of_the_real_exports_converts_and_compiles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formulas");
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    for source in SOURCES {
        let text = std::fs::read_to_string(dir.join(format!("{source}.txt"))).unwrap();
        let formulas: Vec<&str> = text.lines().collect();
        let mut converted = Vec::new();
        for formula in &formulas {
            match to_typst(formula) {
                Ok(typst) if !only_own_code(&typst) => {
                    failures.push(format!("{source}: {formula}  →  code: {typst}"));
                }
                Ok(typst) => converted.push((*formula, typst)),
                Err(e) => failures.push(format!("{source}: {formula}  →  {}", e.message)),
            }
        }
        // One document per export; only when it fails is each formula tried
        // alone, to name the ones Typst refuses.
        let document: String = converted.iter().map(|(_, t)| as_document(t)).collect();
        let mut compiled = converted.len();
        if !compile_errors(&document).is_empty() {
            for (formula, typst) in &converted {
                let errors = compile_errors(&as_document(typst));
                if !errors.is_empty() {
                    compiled -= 1;
                    failures.push(format!("{source}: {formula}  →  {typst}  →  {errors:?}"));
                }
            }
        }
        summary.push(format!(
            "{source}: {compiled} of {} formulas convert and compile",
            formulas.len()
        ));
    }
    println!("{}", summary.join("\n"));
    assert!(
        failures.is_empty(),
        "{}\n{} formulas fail:\n{}",
        summary.join("\n"),
        failures.len(),
        failures.join("\n")
    );
}

/// Every string of three awkward pieces that converts also compiles, and
/// holds no code but the converter's own (a conversion that succeeds must
/// never fail later, whatever was typed).
#[test]
fn every_short_conversion_compiles() {
    let pieces = [
        "x",
        "2",
        "1.",
        "\\\\",
        "{",
        "}",
        "^",
        "_",
        "'",
        "~",
        "$",
        "#",
        "\"",
        "¥",
        "¥rm",
        "\\rm",
        "\\bf",
        "\\cal",
        "\\over",
        "\\choose",
        "\\atop",
        "\\sqrt",
        "\\frac",
        "\\kern1em",
        "\\hspace{2pt}",
        "\\,",
        "\\phantom",
        "\\smash",
        "\\ensuremath",
        "\\mbox{",
        "\\text{$",
        "\\textsuperscript",
        "\\verb|",
        "\\textmu",
        "\\tiny",
        "\\left(",
        "\\right)",
        "\\mathrm{",
        "\\begin{cases}",
        "&",
        "\\end{cases}",
    ];
    let mut converted = Vec::new();
    for a in pieces {
        for b in pieces {
            for c in pieces {
                let latex = format!("{a}{b}{c}");
                if let Ok(typst) = to_typst(&latex) {
                    assert!(only_own_code(&typst), "{latex} → {typst}");
                    converted.push((latex, typst));
                }
            }
        }
    }
    // Two pieces in the cells of each kind of environment.
    for env in ["pmatrix", "cases", "aligned"] {
        for a in pieces {
            for b in pieces {
                let latex = format!("\\begin{{{env}}} x {a} & {b} y \\\\ z & w \\end{{{env}}}");
                if let Ok(typst) = to_typst(&latex) {
                    assert!(only_own_code(&typst), "{latex} → {typst}");
                    converted.push((latex, typst));
                }
            }
        }
    }
    println!("{} strings convert", converted.len());
    let document: String = converted.iter().map(|(_, t)| as_document(t)).collect();
    if compile_errors(&document).is_empty() {
        return;
    }
    let failing: Vec<String> = converted
        .iter()
        .filter(|(_, typst)| !compile_errors(&as_document(typst)).is_empty())
        .take(20)
        .map(|(latex, typst)| format!("{latex}  →  {typst}"))
        .collect();
    panic!("conversions that do not compile:\n{}", failing.join("\n"));
}
