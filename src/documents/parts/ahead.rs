//! Parts laid out ahead of their turn, side by side on other threads, with
//! guessed first pages: the layout of one part keeps a core only partly
//! busy. A part whose guess proves wrong is laid out again in its turn,
//! mostly from Typst's caches. The volume's guesses are made here; the
//! booklet's (see `booklet`) are laid out by the same [`side_by_side`].

use std::collections::HashMap;

use super::PartCache;
use super::part::{CompiledPart, PROCEEDINGS, Template, compile_copy};
use super::plan::Plan;
use super::spec::PartSpec;
use crate::diag::{Diagnostic, Result};
use crate::typeset::world::ProjectWorld;

/// A part laid out ahead of its turn, with a guessed number: the printed
/// number of its first page (a volume's part) or the pages before it (a
/// booklet's).
pub(super) struct Ahead {
    /// The number guessed.
    pub(super) guessed: usize,
    /// The part and its cache key, or its errors.
    pub(super) result: Result<(u128, CompiledPart)>,
    /// The warnings it gave.
    pub(super) warnings: Vec<Diagnostic>,
}

/// One part to lay out ahead: the key its result is found by, its name, its
/// description and the number guessed for it (see [`Ahead`]).
pub(super) struct Guess {
    pub(super) key: usize,
    pub(super) name: String,
    pub(super) json: Vec<u8>,
    pub(super) guessed: usize,
}

/// How far the layout of the body has come: the next part begins at item
/// `start`, after `pages` pages of the body.
#[derive(Debug, Clone, Copy)]
pub(super) struct Reached {
    /// The item the next part begins with.
    pub(super) start: usize,
    /// The pages of the body laid out before it.
    pub(super) pages: usize,
}

/// Lays out the part beginning where the body has `reached` (its first page
/// known) and the parts after it, up to `jobs` in all, side by side: those
/// that end before a session, so that where each begins is known. Their
/// first pages are guessed from the pages per contribution so far; a part
/// whose guess proves wrong is laid out again, mostly from Typst's caches.
/// Returns them by the item they begin with.
pub(super) fn lay_out_ahead(
    world: &ProjectWorld,
    plan: &Plan,
    reached: Reached,
    jobs: usize,
    cache: Option<&PartCache>,
) -> HashMap<usize, Ahead> {
    let guesses = guess(plan, reached, jobs)
        .into_iter()
        .map(|(at, spec)| Guess {
            key: at,
            name: format!("{at}"),
            json: spec.to_json(),
            guessed: spec.first_page,
        })
        .collect();
    side_by_side(world, PROCEEDINGS, guesses, cache, "the proceedings")
}

/// Lays out the `guesses` of `template`'s document (`what`, for a crash's
/// message) side by side, one thread each. Returns them by their keys.
pub(super) fn side_by_side(
    world: &ProjectWorld,
    template: Template,
    guesses: Vec<Guess>,
    cache: Option<&PartCache>,
    what: &str,
) -> HashMap<usize, Ahead> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = guesses
            .into_iter()
            .map(|guess| {
                let key = guess.key;
                let handle = scope.spawn(move || {
                    let mut warnings = Vec::new();
                    let Guess {
                        name,
                        json,
                        guessed,
                        ..
                    } = guess;
                    let result = compile_copy(world, template, &name, json, cache, &mut warnings);
                    (guessed, result, warnings)
                });
                (key, handle)
            })
            .collect();
        handles
            .into_iter()
            .map(|(key, handle)| {
                let (guessed, result, warnings) = handle.join().unwrap_or_else(|_| {
                    let crashed = Diagnostic::error(format!(
                        "the Typst compiler crashed while laying out a part of {what}; please report this"
                    ));
                    (usize::MAX, Err(crashed.into()), Vec::new())
                });
                let ahead = Ahead {
                    guessed,
                    result,
                    warnings,
                };
                (key, ahead)
            })
            .collect()
    })
}

/// The parts to lay out ahead, up to `jobs`, from where the body has
/// `reached` to the first part that ends inside a flow, each with the item it
/// begins with and its first page guessed.
fn guess(plan: &Plan, reached: Reached, jobs: usize) -> Vec<(usize, PartSpec)> {
    let Reached { start, pages } = reached;
    let contributions = plan.contributions(0..start);
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
        let held = plan.contributions(at..end.at);
        first_page += (held as f64 * per_contribution).round() as usize;
        at = end.at;
    }
    specs
}
