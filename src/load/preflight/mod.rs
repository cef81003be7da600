//! Preflight of camera-ready papers, read with lopdf before they are placed
//! in the volume: page count against the limit, page size and rotation,
//! fonts that are not embedded or are Type 3 bitmaps, a repaired
//! cross-reference table, what PDF/A cannot carry, images below print
//! resolution, anything drawn where confpress stamps its footer, and a first
//! page that does not show the contribution's title and authors.
//!
//! Positions are worked out from the content streams (the current
//! transformation matrix, text matrices, paths, images and forms), in the
//! coordinates of the A4 page the paper is scaled onto.

use std::collections::BTreeSet;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The volume's page: A4, in points.
pub const VOLUME: (f64, f64) = (595.276, 841.89);

/// The band at the foot of every paper page where confpress stamps its
/// footer: from 6 mm to 24 mm above the bottom edge, in points.
pub const STAMP_BAND: (f64, f64) = (6.0 * MM, 24.0 * MM);

/// Images that print below this resolution are reported.
pub const MIN_IMAGE_DPI: f64 = 150.0;

const MM: f64 = 72.0 / 25.4;

/// What the programme says about the paper.
pub struct Expect<'a> {
    /// The contribution's title.
    pub title: &'a str,
    /// Its authors' family names, as the programme spells them.
    pub families: Vec<String>,
    /// The page limit and what sets it ("the limit for talks").
    pub limit: Option<(u32, String)>,
    /// Whether the volume claims PDF/A.
    pub pdf_a: bool,
}

/// One problem found in a paper.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stops the build.
    pub error: bool,
    /// The page it is on (1-based), if it is on one.
    pub page: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Finding {
    fn error(page: Option<usize>, message: String, hint: &str) -> Self {
        Self {
            error: true,
            page,
            message,
            hint: hint.to_owned(),
        }
    }

    fn warning(page: Option<usize>, message: String, hint: &str) -> Self {
        Self {
            error: false,
            ..Self::error(page, message, hint)
        }
    }
}

/// Checks a paper (`doc`, read from `data`) against what the programme
/// expects of it.
pub fn check(doc: &Document, data: &[u8], expect: &Expect) -> Vec<Finding> {
    let mut findings = Vec::new();
    let pages = doc.get_pages();
    if let Some((limit, why)) = &expect.limit
        && pages.len() > *limit as usize
    {
        findings.push(Finding::error(
            None,
            format!("{} pages, over {why} of {limit}", pages.len()),
            "ask the authors to shorten it, or raise the limit (`page-limit` on the contribution, or `[proceedings.page-limits]`)",
        ));
    }
    if broken_xref(data) {
        findings.push(Finding::warning(
            None,
            "its cross-reference table is broken; confpress read it by repairing it".into(),
            "the file is damaged: ask for a fresh export (a repair by `qpdf in.pdf out.pdf` also rewrites it)",
        ));
    }
    if expect.pdf_a {
        findings.extend(pdf_a(doc));
    }
    findings.extend(fonts(doc, &pages));
    let mut sizes = Vec::new();
    for (&number, &page_id) in &pages {
        let number = number as usize;
        let Ok(page) = doc.get_dictionary(page_id) else {
            continue;
        };
        let media = inherited(doc, page, b"CropBox")
            .or_else(|| inherited(doc, page, b"MediaBox"))
            .and_then(|o| rect(doc, o))
            .unwrap_or([0.0, 0.0, 612.0, 792.0]);
        let rotate = inherited(doc, page, b"Rotate")
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(0)
            .rem_euclid(360);
        let (w, h) = (media[2] - media[0], media[3] - media[1]);
        let (w, h) = if rotate % 180 == 90 { (h, w) } else { (w, h) };
        sizes.push((number, w, h));
        if rotate != 0 || w > h {
            findings.push(Finding::warning(
                Some(number),
                "the page is landscape (rotated); it is turned and shrunk to fit the portrait page"
                    .into(),
                "export it in portrait orientation, or rotate the figure on a portrait page",
            ));
        }
        let placed = Placement::new(media, w, h, rotate);
        let marks = marks(doc, page_id, &placed);
        if let Some(what) = marks.in_band.first() {
            findings.push(Finding::warning(
                Some(number),
                format!("{what} lies where confpress stamps its footer (6–24 mm above the bottom edge); the stamp would print over it"),
                "ask the authors to leave the foot of the page empty (no page numbers or footers: confpress numbers the volume)",
            ));
        }
        if let Some(dpi) = marks.lowest_dpi
            && dpi < MIN_IMAGE_DPI
        {
            findings.push(Finding::warning(
                Some(number),
                format!(
                    "an image prints at {dpi:.0} dpi, below the {MIN_IMAGE_DPI:.0} dpi print needs"
                ),
                "ask the authors for the figure at a higher resolution, or as vector graphics",
            ));
        }
    }
    findings.extend(page_sizes(&sizes));
    findings.extend(first_page(doc, expect));
    findings
}

