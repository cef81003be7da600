//! `confpress import` of Indico's event export as physics meetings publish
//! it (an extract of Quark Matter 2017): `$…$` is maths as on Indico's
//! pages, a price stays text, and the contributions outside the timetable —
//! there, every poster — are all kept, in the booklet and the proceedings.

use std::path::PathBuf;

use crate::common::{Pdf, Workspace};

fn extract() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schedules/indico-qm2017-extract.json")
}

/// Letters, digits and a few signs, so that line breaks and spacing in the
/// PDF text do not matter.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || "+$\\^".contains(*c))
        .collect()
}

#[test]
fn indico_dollar_formulas_are_maths_and_build() {
    let ws = Workspace::new();
    let source = extract();
    ws.run(&["import", source.to_str().unwrap(), "--out", "proj"])
        .success();
    let phenix = String::from_utf8(ws.read("proj/abstracts/601.md")).unwrap();
    assert!(
        phenix.contains(
            r"using \(p\)+Al, \(p\)+Au, \(d\)+Au, and \(^3\)He+Au collisions at \(\sqrt{s_{NN}}\) = 200 GeV"
        ),
        "{phenix}"
    );
    assert!(!phenix.contains("\\$"), "no formula half escaped: {phenix}");
    // Touching formulas pair one by one, as MathJax pairs them.
    let decay = String::from_utf8(ws.read("proj/abstracts/33.md")).unwrap();
    assert!(
        decay.contains(
            "\\(\\Lambda_b^0\\to\\Lambda_c^+\n\\pi^-\\)\\( = 4.3\\pm 0.51 \\times 10^{-3} \\)"
        ),
        "{decay}"
    );

    let build = ws.run(&["build", "proj"]).success();
    assert!(!build.stderr.contains("error"), "{}", build.stderr);
    let proceedings = squeeze(&Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text());
    // The ³He is a superscript 3 beside the letters: maths, not source.
    assert!(proceedings.contains("and3He+Aucollisions"), "{proceedings}");
    assert!(!proceedings.contains("$^3$") && !proceedings.contains("^3"));
    // (Titles are data: their `$\sqrt{s}$` prints as typed.)
    assert!(!proceedings.contains("Aucollisionsat$") && !proceedings.contains("\\Lambda"));
}

#[test]
fn a_price_in_an_indico_abstract_stays_text() {
    let ws = Workspace::new();
    ws.write(
        "money.json",
        r#"{"results": [{"title": "Money Matters", "timezone": "Europe/Zurich",
  "contributions": [{"id": "1", "title": "Fees and Jets",
    "startDate": {"date": "2024-05-06", "time": "09:00:00", "tz": "Europe/Zurich"},
    "endDate": {"date": "2024-05-06", "time": "09:30:00", "tz": "Europe/Zurich"},
    "duration": 30, "room": "Hall", "type": "Oral",
    "description": "Registration costs $5 and $10 for students, $5-$10 a day; the $p_T$ of jets.",
    "speakers": [{"first_name": "Ada", "last_name": "Lovelace", "affiliation": ""}]}]}]}"#,
    );
    ws.run(&["import", "money.json", "--out", "proj"]).success();
    let text = String::from_utf8(ws.read("proj/abstracts/1.md")).unwrap();
    assert_eq!(
        text,
        "Registration costs \\$5 and \\$10 for students, \\$5-\\$10 a day; the \\(p_T\\) of jets.\n"
    );
    ws.run(&["build", "proj"]).success();
    let proceedings = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    let flat = proceedings.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Registration costs $5 and $10 for students, $5-$10 a day;"),
        "{flat}"
    );
}

