//! Large proceedings, compiled in parts and joined.
//!
//! One Typst compilation of a volume with thousands of contributions keeps
//! the layout of every page and every cache entry at once, and its running
//! heads and indices look through the whole document. So a large volume is
//! laid out in parts: runs of sessions of about [`PART_SIZE`] contributions
//! each, then the front matter and the indices, which learn from the runs
//! where every contribution landed. Their pages are joined into one document
//! before the PDF export, which therefore still writes one outline, one set of
//! page labels and one tagged structure. Typst's caches are trimmed after each
//! part, so memory follows the size of a part, not of the volume.
//!
//! Each part compiles its own copy of the proceedings template (so that the
//! elements of different parts never share a location) next to a `part.json`
//! saying what to lay out; the template reads the same file, with the whole
//! volume in it, when the volume is compiled in one go.

use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroUsize;
use std::ops::Range;

use serde::Serialize;
use typst::foundations::Bytes;
use typst::layout::Frame;
use typst::model::Destination;
use typst::model::{Document, DocumentInfo};
use typst::syntax::FileId;
use typst_layout::{Page, PagedDocument};

use crate::diag::{Diagnostic, Error, Result};
use crate::model::{ProceedingsOrder, Programme, ScheduleItem};
use crate::templates;
use crate::typeset::{Laid, PageEntry, page_table, retain_links, typeset};
use crate::vpaths;
use crate::vpaths::file_id;
use crate::world::ProjectWorld;

/// About how many contributions one part of a large volume holds.
pub const PART_SIZE: usize = 100;

/// What `part.json` tells the proceedings template.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct PartSpec {
    /// Lay out the front matter (title pages, preface, contents).
    front: bool,
    /// Lay out main matter: the contributions of `items`, then, with `back`,
    /// the indices.
    main: bool,
    /// Lay out the indices.
    back: bool,
    /// The range of the running order to lay out; all of it when `None`.
    items: Option<[usize; 2]>,
    /// The printed number of the first main-matter page.
    first_page: usize,
    /// Where every contribution starts and ends, counted in pages from the
    /// first page after the front matter; `None` to query the document.
    targets: Option<Targets>,
    /// How many pages come before the main matter: the front matter's
    /// length, or, in the front matter itself, [`DEFERRED`].
    body_offset: Option<usize>,
}

/// Stands in for the length of the front matter in the front matter's own
/// links to contributions, which are laid out before that length is known;
/// [`resolve_deferred`] then corrects them. No real link reaches so far.
const DEFERRED: usize = 1_000_000_000;

impl PartSpec {
    /// The whole volume in one compilation (served as the built-in
    /// `templates::WHOLE_VOLUME`, which a test pins to this).
    #[cfg(test)]
    pub fn whole() -> Self {
        Self {
            front: true,
            main: true,
            back: true,
            items: None,
            first_page: 1,
            targets: None,
            body_offset: None,
        }
    }

    /// As JSON, for the template.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a part description serialises")
    }
}

#[derive(Debug, Clone, Default, Serialize)]
struct Targets {
    starts: BTreeMap<String, Target>,
    ends: BTreeMap<String, Target>,
}

#[derive(Debug, Clone, Serialize)]
struct Target {
    page: usize,
    y: f64,
    label: String,
}

/// Splits the running order into runs of about `size` contributions, each
/// beginning with a session (where the volume starts a new page anyway).
/// `None` when the volume is not ordered by session, fits in one run, or
/// `size` is 0.
pub fn plan(programme: &Programme, size: usize) -> Option<Vec<Range<usize>>> {
    if size == 0 || programme.proceedings.order != ProceedingsOrder::Session {
        return None;
    }
    let session_sizes: HashMap<&str, usize> = programme
        .sessions
        .iter()
        .map(|s| (s.id.as_str(), s.contributions.len()))
        .collect();
    let mut runs = Vec::new();
    let (mut start, mut count) = (0, 0);
    for (i, item) in programme.schedule.iter().enumerate() {
        let contributions = match item {
            ScheduleItem::Session(id) => {
                if count >= size {
                    runs.push(start..i);
                    (start, count) = (i, 0);
                }
                session_sizes.get(id.as_str()).copied().unwrap_or(0)
            }
            ScheduleItem::Contribution(_) => 1,
        };
        count += contributions;
    }
    runs.push(start..programme.schedule.len());
    (runs.len() > 1).then_some(runs)
}

