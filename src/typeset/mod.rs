//! Typesetting one document: compiling it with Typst, turning Typst's
//! diagnostics into confpress's (with positions in the user's files), and
//! reading what the laid-out pages hold (the page table, links).
//!
//! Everything that compiles (the documents, parts of a large volume, the
//! imposition) goes through [`typeset`]; this module knows nothing of them.

pub(crate) mod authored;
pub(crate) mod fonts;
pub(crate) mod inputs;
pub(crate) mod latex;
pub(crate) mod markup;
pub(crate) mod qr;
pub(crate) mod templates;
pub(crate) mod world;

use std::collections::HashMap;
use std::sync::Arc;

use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst::layout::{Frame, FrameItem};
use typst::model::Destination;
use typst::syntax::FileId;
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Error, Location, Severity, Warned};
use crate::typeset::world::{DocumentWorld, ProjectWorld};

/// Where a contribution sits in the proceedings.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct PageEntry {
    /// Contribution id.
    pub id: String,
    /// First physical page (1-based).
    pub first: usize,
    /// Last physical page.
    pub last: usize,
    /// First page as printed.
    pub first_label: String,
    /// Last page as printed.
    pub last_label: String,
    /// How far down its first page it starts, in points.
    #[serde(default, skip_serializing)]
    pub y: f64,
}

/// A laid-out document and what its compilation read.
pub struct Laid {
    /// The document.
    pub document: PagedDocument,
    /// For the proceedings: where each contribution begins and ends.
    pub page_table: Vec<PageEntry>,
    /// The project files its compilation read.
    pub inputs: Vec<FileId>,
    /// How many compilations laid it out: 1, or the number of parts.
    pub parts: usize,
}

/// Reads the page table the proceedings template leaves in its
/// `<confpress-pages>` metadata. A custom template without it yields none.
pub(crate) fn page_table(document: &PagedDocument) -> Vec<PageEntry> {
    use typst::introspection::{Introspector, MetadataElem};
    let Some(label) =
        typst::foundations::Label::new(typst::utils::PicoStr::intern("confpress-pages"))
    else {
        return Vec::new();
    };
    let introspector: &dyn Introspector = document.introspector().as_ref();
    introspector
        .query_label(label)
        .ok()
        .and_then(|content| content.to_packed::<MetadataElem>().map(|m| m.value.clone()))
        .and_then(|value| serde_json::to_value(&value).ok())
        .and_then(|json| serde_json::from_value(json).ok())
        .unwrap_or_default()
}

/// The physical page of every anchor labelled `label` (its metadata value is
/// an id): where each contribution's or session's entry begins.
pub(crate) fn anchor_pages(document: &PagedDocument, label: &str) -> HashMap<String, usize> {
    anchor_positions(document, label)
        .into_iter()
        .map(|(id, (page, _))| (id, page))
        .collect()
}

/// Where each metadata element labelled `label` with a string value lies:
/// its page (1-based) and its point on it (from the top left, in points),
/// by that value (the first, for a value found twice).
pub(crate) fn anchor_positions(
    document: &PagedDocument,
    label: &str,
) -> HashMap<String, (usize, (f64, f64))> {
    use typst::foundations::{Label, Selector, Value};
    use typst::introspection::{Introspector, MetadataElem};
    let Some(label) = Label::new(typst::utils::PicoStr::intern(label)) else {
        return HashMap::new();
    };
    let introspector: &dyn Introspector = document.introspector().as_ref();
    let mut positions = HashMap::new();
    for content in introspector.query(&Selector::Label(label)) {
        let (Some(meta), Some(location)) =
            (content.to_packed::<MetadataElem>(), content.location())
        else {
            continue;
        };
        let position = introspector
            .position(location)
            .and_then(|position| position.as_paged());
        if let (Value::Str(id), Some(position)) = (&meta.value, position) {
            let point = (position.point.x.to_pt(), position.point.y.to_pt());
            let at = (position.page.get(), point);
            positions.entry(id.to_string()).or_insert(at);
        }
    }
    positions
}

/// The values of every metadata element labelled `label`, as JSON.
pub(crate) fn metadata_values(document: &PagedDocument, label: &str) -> Vec<serde_json::Value> {
    use typst::foundations::{Label, Selector};
    use typst::introspection::{Introspector, MetadataElem};
    let Some(label) = Label::new(typst::utils::PicoStr::intern(label)) else {
        return Vec::new();
    };
    let introspector: &dyn Introspector = document.introspector().as_ref();
    introspector
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|content| content.to_packed::<MetadataElem>())
        .filter_map(|meta| serde_json::to_value(&meta.value).ok())
        .collect()
}

/// Visits every link in `frame` and the groups within it, keeping those for
/// which `keep` (which may also change the destination) returns true.
pub(crate) fn retain_links(frame: &mut Frame, keep: &mut impl FnMut(&mut Destination) -> bool) {
    frame.retain(|item| match item {
        FrameItem::Group(group) => {
            retain_links(&mut group.frame, keep);
            true
        }
        FrameItem::Link(destination, _) => keep(destination),
        _ => true,
    });
}

/// Compiles the document of `document_world` (a view of `world`); returns
/// it, or its errors, and its warnings, all as our diagnostics.
pub(crate) fn typeset(
    world: &ProjectWorld,
    document_world: &DocumentWorld<'_>,
) -> Warned<PagedDocument> {
    let typst::diag::Warned { output, warnings } = typst::compile::<PagedDocument>(document_world);
    let warnings = convert(world, document_world, &warnings);
    let document = output.map_err(|errors| Error(convert(world, document_world, &errors)));
    Warned::new(document, warnings)
}

/// Turns Typst's diagnostics into ours, resolving spans to file, line and text.
pub(crate) fn convert(
    project: &ProjectWorld,
    world: &dyn typst::World,
    diagnostics: &[SourceDiagnostic],
) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .map(|d| {
            let severity = match d.severity {
                typst::diag::Severity::Error => Severity::Error,
                typst::diag::Severity::Warning => Severity::Warning,
            };
            let location = d.span.id().and_then(|id| {
                let range = world.range(d.span)?;
                if let Some(origin) = project.origin(id) {
                    return Some(origin.locate(&range));
                }
                let text: Arc<str> = match world.source(id) {
                    Ok(source) => source.text().into(),
                    Err(_) => String::from_utf8_lossy(&world.file(id).ok()?).into(),
                };
                Some(Location::new(project.name(id), text, range))
            });
            let mut hints: Vec<String> = d
                .hints
                .iter()
                .map(|h| h.v.to_string())
                .filter(|h| !h.contains("--root"))
                .collect();
            if let Some(hint) = package_hint(&d.message) {
                hints.push(hint);
            }
            // Trace points inside the built-in templates mean nothing to a user;
            // those in their own files say how the problem was reached.
            let notes = d
                .trace
                .iter()
                .filter_map(|point| {
                    let id = point.span.id()?;
                    let range = world.range(point.span)?;
                    let source = world.source(id).ok()?;
                    let loc = Location::new(project.name(id), source.text().into(), range);
                    if loc.file.starts_with("<built-in>") {
                        return None;
                    }
                    let (line, column) = loc.line_col();
                    Some(format!("{} at {}:{line}:{column}", point.v, loc.file))
                })
                .collect();
            Diagnostic {
                severity,
                message: d.message.to_string(),
                location,
                hints,
                notes,
            }
        })
        .collect()
}

fn package_hint(message: &str) -> Option<String> {
    message
        .contains("package")
        .then(|| "confpress works offline: Typst Universe packages are not available".to_owned())
}
