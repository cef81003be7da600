//! CEUR-WS: the volume's `index.html` after CEUR's template (every `CEUR…`
//! class it has, `Vol-XXX` and the URN's `XXX` where CEUR assigns the
//! number, the editors, the licence clause, the table of contents grouped
//! as the volume groups it: `<li id="paperN">` with title, pages and
//! authors) and `paperN.pdf` per paper. No scripts, no styles of its own
//! beyond CEUR's stylesheet link.

use std::fmt::Write as _;

use chrono::Datelike;

use super::volume::Built;
use super::{File, common_checks};
use crate::diag::{Diagnostic, Result};
use crate::escape::xml;
use crate::model::Project;

/// CEUR's checks: editors and family names; the number of submitted papers
/// (which the template states) is not in the project: a placeholder.
pub fn check(project: &Project) -> Vec<Diagnostic> {
    let mut found = common_checks(project, "CEUR-WS");
    if let Some(licence) = &project.programme.proceedings.licence
        && !licence
            .short
            .replace(' ', "")
            .eq_ignore_ascii_case("CCBY4.0")
    {
        found.push(
            Diagnostic::error(format!(
                "CEUR-WS publishes under CC BY 4.0; the volume's licence is `{}`",
                licence.short
            ))
            .hint("set `licence = \"CC BY 4.0\"` under [proceedings], or publish elsewhere"),
        );
    }
    found.push(
        Diagnostic::warning(
            "CEUR-WS assigns the volume number and asks how many papers were submitted: index.html says `XXX` there",
        )
        .hint("fill in CEURSUBMITTEDPAPERS; CEUR fills in Vol-XXX and the URN"),
    );
    found
}

