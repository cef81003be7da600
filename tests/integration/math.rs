//! LaTeX math in Markdown and text abstracts is typeset as math; what cannot
//! be converted is a warning at its place (shown as its source), and nothing in it runs as code.

use crate::common::{Pdf, Workspace};

fn with_abstract(file: &str, text: &str) -> Workspace {
    let ws = Workspace::minimal();
    ws.extend_talk(&format!("abstract = \"abstracts/{file}\""));
    ws.write(&format!("proj/abstracts/{file}"), text);
    ws
}

#[test]
fn latex_math_in_markdown_builds_without_configuration() {
    let ws = with_abstract(
        "a.md",
        "We show $\\frac{1}{2}\\alpha + \\sum_{i=1}^{n} x_i$ here.\n\n\
         Rate \\(1\\times10^{10}\\) and $$\\mathbb{R}^n \\to \\mathcal{L}$$\n",
    );
    ws.run(&["build", "proj"]).success();
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    for expected in ["We show", "𝛼", "∑", "×", "ℝ", "→", "ℒ"] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
    // No command name reached the page as text.
    for raw in ["\\frac", "alpha", "\\sum", "mathbb", "lpha"] {
        assert!(!text.contains(raw), "{raw:?} printed in {text}");
    }
}

#[test]
fn latex_math_in_plain_text_is_typeset_and_dollars_stay_text() {
    let ws = with_abstract(
        "a.txt",
        "Costs $5 or $10; the gain is $\\Delta E \\leq \\sqrt{2}$.\r\n",
    );
    ws.run(&["build", "proj"]).success();
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert!(text.contains("Costs $5 or $10; the gain is"), "{text}");
    assert!(
        text.contains("Δ") && text.contains("≤") && text.contains("√"),
        "{text}"
    );
    assert!(!text.contains("\\Delta"), "{text}");
}

#[test]
fn an_unknown_command_is_a_warning_and_the_formula_shows_as_its_source() {
    let ws = with_abstract(
        "a.md",
        "First paragraph.\n\nThen $\\unknowncommand{x}$ here, and $\\alpha$.\n",
    );
    let run = ws.run(&["build", "proj"]).success();
    assert!(
        run.stderr.starts_with(
            "warning: unsupported LaTeX command `\\unknowncommand`\n  ┌─ proj/abstracts/a.md:3:7\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "hint: the formula is printed as its LaTeX source; confpress converts common LaTeX math"
        ),
        "{}",
        run.stderr
    );
    let pdf = Pdf::open(ws.path().join("proj/out/proceedings.pdf"));
    let text = pdf.text();
    assert!(text.contains("Then $\\unknowncommand{x}$ here"), "{text}");
    assert!(text.contains("𝛼"), "{text}");
    // Set off in monospace.
    assert!(
        pdf.fonts().iter().any(|f| f.contains("Mono")),
        "{:?}",
        pdf.fonts()
    );
}

