//! The checked programme: what the templates receive.
//!
//! A [`Programme`] only exists after the loader (`src/load/`) has checked
//! it: ids are unique, every reference resolves, every abstract file exists,
//! every end is after its start. Templates and exporters rely on that and
//! never check again. The whole programme is serialised to JSON and handed
//! to Typst as data.
//!
//! This file holds the programme proper (conference, days, breaks,
//! sessions, contributions, authors, people) and how times are written;
//! `publication` the booklet, print, proceedings and sponsor options;
//! `glance` the programme at a glance; `clock` days that end after midnight;
//! `project` the loaded [`Project`] and the [`Sources`] beside the
//! programme. Everything is re-exported here: `crate::model::X` is the one
//! path to each.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

mod clock;
mod glance;
mod project;
mod publication;

pub use clock::ProgrammeClock;
pub use glance::{
    GlanceCell, GlanceDay, GlanceEntry, GlanceListItem, GlancePage, GlanceRoom, GlanceRoomItems,
    GlanceRun,
};
pub use project::{AbstractFormat, AbstractSource, ConvertedImage, Project, Sources, TextPlace};
pub use publication::{
    Accent, Booklet, Committee, Export, Image, Info, Licence, PAPER_MARK, Paper, PdfStandard,
    Print, Proceedings, Sponsor,
};

pub use crate::config::{
    AbstractMode, Kind, MathSyntax, MissingGlyphs, PrintColour, ProceedingsOrder,
};

/// A whole, checked conference programme.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Programme {
    /// The event itself.
    pub conference: Conference,
    /// Institutions, in declaration order.
    pub affiliations: Vec<Affiliation>,
    /// Sessions, in programme order.
    pub sessions: Vec<Session>,
    /// All contributions, in programme order (session by session, then
    /// the ones outside sessions where they fall).
    pub contributions: Vec<Contribution>,
    /// The programme as a sequence of sessions and stand-alone contributions.
    pub schedule: Vec<ScheduleItem>,
    /// Every person, in index order (family name first).
    pub people: Vec<Person>,
    /// The days, in order, with their rooms.
    pub days: Vec<Day>,
    /// Breaks, in order.
    pub breaks: Vec<Break>,
    /// The programme at a glance: per day, a room × time grid or a list.
    pub glance: Vec<GlanceDay>,
    /// Booklet options.
    pub booklet: Booklet,
    /// Print-shop options.
    pub print: Print,
    /// Sponsors, in order.
    pub sponsors: Vec<Sponsor>,
    /// Proceedings options.
    pub proceedings: Proceedings,
    /// Which calendar and data files `build` writes.
    pub export: Export,
}

impl Programme {
    /// Contributions by id, so that a table of thousands is read in one pass.
    pub fn contributions_by_id(&self) -> HashMap<&str, &Contribution> {
        self.contributions
            .iter()
            .map(|c| (c.id.as_str(), c))
            .collect()
    }
}

/// A day of the programme.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Day {
    /// The date.
    pub date: NaiveDate,
    /// Written out: "Wednesday, 22 February".
    pub label: String,
    /// Rooms in use, as declared (empty if not declared).
    pub rooms: Vec<String>,
}

/// A break across all rooms.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Break {
    /// "Coffee", "Lunch".
    pub title: String,
    /// The day.
    pub day: NaiveDate,
    /// Start time.
    #[serde(serialize_with = "serialize_time")]
    pub start: Option<NaiveTime>,
    /// End time.
    #[serde(serialize_with = "serialize_time")]
    pub end: Option<NaiveTime>,
}

/// The event.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Conference {
    /// Full title.
    pub title: String,
    /// The hour a programme day ends: what starts earlier belongs to the day
    /// before (midnight when `None`).
    #[serde(serialize_with = "serialize_time")]
    pub day_change: Option<NaiveTime>,
    /// Short title for running heads (the title if none was given).
    pub short_title: String,
    /// Optional line under the title.
    pub subtitle: Option<String>,
    /// First day.
    pub start: NaiveDate,
    /// Last day (not before `start`).
    pub end: NaiveDate,
    /// The dates written out, e.g. "22–24 February 2023".
    pub dates: String,
    /// Where.
    pub venue: Option<String>,
    /// Its web site.
    pub url: Option<String>,
    /// IANA time zone of the venue, if given.
    pub time_zone: Option<String>,
    /// Language code for hyphenation.
    pub lang: String,
    /// Language of the fixed labels (a supported one; English otherwise).
    pub labels: String,
    /// Keywords for the PDF metadata.
    pub keywords: Vec<String>,
    /// Editors, for the proceedings.
    pub editors: Vec<String>,
    /// Virtual path of the welcome text converted to Typst, if any.
    pub welcome: Option<String>,
    /// The date stamped into the PDFs.
    pub document_date: NaiveDate,
}

/// An institution.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Affiliation {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its place, if given.
    pub place: Option<String>,
}

