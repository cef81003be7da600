//! `confpress import` on the shapes real frab / pretalx / c3voc exports
//! take: events straight under `<day>`, full date-times as `<start>`,
//! `HH:MM:SS` durations, a malformed conference date, affiliations written
//! into names, rooms as a JSON array, overlaps in the organisers' data — and
//! never a silent import of nothing.

use crate::common::{Pdf, Workspace, normalize};

/// An older frab / Pentabarf shape: events under `<day>`, each naming its
/// room; a typo in the conference's end year; optional elements missing or
/// empty; persons with and without ids, one with "[Affiliation]".
const DAY_EVENT: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<schedule>
  <conference>
    <title>Old Shape Days</title>
    <start>2015-03-14</start>
    <end>2o15-03-15</end>
    <time_zone_name>Europe/Berlin</time_zone_name>
  </conference>
  <day date="2015-03-14" index="1">
    <event id="101">
      <start>10:00</start>
      <duration>00:45:00</duration>
      <room>Hall A</room>
      <title>Opening the Old Shape</title>
      <subtitle></subtitle>
      <track></track>
      <type>lecture</type>
      <persons><person id="7">Ada Lovelace [Analytical Engines Ltd]</person><person>Charles Babbage</person></persons>
    </event>
    <event id="102">
      <start>2015-03-14T11:00:00+01:00</start>
      <duration>01:00</duration>
      <room>Hall B</room>
      <title>A Start Given as Date and Time</title>
      <persons/>
    </event>
  </day>
  <day date="2015-03-15" index="2">
    <event id="103">
      <start>09:30</start>
      <duration>00:30</duration>
      <room>Hall A</room>
      <title>Second Day, Same Shape</title>
      <abstract>&lt;p&gt;Some &lt;b&gt;HTML&lt;/b&gt; here.&lt;/p&gt;</abstract>
      <persons><person id="8">Grace Hopper [Analytical Engines Ltd]</person></persons>
    </event>
  </day>
</schedule>
"#;

#[test]
fn events_straight_under_day_are_imported_and_built() {
    let ws = Workspace::new();
    ws.write("old.xml", DAY_EVENT);
    let run = ws.run(&["import", "old.xml", "--out", "proj"]).success();
    assert!(
        run.stdout.starts_with("imported 3 events in "),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "warning: the conference's `<end>` `2o15-03-15` is not a date; the schedule's days are used instead"
        ),
        "{}",
        run.stderr
    );
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(config.contains("end = 2015-03-15"), "{config}");
    // The affiliation written into the name became one shared entry.
    assert_eq!(config.matches("[[affiliation]]").count(), 1, "{config}");
    assert!(
        config.contains("name = \"Analytical Engines Ltd\""),
        "{config}"
    );
    assert!(
        config.contains("{ name = \"Ada Lovelace\", affiliations = [\"analytical-engines-ltd\"] }, \"Charles Babbage\""),
        "{config}"
    );
    assert!(config.contains("start = \"11:00\""), "{config}");
    assert!(config.contains("duration = 45"), "{config}");

    ws.run(&["build", "proj"]).success();
    let booklet = normalize(&Pdf::open(ws.path().join("proj/out/booklet.pdf")).text());
    for title in [
        "Opening the Old Shape",
        "A Start Given as Date and Time",
        "Second Day, Same Shape",
    ] {
        assert!(booklet.contains(title), "{title} missing: {booklet}");
    }
    let proceedings = normalize(&Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text());
    assert!(
        proceedings.contains("Analytical Engines Ltd"),
        "{proceedings}"
    );
}

