//! The inputs of a compilation besides the templates: every file the build
//! reads beside `conference.toml` (abstracts, the preface), converted once
//! to Typst, and the virtual files made from the programme, with where each
//! converted file came from so that errors point at the user's file.

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::sync::Arc;

use typst::foundations::Bytes;
use typst::syntax::FileId;

use crate::diag::{Diagnostic, Error, Location, Result, display_path};
use crate::model::Project;
use crate::model::{AbstractFormat, MathSyntax};
use crate::typeset::{authored, markup};
use crate::vpaths;
use crate::vpaths::file_id;

/// Abstracts as the last build converted them, by their text and how they
/// are converted, so that a rebuild converts only what changed (a thousand
/// abstracts take tens of milliseconds, which an edit of one should not wait
/// for).
#[derive(Default)]
pub struct Conversions {
    abstracts: HashMap<u128, Arc<Prepared>>,
}

/// A Markdown or text abstract converted: in full, the short version, and
/// what its warnings need.
struct Prepared {
    full: Bytes,
    short: Bytes,
    spans: Vec<markup::SourceSpan>,
    unconverted: Vec<markup::MathError>,
    missing_alt: Vec<(std::ops::Range<usize>, String)>,
    /// The text as positions in it count (`\r\n` as one in text files).
    text: Arc<str>,
}

/// Converts a Markdown or text abstract (`format`), its images relative to
/// `base`, its short version of `short_words`.
fn prepare(
    text: String,
    format: AbstractFormat,
    base: &str,
    math: MathSyntax,
    short_words: usize,
) -> Prepared {
    let short = markup::first_paragraph(&text, short_words);
    let (full, short, text) = match format {
        AbstractFormat::Markdown => (
            markup::markdown_to_typst_mapped(&text, base, math),
            markup::markdown_to_typst(&short, base, math),
            text,
        ),
        _ => (
            markup::text_to_typst_mapped(&text, math),
            markup::text_to_typst(&short, math),
            // Positions in converted text count `\r\n` as one.
            text.replace("\r\n", "\n"),
        ),
    };
    Prepared {
        full: Bytes::from_string(full.typst),
        short: Bytes::from_string(short),
        spans: full.spans,
        unconverted: full.unconverted,
        missing_alt: full.missing_alt,
        text: text.into(),
    }
}

/// The virtual files a compilation needs besides the templates: the programme
/// as JSON, each Markdown or text abstract converted to Typst, and each
/// Typst abstract with alt text for its formulas and images.
pub fn virtual_files(project: &Project) -> Result<Inputs> {
    virtual_files_with(project, &mut Conversions::default())
}

