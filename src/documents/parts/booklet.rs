//! A large booklet, laid out in parts and joined, as a large volume is: the
//! front (cover to glance), runs of the programme, each beginning where the
//! booklet begins a page anyway (a session, or a day's first item), and
//! the back (index to back cover). The booklet's pages are numbered from
//! its cover, so the programme's page numbers follow from the front's
//! length, and the glance in the front names the programme's pages: the
//! front's pages are counted first (every page number a stand-in as wide as
//! the real ones will be), the programme laid out after them, then the back
//! and the front with the pages every entry landed on. Should the front
//! come out of another length than counted (a page number of another width
//! moved a line), the layout is to be made again with that length
//! ([`Laid::front_moved`]).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use typst::syntax::FileId;

use super::ahead::{Ahead, Guess, side_by_side};
pub use super::booklet_plan::{BookletPlan, booklet_plan};
use super::compile::hand_over_matter;
use super::links::{HEIGHTS, resolve_deferred};
use super::part::{CompiledPart, Template, compile_copy};
use super::{Halt, PartCache, Section, Sink, unless_stopping};
use crate::diag::{Diagnostic, Result, Warned};
use crate::progress::Progress;
use crate::typeset::anchor_positions;
use crate::typeset::world::ProjectWorld;
use crate::vpaths;
use typst_layout::PagedDocument;

/// The booklet's template, described by `booklet-part.json`.
const BOOKLET: Template = Template {
    path: vpaths::BOOKLET,
    copy: vpaths::booklet_part,
};

/// What `booklet-part.json` tells the booklet template.
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
struct BookletSpec<'a> {
    /// Lay out the front: cover, welcome, practical information, glance.
    front: bool,
    /// The range of the schedule to lay out; all of it when `None`.
    items: Option<[usize; 2]>,
    /// Lay out the back: index, notes pages, back cover.
    back: bool,
    /// How many pages of the booklet come before this part.
    offset: usize,
    /// Where every session and contribution begins; `None` to query the
    /// document.
    targets: Option<&'a Targets>,
    /// What every page number reads, while the front's pages are counted.
    stand_in: Option<&'a str>,
}

impl BookletSpec<'_> {
    /// As JSON, for the template.
    fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a part description serialises")
    }
}

/// Where every session and contribution begins: its page in the booklet
/// (from 1) and its point on it.
///
/// The point is given to the template as a stand-in, [`HEIGHTS`] and the
/// entry's number, and put into the links after layout: an edit that moves
/// an entry up or down its page changes no layout of the front and back,
/// which a rebuild then takes from the last build instead of laying out the
/// glance and the index again.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Targets {
    sessions: BTreeMap<String, Target>,
    contributions: BTreeMap<String, Target>,
    /// The entries' points (x and y, in points from the page's top left),
    /// by the number their stand-in carries.
    #[serde(skip)]
    points: Vec<(f64, f64)>,
}

/// One entry's place in the booklet: its page and the stand-in for its
/// point (see [`Targets`]).
#[derive(Debug, Clone, Copy, Serialize)]
struct Target {
    page: usize,
    x: f64,
    y: f64,
}

impl Targets {
    /// The pages where entries begin, by contribution and session id.
    pub fn pages(&self) -> (HashMap<String, usize>, HashMap<String, usize>) {
        let pages = |found: &BTreeMap<String, Target>| {
            found
                .iter()
                .map(|(id, t)| (id.clone(), t.page))
                .collect::<HashMap<_, _>>()
        };
        (pages(&self.contributions), pages(&self.sessions))
    }

    /// Adds the entries of a part whose first page is the booklet's
    /// `offset + 1`-th.
    fn add(&mut self, document: &PagedDocument, offset: usize) {
        for (label, found) in [
            ("confpress-session", &mut self.sessions),
            ("confpress-contribution", &mut self.contributions),
        ] {
            let mut anchors: Vec<_> = anchor_positions(document, label).into_iter().collect();
            // Numbered in a fixed order: the stand-ins are part of what the
            // front and back are laid out from.
            anchors.sort_by(|a, b| a.0.cmp(&b.0));
            for (id, (page, point)) in anchors {
                if let std::collections::btree_map::Entry::Vacant(entry) = found.entry(id) {
                    entry.insert(Target {
                        page: page + offset,
                        x: 0.0,
                        y: HEIGHTS + self.points.len() as f64,
                    });
                    self.points.push(point);
                }
            }
        }
    }
}

