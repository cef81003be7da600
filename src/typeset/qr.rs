//! QR codes for the booklet: a URL as an SVG of square modules (vector, so
//! it prints sharp at any size), with the quiet zone of four modules that
//! readers need, at error correction level M (15 % of the code may be
//! damaged: a fold or a smudge on a printed page). For the press the
//! template draws the code itself, in black ink, from its dark modules: an
//! SVG's black would be separated into all four inks, and a code printed
//! out of register reads badly.

use qrcode::render::svg;
use std::collections::HashMap;

use qrcode::{Color, EcLevel, QrCode};
use serde::Serialize;

/// The quiet zone around a code, in modules.
const QUIET: usize = 4;

/// A code's dark modules as rectangles, for the template to draw.
#[derive(Debug, Serialize)]
pub struct Modules {
    /// Modules across the code, quiet zone included.
    pub size: usize,
    /// Each rectangle of dark modules: its first row and column, its width
    /// and its height. A run of dark modules along a row, continued down
    /// the rows below that have the same run (the fewer shapes, the
    /// cheaper the page).
    pub runs: Vec<[usize; 4]>,
}

/// The QR code of `url` as an SVG document, or `None` if the URL is too long
/// for any QR code.
pub fn svg(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color>()
            .quiet_zone(true)
            .module_dimensions(4, 4)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
    )
}

/// The dark modules of `url`'s code as runs, or `None` if the URL is too
/// long for any QR code.
pub fn modules(url: &str) -> Option<Modules> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut runs: Vec<[usize; 4]> = Vec::new();
    // The rectangles reaching the row above, by their column and width.
    let mut open: HashMap<(usize, usize), usize> = HashMap::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut next = HashMap::new();
        let mut x = 0;
        while x < width {
            let dark = row[x..].iter().take_while(|&&c| c == Color::Dark).count();
            if dark > 0 {
                let key = (x + QUIET, dark);
                let at = match open.get(&key) {
                    Some(&at) => {
                        runs[at][3] += 1;
                        at
                    }
                    None => {
                        runs.push([y + QUIET, x + QUIET, dark, 1]);
                        runs.len() - 1
                    }
                };
                next.insert(key, at);
            }
            x += dark.max(1);
        }
        open = next;
    }
    Some(Modules {
        size: width + 2 * QUIET,
        runs,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_url_becomes_an_svg_and_an_impossible_one_nothing() {
        let svg = super::svg("https://example.org/talk/7").unwrap();
        assert!(svg.starts_with("<?xml") && svg.contains("<svg"), "{svg}");
        assert!(super::svg(&"x".repeat(5000)).is_none());
    }

    #[test]
    fn the_modules_are_the_svgs_squares() {
        let url = "https://example.org/talk/7";
        let modules = super::modules(url).unwrap();
        let svg = super::svg(url).unwrap();
        // The SVG draws a 4-unit square at each dark module ("M16 16h4v4…",
        // quiet zone included); the runs cover exactly those.
        let mut squares: Vec<(usize, usize)> = (svg.split('M').skip(1))
            .filter_map(|m| {
                let (x, rest) = m.split_once(' ')?;
                let y = rest.split_once('h')?.0;
                Some((y.parse::<usize>().ok()? / 4, x.parse::<usize>().ok()? / 4))
            })
            .collect();
        squares.sort();
        let mut covered: Vec<(usize, usize)> = (modules.runs.iter())
            .flat_map(|&[y, x, w, h]| (y..y + h).flat_map(move |y| (x..x + w).map(move |x| (y, x))))
            .collect();
        covered.sort();
        assert!(!covered.is_empty());
        assert_eq!(covered, squares);
        assert!(
            (modules.runs.iter())
                .all(|&[y, x, w, h]| y >= 4 && x >= 4 && x + w <= 29 && y + h <= 29)
        );
        // The finder patterns' sides, at least, are merged down the rows.
        assert!(modules.runs.iter().any(|r| r[3] >= 5));
        assert_eq!(modules.size, 25 + 8);
    }
}
