//! QR codes beside the booklet's entries (and the conference's on the back
//! cover), read back the way a phone would: the page rendered at 200 dpi by
//! poppler's pdftoppm (skipped, saying so, when it is absent) and decoded
//! with rqrr.

use std::process::Command;

use crate::common::{Pdf, Workspace};

/// The texts of every QR code on `page` of `pdf`, rendered at 200 dpi.
fn decode(ws: &Workspace, pdf: &str, page: usize) -> Option<Vec<String>> {
    if Command::new("pdftoppm").arg("-v").output().is_err() {
        eprintln!("skipped: decoding QR codes needs pdftoppm (Debian package poppler-utils)");
        return None;
    }
    let out = ws.path().join(format!("page-{page}"));
    let status = Command::new("pdftoppm")
        .args(["-r", "200", "-gray", "-png", "-singlefile"])
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(ws.path().join(pdf))
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let image = image::open(out.with_extension("png")).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    Some(
        prepared
            .detect_grids()
            .into_iter()
            .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
            .collect(),
    )
}

#[test]
fn qr_codes_in_the_booklet_decode_to_the_talk_pages() {
    qr_codes_decode(&Workspace::synthetic());
}

/// For the press the codes are drawn in black ink alone (an SVG's black
/// would be four-colour), and read as well.
#[test]
fn qr_codes_for_the_press_are_black_ink_and_decode() {
    let ws = Workspace::synthetic();
    ws.append(
        "proj/conference.toml",
        "\n[print]\ncolour = \"cmyk\"\naccent = \"black\"\n",
    );
    let page = qr_codes_decode(&ws);
    let Some(gs) = crate::print_colour::ghostscript() else {
        return;
    };
    let pages = crate::print_colour::separate(gs, &ws.path().join("proj/out/booklet.pdf"), false);
    // The talk's page (the back cover's code is drawn alike, beside the
    // sponsors' logos, which keep their colours).
    let [c, m, y, k] = pages[page - 1].coverage();
    assert_eq!((c, m, y), (0, 0, 0), "page {page}");
    assert!(k > 0);
}

/// Builds the booklet of `ws`'s project with QR codes, asserts that they
/// decode to the talks' and the conference's pages, and returns the page
/// of the first talk's code.
fn qr_codes_decode(ws: &Workspace) -> usize {
    ws.edit(
        "proj/conference.toml",
        "[booklet]\n",
        "[booklet]\nqr-codes = true\nurl-pattern = \"https://sis2031.example.org/talk/{id}\"\n",
    );
    ws.edit(
        "proj/conference.toml",
        "[conference]\n",
        "[conference]\nurl = \"https://sis2031.example.org\"\n",
    );
    // One contribution has its own page elsewhere.
    ws.edit(
        "proj/conference.toml",
        "id = \"d1-s1-1-2\"\n",
        "id = \"d1-s1-1-2\"\nurl = \"https://video.example.org/v/42?t=1\"\n",
    );
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let booklet = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
    let texts = booklet.page_texts();
    let page = 1 + texts
        .iter()
        .position(|t| t.contains("Verified Mesh Generators from First Principles"))
        .unwrap();
    let Some(codes) = decode(ws, "proj/out/booklet.pdf", page) else {
        return page;
    };
    for expected in [
        "https://sis2031.example.org/talk/d1-s1-1-1",
        "https://video.example.org/v/42?t=1",
    ] {
        assert!(
            codes.iter().any(|c| c == expected),
            "{expected} not among {codes:?}"
        );
    }
    let back = booklet.page_count();
    let codes = decode(ws, "proj/out/booklet.pdf", back).unwrap();
    assert_eq!(codes, ["https://sis2031.example.org"]);
    // The titles link to the same pages.
    let bytes = String::from_utf8_lossy(&booklet.bytes).into_owned();
    assert!(bytes.contains("https://sis2031.example.org/talk/d1-s1-1-1"));
    page
}

#[test]
fn without_the_option_there_are_no_codes_and_bad_urls_are_refused() {
    let ws = Workspace::minimal();
    ws.extend_talk("url = \"https://example.org/t1\"");
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    if let Some(codes) = decode(&ws, "proj/out/booklet.pdf", 5) {
        assert!(codes.is_empty(), "{codes:?}");
    }
    let ws = Workspace::minimal();
    ws.extend_talk("url = \"example.org/t1\"");
    let run = ws.run(&["build", "proj"]).failure();
    assert!(
        run.stderr
            .starts_with("error: `example.org/t1` is not a web address\n"),
        "{}",
        run.stderr
    );
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "end = 2024-05-07\n",
        "end = 2024-05-07\n\n[booklet]\nurl-pattern = \"https://example.org/talks\"\n",
    );
    let run = ws.run(&["build", "proj"]).failure();
    assert!(
        run.stderr
            .starts_with("error: `https://example.org/talks` is not a URL pattern\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn import_fills_the_talk_pages() {
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schedules/c3voc-camp2019-trimmed.json");
    let source = if source.exists() {
        source
    } else {
        // The c3voc fixture's file name.
        std::fs::read_dir(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schedules"),
        )
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .contains("camp2019")
        })
        .expect("the camp 2019 fixture")
    };
    let ws = Workspace::new();
    ws.run(&["import", source.to_str().unwrap(), "--out", "proj"])
        .success();
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(
        config.contains("url = \"https://fahrplan.events.ccc.de/camp/2019/Fahrplan/events/"),
        "{config}"
    );
}
