//! The volume's outline and page labels, put together from the parts'.
//!
//! The outline items are copied with the parts' other objects; here only the
//! links between them change (as [`Patch`](super::part::Patch)es of the
//! parts), so that the parts' top-level items follow one another, and the
//! items that continue a session begun in a part before become that
//! session's children.

use super::object::{Obj, number_tree};
use super::part::{OUTLINES, Part};
use super::{Res, Section, fail};

/// The volume's outline as it is put together from the parts'.
#[derive(Default)]
pub(super) struct OutlineJoin {
    /// The first top-level item: part and old number.
    first: Option<(usize, u32)>,
    /// The last top-level item, with what is known of its children: the
    /// last one, and how many.
    last: Option<OpenItem>,
    /// Items, as the parts' outlines count them.
    count: i64,
}

/// The last top-level item so far: part, old number, last child and the
/// number of items below it.
struct OpenItem {
    part: usize,
    id: u32,
    last_child: Option<(usize, u32)>,
    children: i64,
}

/// The volume's outline root, as far as the parts' outlines tell it.
pub(super) struct OutlineEnds {
    /// The first top-level item's new number.
    first: Option<u32>,
    /// The last top-level item's new number.
    last: Option<u32>,
    /// The count of items.
    count: i64,
}

impl OutlineEnds {
    /// The outline root to write as [`OUTLINES`], if there are items.
    pub(super) fn root(&self) -> Option<Obj> {
        let (Some(first), Some(last)) = (self.first, self.last) else {
            return None;
        };
        Some(Obj::Dict(vec![
            (b"Type".to_vec(), Obj::Name(b"Outlines".to_vec())),
            (b"First".to_vec(), Obj::Ref(first)),
            (b"Last".to_vec(), Obj::Ref(last)),
            (b"Count".to_vec(), Obj::Int(self.count)),
        ]))
    }
}

