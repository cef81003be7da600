//! `confpress import` on what real exports get wrong about one event — an
//! empty room, a zero duration, a duplicate id, a missing title, a date in
//! UTC, a date and a start that disagree, a UTF-16 file — is a warning
//! naming the event, never a refused import; and times are the organisers'
//! local times.

use std::path::PathBuf;

use crate::common::{Pdf, Workspace, normalize};

/// A schedule from `tests/fixtures/schedules` (see its PROVENANCE.md).
fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schedules")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// The warnings of a run, one line each.
fn warnings(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect()
}

/// Five events of 35C3's first day: two in a room, three in the room named
/// "" (as 34 events of the real export), one of them with `00:00`.
#[test]
fn an_empty_room_and_a_zero_duration_are_warnings_and_the_project_builds() {
    let ws = Workspace::new();
    ws.write("odd.xml", &fixture("frab-35c3-odd-events.xml"));
    let run = ws.run(&["import", "odd.xml", "--out", "proj"]).success();
    assert!(
        run.stdout.starts_with("imported 5 events in "),
        "{}",
        run.stdout
    );
    assert_eq!(
        warnings(&run.stderr),
        [
            "warning: event `1150` “\"Join us now and ...\" sing together the Free Software song” has no `room`; it is imported without one",
            "warning: event `1308` “Burner Meetup” has no `room`; it is imported without one",
            "warning: event `1333` “Film -- Aus den Trümmern das Paradies”: `duration` is zero; it is imported without one",
            "warning: event `1333` “Film -- Aus den Trümmern das Paradies” has no `room`; it is imported without one",
            "warning: `odd.xml` names no time zone, so programme.ics will hold floating local times",
        ],
        "{}",
        run.stderr
    );
    // Each warning points at the event's element in the file.
    assert!(run.stderr.contains("┌─ odd.xml:114:9"), "{}", run.stderr);
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(config.contains("rooms = [\"Adams\"]\n"), "{config}");
    let film = config
        .split("[[contribution]]\nid = \"1333\"")
        .nth(1)
        .expect(&config);
    assert!(
        !film.contains("duration") && !film.contains("room"),
        "{film}"
    );
    ws.run(&["build", "proj"]).success();
    let booklet = normalize(&Pdf::open(ws.path().join("proj/out/booklet.pdf")).text());
    for title in [
        "Burner Meetup",
        "Aus den Trümmern das Paradies",
        "Opening Event",
    ] {
        assert!(booklet.contains(title), "{title}: {booklet}");
    }
}

/// The same export saved as UTF-16 LE with a byte-order mark, as .NET and
/// Windows tools write it, and as UTF-8 with a mark.
#[test]
fn utf16_and_a_utf8_byte_order_mark_are_read_by_their_mark() {
    let text = fixture("frab-35c3-odd-events.xml");
    let xml = format!("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n{text}");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
    let ws = Workspace::new();
    std::fs::write(ws.path().join("le.xml"), &utf16).unwrap();
    let run = ws.run(&["import", "le.xml", "--out", "proj"]).success();
    assert!(
        run.stdout.starts_with("imported 5 events in "),
        "{}",
        run.stdout
    );
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(
        config.contains("title = \"Film -- Aus den Trümmern das Paradies\""),
        "{config}"
    );
    std::fs::write(ws.path().join("bom.xml"), format!("\u{feff}{text}")).unwrap();
    ws.run(&["import", "bom.xml", "--out", "bom"]).success();
}

