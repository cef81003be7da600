//! The glance on a congress's shapes (issue 26): a slot of thirty lightning
//! talks stays one cell, the export's stages keep the grid, an event nobody
//! gave a room covers no room's talk, a set past the day change keeps its
//! place on the axis, and an event without an end is listed with its room.

use crate::common::{Pdf, Workspace};
use crate::words::{glyph_overprints, mutool_available};

/// The booklet's pages of text.
fn pages(ws: &Workspace) -> Vec<String> {
    Pdf::open(ws.path().join("proj/out/booklet.pdf")).page_texts()
}

/// The first page holding `needle`.
fn page_with<'a>(pages: &'a [String], needle: &str) -> &'a str {
    (pages.iter())
        .find(|p| p.contains(needle))
        .unwrap_or_else(|| panic!("no page holds {needle}"))
}

/// A contribution entry of a one-day programme on 2025-12-27.
fn talk(id: &str, title: &str, room: Option<&str>, start: &str, minutes: u32) -> String {
    let room = room
        .map(|r| format!("room = \"{r}\"\n"))
        .unwrap_or_default();
    format!(
        "\n[[contribution]]\nid = \"{id}\"\ntitle = \"{title}\"\nday = 2025-12-27\n\
         start = \"{start}\"\nduration = {minutes}\n{room}"
    )
}

const HEAD: &str = "[conference]\ntitle = \"Congress\"\nstart = 2025-12-27\nend = 2025-12-27\n";

#[test]
fn a_slot_of_many_short_talks_stays_one_cell_and_lists_the_rest() {
    let mut config = String::from(HEAD);
    config.push_str(&talk("lt", "Lightning Talks", Some("Hall"), "11:30", 140));
    for i in 0..12 {
        let start = format!("{}:{:02}", 11 + (30 + 5 * i) / 60, (30 + 5 * i) % 60);
        config.push_str(&talk(
            &format!("l{i}"),
            &format!("Flash {i}"),
            Some("Hall"),
            &start,
            5,
        ));
    }
    config.push_str(&talk(
        "x",
        "Across the Corridor",
        Some("Annex"),
        "12:00",
        60,
    ));
    let ws = Workspace::new();
    ws.write("proj/conference.toml", &config);
    // Each talk in the slot is a warned overlap (`--strict` refuses them).
    let run = ws.run(&["build", "proj", "--only", "booklet"]).success();
    assert!(!run.stderr.contains("prints over"), "{}", run.stderr);
    let pages = pages(&ws);
    let grid = page_with(&pages, "Programme at a glance");
    // The slot and the first two talks in it; the cell counts the rest.
    assert!(grid.contains("Lightning Talks"), "{grid}");
    assert!(
        grid.contains("Flash 0") && grid.contains("Flash 1"),
        "{grid}"
    );
    assert!(!grid.contains("Flash 2"), "{grid}");
    assert!(grid.contains("+10 more under More rooms"), "{grid}");
    // Each of the rest with its time and page after the grid.
    let listed = page_with(&pages, "MORE ROOMS");
    assert!(listed.contains("Hall"), "{listed}");
    for i in 2..12 {
        assert!(
            listed.contains(&format!("Flash {i}")),
            "Flash {i} in {listed}"
        );
    }
    assert!(listed.contains("12:25 Flash 11"), "{listed}");
    if mutool_available() {
        let bytes = ws.read("proj/out/booklet.pdf");
        assert_eq!(glyph_overprints(&bytes), Vec::<String>::new());
    }
}

