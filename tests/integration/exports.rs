//! `programme.ics` and `programme.json`, written next to the PDFs: the
//! calendar is read back with an independent iCalendar parser (the `ical`
//! crate), the data file with serde_json.

use std::collections::HashMap;

use crate::common::Workspace;
use ical::parser::ical::component::IcalEvent;
use serde_json::Value;

/// A property's parameters, as the parser gives them.
type Params = Vec<(String, Vec<String>)>;

/// The value of property `name` of an event, with its parameters.
fn property<'a>(event: &'a IcalEvent, name: &str) -> Option<(&'a str, Params)> {
    event.properties.iter().find(|p| p.name == name).map(|p| {
        (
            p.value.as_deref().unwrap_or(""),
            p.params.clone().unwrap_or_default(),
        )
    })
}

/// Undoes RFC 5545 TEXT escaping (the parser leaves values as written).
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn synthetic_build() -> Workspace {
    let ws = Workspace::synthetic();
    ws.run(&["build", "proj"]).success();
    ws
}

#[test]
fn the_calendar_round_trips_titles_times_zones_and_rooms() {
    let ws = synthetic_build();
    let ics = ws.read("proj/out/programme.ics");
    let text = String::from_utf8(ics.clone()).unwrap();
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
    }
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "bare LF in {text}"
    );

    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(ics.as_slice()));
    let calendar = calendars.next().expect("one calendar").expect("it parses");
    assert!(calendars.next().is_none());
    assert_eq!(calendar.timezones.len(), 1);
    let zone = &calendar.timezones[0];
    assert_eq!(
        zone.properties
            .iter()
            .find(|p| p.name == "TZID")
            .and_then(|p| p.value.as_deref()),
        Some("Europe/Zurich")
    );

    // Every timed contribution of the programme is one event, found by UID.
    let json: Value = serde_json::from_slice(&ws.read("proj/out/programme.json")).unwrap();
    let timed: Vec<&Value> = json["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["start"].is_string() && c["day"].is_string())
        .collect();
    assert_eq!(timed.len(), 59);
    // The posters of the poster session have no time of their own: they are
    // on the calendar for the session's slot, in its room.
    let sessions: HashMap<&str, &Value> = json["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s))
        .collect();
    let in_slot: Vec<(&Value, &Value)> = json["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["start"].is_null())
        .filter_map(|c| Some((c, *sessions.get(c["session"].as_str()?)?)))
        .filter(|(_, s)| s["start"].is_string())
        .collect();
    assert_eq!(in_slot.len(), 10);
    assert_eq!(calendar.events.len(), timed.len() + in_slot.len());
    let by_uid: HashMap<String, &IcalEvent> = calendar
        .events
        .iter()
        .map(|e| (property(e, "UID").unwrap().0.to_owned(), e))
        .collect();
    assert_eq!(by_uid.len(), calendar.events.len(), "UIDs are unique");
    for (c, session) in in_slot {
        let event = by_uid[&format!("{}@sis-2031.confpress.invalid", c["id"].as_str().unwrap())];
        let day = session["day"].as_str().unwrap().replace('-', "");
        let at = |key: &str| session[key].as_str().unwrap().replace(':', "");
        assert_eq!(
            property(event, "DTSTART").unwrap().0,
            format!("{day}T{}00", at("start"))
        );
        assert_eq!(
            property(event, "DTEND").unwrap().0,
            format!("{day}T{}00", at("end"))
        );
        let location = property(event, "LOCATION").map(|(value, _)| unescape(value));
        assert_eq!(location.as_deref(), session["room"].as_str());
    }
    for c in timed {
        let id = c["id"].as_str().unwrap();
        let event = by_uid[&format!("{id}@sis-2031.confpress.invalid")];
        assert_eq!(
            unescape(property(event, "SUMMARY").unwrap().0),
            c["title"].as_str().unwrap()
        );
        let (start, params) = property(event, "DTSTART").unwrap();
        assert_eq!(
            params,
            [("TZID".to_owned(), vec!["Europe/Zurich".to_owned()])]
        );
        let day = c["day"].as_str().unwrap().replace('-', "");
        let hhmm = c["start"].as_str().unwrap().replace(':', "");
        assert_eq!(start, format!("{day}T{hhmm}00"));
        let location = property(event, "LOCATION").map(|(value, _)| unescape(value));
        assert_eq!(location.as_deref(), c["room"].as_str(), "{id}");
    }

    // One event checked against the configuration by hand.
    let event = by_uid["d1-s1-1-1@sis-2031.confpress.invalid"];
    assert_eq!(
        property(event, "SUMMARY").unwrap().0,
        "Verified Mesh Generators from First Principles"
    );
    assert_eq!(property(event, "DTSTART").unwrap().0, "20310915T104500");
    assert_eq!(property(event, "DTEND").unwrap().0, "20310915T110500");
    assert_eq!(property(event, "LOCATION").unwrap().0, "Aula");
    assert_eq!(
        unescape(property(event, "DESCRIPTION").unwrap().0),
        "What a proof assistant says about triangles\nChloé Rossi, Ursula de Bastion"
    );

    // The same inputs give the same calendar.
    ws.run(&["build", "proj"]).success();
    assert!(ws.read("proj/out/programme.ics") == ics);
}

#[test]
fn calendar_text_is_escaped_and_folded() {
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "end = 2024-05-07\n",
        "end = 2024-05-07\ntime-zone = \"America/New_York\"\n",
    );
    ws.edit(
        "proj/conference.toml",
        "title = \"A Talk About Nothing\"",
        "title = \"Commas, semicolons; backslashes \\\\ and a very long title that has to be folded over more than one line\"\nday = 2024-05-06\nstart = \"09:30\"\nduration = 45\nroom = \"Hall A, upstairs\"",
    );
    ws.run(&["build", "proj"]).success();
    let text = String::from_utf8(ws.read("proj/out/programme.ics")).unwrap();
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains("SUMMARY:Commas\\, semicolons\\; backslashes \\\\ and a very long title that has to be folded over more than one line\r\n"),
        "{unfolded}"
    );
    assert!(unfolded.contains("LOCATION:Hall A\\, upstairs\r\n"));
    assert!(unfolded.contains("DTSTART;TZID=America/New_York:20240506T093000\r\n"));
    assert!(unfolded.contains("DTEND;TZID=America/New_York:20240506T101500\r\n"));
    assert!(unfolded.contains("TZOFFSETTO:-0400\r\n"), "{unfolded}");
    assert!(text.contains("\r\n "), "the long line is folded");
}

