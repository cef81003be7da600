//! A booklet's programme parts laid out ahead of their turn, side by side
//! on other threads, each numbered on from a guessed page: a part's pages
//! break the same wherever it begins (its folios and the side of its
//! margins follow the page number, not the flow), so a wrong guess is laid
//! out again in its turn mostly from Typst's caches.

use std::collections::HashMap;

use super::PartCache;
use super::part::{CompiledPart, Template, compile_copy};
use crate::diag::{Diagnostic, Result};
use crate::typeset::world::ProjectWorld;

/// A part laid out ahead of its turn.
pub(super) struct Ahead {
    /// The pages guessed to come before it.
    pub(super) offset: usize,
    /// The part and its cache key, or its errors.
    pub(super) result: Result<(u128, CompiledPart)>,
    /// The warnings it gave.
    pub(super) warnings: Vec<Diagnostic>,
}

/// One part to lay out ahead: its number in the plan, its name, its
/// description and the pages guessed to come before it.
pub(super) struct Guess {
    pub(super) nth: usize,
    pub(super) name: String,
    pub(super) json: Vec<u8>,
    pub(super) offset: usize,
}

/// Lays out the `guesses` of `template` side by side, one thread each.
/// Returns them by their number in the plan.
pub(super) fn lay_out_ahead(
    world: &ProjectWorld,
    template: Template,
    guesses: Vec<Guess>,
    cache: Option<&PartCache>,
) -> HashMap<usize, Ahead> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = guesses
            .into_iter()
            .map(|guess| {
                let nth = guess.nth;
                let handle = scope.spawn(move || {
                    let mut warnings = Vec::new();
                    let Guess {
                        name, json, offset, ..
                    } = guess;
                    let result = compile_copy(world, template, &name, json, cache, &mut warnings);
                    (offset, result, warnings)
                });
                (nth, handle)
            })
            .collect();
        handles
            .into_iter()
            .map(|(nth, handle)| {
                let (offset, result, warnings) = handle.join().unwrap_or_else(|_| {
                    let crashed = Diagnostic::error(
                        "the Typst compiler crashed while laying out a part of the booklet; please report this",
                    );
                    (usize::MAX, Err(crashed.into()), Vec::new())
                });
                let ahead = Ahead {
                    offset,
                    result,
                    warnings,
                };
                (nth, ahead)
            })
            .collect()
    })
}
