//! Large proceedings, compiled in parts and joined.
//!
//! One Typst compilation of a volume with thousands of contributions keeps
//! the layout of every page and every cache entry at once, and its running
//! heads and indices look through the whole document. So a large volume is
//! laid out in parts of about [`PART_SIZE`] contributions each (see [`Plan`]
//! for where they are cut), then the front matter and the indices, which
//! learn from the parts where every contribution landed. Their pages are joined into one document
//! before the PDF export, which therefore still writes one outline, one set of
//! page labels and one tagged structure. Typst's caches are trimmed after each
//! part, so memory follows the size of a part, not of the volume.
//!
//! Each part compiles its own copy of the proceedings template (so that the
//! elements of different parts never share a location) next to a `part.json`
//! saying what to lay out; the template reads the same file, with the whole
//! volume in it, when the volume is compiled in one go.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use std::num::NonZeroUsize;

use typst::ecow::eco_format;
use typst::foundations::Bytes;
use typst::introspection::Tag;
use typst::layout::{Frame, FrameItem};
use typst::model::{Destination, LinkMarker};
use typst::model::{Document, DocumentInfo};
use typst::syntax::FileId;
use typst_layout::{Page, PagedDocument};

use crate::diag::{Diagnostic, Result, Warned};
pub use crate::documents::join::Section;
use crate::model::{ProceedingsOrder, Programme, ScheduleItem};
use crate::typeset::templates;
use crate::typeset::world::ProjectWorld;
use crate::typeset::{Laid, PageEntry, page_table, typeset};
use crate::vpaths;
use crate::vpaths::file_id;

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
    /// How many contributions of the first item, a session, the parts
    /// before laid out: the part begins inside that session, without its
    /// head. `None` lays out the whole first item.
    skip: Option<usize>,
    /// How many contributions of the last item, a session, to lay out; all
    /// when `None`.
    take: Option<usize>,
    /// The running title in force where the part begins (its session's, when
    /// it begins inside one).
    running: Option<String>,
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
            skip: None,
            take: None,
            running: None,
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

/// One item of the main matter as parts count it: a session's head (which
/// always begins a page) or a contribution (which flows on from the one
/// before unless it does not fit), in a session or not. `at` is its place in
/// the running order the template walks (the schedule, or the volume's
/// contributions).
#[derive(Debug, Clone, PartialEq)]
enum Item {
    /// A session's head: its title and details.
    Session { at: usize },
    /// A contribution's id; in a session, which of its contributions it is.
    Contribution {
        at: usize,
        id: String,
        within: Option<Within>,
    },
}

/// A contribution's place in its session.
#[derive(Debug, Clone, PartialEq)]
struct Within {
    /// Which of the session's contributions it is, from 0.
    nth: usize,
    /// Whether it is the session's last.
    last: bool,
    /// The session's title (the running title on its pages).
    title: String,
}

impl Item {
    fn contributions(&self) -> usize {
        match self {
            Item::Session { .. } => 0,
            Item::Contribution { .. } => 1,
        }
    }

    /// The contribution it ends with.
    fn last(&self) -> Option<&str> {
        match self {
            Item::Session { .. } => None,
            Item::Contribution { id, .. } => Some(id),
        }
    }

    fn at(&self) -> usize {
        match self {
            Item::Session { at, .. } | Item::Contribution { at, .. } => *at,
        }
    }
}

/// How a large volume's main matter is cut into parts of about `size`
/// contributions.
///
/// A part that ends before a session ends where a new page begins anyway:
/// its pages are kept whole. Where contributions flow from one to the next
/// (a long session, a volume by title or id, contributions outside sessions),
/// a part may end inside the flow; once laid out, its pages are kept up to
/// the last contribution that happens to begin a page (its head did not fit
/// at the foot of the page before), and the next part starts there: the
/// pages are those of the volume laid out in one go, and only the few pages
/// after that cut are laid out twice.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    items: Vec<Item>,
    size: usize,
    /// Whether a part may end inside a session.
    within_sessions: bool,
}

/// Where a part ends.
#[derive(Debug, Clone, Copy, PartialEq)]
struct End {
    /// The first item after the part.
    at: usize,
    /// Whether a page begins there whatever the layout (a session, or the
    /// end of the volume).
    natural: bool,
}