#[test]
fn untimed_programmes_and_switched_off_exports_write_no_calendar() {
    // The minimal project has no times: a calendar would have no events.
    let ws = Workspace::minimal();
    let run = ws.run(&["build", "proj"]).success();
    assert!(!ws.path().join("proj/out/programme.ics").exists());
    assert!(
        run.stdout.contains("wrote proj/out/programme.json ("),
        "{}",
        run.stdout
    );

    let ws = Workspace::synthetic();
    ws.append(
        "proj/conference.toml",
        "\n[export]\nics = false\njson = false\n",
    );
    ws.run(&["build", "proj"]).success();
    assert!(!ws.path().join("proj/out/programme.ics").exists());
    assert!(!ws.path().join("proj/out/programme.json").exists());
    assert!(ws.path().join("proj/out/booklet.pdf").exists());
}

#[test]
fn the_data_file_holds_the_checked_programme() {
    let ws = synthetic_build();
    let json: Value = serde_json::from_slice(&ws.read("proj/out/programme.json")).unwrap();
    assert_eq!(
        json["conference"]["title"],
        "Symposium on Imaginary Systems 2031"
    );
    assert_eq!(json["conference"]["time-zone"], "Europe/Zurich");
    assert_eq!(json["sessions"].as_array().unwrap().len(), 17);
    assert_eq!(json["contributions"].as_array().unwrap().len(), 69);
    let talk = json["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "d1-s1-1-2")
        .unwrap();
    assert_eq!(talk["title"], "Quantised Sound Synthesisers in Practice");
    assert_eq!(talk["language"], "de");
    assert_eq!(talk["session"], "d1-s1-1");
    assert_eq!(talk["day"], "2031-09-15");
    assert_eq!(talk["start"], "11:07");
    assert_eq!(talk["end"], "11:27");
    assert_eq!(talk["room"], "Aula");
    assert_eq!(talk["authors"][0]["name"], "Ursula de Bastion");
    assert!(talk["authors"][0]["affiliations"][0]["name"].is_string());
    let session = json["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "d1-s1-1")
        .unwrap();
    assert_eq!(session["contributions"][1], "d1-s1-1-2");
}

#[test]
fn an_unknown_time_zone_is_an_error_with_a_suggestion() {
    crate::common::rejects(
        "time-zone = \"Europe/Zurch\"\n",
        r#"
error: unknown time zone `Europe/Zurch`
  ┌─ proj/conference.toml:5:13
  │
5 │ time-zone = "Europe/Zurch"
  │             ^^^^^^^^^^^^^^
  │
  = hint: did you mean `Europe/Zurich`?
"#,
    );
}
