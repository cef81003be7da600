//! QR codes for the booklet: a URL as an SVG of square modules (vector, so
//! it prints sharp at any size), with the quiet zone of four modules that
//! readers need, at error correction level M (15 % of the code may be
//! damaged: a fold or a smudge on a printed page).

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

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

#[cfg(test)]
mod tests {
    #[test]
    fn a_url_becomes_an_svg_and_an_impossible_one_nothing() {
        let svg = super::svg("https://example.org/talk/7").unwrap();
        assert!(svg.starts_with("<?xml") && svg.contains("<svg"), "{svg}");
        assert!(super::svg(&"x".repeat(5000)).is_none());
    }
}
