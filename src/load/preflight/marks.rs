//! What a paper page draws where it matters: anything in the band where
//! confpress stamps its footer, and the resolution its images print at.
//!
//! The content stream (and the forms it draws) is walked operator by
//! operator, keeping only the state positions and whiteness need: the
//! current transformation matrix, the text matrices, the path under
//! construction. Everything is measured on the volume's page.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::objects::{inherited, number, resolve};
use super::placement::{IDENTITY, Placement, apply, matrix, multiply};
use super::{Finding, MIN_IMAGE_DPI, STAMP_BAND, VOLUME};

/// Forms drawn inside forms are followed this deep, no deeper.
const MAX_FORM_DEPTH: usize = 8;

/// What a page draws where it matters.
#[derive(Default)]
pub(super) struct Marks {
    /// What is drawn in the stamp band ("text “12”", "an image", "a line").
    in_band: Vec<String>,
    /// The lowest resolution of its images.
    lowest_dpi: Option<f64>,
}

impl Marks {
    /// The warnings the marks of page `number` call for: the first thing
    /// drawn in the stamp band, then an image below print resolution.
    pub(super) fn findings(&self, number: usize) -> Vec<Finding> {
        let mut findings = Vec::new();
        if let Some(what) = self.in_band.first() {
            findings.push(Finding::warning(
                Some(number),
                format!("{what} lies where confpress stamps its footer (6–24 mm above the bottom edge); the stamp would print over it"),
                "ask the authors to leave the foot of the page empty (no page numbers or footers: confpress numbers the volume)",
            ));
        }
        if let Some(dpi) = self.lowest_dpi
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
        findings
    }
}

/// Walks a page's content (and the forms it draws) in volume coordinates.
pub(super) fn marks(doc: &Document, page_id: ObjectId, placed: &Placement) -> Marks {
    let mut marks = Marks::default();
    let Ok(content) = doc.get_page_content(page_id) else {
        return marks;
    };
    let resources = doc
        .get_dictionary(page_id)
        .ok()
        .and_then(|page| inherited(doc, page, b"Resources"))
        .and_then(|r| r.as_dict().ok());
    let scope = Scope {
        doc,
        resources,
        depth: 0,
    };
    walk(scope, &content, placed.matrix, &mut marks);
    marks
}

/// Whether something spanning `y0` to `y1` on the volume's page touches the
/// stamp band.
fn in_band(y0: f64, y1: f64) -> bool {
    y1 >= STAMP_BAND.0 && y0 <= STAMP_BAND.1
}

/// What a content stream is drawn within: the document, the resources its
/// names refer to, and how many forms deep it is.
#[derive(Clone, Copy)]
struct Scope<'a> {
    doc: &'a Document,
    resources: Option<&'a Dictionary>,
    depth: usize,
}

/// Walks one content stream, drawn with `base` as its matrix, noting its
/// marks.
fn walk(scope: Scope, content: &[u8], base: [f64; 6], marks: &mut Marks) {
    let Ok(content) = Content::decode(content) else {
        return;
    };
    let mut state = State::new(base);
    for op in &content.operations {
        state.operation(scope, op, marks);
    }
}

/// The state of a content stream as far as positions and whiteness need it.
struct State {
    /// The current transformation matrix.
    ctm: [f64; 6],
    /// What `q` saved: the matrix and whether the colour is white.
    stack: Vec<([f64; 6], bool)>,
    /// The text matrix.
    tm: [f64; 6],
    /// The text line matrix.
    tlm: [f64; 6],
    /// The font size.
    size: f64,
    /// The text leading.
    leading: f64,
    /// Whether the colour is white (what is drawn in it does not show).
    white: bool,
    /// The points of the path under construction.
    path: Vec<(f64, f64)>,
}

impl State {
    /// The state at the start of a stream drawn with `base` as its matrix.
    fn new(base: [f64; 6]) -> Self {
        Self {
            ctm: base,
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            size: 0.0,
            leading: 0.0,
            white: false,
            path: Vec::new(),
        }
    }

    /// Follows one operator; operators with the wrong number of operands,
    /// and all others, are passed over.
    fn operation(&mut self, scope: Scope, op: &Operation, marks: &mut Marks) {
        let n: Vec<f64> = op.operands.iter().filter_map(number).collect();
        let operator = op.operator.as_str();
        match operator {
            "q" => self.stack.push((self.ctm, self.white)),
            "Q" => {
                if let Some((saved, w)) = self.stack.pop() {
                    self.ctm = saved;
                    self.white = w;
                }
            }
            "cm" if n.len() == 6 => self.ctm = multiply(matrix(&n), self.ctm),
            "g" if n.len() == 1 => self.white = n[0] >= 0.99,
            "rg" if n.len() == 3 => self.white = n.iter().all(|v| *v >= 0.99),
            "k" if n.len() == 4 => self.white = n.iter().all(|v| *v <= 0.01),
            "BT" | "Tf" | "TL" | "Tm" | "Td" | "TD" | "T*" => self.text_state(operator, &n),
            "Tj" | "TJ" | "'" | "\"" => self.show_text(op, marks),
            "m" | "l" | "c" | "v" | "y" | "re" => self.path_point(operator, &n),
            "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => self.paint(operator, marks),
            "n" => self.path.clear(),
            "Do" => self.draw_xobject(scope, op, marks),
            _ => {}
        }
    }

