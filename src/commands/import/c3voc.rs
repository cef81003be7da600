//! The c3voc / pretalx schedule JSON:
//! `{"schedule": {"conference": {"days": [{"rooms": {"Room": [event, …]}}]}}}`.

use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;

use super::check::Events;
use super::{Locate, Person, Position, RawEvent, Schedule, nonempty, syntax_error};
use crate::diag::{Diagnostic, Location, Result};

/// Reads a schedule JSON document.
pub(super) fn parse(name: &str, text: &Arc<str>) -> Result<(Schedule, Vec<Diagnostic>)> {
    let value: Value = serde_json::from_str(text).map_err(|err| {
        // serde_json counts columns in bytes, and ends its message with them.
        let position = Position::bytes(err.line(), err.column());
        syntax_error(
            name,
            text,
            "this is not valid JSON",
            &err.to_string(),
            " at line ",
            position,
        )
    })?;
    let whole = || Location::new(name, text.clone(), 0..1);
    let conference = value
        .pointer("/schedule/conference")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            Diagnostic::error("there is no `schedule.conference` object in this JSON file")
                .at(whole())
                .hint("confpress reads the c3voc / pretalx schedule JSON (schedule.json)")
        })?;
    let key_at = |key: &str| {
        let needle = format!("\"{key}\"");
        let start = text.find(&needle).unwrap_or(0);
        Location::new(name, text.clone(), start..start + needle.len())
    };
    let title = conference
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if title.trim().is_empty() {
        return Err(
            Diagnostic::error("the schedule's conference has no `title`")
                .at(key_at("conference"))
                .into(),
        );
    }
    let date = |key: &str| {
        conference
            .get(key)
            .and_then(Value::as_str)
            .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
    };
    let text_of = |key: &str| {
        nonempty(
            conference
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_owned),
        )
    };
    let mut warnings = Vec::new();
    let mut time_zone = text_of("time_zone_name").or_else(|| text_of("timezone"));
    if let Some(warning) = time_zone.as_deref().and_then(super::unknown_zone) {
        warnings.push(warning.at(key_at("time_zone_name")));
        time_zone = None;
    }
    let days = conference
        .get("days")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            Diagnostic::error("the schedule's conference has no `days` list")
                .at(key_at("conference"))
        })?;

    let mut events = Vec::new();
    let mut checker = Events::new(time_zone.as_deref().and_then(|z| z.parse().ok()));
    let mut searched_from = 0;
    for day in days {
        let day_date = day.get("date").and_then(Value::as_str).map(str::to_owned);
        // Rooms as an object (room name → events), the usual form, or as
        // an array: of `{"name", "events"}` objects, or of events that name
        // their room.
        let rooms: Vec<(String, &Value)> = match day.get("rooms") {
            Some(Value::Object(rooms)) => rooms.iter().map(|(k, v)| (k.clone(), v)).collect(),
            Some(Value::Array(rooms)) => rooms
                .iter()
                .map(|room| match room.get("events") {
                    Some(events) => {
                        let name = room.get("name").and_then(Value::as_str).unwrap_or_default();
                        (name.to_owned(), events)
                    }
                    None => (String::new(), room),
                })
                .collect(),
            // One broken day or room never refuses the others.
            _ => {
                warnings.push(
                    Diagnostic::warning(format!(
                        "day {} has no `rooms` object; it is skipped",
                        day_date.as_deref().unwrap_or("?")
                    ))
                    .at(key_at("days")),
                );
                continue;
            }
        };
        for (room, list) in &rooms {
            let single = std::slice::from_ref(*list);
            let list = match list {
                Value::Object(_) => Some(single),
                other => other.as_array().map(Vec::as_slice),
            };
            let Some(list) = list else {
                warnings.push(
                    Diagnostic::warning(format!(
                        "room `{room}` on day {} is not a list of events; it is skipped",
                        day_date.as_deref().unwrap_or("?")
                    ))
                    .at(key_at(room)),
                );
                continue;
            };
            for event in list {
                let string = |key: &str| match event.get(key) {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                };
                let raw = RawEvent {
                    id: string("id"),
                    guid: string("guid"),
                    date: string("date"),
                    day: day_date.clone(),
                    start: string("start"),
                    duration: string("duration"),
                    room: string("room")
                        .filter(|r| !r.trim().is_empty())
                        .or_else(|| Some(room.clone()).filter(|r| !r.is_empty())),
                    title: string("title"),
                    url: string("url"),
                    subtitle: string("subtitle"),
                    track: string("track"),
                    kind: string("type"),
                    language: string("language"),
                    persons: persons(event.get("persons")),
                    abstract_text: string("abstract"),
                    description: string("description"),
                    board: None,
                };
                let locate = JsonEvent::find(name, text, &raw, searched_from);
                searched_from = locate.start;
                checker.add(raw, &locate, &mut events, &mut warnings);
            }
        }
    }
    let ends: Vec<(String, String)> = days
        .iter()
        .filter_map(|d| {
            let date = d.get("date")?.as_str()?;
            let end = d.get("day_end")?.as_str()?;
            Some((date.to_owned(), end.to_owned()))
        })
        .collect();
    checker.finish(events.len(), &mut warnings)?;
    if events.is_empty() {
        return Err(
            Diagnostic::error("the schedule holds no events; nothing to import")
                .at(key_at("days"))
                .into(),
        );
    }
    let day_change = super::times::day_change(
        text_of("day_change").as_deref(),
        &ends,
        checker.zone,
        events.iter().any(|e| e.past_midnight),
    );
    let day_change = super::times::keep_listed_nights(day_change, &events);
    Ok((
        Schedule {
            title: title.trim().to_owned(),
            acronym: text_of("acronym"),
            start: date("start"),
            end: date("end"),
            time_zone,
            day_change,
            events,
            breaks: Vec::new(),
        },
        warnings,
    ))
}

