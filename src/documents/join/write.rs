//! Writing the joined volume: the front's header, every part's objects
//! renumbered, then the objects the join makes anew (page tree, outline
//! root, structure, metadata, catalog, document information), the
//! cross-reference table and the trailer.
//!
//! What is written, and in which order, is the file's bytes: nothing here
//! may be reordered.

use std::io::Write as _;

use super::file::stream_body;
use super::link::link_page;
use super::object::{Entries, Obj};
use super::outline::OutlineEnds;
use super::part::{CATALOG, DOCUMENT, INFO, METADATA, OUTLINES, PAGES, Part, STRUCT_ROOT};
use super::structure::Structure;
use super::{JoinError, Res, Section, fail};

/// Everything the joined volume is written from.
pub(super) struct Volume<'a> {
    /// The parts' sections and PDFs, in the order of the volume.
    pub(super) inputs: &'a [(Section, Vec<u8>)],
    /// The parts, numbered, their outline items patched.
    pub(super) parts: Vec<Part<'a>>,
    /// The volume's pages in order (new numbers), with their heights.
    pub(super) pages: Vec<(u32, f32)>,
    /// The outline's ends.
    pub(super) outline: OutlineEnds,
    /// The tagged structure.
    pub(super) structure: Structure,
    /// The page labels' number-tree entries.
    pub(super) labels: Vec<Obj>,
    /// The number of parent-tree keys of all parts.
    pub(super) keys: i64,
}

/// The joined file as it is written, with where each object begins.
struct Writer {
    out: Vec<u8>,
    offsets: Vec<(u32, usize)>,
}

impl Writer {
    /// A file that begins as the front's does, up to its first object.
    fn begin(front: &Part<'_>, capacity: usize) -> Self {
        let header_end = front
            .pdf
            .offsets
            .iter()
            .flatten()
            .min()
            .copied()
            .unwrap_or(0);
        let mut out: Vec<u8> = Vec::with_capacity(capacity);
        out.extend_from_slice(&front.pdf.data[..header_end]);
        Self {
            out,
            offsets: Vec::new(),
        }
    }

    /// Writes object `id`, with its stream data (keywords included).
    fn put(&mut self, id: u32, value: &Obj, stream: Option<&[u8]>) {
        let out = &mut self.out;
        self.offsets.push((id, out.len()));
        let _ = writeln!(out, "{id} 0 obj");
        value.write(out);
        if let Some(stream) = stream {
            out.push(b'\n');
            out.extend_from_slice(stream);
        }
        out.extend_from_slice(b"\nendobj\n");
    }

    /// The file, ended by the cross-reference table and the `trailer`
    /// (its size put first): every number up to the last is used but
    /// MISSING's (and those of objects the join did not need to make).
    fn finish(self, mut trailer: Entries) -> Vec<u8> {
        let Self {
            mut out,
            mut offsets,
        } = self;
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
        out
    }
}

/// The joined PDF.
pub(super) fn write(volume: Volume<'_>) -> Res<Vec<u8>> {
    let Volume {
        inputs,
        parts,
        pages,
        outline,
        structure,
        labels,
        keys,
    } = volume;
    let front = &parts[0];
    let mut w = Writer::begin(front, inputs.iter().map(|(_, d)| d.len()).sum());
    for part in &parts {
        copy_objects(&mut w, part, &pages)?;
    }
    w.put(PAGES, &page_tree(&pages), None);

    let mut catalog = front.moved(front.catalog.clone());
    catalog.set(b"Pages", Obj::Ref(PAGES));
    catalog.remove(b"PageLabels");
    if !labels.is_empty() {
        catalog.set(
            b"PageLabels",
            Obj::Dict(vec![(b"Nums".to_vec(), Obj::Array(labels))]),
        );
    }
    catalog.remove(b"Outlines");
    if let Some(root) = outline.root() {
        w.put(OUTLINES, &root, None);
        catalog.set(b"Outlines", Obj::Ref(OUTLINES));
    }
    catalog.remove(b"StructTreeRoot");
    if let Some((elem, root)) = structure.objects(keys) {
        w.put(DOCUMENT, &elem, None);
        w.put(STRUCT_ROOT, &root, None);
        catalog.set(b"StructTreeRoot", Obj::Ref(STRUCT_ROOT));
    }
    catalog.remove(b"Metadata");
    if let Some((value, stream)) = metadata(front, pages.len())? {
        w.put(METADATA, &value, Some(&stream));
        catalog.set(b"Metadata", Obj::Ref(METADATA));
    }
    w.put(CATALOG, &catalog, None);

    let trailer = trailer(&mut w, &parts, inputs.len())?;
    Ok(w.finish(trailer))
}

