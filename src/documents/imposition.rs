//! Imposition: the booklet's pages arranged two per sheet side, so that
//! printing duplex (flip on the short edge), folding and stapling gives the
//! booklet. The pages are placed as vector PDF pages by a small Typst
//! document, never rasterised.

use serde::Serialize;

use crate::diag::{Diagnostic, Result};
use crate::model::Programme;
use crate::typeset::world::ProjectWorld;
use crate::vpaths;

/// What `templates/impose.typ` needs to lay out the sheets.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Plan {
    /// Sheet size in millimetres (landscape).
    pub sheet_width_mm: f64,
    /// Sheet height in millimetres.
    pub sheet_height_mm: f64,
    /// Trimmed page size in millimetres.
    pub page_width_mm: f64,
    /// Trimmed page height in millimetres.
    pub page_height_mm: f64,
    /// How much of each booklet page lies outside the trim (bleed and slug),
    /// to be cut away when placing it.
    pub offset_mm: f64,
    /// One entry per sheet side: the booklet pages (1-based) on the left and
    /// right half; 0 leaves a half blank.
    pub sides: Vec<[usize; 2]>,
}

/// The saddle-stitch order of `pages` pages: for sheet `s`, the front holds
/// the last and first remaining pages, the back the next pair inwards. Pages
/// beyond `pages` (when it is not a multiple of four) stay blank.
pub fn saddle_stitch(pages: usize) -> Vec<[usize; 2]> {
    let total = pages.div_ceil(4) * 4;
    let shown = |n: usize| if n <= pages { n } else { 0 };
    let mut sides = Vec::with_capacity(total / 2);
    for sheet in 0..total / 4 {
        sides.push([shown(total - 2 * sheet), shown(2 * sheet + 1)]);
        sides.push([shown(2 * sheet + 2), shown(total - 2 * sheet - 1)]);
    }
    sides
}

/// The plan for a booklet of `pages` pages of the given trimmed size.
pub fn plan(pages: usize, width_mm: f64, height_mm: f64, offset_mm: f64) -> Plan {
    // The smallest common sheet that holds two pages side by side.
    let (sheet_width_mm, sheet_height_mm) = [
        (297.0, 210.0),
        (420.0, 297.0),
        (279.4, 215.9),
        (431.8, 279.4),
    ]
    .into_iter()
    .filter(|&(w, h)| 2.0 * width_mm <= w + 1.0 && height_mm <= h + 0.5)
    .min_by(|a, b| (a.0 * a.1).total_cmp(&(b.0 * b.1)))
    .unwrap_or((2.0 * width_mm, height_mm));
    Plan {
        sheet_width_mm,
        sheet_height_mm,
        page_width_mm: width_mm,
        page_height_mm: height_mm,
        offset_mm,
        sides: saddle_stitch(pages),
    }
}

/// Lays out `booklet` (the booklet's PDF, `pages` long) two pages per sheet
/// side in saddle-stitch order.
pub fn impose(
    world: &mut ProjectWorld,
    programme: &Programme,
    booklet: &[u8],
    pages: usize,
) -> Result<Vec<u8>> {
    let b = &programme.booklet;
    let offset = programme.print.bleed_mm + programme.print.slug_mm;
    let plan = plan(pages, b.width_mm, b.height_mm, offset);
    let json = serde_json::to_vec(&plan)
        .map_err(|err| Diagnostic::error(format!("cannot plan the imposition: {err}")))?;
    let data = [
        (vpaths::IMPOSITION, json),
        (vpaths::BOOKLET_PDF, booklet.to_vec()),
    ];
    let imposition = (vpaths::IMPOSE, "the imposition");
    let (_, print) =
        super::event::extra(world, programme, imposition, data, "booklet-imposed.pdf")?;
    super::pdf::blend_in_cmyk(print.pdf, programme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_pages_on_two_sheets() {
        assert_eq!(saddle_stitch(8), vec![[8, 1], [2, 7], [6, 3], [4, 5]]);
    }

    #[test]
    fn missing_pages_stay_blank() {
        assert_eq!(saddle_stitch(6), vec![[0, 1], [2, 0], [6, 3], [4, 5]]);
    }

    #[test]
    fn a5_goes_on_a4() {
        let p = plan(12, 148.0, 210.0, 0.0);
        assert_eq!((p.sheet_width_mm, p.sheet_height_mm), (297.0, 210.0));
        assert_eq!(p.sides.len(), 6);
    }
}