/// The plan for the volume's main matter, or `None` when it fits in one
/// part or `size` is 0. With `within_sessions`, parts may end inside a
/// session (the template lays out part of a session; the built-in one can).
pub fn plan(programme: &Programme, size: usize, within_sessions: bool) -> Option<Plan> {
    if size == 0 {
        return None;
    }
    let contribution = |at, id: &String, within| Item::Contribution {
        at,
        id: id.clone(),
        within,
    };
    let mut items = Vec::new();
    if programme.proceedings.order == ProceedingsOrder::Session {
        let sessions: HashMap<&str, (&str, &[String])> = programme
            .sessions
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    (s.title.as_str(), s.contributions.as_slice()),
                )
            })
            .collect();
        for (at, item) in programme.schedule.iter().enumerate() {
            match item {
                ScheduleItem::Session(id) => {
                    let (title, ids) = sessions.get(id.as_str()).copied().unwrap_or_default();
                    let title = title.to_owned();
                    items.push(Item::Session { at });
                    for (nth, id) in ids.iter().enumerate() {
                        let within = Within {
                            nth,
                            last: nth + 1 == ids.len(),
                            title: title.clone(),
                        };
                        items.push(contribution(at, id, Some(within)));
                    }
                }
                ScheduleItem::Contribution(id) => items.push(contribution(at, id, None)),
            }
        }
    } else {
        for (at, id) in programme.proceedings.contributions.iter().enumerate() {
            items.push(contribution(at, id, None));
        }
    }
    let plan = Plan {
        items,
        size,
        within_sessions,
    };
    (plan.end(0, 0).at < plan.items.len()).then_some(plan)
}

impl Plan {
    /// Where the part beginning at item `start` ends: before the first
    /// session once it holds `size` contributions and two page runs (Typst
    /// lays out page runs, such as sessions, side by side: a part of one long
    /// session keeps one core busy, one of two keeps both); in a flow of
    /// contributions (a long session, or contributions outside sessions)
    /// longer than `2 size`, after `size` of them. A part holds at most about
    /// `4 size` contributions. Each step of `widen` doubles the size (for a
    /// flow in which no contribution of a part began a page).
    fn end(&self, start: usize, widen: u32) -> End {
        let size = self.size.saturating_mul(1 << widen.min(16));
        // Contributions in the part, in its current page run, page runs.
        let (mut count, mut run, mut runs) = (0, 0, 1);
        let mut flow = None;
        for (i, item) in self.items.iter().enumerate().skip(start) {
            if i > start {
                match item {
                    Item::Session { .. } => {
                        if count >= size && (runs >= 2 || count >= size.saturating_mul(2)) {
                            return End {
                                at: i,
                                natural: true,
                            };
                        }
                        if run > 0 {
                            runs += 1;
                        }
                        (run, flow) = (0, None);
                    }
                    Item::Contribution { .. } if self.cuttable(i) && run >= size => {
                        let at = *flow.get_or_insert(i);
                        if run >= size.saturating_mul(2) {
                            return End { at, natural: false };
                        }
                    }
                    Item::Contribution { .. } => {}
                }
            }
            count += item.contributions();
            run += item.contributions();
        }
        End {
            at: self.items.len(),
            natural: true,
        }
    }

    /// Whether a part may begin with item `i`, a contribution.
    fn cuttable(&self, i: usize) -> bool {
        match &self.items[i] {
            Item::Contribution { within, .. } => self.within_sessions || within.is_none(),
            Item::Session { .. } => false,
        }
    }

    /// How many parts the main matter takes, and whether that is exact (all
    /// parts end before sessions) or an estimate (cuts in a flow come a
    /// little earlier than planned).
    fn count(&self) -> (usize, bool) {
        let (mut start, mut parts, mut exact) = (0, 0, true);
        while start < self.len() {
            let end = self.end(start, 0);
            exact &= end.natural;
            parts += 1;
            start = end.at;
        }
        (parts, exact)
    }

