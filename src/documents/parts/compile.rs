//! Laying a volume out part after part: each part compiled (or taken from
//! the cache, or from those laid out ahead), its pages kept up to where the
//! next part begins, then the back and front matter, which learn from the
//! parts where every contribution landed; each handed to a [`Sink`] as soon
//! as it is laid out.

use std::collections::HashMap;

use typst::model::DocumentInfo;
use typst::syntax::FileId;
use typst_layout::PagedDocument;

use super::ahead::{Ahead, Reached, lay_out_ahead};
use super::links::{link_out, resolve_deferred};
use super::part::{CompiledPart, compile_part};
use super::plan::{End, Plan};
use super::spec::{PartSpec, Targets};
use super::{Halt, PartCache, Section, Sink, Stopped, unless_stopping};
use crate::diag::{Diagnostic, Result, Warned};
use crate::documents::split::Splitter;
use crate::progress::Progress;
use crate::typeset::world::ProjectWorld;
use crate::typeset::{Laid, PageEntry};

/// The back and front matter, laid out after the body.
struct Matter {
    back: CompiledPart,
    front: CompiledPart,
}

/// A volume being laid out in the parts of its plan, and what the parts so
/// far left behind.
pub(super) struct Volume<'a> {
    world: &'a ProjectWorld,
    plan: &'a Plan,
    /// Where each part goes once laid out.
    sink: &'a mut dyn Sink,
    /// The parts of the last build, taken when unchanged, and where this
    /// build's parts are kept for the next.
    cache: Option<&'a mut PartCache>,
    progress: Option<&'a Progress>,
    jobs: usize,
    /// The warnings of every part compiled.
    warnings: Vec<Diagnostic>,
    /// The parts compiled, by cache key, for the cache (when there is one).
    used: HashMap<u128, CompiledPart>,
    /// The files the parts read.
    inputs: Vec<FileId>,
    /// Pages of the body so far (gone to the sink).
    body_pages: usize,
    /// Where the contributions so far lie, pages counted from the first page
    /// after the front matter.
    rows: Vec<PageEntry>,
    /// Compilations of the body so far.
    compilations: usize,
}

impl<'a> Volume<'a> {
    /// The volume of `plan`, its parts going to `sink`, laid out
    /// with up to `jobs` parts side by side.
    pub(super) fn new(
        world: &'a ProjectWorld,
        plan: &'a Plan,
        sink: &'a mut dyn Sink,
        cache: Option<&'a mut PartCache>,
        progress: Option<&'a Progress>,
        jobs: usize,
    ) -> Self {
        Self {
            world,
            plan,
            sink,
            cache,
            progress,
            jobs,
            warnings: Vec::new(),
            used: HashMap::new(),
            inputs: Vec::new(),
            body_pages: 0,
            rows: Vec::new(),
            compilations: 0,
        }
    }

    /// Lays the volume out. Returns it, or the errors of the first part
    /// that failed, or, when the sink has stopped, an empty volume; the
    /// warnings of all parts compiled either way.
    pub(super) fn compile(mut self) -> Warned<Laid> {
        let output = match self.lay_out() {
            Ok(laid) => Ok(laid),
            Err(Halt::Failed(error)) => Err(error),
            Err(Halt::Stopped) => Ok(self.stopped()),
        };
        Warned::new(output, self.warnings)
    }

    /// What a layout the sink stopped returns: nothing (the sink's owner
    /// reports why it stopped) but how many compilations it took.
    fn stopped(&self) -> Laid {
        Laid {
            document: PagedDocument::new(Default::default(), DocumentInfo::default()),
            page_table: Vec::new(),
            inputs: Vec::new(),
            parts: self.compilations,
        }
    }

    /// The body part after part, then the back and front matter.
    fn lay_out(&mut self) -> Result<Laid, Halt> {
        if self.cache.is_none() {
            // A one-off build has written the booklet by now (a volume this
            // large is compiled after it): nothing in Typst's caches will be
            // used again.
            typst::comemo::evict(0);
            // And what the booklet freed goes back to the system, which glibc
            // would otherwise keep for the thread that laid the booklet out.
            crate::alloc::trim();
        }
        self.lay_out_body()?;
        let matter = self.lay_out_matter()?;
        Ok(self.finish(matter)?)
    }

