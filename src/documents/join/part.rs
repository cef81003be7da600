//! What each part brings to the join, read before anything is written, and
//! the volume's object numbers: the objects the join makes anew have fixed
//! numbers, the parts' copied objects the numbers after them, in order.

use std::collections::{HashMap, HashSet};

use super::file::Pdf;
use super::object::{Obj, kids_of, number_tree};
use super::{JoinError, Res, Section, fail};

// Object numbers of what the join makes anew.
/// The page tree's number.
pub(super) const PAGES: u32 = 1;
/// The structure root's number.
pub(super) const STRUCT_ROOT: u32 = 2;
/// The document element's number.
pub(super) const DOCUMENT: u32 = 3;
/// The outline root's number.
pub(super) const OUTLINES: u32 = 4;
/// The catalog's number.
pub(super) const CATALOG: u32 = 5;
/// The document information's number.
pub(super) const INFO: u32 = 6;
/// The metadata stream's number.
pub(super) const METADATA: u32 = 7;
/// Never written: a reference to it reads as null.
const MISSING: u32 = 8;
/// The first number of a copied object.
const FIRST_FREE: u32 = 9;

/// A key of a dictionary set to a value, or removed (`None`).
pub(super) type Patch = (&'static [u8], Option<Obj>);

/// What one part brings, read before anything is written.
pub(super) struct Part<'a> {
    /// Its PDF.
    pub(super) pdf: Pdf<'a>,
    /// Its catalog.
    pub(super) catalog: Obj,
    /// Its pages, in order.
    pub(super) pages: Vec<u32>,
    /// Whether its links may be [`page_link`](super::page_link) marks
    /// (front and back matter).
    pub(super) marks: bool,
    /// The height of each page, in points.
    pub(super) heights: Vec<f32>,
    /// The structure root.
    pub(super) struct_root: Option<Obj>,
    /// The structure's one top element: old number and value.
    pub(super) document: Option<(u32, Obj)>,
    /// The structure's parent tree.
    pub(super) parent_tree: Option<Obj>,
    /// The outline root.
    pub(super) outline: Option<Obj>,
    /// New numbers of the objects copied, by old number (0: not copied).
    ids: Vec<u32>,
    /// New numbers of objects that are not copied but made anew.
    special: HashMap<u32, u32>,
    /// Outline items whose `/Prev` or `/Next` change.
    pub(super) patches: HashMap<u32, Vec<Patch>>,
    /// What its parent-tree keys are moved by.
    pub(super) keys: i64,
}

impl<'a> Part<'a> {
    /// The new number of object `old`; an object that is not there becomes
    /// [`MISSING`], which reads as null.
    pub(super) fn map(&self, old: u32) -> u32 {
        if let Some(&new) = self.special.get(&old) {
            return new;
        }
        match self.ids.get(old as usize) {
            Some(&new) if new != 0 => new,
            _ => MISSING,
        }
    }

    /// `value` with its references renumbered and its parent-tree keys moved.
    pub(super) fn moved(&self, mut value: Obj) -> Obj {
        value.renumber(&|id| self.map(id), self.keys);
        value
    }

    /// The objects copied from it: old number and new, in the order of
    /// the old.
    pub(super) fn copied(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.ids
            .iter()
            .enumerate()
            .filter(|&(_, &new)| new != 0)
            .map(|(old, &new)| (old as u32, new))
    }

    /// Reads the part of `section` in `data`, its parent-tree keys moved by
    /// `keys`. Returns it with the number of keys its parent tree takes.
    fn read(section: &Section, data: &'a [u8], keys: i64) -> Res<(Self, i64)> {
        let pdf = Pdf::open(data)?;
        let (catalog_id, catalog) = read_catalog(&pdf)?;
        let (pages_root, pages, heights) = pdf.pages(&catalog)?;
        let mut skip = HashSet::new();
        skip.extend([catalog_id, pages_root]);
        if let Some(info) = pdf.trailer.get(b"Info").and_then(Obj::as_ref) {
            skip.insert(info);
        }
        for key in [b"Metadata".as_slice(), b"PageLabels"] {
            if let Some(id) = catalog.get(key).and_then(Obj::as_ref) {
                skip.insert(id);
            }
        }
        let tagged = Tagged::read(&pdf, &catalog, &mut skip)?;
        let mut outline = None;
        if let Some(id) = catalog.get(b"Outlines").and_then(Obj::as_ref) {
            skip.insert(id);
            outline = Some(pdf.get(id)?);
        }
        let special = made_anew(&catalog, pages_root, &tagged.document);
        let ids = pdf
            .offsets
            .iter()
            .enumerate()
            .map(|(old, at)| u32::from(at.is_some() && !skip.contains(&(old as u32))))
            .collect();
        let part = Part {
            pdf,
            catalog,
            pages,
            marks: !matches!(section, Section::Body { .. }),
            heights,
            struct_root: tagged.root,
            document: tagged.document,
            parent_tree: tagged.parent_tree,
            outline,
            ids,
            special,
            patches: HashMap::new(),
            keys,
        };
        Ok((part, tagged.next_key))
    }
}

