//! Times as the organisers meant them. An event's local start is its full
//! `date` converted to the conference's zone (a wafer export writes it in
//! UTC), or its day and `start` where the date gives no offset; where the two
//! disagree the import says which it used. The day change comes only from a
//! real `day_change`, or from the days' ends when events run past midnight.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use chrono_tz::Tz;

use super::{Locate, hours_minutes};
use crate::diag::Diagnostic;

/// The time fields of one event as the export wrote them.
pub(super) struct Start<'a> {
    /// The full date and time, usually with an offset.
    pub date: Option<&'a str>,
    /// The day it is listed under.
    pub day: Option<&'a str>,
    /// The local time of day (or, in some exports, a full date and time).
    pub start: Option<&'a str>,
    /// The conference's zone.
    pub zone: Option<Tz>,
}

/// A `date` as read: with its offset, or local as written.
enum Dated {
    Offset(DateTime<FixedOffset>),
    Local(NaiveDateTime),
}

fn parse_date(text: &str) -> Option<Dated> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .map(Dated::Offset)
        .ok()
        .or_else(|| {
            ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
                .map(Dated::Local)
        })
}

impl Start<'_> {
    /// The local date and time the event starts; `Err` when nothing places
    /// it. Disagreements and unreadable fields that another field makes up
    /// for are warnings.
    pub fn local(
        &self,
        named: &str,
        at: &dyn Locate,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<NaiveDateTime, Box<Diagnostic>> {
        // Some exports give `start` as a full date and time, and no `date`.
        let (date_text, date_field) = match (nonempty(self.date), nonempty(self.start)) {
            (Some(date), _) => (Some(date), "date"),
            (None, Some(start)) if start.contains('T') => (Some(start), "start"),
            _ => (None, "date"),
        };
        let start_text = nonempty(self.start).filter(|s| !s.contains('T'));
        let start = start_text.and_then(|s| hours_minutes(s).filter(|&(h, _)| h < 24));
        let day_text = nonempty(self.day);
        let day = day_text.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let listed = match (day, start) {
            (Some(day), Some((h, m))) => day.and_hms_opt(h, m, 0),
            _ => None,
        };
        let dated = date_text.and_then(parse_date);
        if let Some(text) = date_text
            && dated.is_none()
        {
            let message = format!(
                "{named}: `{date_field}` must be a date and time such as 2024-05-06T09:30:00+02:00, not `{text}`"
            );
            let Some(listed) = listed else {
                return Err(Diagnostic::error(message).at(at.field(date_field)).into());
            };
            warnings.push(
                Diagnostic::warning(format!(
                    "{message}; its day and `start` are used ({})",
                    listed.format("%Y-%m-%d %H:%M")
                ))
                .at(at.field(date_field)),
            );
            return Ok(listed);
        }
        let Some(dated) = dated else {
            // No date: the day it is listed under and its start.
            return match (day_text, day, start_text, start) {
                (_, Some(day), _, Some((h, m))) => {
                    Ok(day.and_hms_opt(h, m, 0).unwrap_or(day.and_time(NaiveTime::MIN)))
                }
                (Some(text), None, _, _) => Err(Diagnostic::error(format!(
                    "{named}: the day `{text}` it is listed under is not a date, and it has no `date`"
                ))
                .at(at.event())
                .into()),
                (_, _, Some(text), None) => Err(Diagnostic::error(format!(
                    "{named}: `start` must be a time of day (HH:MM), not `{text}`"
                ))
                .at(at.field("start"))
                .into()),
                _ => Err(Diagnostic::error(format!("{named} has no `date` or `start`"))
                    .at(at.event())
                    .into()),
            };
        };
        let (local, how) = match (dated, self.zone) {
            (Dated::Offset(d), Some(zone)) => (d.with_timezone(&zone).naive_local(), Some(zone)),
            (Dated::Offset(d), None) => (d.naive_local(), None),
            (Dated::Local(d), _) => (d, None),
        };
        let Some((h, m)) = start else {
            return Ok(local);
        };
        if (local.hour(), local.minute()) == (h, m) {
            return Ok(local);
        }
        let date = date_text.unwrap_or_default();
        let said = format!("{h:02}:{m:02}");
        // With an offset the date is exact; without one, `start` is the
        // local time the export defines.
        let (used, which) = match (how, matches!(parse_date(date), Some(Dated::Local(_)))) {
            (_, true) => (
                local
                    .date()
                    .and_hms_opt(h, m, 0)
                    .unwrap_or(local.date().and_time(NaiveTime::MIN)),
                format!("`start` ({said}) is used"),
            ),
            (Some(zone), false) => (
                local,
                format!("the date in {zone} ({}) is used", local.format("%H:%M")),
            ),
            (None, false) => (
                local,
                format!(
                    "the date as written ({}) is used; the export names no time zone",
                    local.format("%H:%M")
                ),
            ),
        };
        warnings.push(
            Diagnostic::warning(format!(
                "{named}: `{date_field}` {date} and `start` {said} disagree; {which}"
            ))
            .at(at.field("start")),
        );
        Ok(used)
    }
}

/// The text trimmed, if anything is left of it.
fn nonempty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// The hour the programme's days end: `explicit` (frab's `day_change`,
/// "04:00" or "04:00:00") if given; else, only when events run past midnight
/// local time, the time the days' `ends` (each a day's date and its end as an
/// RFC 3339 date-time, read in `zone`) agree on when they fall on the next
/// morning (a last day that ends the same evening aside).
pub(super) fn day_change(
    explicit: Option<&str>,
    ends: &[(String, String)],
    zone: Option<Tz>,
    past_midnight: bool,
) -> Option<NaiveTime> {
    if let Some((hours, minutes)) = explicit.and_then(hours_minutes) {
        return NaiveTime::from_hms_opt(hours, minutes, 0).filter(|t| *t != NaiveTime::MIN);
    }
    if !past_midnight {
        return None;
    }
    let mut found = None;
    for (date, end) in ends {
        let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
        let end = DateTime::parse_from_rfc3339(end.trim()).ok()?;
        let end = match zone {
            Some(zone) => end.with_timezone(&zone).naive_local(),
            None => end.naive_local(),
        };
        if end.date() == date {
            continue;
        }
        if end.date() != date.succ_opt()? || end.time() == NaiveTime::MIN {
            return None;
        }
        if found.is_some_and(|t| t != end.time()) {
            return None;
        }
        found = Some(end.time());
    }
    found
}

/// A day change taken from the days' ends, moved later where the export
/// lists an event under the day before its date at or after it (35C3 lists
/// sets at 04:00 and 06:00 with the night before, its days "ending" at
/// 03:00): to the next full hour after the latest such start, so that each
/// stays in the day it is listed under — unless that hour would take an
/// event of a day's own morning into the day before.
pub(super) fn keep_listed_nights(
    change: Option<NaiveTime>,
    events: &[super::Event],
) -> Option<NaiveTime> {
    let change = change?;
    let latest = (events.iter())
        .filter(|e| e.listed_day_before)
        .map(|e| e.start)
        .max();
    let Some(latest) = latest.filter(|&t| t >= change) else {
        return Some(change);
    };
    let next_hour = NaiveTime::from_hms_opt(chrono::Timelike::hour(&latest) + 1, 0, 0);
    let mornings = (events.iter())
        .filter(|e| !e.listed_day_before)
        .map(|e| e.start)
        .filter(|&t| t >= change);
    match next_hour {
        Some(later) if mornings.clone().all(|t| t >= later) => Some(later),
        _ => Some(change),
    }
}