/// A wafer export: `<date>` in UTC, `<start>` local, the zone Asia/Kolkata.
#[test]
fn dates_in_utc_are_read_in_the_conference_zone_without_a_day_change() {
    let ws = Workspace::new();
    ws.write("wafer.xml", &fixture("wafer-kolkata.xml"));
    let run = ws.run(&["import", "wafer.xml", "--out", "proj"]).success();
    assert!(warnings(&run.stderr).is_empty(), "{}", run.stderr);
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(!config.contains("day-change"), "{config}");
    assert!(config.contains("time-zone = \"Asia/Kolkata\""), "{config}");
    ws.run(&["build", "proj"]).success();
    let booklet = normalize(&Pdf::open(ws.path().join("proj/out/booklet.pdf")).text());
    for (time, title) in [
        ("10:30", "Opening Ceremony"),
        ("11:15", "Packaging for Everyone"),
        ("19:30", "Cultural Evening"),
        ("09:00", "Morning Keynote"),
    ] {
        let at = booklet.find(title).expect(title);
        let before = &booklet[at.saturating_sub(80)..at];
        assert!(before.contains(time), "{title} at {time}: …{before}");
    }
    assert!(!booklet.contains("05:00"), "{booklet}");
    // The calendar keeps the true instant: 10:30 in Kolkata is 05:00 UTC.
    let ics = String::from_utf8(ws.read("proj/out/programme.ics")).unwrap();
    assert!(
        ics.contains("DTSTART;TZID=Asia/Kolkata:20230910T103000"),
        "{ics}"
    );
}

#[test]
fn a_date_and_a_start_that_disagree_are_a_warning_saying_which_is_used() {
    let ws = Workspace::new();
    ws.write(
        "wafer.xml",
        &fixture("wafer-kolkata.xml").replace("<start>11:15</start>", "<start>11:00</start>"),
    );
    let run = ws.run(&["import", "wafer.xml", "--out", "proj"]).success();
    assert_eq!(
        warnings(&run.stderr),
        [
            "warning: event `2` “Packaging for Everyone”: `date` 2023-09-10T05:45:00+00:00 and `start` 11:00 disagree; the date in Asia/Kolkata (11:15) is used"
        ],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("┌─ wafer.xml:39:9"), "{}", run.stderr);
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(config.contains("start = \"11:15\""), "{config}");
}

/// The c3voc JSON: the same care with `date`, `start` and the zone.
#[test]
fn json_dates_in_utc_are_read_in_the_conference_zone() {
    let json = r#"{"schedule": {"version": "1", "conference": {
  "acronym": "kc", "title": "Kochi JSON", "start": "2023-09-10", "end": "2023-09-10",
  "time_zone_name": "Asia/Kolkata",
  "days": [{"index": 0, "date": "2023-09-10", "day_start": "2023-09-10T03:30:00+00:00",
    "day_end": "2023-09-11T21:29:00+00:00", "rooms": {"Anamudi": [
    {"guid": "g-1", "id": 1, "date": "2023-09-10T05:00:00+00:00", "start": "10:30",
     "duration": "00:30", "room": "Anamudi", "title": "Opening Ceremony", "persons": []},
    {"guid": "g-2", "id": 2, "date": "2023-09-10T05:30:00+00:00", "start": "11:30",
     "duration": "00:30", "room": "Anamudi", "title": "Second", "persons": []}
  ]}}]}}}
"#;
    let ws = Workspace::new();
    ws.write("s.json", json);
    let run = ws.run(&["import", "s.json", "--out", "proj"]).success();
    assert_eq!(
        warnings(&run.stderr),
        [
            "warning: event `2` “Second”: `date` 2023-09-10T05:30:00+00:00 and `start` 11:30 disagree; the date in Asia/Kolkata (11:00) is used"
        ],
        "{}",
        run.stderr
    );
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(
        config.contains("start = \"10:30\"") && config.contains("start = \"11:00\""),
        "{config}"
    );
    assert!(!config.contains("day-change"), "{config}");
}