/// Pages that are not the volume's size: all of one other size (a Letter
/// paper in an A4 volume) is said once; mixed sizes page by page.
fn page_sizes(sizes: &[(usize, f64, f64)]) -> Vec<Finding> {
    let close = |a: f64, b: f64| (a - b).abs() <= 3.0 * MM;
    let named = |w: f64, h: f64| -> String {
        let (w, h) = (w.min(h), w.max(h));
        let name = [
            ("A4", 595.276, 841.89),
            ("US Letter", 612.0, 792.0),
            ("US Legal", 612.0, 1008.0),
            ("A5", 419.528, 595.276),
            ("A3", 841.89, 1190.551),
        ]
        .iter()
        .find(|(_, pw, ph)| close(w, *pw) && close(h, *ph))
        .map(|(name, _, _)| format!("{name}, "))
        .unwrap_or_default();
        format!("{name}{:.0} × {:.0} mm", w / MM, h / MM)
    };
    let odd: Vec<&(usize, f64, f64)> = sizes
        .iter()
        .filter(|(_, w, h)| !(close(w.min(*h), VOLUME.0) && close(w.max(*h), VOLUME.1)))
        .collect();
    let Some(first) = odd.first() else {
        return Vec::new();
    };
    let uniform = sizes
        .iter()
        .all(|(_, w, h)| close(*w, first.1) && close(*h, first.2));
    let hint = "ask for an A4 export; the pages are scaled to fit the A4 volume, which changes the type size and margins";
    if uniform {
        vec![Finding::warning(
            None,
            format!(
                "its pages are {}, not A4 like the volume",
                named(first.1, first.2)
            ),
            hint,
        )]
    } else {
        odd.iter()
            .map(|(number, w, h)| {
                Finding::warning(
                    Some(*number),
                    format!(
                        "the page is {}, not A4 like the volume (the paper mixes sizes)",
                        named(*w, *h)
                    ),
                    hint,
                )
            })
            .collect()
    }
}

/// A dictionary value that pages inherit from their parents.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Ok(value) = node.get(key) {
            return Some(resolve(doc, value));
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|p| p.as_reference().ok())
            .and_then(|id| doc.get_dictionary(id).ok())?;
    }
    None
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(object),
        other => other,
    }
}

fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

fn rect(doc: &Document, object: &Object) -> Option<[f64; 4]> {
    let array = resolve(doc, object).as_array().ok()?;
    let v: Vec<f64> = array
        .iter()
        .filter_map(|o| number(resolve(doc, o)))
        .collect();
    (v.len() == 4).then(|| {
        [
            v[0].min(v[2]),
            v[1].min(v[3]),
            v[0].max(v[2]),
            v[1].max(v[3]),
        ]
    })
}

