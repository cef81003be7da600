//! The shipped project, `content/`: the Enzyme Conference 2023, built by the
//! real binary and read back.

use std::path::PathBuf;

use crate::common::{Pdf, Workspace, build_content, content_dir, normalize};

/// Every contribution of `content/conference.toml`: (title, authors).
fn contributions() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(content_dir().join("conference.toml")).unwrap();
    let toml: toml::Value = toml::from_str(&text).unwrap();
    toml["contribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let authors = c["authors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_owned())
                .collect();
            (c["title"].as_str().unwrap().to_owned(), authors)
        })
        .collect()
}

/// Builds `content/` into a fresh folder; returns the workspace and out folder.
fn build() -> (Workspace, PathBuf) {
    let ws = Workspace::new();
    let out = ws.path().join("out");
    let run = build_content(ws.path(), &out);
    assert!(run.stdout.contains("booklet.pdf"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("built 4 sessions, 16 contributions, 2 documents in"),
        "{}",
        run.stdout
    );
    (ws, out)
}

#[test]
fn the_seed_has_sixteen_contributions() {
    assert_eq!(contributions().len(), 16);
}

#[test]
fn both_pdfs_hold_every_title_and_author() {
    let (_ws, out) = build();
    for name in ["booklet.pdf", "proceedings.pdf"] {
        let text = Pdf::open(out.join(name)).text();
        for (title, authors) in contributions() {
            assert!(
                text.contains(&normalize(&title)),
                "{name} lacks title {title:?}"
            );
            for author in authors {
                assert!(text.contains(&author), "{name} lacks author {author:?}");
            }
        }
    }
}

#[test]
fn booklet_has_its_parts() {
    let (_ws, out) = build();
    let pdf = Pdf::open(out.join("booklet.pdf"));
    let pages = pdf.page_texts();
    assert!(
        pages[0].contains("Enzyme Conference 2023"),
        "cover: {}",
        pages[0]
    );
    assert!(
        pages[0].contains("22–24 February 2023"),
        "cover: {}",
        pages[0]
    );
    assert!(pages[0].contains("Boulder, CO"), "cover: {}", pages[0]);
    assert!(pages[1].starts_with("Welcome"), "welcome: {}", pages[1]);
    assert!(
        pages[2].starts_with("Programme at a glance"),
        "overview: {}",
        pages[2]
    );
    for session in [
        "Enzyme Applications",
        "Lessons from AD Tools",
        "Enzyme in Modern Programming Languages",
        "Enzyme Extensions",
    ] {
        assert!(pages[2].contains(session), "overview lacks {session}");
    }
    assert!(
        pages.iter().any(|p| p.starts_with("Author index")),
        "an author index"
    );
    assert!(
        pages
            .last()
            .unwrap()
            .contains("Enzyme Conference 2023 · 22–24 February 2023"),
        "back cover: {}",
        pages.last().unwrap()
    );
    assert_eq!(pdf.info()["Title"], "Enzyme Conference 2023 – Programme");
}

#[test]
fn proceedings_outline_mirrors_the_programme() {
    let (_ws, out) = build();
    let outline = Pdf::open(out.join("proceedings.pdf")).outline();
    let contributions: Vec<String> = contributions().into_iter().map(|(t, _)| t).collect();
    let mut expected = vec![(1, "Contents".to_owned())];
    let sessions = [
        ("Enzyme Applications", 0..5),
        ("Lessons from AD Tools", 5..8),
        ("Enzyme in Modern Programming Languages", 8..12),
        ("Enzyme Extensions", 12..15),
    ];
    for (session, range) in sessions {
        expected.push((1, session.to_owned()));
        expected.extend(contributions[range].iter().map(|t| (2, t.clone())));
    }
    // DJ4Earth stands apart from the sessions, at the top level.
    expected.push((
        1,
        "DJ4Earth: Oceans, Ice Sheets, Adjoints, and AD".to_owned(),
    ));
    expected.push((1, "Author index".to_owned()));
    assert_eq!(outline, expected);
    assert_eq!(
        outline
            .iter()
            .filter(|(_, t)| contributions.contains(t))
            .count(),
        16
    );
}

#[test]
fn proceedings_metadata_comes_from_the_config() {
    let (_ws, out) = build();
    let info = Pdf::open(out.join("proceedings.pdf")).info();
    assert_eq!(info["Title"], "Enzyme Conference 2023 – Proceedings");
    assert_eq!(
        info["Keywords"],
        "Enzyme, automatic differentiation, LLVM, compilers"
    );
    assert_eq!(info["CreationDate"], "D:20230224000000Z");
}

#[test]
fn proceedings_contents_and_index_carry_page_numbers() {
    let (_ws, out) = build();
    let pages = Pdf::open(out.join("proceedings.pdf")).page_texts();
    let contents = &pages[4];
    assert!(contents.starts_with("Contents"), "{contents}");
    // Session 1 starts on printed page 1, and its first talk is listed with it.
    assert!(
        contents.contains("Using EnzymeShuang Zhao, Zihan Yu and Cheng Zhang 1"),
        "{contents}"
    );
    assert!(
        pages[5].contains("SESSION 1 Enzyme Applications"),
        "{}",
        pages[5]
    );
    assert!(
        pages[5].trim_end().ends_with(" 1"),
        "first main page: {}",
        pages[5]
    );
    assert!(
        contents.trim_end().ends_with(" v"),
        "roman folio: {contents}"
    );

    // The author index lists people by family name, in this order, with pages.
    let index = pages.last().unwrap();
    let order = [
        "Adams, Nikolaus A.",
        "Andrej, Julian",
        "Brown, Jed",
        "Drehwald, Manuel",
        "Edenhofer, Gordian",
        "Eppert, Martin",
        "Ghaffari, Leila",
        "Greener, Joe",
        "Gymnich, Tim",
        "Hascoet, Laurent",
        "Heimbach, Patrick",
        "Heinrich, Lukas",
        "Hueckelheim, Jan",
        "Michel, Jesse",
        "Paehler, Ludger",
        "Peng, Jacob Mai",
        "Schanen, Michel",
        "Schmidt, Lorenz",
        "Tiede, Paul",
        "Williamson, Sarah",
        "Yu, Zihan",
        "Zhang, Cheng",
        "Zhao, Shuang",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|name| {
            index
                .find(name)
                .unwrap_or_else(|| panic!("{name} not in index"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "index order: {index}"
    );
    // Tim Gymnich has talks in sessions 1 and 3, on printed pages 1 and 3.
    let entry = &index[index.find("Gymnich, Tim").unwrap()..index.find("Hascoet").unwrap()];
    assert!(entry.replace(' ', "").contains(".1,3H"), "{entry}");
}

#[test]
fn proceedings_page_labels_match_the_printed_numbers() {
    let (_ws, out) = build();
    let pdf = Pdf::open(out.join("proceedings.pdf"));
    let labels = pdf.page_labels();
    assert_eq!(
        labels,
        ["i", "ii", "iii", "iv", "v", "1", "2", "3", "4", "5"]
    );
    // Every page that prints a folio prints its label.
    for (text, label) in pdf.page_texts().iter().zip(&labels).skip(4) {
        assert!(
            text.trim_end().ends_with(&format!(" {label}")),
            "{label}: {text}"
        );
    }
}

#[test]
fn builds_are_byte_identical() {
    let (_ws1, out1) = build();
    let (_ws2, out2) = build();
    for name in ["booklet.pdf", "proceedings.pdf"] {
        let a = std::fs::read(out1.join(name)).unwrap();
        let b = std::fs::read(out2.join(name)).unwrap();
        assert!(a == b, "{name} differs between two builds");
    }
}

/// The shipped example asks for PDF/A-2b and PDF/UA-1 in both documents:
/// veraPDF agrees (where it is installed).
#[test]
fn both_documents_pass_verapdf_pdf_a_and_ua() {
    let (_ws, out) = build();
    let pdfs = [out.join("booklet.pdf"), out.join("proceedings.pdf")];
    crate::common::conform_to_both(&pdfs, "the Enzyme PDFs are");
}
