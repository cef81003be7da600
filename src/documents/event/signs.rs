//! Room signs: for every room and day with something in it, one landscape
//! page for the door — the room's name large, the date, and its sessions and
//! talks in time order — as data for `templates/signs.typ`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Programme;

/// One sign: a room on a day.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Sign {
    /// The room.
    pub room: String,
    /// The day, written out.
    pub day: String,
    /// What happens there, in time order.
    pub items: Vec<Item>,
}

/// A session (a heading) or a talk on a sign.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Item {
    /// "session" or "talk".
    pub kind: &'static str,
    /// "10:45–11:05", or empty.
    pub time: String,
    /// Its title.
    pub title: String,
    /// Speakers (a talk) or chairs (a session).
    pub people: String,
}

/// An item of a room's day: its start, 0 for a session and 1 for a talk (a
/// session heads the talks that start with it), and the item.
type Slot = (Option<chrono::NaiveTime>, u8, Item);

/// The signs of `programme`, by day, then room in the day's order of rooms.
pub fn signs(programme: &Programme) -> Vec<Sign> {
    let labels = programme.conference.labels.as_str();
    let time = |start: Option<chrono::NaiveTime>, end: Option<chrono::NaiveTime>| match (start, end)
    {
        (Some(s), Some(e)) => format!("{}–{}", s.format("%H:%M"), e.format("%H:%M")),
        (Some(s), None) => s.format("%H:%M").to_string(),
        _ => String::new(),
    };
    let mut rooms: BTreeMap<(NaiveDate, String), Vec<Slot>> = BTreeMap::new();
    for s in &programme.sessions {
        let (Some(day), Some(room)) = (s.day, &s.room) else {
            continue;
        };
        rooms.entry((day, room.clone())).or_default().push((
            s.start,
            0,
            Item {
                kind: "session",
                time: time(s.start, s.end),
                title: s.title.clone(),
                people: s.chairs.join(", "),
            },
        ));
    }
    for c in &programme.contributions {
        let (Some(day), Some(room)) = (c.day, &c.room) else {
            continue;
        };
        let presenters: Vec<&str> = c
            .authors
            .iter()
            .filter(|a| a.presenter)
            .map(|a| a.name.as_str())
            .collect();
        let speakers: Vec<&str> = if presenters.is_empty() {
            c.authors.iter().map(|a| a.name.as_str()).collect()
        } else {
            presenters
        };
        rooms.entry((day, room.clone())).or_default().push((
            c.start,
            1,
            Item {
                kind: "talk",
                time: time(c.start, c.end),
                title: c.title.clone(),
                people: speakers.join(", "),
            },
        ));
    }
    let order = |day: NaiveDate, room: &str| {
        programme
            .days
            .iter()
            .find(|d| d.date == day)
            .and_then(|d| d.rooms.iter().position(|r| r == room))
            .unwrap_or(usize::MAX)
    };
    let mut keys: Vec<(NaiveDate, String)> = rooms.keys().cloned().collect();
    keys.sort_by(|a, b| (a.0, order(a.0, &a.1), &a.1).cmp(&(b.0, order(b.0, &b.1), &b.1)));
    keys.into_iter()
        .map(|key| {
            let mut items = rooms.remove(&key).unwrap_or_default();
            // Sessions before the talks that start with them; stable otherwise.
            items.sort_by_key(|a| (a.0.is_none(), a.0, a.1));
            Sign {
                room: key.1,
                day: crate::text::lang::day_label(labels, key.0),
                items: items.into_iter().map(|(_, _, item)| item).collect(),
            }
        })
        .collect()
}