/// Laid-out parts of the last build, so a rebuild compiles only the parts
/// whose inputs changed.
#[derive(Default)]
pub struct PartCache {
    parts: HashMap<u128, CompiledPart>,
}

/// One compiled part.
#[derive(Clone)]
struct CompiledPart {
    /// What the files it read held.
    fingerprint: Vec<(FileId, u128)>,
    pages: Vec<Page>,
    info: DocumentInfo,
    /// Where its contributions lie, pages counted within the part.
    rows: Vec<PageEntry>,
    warnings: Vec<Diagnostic>,
}

/// Lays out the proceedings in the parts `runs` (from [`plan`]) and joins
/// them. Returns the joined document, or the errors of the first part that
/// failed; the warnings of all parts compiled either way.
pub fn compile(
    world: &ProjectWorld,
    runs: &[Range<usize>],
    mut cache: Option<&mut PartCache>,
    progress: Option<&crate::build::Progress>,
) -> (Result<Laid>, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let result = compile_parts(world, runs, &mut cache, &mut warnings, progress);
    (result, warnings)
}

fn compile_parts(
    world: &ProjectWorld,
    runs: &[Range<usize>],
    cache: &mut Option<&mut PartCache>,
    warnings: &mut Vec<Diagnostic>,
    progress: Option<&crate::build::Progress>,
) -> Result<Laid> {
    if cache.is_none() {
        // A one-off build has written the booklet by now (a volume this large
        // is compiled after it): nothing in Typst's caches will be used again.
        typst::comemo::evict(0);
    }
    let mut used = HashMap::new();
    let mut inputs = Vec::new();
    let mut part = |name: &str, spec: PartSpec, warnings: &mut Vec<Diagnostic>| {
        let (key, compiled) = compile_part(world, name, &spec, cache.as_deref(), warnings)?;
        inputs.extend(compiled.fingerprint.iter().map(|(id, _)| *id));
        if cache.is_some() {
            used.insert(key, compiled.clone());
        }
        // Keep only what this part used: memory follows one part.
        typst::comemo::evict(1);
        Ok::<_, Error>(compiled)
    };

    let mut body: Vec<Page> = Vec::new();
    let mut rows: Vec<PageEntry> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        if let Some(progress) = progress {
            progress.tell(format!(
                "typesetting the proceedings: part {} of {}, {} pages so far",
                i + 1,
                runs.len(),
                body.len()
            ));
        }
        let spec = PartSpec {
            front: false,
            main: true,
            back: false,
            items: Some([run.start, run.end]),
            first_page: body.len() + 1,
            targets: None,
            body_offset: None,
        };
        let compiled = part(&format!("{}", i + 1), spec, warnings)?;
        rows.extend(compiled.rows.into_iter().map(|mut row| {
            row.first += body.len();
            row.last += body.len();
            row
        }));
        body.extend(compiled.pages);
    }

    let mut targets = Targets::default();
    for row in &rows {
        let target = |page, y, label: &str| Target {
            page,
            y,
            label: label.to_owned(),
        };
        targets
            .starts
            .insert(row.id.clone(), target(row.first, row.y, &row.first_label));
        targets
            .ends
            .insert(row.id.clone(), target(row.last, 0.0, &row.last_label));
    }
    let front = part(
        "front",
        PartSpec {
            front: true,
            main: false,
            back: false,
            items: None,
            first_page: 1,
            targets: Some(targets.clone()),
            body_offset: Some(DEFERRED),
        },
        warnings,
    )?;
    let offset = front.pages.len();
    let mut front_pages = front.pages;
    for page in &mut front_pages {
        resolve_deferred(&mut page.frame, offset);
    }
    let back = part(
        "back",
        PartSpec {
            front: false,
            main: true,
            back: true,
            items: Some([0, 0]),
            first_page: body.len() + 1,
            targets: Some(targets),
            body_offset: Some(offset),
        },
        warnings,
    )?;

    if let Some(cache) = cache.as_deref_mut() {
        cache.parts = used;
    }
    for row in &mut rows {
        row.first += offset;
        row.last += offset;
    }
    let mut pages = front_pages;
    pages.append(&mut body);
    pages.extend(back.pages);
    inputs.sort_by_key(|id| id.vpath().get_with_slash().to_owned());
    inputs.dedup();
    Ok(Laid {
        document: PagedDocument::new(pages.into_iter().collect(), front.info),
        page_table: rows,
        inputs,
        parts: runs.len() + 2,
    })
}

