//! `[print] colour` and `accent`: the accent as the chair writes it, checked
//! against the colour model and the press's ink limit; and the PDF
//! standards that drawing in CMYK rules out.

use super::Checker;
use crate::config::{PrintColour, ProjectFile, Sp};
use crate::diag::Diagnostic;
use crate::model::{Accent, Booklet, PdfStandard, Proceedings};

/// Today's blue, for screens.
const BLUE_RGB: &str = "#1d4f73";
/// Today's blue as Ghostscript 10's default CMYK profile separates it
/// (sRGB #1d4f73 → 93/69/34/17, 213 % ink): the same blue on the press.
const BLUE_CMYK: [f64; 4] = [93.0, 69.0, 34.0, 17.0];
/// The most ink a solid area may take, all four inks together, in percent:
/// what print shops ask of sheet-fed offset on coated paper (ISO 12647-2
/// allows 300–350 %; 300 % is the safe side).
pub const INK_LIMIT: f64 = 300.0;
/// An example of the CMYK form, for hints.
const EXAMPLE: &str = "cmyk(93%, 69%, 34%, 17%)";

/// The colour names the accent may be given as.
const NAMES: [&str; 2] = ["blue", "black"];

/// The colour model a build draws in: the command line's, else
/// `[print] colour`, else RGB.
pub(super) fn effective(file: &ProjectFile, asked: Option<PrintColour>) -> PrintColour {
    asked
        .or(file.print.colour.as_ref().map(|c| *c.get_ref()))
        .unwrap_or_default()
}

impl Checker {
    /// `[print] accent`, or today's blue, in the document's colour model.
    pub(super) fn accent(&mut self, written: Option<&Sp<String>>, colour: PrintColour) -> Accent {
        let Some(written) = written else {
            return named("blue", colour).expect("blue is a name");
        };
        match parse(written.get_ref(), colour) {
            Ok(accent) => accent,
            Err((message, hint)) => {
                self.error(written.span(), message).hints.push(hint);
                named("blue", colour).expect("blue is a name")
            }
        }
    }

    /// In CMYK the PDF/A standards are left out: Typst 0.15's exporter has
    /// no CMYK output profile to embed, which PDF/A asks for as soon as a
    /// CMYK colour is used, and refuses the document. Written by the chair,
    /// such a standard is an error at `pdf-standard`; by default (the
    /// proceedings' PDF/A-2b) it gives way with a warning at `colour`.
    pub(super) fn standards_in_cmyk(
        &mut self,
        file: &ProjectFile,
        booklet: Option<&mut Booklet>,
        proceedings: &mut Proceedings,
    ) {
        if effective(file, self.colour) != PrintColour::Cmyk {
            return;
        }
        // Where CMYK was asked for: `colour` in the file, unless the
        // command line asked.
        let asked_at = match (self.colour, &file.print.colour) {
            (None, Some(written)) => Some(written.span()),
            _ => None,
        };
        let booklet_written = file.booklet.pdf_standard.as_ref().map(Sp::span);
        let volume_written = file.proceedings.pdf_standard.as_ref().map(Sp::span);
        let documents = [
            (
                "the booklet",
                "[booklet]",
                booklet.map(|b| &mut b.pdf_standards),
                booklet_written,
            ),
            (
                "the proceedings",
                "[proceedings]",
                Some(&mut proceedings.pdf_standards),
                volume_written,
            ),
        ];
        for (document, section, standards, written) in documents {
            let Some(standards) = standards else { continue };
            let archival: Vec<PdfStandard> = standards
                .iter()
                .copied()
                .filter(|s| s.is_archival())
                .collect();
            let Some(first) = archival.first() else {
                continue;
            };
            let why = "Typst 0.15 cannot embed the CMYK output profile PDF/A asks for";
            match written {
                Some(span) => {
                    self.error(
                        span,
                        format!("{} cannot be written in CMYK: {why}", first.title()),
                    )
                    .hints
                    .push(format!(
                        "leave it out for the press (pdf-standard = \"ua-1\" in {section}), and build the archival copy with colour = \"rgb\" or --colour rgb"
                    ));
                }
                None => {
                    standards.retain(|s| !s.is_archival());
                    let mut warning = Diagnostic::warning(format!(
                        "{document} are written without {} in CMYK: {why}",
                        first.title()
                    ))
                    .hint(format!(
                        "build the archival copy with {}; pdf-standard = \"ua-1\" in {section} says you want it so, and silences this",
                        if asked_at.is_some() { "colour = \"rgb\"" } else { "--colour rgb" }
                    ));
                    if let Some(span) = asked_at.clone() {
                        warning = warning.at(self.at(span));
                    }
                    self.warnings.push(warning);
                }
            }
        }
    }
}

/// The accent named `name`, if it is a name, in `colour`.
fn named(name: &str, colour: PrintColour) -> Option<Accent> {
    let (rgb, cmyk) = match name {
        "blue" => (BLUE_RGB, BLUE_CMYK),
        "black" => ("#000000", [0.0, 0.0, 0.0, 100.0]),
        _ => return None,
    };
    Some(match colour {
        PrintColour::Rgb => Accent::Rgb(rgb.to_owned()),
        PrintColour::Cmyk => Accent::Cmyk(cmyk),
    })
}

