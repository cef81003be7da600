//! Checking what the documents are made with: the booklet's and the print
//! shop's settings, the proceedings' front matter, sponsors.

use super::Checker;
use super::files::{LOGO_WIDTH_MM, SPONSOR_WIDTH_MM};
use super::values::{PAPER_HINTS, parse_length, parse_paper, valid_isbn, valid_issn};
use crate::config::{Imposition, ProjectFile};
use crate::diag::closest;
use crate::model::{Booklet, Committee, Info, Licence, PdfStandard, Print, Proceedings, Sponsor};
use crate::vpaths;

impl Checker {
    pub(super) fn booklet(&mut self, file: &ProjectFile) -> Option<Booklet> {
        let b = &file.booklet;
        let (width_mm, height_mm) = match &b.paper {
            None => (148.0, 210.0),
            Some(paper) => match parse_paper(paper.get_ref()) {
                Some(size) => size,
                None => {
                    let hint = match closest(&paper.get_ref().to_lowercase(), PAPER_HINTS.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "use a Typst paper name such as \"a5\" or \"us-statement\", or a size such as \"170mm x 240mm\"".into(),
                    };
                    self.error(paper.span(), format!("unknown paper `{}`", paper.get_ref()))
                        .hints
                        .push(hint);
                    return None;
                }
            },
        };
        let short_words = match &b.short_words {
            Some(n) if *n.get_ref() == 0 => {
                self.error(n.span(), "`short-words` must be at least 1");
                60
            }
            Some(n) => *n.get_ref(),
            None => 60,
        };
        let logo = b
            .logo
            .as_ref()
            .and_then(|logo| self.image(logo, "logo", LOGO_WIDTH_MM, "logo"));
        let info = b
            .info
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let body = vpaths::info(i);
                self.sources
                    .markdown
                    .push((body.clone(), entry.text.clone()));
                Info {
                    title: entry.title.clone(),
                    body,
                }
            })
            .collect();
        Some(Booklet {
            width_mm,
            height_mm,
            abstracts: b.abstracts,
            short_words,
            max_authors: b.max_authors.unwrap_or(DEFAULT_MAX_AUTHORS),
            logo,
            imposition: b.imposition == Imposition::SaddleStitch,
            info,
            session_breaks: b.session_breaks.unwrap_or(true),
        })
    }

    pub(super) fn print(&mut self, file: &ProjectFile) -> Print {
        let p = &file.print;
        let bleed_mm = match &p.bleed {
            None => 0.0,
            Some(bleed) => match parse_length(bleed.get_ref()) {
                Some(mm) if (0.0..=20.0).contains(&mm) => mm,
                _ => {
                    self.error(
                        bleed.span(),
                        format!("`{}` is not a bleed between 0 and 20 mm", bleed.get_ref()),
                    )
                    .hints
                    .push("print shops usually ask for \"3mm\"".into());
                    0.0
                }
            },
        };
        // Crop marks need room outside the bleed.
        let slug_mm = if p.crop_marks { 9.0 } else { 0.0 };
        Print {
            bleed_mm,
            crop_marks: p.crop_marks,
            slug_mm,
        }
    }

    pub(super) fn proceedings(&mut self, file: &ProjectFile) -> Proceedings {
        let p = &file.proceedings;
        if let Some(isbn) = &p.isbn
            && !valid_isbn(isbn.get_ref())
        {
            self.error(
                isbn.span(),
                format!("`{}` is not a valid ISBN", isbn.get_ref()),
            )
            .hints
            .push(
                "an ISBN has 10 or 13 digits and ends in a check digit, such as 978-3-16-148410-0"
                    .into(),
            );
        }
        if let Some(issn) = &p.issn
            && !valid_issn(issn.get_ref())
        {
            self.error(
                issn.span(),
                format!("`{}` is not a valid ISSN", issn.get_ref()),
            )
            .hints
            .push("an ISSN looks like 0317-8471 (the last digit is a check digit)".into());
        }
        if let Some(doi) = &p.doi
            && !(doi.get_ref().starts_with("10.") && doi.get_ref().contains('/'))
        {
            self.error(doi.span(), format!("`{}` is not a DOI", doi.get_ref()))
                .hints
                .push("a DOI starts with \"10.\" and has a slash, such as 10.1234/sis.2031".into());
        }
        let standard = p.pdf_standard.as_ref().and_then(|standard| {
            let known = PdfStandard::from_name(standard.get_ref());
            if known.is_some() {
                known
            } else {
                let names: Vec<&str> = PdfStandard::ALL.iter().map(|(name, _)| *name).collect();
                self.error(
                    standard.span(),
                    format!("unknown PDF standard `{}`", standard.get_ref()),
                )
                .hints
                .push(format!("use one of {}", names.join(", ")));
                None
            }
        });
        let preface_source = p.preface.as_ref().and_then(|path| {
            let relative = self.project_path(path, "preface")?;
            if relative.extension().and_then(|e| e.to_str()) != Some("md") {
                self.error(
                    path.span(),
                    format!("preface `{}` must be a Markdown (.md) file", path.get_ref()),
                );
                return None;
            }
            Some(relative)
        });
        Proceedings {
            publisher: p.publisher.clone(),
            isbn: p.isbn.as_ref().map(|v| v.get_ref().clone()),
            issn: p.issn.as_ref().map(|v| v.get_ref().clone()),
            doi: p.doi.as_ref().map(|v| v.get_ref().clone()),
            licence: p.licence.as_ref().map(|l| licence(l)),
            copyright: p.copyright.clone(),
            preface: preface_source.map(|source| {
                self.sources.preface = Some((vpaths::PREFACE.to_owned(), source));
                vpaths::PREFACE.to_owned()
            }),
            committees: file
                .committees
                .iter()
                .map(|c| Committee {
                    role: c.role.clone(),
                    members: c.members.clone(),
                })
                .collect(),
            order: p.order,
            contributions: Vec::new(),
            pdf_standard: standard,
            keyword_index: p.keyword_index,
            keywords: Vec::new(),
        }
    }

    pub(super) fn sponsors(&mut self, file: &ProjectFile) -> Vec<Sponsor> {
        let mut out = Vec::new();
        for (i, entry) in file.sponsors.iter().enumerate() {
            let logo = entry.logo.as_ref().and_then(|logo| {
                self.image(
                    logo,
                    "sponsor logo",
                    SPONSOR_WIDTH_MM,
                    &format!("sponsor-{i}"),
                )
            });
            out.push(Sponsor {
                name: entry.name.clone(),
                logo,
            });
        }
        out
    }
}

