//! Indico's event export, from its HTTP API:
//! `/export/event/ID.json?detail=sessions` (or `detail=contributions`),
//! `{"results": [{"title", "timezone", "sessions": [slot…],
//! "contributions": […]}]}`.
//!
//! Dates come in the server's time zone (each date names its `tz`) and are
//! converted to the event's. A session slot's contributions keep the slot's
//! title as their track, so the project's sessions follow the slots; speakers
//! come first, then the other authors, each with their affiliation; a poster
//! session's contributions are posters. Contributions without a time are not
//! in the timetable; they are kept as [`Untimed`] (posters with their board
//! numbers). Descriptions have their `$…$` formulas written `\(…\)`.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use serde_json::Value;

use super::check::Events;
use super::untimed::Untimed;
use super::{Locate, Person, RawEvent, Schedule, ScheduleBreak, nonempty};
use crate::diag::{Diagnostic, Location, Result};

/// Whether a parsed JSON export is Indico's (an HTTP API result).
pub(super) fn is_indico(value: &Value) -> bool {
    value.get("results").is_some()
}

/// Reads Indico's event export, already parsed as `value`: the schedule,
/// and the contributions that have no place in its timetable.
pub(super) fn parse(
    name: &str,
    text: &Arc<str>,
    value: &Value,
) -> Result<(Schedule, Vec<Untimed>, Vec<Diagnostic>)> {
    let whole = || Location::new(name, text.clone(), 0..1);
    if let Some(events) = value.get("results").and_then(Value::as_object) {
        let (schedule, warnings) = timetable(name, text, events)?;
        return Ok((schedule, Vec::new(), warnings));
    }
    let Some(event) = value
        .get("results")
        .and_then(Value::as_array)
        .and_then(|r| r.first())
    else {
        return Err(Diagnostic::error("this Indico export holds no event")
            .at(whole())
            .hint("export the event with its sessions: /export/event/ID.json?detail=sessions")
            .into());
    };
    let title = string(event, "title").unwrap_or_default();
    if title.trim().is_empty() {
        return Err(Diagnostic::error("the Indico event has no `title`")
            .at(whole())
            .into());
    }
    let time_zone = nonempty(string(event, "timezone"));
    let zone: Option<Tz> = match &time_zone {
        Some(zone) => {
            super::check_time_zone(zone)
                .map_err(|message| Diagnostic::error(message).at(whole()))?;
            zone.parse().ok()
        }
        None => None,
    };
    let local = |date: &Value| local_time(date, zone);

    let mut events = Vec::new();
    let mut warnings = Vec::new();
    // One contribution that cannot be imported is left out with a warning.
    let mut checker = Events::default();
    let mut cursor = 0;
    let mut untimed = Vec::new();
    // Borrowed, not copied: the export can be megabytes.
    let list = |key: &str| {
        event
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
    };
    let placed = list("sessions")
        .iter()
        .flat_map(|slot| {
            let contributions = slot.get("contributions").and_then(Value::as_array);
            contributions
                .into_iter()
                .flatten()
                .map(move |c| (Some(slot), c))
        })
        .chain(list("contributions").iter().map(|c| (None, c)));
    for (slot, contribution) in placed {
        let poster = slot
            .and_then(|s| s.get("session"))
            .and_then(|s| s.get("isPoster"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let id = scalar(contribution.get("id"));
        let place = Placement {
            id: id.clone(),
            room: first_room(
                &[contribution, slot.unwrap_or(&Value::Null)],
                &["room", "roomFullname", "location"],
            ),
            track: slot.and_then(|s| string(s, "title")),
            kind: if poster {
                "poster".into()
            } else {
                string(contribution, "type").unwrap_or_default()
            },
            board: scalar(contribution.get("board_number")),
        };
        let locate = IndicoEvent::find(name, text, id.as_deref(), cursor);
        cursor = locate.start;
        let start = contribution.get("startDate").unwrap_or(&Value::Null);
        if local_time(start, zone).is_none() {
            untimed.extend(unscheduled(contribution, place, &locate, &mut warnings));
        } else if let Some(raw) = raw_event(contribution, zone, place) {
            checker.add(raw, &locate, &mut events, &mut warnings);
        }
    }
    checker.finish(events.len() + untimed.len(), &mut warnings)?;
    let date = |key: &str| event.get(key).and_then(&local).map(|d| d.date());
    Ok((
        Schedule {
            title: title.trim().to_owned(),
            acronym: None,
            start: date("startDate"),
            end: date("endDate"),
            time_zone,
            day_change: None,
            events,
            breaks: Vec::new(),
        },
        untimed,
        warnings,
    ))
}

/// Reads Indico's timetable export (`/export/timetable/ID.json`): per event
/// id, per day (`YYYYMMDD`), entries by key — session blocks (`s…`, with
/// their own `entries`), contributions (`c…`) and breaks (`b…`), dates in
/// the event's display zone. It names no event title.
fn timetable(
    name: &str,
    text: &Arc<str>,
    events: &serde_json::Map<String, Value>,
) -> Result<(Schedule, Vec<Diagnostic>)> {
    let whole = || Location::new(name, text.clone(), 0..1);
    let Some((event_id, days)) = events.iter().next() else {
        return Err(
            Diagnostic::error("this Indico timetable export holds no event")
                .at(whole())
                .into(),
        );
    };
    // Every entry of every day, in time order (JSON objects are unordered).
    let mut entries: Vec<&Value> = days
        .as_object()
        .into_iter()
        .flat_map(|days| days.values())
        .filter_map(Value::as_object)
        .flat_map(|day| day.values())
        .collect();
    let start_of = |e: &Value| local_time(e.get("startDate").unwrap_or(&Value::Null), None);
    let end_of = |e: &Value| local_time(e.get("endDate").unwrap_or(&Value::Null), None);
    entries.sort_by_key(|e| start_of(e));
    let time_zone = entries
        .iter()
        .find_map(|e| e.get("startDate")?.get("tz")?.as_str().map(str::to_owned))
        .filter(|zone| super::check_time_zone(zone).is_ok());

    let mut found: Vec<(&Value, Option<&Value>)> = Vec::new();
    let mut breaks = Vec::new();
    for entry in entries {
        match entry.get("entryType").and_then(Value::as_str) {
            Some("Session") => {
                let mut children: Vec<&Value> = entry
                    .get("entries")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|e| e.values())
                    .filter(|e| e.get("entryType").and_then(Value::as_str) == Some("Contribution"))
                    .collect();
                children.sort_by_key(|e| start_of(e));
                found.extend(children.into_iter().map(|c| (c, Some(entry))));
            }
            Some("Contribution") => found.push((entry, None)),
            Some("Break") => {
                if let (Some(start), Some(end)) = (start_of(entry), end_of(entry))
                    && end.date() == start.date()
                    && end > start
                {
                    breaks.push(ScheduleBreak {
                        title: string(entry, "title").unwrap_or_else(|| "Break".into()),
                        day: start.date(),
                        start: start.time(),
                        end: end.time(),
                    });
                }
            }
            _ => {}
        }
    }

    let mut events_out = Vec::new();
    let mut warnings = Vec::new();
    let mut checker = Events::default();
    let mut cursor = 0;
    for (entry, block) in found {
        let track = block.map(|b| {
            let title = string(b, "title").unwrap_or_default();
            match string(b, "slotTitle").filter(|s| !s.trim().is_empty()) {
                Some(slot) => format!("{title}: {slot}"),
                None => title,
            }
        });
        let poster = block
            .and_then(|b| b.get("isPoster"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let place = Placement {
            id: scalar(entry.get("contributionId").or_else(|| entry.get("id"))),
            room: first_room(
                &[entry, block.unwrap_or(&Value::Null)],
                &["room", "location"],
            ),
            track,
            kind: if poster {
                "poster".into()
            } else {
                String::new()
            },
            board: string(entry, "boardNumber"),
        };
        let Some(raw) = raw_event(entry, None, place) else {
            continue;
        };
        let key = string(entry, "id");
        let locate = IndicoEvent::find(name, text, key.as_deref(), cursor);
        cursor = locate.start;
        checker.add(raw, &locate, &mut events_out, &mut warnings);
    }
    checker.finish(events_out.len(), &mut warnings)?;
    warnings.push(
        Diagnostic::warning(format!(
            "Indico's timetable export names no event title; the project is titled `Indico event {event_id}`"
        ))
        .at(whole())
        .hint("set `title` in [conference], or import /export/event/ID.json?detail=sessions instead"),
    );
    let first = events_out.iter().map(|e: &super::Event| e.day).min();
    let last = events_out.iter().map(|e: &super::Event| e.day).max();
    Ok((
        Schedule {
            title: format!("Indico event {event_id}"),
            acronym: None,
            start: first,
            end: last,
            time_zone,
            day_change: None,
            events: events_out,
            breaks,
        },
        warnings,
    ))
}

/// What the two exports say differently about a contribution: its id, room,
/// session (as track), kind and board number.
struct Placement {
    id: Option<String>,
    room: Option<String>,
    track: Option<String>,
    kind: String,
    board: Option<String>,
}

/// A contribution of either export as the neutral event, before checking;
/// `None` when it has no start (it is not in the timetable). Its times are
/// moved to `zone` where given.
fn raw_event(entry: &Value, zone: Option<Tz>, place: Placement) -> Option<RawEvent> {
    let start = local_time(entry.get("startDate")?, zone)?;
    let end = entry.get("endDate").and_then(|d| local_time(d, zone));
    // Whole minutes in the event export, fractional in the timetable export.
    let minutes = entry
        .get("duration")
        .and_then(Value::as_f64)
        .map(|m| m.round() as i64)
        .or_else(|| end.map(|end| (end - start).num_minutes()))
        .unwrap_or(0)
        .max(0);
    Some(RawEvent {
        id: place.id,
        guid: None,
        date: Some(start.format("%Y-%m-%dT%H:%M:%S").to_string()),
        day: None,
        start: Some(start.format("%H:%M").to_string()),
        duration: Some(format!("{:02}:{:02}", minutes / 60, minutes % 60)),
        room: place.room,
        title: string(entry, "title"),
        url: string(entry, "url"),
        subtitle: None,
        track: place.track,
        kind: Some(place.kind),
        language: None,
        persons: persons(entry),
        // Indico shows `$…$` as maths: every formula is written `\(…\)`.
        abstract_text: string(entry, "description").map(|d| super::dollars::latex_delimited(&d)),
        description: None,
        board: place.board,
    })
}

/// A contribution without a start, kept without a time (its track is its
/// slot's title or its own track); one without an id cannot be kept and is
/// a warning, one without a title is kept as "Untitled contribution".
fn unscheduled(
    contribution: &Value,
    place: Placement,
    at: &IndicoEvent,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Untimed> {
    let title = string(contribution, "title").unwrap_or_default();
    let Some(id) = place
        .id
        .as_deref()
        .map(super::untimed::identifier)
        .filter(|i| !i.is_empty())
    else {
        warnings.push(
            Diagnostic::warning(format!(
                "the unscheduled contribution “{}” has no `id` and is not imported",
                title.trim()
            ))
            .at(at.event()),
        );
        return None;
    };
    let title = match title.trim() {
        "" => {
            warnings.push(
                Diagnostic::warning(format!(
                    "the unscheduled contribution `{id}` has no `title`; it is imported as “Untitled contribution”"
                ))
                .at(at.event()),
            );
            "Untitled contribution".to_owned()
        }
        title => title.to_owned(),
    };
    Some(Untimed {
        id,
        title,
        kind: place.kind.trim().to_owned(),
        track: nonempty(place.track.or_else(|| string(contribution, "track"))),
        persons: persons(contribution),
        board: nonempty(place.board),
        url: string(contribution, "url")
            .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        abstract_text: string(contribution, "description")
            .map(|d| super::dollars::latex_delimited(&d))
            .unwrap_or_default(),
    })
}

/// The first non-empty of `keys` in `values`, in order.
fn first_room(values: &[&Value], keys: &[&str]) -> Option<String> {
    values
        .iter()
        .flat_map(|v| keys.iter().map(|k| string(v, k)))
        .flatten()
        .find(|r| !r.trim().is_empty())
}

/// A string field.
fn string(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// An id or number that Indico writes as a string or a number.
fn scalar(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An Indico date (`{"date", "time", "tz"}`) in the event's zone, or as
/// given when either zone is unknown.
fn local_time(value: &Value, zone: Option<Tz>) -> Option<NaiveDateTime> {
    let date = NaiveDate::parse_from_str(value.get("date")?.as_str()?, "%Y-%m-%d").ok()?;
    let time = value
        .get("time")
        .and_then(Value::as_str)
        .unwrap_or("00:00:00");
    let time = NaiveTime::parse_from_str(time, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
        .ok()?;
    let naive = date.and_time(time);
    let given: Option<Tz> = value
        .get("tz")
        .and_then(Value::as_str)
        .and_then(|z| z.parse().ok());
    match (given, zone) {
        (Some(given), Some(zone)) => given
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&zone).naive_local()),
        _ => Some(naive),
    }
}

/// Speakers, then the other authors, each once, with their given and
/// family names and affiliation.
fn persons(contribution: &Value) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for key in ["speakers", "presenters", "primaryauthors", "coauthors"] {
        for person in contribution
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some((given, family)) = person_name(person) else {
                continue;
            };
            let name = format!("{given} {family}").trim().to_owned();
            if seen.contains(&name) {
                continue;
            }
            seen.push(name.clone());
            let affiliation = person
                .get("affiliation")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned);
            out.push(Person {
                name,
                affiliation,
                parts: (!given.is_empty()).then_some((given, family)),
            });
        }
    }
    out
}

/// A person's given and family name as printed: the family name out of
/// Indico's capitals, both without honorifics.
fn person_name(person: &Value) -> Option<(String, String)> {
    let field = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| person.get(*k).and_then(Value::as_str))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let (given, family) = match (
        field(&["firstName", "first_name"]),
        field(&["familyName", "last_name"]),
    ) {
        (given, Some(family)) => (given.unwrap_or_default().to_owned(), family.to_owned()),
        _ => {
            let full = field(&["fullName", "full_name", "name"])?;
            match full.split_once(',') {
                Some((family, given)) => (given.trim().to_owned(), family.trim().to_owned()),
                None => (String::new(), full.to_owned()),
            }
        }
    };
    let family = strip_honorifics(&family);
    let family = family
        .split(' ')
        .map(|word| {
            word.split('-')
                .map(uncapitalise)
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let given = strip_honorifics(&given).trim().to_owned();
    let family = family.trim().to_owned();
    (!given.is_empty() || !family.is_empty()).then_some((given, family))
}

fn strip_honorifics(text: &str) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    while let Some(first) = words.first() {
        let bare = first.trim_end_matches('.').to_lowercase();
        if ["dr", "prof", "mr", "mrs", "ms", "dott", "ing"].contains(&bare.as_str())
            && words.len() > 1
        {
            words.remove(0);
        } else {
            break;
        }
    }
    words.join(" ")
}

/// "STEWART" → "Stewart": Indico shows family names in capitals. Words in
/// mixed case ("McDonald") are left as they are.
fn uncapitalise(word: &str) -> String {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || word.chars().any(char::is_lowercase) {
        return word.to_owned();
    }
    let mut chars = word.chars();
    let first = chars.next().map(String::from).unwrap_or_default();
    first + &chars.as_str().to_lowercase()
}

/// Points at a contribution in the export by searching for its id, onwards
/// from the previous one (serde_json keeps no positions).
struct IndicoEvent<'a> {
    name: &'a str,
    text: &'a Arc<str>,
    start: usize,
}

impl<'a> IndicoEvent<'a> {
    fn find(name: &'a str, text: &'a Arc<str>, id: Option<&str>, from: usize) -> Self {
        let hit = id.and_then(|id| {
            [format!("\"id\": \"{id}\""), format!("\"id\": {id}")]
                .iter()
                .find_map(|needle| text[from..].find(needle.as_str()).map(|i| from + i))
        });
        let start = hit.map_or(from, |hit| text[..hit].rfind('{').unwrap_or(hit));
        Self { name, text, start }
    }
}

impl Locate for IndicoEvent<'_> {
    fn event(&self) -> Location {
        Location::new(self.name, self.text.clone(), self.start..self.start + 1)
    }

    fn field(&self, _name: &str) -> Location {
        self.event()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_capitals_and_honorifics() {
        let name = |json: &str| {
            person_name(&serde_json::from_str(json).unwrap())
                .map(|(given, family)| format!("{given} {family}"))
        };
        assert_eq!(
            name(r#"{"fullName": "STEWART, Graeme"}"#).as_deref(),
            Some("Graeme Stewart")
        );
        assert_eq!(
            name(r#"{"fullName": "Dr. PEACH, Ken"}"#).as_deref(),
            Some("Ken Peach")
        );
        assert_eq!(
            name(r#"{"fullName": "SMITH-JONES, Ann"}"#).as_deref(),
            Some("Ann Smith-Jones")
        );
        assert_eq!(
            name(r#"{"firstName": "Oxana", "familyName": "Smirnova", "fullName": "x"}"#).as_deref(),
            Some("Oxana Smirnova")
        );
        assert_eq!(
            name(r#"{"fullName": "McDONALD, Ann"}"#).as_deref(),
            Some("Ann McDONALD")
        );
        assert_eq!(name(r#"{"fullName": ""}"#), None);
        // The parts are kept for the author table's `given` and `family`.
        assert_eq!(
            person_name(&serde_json::json!({"fullName": "SAKAMOTO, Hiroshi"})),
            Some(("Hiroshi".into(), "Sakamoto".into()))
        );
    }

    #[test]
    fn dates_move_to_the_event_zone() {
        let date: Value = serde_json::from_str(
            r#"{"date": "2015-04-13", "time": "04:00:00", "tz": "Europe/Zurich"}"#,
        )
        .unwrap();
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        assert_eq!(
            local_time(&date, Some(tokyo)).unwrap().to_string(),
            "2015-04-13 11:00:00"
        );
        assert_eq!(
            local_time(&date, None).unwrap().to_string(),
            "2015-04-13 04:00:00"
        );
    }
}