    /// In a part of items `start..end` laid out with the page table `rows`,
    /// the last item after `start` that begins a page, and that page
    /// (counted in the part, from 1).
    fn cut(&self, start: usize, end: usize, rows: &[PageEntry]) -> Option<(usize, usize)> {
        let pages: HashMap<&str, (usize, usize)> = rows
            .iter()
            .map(|r| (r.id.as_str(), (r.first, r.last)))
            .collect();
        // The page where each item's last contribution ends.
        let mut ends = Vec::with_capacity(end - start);
        for item in &self.items[start..end] {
            ends.push(item.last().and_then(|id| pages.get(id)).map(|p| p.1));
        }
        (start + 1..end).rev().find_map(|c| {
            // The item before must have ended on a page of its own.
            let before = ends[c - 1 - start]?;
            let first = match &self.items[c] {
                Item::Session { .. } => before + 1,
                Item::Contribution { id, .. } if self.cuttable(c) => pages.get(id.as_str())?.0,
                Item::Contribution { .. } => return None,
            };
            (first > before).then_some((c, first))
        })
    }

    /// The number of items in the main matter.
    fn len(&self) -> usize {
        self.items.len()
    }

    /// How many of the contributions in `rows` (those of a part beginning
    /// at item `start`) continue a session begun in a part before.
    fn continued(&self, start: usize, rows: &[PageEntry]) -> usize {
        let Some(Item::Contribution {
            at,
            within: Some(_),
            ..
        }) = self.items.get(start)
        else {
            return 0;
        };
        let ids: std::collections::HashSet<&str> = self.items[start..]
            .iter()
            .take_while(
                |item| matches!(item, Item::Contribution { at: a, within: Some(_), .. } if a == at),
            )
            .filter_map(Item::last)
            .collect();
        rows.iter()
            .filter(|row| ids.contains(row.id.as_str()))
            .count()
    }