impl OutlineJoin {
    /// The outline: the parts' top-level items in a row, except those that
    /// continue the item before (a session begun in an earlier part), which
    /// become its children. `inputs` are the parts' sections, in the order
    /// of `parts`.
    pub(super) fn join(parts: &mut [Part<'_>], inputs: &[(Section, Vec<u8>)]) -> Res<OutlineEnds> {
        let mut outline = Self::default();
        for index in 0..parts.len() {
            let Some(root) = parts[index].outline.clone() else {
                continue;
            };
            outline.count += root.get(b"Count").and_then(Obj::as_int).unwrap_or(0);
            let top = top_items(&parts[index], &root)?;
            let continues = match inputs[index].0 {
                Section::Body { continues } => continues.min(top.len()),
                _ => 0,
            };
            let (nested, rest) = top.split_at(continues);
            if !nested.is_empty() {
                outline.nest(parts, index, nested)?;
            }
            for &id in rest {
                outline.append(parts, index, id);
            }
        }
        Ok(outline.ends(parts))
    }

    /// Item `id` of part `index` at the top level, after the last one.
    fn append(&mut self, parts: &mut [Part<'_>], index: usize, id: u32) {
        let new = parts[index].map(id);
        let mut patches = vec![(b"Parent".as_slice(), Some(Obj::Ref(OUTLINES)))];
        match &self.last {
            None => {
                self.first = Some((index, id));
                patches.push((b"Prev", None));
            }
            Some(before) => {
                let new_before = parts[before.part].map(before.id);
                parts[before.part]
                    .patches
                    .entry(before.id)
                    .or_default()
                    .push((b"Next", Some(Obj::Ref(new))));
                patches.push((b"Prev", Some(Obj::Ref(new_before))));
            }
        }
        patches.push((b"Next", None));
        parts[index].patches.entry(id).or_default().extend(patches);
        let item = parts[index].pdf.get(id).ok();
        let last_child = item
            .as_ref()
            .and_then(|i| i.get(b"Last"))
            .and_then(Obj::as_ref)
            .map(|c| (index, c));
        let children = item
            .as_ref()
            .and_then(|i| i.get(b"Count"))
            .and_then(Obj::as_int)
            .unwrap_or(0)
            .abs();
        self.last = Some(OpenItem {
            part: index,
            id,
            last_child,
            children,
        });
    }

    /// Items `ids` of part `index` as the last children of the last
    /// top-level item.
    fn nest(&mut self, parts: &mut [Part<'_>], index: usize, ids: &[u32]) -> Res<()> {
        let Some(parent) = &mut self.last else {
            // Nothing to continue: they stay at the top.
            for &id in ids {
                self.append(parts, index, id);
            }
            return Ok(());
        };
        let parent_new = parts[parent.part].map(parent.id);
        let mut before = parent.last_child;
        for &id in ids {
            let new = parts[index].map(id);
            let mut patches = vec![(b"Parent".as_slice(), Some(Obj::Ref(parent_new)))];
            match before {
                Some((part, child)) => {
                    let new_before = parts[part].map(child);
                    parts[part]
                        .patches
                        .entry(child)
                        .or_default()
                        .push((b"Next", Some(Obj::Ref(new))));
                    patches.push((b"Prev", Some(Obj::Ref(new_before))));
                }
                None => {
                    patches.push((b"Prev", None));
                    parts[parent.part]
                        .patches
                        .entry(parent.id)
                        .or_default()
                        .push((b"First", Some(Obj::Ref(new))));
                }
            }
            patches.push((b"Next", None));
            parts[index].patches.entry(id).or_default().extend(patches);
            before = Some((index, id));
        }
        parent.last_child = before;
        for &id in ids {
            let below = parts[index]
                .pdf
                .get(id)?
                .get(b"Count")
                .and_then(Obj::as_int);
            parent.children += 1 + below.unwrap_or(0).abs();
        }
        let last = ids.last().map(|&id| parts[index].map(id));
        let patches = parts[parent.part].patches.entry(parent.id).or_default();
        if let Some(last) = last {
            patches.push((b"Last", Some(Obj::Ref(last))));
        }
        // Closed, as Typst writes them: minus the number of items below.
        patches.push((b"Count", Some(Obj::Int(-parent.children))));
        Ok(())
    }

    /// The first and last top-level items' new numbers, and their count.
    fn ends(&self, parts: &[Part<'_>]) -> OutlineEnds {
        OutlineEnds {
            first: self.first.map(|(part, id)| parts[part].map(id)),
            last: self.last.as_ref().map(|l| parts[l.part].map(l.id)),
            count: self.count,
        }
    }
}

/// The top-level items of a part's outline `root`, in order (old numbers).
fn top_items(part: &Part<'_>, root: &Obj) -> Res<Vec<u32>> {
    let mut top = Vec::new();
    let mut next = root.get(b"First").and_then(Obj::as_ref);
    while let Some(id) = next {
        if top.len() >= part.pdf.offsets.len() {
            return fail("an outline that loops");
        }
        top.push(id);
        next = part.pdf.get(id)?.get(b"Next").and_then(Obj::as_ref);
    }
    Ok(top)
}

/// Page labels: each part's, moved to where its pages are in the volume.
pub(super) fn page_labels(parts: &[Part<'_>]) -> Res<Vec<Obj>> {
    let mut label_nums: Vec<Obj> = Vec::new();
    let mut at = 0usize;
    for part in parts {
        let mut first_labelled = false;
        let mut entries = Vec::new();
        if let Some(labels) = part.catalog.get(b"PageLabels").and_then(Obj::as_ref) {
            let tree = part.pdf.get(labels)?;
            for (index, value) in number_tree(&tree, "page label tree")? {
                first_labelled |= index == 0;
                entries.push(Obj::Int(at as i64 + index));
                entries.push(part.moved(value.clone()));
            }
        }
        if !first_labelled && !part.pages.is_empty() && !label_nums.is_empty() {
            // Unlabelled pages after labelled ones: an empty label, as
            // Typst gives them in a volume laid out whole.
            label_nums.extend([Obj::Int(at as i64), Obj::Dict(Vec::new())]);
        }
        label_nums.extend(entries);
        at += part.pages.len();
    }
    Ok(label_nums)
}
