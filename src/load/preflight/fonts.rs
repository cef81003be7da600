//! The fonts of a paper: those not embedded (the printer would substitute
//! them), Type 3 fonts (usually bitmaps that print blurred), and for a
//! PDF/UA volume those whose characters do not map to Unicode.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::Finding;
use super::objects::resolve;
use crate::text::glyph_names;

/// Fonts that are not embedded (errors: the printer substitutes them),
/// Type 3 fonts (warnings: usually bitmaps that print blurred) and, when
/// `unicode` (a PDF/UA volume), fonts without a Unicode mapping (warnings),
/// each once, on the first page that uses it.
pub(super) fn fonts(
    doc: &Document,
    pages: &BTreeMap<u32, ObjectId>,
    unicode: bool,
) -> Vec<Finding> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut findings = Vec::new();
    for (&number, &page_id) in pages {
        let Ok(fonts) = doc.get_page_fonts(page_id) else {
            continue;
        };
        for font in fonts.values() {
            let name = font
                .get(b"BaseFont")
                .ok()
                .and_then(|n| n.as_name().ok())
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_else(|| "(unnamed)".into());
            let subtype = font.get(b"Subtype").ok().and_then(|s| s.as_name().ok());
            if !seen.insert(name.clone()) {
                continue;
            }
            let name = name
                .split_once('+')
                .map_or(name.as_str(), |(_, base)| base)
                .to_owned();
            if subtype == Some(b"Type3") {
                findings.push(Finding::warning(
                    Some(number as usize),
                    format!("font `{name}` is a Type 3 font, usually a bitmap that prints blurred"),
                    "LaTeX: use scalable fonts (\\usepackage{lmodern} or cm-super) and export again",
                ));
            } else if !embedded(doc, font) {
                findings.push(Finding::error(
                    Some(number as usize),
                    format!("font `{name}` is not embedded"),
                    "export with all fonts embedded (Word: Options › Save › Embed fonts; pdflatex embeds by default; or `gs -dPDFSETTINGS=/prepress`)",
                ));
            } else if unicode
                && !font.has(b"ToUnicode")
                && !named_encoding(font)
                && let Some(unknown) = unmapped_glyphs(doc, font)
            {
                findings.push(Finding::warning(
                    Some(number as usize),
                    format!("font `{name}` does not map its characters to Unicode (no ToUnicode{unknown}): the volume may fail PDF/UA-1"),
                    "pdfLaTeX: put \\input{glyphtounicode} and \\pdfgentounicode=1 in the preamble (or use LuaLaTeX) and export again",
                ));
            }
        }
    }
    findings
}

/// What confpress cannot map to Unicode itself in a font without
/// ToUnicode (see `documents/graft.rs`, which writes one from glyph names):
/// `None` when every glyph of a Type 1 font has a known name; otherwise a
/// note on what is missing (", glyphs `a`, `b`"), empty when the font's
/// glyphs have no names to go by.
fn unmapped_glyphs(doc: &Document, font: &Dictionary) -> Option<String> {
    let subtype = font.get(b"Subtype").ok().and_then(|s| s.as_name().ok());
    if subtype != Some(b"Type1") {
        return Some(String::new());
    }
    let names: Vec<String> = match font.get(b"Encoding").map(|e| resolve(doc, e)) {
        Ok(Object::Dictionary(encoding)) => {
            match encoding.get(b"Differences").map(|d| resolve(doc, d)) {
                Ok(Object::Array(items)) => items
                    .iter()
                    .filter_map(|i| i.as_name().ok())
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .collect(),
                _ => Vec::new(),
            }
        }
        Ok(_) => return Some(String::new()),
        Err(_) => {
            let program = font
                .get(b"FontDescriptor")
                .ok()
                .and_then(|d| resolve(doc, d).as_dict().ok())
                .and_then(|d| d.get(b"FontFile").ok())
                .and_then(|f| resolve(doc, f).as_stream().ok())
                .and_then(|s| s.decompressed_content().ok())
                .unwrap_or_default();
            glyph_names::program_encoding(&program)
                .into_iter()
                .map(|(_, name)| name)
                .collect()
        }
    };
    if names.is_empty() {
        return Some(String::new());
    }
    let unknown: Vec<String> = names
        .into_iter()
        .filter(|n| n != ".notdef" && glyph_names::character(n).is_none())
        .take(3)
        .map(|n| format!("`{n}`"))
        .collect();
    (!unknown.is_empty()).then(|| format!(", glyphs {} unknown", unknown.join(", ")))
}

/// Whether a simple font names one of PDF's encodings, whose characters
/// readers know.
fn named_encoding(font: &Dictionary) -> bool {
    font.get(b"Encoding")
        .ok()
        .and_then(|e| e.as_name().ok())
        .is_some_and(|name| {
            matches!(
                name,
                b"WinAnsiEncoding" | b"MacRomanEncoding" | b"StandardEncoding"
            )
        })
}

/// Whether a font dictionary has its font program in the file.
fn embedded(doc: &Document, font: &Dictionary) -> bool {
    let font = match font.get(b"DescendantFonts").map(|d| resolve(doc, d)) {
        Ok(Object::Array(descendants)) => match descendants.first().map(|d| resolve(doc, d)) {
            Some(Object::Dictionary(d)) => d,
            _ => return false,
        },
        _ => font,
    };
    let Some(Object::Dictionary(descriptor)) =
        font.get(b"FontDescriptor").ok().map(|d| resolve(doc, d))
    else {
        return false;
    };
    [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
        .iter()
        .any(|key| descriptor.has(key))
}