#[test]
fn the_grid_keeps_the_stages_the_export_lists_first() {
    // Twenty rooms, listed stages first; the last has the most items (a
    // meetup room), the first three a stage's few long talks.
    let mut config = String::from(HEAD);
    config.push_str("\n[[day]]\ndate = 2025-12-27\nrooms = [");
    let rooms: Vec<String> = (1..=20).map(|r| format!("\"Room {r:02}\"")).collect();
    config.push_str(&rooms.join(", "));
    config.push_str("]\n");
    for r in 1..=20 {
        let count = if r == 20 { 12 } else { 3 };
        for i in 0..count {
            let start = format!("{:02}:00", 10 + i);
            let title = format!("R{r:02} item {i}");
            let id = format!("r{r}i{i}");
            config.push_str(&talk(
                &id,
                &title,
                Some(&format!("Room {r:02}")),
                &start,
                50,
            ));
        }
    }
    let ws = Workspace::new();
    ws.write("proj/conference.toml", &config);
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let pages = pages(&ws);
    let grids: Vec<&String> = (pages.iter())
        .filter(|p| p.contains("Programme at a glance"))
        .collect();
    assert_eq!(grids.len(), 3, "three grid pages of five rooms");
    let drawn = grids.iter().map(|p| p.as_str()).collect::<String>();
    for r in 1..=15 {
        assert!(drawn.contains(&format!("R{r:02} item 1")), "room {r}");
    }
    let listed = page_with(&pages, "MORE ROOMS");
    for r in 16..=20 {
        assert!(listed.contains(&format!("Room {r:02}")), "{listed}");
    }
    assert!(listed.contains("21:00 R20 item 11"), "{listed}");
}

#[test]
fn an_event_without_a_room_covers_no_rooms_talk() {
    let mut config = String::from(HEAD);
    config.push_str(&talk("open", "Opening Plenary", None, "09:00", 60));
    for r in 1..=3 {
        let title = format!("Stage {r} Afternoon Talk");
        config.push_str(&talk(
            &format!("s{r}"),
            &title,
            Some(&format!("Stage {r}")),
            "15:00",
            60,
        ));
    }
    config.push_str(&talk("nerf", "Nerf Battle Somewhere", None, "15:00", 60));
    let ws = Workspace::new();
    ws.write("proj/conference.toml", &config);
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let pages = pages(&ws);
    let grid = page_with(&pages, "Programme at a glance");
    for r in 1..=3 {
        assert!(
            grid.contains(&format!("Stage {r} Afternoon Talk")),
            "{grid}"
        );
    }
    // A roomless event that covers nothing still spans the grid.
    assert!(grid.contains("Opening Plenary"), "{grid}");
    let listed = page_with(&pages, "MORE ROOMS");
    assert!(
        listed.contains("Elsewhere 15:00 Nerf Battle Somewhere"),
        "{listed}"
    );
}

#[test]
fn a_set_past_the_day_change_keeps_its_place_on_the_axis() {
    let mut config = String::from(HEAD).replace(
        "end = 2025-12-27\n",
        "end = 2025-12-28\nday-change = \"03:00\"\n",
    );
    config.push_str(&talk("talk", "Evening Talk", Some("Hall"), "20:00", 60));
    // 02:00 to 05:00 on the 28th: the night of the 27th, ending after the
    // day changes.
    config.push_str(
        "\n[[contribution]]\nid = \"set\"\ntitle = \"Late Set\"\nday = 2025-12-28\n\
         start = \"02:00\"\nduration = 180\nroom = \"Club\"\n",
    );
    let ws = Workspace::new();
    ws.write("proj/conference.toml", &config);
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let pages = pages(&ws);
    let grid = page_with(&pages, "Programme at a glance");
    assert!(grid.contains("Late Set"), "{grid}");
    assert!(grid.contains("02:00–05:00"), "{grid}");
    assert!(!pages.iter().any(|p| p.contains("MORE ROOMS")));
    // The axis runs from the evening into the night.
    let evening = grid.find("20:00").unwrap();
    let night = grid.find("02:00").unwrap();
    assert!(evening < night, "{grid}");
}

#[test]
fn an_event_without_an_end_is_listed_with_its_room() {
    let mut config = String::from(HEAD);
    config.push_str(&talk("a", "A Timed Talk", Some("Hall"), "10:00", 60));
    config.push_str(
        "\n[[contribution]]\nid = \"open\"\ntitle = \"Open End Jam\"\nday = 2025-12-27\n\
         start = \"12:45\"\nroom = \"Hall\"\n",
    );
    let ws = Workspace::new();
    ws.write("proj/conference.toml", &config);
    ws.run(&["build", "proj", "--only", "booklet"]).success();
    let pages = pages(&ws);
    let listed = page_with(&pages, "MORE ROOMS");
    assert!(listed.contains("Hall 12:45 Open End Jam"), "{listed}");
}
