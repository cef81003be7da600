//! Images placed by the templates (logos): checked, measured, and converted
//! where Typst cannot embed them or where they are far larger than print needs.

use std::io::Cursor;
use std::path::Path;

use image::{ImageFormat, ImageReader};

/// Resolution below which an image prints visibly soft.
pub const MIN_DPI: f64 = 300.0;
/// Resolution above which an image is downscaled: more is invisible in print
/// and only makes the PDF heavy.
pub const MAX_DPI: f64 = 600.0;

/// An image ready for the templates.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Virtual path the template loads it from.
    pub vpath: String,
    /// New bytes when converted or downscaled; `None` serves the file as it is.
    pub bytes: Option<Vec<u8>>,
    /// Effective resolution at the placed width, for raster images.
    pub dpi: Option<f64>,
}

/// Reads the image at `relative` (inside `root`), checks that it decodes, and
/// prepares it for placement at `width_mm`. `slug` names converted copies.
///
/// Returns the prepared image, or a message saying why it cannot be used.
pub fn prepare(root: &Path, relative: &str, width_mm: f64, slug: &str) -> Result<Prepared, String> {
    let original = format!("/{}", relative.trim_start_matches("./"));
    let lower = relative.to_ascii_lowercase();
    if lower.ends_with(".svg") || lower.ends_with(".pdf") {
        // Vector images scale freely; Typst reports its own problems with them.
        return Ok(Prepared {
            vpath: original,
            bytes: None,
            dpi: None,
        });
    }
    let data =
        std::fs::read(root.join(relative)).map_err(|err| format!("cannot read it: {err}"))?;
    let reader = ImageReader::new(Cursor::new(&data))
        .with_guessed_format()
        .map_err(|err| format!("cannot read it: {err}"))?;
    let format = reader.format().ok_or(
        "it is not an image format confpress knows (PNG, JPEG, GIF, WebP, BMP, TIFF, SVG or PDF)",
    )?;
    let decoded = reader
        .decode()
        .map_err(|err| format!("it is not a readable image: {err}"))?;
    let inches = width_mm / 25.4;
    let dpi = f64::from(decoded.width()) / inches;
    let embeddable = matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP
    );

    let (image, out_format) = if dpi > MAX_DPI {
        let width = (MAX_DPI * inches).round().max(1.0) as u32;
        let height = ((f64::from(decoded.height()) * f64::from(width)) / f64::from(decoded.width()))
            .round()
            .max(1.0) as u32;
        let resized = decoded.resize_exact(width, height, image::imageops::FilterType::Lanczos3);
        let format = if format == ImageFormat::Jpeg {
            ImageFormat::Jpeg
        } else {
            ImageFormat::Png
        };
        (Some(resized), format)
    } else if !embeddable {
        (Some(decoded), ImageFormat::Png)
    } else {
        (None, format)
    };
    let Some(image) = image else {
        return Ok(Prepared {
            vpath: original,
            bytes: None,
            dpi: Some(dpi),
        });
    };
    let mut bytes = Vec::new();
    let image = if out_format == ImageFormat::Jpeg {
        image::DynamicImage::ImageRgb8(image.to_rgb8())
    } else {
        image
    };
    image
        .write_to(&mut Cursor::new(&mut bytes), out_format)
        .map_err(|err| format!("cannot convert it: {err}"))?;
    let extension = if out_format == ImageFormat::Jpeg {
        "jpg"
    } else {
        "png"
    };
    Ok(Prepared {
        vpath: crate::vpaths::image(slug, extension),
        bytes: Some(bytes),
        dpi: Some(dpi.min(MAX_DPI)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_png(dir: &Path, name: &str, width: u32, height: u32) {
        image::RgbImage::from_pixel(width, height, image::Rgb([20, 80, 120]))
            .save(dir.join(name))
            .unwrap();
    }

    #[test]
    fn measures_and_keeps_a_fitting_image() {
        let dir = tempfile::tempdir().unwrap();
        write_png(dir.path(), "a.png", 400, 100);
        let p = prepare(dir.path(), "a.png", 25.4, "a").unwrap();
        assert_eq!(p.vpath, "/a.png");
        assert!(p.bytes.is_none());
        assert_eq!(p.dpi, Some(400.0));
    }

    #[test]
    fn downscales_huge_images_to_600_dpi() {
        let dir = tempfile::tempdir().unwrap();
        write_png(dir.path(), "big.png", 3000, 1000);
        let p = prepare(dir.path(), "big.png", 25.4, "big").unwrap();
        let bytes = p.bytes.expect("converted");
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (600, 200));
        assert_eq!(p.vpath, "/.confpress/images/big.png");
    }

    #[test]
    fn converts_formats_typst_cannot_embed() {
        let dir = tempfile::tempdir().unwrap();
        image::RgbImage::from_pixel(300, 100, image::Rgb([1, 2, 3]))
            .save(dir.path().join("l.bmp"))
            .unwrap();
        let p = prepare(dir.path(), "l.bmp", 25.4, "l").unwrap();
        assert_eq!(p.vpath, "/.confpress/images/l.png");
        assert_eq!(
            image::guess_format(&p.bytes.unwrap()).unwrap(),
            ImageFormat::Png
        );
    }

    #[test]
    fn rejects_broken_images() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.png"), b"\x89PNG\r\n\x1a\nbroken").unwrap();
        assert!(
            prepare(dir.path(), "x.png", 20.0, "x")
                .unwrap_err()
                .starts_with("it is not a readable image")
        );
    }
}
