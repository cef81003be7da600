//! Print-shop colour. With `[print] colour = "cmyk"` the booklet's text,
//! rules and greys are black ink alone and its accent is the chair's CMYK,
//! within the press's 300 % ink, on the single pages and the imposed sheets
//! alike, and crop marks print on every plate; with the default `"rgb"` a
//! shop's separation makes the text four-colour black. Read back as a print
//! shop's RIP separates the pages: Ghostscript's CMYK separation
//! (`pamcmyk32`); without Ghostscript nothing is separated (and it says so).
//! The choices a chair can get wrong are pinned errors.

use std::path::Path;
use std::process::Command;

use crate::common::{Workspace, conforms, rejects, verapdf};

/// One page as the four plates see it: per pixel cyan, magenta, yellow and
/// black, 0 to 255 each.
pub struct Plates {
    pixels: Vec<[u8; 4]>,
}

impl Plates {
    /// How much of the page each ink covers, summed over the pixels.
    pub fn coverage(&self) -> [u64; 4] {
        let mut sum = [0u64; 4];
        for pixel in &self.pixels {
            for (total, ink) in sum.iter_mut().zip(pixel) {
                *total += u64::from(*ink);
            }
        }
        sum
    }

    /// The most ink on one pixel, in percent (400: all four inks solid).
    fn max_ink(&self) -> u32 {
        (self.pixels.iter())
            .map(|p| p.iter().map(|&v| u32::from(v)).sum::<u32>())
            .max()
            .unwrap_or(0)
            * 100
            / 255
    }

    /// How many pixels carry the given colour exactly.
    fn count(&self, colour: [u8; 4]) -> usize {
        self.pixels.iter().filter(|&&p| p == colour).count()
    }
}

/// Ghostscript, if installed; without it, says that the separations are
/// not checked.
pub fn ghostscript() -> Option<&'static str> {
    let found = Command::new("gs")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("Ghostscript is not installed: the separations are not checked");
    }
    found.then_some("gs")
}

/// Every page of `pdf` separated at 40 dpi, the media box or, with
/// `bleed_box`, only what the print shop keeps (crop marks outside).
pub fn separate(gs: &str, pdf: &Path, bleed_box: bool) -> Vec<Plates> {
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(gs);
    command.args([
        "-q",
        "-dSAFER",
        "-dBATCH",
        "-dNOPAUSE",
        "-sDEVICE=pamcmyk32",
        "-r40",
    ]);
    if bleed_box {
        command.arg("-dUseBleedBox");
    }
    let out = command
        .arg(format!(
            "-sOutputFile={}",
            dir.path().join("p%03d.pam").display()
        ))
        .arg(pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| read_pam(&std::fs::read(f).unwrap()))
        .collect()
}

/// A PAM file of tuple type CMYK (what `pamcmyk32` writes).
fn read_pam(bytes: &[u8]) -> Plates {
    let end = b"ENDHDR\n";
    let at = bytes
        .windows(end.len())
        .position(|w| w == end)
        .expect("a PAM header")
        + end.len();
    let header = String::from_utf8_lossy(&bytes[..at]);
    assert!(
        header.contains("DEPTH 4") && header.contains("MAXVAL 255"),
        "{header}"
    );
    let pixels = bytes[at..]
        .chunks_exact(4)
        .map(|c| [c[0], c[1], c[2], c[3]])
        .collect();
    Plates { pixels }
}

/// The synthetic project with `print` as its `[print]` table, its booklet
/// and imposed sheets built.
fn booklet_with(print: &str) -> Workspace {
    let ws = Workspace::synthetic();
    ws.append("proj/conference.toml", &format!("\n[print]\n{print}"));
    let run = ws
        .run(&["build", "proj", "--only", "booklet", "--impose"])
        .success();
    // The built-in templates draw nothing outside the inks.
    assert!(!run.stderr.contains("drawn in"), "{}", run.stderr);
    ws
}

