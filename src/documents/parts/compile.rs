//! Laying a volume out part after part: each part compiled (or taken from
//! the cache, or from those laid out ahead), its pages kept up to where the
//! next part begins, then the back and front matter, which learn from the
//! parts where every contribution landed; the pages joined in memory or
//! handed to a [`Sink`] part by part.

use std::collections::HashMap;

use typst_layout::{Page, PagedDocument};

use super::ahead::{Ahead, Reached, lay_out_ahead};
use super::links::{link_out, resolve_deferred};
use super::part::{CompiledPart, compile_part};
use super::plan::Plan;
use super::spec::{PartSpec, Targets};
use super::{PartCache, Section, Sink};
use crate::diag::{Diagnostic, Result};
use crate::documents::split::Splitter;
use crate::progress::Progress;
use crate::typeset::world::ProjectWorld;
use crate::typeset::{Laid, PageEntry};

/// Lays out the proceedings in the parts of `plan`: kept in memory and
/// joined, or each handed to `sink`.
pub(super) fn compile_parts(
    world: &ProjectWorld,
    plan: &Plan,
    cache: &mut Option<&mut PartCache>,
    warnings: &mut Vec<Diagnostic>,
    progress: Option<&Progress>,
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
            let reached = Reached {
                start,
                pages: body_pages,
            };
            ahead = lay_out_ahead(world, plan, reached, jobs, cache.as_deref());
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
            Splitter::new(&document).cut(1, keep, compiled.info.clone())
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

    let targets = Targets::from_rows(&rows);
    // The front matter's links lead past it, by its own length, which is
    // known only once it is laid out, and so do the indices' (laid out
    // before the front): their links aim past [`DEFERRED`] and are corrected
    // in the frames afterwards.
    let spec = |front: bool| {
        let first_page = if front { 1 } else { body_pages + 1 };
        PartSpec::matter(front, first_page, targets.clone())
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
