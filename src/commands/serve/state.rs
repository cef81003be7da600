//! What the preview shows: the pages of the last good build of each
//! document, the errors of the last build if it failed, its warnings, and a
//! version that every rebuild raises so that browsers know to look again.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;
use typst::model::Document;
use typst_layout::PagedDocument;

use crate::commands::build::{BuildReport, BuildSession};
use crate::diag::{Diagnostic, Result, Severity};
use crate::documents::DocumentKind;
use crate::progress::EarlyPart;

/// The preview's state, shared by the build loop and the server's threads.
#[derive(Default)]
pub struct Preview {
    inner: Mutex<Inner>,
    changed: Condvar,
}

#[derive(Default)]
struct Inner {
    /// What browsers are sent.
    shown: Shown,
    /// The documents whose pages are served, with each page's hash.
    documents: HashMap<DocumentKind, (Arc<PagedDocument>, Vec<u128>)>,
    /// SVG already made, by page hash (only pages shown now are kept).
    svg: HashMap<u128, Arc<String>>,
}

/// The state as browsers receive it (JSON).
#[derive(Default, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Shown {
    /// Raised by every build and by the start of a rebuild.
    pub version: u64,
    /// A rebuild is under way.
    pub building: bool,
    /// The conference's title, for the window title.
    pub title: String,
    /// The documents, booklet first.
    pub documents: Vec<ShownDocument>,
    /// The errors of the last build; the pages are those of the last good one.
    pub errors: Vec<ShownDiagnostic>,
    /// The warnings of the last build.
    pub warnings: Vec<ShownDiagnostic>,
    /// How long the last build took, in milliseconds.
    pub elapsed_ms: u64,
}

/// One document's pages.
#[derive(Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ShownDocument {
    /// `booklet` or `proceedings`.
    pub kind: &'static str,
    /// Its PDF's file name in the output folder.
    pub pdf: &'static str,
    /// Each page: its hash (which names its SVG) and size in points.
    pub pages: Vec<ShownPage>,
}

/// One page.
#[derive(Clone, Serialize)]
pub struct ShownPage {
    /// Names the page's SVG; changes exactly when the page does.
    pub hash: String,
    /// Width in points.
    pub width: f64,
    /// Height in points.
    pub height: f64,
    /// The printed page number or label, when there is one.
    pub label: Option<String>,
}

/// A diagnostic as the overlay shows it.
#[derive(Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ShownDiagnostic {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The message.
    pub message: String,
    /// `file:line:col`, when it has a place.
    pub place: Option<String>,
    /// The message as the terminal shows it: place, offending line, hints.
    pub text: String,
}

impl Preview {
    /// A preview with nothing built yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic in a server thread must not stop the preview.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A rebuild has begun.
    pub fn building(&self) {
        let mut inner = self.lock();
        inner.shown.version += 1;
        inner.shown.building = true;
        self.changed.notify_all();
    }

    /// A build ended: show its documents (those of the last good build if it
    /// failed) and its errors and warnings.
    pub fn built(&self, outcome: &Result<BuildReport>, session: &BuildSession, title: &str) {
        let mut documents = HashMap::new();
        for kind in DocumentKind::ALL {
            if let Some(document) = session.document(kind) {
                let hashes = document.pages().iter().map(typst::utils::hash128).collect();
                documents.insert(kind, (document, hashes));
            }
        }
        let (errors, warnings) = match outcome {
            Ok(report) => (Vec::new(), shown(&report.warnings)),
            Err(error) => {
                let (errors, warnings): (Vec<_>, Vec<_>) = error
                    .0
                    .iter()
                    .cloned()
                    .partition(|d| d.severity == Severity::Error);
                (shown(&errors), shown(&warnings))
            }
        };
        let mut inner = self.lock();
        if !documents.is_empty() {
            inner.documents = documents;
        }
        let current: std::collections::HashSet<u128> = inner
            .documents
            .values()
            .flat_map(|(_, hashes)| hashes.iter().copied())
            .collect();
        inner.svg.retain(|hash, _| current.contains(hash));
        let shown_documents = shown_documents(&inner.documents);
        let shown = &mut inner.shown;
        shown.version += 1;
        shown.building = false;
        shown.title = title.to_owned();
        shown.documents = shown_documents;
        shown.errors = errors;
        shown.warnings = warnings;
        if let Ok(report) = outcome {
            shown.elapsed_ms = report.elapsed.as_millis() as u64;
        }
        self.changed.notify_all();
    }