#[test]
fn events_outside_any_day_are_never_imported_silently() {
    let ws = Workspace::new();
    ws.write(
        "odd.xml",
        "<schedule><conference><title>T</title></conference>\n\
         <events><event id=\"1\"><title>Lost</title></event></events></schedule>\n",
    );
    let run = ws.run(&["import", "odd.xml", "--out", "proj"]).failure();
    assert!(
        run.stderr.starts_with(
            "error: none of the 1 `<event>` elements are in a `<day>` (or a `<room>` of one); nothing was imported\n  ┌─ odd.xml:2:9\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!ws.path().join("proj").exists(), "nothing was written");

    ws.write(
        "empty.xml",
        "<schedule><conference><title>T</title></conference></schedule>\n",
    );
    let run = ws.run(&["import", "empty.xml", "--out", "proj"]).failure();
    assert!(
        run.stderr
            .starts_with("error: the schedule holds no `<event>` elements; nothing to import"),
        "{}",
        run.stderr
    );
}

/// Two talks overlapping in one room, as the organisers' own data may have.
const OVERLAP: &str = r#"<schedule><conference><title>Overlaps</title><start>2024-05-06</start>
<time_zone_name>Europe/Paris</time_zone_name></conference>
<day date="2024-05-06"><room name="Aula">
<event id="1"><start>10:00</start><duration>00:30</duration><room>Aula</room><title>First in Aula</title><type>lecture</type></event>
<event id="2"><start>10:15</start><duration>00:30</duration><room>Aula</room><title>Second in Aula</title><type>lecture</type></event>
</room></day></schedule>
"#;

#[test]
fn an_overlap_in_the_source_is_told_at_import_and_the_project_builds() {
    let ws = Workspace::new();
    ws.write("overlap.xml", OVERLAP);
    let run = ws
        .run(&["import", "overlap.xml", "--out", "proj"])
        .success();
    assert!(run.stderr.contains("overlaps"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the project builds all the same"),
        "{}",
        run.stderr
    );
    let build = ws.run(&["build", "proj"]).success();
    assert!(build.stderr.contains("warning: "), "{}", build.stderr);
    let warning = build.stderr.lines().next().unwrap();
    assert!(warning.contains("overlaps"), "{warning}");
    let booklet = normalize(&Pdf::open(ws.path().join("proj/out/booklet.pdf")).text());
    assert!(booklet.contains("First in Aula") && booklet.contains("Second in Aula"));

    ws.write("proj/out/booklet.pdf", "the last good PDF");
    ws.run(&["build", "proj", "--strict"]).failure();
    assert_eq!(ws.read("proj/out/booklet.pdf"), b"the last good PDF");
}

#[test]
fn json_rooms_given_as_an_array_are_read() {
    let ws = Workspace::new();
    ws.write(
        "rooms.json",
        r#"{"schedule": {"conference": {"title": "Arrays", "start": "2024-05-06",
"time_zone_name": "Europe/Paris", "days": [{"date": "2024-05-06", "rooms": [
  {"name": "Aula", "events": [{"guid": "a", "id": 1, "date": "2024-05-06T10:00:00+02:00",
     "start": "10:00", "duration": "00:30", "title": "In a named room"}]},
  {"guid": "b", "id": 2, "date": "2024-05-06T11:00:00+02:00", "start": "11:00",
     "duration": "00:30", "room": "Hall", "title": "An event naming its room"}
]}]}}}"#,
    );
    let run = ws.run(&["import", "rooms.json", "--out", "proj"]).success();
    assert!(
        run.stdout.starts_with("imported 2 events in "),
        "{}",
        run.stdout
    );
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(
        config.contains("\"Aula\"") && config.contains("\"Hall\""),
        "{config}"
    );
    ws.run(&["build", "proj"]).success();
}

/// frab's `day_change`: a show at 00:30 on the 7th closes the programme of
/// the 6th.
const DAY_CHANGE: &str = r#"<schedule><conference><title>Late Nights</title><start>2024-05-06</start>
<end>2024-05-07</end><day_change>04:00</day_change><time_zone_name>Europe/Berlin</time_zone_name></conference>
<day date="2024-05-06" index="1"><room name="Club">
<event id="1"><date>2024-05-06T21:00:00+02:00</date><start>21:00</start><duration>01:00</duration><room>Club</room><title>Evening Concert</title><type>lecture</type></event>
<event id="2"><date>2024-05-07T00:30:00+02:00</date><start>00:30</start><duration>01:00</duration><room>Club</room><title>Midnight Show</title><type>lecture</type></event>
</room></day>
<day date="2024-05-07" index="2"><room name="Club">
<event id="3"><date>2024-05-07T10:00:00+02:00</date><start>10:00</start><duration>01:00</duration><room>Club</room><title>Morning Talk</title><type>lecture</type></event>
</room></day></schedule>
"#;

