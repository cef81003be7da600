//! Checking what the documents are made with: the booklet's and the print
//! shop's settings, the proceedings' front matter, sponsors.

use super::Checker;
use super::files::{LOGO_WIDTH_MM, SPONSOR_WIDTH_MM};
use super::values::{PAPER_HINTS, parse_length, parse_paper, valid_isbn, valid_issn};
use crate::config::{Imposition, ProjectFile, Sp};
use crate::diag::closest;
use crate::model::{Booklet, Committee, Info, Licence, PdfStandard, Print, Proceedings, Sponsor};
use crate::text::chars;
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
            qr_codes: b.qr_codes,
            glance_rooms: Vec::new(),
            pdf_standards: self
                .pdf_standards(b.pdf_standard.as_ref(), &PdfStandard::BOOKLET_DEFAULT),
            pdf_standards_required: b.pdf_standard.is_some(),
        })
    }

    /// `pdf-standard`: a name or a list of names, each known (else an error
    /// at it, with the names there are), none twice.
    fn pdf_standards(
        &mut self,
        written: Option<&Sp<crate::config::Standards>>,
        default: &[&str],
    ) -> Vec<PdfStandard> {
        let Some(written) = written else {
            return default
                .iter()
                .filter_map(|name| PdfStandard::from_name(name))
                .collect();
        };
        let mut out = Vec::new();
        for name in written.get_ref().names() {
            match PdfStandard::from_name(name) {
                Some(standard) if !out.contains(&standard) => out.push(standard),
                Some(_) => {}
                None => {
                    let names: Vec<&str> = PdfStandard::ALL.iter().map(|(name, _)| *name).collect();
                    self.error(written.span(), format!("unknown PDF standard `{name}`"))
                        .hints
                        .push(format!(
                            "use one of {}, or a list such as [\"a-2b\", \"ua-1\"]",
                            names.join(", ")
                        ));
                }
            }
        }
        out
    }

    /// `[booklet] glance-rooms`, checked against the rooms the programme
    /// uses: a room named there that nothing is in is a slip of the pen.
    pub(super) fn glance_rooms(&mut self, file: &ProjectFile, used: &[&str]) -> Vec<String> {
        let mut rooms = Vec::new();
        for room in &file.booklet.glance_rooms {
            let name = room.get_ref();
            if used.contains(&name.as_str()) {
                if !rooms.contains(name) {
                    rooms.push(name.clone());
                }
                continue;
            }
            let hint = match crate::diag::closest(name, used.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "name rooms as sessions and contributions name them".to_owned(),
            };
            self.error(
                room.span(),
                format!(
                    "`glance-rooms` names the room `{name}`, which nothing in the programme is in"
                ),
            )
            .hints
            .push(hint);
        }
        rooms
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
        let colour = super::colour::effective(file, self.colour);
        Print {
            bleed_mm,
            crop_marks: p.crop_marks,
            slug_mm,
            colour,
            accent: self.accent(p.accent.as_ref(), colour),
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
        let standards =
            self.pdf_standards(p.pdf_standard.as_ref(), &PdfStandard::PROCEEDINGS_DEFAULT);
        let url_pattern = p
            .url_pattern
            .as_ref()
            .and_then(|pattern| self.checked_url_pattern(pattern));
        let depositor = match (&p.depositor, &p.depositor_email) {
            (Some(name), Some(email)) => {
                if !email.get_ref().contains('@') {
                    self.error(
                        email.span(),
                        format!("`{}` is not an email address", email.get_ref()),
                    );
                }
                Some((name.get_ref().clone(), email.get_ref().clone()))
            }
            (Some(name), None) => {
                self.error(name.span(), "a `depositor` needs a `depositor-email`")
                    .hints
                    .push("Crossref writes to this address about the deposit: add `depositor-email = \"…\"`".into());
                None
            }
            (None, Some(email)) => {
                self.error(email.span(), "a `depositor-email` needs a `depositor`")
                    .hints
                    .push("add `depositor = \"…\"`: the person or organisation that deposits the DOIs".into());
                None
            }
            (None, None) => None,
        };
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
            pdf_standards: standards,
            pdf_standards_required: p.pdf_standard.is_some(),
            keyword_index: p.keyword_index,
            stamp: p.stamp.unwrap_or(true),
            keywords: Vec::new(),
            url_pattern,
            depositor,
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

/// Whether `doi` has the syntax of a DOI: `10.`, a registrant code of 4 to 9
/// digits (dot-separated parts allowed), a slash and a suffix of the
/// characters Crossref accepts.
pub(crate) fn valid_doi(doi: &str) -> bool {
    let Some((prefix, suffix)) = doi.split_once('/') else {
        return false;
    };
    let Some(registrant) = prefix.strip_prefix("10.") else {
        return false;
    };
    let first = registrant.split('.').next().unwrap_or("");
    (4..=9).contains(&first.len())
        && registrant.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !suffix.is_empty()
        && suffix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._;()/:".contains(c))
}

impl Checker {
    /// `[proceedings] doi-prefix` and `doi-pattern`, checked: how a
    /// contribution without a `doi` of its own gets one.
    pub(super) fn doi_scheme(&mut self, file: &ProjectFile) -> Option<(String, String)> {
        let p = &file.proceedings;
        if let (None, Some(pattern)) = (&p.doi_prefix, &p.doi_pattern) {
            self.error(pattern.span(), "`doi-pattern` needs a `doi-prefix`")
                .hints
                .push("add `doi-prefix = \"10.5555\"` (your DOI prefix) to [proceedings]".into());
        }
        let prefix = p.doi_prefix.as_ref()?;
        let valid = prefix
            .get_ref()
            .strip_prefix("10.")
            .is_some_and(|r| (4..=9).contains(&r.len()) && r.chars().all(|c| c.is_ascii_digit()));
        if !valid {
            self.error(
                prefix.span(),
                format!("`{}` is not a DOI prefix", prefix.get_ref()),
            )
            .hints
            .push("a DOI prefix is `10.` and 4 to 9 digits, such as 10.5555".into());
            return None;
        }
        let pattern = p
            .doi_pattern
            .as_ref()
            .map_or(DEFAULT_DOI_PATTERN, |pattern| pattern.get_ref().as_str());
        if let Some(pattern_value) = &p.doi_pattern
            && !pattern_value.get_ref().contains("{id}")
        {
            self.error(
                pattern_value.span(),
                "`doi-pattern` must hold `{id}`, or every contribution gets the same DOI",
            )
            .hints
            .push(format!("the default is \"{DEFAULT_DOI_PATTERN}\""));
            return None;
        }
        let short = file
            .conference
            .short_title
            .as_deref()
            .unwrap_or(file.conference.title.get_ref());
        let pattern = pattern
            .replace("{prefix}", prefix.get_ref())
            .replace("{conference-short}", &chars::slug(short));
        Some((prefix.get_ref().clone(), pattern))
    }

    /// A contribution's DOI: its own `doi`, checked, or one from the
    /// volume's pattern; each DOI once in the programme.
    pub(super) fn contribution_doi(
        &mut self,
        id: &str,
        doi: Option<&Sp<String>>,
    ) -> Option<String> {
        let (value, span) = match (doi, &self.doi_scheme) {
            (Some(doi), _) => {
                let value = doi.get_ref().trim().to_lowercase();
                let value = value
                    .strip_prefix("https://doi.org/")
                    .or_else(|| value.strip_prefix("doi:"))
                    .unwrap_or(&value)
                    .to_owned();
                if !valid_doi(&value) {
                    self.error(doi.span(), format!("`{}` is not a DOI", doi.get_ref()))
                        .hints
                        .push("a DOI looks like 10.5555/conf.2031.7: `10.`, 4 to 9 digits, a slash, then letters, digits and - . _ ; ( ) / :".into());
                    return None;
                }
                (value, doi.span())
            }
            (None, Some((_, pattern))) => {
                let value = pattern.replace("{id}", id).to_lowercase();
                // At the contribution's `id`: the DOI is made, not written.
                let span = self
                    .sources
                    .places
                    .get(id)
                    .map(|p| p.range.clone())
                    .unwrap_or(0..0);
                if !valid_doi(&value) {
                    self.error(
                        span,
                        format!("the DOI `{value}` made for contribution `{id}` is not a valid DOI"),
                    )
                    .hints
                    .push("set `doi-pattern` in [proceedings] to one that makes valid DOIs, or give this contribution its own `doi`".into());
                    return None;
                }
                (value, span)
            }
            (None, None) => return None,
        };
        if let Some(first) = self.dois.get(&value).cloned() {
            let note = self.position_note(first);
            self.error(span, format!("the DOI `{value}` is given twice"))
                .notes
                .push(note);
            return None;
        }
        self.dois.insert(value.clone(), span);
        Some(value)
    }
}

/// How contributions' DOIs are made when the pattern is not given.
pub(crate) const DEFAULT_DOI_PATTERN: &str = "{prefix}/{conference-short}.{id}";

/// Whether `url` is an address a phone can open from a QR code or a PDF link.
pub(super) fn valid_url(url: &str) -> bool {
    // QR codes hold up to some 2,300 bytes at level M; a printable one far less.
    (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > "https://".len()
        && url.len() <= 1000
        && !url.chars().any(char::is_whitespace)
}

impl Checker {
    /// A URL of the configuration, checked: an error where it is not one.
    pub(super) fn url(&mut self, url: &Sp<String>) -> Option<String> {
        let value = url.get_ref().trim();
        if valid_url(value) {
            Some(value.to_owned())
        } else {
            self.error(url.span(), format!("`{}` is not a web address", url.get_ref()))
                .hints
                .push("give a full address (at most 1,000 characters), such as https://example.org/talk/7".into());
            None
        }
    }

    /// `[booklet] url-pattern`, checked.
    pub(super) fn url_pattern(&mut self, file: &ProjectFile) -> Option<String> {
        let pattern = file.booklet.url_pattern.as_ref()?;
        self.checked_url_pattern(pattern)
    }

    /// A URL pattern, checked: it must make a URL of an id.
    fn checked_url_pattern(&mut self, pattern: &Sp<String>) -> Option<String> {
        if !pattern.get_ref().contains("{id}") || !valid_url(pattern.get_ref()) {
            self.error(
                pattern.span(),
                format!("`{}` is not a URL pattern", pattern.get_ref()),
            )
            .hints
            .push("an address with `{id}` where the contribution's id goes, such as https://example.org/talk/{id}".into());
            return None;
        }
        Some(pattern.get_ref().clone())
    }
}
