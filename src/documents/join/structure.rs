//! The volume's tagged structure, put together from the parts': one root,
//! one document element holding the parts' elements in order, one parent
//! tree (its keys moved past those of the parts before).

use super::Res;
use super::object::{Entries, Obj, kids_of, number_tree};
use super::part::{DOCUMENT, Part, STRUCT_ROOT};

/// The volume's tagged structure as it is put together from the parts'.
#[derive(Default)]
pub(super) struct Structure {
    /// The document element's children: the parts' elements, renumbered.
    kids: Vec<Obj>,
    /// The parent tree's entries, keys moved.
    parent_nums: Vec<Obj>,
    /// The role map and the class map: the first part's entry for a key.
    maps: [Entries; 2],
    /// The structure root's other entries: the first part's for a key.
    root_extra: Entries,
    /// The first part's document element, renumbered.
    document_elem: Option<Obj>,
}

impl Structure {
    /// The parts' structures joined, in the order of the parts.
    pub(super) fn join(parts: &[Part<'_>]) -> Res<Self> {
        let mut structure = Self::default();
        for part in parts {
            structure.add(part)?;
        }
        Ok(structure)
    }

    /// Adds a part's structure, if it has one.
    fn add(&mut self, part: &Part<'_>) -> Res<()> {
        let Some(root) = &part.struct_root else {
            return Ok(());
        };
        let kids = match &part.document {
            Some((_, elem)) => {
                if self.document_elem.is_none() {
                    self.document_elem = Some(part.moved(elem.clone()));
                }
                kids_of(elem.get(b"K"))
            }
            None => Vec::new(),
        };
        self.kids
            .extend(kids.into_iter().map(|kid| part.moved(kid)));
        if let Some(tree) = &part.parent_tree {
            for (key, value) in number_tree(tree, "parent tree")? {
                self.parent_nums.push(Obj::Int(key + part.keys));
                self.parent_nums.push(part.moved(value.clone()));
            }
        }
        if let Obj::Dict(entries) = root {
            self.add_root_entries(part, entries);
        }
        Ok(())
    }

    /// The entries of a part's structure root that the volume's takes:
    /// its role and class maps', and any others, each key's first.
    fn add_root_entries(&mut self, part: &Part<'_>, entries: &Entries) {
        for (key, value) in entries {
            match key.as_slice() {
                b"Type" | b"K" | b"ParentTree" | b"ParentTreeNextKey" => {}
                b"RoleMap" | b"ClassMap" => {
                    let target = &mut self.maps[usize::from(key == b"ClassMap")];
                    if let Obj::Dict(entries) = value {
                        for (k, v) in entries {
                            if !target.iter().any(|(t, _)| t == k) {
                                target.push((k.clone(), part.moved(v.clone())));
                            }
                        }
                    }
                }
                _ => {
                    if !self.root_extra.iter().any(|(k, _)| k == key) {
                        self.root_extra
                            .push((key.clone(), part.moved(value.clone())));
                    }
                }
            }
        }
    }

    /// The document element and the structure root to write as
    /// [`DOCUMENT`] and [`STRUCT_ROOT`], its parent tree taking `keys` keys;
    /// none if no part has a document element.
    pub(super) fn objects(self, keys: i64) -> Option<(Obj, Obj)> {
        let mut elem = self.document_elem?;
        elem.set(b"P", Obj::Ref(STRUCT_ROOT));
        elem.set(b"K", Obj::Array(self.kids));
        let [role_map, class_map] = self.maps;
        let mut root = vec![
            (b"Type".to_vec(), Obj::Name(b"StructTreeRoot".to_vec())),
            (b"K".to_vec(), Obj::Array(vec![Obj::Ref(DOCUMENT)])),
            (
                b"ParentTree".to_vec(),
                Obj::Dict(vec![(b"Nums".to_vec(), Obj::Array(self.parent_nums))]),
            ),
            (b"ParentTreeNextKey".to_vec(), Obj::Int(keys)),
        ];
        if !role_map.is_empty() {
            root.push((b"RoleMap".to_vec(), Obj::Dict(role_map)));
        }
        if !class_map.is_empty() {
            root.push((b"ClassMap".to_vec(), Obj::Dict(class_map)));
        }
        root.extend(self.root_extra);
        Some((elem, Obj::Dict(root)))
    }
}

/// Lowers the first `count` headings of a part's structure, in reading
/// order, by `by` levels (`/H1` back to `/H2`): the part raised them for
/// its own export, PDF/UA wanting a document's first heading at level 1.
pub(super) fn lower_headings(part: &mut Part<'_>, by: usize, count: usize) -> Res<()> {
    if by == 0 || count == 0 {
        return Ok(());
    }
    let Some((_, document)) = &part.document else {
        return Ok(());
    };
    let mut stack: Vec<Obj> = kids_of(document.get(b"K"));
    stack.reverse();
    let mut found = Vec::new();
    while let Some(kid) = stack.pop() {
        let Some(id) = kid.as_ref() else { continue };
        let (elem, _) = part.pdf.raw(id)?;
        let level = match elem.get(b"S") {
            Some(Obj::Name(name)) => name
                .strip_prefix(b"H")
                .and_then(|n| std::str::from_utf8(n).ok()?.parse::<usize>().ok()),
            _ => None,
        };
        if let Some(level) = level {
            found.push((id, level));
            if found.len() == count {
                break;
            }
        }
        let mut kids = kids_of(elem.get(b"K"));
        kids.reverse();
        stack.extend(kids);
    }
    for (id, level) in found {
        let name = format!("H{}", level + by).into_bytes();
        part.patches
            .entry(id)
            .or_default()
            .push((b"S", Some(Obj::Name(name))));
    }
    Ok(())
}
