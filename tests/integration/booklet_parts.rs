//! A large booklet laid out in parts and joined: it reads as the booklet
//! laid out whole (pages, text, links, tagged structure, page boxes), cut
//! where the booklet begins a page anyway, whether sessions or days begin
//! them; a project's own template that knows nothing of parts is laid out
//! whole; the joined booklet passes PDF/UA-1.

use crate::booklet::page_box;
use crate::common::{Pdf, Run, Workspace, conforms, verapdf};
use crate::proceedings::assert_same_volume;

/// Builds the booklet of `proj` alone in parts of `size` contributions (0:
/// whole) into `out`.
fn build_booklet(ws: &Workspace, size: &str, out: &str) -> Run {
    ws.run(&[
        "build",
        "proj",
        "--only",
        "booklet",
        "--part-size",
        size,
        "--out",
        out,
    ])
    .success()
}

/// The booklet built whole and in parts of 8 contributions: the one says it
/// was laid out in parts, the other not, and the two read the same. Returns
/// the one in parts.
#[track_caller]
fn whole_and_in_parts(ws: &Workspace, what: &str) -> Pdf {
    let whole_run = build_booklet(ws, "0", "whole");
    assert!(
        !whole_run.stdout.contains(" parts)"),
        "{what}: {}",
        whole_run.stdout
    );
    let parts_run = build_booklet(ws, "8", "parts");
    assert!(
        parts_run.stdout.contains("(the booklet in "),
        "{what}: {}",
        parts_run.stdout
    );
    let whole = Pdf::open(ws.path().join("whole/booklet.pdf"));
    let parts = Pdf::open(ws.path().join("parts/booklet.pdf"));
    assert_same_volume(&parts, &whole, what);
    // Links lead to the very point, across as well as down.
    assert_eq!(parts.link_points(), whole.link_points(), "{what}");
    for page in [1, 5, parts.page_count() as u32] {
        for name in [&b"TrimBox"[..], b"BleedBox", b"MediaBox"] {
            assert_eq!(
                page_box(&parts, page, name),
                page_box(&whole, page, name),
                "{what}: page {page}"
            );
        }
    }
    parts
}

#[test]
fn a_booklet_in_parts_cut_at_sessions_reads_as_the_whole() {
    let ws = Workspace::synthetic();
    let parts = whole_and_in_parts(&ws, "sessions on their own pages");
    // The glance links into the programme, the index into it too: both
    // laid out apart from the pages they lead to.
    let links = parts.internal_links();
    assert!(
        links.iter().any(|&(from, to, _)| from < 8 && to > 8),
        "{links:?}"
    );
    let last = parts.page_count();
    assert!(
        links
            .iter()
            .any(|&(from, to, _)| from > last - 6 && to < last - 6),
        "{links:?}"
    );
    if let Some(verapdf) = verapdf() {
        conforms(&verapdf, &ws.path().join("parts/booklet.pdf"), "ua1");
    } else {
        eprintln!("veraPDF is not installed: the booklet in parts is not validated");
    }
}

#[test]
fn a_booklet_in_parts_cut_at_days_reads_as_the_whole() {
    let ws = Workspace::synthetic();
    ws.edit(
        "proj/conference.toml",
        "[booklet]\n",
        "[booklet]\nsession-breaks = false\n",
    );
    whole_and_in_parts(&ws, "sessions running on, days on their own pages");
}

#[test]
fn a_booklet_template_that_knows_nothing_of_parts_is_laid_out_whole() {
    let ws = Workspace::synthetic();
    ws.run(&["eject", "proj", "--out", "ejected"]).success();
    let text = std::fs::read_to_string(ws.path().join("ejected/templates/booklet.typ")).unwrap();
    let template = ws.path().join("proj/templates/booklet.typ");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    let fixed = "(front: true, items: none, back: true, offset: 0, targets: none, stand-in: none)";
    let own = text.replace("json(\"booklet-part.json\")", fixed);
    assert_ne!(own, text);
    std::fs::write(&template, own).unwrap();
    let run = build_booklet(&ws, "8", "own");
    assert!(!run.stdout.contains(" parts)"), "{}", run.stdout);
    let whole = build_booklet(&ws, "0", "whole");
    assert!(!whole.stdout.contains(" parts)"), "{}", whole.stdout);
    let own = Pdf::open(ws.path().join("own/booklet.pdf"));
    let whole = Pdf::open(ws.path().join("whole/booklet.pdf"));
    assert_eq!(own.page_texts(), whole.page_texts());
}

/// Parts of the programme laid out side by side, each numbered from a
/// guessed page (wrong guesses laid out again), give the same bytes.
#[test]
fn a_booklet_laid_out_side_by_side_is_the_same_bytes() {
    let ws = Workspace::synthetic();
    build_booklet(&ws, "8", "one");
    let run = ws
        .run(&[
            "build",
            "proj",
            "--only",
            "booklet",
            "--part-size",
            "8",
            "--jobs",
            "3",
            "--out",
            "three",
        ])
        .success();
    assert!(run.stdout.contains("(the booklet in "), "{}", run.stdout);
    assert!(ws.read("one/booklet.pdf") == ws.read("three/booklet.pdf"));
}