#[test]
fn after_the_day_change_a_show_closes_the_evening_before() {
    let ws = Workspace::new();
    ws.write("late.xml", DAY_CHANGE);
    ws.run(&["import", "late.xml", "--out", "proj"]).success();
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(config.contains("day-change = \"04:00\""), "{config}");
    ws.run(&["build", "proj"]).success();
    let pages: Vec<String> = Pdf::open(ws.path().join("proj/out/booklet.pdf"))
        .page_texts()
        .iter()
        .map(|p| normalize(p))
        .collect();
    // At a glance, Monday's grid ends with the show; Tuesday's starts at 10:00.
    let monday = pages
        .iter()
        .find(|p| p.starts_with("MONDAY, 6 MAY Programme at a glance"))
        .expect("Monday's glance");
    let concert = monday.find("21:00–22:00").expect(monday);
    let show = monday.find("00:30–01:30").expect(monday);
    assert!(concert < show, "{monday}");
    let tuesday = pages
        .iter()
        .find(|p| p.starts_with("TUESDAY, 7 MAY Programme at a glance"))
        .expect("Tuesday's glance");
    assert!(!tuesday.contains("00:30"), "{tuesday}");
    // In the programme, the show comes under Monday, with its real time.
    let text = pages.join(" ");
    let monday_part = text.find("Monday, 6 May").expect("Monday's programme");
    let tuesday_part = text.rfind("Tuesday, 7 May").expect("Tuesday's programme");
    let listed = text.rfind("Midnight Show").unwrap();
    assert!(monday_part < listed && listed < tuesday_part, "{text}");
    assert!(text.contains("00:30–01:30"), "{text}");
    // The calendar keeps the true date.
    let ics = String::from_utf8(ws.read("proj/out/programme.ics")).unwrap();
    assert!(
        ics.contains("DTSTART;TZID=Europe/Berlin:20240507T003000"),
        "{ics}"
    );
}

