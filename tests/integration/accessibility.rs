//! Accessible by default (issue 29, first part): every formula of a
//! Markdown or text abstract carries alt text a screen reader speaks, so a
//! volume with formulas can be PDF/UA-1 — checked with veraPDF where it is
//! installed.

use crate::common::{Workspace, conform_to_both, conforms, verapdf};

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

/// The alt texts written into a PDF, in object order.
fn alt_texts(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"Alt").ok())
        .filter_map(|alt| lopdf::decode_text_string(alt).ok())
        .collect()
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
    let out = ws.path().join("proj/out");
    let pdfs = [out.join("booklet.pdf"), out.join("proceedings.pdf")];
    conform_to_both(&pdfs, "both documents are");
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

/// An author's own Typst abstract: formulas and images, one with the
/// author's alt text.
const TYPST_ABSTRACT: &str = r#"We find $x_i = 1/2 alpha$ and $ sum_(i=1)^n x_i^2 <= Gamma(beta) $ for $A = mat(a, b; c, d)$.
The author names one: #math.equation(alt: "energy equals m c squared", $E = m c^2$).

#figure(image("plot.png", width: 2cm), caption: [Measured rates])
#box(image("energy_levels.png", width: 1cm))
"#;

#[test]
fn an_authors_typst_abstract_gets_alt_text_for_its_formulas_and_images() {
    let ws = Workspace::new();
    ws.write(
        "proj/conference.toml",
        &PROJECT
            .replace("abstracts/a.md", "abstracts/a.typ")
            .replace("\"ua-1\"", "[\"a-2b\", \"ua-1\"]"),
    );
    ws.write("proj/abstracts/a.typ", TYPST_ABSTRACT);
    std::fs::write(ws.path().join("proj/abstracts/plot.png"), png()).unwrap();
    std::fs::write(ws.path().join("proj/abstracts/energy_levels.png"), png()).unwrap();
    let run = ws
        .run(&["build", "proj", "--only", "proceedings"])
        .success();
    // Each image without alt text is a warning at the image, with the alt
    // text it got.
    let warning = "\
warning: image without alt text
  ┌─ proj/abstracts/a.typ:4:9
  │
4 │ #figure(image(\"plot.png\", width: 2cm), caption: [Measured rates])
  │         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  │
  = hint: screen readers and tagged PDF get \"Measured rates\" (its caption or file name); describe it in the call: image(\"file.png\", alt: \"what the image shows\")
";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    assert!(
        run.stderr.contains("  ┌─ proj/abstracts/a.typ:5:6\n"),
        "{}",
        run.stderr
    );
    let alts = alt_texts(&ws.read("proj/out/proceedings.pdf"));
    for alt in [
        "x sub i equals 1 over 2 alpha",
        "A equals 2 by 2 matrix row 1: a, b; row 2: c, d; end matrix",
        "energy equals m c squared",
        "Measured rates",
        "energy levels",
    ] {
        assert!(alts.contains(&alt.to_owned()), "{alt}: {alts:?}");
    }
    conform_to_both(
        &[ws.path().join("proj/out/proceedings.pdf")],
        "the volume is",
    );
    // Under --strict the missing alt text is an error, and nothing is written.
    let before = ws.read("proj/out/proceedings.pdf");
    let run = ws
        .run(&["build", "proj", "--only", "proceedings", "--strict"])
        .failure();
    assert!(
        run.stderr
            .starts_with("error: image without alt text\n  ┌─ proj/abstracts/a.typ:4:9\n"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.read("proj/out/proceedings.pdf"), before);
}

