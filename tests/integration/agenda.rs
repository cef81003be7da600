//! A personal agenda: the chosen contributions on one page, in time order,
//! with rooms; clashes marked; an unknown id is an error at its place.

use crate::common::{Pdf, Workspace};

#[test]
fn an_agenda_lists_the_chosen_talks_in_order_and_marks_clashes() {
    let ws = Workspace::synthetic();
    // Out of order, with a duplicate, a comment and commas.
    ws.write(
        "picks.txt",
        "# my picks\nd1-s2-1-1\nd1-s1-2-1, d1-s1-1-1\nd1-s1-1-1\n",
    );
    let run = ws
        .run(&[
            "build",
            "proj",
            "--only",
            "booklet",
            "--agenda",
            "picks.txt",
        ])
        .success();
    assert!(
        run.stdout.contains("wrote proj/out/agenda.pdf (1 page"),
        "{}",
        run.stdout
    );
    let text = Pdf::open(ws.path().join("proj/out/agenda.pdf")).text();
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} not in {text}"));
    assert!(at("10:45–11:05") < at("13:30–13:50"));
    assert!(
        at("Verified Mesh Generators from First Principles")
            < at("Parallel Weather Kernels on Imaginary Hardware")
    );
    assert_eq!(text.matches("Clashes with:").count(), 2, "{text}");
    assert!(
        text.contains("Clashes with: Probabilistic Weather Kernels from First Principles"),
        "{text}"
    );
    assert!(text.contains("Room 2"), "{text}");

    ws.write("typo.txt", "d1-s1-1-1\nd1-s1-1-x\n");
    let run = ws
        .run(&["build", "proj", "--only", "booklet", "--agenda", "typo.txt"])
        .failure();
    assert!(
        run.stderr
            .starts_with("error: no contribution has the id `d1-s1-1-x`\n  ┌─ typo.txt:2:1\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: did you mean `d1-s1-1-1`?"),
        "{}",
        run.stderr
    );
}
