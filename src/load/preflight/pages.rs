//! The pages of a paper one by one: their size and orientation against the
//! volume's A4 page, and what their marks call for; then their sizes
//! together (one odd size said once, mixed sizes page by page).

use lopdf::{Document, ObjectId};

use super::marks::marks;
use super::objects::{inherited, rect};
use super::placement::Placement;
use super::{Finding, MM, VOLUME};

/// A page's number and its width and height as shown (after its
/// rotation), in points.
pub(super) type PageSize = (usize, f64, f64);

/// Checks page `number`: landscape, what it draws in the stamp band, its
/// images' resolution, in that order. Returns its size, or nothing if the
/// page cannot be read.
pub(super) fn check_page(
    doc: &Document,
    number: usize,
    page_id: ObjectId,
    findings: &mut Vec<Finding>,
) -> Option<PageSize> {
    let page = doc.get_dictionary(page_id).ok()?;
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
    if rotate != 0 || w > h {
        findings.push(Finding::warning(
            Some(number),
            "the page is landscape (rotated); it is turned and shrunk to fit the portrait page"
                .into(),
            "export it in portrait orientation, or rotate the figure on a portrait page",
        ));
    }
    let placed = Placement::new(media, w, h, rotate);
    findings.extend(marks(doc, page_id, &placed).findings(number));
    Some((number, w, h))
}

/// Pages that are not the volume's size: all of one other size (a Letter
/// paper in an A4 volume) is said once; mixed sizes page by page.
pub(super) fn page_sizes(sizes: &[PageSize]) -> Vec<Finding> {
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
    let odd: Vec<&PageSize> = sizes
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