    /// The part of items `start..end`, laid out from printed page
    /// `first_page`, as the template is told it.
    fn spec(&self, start: usize, end: usize, first_page: usize) -> PartSpec {
        let first = &self.items[start];
        let last = &self.items[end.max(start + 1) - 1];
        let (skip, running) = match first {
            Item::Contribution {
                within: Some(within),
                ..
            } => (Some(within.nth), Some(within.title.clone())),
            _ => (None, None),
        };
        let take = match last {
            Item::Contribution {
                within: Some(within),
                ..
            } if !within.last => Some(within.nth + 1),
            Item::Session { .. } => Some(0),
            _ => None,
        };
        PartSpec {
            front: false,
            main: true,
            back: false,
            items: Some([first.at(), last.at() + 1]),
            skip,
            take,
            running,
            first_page,
            targets: None,
            body_offset: None,
        }
    }
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

/// Takes each laid-out part of a volume that is not kept whole in memory
/// (see [`compile_streamed`]), to export it before the next is laid out.
pub trait Sink {
    /// One part: `document` holds its pages (the front and back matter's
    /// links to the rest of the volume as [`crate::documents::join::page_link`] marks),
    /// and `rows` where its contributions lie, pages counted in `document`.
    /// A body part's or the back matter's first page is the `body_start`-th
    /// page after the front matter (from 0).
    fn part(
        &mut self,
        document: PagedDocument,
        section: Section,
        body_start: usize,
        rows: Vec<PageEntry>,
    ) -> Result<()>;
}

/// Lays out the proceedings in the parts of `plan` and joins them. Returns the joined document, or the errors of the first part that
/// failed; the warnings of all parts compiled either way.
pub fn compile(
    world: &ProjectWorld,
    plan: &Plan,
    mut cache: Option<&mut PartCache>,
    progress: Option<&crate::progress::Progress>,
    jobs: usize,
) -> Warned<Laid> {
    let mut warnings = Vec::new();
    let result = compile_parts(world, plan, &mut cache, &mut warnings, progress, jobs, None);
    Warned::new(result, warnings)
}

/// Lays out the proceedings in the parts of `plan`, handing each part to
/// `sink` as soon as it is laid out and then forgetting its pages, so that
/// memory follows one part rather than the volume. The front matter comes
/// last. Returns what [`compile`] does but with an empty document: its
/// pages have gone to the sink.
pub fn compile_streamed(
    world: &ProjectWorld,
    plan: &Plan,
    progress: Option<&crate::progress::Progress>,
    jobs: usize,
    sink: &mut dyn Sink,
) -> Warned<Laid> {
    let mut warnings = Vec::new();
    let result = compile_parts(
        world,
        plan,
        &mut None,
        &mut warnings,
        progress,
        jobs,
        Some(sink),
    );
    Warned::new(result, warnings)
}

fn compile_parts(
    world: &ProjectWorld,
    plan: &Plan,
    cache: &mut Option<&mut PartCache>,
    warnings: &mut Vec<Diagnostic>,
    progress: Option<&crate::progress::Progress>,
    jobs: usize,
    mut sink: Option<&mut dyn Sink>,
) -> Result<Laid> {
    if cache.is_none() {
        // A one-off build has written the booklet by now (a volume this large
        // is compiled after it): nothing in Typst's caches will be used again.
        typst::comemo::evict(0);
        // And what the booklet freed goes back to the system, which glibc
        // would otherwise keep for the thread that laid the booklet out.
        crate::alloc::trim();
    }
    let mut used = HashMap::new();
    let mut inputs = Vec::new();
    let keeps = cache.is_some();
    // Notes what a part read (and, for a rebuild, the part), then forgets
    // what it alone used: memory follows one part.
    let mut keep_used = |key: u128, compiled: &CompiledPart| {
        inputs.extend(compiled.fingerprint.iter().map(|(id, _)| *id));
        if keeps {
            used.insert(key, compiled.clone());
        }
        typst::comemo::evict(1);
    };

    let mut body: Vec<Page> = Vec::new();
    // Pages of the body so far (those in `body`, or gone to the sink).
    let mut body_pages = 0;
    let mut rows: Vec<PageEntry> = Vec::new();
    let planned = plan.count();
    let (mut start, mut count, mut widen) = (0, 0, 0);
    // Parts laid out ahead, on other threads, by where they begin.
    let mut ahead: HashMap<usize, Ahead> = HashMap::new();
    while start < plan.len() {
        count += 1;
        if let Some(progress) = progress {
            let of = match planned {
                (parts, true) => format!("{parts}"),
                (parts, false) => format!("about {}", parts.max(count)),
            };
            progress.tell(format!(
                "typesetting the proceedings: part {count} of {of}, {body_pages} pages so far",
            ));
        }
        let end = plan.end(start, widen);
        if jobs > 1 && end.natural && !ahead.contains_key(&start) {
            let done: usize = plan.items[..start].iter().map(Item::contributions).sum();
            ahead = lay_out_ahead(world, plan, start, body_pages, done, jobs, cache.as_deref());
        }
        let first_page = body_pages + 1;
        let compiled = match ahead.remove(&start) {
            // Laid out ahead with the right first page: as if laid out now.
            Some(Ahead {
                first_page: guessed,
                result,
                warnings: part_warnings,
            }) if guessed == first_page => {
                let (key, compiled) = result?;
                warnings.extend(part_warnings);
                keep_used(key, &compiled);
                compiled
            }
            // Otherwise laid out now; after a guess of the wrong first page,
            // Typst's caches still hold all but the page numbers.
            _ => {
                let spec = plan.spec(start, end.at, first_page);
                // Named by where it begins: a widened part reuses what it can.
                let (key, compiled) = compile_part(
                    world,
                    &format!("{start}"),
                    &spec,
                    cache.as_deref(),
                    warnings,
                )?;
                keep_used(key, &compiled);
                compiled
            }
        };
        let (keep, next) = if end.natural {
            (compiled.pages.len(), end.at)
        } else {
            match plan.cut(start, end.at, &compiled.rows) {
                Some((next, first)) => (first - 1, next),
                // No contribution of the part began a page: lay out twice
                // as many.
                None => {
                    widen += 1;
                    continue;
                }
            }
        };
        widen = 0;
        // Elements whose end fell on the pages left out (a paragraph's end
        // tag travels to the next page) are closed on the last page kept, so
        // the joined volume's tags still balance.
        let cut = (keep < compiled.pages.len()).then(|| {
            let document = PagedDocument::new(
                compiled.pages.iter().cloned().collect(),
                compiled.info.clone(),
            );
            crate::documents::split::Splitter::new(&document).cut(1, keep, compiled.info.clone())
        });
        let kept_rows: Vec<PageEntry> = compiled
            .rows
            .into_iter()
            .filter(|row| row.first <= keep)
            .collect();
        rows.extend(kept_rows.iter().cloned().map(|mut row| {
            row.first += body_pages;
            row.last += body_pages;
            row
        }));
        let kept_pages = cut
            .as_ref()
            .map_or(compiled.pages.len(), |c| c.pages().len());
        match sink.as_deref_mut() {
            Some(sink) => {
                let document = cut.unwrap_or_else(|| {
                    PagedDocument::new(compiled.pages.into_iter().collect(), compiled.info)
                });
                let section = Section::Body {
                    continues: plan.continued(start, &kept_rows),
                };
                sink.part(document, section, body_pages, kept_rows)?;
            }
            None => match cut {
                Some(cut) => body.extend(cut.pages().iter().cloned()),
                None => body.extend(compiled.pages),
            },
        }
        body_pages += kept_pages;
        start = next;
    }
    let parts = count;

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
    // The front matter's links lead past it, by its own length, which is
    // known only once it is laid out, and so do the indices' (laid out
    // before the front): their links aim past [`DEFERRED`] and are corrected
    // in the frames afterwards.
    let spec = |front: bool| PartSpec {
        front,
        main: !front,
        back: !front,
        items: (!front).then_some([0, 0]),
        skip: None,
        take: None,
        running: None,
        first_page: if front { 1 } else { body_pages + 1 },
        targets: Some(targets.clone()),
        body_offset: Some(DEFERRED),
    };
    let (key, mut back) = compile_part(world, "back", &spec(false), cache.as_deref(), warnings)?;
    keep_used(key, &back);
    let (key, mut front) = compile_part(world, "front", &spec(true), cache.as_deref(), warnings)?;
    keep_used(key, &front);
    let offset = front.pages.len();
    for page in front.pages.iter_mut().chain(&mut back.pages) {
        resolve_deferred(&mut page.frame, offset);
    }
    let total = offset + body_pages + back.pages.len();

    if let Some(cache) = cache.as_deref_mut() {
        cache.parts = used;
    }
    for row in &mut rows {
        row.first += offset;
        row.last += offset;
    }
    inputs.sort_by_key(|id| id.vpath().get_with_slash().to_owned());
    inputs.dedup();
    let document = match sink {
        Some(sink) => {
            if front.pages.is_empty() && back.pages.is_empty() {
                return Ok(Laid {
                    document: PagedDocument::new(Default::default(), front.info),
                    page_table: rows,
                    inputs,
                    parts: parts + 2,
                });
            }
            // The body's pages have gone to the sink: links from the back
            // and front matter into it become marks the join points at them.
            let before = offset + body_pages;
            for page in &mut back.pages {
                link_out(&mut page.frame, before..total);
            }
            for page in &mut front.pages {
                link_out(&mut page.frame, 0..offset);
            }
            let back = PagedDocument::new(back.pages.into_iter().collect(), back.info);
            sink.part(back, Section::Back, body_pages, Vec::new())?;
            let pages = front.pages.into_iter().collect();
            sink.part(
                PagedDocument::new(pages, front.info.clone()),
                Section::Front,
                0,
                Vec::new(),
            )?;
            PagedDocument::new(Default::default(), front.info)
        }
        None => {
            let mut pages = front.pages;
            pages.append(&mut body);
            pages.extend(back.pages);
            PagedDocument::new(pages.into_iter().collect(), front.info)
        }
    };
    Ok(Laid {
        document,
        page_table: rows,
        inputs,
        parts: parts + 2,
    })
}

/// Points the links of a part that holds the volume's pages `own` (counted
/// from 0) at its own pages, and turns those that lead to other pages of the
/// volume into [`crate::documents::join::page_link`] marks for the join to resolve.
fn link_out(frame: &mut Frame, own: std::ops::Range<usize>) {
    crate::typeset::retain_links(frame, &mut |destination| {
        if let Destination::Position(position) = destination {
            let index = position.page.get() - 1;
            if own.contains(&index) {
                position.page = NonZeroUsize::MIN.saturating_add(index - own.start);
            } else {
                *destination =
                    Destination::Url(crate::documents::join::page_link(index, position.point));
            }
        }
        true
    });
}

/// Whether the volume's template can be laid out in parts: the built-in one,
/// or a project's own that, like it (ejected and edited, say), reads what
/// to lay out from `part.json`. Any other is compiled whole.
pub fn supported(world: &ProjectWorld) -> bool {
    world
        .template_text(vpaths::PROCEEDINGS)
        .is_none_or(|text| text.contains("\"part.json\""))
}

/// Whether the volume's template can lay out part of a session (it reads
/// `skip` and `take` from `part.json`, as the built-in one does); one that
/// cannot is laid out in parts that end before sessions.
pub fn within_sessions(world: &ProjectWorld) -> bool {
    world
        .template_text(vpaths::PROCEEDINGS)
        .is_none_or(|text| text.contains("\"skip\"") && text.contains("\"take\""))
}

/// A part laid out ahead of its turn, with a guessed first page.
struct Ahead {
    first_page: usize,
    result: Result<(u128, CompiledPart)>,
    warnings: Vec<Diagnostic>,
}

/// Lays out the part beginning at item `start` (its first page known) and
/// the parts after it, up to `jobs` in all, side by side: those that end
/// before a session, so that where each begins is known. Their first pages
/// are guessed from the pages per contribution so far; a part whose guess
/// proves wrong is laid out again, mostly from Typst's caches.
fn lay_out_ahead(
    world: &ProjectWorld,
    plan: &Plan,
    start: usize,
    pages: usize,
    contributions: usize,
    jobs: usize,
    cache: Option<&PartCache>,
) -> HashMap<usize, Ahead> {
    let per_contribution = if contributions > 0 && pages > 0 {
        pages as f64 / contributions as f64
    } else {
        0.5
    };
    let mut specs = Vec::new();
    let (mut at, mut first_page) = (start, pages + 1);
    while specs.len() < jobs && at < plan.len() {
        let end = plan.end(at, 0);
        if !end.natural {
            break;
        }
        specs.push((at, plan.spec(at, end.at, first_page)));
        let held: usize = plan.items[at..end.at].iter().map(Item::contributions).sum();
        first_page += (held as f64 * per_contribution).round() as usize;
        at = end.at;
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = specs
            .into_iter()
            .map(|(at, spec)| {
                let handle = scope.spawn(move || {
                    let mut warnings = Vec::new();
                    let result = compile_part(world, &format!("{at}"), &spec, cache, &mut warnings);
                    (spec.first_page, result, warnings)
                });
                (at, handle)
            })
            .collect();
        handles
            .into_iter()
            .map(|(at, handle)| {
                let (first_page, result, warnings) = handle.join().unwrap_or_else(|_| {
                    let crashed = Diagnostic::error(
                        "the Typst compiler crashed while laying out a part of the proceedings; please report this",
                    );
                    (0, Err(crashed.into()), Vec::new())
                });
                (
                    at,
                    Ahead {
                        first_page,
                        result,
                        warnings,
                    },
                )
            })
            .collect()
    })
}

