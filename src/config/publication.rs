//! The publication sections of `conference.toml`: `[booklet]`, `[print]`,
//! `[proceedings]` and `[export]`, exactly as written (see the parent module).

use serde::Deserialize;

use super::{Kind, Sp};

/// `[booklet]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BookletSection {
    /// A Typst paper name ("a5") or a size ("148mm x 210mm").
    pub paper: Option<Sp<String>>,
    /// PDF standards the booklet conforms to, as `[proceedings]
    /// pdf-standard`.
    pub pdf_standard: Option<Sp<Standards>>,
    /// Which abstracts to print.
    #[serde(default)]
    pub abstracts: AbstractMode,
    /// Length of a short abstract, in words.
    pub short_words: Option<Sp<u32>>,
    /// At most this many authors per entry (then "and N others"); 0 for all.
    pub max_authors: Option<u32>,
    /// A logo for the cover.
    pub logo: Option<Sp<String>>,
    /// Imposition for printing at home or in the office.
    #[serde(default)]
    pub imposition: Imposition,
    /// Practical information pages: venue, Wi-Fi, contacts, social events.
    #[serde(default)]
    pub info: Vec<InfoEntry>,
    /// Start each session on a new page (the default; `false` runs short
    /// sessions on).
    pub session_breaks: Option<bool>,
    /// A QR code beside every contribution that has a URL (and the
    /// conference's on the back cover).
    #[serde(default)]
    pub qr_codes: bool,
    /// The URL of a contribution without its own, `{id}` standing for its id.
    pub url_pattern: Option<Sp<String>>,
    /// The rooms the programme at a glance draws as a grid, in this order;
    /// the day's other rooms are listed after it. Unset, the rooms with the
    /// most items.
    #[serde(default)]
    pub glance_rooms: Vec<Sp<String>>,
}

/// `[[booklet.info]]`: a titled block of Markdown.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct InfoEntry {
    /// Heading, such as "Wi-Fi".
    pub title: String,
    /// Markdown text.
    pub text: String,
}

/// How much of each abstract the booklet shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AbstractMode {
    /// Titles and authors only.
    #[default]
    None,
    /// The first paragraph, cut to `short-words`.
    Short,
    /// The whole abstract.
    Full,
}

/// How the booklet is imposed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Imposition {
    /// No imposed PDF.
    #[default]
    None,
    /// Two pages per sheet side in saddle-stitch order.
    SaddleStitch,
}

/// `[print]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PrintSection {
    /// Bleed around the trimmed page, such as "3mm".
    pub bleed: Option<Sp<String>>,
    /// Whether to draw crop marks outside the bleed.
    #[serde(default)]
    pub crop_marks: bool,
    /// The colours the documents are drawn in: for screens, or for a press.
    pub colour: Option<Sp<PrintColour>>,
    /// The accent colour: "cmyk(93%, 69%, 34%, 17%)", "#1d4f73", or a name
    /// ("blue", the default, or "black").
    pub accent: Option<Sp<String>>,
}

/// `[print] colour`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrintColour {
    /// RGB, for screens and office printers; a print shop converts it.
    #[default]
    Rgb,
    /// CMYK for an offset press: text, rules and greys in black ink (K)
    /// only, the accent in CMYK, solid areas within 300 % total ink.
    Cmyk,
}

/// `[proceedings]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProceedingsSection {
    /// Publisher, on the title and imprint pages.
    pub publisher: Option<String>,
    /// ISBN (10 or 13 digits, hyphens allowed; the check digit is verified).
    pub isbn: Option<Sp<String>>,
    /// ISSN of a series (the check digit is verified).
    pub issn: Option<Sp<String>>,
    /// DOI of the volume.
    pub doi: Option<Sp<String>>,
    /// Licence, such as "CC BY 4.0".
    pub licence: Option<String>,
    /// Copyright line, such as "© 2031 the authors".
    pub copyright: Option<String>,
    /// Preface in Markdown, relative to the project.
    pub preface: Option<Sp<String>>,
    /// Order of the contributions.
    #[serde(default)]
    pub order: ProceedingsOrder,
    /// PDF standards to conform to: "a-2b", "a-3b", "ua-1", or a list
    /// (`["a-2b", "ua-1"]`).
    pub pdf_standard: Option<Sp<Standards>>,
    /// Whether to add a keyword index.
    #[serde(default)]
    pub keyword_index: bool,
    /// Whether camera-ready papers get the volume's footer (short title,
    /// pages, DOI) stamped on their pages; `false` keeps them as the
    /// authors made them, as IEEE Xplore wants.
    pub stamp: Option<bool>,
    /// Most pages a camera-ready paper may have, by contribution kind.
    #[serde(default)]
    pub page_limits: std::collections::HashMap<Kind, Sp<u32>>,
    /// DOI prefix (`10.5555`) from which each contribution gets a DOI.
    pub doi_prefix: Option<Sp<String>>,
    /// How a contribution's DOI is made: `{prefix}/{conference-short}.{id}`.
    pub doi_pattern: Option<Sp<String>>,
    /// Where a contribution is online: `https://example.org/papers/{id}`.
    pub url_pattern: Option<Sp<String>>,
    /// Who deposits the DOIs with Crossref (a person or organisation).
    pub depositor: Option<Sp<String>>,
    /// The depositor's email address.
    pub depositor_email: Option<Sp<String>>,
}

/// One PDF standard's name, or a list of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Standards {
    /// `"ua-1"`.
    One(String),
    /// `["a-2b", "ua-1"]`.
    Many(Vec<String>),
}

impl Standards {
    /// The names, in order.
    pub fn names(&self) -> Vec<&str> {
        match self {
            Standards::One(name) => vec![name.as_str()],
            Standards::Many(names) => names.iter().map(String::as_str).collect(),
        }
    }
}

/// Order of the contributions in the proceedings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProceedingsOrder {
    /// By session and schedule, grouped under session headings.
    #[default]
    Session,
    /// In the same order, without session headings: one run of papers, as
    /// digital libraries such as the ACL Anthology print a volume.
    Programme,
    /// Alphabetically by title.
    Title,
    /// By id.
    Id,
}

/// `[export]`: the files `build` writes next to the PDFs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExportSection {
    /// Write `programme.ics`.
    #[serde(default = "super::yes")]
    pub ics: bool,
    /// Write `programme.json`.
    #[serde(default = "super::yes")]
    pub json: bool,
}

impl Default for ExportSection {
    fn default() -> Self {
        Self {
            ics: true,
            json: true,
        }
    }
}