/// Whether `startxref` points at something other than a cross-reference
/// table or stream (lopdf then rebuilt the table to read the file).
fn broken_xref(data: &[u8]) -> bool {
    let tail = &data[data.len().saturating_sub(2048)..];
    let Some(at) = find_last(tail, b"startxref") else {
        return true;
    };
    let rest = std::str::from_utf8(&tail[at + 9..]).unwrap_or("");
    let Some(offset) = rest
        .split_whitespace()
        .next()
        .and_then(|n| n.parse::<usize>().ok())
    else {
        return true;
    };
    let Some(target) = data.get(offset..) else {
        return true;
    };
    let target = &target[..target.len().min(40)];
    let text = String::from_utf8_lossy(target);
    let text = text.trim_start();
    // A table ("xref") or a stream object ("12 0 obj").
    !(text.starts_with("xref") || {
        let mut words = text.split_whitespace();
        words.next().is_some_and(|w| w.parse::<u32>().is_ok())
            && words.next().is_some_and(|w| w.parse::<u32>().is_ok())
            && words.next().is_some_and(|w| w.starts_with("obj"))
    })
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// What PDF/A-2 or -3 cannot carry: JavaScript, PDF 2.0.
fn pdf_a(doc: &Document) -> Vec<Finding> {
    let mut findings = Vec::new();
    if doc.version.starts_with('2') {
        findings.push(Finding::warning(
            None,
            format!(
                "it is PDF {}, newer than PDF/A-2 and -3 (PDF 1.7) allow",
                doc.version
            ),
            "export as PDF 1.7 (or PDF/A), or build the volume without `pdf-standard`",
        ));
    }
    let javascript = doc.objects.values().any(|o| {
        o.as_dict().is_ok_and(|d| {
            d.has(b"JS") || d.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(b"JavaScript")
        })
    });
    if javascript {
        findings.push(Finding::warning(
            None,
            "it holds JavaScript, which PDF/A forbids".into(),
            "export without interactive features (forms, scripts)",
        ));
    }
    findings
}

/// Fonts that are not embedded (errors: the printer substitutes them) and
/// Type 3 fonts (warnings: usually bitmaps that print blurred), each once,
/// on the first page that uses it.
fn fonts(doc: &Document, pages: &std::collections::BTreeMap<u32, ObjectId>) -> Vec<Finding> {
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
            }
        }
    }
    findings
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

/// How a paper page is placed on the volume's page: scaled to fit, centred.
struct Placement {
    /// Paper user space → volume page.
    matrix: [f64; 6],
}

impl Placement {
    fn new(media: [f64; 4], w: f64, h: f64, rotate: i64) -> Self {
        let scale = (VOLUME.0 / w).min(VOLUME.1 / h);
        let (dx, dy) = ((VOLUME.0 - w * scale) / 2.0, (VOLUME.1 - h * scale) / 2.0);
        // Move the media box to the origin, rotate as the page says, scale,
        // centre.
        let origin = [1.0, 0.0, 0.0, 1.0, -media[0], -media[1]];
        let (mw, mh) = (media[2] - media[0], media[3] - media[1]);
        let rotation = match rotate {
            90 => [0.0, -1.0, 1.0, 0.0, 0.0, mw],
            180 => [-1.0, 0.0, 0.0, -1.0, mw, mh],
            270 => [0.0, 1.0, -1.0, 0.0, mh, 0.0],
            _ => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        };
        let fit = [scale, 0.0, 0.0, scale, dx, dy];
        Self {
            matrix: multiply(multiply(origin, rotation), fit),
        }
    }
}

