//! The checked programme: what the templates receive.
//!
//! A [`Programme`] only exists after `load.rs` has checked it: ids are unique,
//! every reference resolves, every abstract file exists, every end is after
//! its start. Templates and exporters rely on that and never check again.
//! The whole model is serialised to JSON and handed to Typst as data.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

mod clock;
mod glance;

pub use clock::ProgrammeClock;
pub use glance::{
    GlanceCell, GlanceDay, GlanceEntry, GlanceListItem, GlancePage, GlanceRoom, GlanceRun,
};

pub use crate::config::{AbstractMode, Kind, MathSyntax, MissingGlyphs, ProceedingsOrder};

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

/// Proceedings options, checked.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Proceedings {
    /// Publisher.
    pub publisher: Option<String>,
    /// ISBN as given (checked).
    pub isbn: Option<String>,
    /// ISSN as given (checked).
    pub issn: Option<String>,
    /// DOI.
    pub doi: Option<String>,
    /// Licence: short name, full name and address where known.
    pub licence: Option<Licence>,
    /// Copyright line.
    pub copyright: Option<String>,
    /// Virtual path of the preface converted to Typst.
    pub preface: Option<String>,
    /// Committees.
    pub committees: Vec<Committee>,
    /// How contributions are ordered.
    pub order: ProceedingsOrder,
    /// Contribution ids in the order they appear.
    pub contributions: Vec<String>,
    /// Standard to conform to.
    pub pdf_standard: Option<PdfStandard>,
    /// Whether to add a keyword index.
    pub keyword_index: bool,
    /// Keyword index: each keyword with the contributions that carry it.
    pub keywords: Vec<(String, Vec<String>)>,
    /// Where a contribution is online, `{id}` standing for its id.
    pub url_pattern: Option<String>,
    /// Who deposits the DOIs with Crossref, and their email address.
    pub depositor: Option<(String, String)>,
}

/// A camera-ready paper.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Paper {
    /// Virtual path of the PDF.
    pub path: String,
    /// Its number of pages.
    pub pages: usize,
}

/// A licence.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Licence {
    /// As written: "CC BY 4.0".
    pub short: String,
    /// Full name, when known.
    pub name: Option<String>,
    /// Address of its text, when known.
    pub url: Option<String>,
}

/// A committee.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Committee {
    /// Its role.
    pub role: String,
    /// Its members.
    pub members: Vec<String>,
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

/// Booklet options, checked.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Booklet {
    /// Trimmed page width in millimetres.
    pub width_mm: f64,
    /// Trimmed page height in millimetres.
    pub height_mm: f64,
    /// Which abstracts to print.
    pub abstracts: AbstractMode,
    /// Words in a short abstract.
    pub short_words: u32,
    /// Authors shown per entry before "and N others" (0: all).
    pub max_authors: u32,
    /// Cover logo.
    pub logo: Option<Image>,
    /// Whether to write the imposed PDF.
    pub imposition: bool,
    /// Practical information blocks.
    pub info: Vec<Info>,
    /// Whether each session starts on a new page.
    pub session_breaks: bool,
    /// QR codes beside contributions with a URL, and on the back cover.
    pub qr_codes: bool,
}

/// A titled block of practical information.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Info {
    /// Heading.
    pub title: String,
    /// Virtual path of the text converted to Typst.
    pub body: String,
}

/// An image placed by a template at a known width.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Image {
    /// Virtual path to load it from.
    pub path: String,
    /// Width it is placed at, in millimetres.
    pub width_mm: f64,
}

/// Print-shop options, checked.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Print {
    /// Bleed on every side, in millimetres.
    pub bleed_mm: f64,
    /// Whether crop marks are drawn.
    pub crop_marks: bool,
    /// Room outside the bleed for crop marks, in millimetres.
    pub slug_mm: f64,
}

/// A sponsor.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Sponsor {
    /// Name.
    pub name: String,
    /// Logo, if any.
    pub logo: Option<Image>,
}

/// The files written next to the PDFs.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Export {
    /// `programme.ics`.
    pub ics: bool,
    /// `programme.json`.
    pub json: bool,
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