#[test]
fn unscheduled_posters_are_kept_in_board_order() {
    let ws = Workspace::new();
    let source = extract();
    let run = ws
        .run(&["import", source.to_str().unwrap(), "--out", "proj"])
        .success();
    assert!(
        run.stdout.starts_with(
            "imported 1 event and 11 contributions without a time in 3 sessions over 1 day from "
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("skipped"), "{}", run.stderr);
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(
        config.contains("[[session]]\nid = \"posters\"\ntitle = \"Posters\"\n\n"),
        "a poster list without a time: {config}"
    );
    let boards: Vec<&str> = config
        .lines()
        .filter_map(|l| l.strip_prefix("board = "))
        .collect();
    assert_eq!(
        boards,
        [
            "\"D01\"", "\"D02\"", "\"D17\"", "\"E18\"", "\"F19\"", "\"G14\"", "\"I12\"", "\"M07\"",
            "\"X03\""
        ]
    );
    // The poster without a board closes the list; the talk without a time
    // has a session of its type.
    let after_boards = &config[config.find("board = \"X03\"").unwrap()..];
    assert!(
        after_boards.contains("id = \"480\"\nsession = \"posters\""),
        "{config}"
    );
    assert!(
        config.contains("id = \"789\"\nsession = \"unscheduled-oral\""),
        "{config}"
    );

    ws.run(&["build", "proj", "--split"]).success();
    let json: serde_json::Value =
        serde_json::from_slice(&ws.read("proj/out/proceedings.json")).unwrap();
    assert_eq!(json["contributions"].as_array().unwrap().len(), 12);
    let export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&source).unwrap()).unwrap();
    let titles: Vec<String> = export["results"][0]["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| squeeze(c["title"].as_str().unwrap()))
        .collect();
    let proceedings = squeeze(&Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text());
    let missing: Vec<&String> = titles
        .iter()
        .filter(|t| !proceedings.contains(*t))
        .collect();
    assert!(
        missing.is_empty(),
        "missing from the proceedings: {missing:?}"
    );
    // The booklet lists them by board, each with its number.
    let booklet = Pdf::open(ws.path().join("proj/out/booklet.pdf")).text();
    let at = |board: &str| booklet.find(&format!("BOARD {board}")).expect(board);
    assert!(at("D01") < at("D02") && at("D02") < at("D17") && at("M07") < at("X03"));
}

/// A talk taken out of the timetable between two imports loses its time on
/// re-import: the export's time and place win, as for every field it writes.
#[test]
fn a_re_import_of_a_talk_taken_out_of_the_timetable_drops_its_time() {
    let ws = Workspace::new();
    let mut export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(extract()).unwrap()).unwrap();
    let talks = export["results"][0]["contributions"]
        .as_array_mut()
        .unwrap();
    let scheduled = talks[0].clone();
    let oral = talks.iter_mut().find(|c| c["id"] == "789").unwrap();
    for key in ["startDate", "endDate", "room", "roomFullname"] {
        oral[key] = scheduled[key].clone();
    }
    ws.write("early.json", &export.to_string());
    ws.run(&["import", "early.json", "--out", "proj"]).success();
    let entry = |config: &str| -> String {
        let at = config.find("id = \"789\"").unwrap();
        config[at..]
            .split("\n\n")
            .next()
            .unwrap()
            .trim_end()
            .to_owned()
    };
    let before = entry(&String::from_utf8(ws.read("proj/conference.toml")).unwrap());
    assert!(before.contains("start = "), "{before}");

    let source = extract();
    ws.run(&["import", source.to_str().unwrap(), "--out", "proj"])
        .success();
    let after = entry(&String::from_utf8(ws.read("proj/conference.toml")).unwrap());
    assert_eq!(
        after,
        "id = \"789\"\nsession = \"unscheduled-oral\"\ntitle = \"Exotic dibaryons from lattice QCD simulations at the physical point\"\nurl = \"https://indico.cern.ch/event/433345/contributions/2491521/\"\nauthors = [{ name = \"Tetsuo Hatsuda\", given = \"Tetsuo\", family = \"Hatsuda\", affiliations = [\"unknown\"] }]\nabstract = \"abstracts/789.md\""
    );
    ws.run(&["build", "proj"]).success();
}

