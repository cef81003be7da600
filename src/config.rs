//! The file format of `conference.toml`, exactly as written by a user.
//!
//! These structs only mirror the TOML. They reject unknown keys and wrong types
//! (serde does that, with positions); everything that needs more than one value
//! to check — ids, references, dates, files — is checked by the loader in
//! `src/load/`, which turns this into the model.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

mod publication;
pub use publication::*;

/// The name of a project's configuration file.
pub const CONFIG_FILE: &str = "conference.toml";

/// A value whose position in the file is kept for later error messages.
pub type Sp<T> = Spanned<T>;

/// The whole `conference.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProjectFile {
    /// Treat warnings (conflicts, layout problems…) as errors, as `--strict`
    /// does.
    #[serde(default)]
    pub strict: bool,
    /// `[conference]`: what the event is.
    pub conference: ConferenceSection,
    /// `[[day]]`: the days, with the rooms in use on each.
    #[serde(default, rename = "day")]
    pub days: Vec<DayEntry>,
    /// `[[break]]`: coffee, lunch and the like, across all rooms.
    #[serde(default, rename = "break")]
    pub breaks: Vec<BreakEntry>,
    /// `[booklet]`: options of the programme booklet.
    #[serde(default)]
    pub booklet: BookletSection,
    /// `[print]`: print-shop options.
    #[serde(default)]
    pub print: PrintSection,
    /// `[[sponsor]]`: sponsors, shown on the booklet's back cover.
    #[serde(default, rename = "sponsor")]
    pub sponsors: Vec<SponsorEntry>,
    /// `[fonts]`: where fonts come from, and what a missing glyph is.
    #[serde(default)]
    pub fonts: FontsSection,
    /// `[abstracts]`: how abstracts are read.
    #[serde(default)]
    pub abstracts: AbstractsSection,
    /// `[proceedings]`: options of the proceedings volume.
    #[serde(default)]
    pub proceedings: ProceedingsSection,
    /// `[export]`: the calendar and data files written next to the PDFs.
    #[serde(default)]
    pub export: ExportSection,
    /// `[[committee]]`: committees listed in the proceedings' front matter.
    #[serde(default, rename = "committee")]
    pub committees: Vec<CommitteeEntry>,
    /// `[[affiliation]]`: institutions, declared once, referenced by id.
    #[serde(default, rename = "affiliation")]
    pub affiliations: Vec<AffiliationEntry>,
    /// `[[session]]`: blocks of the programme.
    #[serde(default, rename = "session")]
    pub sessions: Vec<SessionEntry>,
    /// `[[contribution]]`: talks, posters and the like.
    #[serde(default, rename = "contribution")]
    pub contributions: Vec<ContributionEntry>,
}

/// `[conference]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConferenceSection {
    /// Full title, as on the cover.
    pub title: Sp<String>,
    /// Short title for running heads; defaults to the title.
    pub short_title: Option<String>,
    /// A line under the title.
    pub subtitle: Option<Sp<String>>,
    /// First day (a TOML date, or a string `YYYY-MM-DD`).
    pub start: Sp<toml::Value>,
    /// Last day; defaults to the first.
    pub end: Option<Sp<toml::Value>>,
    /// The hour a programme day ends ("04:00"): what starts earlier belongs
    /// to the day before, after its evening (as frab's `day_change`).
    pub day_change: Option<Sp<toml::Value>>,
    /// Where it takes place, e.g. a city.
    pub venue: Option<String>,
    /// Its web site, as a QR code on the booklet's back cover.
    pub url: Option<Sp<String>>,
    /// IANA time zone of the venue (e.g. "Europe/Berlin"), for the calendar.
    pub time_zone: Option<Sp<String>>,
    /// Language of the documents (BCP 47 code such as `en`).
    pub lang: Option<Sp<String>>,
    /// Keywords for the PDF metadata.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Editors of the proceedings.
    #[serde(default)]
    pub editors: Vec<String>,
    /// A welcome text in Markdown.
    pub welcome: Option<String>,
    /// The date written into the PDFs; makes builds reproducible.
    pub document_date: Option<Sp<toml::Value>>,
    /// How name particles ("de", "van") count in the author index.
    #[serde(default)]
    pub index_particles: IndexParticles,
}