/// What else one event can get wrong: no title (or one of invisible
/// characters only), an unreadable date with a usable day and start, no date
/// and an unknown day, an id used twice, no id.
#[test]
fn one_bad_event_never_refuses_the_file() {
    let xml = r#"<schedule><conference><title>Odd</title><time_zone_name>Europe/Berlin</time_zone_name></conference>
<day date="2024-05-06"><room name="Hall">
<event id="1"><date>2024-05-06T10:00:00+02:00</date><start>10:00</start><duration>00:30</duration><room>Hall</room><title>Good</title></event>
<event id="2"><date>2024-05-06T11:00:00+02:00</date><start>11:00</start><duration>00:30</duration><room>Hall</room><title> </title></event>
<event id="3"><date>6 May, 12:00</date><start>12:00</start><duration>00:30</duration><room>Hall</room><title>Bad date</title></event>
<event id="1"><date>2024-05-06T13:00:00+02:00</date><start>13:00</start><duration>00:30</duration><room>Hall</room><title>Same id</title></event>
<event><date>2024-05-06T14:00:00+02:00</date><start>14:00</start><duration>1:30</duration><room>Hall</room><title>No id</title></event>
<event id="7"><date>2024-05-06T16:00:00+02:00</date><start>16:00</start><duration>0:30</duration><room>Hall</room><title>&#x200B;</title><persons><person>&#x200B;</person></persons></event>
</room></day>
<day date="someday"><room name="Hall">
<event id="6"><start>09:00</start><duration>00:30</duration><room>Hall</room><title>Unknown day</title></event>
</room></day></schedule>
"#;
    let ws = Workspace::new();
    ws.write("odd.xml", xml);
    let run = ws.run(&["import", "odd.xml", "--out", "proj"]).success();
    assert!(
        run.stdout.starts_with("imported 4 events in "),
        "{}",
        run.stdout
    );
    assert_eq!(
        warnings(&run.stderr),
        [
            "warning: event `2` has no `title`; the event is left out of the import",
            "warning: event `3` “Bad date”: `date` must be a date and time such as 2024-05-06T09:30:00+02:00, not `6 May, 12:00`; its day and `start` are used (2024-05-06 12:00)",
            "warning: event `1` “Same id” has the id of an earlier event; it is imported as `1-2`",
            "warning: event 5 “No id” has neither an `id` nor a `guid`; it is imported as `event-5`",
            "warning: event `7` has no `title`; the event is left out of the import",
            "warning: event `6` “Unknown day”: the day `someday` it is listed under is not a date, and it has no `date`; the event is left out of the import",
            "warning: 3 of the 7 events of the export could not be imported (above)",
        ],
        "{}",
        run.stderr
    );
    ws.run(&["build", "proj"]).success();
}

/// A c3voc day without rooms, or a room that is no list, is skipped with a
/// warning; a JSON export with no events at all is refused.
#[test]
fn a_broken_day_of_a_json_export_is_skipped() {
    let json = r#"{"schedule": {"version": "1", "conference": {
  "title": "Broken Days", "time_zone_name": "Europe/Berlin",
  "days": [{"index": 0, "date": "2024-05-06", "rooms": null},
    {"index": 1, "date": "2024-05-07", "rooms": {"Hall": 5, "Club": [
    {"guid": "g-1", "id": 1, "date": "2024-05-07T10:00:00+02:00", "start": "10:00",
     "duration": "00:30", "room": "Club", "title": "Still Here", "persons": []},
    null]}}]}}}
"#;
    let ws = Workspace::new();
    ws.write("s.json", json);
    let run = ws.run(&["import", "s.json", "--out", "proj"]).success();
    assert_eq!(
        warnings(&run.stderr),
        [
            "warning: day 2024-05-06 has no `rooms` object; it is skipped",
            // Rooms come in the order of their names (serde_json's maps).
            "warning: event 2 has no `title`; the event is left out of the import",
            "warning: room `Hall` on day 2024-05-07 is not a list of events; it is skipped",
            "warning: 1 of the 2 events of the export could not be imported (above)",
        ],
        "{}",
        run.stderr
    );
    ws.run(&["build", "proj"]).success();
    ws.write(
        "none.json",
        r#"{"schedule": {"conference": {"title": "Nothing", "days": []}}}"#,
    );
    let run = ws.run(&["import", "none.json", "--out", "none"]).failure();
    assert!(
        run.stderr
            .starts_with("error: the schedule holds no events; nothing to import"),
        "{}",
        run.stderr
    );
}