/// What each part holds, and which of its objects the join makes anew; and
/// the number of parent-tree keys of them all.
pub(super) fn read_parts(inputs: &[(Section, Vec<u8>)]) -> Res<(Vec<Part<'_>>, i64)> {
    let mut parts = Vec::with_capacity(inputs.len());
    let mut keys = 0i64;
    for (section, data) in inputs {
        let (part, next_key) = Part::read(section, data, keys)?;
        parts.push(part);
        keys += next_key;
    }
    Ok((parts, keys))
}

/// A part's catalog, with its number; refused if it holds what the join
/// does not carry over.
fn read_catalog(pdf: &Pdf<'_>) -> Res<(u32, Obj)> {
    let catalog_id = pdf
        .trailer
        .get(b"Root")
        .and_then(Obj::as_ref)
        .ok_or_else(|| JoinError("no catalog".into()))?;
    let catalog = pdf.get(catalog_id)?;
    for key in [b"Names".as_slice(), b"Dests", b"AcroForm", b"AF"] {
        if catalog.get(key).is_some() {
            return fail(format!(
                "a part has /{} in its catalog",
                String::from_utf8_lossy(key)
            ));
        }
    }
    Ok((catalog_id, catalog))
}

/// A part's tagged structure, as read.
#[derive(Default)]
struct Tagged {
    /// The structure root, its role and class maps written in place.
    root: Option<Obj>,
    /// Its one top element: old number and value.
    document: Option<(u32, Obj)>,
    /// Its parent tree, written in place.
    parent_tree: Option<Obj>,
    /// The number of parent-tree keys it takes.
    next_key: i64,
}

impl Tagged {
    /// The structure of the part in `pdf`, if it has one; the objects the
    /// join makes anew or writes in place go into `skip`.
    fn read(pdf: &Pdf<'_>, catalog: &Obj, skip: &mut HashSet<u32>) -> Res<Self> {
        let mut tagged = Self::default();
        let Some(root_id) = catalog.get(b"StructTreeRoot").and_then(Obj::as_ref) else {
            return Ok(tagged);
        };
        skip.insert(root_id);
        let mut root = pdf.get(root_id)?;
        tagged.next_key = root
            .get(b"ParentTreeNextKey")
            .and_then(Obj::as_int)
            .unwrap_or(0);
        if let [Obj::Ref(top)] = kids_of(root.get(b"K")).as_slice() {
            skip.insert(*top);
            tagged.document = Some((*top, pdf.get(*top)?));
        } else if root.get(b"K").is_some() {
            return fail("a part's structure has more than one element at the top");
        }
        if let Some(tree) = root.get(b"ParentTree").cloned() {
            let tree = resolve(pdf, &tree, skip)?;
            number_tree(&tree, "parent tree")?;
            tagged.parent_tree = Some(tree);
        }
        for key in [b"RoleMap".as_slice(), b"ClassMap"] {
            if let Some(map) = root.get(key).cloned() {
                let map = resolve(pdf, &map, skip)?;
                root.set(key, map);
            }
        }
        if root.get(b"IDTree").is_some() {
            return fail("a structure with an ID tree");
        }
        tagged.root = Some(root);
        Ok(tagged)
    }
}

/// A dictionary that may be written in place or as a reference.
fn resolve(pdf: &Pdf<'_>, value: &Obj, skip: &mut HashSet<u32>) -> Res<Obj> {
    match value {
        Obj::Ref(id) => {
            skip.insert(*id);
            pdf.get(*id)
        }
        other => Ok(other.clone()),
    }
}

/// The new numbers of a part's objects that the join makes anew: its page
/// tree, structure root, document element and outline root.
fn made_anew(catalog: &Obj, pages_root: u32, document: &Option<(u32, Obj)>) -> HashMap<u32, u32> {
    let mut special = HashMap::new();
    special.insert(pages_root, PAGES);
    if let Some(root) = catalog.get(b"StructTreeRoot").and_then(Obj::as_ref) {
        special.insert(root, STRUCT_ROOT);
    }
    if let Some((top, _)) = document {
        special.insert(*top, DOCUMENT);
    }
    if let Some(id) = catalog.get(b"Outlines").and_then(Obj::as_ref) {
        special.insert(id, OUTLINES);
    }
    special
}

/// New numbers, one after the other.
pub(super) fn number(parts: &mut [Part<'_>]) -> Res<()> {
    let mut next = FIRST_FREE;
    for part in parts {
        for id in part.ids.iter_mut() {
            if *id != 0 {
                *id = next;
                next = next
                    .checked_add(1)
                    .ok_or_else(|| JoinError("too many objects".into()))?;
            }
        }
    }
    Ok(())
}

/// The volume's pages in order (new numbers), with their heights.
pub(super) fn volume_pages(parts: &[Part<'_>]) -> Vec<(u32, f32)> {
    let mut volume_pages: Vec<(u32, f32)> = Vec::new();
    for part in parts {
        for (&page, &height) in part.pages.iter().zip(&part.heights) {
            volume_pages.push((part.map(page), height));
        }
    }
    volume_pages
}
