//! The programme at a glance on real shapes (issue 26): a time axis that
//! never prints a label over another, a one-talk session that shows its
//! talk, the chair's choice of grid rooms, and the check after layout that
//! finds any text printed over other text, the template's own included.

use crate::common::{Pdf, Workspace, strict_refuses_booklet};
use crate::words::{glyph_overprints, mutool_available};

/// A one-day, two-room programme whose talks start 11:50, 11:55 and 12:00:
/// the axis once printed 11:50 and 11:55 4 pt apart in 6.5 pt type.
const CLOSE_STARTS: &str = r#"[conference]
title = "Close Starts"
start = 2025-03-18
end = 2025-03-18

[[day]]
date = 2025-03-18
rooms = ["Hall", "Annex"]

[[contribution]]
id = "a"
title = "Opening Words"
authors = ["Ada Lovelace"]
day = 2025-03-18
start = "09:00"
duration = 170
room = "Hall"

[[contribution]]
id = "b"
title = "A Short One"
authors = ["Grace Hopper"]
day = 2025-03-18
start = "11:50"
duration = 5
room = "Hall"

[[contribution]]
id = "c"
title = "Another Short One"
authors = ["Alan Turing"]
day = 2025-03-18
start = "11:55"
duration = 5
room = "Hall"

[[contribution]]
id = "d"
title = "The Afternoon Talk"
authors = ["Emmy Noether"]
day = 2025-03-18
start = "12:00"
duration = 300
room = "Annex"
"#;

/// The text of the booklet's first glance page.
fn glance_page(ws: &Workspace) -> String {
    let pdf = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
    let pages = pdf.page_texts();
    pages
        .into_iter()
        .find(|p| p.contains("Programme at a glance"))
        .expect("a glance page")
}

#[test]
fn two_starts_five_minutes_apart_print_no_label_over_another() {
    let ws = Workspace::new();
    ws.write("proj/conference.toml", CLOSE_STARTS);
    let run = ws
        .run(&["build", "proj", "--only", "booklet", "--strict"])
        .success();
    assert!(!run.stderr.contains("prints over"), "{}", run.stderr);
    if mutool_available() {
        let bytes = ws.read("proj/out/booklet.pdf");
        assert_eq!(glyph_overprints(&bytes), Vec::<String>::new());
    }
    // The cells carry their own times.
    let page = glance_page(&ws);
    for time in ["11:50–11:55", "11:55–12:00", "12:00–17:00"] {
        assert!(page.contains(time), "{time} in {page}");
    }
}

#[test]
fn a_session_of_one_talk_shows_the_talk_in_its_glance_cell() {
    let ws = Workspace::new();
    ws.write(
        "proj/conference.toml",
        r#"[conference]
title = "One Talk Sessions"
start = 2025-03-18
end = 2025-03-18

[[session]]
id = "s1"
title = "Security"
day = 2025-03-18
start = "14:45"
end = "15:45"
room = "Hall"

[[contribution]]
id = "t1"
session = "s1"
title = "Breaking Lattice Signatures in Practice"
authors = ["Mallory Example", "Trent Example"]
"#,
    );
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let page = glance_page(&ws);
    assert!(
        page.contains("Breaking Lattice Signatures in Practice"),
        "{page}"
    );
    assert!(page.contains("Mallory Example, Trent Example"), "{page}");
    // The session's title is the small label, not the cell's title.
    assert!(page.contains("SECURITY"), "{page}");
}

#[test]
fn a_talk_with_a_track_is_labelled_by_its_track() {
    let ws = Workspace::new();
    ws.write("proj/conference.toml", CLOSE_STARTS);
    ws.edit(
        "proj/conference.toml",
        "title = \"The Afternoon Talk\"",
        "title = \"The Afternoon Talk\"\ntrack = \"Hardware & Making\"",
    );
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let page = glance_page(&ws);
    assert!(page.contains("HARDWARE & MAKING"), "{page}");
    let booklet = Pdf::open(ws.path().join("proj/out/booklet.pdf")).text();
    assert!(booklet.contains("TALK · HARDWARE & MAKING"), "{booklet}");
}

/// Eight rooms, one talk each: more than an A5 grid page holds.
fn eight_rooms() -> String {
    let mut config = String::from(
        "[conference]\ntitle = \"Eight Rooms\"\nstart = 2025-03-18\nend = 2025-03-18\n",
    );
    for r in 1..=8 {
        for (i, hour) in [9, 11, 14].iter().enumerate() {
            config.push_str(&format!(
                "\n[[contribution]]\nid = \"r{r}t{i}\"\ntitle = \"Room {r} talk {i}\"\n\
                 day = 2025-03-18\nstart = \"{hour:02}:00\"\nduration = 60\nroom = \"Room {r}\"\n"
            ));
        }
    }
    config
}

