//! Accessible by default (issue 29, first part): every formula of a
//! Markdown or text abstract carries alt text a screen reader speaks, so a
//! volume with formulas can be PDF/UA-1 — checked with veraPDF where it is
//! installed.

use std::process::Command;

use crate::common::Workspace;

const PROJECT: &str = r#"[conference]
title = "Formulas Aloud"
start = 2031-05-06
editors = ["Ada Abernathy"]

[proceedings]
pdf-standard = "ua-1"

[[contribution]]
id = "a"
title = "Sums and Fractions"
authors = ["Grace Hopper"]
abstract = "abstracts/a.md"
"#;

const ABSTRACT: &str = r"We show that $x_i = \frac{1}{2}\alpha$ and
$$\sum_{i=1}^{n} x_i^2 \le \Gamma(\beta)$$
for the matrix $\begin{pmatrix} a & b \\ c & d \end{pmatrix}$, and $E = mc^2 \alt{energy equals m c squared}$.
";

/// The alt texts written into a PDF (as literal strings).
fn alt_texts(pdf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pdf);
    text.split("/Alt")
        .skip(1)
        .filter_map(|rest| rest.trim_start().strip_prefix('('))
        .filter_map(|rest| rest.split_once(')').map(|(alt, _)| alt.replace("\\(", "(")))
        .collect()
}

/// veraPDF, if installed (`/opt/pdfval/bin/verapdf` as `.ci/run` installs
/// it, or on the PATH).
fn verapdf() -> Option<String> {
    ["/opt/pdfval/bin/verapdf", "verapdf"]
        .into_iter()
        .find(|v| Command::new(v).arg("--help").output().is_ok())
        .map(str::to_owned)
}

/// Asserts that veraPDF finds `pdf` conforming to `profile` ("2b", "ua1").
fn conforms(verapdf: &str, pdf: &std::path::Path, profile: &str) {
    let out = Command::new(verapdf)
        .args(["-f", profile])
        .arg(pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} {profile}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_volume_with_formulas_is_pdf_ua_and_its_formulas_are_spoken() {
    let ws = Workspace::new();
    ws.write("proj/conference.toml", PROJECT);
    ws.write("proj/abstracts/a.md", ABSTRACT);
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let pdf = ws.read("proj/out/proceedings.pdf");
    let alts = alt_texts(&pdf);
    assert!(
        alts.contains(&"x sub i equals 1 over 2 alpha".to_owned()),
        "{alts:?}"
    );
    assert!(
        alts.contains(&"2 by 2 matrix row 1: a, b; row 2: c, d; end matrix".to_owned()),
        "{alts:?}"
    );
    // The author's own alt text wins.
    assert!(
        alts.contains(&"energy equals m c squared".to_owned()),
        "{alts:?}"
    );
    match verapdf() {
        Some(verapdf) => conforms(&verapdf, &ws.path().join("proj/out/proceedings.pdf"), "ua1"),
        None => eprintln!("veraPDF is not installed: PDF/UA-1 is not validated"),
    }
}

#[test]
fn both_standards_in_one_list_for_both_documents_pass_verapdf() {
    let ws = Workspace::new();
    ws.write(
        "proj/conference.toml",
        &PROJECT.replace(
            "pdf-standard = \"ua-1\"",
            "pdf-standard = [\"a-2b\", \"ua-1\"]\n\n[booklet]\npdf-standard = [\"a-2b\", \"ua-1\"]",
        ),
    );
    ws.write("proj/abstracts/a.md", ABSTRACT);
    ws.run(&["build", "proj"]).success();
    // Both claims are in each file's XMP …
    for document in ["booklet", "proceedings"] {
        let pdf = ws.read(&format!("proj/out/{document}.pdf"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(
            text.contains("pdfaid:part>2<") || text.contains("pdfaid:part=\"2\""),
            "{document}: no PDF/A claim"
        );
        assert!(
            text.contains("pdfuaid:part>1<") || text.contains("pdfuaid:part=\"1\""),
            "{document}: no PDF/UA claim"
        );
    }
    // … and the validator agrees.
    let Some(verapdf) = verapdf() else {
        eprintln!("veraPDF is not installed: PDF/A-2b and PDF/UA-1 are not validated");
        return;
    };
    for document in ["booklet", "proceedings"] {
        for profile in ["2b", "ua1"] {
            conforms(
                &verapdf,
                &ws.path().join(format!("proj/out/{document}.pdf")),
                profile,
            );
        }
    }
}

/// A 30 × 20 grey PNG.
fn png() -> Vec<u8> {
    let mut bytes = Vec::new();
    image::RgbImage::from_pixel(30, 20, image::Rgb([128, 128, 128]))
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

#[test]
fn a_markdown_images_alt_text_is_the_images_and_one_without_gets_its_name() {
    let ws = Workspace::new();
    ws.write("proj/conference.toml", PROJECT);
    ws.write(
        "proj/abstracts/a.md",
        "A result.\n\n![The measured rates](plot.png)\n\nAnd ![](energy_levels.png)\n",
    );
    std::fs::write(ws.path().join("proj/abstracts/plot.png"), png()).unwrap();
    std::fs::write(ws.path().join("proj/abstracts/energy_levels.png"), png()).unwrap();
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let alts = alt_texts(&ws.read("proj/out/proceedings.pdf"));
    assert!(alts.contains(&"The measured rates".to_owned()), "{alts:?}");
    assert!(alts.contains(&"energy levels".to_owned()), "{alts:?}");
    if let Some(verapdf) = verapdf() {
        conforms(&verapdf, &ws.path().join("proj/out/proceedings.pdf"), "ua1");
    }
}