/// One contribution of an Indico export that cannot be imported (no title)
/// is left out with a warning at its place; the others are imported and
/// build.
#[test]
fn one_odd_indico_contribution_does_not_refuse_the_export() {
    let ws = Workspace::new();
    let talk = |id: &str, title: &str, hour: &str| {
        let at = [format!("{hour}:00:00"), format!("{hour}:20:00")];
        contribution(id, title, &at, r#""room": "Hall", "type": "Oral""#)
    };
    let export = format!(
        r#"{{"results": [{{"title": "Odd Meeting", "timezone": "Europe/Zurich",
  "contributions": [{}, {}, {}]}}]}}"#,
        talk("1", "First Talk", "09"),
        talk("2", " ", "10"),
        talk("3", "Third Talk", "11"),
    );
    ws.write("odd.json", &export);
    let run = ws.run(&["import", "odd.json", "--out", "proj"]).success();
    assert!(
        run.stderr
            .contains("warning: event `2` has no `title`; the event is left out of the import\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning: 1 of the 3 events of the export could not be imported (above)"),
        "{}",
        run.stderr
    );
    ws.run(&["build", "proj"]).success();
    let proceedings = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    assert!(proceedings.contains("First Talk") && proceedings.contains("Third Talk"));
}

/// Posters that Indico schedules side by side in one slot (as Quark Matter
/// 2019 does with 338) make one poster session, ordered by board number,
/// not one session each that overlap one another; each stays on the
/// calendar for the slot.
#[test]
fn posters_scheduled_side_by_side_make_one_poster_session() {
    let ws = Workspace::new();
    let poster = |id: &str, board: &str| {
        let at = ["16:00:00".to_owned(), "18:00:00".to_owned()];
        let fields =
            format!(r#""room": "Foyer", "type": "Poster Presentation", "board_number": "{board}""#);
        contribution(id, &format!("Poster {board}"), &at, &fields)
    };
    let export = format!(
        r#"{{"results": [{{"title": "Poster Meeting", "timezone": "Europe/Zurich",
  "contributions": [{}, {}, {}]}}]}}"#,
        poster("7", "B10"),
        poster("8", "B2"),
        poster("9", "B1"),
    );
    ws.write("posters.json", &export);
    ws.run(&["import", "posters.json", "--out", "proj"])
        .success();
    let toml = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert_eq!(toml.matches("[[session]]").count(), 1, "{toml}");
    let boards: Vec<&str> = toml.lines().filter(|l| l.starts_with("board = ")).collect();
    assert_eq!(
        boards,
        ["board = \"B1\"", "board = \"B2\"", "board = \"B10\""]
    );
    let run = ws.run(&["build", "proj"]).success();
    assert!(!run.stderr.contains("overlaps"), "{}", run.stderr);
    let booklet = Pdf::open(ws.path().join("proj/out/booklet.pdf")).text();
    let at = |s: &str| {
        booklet
            .find(s)
            .unwrap_or_else(|| panic!("{s} in {booklet}"))
    };
    assert!(at("Poster B1") < at("Poster B2") && at("Poster B2") < at("Poster B10"));
    let ics = String::from_utf8(ws.read("proj/out/programme.ics")).unwrap();
    assert_eq!(
        ics.matches("DTSTART;TZID=Europe/Zurich:20240506T160000")
            .count(),
        3,
        "{ics}"
    );
}

/// One contribution of an Indico export (`detail=contributions`) on
/// 6 May 2024 from `at[0]` to `at[1]`, with `fields` (JSON members) added.
fn contribution(id: &str, title: &str, at: &[String; 2], fields: &str) -> String {
    let date = |time: &str| {
        format!(r#"{{"date": "2024-05-06", "time": "{time}", "tz": "Europe/Zurich"}}"#)
    };
    format!(
        r#"{{"id": "{id}", "title": "{title}", "startDate": {}, "endDate": {}, {fields},
    "description": "", "speakers": [{{"first_name": "Ada", "last_name": "Lovelace", "affiliation": ""}}]}}"#,
        date(&at[0]),
        date(&at[1]),
    )
}
