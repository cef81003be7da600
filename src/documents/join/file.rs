//! One part's PDF, indexed by its cross-reference table: its objects read
//! on demand, its streams' bytes taken as they are, its flat page tree.
//!
//! It reads only what typst-pdf writes (a classic cross-reference table,
//! one flat page tree) and fails on anything else rather than guess.

use super::object::{Obj, Parser};
use super::{JoinError, Res, fail};

/// One PDF, indexed: where each object begins.
pub(super) struct Pdf<'a> {
    /// The whole file.
    pub(super) data: &'a [u8],
    /// Where each object begins, by number (`None`: free or absent).
    pub(super) offsets: Vec<Option<usize>>,
    /// The trailer dictionary.
    pub(super) trailer: Obj,
}

impl<'a> Pdf<'a> {
    /// Indexes `data` by its cross-reference table.
    pub(super) fn open(data: &'a [u8]) -> Res<Self> {
        let tail = &data[data.len().saturating_sub(64)..];
        let at = find_last(tail, b"startxref")
            .map(|i| data.len() - tail.len() + i + b"startxref".len())
            .ok_or_else(|| JoinError("no startxref".into()))?;
        let mut p = Parser::new(data, at);
        p.skip_space();
        let xref: usize = std::str::from_utf8(p.token())
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| JoinError("a bad startxref".into()))?;
        let mut p = Parser::new(data, xref);
        if p.token() != b"xref" {
            return fail("no classic cross-reference table");
        }
        let mut offsets: Vec<Option<usize>> = Vec::new();
        loop {
            p.skip_space();
            if p.starts_with(b"trailer") {
                p.pos += b"trailer".len();
                break;
            }
            let first: usize = parse_num(p.token())?;
            p.skip_space();
            let count: usize = parse_num(p.token())?;
            p.skip_space();
            if offsets.len() < first + count {
                offsets.resize(first + count, None);
            }
            for i in 0..count {
                let entry = data
                    .get(p.pos..p.pos + 18)
                    .ok_or_else(|| JoinError("a short cross-reference table".into()))?;
                if entry[17] == b'n' {
                    offsets[first + i] = Some(parse_num(&entry[..10])?);
                }
                p.pos += 20;
            }
        }
        let trailer = p.object(0)?;
        Ok(Self {
            data,
            offsets,
            trailer,
        })
    }

    /// Where object `id`'s value begins, past `id 0 obj`.
    fn start(&self, id: u32) -> Res<usize> {
        let at = self
            .offsets
            .get(id as usize)
            .copied()
            .flatten()
            .ok_or_else(|| JoinError(format!("object {id} is missing")))?;
        let mut p = Parser::new(self.data, at);
        p.skip_space();
        p.token();
        p.skip_space();
        p.token();
        p.skip_space();
        if p.token() != b"obj" {
            return fail(format!("object {id} does not begin where the table says"));
        }
        Ok(p.pos)
    }

    /// The value of object `id`.
    pub(super) fn get(&self, id: u32) -> Res<Obj> {
        Parser::new(self.data, self.start(id)?).object(0)
    }

    /// Object `id`: its value and, for a stream, its data with the
    /// `stream` and `endstream` keywords around it.
    pub(super) fn raw(&self, id: u32) -> Res<(Obj, Option<&'a [u8]>)> {
        let mut p = Parser::new(self.data, self.start(id)?);
        let value = p.object(0)?;
        p.skip_space();
        if !p.starts_with(b"stream") {
            return Ok((value, None));
        }
        let begin = p.pos;
        let length = value
            .get(b"Length")
            .and_then(|l| match l {
                Obj::Int(n) => usize::try_from(*n).ok(),
                Obj::Ref(r) => self
                    .get(*r)
                    .ok()
                    .and_then(|o| o.as_int())
                    .map(|n| n as usize),
                _ => None,
            })
            .ok_or_else(|| JoinError(format!("stream {id} has no length")))?;
        let mut data_at = begin + b"stream".len();
        if self.data.get(data_at) == Some(&b'\r') {
            data_at += 1;
        }
        if self.data.get(data_at) == Some(&b'\n') {
            data_at += 1;
        }
        let end = data_at + length;
        let rest = self
            .data
            .get(end..)
            .ok_or_else(|| JoinError(format!("stream {id} runs past the file")))?;
        let endstream = rest
            .windows(9)
            .take(64)
            .position(|w| w == b"endstream")
            .ok_or_else(|| JoinError(format!("stream {id} has no end")))?;
        Ok((value, Some(&self.data[begin..end + endstream + 9])))
    }

    /// The page objects in order (typst-pdf writes one flat page tree).
    /// The page tree's root, and its pages with their heights in points.
    pub(super) fn pages(&self, catalog: &Obj) -> Res<(u32, Vec<u32>, Vec<f32>)> {
        let root = catalog
            .get(b"Pages")
            .and_then(Obj::as_ref)
            .ok_or_else(|| JoinError("no page tree".into()))?;
        let tree = self.get(root)?;
        let mut pages = Vec::new();
        let mut heights = Vec::new();
        for kid in tree
            .get(b"Kids")
            .and_then(Obj::as_array)
            .unwrap_or_default()
        {
            let id = kid
                .as_ref()
                .ok_or_else(|| JoinError("a page is not a reference".into()))?;
            let page = self.get(id)?;
            if !page.get(b"Type").is_some_and(|t| t.is_name(b"Page")) {
                return fail("the page tree is not flat");
            }
            pages.push(id);
            heights.push(page_height(&page)?);
        }
        Ok((root, pages, heights))
    }
}

/// The height of a page in points, from its media box, as typst-pdf took it
/// for the links to the page.
fn page_height(page: &Obj) -> Res<f32> {
    let number = |obj: &Obj| match obj {
        Obj::Int(n) => Some(*n as f32),
        Obj::Atom(bytes) => std::str::from_utf8(bytes).ok()?.parse().ok(),
        _ => None,
    };
    match page.get(b"MediaBox").and_then(Obj::as_array) {
        Some([_, bottom, _, top]) => match (number(bottom), number(top)) {
            (Some(bottom), Some(top)) => Ok(top - bottom),
            _ => fail("a page's media box is not four numbers"),
        },
        _ => fail("a page without its own media box"),
    }
}

fn parse_num<T: std::str::FromStr>(bytes: &[u8]) -> Res<T> {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| JoinError("a bad number in the cross-reference table".into()))
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The data of a stream, between `stream` and `endstream` (as
/// [`Pdf::raw`] gives it).
pub(super) fn stream_body(stream: &[u8]) -> &[u8] {
    let mut start = b"stream".len();
    if stream.get(start) == Some(&b'\r') {
        start += 1;
    }
    if stream.get(start) == Some(&b'\n') {
        start += 1;
    }
    let end = stream.len() - b"endstream".len();
    let mut end = end.max(start);
    while end > start && matches!(stream[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    &stream[start..end]
}