/// Speakers' names: objects with `public_name` (or `name`), or plain strings.
fn persons(value: Option<&Value>) -> Vec<Person> {
    let Some(Value::Array(list)) = value else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|p| match p {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => ["public_name", "full_public_name", "name"]
                .iter()
                .find_map(|k| o.get(*k).and_then(Value::as_str))
                .map(str::to_owned),
            _ => None,
        })
        .filter_map(|name| Person::parse(&name))
        .collect()
}

/// Finds an event in the JSON text by its guid (or id), searching onwards
/// from the previous event, to point at its fields. serde_json's values keep
/// no positions, so this is a search, not a parse.
struct JsonEvent<'a> {
    name: &'a str,
    text: &'a Arc<str>,
    /// Where the event's object starts.
    start: usize,
    /// Where the next event (or the end) is.
    end: usize,
}

impl<'a> JsonEvent<'a> {
    fn find(name: &'a str, text: &'a Arc<str>, raw: &RawEvent, from: usize) -> Self {
        let needles: Vec<String> = [
            raw.guid
                .as_ref()
                .map(|g| format!("\"guid\": {}", Value::from(g.as_str()))),
            raw.guid
                .as_ref()
                .map(|g| format!("\"guid\":{}", Value::from(g.as_str()))),
            raw.id.as_ref().map(|i| format!("\"id\": {i}")),
            raw.id.as_ref().map(|i| format!("\"id\": \"{i}\"")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let hit = needles
            .iter()
            .find_map(|n| text[from..].find(n.as_str()).map(|i| from + i));
        let Some(hit) = hit else {
            return Self {
                name,
                text,
                start: from,
                end: from,
            };
        };
        let start = text[..hit].rfind('{').unwrap_or(hit);
        // The event ends where the next one starts: the next "guid" key.
        let end = text[hit + 1..]
            .find("\"guid\"")
            .map_or(text.len(), |i| hit + 1 + i);
        Self {
            name,
            text,
            start,
            end,
        }
    }
}

impl Locate for JsonEvent<'_> {
    fn event(&self) -> Location {
        Location::new(self.name, self.text.clone(), self.start..self.start + 1)
    }

    fn field(&self, name: &str) -> Location {
        let needle = format!("\"{name}\"");
        let window = &self.text[self.start..self.end.max(self.start)];
        match window.find(&needle) {
            Some(i) => {
                let key = self.start + i;
                // Point at the value after the key and its colon.
                let value = self.text[key + needle.len()..]
                    .find(|c: char| c != ':' && !c.is_whitespace())
                    .map_or(key, |j| key + needle.len() + j);
                let end = self.text[value..]
                    .find([',', '\n', '}'])
                    .map_or(value + 1, |j| value + j);
                Location::new(self.name, self.text.clone(), value..end)
            }
            None => self.event(),
        }
    }
}
