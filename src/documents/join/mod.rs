//! Joining the PDFs of a large volume's parts into one PDF.
//!
//! A volume laid out in parts is exported part by part (each part's pages
//! are dropped as soon as its PDF is written), so that memory follows one
//! part instead of the whole volume. [`Joiner`] then puts the parts' PDFs,
//! all written by typst-pdf with the same options, together as the one
//! volume Typst would have written: one page tree, one outline, one set of
//! page labels, one tagged structure (its parent-tree keys renumbered), the
//! catalog, metadata and document information of the front matter.
//!
//! Objects are copied as they are, with their references renumbered; only
//! dictionaries are parsed, never content streams, fonts or images. The
//! front and back matter link into the body, whose pages are in other
//! parts: such links are exported as [`page_link`] marks (URI actions) and
//! turned into links to the volume's pages in the join.

mod file;
mod link;
mod object;

pub use link::page_link;

use std::collections::HashMap;
use std::io::Write as _;

use file::{Pdf, stream_body};
use link::link_page;
use object::{Obj, kids_of, number_tree};

/// Where a part's pages go in the volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The front matter.
    Front,
    /// A run of the main matter. It may begin inside a session begun in a
    /// part before: then its first `continues` outline items (the headings
    /// of that session's contributions, which the part alone takes for
    /// top-level ones) belong under the session's.
    Body {
        /// How many of its first outline items continue the item before.
        continues: usize,
    },
    /// The back matter.
    Back,
}

/// Collects the parts' PDFs, in the order of the volume, and joins them.
#[derive(Default)]
pub struct Joiner {
    parts: Vec<(Section, Vec<u8>)>,
}

/// Why parts cannot be joined: something typst-pdf did not write as expected.
#[derive(Debug)]
pub struct JoinError(pub String);

impl std::fmt::Display for JoinError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

type Res<T> = std::result::Result<T, JoinError>;

fn fail<T>(message: impl Into<String>) -> Res<T> {
    Err(JoinError(message.into()))
}

impl Joiner {
    /// A joiner with no parts yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the PDF of the next part (parts may come in any order of
    /// sections; body parts in the order of the volume).
    pub fn add(&mut self, section: Section, pdf: Vec<u8>) {
        self.parts.push((section, pdf));
    }

    /// The joined PDF.
    pub fn finish(self) -> Res<Vec<u8>> {
        // Front, body in order, back.
        let mut parts: Vec<(Section, Vec<u8>)> = Vec::new();
        let mut body = Vec::new();
        let mut back = Vec::new();
        for (section, pdf) in self.parts {
            match section {
                Section::Front => parts.push((section, pdf)),
                Section::Body { .. } => body.push((section, pdf)),
                Section::Back => back.push((section, pdf)),
            }
        }
        if parts.len() != 1 || back.len() > 1 {
            return fail("a volume is joined from one front matter and at most one back matter");
        }
        parts.extend(body);
        parts.extend(back);
        join(&parts)
    }
}

/// What one part brings, read before anything is written.
struct Part<'a> {
    pdf: Pdf<'a>,
    catalog: Obj,
    pages: Vec<u32>,
    /// Whether its links may be [`page_link`] marks (front and back matter).
    marks: bool,
    /// The height of each page, in points.
    heights: Vec<f32>,
    /// The structure root, its one top element, its parent tree.
    struct_root: Option<Obj>,
    document: Option<(u32, Obj)>,
    parent_tree: Option<Obj>,
    outline: Option<Obj>,
    /// New numbers of the objects copied, by old number (0: not copied).
    ids: Vec<u32>,
    /// New numbers of objects that are not copied but made anew.
    special: HashMap<u32, u32>,
    /// Outline items whose `/Prev` or `/Next` change.
    patches: HashMap<u32, Vec<Patch>>,
    /// What its parent-tree keys are moved by.
    keys: i64,
}

impl Part<'_> {
    /// The new number of object `old`; an object that is not there becomes
    /// [`MISSING`], which reads as null.
    fn map(&self, old: u32) -> u32 {
        if let Some(&new) = self.special.get(&old) {
            return new;
        }
        match self.ids.get(old as usize) {
            Some(&new) if new != 0 => new,
            _ => MISSING,
        }
    }

    /// `value` with its references renumbered and its parent-tree keys moved.
    fn moved(&self, mut value: Obj) -> Obj {
        value.renumber(&|id| self.map(id), self.keys);
        value
    }
}

