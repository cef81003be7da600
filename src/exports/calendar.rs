//! `programme.ics`: the timed programme as an iCalendar file (RFC 5545), for
//! phones and conference apps.
//!
//! One VEVENT per contribution with a day, a start and an end — its own, or
//! for a contribution without a time of its own in a timed session (a poster
//! of a poster session) the session's. Times carry the
//! conference's time zone as a TZID, described by a VTIMEZONE; without a time
//! zone they are floating local times. UIDs are made from the contribution
//! ids, so a re-imported calendar updates its events instead of doubling them.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone};
use chrono_tz::{OffsetComponents, Tz};

use crate::model::{Contribution, Programme, Session};

/// When and where a contribution takes place.
struct Slot<'a> {
    day: NaiveDate,
    start: NaiveTime,
    end: NaiveTime,
    /// Its own duration in minutes, exact where the end is not (midnight).
    duration: Option<u32>,
    room: Option<&'a String>,
}

/// A contribution's own time and room; for one without a time of its own,
/// its session's slot and room (a poster of a poster session).
fn slot<'a>(c: &'a Contribution, session: Option<&'a Session>) -> Option<Slot<'a>> {
    if let (Some(day), Some(start), Some(end)) = (c.day, c.start, c.end) {
        let (duration, room) = (c.duration, c.room.as_ref());
        return Some(Slot {
            day,
            start,
            end,
            duration,
            room,
        });
    }
    let session = session.filter(|_| c.start.is_none())?;
    let room = c.room.as_ref().or(session.room.as_ref());
    match (c.day.or(session.day), session.start, session.end) {
        (Some(day), Some(start), Some(end)) => Some(Slot {
            day,
            start,
            end,
            duration: None,
            room,
        }),
        _ => None,
    }
}

/// The calendar, or `None` when no contribution has a time (RFC 5545 does not
/// allow a calendar without components).
pub fn programme_ics(programme: &Programme) -> Option<Vec<u8>> {
    let conference = &programme.conference;
    let zone: Option<Tz> = conference
        .time_zone
        .as_deref()
        .and_then(|name| name.parse().ok());
    let domain = uid_domain(&conference.short_title);
    let stamp = format!("{}T000000Z", conference.document_date.format("%Y%m%d"));
    let sessions: std::collections::HashMap<&str, &Session> = programme
        .sessions
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();

    let mut events = Vec::new();
    for c in &programme.contributions {
        let session = c.session.as_deref().and_then(|id| sessions.get(id));
        let Some(Slot {
            day,
            start,
            end,
            duration,
            room,
        }) = slot(c, session.copied())
        else {
            continue;
        };
        let mut event = Vec::new();
        event.push("BEGIN:VEVENT".to_owned());
        event.push(format!("UID:{}@{domain}", uid_part(&c.id)));
        event.push(format!("DTSTAMP:{stamp}"));
        event.push(date_time("DTSTART", day.and_time(start), zone));
        let end = match duration {
            Some(minutes) => day.and_time(start) + TimeDelta::minutes(i64::from(minutes)),
            None => day.and_time(end),
        };
        event.push(date_time("DTEND", end, zone));
        event.push(format!("SUMMARY:{}", escape(&c.title)));
        let mut description = Vec::new();
        if let Some(subtitle) = &c.subtitle {
            description.push(subtitle.clone());
        }
        if !c.authors.is_empty() {
            let names: Vec<&str> = c.authors.iter().map(|a| a.name.as_str()).collect();
            description.push(names.join(", "));
        }
        if !description.is_empty() {
            event.push(format!("DESCRIPTION:{}", escape(&description.join("\n"))));
        }
        if let Some(room) = room {
            event.push(format!("LOCATION:{}", escape(room)));
        }
        if let Some(session) = session {
            event.push(format!("CATEGORIES:{}", escape(&session.title)));
        }
        if let Some(language) = &c.language {
            event.push(format!("X-CONFPRESS-LANGUAGE:{}", escape(language)));
        }
        event.push("END:VEVENT".to_owned());
        events.push(event);
    }
    if events.is_empty() {
        return None;
    }

    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        format!("PRODID:-//confpress//{}//EN", crate::version::CONFPRESS),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape(&conference.title)),
    ];
    if let Some(zone) = zone {
        lines.push(format!("X-WR-TIMEZONE:{}", zone.name()));
        lines.extend(vtimezone(zone, conference.start, conference.end));
    }
    lines.extend(events.into_iter().flatten());
    lines.push("END:VCALENDAR".to_owned());

    let mut out = String::new();
    for line in &lines {
        fold(line, &mut out);
    }
    Some(out.into_bytes())
}