/// A file holding an abstract, and how to turn it into Typst.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbstractSource {
    /// Path relative to the project folder.
    pub path: PathBuf,
    /// Its format, from the extension.
    pub format: AbstractFormat,
}

/// The formats an abstract can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbstractFormat {
    /// Typst markup, included as it is.
    Typst,
    /// Markdown, converted to Typst markup.
    Markdown,
    /// Plain text, escaped.
    Text,
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

/// What a build reads or converts beside the programme, by the virtual path
/// the templates know it by. The programme itself holds only what the
/// templates see; these travel beside it to the input stage.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Markdown written in the configuration (welcome text, information
    /// pages), by virtual path.
    pub markdown: Vec<(String, String)>,
    /// Images confpress converted or downscaled.
    pub images: Vec<ConvertedImage>,
    /// The preface's virtual path and its file in the project.
    pub preface: Option<(String, PathBuf)>,
    /// Abstract files by contribution id.
    pub abstracts: HashMap<String, AbstractSource>,
    /// Where each contribution is written in `conference.toml` (its `id`),
    /// for problems found after layout.
    pub places: HashMap<String, crate::diag::Location>,
    /// Every name and title as printed, with where it is written, for
    /// characters no font can draw.
    pub texts: Vec<TextPlace>,
}

/// A name or title of the configuration and its place there.
#[derive(Debug, Clone)]
pub struct TextPlace {
    /// What it is, for messages: "the name", "the title".
    pub what: String,
    /// The contribution it belongs to, if any.
    pub contribution: Option<String>,
    /// The text as printed.
    pub text: String,
    /// Where it is written.
    pub at: crate::diag::Location,
}

/// A loaded project: where it lives and its checked programme.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project folder as the user named it (for messages).
    pub dir: PathBuf,
    /// The project folder, canonical (the sandbox root of the Typst world).
    pub root: PathBuf,
    /// The checked programme.
    pub programme: Programme,
    /// What the build reads beside the configuration.
    pub sources: Sources,
    /// Whether the configuration asks for warnings to be errors.
    pub strict: bool,
    /// How math in Markdown and text abstracts is written.
    pub math: MathSyntax,
    /// Whether compilations see the system's fonts.
    pub system_fonts: bool,
    /// Whether a character no font can draw stops the build.
    pub missing_glyphs: MissingGlyphs,
    /// Problems that do not stop a build (low-resolution images, unknown
    /// language…).
    pub warnings: Vec<crate::diag::Diagnostic>,
}

impl Project {
    /// How a project file is named in messages: the project folder as the user
    /// gave it, joined with the relative path.
    pub fn display(&self, relative: &Path) -> String {
        crate::diag::display_path(&self.dir.join(relative))
    }
}

/// A PDF standard the proceedings can claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PdfStandard {
    /// PDF/A-2b: archival, visual appearance preserved.
    #[serde(rename = "a-2b")]
    A2b,
    /// PDF/A-3b: as PDF/A-2b, with embedded files allowed.
    #[serde(rename = "a-3b")]
    A3b,
    /// PDF/UA-1: accessible, tagged.
    #[serde(rename = "ua-1")]
    Ua1,
}

impl PdfStandard {
    /// Every standard with its name in `conference.toml`.
    pub const ALL: [(&'static str, PdfStandard); 3] = [
        ("a-2b", PdfStandard::A2b),
        ("a-3b", PdfStandard::A3b),
        ("ua-1", PdfStandard::Ua1),
    ];

    /// The standard named `name` (any case).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, standard)| *standard)
    }

    /// Its name in `conference.toml`.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, standard)| *standard == self)
            .map_or("", |(name, _)| name)
    }
}

/// An image confpress converted or downscaled: Typst reads these bytes, not
/// the project's file.
#[derive(Debug, Clone)]
pub struct ConvertedImage {
    /// The virtual path the templates load it from.
    pub vpath: String,
    /// The project's file it was made from, relative to the project.
    pub source: PathBuf,
    /// The converted bytes.
    pub bytes: Vec<u8>,
}