/// A booklet laid out in parts, its pages gone to the sink.
pub struct Laid {
    /// Where every entry begins.
    pub targets: Targets,
    /// The files the parts read.
    pub inputs: Vec<FileId>,
    /// How many compilations it took.
    pub parts: usize,
    /// The front's length, when it came out other than the plan assumed:
    /// the parts handed to the sink are numbered wrongly, and the layout is
    /// to be made again with this length.
    pub front_moved: Option<usize>,
}

/// Lays out the booklet in the parts of `plan`, handing each to `sink`: the
/// body in order, then the back, then the front. With a `cache` (a
/// rebuild), a part whose inputs did not change is taken from it, and this
/// build's parts are kept there. With `jobs` over 1, up to that many parts
/// of the programme are laid out side by side. When the sink has
/// [`Stopped`], no more parts are laid out and the booklet returned has no
/// parts.
pub fn compile_booklet_streamed(
    world: &ProjectWorld,
    plan: &BookletPlan,
    cache: Option<&mut PartCache>,
    progress: Option<&Progress>,
    jobs: usize,
    sink: &mut dyn Sink,
) -> Warned<Laid> {
    let mut layout = Layout {
        world,
        cache,
        jobs,
        warnings: Vec::new(),
        used: HashMap::new(),
        inputs: Vec::new(),
        compilations: 0,
    };
    let output = match layout.lay_out(plan, progress, sink) {
        Ok(laid) => Ok(laid),
        Err(Halt::Failed(error)) => Err(error),
        Err(Halt::Stopped) => Ok(Laid {
            targets: Targets::default(),
            inputs: Vec::new(),
            parts: layout.compilations,
            front_moved: None,
        }),
    };
    Warned::new(output, layout.warnings)
}

/// A booklet being laid out, and what its parts so far left behind.
struct Layout<'a> {
    world: &'a ProjectWorld,
    cache: Option<&'a mut PartCache>,
    /// How many parts of the programme may be laid out side by side.
    jobs: usize,
    warnings: Vec<Diagnostic>,
    /// The parts compiled, by cache key, for the cache (when there is one).
    used: HashMap<u128, CompiledPart>,
    inputs: Vec<FileId>,
    compilations: usize,
}