/// [`virtual_files`], taking the abstracts the last build converted
/// (`conversions`) where their text is the same, and leaving this build's
/// there.
pub fn virtual_files_with(project: &Project, conversions: &mut Conversions) -> Result<Inputs> {
    let programme = &project.programme;
    let mut files = HashMap::new();
    let mut origins = HashMap::new();
    let mut warnings = Vec::new();
    let json = serde_json::to_vec_pretty(programme)
        .map_err(|err| Diagnostic::error(format!("cannot serialise the programme: {err}")))?;
    files.insert(file_id(vpaths::DATA), Bytes::new(json));

    let sources = &project.sources;
    for (vpath, markdown) in &sources.markdown {
        let typst = markup::markdown_to_typst(markdown, "/", project.math);
        files.insert(file_id(vpath), Bytes::from_string(typst));
    }
    if let Some((vpath, source)) = &sources.preface {
        let text = fs::read_to_string(project.root.join(source)).map_err(|err| {
            Diagnostic::error(format!(
                "cannot read preface `{}`: {err}",
                project.display(source)
            ))
        })?;
        let converted = markup::markdown_to_typst_mapped(&text, "/", project.math);
        let shown = project.display(source);
        warnings.extend(
            (converted.unconverted.into_iter())
                .map(|err| math_warning(err, &shown, &text, project.math)),
        );
        warnings.extend(
            (converted.missing_alt.iter())
                .map(|(range, alt)| missing_alt(&shown, &text, range.clone(), alt, MARKDOWN_ALT)),
        );
        let spans = converted.spans;
        files.insert(file_id(vpath), Bytes::from_string(converted.typst));
        origins.insert(
            file_id(vpath),
            Origin {
                file: project.display(source),
                text: text.into(),
                spans,
                copied: Vec::new(),
            },
        );
    }
    // QR codes: the booklet shows them when asked; ids are safe in paths.
    if programme.booklet.qr_codes {
        let urls = programme
            .contributions
            .iter()
            .filter_map(|c| Some((vpaths::qr(&c.id), c.url.as_deref()?)))
            .chain(
                programme
                    .conference
                    .url
                    .as_deref()
                    .map(|u| (vpaths::QR_CONFERENCE.to_owned(), u)),
            );
        let press = programme.print.colour == crate::model::PrintColour::Cmyk;
        for (stem, url) in urls {
            // Load refuses URLs too long for a code: every one has its file.
            let file = if press {
                crate::typeset::qr::modules(url)
                    .and_then(|m| serde_json::to_string(&m).ok())
                    .map(|json| (format!("{stem}.json"), json))
            } else {
                crate::typeset::qr::svg(url).map(|svg| (format!("{stem}.svg"), svg))
            };
            if let Some((vpath, text)) = file {
                files.insert(file_id(&vpath), Bytes::from_string(text));
            }
        }
    }
    for image in &sources.images {
        files.insert(file_id(&image.vpath), Bytes::new(image.bytes.clone()));
    }

    let short_words = programme.booklet.short_words as usize;
    let math = project.math;
    let mut converted = HashMap::new();
    let mut errors = Vec::new();
    for contribution in &programme.contributions {
        let (Some(source), Some(vpath)) = (
            sources.abstracts.get(&contribution.id),
            &contribution.abstract_path,
        ) else {
            continue;
        };
        let text = match fs::read(project.root.join(&source.path)).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                errors.push(Diagnostic::error(format!(
                    "abstract `{}` is not UTF-8 text",
                    project.display(&source.path)
                )));
                continue;
            }
            Err(err) => {
                errors.push(Diagnostic::error(format!(
                    "cannot read abstract `{}`: {err}",
                    project.display(&source.path)
                )));
                continue;
            }
        };
        let shown = project.display(&source.path);
        if source.format == AbstractFormat::Typst {
            // The author's Typst, its formulas and images given alt text;
            // errors map back to the author's lines.
            let authored = authored::accessible(&text);
            let text: Arc<str> = text.into();
            warnings.extend(
                (authored.missing_alt.iter())
                    .map(|(range, alt)| missing_alt(&shown, &text, range.clone(), alt, TYPST_ALT)),
            );
            files.insert(file_id(vpath), Bytes::from_string(authored.typst));
            origins.insert(
                file_id(vpath),
                Origin {
                    file: shown,
                    text,
                    spans: authored.inserted,
                    copied: authored.copied,
                },
            );
            continue;
        }
        let base = format!(
            "/{}",
            source.path.parent().map(display_path).unwrap_or_default()
        );
        let key = typst::utils::hash128(&(&text, source.format, &base, math, short_words));
        let prepared = match conversions.abstracts.get(&key) {
            Some(prepared) => prepared.clone(),
            None => Arc::new(prepare(text, source.format, &base, math, short_words)),
        };
        converted.insert(key, prepared.clone());
        let text = prepared.text.clone();
        warnings.extend(
            (prepared.unconverted.iter().cloned())
                .map(|err| math_warning(err, &shown, &text, math)),
        );
        warnings.extend(
            (prepared.missing_alt.iter())
                .map(|(range, alt)| missing_alt(&shown, &text, range.clone(), alt, MARKDOWN_ALT)),
        );
        files.insert(file_id(vpath), prepared.full.clone());
        origins.insert(
            file_id(vpath),
            Origin {
                file: shown.clone(),
                text: text.clone(),
                spans: prepared.spans.clone(),
                copied: Vec::new(),
            },
        );
        if let Some(short_path) = &contribution.short_abstract {
            files.insert(file_id(short_path), prepared.short.clone());
            // The short text is rebuilt from words: errors point at the file's start.
            origins.insert(
                file_id(short_path),
                Origin {
                    file: shown,
                    text,
                    spans: Vec::new(),
                    copied: Vec::new(),
                },
            );
        }
    }
    conversions.abstracts = converted;
    if errors.is_empty() {
        Ok(Inputs {
            files,
            origins,
            warnings,
        })
    } else {
        Err(Error(errors))
    }
}

/// A formula that cannot be converted, located in its Markdown or text file:
/// printed as its source, so a warning (`--strict` makes it an error).
fn math_warning(err: markup::MathError, file: &str, text: &str, math: MathSyntax) -> Diagnostic {
    let hint = match math {
        MathSyntax::Latex => {
            "the formula is printed as its LaTeX source; confpress converts common LaTeX math (Greek letters, \\frac, \\sqrt, \\sum, \\mathbb, matrices…); write this formula another way, or in Typst math with `[abstracts] math = \"typst\"` in conference.toml"
        }
        _ => {
            "the formula is printed as its LaTeX source; confpress converts common LaTeX math (Greek letters, \\frac, \\sqrt, \\sum, \\mathbb, matrices…); write this formula another way, or in Typst math without backslash commands"
        }
    };
    Diagnostic::warning(err.message)
        .at(Location::new(file.to_owned(), text.into(), err.range))
        .hint(hint)
}