/// `text` as an accent in `colour`, or the message and hint that say why not.
fn parse(text: &str, colour: PrintColour) -> Result<Accent, (String, String)> {
    let trimmed = text.trim().to_lowercase();
    if let Some(accent) = named(&trimmed, colour) {
        return Ok(accent);
    }
    if let Some(hex) = trimmed.strip_prefix('#') {
        let Some(rgb) = hex_colour(hex) else {
            return Err((
                format!("`{text}` is not a hex colour"),
                "a hex colour has six digits 0-9 and a-f after the #, such as #1d4f73".into(),
            ));
        };
        return match colour {
            PrintColour::Rgb => Ok(Accent::Rgb(rgb)),
            PrintColour::Cmyk => Err((
                format!("the accent `{text}` is RGB, and a CMYK build needs it in CMYK"),
                format!(
                    "write the ink values your print shop gives for it, such as accent = \"{EXAMPLE}\" (the default blue)"
                ),
            )),
        };
    }
    if let Some(inside) = trimmed
        .strip_prefix("cmyk(")
        .and_then(|t| t.strip_suffix(')'))
    {
        let values = cmyk_values(inside).ok_or_else(|| {
            (
                format!("`{text}` is not a CMYK colour"),
                format!("give four percentages from 0% to 100%: cyan, magenta, yellow and black, such as {EXAMPLE}"),
            )
        })?;
        let ink: f64 = values.iter().sum();
        if ink > INK_LIMIT {
            // Shown to a tenth: sums of decimals carry float noise.
            let ink = (ink * 10.0).round() / 10.0;
            return Err((
                format!("the accent `{text}` needs {ink} % ink, more than the {INK_LIMIT} % presses allow"),
                "the cover band is a solid area in the accent: lower its cyan, magenta and yellow, or its black".into(),
            ));
        }
        return Ok(Accent::Cmyk(values));
    }
    Err((
        format!("`{text}` is not a colour"),
        format!(
            "write {EXAMPLE}, a hex colour such as \"#1d4f73\" (for colour = \"rgb\"), or a name: {}",
            NAMES.join(", ")
        ),
    ))
}

/// Six (or three) hex digits as `#rrggbb`.
fn hex_colour(hex: &str) -> Option<String> {
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{hex}")),
        3 => Some(hex.chars().fold("#".to_owned(), |mut out, c| {
            out.push(c);
            out.push(c);
            out
        })),
        _ => None,
    }
}

/// "93%, 69%, 34%, 17%" as four percentages, each from 0 to 100.
fn cmyk_values(inside: &str) -> Option<[f64; 4]> {
    let values: Vec<f64> = inside
        .split(',')
        .map(|part| part.trim().strip_suffix('%')?.trim().parse::<f64>().ok())
        .collect::<Option<_>>()?;
    let values: [f64; 4] = values.try_into().ok()?;
    values
        .iter()
        .all(|v| (0.0..=100.0).contains(v))
        .then_some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_an_accent_takes() {
        let cmyk = PrintColour::Cmyk;
        let rgb = PrintColour::Rgb;
        assert_eq!(
            parse(" CMYK(90%, 55%,15% ,5%) ", cmyk),
            Ok(Accent::Cmyk([90.0, 55.0, 15.0, 5.0]))
        );
        assert_eq!(
            parse("cmyk(0%, 0%, 0%, 100%)", rgb),
            Ok(Accent::Cmyk([0.0, 0.0, 0.0, 100.0]))
        );
        assert_eq!(parse("#1D4F73", rgb), Ok(Accent::Rgb("#1d4f73".into())));
        assert_eq!(parse("#abc", rgb), Ok(Accent::Rgb("#aabbcc".into())));
        assert_eq!(parse("blue", cmyk), Ok(Accent::Cmyk(BLUE_CMYK)));
        assert_eq!(
            parse("Black", cmyk),
            Ok(Accent::Cmyk([0.0, 0.0, 0.0, 100.0]))
        );
    }

    #[test]
    fn what_an_accent_must_not_be() {
        let cmyk = PrintColour::Cmyk;
        let refused = |text: &str| parse(text, cmyk).unwrap_err().0;
        assert_eq!(
            refused("#1d4f73"),
            "the accent `#1d4f73` is RGB, and a CMYK build needs it in CMYK"
        );
        assert_eq!(
            refused("cmyk(90, 55, 15, 5)"),
            "`cmyk(90, 55, 15, 5)` is not a CMYK colour"
        );
        assert_eq!(
            refused("cmyk(90%, 55%, 15%)"),
            "`cmyk(90%, 55%, 15%)` is not a CMYK colour"
        );
        assert_eq!(
            refused("cmyk(120%, 0%, 0%, 0%)"),
            "`cmyk(120%, 0%, 0%, 0%)` is not a CMYK colour"
        );
        assert_eq!(
            refused("cmyk(100%, 100%, 100%, 100%)"),
            "the accent `cmyk(100%, 100%, 100%, 100%)` needs 400 % ink, more than the 300 % presses allow"
        );
        assert_eq!(
            refused("cmyk(80.1%, 80.1%, 70.1%, 70.1%)"),
            "the accent `cmyk(80.1%, 80.1%, 70.1%, 70.1%)` needs 300.4 % ink, more than the 300 % presses allow"
        );
        assert_eq!(
            refused("cmyk(nan%, 0%, 0%, 0%)"),
            "`cmyk(nan%, 0%, 0%, 0%)` is not a CMYK colour"
        );
        assert_eq!(refused("#12345"), "`#12345` is not a hex colour");
        assert_eq!(refused("teal"), "`teal` is not a colour");
        // The default blue keeps within the limit on the press.
        assert!(BLUE_CMYK.iter().sum::<f64>() <= INK_LIMIT);
    }
}