#[test]
fn text_is_black_ink_alone_in_cmyk_and_four_inks_in_rgb() {
    let Some(gs) = ghostscript() else {
        return;
    };
    // With a black accent every page between the covers (whose logo is an
    // image, left as it is) holds text and rules only.
    let cmyk = booklet_with("colour = \"cmyk\"\naccent = \"black\"\n");
    let pages = separate(gs, &cmyk.path().join("proj/out/booklet.pdf"), false);
    assert_eq!(pages.len(), 28);
    for (n, page) in pages.iter().enumerate().skip(1).take(26) {
        let [c, m, y, k] = page.coverage();
        assert_eq!((c, m, y), (0, 0, 0), "page {}", n + 1);
        assert!(k > 0, "page {}", n + 1);
    }
    // The imposed sheets carry the same colours: every side but the first
    // (the back and front covers) in black ink alone.
    let sheets = separate(gs, &cmyk.path().join("proj/out/booklet-imposed.pdf"), false);
    assert_eq!(sheets.len(), 14);
    for (n, side) in sheets.iter().enumerate().skip(1) {
        let [c, m, y, k] = side.coverage();
        assert_eq!((c, m, y), (0, 0, 0), "sheet side {}", n + 1);
        assert!(k > 0, "sheet side {}", n + 1);
    }

    // The same booklet in RGB, as a shop separates it: the text is
    // four-colour black, up to nearly 300 % ink.
    let rgb = booklet_with("accent = \"black\"\n");
    let pages = separate(gs, &rgb.path().join("proj/out/booklet.pdf"), false);
    for (n, page) in pages.iter().enumerate().skip(1).take(26) {
        let [c, m, y, k] = page.coverage();
        assert!(c > 0 && m > 0 && y > 0 && k > 0, "page {}", n + 1);
    }
    assert!(pages[10].max_ink() > 280, "{}", pages[10].max_ink());
}

#[test]
fn the_accent_is_the_chairs_cmyk_within_the_ink_limit_and_crop_marks_print_on_every_plate() {
    let Some(gs) = ghostscript() else {
        return;
    };
    let ws = booklet_with(
        "colour = \"cmyk\"\naccent = \"cmyk(90%, 55%, 15%, 5%)\"\nbleed = \"3mm\"\ncrop-marks = true\n",
    );
    let pdf = ws.path().join("proj/out/booklet.pdf");
    // What the shop keeps: the cover band solid in the accent's inks
    // (90 % of 255 is 229.5: Ghostscript rounds it up), nothing over 300 %.
    let kept = separate(gs, &pdf, true);
    let accent = [230, 140, 38, 13];
    assert!(kept[0].count(accent) > 10_000, "{}", kept[0].count(accent));
    for (n, page) in kept.iter().enumerate() {
        assert!(
            page.max_ink() <= 300,
            "page {}: {} %",
            n + 1,
            page.max_ink()
        );
    }
    // On a text page every inked pixel is black ink or the accent (its
    // rules and labels), never four-colour black.
    let page = &kept[9];
    let stray: Vec<&[u8; 4]> = (page.pixels.iter())
        .filter(|p| p[..3] != [0, 0, 0] && **p != accent)
        .collect();
    assert!(stray.is_empty(), "{:?}", &stray[..stray.len().min(5)]);
    assert!(page.count(accent) > 0);
    // The crop marks, outside the bleed box, in all four inks.
    let whole = separate(gs, &pdf, false);
    assert!(whole[9].count([255, 255, 255, 255]) > 20);
    assert_eq!(kept[9].count([255, 255, 255, 255]), 0);
}

