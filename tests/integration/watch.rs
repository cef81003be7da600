//! `confpress watch` on a temporary project: edits show up, errors are
//! reported and leave the last good PDFs, files may vanish and come back.

use std::time::Duration;

use crate::common::{Pdf, Workspace};
use crate::watching::Watching;

/// Lets the watcher settle between edits, so each edit is its own rebuild.
fn pause() {
    std::thread::sleep(Duration::from_millis(700));
}

#[test]
fn edits_rebuild_errors_keep_the_last_good_pdfs() {
    let ws = Workspace::minimal();
    ws.extend_talk("abstract = \"abstracts/t1.md\"");
    ws.write(
        "proj/abstracts/t1.md",
        "The first version of the abstract.\n",
    );
    let watching = Watching::start(&ws);
    let first =
        watching.expect_stdout("rebuilt proj/out/booklet.pdf, proj/out/proceedings.pdf in ");
    assert!(first.ends_with(" ms"), "{first}");
    let proceedings = || Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert!(proceedings().contains("The first version"));

    // An edit to an abstract shows up.
    pause();
    ws.write("proj/abstracts/t1.md", "A second, edited version.\n");
    watching.expect_stdout("rebuilt ");
    assert!(proceedings().contains("A second, edited version."));

    // Broken TOML: the error is printed, the PDFs stay as they were.
    pause();
    let good = ws.read("proj/out/proceedings.pdf");
    ws.edit(
        "proj/conference.toml",
        "title = \"A Talk About Nothing\"",
        "title = \"A Talk About Nothing",
    );
    watching.expect_stderr("error: invalid basic string");
    assert_eq!(
        watching.expect_stderr("   ┌─ "),
        "   ┌─ proj/conference.toml:14:30"
    );
    assert!(
        ws.read("proj/out/proceedings.pdf") == good,
        "the last good PDF is intact"
    );

    // Fixed: it rebuilds.
    pause();
    ws.edit(
        "proj/conference.toml",
        "title = \"A Talk About Nothing",
        "title = \"A Talk About Something\"",
    );
    watching.expect_stdout("rebuilt ");
    assert!(proceedings().contains("A Talk About Something"));

    // The abstract vanishes (an error) and comes back (a rebuild).
    pause();
    std::fs::remove_file(ws.path().join("proj/abstracts/t1.md")).unwrap();
    watching.expect_stderr("error: abstract file `abstracts/t1.md` not found");
    pause();
    ws.write("proj/abstracts/t1.md", "Back again, third version.\n");
    watching.expect_stdout("rebuilt ");
    assert!(proceedings().contains("Back again, third version."));

    // An editor that saves by writing a new file and renaming it over the old.
    pause();
    ws.write(
        "proj/abstracts/t1.md.tmp",
        "Saved by rename, fourth version.\n",
    );
    std::fs::rename(
        ws.path().join("proj/abstracts/t1.md.tmp"),
        ws.path().join("proj/abstracts/t1.md"),
    )
    .unwrap();
    watching.expect_stdout("rebuilt ");
    assert!(proceedings().contains("Saved by rename, fourth version."));
}