/// Whether "de Bastion" is indexed under B (ignore) or under D (keep).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndexParticles {
    /// Sort by the name after the particle: "de Bastion" under B.
    #[default]
    Ignore,
    /// Sort by the particle: "de Bastion" under D.
    Keep,
}

/// `[fonts]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FontsSection {
    /// Use the system's fonts after the project's and the bundled ones
    /// (`false` for builds that do not depend on the machine).
    #[serde(default = "yes")]
    pub system: bool,
    /// What a character that no font can draw is.
    #[serde(default)]
    pub missing_glyphs: MissingGlyphs,
}

impl Default for FontsSection {
    fn default() -> Self {
        Self {
            system: true,
            missing_glyphs: MissingGlyphs::default(),
        }
    }
}

/// `[fonts] missing-glyphs`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MissingGlyphs {
    /// A warning; the character prints as an empty box.
    #[default]
    Warning,
    /// An error: nothing is written.
    Error,
}

/// `[abstracts]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AbstractsSection {
    /// How math in Markdown and text abstracts is written.
    #[serde(default)]
    pub math: MathSyntax,
}

/// The syntax of `$…$` math in Markdown and text abstracts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MathSyntax {
    /// LaTeX when the math holds a backslash command (`$\alpha$`), else Typst.
    #[default]
    Auto,
    /// Always LaTeX, converted to Typst math.
    Latex,
    /// Always Typst math.
    Typst,
}

/// `[[day]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DayEntry {
    /// The date (a TOML date or `YYYY-MM-DD`).
    pub date: Sp<toml::Value>,
    /// Rooms in use that day, in the order of the overview's columns.
    #[serde(default)]
    pub rooms: Vec<String>,
}

/// `[[break]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BreakEntry {
    /// What it is: "Coffee", "Lunch".
    pub title: String,
    /// The day.
    pub day: Sp<toml::Value>,
    /// Start time.
    pub start: Sp<toml::Value>,
    /// End time.
    pub end: Sp<toml::Value>,
}

/// `[[committee]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CommitteeEntry {
    /// "Programme committee", "Organising committee".
    pub role: String,
    /// Members, each as printed ("Ada Abernathy, University of Utopia").
    pub members: Vec<String>,
}

/// `[[sponsor]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SponsorEntry {
    /// Name, shown when there is no logo and used as the logo's description.
    pub name: String,
    /// Logo image, relative to the project.
    pub logo: Option<Sp<String>>,
}

/// `[[affiliation]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AffiliationEntry {
    /// Short id used by authors, e.g. `"mit"`.
    pub id: Sp<String>,
    /// Full name of the institution.
    pub name: Sp<String>,
    /// City and country, if wanted.
    pub place: Option<String>,
}

/// `[[session]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SessionEntry {
    /// Id used by contributions' `session = "…"`.
    pub id: Sp<String>,
    /// The number printed as "Session 3".
    pub number: Option<Sp<u32>>,
    /// Title of the session.
    pub title: Sp<String>,
    /// Session chairs, by name.
    #[serde(default)]
    pub chairs: Vec<Sp<String>>,
    /// The day (a TOML date or `YYYY-MM-DD`).
    pub day: Option<Sp<toml::Value>>,
    /// Start time (a TOML time or `HH:MM`).
    pub start: Option<Sp<toml::Value>>,
    /// End time (a TOML time or `HH:MM`).
    pub end: Option<Sp<toml::Value>>,
    /// Room.
    pub room: Option<Sp<String>>,
}