    /// A part laid out anew while the rebuild goes on (see
    /// [`crate::progress::EarlyPages`]): its pages take the place of those
    /// it replaces, and browsers are told at once, so that the edited page
    /// is repainted before the PDFs are made. The build's end brings the
    /// whole document.
    pub fn early(&self, part: EarlyPart<'_>) {
        let Some(kind) = DocumentKind::ALL
            .into_iter()
            .find(|kind| kind.name() == part.document)
        else {
            return;
        };
        let fresh: Vec<u128> = part.pages.iter().map(typst::utils::hash128).collect();
        let mut inner = self.lock();
        let Some((document, hashes)) = inner.documents.get(&kind) else {
            return;
        };
        if part.at + part.pages.len() > hashes.len() {
            return;
        }
        let mut pages = document.pages().to_vec();
        let mut hashes = hashes.clone();
        for (i, (page, hash)) in part.pages.iter().zip(fresh).enumerate() {
            pages[part.at + i] = page.clone();
            hashes[part.at + i] = hash;
        }
        let document = PagedDocument::new(pages.into_iter().collect(), document.info().clone());
        inner.documents.insert(kind, (Arc::new(document), hashes));
        inner.shown.documents = shown_documents(&inner.documents);
        inner.shown.version += 1;
        self.changed.notify_all();
    }

    /// The state now.
    pub fn shown(&self) -> Shown {
        self.lock().shown.clone()
    }

    /// Waits until the version differs from `seen`, or `timeout` passes;
    /// returns the state then.
    pub fn wait_past(&self, seen: u64, timeout: Duration) -> Shown {
        let inner = self.lock();
        let (inner, _) = self
            .changed
            .wait_timeout_while(inner, timeout, |inner| inner.shown.version == seen)
            .unwrap_or_else(|e| e.into_inner());
        inner.shown.clone()
    }

    /// The SVG of the page of `kind` whose hash is `hash`, if it is shown now.
    pub fn page_svg(&self, kind: DocumentKind, hash: &str) -> Option<Arc<String>> {
        let hash = u128::from_str_radix(hash, 16).ok()?;
        let (document, index) = {
            let inner = self.lock();
            if let Some(svg) = inner.svg.get(&hash) {
                return Some(svg.clone());
            }
            let (document, hashes) = inner.documents.get(&kind)?;
            (document.clone(), hashes.iter().position(|h| *h == hash)?)
        };
        // Made outside the lock: other pages are served meanwhile.
        let svg = Arc::new(super::svg::page_svg(&document.pages()[index]));
        let mut inner = self.lock();
        let still_shown = inner
            .documents
            .get(&kind)
            .is_some_and(|(_, hashes)| hashes.contains(&hash));
        if still_shown {
            inner.svg.insert(hash, svg.clone());
        }
        Some(svg)
    }
}

/// The documents' pages as browsers are told of them, booklet first.
fn shown_documents(
    documents: &HashMap<DocumentKind, (Arc<PagedDocument>, Vec<u128>)>,
) -> Vec<ShownDocument> {
    DocumentKind::ALL
        .iter()
        .filter_map(|kind| {
            let (document, hashes) = documents.get(kind)?;
            Some(ShownDocument {
                kind: kind.name(),
                pdf: kind.file_name(),
                pages: document
                    .pages()
                    .iter()
                    .zip(hashes)
                    .map(|(page, hash)| ShownPage {
                        hash: format!("{hash:032x}"),
                        width: page.frame.width().to_pt(),
                        height: page.frame.height().to_pt(),
                        label: page_label(page),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The page's printed number ("iv", "12"), when it has one.
fn page_label(page: &typst_layout::Page) -> Option<String> {
    match &page.numbering {
        Some(typst::model::Numbering::Pattern(pattern)) => pattern
            .apply(None, &[page.number])
            .ok()
            .map(|l| l.to_string()),
        _ => None,
    }
}

/// Diagnostics as the overlay shows them.
fn shown(diagnostics: &[Diagnostic]) -> Vec<ShownDiagnostic> {
    diagnostics
        .iter()
        .map(|d| {
            let mut text = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
            let _ = crate::report::emit(&mut text, std::slice::from_ref(d));
            ShownDiagnostic {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                message: d.message.clone(),
                place: d.location.as_ref().map(|l| {
                    let (line, column) = l.line_col();
                    format!("{}:{line}:{column}", l.file)
                }),
                text: String::from_utf8_lossy(&text.into_inner()).into_owned(),
            }
        })
        .collect()
}