    /// Lays out the main matter part after part, each kept up to where the
    /// next begins.
    fn lay_out_body(&mut self) -> Result<(), Halt> {
        let planned = self.plan.count();
        let (mut start, mut widen) = (0, 0);
        // Parts laid out ahead, on other threads, by where they begin.
        let mut ahead: HashMap<usize, Ahead> = HashMap::new();
        while start < self.plan.len() {
            self.unless_stopping()?;
            self.compilations += 1;
            self.tell(planned);
            let end = self.plan.end(start, widen);
            if self.jobs > 1 && end.natural && !ahead.contains_key(&start) {
                let reached = Reached {
                    start,
                    pages: self.body_pages,
                };
                let cache = self.cache.as_deref();
                ahead = lay_out_ahead(self.world, self.plan, reached, self.jobs, cache);
            }
            let compiled = self.lay_out_part(start, end, ahead.remove(&start))?;
            let Some((keep, next)) = self.kept(start, end, &compiled) else {
                // No contribution of the part began a page: lay out twice as
                // many.
                widen += 1;
                continue;
            };
            widen = 0;
            self.keep_part(start, compiled, keep)?;
            start = next;
        }
        Ok(())
    }

    /// Tells how far the layout has come, out of the `planned` parts (an
    /// exact count, or an estimate).
    fn tell(&self, planned: (usize, bool)) {
        let Some(progress) = self.progress else {
            return;
        };
        let (count, body_pages) = (self.compilations, self.body_pages);
        let of = match planned {
            (parts, true) => format!("{parts}"),
            (parts, false) => format!("about {}", parts.max(count)),
        };
        progress.tell(format!(
            "typesetting the proceedings: part {count} of {of}, {body_pages} pages so far",
        ));
    }

    /// The part of items `start` to `end`, taken from those laid out `ahead`
    /// when its first page was guessed right, or laid out now.
    fn lay_out_part(
        &mut self,
        start: usize,
        end: End,
        ahead: Option<Ahead>,
    ) -> Result<CompiledPart> {
        let first_page = self.body_pages + 1;
        match ahead {
            // Laid out ahead with the right first page: as if laid out now.
            Some(Ahead {
                guessed,
                result,
                warnings,
            }) if guessed == first_page => {
                let (key, compiled) = result?;
                self.warnings.extend(warnings);
                self.note(key, &compiled);
                Ok(compiled)
            }
            // Otherwise laid out now; after a guess of the wrong first page,
            // Typst's caches still hold all but the page numbers.
            _ => {
                let spec = self.plan.spec(start, end.at, first_page);
                // Named by where it begins: a widened part reuses what it can.
                self.compile_one(&format!("{start}"), &spec)
            }
        }
    }

    /// Compiles the part `name` as `spec` says (or takes it from the cache).
    fn compile_one(&mut self, name: &str, spec: &PartSpec) -> Result<CompiledPart> {
        let cache = self.cache.as_deref();
        let (key, compiled) = compile_part(self.world, name, spec, cache, &mut self.warnings)?;
        self.note(key, &compiled);
        Ok(compiled)
    }

    /// Notes what a part read (and, for a rebuild, the part), then, when it
    /// was laid out now, forgets what it alone used: memory follows one part.
    /// A part taken from the cache forgets nothing, so that in a rebuild the
    /// part an edit touched keeps Typst's caches for the next edit, which
    /// usually touches it again.
    fn note(&mut self, key: u128, compiled: &CompiledPart) {
        self.inputs
            .extend(compiled.fingerprint.iter().map(|(id, _)| *id));
        if self.cache.is_some() {
            self.used.insert(key, compiled.clone());
        }
        if !compiled.reused {
            typst::comemo::evict(1);
        }
    }

    /// How many pages of the part of items `start` to `end` are kept, and
    /// the item the next part begins with; `None` when the part ends inside
    /// a flow in which none of its contributions began a page.
    fn kept(&self, start: usize, end: End, compiled: &CompiledPart) -> Option<(usize, usize)> {
        if end.natural {
            Some((compiled.pages.len(), end.at))
        } else {
            let (next, first) = self.plan.cut(start, end.at, &compiled.rows)?;
            Some((first - 1, next))
        }
    }

    /// Keeps the first `keep` pages of the part beginning at item `start`,
    /// and where its contributions lie, in memory or handed to the sink
    /// (unless it has stopped).
    fn keep_part(
        &mut self,
        start: usize,
        compiled: CompiledPart,
        keep: usize,
    ) -> Result<(), Stopped> {
        // Elements whose end fell on the pages left out (a paragraph's end
        // tag travels to the next page) are closed on the last page kept, so
        // the joined volume's tags still balance.
        let cut = (keep < compiled.pages.len()).then(|| {
            let document = PagedDocument::new(
                compiled.pages.iter().cloned().collect(),
                compiled.info.clone(),
            );
            Splitter::new(&document).cut(1, keep, compiled.info.clone(), false)
        });
        let kept_rows: Vec<PageEntry> = compiled
            .rows
            .into_iter()
            .filter(|row| row.first <= keep)
            .collect();
        let body_pages = self.body_pages;
        self.rows.extend(kept_rows.iter().cloned().map(|mut row| {
            row.first += body_pages;
            row.last += body_pages;
            row
        }));
        let kept_pages = cut
            .as_ref()
            .map_or(compiled.pages.len(), |c| c.pages().len());
        let document = cut.unwrap_or_else(|| {
            PagedDocument::new(compiled.pages.into_iter().collect(), compiled.info)
        });
        let section = Section::Body {
            continues: self.plan.continued(start, &kept_rows),
        };
        self.sink.part(document, section, body_pages, kept_rows)?;
        self.body_pages += kept_pages;
        Ok(())
    }