/// Indico's event export (CHEP 2015, trimmed): sessions, speakers and
/// authors with affiliations, dates converted from the server's zone to the
/// event's, abstracts with images on the web.
#[test]
fn an_indico_event_export_imports_and_builds() {
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schedules/indico-chep2015-sessions.json");
    let ws = Workspace::new();
    let run = ws
        .run(&["import", source.to_str().unwrap(), "--out", "proj"])
        .success();
    // The three contributions outside the timetable are kept, without a time.
    assert!(
        run.stdout
            .starts_with("imported 107 events and 3 contributions without a time in "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("(Indico event JSON)"), "{}", run.stdout);
    assert!(!run.stderr.contains("skipped"), "{}", run.stderr);
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(config.contains("time-zone = \"Asia/Tokyo\""), "{config}");
    // One entry per institution, however many authors name it.
    assert_eq!(config.matches("name = \"CERN\"\n").count(), 1, "{config}");
    // 04:00 in Zurich is 11:00 in Okinawa; names leave Indico's capitals.
    let plenary = config
        .split("[[contribution]]")
        .find(|c| c.contains("Evolution of Computing and Software at LHC"))
        .expect("the first plenary talk");
    assert!(plenary.contains("start = \"11:00\""), "{plenary}");
    assert!(plenary.contains("Graeme Stewart"), "{plenary}");

    let build = ws.run(&["build", "proj"]).success();
    for words in ["runs off", "prints over", "error"] {
        assert!(!build.stderr.contains(words), "{}", build.stderr);
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&source).unwrap()).unwrap();
    let titles: Vec<String> = json["results"][0]["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["contributions"].as_array().unwrap())
        .map(|c| c["title"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(titles.len(), 107);
    let squeeze = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    let booklet = squeeze(&Pdf::open(ws.path().join("proj/out/booklet.pdf")).text());
    let missing: Vec<&String> = titles
        .iter()
        .filter(|t| !booklet.contains(&squeeze(t)))
        .collect();
    assert!(missing.is_empty(), "missing from the booklet: {missing:?}");
    // The abstract with images on the web shows their addresses.
    // (Long tokens carry invisible break opportunities, U+200B.)
    let proceedings: String = Pdf::open(ws.path().join("proj/out/proceedings.pdf"))
        .text()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200b}')
        .collect();
    assert!(
        proceedings.contains("research.kek.jp/people/ehamada/test3.png"),
        "the web image's address"
    );
    // The contributions outside the timetable are in the proceedings too.
    let squeezed = squeeze(&proceedings);
    let untimed: Vec<String> = json["results"][0]["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| squeeze(c["title"].as_str().unwrap()))
        .collect();
    assert_eq!(untimed.len(), 3);
    assert!(untimed.iter().all(|t| squeezed.contains(t)), "{untimed:?}");
    // Indico abstracts write LaTeX math: typeset, not printed as source.
    let abstracts: String = std::fs::read_dir(ws.path().join("proj/abstracts"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect();
    assert!(
        abstracts.contains("\\(a_{\\mu} \\equiv (g-2)/2\\)"),
        "the muon abstract"
    );
    assert!(proceedings.contains("𝑎𝜇≡(𝑔−2)/2"), "the muon's g-2 as math");
    assert!(proceedings.contains("3×10"), "3 \\times 10^{{34}} as math");
    assert!(!proceedings.contains("\\times") && !proceedings.contains("\\mu"));
}

/// Re-importing an updated export merges it into the chair's edited
/// configuration: the export's fields are updated, the chair's own keys,
/// tables and entries stay.
#[test]
fn a_re_import_merges_into_the_chairs_edits() {
    let ws = Workspace::new();
    ws.write("late.xml", DAY_CHANGE);
    ws.run(&["import", "late.xml", "--out", "proj"]).success();
    // The chair's edits: a key the export does not write, a table of their
    // own, a contribution of their own, and a changed title (the export's
    // field, which the export will win).
    ws.edit(
        "proj/conference.toml",
        "title = \"Evening Concert\"",
        "title = \"Evening Concert (edited)\"\nkeywords = [\"music\"]",
    );
    ws.append(
        "proj/conference.toml",
        "\n[print]\ncrop-marks = true\n\n[[contribution]]\nid = \"own-1\"\ntitle = \"A Talk the Chair Added\"\nauthors = [\"Ada Lovelace\"]\n",
    );
    // The organisers update the schedule.
    ws.edit("late.xml", "Morning Talk", "Morning Keynote");
    let run = ws.run(&["import", "late.xml", "--out", "proj"]).success();
    assert!(
        run.stderr
            .contains("warning: kept 1 entry that the export does not have: contribution `own-1`"),
        "{}",
        run.stderr
    );
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    for kept in [
        "keywords = [\"music\"]",
        "[print]",
        "crop-marks = true",
        "id = \"own-1\"",
        "title = \"A Talk the Chair Added\"",
    ] {
        assert!(config.contains(kept), "{kept} lost:\n{config}");
    }
    assert!(config.contains("title = \"Morning Keynote\""), "{config}");
    assert!(
        config.contains("title = \"Evening Concert\"\n"),
        "the export's title wins:\n{config}"
    );
    // Idempotent: the same export again changes nothing.
    let again = ws.run(&["import", "late.xml", "--out", "proj"]).success();
    assert!(again.stdout.contains("wrote 0 files"), "{}", again.stdout);
    assert_eq!(
        String::from_utf8(ws.read("proj/conference.toml")).unwrap(),
        config
    );
    ws.run(&["build", "proj"]).success();
    // --force: the export's file exactly, the chair's edits gone.
    ws.run(&["import", "late.xml", "--out", "proj", "--force"])
        .success();
    let forced = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(
        !forced.contains("own-1") && !forced.contains("[print]"),
        "{forced}"
    );
}

/// Indico's timetable export (`/export/timetable/ID.json`), made by hand
/// after the structure of Indico's timetable serializer (no public sample
/// was at hand): a session block with two talks, a break, a talk of its own.
const INDICO_TIMETABLE: &str = r#"{"count": 1, "_type": "HTTPAPIResult", "results": {"123": {"20240506": {
 "s1": {"entryType": "Session", "id": "s1", "title": "Plenary", "slotTitle": "Morning",
   "startDate": {"date": "2024-05-06", "time": "09:00:00", "tz": "Europe/Zurich"},
   "endDate": {"date": "2024-05-06", "time": "10:30:00", "tz": "Europe/Zurich"},
   "room": "Main Auditorium", "location": "CERN", "isPoster": false,
   "conveners": [{"firstName": "Grace", "familyName": "Hopper", "affiliation": "Navy"}],
   "entries": {
     "c12": {"entryType": "Contribution", "id": "c12", "contributionId": 12, "title": "Second Talk",
       "startDate": {"date": "2024-05-06", "time": "09:45:00", "tz": "Europe/Zurich"},
       "endDate": {"date": "2024-05-06", "time": "10:30:00", "tz": "Europe/Zurich"}, "duration": 45.0,
       "presenters": [{"firstName": "Alan", "familyName": "Turing", "affiliation": "NPL"}], "description": ""},
     "c11": {"entryType": "Contribution", "id": "c11", "contributionId": 11, "title": "Opening Talk",
       "startDate": {"date": "2024-05-06", "time": "09:00:00", "tz": "Europe/Zurich"},
       "endDate": {"date": "2024-05-06", "time": "09:45:00", "tz": "Europe/Zurich"}, "duration": 45.0,
       "presenters": [{"firstName": "Ada", "familyName": "LOVELACE", "affiliation": "Analytical Engines"}],
       "description": "<p>Some <b>words</b>.</p>"}}},
 "b5": {"entryType": "Break", "id": "b5", "title": "Coffee",
   "startDate": {"date": "2024-05-06", "time": "10:30:00", "tz": "Europe/Zurich"},
   "endDate": {"date": "2024-05-06", "time": "11:00:00", "tz": "Europe/Zurich"}},
 "c13": {"entryType": "Contribution", "id": "c13", "contributionId": 13, "title": "A Talk of Its Own",
   "startDate": {"date": "2024-05-06", "time": "11:00:00", "tz": "Europe/Zurich"},
   "endDate": {"date": "2024-05-06", "time": "11:30:00", "tz": "Europe/Zurich"}, "duration": 30.0,
   "room": "Room 2", "boardNumber": "P7", "presenters": []}
}}}}"#;

#[test]
fn an_indico_timetable_export_imports_with_its_breaks() {
    let ws = Workspace::new();
    ws.write("timetable.json", INDICO_TIMETABLE);
    let run = ws
        .run(&["import", "timetable.json", "--out", "proj"])
        .success();
    assert!(
        run.stdout.starts_with("imported 3 events in "),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("names no event title"),
        "{}",
        run.stderr
    );
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(
        config.contains(
            "[[break]]\ntitle = \"Coffee\"\nday = 2024-05-06\nstart = \"10:30\"\nend = \"11:00\""
        ),
        "{config}"
    );
    assert!(config.contains("time-zone = \"Europe/Zurich\""), "{config}");
    assert!(
        // Indico separates given and family names: the index files by them.
        config.contains("{ name = \"Ada Lovelace\", given = \"Ada\", family = \"Lovelace\", affiliations = [\"analytical-engines\"] }"),
        "{config}"
    );
    // In time order, the block's talks under its title.
    let opening = config.find("title = \"Opening Talk\"").expect(&config);
    let second = config.find("title = \"Second Talk\"").expect(&config);
    assert!(opening < second, "{config}");
    assert!(config.contains("title = \"Plenary: Morning\""), "{config}");
    ws.run(&["build", "proj"]).success();
    let booklet = normalize(&Pdf::open(ws.path().join("proj/out/booklet.pdf")).text());
    // A poster's board number is printed with it.
    assert!(config.contains("board = \"P7\""), "{config}");
    assert!(booklet.contains("BOARD P7"), "{booklet}");
    for text in ["Opening Talk", "Second Talk", "A Talk of Its Own", "Coffee"] {
        assert!(booklet.contains(text), "{text}: {booklet}");
    }
}
