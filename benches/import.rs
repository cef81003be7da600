//! Import benchmark (`cargo bench --bench import`): a generated schedule of
//! 1,000 events, as frab XML and as c3voc JSON, imported by the real binary
//! (whole process, best of 5), beside the target from issue 6 (under 1 s).

use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

/// A schedule of `n` events: five days, four rooms, talks of 30 to 90
/// minutes, HTML abstracts of about 120 words.
fn events(n: usize) -> Vec<(usize, String, String, String, String, String)> {
    let rooms = ["Hall 1", "Hall 2", "Workshop Room", "Stage"];
    let words = [
        "incremental",
        "layout",
        "schedule",
        "booklet",
        "compiler",
        "privacy",
        "network",
        "hardware",
        "typesetting",
        "archive",
        "community",
        "security",
    ];
    let per_slot = n.div_ceil(5 * rooms.len());
    (0..n)
        .map(|i| {
            let day = i / (per_slot * rooms.len());
            let room = (i / per_slot) % rooms.len();
            let slot = i % per_slot;
            let minutes = 9 * 60 + slot * 15;
            let start = format!("{:02}:{:02}", (minutes / 60) % 24, minutes % 60);
            let date = format!("2024-06-{:02}", 10 + day);
            let title = format!(
                "On {} {} & {} #{i}",
                words[i % words.len()],
                words[(i * 7) % words.len()],
                words[(i * 5 + 3) % words.len()]
            );
            let mut text = String::from("<p>");
            for w in 0..120 {
                let _ = write!(text, "{} ", words[(i + w * 3) % words.len()]);
                if w % 40 == 39 {
                    text.push_str("</p><p><b>Note:</b> ");
                }
            }
            text.push_str("</p>");
            (i, date, start, rooms[room].to_owned(), title, text)
        })
        .collect()
}

fn xml(n: usize) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\"?>\n<schedule><conference><title>Bench Con</title>\
         <start>2024-06-10</start><end>2024-06-14</end>\
         <time_zone_name>Europe/Berlin</time_zone_name></conference>\n",
    );
    let events = events(n);
    let mut days: Vec<&str> = events.iter().map(|e| e.1.as_str()).collect();
    days.dedup();
    for day in days {
        let _ = writeln!(out, "<day date=\"{day}\">");
        for (i, date, start, room, title, text) in events.iter().filter(|e| e.1 == day) {
            let escape = |s: &str| {
                s.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            };
            let _ = writeln!(
                out,
                "<room name=\"{room}\"><event guid=\"g-{i}\" id=\"{i}\"><date>{date}T{start}:00+02:00</date>\
                 <start>{start}</start><duration>00:15</duration><room>{room}</room>\
                 <title>{}</title><subtitle></subtitle><track>Track {}</track><type>lecture</type>\
                 <language>en</language><abstract>{}</abstract><description></description>\
                 <persons><person id=\"{i}\">Speaker {i}</person></persons></event></room>",
                escape(title),
                i % 6,
                escape(text)
            );
        }
        out.push_str("</day>\n");
    }
    out.push_str("</schedule>\n");
    out
}

fn json(n: usize) -> String {
    let events = events(n);
    let mut days: Vec<&str> = events.iter().map(|e| e.1.as_str()).collect();
    days.dedup();
    let days: Vec<serde_json::Value> = days
        .into_iter()
        .map(|day| {
            let mut rooms = serde_json::Map::new();
            for (i, date, start, room, title, text) in events.iter().filter(|e| e.1 == day) {
                let list = rooms
                    .entry(room.clone())
                    .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                list.as_array_mut().unwrap().push(serde_json::json!({
                    "guid": format!("g-{i}"), "id": i, "date": format!("{date}T{start}:00+02:00"),
                    "start": start, "duration": "00:15", "room": room, "title": title,
                    "subtitle": "", "track": format!("Track {}", i % 6), "type": "lecture",
                    "language": "en", "abstract": text, "description": "",
                    "persons": [{"id": i, "public_name": format!("Speaker {i}")}],
                }));
            }
            serde_json::json!({"date": day, "rooms": rooms})
        })
        .collect();
    serde_json::to_string_pretty(
        &serde_json::json!({"schedule": {"version": "1", "conference": {
        "title": "Bench Con", "start": "2024-06-10", "end": "2024-06-14",
        "time_zone_name": "Europe/Berlin", "days": days}}}),
    )
    .unwrap()
}

/// Best of five whole-process imports into fresh folders.
fn import(file: &std::path::Path, scratch: &std::path::Path) -> Duration {
    (0..5)
        .map(|run| {
            let out = scratch.join(format!("out-{run}-{}", file.display().to_string().len()));
            let started = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_confpress"))
                .args([
                    "import",
                    file.to_str().unwrap(),
                    "--out",
                    out.to_str().unwrap(),
                ])
                .stdout(std::process::Stdio::null())
                .status()
                .expect("confpress runs");
            let elapsed = started.elapsed();
            assert!(status.success(), "import of {} failed", file.display());
            std::fs::remove_dir_all(&out).unwrap();
            elapsed
        })
        .min()
        .unwrap()
}

fn main() {
    let scratch = tempfile::tempdir().unwrap();
    println!("confpress import benchmark (best of 5, whole process)");
    for (name, text) in [("schedule.xml", xml(1000)), ("schedule.json", json(1000))] {
        let file = scratch.path().join(name);
        std::fs::write(&file, text).unwrap();
        let t = import(&file, scratch.path());
        let verdict = if t < Duration::from_secs(1) {
            "met"
        } else {
            "MISSED"
        };
        println!(
            "1,000 events from {name}: {:.0} ms  (target < 1000 ms: {verdict})",
            t.as_secs_f64() * 1000.0
        );
    }
}
