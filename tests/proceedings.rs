//! The proceedings volume: front matter, numbering, outline, affiliations,
//! references, standards, and the mistakes a publication chair can make.

mod common;

use std::path::Path;

use common::{Pdf, Workspace};

/// Text without any whitespace: for comparisons where extraction splits runs
/// around superscripts or inside a wrapped address.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == "out" {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the synthetic project in `proj`, built; returns the workspace
/// and the proceedings.
fn synthetic(edit: impl FnOnce(&Workspace)) -> (Workspace, Pdf) {
    let ws = Workspace::new();
    copy_dir(
        Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/synthetic"
        )),
        &ws.path().join("proj"),
    );
    edit(&ws);
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let pdf = Pdf::open(ws.path().join("proj/out/proceedings.pdf"));
    (ws, pdf)
}

#[test]
fn outline_runs_from_front_matter_through_sessions_to_indices() {
    let (_ws, pdf) = synthetic(|_| {});
    let outline = pdf.outline();
    let top: Vec<&str> = outline
        .iter()
        .filter(|(d, _)| *d == 1)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        &top[..4],
        ["Preface", "Committees", "Contents", "Opening Keynote"]
    );
    assert_eq!(
        &top[top.len() - 3..],
        [
            "Closing Panel: What We Did Not Imagine",
            "Author index",
            "Keyword index"
        ]
    );
    // Every contribution is a bookmark, under its session.
    let second: Vec<&(usize, String)> = outline.iter().filter(|(d, _)| *d == 2).collect();
    assert_eq!(
        second.len() + 1,
        69,
        "68 contributions in sessions, the panel on its own"
    );
    let keynote = outline
        .iter()
        .position(|(_, t)| t == "Opening Keynote")
        .unwrap();
    assert_eq!(
        outline[keynote + 1],
        (2, "Quantised Ray Tracers".to_owned())
    );
}

#[test]
fn page_labels_are_roman_then_arabic_from_one() {
    let (_ws, pdf) = synthetic(|_| {});
    let labels = pdf.page_labels();
    let first_main = labels
        .iter()
        .position(|l| l == "1")
        .expect("an arabic page 1");
    assert_eq!(&labels[..4], ["i", "ii", "iii", "iv"]);
    assert!(
        labels[..first_main]
            .iter()
            .all(|l| l.chars().all(|c| "ivxlc".contains(c))),
        "{labels:?}"
    );
    for (i, label) in labels[first_main..].iter().enumerate() {
        assert_eq!(label, &(i + 1).to_string());
    }
    // The contents page, its printed number and its label agree.
    let pages = pdf.page_texts();
    let contents = pages
        .iter()
        .position(|p| p.starts_with("Contents"))
        .unwrap();
    assert!(
        pages[contents].ends_with(&format!(" {}", labels[contents])),
        "{}",
        pages[contents]
    );
    assert!(
        pages[first_main].starts_with("SESSION 1 Opening Keynote"),
        "{}",
        pages[first_main]
    );
}

#[test]
fn front_matter_carries_the_imprint_and_committees() {
    let (_ws, pdf) = synthetic(|_| {});
    let pages = pdf.page_texts();
    let imprint = &pages[3];
    for expected in [
        "Published by Imaginary Press, Utopia City",
        "ISBN 978-3-16-148410-0",
        "DOI 10.5555/sis.2031",
        "© 2031 the authors",
        "This volume is published under the licence Creative Commons Attribution 4.0 International (CC BY 4.0): https://creativecommons.org/licenses/by/4.0/",
    ] {
        assert!(
            squash(imprint).contains(&squash(expected)),
            "{expected:?} not in {imprint}"
        );
    }
    assert!(
        pages[4].starts_with("Preface This volume collects"),
        "{}",
        pages[4]
    );
    assert!(
        pages[5].starts_with("Committees Programme committee"),
        "{}",
        pages[5]
    );
    assert!(
        pages[5].contains("Friends of Elsewhere"),
        "sponsors in the front matter"
    );
    let info = pdf.info();
    assert_eq!(
        info["Title"],
        "Symposium on Imaginary Systems 2031 – Proceedings"
    );
    assert_eq!(info["Author"], "Ada Abernathy, Wen Nakamura");
    assert_eq!(info["CreationDate"], "D:20310901000000Z");
}

#[test]
fn affiliations_are_numbered_per_contribution_by_first_appearance() {
    let (_ws, pdf) = synthetic(|_| {});
    let text = pdf.text();
    // Checked by hand against conference.toml: lemuria, hypo, then ias, utopia.
    let entry = "Verified Mesh Generators from First Principles Chloé Rossi1,2, Ursula de Bastion3,4 \
        1Lemuria Polytechnic, Lemuria 2Hypothetical Computing Centre, Erewhon \
        3Institute for Imaginary Systems, Atlantis 4Fictional University of Utopia, Utopia City, Nowhere \
        KEYWORDS meshes, verification";
    assert!(squash(&text).contains(&squash(entry)), "not found: {entry}");
}