#[test]
fn only_the_documents_an_edit_concerns_are_rebuilt() {
    let ws = Workspace::minimal();
    ws.extend_talk("abstract = \"abstracts/t1.md\"");
    ws.write("proj/abstracts/t1.md", "The first version.\n");
    // The booklet prints no abstracts, so an abstract concerns only the proceedings.
    ws.append(
        "proj/conference.toml",
        "\n[booklet]\nabstracts = \"none\"\n",
    );
    let watching = Watching::start(&ws);
    watching.expect_stdout("rebuilt proj/out/booklet.pdf, proj/out/proceedings.pdf in ");
    let booklet = ws.read("proj/out/booklet.pdf");
    let booklet_modified = || {
        std::fs::metadata(ws.path().join("proj/out/booklet.pdf"))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before = booklet_modified();

    pause();
    ws.write("proj/abstracts/t1.md", "The second version.\n");
    watching.expect_stdout("rebuilt proj/out/proceedings.pdf in ");
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert!(text.contains("The second version."), "{text}");
    assert_eq!(booklet_modified(), before, "the booklet was not rewritten");
    assert!(ws.read("proj/out/booklet.pdf") == booklet);

    // Saving the same text again changes no PDF.
    pause();
    ws.write("proj/abstracts/t1.md", "The second version.\n");
    watching.expect_stdout("no PDF affected, checked in ");

    // A change to the programme itself concerns both.
    pause();
    ws.edit("proj/conference.toml", "First Session", "Opening Session");
    watching.expect_stdout("rebuilt proj/out/booklet.pdf, proj/out/proceedings.pdf in ");
    assert!(
        Pdf::open(ws.path().join("proj/out/booklet.pdf"))
            .text()
            .contains("Opening Session")
    );
}

/// Asserts that `parts`, a volume watch wrote in parts, reads as the volume
/// a build of `proj` compiles in one go: text, page labels, outline, links,
/// tagged structure (as a build in parts does).
#[track_caller]
fn assert_reads_as_whole(ws: &Workspace, parts: &Pdf) {
    crate::proceedings::build_volume(ws, "0", "whole", &[]);
    let whole = Pdf::open(ws.path().join("whole/proceedings.pdf"));
    crate::proceedings::assert_same_volume(parts, &whole, "watched in parts");
}

/// Watching exports a volume part by part, as a build does: a volume whose
/// parts begin inside a session reads as the volume compiled whole there too.
#[test]
fn a_watched_volume_cut_inside_a_session_is_the_whole_volume() {
    let ws = Workspace::synthetic();
    crate::proceedings::with_poster_abstracts(&ws);
    let watching = Watching::start_with(&ws, &["--only", "proceedings", "--part-size", "2"]);
    watching.expect_stdout("rebuilt proj/out/proceedings.pdf in ");
    let parts = Pdf::open(ws.path().join("proj/out/proceedings.pdf"));
    assert_reads_as_whole(&ws, &parts);
}

/// Watching a volume compiled in parts: an edit that makes one contribution
/// a page longer recompiles its part, renumbers the parts after it and
/// updates the contents and indices, exactly as a build of the whole volume.
#[test]
fn a_volume_in_parts_is_rebuilt_as_a_whole_build_would_make_it() {
    let ws = Workspace::synthetic();
    let watching = Watching::start_with(&ws, &["--only", "proceedings", "--part-size", "8"]);
    watching.expect_stdout("rebuilt proj/out/proceedings.pdf in ");
    let before = Pdf::open(ws.path().join("proj/out/proceedings.pdf"));

    pause();
    let longer = "A much longer abstract now. ".repeat(400);
    ws.write(
        "proj/abstracts/d1-s2-1-4.md",
        &format!("{longer}\n\nEDITED-IN-WATCH.\n"),
    );
    watching.expect_stdout("rebuilt proj/out/proceedings.pdf in ");
    let parts = Pdf::open(ws.path().join("proj/out/proceedings.pdf"));
    assert!(parts.text().contains("EDITED-IN-WATCH."));
    assert!(parts.page_count() > before.page_count());

    assert_reads_as_whole(&ws, &parts);
}

/// A rebuild in watch exports only the parts an edit changed and joins them
/// with the parts the last build exported: the PDF is, byte for byte, what a
/// build of the edited project writes — after an edit that moves no page and
/// after one that makes a contribution pages longer.
#[test]
fn a_watched_volume_in_parts_is_byte_for_byte_what_a_build_writes() {
    let ws = Workspace::synthetic();
    let watching = Watching::start_with(&ws, &["--only", "proceedings", "--part-size", "8"]);
    watching.expect_stdout("rebuilt proj/out/proceedings.pdf in ");
    let same_as_build = |what: &str| {
        crate::proceedings::build_volume(&ws, "8", "built", &[]);
        let watched = std::fs::read(ws.path().join("proj/out/proceedings.pdf")).unwrap();
        let built = std::fs::read(ws.path().join("built/proceedings.pdf")).unwrap();
        assert!(
            watched == built,
            "{what}: watch and build wrote different PDFs"
        );
    };
    same_as_build("first build");

    let abstract_path = "proj/abstracts/d1-s2-1-4.md";
    let original = std::fs::read_to_string(ws.path().join(abstract_path)).unwrap();
    pause();
    ws.write(abstract_path, &original.replacen(' ', " EDITED ", 1));
    watching.expect_stdout("rebuilt proj/out/proceedings.pdf in ");
    same_as_build("a word added");

    pause();
    let longer = "A much longer abstract now. ".repeat(400);
    ws.write(abstract_path, &format!("{longer}\n\n{original}"));
    watching.expect_stdout("rebuilt proj/out/proceedings.pdf in ");
    same_as_build("pages added");
}

/// The text of laid-out pages, for the early-pages test.
fn frame_text(frame: &typst::layout::Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            typst::layout::FrameItem::Group(group) => frame_text(&group.frame, out),
            typst::layout::FrameItem::Text(text) => out.push_str(&text.text),
            _ => {}
        }
    }
}

