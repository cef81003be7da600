//! Room signs: a landscape page per room and day with its sessions and
//! talks in time order, and a day too full for one page reported.

use crate::common::{Pdf, Workspace};

#[test]
fn one_sign_per_room_and_day_with_its_talks_in_order() {
    let ws = Workspace::synthetic();
    let run = ws
        .run(&["build", "proj", "--signs", "--only", "booklet"])
        .success();
    assert!(
        run.stdout.contains("wrote proj/out/signs.pdf (6 pages"),
        "{}",
        run.stdout
    );
    let signs = Pdf::open(ws.path().join("proj/out/signs.pdf"));
    let pages = signs.page_texts();
    // Every page is A4 landscape.
    for (_, id) in signs.doc.get_pages() {
        let media = format!(
            "{:?}",
            signs
                .doc
                .get_dictionary(id)
                .unwrap()
                .get(b"MediaBox")
                .unwrap()
        );
        assert!(
            media.contains("841.8") && media.contains("595.2"),
            "{media}"
        );
    }
    let programme: serde_json::Value =
        serde_json::from_slice(&ws.read("proj/out/programme.json")).unwrap();
    let contributions = programme["contributions"].as_array().unwrap();
    // For each room of the first day, its talks appear on its sign in time order.
    for (page, room) in pages.iter().zip(["Aula", "Room 2", "Room 3"]) {
        assert!(page.starts_with(room), "{page}");
        assert!(page.contains("Monday, 15 September"), "{page}");
        let mut talks: Vec<&serde_json::Value> = contributions
            .iter()
            .filter(|c| c["room"] == room && c["day"] == "2031-09-15" && c["start"].is_string())
            .collect();
        talks.sort_by_key(|c| c["start"].as_str().unwrap().to_owned());
        assert!(!talks.is_empty());
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        let text = squeeze(page);
        let mut at = 0;
        for talk in talks {
            let title = squeeze(talk["title"].as_str().unwrap());
            let found = text[at..]
                .find(&title)
                .unwrap_or_else(|| panic!("{title} after {at} on the {room} sign: {text}"));
            at += found + title.len();
        }
    }
}

#[test]
fn a_day_too_full_for_one_sign_is_reported() {
    let ws = Workspace::new();
    let mut toml = String::from(
        "[conference]\ntitle = \"A Very Full Day\"\nstart = 2024-05-06\n\n[[day]]\ndate = 2024-05-06\nrooms = [\"Hall\"]\n",
    );
    for i in 0..90 {
        let (h, m) = (8 + i / 6, (i % 6) * 10);
        toml.push_str(&format!(
            "\n[[contribution]]\nid = \"t{i}\"\ntitle = \"A rather long talk title number {i} about many things at once, with a subtitle-like tail\"\nauthors = [\"Ada Lovelace\", \"Charles Babbage\"]\nday = 2024-05-06\nstart = \"{h:02}:{m:02}\"\nduration = 10\nroom = \"Hall\"\n"
        ));
    }
    ws.write("proj/conference.toml", &toml);
    let run = ws
        .run(&["build", "proj", "--signs", "--only", "booklet"])
        .success();
    assert!(
        run.stderr.contains("warning: the sign of room `Hall` for Monday, 6 May does not fit one page, even in small type and two columns"),
        "{}",
        run.stderr
    );
    // With --strict that is an error and nothing is written.
    let run = ws
        .run(&["build", "proj", "--signs", "--only", "booklet", "--strict"])
        .failure();
    assert!(
        run.stderr.contains("error: the sign of room `Hall`"),
        "{}",
        run.stderr
    );
}