/// Authors shown per booklet entry unless `max-authors` says otherwise.
const DEFAULT_MAX_AUTHORS: u32 = 12;

/// Full name and address of the licences people usually mean.
pub(super) fn licence(short: &str) -> Licence {
    let key = short
        .trim()
        .to_ascii_uppercase()
        .replace('-', " ")
        .replace("  ", " ");
    let known = [
        (
            "CC BY 4.0",
            "Creative Commons Attribution 4.0 International",
            "by",
        ),
        (
            "CC BY SA 4.0",
            "Creative Commons Attribution-ShareAlike 4.0 International",
            "by-sa",
        ),
        (
            "CC BY NC 4.0",
            "Creative Commons Attribution-NonCommercial 4.0 International",
            "by-nc",
        ),
        (
            "CC BY ND 4.0",
            "Creative Commons Attribution-NoDerivatives 4.0 International",
            "by-nd",
        ),
        (
            "CC BY NC SA 4.0",
            "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
            "by-nc-sa",
        ),
        (
            "CC BY NC ND 4.0",
            "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
            "by-nc-nd",
        ),
    ];
    match known.iter().find(|(k, _, _)| *k == key) {
        Some((_, name, path)) => Licence {
            short: short.to_owned(),
            name: Some((*name).to_owned()),
            url: Some(format!("https://creativecommons.org/licenses/{path}/4.0/")),
        },
        None if key == "CC0" || key == "CC0 1.0" => Licence {
            short: short.to_owned(),
            name: Some("CC0 1.0 Universal (public domain dedication)".into()),
            url: Some("https://creativecommons.org/publicdomain/zero/1.0/".into()),
        },
        None => Licence {
            short: short.to_owned(),
            name: None,
            url: None,
        },
    }
}
