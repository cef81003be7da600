//! A loaded project: where it lives, its checked [`Programme`], its
//! settings, and the [`Sources`] a build reads beside the programme
//! (abstract files, converted images, Markdown written in the
//! configuration, where each name and contribution is written). Of all
//! this, only the programme is handed to the templates as data.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{MathSyntax, MissingGlyphs, Programme};

/// A file holding an abstract, and how to turn it into Typst.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbstractSource {
    /// Path relative to the project folder.
    pub path: PathBuf,
    /// Its format, from the extension.
    pub format: AbstractFormat,
}

/// The formats an abstract can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AbstractFormat {
    /// Typst markup, included as it is.
    Typst,
    /// Markdown, converted to Typst markup.
    Markdown,
    /// Plain text, escaped.
    Text,
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