/// `a` then `b`, as PDF matrices [a b c d e f].
fn multiply(a: [f64; 6], b: [f64; 6]) -> [f64; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: [f64; 6], x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// What a page draws where it matters.
#[derive(Default)]
struct Marks {
    /// What is drawn in the stamp band ("text “12”", "an image", "a line").
    in_band: Vec<String>,
    /// The lowest resolution of its images.
    lowest_dpi: Option<f64>,
}

/// Walks a page's content (and the forms it draws) in volume coordinates.
fn marks(doc: &Document, page_id: ObjectId, placed: &Placement) -> Marks {
    let mut marks = Marks::default();
    let Ok(content) = doc.get_page_content(page_id) else {
        return marks;
    };
    let resources = doc
        .get_dictionary(page_id)
        .ok()
        .and_then(|page| inherited(doc, page, b"Resources"))
        .and_then(|r| r.as_dict().ok());
    walk(doc, &content, resources, placed.matrix, &mut marks, 0);
    marks
}

fn in_band(y0: f64, y1: f64) -> bool {
    y1 >= STAMP_BAND.0 && y0 <= STAMP_BAND.1
}

fn walk(
    doc: &Document,
    content: &[u8],
    resources: Option<&Dictionary>,
    base: [f64; 6],
    marks: &mut Marks,
    depth: usize,
) {
    let Ok(content) = Content::decode(content) else {
        return;
    };
    let mut ctm = base;
    let mut stack: Vec<([f64; 6], bool)> = Vec::new();
    // Text state: matrix, line matrix, size, leading.
    let (mut tm, mut tlm) = (
        [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
    );
    let (mut size, mut leading) = (0.0, 0.0);
    let mut white = false;
    let mut path: Vec<(f64, f64)> = Vec::new();
    let nums = |operands: &[Object]| -> Vec<f64> { operands.iter().filter_map(number).collect() };
    for op in &content.operations {
        let n = nums(&op.operands);
        match op.operator.as_str() {
            "q" => stack.push((ctm, white)),
            "Q" => {
                if let Some((saved, w)) = stack.pop() {
                    ctm = saved;
                    white = w;
                }
            }
            "cm" if n.len() == 6 => ctm = multiply([n[0], n[1], n[2], n[3], n[4], n[5]], ctm),
            "g" if n.len() == 1 => white = n[0] >= 0.99,
            "rg" if n.len() == 3 => white = n.iter().all(|v| *v >= 0.99),
            "k" if n.len() == 4 => white = n.iter().all(|v| *v <= 0.01),
            "BT" => {
                tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
                tlm = tm;
            }
            "Tf" if n.len() == 1 => size = n[0],
            "TL" if n.len() == 1 => leading = n[0],
            "Tm" if n.len() == 6 => {
                tm = [n[0], n[1], n[2], n[3], n[4], n[5]];
                tlm = tm;
            }
            "Td" | "TD" if n.len() == 2 => {
                if op.operator == "TD" {
                    leading = -n[1];
                }
                tlm = multiply([1.0, 0.0, 0.0, 1.0, n[0], n[1]], tlm);
                tm = tlm;
            }
            "T*" => {
                tlm = multiply([1.0, 0.0, 0.0, 1.0, 0.0, -leading], tlm);
                tm = tlm;
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if op.operator != "Tj" && op.operator != "TJ" {
                    tlm = multiply([1.0, 0.0, 0.0, 1.0, 0.0, -leading], tlm);
                    tm = tlm;
                }
                let m = multiply(tm, ctm);
                let (_, y0) = apply(m, 0.0, 0.0);
                let (_, y1) = apply(m, 0.0, size * 0.7);
                let text = shown_text(&op.operands);
                if in_band(y0.min(y1), y0.max(y1)) && !text.trim().is_empty() && !white {
                    // Quoted when it reads as text (simple fonts).
                    let text = text.trim();
                    marks.in_band.push(if text.contains('…') {
                        "text".to_owned()
                    } else {
                        format!("text “{text}”")
                    });
                }
            }
            "m" | "l" if n.len() == 2 => path.push(apply(ctm, n[0], n[1])),
            "c" if n.len() == 6 => path.push(apply(ctm, n[4], n[5])),
            "v" | "y" if n.len() == 4 => path.push(apply(ctm, n[2], n[3])),
            "re" if n.len() == 4 => {
                path.push(apply(ctm, n[0], n[1]));
                path.push(apply(ctm, n[0] + n[2], n[1] + n[3]));
                path.push(apply(ctm, n[0] + n[2], n[1]));
                path.push(apply(ctm, n[0], n[1] + n[3]));
            }
            "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                let fill_only = matches!(op.operator.as_str(), "f" | "F" | "f*");
                if let Some((y0, y1)) = extent(&path)
                    && in_band(y0, y1)
                    && y1 - y0 < VOLUME.1 / 2.0
                    && !(fill_only && white)
                {
                    marks.in_band.push("a drawing".into());
                }
                path.clear();
            }
            "n" => path.clear(),
            "Do" => {
                let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
                    continue;
                };
                let Some(xobject) = resources
                    .and_then(|r| r.get(b"XObject").ok())
                    .map(|x| resolve(doc, x))
                    .and_then(|x| x.as_dict().ok())
                    .and_then(|x| x.get(name).ok())
                    .map(|x| resolve(doc, x))
                    .and_then(|x| x.as_stream().ok())
                else {
                    continue;
                };
                let subtype = xobject
                    .dict
                    .get(b"Subtype")
                    .ok()
                    .and_then(|s| s.as_name().ok());
                if subtype == Some(b"Image") {
                    let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
                        .map(|(x, y)| apply(ctm, x, y));
                    if let Some((y0, y1)) = extent(&corners)
                        && in_band(y0, y1)
                        && y1 - y0 < VOLUME.1 / 2.0
                    {
                        marks.in_band.push("an image".into());
                    }
                    let px = |key: &[u8]| xobject.dict.get(key).ok().and_then(number);
                    if let (Some(pw), Some(ph)) = (px(b"Width"), px(b"Height")) {
                        // Printed size in inches on the volume's page.
                        let wide = (ctm[0].powi(2) + ctm[1].powi(2)).sqrt() / 72.0;
                        let high = (ctm[2].powi(2) + ctm[3].powi(2)).sqrt() / 72.0;
                        if wide > 0.1 && high > 0.1 && pw > 16.0 && ph > 16.0 {
                            let dpi = (pw / wide).min(ph / high);
                            marks.lowest_dpi =
                                Some(marks.lowest_dpi.map_or(dpi, |d: f64| d.min(dpi)));
                        }
                    }
                } else if subtype == Some(b"Form") && depth < 8 {
                    let matrix = xobject
                        .dict
                        .get(b"Matrix")
                        .ok()
                        .and_then(|m| m.as_array().ok())
                        .map(|m| m.iter().filter_map(number).collect::<Vec<f64>>())
                        .filter(|m| m.len() == 6)
                        .map_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0], |m| {
                            [m[0], m[1], m[2], m[3], m[4], m[5]]
                        });
                    let own = xobject
                        .dict
                        .get(b"Resources")
                        .ok()
                        .map(|r| resolve(doc, r))
                        .and_then(|r| r.as_dict().ok())
                        .or(resources);
                    let data = xobject
                        .decompressed_content()
                        .unwrap_or_else(|_| xobject.content.clone());
                    walk(doc, &data, own, multiply(matrix, ctm), marks, depth + 1);
                }
            }
            _ => {}
        }
    }
}