/// Points the links laid out with the stand-in [`DEFERRED`] at their pages,
/// now that the front matter is known to be `offset` pages long.
fn resolve_deferred(frame: &mut Frame, offset: usize) {
    retain_links(frame, &mut |destination| {
        if let Destination::Position(position) = destination
            && position.page.get() > DEFERRED
        {
            let page = position.page.get() - DEFERRED + offset;
            position.page = NonZeroUsize::new(page).unwrap_or(position.page);
        }
        true
    });
}

/// Compiles one part, or takes it from the cache when nothing it read has
/// changed. Returns its cache key with it.
fn compile_part(
    world: &ProjectWorld,
    name: &str,
    spec: &PartSpec,
    cache: Option<&PartCache>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(u128, CompiledPart)> {
    let json = spec.to_json();
    let key = typst::utils::hash128(&(name, &json));
    if let Some(cached) = cache.and_then(|c| c.parts.get(&key))
        && world.unchanged(&cached.fingerprint)
    {
        warnings.extend(cached.warnings.iter().cloned());
        return Ok((key, cached.clone()));
    }

    let (main, spec_path) = vpaths::part(name);
    let main = file_id(&main);
    let template =
        templates::builtin(vpaths::PROCEEDINGS).expect("the proceedings template is built in");
    let extra = HashMap::from([
        (main, Bytes::from_string(template)),
        (file_id(&spec_path), Bytes::new(json)),
    ]);
    let document_world = world.document_with(main, extra);
    let (document, part_warnings) = typeset(world, &document_world);
    warnings.extend(part_warnings.iter().cloned());
    let document = document?;
    let compiled = CompiledPart {
        fingerprint: world.fingerprint(&document_world.accessed()),
        pages: document.pages().to_vec(),
        info: document.info().clone(),
        rows: page_table(&document),
        warnings: part_warnings,
    };
    Ok((key, compiled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_part_json_is_the_whole_volume() {
        assert_eq!(
            String::from_utf8(PartSpec::whole().to_json()).unwrap(),
            crate::templates::WHOLE_VOLUME
        );
    }

    #[test]
    fn whole_volume_description_names_every_field_the_template_reads() {
        let json: serde_json::Value = serde_json::from_slice(&PartSpec::whole().to_json()).unwrap();
        for key in [
            "front",
            "main",
            "back",
            "items",
            "first-page",
            "targets",
            "body-offset",
        ] {
            assert!(json.get(key).is_some(), "{key} missing from {json}");
        }
        assert_eq!(json["items"], serde_json::Value::Null);
    }

    fn synthetic() -> Programme {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/synthetic");
        crate::load::load(&dir, None)
            .expect("the fixture loads")
            .programme
    }

    #[test]
    fn runs_begin_with_sessions_and_cover_the_running_order() {
        let programme = synthetic();
        let runs = plan(&programme, 8).expect("69 contributions make several runs");
        assert!(runs.len() > 2, "{runs:?}");
        assert_eq!(runs.first().unwrap().start, 0);
        assert_eq!(runs.last().unwrap().end, programme.schedule.len());
        for pair in runs.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "{runs:?}");
        }
        let sizes: HashMap<&str, usize> = programme
            .sessions
            .iter()
            .map(|s| (s.id.as_str(), s.contributions.len()))
            .collect();
        for (i, run) in runs.iter().enumerate() {
            if i > 0 {
                assert!(
                    matches!(programme.schedule[run.start], ScheduleItem::Session(_)),
                    "run {run:?} starts mid-page"
                );
            }
            let count: usize = programme.schedule[run.clone()]
                .iter()
                .map(|item| match item {
                    ScheduleItem::Session(id) => sizes[id.as_str()],
                    ScheduleItem::Contribution(_) => 1,
                })
                .sum();
            if i + 1 < runs.len() {
                assert!(count >= 8, "run {run:?} holds only {count}");
            }
        }
    }

    #[test]
    fn small_volumes_and_size_zero_are_compiled_whole() {
        let programme = synthetic();
        assert_eq!(plan(&programme, 0), None);
        assert_eq!(plan(&programme, 1000), None);
        let mut by_title = programme;
        by_title.proceedings.order = ProceedingsOrder::Title;
        assert_eq!(plan(&by_title, 8), None);
    }
}