/// The synthetic fixture, its formulas (Markdown and the authors' Typst)
/// and two camera-ready papers, both standards for both documents: veraPDF
/// passes all four; each paper page is a figure whose alt text names the
/// paper.
#[test]
fn the_synthetic_fixture_with_formulas_and_papers_passes_pdf_a_and_ua() {
    let ws = Workspace::synthetic();
    crate::proceedings::with_papers(&ws);
    ws.edit(
        "proj/conference.toml",
        "keyword-index = true",
        "keyword-index = true\npdf-standard = [\"a-2b\", \"ua-1\"]",
    );
    ws.edit(
        "proj/conference.toml",
        "[booklet]\n",
        "[booklet]\npdf-standard = [\"a-2b\", \"ua-1\"]\n",
    );
    ws.run(&["build", "proj"]).success();
    let volume = ws.read("proj/out/proceedings.pdf");
    let alts = alt_texts(&volume);
    for alt in [
        "x sub k plus 1 equals x sub k minus alpha fraction nabla f open paren x sub k close paren over 2 end fraction",
        "I equals 2 by 2 matrix row 1: 1, 0; row 2: 0, 1; end matrix",
    ] {
        assert!(alts.contains(&alt.to_owned()), "{alt}: {alts:?}");
    }
    let paper_pages = alts
        .iter()
        .filter(|a| a.contains("of the camera-ready paper"))
        .count();
    assert_eq!(paper_pages, 5, "{alts:?}");
    // The papers' text is in the volume (drawn under their figures).
    let texts = crate::common::Pdf::open(ws.path().join("proj/out/proceedings.pdf")).page_texts();
    assert_eq!(
        texts
            .iter()
            .filter(|t| t.contains("CAMERA-READY-ALPHA page"))
            .count(),
        3
    );
    let out = ws.path().join("proj/out");
    let pdfs = [out.join("booklet.pdf"), out.join("proceedings.pdf")];
    conform_to_both(&pdfs, "both documents are");
}

/// A contribution split from a session starts with a level-2 heading, which
/// PDF/UA-1 refuses as a document's first: the split PDFs of a volume with
/// sessions, formulas and camera-ready papers raise their headings, and
/// veraPDF passes every one.
#[test]
fn split_pdfs_of_a_volume_with_sessions_and_papers_pass_pdf_ua() {
    let ws = Workspace::synthetic();
    crate::proceedings::with_papers(&ws);
    ws.edit(
        "proj/conference.toml",
        "keyword-index = true",
        "keyword-index = true\npdf-standard = [\"a-2b\", \"ua-1\"]",
    );
    ws.run(&["build", "proj", "--only", "proceedings", "--split"])
        .success();
    let split = ws.path().join("proj/out/split");
    let mut pdfs: Vec<_> = std::fs::read_dir(&split)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pdfs.sort();
    assert_eq!(pdfs.len(), 69);
    conform_to_both(&pdfs, "the split PDFs are");
}

/// Whether a PDF claims PDF/A-2 and PDF/UA-1 in its metadata.
fn claims(pdf: &[u8]) -> (bool, bool) {
    let text = String::from_utf8_lossy(pdf);
    (
        text.contains("pdfaid:part>2<") || text.contains("pdfaid:part=\"2\""),
        text.contains("pdfuaid:part>1<") || text.contains("pdfuaid:part=\"1\""),
    )
}

/// Without `pdf-standard`, the proceedings are PDF/A-2b and PDF/UA-1 and
/// the booklet PDF/UA-1; `[]` asks for plain PDF.
#[test]
fn both_documents_are_accessible_by_default_and_plain_when_asked() {
    let ws = Workspace::minimal();
    ws.run(&["build", "proj"]).success();
    assert_eq!(claims(&ws.read("proj/out/proceedings.pdf")), (true, true));
    assert_eq!(claims(&ws.read("proj/out/booklet.pdf")), (false, true));
    if let Some(verapdf) = verapdf() {
        conforms(&verapdf, &ws.path().join("proj/out/booklet.pdf"), "ua1");
        conforms(&verapdf, &ws.path().join("proj/out/proceedings.pdf"), "ua1");
        conforms(&verapdf, &ws.path().join("proj/out/proceedings.pdf"), "2b");
    }
    ws.append(
        "proj/conference.toml",
        "\n[booklet]\npdf-standard = []\n\n[proceedings]\npdf-standard = []\n",
    );
    ws.run(&["build", "proj"]).success();
    assert_eq!(claims(&ws.read("proj/out/proceedings.pdf")), (false, false));
    assert_eq!(claims(&ws.read("proj/out/booklet.pdf")), (false, false));
}