impl Layout<'_> {
    /// The front counted (unless the plan knows its length), the body part
    /// after part, the back, then the front.
    fn lay_out(
        &mut self,
        plan: &BookletPlan,
        progress: Option<&Progress>,
        sink: &mut dyn Sink,
    ) -> Result<Laid, Halt> {
        let of = plan.runs.len() + 2;
        let tell = |count: usize, what: &str| {
            if let Some(progress) = progress {
                progress.tell(format!(
                    "typesetting the booklet: part {count} of {of}, {what}"
                ));
            }
        };
        let front = match plan.front {
            Some(front) => front,
            None => {
                tell(1, "counting the front's pages");
                let spec = BookletSpec {
                    front: true,
                    items: Some([0, 0]),
                    back: false,
                    offset: 0,
                    targets: None,
                    stand_in: Some(&plan.stand_in),
                };
                self.compile("count", &spec)?.pages.len()
            }
        };
        let mut targets = Targets::default();
        let mut body_pages = 0;
        // Parts laid out ahead, on other threads, by their number.
        let mut ahead: HashMap<usize, Ahead> = HashMap::new();
        for (nth, run) in plan.runs.iter().enumerate() {
            unless_stopping(sink)?;
            tell(
                nth + 2,
                &format!("{body_pages} pages of the programme so far"),
            );
            let offset = front + body_pages;
            if self.jobs > 1 && !ahead.contains_key(&nth) {
                ahead = self.lay_out_ahead(plan, nth, front, body_pages);
            }
            let part = match ahead.remove(&nth) {
                // Numbered from the right page: as if laid out now.
                Some(laid) if laid.guessed == offset => self.take(laid)?,
                // Otherwise laid out now, mostly from Typst's caches.
                _ => self.compile(&body_name(run), &body_spec(run, offset))?,
            };
            let document = PagedDocument::new(part.pages.into_iter().collect(), part.info);
            targets.add(&document, offset);
            let pages = document.pages().len();
            sink.part(
                document,
                Section::Body { continues: 0 },
                body_pages,
                Vec::new(),
            )?;
            body_pages += pages;
        }
        unless_stopping(sink)?;
        tell(of, "the index and the glance");
        let matter = |front_part: bool, offset| BookletSpec {
            front: front_part,
            items: Some([0, 0]),
            back: !front_part,
            offset,
            targets: Some(&targets),
            stand_in: None,
        };
        let mut back = self.compile("back", &matter(false, front + body_pages))?;
        unless_stopping(sink)?;
        let mut front_part = self.compile("front", &matter(true, 0))?;
        for page in front_part.pages.iter_mut().chain(&mut back.pages) {
            resolve_deferred(&mut page.frame, 0, &targets.points);
        }
        if let Some(cache) = &mut self.cache {
            cache.parts = std::mem::take(&mut self.used);
        }
        self.inputs
            .sort_by_key(|id| id.vpath().get_with_slash().to_owned());
        self.inputs.dedup();
        let moved = front_part.pages.len();
        let front_moved = (moved != front).then_some(moved);
        if front_moved.is_none() {
            hand_over_matter(sink, back, front_part, body_pages)?;
        }
        Ok(Laid {
            targets,
            inputs: std::mem::take(&mut self.inputs),
            parts: self.compilations,
            front_moved,
        })
    }

    /// Lays out the programme's part `nth` and those after it, up to `jobs`
    /// in all, side by side, each numbered on from a page guessed from the
    /// pages per contribution so far (`body_pages` after a front `front`
    /// pages long).
    fn lay_out_ahead(
        &mut self,
        plan: &BookletPlan,
        nth: usize,
        front: usize,
        body_pages: usize,
    ) -> HashMap<usize, Ahead> {
        let before: usize = plan.counts[..nth].iter().sum();
        let per_contribution = match (before, body_pages) {
            (0, _) | (_, 0) => 0.5,
            (before, pages) => pages as f64 / before as f64,
        };
        let mut offset = front + body_pages;
        let mut guesses = Vec::new();
        for at in nth..(nth + self.jobs).min(plan.runs.len()) {
            let run = &plan.runs[at];
            guesses.push(Guess {
                key: at,
                name: body_name(run),
                json: body_spec(run, offset).to_json(),
                guessed: offset,
            });
            offset += (plan.counts[at] as f64 * per_contribution).round() as usize;
        }
        let cache = self.cache.as_deref();
        side_by_side(self.world, BOOKLET, guesses, cache, "the booklet")
    }

    /// A part laid out ahead, taken as if laid out now.
    fn take(&mut self, laid: Ahead) -> Result<CompiledPart> {
        self.compilations += 1;
        self.warnings.extend(laid.warnings);
        let (key, compiled) = laid.result?;
        self.note(key, &compiled);
        Ok(compiled)
    }

    /// Compiles the part `name` as `spec` says (or takes it from the cache).
    fn compile(&mut self, name: &str, spec: &BookletSpec) -> Result<CompiledPart> {
        self.compilations += 1;
        let cache = self.cache.as_deref();
        let (key, compiled) = compile_copy(
            self.world,
            BOOKLET,
            name,
            spec.to_json(),
            cache,
            &mut self.warnings,
        )?;
        self.note(key, &compiled);
        Ok(compiled)
    }

    /// Notes what a part read (and, for a rebuild, the part), then, in a
    /// one-off build, forgets what it alone used: memory follows one part.
    /// A rebuild keeps Typst's caches: its front and back are laid out
    /// again whenever an entry changes page, and would be cold.
    fn note(&mut self, key: u128, compiled: &CompiledPart) {
        self.inputs
            .extend(compiled.fingerprint.iter().map(|(id, _)| *id));
        if self.cache.is_some() {
            self.used.insert(key, compiled.clone());
        } else {
            typst::comemo::evict(1);
        }
    }
}