    /// `BT`, `Tf`, `TL`, `Tm`, `Td`, `TD`, `T*`: where the next text goes.
    fn text_state(&mut self, operator: &str, n: &[f64]) {
        match operator {
            "BT" => {
                self.tm = IDENTITY;
                self.tlm = self.tm;
            }
            "Tf" if n.len() == 1 => self.size = n[0],
            "TL" if n.len() == 1 => self.leading = n[0],
            "Tm" if n.len() == 6 => {
                self.tm = matrix(n);
                self.tlm = self.tm;
            }
            "Td" | "TD" if n.len() == 2 => {
                if operator == "TD" {
                    self.leading = -n[1];
                }
                self.tlm = multiply([1.0, 0.0, 0.0, 1.0, n[0], n[1]], self.tlm);
                self.tm = self.tlm;
            }
            "T*" => self.next_line(),
            _ => {}
        }
    }

    /// Moves to the start of the next line of text.
    fn next_line(&mut self) {
        self.tlm = multiply([1.0, 0.0, 0.0, 1.0, 0.0, -self.leading], self.tlm);
        self.tm = self.tlm;
    }

    /// `Tj`, `TJ`, `'`, `"`: text shown, noted if it is in the band and not
    /// white.
    fn show_text(&mut self, op: &Operation, marks: &mut Marks) {
        if op.operator != "Tj" && op.operator != "TJ" {
            self.next_line();
        }
        let m = multiply(self.tm, self.ctm);
        let (_, y0) = apply(m, 0.0, 0.0);
        let (_, y1) = apply(m, 0.0, self.size * 0.7);
        let text = shown_text(&op.operands);
        if in_band(y0.min(y1), y0.max(y1)) && !text.trim().is_empty() && !self.white {
            // Quoted when it reads as text (simple fonts).
            let text = text.trim();
            marks.in_band.push(if text.contains('…') {
                "text".to_owned()
            } else {
                format!("text “{text}”")
            });
        }
    }

    /// `m`, `l`, `c`, `v`, `y`, `re`: the points a path goes through (the
    /// end points of curves, the corners of rectangles).
    fn path_point(&mut self, operator: &str, n: &[f64]) {
        let ctm = self.ctm;
        match operator {
            "m" | "l" if n.len() == 2 => self.path.push(apply(ctm, n[0], n[1])),
            "c" if n.len() == 6 => self.path.push(apply(ctm, n[4], n[5])),
            "v" | "y" if n.len() == 4 => self.path.push(apply(ctm, n[2], n[3])),
            "re" if n.len() == 4 => {
                self.path.push(apply(ctm, n[0], n[1]));
                self.path.push(apply(ctm, n[0] + n[2], n[1] + n[3]));
                self.path.push(apply(ctm, n[0] + n[2], n[1]));
                self.path.push(apply(ctm, n[0], n[1] + n[3]));
            }
            _ => {}
        }
    }

    /// A stroke or fill: the path is noted if it lies in the band (a white
    /// fill does not show; a shape half the page high is a frame, not a
    /// mark), then ends.
    fn paint(&mut self, operator: &str, marks: &mut Marks) {
        let fill_only = matches!(operator, "f" | "F" | "f*");
        if let Some((y0, y1)) = extent(&self.path)
            && in_band(y0, y1)
            && y1 - y0 < VOLUME.1 / 2.0
            && !(fill_only && self.white)
        {
            marks.in_band.push("a drawing".into());
        }
        self.path.clear();
    }

    /// `Do`: an image or a form drawn from the resources; a name that is
    /// not there is passed over.
    fn draw_xobject(&self, scope: Scope, op: &Operation, marks: &mut Marks) {
        let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
            return;
        };
        let Some(xobject) = scope
            .resources
            .and_then(|r| r.get(b"XObject").ok())
            .map(|x| resolve(scope.doc, x))
            .and_then(|x| x.as_dict().ok())
            .and_then(|x| x.get(name).ok())
            .map(|x| resolve(scope.doc, x))
            .and_then(|x| x.as_stream().ok())
        else {
            return;
        };
        let subtype = xobject
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|s| s.as_name().ok());
        if subtype == Some(b"Image") {
            self.image(xobject, marks);
        } else if subtype == Some(b"Form") && scope.depth < MAX_FORM_DEPTH {
            self.form(scope, xobject, marks);
        }
    }

    /// An image, drawn in the unit square of the current matrix: noted if
    /// it lies in the band, and its resolution as printed.
    fn image(&self, xobject: &Stream, marks: &mut Marks) {
        let ctm = self.ctm;
        let corners =
            [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)].map(|(x, y)| apply(ctm, x, y));
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
                marks.lowest_dpi = Some(marks.lowest_dpi.map_or(dpi, |d: f64| d.min(dpi)));
            }
        }
    }

    /// A form: its content is walked with its own matrix and resources
    /// (the drawing stream's when it has none).
    fn form<'a>(&self, scope: Scope<'a>, xobject: &'a Stream, marks: &mut Marks) {
        let form_matrix = xobject
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|m| m.as_array().ok())
            .map(|m| m.iter().filter_map(number).collect::<Vec<f64>>())
            .filter(|m| m.len() == 6)
            .map_or(IDENTITY, |m| matrix(&m));
        let own = xobject
            .dict
            .get(b"Resources")
            .ok()
            .map(|r| resolve(scope.doc, r))
            .and_then(|r| r.as_dict().ok())
            .or(scope.resources);
        let data = xobject
            .decompressed_content()
            .unwrap_or_else(|_| xobject.content.clone());
        let inner = Scope {
            doc: scope.doc,
            resources: own,
            depth: scope.depth + 1,
        };
        walk(inner, &data, multiply(form_matrix, self.ctm), marks);
    }
}

/// The lowest and highest `y` of `points`, if there are any.
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