/// Points the links laid out past [`DEFERRED`] at their pages,
/// now that the front matter is known to be `offset` pages long, and
/// corrects what they tell screen readers ("page N", made by Typst from the
/// page the link leads to).
fn resolve_deferred(frame: &mut Frame, offset: usize) {
    let moved = |page: usize| (page > DEFERRED).then(|| page - DEFERRED + offset);
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => resolve_deferred(&mut group.frame, offset),
            FrameItem::Link(Destination::Position(position), _) => {
                if let Some(page) = moved(position.page.get()).and_then(NonZeroUsize::new) {
                    position.page = page;
                }
            }
            FrameItem::Tag(Tag::Start(content, _)) => {
                if let Some(marker) = content.to_packed_mut::<LinkMarker>()
                    && let Some(alt) = &marker.alt
                    && let Some((words, number)) = alt.rsplit_once(' ')
                    && let Some(page) = number.parse().ok().and_then(moved)
                {
                    marker.alt = Some(eco_format!("{words} {page}"));
                }
            }
            _ => {}
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
    // The project's own template, if it has one (see `supported`).
    let template = world
        .template_text(vpaths::PROCEEDINGS)
        .or_else(|| templates::builtin(vpaths::PROCEEDINGS).map(str::to_owned))
        .expect("the proceedings template is built in");
    let extra = HashMap::from([
        (main, Bytes::from_string(template)),
        (file_id(&spec_path), Bytes::new(json)),
    ]);
    let document_world = world.document_with(main, extra);
    // An edit of the template concerns every part.
    document_world.read_also(file_id(vpaths::PROCEEDINGS));
    let typeset = typeset(world, &document_world);
    let part_warnings = typeset.warnings;
    warnings.extend(part_warnings.iter().cloned());
    let document = typeset.output?;
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
            crate::typeset::templates::WHOLE_VOLUME
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
            "skip",
            "take",
            "running",
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
    fn parts_of_a_volume_by_session_end_before_sessions() {
        let programme = synthetic();
        let plan = plan(&programme, 8, true).expect("69 contributions make several parts");
        // A head for each session and an item for each contribution.
        let heads = plan
            .items
            .iter()
            .filter(|i| matches!(i, Item::Session { .. }))
            .count();
        assert_eq!(heads, programme.sessions.len());
        assert_eq!(plan.len(), heads + programme.contributions.len());
        let mut start = 0;
        let mut parts = 0;
        while start < plan.len() {
            let end = plan.end(start, 0);
            assert!(end.natural, "{end:?}");
            assert!(end.at > start);
            if end.at < plan.len() {
                assert!(
                    matches!(plan.items[end.at], Item::Session { .. }),
                    "part {start}..{} ends mid-page",
                    end.at
                );
                let part = &plan.items[start..end.at];
                let count: usize = part.iter().map(Item::contributions).sum();
                assert!(count >= 8, "part {start}..{} holds only {count}", end.at);
                // Two page runs at least, for Typst to lay out side by side.
                let runs = part
                    .iter()
                    .filter(|i| matches!(i, Item::Session { .. }))
                    .count();
                assert!(runs >= 2, "part {start}..{} is one session", end.at);
            }
            start = end.at;
            parts += 1;
        }
        assert!(parts > 2, "{parts} parts");
    }

    /// A session of `n` contributions after a contribution outside sessions.
    fn long_session(n: usize, within_sessions: bool) -> Plan {
        let mut items = vec![
            Item::Contribution {
                at: 0,
                id: "k".into(),
                within: None,
            },
            Item::Session { at: 1 },
        ];
        for nth in 0..n {
            items.push(Item::Contribution {
                at: 1,
                id: format!("p{nth}"),
                within: Some(Within {
                    nth,
                    last: nth + 1 == n,
                    title: "Posters".into(),
                }),
            });
        }
        Plan {
            items,
            size: 5,
            within_sessions,
        }
    }

    #[test]
    fn a_long_session_is_cut_in_its_flow() {
        // Items: k, the head, p0 at 2 … p29 at 31. The session's run reaches
        // 5 at p5 (item 7), where the cut may fall, and 10 at p10: the part
        // ends at p5 (its pages kept up to the last one beginning a page).
        let plan = long_session(30, true);
        assert_eq!(
            plan.end(0, 0),
            End {
                at: 7,
                natural: false
            }
        );
        // From inside the session, the next part likewise.
        assert_eq!(
            plan.end(5, 0),
            End {
                at: 10,
                natural: false
            }
        );
        // Told where it begins and ends inside the session.
        let spec = plan.spec(5, 10, 40);
        assert_eq!(spec.items, Some([1, 2]));
        assert_eq!(spec.skip, Some(3));
        assert_eq!(spec.take, Some(8));
        assert_eq!(spec.running.as_deref(), Some("Posters"));
        assert_eq!(spec.first_page, 40);
        // The first part: the contribution outside, the head, p0…p4.
        let spec = plan.spec(0, 7, 1);
        assert_eq!(
            (spec.items, spec.skip, spec.take, spec.running),
            (Some([0, 2]), None, Some(5), None)
        );
        // A template that cannot lay out part of a session: one piece.
        let plan = long_session(30, false);
        assert_eq!(
            plan.end(0, 0),
            End {
                at: 32,
                natural: true
            }
        );
        assert_eq!(plan.spec(0, 32, 1).take, None);
    }

    #[test]
    fn a_volume_by_title_is_cut_in_the_flow() {
        let mut programme = synthetic();
        programme.proceedings.order = ProceedingsOrder::Title;
        let plan = plan(&programme, 8, true).expect("a volume by title has parts too");
        assert_eq!(plan.len(), 69);
        assert_eq!(
            plan.end(0, 0),
            End {
                at: 8,
                natural: false
            }
        );
        assert_eq!(
            plan.end(64, 0),
            End {
                at: 69,
                natural: true
            }
        );
        // Widened (no contribution began a page), a part holds twice as many.
        assert_eq!(
            plan.end(0, 1),
            End {
                at: 16,
                natural: false
            }
        );
        assert_eq!(
            plan.end(0, 3),
            End {
                at: 69,
                natural: true
            }
        );
    }

    fn row(id: &str, first: usize, last: usize) -> PageEntry {
        PageEntry {
            id: id.into(),
            first,
            last,
            first_label: String::new(),
            last_label: String::new(),
            y: 0.0,
        }
    }

    #[test]
    fn a_flowing_part_is_cut_before_the_last_contribution_that_begins_a_page() {
        let contribution = |id: &str| Item::Contribution {
            at: 0,
            id: id.into(),
            within: None,
        };
        let plan = Plan {
            items: ["a", "b", "c", "d", "e"].map(contribution).to_vec(),
            size: 2,
            within_sessions: true,
        };
        // c begins page 3 after b ended on page 2; d and e share pages with
        // the contribution before them.
        let rows = [
            row("a", 1, 1),
            row("b", 1, 2),
            row("c", 3, 3),
            row("d", 3, 4),
            row("e", 4, 4),
        ];
        assert_eq!(plan.cut(0, 5, &rows), Some((2, 3)));
        // The first item is never a cut; without a page beginning, none.
        assert_eq!(plan.cut(2, 5, &rows), None);
        assert_eq!(plan.cut(0, 2, &rows), None);
        // A session always begins the page after the item before ends.
        let head = Item::Session { at: 0 };
        let within = |id: &str, nth| Item::Contribution {
            at: 0,
            id: id.into(),
            within: Some(Within {
                nth,
                last: true,
                title: "S".into(),
            }),
        };
        let items = vec![
            contribution("a"),
            head.clone(),
            within("b", 0),
            // A session without contributions.
            head.clone(),
            contribution("c"),
        ];
        let plan = Plan {
            items: items.clone(),
            size: 2,
            within_sessions: true,
        };
        let rows = [row("a", 1, 2), row("b", 4, 4), row("c", 6, 6)];
        // Not after the empty session, whose last page is unknown, but
        // before it: the page after b's. Never between a head and the first
        // contribution it introduces.
        assert_eq!(plan.cut(0, 5, &rows), Some((3, 5)));
        assert_eq!(plan.cut(0, 3, &rows), Some((1, 3)));
        // Inside a session, a contribution that begins a page is a cut, unless
        // the template cannot lay out part of a session.
        let items = vec![head, within("a", 0), within("b", 1)];
        let rows = [row("a", 1, 2), row("b", 3, 3)];
        let mut plan = Plan {
            items,
            size: 1,
            within_sessions: true,
        };
        assert_eq!(plan.cut(0, 3, &rows), Some((2, 3)));
        plan.within_sessions = false;
        assert_eq!(plan.cut(0, 3, &rows), None);
    }

    #[test]
    fn small_volumes_and_size_zero_are_compiled_whole() {
        let programme = synthetic();
        assert_eq!(plan(&programme, 0, true), None);
        assert_eq!(plan(&programme, 1000, true), None);
        let mut by_title = programme;
        by_title.proceedings.order = ProceedingsOrder::Title;
        assert_eq!(plan(&by_title, 1000, true), None);
    }
}
