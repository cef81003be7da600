//! A small reader and writer of PDF objects: as much of a dictionary or
//! array as joining needs to see, its references renumbered, written back.
//!
//! It never reads content streams, fonts or images: their bytes are copied
//! as they are (see [`super::file::Pdf::raw`]).

use std::io::Write as _;

use super::{Res, fail};

/// A PDF object, as much of it as joining needs to see.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Obj {
    /// A number, boolean, null or other bare token, as written.
    Atom(Vec<u8>),
    /// An integer.
    Int(i64),
    /// A name, without its slash.
    Name(Vec<u8>),
    /// A string with its delimiters, as written.
    Str(Vec<u8>),
    /// An array.
    Array(Vec<Obj>),
    /// A dictionary, its entries in the order written.
    Dict(Vec<(Vec<u8>, Obj)>),
    /// A reference to an object, by number (generation 0).
    Ref(u32),
}

/// A dictionary's entries, in the order written.
pub(super) type Entries = Vec<(Vec<u8>, Obj)>;

impl Obj {
    /// The value of a dictionary's `key`.
    pub(super) fn get(&self, key: &[u8]) -> Option<&Obj> {
        match self {
            Obj::Dict(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn get_mut(&mut self, key: &[u8]) -> Option<&mut Obj> {
        match self {
            Obj::Dict(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets a dictionary's `key`: in its place if it is there, else last.
    pub(super) fn set(&mut self, key: &[u8], value: Obj) {
        if let Some(slot) = self.get_mut(key) {
            *slot = value;
        } else if let Obj::Dict(entries) = self {
            entries.push((key.to_vec(), value));
        }
    }

    /// Removes a dictionary's `key`.
    pub(super) fn remove(&mut self, key: &[u8]) {
        if let Obj::Dict(entries) = self {
            entries.retain(|(k, _)| k != key);
        }
    }

    /// The number of the object it refers to.
    pub(super) fn as_ref(&self) -> Option<u32> {
        match self {
            Obj::Ref(id) => Some(*id),
            _ => None,
        }
    }

    /// The integer it is.
    pub(super) fn as_int(&self) -> Option<i64> {
        match self {
            Obj::Int(n) => Some(*n),
            _ => None,
        }
    }

    /// The items of the array it is.
    pub(super) fn as_array(&self) -> Option<&[Obj]> {
        match self {
            Obj::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Whether it is the name `name`.
    pub(super) fn is_name(&self, name: &[u8]) -> bool {
        matches!(self, Obj::Name(n) if n == name)
    }

    /// Every reference in it, renumbered by `map`; `StructParent(s)` keys
    /// moved by `keys`.
    pub(super) fn renumber(&mut self, map: &dyn Fn(u32) -> u32, keys: i64) {
        match self {
            Obj::Ref(id) => *id = map(*id),
            Obj::Array(items) => items.iter_mut().for_each(|item| item.renumber(map, keys)),
            Obj::Dict(entries) => {
                for (key, value) in entries {
                    if (key == b"StructParent" || key == b"StructParents")
                        && let Obj::Int(n) = value
                    {
                        *n += keys;
                    } else {
                        value.renumber(map, keys);
                    }
                }
            }
            _ => {}
        }
    }

    /// Writes it to `out` in PDF syntax.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        match self {
            Obj::Atom(bytes) | Obj::Str(bytes) => out.extend_from_slice(bytes),
            Obj::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Obj::Name(name) => {
                out.push(b'/');
                out.extend_from_slice(name);
            }
            Obj::Ref(id) => {
                let _ = write!(out, "{id} 0 R");
            }
            Obj::Array(items) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b' ');
                    }
                    item.write(out);
                }
                out.push(b']');
            }
            Obj::Dict(entries) => {
                out.extend_from_slice(b"<<");
                for (key, value) in entries {
                    out.push(b'/');
                    out.extend_from_slice(key);
                    out.push(b' ');
                    value.write(out);
                }
                out.extend_from_slice(b">>");
            }
        }
    }
}

/// The children of a structure element or root, as a list.
pub(super) fn kids_of(value: Option<&Obj>) -> Vec<Obj> {
    match value {
        Some(Obj::Array(items)) => items.clone(),
        Some(other) => vec![other.clone()],
        None => Vec::new(),
    }
}

/// The entries of a number tree as typst-pdf writes it: flat, all in
/// `/Nums`; `what` names it in errors.
pub(super) fn number_tree<'o>(tree: &'o Obj, what: &str) -> Res<Vec<(i64, &'o Obj)>> {
    if tree.get(b"Kids").is_some() {
        return fail(format!("a {what} with kids"));
    }
    let nums = tree
        .get(b"Nums")
        .and_then(Obj::as_array)
        .unwrap_or_default();
    nums.chunks(2)
        .map(|pair| match pair {
            [Obj::Int(key), value] => Ok((*key, value)),
            _ => fail(format!("a bad {what} entry")),
        })
        .collect()
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// Reads objects and tokens of a PDF from a position on.
pub(super) struct Parser<'a> {
    data: &'a [u8],
    /// Where it reads next.
    pub(super) pos: usize,
}

impl<'a> Parser<'a> {
    /// A parser of `data` from `pos` on.
    pub(super) fn new(data: &'a [u8], pos: usize) -> Self {
        Self { data, pos }
    }