/// A default standard a document cannot meet (here a character no font
/// draws, which confpress prints as a box with a warning) does not stop the
/// build: the document is written as plain PDF with a warning saying why;
/// `--strict` refuses it, and a written `pdf-standard` makes it an error.
#[test]
fn a_default_standard_a_document_cannot_meet_gives_way_with_a_warning() {
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "A Talk About Nothing",
        "A Talk About \u{0FD3}",
    );
    let run = ws.run(&["build", "proj"]).success();
    let warning = "warning: the booklet is written as plain PDF, not PDF/UA-1 as by default: the text `\"\u{0FD3}\"` could not be displayed with font `\"Inter\"`";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "hint: fix what is named here, or decide in [booklet]: `pdf-standard = []` for plain PDF, or `pdf-standard = [\"ua-1\"]` to require it (the build then stops here)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning: the proceedings is written as plain PDF, not PDF/A-2b and PDF/UA-1 as by default: "
        ),
        "{}",
        run.stderr
    );
    assert_eq!(claims(&ws.read("proj/out/booklet.pdf")), (false, false));
    let before = ws.read("proj/out/booklet.pdf");
    ws.run(&["build", "proj", "--strict"]).failure();
    assert_eq!(ws.read("proj/out/booklet.pdf"), before);
    ws.append(
        "proj/conference.toml",
        "\n[booklet]\npdf-standard = \"ua-1\"\n",
    );
    let run = ws.run(&["build", "proj", "--only", "booklet"]).failure();
    assert!(
        run.stderr.starts_with("error: PDF/UA-1 error: the text `\"\u{0FD3}\"` could not be displayed with font `\"Inter\"`"),
        "{}",
        run.stderr
    );
}

/// A real pdfTeX paper whose Computer Modern math fonts carry no Unicode
/// map (tests/fixtures/papers/PROVENANCE.md): the volume maps their glyphs
/// from their names, so its text reads (texinfo draws © as a "c" inside
/// CMSY10's `circlecopyrt`: "Copyright c© 2001") and
/// veraPDF passes PDF/UA-1 and PDF/A-2b — the default standards — with no
/// warning about the paper's fonts.
#[test]
fn a_pdftex_paper_without_unicode_maps_passes_pdf_ua_in_the_volume() {
    let ws = Workspace::synthetic();
    std::fs::create_dir_all(ws.path().join("proj/papers")).unwrap();
    std::fs::copy(
        crate::common::fixture_path("papers/libtasn1-manual-p2-3.pdf"),
        ws.path().join("proj/papers/manual.pdf"),
    )
    .unwrap();
    ws.edit(
        "proj/conference.toml",
        "id = \"d1-s1-2-2\"\n",
        "id = \"d1-s1-2-2\"\npaper = \"papers/manual.pdf\"\n",
    );
    let run = ws
        .run(&["build", "proj", "--only", "proceedings"])
        .success();
    assert!(!run.stderr.contains("plain PDF"), "{}", run.stderr);
    assert!(!run.stderr.contains("Unicode"), "{}", run.stderr);
    let texts = crate::common::Pdf::open(ws.path().join("proj/out/proceedings.pdf")).page_texts();
    assert!(
        texts.iter().any(|t| t.contains("Copyright c© 2001")),
        "{:?}",
        texts.iter().find(|t| t.contains("Libtasn1"))
    );
    conform_to_both(
        &[ws.path().join("proj/out/proceedings.pdf")],
        "the volume is",
    );
}
