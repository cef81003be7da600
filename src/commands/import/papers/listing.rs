//! EasyChair's "List of Accepted Submissions" HTML (Administration > Other
//! Utilities > List of Accepted Submissions > Download the list): for each
//! paper `<div class="paper">` with `<span class="authors">` ("A, B and C",
//! names perhaps linked to a web page) and `<span class="title">`, then
//! `<div class="abstract">`. It carries no ids: papers are numbered in its
//! order.

use std::path::Path;

use super::{Paper, Volume};
use crate::config::Kind;
use crate::diag::{Diagnostic, Result, display_path};

const PAPER: &str = "<div class=\"paper\">";

/// Whether `text` is such a list.
pub fn sniff(text: &str) -> bool {
    text.contains(PAPER) && text.contains("class=\"title\"")
}

/// The text inside the element that opens right after `marker` in
/// `html`, up to its closing `</tag>` (nesting of the same tag counted).
fn inside<'a>(html: &'a str, marker: &str, tag: &str) -> Option<&'a str> {
    let start = html.find(marker)? + marker.len();
    let rest = &html[start..];
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut depth = 1;
    let mut at = 0;
    while depth > 0 {
        let next_open = rest[at..].find(&open).map(|i| i + at);
        let next_close = rest[at..].find(&close).map(|i| i + at)?;
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                at = o + open.len();
            }
            _ => {
                depth -= 1;
                if depth == 0 {
                    return Some(&rest[..next_close]);
                }
                at = next_close + close.len();
            }
        }
    }
    None
}

/// Text without its tags, entities read, spaces collapsed.
fn plain(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let markdown = super::super::html::to_markdown(&text);
    // Markdown's escapes are not wanted in a title or a name.
    let mut out = String::new();
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads the list: every paper in it (it lists only accepted ones).
pub fn read(path: &Path) -> Result<(Volume, Vec<Diagnostic>)> {
    let name = display_path(path);
    let bytes = std::fs::read(path)
        .map_err(|err| Diagnostic::error(format!("cannot read `{name}`: {err}")))?;
    let (html, _) = super::encoding::decode(&name, &bytes)?;
    let mut volume = Volume::default();
    let mut warnings = Vec::new();
    let pieces: Vec<&str> = html.split(PAPER).skip(1).collect();
    for (index, piece) in pieces.iter().enumerate() {
        let id = (index + 1).to_string();
        let title = inside(piece, "<span class=\"title\">", "span")
            .map(plain)
            .unwrap_or_default();
        if title.is_empty() {
            warnings.push(Diagnostic::warning(format!(
                "paper {id} of `{name}` has no title; it is left out"
            )));
            continue;
        }
        let authors_text = inside(piece, "<span class=\"authors\">", "span")
            .map(plain)
            .unwrap_or_default();
        let authors_text = authors_text.trim_end_matches('.').trim();
        let authors = super::listed_authors(authors_text);
        let abstract_text = inside(piece, "<div class=\"abstract\">", "div")
            .map(super::super::html::to_markdown)
            .unwrap_or_default();
        volume.papers.push(Paper {
            id,
            title,
            abstract_text: abstract_text.trim().to_owned(),
            keywords: Vec::new(),
            kind: Kind::Talk,
            track: None,
            authors,
            file: None,
        });
    }
    Ok((volume, warnings))
}