    /// Halts when the sink will take no more parts, before another is laid
    /// out for nothing.
    fn unless_stopping(&self) -> Result<(), Halt> {
        unless_stopping(&*self.sink)
    }

    /// Lays out the back matter, then the front matter, which learn from the
    /// body where every contribution landed, and points their links at the
    /// pages after the front matter, now that its length is known.
    fn lay_out_matter(&mut self) -> Result<Matter, Halt> {
        let targets = Targets::from_rows(&self.rows);
        let heights = targets.heights.clone();
        let spec = PartSpec::matter(false, self.body_pages + 1, targets.clone());
        self.unless_stopping()?;
        let mut back = self.compile_one("back", &spec)?;
        self.unless_stopping()?;
        let mut front = self.compile_one("front", &PartSpec::matter(true, 1, targets))?;
        let offset = front.pages.len();
        for page in front.pages.iter_mut().chain(&mut back.pages) {
            resolve_deferred(&mut page.frame, offset, &heights);
        }
        Ok(Matter { back, front })
    }

    /// The volume: the parts kept for the next build, the contributions'
    /// pages counted in the volume, and the back and front handed to the sink
    /// after the body.
    fn finish(&mut self, matter: Matter) -> Result<Laid, Stopped> {
        let Matter { back, front } = matter;
        if let Some(cache) = &mut self.cache {
            cache.parts = std::mem::take(&mut self.used);
        }
        let offset = front.pages.len();
        for row in &mut self.rows {
            row.first += offset;
            row.last += offset;
        }
        self.inputs
            .sort_by_key(|id| id.vpath().get_with_slash().to_owned());
        self.inputs.dedup();
        let info = front.info.clone();
        if !front.pages.is_empty() || !back.pages.is_empty() {
            hand_over_matter(&mut *self.sink, back, front, self.body_pages)?;
        }
        let document = PagedDocument::new(Default::default(), info);
        Ok(Laid {
            document,
            page_table: std::mem::take(&mut self.rows),
            inputs: std::mem::take(&mut self.inputs),
            parts: self.compilations + 2,
        })
    }
}

/// Hands the back matter, then the front matter, to `sink`, after the
/// `body_pages` pages of the body that went to it before: their links into
/// other parts become marks the join points at them.
pub(super) fn hand_over_matter(
    sink: &mut dyn Sink,
    mut back: CompiledPart,
    mut front: CompiledPart,
    body_pages: usize,
) -> Result<(), Stopped> {
    let offset = front.pages.len();
    let before = offset + body_pages;
    let total = before + back.pages.len();
    for page in &mut back.pages {
        link_out(&mut page.frame, before..total);
    }
    for page in &mut front.pages {
        link_out(&mut page.frame, 0..offset);
    }
    let back_matter = PagedDocument::new(back.pages.into_iter().collect(), back.info);
    sink.part(back_matter, Section::Back, body_pages, Vec::new())?;
    let front_matter = PagedDocument::new(front.pages.into_iter().collect(), front.info);
    sink.part(front_matter, Section::Front, 0, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::document_date;
    use crate::documents::parts::{compile_streamed, plan};
    use crate::typeset::{fonts, inputs};

    /// Takes no part, counting those it was offered.
    struct Refuses(usize);

    impl Sink for Refuses {
        fn part(
            &mut self,
            _: PagedDocument,
            _: Section,
            _: usize,
            _: Vec<PageEntry>,
        ) -> Result<(), Stopped> {
            self.0 += 1;
            Err(Stopped)
        }
    }

    #[test]
    fn a_sink_that_stops_stops_the_layout_without_an_error() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/synthetic");
        let project = crate::load::load(&dir, None).expect("the fixture loads");
        let date = document_date(&project.programme);
        let mut world = ProjectWorld::new(&project.root, &project.dir, date, fonts::builtin());
        let files = inputs::virtual_files(&project).expect("the fixture's files");
        world.reset(files, date);
        let plan = plan(&project.programme, 8, true).expect("several parts");
        let mut sink = Refuses(0);
        let laid = compile_streamed(&world, &plan, None, None, 1, &mut sink)
            .output
            .expect("a stop is no error");
        // The first part was offered, and no part after it laid out.
        assert_eq!(sink.0, 1);
        assert_eq!(laid.parts, 1);
        assert!(laid.document.pages().is_empty());
        assert!(laid.page_table.is_empty());
    }
}
