//! How a paper page lies on the volume's A4 page: scaled to fit, centred,
//! turned as the page says; and the PDF matrix arithmetic that places it.

use super::VOLUME;

/// The identity matrix.
pub(super) const IDENTITY: [f64; 6] = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// How a paper page is placed on the volume's page: scaled to fit, centred.
pub(super) struct Placement {
    /// Paper user space → volume page.
    pub(super) matrix: [f64; 6],
}

impl Placement {
    /// The placement of a page with visible box `media`, shown `w` × `h`
    /// points after its rotation by `rotate` degrees.
    pub(super) fn new(media: [f64; 4], w: f64, h: f64, rotate: i64) -> Self {
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
            _ => IDENTITY,
        };
        let fit = [scale, 0.0, 0.0, scale, dx, dy];
        Self {
            matrix: multiply(multiply(origin, rotation), fit),
        }
    }
}

/// A matrix from six numbers (the caller has checked there are six).
pub(super) fn matrix(n: &[f64]) -> [f64; 6] {
    [n[0], n[1], n[2], n[3], n[4], n[5]]
}

/// `a` then `b`, as PDF matrices [a b c d e f].
pub(super) fn multiply(a: [f64; 6], b: [f64; 6]) -> [f64; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// Where matrix `m` takes the point (`x`, `y`).
pub(super) fn apply(m: [f64; 6], x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_page_is_placed_scaled_and_centred() {
        let placed = Placement::new([0.0, 0.0, 612.0, 792.0], 612.0, 792.0, 0);
        // Letter is narrower in proportion than A4: its width fits.
        let scale = VOLUME.0 / 612.0;
        let (x, y) = apply(placed.matrix, 0.0, 0.0);
        assert!(x.abs() < 0.01, "{x}");
        assert!((y - (VOLUME.1 - 792.0 * scale) / 2.0).abs() < 0.01, "{y}");
    }
}
