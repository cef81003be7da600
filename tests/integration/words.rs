//! Word boxes read back from a PDF by poppler's `pdftotext -bbox`
//! (independently of confpress's own layout check), to assert that nothing
//! lies outside the trimmed page or prints over other words. Tests that use
//! it skip, saying so, when poppler-utils is not installed.

use std::process::Command;

use lopdf::{Document, Object};

/// A box: left, top, right, bottom, in points from the page's top left.
type Rect = (f64, f64, f64, f64);

/// A word on a page, in points from the page's top left corner.
#[derive(Debug, Clone)]
#[allow(dead_code, reason = "the text shows in failure messages")]
pub struct Word {
    /// Page number, from 1.
    pub page: usize,
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Word {
    /// The middle of the word's box: its glyph boxes (ascender to descender)
    /// of neighbouring lines may touch; their middles never do unless one
    /// prints over the other.
    fn core(&self) -> Rect {
        let (w, h) = (self.x1 - self.x0, self.y1 - self.y0);
        (
            self.x0 + 0.1 * w,
            self.y0 + 0.3 * h,
            self.x1 - 0.1 * w,
            self.y1 - 0.3 * h,
        )
    }
}

/// Whether poppler's `pdftotext` can be run; if not, says that the calling
/// test skips its word-box checks.
pub fn pdftotext_available() -> bool {
    available("pdftotext", "word boxes", "poppler-utils")
}

/// Whether `program` can be run; if not, says that the calling test skips
/// its checks of `what`, and which Debian `package` brings it.
fn available(program: &str, what: &str, package: &str) -> bool {
    let found = Command::new(program).arg("-v").output().is_ok();
    if !found {
        eprintln!("skipped: {what} need {program} (Debian package {package})");
    }
    found
}

/// Every word of the PDF `bytes`, as `pdftotext -bbox` reads them.
pub fn words(bytes: &[u8]) -> Vec<Word> {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("in.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let document =
        roxmltree::Document::parse_with_options(&xml, options).expect("pdftotext's XHTML");
    let mut words = Vec::new();
    for (index, page) in document
        .descendants()
        .filter(|n| n.has_tag_name("page"))
        .enumerate()
    {
        for word in page.children().filter(|n| n.has_tag_name("word")) {
            let number = |name: &str| word.attribute(name).unwrap().parse::<f64>().unwrap();
            words.push(Word {
                page: index + 1,
                text: word.text().unwrap_or_default().to_owned(),
                x0: number("xMin"),
                y0: number("yMin"),
                x1: number("xMax"),
                y1: number("yMax"),
            });
        }
    }
    words
}

/// Each page's trimmed area (the TrimBox where there is bleed, else the
/// MediaBox), in points from the page's top left: `(x0, y0, x1, y1)`.
pub fn trim_boxes(bytes: &[u8]) -> Vec<Rect> {
    let doc = Document::load_mem(bytes).expect("a PDF");
    doc.get_pages()
        .values()
        .map(|&id| {
            let page = doc.get_dictionary(id).expect("a page");
            let numbers = |key: &[u8]| -> Option<Vec<f64>> {
                let array = page.get(key).ok()?.as_array().ok()?;
                Some(
                    array
                        .iter()
                        .filter_map(|v| match v {
                            Object::Integer(i) => Some(*i as f64),
                            Object::Real(r) => Some(f64::from(*r)),
                            _ => None,
                        })
                        .collect(),
                )
            };
            let media = numbers(b"MediaBox").expect("a media box");
            let trim = numbers(b"TrimBox").unwrap_or_else(|| media.clone());
            let height = media[3] - media[1];
            (trim[0], height - trim[3], trim[2], height - trim[1])
        })
        .collect()
}

/// What is wrong with the words of a PDF: words outside their page's
/// trimmed area, and pairs of words that print over each other. Empty when
/// all is well.
pub fn layout_problems(bytes: &[u8]) -> Vec<String> {
    let boxes = trim_boxes(bytes);
    let words = words(bytes);
    let mut problems = Vec::new();
    for word in &words {
        let (x0, y0, x1, y1) = boxes[word.page - 1];
        let slack = 2.0;
        if word.x0 < x0 - slack
            || word.x1 > x1 + slack
            || word.y0 < y0 - slack
            || word.y1 > y1 + slack
        {
            problems.push(format!(
                "{word:?} lies outside the page {:?}",
                boxes[word.page - 1]
            ));
        }
    }
    let mut sorted: Vec<(&Word, Rect)> = words.iter().map(|w| (w, w.core())).collect();
    sorted.sort_by(|a, b| (a.0.page, a.1.1).partial_cmp(&(b.0.page, b.1.1)).unwrap());
    for (i, (a, ca)) in sorted.iter().enumerate() {
        for (b, cb) in &sorted[i + 1..] {
            if b.page != a.page || cb.1 >= ca.3 {
                break;
            }
            let overlap = ca.2.min(cb.2) > ca.0.max(cb.0) && ca.3.min(cb.3) > ca.1.max(cb.1);
            if overlap {
                problems.push(format!("{a:?} prints over {b:?}"));
            }
        }
    }
    problems
}

/// Whether mupdf's `mutool` can be run; if not, says that the calling test
/// skips its glyph checks.
pub fn mutool_available() -> bool {
    available("mutool", "glyph positions", "mupdf-tools")
}

/// A character's body as `mutool draw -F stext` places it: from its
/// baseline up 0.7 of its type size, as wide as its box; with its size.
type Body = (f64, f64, f64, f64, f64);

/// Pairs of text lines of the PDF `bytes` that print over each other, read
/// back from the characters' baselines and sizes (independently of
/// confpress's own check): two characters of different lines whose bodies
/// overlap by a fifth of the smaller size in width and a twentieth in
/// height. Each as "page N: “a” over “b”".
pub fn glyph_overprints(bytes: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("in.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let out = Command::new("mutool")
        .args(["draw", "-q", "-F", "stext", "-o", "-"])
        .arg(&pdf)
        .output()
        .expect("mutool runs");
    // mutool writes characters it cannot map as references XML refuses.
    let xml = String::from_utf8_lossy(&out.stdout);
    let xml = strip_bad_references(&xml);
    let document = roxmltree::Document::parse(&xml).expect("mutool's stext XML");
    let mut found = Vec::new();
    for (index, page) in document
        .descendants()
        .filter(|n| n.has_tag_name("page"))
        .enumerate()
    {
        let mut lines: Vec<(String, Vec<Body>)> = Vec::new();
        for line in page.descendants().filter(|n| n.has_tag_name("line")) {
            let (mut text, mut bodies) = (String::new(), Vec::new());
            for font in line.children().filter(|n| n.has_tag_name("font")) {
                // Math stacks glyphs on purpose (a radical over its
                // radicand), as confpress's own check knows.
                if font.attribute("name").unwrap_or("").contains("Math") {
                    continue;
                }
                let size: f64 = font.attribute("size").unwrap_or("0").parse().unwrap_or(0.0);
                for ch in font.children().filter(|n| n.has_tag_name("char")) {
                    let c = ch.attribute("c").unwrap_or("");
                    text.push_str(c);
                    if c.trim().is_empty() {
                        continue;
                    }
                    let quad: Vec<f64> = (ch.attribute("quad").unwrap_or(""))
                        .split_whitespace()
                        .filter_map(|v| v.parse().ok())
                        .collect();
                    let y: f64 = ch.attribute("y").unwrap_or("0").parse().unwrap_or(0.0);
                    if quad.len() == 8 {
                        let xs = [quad[0], quad[2], quad[4], quad[6]];
                        let x0 = xs.iter().copied().fold(f64::INFINITY, f64::min);
                        let x1 = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                        bodies.push((x0, y - 0.7 * size, x1, y, size));
                    }
                }
            }
            if !bodies.is_empty() {
                lines.push((text.trim().to_owned(), bodies));
            }
        }
        for (i, (a, bodies_a)) in lines.iter().enumerate() {
            for (b, bodies_b) in &lines[i + 1..] {
                let hit = bodies_a.iter().any(|x| {
                    bodies_b.iter().any(|y| {
                        let size = x.4.min(y.4);
                        let w = x.2.min(y.2) - x.0.max(y.0);
                        let h = x.3.min(y.3) - x.1.max(y.1);
                        w > 0.2 * size && h > 0.05 * size
                    })
                });
                if hit {
                    found.push(format!("page {}: “{a}” over “{b}”", index + 1));
                }
            }
        }
    }
    found
}

/// `xml` without character references to control characters and lone
/// surrogates, which mutool writes and XML forbids.
fn strip_bad_references(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        let end = tail.find(';').unwrap_or(0);
        let number = &tail[..end];
        let value = match number.strip_prefix('x') {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        };
        let bad = value.is_none_or(|v| {
            (v < 32 && v != 9 && v != 10 && v != 13) || (0xD800..=0xDFFF).contains(&v)
        });
        if bad && end > 0 {
            out.push('?');
        } else {
            out.push_str(&rest[at..at + 2 + end + 1]);
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}