/// `[[contribution]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContributionEntry {
    /// Unique id, stable across edits.
    pub id: Sp<String>,
    /// The session it belongs to; absent for a contribution outside sessions.
    pub session: Option<Sp<String>>,
    /// Title.
    pub title: Sp<String>,
    /// A line under the title.
    pub subtitle: Option<Sp<String>>,
    /// The collaboration that authored it ("ATLAS Collaboration"), printed
    /// before the author list.
    pub collaboration: Option<String>,
    /// Language the contribution is given in, if not the conference's.
    pub language: Option<Sp<String>>,
    /// Authors, in order: names or tables.
    #[serde(default)]
    pub authors: Vec<Sp<AuthorEntry>>,
    /// What kind of contribution it is.
    #[serde(default)]
    pub kind: Kind,
    /// The day (a TOML date or `YYYY-MM-DD`); defaults to the session's.
    pub day: Option<Sp<toml::Value>>,
    /// Start time (a TOML time or `HH:MM`).
    pub start: Option<Sp<toml::Value>>,
    /// Length in minutes.
    pub duration: Option<Sp<u32>>,
    /// Room; defaults to the session's.
    pub room: Option<Sp<String>>,
    /// A poster's board number ("B12"), printed with it in the booklet.
    pub board: Option<String>,
    /// The track it belongs to ("Security"), printed as its label; a talk
    /// in a track needs no session.
    pub track: Option<String>,
    /// Path of the abstract, relative to the project: `.typ`, `.md` or `.txt`.
    #[serde(rename = "abstract")]
    pub abstract_file: Option<Sp<String>>,
    /// Keywords, printed with the contribution and in the keyword index.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// A BibTeX file whose entries are listed as the contribution's references.
    pub bibliography: Option<Sp<String>>,
    /// The camera-ready paper (a PDF), included page by page in the proceedings.
    pub paper: Option<Sp<String>>,
    /// Most pages its paper may have (over `[proceedings.page-limits]`).
    pub page_limit: Option<Sp<u32>>,
    /// Its DOI, when not made from `[proceedings] doi-prefix`.
    pub doi: Option<Sp<String>>,
    /// Its page on the web (the schedule's talk page).
    pub url: Option<Sp<String>>,
}

/// The kinds of contribution a programme knows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A talk (the default).
    #[default]
    Talk,
    /// A keynote or invited talk.
    Keynote,
    /// A tutorial or hands-on session.
    Tutorial,
    /// A poster.
    Poster,
    /// A panel or roundtable.
    Panel,
}

impl Kind {
    /// Its name in `conference.toml`: "talk", "poster".
    pub fn name(self) -> &'static str {
        match self {
            Kind::Talk => "talk",
            Kind::Keynote => "keynote",
            Kind::Tutorial => "tutorial",
            Kind::Poster => "poster",
            Kind::Panel => "panel",
        }
    }
}

/// An author as written: either just a name, or a table.
#[derive(Debug)]
pub enum AuthorEntry {
    /// `"Ada Lovelace"`.
    Name(String),
    /// `{ name = "Ada Lovelace", affiliations = ["ucl"], … }`.
    Full(Box<AuthorTable>),
}

/// The table form of an author.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AuthorTable {
    /// Full name as printed; made from `given` and `family` when absent.
    pub name: Option<Sp<String>>,
    /// Given names ("Ada", "Thị Minh Khai"), as CSL-JSON, BibTeX and
    /// Crossref separate them.
    pub given: Option<Sp<String>>,
    /// Family name ("Lovelace", "Nguyễn", "山田"), under which the index
    /// files the person.
    pub family: Option<Sp<String>>,
    /// The family name is written first, without a comma (default: for
    /// names in Han, Hangul or Kana).
    pub family_first: Option<bool>,
    /// A reading to sort by ("Yamada Taro"), where the script has no
    /// obvious order.
    pub sort_as: Option<Sp<String>>,
    /// Ids of `[[affiliation]]` entries.
    #[serde(default)]
    pub affiliations: Vec<Sp<String>>,
    /// ORCID iD, `0000-0002-1825-0097`.
    pub orcid: Option<Sp<String>>,
    /// Contact address.
    pub email: Option<Sp<String>>,
    /// Whether this author presents the contribution.
    #[serde(default)]
    pub presenter: bool,
}

impl<'de> Deserialize<'de> for AuthorEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AuthorVisitor;

        impl<'de> Visitor<'de> for AuthorVisitor {
            type Value = AuthorEntry;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an author name or a table such as { name = \"…\" }")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(AuthorEntry::Name(v.to_owned()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                AuthorTable::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|table| AuthorEntry::Full(Box::new(table)))
            }
        }

        deserializer.deserialize_any(AuthorVisitor)
    }
}

/// `true`, for keys that default to it.
fn yes() -> bool {
    true
}
