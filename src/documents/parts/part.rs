//! One part of a document laid out in parts: compiled from its own copy of
//! the document's template next to the file saying what to lay out, or
//! taken from the [`PartCache`] when nothing it read has changed.

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

/// Which document's template a part is compiled from, and where its copy
/// and the file saying what to lay out lie.
#[derive(Clone, Copy)]
pub(super) struct Template {
    /// The template's virtual path (a project's own, or the built-in one).
    pub(super) path: &'static str,
    /// The virtual paths of a part's copy of it and of its description, by
    /// the part's name.
    pub(super) copy: fn(&str) -> (String, String),
}

/// The proceedings', described by `part.json`.
pub(super) const PROCEEDINGS: Template = Template {
    path: vpaths::PROCEEDINGS,
    copy: vpaths::part,
};

/// Compiles one part of the proceedings, or takes it from the cache when
/// nothing it read has changed. Returns its cache key with it.
pub(super) fn compile_part(
    world: &ProjectWorld,
    name: &str,
    spec: &PartSpec,
    cache: Option<&PartCache>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(u128, CompiledPart)> {
    compile_copy(world, PROCEEDINGS, name, spec.to_json(), cache, warnings)
}

/// Compiles the part `name` of the document of `template`, described by
/// `json`, or takes it from the cache when nothing it read has changed.
/// Returns its cache key with it.
pub(super) fn compile_copy(
    world: &ProjectWorld,
    template: Template,
    name: &str,
    json: Vec<u8>,
    cache: Option<&PartCache>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(u128, CompiledPart)> {
    let key = typst::utils::hash128(&(template.path, name, &json));
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

    let (main, spec_path) = (template.copy)(name);
    let main = file_id(&main);
    // The project's own template, if it has one (see `supported`).
    let text = world
        .template_text(template.path)
        .or_else(|| templates::builtin(template.path).map(str::to_owned))
        .expect("the documents' templates are built in");
    let extra = HashMap::from([
        (main, Bytes::from_string(text)),
        (file_id(&spec_path), Bytes::new(json)),
    ]);
    let document_world = world.document_with(main, extra);
    // An edit of the template concerns every part.
    document_world.read_also(file_id(template.path));
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
