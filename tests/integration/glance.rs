//! The programme at a glance for big days: a day of many rooms, each with
//! one long session (devroom style), is a table of rooms on one page
//! instead of grids of three rooms a page.

use crate::common::{Pdf, Workspace, normalize};

/// A two-day conference with `rooms` rooms, each holding one all-day
/// session of eight talks per day.
fn devrooms(rooms: usize) -> Workspace {
    let names: Vec<String> = (0..rooms).map(|i| format!("Devroom {i:02}")).collect();
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let mut config = String::from(
        "[conference]\ntitle = \"Many Rooms\"\nstart = 2025-02-01\nend = 2025-02-02\n",
    );
    for day in ["2025-02-01", "2025-02-02"] {
        config.push_str(&format!(
            "\n[[day]]\ndate = {day}\nrooms = [{}]\n",
            quoted.join(", ")
        ));
    }
    let mut talk = 0;
    for (d, day) in ["2025-02-01", "2025-02-02"].iter().enumerate() {
        for (r, room) in names.iter().enumerate() {
            let session = format!("d{d}r{r}");
            config.push_str(&format!(
                "\n[[session]]\nid = \"{session}\"\ntitle = \"Track {r} on day {d}\"\nday = {day}\n\
                 start = \"09:00\"\nend = \"17:00\"\nroom = \"{room}\"\n"
            ));
            for hour in 9..17 {
                talk += 1;
                config.push_str(&format!(
                    "\n[[contribution]]\nid = \"t{talk}\"\nsession = \"{session}\"\n\
                     title = \"Talk {talk}\"\nauthors = [\"Speaker {talk}\"]\nstart = \"{hour:02}:00\"\nduration = 50\n"
                ));
            }
        }
    }
    let ws = Workspace::new();
    ws.write("proj/conference.toml", &config);
    ws
}

#[test]
fn a_thirty_room_devroom_day_is_one_table_page() {
    let ws = devrooms(30);
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let pages: Vec<String> = Pdf::open(ws.path().join("proj/out/booklet.pdf"))
        .page_texts()
        .iter()
        .map(|p| normalize(p))
        .collect();
    let glance: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("Programme at a glance"))
        .collect();
    // Grids of three rooms a page took 20 pages for these two days.
    assert_eq!(glance.len(), 2, "{glance:?}");
    for (d, page) in glance.iter().enumerate() {
        for r in 0..30 {
            let line = format!("Devroom {r:02} Track {r} on day {d} 09:00–17:00 ");
            assert!(page.contains(&line), "{line:?} missing from {page}");
        }
    }
    // Each row's page reference leads to its session.
    let first = glance[0];
    let at = first.find("Track 7 on day 0 09:00–17:00 ").unwrap();
    let page: usize = first[at..]
        .split_whitespace()
        .nth(6)
        .and_then(|p| p.parse().ok())
        .expect("a page number");
    assert!(pages[page - 1].contains("Track 7 on day 0"), "page {page}");
}

#[test]
fn a_day_of_few_rooms_keeps_its_grid() {
    let ws = devrooms(3);
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let pages: Vec<String> = Pdf::open(ws.path().join("proj/out/booklet.pdf"))
        .page_texts()
        .iter()
        .map(|p| normalize(p))
        .collect();
    let glance: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("Programme at a glance"))
        .collect();
    assert_eq!(glance.len(), 2);
    // The grid's room headers, not the table's column heads.
    assert!(
        glance[0].contains("Devroom 00 Devroom 01 Devroom 02"),
        "{}",
        glance[0]
    );
    assert!(!glance[0].contains("ROOMS"), "{}", glance[0]);
}

#[test]
fn overlapping_talks_in_one_room_share_their_cell() {
    let ws = Workspace::new();
    ws.write(
        "proj/conference.toml",
        r#"[conference]
title = "Overlaps"
start = 2024-05-06

[[day]]
date = 2024-05-06
rooms = ["Aula", "Room 2"]

[[contribution]]
id = "t1"
title = "First in Aula"
authors = ["Ada Lovelace"]
day = 2024-05-06
room = "Aula"
start = "10:00"
duration = 30

[[contribution]]
id = "t2"
title = "Second in Aula"
authors = ["Grace Hopper"]
day = 2024-05-06
room = "Aula"
start = "10:15"
duration = 30

[[contribution]]
id = "t3"
title = "Meanwhile in Room 2"
authors = ["Alan Turing"]
day = 2024-05-06
room = "Room 2"
start = "10:00"
duration = 60
"#,
    );
    let run = ws.run(&["build", "proj", "--only", "booklet"]).success();
    assert!(
        run.stderr.contains("overlaps contribution `t1`"),
        "{}",
        run.stderr
    );
    let pages: Vec<String> = Pdf::open(ws.path().join("proj/out/booklet.pdf"))
        .page_texts()
        .iter()
        .map(|p| normalize(p))
        .collect();
    let glance = pages
        .iter()
        .find(|p| p.contains("Programme at a glance"))
        .expect("the glance page");
    // The grid (both talks in Aula's cell, one after the other), and no
    // list under it.
    let first = glance
        .find("First in AulaAda Lovelace10:00–10:30")
        .expect(glance);
    let second = glance.find("Second in Aula10:15–10:45").expect(glance);
    assert!(first < second, "{glance}");
    assert_eq!(glance.matches("Second in Aula").count(), 1, "{glance}");
}

/// A poster list (contributions without a session or a time) is one row of
/// the overview, with the pages the posters fill; a short run of them keeps
/// a row each.
#[test]
fn a_long_poster_list_is_one_row_of_the_overview() {
    for (posters, summed) in [(40, true), (12, false)] {
        let ws = Workspace::minimal();
        let mut extra = String::new();
        for i in 1..=posters {
            extra.push_str(&format!(
                "\n[[contribution]]\nid = \"p{i}\"\nkind = \"poster\"\nboard = \"B{i}\"\ntitle = \"Poster number {i}\"\nauthors = [\"Presenter {i}\"]\n"
            ));
        }
        ws.append("proj/conference.toml", &extra);
        ws.run(&["build", "proj", "--only", "booklet"]).success();
        let pdf = Pdf::open(ws.path().join("proj/out/booklet.pdf"));
        let pages = pdf.page_texts();
        let glance = pages
            .iter()
            .position(|p| p.contains("Programme at a glance"))
            .expect("an overview page");
        let page_of = |i: usize| {
            let entry = format!("Poster number {i}Presenter {i} ");
            pages
                .iter()
                .position(|p| normalize(p).contains(&entry))
                .unwrap_or_else(|| panic!("{entry} printed nowhere"))
        };
        let (first, last) = (page_of(1), page_of(posters));
        // The overview, over as many pages as it takes.
        let overview = pages[glance..first].join(" ");
        if summed {
            assert!(
                overview.contains(&format!(
                    "{posters} contributions {}–{}",
                    first + 1,
                    last + 1
                )),
                "{overview}"
            );
            assert!(!overview.contains("Poster number"), "{overview}");
        } else {
            for i in 1..=posters {
                assert!(
                    overview.contains(&format!("Poster number {i} ")),
                    "{i}: {overview}"
                );
            }
        }
    }
}