/// How to give an image of a Markdown file its own alt text.
const MARKDOWN_ALT: &str = "describe it between the brackets: ![what the image shows](file.png)";
/// How to give an image of a Typst file its own alt text.
const TYPST_ALT: &str =
    "describe it in the call: image(\"file.png\", alt: \"what the image shows\")";

/// An image without alt text, located in its abstract: given a derived one,
/// so a warning (`--strict` makes it an error).
fn missing_alt(
    file: &str,
    text: &str,
    range: std::ops::Range<usize>,
    alt: &str,
    how: &str,
) -> Diagnostic {
    Diagnostic::warning("image without alt text")
        .at(Location::new(file.to_owned(), text.into(), range))
        .hint(format!(
            "screen readers and tagged PDF get \"{alt}\" (its caption or file name); {how}"
        ))
}

/// What a compilation reads besides the templates and project files.
pub struct Inputs {
    /// Virtual files by id: the programme JSON, converted abstracts, images.
    pub files: HashMap<FileId, Bytes>,
    /// Where converted files came from, for error messages.
    pub origins: HashMap<FileId, Origin>,
    /// What the conversion printed otherwise than written: LaTeX formulas
    /// shown as their source.
    pub warnings: Vec<Diagnostic>,
}

/// The Markdown or text file a generated Typst file was converted from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The source file's name, for messages.
    pub file: String,
    /// Its text.
    pub text: Arc<str>,
    /// Which generated ranges came from which source ranges (math, and
    /// what confpress inserted into an author's Typst).
    pub spans: Vec<markup::SourceSpan>,
    /// Stretches copied as they are (equal lengths): positions in them map
    /// one to one.
    pub copied: Vec<markup::SourceSpan>,
}

impl Origin {
    /// The source location of a generated range: the math it lies in, the
    /// same characters where they were copied, or the start of the file.
    pub(crate) fn locate(&self, generated: &std::ops::Range<usize>) -> Location {
        let within =
            |s: &&markup::SourceSpan, at: usize| s.generated.start <= at && at < s.generated.end;
        let copied = |at: usize| {
            let span = self.copied.iter().find(|s| within(s, at))?;
            Some(span.source.start + (at - span.generated.start))
        };
        let source = match self.spans.iter().find(|s| within(s, generated.start)) {
            Some(span) => span.source.clone(),
            None => match copied(generated.start) {
                Some(start) => {
                    let end = copied(generated.end.saturating_sub(1).max(generated.start))
                        .map_or(start, |end| end + 1);
                    start..end.max(start)
                }
                None => 0..0,
            },
        };
        Location::new(self.file.clone(), self.text.clone(), source)
    }
}

/// The files confpress itself reads for a build of `project` (Typst reads
/// the rest and reports them): the configuration, Markdown and text
/// abstracts, the preface, converted images, and the template overrides the
/// project could add.
pub fn read_by_confpress(project: &Project) -> Vec<PathBuf> {
    let dir = &project.dir;
    let mut paths = vec![dir.join(crate::config::CONFIG_FILE)];
    paths.extend(
        OVERRIDES
            .iter()
            .map(|name| dir.join("templates").join(name)),
    );
    let sources = &project.sources;
    paths.extend((sources.abstracts.values()).map(|source| dir.join(&source.path)));
    if let Some((_, preface)) = &sources.preface {
        paths.push(dir.join(preface));
    }
    // Typst reads converted images from memory, so it cannot report them.
    paths.extend(sources.images.iter().map(|image| dir.join(&image.source)));
    // Under a PDF standard Typst never reads a camera-ready paper: confpress
    // draws its pages after the export.
    paths.extend(paper_paths(project).map(|vpath| dir.join(vpath.trim_start_matches('/'))));
    paths
}

/// The virtual paths of the programme's camera-ready papers.
pub fn paper_paths(project: &Project) -> impl Iterator<Item = &str> {
    (project.programme.contributions.iter())
        .filter_map(|contribution| contribution.paper.as_ref())
        .map(|paper| paper.path.as_str())
}

/// Template files a project may add at any time to override the built-in ones.
const OVERRIDES: &[&str] = &["lib.typ", "booklet.typ", "proceedings.typ", "impose.typ"];