/// `NAME;TZID=Zone:20240506T093000`, or a floating `NAME:20240506T093000`.
fn date_time(name: &str, local: NaiveDateTime, zone: Option<Tz>) -> String {
    let value = local.format("%Y%m%dT%H%M%S");
    match zone {
        Some(zone) => format!("{name};TZID={}:{value}", zone.name()),
        None => format!("{name}:{value}"),
    }
}

/// A VTIMEZONE that is exact from the day before the conference to the day
/// after it: the offset in force then, and every change within that window.
fn vtimezone(zone: Tz, first: NaiveDate, last: NaiveDate) -> Vec<String> {
    let from = first.and_time(NaiveTime::MIN) - TimeDelta::days(1);
    let until = last.and_time(NaiveTime::MIN) + TimeDelta::days(2);
    let at = |utc: NaiveDateTime| zone.from_utc_datetime(&utc).offset().to_owned();

    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{}", zone.name()),
    ];
    let mut offset = at(from);
    lines.extend(observance(from, &offset, &offset));
    let mut hour = from;
    while hour < until {
        let next = hour + TimeDelta::hours(1);
        let changed = at(next);
        if changed.fix() != offset.fix() {
            // The change happens within this hour: find the minute.
            let mut minute = hour;
            while at(minute).fix() == offset.fix() {
                minute += TimeDelta::minutes(1);
            }
            let local = minute + TimeDelta::seconds(i64::from(offset.fix().local_minus_utc()));
            lines.extend(observance(local, &offset, &changed));
            offset = changed;
        }
        hour = next;
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

/// One STANDARD or DAYLIGHT component starting at `local` (in the time of
/// the offset before it).
fn observance(
    local: NaiveDateTime,
    before: &chrono_tz::TzOffset,
    after: &chrono_tz::TzOffset,
) -> Vec<String> {
    let kind = if after.dst_offset().is_zero() {
        "STANDARD"
    } else {
        "DAYLIGHT"
    };
    let mut lines = vec![
        format!("BEGIN:{kind}"),
        format!("DTSTART:{}", local.format("%Y%m%dT%H%M%S")),
        format!("TZOFFSETFROM:{}", utc_offset(before)),
        format!("TZOFFSETTO:{}", utc_offset(after)),
    ];
    let name = after.to_string();
    // Zones without a name have numeric abbreviations such as "+03".
    if name.chars().all(|c| c.is_ascii_alphabetic()) {
        lines.push(format!("TZNAME:{name}"));
    }
    lines.push(format!("END:{kind}"));
    lines
}

/// "+0100", "-0330".
fn utc_offset(offset: &chrono_tz::TzOffset) -> String {
    let seconds = offset.fix().local_minus_utc();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// The right-hand side of every UID: the conference's short title as a
/// host-name-like word.
fn uid_domain(short_title: &str) -> String {
    let mut slug = String::new();
    for c in short_title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "confpress.invalid".to_owned()
    } else {
        format!("{slug}.confpress.invalid")
    }
}

/// An id as it may appear in a UID (no characters that need escaping).
fn uid_part(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Escapes a TEXT value (RFC 5545, 3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded so that no line exceeds 75 octets
/// (RFC 5545, 3.1), never inside a UTF-8 sequence, ending in CRLF.
pub fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "ü".repeat(60));
        fold(&line, &mut out);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{physical:?} is {} octets",
                physical.len()
            );
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), line);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn a_time_zone_change_inside_the_window_is_described() {
        // Europe/Berlin leaves summer time on 27 October 2024 at 03:00 local.
        let zone: Tz = "Europe/Berlin".parse().unwrap();
        let day = NaiveDate::from_ymd_opt(2024, 10, 26).unwrap();
        let lines = vtimezone(zone, day, day).join("\n");
        assert!(lines.contains("BEGIN:DAYLIGHT"), "{lines}");
        assert!(
            lines.contains(
                "BEGIN:STANDARD\nDTSTART:20241027T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET"
            ),
            "{lines}"
        );
    }

    #[test]
    fn uids_are_host_like() {
        assert_eq!(uid_domain("Enzyme 2023"), "enzyme-2023.confpress.invalid");
        assert_eq!(uid_part("t 1/é"), "t_1__");
    }
}