/// The name of the programme's part of `run` (by the item it begins with).
fn body_name(run: &[usize; 2]) -> String {
    format!("body-{}", run[0])
}

/// What the programme's part of `run` lays out, `offset` pages into the
/// booklet.
fn body_spec(run: &[usize; 2], offset: usize) -> BookletSpec<'static> {
    BookletSpec {
        front: false,
        items: Some(*run),
        back: false,
        offset,
        targets: None,
        stand_in: None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::Stopped;
    use super::super::booklet_plan::contributions_of;
    use super::*;
    use crate::documents::document_date;
    use crate::model::Project;
    use crate::model::ScheduleItem;
    use crate::typeset::PageEntry;
    use crate::typeset::{fonts, inputs};

    /// Takes every part, noting its section and length.
    #[derive(Default)]
    struct Takes(Vec<(Section, usize)>);

    impl Sink for Takes {
        fn part(
            &mut self,
            document: PagedDocument,
            section: Section,
            _: usize,
            _: Vec<PageEntry>,
        ) -> Result<(), Stopped> {
            self.0.push((section, document.pages().len()));
            Ok(())
        }
    }

    fn synthetic() -> (Project, ProjectWorld) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/synthetic");
        let project = crate::load::load(&dir, None).expect("the fixture loads");
        let date = document_date(&project.programme);
        let mut world = ProjectWorld::new(&project.root, &project.dir, date, fonts::builtin());
        let files = inputs::virtual_files(&project).expect("the fixture's files");
        world.reset(files, date);
        (project, world)
    }

    #[test]
    fn parts_begin_where_the_booklet_begins_a_page() {
        let (project, _) = synthetic();
        let programme = &project.programme;
        assert!(booklet_plan(programme, 0).is_none());
        assert!(booklet_plan(programme, 1000).is_none());
        let plan = booklet_plan(programme, 8).expect("parts");
        assert!(plan.runs.len() > 2, "{plan:?}");
        // The runs cover the programme, in order, each after at least 8
        // contributions, each beginning with a session (sessions begin
        // pages in the fixture).
        let mut next = 0;
        for run in &plan.runs {
            assert_eq!(run[0], next, "{plan:?}");
            assert!(run[1] > run[0], "{plan:?}");
            assert!(matches!(
                programme.schedule[run[0]],
                ScheduleItem::Session(_)
            ));
            next = run[1];
        }
        assert_eq!(next, programme.schedule.len());
        let count = |run: &[usize; 2]| -> usize {
            programme.schedule[run[0]..run[1]]
                .iter()
                .map(|item| contributions_of(programme, item))
                .sum()
        };
        let (last, rest) = plan.runs.split_last().unwrap();
        assert!(rest.iter().all(|run| count(run) >= 8), "{plan:?}");
        assert!(count(last) > 0);
    }

    #[test]
    fn a_front_of_another_length_than_assumed_is_reported_and_not_handed_on() {
        let (project, world) = synthetic();
        let plan = booklet_plan(&project.programme, 8).expect("parts");
        let mut sink = Takes::default();
        let laid = compile_booklet_streamed(&world, &plan, None, None, 1, &mut sink)
            .output
            .expect("it lays out");
        assert_eq!(laid.front_moved, None);
        // The body in order, then the back, then the front.
        let sections: Vec<Section> = sink.0.iter().map(|(s, _)| *s).collect();
        assert_eq!(sections.len(), plan.runs.len() + 2);
        assert_eq!(
            sections[sections.len() - 2..],
            [Section::Back, Section::Front]
        );
        let front = sink.0.last().unwrap().1;
        assert!(laid.targets.sessions.values().all(|t| t.page > front));

        // Told the front is a page longer than it is: the body was numbered
        // from the wrong page, so the front and back are not handed on.
        let wrong = BookletPlan {
            front: Some(front + 1),
            ..plan.clone()
        };
        let mut sink = Takes::default();
        let laid = compile_booklet_streamed(&world, &wrong, None, None, 1, &mut sink)
            .output
            .expect("it lays out");
        assert_eq!(laid.front_moved, Some(front));
        assert!(
            sink.0
                .iter()
                .all(|(s, _)| matches!(s, Section::Body { .. }))
        );
    }
}