#[test]
fn a_cmyk_booklet_and_volume_stay_accessible() {
    let ws = Workspace::synthetic();
    ws.append("proj/conference.toml", "\n[print]\ncolour = \"cmyk\"\n");
    // The proceedings' PDF/A-2b gives way, with a warning at `colour`.
    let run = ws.run(&["build", "proj", "--signs"]).success();
    assert!(!run.stderr.contains("drawn in"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: the proceedings are written without PDF/A-2b in CMYK: Typst 0.15 cannot embed the CMYK output profile PDF/A asks for"
        ),
        "{}",
        run.stderr
    );
    let Some(verapdf) = verapdf() else {
        eprintln!("veraPDF is not installed: the CMYK documents are not validated");
        return;
    };
    conforms(&verapdf, &ws.path().join("proj/out/booklet.pdf"), "ua1");
    conforms(&verapdf, &ws.path().join("proj/out/proceedings.pdf"), "ua1");
}

#[test]
fn an_rgb_accent_is_refused_in_cmyk() {
    // `pdf-standard = "ua-1"` silences the warning that PDF/A gives way.
    rejects(
        "\n[print]\ncolour = \"cmyk\"\naccent = \"#1d4f73\"\n\n[proceedings]\npdf-standard = \"ua-1\"\n",
        r##"
error: the accent `#1d4f73` is RGB, and a CMYK build needs it in CMYK
  ┌─ proj/conference.toml:8:10
  │
8 │ accent = "#1d4f73"
  │          ^^^^^^^^^
  │
  = hint: write the ink values your print shop gives for it, such as accent = "cmyk(93%, 69%, 34%, 17%)" (the default blue)
"##,
    );
}

#[test]
fn an_accent_beyond_the_ink_limit_is_refused() {
    rejects(
        "\n[print]\ncolour = \"cmyk\"\naccent = \"cmyk(100%, 90%, 60%, 80%)\"\n",
        r##"
error: the accent `cmyk(100%, 90%, 60%, 80%)` needs 330 % ink, more than the 300 % presses allow
  ┌─ proj/conference.toml:8:10
  │
8 │ accent = "cmyk(100%, 90%, 60%, 80%)"
  │          ^^^^^^^^^^^^^^^^^^^^^^^^^^^
  │
  = hint: the cover band is a solid area in the accent: lower its cyan, magenta and yellow, or its black

warning: the proceedings are written without PDF/A-2b in CMYK: Typst 0.15 cannot embed the CMYK output profile PDF/A asks for
  ┌─ proj/conference.toml:7:10
  │
7 │ colour = "cmyk"
  │          ^^^^^^
  │
  = hint: build the archival copy with colour = "rgb"; pdf-standard = "ua-1" in [proceedings] says you want it so, and silences this
"##,
    );
}

#[test]
fn pdf_a_written_by_the_chair_is_refused_in_cmyk() {
    rejects(
        "\n[print]\ncolour = \"cmyk\"\n\n[proceedings]\npdf-standard = [\"a-2b\", \"ua-1\"]\n",
        r##"
error: PDF/A-2b cannot be written in CMYK: Typst 0.15 cannot embed the CMYK output profile PDF/A asks for
   ┌─ proj/conference.toml:10:16
   │
10 │ pdf-standard = ["a-2b", "ua-1"]
   │                ^^^^^^^^^^^^^^^^
   │
   = hint: leave it out for the press (pdf-standard = "ua-1" in [proceedings]), and build the archival copy with colour = "rgb" or --colour rgb
"##,
    );
}

#[test]
fn an_unknown_colour_model_is_refused() {
    rejects(
        "\n[print]\ncolour = \"cmky\"\n",
        r##"
error: unknown variant `cmky`, expected `rgb` or `cmyk`
  ┌─ proj/conference.toml:7:10
  │
7 │ colour = "cmky"
  │          ^^^^^^
"##,
    );
}