fn extent(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let ys = points.iter().map(|p| p.1);
    let lo = ys.clone().fold(f64::INFINITY, f64::min);
    let hi = ys.fold(f64::NEG_INFINITY, f64::max);
    (lo <= hi).then_some((lo, hi))
}

/// The text of a text-showing operator's strings, as far as it reads as
/// text (simple fonts; for others, a placeholder).
fn shown_text(operands: &[Object]) -> String {
    let mut out = String::new();
    for operand in operands {
        match operand {
            Object::String(bytes, _) => {
                if bytes.iter().all(|b| (0x20..0x7f).contains(b)) {
                    out.push_str(&String::from_utf8_lossy(bytes));
                } else {
                    out.push('…');
                }
            }
            Object::Array(items) => out.push_str(&shown_text(items)),
            _ => {}
        }
    }
    out
}

/// The first page's text must show the title and every author's family
/// name (compared without case, accents, hyphens and spaces): otherwise the
/// upload is likely another paper or an outdated version.
fn first_page(doc: &Document, expect: &Expect) -> Vec<Finding> {
    let Some(text) = first_page_text(doc) else {
        return vec![Finding::warning(
            Some(1),
            "the text of the first page cannot be read, so its title and authors were not compared"
                .into(),
            "a damaged or unusual PDF: ask for a fresh export",
        )];
    };
    let page = squeeze(&text);
    if page.len() < 20 {
        // No text layer (a scan): nothing to compare.
        return vec![Finding::warning(
            Some(1),
            "the first page has no text to compare with the title (a scan, or text turned into outlines?)".into(),
            "ask the authors for a PDF exported from their document, with its text",
        )];
    }
    let mut findings = Vec::new();
    let title = squeeze(expect.title);
    if !title.is_empty() && !page.contains(&title) {
        findings.push(Finding::warning(
            Some(1),
            format!("the first page does not show the title “{}”", expect.title),
            "a swapped or outdated upload? Check the file, or the title in conference.toml",
        ));
    }
    let missing: Vec<&String> = expect
        .families
        .iter()
        .filter(|f| {
            let f = squeeze(f);
            !f.is_empty() && !page.contains(&f)
        })
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|n| format!("“{n}”")).collect();
        findings.push(Finding::warning(
            Some(1),
            format!(
                "the first page does not name the author(s) {}",
                names.join(", ")
            ),
            "a swapped or outdated upload, or a name spelled differently in conference.toml?",
        ));
    }
    findings
}