/// In a rebuild, a part of a large volume laid out anew is handed to the
/// preview before the PDFs are made, at its place in the volume: after an
/// edit of one word it is exactly the part of the finished volume holding
/// the word; after an edit that makes the part longer (its pages would not
/// stand where the last build's did) nothing is shown early, and a first
/// build shows nothing early either.
#[test]
fn a_part_laid_out_anew_is_shown_before_the_pdfs_are_made() {
    use confpress::commands::build::{BuildOptions, BuildSession};
    use confpress::documents::DocumentKind;
    use confpress::progress::EarlyPages;
    use std::sync::{Arc, Mutex};

    let ws = Workspace::synthetic();
    type Told = Vec<(&'static str, usize, Vec<u128>, String)>;
    let told: Arc<Mutex<Told>> = Arc::default();
    let hook = {
        let told = told.clone();
        EarlyPages(Arc::new(move |part| {
            let mut text = String::new();
            for page in part.pages {
                frame_text(&page.frame, &mut text);
            }
            let hashes = part.pages.iter().map(typst::utils::hash128).collect();
            told.lock()
                .unwrap()
                .push((part.document, part.at, hashes, text));
        }))
    };
    let options = BuildOptions {
        out: Some(ws.path().join("out")),
        only: Some(DocumentKind::Proceedings),
        part_size: Some(8),
        keep_pages: true,
        early_pages: Some(hook),
        ..Default::default()
    };
    let dir = ws.path().join("proj");
    let mut session = BuildSession::new();
    session.build(&dir, &options).expect("the first build");
    assert!(
        told.lock().unwrap().is_empty(),
        "a first build shows nothing early"
    );

    let abstract_path = "proj/abstracts/d1-s2-1-4.md";
    let original = std::fs::read_to_string(ws.path().join(abstract_path)).unwrap();
    ws.write(
        abstract_path,
        &original.replacen("approach", "EARLYWORD", 1),
    );
    session.build(&dir, &options).expect("the rebuild");
    let shown = std::mem::take(&mut *told.lock().unwrap());
    assert_eq!(shown.len(), 1, "one part laid out anew");
    let (document, at, hashes, text) = &shown[0];
    assert_eq!(*document, "proceedings");
    assert!(text.contains("EARLYWORD"), "{text}");
    let volume = session.document(DocumentKind::Proceedings).unwrap();
    let finished: Vec<u128> = volume.pages()[*at..*at + hashes.len()]
        .iter()
        .map(typst::utils::hash128)
        .collect();
    assert_eq!(&finished, hashes, "the pages shown early are the volume's");

    let longer = "A much longer abstract now. ".repeat(400);
    ws.write(abstract_path, &format!("{longer}\n\n{original}"));
    session.build(&dir, &options).expect("the longer rebuild");
    assert!(
        told.lock().unwrap().is_empty(),
        "a longer part is not shown early"
    );
}

/// A camera-ready paper replaced by another of as many pages changes no
/// layout, but the volume draws the new paper: watch watches the paper (Typst
/// never reads it under a PDF standard), and a rebuild exports again the part
/// whose paper changed and writes what a build of the project writes.
#[test]
fn a_replaced_paper_is_drawn_anew_in_a_rebuild() {
    use confpress::commands::build::{BuildOptions, BuildSession};
    use confpress::documents::DocumentKind;

    let ws = Workspace::synthetic();
    crate::proceedings::with_papers(&ws);
    let options = BuildOptions {
        out: Some(ws.path().join("watched")),
        only: Some(DocumentKind::Proceedings),
        part_size: Some(8),
        ..Default::default()
    };
    let dir = ws.path().join("proj");
    let mut session = BuildSession::new();
    session.build(&dir, &options).expect("the first build");
    let text = Pdf::open(ws.path().join("watched/proceedings.pdf")).text();
    assert!(text.contains("ALPHA"), "{text}");
    // Watched, though Typst never reads it under the default PDF standards.
    let watched = session.inputs();
    assert!(
        watched.contains(&dir.join("papers/alpha.pdf")),
        "{watched:?}"
    );

    let gamma = crate::proceedings::camera_ready(&ws, "GAMMA", 3);
    std::fs::write(ws.path().join("proj/papers/alpha.pdf"), gamma).unwrap();
    session.build(&dir, &options).expect("the rebuild");
    let text = Pdf::open(ws.path().join("watched/proceedings.pdf")).text();
    assert!(text.contains("GAMMA") && !text.contains("ALPHA"), "{text}");
    crate::proceedings::build_volume(&ws, "8", "built", &[]);
    assert!(
        ws.read("watched/proceedings.pdf") == ws.read("built/proceedings.pdf"),
        "the rebuild and a build wrote different PDFs"
    );
}

/// A rebuild that a newer save makes moot stops between its parts: it ends
/// in the error `watch` knows to build again at once, writes nothing (the
/// last PDFs stay as they were) and joins nothing; the next rebuild writes
/// what a build of the project writes, so the stop left the caches true.
#[test]
fn a_rebuild_a_newer_save_makes_moot_stops_and_writes_nothing() {
    use confpress::commands::build::{BuildOptions, BuildSession};
    use confpress::documents::DocumentKind;
    use confpress::progress::{Progress, Superseded};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    let ws = Workspace::synthetic();
    let steps: Arc<Mutex<Vec<String>>> = Arc::default();
    let asked = Arc::new(AtomicUsize::new(0));
    let options = BuildOptions {
        out: Some(ws.path().join("proj/out")),
        only: Some(DocumentKind::Proceedings),
        part_size: Some(8),
        keep_pages: true,
        progress: Some(Progress({
            let steps = steps.clone();
            Arc::new(move |step| steps.lock().unwrap().push(step))
        })),
        ..Default::default()
    };
    let moot = BuildOptions {
        superseded: Some(Superseded({
            let asked = asked.clone();
            Arc::new(move || asked.fetch_add(1, Ordering::SeqCst) >= 1)
        })),
        ..options.clone()
    };
    let dir = ws.path().join("proj");
    let mut session = BuildSession::new();
    session.build(&dir, &options).expect("the first build");
    let first = ws.read("proj/out/proceedings.pdf");

    let abstract_path = "proj/abstracts/d1-s2-1-4.md";
    let original = std::fs::read_to_string(ws.path().join(abstract_path)).unwrap();
    ws.write(abstract_path, &original.replacen("approach", "MOOTWORD", 1));
    steps.lock().unwrap().clear();
    let error = session
        .build(&dir, &moot)
        .expect_err("a rebuild made moot stops");
    assert!(error.is_superseded(), "{error}");
    assert_eq!(
        error.to_string(),
        "stopped: a newer save makes this build moot"
    );
    assert!(asked.load(Ordering::SeqCst) >= 2, "asked after each part");
    let told = steps.lock().unwrap().clone();
    assert!(
        !told.iter().any(|step| step.starts_with("joining")),
        "nothing joined: {told:?}"
    );
    assert!(
        ws.read("proj/out/proceedings.pdf") == first,
        "the last PDFs stay as they were"
    );

    session.build(&dir, &options).expect("the next rebuild");
    assert!(
        Pdf::open(ws.path().join("proj/out/proceedings.pdf"))
            .text()
            .contains("MOOTWORD")
    );
    crate::proceedings::build_volume(&ws, "8", "built", &[]);
    assert!(
        ws.read("proj/out/proceedings.pdf") == ws.read("built/proceedings.pdf"),
        "the next rebuild writes what a build writes"
    );
}