#[test]
fn shared_affiliations_get_one_number() {
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "authors = [\"Ada Lovelace\"]",
        "authors = [{ name = \"Ada Lovelace\", affiliations = [\"x\", \"y\"] }, { name = \"Bo Li\", affiliations = [\"y\"] }, { name = \"Cy Twombly\", affiliations = [\"z\"] }]",
    );
    let toml = String::from_utf8(ws.read("proj/conference.toml")).unwrap();
    ws.write(
        "proj/conference.toml",
        &format!("{toml}\n[[affiliation]]\nid = \"z\"\nname = \"Zeta Lab\"\n\n[[affiliation]]\nid = \"y\"\nname = \"Ypsilon Institute\"\n\n[[affiliation]]\nid = \"x\"\nname = \"Xi College\"\n"),
    );
    ws.run(&["build", "proj", "--only", "proceedings"])
        .success();
    let text = Pdf::open(ws.path().join("proj/out/proceedings.pdf")).text();
    let expected = "Ada Lovelace1,2, Bo Li2, Cy Twombly3 1Xi College 2Ypsilon Institute 3Zeta Lab";
    assert!(squash(&text).contains(&squash(expected)), "{text}");
}

#[test]
fn references_come_from_the_bibtex_file() {
    let (_ws, pdf) = synthetic(|_| {});
    let text = pdf.text();
    assert!(
        text.contains(
            "References [1] A. Abernathy and W. Nakamura, “Imaginary Systems: A Survey,”"
        ),
        "{text}"
    );
    assert!(
        text.contains("D. Zürcher, “Quantised Ray Tracers Revisited,”"),
        "{text}"
    );
}

#[test]
fn keyword_index_lists_keywords_with_pages() {
    let (_ws, pdf) = synthetic(|_| {});
    let pages = pdf.page_texts();
    let index = pages
        .iter()
        .find(|p| p.starts_with("Keyword index"))
        .expect("a keyword index");
    let order = [
        "meshes",
        "quantisation",
        "query planning",
        "ray tracing",
        "sound synthesis",
        "verification",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|k| index.find(k).unwrap_or_else(|| panic!("{k}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{index}");
    // "quantisation" is on the keynote (page 1) and a talk on page 2.
    let entry = &index[index.find("quantisation").unwrap()..index.find("query planning").unwrap()];
    assert!(entry.replace(' ', "").ends_with("1,2"), "{entry}");
}

#[test]
fn order_by_title_lists_contributions_alphabetically() {
    let (_ws, pdf) = synthetic(|ws| {
        ws.edit(
            "proj/conference.toml",
            "keyword-index = true",
            "keyword-index = true\norder = \"title\"",
        );
    });
    let outline = pdf.outline();
    let titles: Vec<String> = outline
        .iter()
        .filter(|(d, t)| {
            *d == 1
                && ![
                    "Preface",
                    "Committees",
                    "Contents",
                    "Author index",
                    "Keyword index",
                ]
                .contains(&t.as_str())
        })
        .map(|(_, t)| t.clone())
        .collect();
    assert_eq!(titles.len(), 69);
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles, sorted);
}

#[test]
fn pdf_a_2b_is_declared_in_the_xmp_metadata() {
    let (_ws, pdf) = synthetic(|ws| {
        ws.edit(
            "proj/conference.toml",
            "keyword-index = true",
            "keyword-index = true\npdf-standard = \"a-2b\"",
        );
    });
    let catalog = pdf.doc.catalog().unwrap();
    let id = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = pdf.doc.get_object(id).unwrap().as_stream().unwrap();
    let xmp = String::from_utf8(
        stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone()),
    )
    .unwrap();
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(
        xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{xmp}"
    );
}

/// Builds the minimal project with `[proceedings]` set to `section`, expecting
/// exactly `expected` on stderr.
#[track_caller]
fn rejects(section: &str, expected: &str) {
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "end = 2024-05-07\n",
        &format!("end = 2024-05-07\n\n[proceedings]\n{section}\n"),
    );
    let run = ws.run(&["build", "proj"]).failure();
    assert_eq!(
        run.stderr.trim_end(),
        expected.trim(),
        "\nactual:\n{}",
        run.stderr
    );
}

#[test]
fn unknown_pdf_standard() {
    rejects(
        "pdf-standard = \"a-9z\"",
        r#"
error: unknown PDF standard `a-9z`
  ┌─ proj/conference.toml:7:16
  │
7 │ pdf-standard = "a-9z"
  │                ^^^^^^
  │
  = hint: use one of a-2b, a-3b, ua-1
"#,
    );
}

#[test]
fn isbn_with_a_wrong_check_digit() {
    rejects(
        "isbn = \"978-3-16-148410-1\"",
        r#"
error: `978-3-16-148410-1` is not a valid ISBN
  ┌─ proj/conference.toml:7:8
  │
7 │ isbn = "978-3-16-148410-1"
  │        ^^^^^^^^^^^^^^^^^^^
  │
  = hint: an ISBN has 10 or 13 digits and ends in a check digit, such as 978-3-16-148410-0
"#,
    );
}

#[test]
fn broken_bibtex_is_a_clear_error() {
    let ws = Workspace::minimal();
    ws.edit(
        "proj/conference.toml",
        "authors = [\"Ada Lovelace\"]",
        "authors = [\"Ada Lovelace\"]\nbibliography = \"refs.bib\"",
    );
    ws.write("proj/refs.bib", "@article{broken,\n  title = {Unclosed\n");
    let run = ws.run(&["build", "proj"]).failure();
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(
        run.stderr.contains("proj/refs.bib:"),
        "names the BibTeX file: {}",
        run.stderr
    );
}
