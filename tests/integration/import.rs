//! `confpress import`: real schedule exports (copied into
//! `tests/fixtures/schedules`, see its PROVENANCE.md) become projects that
//! build, with every event in the booklet; small hand-written exports check
//! the mapping, re-imports and every class of error.

use std::path::PathBuf;

use crate::common::{Pdf, Workspace, normalize};
use serde_json::Value;

/// A real schedule export from `tests/fixtures/schedules`.
fn schedule(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/schedules")
        .join(name);
    assert!(path.is_file(), "{} is missing", path.display());
    path
}

/// Every event title of a schedule export, read independently of confpress.
fn titles(path: &PathBuf) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    if text.trim_start().starts_with('<') {
        let document = roxmltree::Document::parse(&text).unwrap();
        document
            .descendants()
            .filter(|n| n.has_tag_name("event"))
            .map(|e| {
                e.children()
                    .find(|c| c.has_tag_name("title"))
                    .and_then(|t| t.text())
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    } else {
        let json: Value = serde_json::from_str(&text).unwrap();
        json["schedule"]["conference"]["days"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|day| day["rooms"].as_object().unwrap().values())
            .flat_map(|events| events.as_array().unwrap())
            .map(|e| e["title"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// Imports a schedule export, builds it, and finds every title in the booklet.
fn imports_and_builds(name: &str, events: usize) {
    let source = schedule(name);
    let ws = Workspace::new();
    let run = ws
        .run(&["import", source.to_str().unwrap(), "--out", "proj"])
        .success();
    assert!(
        run.stdout
            .starts_with(&format!("imported {events} events in ")),
        "{}",
        run.stdout
    );
    let build = ws.run(&["build", "proj"]).success();
    assert!(!build.stderr.contains("error"), "{}", build.stderr);

    let titles = titles(&source);
    assert_eq!(titles.len(), events);
    let booklet = normalize(&Pdf::open(ws.path().join("proj/out/booklet.pdf")).text());
    // Typographic quotes and dashes may differ; compare on what is left.
    let simple = |s: &str| {
        normalize(s)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let booklet = simple(&booklet);
    let missing: Vec<&String> = titles
        .iter()
        .filter(|t| !booklet.contains(&simple(t)))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {events} titles missing: {missing:?}",
        missing.len()
    );

    let json: Value = serde_json::from_slice(&ws.read("proj/out/programme.json")).unwrap();
    assert_eq!(json["contributions"].as_array().unwrap().len(), events);
    let ics = String::from_utf8(ws.read("proj/out/programme.ics")).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), events);
}

#[test]
fn the_31c3_frab_xml_imports_and_builds() {
    imports_and_builds("frab-31c3.xml", 138);
}

/// GOOD 2025's own data has talks overlapping an evening event in one room:
/// the booklet is built all the same, the overlap a warning.
#[test]
fn the_good_2025_pretalx_xml_with_overlaps_imports_and_builds() {
    imports_and_builds("pretalx-good2025.xml", 72);
}

#[test]
fn imported_sessions_run_on_and_each_day_opens_a_page() {
    let source = schedule("frab-31c3.xml");
    let ws = Workspace::new();
    ws.run(&[
        "import",
        source.to_str().unwrap(),
        "--out",
        "proj",
        "--group-by",
        "room",
    ])
    .success();
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert!(config.contains("session-breaks = false"));
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let pages = Pdf::open(ws.path().join("proj/out/booklet.pdf")).page_texts();
    let openers: Vec<String> = pages
        .iter()
        .map(|p| normalize(p))
        .filter(|p| p.starts_with("PROGRAMME ") && p.contains(" SESSION "))
        .map(|p| p.split(" SESSION").next().unwrap().to_owned())
        .collect();
    assert_eq!(
        openers,
        [
            "PROGRAMME Saturday, 27 December",
            "PROGRAMME Sunday, 28 December",
            "PROGRAMME Monday, 29 December",
            "PROGRAMME Tuesday, 30 December",
        ]
    );
    // 109 sessions on far fewer pages than one each.
    assert!(pages.len() < 70, "{} pages", pages.len());
}

#[test]
fn the_camp2019_json_imports_and_builds() {
    imports_and_builds("c3voc-frab-camp2019.json", 79);
}

#[test]
fn the_rc3_pretalx_json_imports_and_builds() {
    imports_and_builds("c3voc-pretalx-rc3.json", 48);
}

/// A small frab XML export of our own.
const XML: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<schedule>
  <version>1</version>
  <conference>
    <acronym>tiny24</acronym>
    <title>Tiny Con &amp; Friends</title>
    <start>2024-05-06</start>
    <end>2024-05-06</end>
    <time_zone_name>Europe/Vienna</time_zone_name>
  </conference>
  <day index="1" date="2024-05-06">
    <room name="Hall A">
      <event guid="0b1e9c4e-0000-4000-8000-000000000001" id="101">
        <date>2024-05-06T10:00:00+02:00</date>
        <start>10:00</start>
        <duration>00:30</duration>
        <room>Hall A</room>
        <title>#set text(red) and $x$ in a title</title>
        <subtitle>A subtitle with [brackets]</subtitle>
        <track>Systems</track>
        <type>lecture</type>
        <language>en</language>
        <abstract>&lt;p&gt;First &lt;b&gt;bold&lt;/b&gt; claim &amp;amp; a &lt;a href="https://example.org"&gt;link&lt;/a&gt;.&lt;/p&gt;</abstract>
        <description>#import "secret.typ": *  and costs $5</description>
        <persons><person id="1">Ada Lovelace</person><person id="2">Charles Babbage</person></persons>
      </event>
      <event guid="0b1e9c4e-0000-4000-8000-000000000002" id="102">
        <date>2024-05-06T10:40:00+02:00</date>
        <start>10:40</start>
        <duration>00:45</duration>
        <room>Hall A</room>
        <title>Second in the same block</title>
        <track>Systems</track>
        <type>workshop</type>
        <language>de</language>
        <abstract></abstract>
        <description></description>
        <persons><person id="3">Grace Hopper</person></persons>
      </event>
      <event guid="0b1e9c4e-0000-4000-8000-000000000003" id="103">
        <date>2024-05-06T14:00:00+02:00</date>
        <start>14:00</start>
        <duration>01:00</duration>
        <room>Hall A</room>
        <title>After lunch</title>
        <track>Systems</track>
        <type>lecture</type>
        <language>en</language>
        <persons/>
      </event>
    </room>
    <room name="Hall B">
      <event guid="0b1e9c4e-0000-4000-8000-000000000004" id="104">
        <date>2024-05-06T10:00:00+02:00</date>
        <start>10:00</start>
        <duration>00:30</duration>
        <room>Hall B</room>
        <title>Keynote in B</title>
        <track>Keynotes</track>
        <type>keynote</type>
        <language>en</language>
        <persons><person id="4">Alan Turing</person></persons>
      </event>
    </room>
  </day>
</schedule>
"#;

fn tiny() -> Workspace {
    let ws = Workspace::new();
    ws.write("tiny.xml", XML);
    ws
}

#[test]
fn events_become_sessions_contributions_and_markdown_abstracts() {
    let ws = tiny();
    let run = ws
        .run(&["import", "tiny.xml", "--out", "proj", "--group-by", "room"])
        .success();
    assert_eq!(
        run.stdout,
        "imported 4 events in 3 sessions over 1 day from tiny.xml (frab schedule XML) into proj\n\
         wrote 2 files, left 0 unchanged\n\
         build it with: confpress build proj\n"
    );
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    for expected in [
        "title = \"Tiny Con & Friends\"",
        "short-title = \"tiny24\"",
        "time-zone = \"Europe/Vienna\"",
        "lang = \"en\"",
        "rooms = [\"Hall A\", \"Hall B\"]",
        // 101 and 102 are one block of one track in one room; 103 comes after a gap.
        "[[session]]\nid = \"s-101\"\ntitle = \"Systems\"\nday = 2024-05-06\nstart = \"10:00\"\nend = \"11:25\"\nroom = \"Hall A\"",
        "[[session]]\nid = \"s-103\"\ntitle = \"Systems\"",
        "[[session]]\nid = \"s-104\"\ntitle = \"Keynotes\"",
        "id = \"102\"\nsession = \"s-101\"\ntitle = \"Second in the same block\"\nkind = \"tutorial\"\nlanguage = \"de\"\nstart = \"10:40\"\nduration = 45\nauthors = [\"Grace Hopper\"]",
        "kind = \"keynote\"",
        "abstract = \"abstracts/101.md\"",
    ] {
        assert!(
            config.contains(expected),
            "{expected:?} missing in\n{config}"
        );
    }
    let markdown = String::from_utf8(ws.read("proj/abstracts/101.md")).unwrap();
    assert_eq!(
        markdown,
        "First **bold** claim & a [link](https://example.org).\n\n\
         #import \"secret.typ\": *  and costs \\$5\n"
    );
    assert!(
        !ws.path().join("proj/abstracts/102.md").exists(),
        "no text, no file"
    );

    ws.run(&["build", "proj"]).success();
    let text = normalize(&Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text());
    for literal in [
        "#set text(red) and $x$ in a title",
        "A subtitle with [brackets]",
        "#import \"secret.typ\": * and costs $5",
        // (the link ends a text run, so extraction may add a space after it)
        "First bold claim & a link",
    ] {
        assert!(
            text.contains(literal),
            "{literal:?} not in the proceedings:\n{text}"
        );
    }
}

#[test]
fn grouping_by_track_makes_one_session_per_track() {
    let ws = tiny();
    ws.run(&["import", "tiny.xml", "--out", "proj", "--group-by", "track"])
        .success();
    let config = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    assert_eq!(config.matches("[[session]]").count(), 2, "{config}");
    assert!(config.contains("[[session]]\nid = \"track-systems\"\ntitle = \"Systems\"\n"));
    // Each contribution then carries its own day and room.
    assert!(config.contains("day = 2024-05-06\nroom = \"Hall A\"\nstart = \"14:00\""));
    ws.run(&["build", "proj"]).success();

    // Tracks whose names make the same id still get one session each.
    ws.edit(
        "tiny.xml",
        "<track>Keynotes</track>",
        "<track>systems!</track>",
    );
    ws.run(&["import", "tiny.xml", "--out", "proj"]).success();
    ws.run(&[
        "import",
        "tiny.xml",
        "--out",
        "proj2",
        "--group-by",
        "track",
    ])
    .success();
    let config = String::from_utf8(ws.read("proj2/conference.toml")).unwrap();
    assert!(
        config.contains("id = \"track-systems-2\"\ntitle = \"systems!\""),
        "{config}"
    );
    ws.run(&["build", "proj2"]).success();
}

#[test]
fn a_re_import_updates_its_own_files_and_keeps_local_edits() {
    let ws = tiny();
    ws.run(&["import", "tiny.xml", "--out", "proj"]).success();
    // A file of the user's own is never touched.
    ws.write("proj/welcome.md", "Our own welcome.\n");

    // Unchanged source: nothing to write.
    let run = ws.run(&["import", "tiny.xml", "--out", "proj"]).success();
    assert!(
        run.stdout.contains("wrote 0 files, left 2 unchanged"),
        "{}",
        run.stdout
    );

    // The schedule changes: the import updates its own, unedited files.
    ws.edit("tiny.xml", "After lunch", "After a long lunch");
    let run = ws.run(&["import", "tiny.xml", "--out", "proj"]).success();
    assert!(
        run.stdout.contains("wrote 1 file, left 1 unchanged"),
        "{}",
        run.stdout
    );
    assert!(
        String::from_utf8(ws.read("proj/conference.toml"))
            .unwrap()
            .contains("After a long lunch")
    );

    // A local edit to an imported file stops the next import…
    ws.write("proj/abstracts/101.md", "My corrected abstract.\n");
    ws.edit("tiny.xml", "First &lt;b&gt;bold", "Really &lt;b&gt;bold");
    let run = ws.run(&["import", "tiny.xml", "--out", "proj"]).failure();
    assert_eq!(
        run.stderr.trim_end(),
        "error: 1 file in `proj` was changed since the last import; importing would overwrite it\n \
         = hint: keep your edits by importing into another folder, or pass `--force` to overwrite them\n \
         = edited or not made by confpress import: proj/abstracts/101.md"
    );
    assert_eq!(
        ws.read("proj/abstracts/101.md"),
        b"My corrected abstract.\n"
    );
    // …unless forced.
    ws.run(&["import", "tiny.xml", "--out", "proj", "--force"])
        .success();
    assert!(
        String::from_utf8(ws.read("proj/abstracts/101.md"))
            .unwrap()
            .starts_with("Really **bold**")
    );
    assert_eq!(ws.read("proj/welcome.md"), b"Our own welcome.\n");
}

/// Writes `text` as an export and checks the import fails with `expected`.
#[track_caller]
fn import_fails(file: &str, text: &str, expected: &str) {
    let ws = Workspace::new();
    ws.write(file, text);
    let run = ws.run(&["import", file, "--out", "proj"]).failure();
    assert_eq!(
        run.stderr.trim_end(),
        expected.trim(),
        "\nactual:\n{}",
        run.stderr
    );
    assert!(!ws.path().join("proj").exists(), "nothing is written");
}

#[test]
fn malformed_xml() {
    import_fails(
        "bad.xml",
        "<schedule>\n  <conference><title>X</title></conference>\n  <day date=\"2024-05-06\">\n</schedule>\n",
        r#"
error: this is not well-formed XML: expected 'day' tag, not 'schedule'
  ┌─ bad.xml:4:1
  │
4 │ </schedule>
  │ ^
"#,
    );
}

#[test]
fn malformed_json() {
    import_fails(
        "bad.json",
        "{\"schedule\": {\"conference\": {\"title\": \"X\",\n  \"days\": [}}}\n",
        r#"
error: this is not valid JSON: expected value
  ┌─ bad.json:2:12
  │
2 │   "days": [}}}
  │            ^
"#,
    );
}

/// One event the import cannot use, or uses without a field: a warning
/// naming the event at its place in the file (exactly `expected`, then the
/// warnings of the rest), and the project is written.
#[track_caller]
fn import_warns(file: &str, text: &str, expected: &str) {
    let ws = Workspace::new();
    ws.write(file, text);
    let run = ws.run(&["import", file, "--out", "proj"]).success();
    assert!(
        run.stderr.starts_with(expected.trim_start()),
        "\nactual:\n{}",
        run.stderr
    );
    assert!(ws.path().join("proj/conference.toml").exists());
}

#[test]
fn an_event_without_a_title() {
    import_warns(
        "tiny.xml",
        &XML.replace("<title>After lunch</title>", "<title> </title>"),
        r#"
warning: event `103` has no `title`; the event is left out of the import
   ┌─ tiny.xml:45:9
   │
45 │         <title> </title>
   │         ^^^^^^^^^^^^^^^^
   │
   = hint: every event needs a title to appear in the programme

warning: 1 of the 4 events of the export could not be imported (above)
"#,
    );
}

#[test]
fn a_duration_that_is_no_duration() {
    import_warns(
        "tiny.xml",
        &XML.replace("<duration>00:45</duration>", "<duration>25:99</duration>"),
        r#"
warning: event `102` “Second in the same block”: `duration` must be hours and minutes (HH:MM), not `25:99`; it is imported without one
   ┌─ tiny.xml:30:9
   │
30 │         <duration>25:99</duration>
   │         ^^^^^^^^^^^^^^^^^^^^^^^^^^
   │
   = hint: minutes run from 00 to 59, as in `01:30`
"#,
    );
}

#[test]
fn a_duration_in_json_names_the_event_and_points_at_the_value() {
    let json = r#"{"schedule": {"version": "1", "conference": {
  "acronym": "j", "title": "JSON Con", "start": "2024-05-06", "end": "2024-05-06",
  "days": [{"index": 1, "date": "2024-05-06", "rooms": {"Hall": [
    {"guid": "g-1", "id": 7, "date": "2024-05-06T10:00:00+02:00", "start": "10:00",
     "duration": "25:99", "room": "Hall", "title": "Seven", "persons": []}
  ]}}]}}}