/// A session.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Session {
    /// Unique id.
    pub id: String,
    /// Printed number, if any.
    pub number: Option<u32>,
    /// Title.
    pub title: String,
    /// Chairs.
    pub chairs: Vec<String>,
    /// Day, if scheduled.
    pub day: Option<NaiveDate>,
    /// Day written out, e.g. "Wednesday, 22 February".
    pub day_label: Option<String>,
    /// Start time.
    #[serde(serialize_with = "serialize_time")]
    pub start: Option<NaiveTime>,
    /// End time (after `start`).
    #[serde(serialize_with = "serialize_time")]
    pub end: Option<NaiveTime>,
    /// Room.
    pub room: Option<String>,
    /// Ids of its contributions, in order.
    pub contributions: Vec<String>,
}

/// A contribution: talk, keynote, poster…
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Contribution {
    /// Unique id.
    pub id: String,
    /// Its page on the web: given, or from `[booklet] url-pattern`.
    pub url: Option<String>,
    /// Its DOI (given, or made from the volume's prefix), lower case.
    pub doi: Option<String>,
    /// Id of its session, if it has one.
    pub session: Option<String>,
    /// Title.
    pub title: String,
    /// A line under the title.
    pub subtitle: Option<String>,
    /// The collaboration that authored it, printed before its authors.
    pub collaboration: Option<String>,
    /// Language it is given in, when it differs from the conference's.
    pub language: Option<String>,
    /// Authors in order.
    pub authors: Vec<Author>,
    /// Kind.
    pub kind: Kind,
    /// Day (its own or its session's).
    pub day: Option<NaiveDate>,
    /// Start time.
    #[serde(serialize_with = "serialize_time")]
    pub start: Option<NaiveTime>,
    /// End time, from start and duration.
    #[serde(serialize_with = "serialize_time")]
    pub end: Option<NaiveTime>,
    /// Length in minutes.
    pub duration: Option<u32>,
    /// Room (its own or its session's).
    pub room: Option<String>,
    /// A poster's board number.
    pub board: Option<String>,
    /// Its track, if it has one.
    pub track: Option<String>,
    /// The programme day it belongs to, written out ("Monday, 6 May"): a
    /// show after midnight belongs to the evening before.
    pub programme_day: Option<String>,
    /// Virtual path of its abstract as Typst, for `include`.
    #[serde(rename = "abstract")]
    pub abstract_path: Option<String>,
    /// Virtual path of the abstract's first paragraph, cut short, for the
    /// booklet (the whole abstract for Typst sources).
    pub short_abstract: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Virtual path of its BibTeX file, if any.
    pub bibliography: Option<String>,
    /// Its camera-ready paper, if any.
    pub paper: Option<Paper>,
}

/// An author of one contribution.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Author {
    /// Name as printed.
    pub name: String,
    /// Given names, when the programme separates them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given: Option<String>,
    /// Family name, when the programme separates it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// The family name comes first (Chinese, Japanese, Korean, Vietnamese,
    /// Hungarian names).
    pub family_first: bool,
    /// A reading to sort by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_as: Option<String>,
    /// Affiliation ids (all declared).
    pub affiliations: Vec<String>,
    /// ORCID iD (checksum verified).
    pub orcid: Option<String>,
    /// Contact address.
    pub email: Option<String>,
    /// Presents the contribution.
    pub presenter: bool,
}

/// One entry of the programme's running order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "kebab-case")]
pub enum ScheduleItem {
    /// A session, by id.
    Session(String),
    /// A contribution outside any session, by id.
    Contribution(String),
}

/// A person, as listed in the author index.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Person {
    /// Name as printed in the programme.
    pub name: String,
    /// Name as listed in the index: "Family, Given".
    pub index_name: String,
    /// Initial letter group in the index.
    pub letter: String,
    /// Ids of the contributions they are an author of.
    pub contributions: Vec<String>,
}

/// How an end at midnight is held: the last second of the day, written
/// "24:00" (calendar files compute the true end from the duration).
pub const MIDNIGHT_END: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 59) {
    Some(t) => t,
    None => panic!("a valid time"),
};

/// When something that starts at `start` and lasts `minutes` ends, if that
/// is on the same day; an end at midnight exactly is [`MIDNIGHT_END`].
pub fn same_day_end(start: NaiveTime, minutes: u32) -> Option<NaiveTime> {
    let (end, overflow) =
        start.overflowing_add_signed(chrono::TimeDelta::minutes(i64::from(minutes)));
    match overflow {
        0 => Some(end),
        86_400 if end == NaiveTime::MIN => Some(MIDNIGHT_END),
        _ => None,
    }
}

/// Writes a time of day as the templates read it: "09:30", "24:00" for an
/// end at midnight, nothing when there is none.
pub(crate) fn serialize_time<S: serde::Serializer>(
    time: &Option<NaiveTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match time {
        Some(t) if *t == MIDNIGHT_END => serializer.serialize_str("24:00"),
        Some(t) => serializer.serialize_str(&t.format("%H:%M").to_string()),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_on_the_same_day_or_at_midnight() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(same_day_end(t(9, 30), 45), Some(t(10, 15)));
        assert_eq!(same_day_end(t(23, 0), 60), Some(MIDNIGHT_END));
        assert_eq!(same_day_end(t(23, 0), 61), None);
        assert_eq!(same_day_end(t(0, 0), 24 * 60), Some(MIDNIGHT_END));
        assert_eq!(same_day_end(t(0, 0), 48 * 60), None);
    }
}