#[test]
fn strict_makes_an_unknown_command_an_error() {
    let ws = with_abstract(
        "a.txt",
        "First paragraph.\r\n\r\nThen \\(x + \\unknowncommand{x}\\) here.\n",
    );
    let run = ws.run(&["build", "--strict", "proj"]).failure();
    assert!(
        run.stderr.starts_with(
            "error: unsupported LaTeX command `\\unknowncommand`\n  ┌─ proj/abstracts/a.txt:3:12\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!ws.path().join("proj/out/proceedings.pdf").exists());
    // `strict = true` in the configuration does the same.
    ws.edit(
        "proj/conference.toml",
        "[conference]",
        "strict = true\n\n[conference]",
    );
    let run = ws.run(&["build", "proj"]).failure();
    assert!(
        run.stderr.starts_with("error: unsupported LaTeX command"),
        "{}",
        run.stderr
    );
}

#[test]
fn what_follows_emphasis_prints_as_typed() {
    let ws = with_abstract(
        "a.md",
        "A hypothetical *U*(1) gauge field, **B**[x], `f`(y) and [a link](https://example.org)(z).\n",
    );
    ws.run(&["build", "proj"]).success();
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    // pdftotext puts a space after an italic letter: compare without spaces.
    assert!(
        text.replace(' ', "")
            .contains("AhypotheticalU(1)gaugefield,B[x],f(y)andalink(z)."),
        "{text}"
    );
}

#[test]
fn latex_in_math_never_runs_as_code() {
    let ws = with_abstract(
        "a.md",
        "Try $\\text{#panic(\"boom\")} + \\alpha$ and $\\mathrm{#read(\"/etc/passwd\")}$.\n",
    );
    ws.run(&["build", "proj"]).success();
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert!(text.contains("#panic(\"boom\")"), "{text}");
    // Math sets each character on its own: compare without the spaces.
    assert!(
        text.replace(' ', "").contains("#read(\"/etc/passwd\")"),
        "{text}"
    );
}

#[test]
fn the_math_setting_forces_typst_or_latex() {
    // Forced Typst: a LaTeX command is Typst's error, located in the file.
    let ws = with_abstract("a.md", "See $\\alpha$.\n");
    ws.edit(
        "proj/conference.toml",
        "[[session]]",
        "[abstracts]\nmath = \"typst\"\n\n[[session]]",
    );
    let run = ws.run(&["build", "proj"]).failure();
    assert!(
        run.stderr.contains("proj/abstracts/a.md:1:5"),
        "{}",
        run.stderr
    );
    // Forced LaTeX: `ab` is two letters, not Typst's unknown variable.
    let ws = with_abstract("a.md", "See $ab + c$.\n");
    ws.edit(
        "proj/conference.toml",
        "[[session]]",
        "[abstracts]\nmath = \"latex\"\n\n[[session]]",
    );
    ws.run(&["build", "proj"]).success();
    // A value that is neither is refused where it is written.
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "[[session]]",
        "[abstracts]\nmath = \"tex\"\n\n[[session]]",
    );
    let run = ws.run(&["build", "proj"]).failure();
    assert!(
        run.stderr.contains("proj/conference.toml:7:8"),
        "{}",
        run.stderr
    );
}

/// Every distinct formula of four real Indico exports and of LHC paper titles
/// (the corpus of `tests/fixtures/formulas`), each as `\(…\)` in a plain-text abstract,
/// builds without an error or a warning, and no LaTeX command reaches the
/// page as text.
#[test]
fn every_formula_of_the_real_exports_builds() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formulas");
    let mut abstract_text = String::new();
    for source in [
        "indico-chep2015-sessions",
        "indico-qm2017-contributions",
        "indico-qm2019-contributions",
        "indico-acat2024-contributions",
        "cds-paper-titles",
    ] {
        let text = std::fs::read_to_string(dir.join(format!("{source}.txt"))).unwrap();
        abstract_text.push_str(&format!("Formulas of {source}:\n\n"));
        for formula in text.lines() {
            abstract_text.push_str(&format!("Formula \\({formula}\\) here.\n\n"));
        }
    }
    let ws = with_abstract("a.txt", &abstract_text);
    let run = ws.run(&["build", "proj"]).success();
    // The one warning: a QM 2019 author set a whole sentence as
    // `$\textbf{be able to reflect …}$`, and a formula does not break
    // across lines (its text is set, bold, and runs off the page).
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning"))
        .collect();
    assert!(
        warnings.len() == 1
            && warnings[0].contains("𝐛𝐞 𝐚𝐛𝐥𝐞 𝐭𝐨 𝐫𝐞𝐟𝐥𝐞𝐜𝐭")
            && warnings[0].contains("runs off"),
        "{}",
        run.stderr
    );
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert_eq!(text.matches("Formulas of").count(), 5, "{text}");
    for raw in ["\\", "¥", "sqrt", "mathrm", "GeV}"] {
        assert!(!text.contains(raw), "{raw:?} printed in {text}");
    }
    // Switches styled what followed them: p_{\rm T}, {\bf 744}, {\cal O}.
    for shown in ["√", "𝒪", "𝐄", "Ξ"] {
        assert!(text.contains(shown), "{shown:?} missing from {text}");
    }
}

#[test]
fn typst_math_in_prose_never_runs_code() {
    let ws = with_abstract("a.md", "Sum $std.eval(\"1+1\")$ and $a\\#\"x\" b$.\n");
    let run = ws.run(&["build", "proj"]).success();
    assert!(
        run.stderr.starts_with(
            "warning: Typst math in prose cannot use `std`: it would run code\n  ┌─ proj/abstracts/a.md:1:6\n"
        ),
        "{}",
        run.stderr
    );
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert!(text.contains("Sum $std.eval(\"1+1\")$ and"), "{text}");
    // The author's escaped `#` stays a character.
    assert!(text.replace(' ', "").contains("𝑎#x𝑏."), "{text}");
}
