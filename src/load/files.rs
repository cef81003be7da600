//! Checking the files a configuration names: paths that stay inside the
//! project, images (resolution, conversion), camera-ready papers, abstracts.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::Checker;
use crate::config::Sp;
use crate::diag::{Diagnostic, display_path};
use crate::load::images;
use crate::load::preflight::{self, Expect};
use crate::model::{AbstractFormat, AbstractSource, ConvertedImage, Image, Paper};
use crate::vpaths;

impl Checker {
    /// Checks and prepares an image placed at `width_mm`.
    pub(super) fn image(
        &mut self,
        path: &Sp<String>,
        what: &str,
        width_mm: f64,
        slug: &str,
    ) -> Option<Image> {
        let relative = self.project_path(path, what)?;
        let shown = display_path(&relative);
        match images::prepare(&self.root, &shown, width_mm, slug) {
            Ok(prepared) => {
                if let Some(dpi) = prepared.dpi
                    && dpi < images::MIN_DPI
                {
                    let needed = (images::MIN_DPI * width_mm / 25.4).ceil();
                    self.warnings.push(
                        Diagnostic::warning(format!(
                            "{what} `{shown}` prints at {dpi:.0} dpi at its width of {width_mm} mm"
                        ))
                        .at(self.at(path.span()))
                        .hint(format!(
                            "for sharp print use an image at least {needed} pixels wide, or an SVG"
                        )),
                    );
                }
                if let Some(bytes) = prepared.bytes {
                    self.sources.images.push(ConvertedImage {
                        vpath: prepared.vpath.clone(),
                        source: relative,
                        bytes,
                    });
                }
                Some(Image {
                    path: prepared.vpath,
                    width_mm,
                })
            }
            Err(reason) => {
                self.error(
                    path.span(),
                    format!("{what} `{shown}` cannot be used: {reason}"),
                );
                None
            }
        }
    }

    /// Checks a camera-ready paper: a readable, unencrypted PDF with pages,
    /// then its preflight against what the programme `expect`s of it.
    pub(super) fn paper(&mut self, path: &Sp<String>, expect: &Expect) -> Option<Paper> {
        let relative = self.project_path(path, "paper")?;
        let shown = path.get_ref();
        let data = match fs::read(self.root.join(&relative)) {
            Ok(data) => data,
            Err(err) => {
                self.error(path.span(), format!("cannot read paper `{shown}`: {err}"));
                return None;
            }
        };
        if !data.starts_with(b"%PDF-") {
            self.error(path.span(), format!("paper `{shown}` is not a PDF file"))
                .hints
                .push("export the camera-ready version as PDF".into());
            return None;
        }
        // A watch rebuilds often: an unchanged paper checked against the same
        // expectations is not read again.
        let key = typst::utils::hash128(&(
            &data,
            expect.title,
            &expect.families,
            &expect.limit,
            expect.pdf_a,
            expect.pdf_ua,
        ));
        let cached = PREFLIGHT
            .lock()
            .ok()
            .and_then(|cache| cache.get(&key).cloned());
        let read = match cached {
            Some((pages, findings)) => Read::Checked(pages, findings),
            None => match lopdf::Document::load_mem(&data) {
                Ok(doc) if doc.trailer.get(b"Encrypt").is_ok() || doc.is_encrypted() => {
                    Read::Encrypted
                }
                Ok(doc) if doc.get_pages().is_empty() => Read::Empty,
                Ok(doc) => {
                    let checked = (doc.get_pages().len(), preflight::check(&doc, &data, expect));
                    if let Ok(mut cache) = PREFLIGHT.lock() {
                        cache.insert(key, checked.clone());
                    }
                    Read::Checked(checked.0, checked.1)
                }
                Err(err) if err.to_string().to_lowercase().contains("encrypt") => Read::Encrypted,
                Err(err) => Read::Unreadable(err.to_string()),
            },
        };
        match read {
            Read::Encrypted => {
                self.error(path.span(), format!("paper `{shown}` is encrypted"))
                    .hints
                    .push("ask the authors for a version without password or restrictions".into());
                None
            }
            Read::Empty => {
                self.error(path.span(), format!("paper `{shown}` has no pages"));
                None
            }
            Read::Unreadable(message) => {
                self.error(
                    path.span(),
                    format!("paper `{shown}` is not a readable PDF: {message}"),
                );
                None
            }
            Read::Checked(pages, findings) => {
                for finding in findings {
                    let message = match finding.page {
                        Some(page) => format!("paper `{shown}`, page {page}: {}", finding.message),
                        None => format!("paper `{shown}`: {}", finding.message),
                    };
                    if finding.error {
                        self.error(path.span(), message).hints.push(finding.hint);
                    } else {
                        let at = self.at(path.span());
                        self.warnings
                            .push(Diagnostic::warning(message).at(at).hint(finding.hint));
                    }
                }
                Some(Paper {
                    path: vpaths::project_file(&relative),
                    pages,
                    placeholders: Vec::new(),
                })
            }
        }
    }