/// A key of a dictionary set to a value, or removed (`None`).
type Patch = (&'static [u8], Option<Obj>);

/// Object numbers of what the join makes anew.
const PAGES: u32 = 1;
const STRUCT_ROOT: u32 = 2;
const DOCUMENT: u32 = 3;
const OUTLINES: u32 = 4;
const CATALOG: u32 = 5;
const INFO: u32 = 6;
const METADATA: u32 = 7;
/// Never written: a reference to it reads as null.
const MISSING: u32 = 8;
const FIRST_FREE: u32 = 9;

/// A dictionary that may be written in place or as a reference.
fn resolve(pdf: &Pdf<'_>, value: &Obj, skip: &mut std::collections::HashSet<u32>) -> Res<Obj> {
    match value {
        Obj::Ref(id) => {
            skip.insert(*id);
            pdf.get(*id)
        }
        other => Ok(other.clone()),
    }
}

/// The volume's outline as it is put together from the parts'.
#[derive(Default)]
struct OutlineJoin {
    /// The first top-level item: part and old number.
    first: Option<(usize, u32)>,
    /// The last top-level item, with what is known of its children: the
    /// last one, and how many.
    last: Option<OpenItem>,
    /// Items, as the parts' outlines count them.
    count: i64,
}

struct OpenItem {
    part: usize,
    id: u32,
    last_child: Option<(usize, u32)>,
    children: i64,
}

impl OutlineJoin {
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
    fn ends(&self, parts: &[Part<'_>]) -> (Option<u32>, Option<u32>, i64) {
        (
            self.first.map(|(part, id)| parts[part].map(id)),
            self.last.as_ref().map(|l| parts[l.part].map(l.id)),
            self.count,
        )
    }
}

fn join(inputs: &[(Section, Vec<u8>)]) -> Res<Vec<u8>> {
    // What each part holds, and which of its objects the join makes anew.
    let mut parts = Vec::with_capacity(inputs.len());
    let mut keys = 0i64;
    for (section, data) in inputs {
        let pdf = Pdf::open(data)?;
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
        let (pages_root, pages, heights) = pdf.pages(&catalog)?;
        let mut skip = std::collections::HashSet::new();
        skip.extend([catalog_id, pages_root]);
        if let Some(info) = pdf.trailer.get(b"Info").and_then(Obj::as_ref) {
            skip.insert(info);
        }
        for key in [b"Metadata".as_slice(), b"PageLabels"] {
            if let Some(id) = catalog.get(key).and_then(Obj::as_ref) {
                skip.insert(id);
            }
        }
        let mut struct_root = None;
        let mut document = None;
        let mut parent_tree = None;
        let mut next_key = 0;
        if let Some(root_id) = catalog.get(b"StructTreeRoot").and_then(Obj::as_ref) {
            skip.insert(root_id);
            let mut root = pdf.get(root_id)?;
            next_key = root
                .get(b"ParentTreeNextKey")
                .and_then(Obj::as_int)
                .unwrap_or(0);
            if let [Obj::Ref(top)] = kids_of(root.get(b"K")).as_slice() {
                skip.insert(*top);
                document = Some((*top, pdf.get(*top)?));
            } else if root.get(b"K").is_some() {
                return fail("a part's structure has more than one element at the top");
            }
            if let Some(tree) = root.get(b"ParentTree").cloned() {
                let tree = resolve(&pdf, &tree, &mut skip)?;
                number_tree(&tree, "parent tree")?;
                parent_tree = Some(tree);
            }
            for key in [b"RoleMap".as_slice(), b"ClassMap"] {
                if let Some(map) = root.get(key).cloned() {
                    let map = resolve(&pdf, &map, &mut skip)?;
                    root.set(key, map);
                }
            }
            if root.get(b"IDTree").is_some() {
                return fail("a structure with an ID tree");
            }
            struct_root = Some(root);
        }
        let mut outline = None;
        if let Some(id) = catalog.get(b"Outlines").and_then(Obj::as_ref) {
            skip.insert(id);
            outline = Some(pdf.get(id)?);
        }
        let mut special = HashMap::new();
        special.insert(pages_root, PAGES);
        if let Some(root) = catalog.get(b"StructTreeRoot").and_then(Obj::as_ref) {
            special.insert(root, STRUCT_ROOT);
        }
        if let Some((top, _)) = &document {
            special.insert(*top, DOCUMENT);
        }
        if let Some(id) = catalog.get(b"Outlines").and_then(Obj::as_ref) {
            special.insert(id, OUTLINES);
        }
        let ids = pdf
            .offsets
            .iter()
            .enumerate()
            .map(|(old, at)| u32::from(at.is_some() && !skip.contains(&(old as u32))))
            .collect();
        parts.push(Part {
            pdf,
            catalog,
            pages,
            marks: !matches!(section, Section::Body { .. }),
            heights,
            struct_root,
            document,
            parent_tree,
            outline,
            ids,
            special,
            patches: HashMap::new(),
            keys,
        });
        keys += next_key;
    }

    // New numbers, one after the other.
    let mut next = FIRST_FREE;
    for part in &mut parts {
        for id in part.ids.iter_mut() {
            if *id != 0 {
                *id = next;
                next = next
                    .checked_add(1)
                    .ok_or_else(|| JoinError("too many objects".into()))?;
            }
        }
    }

    // The volume's pages in order, with their heights.
    let mut volume_pages: Vec<(u32, f32)> = Vec::new();
    for part in &parts {
        for (&page, &height) in part.pages.iter().zip(&part.heights) {
            volume_pages.push((part.map(page), height));
        }
    }

    // The outline: the parts' top-level items in a row, except those that
    // continue the item before (a session begun in an earlier part), which
    // become its children.
    let mut outline = OutlineJoin::default();
    for index in 0..parts.len() {
        let Some(root) = parts[index].outline.clone() else {
            continue;
        };
        outline.count += root.get(b"Count").and_then(Obj::as_int).unwrap_or(0);
        let mut top = Vec::new();
        let mut next = root.get(b"First").and_then(Obj::as_ref);
        while let Some(id) = next {
            if top.len() >= parts[index].pdf.offsets.len() {
                return fail("an outline that loops");
            }
            top.push(id);
            next = parts[index].pdf.get(id)?.get(b"Next").and_then(Obj::as_ref);
        }
        let continues = match inputs[index].0 {
            Section::Body { continues } => continues.min(top.len()),
            _ => 0,
        };
        let (nested, rest) = top.split_at(continues);
        if !nested.is_empty() {
            outline.nest(&mut parts, index, nested)?;
        }
        for &id in rest {
            outline.append(&mut parts, index, id);
        }
    }
    let (outline_first, outline_last, outline_count) = outline.ends(&parts);

    // The tagged structure: one root, one document element holding the
    // parts' elements in order, one parent tree.
    let mut struct_kids: Vec<Obj> = Vec::new();
    let mut parent_nums: Vec<Obj> = Vec::new();
    let mut maps: [Vec<(Vec<u8>, Obj)>; 2] = Default::default();
    let mut root_extra: Vec<(Vec<u8>, Obj)> = Vec::new();
    let mut document_elem: Option<Obj> = None;
    for part in &parts {
        let Some(root) = &part.struct_root else {
            continue;
        };
        let kids = match &part.document {
            Some((_, elem)) => {
                if document_elem.is_none() {
                    document_elem = Some(part.moved(elem.clone()));
                }
                kids_of(elem.get(b"K"))
            }
            None => Vec::new(),
        };
        struct_kids.extend(kids.into_iter().map(|kid| part.moved(kid)));
        if let Some(tree) = &part.parent_tree {
            for (key, value) in number_tree(tree, "parent tree")? {
                parent_nums.push(Obj::Int(key + part.keys));
                parent_nums.push(part.moved(value.clone()));
            }
        }
        let Obj::Dict(entries) = root else { continue };
        for (key, value) in entries {
            match key.as_slice() {
                b"Type" | b"K" | b"ParentTree" | b"ParentTreeNextKey" => {}
                b"RoleMap" | b"ClassMap" => {
                    let target = &mut maps[usize::from(key == b"ClassMap")];
                    if let Obj::Dict(entries) = value {
                        for (k, v) in entries {
                            if !target.iter().any(|(t, _)| t == k) {
                                target.push((k.clone(), part.moved(v.clone())));
                            }
                        }
                    }
                }
                _ => {
                    if !root_extra.iter().any(|(k, _)| k == key) {
                        root_extra.push((key.clone(), part.moved(value.clone())));
                    }
                }
            }
        }
    }

    // Page labels: each part's, moved to where its pages are in the volume.
    let mut label_nums: Vec<Obj> = Vec::new();
    let mut at = 0usize;
    for part in &parts {
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

    // --- Writing -----------------------------------------------------------------
    let front = &parts[0];
    let header_end = front
        .pdf
        .offsets
        .iter()
        .flatten()
        .min()
        .copied()
        .unwrap_or(0);
    let mut out: Vec<u8> = Vec::with_capacity(inputs.iter().map(|(_, d)| d.len()).sum());
    out.extend_from_slice(&front.pdf.data[..header_end]);
    let mut offsets: Vec<(u32, usize)> = Vec::new();
    let mut put = |id: u32, value: &Obj, stream: Option<&[u8]>, out: &mut Vec<u8>| {
        offsets.push((id, out.len()));
        let _ = writeln!(out, "{id} 0 obj");
        value.write(out);
        if let Some(stream) = stream {
            out.push(b'\n');
            out.extend_from_slice(stream);
        }
        out.extend_from_slice(b"\nendobj\n");
    };

    for part in &parts {
        for (old, &new) in part.ids.iter().enumerate() {
            if new == 0 {
                continue;
            }
            let old = old as u32;
            let (value, stream) = part.pdf.raw(old)?;
            let mut value = part.moved(value);
            if part.marks {
                link_page(&mut value, &volume_pages);
            }
            if let Some(patches) = part.patches.get(&old) {
                for (key, patch) in patches {
                    match patch {
                        Some(patch) => value.set(key, patch.clone()),
                        None => value.remove(key),
                    }
                }
            }
            put(new, &value, stream, &mut out);
        }
    }

    put(
        PAGES,
        &Obj::Dict(vec![
            (b"Type".to_vec(), Obj::Name(b"Pages".to_vec())),
            (b"Count".to_vec(), Obj::Int(volume_pages.len() as i64)),
            (
                b"Kids".to_vec(),
                Obj::Array(volume_pages.iter().map(|&(id, _)| Obj::Ref(id)).collect()),
            ),
        ]),
        None,
        &mut out,
    );

    let mut catalog = front.moved(front.catalog.clone());
    catalog.set(b"Pages", Obj::Ref(PAGES));
    catalog.remove(b"PageLabels");
    if !label_nums.is_empty() {
        catalog.set(
            b"PageLabels",
            Obj::Dict(vec![(b"Nums".to_vec(), Obj::Array(label_nums))]),
        );
    }
    catalog.remove(b"Outlines");
    if let (Some(first), Some(last)) = (outline_first, outline_last) {
        let root = Obj::Dict(vec![
            (b"Type".to_vec(), Obj::Name(b"Outlines".to_vec())),
            (b"First".to_vec(), Obj::Ref(first)),
            (b"Last".to_vec(), Obj::Ref(last)),
            (b"Count".to_vec(), Obj::Int(outline_count)),
        ]);
        put(OUTLINES, &root, None, &mut out);
        catalog.set(b"Outlines", Obj::Ref(OUTLINES));
    }
    catalog.remove(b"StructTreeRoot");
    if let Some(mut elem) = document_elem {
        elem.set(b"P", Obj::Ref(STRUCT_ROOT));
        elem.set(b"K", Obj::Array(struct_kids));
        put(DOCUMENT, &elem, None, &mut out);
        let [role_map, class_map] = maps;
        let mut root = vec![
            (b"Type".to_vec(), Obj::Name(b"StructTreeRoot".to_vec())),
            (b"K".to_vec(), Obj::Array(vec![Obj::Ref(DOCUMENT)])),
            (
                b"ParentTree".to_vec(),
                Obj::Dict(vec![(b"Nums".to_vec(), Obj::Array(parent_nums))]),
            ),
            (b"ParentTreeNextKey".to_vec(), Obj::Int(keys)),
        ];
        if !role_map.is_empty() {
            root.push((b"RoleMap".to_vec(), Obj::Dict(role_map)));
        }
        if !class_map.is_empty() {
            root.push((b"ClassMap".to_vec(), Obj::Dict(class_map)));
        }
        root.extend(root_extra);
        put(STRUCT_ROOT, &Obj::Dict(root), None, &mut out);
        catalog.set(b"StructTreeRoot", Obj::Ref(STRUCT_ROOT));
    }

    // Metadata: the front's, with the volume's page count.
    catalog.remove(b"Metadata");
    if let Some(id) = front.catalog.get(b"Metadata").and_then(Obj::as_ref) {
        let (value, stream) = front.pdf.raw(id)?;
        if value.get(b"Filter").is_some() {
            return fail("compressed metadata");
        }
        let stream = stream.ok_or_else(|| JoinError("metadata is not a stream".into()))?;
        let xml = String::from_utf8_lossy(stream_body(stream));
        let xml = replace_between(
            &xml,
            "<xmpTPg:NPages>",
            "</xmpTPg:NPages>",
            &volume_pages.len().to_string(),
        );
        let mut value = front.moved(value);
        value.set(b"Length", Obj::Int(xml.len() as i64));
        let mut stream = b"stream\n".to_vec();
        stream.extend_from_slice(xml.as_bytes());
        stream.extend_from_slice(b"\nendstream");
        put(METADATA, &value, Some(&stream), &mut out);
        catalog.set(b"Metadata", Obj::Ref(METADATA));
    }
    put(CATALOG, &catalog, None, &mut out);

    let mut trailer = vec![(b"Root".to_vec(), Obj::Ref(CATALOG))];
    if let Some(info) = front.pdf.trailer.get(b"Info").and_then(Obj::as_ref) {
        let value = front.moved(front.pdf.get(info)?);
        put(INFO, &value, None, &mut out);
        trailer.push((b"Info".to_vec(), Obj::Ref(INFO)));
    }
    // The document's identifier stays the front's (it names the volume);
    // the instance's is made from those of all parts.
    if let Some(Obj::Array(ids)) = front.pdf.trailer.get(b"ID") {
        let mut digest = typst::utils::hash128(&inputs.len());
        for part in &parts {
            if let Some(id) = part.pdf.trailer.get(b"ID") {
                let mut bytes = Vec::new();
                id.write(&mut bytes);
                digest = typst::utils::hash128(&(digest, bytes));
            }
        }
        let instance = Obj::Str(format!("<{digest:032X}>").into_bytes());
        let first = ids.first().cloned().unwrap_or_else(|| instance.clone());
        trailer.push((b"ID".to_vec(), Obj::Array(vec![first, instance])));
    }

    // The cross-reference table: every number up to the last is used but
    // MISSING's (and those of objects the join did not need to make).
    offsets.sort_unstable();
    let size = offsets.last().map_or(1, |(id, _)| id + 1);
    trailer.insert(0, (b"Size".to_vec(), Obj::Int(i64::from(size))));
    let xref = out.len();
    let _ = write!(out, "xref\n0 {size}\n0000000000 65535 f\r\n");
    let mut written = offsets.iter().peekable();
    for id in 1..size {
        match written.peek() {
            Some((n, offset)) if *n == id => {
                let _ = write!(out, "{offset:010} 00000 n\r\n");
                written.next();
            }
            _ => out.extend_from_slice(b"0000000000 00000 f\r\n"),
        }
    }
    out.extend_from_slice(b"trailer\n");
    Obj::Dict(trailer).write(&mut out);
    let _ = write!(out, "\nstartxref\n{xref}\n%%EOF");
    Ok(out)
}

fn replace_between(text: &str, open: &str, close: &str, with: &str) -> String {
    match text.find(open).and_then(|a| {
        let from = a + open.len();
        text[from..].find(close).map(|b| (from, from + b))
    }) {
        Some((from, to)) => format!("{}{with}{}", &text[..from], &text[to..]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_count_in_metadata_is_replaced() {
        assert_eq!(
            replace_between("a<n>3</n>b", "<n>", "</n>", "12"),
            "a<n>12</n>b"
        );
        assert_eq!(replace_between("ab", "<n>", "</n>", "12"), "ab");
    }
}