/// Copies a part's objects: renumbered, its [`page_link`](super::page_link)
/// marks made links, its outline items patched.
fn copy_objects(w: &mut Writer, part: &Part<'_>, volume_pages: &[(u32, f32)]) -> Res<()> {
    for (old, new) in part.copied() {
        let (value, stream) = part.pdf.raw(old)?;
        let mut value = part.moved(value);
        if part.marks {
            link_page(&mut value, volume_pages);
        }
        if let Some(patches) = part.patches.get(&old) {
            for (key, patch) in patches {
                match patch {
                    Some(patch) => value.set(key, patch.clone()),
                    None => value.remove(key),
                }
            }
        }
        w.put(new, &value, stream);
    }
    Ok(())
}

/// The volume's one page tree.
fn page_tree(volume_pages: &[(u32, f32)]) -> Obj {
    Obj::Dict(vec![
        (b"Type".to_vec(), Obj::Name(b"Pages".to_vec())),
        (b"Count".to_vec(), Obj::Int(volume_pages.len() as i64)),
        (
            b"Kids".to_vec(),
            Obj::Array(volume_pages.iter().map(|&(id, _)| Obj::Ref(id)).collect()),
        ),
    ])
}

/// Metadata: the front's, with the volume's page count (`pages`). Its
/// dictionary and stream (keywords included), if the front has metadata.
fn metadata(front: &Part<'_>, pages: usize) -> Res<Option<(Obj, Vec<u8>)>> {
    let Some(id) = front.catalog.get(b"Metadata").and_then(Obj::as_ref) else {
        return Ok(None);
    };
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
        &pages.to_string(),
    );
    let mut value = front.moved(value);
    value.set(b"Length", Obj::Int(xml.len() as i64));
    let mut stream = b"stream\n".to_vec();
    stream.extend_from_slice(xml.as_bytes());
    stream.extend_from_slice(b"\nendstream");
    Ok(Some((value, stream)))
}

/// The trailer's entries but its size: the catalog, the front's document
/// information (written here as [`INFO`]) and the identifiers;
/// `inputs` is the number of parts.
fn trailer(w: &mut Writer, parts: &[Part<'_>], inputs: usize) -> Res<Entries> {
    let front = &parts[0];
    let mut trailer = vec![(b"Root".to_vec(), Obj::Ref(CATALOG))];
    if let Some(info) = front.pdf.trailer.get(b"Info").and_then(Obj::as_ref) {
        let value = front.moved(front.pdf.get(info)?);
        w.put(INFO, &value, None);
        trailer.push((b"Info".to_vec(), Obj::Ref(INFO)));
    }
    if let Some(ids) = identifiers(parts, inputs) {
        trailer.push((b"ID".to_vec(), ids));
    }
    Ok(trailer)
}

/// The file's identifiers, if the front has them. The document's stays the
/// front's (it names the volume); the instance's is made from those of all
/// parts (`inputs` of them).
fn identifiers(parts: &[Part<'_>], inputs: usize) -> Option<Obj> {
    let Some(Obj::Array(ids)) = parts[0].pdf.trailer.get(b"ID") else {
        return None;
    };
    let mut digest = typst::utils::hash128(&inputs);
    for part in parts {
        if let Some(id) = part.pdf.trailer.get(b"ID") {
            let mut bytes = Vec::new();
            id.write(&mut bytes);
            digest = typst::utils::hash128(&(digest, bytes));
        }
    }
    let instance = Obj::Str(format!("<{digest:032X}>").into_bytes());
    let first = ids.first().cloned().unwrap_or_else(|| instance.clone());
    Some(Obj::Array(vec![first, instance]))
}

/// `text` with what is between the first `open` and the `close` after it
/// replaced by `with`; as it is if there are none.
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