    /// A path relative to the project that exists inside it.
    pub(super) fn project_path(&mut self, path: &Sp<String>, what: &str) -> Option<PathBuf> {
        let relative = PathBuf::from(path.get_ref());
        let escapes = relative.is_absolute()
            || relative
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if escapes {
            self.error(
                path.span(),
                format!("{what} `{}` leaves the project folder", path.get_ref()),
            )
            .hints
            .push("give a path relative to the folder that holds conference.toml".into());
            return None;
        }
        match fs::canonicalize(self.root.join(&relative)) {
            Ok(real) if !real.starts_with(&self.root) => {
                self.error(
                    path.span(),
                    format!(
                        "{what} `{}` links to a file outside the project folder",
                        path.get_ref()
                    ),
                );
                None
            }
            Ok(real) if real.is_dir() => {
                self.error(
                    path.span(),
                    format!("{what} `{}` is a folder, not a file", path.get_ref()),
                );
                None
            }
            Ok(_) => Some(relative.components().collect()),
            Err(_) => {
                self.error(
                    path.span(),
                    format!("{what} file `{}` not found", path.get_ref()),
                )
                .hints
                .push("paths are relative to the folder that holds conference.toml".into());
                None
            }
        }
    }

    pub(super) fn abstract_source(&mut self, path: &Sp<String>) -> Option<AbstractSource> {
        let format = match Path::new(path.get_ref())
            .extension()
            .and_then(|e| e.to_str())
        {
            Some("typ") => AbstractFormat::Typst,
            Some("md" | "markdown") => AbstractFormat::Markdown,
            Some("txt") => AbstractFormat::Text,
            _ => {
                self.error(
                    path.span(),
                    format!(
                        "abstract `{}` is neither .typ, .md nor .txt",
                        path.get_ref()
                    ),
                );
                return None;
            }
        };
        let path = self.project_path(path, "abstract")?;
        Some(AbstractSource { path, format })
    }
}

/// Papers already checked in this process, by content and expectations:
/// page count and findings.
type Checked = (usize, Vec<preflight::Finding>);
static PREFLIGHT: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<u128, Checked>>> =
    std::sync::LazyLock::new(Default::default);

/// What reading a paper found.
enum Read {
    /// Encrypted: its pages cannot be placed.
    Encrypted,
    /// A PDF without pages.
    Empty,
    /// Not readable as a PDF, with lopdf's reason.
    Unreadable(String),
    /// Its page count and preflight findings.
    Checked(usize, Vec<preflight::Finding>),
}

/// Width of the cover logo, in millimetres.
pub(crate) const LOGO_WIDTH_MM: f64 = 40.0;

/// Width of a sponsor logo on the back cover, in millimetres.
pub(crate) const SPONSOR_WIDTH_MM: f64 = 30.0;