#[test]
fn one_project_gives_the_press_copy_and_the_screen_copy() {
    let ws = Workspace::synthetic();
    ws.append("proj/conference.toml", "\n[print]\naccent = \"black\"\n");
    // The press's copy of a project that says nothing of colour: the PDF/A
    // warning has no place in the file to point at.
    let press = ws
        .run(&["build", "proj", "--colour", "cmyk", "--out", "press"])
        .success();
    assert!(
        press.stderr.ends_with(
            "warning: the proceedings are written without PDF/A-2b in CMYK: Typst 0.15 cannot embed the CMYK output profile PDF/A asks for\n = hint: build the archival copy with --colour rgb; pdf-standard = \"ua-1\" in [proceedings] says you want it so, and silences this\n\n"
        ),
        "{}",
        press.stderr
    );
    // The screen's copy of a project made for the press: RGB, and the
    // proceedings archival again.
    ws.edit(
        "proj/conference.toml",
        "[print]\n",
        "[print]\ncolour = \"cmyk\"\n",
    );
    let screen = ws
        .run(&["build", "proj", "--colour", "rgb", "--out", "screen"])
        .success();
    assert!(!screen.stderr.contains("PDF/A"), "{}", screen.stderr);
    if let Some(gs) = ghostscript() {
        let press = separate(gs, &ws.path().join("press/booklet.pdf"), false);
        let screen = separate(gs, &ws.path().join("screen/booklet.pdf"), false);
        let [c, m, y, _] = press[10].coverage();
        assert_eq!((c, m, y), (0, 0, 0));
        let [c, m, y, _] = screen[10].coverage();
        assert!(c > 0 && m > 0 && y > 0);
    }
    if let Some(verapdf) = verapdf() {
        conforms(&verapdf, &ws.path().join("screen/proceedings.pdf"), "2b");
    } else {
        eprintln!("veraPDF is not installed: the screen's copy is not validated");
    }
}

#[test]
fn an_own_template_drawing_outside_the_inks_is_told_where() {
    let ws = Workspace::synthetic();
    ws.append("proj/conference.toml", "\n[print]\ncolour = \"cmyk\"\n");
    ws.run(&["eject", "proj", "--out", "ejected"]).success();
    let template = String::from_utf8(ws.read("ejected/templates/booklet.typ")).unwrap();
    let welcome = "  page-title(label-of(\"welcome\"))\n";
    assert!(template.contains(welcome));
    ws.write(
        "proj/templates/booklet.typ",
        &template.replacen(
            welcome,
            &format!("{welcome}  text(fill: rgb(\"#c00000\"))[Sponsor red]\n"),
            1,
        ),
    );
    let line = 1
        + template[..template.find(welcome).unwrap()]
            .matches('\n')
            .count()
        + 1;
    let run = ws
        .run(&["build", "proj", "--only", "booklet", "--out", "press"])
        .success();
    let expected = format!(
        r##"warning: “Sponsor red” on page 2 of the booklet is drawn in RGB, which the print shop separates into all four inks
    ┌─ proj/templates/booklet.typ:{line}:30
    │
{line} │   text(fill: rgb("#c00000"))[Sponsor red]
    │                              ^^^^^^^^^^^
    │
    = hint: in a CMYK build give it a CMYK colour: `ink`, `grey(…)`, `accent` or `registration` from lib.typ, or `cmyk(…)`; text and lines take `ink` under `show: print-colours`
"##
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    // Laid out in parts (each compiled from its own copy of the template):
    // told once, at the same line.
    let parts = ws
        .run(&[
            "build",
            "proj",
            "--only",
            "booklet",
            "--part-size",
            "8",
            "--out",
            "parts",
        ])
        .success();
    assert!(
        parts.stdout.contains("(the booklet in "),
        "{}",
        parts.stdout
    );
    assert!(parts.stderr.contains(&expected), "{}", parts.stderr);
    assert_eq!(
        parts.stderr.matches("drawn in").count(),
        1,
        "{}",
        parts.stderr
    );
    // Only in a CMYK build; `--strict` refuses it.
    let screen = ws
        .run(&[
            "build", "proj", "--only", "booklet", "--colour", "rgb", "--out", "screen",
        ])
        .success();
    assert!(!screen.stderr.contains("drawn in"), "{}", screen.stderr);
    ws.run(&[
        "build", "proj", "--only", "booklet", "--strict", "--out", "strict",
    ])
    .failure();
    assert!(!ws.path().join("strict/booklet.pdf").exists());
}