    /// Skips white space and comments.
    pub(super) fn skip_space(&mut self) {
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.data.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Whether the data from the position on begins with `s`.
    pub(super) fn starts_with(&self, s: &[u8]) -> bool {
        self.data[self.pos.min(self.data.len())..].starts_with(s)
    }

    /// A bare token: a number, keyword or the like.
    pub(super) fn token(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(&b) = self.data.get(self.pos) {
            if is_white(b) || is_delimiter(b) {
                break;
            }
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    /// The object at the position, nested `depth` deep.
    pub(super) fn object(&mut self, depth: usize) -> Res<Obj> {
        if depth > 64 {
            return fail("objects nested too deeply");
        }
        self.skip_space();
        let Some(b) = self.peek() else {
            return fail("unexpected end of an object");
        };
        match b {
            b'/' => {
                self.pos += 1;
                Ok(Obj::Name(self.token().to_vec()))
            }
            b'[' => self.array(depth),
            b'<' if self.starts_with(b"<<") => self.dictionary(depth),
            b'<' => self.hex_string(),
            b'(' => self.literal_string(),
            _ => {
                let token = self.token();
                if token.is_empty() {
                    return fail(format!("unexpected byte {:?}", b as char));
                }
                match std::str::from_utf8(token).ok().and_then(|t| t.parse().ok()) {
                    Some(n) => Ok(Obj::Int(n)),
                    None => Ok(Obj::Atom(token.to_vec())),
                }
            }
        }
    }

    /// The array at `[`, its `n g R` triples read as references.
    fn array(&mut self, depth: usize) -> Res<Obj> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => items.push(self.object(depth + 1)?),
                None => return fail("unterminated array"),
            }
        }
        Ok(Obj::Array(fold_refs(items)))
    }

    /// The dictionary at `<<`.
    fn dictionary(&mut self, depth: usize) -> Res<Obj> {
        self.pos += 2;
        let mut entries = Vec::new();
        loop {
            self.skip_space();
            if self.starts_with(b">>") {
                self.pos += 2;
                break;
            }
            if self.peek() != Some(b'/') {
                return fail("a dictionary key is not a name");
            }
            self.pos += 1;
            let key = self.token().to_vec();
            let mut value = self.object(depth + 1)?;
            // A reference: `n g R` after the key.
            if let Obj::Int(n) = value {
                let save = self.pos;
                self.skip_space();
                let generation = self.token();
                self.skip_space();
                if !generation.is_empty()
                    && generation.iter().all(u8::is_ascii_digit)
                    && self.peek() == Some(b'R')
                {
                    self.pos += 1;
                    value = Obj::Ref(to_id(n)?);
                } else {
                    self.pos = save;
                }
            }
            entries.push((key, value));
        }
        Ok(Obj::Dict(entries))
    }

    /// The hexadecimal string at `<`, as written.
    fn hex_string(&mut self) -> Res<Obj> {
        let start = self.pos;
        while let Some(&c) = self.data.get(self.pos) {
            self.pos += 1;
            if c == b'>' {
                return Ok(Obj::Str(self.data[start..self.pos].to_vec()));
            }
        }
        fail("unterminated hex string")
    }

    /// The literal string at `(`, as written.
    fn literal_string(&mut self) -> Res<Obj> {
        let start = self.pos;
        let mut depth = 0usize;
        while let Some(&c) = self.data.get(self.pos) {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(Obj::Str(self.data[start..self.pos].to_vec()));
                    }
                }
                _ => {}
            }
        }
        fail("unterminated string")
    }
}

fn to_id(n: i64) -> Res<u32> {
    u32::try_from(n).or_else(|_| fail("an object number out of range"))
}

/// Turns `n g R` triples of an array's items into references.
fn fold_refs(items: Vec<Obj>) -> Vec<Obj> {
    let mut out: Vec<Obj> = Vec::with_capacity(items.len());
    for item in items {
        if matches!(&item, Obj::Atom(a) if a == b"R")
            && out.len() >= 2
            && matches!(out[out.len() - 1], Obj::Int(_))
            && let Obj::Int(n) = out[out.len() - 2]
            && let Ok(id) = u32::try_from(n)
        {
            out.truncate(out.len() - 2);
            out.push(Obj::Ref(id));
        } else {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_read_and_write_back_with_references_renumbered() {
        let text = b"<</Type/Annot/Rect[1 2.5 3 4]/Dest 12 0 R/StructParent 3/Contents(page (1) 5 0 R\\))/K[1 0 R 2 0 R 7]>>";
        let mut obj = Parser::new(text, 0).object(0).unwrap();
        obj.renumber(&|id| id + 100, 10);
        let mut out = Vec::new();
        obj.write(&mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<</Type /Annot/Rect [1 2.5 3 4]/Dest 112 0 R/StructParent 13/Contents (page (1) 5 0 R\\))/K [101 0 R 102 0 R 7]>>"
        );
    }
}
