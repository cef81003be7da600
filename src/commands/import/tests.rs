//! Unit tests of the import: field parsers, the person and day-change
//! rules, and robustness against broken exports.

mod units {
    use super::super::*;

    #[test]
    fn durations() {
        assert_eq!(hours_minutes("00:30"), Some((0, 30)));
        assert_eq!(hours_minutes("1:30:00"), Some((1, 30)));
        assert_eq!(hours_minutes("25:99"), None);
        assert_eq!(hours_minutes("90"), None);
        assert_eq!(hours_minutes(""), None);
    }
}

mod robustness {
    use super::super::*;

    const XML: &str = r#"<?xml version="1.0"?>
<schedule><conference><title>T &amp; U</title><start>2024-05-06</start>
<time_zone_name>Europe/Paris</time_zone_name></conference>
<day date="2024-05-06"><room name="A"><event guid="g1" id="1">
<date>2024-05-06T23:30:00+02:00</date><start>23:30</start><duration>01:15</duration>
<room>A</room><title>Late &lt;b&gt;show&lt;/b&gt;</title><track>X</track>
<abstract>&lt;p&gt;a &amp;amp; &lt;a href="x"&gt;b&lt;/a&gt;&lt;/p&gt;</abstract>
<persons><person id="1">P Q</person></persons></event></room></day></schedule>
"#;

    const JSON: &str = r#"{"schedule": {"conference": {"title": "T", "start": "2024-05-06",
"time_zone_name": "Europe/Paris", "days": [{"date": "2024-05-06", "rooms": {"A": [
{"guid": "g1", "id": 1, "date": "2024-05-06T10:00:00+02:00", "start": "10:00",
 "duration": "00:30", "room": "A", "title": "Talk", "abstract": "<p>x &amp; y</p>",
 "persons": [{"public_name": "P"}, "Q", 3]}]}}]}}}"#;

    #[test]
    fn the_day_change_is_read_or_taken_from_the_days() {
        use super::super::times::day_change;
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(day_change(Some("04:00"), &[], None, false), t(4, 0));
        assert_eq!(day_change(Some("09:00:00"), &[], None, false), t(9, 0));
        assert_eq!(day_change(Some("00:00"), &[], None, true), None);
        let ends = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        let late = ends(&[
            ("2014-12-27", "2014-12-28T04:00:00+01:00"),
            ("2014-12-28", "2014-12-29T04:00:00+01:00"),
        ]);
        assert_eq!(day_change(None, &late, None, true), t(4, 0));
        // Only events past midnight make a day change of the days' ends.
        assert_eq!(day_change(None, &late, None, false), None);
        // The ends are read in the conference's zone.
        let zone = "Asia/Kolkata".parse().ok();
        let utc = ends(&[("2023-09-10", "2023-09-10T22:29:00+00:00")]);
        assert_eq!(day_change(None, &utc, zone, true), t(3, 59));
        assert_eq!(day_change(None, &utc, zone, false), None);
        // Days that end the same evening are passed over; days that disagree
        // give no day change.
        assert_eq!(
            day_change(
                None,
                &ends(&[("2014-12-27", "2014-12-27T23:00:00+01:00")]),
                None,
                true
            ),
            None
        );
        let mixed = ends(&[
            ("2014-12-27", "2014-12-28T04:00:00+01:00"),
            ("2014-12-28", "2014-12-29T02:00:00+01:00"),
        ]);
        assert_eq!(day_change(None, &mixed, None, true), None);
    }

    #[test]
    fn affiliations_written_into_names_are_split_off() {
        let person = |text: &str| Person::parse(text);
        assert_eq!(
            person("Emily Moffat Sadeghi [Ohio Supercomputer Center]"),
            Some(Person {
                name: "Emily Moffat Sadeghi".into(),
                affiliation: Some("Ohio Supercomputer Center".into()),
                parts: None,
            })
        );
        assert_eq!(person("  Ada  ").unwrap().affiliation, None);
        assert_eq!(person("[Only brackets]").unwrap().name, "[Only brackets]");
        assert_eq!(person("Name []").unwrap().name, "Name []");
        assert_eq!(person(" "), None);
    }

    /// Every prefix of a valid export, and the export with each byte
    /// replaced, is read without a panic (an error is fine).
    #[test]
    fn broken_exports_never_panic() {
        for source in [XML, JSON] {
            let (_, schedule, _, _) = parse("s", &Arc::from(source)).expect("the export is valid");
            assert_eq!(schedule.events.len(), 1);
            for end in (0..source.len()).filter(|&i| source.is_char_boundary(i)) {
                let _ = parse("s", &Arc::from(&source[..end]));
            }
            for (i, _) in source.char_indices() {
                for replacement in ["<", "\"", "}", "&", "9", ":"] {
                    let mut text = source.to_owned();
                    let len = text[i..].chars().next().map_or(0, char::len_utf8);
                    text.replace_range(i..i + len, replacement);
                    let _ = parse("s", &Arc::from(text.as_str()));
                }
            }
        }
    }

    #[test]
    fn converted_abstracts_never_panic() {
        let samples = [
            "<a href=",
            "<a href='x'>",
            "&#x110000;",
            "&#;",
            "<",
            "<<>>",
            "</>",
            "&",
            "<!--",
            "<b",
        ];
        for sample in samples {
            let _ = to_markdown(sample);
        }
    }
}

#[test]
fn a_late_set_listed_with_the_night_before_moves_the_day_change() {
    use super::Event;
    use super::times::keep_listed_nights;
    let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let event = |start, listed_day_before| Event {
        id: String::new(),
        day: chrono::NaiveDate::from_ymd_opt(2018, 12, 28).unwrap(),
        start,
        duration: Some(60),
        room: None,
        past_midnight: listed_day_before,
        listed_day_before,
        title: String::new(),
        subtitle: None,
        track: None,
        kind: String::new(),
        language: None,
        persons: Vec::new(),
        board: None,
        url: None,
        abstract_text: String::new(),
        description: String::new(),
    };
    let night = [
        event(t(1, 0), true),
        event(t(6, 0), true),
        event(t(10, 0), false),
    ];
    // Days said to end at 03:00, a set at 06:00 listed under the night.
    assert_eq!(keep_listed_nights(Some(t(3, 0)), &night), Some(t(7, 0)));
    // Not where a morning event of the day itself would go to the night.
    let mut early = night.to_vec();
    early.push(event(t(6, 30), false));
    assert_eq!(keep_listed_nights(Some(t(3, 0)), &early), Some(t(3, 0)));
    // Nothing listed after the change: as it was; no change: none.
    assert_eq!(keep_listed_nights(Some(t(7, 0)), &night), Some(t(7, 0)));
    assert_eq!(keep_listed_nights(None, &night), None);
}
