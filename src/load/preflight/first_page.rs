//! The first page of a paper must show the contribution's title and its
//! authors' family names: otherwise the upload is likely another paper or an
//! outdated version. Its text is read by pdf-extract.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use lopdf::Document;

use super::{Expect, Finding};

/// The first page's text must show the title and every author's family
/// name (compared without case, accents, hyphens and spaces): otherwise the
/// upload is likely another paper or an outdated version.
pub(super) fn first_page(doc: &Document, expect: &Expect) -> Vec<Finding> {
    let Some(text) = first_page_text(doc) else {
        return vec![Finding::warning(
            Some(1),
            "the text of the first page cannot be read, so its title and authors were not compared"
                .into(),
            "a damaged or unusual PDF: ask for a fresh export",
        )];
    };
    let page = squeeze(&text);
    if page.len() < 20 {
        // No text layer (a scan): nothing to compare.
        return vec![Finding::warning(
            Some(1),
            "the first page has no text to compare with the title (a scan, or text turned into outlines?)".into(),
            "ask the authors for a PDF exported from their document, with its text",
        )];
    }
    let mut findings = Vec::new();
    let title = squeeze(expect.title);
    if !title.is_empty() && !page.contains(&title) {
        findings.push(Finding::warning(
            Some(1),
            format!("the first page does not show the title “{}”", expect.title),
            "a swapped or outdated upload? Check the file, or the title in conference.toml",
        ));
    }
    let missing: Vec<&String> = expect
        .families
        .iter()
        .filter(|f| {
            let f = squeeze(f);
            !f.is_empty() && !page.contains(&f)
        })
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|n| format!("“{n}”")).collect();
        findings.push(Finding::warning(
            Some(1),
            format!(
                "the first page does not name the author(s) {}",
                names.join(", ")
            ),
            "a swapped or outdated upload, or a name spelled differently in conference.toml?",
        ));
    }
    findings
}

/// The text of the first page, by pdf-extract (which reads the ToUnicode
/// maps that lopdf's own extraction cannot). It panics on some malformed
/// files: that is caught, quietly, and means "no text".
fn first_page_text(doc: &Document) -> Option<String> {
    use std::cell::Cell;
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::Once;
    thread_local!(static QUIET: Cell<bool> = const { Cell::new(false) });
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut text = String::new();
        let mut output = pdf_extract::PlainTextOutput::new(&mut text);
        pdf_extract::output_doc_page(doc, &mut output, 1).ok()?;
        Some(text)
    }));
    QUIET.with(|q| q.set(false));
    result.ok().flatten()
}

/// Text reduced for comparison: lower case, no accents, letters and digits
/// only (so hyphenation, line breaks and ligature spacing do not matter).
fn squeeze(text: &str) -> String {
    text.replace(['\u{fb01}'], "fi")
        .replace('\u{fb02}', "fl")
        .replace('\u{fb00}', "ff")
        .nfd()
        .filter(|c| !is_combining_mark(*c) && c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squeezing_ignores_case_accents_and_hyphens() {
        assert_eq!(squeeze("Müller-Lüdenscheidt, A."), "mullerludenscheidta");
        assert_eq!(squeeze("dif-\nferentiation"), "differentiation");
    }
}