/// The text of the first page, by pdf-extract (which reads the ToUnicode
/// maps that lopdf's own extraction cannot). It panics on some malformed
/// files: that is caught, quietly, and means "no text".
fn first_page_text(doc: &Document) -> Option<String> {
    use std::cell::Cell;
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::Once;
    thread_local!(static QUIET: Cell<bool> = const { Cell::new(false) });
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut text = String::new();
        let mut output = pdf_extract::PlainTextOutput::new(&mut text);
        pdf_extract::output_doc_page(doc, &mut output, 1).ok()?;
        Some(text)
    }));
    QUIET.with(|q| q.set(false));
    result.ok().flatten()
}

/// Text reduced for comparison: lower case, no accents, letters and digits
/// only (so hyphenation, line breaks and ligature spacing do not matter).
fn squeeze(text: &str) -> String {
    text.replace(['\u{fb01}'], "fi")
        .replace('\u{fb02}', "fl")
        .replace('\u{fb00}', "ff")
        .nfd()
        .filter(|c| !is_combining_mark(*c) && c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squeezing_ignores_case_accents_and_hyphens() {
        assert_eq!(squeeze("Müller-Lüdenscheidt, A."), "mullerludenscheidta");
        assert_eq!(squeeze("dif-\nferentiation"), "differentiation");
    }

    #[test]
    fn a_letter_page_is_placed_scaled_and_centred() {
        let placed = Placement::new([0.0, 0.0, 612.0, 792.0], 612.0, 792.0, 0);
        // Letter is narrower in proportion than A4: its width fits.
        let scale = VOLUME.0 / 612.0;
        let (x, y) = apply(placed.matrix, 0.0, 0.0);
        assert!(x.abs() < 0.01, "{x}");
        assert!((y - (VOLUME.1 - 792.0 * scale) / 2.0).abs() < 0.01, "{y}");
    }

    #[test]
    fn an_intact_xref_is_not_reported() {
        let good = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer\n<<>>\nstartxref\n29\n%%EOF\n";
        assert!(!broken_xref(good));
        let bad = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer\n<<>>\nstartxref\n3\n%%EOF\n";
        assert!(broken_xref(bad));
    }
}