"#;
    import_warns(
        "s.json",
        json,
        r#"
warning: event `7` “Seven”: `duration` must be hours and minutes (HH:MM), not `25:99`; it is imported without one
  ┌─ s.json:5:18
  │
5 │      "duration": "25:99", "room": "Hall", "title": "Seven", "persons": []}
  │                  ^^^^^^^
  │
  = hint: minutes run from 00 to 59, as in `01:30`
"#,
    );
}

#[test]
fn an_unknown_time_zone() {
    import_warns(
        "tiny.xml",
        &XML.replace("Europe/Vienna", "Europe/Viena"),
        r#"
warning: unknown time zone `Europe/Viena` in the export; it is ignored
  ┌─ tiny.xml:9:5
  │
9 │     <time_zone_name>Europe/Viena</time_zone_name>
  │     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  │
  = hint: did you mean `Europe/Vienna`? pass it with `--time-zone Europe/Vienna`
"#,
    );
    let ws = Workspace::new();
    ws.write(
        "tiny.xml",
        &XML.replace("<time_zone_name>Europe/Vienna</time_zone_name>", ""),
    );
    let run = ws
        .run(&[
            "import",
            "tiny.xml",
            "--out",
            "proj",
            "--time-zone",
            "Mars/Olympus",
        ])
        .failure();
    assert_eq!(
        run.stderr.trim_end(),
        "error: unknown time zone `Mars/Olympus`; use an IANA name such as `Europe/Berlin`"
    );
}

#[test]
fn a_file_that_is_no_schedule() {
    import_fails(
        "notes.txt",
        "just some notes\n",
        "error: `notes.txt` is neither a frab schedule XML nor a schedule JSON file\n \
         = hint: export the schedule from pretalx, frab or the c3voc tools as XML or JSON",
    );
}