/// `index.html` and `paperN.pdf`.
pub fn files(
    project: &Project,
    volume: &Built,
    _warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<File>> {
    let programme = &project.programme;
    let conference = &programme.conference;
    let by_id = programme.contributions_by_id();
    let licence = (programme.proceedings.licence.as_ref())
        .map(|l| l.short.clone())
        .unwrap_or_else(|| "CC BY 4.0".to_owned());
    let year = conference.start.year();
    let short = |t: &str| {
        let t = t.to_lowercase();
        t.contains("short") || t.contains("abstract") || t.contains("poster")
    };
    let accepted = volume.entries.len();
    let short_count = (volume.entries.iter())
        .filter_map(|e| by_id.get(e.id.as_str()))
        .filter(|c| c.track.as_deref().is_some_and(short) || c.kind == crate::config::Kind::Poster)
        .count();
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<!-- CEURVERSION=2020-07-09 -->\n<html lang=\"{lang}\">\n<head>\n<meta http-equiv=\"Content-type\" content=\"text/html;charset=utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n<link rel=\"stylesheet\" type=\"text/css\" href=\"../ceur-ws.css\">\n<title>CEUR-WS.org/Vol-XXX - {title}</title>\n</head>\n<!--CEURLANG={lang3} -->\n<body>\n\n",
        lang = xml(&conference.lang),
        lang3 = match conference.lang.as_str() {
            "de" => "deu",
            "fr" => "fra",
            "es" => "spa",
            _ => "eng",
        },
        title = xml(&conference.title),
    );
    let _ = write!(
        h,
        "<table style=\"border: 0; border-spacing: 0; border-collapse: collapse; width: 95%\">\n<tbody><tr>\n<td style=\"text-align: left; vertical-align: middle\">\n<a href=\"http://ceur-ws.org/\"><div id=\"CEURWSLOGO\"></div></a>\n</td>\n<td style=\"text-align: right; vertical-align: middle\">\n<div style=\"float:left\" id=\"CEURCCBY\"></div>\n<span class=\"CEURVOLNR\">Vol-XXX</span> <br>\n<span class=\"CEURURN\">urn:nbn:de:0074-XXX-C</span>\n<p class=\"unobtrusive copyright\" style=\"text-align: justify\">Copyright &copy; {year} for\nthe individual papers by the papers' authors.\nCopyright &copy; <span class=\"CEURPUBYEAR\">{year}</span> for the volume\nas a collection by its editors.\nThis volume and its papers are published under the\nCreative Commons License Attribution 4.0 International\n<a href=\"https://creativecommons.org/licenses/by/4.0/\">(<span class=\"CEURLIC\">{}</span>)</a>.</p>\n</td>\n</tr>\n</tbody></table>\n\n<hr>\n\n",
        xml(&licence)
    );
    let _ = write!(
        h,
        "<h1>{}<span class=\"CEURVOLACRONYM\">{}</span>{}<br>\n<span class=\"CEURVOLTITLE\">{}</span></h1>\n\n<h3><span class=\"CEURFULLTITLE\">Proceedings of {}</span></h3>\n<h3><span class=\"CEURLOCTIME\">{}{}</span></h3>\n\n<b>Edited by</b>\n<h3>\n",
        conference
            .url
            .as_ref()
            .map(|u| format!("<a href=\"{}\">", xml(u)))
            .unwrap_or_default(),
        xml(&conference.short_title),
        if conference.url.is_some() { "</a>" } else { "" },
        xml(&conference.title),
        xml(&conference.title),
        conference
            .venue
            .as_ref()
            .map(|v| format!("{}, ", xml(v)))
            .unwrap_or_default(),
        xml(&conference.dates),
    );
    for editor in &conference.editors {
        let _ = writeln!(
            h,
            "   <span class=\"CEURVOLEDITOR\">{}</span><br>",
            xml(editor)
        );
    }
    let _ = write!(
        h,
        "</h3>\n\n<hr>\n\n<div class=\"CEURTOC\">\n<h2>Table of Contents</h2>\n\nSummary: There were <span class=\"CEURSUBMITTEDPAPERS\">XXX</span> papers submitted for peer-review to this workshop. Out of these,\n<span class=\"CEURACCEPTEDPAPERS\">{accepted}</span> papers were accepted for this volume,\n<span class=\"CEURACCEPTEDREGULARPAPERS\">{}</span> as regular papers and\n<span class=\"CEURACCEPTEDSHORTPAPERS\">{short_count}</span> as short papers.\n<br>\n",
        accepted - short_count
    );
    let mut files = Vec::new();
    let mut current: Option<Option<String>> = None;
    for (n, entry) in volume.entries.iter().enumerate() {
        let Some(c) = by_id.get(entry.id.as_str()) else {
            continue;
        };
        let n = n + 1;
        let group = c
            .session
            .as_ref()
            .and_then(|id| programme.sessions.iter().find(|s| &s.id == id))
            .map(|s| s.title.clone());
        if current.as_ref() != Some(&group) {
            if current.is_some() {
                h.push_str("</ul>\n");
            }
            let heading = group.clone().unwrap_or_else(|| "Papers".to_owned());
            let _ = write!(h, "\n<h3>{}</h3>\n<ul>\n", xml(&heading));
            current = Some(group);
        }
        let authors: Vec<String> = (c.authors.iter())
            .map(|a| format!("<span class=\"CEURAUTHOR\">{}</span>", xml(&a.name)))
            .collect();
        let _ = write!(
            h,
            "<li id=\"paper{n}\"><a href=\"paper{n}.pdf\">\n<span class=\"CEURTITLE\">{}</span></a>\n<span class=\"CEURPAGES\">{}</span> <br>\n{}\n</li>\n",
            xml(&c.title),
            xml(&entry.pages("-")),
            authors.join(",\n")
        );
        files.push((
            format!("paper{n}.pdf"),
            std::fs::read(&entry.pdf).unwrap_or_default(),
        ));
    }
    if current.is_some() {
        h.push_str("</ul>\n");
    }
    let _ = write!(
        h,
        "\n</div>\n\n<hr>\n<span class=\"unobtrusive\">\nmetadata incl. bibliographic data published under <a href=\"https://creativecommons.org/publicdomain/zero/1.0/\">Creative Commons CC0</a><br>\n<span class=\"CEURPUBDATE\">XXXX-XX-XX</span>: published on CEUR Workshop Proceedings (CEUR-WS.org, ISSN 1613-0073)\n</span>\n</body></html>\n"
    );
    files.insert(0, ("index.html".to_owned(), h.into_bytes()));
    Ok(files)
}
