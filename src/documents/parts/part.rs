//! One part of a volume: compiled from its own copy of the proceedings
//! template next to its `part.json`, or taken from the [`PartCache`] when
//! nothing it read has changed.

use std::collections::HashMap;

use typst::foundations::Bytes;
use typst::model::{Document, DocumentInfo};
use typst::syntax::FileId;
use typst_layout::Page;

use super::PartCache;
use super::spec::PartSpec;
use crate::diag::{Diagnostic, Result};
use crate::typeset::templates;
use crate::typeset::world::ProjectWorld;
use crate::typeset::{PageEntry, page_table, typeset};
use crate::vpaths;
use crate::vpaths::file_id;

/// One compiled part.
#[derive(Clone)]
pub(super) struct CompiledPart {
    /// What the files it read held.
    pub(super) fingerprint: Vec<(FileId, u128)>,
    /// Its pages.
    pub(super) pages: Vec<Page>,
    /// Its document's title, authors and such.
    pub(super) info: DocumentInfo,
    /// Where its contributions lie, pages counted within the part.
    pub(super) rows: Vec<PageEntry>,
    /// The warnings it gave, given again when it is taken from the cache.
    warnings: Vec<Diagnostic>,
    /// Whether it was taken from the cache rather than laid out now.
    pub(super) reused: bool,
}

/// Compiles one part, or takes it from the cache when nothing it read has
/// changed. Returns its cache key with it.
pub(super) fn compile_part(
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
        let reused = CompiledPart {
            reused: true,
            ..cached.clone()
        };
        return Ok((key, reused));
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
        reused: false,
    };
    Ok((key, compiled))
}