#[test]
fn glance_rooms_chooses_the_grid_and_the_others_are_listed_with_their_pages() {
    let ws = Workspace::new();
    ws.write("proj/conference.toml", &eight_rooms());
    ws.edit(
        "proj/conference.toml",
        "end = 2025-03-18\n",
        "end = 2025-03-18\n\n[booklet]\nglance-rooms = [\"Room 7\", \"Room 2\"]\n",
    );
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let pdf = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
    let pages = pdf.page_texts();
    let grid = pages
        .iter()
        .find(|p| p.contains("Programme at a glance"))
        .unwrap();
    assert!(
        grid.contains("Room 7 talk 0") && grid.contains("Room 2 talk 2"),
        "{grid}"
    );
    assert!(!grid.contains("Room 1 talk 0"), "{grid}");
    let listed = pages
        .iter()
        .find(|p| p.contains("MORE ROOMS"))
        .expect("the other rooms");
    for r in [1, 3, 4, 5, 6, 8] {
        assert!(listed.contains(&format!("Room {r} talk 1")), "{listed}");
    }
    // A room nothing is in is the chair's slip: an error at its place.
    ws.edit("proj/conference.toml", "\"Room 2\"]", "\"Room 9\"]");
    let booklet = ws.read("proj/out/booklet.pdf");
    let run = ws.run(&["build", "proj", "--only", "booklet"]).failure();
    assert!(
        run.stderr.starts_with(
            "error: `glance-rooms` names the room `Room 9`, which nothing in the programme is in\n  \
             ┌─ proj/conference.toml:7:27\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("= hint: did you mean `Room 1`?"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.read("proj/out/booklet.pdf"), booklet);
}

/// A project template that prints two texts in one place.
const OVERPRINTING_TEMPLATE: &str = r#"#import "lib.typ": *
#set page(width: 100mm, height: 80mm, margin: 10mm)
#place(top + left)[Eleven fifty]
#place(top + left, dy: 2pt)[Eleven fifty-five]
"#;

#[test]
fn text_printed_over_text_is_named_with_its_page_and_place_and_strict_refuses_it() {
    let ws = Workspace::minimal();
    ws.write("proj/templates/booklet.typ", OVERPRINTING_TEMPLATE);
    let run = ws.run(&["build", "proj", "--only", "booklet"]).success();
    assert!(
        run.stderr.starts_with(
            "warning: “Eleven fifty-five” prints over “Eleven fifty” on page 1 of the booklet\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "printed by proj/templates/booklet.typ line 4 and proj/templates/booklet.typ line 3"
        ),
        "{}",
        run.stderr
    );
    strict_refuses_booklet(
        &ws,
        "error: “Eleven fifty-five” prints over “Eleven fifty” on page 1",
    );
}

/// A day of five rooms (narrow columns) whose first talk has a title of
/// some forty words.
fn five_rooms_with_a_long_title(title: &str) -> String {
    let mut config = String::from(
        "[conference]\ntitle = \"Narrow Columns\"\nstart = 2025-03-18\nend = 2025-03-18\n\n\
         [[day]]\ndate = 2025-03-18\nrooms = [\"R1\", \"R2\", \"R3\", \"R4\", \"R5\"]\n",
    );
    for (i, room) in ["R1", "R2", "R3", "R4", "R5"].iter().enumerate() {
        let title = if i == 0 {
            title.to_owned()
        } else {
            format!("Talk {i}")
        };
        config.push_str(&format!(
            "\n[[contribution]]\nid = \"t{i}\"\ntitle = \"{title}\"\nauthors = [\"Speaker {i}\"]\n\
             day = 2025-03-18\nstart = \"09:00\"\nduration = 60\nroom = \"{room}\"\n"
        ));
    }
    config
}

/// A cell cannot grow: a long title is cut to four lines, after a whole
/// word, with an ellipsis (a cut between characters fails this test).
#[test]
fn a_long_title_in_a_narrow_glance_cell_is_cut_to_four_lines_after_a_word() {
    let words_of_title = "Towards robust distributed consensus protocols for \
        heterogeneous edge devices operating under intermittent connectivity \
        and adversarial network partitions with formally verified liveness \
        guarantees and practical deployment experience across three continents";
    let ws = Workspace::new();
    ws.write(
        "proj/conference.toml",
        &five_rooms_with_a_long_title(words_of_title),
    );
    let run = ws
        .run(&["build", "proj", "--only", "booklet", "--strict"])
        .success();
    assert!(!run.stderr.contains("prints over"), "{}", run.stderr);
    let page = glance_page(&ws);
    let cut = page
        .split('…')
        .next()
        .and_then(|before| before.rsplit("Towards").next())
        .expect("the title is cut with an ellipsis");
    // Letters only: a word hyphenated across lines reads "con -sensus".
    let flat = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let title: Vec<&str> = words_of_title.split_whitespace().collect();
    let whole_words = (2..title.len()).any(|n| flat(&title[1..n].join(" ")) == flat(cut));
    assert!(whole_words, "cut after a whole word: {cut:?}");
    if !crate::words::pdftotext_available() {
        return;
    }
    // The title's lines: the distinct heights of its words on the glance page.
    let bytes = ws.read("proj/out/booklet.pdf");
    let all = crate::words::words(&bytes);
    let glance = all
        .iter()
        .find(|w| w.text == "Towards")
        .expect("the title's first word")
        .page;
    let (left, right) = {
        let first = all
            .iter()
            .find(|w| w.page == glance && w.text == "Towards")
            .unwrap();
        (first.x0 - 1.0, first.x0 + 60.0)
    };
    let mut lines: Vec<i64> = all
        .iter()
        .filter(|w| w.page == glance && w.x0 >= left && w.x1 <= right)
        .filter(|w| {
            let bare = w.text.trim_end_matches('…');
            !bare.is_empty()
                && words_of_title
                    .split_whitespace()
                    .any(|t| t.starts_with(bare) || t.ends_with(bare))
        })
        .map(|w| (w.y0 * 10.0).round() as i64)
        .collect();
    lines.sort();
    lines.dedup_by(|a, b| (*a - *b).abs() < 20);
    assert!(lines.len() <= 4, "{} lines: {lines:?}\n{page}", lines.len());
    assert!(lines.len() >= 3, "{} lines: {lines:?}", lines.len());
}
