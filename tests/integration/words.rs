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
    let found = Command::new("pdftotext").arg("-v").output().is_ok();
    if !found {
        eprintln!("skipped: word boxes need pdftotext (Debian package poppler-utils)");
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
