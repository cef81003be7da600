//! What the documents are made with, beside the programme proper: the
//! booklet's and the print shop's options, the proceedings' front matter
//! (licence, committees, PDF standard) and the contributions' camera-ready
//! papers, sponsors, and which data files a build writes. All of it is
//! serialised to JSON for the templates, field by field in this order.

use serde::Serialize;

use super::{AbstractMode, PrintColour, ProceedingsOrder};

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
    /// PDF standards the volume conforms to (none: plain PDF).
    pub pdf_standards: Vec<PdfStandard>,
    /// Whether `pdf-standard` was written (else the default, which a
    /// document that cannot meet it gives up with a warning).
    pub pdf_standards_required: bool,
    /// Whether to add a keyword index.
    pub keyword_index: bool,
    /// Whether camera-ready papers get the volume's footer stamped.
    pub stamp: bool,
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
    /// Under a PDF standard, a placeholder SVG for each page, which the
    /// volume shows (with the page's alt text) instead of the PDF's page,
    /// grafted under it after export; empty otherwise.
    pub placeholders: Vec<String>,
}

/// What a camera-ready page's placeholder says in its `<desc>`: this, the
/// paper's virtual path, a space and the page number.
pub const PAPER_MARK: &str = "confpress-paper-page ";

impl Paper {
    /// The placeholder SVG for page `number` of the paper at `vpath`.
    pub fn placeholder(vpath: &str, number: usize) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><desc>{PAPER_MARK}{} {number}</desc></svg>",
            crate::escape::xml(vpath)
        )
    }
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
    /// The rooms the glance draws as grids, in order (empty: its choice).
    pub glance_rooms: Vec<String>,
    /// PDF standards the booklet conforms to (none: plain PDF).
    pub pdf_standards: Vec<PdfStandard>,
    /// Whether `[booklet] pdf-standard` was written (else the default,
    /// which a booklet that cannot meet it gives up with a warning).
    pub pdf_standards_required: bool,
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
    /// The colour model the templates draw in.
    pub colour: PrintColour,
    /// The accent colour, in that model.
    pub accent: Accent,
}

/// The accent colour: an RGB hex colour (`"#1d4f73"`) or CMYK percentages.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Accent {
    /// `#rrggbb`.
    Rgb(String),
    /// Cyan, magenta, yellow and black, each 0 to 100 (%).
    Cmyk([f64; 4]),
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
    /// What the proceedings claim unless `pdf-standard` says otherwise
    /// (`[]`: plain PDF): archival and accessible.
    pub const PROCEEDINGS_DEFAULT: [&'static str; 2] = ["a-2b", "ua-1"];
    /// What the booklet claims unless `[booklet] pdf-standard` says
    /// otherwise: accessible.
    pub const BOOKLET_DEFAULT: [&'static str; 1] = ["ua-1"];

    /// Every standard with its name in `conference.toml`.
    pub const ALL: [(&'static str, PdfStandard); 3] = [
        ("a-2b", PdfStandard::A2b),
        ("a-3b", PdfStandard::A3b),
        ("ua-1", PdfStandard::Ua1),
    ];

    /// How it is named in prose: "PDF/UA-1".
    pub fn title(self) -> &'static str {
        match self {
            PdfStandard::A2b => "PDF/A-2b",
            PdfStandard::A3b => "PDF/A-3b",
            PdfStandard::Ua1 => "PDF/UA-1",
        }
    }

    /// Whether it is an archival (PDF/A) standard.
    pub fn is_archival(self) -> bool {
        matches!(self, PdfStandard::A2b | PdfStandard::A3b)
    }

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
